"""Place lookup: ports and cities by Chinese, English, pinyin and alternative names.

Names are compared after normalisation (NFKC, lower case, tone marks, tone
digits, spaces and punctuation removed), so ``Èrlián``, ``er4lian2``, ``Erlian``
and ``erlian`` are one key; Chinese names also match through their toneless
pinyin (pypinyin). Before that, an id is taken exactly, then a name as typed (only
case, width and spacing folded: ``A-B`` is not ``AB``), then a name with its digits
(``Station 1`` is not ``Station 2``), whenever one of these means exactly one place.
A name that several places share is resolved by one rule:

1. if exactly one of them is a city, the city (``呼和浩特`` is the city, not its
   airport: ask for ``白塔机场`` or ``呼和浩特航空口岸`` for that);
2. else, if a mode is given, the one port of that mode's type (``满洲里`` by rail
   is 满洲里铁路口岸, by road 满洲里公路口岸);
3. else :class:`~corridormap.errors.AmbiguousPlaceError` listing the choices.

An unknown name raises :class:`~corridormap.errors.UnknownPlaceError` with near
matches.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from corridormap import data, settings
from corridormap.errors import AmbiguousPlaceError, UnknownPlaceError

__all__ = ["Gazetteer", "Place", "gazetteer", "normalize", "resolve"]

_SUFFIX_ZH = ("铁路口岸", "公路口岸", "航空口岸", "口岸", "市", "盟")
_SUFFIX_EN = re.compile(r"(railway port|road port|air port.*|port|league)$")
_DROP = re.compile(r"[\s\-‐–—_'’·.,()（）/]+")
#: Chinese characters: a name holding any has a pinyin reading.
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Place:
    """A port or city: id, names, kind (``port``/``city``), port type and position."""

    id: str
    name_zh: str
    name_en: str
    kind: str
    port_type: str | None
    lon: float | None
    lat: float | None

    @property
    def label(self) -> str:
        """Return the bilingual label, e.g. ``二连浩特铁路口岸 Erenhot railway port``."""
        return f"{self.name_zh} {self.name_en}"

    def to_dict(self) -> dict[str, object]:
        """Return the place as a JSON-ready dict."""
        return {
            "id": self.id,
            "name_zh": self.name_zh,
            "name_en": self.name_en,
            "kind": self.kind,
            "port_type": self.port_type,
            "lon": self.lon,
            "lat": self.lat,
        }


def normalize(text: str, *, keep_digits: bool = False) -> str:
    """Return the lookup key of a name.

    Digits in a name with Latin letters are dropped (pinyin tone numbers: ``er4lian2``), unless
    ``keep_digits``: the key that tells ``Station 1`` from ``Station 2``.

    Examples
    --------
    >>> normalize("Èr-lián 4")
    'erlian'
    >>> normalize("Zamyn-Üüd")
    'zamynuud'
    >>> normalize("Station 12", keep_digits=True)
    'station12'

    """
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if not keep_digits and re.search(r"[a-z]", text):
        text = re.sub(r"\d", "", text)
    return _DROP.sub("", text)


def _exact(text: str) -> str:
    """Return a name as typed, only case, width and spacing folded (``A-B`` stays apart from ``AB``)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


