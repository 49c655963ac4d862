"""Before / after: the coverage of the baseline next to the coverage of a scenario.

The baseline is the dataset as loaded; the scenario is
:func:`klyngekort.scenarios.apply.apply_scenario` on it. Both go through the same coverage
pipeline as the coverage views and ``klyngekort coverage``
(:func:`coverage_of`: municipality demand weighted by population,
:func:`klyngekort.core.presence.presences` as supply, the clusters in force in the period as
columns, :func:`klyngekort.core.coverage.compute_coverage`), with one demand frame for both
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
* :func:`comparison_map`: a choropleth :class:`~klyngekort.present.mapview.MapContent` for either
  side with the changed municipalities outlined (CSS class ``kk-changed``).

For recommendations (:mod:`klyngekort.planning`), :func:`site_gains_table` lists each
recommended site with its own added population and the municipalities it newly covers,
and :func:`unreachable_table` the demand no candidate can reach.

No Streamlit here: the page (``pages/planlaegning.py``) is a thin layer over this module.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from klyngekort.core.coverage import (
    CoverageParams,
    CoverageResult,
    compute_coverage,
    demand_for,
    share,
)
from klyngekort.core.model import Dataset, Issue, Message
from klyngekort.core.periods import Period
from klyngekort.core.presence import presences, sites_not_present, ties_only
from klyngekort.core.selection import clusters_in_period
from klyngekort.scenarios.apply import apply_scenario_with_issues
from klyngekort.scenarios.changes import AddSite, AddTie, RemoveSite, Scenario

if TYPE_CHECKING:  # pragma: no cover - typing only
    import geopandas as gpd


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


def _removal_no_effect(ds: Dataset, site_id: str, why: str, period: Period) -> Message:
    """Why removing ``site_id`` (a site of ``ds``) changes nothing in ``period``; ``why``
    is the reason :func:`klyngekort.core.presence.sites_not_present` gives."""
    sites = ds.sites
    row = sites[sites["site_id"].fillna("").astype(str).str.strip() == site_id].iloc[0]

    def text(col: str) -> str:
        value = row.get(col, "")
        return "" if pd.isna(value) else str(value).strip()

    if why == "cluster_not_in_period":
        return Message(
            "scenario.removal_cluster_not_active",
            {"site": site_id, "cluster": text("cluster_id"), "period": period.key},
        )
    if why == "not_in_force":
        vf, vt = text("valid_from"), text("valid_to")
        if vf and vt:
            return Message(
                "scenario.removal_not_in_force",
                {"site": site_id, "valid_from": vf, "valid_to": vt, "period": period.key},
            )
        if vf:
            return Message(
                "scenario.removal_not_in_force_from",
                {"site": site_id, "valid_from": vf, "period": period.key},
            )
        return Message(
            "scenario.removal_not_in_force_to", {"site": site_id, "valid_to": vt, "period": period.key}
        )
    return Message("scenario.removal_without_coordinates", {"site": site_id})


def change_effects(
    ds: Dataset, scenario: Scenario, period: Period, *, include_unknown_status: bool = True
) -> list[Issue]:
    """Warnings for changes that cannot change coverage in ``period``: a cluster not in
    force in the period, a ``valid_from`` after the period, a new address without
    coordinates (``AddSite``), a tie without co-location or seconded staff (a tie only),
    the removal of a site that is no presence in the period anyway (``RemoveSite``: the
    removal has no date of its own; the site's cluster, its own ``valid_from``/``valid_to``
    and its coordinates decide). ``file`` is the scenario name, ``line`` the change's
    position."""
    active = set(
        clusters_in_period(ds, period, include_unknown_status=include_unknown_status)["cluster_id"].astype(
            str
        )
    )
    src = scenario.name or scenario.id
    out: list[Issue] = []

    def warn(pos: int, fld: str, code: str, **params: object) -> None:
        out.append(Issue(src, pos, fld, code, {"change": pos, **params}, "warning"))

    removals = [ch for ch in scenario.changes if isinstance(ch, RemoveSite)]
    absent = sites_not_present(ds, period, include_unknown_status=include_unknown_status) if removals else {}
    for pos, ch in enumerate(scenario.changes, start=1):
        if isinstance(ch, RemoveSite):
            why = absent.get(ch.site_id)
            if why is not None:
                effect = _removal_no_effect(ds, ch.site_id, why, period)
                warn(pos, "site_id", effect.code, **effect.params)
            continue
        cid = getattr(ch, "cluster_id", "")
        if cid and cid not in active:
            warn(pos, "cluster_id", "scenario.cluster_not_active", cluster=cid, period=period.key)
            continue
        vf = getattr(ch, "valid_from", "")
        if vf and not period.overlaps(vf, ""):
            warn(pos, "valid_from", "scenario.starts_after_period", valid_from=vf, period=period.key)
            continue
        if isinstance(ch, AddSite) and (
            getattr(ch, "latitude", None) is None or getattr(ch, "longitude", None) is None
        ):
            warn(pos, "kommunekode", "scenario.new_site_without_coordinates", kommunekode=ch.kommunekode)
        elif isinstance(ch, AddTie) and not (ch.co_location or ch.seconded_staff):
            warn(pos, "hub_id", "scenario.tie_not_presence")
    return out


def changes_clusters(scenario: Scenario) -> list[str]:
    """The cluster ids the scenario's changes name, in order of first mention."""
    return list(
        dict.fromkeys(getattr(c, "cluster_id", "") for c in scenario.changes if getattr(c, "cluster_id", ""))
    )


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
        if len(res.core.presences)
        else 0.0,
        "mean_cluster_share": float(np.nanmean(shares))
        if len(shares) and np.isfinite(shares).any()
        else math.nan,
        "population_any_share": float(share(pop[any_cov].sum(), total)),
        "municipalities_any": float(any_cov.sum()),
        "municipalities_none": float((~any_cov).sum()),
        "clusters_per_inhabitant": float((pop * n_cov).sum() / total) if total > 0 else math.nan,
        "hub_pairs_present": float((long["state"] == "present").sum()),
        "hub_pairs_absent": float((long["state"] == "absent").sum()),
    }


