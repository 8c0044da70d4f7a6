"""Potential and daily accessibility: hand-computed on a small matrix, invariants on the data."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from corridormap.analysis import daily, potential
from corridormap.analysis.scenario import State, compare_states
from corridormap.errors import SettingsError
from tests.test_cli import run

NAN = float("nan")
#: Hours from three origins to three cities; b reaches nothing, c is a city itself.
TIMES = pd.DataFrame(
    {"x": [1.0, NAN, 2.0], "y": [2.0, NAN, 2.0], "c": [4.0, NAN, 0.0]},
    index=["a", "b", "c"],
)
MASS = pd.Series({"x": 10.0, "y": 6.0, "c": NAN})


def test_potential_by_hand_with_ties_unreachable_and_missing_mass() -> None:
    one = potential.potential_from(TIMES, MASS, alpha=1.0)
    # a: 10/1 + 6/2 (c has no mass); c: 10/2 + 6/2, itself left out
    assert one.loc["a", "potential"] == pytest.approx(13.0)
    assert one.loc["c", "potential"] == pytest.approx(8.0)
    assert math.isnan(one.loc["b", "potential"])
    assert list(one["status"]) == ["ok", "no_route", "ok"]
    assert list(one["reachable"]) == [3, 0, 2]
    assert list(one["with_mass"]) == [2, 0, 2]
    two = potential.potential_from(TIMES, MASS, alpha=2.0)
    assert two.loc["a", "potential"] == pytest.approx(10.0 + 6.0 / 4)


def test_daily_by_hand_counts_cities_and_mass_within_the_limit() -> None:
    out = daily.daily_from(TIMES, MASS, hours=2.0)
    # a reaches x (1 h) and y (2 h, on the limit); c reaches x and y, not itself
    assert out.loc["a", "mass_reached"] == 16.0
    assert out.loc["a", "cities"] == 2
    assert out.loc["b", "cities"] == 0
    assert out.loc["c", "share"] == pytest.approx(1.0)
    wider = daily.daily_from(TIMES, MASS, hours=4.0)
    assert wider.loc["a", "cities"] == 3
    assert wider.loc["a", "without_mass"] == 1  # c is reached but has no mass


@pytest.mark.parametrize("bad", [0.0, -1.0, NAN, math.inf, 1e308])
def test_unusable_parameters_are_refused(bad: float) -> None:
    with pytest.raises(SettingsError):
        potential.potential_from(TIMES, MASS, alpha=bad)
    with pytest.raises(SettingsError):
        daily.daily_from(TIMES, MASS, hours=bad)


def test_on_the_bundled_data_daily_reach_grows_with_time_and_potential_falls_with_alpha() -> None:
    reached = [daily.daily("rail", hours=h)["mass_reached"] for h in (1, 3, 6, 12)]
    for a, b in itertools.pairwise(reached):
        assert (b >= a).all()
    assert reached[-1].max() > reached[0].max()
    p1 = potential.potential("rail", alpha=1.0)["potential"]
    p2 = potential.potential("rail", alpha=2.0)["potential"]
    ok = p1.notna() & p2.notna()
    # travel times above 1 h shrink every term more with alpha 2
    assert (p2[ok] < p1[ok]).mean() > 0.9


def test_before_and_after_come_with_the_potential_change_rate() -> None:
    t = compare_states("rail", State(2015), State(2025))
    pot = t["potential"].set_index("place")
    rate = (pot["potential_after"] - pot["potential_before"]) / pot["potential_before"]
    assert np.allclose(pot["change_rate"].dropna(), rate.dropna())
    assert pot.loc["hohhot", "change_rate"] > 0
    assert (t["daily"]["mass_reached_delta"] >= -1e-9).all()


def test_the_cli_subcommands() -> None:
    out = run("potential", "--mode", "rail", "--alpha", "1.5", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert '"alpha":1.5' in out.stdout.replace(" ", "")
    bad = run("daily", "--mode", "rail", "--hours", "inf")
    assert bad.returncode == 2
    assert "hours must be a number above 0" in bad.stderr
