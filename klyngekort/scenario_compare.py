"""Before / after: the coverage of the baseline next to the coverage of a scenario.

The baseline is the dataset as loaded; the scenario is
:func:`klyngekort.scenarios.apply_scenario` on it. Both go through the same coverage
pipeline as the coverage views and ``klyngekort coverage``
(:func:`coverage_of`: municipality demand weighted by population,
:func:`klyngekort.presence.presences` as supply, the clusters in force in the period as
columns, :func:`klyngekort.coverage.compute_coverage`), with one demand frame for both
sides, so the two results are comparable row by row and column by column.

A co-location added by a scenario (``AddCoLocation(C, H)``) becomes a site of cluster
``C`` at hub ``H``'s point, exactly where ``klyngekort coverage --add-site C@H`` puts its
what-if presence: the covered population after is the same (tested). One difference:
``--add-site`` keeps a cluster that is out of the period as an explicit request, while a
scenario row only counts when its cluster is in force in the period and the row's
``valid_from`` falls in or before it. :func:`change_effects` says so for every change
that has no effect in the period, instead of leaving the user to wonder.

What this module gives (:class:`ScenarioComparison`):

* ``indicators``: the headline indicators of both sides (``indicator, unit, before,
  after, delta``), see :data:`INDICATORS`;
* ``clusters``: a delta table per cluster: population and municipalities newly covered
  (and no longer covered, for removed sites), shares before/after;
* ``municipalities``: per municipality the clusters within reach before and after,
  which were gained and lost, and ``changed``;
* ``changed``: the municipalities whose set of covering clusters changed;
* :func:`comparison_map`: a choropleth :class:`~klyngekort.mapview.MapContent` for either
  side with the changed municipalities outlined (CSS class ``kk-changed``).

For recommendations (:mod:`klyngekort.planning`), :func:`site_gains_table` lists each
recommended site with its own added population and the municipalities it newly covers,
and :func:`unreachable_table` the demand no candidate can reach.

No Streamlit here: the page (``pages/planlaegning.py``) is a thin layer over this module.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .coverage import (  # demand_for: re-exported for the pages
    CoverageParams,
    CoverageResult,
    compute_coverage,
    demand_for,
    names_text,
)
from .i18n import Lang, fmt_number, fmt_pct, t
from .model import Dataset, Issue
from .periods import Period
from .presence import clusters_in_period, presences, ties_only
from .scenarios import (
    AddSite,
    AddTie,
    RemoveSite,
    Scenario,
    apply_scenario_with_issues,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    import folium
    import geopandas as gpd

    from .mapview import MapContent
    from .planning import PlanOutcome


# --------------------------------------------------------------------------- coverage of one side


def coverage_of(
    ds: Dataset,
    munis: gpd.GeoDataFrame | None,
    period: Period,
    params: CoverageParams,
    *,
    include_unknown_status: bool = True,
    demand: pd.DataFrame | None = None,
) -> CoverageResult:
    """The coverage of ``ds`` in ``period``: every cluster in force in the period is a
    column, its presences the supply, ties that are not a presence go to the hub matrix.
    Give ``demand`` (from :func:`demand_for`) to reuse one demand frame; otherwise
    ``munis`` (EPSG:25832) is needed."""
    if demand is None:
        if munis is None:
            raise ValueError("coverage_of needs munis or demand")
        demand = demand_for(ds, munis)
    pres = presences(ds, period, include_unknown_status=include_unknown_status)
    clusters = clusters_in_period(ds, period, include_unknown_status=include_unknown_status)
    ties = ties_only(ds, period, include_unknown_status=include_unknown_status, presences_df=pres)
    return compute_coverage(demand, pres, clusters, params, ties=ties, hubs=ds.hubs)


# --------------------------------------------------------------------------- effects of changes


def change_effects(ds: Dataset, scenario: Scenario, period: Period, *,
                   include_unknown_status: bool = True) -> list[Issue]:
    """Warnings for changes that cannot change coverage in ``period``: a cluster not in
    force in the period, a ``valid_from`` after the period, a new address without
    coordinates (``AddSite``), a tie without co-location or seconded staff (a tie only).
    ``file`` is the scenario name, ``line`` the change's position."""
    active = set(clusters_in_period(ds, period, include_unknown_status=include_unknown_status)["cluster_id"]
                 .astype(str))
    src = scenario.name or scenario.id
    out: list[Issue] = []

    def warn(pos: int, fld: str, msg: str) -> None:
        out.append(Issue(src, pos, fld, msg, "warning"))

    for pos, ch in enumerate(scenario.changes, start=1):
        if isinstance(ch, RemoveSite):
            continue
        cid = getattr(ch, "cluster_id", "")
        if cid and cid not in active:
            warn(pos, "cluster_id", f"ændring {pos}: klyngen '{cid}' er ikke aktiv i perioden {period.key}; "
                                    "ændringen påvirker ikke dækningen")
            continue
        vf = getattr(ch, "valid_from", "")
        if vf and not period.overlaps(vf, ""):
            warn(pos, "valid_from", f"ændring {pos}: gælder fra {vf}, efter perioden {period.key}; "
                                    "ændringen påvirker ikke dækningen i perioden")
            continue
        if isinstance(ch, AddSite) and (getattr(ch, "latitude", None) is None
                                        or getattr(ch, "longitude", None) is None):
            warn(pos, "kommunekode", f"ændring {pos}: en ny adresse i kommune {ch.kommunekode} har ingen "
                                     "koordinater og tæller derfor ikke med i dækningen")
        elif isinstance(ch, AddTie) and not (ch.co_location or ch.seconded_staff):
            warn(pos, "hub_id", f"ændring {pos}: et samarbejde uden samlokalisering eller indstationering er "
                                "ikke fysisk tilstedeværelse og ændrer ikke dækningen")
    return out


