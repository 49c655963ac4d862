"""``klyngekort run`` and ``klyngekort assets``: vendor the browser assets, preload the heavy
modules and the DAGI layers, and start the Streamlit app.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from klyngekort.core import config


def cmd_assets(args: argparse.Namespace) -> int:
    from klyngekort.present.assets import ensure_assets

    print(ensure_assets())
    return 0


# Run in the server process before Streamlit starts, so the first visitor does not wait for
# folium/streamlit-folium to import and compile their templates, nor for the DAGI layers.
# (A string: this package itself never imports Streamlit.)
SERVER_PRELOAD = """
import folium, folium.plugins, geopandas, pandas  # not streamlit_folium: components must register after start
import klyngekort.present.national_map, klyngekort.present.coverage_map, klyngekort.core.coverage
from klyngekort.geo.cache import load_layers
from klyngekort.geo.read import GeodataError
try:
    load_layers()
except GeodataError:
    pass  # the app explains how to get DAGI
"""


def server_command(streamlit_args: Sequence[str]) -> list[str]:
    """The command that starts the app: ``streamlit run app.py`` after :data:`SERVER_PRELOAD`."""
    app = config.PROJECT_ROOT / "app.py"
    boot = SERVER_PRELOAD + (
        "import sys\nfrom streamlit.web import cli as _st\n"
        f"sys.argv = ['streamlit', 'run', {str(app)!r}] + sys.argv[1:]\n"
        "sys.exit(_st.main())\n"
    )
    return [sys.executable, "-c", boot, *streamlit_args]


def cmd_run(args: argparse.Namespace) -> int:
    from klyngekort.present.assets import ensure_assets

    ensure_assets()  # before the server starts: Streamlit serves static/ only if it exists then
    os.chdir(config.PROJECT_ROOT)
    argv = server_command(args.streamlit_args)
    os.execv(argv[0], argv)
    return 0  # pragma: no cover
