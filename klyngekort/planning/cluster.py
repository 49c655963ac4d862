"""The adapter between Klyngekort data and the planning model, kept apart from the model as
in spopt: it turns a dataset, a cluster, a period and a reach rule into a
:class:`~klyngekort.planning.problem.PlanProblem` (demand: municipalities weighted by
population; candidates: hubs and branches, optionally municipalities), solves it, and
returns a :class:`PlanOutcome` in data terms (site ids, names, covered population).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:  # pragma: no cover - typing only
    import geopandas as gpd
    import pandas as pd

    from klyngekort.core.model import Dataset
    from klyngekort.core.periods import Period
from klyngekort.planning.problem import PlanProblem, PlanResult
from klyngekort.planning.solvers import best_k_sites, fewest_sites

CandidateMode = Literal["hubs", "all"]


CANDIDATE_MODES: tuple[CandidateMode, ...] = ("hubs", "all")


#: Columns of :attr:`ClusterPlanInput.candidates`.
CANDIDATE_COLUMNS: tuple[str, ...] = (
    "candidate_id",  # hub_id for hubs and branches, "K" + kommunekode for a municipality centre
    "kind",  # "head_office", "branch" or "municipality"
    "name",
    "kommunekode",
    "hub_id",  # the hub itself; "" for a municipality centre
    "x",  # EPSG:25832 metres
    "y",
    "add_site",  # "CLUSTER@HUB_ID" for `klyngekort coverage --add-site`; "" for a municipality centre
)


def municipality_candidate_id(kommunekode: str) -> str:
    """The candidate id of a municipality's visual centre: ``"K0101"``."""
    return f"K{kommunekode}"


@dataclass(eq=False)
class ClusterPlanInput:
    """A :class:`PlanProblem` built from the real data, with the frames behind it.

    ``problem`` is ``None`` when ``issues`` has errors. ``demand`` is the demand frame
    (:data:`klyngekort.core.coverage.DEMAND_COLUMNS`, row ``i`` = ``problem.demand_ids[i]``),
    ``candidates`` has :data:`CANDIDATE_COLUMNS` (row ``j`` = ``problem.candidate_ids[j]``),
    ``existing`` the cluster's presences in the period.
    """

    cluster_id: str
    params: Any  # klyngekort.core.coverage.CoverageParams
    period: Any  # klyngekort.core.periods.Period
    candidate_mode: str
    problem: PlanProblem | None
    demand: Any  # pd.DataFrame
    candidates: Any  # pd.DataFrame
    existing: Any  # pd.DataFrame
    issues: list[Any] = field(default_factory=list)  # list[klyngekort.core.model.Issue]
    weight_name: str = "population"

    @property
    def ok(self) -> bool:
        return self.problem is not None and not any(i.severity == "error" for i in self.issues)


@dataclass(eq=False)
class PlanOutcome:
    """The answer of :func:`plan_for_cluster` / :func:`fewest_sites_for_cluster`.

    ``result`` is ``None`` when the input had errors (see ``issues``). Hub candidates carry
    their ``hub_id`` as id, so ``add_site_args`` (``CLUSTER@HUB_ID``) can be passed to
    ``klyngekort coverage --add-site`` and give the same covered population after.
    """

    input: ClusterPlanInput
    result: PlanResult | None
    issues: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result is not None and not any(i.severity == "error" for i in self.issues)

    @property
    def cluster_id(self) -> str:
        return self.input.cluster_id

    @property
    def add_site_args(self) -> list[str]:
        """``CLUSTER@HUB_ID`` for each chosen hub or branch (municipality centres have none)."""
        if self.result is None:
            return []
        c = self.input.candidates.set_index("candidate_id")
        return [c.at[i, "add_site"] for i in self.result.chosen if c.at[i, "add_site"]]

    def sites_table(self):
        """One row per recommended site in greedy order: ``rank, candidate_id, kind, name,
        kommunekode, x, y, <weight>_gain, add_site``."""
        import pandas as pd

        cols = [
            "rank",
            "candidate_id",
            "kind",
            "name",
            "kommunekode",
            "x",
            "y",
            f"{self.input.weight_name}_gain",
            "add_site",
        ]
        if self.result is None or not self.result.chosen:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
        c = self.input.candidates.set_index("candidate_id")
        rows = []
        for rank, (cid, gain) in enumerate(self.result.sites, start=1):
            r = c.loc[cid]
            rows.append(
                [rank, cid, r["kind"], r["name"], r["kommunekode"], r["x"], r["y"], gain, r["add_site"]]
            )
        return pd.DataFrame(rows, columns=cols)

    def to_dict(self) -> dict[str, Any]:
        """The figures the CLI prints (``klyngekort plan``), as data: the CLI adds the worded
        method, issues and explanation in the reader's language."""
        wn = self.input.weight_name
        out: dict[str, Any] = {
            "cluster_id": self.cluster_id,
            "period": getattr(self.input.period, "key", str(self.input.period)),
            "candidates": self.input.candidate_mode,
        }
        r = self.result
        if r is None:
            out["solver_status"] = "not_solved"
            return out
        names = dict(zip(self.input.candidates["candidate_id"], self.input.candidates["name"], strict=False))
        dem = self.input.demand
        labels = (
            dict(zip(dem["kommunekode"].astype(str), dem["kommune"].astype(str), strict=False))
            if "kommune" in dem
            else {}
        )
        out.update(
            {
                "objective": r.objective,
                "k": r.k,
                "target_share": r.target_share,
                "sites": [{"id": cid, "name": names.get(cid, ""), f"{wn}_gain": g} for cid, g in r.sites],
                f"covered_{wn}_before": r.covered_before,
                f"covered_{wn}_after": r.covered_after,
                "covered_share_before": r.share_before,
                "covered_share_after": r.share_after,
                f"total_{wn}": r.total_weight,
                f"reachable_{wn}": r.reachable_weight,
                "newly_covered": list(r.newly_covered),
                "unreachable": [
                    {"kommunekode": i, "name": labels.get(i, i), wn: w} for i, w in r.unreachable
                ],
                "add_site": self.add_site_args,
                "solver_status": r.solver_status,
                "elapsed_s": r.elapsed_s,
                "reasons": list(r.reasons),
            }
        )
        return out


