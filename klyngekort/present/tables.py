"""Display tables of the coverage views, built from a
:class:`klyngekort.core.coverage.CoverageResult`: per municipality, per hub, per cluster,
the hub × cluster matrix, the gaps and the chart data; and the store's history
(:func:`history_frame`). Column names are localised through
:mod:`klyngekort.present.i18n`; numbers stay numeric so that sorting and the CSV/Excel
downloads keep them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
import pandas as pd

from klyngekort.core.coverage import STATES, CoverageResult, names_text, share
from klyngekort.core.model import Dataset
from klyngekort.core.schema import TABLES_BY_NAME
from klyngekort.present.coverage_map import _PRESENCE_SYMBOL
from klyngekort.present.i18n import LOCAL_TZ, TEXTS, Lang, fmt_number, fmt_pct, local_time, number_kind, t
from klyngekort.present.mapview import (
    RowDates,
    changed_on,
    kind_label,
)
from klyngekort.store.data import HistoryEntry

# The number kind of every table column, by column key (``col_*`` and the ``m_*`` key
# figures in klyngekort.present.i18n): one definition for the screen and the downloads.
COLUMN_KINDS: dict[str, str] = {
    "col_population": "int",
    "col_population_covered": "int",
    "col_population_uncovered": "int",
    "col_clusters_present": "int",
    "col_clusters_missing": "int",
    "col_municipalities": "int",
    "col_municipalities_covered": "int",
    "col_municipalities_uncovered": "int",
    "col_presences_in_area": "int",
    "col_persons": "int",
    "col_rank": "int",
    "col_nearest_km": "km",
    "col_nearest_min": "int",
    "col_population_covered_share": "pct",
    "col_population_uncovered_share": "pct",
    "m_municipalities": "int",
    "m_population": "int",
    "m_present": "int",
    "m_within": "int",
    "m_tie_only": "int",
    "m_absent": "int",
    "m_ties": "int",
    "m_seconded": "int",
}


def column_kinds(df: pd.DataFrame, lang: Lang, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The number kind (:data:`klyngekort.present.i18n.NUMBER_KINDS`) of every numeric column
    of a display table: ``extra`` (by column label) first, then :data:`COLUMN_KINDS` by the
    localised label, then whole numbers or two decimals by the values."""
    known = {t(k, lang): kind for k, kind in COLUMN_KINDS.items()}
    out: dict[str, str] = {}
    for col in df.columns:
        label = str(col)
        if extra and label in extra:
            out[label] = extra[label]
        elif label in known:
            out[label] = known[label]
        elif pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col]):
            out[label] = number_kind(df[col])
    return out


def _cols(lang: Lang, *keys: str) -> list[str]:
    return [t(f"col_{k}", lang) for k in keys]


def state_label(state: str, lang: Lang = "da") -> str:
    return t(f"state_{state}", lang) if state in STATES else state


#: ``DataFrame.attrs`` key: the (localised) columns of a display table that hold hub × cluster
#: state labels, so that :func:`klyngekort.ui.coverage.show_table` colours them without
#: looking for columns by their translated names.
STATE_COLUMNS = "state_columns"


