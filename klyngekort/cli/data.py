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

from klyngekort.cli.common import CliError, _err, _municipalities, lang, say, text
from klyngekort.core import config
from klyngekort.core.messages import Message


def cmd_validate(args: argparse.Namespace) -> int:
    from klyngekort.core.limits import cap_issues
    from klyngekort.core.loading import load_dataset

    layers = _municipalities(args.geodata)
    result = load_dataset(args.data, places=layers.places)
    # At most the limit messages_per_kind of each kind, then "… og N flere af samme slags".
    for issue in cap_issues(result.issues):
        print(text(issue))
    n_err, n_warn = len(result.errors), len(result.warnings)
    where = args.data or config.data_dir()
    print(say("cli.validate_summary", where=str(where), errors=n_err, warnings=n_warn), file=sys.stderr)
    return 1 if n_err else 0


def cmd_limits(args: argparse.Namespace) -> int:
    """Every bound on input (:mod:`klyngekort.core.limits`) with its value, the environment
    variable that changes it, and where the value came from."""
    from klyngekort.core.limits import all_limits
    from klyngekort.core.model import Message
    from klyngekort.present.i18n import fmt_number

    print(say("cli.limits_header"))
    for lim, value, source in all_limits():
        print(
            say(
                "cli.limits_line",
                name=lim.name,
                value=fmt_number(value, lang(), 0),
                env=lim.env,
                source=source,
                what=Message(lim.what),
            )
        )
    return 0


def _mb(n: int) -> str:
    return say("cli.megabytes", mb=n / 1e6)