def _plan_issue(field_name: str | None, code: str, severity: str = "error", **params: Any):
    from klyngekort.core.model import Issue

    return Issue("plan", None, field_name, code, params, severity)  # type: ignore[arg-type]


def build_cluster_problem(
    ds: Dataset,
    munis: gpd.GeoDataFrame,
    cluster_id: str,
    params: Any,
    *,
    period: Period,
    candidates: CandidateMode = "hubs",
    extra_candidate_kommunekoder: Sequence[str] = (),
    include_unknown_status: bool = True,
    demand: pd.DataFrame | None = None,
) -> ClusterPlanInput:
    """Build the :class:`PlanProblem` for one cluster from the dataset and DAGI layer.

    * Demand: the 98 municipalities at their visual centres, weighted by population
      (:func:`klyngekort.core.coverage.demand_for`, i.e. the hub areas of ``ds`` and
      the latest ``ds.population``), unless ``demand`` is given (e.g. with firm counts).
      Unknown population counts as 0 (a warning names the municipalities).
    * Candidates: ``"hubs"`` = every hub head office and branch with coordinates (id =
      ``hub_id``, at the hub's point, exactly as ``--add-site`` places it); ``"all"`` =
      those plus every municipality's visual centre (id ``"K0101"`` …); plus the
      municipalities in ``extra_candidate_kommunekoder``. Hubs are listed first, so they
      win ties.
    * Cover: decided by :func:`klyngekort.core.coverage.coverage_core` with the same
      ``params`` as the coverage views — each candidate is treated as the single presence
      of a pseudo-cluster — so distance (≤ R km, EPSG:25832), travel time (≤ T minutes)
      and hub-area mode follow the same rules as ``klyngekort coverage``.
    * Existing presence: the cluster's presences in ``period``
      (:func:`klyngekort.core.presence.presences`), fixed.

    Problems with the request (unknown cluster, unknown municipality code, bad option)
    come back as :class:`klyngekort.core.model.Issue` objects, never as exceptions.
    """
    import pandas as pd

    from klyngekort.core.coverage import coverage_core, demand_for
    from klyngekort.core.presence import presence_frame

    issues: list[Any] = []
    empty = pd.DataFrame()
    cluster_id = str(cluster_id).strip()

    def fail() -> ClusterPlanInput:
        return ClusterPlanInput(
            cluster_id,
            params,
            period,
            str(candidates),
            None,
            empty,
            pd.DataFrame(columns=list(CANDIDATE_COLUMNS)),
            empty,
            issues,
        )

    known_clusters = [str(c) for c in ds.clusters["cluster_id"]]
    if cluster_id not in known_clusters:
        issues.append(
            _plan_issue("cluster_id", "plan.unknown_cluster", cluster=cluster_id, known=known_clusters)
        )
    if candidates not in CANDIDATE_MODES:
        issues.append(_plan_issue("candidates", "plan.unknown_candidates", value=str(candidates)))
    if issues:
        return fail()

    if demand is None:
        demand = demand_for(ds, munis)
    demand = demand.reset_index(drop=True)
    weights = _demand_weights(demand, issues)

    extra_codes = [str(c).strip() for c in extra_candidate_kommunekoder]
    bad = [c for c in extra_codes if c not in set(weights.codes)]
    if bad:
        issues.append(_plan_issue("extra_candidate_kommunekoder", "plan.unknown_kommunekoder", codes=bad))
        return fail()
    cand = _candidate_table(
        ds,
        period,
        cluster_id,
        demand,
        weights,
        (list(weights.codes) if candidates == "all" else []) + extra_codes,
        include_unknown_status,
        issues,
    )
    if cand.empty:
        issues.append(_plan_issue("candidates", "plan.no_candidates"))
        return fail()

    # Cover, by the coverage module's own rules: one pseudo-cluster per candidate.
    cand_pres = presence_frame(
        dict(
            presence_id=f"cand:{r.candidate_id}",
            cluster_id=r.candidate_id,
            source="added",
            kind="added",
            hub_id=r.hub_id,
            kommunekode=r.kommunekode,
            x=r.x,
            y=r.y,
        )
        for r in cand.itertuples(index=False)
    )
    cand_ids = cand["candidate_id"].tolist()
    cover = coverage_core(demand, cand_pres, cand_ids, params, hubs=ds.hubs).covered
    existing = _existing_presence(ds, period, cluster_id, include_unknown_status, issues)
    existing_cover = coverage_core(demand, existing, [cluster_id], params, hubs=ds.hubs).covered[:, 0]
    problem = PlanProblem(
        weights.codes, weights.w, cand_ids, cover, existing_cover, demand_labels=weights.labels
    )
    return ClusterPlanInput(
        cluster_id, params, period, str(candidates), problem, demand, cand, existing, issues, weights.name
    )