class Gazetteer:
    """Name index over a place layer (see :func:`corridormap.data.load_places`)."""

    def __init__(self, places: pd.DataFrame) -> None:
        self.places: dict[str, Place] = {}
        self._keys: dict[str, set[str]] = {}
        self._numbered: dict[str, set[str]] = {}
        self._typed: dict[str, set[str]] = {}
        #: (Chinese name, place id) whose pinyin keys are added on first need (pypinyin is slow
        #: to load, and a Chinese or English name never needs them).
        self._chinese: list[tuple[str, str]] | None = []
        for pid, row in places.iterrows():
            geom = row.get("geometry")
            xy: tuple[float | None, float | None] = (None, None)
            if isinstance(geom, BaseGeometry) and not geom.is_empty:
                xy = (float(shapely.get_x(geom)), float(shapely.get_y(geom)))
            port_type = row.get("port_type")
            place = Place(
                id=str(pid),
                name_zh=str(row["name_zh"]),
                name_en=str(row["name_en"]),
                kind=str(row["kind"]),
                port_type=str(port_type) if isinstance(port_type, str) else None,
                lon=xy[0],
                lat=xy[1],
            )
            self.places[place.id] = place
            given = _given(place, row.get("alt_names"))
            for name in given:
                for index, key in (
                    (self._numbered, normalize(name, keep_digits=True)),
                    (self._typed, _exact(name)),
                ):
                    if key:
                        index.setdefault(key, set()).add(place.id)
            for name in _names(given, place.name_zh, place.name_en):
                key = normalize(name)
                if key:
                    self._keys.setdefault(key, set()).add(place.id)
                if _CJK.search(name):
                    self._chinese.append((name, place.id))

    def _add_pinyin(self) -> None:
        """Add the toneless pinyin of every Chinese name to the keys (once)."""
        if self._chinese is None:
            return
        for name, pid in self._chinese:
            key = normalize(_pinyin(name))
            if key:
                self._keys.setdefault(key, set()).add(pid)
        self._chinese = None

    def resolve(self, query: str, *, mode: str | None = None) -> Place:
        """Return the one place a name means (rules in the module docstring).

        Raises
        ------
        UnknownPlaceError
            No place has this name; ``suggestions`` holds near matches.
        AmbiguousPlaceError
            Several places share the name and the rules do not pick one.

        """
        if query in self.places:  # an id is exact
            return self.places[query]
        for index, key in (
            (self._typed, _exact(query)),
            (self._numbered, normalize(query, keep_digits=True)),
        ):
            hits = index.get(key, set())
            if len(hits) == 1:
                return self.places[next(iter(hits))]
        if not _CJK.search(query):  # a Latin name may be pinyin
            self._add_pinyin()
        ids = self._keys.get(normalize(query), set())
        if not ids:
            near = self.suggest_places(query)
            raise UnknownPlaceError(query, [p.label for p in near], [p.id for p in near])
        if len(ids) == 1:
            return self.places[next(iter(ids))]
        found = [self.places[i] for i in sorted(ids)]
        cities = [p for p in found if p.kind == "city"]
        if len(cities) == 1:
            return cities[0]
        of_mode = [p for p in found if mode is not None and p.port_type == mode]
        if len(of_mode) == 1:
            return of_mode[0]
        raise AmbiguousPlaceError(query, [p.label for p in found], [p.id for p in found])

    def suggest(self, query: str, n: int | None = None) -> list[str]:
        """Return labels of up to ``n`` places whose names are close to ``query``."""
        return [p.label for p in self.suggest_places(query, n)]

    def suggest_places(self, query: str, n: int | None = None) -> list[Place]:
        """Return up to ``n`` places whose names are close to ``query``, closest first."""
        n = n or settings.get().max_suggestions
        self._add_pinyin()
        key = normalize(query)
        if not key:
            return []
        keys = list(self._keys)
        # Short Chinese names differ by a whole syllable per typo: a lower cutoff keeps them.
        cutoff = 0.5 if len(key) <= 3 else 0.6
        close = difflib.get_close_matches(key, keys, n=4 * n, cutoff=cutoff)
        if _CJK.search(key):  # homophone typos from a pinyin input method
            close += difflib.get_close_matches(_pinyin(key), keys, n=n, cutoff=0.8)
        close += [k for k in keys if key in k and k not in close]
        found: list[Place] = []
        for k in close:
            for pid in sorted(self._keys[k]):
                if self.places[pid] not in found:
                    found.append(self.places[pid])
        return found[:n]

    def pinyin(self, place_id: str) -> str:
        """Return the toneless pinyin of a place's Chinese name, e.g. ``erlianhaotetielukouan``."""
        return _pinyin(self.places[place_id].name_zh)


@functools.lru_cache(maxsize=4)
def _gazetteer(root: Path) -> Gazetteer:
    return Gazetteer(data.load_places())


def gazetteer() -> Gazetteer:
    """Return the gazetteer of the bundled places (cached)."""
    return _gazetteer(settings.get().geodata_dir)


def resolve(query: str, *, mode: str | None = None) -> Place:
    """Return the bundled place a name means; see :meth:`Gazetteer.resolve`.

    Examples
    --------
    >>> resolve("erlian", mode="rail").id
    'erenhot_rail'

    """
    return gazetteer().resolve(query, mode=mode)


def _given(place: Place, alt_names: object) -> list[str]:
    """Return the names a place is given: id, Chinese, English and alternative names."""
    names = [place.id, place.name_zh, place.name_en]
    if isinstance(alt_names, str):
        names += [a for a in alt_names.split(";") if a.strip()]
    return names


def _names(given: list[str], name_zh: str, name_en: str) -> list[str]:
    """Return the given names plus the derived ones without 口岸-type suffixes."""
    names = list(given)
    for suffix in _SUFFIX_ZH:
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix) + 1:
            names.append(name_zh.removesuffix(suffix))
            break
    base_en = _SUFFIX_EN.sub("", normalize(name_en))
    if base_en:
        names.append(base_en)
    return names


def _pinyin(text: str) -> str:
    """Return the toneless pinyin of a Chinese text, e.g. ``erlianhaote``."""
    from pypinyin import lazy_pinyin  # noqa: PLC0415 - loads a large dictionary; rarely needed

    return "".join(lazy_pinyin(text))