class ProgressPrinter:
    """Download progress on stderr: one line rewritten in place on a terminal, else a line per
    10 % (or per MB when the size is unknown)."""

    def __init__(self, stream: TextIO | None = None, label: str | None = None):
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label = label if label is not None else say("cli.downloading")
        self._last_step = -1
        self._last_time = 0.0
        self._dirty = False

    def __call__(self, received: int, total: int | None) -> None:
        if total:
            pct = min(100, received * 100 // total)
            line = say("cli.progress_of", label=self.label, received=_mb(received), total=_mb(total), pct=pct)
            step = pct // 10
        else:
            line = say("cli.progress", label=self.label, received=_mb(received))
            step = received // 1_000_000
        if self.tty:
            now = time.monotonic()
            if now - self._last_time >= 0.1 or (total and received >= total):
                self.stream.write("\r" + line + "   ")
                self.stream.flush()
                self._last_time = now
                self._dirty = True
        elif step != self._last_step:
            self._last_step = step
            print(line, file=self.stream, flush=True)

    def done(self) -> None:
        if self._dirty:
            self.stream.write("\n")
            self.stream.flush()
            self._dirty = False

    def say(self, message: Message) -> None:
        self.done()
        print(text(message), file=self.stream, flush=True)


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
        raise CliError("cli.timeout_not_positive", 2, value=args.timeout)
    if args.attempts is not None and args.attempts < 1:
        raise CliError("cli.attempts_below_one", 2, value=args.attempts)
    try:
        source = resolve_source(args.source if args.source is not None else config.geodata_source())
    except SourceError as exc:
        raise CliError("cli.fetch_failed", 2, problem=exc.message) from None
    dest = args.dest or config.downloaded_geodata_dir()
    printer = ProgressPrinter()
    _err(say("cli.fetching", source=source.title, dest=str(dest)))
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
        raise CliError("cli.fetch_failed", 2, problem=exc.message) from None
    except FetchError as exc:
        printer.done()
        raise CliError("cli.fetch_failed", 1, problem=exc.message) from None
    printer.done()
    prov, report = result.provenance, result.report
    print(say("cli.geo_file", path=str(result.path)))
    print(say("cli.geo_source", source=prov.source, title=prov.source_title))
    print(f"url: {prov.url}")
    print(say("cli.geo_fetched", fetched=prov.fetched_at))
    print(
        say(
            "cli.geo_licence_assumed" if prov.licence_assumed else "cli.geo_licence",
            licence=prov.licence,
            publisher=prov.publisher,
        )
    )
    print(say("cli.geo_features", n=prov.features))
    print(_municipality_line(prov.municipalities, prov.outside_division))
    print(f"crs: {prov.crs}")
    print(say("cli.geo_repaired", n=prov.repaired_geometries))
    print(say("cli.geo_bytes", n=float(prov.bytes)))
    print(f"sha256: {prov.sha256}")
    print(say("cli.geo_provenance", path=str(provenance_path(result.path))))
    for note in report.notes:
        _err(say("cli.note", note=note))
    if result.unchanged:
        _err(say("cli.note", note=say("cli.geo_unchanged")))
    in_use = config.geodata_dir()
    if in_use.resolve() not in (result.path.resolve(), result.path.parent.resolve()):
        code = "cli.geo_kept_configured" if config.configured_geodata() is not None else "cli.geo_kept_first"
        _err(say(code, in_use=str(in_use), env=config.ENV_GEODATA, folder=str(result.path.parent)))
    return 0


def _municipality_line(n: int, outside: tuple[str, ...] | list[str]) -> str:
    if outside:
        return say("cli.geo_municipalities_outside", n=n, outside=len(outside), codes=list(outside))
    return say("cli.geo_municipalities", n=n)


def _lookup_text() -> str:
    if os.environ.get(config.ENV_GEODATA):
        return say("cli.geo_set_by", env=config.ENV_GEODATA)
    if config.configured_geodata() is not None:
        return say("cli.geo_set_in", file=str(config.settings_file()))
    return say("cli.geo_lookup_order", order=" → ".join(str(p) for p in config.geodata_search_order()))


def cmd_geodata(args: argparse.Namespace) -> int:
    """``klyngekort geodata [info]``: which DAGI file is used, where it came from, its date and counts."""
    from klyngekort.geo.fetch import data_date, inspect_file
    from klyngekort.geo.provenance import STALE_AFTER_DAYS
    from klyngekort.geo.read import GeodataError

    layers = _municipalities(args.geodata)
    try:
        report = inspect_file(layers.source)
    except GeodataError as exc:  # pragma: no cover - load_layers has just read the same file
        raise CliError("cli.geodata", 1, problem=exc.message, how_to=Message("geo.how_to")) from None
    munis = layers.municipalities
    inside = munis[~munis["outside_division"]]
    outside = sorted(munis.loc[munis["outside_division"], "kommunekode"])
    prov = layers.provenance
    today = _today()
    print(say("cli.geo_file", path=str(layers.source)))
    if args.geodata is None:
        print(say("cli.geo_found", path=str(config.geodata_dir()), how=_lookup_text()))
    if prov is not None:
        print(say("cli.geo_source", source=prov.source, title=prov.source_title))
        print(f"url: {prov.url}")
        age = prov.age_days(today)
        code = "cli.geo_fetched_a_day_ago" if age == 1 else "cli.geo_fetched_days_ago"
        print(say(code, fetched=prov.fetched_at, days=age))
        print(
            say(
                "cli.geo_licence_assumed" if prov.licence_assumed else "cli.geo_licence",
                licence=prov.licence,
                publisher=prov.publisher,
            )
        )
    else:
        print(say("cli.geo_source_unknown"))
    when = data_date(report, layers.source_hash)
    if when is not None:
        print(say("cli.geo_data_date", date=when.isoformat()))
    print(say("cli.geo_features", n=report.features))
    print(_municipality_line(len(inside), outside))
    print(say("cli.geo_crs", crs=str(report.crs)))
    print(say("cli.geo_repaired", n=report.repaired))
    print(say("cli.geodata_area", km2=float(inside.area.sum() / 1e6)))
    print(say("cli.geodata_display", n=len(layers.display)))
    print(f"sha256: {layers.source_hash}")
    print(say("cli.geodata_attribution", attribution=layers.attribution))
    for problem in report.problems:
        _err(say("cli.warning", problem=problem))
    if prov is not None and prov.is_stale(today):
        _err(say("cli.geo_stale_fetch", date=prov.fetched_date.isoformat()))
    elif prov is None and when is not None and (today - when).days > STALE_AFTER_DAYS:
        _err(say("cli.geo_stale_data", date=when.isoformat()))
    elif prov is None and when is None:
        _err(say("cli.note", note=say("cli.geo_date_unknown")))
    return 0
