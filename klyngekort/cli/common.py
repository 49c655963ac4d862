"""The ``klyngekort`` command line.

    klyngekort validate [--data DIR] [--geodata PATH]
    klyngekort geodata [--geodata PATH]
    klyngekort coverage [--by municipality|hub|cluster|gaps] [--add-site CLUSTER_ID@SITE_ID ...] ...
    klyngekort plan --cluster ID (--sites K | --target-share X) ...
    klyngekort map --view national|coverage|hub|cluster|scenario ... --out FILE
    klyngekort deck [--hub ID]... --out FILE.pptx
    klyngekort report --hub ID --out FILE.pdf
    klyngekort scenario list|show|export|import|delete ...
    klyngekort assets
    klyngekort run [-- streamlit options]
    klyngekort serve [--instances N] [--port P] [--host H] ...

Bad input never gives a traceback: problems are printed as ``file:line:field: message``
and the exit code is 1 for errors in the data (2 for usage errors, as argparse does).
Tables go to stdout (or ``--out FILE``); messages, the coverage method and warnings go to
stderr, so ``klyngekort coverage > table.csv`` gives a clean file.

Messages are Danish by default, English with ``--lang en`` (or ``KLYNGEKORT_LANG=en``), as
in the app: every one is a code of :mod:`klyngekort.present.messages`, worded by
:mod:`klyngekort.present.wording`.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from klyngekort.core import config
from klyngekort.core.model import Issue, Message, MessageError
from klyngekort.present.i18n import DEFAULT_LANG, LANGS, Lang, t
from klyngekort.present.wording import issue_text, message_text

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from klyngekort.core.coverage import CoverageParams
    from klyngekort.core.model import Dataset
    from klyngekort.geo.cache import GeoLayers


PROG = "klyngekort"


def default_period() -> str:
    """The period when ``--period`` is not given, as in the app: the programme period that
    contains today (:func:`klyngekort.core.config.today`, ``$KLYNGEKORT_TODAY`` for demos and tests)."""
    from klyngekort.core import config
    from klyngekort.core.periods import current_period

    return current_period(config.today())


COVERAGE_VIEWS = ("municipality", "hub", "cluster", "gaps")


TABLE_FORMATS = ("csv", "json", "xlsx")


ENV_LANG = "KLYNGEKORT_LANG"


_run: dict[str, Lang] = {"lang": DEFAULT_LANG}  # the language of this run (set_lang)


def cli_lang(argv: Sequence[str]) -> Lang:
    """The language of the messages: ``--lang`` on the command line (before a ``--``), else
    ``$KLYNGEKORT_LANG``, else Danish. An unknown value is left to argparse to report."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.partition("=")[2]
        if (arg == "--lang" or arg.startswith("--lang=")) and value in LANGS:
            return value
    env = os.environ.get(ENV_LANG, "")
    return env if env in LANGS else DEFAULT_LANG


def set_lang(lang: Lang) -> None:
    _run["lang"] = lang


def lang() -> Lang:
    """The language of this run (:func:`set_lang`, done by :func:`klyngekort.cli.main.main`)."""
    return _run["lang"]


def text(item: object) -> str:
    """An issue, message or error in this run's language; anything else as ``str()``."""
    if isinstance(item, Issue):
        return issue_text(item, _run["lang"])
    if isinstance(item, Message | MessageError):
        return message_text(item, _run["lang"])
    return str(item)


def say(code: str, **params: Any) -> str:
    """The message ``code`` in this run's language."""
    return message_text(Message(code, params), _run["lang"])


def h(key: str, **params: Any) -> str:
    """The --help text ``key`` (a ``clih_``/``clid_`` key of the catalogue) in this run's
    language, with ``%`` escaped for argparse. The parser is built after :func:`set_lang`, so
    ``--help`` follows ``--lang`` / ``$KLYNGEKORT_LANG``."""
    return t(key, _run["lang"], **params).replace("%", "%%")


#: argparse's own words (the msgids it passes to gettext) -> catalogue keys. A msgid not here
#: (argparse's errors in the programme itself, such as conflicting options) stays as it is.
ARGPARSE_TEXTS: dict[str, str] = {
    "usage: ": "argparse_usage",
    "options": "argparse_options",
    "positional arguments": "argparse_positionals",
    "show this help message and exit": "argparse_help",
    "argument %(argument_name)s: %(message)s": "argparse_argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse_invalid_choice",
    "invalid %(type)s value: %(value)r": "argparse_invalid_value",
    "the following arguments are required: %s": "argparse_required",
    "one of the arguments %s is required": "argparse_one_required",
    "not allowed with argument %s": "argparse_not_allowed_with",
    "unrecognized arguments: %s": "argparse_unrecognized",
    "expected one argument": "argparse_expected_one",
    "expected at most one argument": "argparse_expected_at_most_one",
    "expected at least one argument": "argparse_expected_at_least_one",
    "expected %s argument": "argparse_expected_n_one",
    "expected %s arguments": "argparse_expected_n",
    "ambiguous option: %(option)s could match %(matches)s": "argparse_ambiguous",
    "ignored explicit argument %r": "argparse_ignored_explicit",
    "unexpected option string: %s": "argparse_unexpected_option",
    "can't open '%(filename)s': %(error)s": "argparse_cannot_open",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "argparse_unknown_parser",
}


