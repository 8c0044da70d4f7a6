"""Complete, citable facts: every port placed, one census year, quoted masses, full linkage."""

from __future__ import annotations

import csv
import math
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from corridormap import data
from corridormap.analysis import gravity, hierarchy, masses
from corridormap.geometry import geodesic_distance_m
from tests.test_cli import run

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "geodata-raw"
FACTS = ROOT / "geodata" / "facts"
URL = re.compile(r"^https?://\S+")


def _rows(name: str) -> list[dict[str, str]]:
    with open(FACTS / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _digits(text: str) -> str:
    return re.sub(r"[^\d]", "", text)


def test_every_chinese_place_has_a_2020_census_population_with_its_sentence() -> None:
    chinese = [r for r in _rows("cities.csv") if r["country"] == "CN"]
    assert len(chinese) == 24
    for r in chinese:
        assert r["population_year"] == "2020", r["id"]
        assert int(r["population"]) > 100_000, r["id"]
        assert URL.match(r["population_source"]), r["id"]
        # the quoted sentence holds the figure: in persons, or in millions/万 with its digits
        figure = r["population"].rstrip("0")
        assert figure[:4] in _digits(r["population_quote"]), (r["id"], r["population_quote"])


def test_every_gdp_figure_has_its_year_source_and_sentence() -> None:
    with_gdp = [r for r in _rows("cities.csv") if r["gdp_100m_cny"]]
    assert len(with_gdp) >= 19
    for r in with_gdp:
        assert r["gdp_year"] in {"2020", "2022", "2023"}, r["id"]
        assert URL.match(r["gdp_source"]), r["id"]
        assert r["gdp_quote"], r["id"]
    leagues = [r for r in _rows("cities.csv") if r["kind"] == "league_seat"]
    assert all(r["gdp_100m_cny"] for r in leagues)  # every league seat, so every port's host


def test_the_league_census_counts_add_up_to_the_regional_total() -> None:
    leagues = [r for r in _rows("cities.csv") if r["kind"] == "league_seat"]
    assert len(leagues) == 12
    assert sum(int(r["population"]) for r in leagues) == 24_049_155  # 内蒙古七普公报


def test_no_position_or_mass_rests_on_a_build_path_or_a_flagged_host() -> None:
    banned = ("local:", "bitcny.cc", "zaowashenqi.com", "363616.com")
    for name in ("cities.csv", "ports.csv", "port_locations.csv"):
        for r in _rows(name):
            for key, value in r.items():
                if key.startswith(("coord", "population", "gdp", "freight", "trains", "source")):
                    assert not any(b in value for b in banned), (name, r["id"], key, value)


@pytest.mark.parametrize("mode", ["rail", "road"])
def test_linkage_has_a_value_for_every_routed_pair_of_a_chinese_city_and_a_port(
    mode: str,
) -> None:
    country = data.load_places()["country"].fillna("CN")
    g = gravity.gravity(mode)
    chinese = g[g["city"].map(country) == "CN"]
    routed = chinese[chinese["status"] != "no_route"]
    assert len(routed) > 150
    assert (routed["status"] == "ok").mean() >= 0.95
    ok = routed[routed["status"] == "ok"]
    assert set(ok["city_mass_year"]) == {"2020"}  # one census year on both sides
    assert set(ok["port_mass_year"]) == {"2020"}


def test_gdp_linkage_states_each_places_year() -> None:
    g = gravity.gravity("road", mass="gdp").set_index(["city", "port"])
    assert g.loc[("hinggan", "arxan"), "status"] in {"ok", "no_route"}
    assert g.loc[("hohhot", "erenhot_road"), "city_mass_year"] == "2023"
    assert g.loc[("hohhot", "arxan"), "port_mass_year"] == "2022"  # 兴安盟 GDP is 2022
    assert g.loc[("lanzhou", "erenhot_road"), "status"] == "no_mass"  # no sourced GDP
    assert g.loc[("lanzhou", "erenhot_road"), "city_mass_year"] == ""


def test_pg_is_the_root_of_population_times_gdp() -> None:
    m = masses.place_masses()
    pg = masses.mass_of(m, "pg")
    assert pg["hohhot"] == pytest.approx(math.sqrt(3_446_100 * 3800))
    assert masses.mass_years(m, "pg")["hohhot"] == "2020/2023"
    assert np.isnan(pg["lanzhou"])


def test_freight_as_port_mass_uses_only_published_full_year_figures() -> None:
    g = gravity.gravity("road", port_mass="freight")
    ok = g[g["status"] == "ok"]
    # Manzhouli's rail port is reached by road too; its figure is a lower bound (">21 Mt")
    assert set(ok["port"]) == {"ganqimaodu", "zhuengadabuqi", "manzhouli_rail"}
    assert set(ok["port_mass_year"]) == {"2023"}
    assert (g[g["port"] == "ceke"]["status"].isin(["no_mass", "no_route"])).all()


def test_the_cli_takes_the_mass_and_the_port_mass() -> None:
    out = run("gravity", "--mode", "road", "--mass", "pg", "--port-mass", "freight").stdout
    table = pd.read_csv(pd.io.common.StringIO(out))
    assert set(table["mass"]) == {"pg"} and set(table["port_mass"]) == {"freight"}
    assert {"city_mass_year", "port_mass_year"} <= set(table.columns)


# --- ports ------------------------------------------------------------------------------


def test_all_20_ports_have_a_point_a_quality_and_an_uncertainty_where_approximate() -> None:
    ports = data.load_places()
    ports = ports[ports["kind"] == "port"]
    assert len(ports) == 20 and ports.geometry.notna().all()
    assert ports["port_type"].value_counts().to_dict() == {"road": 12, "air": 6, "rail": 2}
    land = ports[ports["port_type"] != "air"]
    assert land["faces"].value_counts().to_dict() == {"Mongolia": 10, "Russia": 4}
    assert set(ports["coord_quality"]) == {"surveyed", "derived", "approximate"}
    rough = ports[ports["coord_quality"] == "approximate"]
    assert set(rough.index) == {"arxan", "arihashate", "wuliji", "ordos_air"}
    assert (rough["coord_radius_km"] > 0).all()
    assert ports["coord_source"].notna().all()


def test_every_land_port_lies_on_the_boundary_within_its_radius() -> None:
    borders = data.load_basemap("borders")
    line = shapely.union_all(borders.geometry.to_numpy())
    ports = data.load_places()
    land = ports[(ports["kind"] == "port") & (ports["port_type"] != "air")]
    for pid, row in land.iterrows():
        foot = shapely.ops.nearest_points(line, row.geometry)[0]
        d_km = geodesic_distance_m(foot.x, foot.y, row.geometry.x, row.geometry.y) / 1000
        allowed = 4.0 if row["coord_quality"] != "approximate" else row["coord_radius_km"]
        assert d_km <= allowed, (pid, d_km)


def test_the_location_step_refuses_a_port_it_cannot_place(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import port_locations
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    facts = tmp_path / "facts"
    facts.mkdir()
    rows = (FACTS / "port_locations.csv").read_text(encoding="utf-8").splitlines()
    # Mandula's selector allows 15 km; 5 km leaves its road crossing (11 km away) out of reach
    rows = [r.replace("osm:9072960167,15,", "osm:9072960167,5,") for r in rows]
    (facts / "port_locations.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="mandula: nearest road crossing is 11"):
        port_locations.locate_ports(RAW, facts)
    shutil.copy(FACTS / "port_locations.csv", facts / "port_locations.csv")
    placed = port_locations.locate_ports(RAW, facts).set_index("id")
    assert placed.loc["arxan", "coord_method"] == "border_stretch"
    assert placed.loc["mandula", "coord_quality"] == "derived"


def test_ports_tiered_by_freight_only_where_a_full_year_figure_is_published() -> None:
    tiers = hierarchy.point_tiers("road", port_index="freight")
    ports = tiers[tiers["kind"] == "port"]
    ranked = ports[ports["status"] == "ok"]["tier"].to_dict()
    assert ranked == {"ganqimaodu": 1, "manzhouli_rail": 2, "zhuengadabuqi": 3}
    assert ports.loc["ceke", "status"] == "no_index"  # only part of 2023 is published
    with pytest.raises(ValueError, match="port_index"):
        hierarchy.point_tiers("road", port_index="trains")


#: Every number in the facts tables: (table, number column, its source column, its quote column).
NUMBERS = (
    ("cities.csv", "population", "population_source", "population_quote"),
    ("cities.csv", "gdp_100m_cny", "gdp_source", "gdp_quote"),
    ("ports.csv", "approval_year", "approval_source", "approval_quote"),
    ("ports.csv", "trains_2022", "trains_2022_source", "trains_2022_quote"),
    ("ports.csv", "trains_2023", "trains_2023_source", "trains_2023_quote"),
    ("ports.csv", "freight_2023_10kt", "freight_2023_source", "freight_2023_quote"),
    ("corridors.csv", "length_km", "length_source", "length_quote"),
    ("corridors.csv", "opened_year", "source", "opened_quote"),
    ("corridors.csv", "expected_year", "source", "opened_quote"),
    ("corridors.csv", "design_speed_kmh", "speed_source", "speed_quote"),
)


@pytest.mark.parametrize(("table", "number", "source", "quote"), NUMBERS)
def test_every_number_has_a_source_and_its_sentence_or_says_why_not(
    table: str, number: str, source: str, quote: str
) -> None:
    rows = [r for r in _rows(table) if r[number]]
    assert rows
    for r in rows:
        assert r[source].strip(), (table, r["id"], number)
        assert "local:" not in r[source], (table, r["id"], number)
        assert r[quote].strip() or f"No quote found for {number}" in r["notes"], (
            table,
            r["id"],
            number,
        )