def _with_states(df: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    df.attrs[STATE_COLUMNS] = list(columns)
    return df


def municipality_table(
    result: CoverageResult,
    lang: Lang = "da",
    hub_id: str | None = None,
    *,
    without_clusters: bool = False,
    with_hub: bool = True,
) -> pd.DataFrame:
    """One row per municipality (optionally of one hub area), largest population first.
    ``without_clusters``: only the municipalities no cluster covers; ``with_hub=False`` leaves
    out the hub column (for a page about one hub area)."""
    df = result.municipalities
    if hub_id:
        df = df[df["hub_id"] == hub_id]
    if without_clusters:
        df = df[df["clusters_present"] == 0]
    names = result.core.cluster_names
    present = df["clusters_present"].to_numpy(dtype=int)
    # The regional manager's question comes first: the name, how far, covered or not;
    # the long list of missing clusters last, so nothing needs sideways scrolling.
    out = pd.DataFrame(
        {
            "kommune": df["kommune"].to_numpy(),
            "nearest_km": df["nearest_presence_km"].to_numpy(dtype=float),
            "muni_state": [t("muni_covered" if n > 0 else "muni_gap", lang) for n in present],
            "population": df["population"].to_numpy(dtype=float),
            "clusters_present": present,
            "clusters_missing": df["clusters_missing"].to_numpy(dtype=int),
            "nearest_presence": df["nearest_presence_label"].to_numpy(),
            "kommunekode": df["kommunekode"].to_numpy(),
            "hub": df["hub_name"].to_numpy(),
            "missing_clusters": [names_text(x, names) for x in df["missing_clusters"]],
        }
    )
    if result.params.uses_travel_times and "nearest_presence_minutes" in df.columns:
        out.insert(2, "nearest_min", df["nearest_presence_minutes"].to_numpy(dtype=float))
    out["no_fixed_link"] = df["no_fixed_link"].to_numpy(dtype=bool)
    out = out.sort_values(["population", "kommunekode"], ascending=[False, True], kind="stable")
    if not with_hub:
        out = out.drop(columns="hub")
    out.columns = _cols(lang, *out.columns)
    return out.reset_index(drop=True)


def furthest_table(
    result: CoverageResult, lang: Lang = "da", hub_id: str | None = None, n: int = 5
) -> pd.DataFrame:
    """The ``n`` municipalities furthest from any presence of the selected clusters (of one
    hub area): name, km and the nearest presence, furthest first."""
    df = result.municipalities
    if hub_id:
        df = df[df["hub_id"] == hub_id]
    df = df.sort_values(["nearest_presence_km", "kommune"], ascending=[False, True], na_position="first")
    df = df.head(n)
    out = pd.DataFrame(
        {
            "kommune": df["kommune"].to_numpy(),
            "nearest_km": df["nearest_presence_km"].to_numpy(dtype=float),
            "nearest_presence": df["nearest_presence_label"].fillna("").to_numpy(),
        }
    )
    out.columns = _cols(lang, *out.columns)
    return out.reset_index(drop=True)


def hub_summary(result: CoverageResult, hub_id: str) -> dict[str, float]:
    """The key figures of one hub area (empty dict when the hub has no area)."""
    s = result.hub_matrix.summary
    row = s[s["hub_id"] == hub_id]
    if row.empty:
        return {}
    r = row.iloc[0]
    long = result.hub_matrix.long
    mine = long[long["hub_id"] == hub_id]
    pop = float(r["population"])
    return {
        "municipalities": int(r["municipalities"]),
        "population": pop,
        "present": int(r["clusters_present"]),
        "within_radius": int(r["clusters_within_radius"]),
        "tie_only": int(r["clusters_tie_only"]),
        "absent": int(r["clusters_absent"]),
        "ties": int(r["ties"]),
        "persons_seconded": float(r["persons_seconded"]),
        "clusters": len(mine),
    }


def hub_figures(summary: Mapping[str, float], lang: Lang = "da") -> list[tuple[str, str, str | None]]:
    """The key figures of a hub area (:func:`hub_summary`) as (label, formatted value, help or
    ``None``), in the order the app, the report and the deck show them."""

    def n(key: str) -> str:
        return fmt_number(summary[key], lang)

    return [
        (t("m_municipalities", lang), n("municipalities"), None),
        (t("m_population", lang), n("population"), None),
        (t("m_present", lang), t("cov_of", lang, a=n("present"), b=n("clusters")), None),
        (t("m_within", lang), n("within_radius"), None),
        (t("m_tie_only", lang), n("tie_only"), None),
        (t("m_absent", lang), n("absent"), None),
        (t("m_ties", lang), n("ties"), t("m_ties_help", lang)),
        (t("m_seconded", lang), n("persons_seconded"), None),
    ]


def hub_clusters(result: CoverageResult, hub_id: str) -> pd.DataFrame:
    """One hub area's rows of the hub × cluster matrix in reading order: by state (present
    first), then by the population covered, largest first, then by name."""
    long = result.hub_matrix.long
    mine = long[long["hub_id"] == hub_id]
    order = {s: i for i, s in enumerate(STATES)}
    return (
        mine.assign(_o=mine["state"].map(order))
        .sort_values(
            ["_o", "population_covered", "cluster_name"], ascending=[True, False, True], kind="stable"
        )
        .drop(columns="_o")
    )


def hub_cluster_table(result: CoverageResult, hub_id: str, lang: Lang = "da") -> pd.DataFrame:
    """The clusters seen from one hub area: state, presences, coverage of its people."""
    mine = hub_clusters(result, hub_id)
    pop = mine["population"].to_numpy(dtype=float)
    cov = mine["population_covered"].to_numpy(dtype=float)
    out = pd.DataFrame(
        {
            "cluster": mine["cluster_name"].to_numpy(),
            "state": [state_label(s, lang) for s in mine["state"]],
            "presences_in_area": mine["presences_in_area"].to_numpy(dtype=int),
            "nearest_km": mine["nearest_km"].to_numpy(dtype=float),
            "municipalities_covered": mine["municipalities_covered"].to_numpy(dtype=int),
            "municipalities": mine["municipalities"].to_numpy(dtype=int),
            "population_covered": cov,
            "population_covered_share": share(cov, pop),
            "cluster_id": mine["cluster_id"].to_numpy(),
        }
    )
    out.columns = _cols(lang, *out.columns)
    return _with_states(out.reset_index(drop=True), _cols(lang, "state"))


def matrix_table(
    result: CoverageResult,
    lang: Lang = "da",
    hub_ids: Sequence[str] | None = None,
    *,
    clusters_as_rows: bool = False,
) -> pd.DataFrame:
    """The hub × cluster states as labels: one row per hub (or per cluster), one column per
    cluster (or per hub)."""
    long = result.hub_matrix.long
    if hub_ids is not None:
        long = long[long["hub_id"].isin(list(hub_ids))]
    names = result.core.cluster_names
    hub_names = result.core.hub_names
    hubs = [h for h in (hub_ids or result.core.hub_ids) if h in set(long["hub_id"])]
    labels = {
        (h, c): state_label(s, lang)
        for h, c, s in zip(long["hub_id"], long["cluster_id"], long["state"], strict=False)
    }
    col_hub, col_cluster = t("col_hub", lang), t("col_cluster", lang)
    if clusters_as_rows:
        rows = []
        for c in result.core.cluster_ids:
            row = {col_cluster: names.get(c, c)}
            for h in hubs:
                row[hub_names.get(h, h)] = labels.get((h, c), "")
            rows.append(row)
        hub_cols = [hub_names.get(h, h) for h in hubs]
        return _with_states(pd.DataFrame(rows, columns=[col_cluster, *hub_cols]), hub_cols)
    rows = []
    for h in hubs:
        row = {col_hub: hub_names.get(h, h)}
        for c in result.core.cluster_ids:
            row[names.get(c, c)] = labels.get((h, c), "")
        rows.append(row)
    cluster_cols = [names.get(c, c) for c in result.core.cluster_ids]
    return _with_states(pd.DataFrame(rows, columns=[col_hub, *cluster_cols]), cluster_cols)


def summary_table(
    result: CoverageResult, lang: Lang = "da", hub_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Key figures per hub area (one row per hub)."""
    s = result.hub_matrix.summary
    if hub_ids is not None:
        s = s.set_index("hub_id").loc[[h for h in hub_ids if h in set(s["hub_id"])]].reset_index()
    out = pd.DataFrame(
        {
            t("col_hub", lang): s["hub_name"].to_numpy(),
            t("m_municipalities", lang): s["municipalities"].to_numpy(dtype=int),
            t("m_population", lang): s["population"].to_numpy(dtype=float),
            t("m_present", lang): s["clusters_present"].to_numpy(dtype=int),
            t("m_within", lang): s["clusters_within_radius"].to_numpy(dtype=int),
            t("m_tie_only", lang): s["clusters_tie_only"].to_numpy(dtype=int),
            t("m_absent", lang): s["clusters_absent"].to_numpy(dtype=int),
            t("m_ties", lang): s["ties"].to_numpy(dtype=int),
            t("m_seconded", lang): s["persons_seconded"].to_numpy(dtype=float),
        }
    )
    return out


def summary_figures(
    result: CoverageResult, lang: Lang = "da", hub_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """:func:`summary_table` turned on its side: one row per key figure, one column per hub."""
    s = summary_table(result, lang, hub_ids)
    figures = s.iloc[:, 1:].T
    figures.columns = list(s.iloc[:, 0])
    figures.insert(0, t("col_figure", lang), figures.index)
    return figures.reset_index(drop=True)


def cluster_summary(result: CoverageResult, cluster_id: str) -> dict[str, float]:
    """The key figures of one cluster (empty dict when it is not in the result)."""
    c = result.clusters
    row = c[c["cluster_id"] == cluster_id]
    if row.empty:
        return {}
    r = row.iloc[0]
    return {
        "sites": int(r["sites"]),
        "persons_seconded": float(r["persons_seconded"]),
        "population_covered": float(r["population_covered"]),
        "population_covered_share": float(r["population_covered_share"]),
        "municipalities_covered": int(r["municipalities_covered"]),
        "municipalities_uncovered": int(r["municipalities_uncovered"]),
    }


def cluster_hub_table(result: CoverageResult, cluster_id: str, lang: Lang = "da") -> pd.DataFrame:
    """One cluster's coverage by hub area."""
    long = result.hub_matrix.long
    mine = long[long["cluster_id"] == cluster_id]
    pop = mine["population"].to_numpy(dtype=float)
    cov = mine["population_covered"].to_numpy(dtype=float)
    out = pd.DataFrame(
        {
            "hub": mine["hub_name"].to_numpy(),
            "state": [state_label(s, lang) for s in mine["state"]],
            "presences_in_area": mine["presences_in_area"].to_numpy(dtype=int),
            "municipalities_covered": mine["municipalities_covered"].to_numpy(dtype=int),
            "municipalities": mine["municipalities"].to_numpy(dtype=int),
            "population_covered": cov,
            "population_covered_share": share(cov, pop),
            "nearest_km": mine["nearest_km"].to_numpy(dtype=float),
        }
    )
    out.columns = _cols(lang, *out.columns)
    return _with_states(out.reset_index(drop=True), _cols(lang, "state"))


def uncovered_table(result: CoverageResult, cluster_id: str, lang: Lang = "da") -> pd.DataFrame:
    """The municipalities a cluster does not cover, largest population first, with the
    distance to the cluster's nearest presence."""
    core = result.core
    if cluster_id not in core.cluster_ids:
        return pd.DataFrame(
            columns=_cols(
                lang,
                "kommune",
                "kommunekode",
                "hub",
                "population",
                "nearest_km",
                "nearest_presence",
                "no_fixed_link",
            )
        )
    k = core.cluster_ids.index(cluster_id)
    unc = ~core.covered[:, k]
    d = result.municipalities
    near = core.nearest_km[:, k]
    idx = core.nearest_presence[:, k]
    labels = (
        core.presences["label"].astype(str).to_numpy() if len(core.presences) else np.array([], dtype=object)
    )
    out = pd.DataFrame(
        {
            "kommune": d["kommune"].to_numpy()[unc],
            "kommunekode": d["kommunekode"].to_numpy()[unc],
            "hub": d["hub_name"].to_numpy()[unc],
            "population": d["population"].to_numpy(dtype=float)[unc],
            "nearest_km": np.where(np.isfinite(near), near, np.nan)[unc],
            "nearest_presence": [labels[i] if i >= 0 else "" for i in idx[unc]],
            "no_fixed_link": d["no_fixed_link"].to_numpy(dtype=bool)[unc],
        }
    )
    out = out.sort_values(["population", "kommunekode"], ascending=[False, True], kind="stable")
    out.columns = _cols(lang, *out.columns)
    return out.reset_index(drop=True)


def presence_table(
    result: CoverageResult,
    cluster_id: str,
    lang: Lang = "da",
    unlocated: pd.DataFrame | None = None,
    kommune_names: Mapping[str, str] | None = None,
    dates: RowDates | None = None,
) -> pd.DataFrame:
    """A cluster's presences (sites, secondments, co-location agreements) and, from
    ``unlocated`` (:func:`klyngekort.core.presence.unlocated_sites`), its sites whose location is
    unknown. ``dates`` (``Dataset.row_dates``): a column with the day each row was last changed
    or imported."""
    tables = {"site": "sites", "secondment": "secondments", "tie": "ties"}
    pres = result.core.presences
    mine = pres[pres["cluster_id"] == cluster_id] if len(pres) else pres
    names = dict(kommune_names or {})
    if not names:
        names = dict(
            zip(result.municipalities["kommunekode"], result.municipalities["kommune"], strict=False)
        )
    hub_names = result.core.hub_names
    rows = []
    for r in mine.itertuples(index=False):
        symbol = _PRESENCE_SYMBOL.get(r.kind, r.kind)
        persons = r.persons if isinstance(r.persons, float) and math.isfinite(r.persons) else np.nan
        rows.append(
            {
                "kind": kind_label(symbol, lang),
                "town": r.town,
                "kommune": names.get(r.kommunekode, r.kommunekode),
                "hub": hub_names.get(r.hub_id, r.hub_id) if r.hub_id else "",
                "persons": persons,
                "source": t(f"cov_presence_source_{r.source}", lang),
                "as_of": changed_on(dates, tables.get(r.source, ""), str(r.presence_id), lang),
                "id": r.presence_id,
            }
        )
    if unlocated is not None and len(unlocated):
        for r in unlocated[unlocated["cluster_id"] == cluster_id].itertuples(index=False):
            rows.append(
                {
                    "kind": kind_label(r.kind, lang),
                    "town": r.town or t("cov_location_unknown", lang),
                    "kommune": names.get(r.kommunekode, r.kommunekode) if r.kommunekode else "",
                    "hub": "",
                    "persons": np.nan,
                    "source": t("cov_location_unknown", lang),
                    "as_of": changed_on(dates, "sites", str(r.site_id), lang),
                    "id": r.site_id,
                }
            )
    out = pd.DataFrame(rows, columns=["kind", "town", "kommune", "hub", "persons", "source", "as_of", "id"])
    if out["persons"].isna().all():  # no secondments: leave the empty column out
        out = out.drop(columns="persons")
    if not dates:  # data from files: no history, no column of empty dates
        out = out.drop(columns="as_of")
    out.columns = _cols(lang, *out.columns)
    return out


def with_changed_on(df: pd.DataFrame, ds: Dataset, table: str, lang: Lang = "da") -> pd.DataFrame:
    """``df`` (rows of ``ds``'s table ``table``) with the column "pr. (ændret/indlæst)": the
    day each row was last changed or imported, from the store's history
    (``Dataset.row_dates``); unchanged when the data was read from files or the table has no
    key column (population: its rows are not shown one by one in the app)."""
    key = TABLES_BY_NAME[table].key
    if not ds.row_dates or not key or key not in df.columns:
        return df
    out = df.copy()
    out.insert(
        len(out.columns) - (1 if "is_example" in out.columns else 0),
        t("map_col_as_of", lang),
        [changed_on(ds.row_dates, table, str(k), lang) for k in out[key]],
    )
    return out


def gap_table(result: CoverageResult, lang: Lang = "da", hub_id: str | None = None) -> pd.DataFrame:
    """The ranked gap list (hub area × cluster), with municipality names."""
    g = result.gaps
    if hub_id:
        g = g[g["hub_id"] == hub_id]
    names = dict(zip(result.municipalities["kommunekode"], result.municipalities["kommune"], strict=False))
    out = pd.DataFrame(
        {
            "rank": g["rank"].to_numpy(dtype=int) if len(g) else np.zeros(0, dtype=int),
            "hub": g["hub_name"].to_numpy(),
            "cluster": g["cluster_name"].to_numpy(),
            "municipalities_uncovered": g["municipalities_uncovered"].to_numpy(dtype=int)
            if len(g)
            else np.zeros(0, dtype=int),
            "population_uncovered": g["population_uncovered"].to_numpy(dtype=float),
            "population_uncovered_share": g["population_uncovered_share"].to_numpy(dtype=float),
            # A cluster with no located presence at all (e.g. MADE, whose office town is not
            # known) is a gap in what is known, not necessarily on the ground: say so.
            "nearest_presence": [
                label or t("cov_no_presence", lang) for label in g["nearest_presence_label"].fillna("")
            ],
            "nearest_km": g["nearest_km"].to_numpy(dtype=float),
            "uncovered_names": [names_text(x, names) for x in g["municipalities_uncovered_ids"]],
        }
    )
    out.columns = _cols(lang, *out.columns)
    return out.reset_index(drop=True)


def gap_rows(
    result: CoverageResult, lang: Lang = "da", *, n: int = 10, hub_id: str | None = None
) -> tuple[list[str], list[list[str]]]:
    """The first ``n`` rows of the ranked gap list as text cells, for the slide deck and the PDF
    report: the same rows as ``klyngekort coverage --by gaps``. With ``hub_id`` only that hub
    area's gaps, without the hub column."""
    g = result.gaps if hub_id is None else result.gaps[result.gaps["hub_id"] == hub_id]
    keys = ["col_cluster", "col_municipalities_uncovered", "col_population_uncovered"]
    keys += ["col_population_uncovered_share", "col_nearest_presence", "col_nearest_km"]
    header = ["#"] + ([t("col_hub", lang)] if hub_id is None else []) + [t(k, lang) for k in keys]
    rows = []
    for r in g.head(n).itertuples(index=False):
        km = float(r.nearest_km) if r.nearest_km is not None else math.nan
        rows.append(
            [fmt_number(int(r.rank), lang)]
            + ([str(r.hub_name)] if hub_id is None else [])
            + [
                str(r.cluster_name),
                fmt_number(int(r.municipalities_uncovered), lang),
                fmt_number(float(r.population_uncovered), lang),
                fmt_pct(float(r.population_uncovered_share), lang),
                str(r.nearest_presence_label or t("cov_no_presence", lang)),
                fmt_number(km, lang, 1) if math.isfinite(km) else "–",
            ]
        )
    return header, rows


def hub_chart_data(result: CoverageResult, hub_ids: Sequence[str], lang: Lang = "da") -> pd.DataFrame:
    """Long data for the bar charts: one row per hub × cluster with the population covered,
    the share, the state (key and label) and Danish/English formatted figures for tooltips."""
    long = result.hub_matrix.long
    sel = long[long["hub_id"].isin(list(hub_ids))]
    pop = sel["population"].to_numpy(dtype=float)
    cov = sel["population_covered"].to_numpy(dtype=float)
    shares = share(cov, pop)
    return pd.DataFrame(
        {
            "hub_id": sel["hub_id"].to_numpy(),
            "cluster_id": sel["cluster_id"].to_numpy(),
            "hub": sel["hub_name"].to_numpy(),
            "cluster": sel["cluster_name"].to_numpy(),
            "state_key": sel["state"].to_numpy(),
            "state": [state_label(s, lang) for s in sel["state"]],
            "population_covered": cov,
            "share": shares,
            "population_text": [fmt_number(v, lang) for v in cov],
            "share_text": [fmt_pct(v, lang) for v in shares],
        }
    )


#: The columns of a history table, in order: (the text key of the header, the entry's field).
HISTORY_COLUMNS = (
    ("hi_col_change", "change_id"),
    ("hi_col_save", "save_id"),
    ("hi_col_at", "at"),
    ("hi_col_user", "user"),
    ("hi_col_entity", "entity"),
    ("hi_col_row", "row_id"),
    ("hi_col_action", "action"),
    ("hi_col_field", "field"),
    ("hi_col_old", "old"),
    ("hi_col_new", "new"),
    ("hi_col_reason", "reason"),
    ("hi_col_source", "source"),
)


def history_time(at: str, lang: Lang = "da") -> str:
    """A stored time (ISO 8601, UTC) in Danish local time (CET/CEST), as the reader writes dates:
    ``2026-12-02T16:45:00+00:00`` -> ``02.12.2026 17:45``. The one formatter of Historik and of a
    row's history in Redigér; a time without a zone is read as UTC."""
    when = local_time(at)
    return at if when is None else when.strftime(t("date_format", lang) + " %H:%M")


def local_day_start_utc(day: date) -> str:
    """When the Danish calendar day ``day`` begins, as a stored time (ISO 8601, UTC): the
    "since" of Historik's date filter."""
    start = datetime.combine(day, time(), tzinfo=LOCAL_TZ)
    return start.astimezone(UTC).isoformat(timespec="microseconds")


def local_day_end_utc(day: date) -> str:
    """The last stored time (ISO 8601, UTC, to the microsecond) of the Danish calendar day
    ``day``: the "as of" of Historik's download."""
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=LOCAL_TZ) - timedelta(microseconds=1)
    return end.astimezone(UTC).isoformat(timespec="microseconds")


def history_frame(entries: Sequence[HistoryEntry], lang: Lang = "da") -> pd.DataFrame:
    """The recorded changes as the pages Historik and Redigér show them (newest first, as
    given): headers in the reader's language, the action and the table in words, times in
    the reader's date format, an empty old or new value empty (not "None"). The change and
    save numbers stay numbers (sortable; the numbers a revert asks for)."""
    rows = []
    for e in entries:
        rows.append(
            {
                "change_id": e.change_id,
                "save_id": e.save_id,
                "at": history_time(e.at, lang),
                "user": e.user,
                "entity": t(f"entity_{e.entity}", lang) if f"entity_{e.entity}" in TEXTS else e.entity,
                "row_id": e.row_id,
                "action": t(f"hi_action_{e.action}", lang) if f"hi_action_{e.action}" in TEXTS else e.action,
                "field": e.field,
                "old": e.old or "",
                "new": e.new or "",
                "reason": e.reason or "",
                "source": e.source or "",
            }
        )
    frame = pd.DataFrame(rows, columns=[f for _, f in HISTORY_COLUMNS])
    frame["change_id"] = frame["change_id"].astype("int64")
    frame["save_id"] = frame["save_id"].astype("int64")
    return frame.rename(columns={f: t(key, lang) for key, f in HISTORY_COLUMNS})