def changes_clusters(scenario: Scenario) -> list[str]:
    """The cluster ids the scenario's changes name, in order of first mention."""
    return list(dict.fromkeys(getattr(c, "cluster_id", "") for c in scenario.changes if getattr(c, "cluster_id", "")))


# --------------------------------------------------------------------------- comparison


#: The headline indicators: key -> unit (``count``, ``share`` or ``number``).
INDICATORS: dict[str, str] = {
    "clusters": "count",  # clusters in force in the period (columns)
    "presences": "count",  # physical presences (sites, secondments, co-location ties)
    "persons_seconded": "count",
    "mean_cluster_share": "share",  # mean over clusters of the population share within reach
    "population_any_share": "share",  # share of the population within reach of at least one cluster
    "municipalities_any": "count",  # municipalities within reach of at least one cluster
    "municipalities_none": "count",  # municipalities within reach of no cluster
    "clusters_per_inhabitant": "number",  # population-weighted mean number of clusters within reach
    "hub_pairs_present": "count",  # hub area x cluster pairs with a presence in the area
    "hub_pairs_absent": "count",  # hub area x cluster pairs with neither presence, reach nor tie
}


def _indicator_values(res: CoverageResult) -> dict[str, float]:
    mun = res.municipalities
    pop = mun["population"].to_numpy(dtype=float)
    pop = np.where(np.isfinite(pop), pop, 0.0)
    total = pop.sum()
    n_cov = mun["clusters_present"].to_numpy(dtype=float)
    any_cov = n_cov > 0
    shares = res.clusters["population_covered_share"].to_numpy(dtype=float)
    long = res.hub_matrix.long
    return {
        "clusters": float(len(res.core.cluster_ids)),
        "presences": float(len(res.core.presences)),
        "persons_seconded": float(np.nansum(res.core.presences["persons"].to_numpy(dtype=float)))
        if len(res.core.presences) else 0.0,
        "mean_cluster_share": float(np.nanmean(shares)) if len(shares) and np.isfinite(shares).any() else math.nan,
        "population_any_share": float(pop[any_cov].sum() / total) if total > 0 else math.nan,
        "municipalities_any": float(any_cov.sum()),
        "municipalities_none": float((~any_cov).sum()),
        "clusters_per_inhabitant": float((pop * n_cov).sum() / total) if total > 0 else math.nan,
        "hub_pairs_present": float((long["state"] == "present").sum()),
        "hub_pairs_absent": float((long["state"] == "absent").sum()),
    }


