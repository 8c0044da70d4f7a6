"""Command-line front end: ``corridormap route|od|places|…|export`` over the same library calls.

Every command takes the user's own data (``--places``, ``--ports``, ``--corridor``,
``--network``): it joins that run only, through a workspace. A bad input exits with status 2
and one line on stderr; never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from corridormap import _lazy, settings
from corridormap.errors import CorridormapError, EmptySelectionError, ExportError, shorten
from corridormap.i18n import LANGS

if TYPE_CHECKING:
    import pandas as pd

    from corridormap import (
        _cli_measures,
        calibration,
        export,
        places,
        printmap,
        render,
        report,
        routing,
        tables,
        workspace,
    )
    from corridormap import speeds as speeds_mod
    from corridormap.analysis import (
        accessibility,
        catchment,
        daily,
        gravity,
        hierarchy,
        isochrones,
        masses,
        potential,
        scenario,
    )
else:  # each command loads only the modules it runs (`corridormap places` needs no graph)
    _cli_measures, calibration, export, places, printmap, render, report, routing, tables = (
        _lazy.module(f"corridormap.{name}")
        for name in (
            "_cli_measures", "calibration", "export", "places", "printmap", "render", "report",
            "routing", "tables",
        )
    )  # fmt: skip
    workspace, speeds_mod = (
        _lazy.module("corridormap.workspace"),
        _lazy.module("corridormap.speeds"),
    )
    accessibility, catchment, daily, gravity, hierarchy, isochrones, masses, potential, scenario = (
        _lazy.module(f"corridormap.analysis.{name}")
        for name in (
            "accessibility", "catchment", "daily", "gravity", "hierarchy", "isochrones",
            "masses", "potential", "scenario",
        )
    )  # fmt: skip
__all__ = ["main"]

log = logging.getLogger(__name__)
TO_HELP = (
    "the destinations reached: cities (default), seats (the 12 league seats), hubs, ports, all"
)
EXPORT_HELP = {
    "html": "map as one HTML file that opens offline",
    "png": "print image, 300 dpi",
    "svg": "print image, vector",
    "xlsx": "every table, one sheet each, with parameters and sources",
    "gpkg": "places, corridors, routes and catchments as GIS layers",
}
MASS_HELP = (
    "population (default: the 2020 census, one year for every Chinese place), gdp (latest "
    "year with a quoted source; the years are in the output) or pg = sqrt(population*gdp)"
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (0 ok, 2 bad input)."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        with _own_data(args), _network_state(args):
            text = args.run(args)
    except (CorridormapError, ValueError) as exc:
        print(f"corridormap: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="corridormap", description="Inner Mongolia ports, cities and corridors."
    )
    sub = parser.add_subparsers(
        required=True,
        metavar="{route,od,places,calibrate,access,potential,daily,isochrone,breaking,field,"
        "linkage,gravity,catchment,tiers,scenario,export}",
    )
    r = sub.add_parser("route", help="shortest route between two places")
    r.add_argument("origin")
    r.add_argument("destination")
    r.add_argument("--mode", choices=settings.MODES, required=True)
    r.add_argument(
        "--planned",
        action="append",
        default=[],
        metavar="CORRIDOR_ID",
        help="switch on a planned corridor",
    )
    r.add_argument("--json", action="store_true", help="print JSON (same as --format json)")
    r.add_argument(
        "--format",
        choices=("text", "json", "geojson"),
        default="text",
        help="text (default), JSON, or a GeoJSON Feature with the route's line",
    )
    r.set_defaults(run=_route)
    o = sub.add_parser("od", help="ports x cities matrix of lengths and times")
    o.add_argument("--mode", choices=settings.MODES, required=True)
    o.add_argument("--origins", help="comma-separated place ids (default: all ports)")
    o.add_argument("--destinations", help="comma-separated place ids (default: all cities)")
    o.add_argument("--planned", action="append", default=[], metavar="CORRIDOR_ID")
    o.add_argument("--format", choices=("csv", "json"), default="csv")
    o.set_defaults(run=_od)
    p = sub.add_parser("places", help="list the bundled places")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_places)
    k = sub.add_parser(
        "calibrate", help="computed against published fastest rail journeys (class speeds)"
    )
    k.add_argument("--format", choices=("csv", "json"), default="csv")
    k.set_defaults(run=lambda args: _table(calibration.calibration_table(), args))
    _analysis_parsers(sub)
    _cli_measures.add_parsers(sub)
    _export_parser(sub)
    for command in sub.choices.values():
        _own_data_options(command)
        if command.prog.split()[-1] not in ("places", "calibrate"):
            _network_state_options(command)
    return parser


def _network_state_options(parser: argparse.ArgumentParser) -> None:
    state = parser.add_argument_group("network state (year, profile, route criterion, speeds)")
    state.add_argument(
        "--year",
        type=int,
        default=None,
        help=f"the network at the end of this year ({settings.FIRST_YEAR}-{settings.LAST_YEAR}; "
        "default: every open line); a line whose opening year is unknown counts as open",
    )
    if not any(a.dest == "by" for a in parser._actions):
        state.add_argument(
            "--by",
            choices=settings.ROUTE_BY,
            default="time",
            help="minimise travel time (default) or length",
        )
    state.add_argument(
        "--profile",
        help="rail: passenger (default) or freight; road: car (default) or truck",
    )
    state.add_argument(
        "--speed",
        action="append",
        default=[],
        metavar="CLASS=KPH",
        help="override a class speed of the profile, e.g. high_speed=300 (repeatable)",
    )


@contextlib.contextmanager
def _network_state(args: argparse.Namespace) -> Iterator[None]:
    """Put the profile, route criterion and speed overrides in force for this run."""
    if not hasattr(args, "speed"):
        yield
        return
    cfg = settings.get()
    mode = getattr(args, "mode", None)
    profile = dict(cfg.profile)
    if args.profile is not None:
        if mode is None or args.profile not in settings.PROFILES[mode]:
            choices = settings.PROFILES[mode] if mode else sorted(profile)
            raise EmptySelectionError(
                f"--profile {args.profile!r} is not a profile of --mode {mode}; use one of "
                f"{', '.join(choices)}",
                side="profile",
            )
        profile[mode] = args.profile
    speeds = cfg.class_speeds
    if args.speed:
        if mode is None:
            raise EmptySelectionError("--speed needs --mode", side="mode")
        changes = dict(speeds_mod.parse_speed(text) for text in args.speed)
        speeds = speeds_mod.with_overrides(speeds, profile[mode], changes)
    with settings.override(profile=profile, route_by=args.by, class_speeds=speeds, year=args.year):
        yield


def _own_data_options(parser: argparse.ArgumentParser) -> None:
    own = parser.add_argument_group("own data (joins this run only; geodata/ is never changed)")
    own.add_argument(
        "--places", action="append", default=[], metavar="FILE", help="cities: CSV, XLSX, GeoJSON"
    )
    own.add_argument(
        "--ports", action="append", default=[], metavar="FILE", help="ports, as --places"
    )
    own.add_argument(
        "--corridor",
        action="append",
        default=[],
        metavar="FILE",
        help="planned corridor (GeoJSON or KML), switched on for its mode",
    )
    own.add_argument(
        "--masses",
        action="append",
        default=[],
        metavar="FILE",
        help="population/GDP (with years) for bundled cities: CSV or XLSX keyed by place name",
    )
    own.add_argument("--network", metavar="FILE", help="OSM XML extract for --mode's network")
    own.add_argument("--network-use", choices=settings.NETWORK_USES, default="extend")


@contextlib.contextmanager
def _own_data(args: argparse.Namespace) -> Iterator[None]:
    """Run inside a workspace with the given files, if any; report how corridors were joined."""
    if not (args.places or args.ports or args.corridor or args.network or args.masses):
        yield
        return
    mode = getattr(args, "mode", None)
    if args.network and mode is None:
        raise EmptySelectionError("--network needs --mode (rail or road)", side="mode")
    ws = workspace.from_files(
        cities=args.places,
        ports=args.ports,
        corridors=args.corridor,
        network=args.network,
        network_mode=mode or "rail",
        network_use=args.network_use,
        masses=args.masses,
    )
    for row in ws.joins.to_dict("records"):
        print(
            f"corridormap: {row['name_zh']} ({row['corridor_id']}) {row['end']} joined the "
            f"{row['mode']} network {float(row['snap_m']) / 1000:.2f} km away",
            file=sys.stderr,
        )
    if hasattr(args, "planned") and mode is not None:
        ours = ws.joins.loc[ws.joins["mode"] == mode, "corridor_id"].unique().tolist()
        args.planned = [*args.planned, *ours]
    with ws.active():
        yield


def _export_parser(sub: argparse._SubParsersAction) -> None:
    e = sub.add_parser(
        "export",
        help="write the map (HTML, PNG, SVG), the tables (XLSX, CSV) and the layers (GeoPackage)",
        description="Write report files. Files are written only where asked; an existing file "
        "is kept unless --force is given.",
    )
    e.add_argument("--mode", choices=settings.MODES, required=True, help="mode of the tables")
    for fmt in ("html", "png", "svg", "xlsx", "gpkg"):
        e.add_argument(f"--{fmt}", metavar="PATH", help=EXPORT_HELP[fmt])
    e.add_argument("--csv", metavar="FOLDER", help="every table as CSV (UTF-8 with BOM)")
    e.add_argument("--force", action="store_true", help="overwrite existing files")
    e.add_argument(
        "--route",
        nargs=2,
        action="append",
        default=[],
        metavar=("ORIGIN", "DESTINATION"),
        help="draw this route (by --mode) on the map and add it to the GeoPackage",
    )
    e.add_argument("--planned", action="append", default=[], metavar="CORRIDOR_ID")
    e.add_argument("--lang", choices=LANGS, default="zh")
    e.add_argument("--title", help="map title")
    e.add_argument(
        "--labels",
        choices=("zh", "en", "both"),
        default=None,
        help="place label language (default: --lang; the print map draws 'both' in --lang)",
    )
    e.add_argument(
        "--layers",
        default=",".join(settings.MAP_LAYERS),
        help=f"comma-separated map layers (default: {','.join(settings.MAP_LAYERS)})",
    )
    e.add_argument(
        "--overlay", action="store_true", help="draw tiers, catchments and scenario changes"
    )
    e.add_argument("--paper", choices=tuple(settings.PAPER_MM), default="a4")
    e.add_argument("--dpi", type=int, default=300)
    e.add_argument("--mass", choices=settings.MASSES, default=None, help=MASS_HELP)
    e.add_argument("--by", choices=settings.ROUTE_BY, default="time")
    e.add_argument("--b", type=float, default=None, help="distance-decay exponent")
    e.add_argument(
        "--measures",
        action="store_true",
        help="add breaking points, field hinterlands and the linkage network (defaults) to the "
        "map, tables and GeoPackage",
    )
    e.set_defaults(run=_export)


def _analysis_parsers(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--mode", choices=settings.MODES, required=True)
    common.add_argument("--planned", action="append", default=[], metavar="CORRIDOR_ID")
    common.add_argument("--format", choices=("csv", "json"), default="csv")
    weighted = argparse.ArgumentParser(add_help=False, parents=[common])
    weighted.add_argument("--mass", choices=settings.MASSES, default=None, help=MASS_HELP)
    weighted.add_argument("--to", choices=settings.DESTINATIONS, default="cities", help=TO_HELP)
    a = sub.add_parser("access", parents=[weighted], help="accessibility of every place")
    a.set_defaults(run=_weighted(accessibility, "accessibility"))
    p = sub.add_parser(
        "potential",
        parents=[weighted],
        help="potential accessibility P = sum of M_j / T_ij^alpha to the cities",
    )
    p.add_argument(
        "--alpha", type=float, default=None, help="distance-decay exponent (default: settings, 1)"
    )
    p.set_defaults(run=_weighted(potential, "potential", "alpha"))
    i = sub.add_parser(
        "isochrone",
        help="time circles: the land within reach of a place in 1, 2, 3 … hours",
    )
    i.add_argument("place", help="a place name or id")
    i.add_argument("--mode", choices=settings.MODES, required=True)
    i.add_argument("--hours", default="1,2,3", help="comma-separated band limits in hours")
    i.add_argument("--planned", action="append", default=[], metavar="CORRIDOR_ID")
    i.add_argument("--format", choices=("geojson", "csv"), default="geojson")
    i.set_defaults(run=_isochrone)
    d = sub.add_parser(
        "daily", parents=[weighted], help="daily accessibility: cities and mass within T hours"
    )
    d.add_argument("--hours", type=float, default=None, help="T in hours (default: settings, 3)")
    d.set_defaults(run=_weighted(daily, "daily", "hours"))
    g = sub.add_parser(
        "gravity", parents=[common], help="gravity linkage and membership, city x port"
    )
    g.add_argument(
        "--by",
        choices=settings.ROUTE_BY,
        default="time",
        help="fastest routes and D in hours (default) or shortest routes and D in km",
    )
    g.add_argument(
        "--b", type=float, default=None, help="distance-decay exponent (default: settings, 2)"
    )
    g.add_argument("--mass", choices=settings.MASSES, default=None, help=MASS_HELP)
    g.add_argument(
        "--port-mass",
        choices=settings.PORT_MASSES,
        default="host",
        help="a port's mass: its host league's (default) or its 2023 freight in 万吨",
    )
    g.set_defaults(
        run=lambda args: _table(
            gravity.gravity(
                args.mode,
                by=args.by,
                b=args.b,
                mass=args.mass,
                port_mass=args.port_mass,
                planned=args.planned,
            ),
            args,
        )
    )
    c = sub.add_parser(
        "catchment", parents=[common], help="each city's nearest port and Huff share"
    )
    c.set_defaults(
        run=lambda args: _table(catchment.catchment(args.mode, planned=args.planned), args)
    )
    t = sub.add_parser("tiers", parents=[common], help="tiers of points (places) or axes (lines)")
    t.add_argument("--of", choices=("points", "axes"), default="points")
    t.add_argument(
        "--port-index",
        choices=settings.PORT_INDEXES,
        default="linkage",
        help="rank ports by their total linkage (default) or their 2023 freight (万吨)",
    )
    t.set_defaults(run=_tiers)
    s = sub.add_parser(
        "scenario",
        parents=[common],
        help="before/after tables: planned corridors switched on, or one year against another",
        description="Compare two network states. Before: --before-year (default --year) with no "
        "planned corridor; after: --year with the --planned corridors. Examples: --planned "
        "xb_ganqimaodu_gashuunsukhait; --before-year 2015 --year 2025.",
    )
    s.add_argument(
        "--table",
        choices=(
            "od",
            "accessibility",
            "potential",
            "daily",
            "gravity",
            "catchment",
            "points",
            "axes",
            "why",
        ),
        default="catchment",
    )
    s.add_argument(
        "--before-year",
        type=int,
        default=None,
        help="the year to compare with (default: the same year as --year)",
    )
    s.set_defaults(run=_scenario)


def _table(table: pd.DataFrame, args: argparse.Namespace) -> str:
    if args.format == "json":
        records = json.loads(table.reset_index().to_json(orient="records", force_ascii=False))
        return json.dumps(records, ensure_ascii=False, indent=1)
    index = table.index.name is not None
    return str(table.to_csv(index=index))


def _isochrone(args: argparse.Namespace) -> str:
    try:
        hours = [float(h) for h in args.hours.split(",") if h.strip()]
    except ValueError:
        raise EmptySelectionError(
            f"--hours needs numbers separated by commas, e.g. 1,2,3; got {shorten(args.hours)!r}",
            side="hours",
        ) from None
    bands = isochrones.isochrones(args.place, args.mode, hours=hours, planned=args.planned)
    if args.format == "csv":
        return str(bands.drop(columns="geometry").to_csv(index=False))
    return str(bands.to_json(drop_id=True, ensure_ascii=False))


def _weighted(module: ModuleType, measure: str, *options: str) -> Callable[[Any], str]:
    """Return the runner of a mass-weighted measure: mode, mass, destinations, planned, options.

    The measure is ``module.measure``, looked up when the command runs (modules load lazily).
    """

    def run(args: argparse.Namespace) -> str:
        extra = {name: getattr(args, name) for name in options}
        table = getattr(module, measure)(
            args.mode, mass=args.mass, destinations=args.to, planned=args.planned, **extra
        )
        return _table(table, args)

    return run


def _tiers(args: argparse.Namespace) -> str:
    if args.of == "axes":
        return _table(hierarchy.axis_tiers(args.mode, planned=args.planned), args)
    points = hierarchy.point_tiers(args.mode, port_index=args.port_index, planned=args.planned)
    return _table(points, args)


def _scenario(args: argparse.Namespace) -> str:
    after = scenario.State(args.year, tuple(args.planned))
    before = scenario.State(args.before_year if args.before_year is not None else args.year)
    if before == after:
        raise EmptySelectionError(
            "name a corridor with --planned (see corridors.geojson ids) or a year to compare "
            "with --before-year",
            side="corridors",
        )
    tables_ = scenario.compare_states(args.mode, before, after)
    return _table(tables_[args.table], args)


def _route(args: argparse.Namespace) -> str:
    r = routing.route(args.origin, args.destination, args.mode, planned=args.planned)
    fmt = "json" if args.json else args.format
    if fmt == "json":
        return json.dumps(r.to_dict(), ensure_ascii=False, indent=2)
    if fmt == "geojson":
        return json.dumps(r.to_geojson(), ensure_ascii=False)
    legs = "\n".join(
        f"  {('⇄ ' + leg.crossing) if leg.crossing else (leg.line or '(unnamed)'):<18} {leg.cls:<13} {leg.km:8.1f} km {leg.speed_kph:6.0f} km/h "
        f"{leg.time_h:6.2f} h" + (f"  tariff {leg.tariff_km:.0f} km" if leg.tariff_km else "")
        for leg in r.legs
    )
    crossing = (
        f"\ncrossing: {r.crossing} (+{r.crossing_h:.2f} h at the border"
        + (", gauge change included)" if r.mode == "rail" else ")")
        if r.crossing
        else ""
    )
    tariff = (
        f"{r.tariff_km:.0f} km" if r.tariff_km is not None
        else f"not covered ({r.untariffed_km:.1f} km between no tariff stations)"
    )  # fmt: skip
    return (
        f"{r.origin.label} → {r.destination.label} by {r.mode} ({r.profile}, {'fastest' if r.by == 'time' else 'shortest'}): "
        f"{r.length_km:.1f} km, {r.time_h:.2f} h{crossing}\nlegs:\n{legs}\n"
        f"tariff km: {tariff}\n"
        f"access legs {r.access_km[0]:.1f} + {r.access_km[1]:.1f} km; connectors {r.connector_km:.1f} km; "
        f"schematic (published km) {r.schematic_km:.1f} km"
    )


def _split(ids: str | None) -> list[str] | None:
    return None if ids is None else [i.strip() for i in ids.split(",") if i.strip()]


def _od(args: argparse.Namespace) -> str:
    table = routing.od_matrix(
        args.mode, _split(args.origins), _split(args.destinations), planned=args.planned
    )
    table = table.round({"length_km": 3, "time_h": 3})
    if args.format == "json":
        records = json.loads(table.to_json(orient="records", force_ascii=False))
        return json.dumps(records, ensure_ascii=False, indent=1)
    return str(table.to_csv(index=False))


def _places(args: argparse.Namespace) -> str:
    found = [p.to_dict() for p in places.gazetteer().places.values()]
    if args.json:
        return json.dumps(found, ensure_ascii=False, indent=1)
    return "\n".join(
        f"{p['id']:<16} {p['kind']:<5} {p['port_type'] or '':<5} {p['name_zh']} {p['name_en']}"
        for p in found
    )


def _export(args: argparse.Namespace) -> str:
    """Check every target first, then make and write each file asked for."""
    targets = {f: getattr(args, f) for f in ("html", "png", "svg", "xlsx", "gpkg")}
    targets = {f: Path(p) for f, p in targets.items() if p}
    if not targets and not args.csv:
        raise EmptySelectionError(
            "name at least one output: --html, --png, --svg, --xlsx, --gpkg PATH or --csv FOLDER",
            side="outputs",
        )
    for fmt, target in targets.items():
        if target.suffix.lower() != f".{fmt}":
            raise ExportError(f"--{fmt} needs a file name ending in .{fmt}, got {target}")
        export.check_target(target, force=args.force)
    folder = Path(args.csv) if args.csv else None
    if folder is not None and not folder.is_dir():
        raise ExportError(f"--csv needs an existing folder, got {folder}")
    params = {"planned": args.planned, "mass": args.mass, "by": args.by, "b": args.b}
    routes = tuple(routing.route(a, b, args.mode, planned=args.planned) for a, b in args.route)
    need_tables = "xlsx" in targets or folder is not None or args.overlay or "gpkg" in targets
    found = scenario.analysis_tables(args.mode, **params) if need_tables else {}
    view = render.MapView(
        lang=args.lang,
        layers=tuple(x.strip() for x in args.layers.split(",") if x.strip()),
        routes=routes,
        title=args.title,
        label_lang=args.labels,
        overlay=render.Overlay.from_analysis(found) if args.overlay else None,
        measures=report.measure_layers(args.mode, planned=args.planned) if args.measures else None,
    )
    made: dict[Path, bytes | str] = {}
    if "html" in targets:
        made[targets["html"]] = export.map_document(view)
    for fmt in ("png", "svg"):
        if fmt in targets:
            made[targets[fmt]] = printmap.print_map(view, paper=args.paper, fmt=fmt, dpi=args.dpi)
    if "gpkg" in targets:
        made[targets["gpkg"]] = export.geopackage(view, found.get("catchment"))
    if "xlsx" in targets or folder is not None:
        tables_ = report.report_tables(args.mode, lang=args.lang, results=found, **params)
        tables_ |= report.measure_tables(view.measures, lang=args.lang) if view.measures else {}
        if "xlsx" in targets:
            sheet = report.parameters(args.mode, lang=args.lang, **params)
            made[targets["xlsx"]] = report.workbook(tables_, sheet, lang=args.lang)
        if folder is not None:
            for name, table in tables_.items():
                target = folder / f"corridormap_{args.mode}_{name}.csv"
                export.check_target(target, force=args.force)
                made[target] = tables.csv_bytes(table, index=False)
    written = export.write_files(made, force=args.force)
    return "\n".join(f"wrote {p} ({p.stat().st_size:,} bytes)" for p in written)


if __name__ == "__main__":
    raise SystemExit(main())
