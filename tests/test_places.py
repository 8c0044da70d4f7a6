from __future__ import annotations

import pytest

from corridormap import places
from corridormap.errors import AmbiguousPlaceError, CorridormapError, UnknownPlaceError


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
