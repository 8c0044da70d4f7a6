from __future__ import annotations

import csv
import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from corridormap import routing, settings

EXE = Path(sys.executable).with_name("corridormap")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, timeout=600, check=False
    )


def test_route_json_equals_the_library() -> None:
    out = run("route", "二连浩特", "呼和浩特", "--mode", "rail", "--json")
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    lib = routing.route("二连浩特", "呼和浩特", "rail")
    assert got["length_km"] == pytest.approx(lib.length_km, abs=0.001)
    assert got["time_h"] == pytest.approx(lib.time_h, abs=0.001)
    assert got["from"]["id"] == "erenhot_rail"
    assert got["to"]["id"] == "hohhot"
    assert got["mode"] == "rail"
    assert "集二线" in got["lines"]


def test_route_text_names_the_lines() -> None:
    out = run("route", "harbin", "manzhouli", "--mode", "rail")
    assert out.returncode == 0, out.stderr
    assert "哈尔滨 Harbin → 满洲里铁路口岸 Manzhouli railway port by rail" in out.stdout
    assert "滨洲线" in out.stdout


def test_od_csv_and_json() -> None:
    out = run(
        "od",
        "--mode",
        "rail",
        "--origins",
        "erenhot_rail,manzhouli_rail",
        "--destinations",
        "hohhot,beijing",
    )
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["origin"], r["destination"]) for r in rows] == [
        ("erenhot_rail", "hohhot"),
        ("erenhot_rail", "beijing"),
        ("manzhouli_rail", "hohhot"),
        ("manzhouli_rail", "beijing"),
    ]
    first = routing.route("erenhot_rail", "hohhot", "rail").length_km
    assert float(rows[0]["length_km"]) == pytest.approx(first, abs=0.001)
    js = run(
        "od",
        "--mode",
        "rail",
        "--origins",
        "ceke",
        "--destinations",
        "alxa,hohhot",
        "--format",
        "json",
    )
    assert js.returncode == 0, js.stderr
    records = json.loads(js.stdout)
    assert records[0]["status"] == "too_far"
    assert records[0]["length_km"] is None
    assert records[1]["status"] == "ok"


def test_places_lists_all_twenty_ports() -> None:
    out = run("places", "--json")
    assert out.returncode == 0
    found = json.loads(out.stdout)
    assert sum(p["kind"] == "port" for p in found) == 20
    assert {"rail", "road", "air"} == {p["port_type"] for p in found if p["kind"] == "port"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("route", "二连浩特x", "呼和浩特", "--mode", "rail"), "did you mean 二连浩特"),
        (("od", "--mode", "rail", "--origins", " , "), "no origins selected"),
        (("route", "hohhot", "hailar airport", "--mode", "rail"), "air port"),
        (("route", "hohhot", "bichigt", "--mode", "road"), "no sourced coordinates"),
        (
            ("route", "hohhot", "beijing", "--mode", "rail", "--planned", "nope"),
            "no planned rail corridor",
        ),
        (("od", "--mode", "rail", "--origins", "nowhere"), "no place called 'nowhere'"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(args: tuple[str, ...], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1
    assert out.stderr.startswith("corridormap: error: ")
    assert message in out.stderr
    assert "Traceback" not in out.stderr


def test_usage_error_is_argparse_exit_2() -> None:
    out = run("route", "a")
    assert out.returncode == 2
    assert "usage:" in out.stderr
    assert "Traceback" not in out.stderr


def test_analysis_subcommands_equal_the_library() -> None:
    from corridormap.analysis import catchment, gravity

    out = run("catchment", "--mode", "rail", "--format", "json")
    assert out.returncode == 0, out.stderr
    got = {r["city"]: r for r in json.loads(out.stdout)}
    lib = catchment.catchment("rail")
    assert got["hohhot"]["port"] == lib.loc["hohhot", "port"]
    assert got["hohhot"]["time_h"] == pytest.approx(lib.loc["hohhot", "time_h"])
    g = run("gravity", "--mode", "road", "--b", "1")
    assert g.returncode == 0, g.stderr
    rows = [r for r in csv.DictReader(io.StringIO(g.stdout)) if r["status"] == "ok"]
    with settings.override(route_by="time"):  # the CLI's default: fastest routes, D in hours
        lib_g = gravity.gravity("road", b=1, by="time").set_index(["city", "port"])
    first = rows[0]
    assert float(first["linkage"]) == pytest.approx(
        lib_g.loc[(first["city"], first["port"]), "linkage"]
    )
    assert first["b"] == "1.0"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("scenario", "--mode", "rail"), "--planned"),
        (("gravity", "--mode", "rail", "--b", "0"), "b must be a number above 0"),
        (("scenario", "--mode", "rail", "--planned", "nope"), "no planned rail corridor"),
    ],
)
def test_analysis_bad_input(args: tuple[str, ...], message: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert message in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("route", "二连浩特", "二连浩特", "--mode", "rail"),
        ("route", "呼和浩特", "hohhot", "--mode", "rail"),
        ("export", "--mode", "rail", "--route", "呼和浩特", "呼和浩特", "--html", "/tmp/x.html"),
    ],
)
def test_the_same_place_twice_is_a_clear_error(args: tuple[str, ...]) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert "same place" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("b", ["nan", "inf", "1e308", "-2", "0"])
def test_an_unusable_exponent_is_refused(b: str) -> None:
    out = run("gravity", "--mode", "rail", "--b", b)
    assert out.returncode == 2
    assert "exponent b must be a number above 0 and at most 10" in out.stderr
    assert out.stdout == ""