@dataclass(frozen=True)
class _Weights:
    """The demand side of a cluster problem: codes, weights (unknown = 0) and labels."""

    codes: list[str]
    w: np.ndarray
    names: list[str]
    labels: list[str]
    name: str  # "population" or "firms"


def _demand_weights(demand: pd.DataFrame, issues: list[Any]) -> _Weights:
    """The weights of ``demand`` (population, or firms when given); unknown weights count as 0
    and are named in a warning."""
    import pandas as pd

    codes = demand["kommunekode"].astype(str).tolist()
    weight_name = "firms" if "firms" in demand.columns else "population"
    w = pd.to_numeric(demand["weight"], errors="coerce").to_numpy(dtype=float)
    unknown_w = [c for c, v in zip(codes, w, strict=False) if not np.isfinite(v)]
    if unknown_w:
        issues.append(
            _plan_issue(
                weight_name,
                "plan.no_firms" if weight_name == "firms" else "plan.no_population",
                "warning",
                n=len(unknown_w),
                codes=unknown_w[:10],
            )
        )
    w = np.where(np.isfinite(w) & (w > 0), w, 0.0)
    names = demand["kommune"].astype(str).tolist() if "kommune" in demand.columns else codes
    labels = [f"{n} ({c})" if n and n != c else c for n, c in zip(names, codes, strict=False)]
    return _Weights(codes, w, names, labels, weight_name)


def _candidate_table(
    ds: Dataset,
    period: Period,
    cluster_id: str,
    demand: pd.DataFrame,
    weights: _Weights,
    muni_codes: list[str],
    include_unknown_status: bool,
    issues: list[Any],
) -> pd.DataFrame:
    """Every hub head office and branch with coordinates (placed exactly as ``--add-site``
    places them), then the municipalities ``muni_codes`` at their visual centres."""
    import pandas as pd

    from klyngekort.core.presence import ExtraPresence, presences

    hubs = ds.hubs
    lat = pd.to_numeric(hubs["latitude"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(hubs["longitude"], errors="coerce").to_numpy(dtype=float)
    located = np.isfinite(lat) & np.isfinite(lon)
    for h in hubs.loc[~located, "hub_id"].astype(str):
        issues.append(_plan_issue("candidates", "plan.hub_without_coordinates", "warning", hub=h))
    hub_ids = hubs.loc[located, "hub_id"].astype(str).tolist()
    added = presences(
        ds,
        period,
        include_unknown_status=include_unknown_status,
        extra=[ExtraPresence(cluster_id, h) for h in hub_ids],
    )
    added = added[added["source"] == "added"].set_index("hub_id")
    hub_info = hubs.set_index(hubs["hub_id"].astype(str))
    rows: list[dict[str, Any]] = [
        dict(
            candidate_id=h,
            kind=str(hub_info.at[h, "kind"]),
            name=str(hub_info.at[h, "name"]),
            kommunekode=str(added.at[h, "kommunekode"]),
            hub_id=h,
            x=float(added.at[h, "x"]),
            y=float(added.at[h, "y"]),
            add_site=f"{cluster_id}@{h}",
        )
        for h in hub_ids
    ]
    pos = {c: i for i, c in enumerate(weights.codes)}
    for c in sorted(dict.fromkeys(muni_codes)):
        i = pos[c]
        rows.append(
            dict(
                candidate_id=municipality_candidate_id(c),
                kind="municipality",
                name=weights.names[i],
                kommunekode=c,
                hub_id="",
                x=float(demand.at[i, "x"]),
                y=float(demand.at[i, "y"]),
                add_site="",
            )
        )
    return pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))


