"""What a map shows: the view (layers, language, routes, title) and the analysis drawn on it.

The same :class:`MapView` drives the app map, the HTML export and the print image.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from corridormap import settings
from corridormap._web_layers import LABEL_LANGS
from corridormap.errors import SettingsError
from corridormap.i18n import LANGS

if TYPE_CHECKING:
    from corridormap.analysis.overview import Hierarchy
    from corridormap.measure_layers import MeasureLayers
    from corridormap.routing import Route

__all__ = ["IMPROVED_SHOWN", "MapView", "Overlay"]

#: How many of the places whose accessibility improves most a comparison map rings.
IMPROVED_SHOWN = 5


@dataclass(frozen=True)
class Overlay:
    """Analysis results drawn on the map, so its hierarchy is computed, not hand-drawn.

    Attributes
    ----------
    point_tiers
        Tier (1 strongest) per place id: symbol size.
    axis_tiers
        Tier per line name (tariff line or corridor ``name_zh``): corridor width.
    catchment
        City id to its port id: drawn as dashed links.
    changed
        Cities whose catchment a scenario changes: links in red.
    rising
        Lines whose assigned linkage a scenario raises: their corridors drawn in orange.
    improved
        The places whose accessibility a comparison improves most, with the change rate
        (A_before − A_after) / A_before: a green ring around their symbol.
    """

    point_tiers: Mapping[str, int] = field(default_factory=dict)
    axis_tiers: Mapping[str, int] = field(default_factory=dict)
    catchment: Mapping[str, str] = field(default_factory=dict)
    changed: Collection[str] = ()
    rising: Collection[str] = ()
    improved: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def from_tables(
        cls,
        points: pd.DataFrame,
        axes: pd.DataFrame,
        catchment: pd.DataFrame,
        changed: Collection[str] = (),
        rising: Collection[str] = (),
    ) -> Overlay:
        """Build from :func:`~corridormap.analysis.hierarchy.point_tiers`, ``axis_tiers`` and ``catchment``."""
        return cls(
            point_tiers={str(k): int(v) for k, v in points["tier"].dropna().items()},
            axis_tiers={str(k): int(v) for k, v in axes["tier"].dropna().items()},
            catchment={str(k): str(v) for k, v in catchment["port"].items() if v},
            changed=tuple(changed),
            rising=tuple(rising),
        )

    @classmethod
    def from_hierarchy(cls, hierarchy: Hierarchy) -> Overlay:
        """Build from the default hierarchy of the overview map (tiers only)."""
        return cls(point_tiers=hierarchy.point_tiers, axis_tiers=hierarchy.axis_tiers)

    @classmethod
    def from_analysis(cls, result: Mapping[str, pd.DataFrame]) -> Overlay:
        """Build from :func:`~corridormap.analysis.scenario.analysis_tables`.

        With a scenario, the cities whose catchment changes are marked, and the lines whose
        assigned linkage rises are drawn as rising.
        """
        changed: list[str] = []
        rising: list[str] = []
        improved: dict[str, float] = {}
        if "scenario_catchment" in result:
            diff = result["scenario_catchment"]
            changed = [str(c) for c in diff.loc[diff["changed"], "city"]]
            axes = result["scenario_axes"]
            rising = [str(line) for line in axes.index[axes["flow_delta"] > 1e-9]]
            acc = result["scenario_accessibility"]
            top = acc[acc["change_rate"] > 1e-9].nlargest(IMPROVED_SHOWN, "change_rate")
            improved = {
                str(p): float(r) for p, r in zip(top["place"], top["change_rate"], strict=True)
            }
        base = cls.from_tables(
            result["points"], result["axes"], result["catchment"], changed, rising
        )
        return dataclasses.replace(base, improved=improved)


@dataclass(frozen=True)
class MapView:
    """What a map shows: the same view drives the app map, the HTML export and the print image.

    Attributes
    ----------
    lang
        ``zh`` or ``en``: the language of layer names, legend and labels.
    layers
        Which of ``rail``, ``road``, ``corridors``, ``ports``, ``cities``, ``labels`` to draw.
    routes
        Routes (:func:`corridormap.routing.route`) to draw, coloured by mode.
    title
        A title shown at the top of the map (escaped).
    overlay
        Analysis results to draw: tiers set symbol size and corridor width, catchments are
        drawn as links (see :class:`Overlay`).
    measures
        Interaction measures to draw: time circles, breaking points, field hinterlands, the
        linkage network (see :class:`corridormap.measure_layers.MeasureLayers`).
    label_lang
        Place labels in ``zh``, ``en`` or ``both`` (two lines); by default in ``lang``. The
        print map draws ``both`` in ``lang`` only.

    """

    lang: str = "zh"
    layers: tuple[str, ...] = settings.MAP_LAYERS
    routes: tuple[Route, ...] = ()
    title: str | None = None
    overlay: Overlay | None = None
    measures: MeasureLayers | None = None
    label_lang: str | None = None

    def __post_init__(self) -> None:
        """Reject unknown layer names and languages at once."""
        unknown = sorted(set(self.layers) - set(settings.MAP_LAYERS))
        if unknown:
            raise SettingsError(
                f"unknown map layer(s) {unknown}; choose from {', '.join(settings.MAP_LAYERS)}"
            )
        if self.lang not in LANGS:
            raise SettingsError(f"unknown language {self.lang!r}; use one of {', '.join(LANGS)}")
        if self.label_lang not in (None, *LABEL_LANGS):
            raise SettingsError(
                f"unknown label language {self.label_lang!r}; use one of {', '.join(LABEL_LANGS)}"
            )
