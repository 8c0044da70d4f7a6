"""CLI subcommands of the spatial-interaction measures: breaking points, field, linkage network."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from corridormap import _lazy, settings
from corridormap.settings import CENTRE_MASSES as MASSES
from corridormap.settings import CENTRES

if TYPE_CHECKING:
    import geopandas as gpd

    from corridormap.analysis import breaking, field, linkage_network
else:  # loaded when a command runs
    breaking, field, linkage_network = (
        _lazy.module(f"corridormap.analysis.{name}")
        for name in ("breaking", "field", "linkage_network")
    )

__all__ = ["add_parsers"]


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``breaking``, ``field`` and ``linkage`` to the CLI's subcommands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--mode", choices=settings.MODES, required=True)
    common.add_argument("--planned", action="append", default=[], metavar="CORRIDOR_ID")
    common.add_argument(
        "--mass",
        choices=MASSES,
        default=None,
        help="population (default, settings), gdp, pg = sqrt(population*gdp), or equal (1 each)",
    )
    b = sub.add_parser(
        "breaking",
        parents=[common],
        help="breaking points (Converse) between neighbouring centres, on their routes",
    )
    b.add_argument("--k", type=int, default=3, help="neighbours per centre by time (default 3)")
    b.add_argument("--centres", choices=CENTRES, default="cities")
    b.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    b.set_defaults(
        run=lambda args: _features(
            breaking.breaking_points(
                args.mode, mass=args.mass, k=args.k, centres=args.centres, planned=args.planned
            ),
            args.format,
        )
    )
    f = sub.add_parser(
        "field",
        parents=[common],
        help="field-strength hinterlands: grid points to the centre of the strongest M/T^alpha",
    )
    f.add_argument("--centres", choices=CENTRES, default="ports")
    f.add_argument("--alpha", type=float, default=None, help="decay exponent (default: 2)")
    f.add_argument("--spacing-km", type=float, default=None, help="grid spacing (default: 25)")
    f.add_argument("--snap-km", type=float, default=None, help="grid point join limit (km)")
    f.add_argument("--points", action="store_true", help="write the grid points, not hinterlands")
    f.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    f.set_defaults(run=_field)
    g = sub.add_parser(
        "linkage",
        parents=[common],
        help="linkage network of gravity R among places: centralities, core, subgroups",
    )
    g.add_argument("--by", choices=settings.ROUTE_BY, default="time")
    g.add_argument("--b", type=float, default=None, help="distance-decay exponent (default 2)")
    g.add_argument("--links", action="store_true", help="write the links, not the places")
    g.add_argument("--format", choices=("geojson", "csv"), default="csv")
    g.set_defaults(run=_linkage)


def _features(frame: gpd.GeoDataFrame, fmt: str) -> str:
    if fmt == "csv":
        return str(frame.drop(columns="geometry").to_csv(index=False))
    return str(frame.to_json(drop_id=True, ensure_ascii=False))


def _km(value: float | None) -> float | None:
    return None if value is None else value * 1000.0


def _field(args: argparse.Namespace) -> str:
    result = field.hinterlands(
        args.mode,
        centres=args.centres,
        mass=args.mass,
        alpha=args.alpha,
        spacing_m=_km(args.spacing_km),
        planned=args.planned,
        max_snap_m=_km(args.snap_km),
    )
    return _features(result.points if args.points else result.hinterlands, args.format)


def _linkage(args: argparse.Namespace) -> str:
    net = linkage_network.linkage_network(
        args.mode, mass=args.mass, by=args.by, b=args.b, planned=args.planned
    )
    if args.links:
        return _features(net.links, args.format)
    return _features(net.nodes, args.format)
