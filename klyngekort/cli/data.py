"""``klyngekort validate`` and ``klyngekort geodata``: check the data files and the DAGI
boundaries and report each problem by file, row and field.
"""

from __future__ import annotations

import argparse
import sys

from klyngekort.cli.common import _municipalities, say, text
from klyngekort.core import config


def cmd_validate(args: argparse.Namespace) -> int:
    from klyngekort.core.loading import load_dataset

    layers = _municipalities(args.geodata)
    result = load_dataset(args.data, places=layers.places)
    for issue in result.issues:
        print(text(issue))
    n_err, n_warn = len(result.errors), len(result.warnings)
    where = args.data or config.data_dir()
    print(say("cli.validate_summary", where=str(where), errors=n_err, warnings=n_warn), file=sys.stderr)
    return 1 if n_err else 0


def cmd_geodata(args: argparse.Namespace) -> int:
    layers = _municipalities(args.geodata)
    munis = layers.municipalities
    inside = munis[~munis["outside_division"]]
    print(say("cli.geodata_source", source=str(layers.source)))
    print(f"sha256: {layers.source_hash}")
    print(say("cli.geodata_municipalities", n=len(inside), outside=len(munis) - len(inside)))
    print(say("cli.geodata_area", km2=float(inside.area.sum() / 1e6)))
    print(say("cli.geodata_display", n=len(layers.display)))
    print(say("cli.geodata_attribution", attribution=layers.attribution))
    return 0