def indicators_table(before: CoverageResult, after: CoverageResult) -> pd.DataFrame:
    """``indicator, unit, before, after, delta`` for every key of :data:`INDICATORS`."""
    b, a = _indicator_values(before), _indicator_values(after)
    rows = [
        {"indicator": k, "unit": u, "before": b[k], "after": a[k], "delta": a[k] - b[k]}
        for k, u in INDICATORS.items()
    ]
    return pd.DataFrame(rows, columns=["indicator", "unit", "before", "after", "delta"])


def _aligned(
    before: CoverageResult, after: CoverageResult
) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
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
    "cluster_id",
    "cluster_name",
    "changed",
    "presences_before",
    "presences_after",
    "population_before",
    "population_after",
    "population_delta",
    "population_newly_covered",
    "population_no_longer_covered",
    "share_before",
    "share_after",
    "municipalities_before",
    "municipalities_after",
    "municipalities_newly_covered",
    "municipalities_newly_covered_ids",
    "municipalities_no_longer_covered",
    "municipalities_no_longer_covered_ids",
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
        rows.append(
            {
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
                "share_before": float(share(pb, total)),
                "share_after": float(share(pa, total)),
                "municipalities_before": int(cb[:, k].sum()),
                "municipalities_after": int(ca[:, k].sum()),
                "municipalities_newly_covered": int(gained[:, k].sum()),
                "municipalities_newly_covered_ids": ";".join(codes[gained[:, k]]),
                "municipalities_no_longer_covered": int(lost[:, k].sum()),
                "municipalities_no_longer_covered_ids": ";".join(codes[lost[:, k]]),
            }
        )
    out = pd.DataFrame(rows, columns=list(CLUSTER_DELTA_COLUMNS))
    out["_order"] = np.arange(len(out))
    out = out.sort_values(
        ["population_newly_covered", "population_no_longer_covered", "_order"],
        ascending=[False, False, True],
        kind="stable",
    )
    return out.drop(columns="_order").reset_index(drop=True)


MUNICIPALITY_DELTA_COLUMNS: tuple[str, ...] = (
    "kommunekode",
    "kommune",
    "hub_id",
    "population",
    "clusters_before",
    "clusters_after",
    "clusters_delta",
    "gained_cluster_ids",
    "lost_cluster_ids",
    "changed",
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
    out = pd.DataFrame(
        {
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
        }
    )
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
    error is skipped, see :func:`klyngekort.scenarios.apply.apply_scenario_with_issues`) and
    the warnings of :func:`change_effects`."""
    if demand is None:
        if munis is None:
            raise ValueError("compare_scenario needs munis or demand")
        demand = demand_for(ds, munis)
    scen_ds, issues = apply_scenario_with_issues(ds, scenario)
    bad = {i.line for i in issues if i.severity == "error"}
    effective = scenario.with_changes([c for p, c in enumerate(scenario.changes, start=1) if p not in bad])
    effects = list(change_effects(ds, effective, period, include_unknown_status=include_unknown_status))
    # Positions in ``effective`` shift after a skipped change: map them back.
    kept = [p for p in range(1, len(scenario.changes) + 1) if p not in bad]
    for i in effects:
        orig = kept[i.line - 1] if i.line is not None else None
        where = {**i.params, "change": orig} if orig is not None else i.params
        issues.append(Issue(scenario.name or scenario.id, orig, i.field, i.code, where, i.severity))
    before = coverage_of(
        ds, None, period, params, include_unknown_status=include_unknown_status, demand=demand
    )
    after = coverage_of(
        scen_ds, None, period, params, include_unknown_status=include_unknown_status, demand=demand
    )
    return ScenarioComparison(
        scenario=scenario,
        params=params,
        period=period,
        scenario_dataset=scen_ds,
        before=before,
        after=after,
        indicators=indicators_table(before, after),
        clusters=cluster_delta(before, after),
        municipalities=municipality_delta(before, after),
        issues=issues,
    )
