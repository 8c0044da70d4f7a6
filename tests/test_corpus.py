"""Every bad input of the corpus, through the library and the CLI: a precise message, no
traceback, and the bundled data unchanged. (The app runs the same corpus in
``tests/test_app_own_data.py``.)"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from corridormap import extracts, settings, uploads, workspace
from corridormap.cli import main
from corridormap.errors import CorridormapError
from tests.browser import ROOT
from tests.corpus import CORPUS, Bad

_FLAG = {"city": "--places", "corridor": "--corridor", "network": "--network"}


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for p in sorted((ROOT / "geodata").rglob("*")):
        if p.is_file():
            digest.update(p.name.encode() + p.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def bundled() -> Iterator[str]:
    before = _fingerprint()
    yield before
    assert _fingerprint() == before


@pytest.fixture(autouse=True)
def _own_workspace_dir(tmp_path: Path) -> Iterator[None]:
    with settings.override(workspace_dir=tmp_path / "workspaces"):
        yield


def _load(bad: Bad) -> None:
    if bad.kind == "city":
        workspace.build(places=[uploads.read_places(bad.content, bad.filename)])
    elif bad.kind == "corridor":
        workspace.build(corridors=[uploads.read_corridor(bad.content, bad.filename)])
    else:
        workspace.build(
            networks={
                "rail": (extracts.edges_from_osm_xml(bad.content, bad.filename, "rail"), "extend")
            }
        )


@pytest.mark.parametrize("bad", CORPUS, ids=[b.filename for b in CORPUS])
def test_library_names_the_file_and_the_problem(bad: Bad, bundled: str, tmp_path: Path) -> None:
    with pytest.raises(CorridormapError) as caught:
        _load(bad)
    message = str(caught.value)
    assert message.startswith(bad.filename)
    assert bad.message.lower() in message.lower()
    assert list((tmp_path / "workspaces").glob(".*")) == []  # no half-built workspace left


@pytest.mark.parametrize("bad", CORPUS, ids=[b.filename for b in CORPUS])
def test_cli_prints_one_line_and_exits_2(
    bad: Bad, bundled: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / bad.filename
    path.write_bytes(bad.content)
    status = main(["route", "二连浩特", "呼和浩特", "--mode", "rail", _FLAG[bad.kind], str(path)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert err.startswith(f"corridormap: error: {bad.filename}")
    assert bad.message.lower() in err.lower()
    assert "Traceback" not in err
