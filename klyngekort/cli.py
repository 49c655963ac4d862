"""The ``klyngekort`` command line.

    klyngekort validate [--data DIR] [--geodata PATH]
    klyngekort geodata [--geodata PATH]
    klyngekort coverage [--by municipality|hub|cluster|gaps] [--add-site CLUSTER_ID@SITE_ID ...] ...
    klyngekort plan --cluster ID (--sites K | --target-share X) ...
    klyngekort scenario list|show|export|import|delete ...
    klyngekort assets
    klyngekort run [-- streamlit options]

Bad input never gives a traceback: problems are printed as ``file:line:field: message``
and the exit code is 1 for errors in the data (2 for usage errors, as argparse does).
Tables go to stdout (or ``--out FILE``); messages, the coverage method and warnings go to
stderr, so ``klyngekort coverage > table.csv`` gives a clean file.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from klyngekort import config

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from klyngekort.coverage import CoverageParams
    from klyngekort.geodata import GeoLayers
    from klyngekort.model import Dataset

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


# --------------------------------------------------------------------------- argument types


def _arg_period(text: str):
    from klyngekort.periods import period_for

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
    from klyngekort.presence import ExtraPresence

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
            f"--target-share must be a share 0–1, a percentage such as 80% or 'all', got {text!r}") from None
    if not (math.isfinite(value) and 0 <= value <= 1):
        raise argparse.ArgumentTypeError(f"--target-share must be between 0 and 1 (0%–100%), got {text!r}")
    return value


def _ids(values: Sequence[str] | None) -> list[str]:
    """Ids from repeated/space-separated options, also split on commas; order kept, no repeats."""
    out: list[str] = []
    for v in values or ():
        out += [p.strip() for p in str(v).split(",") if p.strip()]
    return list(dict.fromkeys(out))


# --------------------------------------------------------------------------- shared loading


def _add_data_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", type=Path, default=None, metavar="DIR", help="dataset folder (default: data/ or $KLYNGEKORT_DATA)")
    p.add_argument("--geodata", type=Path, default=None, metavar="PATH",
                   help="DAGI municipalities: a file or folder (default: $KLYNGEKORT_GEODATA or ../shared/geodata)")


def _municipalities(geodata: Path | None) -> GeoLayers:
    """DAGI municipalities, or exit 1 with the message on how to get them."""
    from klyngekort.geodata import GeodataError, load_layers

    try:
        return load_layers(geodata)
    except GeodataError as exc:
        raise CliError(str(exc), 1) from None


def _load(args: argparse.Namespace, *, geodata: bool = True) -> tuple[Dataset, GeoLayers | None]:
    """The dataset (checked against DAGI when ``geodata``); exit 1 listing the errors when it has any."""
    from klyngekort.dataset import load_dataset

    layers = _municipalities(args.geodata) if geodata else None
    result = load_dataset(args.data, municipalities=layers.municipalities if layers is not None else None)
    where = args.data or config.data_dir()
    if result.dataset is None or result.errors:
        _err(*result.errors)
        raise CliError(f"{where}: {len(result.errors)} error(s) in the data; nothing was computed "
                       f"(klyngekort validate --data {where} lists every problem)", 1)
    ds = result.dataset
    if result.warnings:
        _err(f"{where}: {len(result.warnings)} warning(s) in the data (see klyngekort validate)")
    if ds.is_example:
        _err(f"EKSEMPELDATA: {ds.label} holds invented rows, not facts")
    return ds, layers


def _check_reach_args(args: argparse.Namespace) -> None:
    """Radius and minutes, before anything is loaded (usage errors, exit 2)."""
    from klyngekort.coverage import RADIUS_MAX_KM, RADIUS_MIN_KM

    r = args.radius_km
    if r is not None and not (RADIUS_MIN_KM <= r <= RADIUS_MAX_KM):
        raise CliError(f"--radius-km {r:g} is out of range: use {RADIUS_MIN_KM:g}–{RADIUS_MAX_KM:g} km", 2)
    if args.minutes is not None:
        if args.minutes <= 0:
            raise CliError(f"--minutes {args.minutes:g} must be more than 0", 2)
        if args.travel_times is None:
            raise CliError("--minutes needs a travel-time table: --travel-times FILE "
                           "(CSV from_kommunekode,to_kommunekode,minutes)", 2)


def _coverage_params(args: argparse.Namespace, ds: Dataset) -> CoverageParams:
    """Coverage parameters; a bad travel-time table lists its problems and exits 1."""
    from klyngekort.coverage import DEFAULT_RADIUS_KM, CoverageParams
    from klyngekort.travel import read_travel_times

    tt = None
    if args.travel_times is not None:
        path = Path(args.travel_times)
        if not path.is_file():
            raise CliError(f"--travel-times {path}: file not found", 2)
        known = set(ds.hub_areas["kommunekode"].astype(str))
        res = read_travel_times(path, known)
        _err(*res.issues)
        if res.travel_times is None or res.errors:
            raise CliError(f"{path}: the travel-time table has {len(res.errors)} error(s); "
                           "expected CSV columns from_kommunekode,to_kommunekode,minutes", 1)
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


# --------------------------------------------------------------------------- output


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


def _write_table(df: pd.DataFrame, fmt: str, out: Path | None, sheet: str,
                 extra_sheets: dict[str, pd.DataFrame] | None = None) -> None:
    """A table as CSV (stdout: plain UTF-8; a file: UTF-8 with BOM for Excel), JSON records
    or Excel (needs ``out``). Text that a spreadsheet would run as a formula is neutralised
    in CSV and Excel (:func:`klyngekort.export.safe_table`)."""
    from klyngekort.export import safe_table, to_csv_bytes, to_xlsx_bytes

    if fmt == "xlsx":
        _write_out(out, to_xlsx_bytes({sheet: df, **(extra_sheets or {})}))
    elif fmt == "json":
        _write_out(out, _json_records(df))
    elif out is None:
        _write_out(None, safe_table(df).to_csv(index=False))
    else:
        _write_out(out, to_csv_bytes(df))


# --------------------------------------------------------------------------- validate / geodata


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


# --------------------------------------------------------------------------- coverage


def _method_sheet(rows: dict[str, object]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({"item": list(rows), "value": ["" if v is None else str(v) for v in rows.values()]})


def cmd_coverage(args: argparse.Namespace) -> int:
    """Coverage indicators per municipality, hub area × cluster, cluster or gap."""
    from klyngekort.coverage import compute_coverage, demand_for, describe_method
    from klyngekort.presence import clusters_in_period, presences, ties_only

    fmt = _format_for(args.format, args.out, TABLE_FORMATS)
    if fmt == "xlsx" and args.out is None:
        raise CliError("--format xlsx needs --out FILE.xlsx (Excel is not written to the terminal)", 2)
    _check_reach_args(args)
    cluster_ids = _ids(args.cluster)
    extra = list(dict.fromkeys(args.add_site or []))

    ds, layers = _load(args)
    assert layers is not None
    _check_clusters(ds, cluster_ids)
    params = _coverage_params(args, ds)
    period = args.period
    try:
        pres = presences(ds, period, extra=extra)
    except ValueError as exc:  # unknown cluster or hub in --add-site
        raise CliError(str(exc), 2) from None

    in_period = clusters_in_period(ds, period, extra=extra)
    if cluster_ids:
        active = set(in_period["cluster_id"].astype(str))
        for c in cluster_ids:
            if c not in active:
                _err(f"warning: cluster {c} is not in force in {period.key}: it has no presence")
        clusters = ds.clusters[ds.clusters["cluster_id"].astype(str).isin(cluster_ids)]
        for e in extra:
            if e.cluster_id not in cluster_ids:
                _err(f"warning: --add-site {e}: cluster {e.cluster_id} is not among --cluster and is not shown")
    else:
        clusters = in_period
    ties = ties_only(ds, period, extra=extra, presences_df=pres)
    result = compute_coverage(demand_for(ds, layers.municipalities), pres, clusters, params, ties=ties, hubs=ds.hubs)

    method = describe_method(params, "en")
    _err(f"method: {method}")
    for e in extra:
        _err(f"added for this run: {e}")
    for note in result.notes:
        _err(f"note: {note}")

    table = {
        "municipality": result.municipalities,
        "hub": result.hub_matrix.long,
        "cluster": result.clusters,
        "gaps": result.gaps,
    }[args.by]
    meta = _method_sheet({
        "method": method,
        "metode": describe_method(params, "da"),
        "period": period.key,
        "mode": params.mode,
        "criterion": params.criterion,
        "radius_km": params.radius_km,
        "minutes": params.minutes,
        "travel_times": args.travel_times,
        "added_sites": " ".join(str(e) for e in extra),
        "clusters": ";".join(result.core.cluster_ids),
        "dataset": f"{ds.label} ({ds.path})",
        "geodata": f"{layers.source} (sha256 {layers.source_hash})",
        "attribution": layers.attribution,
        "notes": " | ".join(result.notes),
    })
    _write_table(table, fmt, args.out, args.by, {"method": meta})
    return 0


# --------------------------------------------------------------------------- plan

_PLAN_USAGE_FIELDS = {"cluster_id", "k", "target_share", "candidates", "extra_candidate_kommunekoder"}


def _plan_rows(outcome) -> pd.DataFrame:
    """The plan as one CSV row per recommended site, with the totals on every row (one row
    with empty site columns when no site is recommended)."""
    import pandas as pd

    d = outcome.to_dict()
    wn = outcome.input.weight_name
    summary = {
        f"covered_{wn}_before": d.get(f"covered_{wn}_before"),
        f"covered_{wn}_after": d.get(f"covered_{wn}_after"),
        "covered_share_before": d.get("covered_share_before"),
        "covered_share_after": d.get("covered_share_after"),
        f"total_{wn}": d.get(f"total_{wn}"),
        "solver_status": d.get("solver_status"),
    }
    cols = ["cluster_id", "rank", "site_id", "kind", "name", "kommunekode", f"{wn}_gain", "add_site", *summary]
    sites = outcome.sites_table()
    rows = [
        {"cluster_id": outcome.cluster_id, "rank": r["rank"], "site_id": r["candidate_id"], "kind": r["kind"],
         "name": r["name"], "kommunekode": r["kommunekode"], f"{wn}_gain": r[f"{wn}_gain"],
         "add_site": r["add_site"], **summary}
        for r in sites.to_dict("records")
    ] or [{"cluster_id": outcome.cluster_id, **summary}]
    return pd.DataFrame(rows, columns=cols)


def cmd_plan(args: argparse.Namespace) -> int:
    """The best K new co-location sites for a cluster, or the fewest for a target share."""
    from klyngekort.coverage import demand_for, describe_method
    from klyngekort.planning import fewest_sites_for_cluster, plan_for_cluster

    if args.sites is not None and args.sites < 0:
        raise CliError(f"--sites must be a whole number ≥ 0, got {args.sites}", 2)
    if args.time_limit <= 0:
        raise CliError(f"--time-limit must be more than 0 seconds, got {args.time_limit:g}", 2)
    _check_reach_args(args)
    fmt = _format_for(args.format, args.out, ("json", "csv"))
    ds, layers = _load(args)
    assert layers is not None
    cluster_id = args.cluster.strip()
    _check_clusters(ds, [cluster_id])
    params = _coverage_params(args, ds)
    kw: dict[str, Any] = dict(period=args.period, candidates=args.candidates,
                              extra_candidate_kommunekoder=_ids(args.add_candidate),
                              demand=demand_for(ds, layers.municipalities), time_limit_s=args.time_limit)
    if args.sites is not None:
        outcome = plan_for_cluster(ds, layers.municipalities, cluster_id, args.sites, params, **kw)
    else:
        target = None if args.target_share == "all" else args.target_share
        outcome = fewest_sites_for_cluster(ds, layers.municipalities, cluster_id, target, params, **kw)

    errors = [i for i in outcome.issues if i.severity == "error"]
    _err(*(i for i in outcome.issues if i.severity != "error"))
    if errors or outcome.result is None:
        _err(*errors)
        usage = any(i.field in _PLAN_USAGE_FIELDS for i in errors)
        raise CliError(f"no plan for {cluster_id}: " + "; ".join(i.message for i in errors), 2 if usage else 1)

    r = outcome.result
    _err(f"method: {describe_method(params, 'en')}")
    if r.explanation:
        _err(r.explanation)
    if fmt == "csv":
        _write_table(_plan_rows(outcome), "csv", args.out, "plan")
    else:
        _write_out(args.out, json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2) + "\n")
    if r.solver_status in ("infeasible", "not_solved"):
        _err(f"solver status: {r.solver_status}")
        return 1
    return 0


# --------------------------------------------------------------------------- scenario


def _store(args: argparse.Namespace):
    from klyngekort.scenario_store import ScenarioStore

    return ScenarioStore(args.db if args.db is not None else config.scenario_db_path())


def _json_locations(text: str) -> tuple[dict[str, int], list[int]]:
    """Line numbers in a scenario file: of each top-level key, and of each element of
    ``changes`` (so an issue about change N points at the line where it starts).
    Returns empty results for text that is not a JSON object."""
    dec = json.JSONDecoder()
    keys: dict[str, int] = {}
    changes: list[int] = []

    def ws(i: int) -> int:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    def line(i: int) -> int:
        return text.count("\n", 0, i) + 1

    try:
        i = ws(0)
        if i >= len(text) or text[i] != "{":
            return {}, []
        i = ws(i + 1)
        while i < len(text) and text[i] != "}":
            key_pos = i
            key, i = dec.raw_decode(text, i)
            i = ws(i)
            if text[i] != ":":
                return keys, changes
            i = ws(i + 1)
            keys.setdefault(str(key), line(key_pos))
            if key == "changes" and text[i] == "[":
                found: list[int] = []
                i = ws(i + 1)
                while text[i] != "]":
                    found.append(line(i))
                    _, i = dec.raw_decode(text, i)
                    i = ws(i)
                    if text[i] == ",":
                        i = ws(i + 1)
                i += 1
                changes = found
            else:
                _, i = dec.raw_decode(text, i)
            i = ws(i)
            if i < len(text) and text[i] == ",":
                i = ws(i + 1)
    except (ValueError, IndexError):
        return keys, changes
    return keys, changes


def _file_lines(issues: Sequence[Any], text: str) -> list[Any]:
    """Issues from :func:`klyngekort.scenarios.scenario_from_json` with ``line`` turned from the
    change's index into its line in the file (and top-level fields given their key's line).
    When the JSON does not parse, ``line`` is already the file line and is kept."""
    import dataclasses

    try:
        json.loads(text)
    except ValueError:
        return list(issues)
    keys, changes = _json_locations(text)
    out = []
    for i in issues:
        line = i.line
        if line is not None and 1 <= line <= len(changes):
            line = changes[line - 1]
        elif line is None and i.field in keys:
            line = keys[i.field]
        out.append(dataclasses.replace(i, line=line))
    return out


def cmd_scenario_list(args: argparse.Namespace) -> int:
    rows = _store(args).list()
    if args.format == "json":
        import dataclasses

        _write_out(None, json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n")
        return 0
    if not rows:
        _err(f"no scenarios in {_store_path(args)}")
        return 0
    print("id\tname\tauthor\tchanges\tversion\tread_only\tupdated_at")
    for r in rows:
        print(f"{r.id}\t{r.name}\t{r.author}\t{r.n_changes}\t{r.version}\t{'yes' if r.read_only else 'no'}\t{r.updated_at}")
    return 0


def _store_path(args: argparse.Namespace) -> Path:
    return args.db if args.db is not None else config.scenario_db_path()


def _dataset_quietly(data: Path | None) -> Dataset | None:
    """The dataset for names in ``scenario show`` (``None`` when it cannot be loaded)."""
    from klyngekort.dataset import load_dataset

    res = load_dataset(data)
    return res.dataset if res.ok else None


def cmd_scenario_show(args: argparse.Namespace) -> int:
    from klyngekort.scenarios import describe_change, scenario_to_json, validate_changes

    s = _store(args).resolve(args.scenario)
    if args.format == "json":
        _write_out(None, scenario_to_json(s))
        return 0
    ds = _dataset_quietly(args.data)
    print(f"id: {s.id}")
    print(f"name: {s.name}")
    print(f"author: {s.author}")
    print(f"description: {s.description}")
    print(f"created_at: {s.created_at}")
    print(f"updated_at: {s.updated_at}")
    print(f"version: {s.version}")
    print(f"read_only: {'yes' if s.read_only else 'no'}")
    print(f"changes: {len(s.changes)}")
    for n, ch in enumerate(s.changes, start=1):
        print(f"  {n}. {describe_change(ch, ds)}")
    if ds is not None:
        for issue in validate_changes(ds, s.changes, source=s.name):
            _err(issue)
    return 0


def cmd_scenario_export(args: argparse.Namespace) -> int:
    store = _store(args)
    s = store.resolve(args.scenario)
    _write_out(args.out, store.export_json(s.id))
    return 0


def cmd_scenario_import(args: argparse.Namespace) -> int:
    """Validate a scenario file against the dataset and store it; nothing is saved on failure."""
    from klyngekort.dataset import load_dataset

    path = Path(args.file)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CliError(f"{path}: file not found", 2) from None
    except OSError as exc:
        raise CliError(f"{path}: cannot read the file: {exc.strerror or exc}", 1) from None
    res = load_dataset(args.data)
    where = args.data or config.data_dir()
    if not res.ok:
        _err(*res.errors)
        raise CliError(f"{where}: the dataset has errors; the scenario cannot be checked against it", 1)
    store = _store(args)
    scenario, issues = store.import_json(raw, str(path), res.dataset, name=args.name, author=args.author)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    issues = _file_lines(issues, text) if text else list(issues)
    _err(*sorted(issues, key=lambda i: (i.line is not None, i.line or 0)))
    if scenario is None:
        n = sum(1 for i in issues if i.severity == "error")
        raise CliError(f"{path}: {n} error(s); nothing was saved", 1)
    print(scenario.id)
    _err(f"imported '{scenario.name}' ({len(scenario.changes)} change(s)) into {_store_path(args)}")
    return 0


def cmd_scenario_delete(args: argparse.Namespace) -> int:
    store = _store(args)
    s = store.resolve(args.scenario)
    store.delete(s.id)
    _err(f"deleted '{s.name}' ({s.id})")
    return 0


# --------------------------------------------------------------------------- assets / run


def cmd_assets(args: argparse.Namespace) -> int:
    from klyngekort.assets import ensure_assets

    print(ensure_assets())
    return 0


# Run in the server process before Streamlit starts, so the first visitor does not wait for
# folium/streamlit-folium to import and compile their templates, nor for the DAGI layers.
# (A string: this package itself never imports Streamlit.)
SERVER_PRELOAD = """
import folium, folium.plugins, geopandas, pandas  # not streamlit_folium: components must register after start
import klyngekort.national_map, klyngekort.coverage_map, klyngekort.coverage
from klyngekort.geodata import GeodataError, load_layers
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
    from klyngekort.assets import ensure_assets

    ensure_assets()  # before the server starts: Streamlit serves static/ only if it exists then
    os.chdir(config.PROJECT_ROOT)
    argv = server_command(args.streamlit_args)
    os.execv(argv[0], argv)
    return 0  # pragma: no cover


