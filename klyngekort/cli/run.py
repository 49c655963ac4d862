"""``klyngekort run`` and ``klyngekort assets``: vendor the browser assets, fetch DAGI on the
first run, preload the heavy modules and the DAGI layers, and start the Streamlit app.
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
    """The command that starts the app: ``streamlit run app.py`` after :data:`SERVER_PRELOAD`,
    with Streamlit's ``server.maxUploadSize`` set to the limit ``upload_mb`` (unless given)."""
    from klyngekort.core import limits

    app = config.PROJECT_ROOT / "app.py"
    if not any(a.startswith("--server.maxUploadSize") for a in streamlit_args):
        streamlit_args = [f"--server.maxUploadSize={limits.get_int('upload_mb')}", *streamlit_args]
    boot = SERVER_PRELOAD + (
        "import sys\nfrom klyngekort.ui import warmup as _warmup\n_warmup.start()\n"
        "from streamlit.web import cli as _st\n"
        f"sys.argv = ['streamlit', 'run', {str(app)!r}] + sys.argv[1:]\n"
        "sys.exit(_st.main())\n"
    )
    return [sys.executable, "-c", boot, *streamlit_args]


def first_run_geodata() -> int:
    """Fetch DAGI once when there is none: 0 when there is geodata (or a configured location,
    which the app reports on itself), 1 after saying in Danish and English what to do."""
    from klyngekort.cli.common import say, text
    from klyngekort.cli.data import ProgressPrinter
    from klyngekort.geo.fetch import FetchError, fetch_geodata, resolve_source
    from klyngekort.present.i18n import LANGS, t

    if config.configured_geodata() is not None or config.holds_geodata(config.geodata_dir()):
        return 0
    dest = config.downloaded_geodata_dir()
    order = [str(p) for p in config.geodata_search_order()]
    try:
        source = resolve_source(config.geodata_source())
    except FetchError as exc:
        problem = f"{text(exc)} ({config.ENV_GEODATA_SOURCE})"
        print(say("cli.error", prog="klyngekort run", message=problem), file=sys.stderr)
        return 1
    for lang in LANGS:
        word = t("msg.list_or", lang)
        looked = ", ".join(order[:-1]) + word + order[-1] if len(order) > 1 else order[0]
        print(t("geodata_first_run_fetch", lang, looked=looked, source=source.title), file=sys.stderr)
    printer = ProgressPrinter()
    try:
        result = fetch_geodata(source, dest, progress=printer, say=printer.say)
    except FetchError as exc:
        printer.done()
        print(say("cli.error", prog="klyngekort run", message=text(exc)), file=sys.stderr)
        for lang in LANGS:
            print("\n" + t("geodata_first_run_failed", lang, source=source.title, dest=dest), file=sys.stderr)
        return 1
    printer.done()
    prov = result.provenance
    print(
        say(
            "cli.run_fetched",
            features=prov.features,
            municipalities=prov.municipalities,
            path=str(result.path),
        ),
        file=sys.stderr,
    )
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from klyngekort.present.assets import ensure_assets

    ensure_assets()  # before the server starts: Streamlit serves static/ only if it exists then
    if first_run_geodata():
        return 1
    os.chdir(config.PROJECT_ROOT)
    local_editor = getattr(args, "local_editor", None)
    if local_editor:
        from klyngekort.store.users import parse_person

        name, email = parse_person(local_editor)  # a bad value is a usage error (exit 2)
        os.environ[config.ENV_LOCAL_EDITOR] = f"{name} <{email}>"
    argv = server_command(args.streamlit_args)
    os.execv(argv[0], argv)
    return 0  # pragma: no cover
