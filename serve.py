"""Start the app server with its caches warm, so the first visitor's map comes at once.

Run with ``bash scripts/app.sh`` (which passes its arguments on to ``streamlit run``). Before
the server starts, this imports the library modules the pages use and draws the overview map
once (loading every map layer); while it starts, a background thread reads both modes' graphs from the graph
store (building them the first time). Everything is then in this process's caches, which
every session shares.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import logging
import sys
import threading
from pathlib import Path

from streamlit.web import cli as stcli

APP = Path(__file__).with_name("app.py")
log = logging.getLogger("corridormap.serve")


#: The modules the pages import (Streamlit's own wait: it is not yet configured). Not
#: ``streamlit_folium`` itself: its map component registers only when imported in a session.
APP_MODULES = (
    "folium.plugins",
    "streamlit.components.v1",
    "corridormap.render",
    "corridormap.export",
    "corridormap.printmap",
    "corridormap.report",
    "corridormap.tables",
    "corridormap.workspace",
    "corridormap.analysis.scenario",
    "corridormap.analysis.measure_changes",
    "corridormap.analysis.breaking",
    "corridormap.analysis.field",
    "corridormap.analysis.isochrones",
    "corridormap.analysis.linkage_network",
)


def warm_map() -> None:
    """Import the modules of the pages and draw the overview map once."""
    for name in APP_MODULES:
        importlib.import_module(name)
    from corridormap import render  # noqa: PLC0415

    render.map_html(render.network_map(render.MapView(), assets="served"))
    # Streamlit names that component after its module with inspect.getmodule, whose first call
    # indexes the file of every module loaded (0.04 s of the first visitor's wait); index now.
    inspect.getmodule(inspect.currentframe())


def warm_graphs() -> None:
    """Read (or build) both modes' graphs of the default network state."""
    from corridormap import routing, settings  # noqa: PLC0415

    for mode in settings.MODES:
        routing.cached_graph(mode)
    # Streamlit collects garbage after every script run; the graphs, layers and modules loaded
    # by now live as long as the server, so they leave the collector's view (a rerun's
    # collection took about 0.15 s scanning them).
    gc.freeze()
    log.info("graphs of both modes are ready")


def main() -> int:
    """Warm the caches, then run ``streamlit run app.py`` with this command's arguments."""
    warm_map()
    threading.Thread(target=warm_graphs, name="warm-graphs", daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    return int(stcli.main() or 0)


if __name__ == "__main__":
    sys.exit(main())
