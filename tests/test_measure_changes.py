"""Before and after for the interaction measures: lines only open, so nothing gets slower."""

from __future__ import annotations

import pytest

from corridormap import data
from corridormap.analysis.measure_changes import compare_measure
from corridormap.analysis.scenario import State
from corridormap.errors import SettingsError


def test_time_circles_only_grow_when_lines_open() -> None:
    t = compare_measure(
        "isochrone", "rail", State(2015), State(None), place="hohhot", hours=[1, 2, 3]
    )
    assert list(t["hours"]) == [1.0, 2.0, 3.0]
    assert (t["network_km_delta"] >= -1e-6).all()
    assert (t["places_n_delta"] >= 0).all()
    assert t["network_km_delta"].max() > 100  # the 2015-2026 lines around Hohhot


def test_breaking_pairs_get_no_slower_and_the_same_state_changes_nothing() -> None:
    t = compare_measure("breaking", "rail", State(2015), State(None), mass="equal")
    # Chinese cities board trains at every station near them, so opening lines only adds
    # ways; a place abroad joins its nearest track, which a new line can move (Tavan Tolgoi
    # joins the 2022 line to Gashuun Sukhait, 3 km longer to Tsogttsetsii)
    places = data.load_places()
    home = set(places.index[places["country"].fillna("CN") == "CN"])
    both = t.dropna(subset=["time_h_before", "time_h_after"])
    both = both[both["a"].isin(home) & both["b"].isin(home)]
    assert len(both) > 10
    assert (both["time_h_delta"] <= 1e-9).all()
    assert (both["time_h_delta"] < -0.1).any()
    same = compare_measure("linkage", "rail", State(2020), State(2020))
    assert (same["strength_delta"].fillna(0) == 0).all()
    assert (same["core_before"].fillna(False) == same["core_after"].fillna(False)).all()


def test_an_unknown_measure_is_refused() -> None:
    with pytest.raises(SettingsError):
        compare_measure("gravity", "rail", State(2015), State(None))
