"""The ``klyngekort`` command line.

    klyngekort validate [--data DIR] [--geodata PATH]
    klyngekort geodata [--geodata PATH]
    klyngekort assets
    klyngekort run [-- streamlit options]

Bad input never gives a traceback: problems are printed as ``file:line:field: message``
and the exit code is 1 for errors (2 for usage errors, as argparse does).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from klyngekort import config


def _add_data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=None, help="dataset folder (default: data/ or $KLYNGEKORT_DATA)")
    p.add_argument("--geodata", type=Path, default=None,
                   help="DAGI municipalities: a file or folder (default: $KLYNGEKORT_GEODATA or ../shared/geodata)")


def _municipalities(geodata: Path | None):
    """DAGI municipalities, or exit 1 with the message on how to get them."""
    from klyngekort.geodata import GeodataError, load_layers

    try:
        return load_layers(geodata)
    except GeodataError as exc:
        print(f"klyngekort: {exc}", file=sys.stderr)
        raise SystemExit(1) from None


def cmd_validate(args: argparse.Namespace) -> int:
    from klyngekort.dataset import load_dataset

    layers = _municipalities(args.geodata)
    result = load_dataset(args.data, municipalities=layers.municipalities)
    for issue in result.issues:
        print(issue)
    n_err, n_warn = len(result.errors), len(result.warnings)
    where = args.data or config.data_dir()
    print(f"{where}: {n_err} error(s), {n_warn} warning(s)", file=sys.stderr)
    return 1 if n_err else 0


def cmd_geodata(args: argparse.Namespace) -> int:
    layers = _municipalities(args.geodata)
    munis = layers.municipalities
    inside = munis[~munis["outside_division"]]
    print(f"source: {layers.source}")
    print(f"sha256: {layers.source_hash}")
    print(f"municipalities: {len(inside)} (+{len(munis) - len(inside)} outside the municipal division)")
    print(f"area: {inside.area.sum() / 1e6:,.1f} km2 (EPSG:25832)")
    print(f"display layer: {len(layers.display)} features")
    print(f"attribution: {layers.attribution}")
    return 0


def cmd_assets(args: argparse.Namespace) -> int:
    from klyngekort.assets import ensure_assets

    print(ensure_assets())
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from klyngekort.assets import ensure_assets

    ensure_assets()
    app = config.PROJECT_ROOT / "app.py"
    os.chdir(config.PROJECT_ROOT)
    argv = [sys.executable, "-m", "streamlit", "run", str(app), *args.streamlit_args]
    os.execv(sys.executable, argv)
    return 0  # pragma: no cover


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="klyngekort", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check the data files; exit 1 on errors")
    _add_data_args(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("geodata", help="show which DAGI file is used and what it holds")
    p.add_argument("--geodata", type=Path, default=None)
    p.set_defaults(func=cmd_geodata)

    p = sub.add_parser("assets", help="copy Leaflet into static/vendor (done automatically on start)")
    p.set_defaults(func=cmd_assets)

    p = sub.add_parser("run", help="start the app (streamlit run app.py)")
    p.add_argument("streamlit_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
