"""``klyngekort validate`` and ``klyngekort geodata [info|fetch]``: check the data files and the
DAGI boundaries and report each problem by file, row and field; fetch DAGI from an official source.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import UTC, date, datetime
from typing import TextIO

from klyngekort.cli.common import CliError, _err, _municipalities
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


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


class ProgressPrinter:
    """Download progress on stderr: one line rewritten in place on a terminal, else a line per
    10 % (or per MB when the size is unknown)."""

    def __init__(self, stream: TextIO | None = None, label: str = "downloading"):
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label = label
        self._last_step = -1
        self._last_time = 0.0
        self._dirty = False

    def __call__(self, received: int, total: int | None) -> None:
        text = f"{self.label}: {_mb(received)}"
        if total:
            pct = min(100, received * 100 // total)
            text += f" of {_mb(total)} ({pct} %)"
            step = pct // 10
        else:
            step = received // 1_000_000
        if self.tty:
            now = time.monotonic()
            if now - self._last_time >= 0.1 or (total and received >= total):
                self.stream.write("\r" + text + "   ")
                self.stream.flush()
                self._last_time = now
                self._dirty = True
        elif step != self._last_step:
            self._last_step = step
            print(text, file=self.stream, flush=True)

    def done(self) -> None:
        if self._dirty:
            self.stream.write("\n")
            self.stream.flush()
            self._dirty = False

    def say(self, message: str) -> None:
        self.done()
        print(message, file=self.stream, flush=True)


def _today() -> date:
    return datetime.now(UTC).date()


def cmd_geodata_fetch(args: argparse.Namespace) -> int:
    from klyngekort.geo.fetch import (
        DEFAULT_ATTEMPTS,
        DEFAULT_TIMEOUT,
        FetchError,
        SourceError,
        fetch_geodata,
        resolve_source,
    )
    from klyngekort.geo.provenance import provenance_path

    if args.timeout is not None and args.timeout <= 0:
        raise CliError(f"--timeout must be above 0 seconds, got {args.timeout:g}", 2)
    if args.attempts is not None and args.attempts < 1:
        raise CliError(f"--attempts must be at least 1, got {args.attempts}", 2)
    try:
        source = resolve_source(args.source if args.source is not None else config.geodata_source())
    except SourceError as exc:
        raise CliError(str(exc), 2) from None
    dest = args.dest or config.downloaded_geodata_dir()
    printer = ProgressPrinter()
    _err(f"fetching DAGI municipal boundaries from {source.title} into {dest}")
    try:
        result = fetch_geodata(
            source,
            dest,
            timeout=args.timeout if args.timeout is not None else DEFAULT_TIMEOUT,
            attempts=args.attempts if args.attempts is not None else DEFAULT_ATTEMPTS,
            progress=printer,
            say=printer.say,
        )
    except SourceError as exc:
        printer.done()
        raise CliError(str(exc), 2) from None
    except FetchError as exc:
        printer.done()
        raise CliError(str(exc), 1) from None
    printer.done()
    prov, report = result.provenance, result.report
    print(f"file: {result.path}")
    print(f"source: {prov.source} ({prov.source_title})")
    print(f"url: {prov.url}")
    print(f"fetched: {prov.fetched_at}")
    print(
        f"licence: {prov.licence}, {prov.publisher}"
        + (" (assumed: a URL source)" if prov.licence_assumed else "")
    )
    print(f"features: {prov.features}")
    print(_municipality_line(prov.municipalities, prov.outside_division))
    print(f"crs: {prov.crs}")
    print(f"repaired geometries: {prov.repaired_geometries}")
    print(f"bytes: {prov.bytes:,}")
    print(f"sha256: {prov.sha256}")
    print(f"provenance: {provenance_path(result.path)}")
    for note in report.notes:
        _err(f"note: {note}")
    if result.unchanged:
        _err("note: the same bytes as the copy that was there")
    in_use = config.geodata_dir()
    if in_use.resolve() not in (result.path.resolve(), result.path.parent.resolve()):
        why = (
            f"{config.ENV_GEODATA} or the settings file points there"
            if config.configured_geodata() is not None
            else "it comes first in the lookup order"
        )
        _err(
            f"note: Klyngekort keeps using {in_use} ({why}); "
            f"set {config.ENV_GEODATA}={result.path.parent} to use this copy"
        )
    return 0


def _municipality_line(n: int, outside: tuple[str, ...] | list[str]) -> str:
    extra = f" (+{len(outside)} outside the municipal division: {', '.join(outside)})" if outside else ""
    return f"municipalities: {n} of 98{extra}"


def _lookup_text() -> str:
    if os.environ.get(config.ENV_GEODATA):
        return f"set by {config.ENV_GEODATA}"
    if config.configured_geodata() is not None:
        return f"set in {config.settings_file()}"
    order = " → ".join(str(p) for p in config.geodata_search_order())
    return f"lookup order {order}"


def cmd_geodata(args: argparse.Namespace) -> int:
    """``klyngekort geodata [info]``: which DAGI file is used, where it came from, its date and counts."""
    from klyngekort.geo.fetch import data_date, inspect_file
    from klyngekort.geo.provenance import STALE_AFTER_DAYS
    from klyngekort.geo.read import GeodataError

    layers = _municipalities(args.geodata)
    try:
        report = inspect_file(layers.source)
    except GeodataError as exc:  # pragma: no cover - load_layers has just read the same file
        raise CliError(str(exc), 1) from None
    munis = layers.municipalities
    inside = munis[~munis["outside_division"]]
    outside = sorted(munis.loc[munis["outside_division"], "kommunekode"])
    prov = layers.provenance
    today = _today()
    print(f"file: {layers.source}")
    if args.geodata is None:
        print(f"found: {config.geodata_dir()} ({_lookup_text()})")
    if prov is not None:
        print(f"source: {prov.source} ({prov.source_title})")
        print(f"url: {prov.url}")
        age = prov.age_days(today)
        print(f"fetched: {prov.fetched_at} ({age} day{'s' if age != 1 else ''} ago)")
        print(
            f"licence: {prov.licence}, {prov.publisher}"
            + (" (assumed: a URL source)" if prov.licence_assumed else "")
        )
    else:
        print("source: unknown (no provenance file beside it; `klyngekort geodata fetch` writes one)")
    when = data_date(report, layers.source_hash)
    if when is not None:
        print(f"data date: {when.isoformat()} (the latest boundary change the file or its source records)")
    print(f"features: {report.features}")
    print(_municipality_line(len(inside), outside))
    print(f"crs: {report.crs} (distances and areas in EPSG:25832)")
    print(f"repaired geometries: {report.repaired}")
    print(f"area: {inside.area.sum() / 1e6:,.1f} km2 (EPSG:25832)")
    print(f"display layer: {len(layers.display)} features")
    print(f"sha256: {layers.source_hash}")
    print(f"attribution: {layers.attribution}")
    for problem in report.problems:
        _err(f"warning: {problem}")
    if prov is not None and prov.is_stale(today):
        _err(
            f"warning: fetched {prov.fetched_date.isoformat()}, more than a year ago: "
            "`klyngekort geodata fetch` gets the current boundaries"
        )
    elif prov is None and when is not None and (today - when).days > STALE_AFTER_DAYS:
        _err(
            f"warning: the boundaries date from {when.isoformat()}, more than a year ago: "
            "`klyngekort geodata fetch` gets the current ones"
        )
    elif prov is None and when is None:
        _err("note: the date of these boundaries is unknown")
    return 0