def indicators_table(before: CoverageResult, after: CoverageResult) -> pd.DataFrame:
    """``indicator, unit, before, after, delta`` for every key of :data:`INDICATORS`."""
    b, a = _indicator_values(before), _indicator_values(after)
    rows = [{"indicator": k, "unit": u, "before": b[k], "after": a[k], "delta": a[k] - b[k]}
            for k, u in INDICATORS.items()]
    return pd.DataFrame(rows, columns=["indicator", "unit", "before", "after", "delta"])


def _aligned(before: CoverageResult, after: CoverageResult) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """Demand ids, cluster ids (union, baseline order first) and the two covered matrices
    on those axes (a cluster missing on one side counts as covering nothing there)."""
    d_ids = before.core.demand["demand_id"].astype(str).tolist()
    a_ids = after.core.demand["demand_id"].astype(str).tolist()
    if d_ids != a_ids:
        raise ValueError("before and after must use the same demand points")
    c_ids = list(dict.fromkeys([*before.core.cluster_ids, *after.core.cluster_ids]))

    def widen(res: CoverageResult) -> np.ndarray:
        out = np.zeros((len(d_ids), len(c_ids)), dtype=bool)
        pos = {c: i for i, c in enumerate(c_ids)}
        for k, c in enumerate(res.core.cluster_ids):
            out[:, pos[c]] = res.core.covered[:, k]
        return out

    return d_ids, c_ids, widen(before), widen(after)


CLUSTER_DELTA_COLUMNS: tuple[str, ...] = (
    "cluster_id", "cluster_name", "changed",
    "presences_before", "presences_after",
    "population_before", "population_after", "population_delta",
    "population_newly_covered", "population_no_longer_covered",
    "share_before", "share_after",
    "municipalities_before", "municipalities_after",
    "municipalities_newly_covered", "municipalities_newly_covered_ids",
    "municipalities_no_longer_covered", "municipalities_no_longer_covered_ids",
)


