from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from corridormap import places
from corridormap.errors import AmbiguousPlaceError, CorridormapError, UnknownPlaceError
from corridormap.places import Gazetteer


@pytest.mark.parametrize(
    ("query", "mode", "expected"),
    [
        ("二连浩特铁路口岸", None, "erenhot_rail"),
        ("Erenhot railway port", None, "erenhot_rail"),
        ("erlian", "rail", "erenhot_rail"),
        ("Erlian", "road", "erenhot_road"),
        ("Ereenhot", "rail", "erenhot_rail"),
        ("Èrlián Hàotè", "rail", "erenhot_rail"),
        ("er4 lian2 hao4 te4", "road", "erenhot_road"),
        ("ERLIANHAOTE", "road", "erenhot_road"),
        ("Manchuria", "rail", "manzhouli_rail"),
        ("满洲里", "road", "manzhouli_road"),
        ("呼和浩特", None, "hohhot"),
        ("Hohhot", "rail", "hohhot"),
        ("huhehaote", None, "hohhot"),
        ("Hū Hé Hào Tè", None, "hohhot"),
        ("白塔机场", None, "hohhot_air"),
        ("HET", None, "hohhot_air"),
        ("乌兰察布", None, "ulanqab"),
        ("jining", None, "ulanqab"),
        ("Zamyn-Uud", None, "zamyn_uud"),
        ("Zamyn-Üüd", None, "zamyn_uud"),
        ("Ulan Bator", None, "ulaanbaatar"),
        ("甘其毛都", None, "ganqimaodu"),
        ("ganqimaodu", "rail", "ganqimaodu"),
        ("  Baotou ", None, "baotou"),
    ],
)
def test_lookup_in_chinese_english_and_pinyin(query: str, mode: str | None, expected: str) -> None:
    assert places.resolve(query, mode=mode).id == expected


def test_manzhouli_without_mode_lists_the_three_ports() -> None:
    with pytest.raises(AmbiguousPlaceError) as info:
        places.resolve("满洲里")
    assert sorted(info.value.choices) == sorted(
        [
            "满洲里铁路口岸 Manzhouli railway port",
            "满洲里公路口岸 Manzhouli road port",
            "满洲里航空口岸 Manzhouli air port (Xijiao Airport)",
        ]
    )
    assert isinstance(info.value, CorridormapError)


def test_typo_gets_near_matches() -> None:
    with pytest.raises(UnknownPlaceError) as info:
        places.resolve("二连浩特x")
    assert "二连浩特铁路口岸 Erenhot railway port" in info.value.suggestions
    assert "did you mean" in str(info.value)
    with pytest.raises(UnknownPlaceError) as info:
        places.resolve("Baotuo")
    assert info.value.suggestions[0] == "包头 Baotou"


def test_nonsense_gets_no_suggestion_but_a_hint() -> None:
    with pytest.raises(UnknownPlaceError) as info:
        places.resolve("qqqqzzzz")
    assert info.value.suggestions == []
    assert "corridormap places" in str(info.value)


@pytest.mark.parametrize("query", ["", "   ", "---"])
def test_empty_names_are_unknown(query: str) -> None:
    with pytest.raises(UnknownPlaceError):
        places.resolve(query)


def test_normalize_folds_case_marks_tones_and_punctuation() -> None:
    assert places.normalize("Èr-lián 4") == "erlian"
    assert places.normalize("Ulaan-Baatar") == "ulaanbaatar"
    assert places.normalize("二连 浩特") == "二连浩特"


def test_every_bundled_place_resolves_by_its_chinese_and_english_names() -> None:
    g = places.gazetteer()
    assert len([p for p in g.places.values() if p.kind == "port"]) == 20
    for place in g.places.values():
        assert g.resolve(place.name_zh, mode=place.port_type).id == place.id
        assert g.resolve(place.name_en, mode=place.port_type).id == place.id


# Property-based checks of the lookup: any text gets a place or a typed error with usable
# suggestions, and the way a known name is typed (case, spaces, tones) never changes the answer.

_GAZ = places.gazetteer()
_IDS = sorted(_GAZ.places)


@hsettings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.sampled_from([None, "rail", "road"]))
def test_any_text_gives_a_place_or_a_typed_error(query: str, mode: str | None) -> None:
    labels = {p.label for p in _GAZ.places.values()}
    try:
        found = _GAZ.resolve(query, mode=mode)
    except UnknownPlaceError as exc:
        assert exc.query == query
        assert set(exc.suggestions) <= labels
        assert len(exc.suggestions) <= 5
        assert set(exc.suggestion_ids) <= set(_IDS)
    except AmbiguousPlaceError as exc:
        assert len(exc.choices) >= 2
        assert set(exc.choice_ids) <= set(_IDS)
    else:
        assert found.id in _GAZ.places


@hsettings(max_examples=150, deadline=None)
@given(
    st.sampled_from(_IDS),
    st.sampled_from(["name_zh", "name_en", "pinyin"]),
    st.sampled_from([str, str.upper, str.lower, str.title]),
    st.text(alphabet=" \t", max_size=3),
    st.text(alphabet=" \t", max_size=3),
)
def test_how_a_name_is_typed_never_changes_the_answer(
    pid: str, field: str, case: object, left: str, right: str
) -> None:
    place = _GAZ.places[pid]
    name = _GAZ.pinyin(pid) if field == "pinyin" else getattr(place, field)
    typed = f"{left}{case(name)}{right}"  # type: ignore[operator]
    try:
        expected = _GAZ.resolve(name).id
    except AmbiguousPlaceError as exc:
        with pytest.raises(AmbiguousPlaceError) as again:
            _GAZ.resolve(typed)
        assert again.value.choice_ids == exc.choice_ids
        return
    assert _GAZ.resolve(typed).id == expected
    if field != "pinyin":
        # a name a place carries resolves to that place, or to the one the ambiguity rule
        # prefers among places sharing it (a city over its airport, …)
        assert expected == pid or normalize_name(_GAZ.places[expected], field) == normalize_name(
            place, field
        )


def normalize_name(place: places.Place, field: str) -> str:
    return places.normalize(getattr(place, field))


def test_numbered_names_and_ids_are_told_apart() -> None:
    frame = pd.DataFrame(
        {
            "name_zh": ["站1", "站2", "甲乙", "甲-乙", "林0", "林1"],
            "name_en": ["Station 1", "Station 2", "AB", "A-B", "Lim00000", "Lim00001"],
            "kind": "city",
            "alt_names": None,
        },
        index=["s1_1", "s1_2", "ab", "a_b", "lim0", "lim1"],
    )
    g = Gazetteer(frame)
    assert [g.resolve(q).id for q in ("s1_1", "s1_2", "Station 1", "station 2")] == [
        "s1_1", "s1_2", "s1_1", "s1_2",
    ]  # fmt: skip
    assert [g.resolve(q).id for q in ("AB", "A-B", "Lim00000", "Lim00001")] == [
        "ab", "a_b", "lim0", "lim1",
    ]  # fmt: skip
    # pinyin with tone numbers still works on the bundled places
    assert places.resolve("er4lian2", mode="rail").id == "erenhot_rail"