# --------------------------------------------------------------------------- parser


def _add_reach_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--period", type=_arg_period, default=DEFAULT_PERIOD, metavar="2021-2024|2025-2028|YYYY-MM-DD",
                   help=f"programme period or a single day (default {DEFAULT_PERIOD})")
    reach = p.add_mutually_exclusive_group()
    reach.add_argument("--radius-km", type=_arg_float("--radius-km"), default=None, metavar="R",
                       help="covered within R km in a straight line (10–150, default 40)")
    reach.add_argument("--minutes", type=_arg_float("--minutes"), default=None, metavar="T",
                       help="covered within T minutes by the travel-time table (needs --travel-times)")
    p.add_argument("--travel-times", type=Path, default=None, metavar="FILE",
                   help="CSV from_kommunekode,to_kommunekode,minutes (e.g. computed with OSRM)")
    p.add_argument("--mode", type=_arg_mode, default="distance", metavar="distance|hub-area",
                   help="distance: within R km or T minutes; hub-area: present in the municipality's hub area")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Klyngekort: where the national cluster organisations are present, seen from the "
                    "erhvervshuse. Tables go to stdout or --out; messages and the method to stderr. "
                    "Exit codes: 0 ok, 1 errors in data or files, 2 usage errors.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check the data files; exit 1 on errors")
    _add_data_args(p)
    p.set_defaults(func=cmd_validate, parser=p)

    p = sub.add_parser("geodata", help="show which DAGI file is used and what it holds")
    p.add_argument("--geodata", type=Path, default=None)
    p.set_defaults(func=cmd_geodata, parser=p)

    p = sub.add_parser(
        "coverage", help="coverage per municipality, hub area × cluster, cluster or gap",
        description="Which clusters cover each municipality (within R km, T minutes or the hub area). "
                    "The table goes to stdout (csv, json) or --out; the method is printed to stderr.")
    _add_data_args(p)
    _add_reach_args(p)
    p.add_argument("--by", choices=COVERAGE_VIEWS, default="municipality",
                   help="municipality (default), hub (hub area × cluster states), cluster, or gaps (ranked)")
    p.add_argument("--cluster", nargs="+", action="extend", metavar="ID",
                   help="only these clusters (default: every cluster in force in the period)")
    p.add_argument("--add-site", nargs="+", action="extend", type=_arg_extra, metavar="CLUSTER_ID@SITE_ID",
                   help="what-if: a presence of the cluster at an existing hub or branch, for this run only")
    p.add_argument("--format", choices=TABLE_FORMATS, default=None,
                   help="csv (default; from --out's suffix when given), json (records) or xlsx (needs --out)")
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_coverage, parser=p)

    p = sub.add_parser(
        "plan", help="recommend new co-location sites for a cluster",
        description="The best K new sites for a cluster (maximum population covered), or the fewest sites "
                    "to reach a target share. The cluster's current presence stays fixed. Exit 1 when the "
                    "target cannot be met or the solver found no solution (the output explains why).")
    _add_data_args(p)
    p.add_argument("--cluster", required=True, metavar="ID", help="the cluster to plan for")
    goal = p.add_mutually_exclusive_group(required=True)
    goal.add_argument("--sites", type=int, metavar="K", help="the number of new sites")
    goal.add_argument("--target-share", type=_arg_target_share, metavar="X",
                      help="the fewest sites to cover share X of the population (0.8, 80%% or 'all' reachable)")
    _add_reach_args(p)
    p.add_argument("--candidates", choices=("hubs", "all"), default="hubs",
                   help="hubs: head offices and branches (default); all: also every municipality's centre")
    p.add_argument("--add-candidate", nargs="+", action="extend", metavar="KOMMUNEKODE",
                   help="also consider these municipalities' centres as candidates")
    p.add_argument("--time-limit", type=_arg_float("--time-limit"), default=30.0, metavar="S",
                   help="solver time limit in seconds (default 30)")
    p.add_argument("--format", choices=("json", "csv"), default=None, help="json (default) or csv")
    p.add_argument("--out", type=Path, default=None, metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_plan, parser=p)

    p = sub.add_parser("scenario", help="list, show, export, import or delete saved what-if scenarios")
    ssub = p.add_subparsers(dest="scenario_command", required=True)
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument("--db", type=Path, default=None, metavar="PATH",
                    help="scenario database (default: $KLYNGEKORT_DB or var/scenarios.sqlite3)")
    s = ssub.add_parser("list", parents=[db], help="all scenarios")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.set_defaults(func=cmd_scenario_list, parser=s)
    s = ssub.add_parser("show", parents=[db], help="one scenario and its changes")
    s.add_argument("scenario", metavar="ID", help="scenario id or name")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.add_argument("--data", type=Path, default=None, metavar="DIR", help="dataset for names and checks (default: data/)")
    s.set_defaults(func=cmd_scenario_show, parser=s)
    s = ssub.add_parser("export", parents=[db], help="a scenario as JSON")
    s.add_argument("scenario", metavar="ID", help="scenario id or name")
    s.add_argument("--out", type=Path, default=None, metavar="FILE", help="write to FILE instead of stdout")
    s.set_defaults(func=cmd_scenario_export, parser=s)
    s = ssub.add_parser("import", parents=[db], help="check a scenario JSON file and save it (nothing on errors)")
    s.add_argument("file", type=Path, metavar="FILE")
    s.add_argument("--data", type=Path, default=None, metavar="DIR", help="dataset to check against (default: data/)")
    s.add_argument("--name", default=None, help="save under this name instead of the file's")
    s.add_argument("--author", default=None, help="save with this author instead of the file's")
    s.set_defaults(func=cmd_scenario_import, parser=s)
    s = ssub.add_parser("delete", parents=[db], help="delete a scenario")
    s.add_argument("scenario", metavar="ID", help="scenario id or name")
    s.set_defaults(func=cmd_scenario_delete, parser=s)

    p = sub.add_parser("assets", help="copy Leaflet into static/vendor (done automatically on start)")
    p.set_defaults(func=cmd_assets, parser=p)

    p = sub.add_parser("run", help="start the app (streamlit run app.py)")
    p.add_argument("streamlit_args", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_run, parser=p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 errors in data or files, 2 usage)."""
    from klyngekort.scenario_store import ScenarioStoreError

    parser = build_parser()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra and getattr(args, "command", None) == "run":
            args.streamlit_args = [*extra, *args.streamlit_args]  # e.g. --server.port 8502
        elif extra:
            parser.error("unrecognized arguments: " + " ".join(extra))
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2), already printed
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    sub_parser = getattr(args, "parser", parser)
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        if exc.code == 2:
            sub_parser.print_usage(sys.stderr)
        _err(f"{sub_parser.prog}: error: {exc}")
        return exc.code
    except ScenarioStoreError as exc:
        _err(f"{sub_parser.prog}: error: {exc}")
        return 1
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. `klyngekort coverage | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # never a traceback, unless asked for
        if os.environ.get("KLYNGEKORT_DEBUG"):
            raise
        _err(f"{sub_parser.prog}: internal error: {type(exc).__name__}: {exc} "
             "(set KLYNGEKORT_DEBUG=1 to see the traceback)")
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