def cluster_delta(before: CoverageResult, after: CoverageResult) -> pd.DataFrame:
    """One row per cluster (:data:`CLUSTER_DELTA_COLUMNS`): covered population and
    municipalities before and after, what is newly covered and what is no longer covered
    (``;``-separated kommunekoder). ``changed`` is True when the cluster's presences or
    covered municipalities differ. Sorted by population newly covered, then lost, then
    the baseline order."""
    d_ids, c_ids, cb, ca = _aligned(before, after)
    pop = before.core.demand["population"].to_numpy(dtype=float)
    pop = np.where(np.isfinite(pop), pop, 0.0)
    total = pop.sum()
    codes = np.asarray(d_ids, dtype=object)
    names = {**after.core.cluster_names, **before.core.cluster_names}
    n_pres_b = pd.Series(before.core.presences["cluster_id"].astype(str)).value_counts()
    n_pres_a = pd.Series(after.core.presences["cluster_id"].astype(str)).value_counts()
    gained = ca & ~cb
    lost = cb & ~ca
    rows = []
    for k, c in enumerate(c_ids):
        pb, pa = float(pop @ cb[:, k]), float(pop @ ca[:, k])
        npb, npa = int(n_pres_b.get(c, 0)), int(n_pres_a.get(c, 0))
        rows.append({
            "cluster_id": c,
            "cluster_name": names.get(c, c),
            "changed": bool(gained[:, k].any() or lost[:, k].any() or npb != npa),
            "presences_before": npb,
            "presences_after": npa,
            "population_before": pb,
            "population_after": pa,
            "population_delta": pa - pb,
            "population_newly_covered": float(pop @ gained[:, k]),
            "population_no_longer_covered": float(pop @ lost[:, k]),
            "share_before": pb / total if total > 0 else math.nan,
            "share_after": pa / total if total > 0 else math.nan,
            "municipalities_before": int(cb[:, k].sum()),
            "municipalities_after": int(ca[:, k].sum()),
            "municipalities_newly_covered": int(gained[:, k].sum()),
            "municipalities_newly_covered_ids": ";".join(codes[gained[:, k]]),
            "municipalities_no_longer_covered": int(lost[:, k].sum()),
            "municipalities_no_longer_covered_ids": ";".join(codes[lost[:, k]]),
        })
    out = pd.DataFrame(rows, columns=list(CLUSTER_DELTA_COLUMNS))
    out["_order"] = np.arange(len(out))
    out = out.sort_values(["population_newly_covered", "population_no_longer_covered", "_order"],
                          ascending=[False, False, True], kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


MUNICIPALITY_DELTA_COLUMNS: tuple[str, ...] = (
    "kommunekode", "kommune", "hub_id", "population", "clusters_before", "clusters_after",
    "clusters_delta", "gained_cluster_ids", "lost_cluster_ids", "changed",
)


def municipality_delta(before: CoverageResult, after: CoverageResult) -> pd.DataFrame:
    """One row per municipality (:data:`MUNICIPALITY_DELTA_COLUMNS`): the number of
    clusters within reach before and after and which clusters were gained or lost
    (``;``-separated ids); ``changed`` when any was."""
    _, c_ids, cb, ca = _aligned(before, after)
    dem = before.core.demand
    cl = np.asarray(c_ids, dtype=object)
    gained = ca & ~cb
    lost = cb & ~ca
    out = pd.DataFrame({
        "kommunekode": dem["kommunekode"].astype(str).to_numpy(),
        "kommune": dem["kommune"].astype(str).to_numpy(),
        "hub_id": dem["hub_id"].astype(str).to_numpy(),
        "population": dem["population"].to_numpy(dtype=float),
        "clusters_before": cb.sum(axis=1).astype(int),
        "clusters_after": ca.sum(axis=1).astype(int),
        "clusters_delta": (ca.sum(axis=1) - cb.sum(axis=1)).astype(int),
        "gained_cluster_ids": [";".join(cl[r]) for r in gained],
        "lost_cluster_ids": [";".join(cl[r]) for r in lost],
        "changed": (gained | lost).any(axis=1),
    })
    return out[list(MUNICIPALITY_DELTA_COLUMNS)]


@dataclass(eq=False)
class ScenarioComparison:
    """Baseline and scenario coverage with the tables that compare them."""

    scenario: Scenario
    params: CoverageParams
    period: Period
    scenario_dataset: Dataset
    before: CoverageResult
    after: CoverageResult
    indicators: pd.DataFrame
    clusters: pd.DataFrame
    municipalities: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)

    @property
    def changed(self) -> tuple[str, ...]:
        """Kommunekoder whose set of covering clusters changed."""
        m = self.municipalities
        return tuple(m.loc[m["changed"], "kommunekode"].astype(str))

    @property
    def changed_clusters(self) -> pd.DataFrame:
        return self.clusters[self.clusters["changed"]].reset_index(drop=True)

    @property
    def population_newly_covered(self) -> float:
        """Summed over clusters: inhabitants newly within reach of a cluster (a person
        newly reached by two clusters counts twice)."""
        return float(self.clusters["population_newly_covered"].sum())

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]