def _existing_presence(
    ds: Dataset, period: Period, cluster_id: str, include_unknown_status: bool, issues: list[Any]
) -> pd.DataFrame:
    """The cluster's presences in ``period`` (fixed in the problem); a warning when it has none."""
    from klyngekort.core.presence import presences
    from klyngekort.core.selection import clusters_in_period

    existing = presences(ds, period, include_unknown_status=include_unknown_status)
    existing = existing[existing["cluster_id"] == cluster_id].reset_index(drop=True)
    if existing.empty:
        active = set(
            clusters_in_period(ds, period, include_unknown_status=include_unknown_status)["cluster_id"]
        )
        issues.append(
            _plan_issue(
                "cluster_id",
                "plan.no_presence" if cluster_id in active else "plan.no_presence_not_in_force",
                "warning",
                cluster=cluster_id,
                period=period.key,
            )
        )
    return existing


def _k_issue(k: Any):
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        return _plan_issue("k", "plan.bad_k", value=repr(k))
    return None


def plan_for_cluster(
    ds: Dataset,
    munis: gpd.GeoDataFrame,
    cluster_id: str,
    k: int,
    params: Any,
    *,
    period: Period,
    candidates: CandidateMode = "hubs",
    extra_candidate_kommunekoder: Sequence[str] = (),
    include_unknown_status: bool = True,
    demand: pd.DataFrame | None = None,
    time_limit_s: float = 30,
) -> PlanOutcome:
    """The best ``k`` new co-location sites for ``cluster_id`` (:func:`best_k_sites`).

    See :func:`build_cluster_problem` for how demand, candidates, cover and the existing
    presence are built. Hub candidates have their ``hub_id`` as id:
    ``klyngekort coverage --add-site CLUSTER@HUB_ID`` for the chosen hubs
    (:attr:`PlanOutcome.add_site_args`) must report the same covered population as
    ``covered_after`` — both go through :func:`klyngekort.core.presence.presences` and
    :func:`klyngekort.core.coverage.coverage_core` with the same parameters.
    """
    inp = build_cluster_problem(
        ds,
        munis,
        cluster_id,
        params,
        period=period,
        candidates=candidates,
        extra_candidate_kommunekoder=extra_candidate_kommunekoder,
        include_unknown_status=include_unknown_status,
        demand=demand,
    )
    issues = list(inp.issues)
    bad_k = _k_issue(k)
    if bad_k is not None:
        issues.append(bad_k)
    if inp.problem is None or bad_k is not None:
        return PlanOutcome(inp, None, issues)
    return PlanOutcome(inp, best_k_sites(inp.problem, int(k), time_limit_s=time_limit_s), issues)


def fewest_sites_for_cluster(
    ds: Dataset,
    munis: gpd.GeoDataFrame,
    cluster_id: str,
    target_share: float | None,
    params: Any,
    *,
    period: Period,
    candidates: CandidateMode = "hubs",
    extra_candidate_kommunekoder: Sequence[str] = (),
    include_unknown_status: bool = True,
    demand: pd.DataFrame | None = None,
    time_limit_s: float = 30,
) -> PlanOutcome:
    """The fewest new sites for ``cluster_id`` to cover ``target_share`` of the population
    (``None``: everything reachable), with :func:`fewest_sites`. Same inputs as
    :func:`plan_for_cluster`."""
    inp = build_cluster_problem(
        ds,
        munis,
        cluster_id,
        params,
        period=period,
        candidates=candidates,
        extra_candidate_kommunekoder=extra_candidate_kommunekoder,
        include_unknown_status=include_unknown_status,
        demand=demand,
    )
    issues = list(inp.issues)
    if target_share is not None and not (isinstance(target_share, (int, float)) and 0 <= target_share <= 1):
        issues.append(_plan_issue("target_share", "plan.bad_target_share", value=repr(target_share)))
        return PlanOutcome(inp, None, issues)
    if inp.problem is None:
        return PlanOutcome(inp, None, issues)
    return PlanOutcome(inp, fewest_sites(inp.problem, target_share, time_limit_s=time_limit_s), issues)
