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
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from klyngekort.core import config

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from klyngekort.core.coverage import CoverageParams
    from klyngekort.core.model import Dataset
    from klyngekort.geo.cache import GeoLayers


PROG = "klyngekort"


DEFAULT_PERIOD = "2021-2024"  # as in the app


COVERAGE_VIEWS = ("municipality", "hub", "cluster", "gaps")


TABLE_FORMATS = ("csv", "json", "xlsx")


class CliError(Exception):
    """A problem to report on stderr without a traceback. ``code`` 2 is a usage error
    (the subcommand's usage line is printed first), 1 an error in the data or files."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def _err(*lines: object) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _programme_notes(ds: Dataset, period) -> list[str]:
    """For each programme period ``period`` overlaps: "Clusters 2025–2028: 11 funded, 2 of them
    known by name." (with "The other clusters' status ... is unknown." when not all are named)."""
    from klyngekort.core.programmes import programme_counts
    from klyngekort.present.i18n import fmt_period, programme_line, t

    out = []
    for c in programme_counts(ds, period):
        line = programme_line(c.period, c.total, c.known_by_name, c.counted_as, "en")
        if not c.complete:
            line += " " + t("prog_rest_unknown", "en", period=fmt_period(c.period))
        out.append(line)
    return out


def _arg_period(text: str):
    from klyngekort.core.periods import period_for

    try:
        return period_for(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _arg_mode(text: str) -> str:
    mode = text.strip().lower().replace("-", "_")
    if mode not in ("distance", "hub_area"):
        raise argparse.ArgumentTypeError(f"unknown mode {text!r}: use distance or hub-area")
    return mode


def _arg_extra(text: str):
    from klyngekort.core.presence import ExtraPresence

    try:
        return ExtraPresence.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _arg_float(what: str):
    def parse(text: str) -> float:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a number, got {text!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{what} must be a finite number, got {text!r}")
        return value

    return parse


def _arg_target_share(text: str) -> float | str:
    """``0.8``, ``80%`` or ``all`` (everything reachable; kept as the text ``"all"`` because
    argparse would not see a ``None`` value as given in a required group)."""
    t = text.strip().lower()
    if t in ("all", "reachable"):
        return "all"
    try:
        value = float(t[:-1].replace(",", ".")) / 100 if t.endswith("%") else float(t.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--target-share must be a share 0–1, a percentage such as 80% or 'all', got {text!r}"
        ) from None
    if not (math.isfinite(value) and 0 <= value <= 1):
        raise argparse.ArgumentTypeError(f"--target-share must be between 0 and 1 (0%–100%), got {text!r}")
    return value


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
        help="dataset folder (default: data/ or $KLYNGEKORT_DATA)",
    )
    p.add_argument(
        "--geodata",
        type=Path,
        default=None,
        metavar="PATH",
        help="DAGI municipalities: a file or folder (default: $KLYNGEKORT_GEODATA or ../shared/geodata)",
    )


def _municipalities(geodata: Path | None) -> GeoLayers:
    """DAGI municipalities, or exit 1 with the message on how to get them."""
    from klyngekort.geo.cache import load_layers
    from klyngekort.geo.read import GeodataError

    try:
        return load_layers(geodata)
    except GeodataError as exc:
        raise CliError(str(exc), 1) from None


def _load(args: argparse.Namespace, *, geodata: bool = True) -> tuple[Dataset, GeoLayers | None]:
    """The dataset (checked against DAGI when ``geodata``); exit 1 listing the errors when it has any."""
    from klyngekort.core.loading import load_dataset

    layers = _municipalities(args.geodata) if geodata else None
    result = load_dataset(args.data, places=layers.places if layers is not None else None)
    where = args.data or config.data_dir()
    if result.dataset is None or result.errors:
        _err(*result.errors)
        raise CliError(
            f"{where}: {len(result.errors)} error(s) in the data; nothing was computed "
            f"(klyngekort validate --data {where} lists every problem)",
            1,
        )
    ds = result.dataset
    if result.warnings:
        _err(f"{where}: {len(result.warnings)} warning(s) in the data (see klyngekort validate)")
    if ds.is_example:
        _err(f"EKSEMPELDATA: {ds.label} holds invented rows, not facts")
    return ds, layers


def _check_reach_args(args: argparse.Namespace) -> None:
    """Radius and minutes, before anything is loaded (usage errors, exit 2)."""
    from klyngekort.core.coverage import RADIUS_MAX_KM, RADIUS_MIN_KM

    r = args.radius_km
    if r is not None and not (RADIUS_MIN_KM <= r <= RADIUS_MAX_KM):
        raise CliError(f"--radius-km {r:g} is out of range: use {RADIUS_MIN_KM:g}–{RADIUS_MAX_KM:g} km", 2)
    if args.minutes is not None:
        if args.minutes <= 0:
            raise CliError(f"--minutes {args.minutes:g} must be more than 0", 2)
        if args.travel_times is None:
            raise CliError(
                "--minutes needs a travel-time table: --travel-times FILE "
                "(CSV from_kommunekode,to_kommunekode,minutes)",
                2,
            )


def _coverage_params(args: argparse.Namespace, ds: Dataset) -> CoverageParams:
    """Coverage parameters; a bad travel-time table lists its problems and exits 1."""
    from klyngekort.core.coverage import DEFAULT_RADIUS_KM, CoverageParams
    from klyngekort.core.travel import read_travel_times

    tt = None
    if args.travel_times is not None:
        path = Path(args.travel_times)
        if not path.is_file():
            raise CliError(f"--travel-times {path}: file not found", 2)
        known = set(ds.hub_areas["kommunekode"].astype(str))
        res = read_travel_times(path, known)
        _err(*res.issues)
        if res.travel_times is None or res.errors:
            raise CliError(
                f"{path}: the travel-time table has {len(res.errors)} error(s); "
                "expected CSV columns from_kommunekode,to_kommunekode,minutes",
                1,
            )
        tt = res.travel_times
    radius = args.radius_km if args.radius_km is not None else DEFAULT_RADIUS_KM
    try:
        return CoverageParams(mode=args.mode, radius_km=radius, minutes=args.minutes, travel_times=tt)
    except ValueError as exc:
        raise CliError(str(exc), 2) from None


def _check_clusters(ds: Dataset, ids: Sequence[str], option: str = "--cluster") -> None:
    known = list(ds.clusters["cluster_id"].astype(str))
    unknown = [c for c in ids if c not in known]
    if unknown:
        raise CliError(f"{option}: unknown cluster id(s) {', '.join(unknown)} (known: {', '.join(known)})", 2)


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
            raise CliError("binary output needs --out FILE", 2)
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    try:
        if out.parent and not out.parent.exists():
            raise CliError(f"--out {out}: the folder {out.parent} does not exist", 1)
        out.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    except OSError as exc:
        raise CliError(f"--out {out}: cannot write the file: {exc.strerror or exc}", 1) from None
    _err(f"wrote {out}")


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
