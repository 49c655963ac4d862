"""``klyngekort validate`` and ``klyngekort geodata``: check the data files and the DAGI
boundaries and report each problem by file, row and field.
"""

from __future__ import annotations

import argparse
import sys

from klyngekort.cli.common import _municipalities
from klyngekort.core import config


def cmd_validate(args: argparse.Namespace) -> int:
    from klyngekort.core.loading import load_dataset

    layers = _municipalities(args.geodata)
    result = load_dataset(args.data, places=layers.places)
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