def compare_scenario(
    ds: Dataset,
    munis: gpd.GeoDataFrame | None,
    scenario: Scenario,
    params: CoverageParams,
    *,
    period: Period,
    include_unknown_status: bool = True,
    demand: pd.DataFrame | None = None,
) -> ScenarioComparison:
    """Compute the coverage of the baseline ``ds`` and of ``apply_scenario(ds, scenario)``
    with the same demand and parameters, and compare them.

    ``issues`` holds the scenario's validation issues against ``ds`` (a change with an
    error is skipped, see :func:`klyngekort.scenarios.apply_scenario_with_issues`) and
    the warnings of :func:`change_effects`."""
    if demand is None:
        if munis is None:
            raise ValueError("compare_scenario needs munis or demand")
        demand = demand_for(ds, munis)
    scen_ds, issues = apply_scenario_with_issues(ds, scenario)
    bad = {i.line for i in issues if i.severity == "error"}
    effective = scenario.with_changes([c for p, c in enumerate(scenario.changes, start=1) if p not in bad])
    effects = [i for i in change_effects(ds, effective, period, include_unknown_status=include_unknown_status)]
    # Positions in ``effective`` shift after a skipped change: map them back.
    kept = [p for p in range(1, len(scenario.changes) + 1) if p not in bad]
    for i in effects:
        orig = kept[i.line - 1] if i.line is not None else None
        msg = i.message.replace(f"ændring {i.line}:", f"ændring {orig}:", 1) if orig is not None else i.message
        issues.append(Issue(scenario.name or scenario.id, orig, i.field, msg, i.severity))
    before = coverage_of(ds, None, period, params, include_unknown_status=include_unknown_status, demand=demand)
    after = coverage_of(scen_ds, None, period, params, include_unknown_status=include_unknown_status,
                        demand=demand)
    return ScenarioComparison(
        scenario=scenario, params=params, period=period, scenario_dataset=scen_ds,
        before=before, after=after,
        indicators=indicators_table(before, after),
        clusters=cluster_delta(before, after),
        municipalities=municipality_delta(before, after),
        issues=issues,
    )


# --------------------------------------------------------------------------- presentation tables