def test_od_takes_names_as_route_does_and_a_long_name_is_not_echoed_whole() -> None:
    out = run("od", "--mode", "rail", "--origins", "二连浩特铁路口岸,manzhouli", "--destinations",
              "呼和浩特")  # fmt: skip
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["origin"], r["destination"]) for r in rows] == [
        ("erenhot_rail", "hohhot"), ("manzhouli_rail", "hohhot"),
    ]  # fmt: skip
    long = run("route", "x" * 100_000, "呼和浩特", "--mode", "rail")
    assert long.returncode == 2
    assert len(long.stderr) < 400
    assert "(100,000 characters)" in long.stderr


@pytest.mark.parametrize("option", ["--places", "--ports", "--corridor", "--network"])
def test_an_endless_upload_is_refused_after_the_limit_plus_one_byte(
    option: str, tmp_path: Path
) -> None:
    # /dev/zero states no size and never ends; a FIFO fed more than the limit likewise
    out = subprocess.run(
        [str(EXE), "route", "呼和浩特", "包头", "--mode", "rail", option, "/dev/zero"],
        capture_output=True, text=True, timeout=120, check=False,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (4_000_000_000,) * 2),
    )  # fmt: skip
    assert out.returncode == 2, out.stderr[-500:]
    assert "more than the limit of 10,000,000 bytes (10 MB" in out.stderr, out.stderr


def test_a_fifo_upload_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    fifo = tmp_path / "places.csv"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [str(EXE), "route", "呼和浩特", "包头", "--mode", "rail", "--places", str(fifo)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    written = 0
    with fifo.open("wb") as feed:
        try:
            while written < 300_000_000:
                feed.write(b"x" * 1_000_000)
                written += 1_000_000
        except BrokenPipeError:
            pass
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2
    assert "more than the limit" in err
    assert written < 300_000_000  # the reader stopped and closed the pipe early


def test_places_and_the_lookup_load_neither_osmnx_nor_scikit_learn() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from corridormap import cli, places\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    cli.main(['places'])\n"
        "places.resolve('二连浩特', mode='rail')\n"
        "print(sorted(m for m in ('osmnx', 'sklearn', 'mapclassify') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