def _argparse_gettext(msgid: str) -> str:
    key = ARGPARSE_TEXTS.get(msgid)
    return t(key, _run["lang"]) if key else msgid


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return _argparse_gettext(singular if n == 1 else plural)


@contextmanager
def argparse_texts() -> Iterator[None]:
    """argparse's own words ("usage:", "options", "invalid choice", ...) in this run's language
    while building and running the parser: argparse looks its texts up through the module's
    ``_``/``ngettext`` (gettext) at the moment it uses them, so they are swapped for catalogue
    lookups here and put back afterwards."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _argparse_gettext, _argparse_ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class CliError(MessageError):
    """A problem to report on stderr without a traceback: a message (``code`` and
    ``params``) and the ``exit_code``: 2 is a usage error (the subcommand's usage line is
    printed first), 1 an error in the data or files."""

    def __init__(self, code: str, exit_code: int = 1, **params: Any):
        super().__init__(code, **params)
        self.exit_code = exit_code


def _err(*lines: object) -> None:
    for line in lines:
        print(text(line), file=sys.stderr)


def _programme_notes(ds: Dataset, period) -> list[str]:
    """For each programme period ``period`` overlaps: "Clusters 2025–2028: 11 funded, 2 of them
    known by name." (with "The other clusters' status ... is unknown." when not all are named)."""
    from klyngekort.core.programmes import programme_counts
    from klyngekort.present.i18n import fmt_period, programme_line, t

    out = []
    for c in programme_counts(ds, period):
        line = programme_line(c.period, c.total, c.known_by_name, c.counted_as, lang())
        if not c.complete:
            line += " " + t("prog_rest_unknown", lang(), period=fmt_period(c.period))
        out.append(line)
    return out