def format_indicator(value: float, unit: str, lang: Lang, *, signed: bool = False) -> str:
    """An indicator value in the reader's format: shares as ``12,3 %`` (a signed share
    difference as percentage points, ``+1,2 %-point`` / ``+1.2 pp``), numbers with
    Danish or English separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "+" if signed and value > 0 else ""
    if unit == "share":
        if signed:
            return sign + fmt_number(value * 100, lang, 1) + (" %-point" if lang == "da" else " pp")
        return fmt_pct(value, lang)
    return sign + fmt_number(value, lang, 2 if unit == "number" else 0)


def indicators_view(cmp: ScenarioComparison, lang: Lang) -> pd.DataFrame:
    """The indicator table with labels and formatted values, for display."""
    rows = []
    for r in cmp.indicators.itertuples(index=False):
        rows.append({
            t("cmp_col_indicator", lang): t(f"cmp_ind_{r.indicator}", lang),
            t("cmp_col_before", lang): format_indicator(r.before, r.unit, lang),
            t("cmp_col_after", lang): format_indicator(r.after, r.unit, lang),
            t("cmp_col_delta", lang): format_indicator(r.delta, r.unit, lang, signed=True)
            if r.delta != 0 else "0",
        })
    return pd.DataFrame(rows)


def cluster_delta_view(cmp: ScenarioComparison, lang: Lang, *, only_changed: bool = False) -> pd.DataFrame:
    """The per-cluster delta with municipality names and localised column names (numbers
    stay numbers, so the table sorts and exports; shares are fractions in [0, 1])."""
    df = cmp.changed_clusters if only_changed else cmp.clusters
    names = dict(zip(cmp.municipalities["kommunekode"], cmp.municipalities["kommune"]))
    return pd.DataFrame({
        t("cmp_c_cluster", lang): df["cluster_name"],
        t("cmp_c_presences", lang): [f"{a} → {b}" for a, b in zip(df["presences_before"], df["presences_after"])],
        t("cmp_c_pop_before", lang): df["population_before"],
        t("cmp_c_pop_after", lang): df["population_after"],
        t("cmp_c_pop_new", lang): df["population_newly_covered"],
        t("cmp_c_pop_lost", lang): df["population_no_longer_covered"],
        t("cmp_c_share_before", lang): df["share_before"],
        t("cmp_c_share_after", lang): df["share_after"],
        t("cmp_c_mun_new", lang): df["municipalities_newly_covered"],
        t("cmp_c_mun_new_names", lang): [names_text(x, names) for x in df["municipalities_newly_covered_ids"]],
        t("cmp_c_mun_lost", lang): df["municipalities_no_longer_covered"],
        t("cmp_c_mun_lost_names", lang): [names_text(x, names) for x in df["municipalities_no_longer_covered_ids"]],
        "id": df["cluster_id"],
    })


# --------------------------------------------------------------------------- recommendations


def site_gains_table(outcome: PlanOutcome) -> pd.DataFrame:
    """One row per recommended site in greedy order: ``rank, candidate_id, kind, name,
    kommunekode, kommune, added_weight`` (the site's own added population),
    ``share_after`` (cumulative, after this site), ``newly_covered_ids`` and
    ``newly_covered_names`` (the municipalities this site adds, ``;`` / ``, ``)."""
    cols = ["rank", "candidate_id", "kind", "name", "kommunekode", "kommune", "added_weight",
            "share_after", "newly_covered_ids", "newly_covered_names"]
    res = outcome.result
    prob = outcome.input.problem
    if res is None or prob is None or not res.chosen:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    cand = outcome.input.candidates.set_index("candidate_id")
    dem = outcome.input.demand
    kommune = dict(zip(dem["kommunekode"].astype(str), dem["kommune"].astype(str))) if "kommune" in dem else {}
    covered = prob.existing_cover.copy()
    ids = np.asarray(prob.demand_ids, dtype=object)
    total = prob.total_weight
    rows = []
    for rank, (cid, gain) in enumerate(res.sites, start=1):
        j = prob.candidate_index(cid)
        new = prob.cover[:, j] & ~covered
        covered |= prob.cover[:, j]
        r = cand.loc[cid]
        new_ids = [str(x) for x in ids[new]]
        rows.append({
            "rank": rank, "candidate_id": cid, "kind": str(r["kind"]), "name": str(r["name"]),
            "kommunekode": str(r["kommunekode"]), "kommune": kommune.get(str(r["kommunekode"]), ""),
            "added_weight": float(gain),
            "share_after": float(prob.weights[covered].sum() / total) if total > 0 else math.nan,
            "newly_covered_ids": ";".join(new_ids),
            "newly_covered_names": names_text(new_ids, kommune),
        })
    return pd.DataFrame(rows, columns=cols)


def unreachable_table(outcome: PlanOutcome) -> pd.DataFrame:
    """The demand points no candidate (and no existing presence) can reach:
    ``kommunekode, kommune, weight``, heaviest first."""
    res = outcome.result
    if res is None or not res.unreachable:
        return pd.DataFrame({"kommunekode": pd.Series(dtype=object), "kommune": pd.Series(dtype=object),
                             "weight": pd.Series(dtype=float)})
    dem = outcome.input.demand
    kommune = dict(zip(dem["kommunekode"].astype(str), dem["kommune"].astype(str))) if "kommune" in dem else {}
    return pd.DataFrame([{"kommunekode": i, "kommune": kommune.get(i, i), "weight": w} for i, w in res.unreachable])


# --------------------------------------------------------------------------- maps

FILL_COVERED = "#7fbfd9"
FILL_NEW = "#f28e2b"
FILL_LOST = "#c9303e"
FILL_NOT = "#f3f0e8"
CHANGED_COLOR = "#e4002b"

CHANGED_CSS = (
    "<style>path.kk-changed { stroke: " + CHANGED_COLOR + "; stroke-width: 3px; stroke-opacity: 1; }"
    " .kk-legend .sw[style=\"background:transparent\"] { border: 2.5px solid " + CHANGED_COLOR + "; }"
    " .leaflet-control-attribution { font-size: 10px; line-height: 1.35; }"
    "</style>"
)


def count_classes(cmp: ScenarioComparison, lang: Lang = "da"):
    """The classes of "number of clusters within reach" shared by both sides (so that one
    colour means the same on the before and the after map): the coverage views'
    :func:`klyngekort.coverage_map.classify` on the before and after values together."""
    from .coverage_map import DEFAULT_K, classify

    values = np.concatenate([cmp.municipalities["clusters_before"].to_numpy(dtype=float),
                             cmp.municipalities["clusters_after"].to_numpy(dtype=float)])
    return classify(values, k=DEFAULT_K, integer=True, higher_is_better=True, lang=lang)


def comparison_map(
    cmp: ScenarioComparison,
    display: gpd.GeoDataFrame,
    *,
    side: str = "after",
    focus: str | None = None,
    lang: Lang = "da",
    attribution: str = "",
) -> MapContent:
    """A choropleth of one side of the comparison (``side`` = ``"before"`` or
    ``"after"``) with the municipalities whose coverage changed outlined in red (CSS
    class ``kk-changed``; draw with :func:`render_comparison_map`).

    ``focus=None``: fill by the number of clusters within reach (same classes on both
    sides). ``focus=CLUSTER_ID``: that cluster's coverage (covered / not covered; on the
    after side newly covered and no longer covered have their own colours). The hubs are
    drawn for orientation and, on the after side, the presences the scenario adds; on
    the before side the sites it removes. Every text from the data is escaped."""
    from .mapview import LegendEntry, MapContent, MapPoint, bounds_of, esc, feature_collection, info_table, marker_size
    from .national_map import cluster_colors, hub_points

    if side not in ("before", "after"):
        raise ValueError("side must be 'before' or 'after'")
    res = cmp.before if side == "before" else cmp.after
    mun = cmp.municipalities.set_index("kommunekode")
    d_ids, c_ids, cb, ca = _aligned(cmp.before, cmp.after)
    row_of = {c: i for i, c in enumerate(d_ids)}
    col_of = {c: i for i, c in enumerate(c_ids)}
    names = {**cmp.after.core.cluster_names, **cmp.before.core.cluster_names}
    if focus is not None and focus not in col_of:
        focus = None
    classes = count_classes(cmp, lang) if focus is None else None
    pop_label = t("m_population", lang)

    props: list[dict[str, Any]] = []
    for r in display.itertuples():
        code = str(r.kommunekode)
        title = f"{esc(r.kommune)} ({esc(code)})"
        if code not in row_of:
            props.append({"k": code, "f": "#d9d9d9", "c": "kk-outside",
                          "t": f"<b>{title}</b><br>{esc(t('outside_division', lang))}"})
            continue
        i = row_of[code]
        m = mun.loc[code]
        rows = [(pop_label, esc(fmt_number(m["population"], lang)))]
        if focus is None:
            count = int(m["clusters_before"] if side == "before" else m["clusters_after"])
            assert classes is not None
            cls = int(classes.assign([count])[0])
            fill = classes.colors[cls] if cls >= 0 else FILL_NOT
            rows.append((t("cmp_map_n_clusters", lang),
                         esc(f"{int(m['clusters_before'])} → {int(m['clusters_after'])}")))
        else:
            k = col_of[focus]
            b, a = bool(cb[i, k]), bool(ca[i, k])
            if side == "before":
                fill = FILL_COVERED if b else FILL_NOT
            else:
                fill = FILL_NEW if (a and not b) else FILL_LOST if (b and not a) else FILL_COVERED if a else FILL_NOT
            state = ("cmp_state_new" if a and not b else "cmp_state_lost" if b and not a
                     else "cmp_state_covered" if a else "cmp_state_not")
            rows.append((names.get(focus, focus), esc(t(state, lang))))  # info_table escapes keys
        if m["gained_cluster_ids"]:
            rows.append((t("cmp_map_gained", lang), esc(names_text(m["gained_cluster_ids"], names))))
        if m["lost_cluster_ids"]:
            rows.append((t("cmp_map_lost", lang), esc(names_text(m["lost_cluster_ids"], names))))
        props.append({"k": code, "f": fill, "c": "kk-muni", "t": info_table(rows, title)})
    munis_fc = feature_collection(display, props)

    changed = set(cmp.changed)
    outlines = None
    sel = display[display["kommunekode"].astype(str).isin(changed)]
    if len(sel):
        outlines = feature_collection(sel, [{"k": str(c), "c": "kk-changed"} for c in sel["kommunekode"]])

    # Points: hubs for orientation; what the scenario adds (after) or removes (before).
    points: list[MapPoint] = []
    colors = cluster_colors(cmp.scenario_dataset)
    points += hub_points(cmp.scenario_dataset.hubs, lang, shrink=4)
    if side == "after":
        pres = res.core.presences
        base_ids = set(cmp.before.core.presences["presence_id"].astype(str))
        added = pres[~pres["presence_id"].astype(str).isin(base_ids)]
        for p in added.itertuples():
            sym = "secondment" if p.kind == "secondment" else "co_location"
            tip = (f"<b>{esc(names.get(p.cluster_id, p.cluster_id))}</b><br>"
                   f"{esc(t('cmp_map_added', lang))} · {esc(p.town)}")
            points.append(MapPoint(float(p.lat), float(p.lon), sym, colors.get(p.cluster_id, "#555"),
                                   marker_size(sym, p.persons if sym == "secondment" else None), tip, tip,
                                   "kk-scenario-added", label=fmt_number(p.persons, lang)
                                   if sym == "secondment" else ""))
    else:
        removed = {c.site_id for c in cmp.scenario.changes if isinstance(c, RemoveSite)}
        pres = res.core.presences
        for p in pres[pres["presence_id"].astype(str).isin(removed)].itertuples():
            tip = (f"<b>{esc(names.get(p.cluster_id, p.cluster_id))}</b><br>"
                   f"{esc(t('cmp_map_removed', lang))} · {esc(p.town)}")
            sym = p.kind if p.kind in ("headquarters", "local_office", "representation", "co_location") \
                else "local_office"
            points.append(MapPoint(float(p.lat), float(p.lon), sym, colors.get(p.cluster_id, "#555"),
                                   marker_size(sym), tip, tip, "kk-scenario-removed"))

    legend: list[LegendEntry] = []
    if focus is None:
        assert classes is not None
        legend += [LegendEntry(None, c, lab) for c, lab in zip(classes.colors, classes.labels, strict=True)]
        title = t("cmp_leg_title_count", lang)
    else:
        legend.append(LegendEntry(None, FILL_COVERED, t("cmp_state_covered", lang)))
        if side == "after":
            legend.append(LegendEntry(None, FILL_NEW, t("cmp_state_new", lang)))
            if any(cb[:, col_of[focus]] & ~ca[:, col_of[focus]]):
                legend.append(LegendEntry(None, FILL_LOST, t("cmp_state_lost", lang)))
        legend.append(LegendEntry(None, FILL_NOT, t("cmp_state_not", lang)))
        title = names.get(focus, focus)
    if changed:
        legend.append(LegendEntry(None, "transparent", t("cmp_leg_changed", lang)))
    if any(p.css_class == "kk-scenario-added" for p in points):
        legend.append(LegendEntry("co_location", "#666", t("cmp_map_added", lang)))
    if any(p.css_class == "kk-scenario-removed" for p in points):
        legend.append(LegendEntry("local_office", "#666", t("cmp_map_removed", lang)))
    return MapContent(
        municipalities=munis_fc,
        outlines=outlines,
        points=points,
        legend=legend,
        legend_title=title,
        attribution=attribution,
        bounds=bounds_of(display[display["kommunekode"].astype(str) != "0411"], pad=0.01),
    )


def render_comparison_map(content: MapContent, *, basemap: str | None = None) -> folium.Map:
    """:func:`klyngekort.mapview.render` plus the style that draws changed municipalities
    with a red outline (and the matching legend swatch)."""
    from branca.element import Element

    from .mapview import render

    m = render(content, basemap=basemap)
    m.get_root().header.add_child(Element(CHANGED_CSS))
    return m


__all__: Sequence[str] = (
    "CLUSTER_DELTA_COLUMNS", "INDICATORS", "MUNICIPALITY_DELTA_COLUMNS", "ScenarioComparison",
    "change_effects", "changes_clusters", "cluster_delta", "cluster_delta_view", "comparison_map",
    "compare_scenario", "count_classes", "coverage_of", "demand_for", "format_indicator",
    "indicators_table", "indicators_view", "municipality_delta", "render_comparison_map",
    "site_gains_table", "unreachable_table",
)