def _arg_period(value: str):
    from klyngekort.core.periods import period_for

    try:
        return period_for(value.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(text(exc)) from None


def _arg_mode(value: str) -> str:
    mode = value.strip().lower().replace("-", "_")
    if mode not in ("distance", "hub_area"):
        raise argparse.ArgumentTypeError(say("cli.bad_mode", value=value))
    return mode


def _arg_extra(value: str):
    from klyngekort.core.presence import ExtraPresence

    try:
        return ExtraPresence.parse(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(text(exc)) from None


def _arg_float(what: str):
    def parse(value: str) -> float:
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise argparse.ArgumentTypeError(say("cli.not_a_number", option=what, value=value)) from None
        if not math.isfinite(number):
            raise argparse.ArgumentTypeError(say("cli.not_finite", option=what, value=value))
        return number

    return parse


def _arg_target_share(value: str) -> float | str:
    """``0.8``, ``80%`` or ``all`` (everything reachable; kept as the text ``"all"`` because
    argparse would not see a ``None`` value as given in a required group)."""
    t = value.strip().lower()
    if t in ("all", "reachable"):
        return "all"
    try:
        share = float(t[:-1].replace(",", ".")) / 100 if t.endswith("%") else float(t.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(say("cli.bad_target_share", value=value)) from None
    if not (math.isfinite(share) and 0 <= share <= 1):
        raise argparse.ArgumentTypeError(say("cli.target_share_range", value=value))
    return share


def _ids(values: Sequence[str] | None) -> list[str]:
    """Ids from repeated/space-separated options, also split on commas; order kept, no repeats."""
    out: list[str] = []
    for v in values or ():
        out += [p.strip() for p in str(v).split(",") if p.strip()]
    return list(dict.fromkeys(out))


def _add_data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data",
        type=Path,
        default=None,
        metavar="DIR",
        help=h("clih_data"),
    )
    p.add_argument(
        "--geodata",
        type=Path,
        default=None,
        metavar="PATH",
        help=h("clih_geodata"),
    )


def _municipalities(geodata: Path | None) -> GeoLayers:
    """DAGI municipalities, or exit 1 with the message on how to get them."""
    from klyngekort.geo.cache import load_layers
    from klyngekort.geo.read import GeodataError

    try:
        return load_layers(geodata)
    except GeodataError as exc:
        raise CliError("cli.geodata", 1, problem=exc.message, how_to=Message("geo.how_to")) from None


def _load(args: argparse.Namespace, *, geodata: bool = True) -> tuple[Dataset, GeoLayers | None]:
    """The dataset (checked against DAGI when ``geodata``); exit 1 listing the errors when it has any."""
    from klyngekort.core.loading import load_dataset

    layers = _municipalities(args.geodata) if geodata else None
    places = layers.places if layers is not None else None
    if args.data is not None:  # a dataset folder given on the command line
        result = load_dataset(args.data, places=places)
        where = str(args.data)
    else:  # the data of record, in the store (imported from data/ on first use)
        from klyngekort.store.data import SeedError, read_dataset
        from klyngekort.store.db import safe_url

        where = safe_url(config.database_url())
        try:
            result = read_dataset("public", places)
        except SeedError as exc:  # an empty store and data/ with errors: each one, then the summary
            _err(*exc.issues)
            raise CliError("cli.data_errors", 1, where=str(config.data_dir()), n=len(exc.issues)) from None
    if result.dataset is None or result.errors:
        _err(*result.errors)
        raise CliError("cli.data_errors", 1, where=str(where), n=len(result.errors))
    ds = result.dataset
    if result.warnings:
        _err(say("cli.data_warnings", where=str(where), n=len(result.warnings)))
    if ds.is_example:
        _err(say("cli.example_data", label=ds.label))
    return ds, layers


def _check_reach_args(args: argparse.Namespace) -> None:
    """Radius and minutes, before anything is loaded (usage errors, exit 2)."""
    from klyngekort.core.coverage import RADIUS_MAX_KM, RADIUS_MIN_KM

    r = args.radius_km
    if r is not None and not (RADIUS_MIN_KM <= r <= RADIUS_MAX_KM):
        raise CliError("cli.radius_out_of_range", 2, radius=r, min=RADIUS_MIN_KM, max=RADIUS_MAX_KM)
    if args.minutes is not None:
        if args.minutes <= 0:
            raise CliError("cli.minutes_not_positive", 2, minutes=args.minutes)
        if args.travel_times is None:
            raise CliError("cli.minutes_need_table", 2)


def _coverage_params(args: argparse.Namespace, ds: Dataset) -> CoverageParams:
    """Coverage parameters; a bad travel-time table lists its problems and exits 1."""
    from klyngekort.core.coverage import DEFAULT_RADIUS_KM, CoverageParams
    from klyngekort.core.travel import read_travel_times

    tt = None
    if args.travel_times is not None:
        path = Path(args.travel_times)
        if not path.is_file():
            raise CliError("cli.travel_times_not_found", 2, path=str(path))
        known = set(ds.hub_areas["kommunekode"].astype(str))
        res = read_travel_times(path, known)
        _err(*res.issues)
        if res.travel_times is None or res.errors:
            raise CliError("cli.travel_times_errors", 1, path=str(path), n=len(res.errors))
        tt = res.travel_times
    radius = args.radius_km if args.radius_km is not None else DEFAULT_RADIUS_KM
    try:
        return CoverageParams(mode=args.mode, radius_km=radius, minutes=args.minutes, travel_times=tt)
    except ValueError as exc:
        raise CliError("cli.bad_parameters", 2, error=str(exc)) from None


def _check_clusters(ds: Dataset, ids: Sequence[str], option: str = "--cluster") -> None:
    known = list(ds.clusters["cluster_id"].astype(str))
    unknown = [c for c in ids if c not in known]
    if unknown:
        raise CliError("cli.unknown_clusters", 2, option=option, ids=unknown, known=known)


def _format_for(fmt: str | None, out: Path | None, allowed: Sequence[str]) -> str:
    if fmt:
        return fmt
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    return suffix if suffix in allowed else allowed[0]


def _json_records(df: pd.DataFrame) -> str:
    return df.to_json(orient="records", force_ascii=False, indent=2, double_precision=15) + "\n"


def _write_out(out: Path | None, data: bytes | str) -> None:
    """Write to ``out`` (bytes or UTF-8 text), or text to stdout."""
    if out is None:
        if isinstance(data, bytes):  # pragma: no cover - callers send text to stdout
            raise CliError("cli.binary_needs_out", 2)
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    try:
        if out.parent and not out.parent.exists():
            raise CliError("cli.out_folder_missing", 1, out=str(out), folder=str(out.parent))
        out.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    except OSError as exc:
        raise CliError("cli.out_cannot_write", 1, out=str(out), error=str(exc.strerror or exc)) from None
    _err(say("cli.wrote", path=str(out)))


def _write_table(
    df: pd.DataFrame,
    fmt: str,
    out: Path | None,
    sheet: str,
    extra_sheets: dict[str, pd.DataFrame] | None = None,
) -> None:
    """A table as CSV (stdout: plain UTF-8; a file: UTF-8 with BOM for Excel), JSON records
    or Excel (needs ``out``). Text that a spreadsheet would run as a formula is neutralised
    in CSV and Excel (:func:`klyngekort.present.export.safe_table`)."""
    from klyngekort.present.export import safe_table, to_csv_bytes, to_xlsx_bytes

    if fmt == "xlsx":
        _write_out(out, to_xlsx_bytes({sheet: df, **(extra_sheets or {})}))
    elif fmt == "json":
        _write_out(out, _json_records(df))
    elif out is None:
        _write_out(None, safe_table(df).to_csv(index=False))
    else:
        _write_out(out, to_csv_bytes(df))
