"""Recommended placements: the best k new sites, and the fewest sites for a target.

The optimiser is split in two, as in spopt: the *data* (:class:`PlanProblem`, a plain
boolean coverage matrix with weights) and the *solvers* (:func:`best_k_sites`,
:func:`fewest_sites`, and the exhaustive :func:`brute_force_best_k` /
:func:`brute_force_fewest_sites` used to check them). :func:`plan_for_cluster` is the
adapter that builds a :class:`PlanProblem` from the real dataset (municipalities
weighted by population, hubs and municipality centres as candidates, the cluster's
current presence fixed).

Definitions used throughout
---------------------------
* **Covered before**: the weight of the demand points covered by the existing, fixed
  presence (``existing_cover``).
* **Covered after**: the weight covered by the existing presence *or* any chosen site.
  Both are computed here from the matrix, with the demand weights (spopt's
  ``perc_cov`` counts points, not weight, and is not used).
* **Per-site added weight** ("its own added population"): the sites are ordered
  greedily — first the chosen site that adds most to the existing coverage, then the
  one that adds most to that, and so on — and each site's figure is its marginal gain
  in that order. The figures therefore sum exactly to ``covered_after -
  covered_before``. A chosen site whose marginal gain would be zero is dropped from the
  result (and the explanation says so): it adds nothing.
* **Unreachable**: demand points covered neither by the existing presence nor by any
  candidate. No choice of sites can cover them; they are reported, never an error.
* **Ties** are broken deterministically: among equally good answers the candidates
  listed *first* in ``candidate_ids`` win. After the solver returns, each chosen site is
  swapped for an earlier-listed candidate whenever that keeps the coverage at least as
  high, until no swap applies; the greedy order breaks ties by list position as well.
  The adapter lists hubs before municipality centres, so a hub wins a tie with the
  centre of its own municipality.

Solver status (``PlanResult.solver_status``)
--------------------------------------------
``"optimal"``
    Proven optimal, or trivially optimal without a solver run (k = 0, no candidate adds
    coverage, k at least the number of useful candidates, target already met).
``"time_limit_feasible"``
    CBC stopped at the time limit with a feasible solution that is not proven optimal.
    PuLP reports such a run as ``LpStatusOptimal`` with ``sol_status ==
    LpSolutionIntegerFeasible``; we look at ``sol_status`` (and at the wall time), not
    at ``status`` alone.
``"infeasible"``
    The request cannot be met (a coverage target above what is reachable at all), or
    the solver proved the model infeasible.
``"not_solved"``
    The solver stopped without any solution (time limit before a first solution, a
    solver error). The result then chooses no site.

Explanations
------------
``PlanResult.explanation`` is plain English for the caveats of a run (empty when there
is nothing to say); ``PlanResult.reasons`` holds the same as stable codes a UI can
translate: ``k_zero``, ``no_useful_candidate``, ``k_exceeds_useful``,
``sites_add_nothing``, ``unreachable_demand``, ``already_met``, ``target_unreachable``,
``time_limit``, ``solver_not_solved``, ``solver_infeasible``, ``brute_force``.

Agreement with ``klyngekort coverage --add-site``
-------------------------------------------------
In :func:`plan_for_cluster` a hub candidate's id is its ``hub_id`` and it is placed
exactly where ``--add-site CLUSTER@HUB_ID`` places a what-if presence
(:func:`klyngekort.presence.presences` with ``extra``); cover is decided by
:func:`klyngekort.coverage.coverage_core` with the same parameters. So the covered
population after adding the recommended hubs with ``--add-site`` equals
``covered_after`` (tested on the real data).
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pulp

if TYPE_CHECKING:  # pragma: no cover - typing only
    import geopandas as gpd
    import pandas as pd

    from klyngekort.model import Dataset
    from klyngekort.periods import Period

SolverStatus = Literal["optimal", "time_limit_feasible", "infeasible", "not_solved"]
SOLVER_STATUSES: tuple[str, ...] = ("optimal", "time_limit_feasible", "infeasible", "not_solved")

# Shares below this (of the total weight) are treated as rounding noise when comparing
# coverage values and targets.
_REL_TOL = 1e-9


# --------------------------------------------------------------------------- data


@dataclass(frozen=True, eq=False)
class PlanProblem:
    """A coverage planning problem: n demand points, m candidate sites.

    ``cover[i, j]`` is True when candidate ``j`` covers demand point ``i`` (within R km,
    T minutes, or the same hub area). ``existing_cover[i]`` is True when the fixed,
    existing presence already covers point ``i``. Weights are non-negative (population).
    ``demand_labels`` (optional) name the points in explanations ("Bornholm (0400)").
    Arrays are copied and frozen; invalid shapes or values raise ``ValueError``.
    """

    demand_ids: tuple[str, ...]
    weights: np.ndarray
    candidate_ids: tuple[str, ...]
    cover: np.ndarray
    existing_cover: np.ndarray
    demand_labels: tuple[str, ...] | None = None

    def __init__(
        self,
        demand_ids: Sequence[str],
        weights: Sequence[float] | np.ndarray,
        candidate_ids: Sequence[str],
        cover: np.ndarray | Sequence[Sequence[bool]],
        existing_cover: Sequence[bool] | np.ndarray | None = None,
        demand_labels: Sequence[str] | None = None,
    ) -> None:
        d_ids = tuple(str(x) for x in demand_ids)
        c_ids = tuple(str(x) for x in candidate_ids)
        n, m = len(d_ids), len(c_ids)
        w = np.array(weights, dtype=float).reshape(-1)
        cov = np.array(cover, dtype=bool)
        if cov.size == 0:
            cov = cov.reshape(n, m)
        ex = np.zeros(n, dtype=bool) if existing_cover is None else np.array(existing_cover, dtype=bool).reshape(-1)
        if len(set(d_ids)) != n:
            raise ValueError("demand_ids must be unique")
        if len(set(c_ids)) != m:
            raise ValueError("candidate_ids must be unique")
        if w.shape != (n,):
            raise ValueError(f"weights has {w.shape[0]} values for {n} demand points")
        if not np.all(np.isfinite(w)) or np.any(w < 0):
            raise ValueError("weights must be finite and >= 0")
        if cov.shape != (n, m):
            raise ValueError(f"cover has shape {cov.shape}, expected {(n, m)}")
        if ex.shape != (n,):
            raise ValueError(f"existing_cover has {ex.shape[0]} values for {n} demand points")
        labels = None if demand_labels is None else tuple(str(x) for x in demand_labels)
        if labels is not None and len(labels) != n:
            raise ValueError(f"demand_labels has {len(labels)} values for {n} demand points")
        for arr in (w, cov, ex):
            arr.setflags(write=False)
        object.__setattr__(self, "demand_labels", labels)
        object.__setattr__(self, "demand_ids", d_ids)
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "candidate_ids", c_ids)
        object.__setattr__(self, "cover", cov)
        object.__setattr__(self, "existing_cover", ex)

    @property
    def n_demand(self) -> int:
        return len(self.demand_ids)

    @property
    def n_candidates(self) -> int:
        return len(self.candidate_ids)

    @property
    def total_weight(self) -> float:
        return float(self.weights.sum())

    @property
    def reachable(self) -> np.ndarray:
        """Demand points that the existing presence or some candidate covers."""
        return self.existing_cover | self.cover.any(axis=1)

    def covered_mask(self, chosen: Sequence[int]) -> np.ndarray:
        """Points covered by the existing presence or any candidate in ``chosen`` (indices)."""
        idx = list(chosen)
        if not idx:
            return self.existing_cover.copy()
        return self.existing_cover | self.cover[:, idx].any(axis=1)

    def covered_weight(self, chosen: Sequence[int]) -> float:
        """Weighted coverage (existing presence plus the candidates ``chosen``, by index)."""
        return float(self.weights[self.covered_mask(chosen)].sum())

    def candidate_index(self, candidate_id: str) -> int:
        return self.candidate_ids.index(candidate_id)


@dataclass(frozen=True)
class PlanResult:
    """The answer of a planner run. Weights are in the unit of ``PlanProblem.weights``.

    ``chosen`` holds the new sites in greedy order and ``added_weight`` each site's
    marginal gain in that order (see the module docstring); they sum to
    ``covered_after - covered_before``. ``unreachable`` lists ``(demand_id, weight)``
    of the points no site can cover, heaviest first.
    """

    objective: Literal["best_k", "fewest_sites"]
    chosen: tuple[str, ...]
    added_weight: tuple[float, ...]
    covered_before: float
    covered_after: float
    total_weight: float
    reachable_weight: float
    solver_status: SolverStatus
    elapsed_s: float
    unreachable: tuple[tuple[str, float], ...]
    explanation: str
    newly_covered: tuple[str, ...] = ()
    k: int | None = None
    target_share: float | None = None
    reasons: tuple[str, ...] = ()

    @property
    def share_before(self) -> float:
        return self.covered_before / self.total_weight if self.total_weight > 0 else 0.0

    @property
    def share_after(self) -> float:
        return self.covered_after / self.total_weight if self.total_weight > 0 else 0.0

    @property
    def reachable_share(self) -> float:
        return self.reachable_weight / self.total_weight if self.total_weight > 0 else 0.0

    @property
    def gain(self) -> float:
        return self.covered_after - self.covered_before

    @property
    def unreachable_weight(self) -> float:
        return float(sum(w for _, w in self.unreachable))

    @property
    def sites(self) -> list[tuple[str, float]]:
        """``(candidate_id, added_weight)`` in greedy order."""
        return list(zip(self.chosen, self.added_weight, strict=True))

    def to_dict(self) -> dict[str, Any]:
        return {
            "objective": self.objective,
            "k": self.k,
            "target_share": self.target_share,
            "sites": [{"id": c, "added_weight": w} for c, w in self.sites],
            "covered_before": self.covered_before,
            "covered_after": self.covered_after,
            "share_before": self.share_before,
            "share_after": self.share_after,
            "total_weight": self.total_weight,
            "reachable_weight": self.reachable_weight,
            "newly_covered": list(self.newly_covered),
            "unreachable": [{"id": i, "weight": w} for i, w in self.unreachable],
            "solver_status": self.solver_status,
            "elapsed_s": self.elapsed_s,
            "explanation": self.explanation,
            "reasons": list(self.reasons),
        }


# ----------------------------------------------------------------- internals


def status_from_pulp(status: int, sol_status: int | None, elapsed_s: float | None = None,
                     time_limit_s: float | None = None) -> SolverStatus:
    """Map PuLP's ``(status, sol_status)`` to a :data:`SolverStatus`.

    CBC stopped on time with a solution gives ``status == LpStatusOptimal`` and
    ``sol_status == LpSolutionIntegerFeasible``: that is ``"time_limit_feasible"``. A run
    that reports optimal without a ``sol_status`` but used up the time limit is treated
    the same way (not proven).
    """
    if status == pulp.LpStatusOptimal:
        if sol_status == pulp.LpSolutionOptimal:
            return "optimal"
        if sol_status == pulp.LpSolutionIntegerFeasible:
            return "time_limit_feasible"
        if sol_status is None:
            if elapsed_s is not None and time_limit_s is not None and elapsed_s >= time_limit_s:
                return "time_limit_feasible"
            return "optimal"
        return "not_solved"
    if status == pulp.LpStatusInfeasible:
        return "infeasible"
    return "not_solved"


@dataclass
class _Reduced:
    """The part of a problem a solver has to decide on.

    Rows already covered by the existing presence, rows nobody can cover and rows of
    zero weight are constants; they are removed. The remaining ("open") rows are merged
    by identical coverage pattern over the *useful* candidates (those that cover at
    least one open row), summing their weights.
    """

    base_weight: float  # weight covered by the existing presence
    useful: np.ndarray  # candidate indices (ascending) that add coverage
    patterns: np.ndarray  # bool (u × len(useful))
    pattern_weight: np.ndarray  # float (u,)
    open_weight: float


def _reduce(problem: PlanProblem) -> _Reduced:
    w = problem.weights
    ex = problem.existing_cover
    open_rows = ~ex & problem.cover.any(axis=1) & (w > 0)
    sub = problem.cover[open_rows]
    useful = np.flatnonzero(sub.any(axis=0)) if sub.size else np.zeros(0, dtype=int)
    sub = sub[:, useful]
    if sub.shape[0]:
        patterns, inverse = np.unique(sub, axis=0, return_inverse=True)
        pw = np.bincount(inverse.reshape(-1), weights=w[open_rows], minlength=patterns.shape[0])
    else:
        patterns = np.zeros((0, len(useful)), dtype=bool)
        pw = np.zeros(0)
    return _Reduced(
        base_weight=float(w[ex].sum()),
        useful=useful,
        patterns=patterns,
        pattern_weight=pw.astype(float),
        open_weight=float(pw.sum()),
    )


def _reduced_gain(red: _Reduced, cols: Sequence[int]) -> float:
    """Weight added to the existing coverage by the useful columns ``cols`` (reduced indices)."""
    cols = list(cols)
    if not cols or red.patterns.shape[0] == 0:
        return 0.0
    return float(red.pattern_weight[red.patterns[:, cols].any(axis=1)].sum())


def _canonical(red: _Reduced, cols: list[int], tol: float) -> list[int]:
    """Swap chosen columns for earlier-listed ones while the gain does not drop."""
    cols = sorted(set(cols))
    current = _reduced_gain(red, cols)
    changed = True
    while changed:
        changed = False
        for pos, s in enumerate(cols):
            chosen = set(cols)
            for c in range(s):
                if c in chosen:
                    continue
                trial = cols[:pos] + [c] + cols[pos + 1 :]
                g = _reduced_gain(red, trial)
                if g >= current - tol:
                    cols = sorted(trial)
                    current = max(current, g)
                    changed = True
                    break
            if changed:
                break
    return cols


def _unreachable(problem: PlanProblem) -> tuple[tuple[str, float], ...]:
    idx = np.flatnonzero(~problem.reachable)
    order = sorted(idx, key=lambda i: (-problem.weights[i], i))
    return tuple((problem.demand_ids[i], float(problem.weights[i])) for i in order)


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.4g}"


def _unreachable_text(problem: PlanProblem, unreachable: tuple[tuple[str, float], ...]) -> str:
    if not unreachable:
        return ""
    total = problem.total_weight
    uw = sum(w for _, w in unreachable)
    names = dict(zip(problem.demand_ids, problem.demand_labels or problem.demand_ids))
    ids = ", ".join(names[i] for i, _ in unreachable[:10]) + (" …" if len(unreachable) > 10 else "")
    share = f" ({uw / total:.1%} of the total)" if total > 0 else ""
    return (
        f"{len(unreachable)} demand point(s) with weight {_fmt(uw)}{share} are beyond the reach of the "
        f"existing presence and of every candidate and cannot be covered: {ids}."
    )


def _build_result(
    problem: PlanProblem,
    red: _Reduced,
    cols: Sequence[int],
    *,
    objective: Literal["best_k", "fewest_sites"],
    status: SolverStatus,
    t0: float,
    notes: list[str],
    reasons: list[str],
    k: int | None = None,
    target_share: float | None = None,
) -> PlanResult:
    """Greedy-order the chosen columns, drop zero-gain ones, compute the figures."""
    total = problem.total_weight
    tol = _REL_TOL * max(total, 1.0)
    remaining = list(dict.fromkeys(cols))
    ordered: list[int] = []
    gains: list[float] = []
    covered_rows = np.zeros(red.patterns.shape[0], dtype=bool)
    while remaining:
        best_c, best_g = None, -1.0
        for c in sorted(remaining):
            g = float(red.pattern_weight[red.patterns[:, c] & ~covered_rows].sum())
            if g > best_g + tol:
                best_c, best_g = c, g
        assert best_c is not None
        remaining.remove(best_c)
        if best_g <= tol:
            break  # this and all remaining add nothing
        ordered.append(best_c)
        gains.append(best_g)
        covered_rows |= red.patterns[:, best_c]
    if k is not None and len(ordered) < len(list(dict.fromkeys(cols))):
        dropped = len(list(dict.fromkeys(cols))) - len(ordered)
        notes.append(
            f"{dropped} of the {len(list(dict.fromkeys(cols)))} selected site(s) would add nothing beyond the others, "
            f"so only {len(ordered)} site(s) are recommended."
        )
        reasons.append("sites_add_nothing")
    chosen_idx = [int(red.useful[c]) for c in ordered]
    before = problem.covered_weight([])
    after_mask = problem.covered_mask(chosen_idx)
    after = float(problem.weights[after_mask].sum())
    newly = tuple(problem.demand_ids[i] for i in np.flatnonzero(after_mask & ~problem.existing_cover))
    unreachable = _unreachable(problem)
    ut = _unreachable_text(problem, unreachable)
    if ut:
        notes.append(ut)
        reasons.append("unreachable_demand")
    reachable_weight = float(problem.weights[problem.reachable].sum())
    # the per-site gains are computed on the reduced rows; make them sum exactly.
    if gains:
        gains[-1] = (after - before) - sum(gains[:-1])
    return PlanResult(
        objective=objective,
        chosen=tuple(problem.candidate_ids[i] for i in chosen_idx),
        added_weight=tuple(float(g) for g in gains),
        covered_before=before,
        covered_after=after,
        total_weight=total,
        reachable_weight=reachable_weight,
        solver_status=status,
        elapsed_s=time.perf_counter() - t0,
        unreachable=unreachable,
        explanation=" ".join(n for n in notes if n),
        newly_covered=newly,
        k=k,
        target_share=target_share,
        reasons=tuple(dict.fromkeys(reasons)),
    )


def _cbc(time_limit_s: float) -> pulp.LpSolver:
    # No ``threads`` option: CBC runs single-threaded by default, and passing
    # ``-threads 1`` to the CBC bundled with PuLP 3.3 makes about 1 run in 60 stall for
    # exactly 10 s (measured on these small models).
    return pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit_s)


def _check_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        raise ValueError(f"k must be a non-negative integer, got {k!r}")
    return int(k)


def _check_time_limit(time_limit_s: float) -> float:
    if not (isinstance(time_limit_s, (int, float)) and math.isfinite(time_limit_s) and time_limit_s > 0):
        raise ValueError(f"time_limit_s must be a positive number, got {time_limit_s!r}")
    return float(time_limit_s)


def _solve_spopt(model: Any, solver: pulp.LpSolver, time_limit_s: float) -> tuple[SolverStatus, str]:
    """Run an spopt model; never raise on a solver outcome. Returns (status, note)."""
    t = time.perf_counter()
    try:
        model.solve(solver, results=False)
    except RuntimeError:
        pass  # spopt's check_status raises when PuLP's status is not Optimal; we map it ourselves
    except pulp.PulpSolverError as exc:
        return "not_solved", f"The solver failed: {exc}."
    elapsed = time.perf_counter() - t
    prob = model.problem
    status = status_from_pulp(prob.status, getattr(prob, "sol_status", None), elapsed, time_limit_s)
    return status, ""


def _status_note(status: SolverStatus, time_limit_s: float) -> str:
    if status == "time_limit_feasible":
        return (
            f"The solver stopped at the time limit ({time_limit_s:g} s) with a feasible answer that is not "
            "proven optimal."
        )
    if status == "not_solved":
        return f"The solver found no solution within the time limit ({time_limit_s:g} s); no site is recommended."
    if status == "infeasible":
        return "The solver reports the model as infeasible."
    return ""


# -------------------------------------------------------------------- best k


def best_k_sites(problem: PlanProblem, k: int, *, time_limit_s: float = 30) -> PlanResult:
    """Choose ``k`` new sites that maximise the weighted coverage, existing presence fixed.

    Solved with spopt's MCLP (:meth:`spopt.locate.MCLP.from_cost_matrix`) on the reduced
    problem (see :class:`_Reduced`): one synthetic column stands for the existing
    presence and is marked predefined, so ``p = k + 1``; its rows are merged into one.
    When ``k`` is at least the number of candidates that add anything, all of those are
    chosen without a solver run. Zero-gain sites are not returned (fewer than ``k`` sites
    then; the explanation says why).
    """
    from spopt.locate import MCLP

    k = _check_k(k)
    time_limit_s = _check_time_limit(time_limit_s)
    t0 = time.perf_counter()
    red = _reduce(problem)
    tol = _REL_TOL * max(problem.total_weight, 1.0)
    n_useful = len(red.useful)
    notes: list[str] = []
    reasons: list[str] = []

    if k == 0:
        notes.append("k = 0: no new site; the figures are those of the existing presence.")
        return _build_result(problem, red, [], objective="best_k", status="optimal", t0=t0,
                             notes=notes, reasons=["k_zero"], k=k)
    if n_useful == 0:
        notes.append("No candidate adds coverage beyond the existing presence.")
        return _build_result(problem, red, [], objective="best_k", status="optimal", t0=t0,
                             notes=notes, reasons=["no_useful_candidate"], k=k)
    if k >= n_useful:
        notes.append(
            f"k = {k}, but only {n_useful} candidate(s) add coverage; all of them are chosen and every "
            "reachable demand point is covered."
        )
        return _build_result(problem, red, list(range(n_useful)), objective="best_k", status="optimal",
                             t0=t0, notes=notes, reasons=["k_exceeds_useful"], k=k)

    # rows: the open patterns, then (if any) one merged row for the existing coverage
    has_existing = red.base_weight > 0
    n_pat = red.patterns.shape[0]
    cover = np.zeros((n_pat + int(has_existing), n_useful + int(has_existing)), dtype=bool)
    cover[:n_pat, :n_useful] = red.patterns
    weights = list(red.pattern_weight)
    predefined = np.zeros(n_useful + int(has_existing), dtype=int)
    if has_existing:
        cover[n_pat, n_useful] = True
        weights.append(red.base_weight)
        predefined[n_useful] = 1
    cost = np.where(cover, 0.0, 1.0)
    model = MCLP.from_cost_matrix(
        cost,
        np.asarray(weights, dtype=float),
        service_radius=0.5,
        p_facilities=k + int(has_existing),
        predefined_facilities_arr=predefined if has_existing else None,
        name="best_k",
    )
    status, note = _solve_spopt(model, _cbc(time_limit_s), time_limit_s)
    notes.append(note or _status_note(status, time_limit_s))
    if status in ("optimal", "time_limit_feasible"):
        cols = [j for j in range(n_useful) if (model.fac_vars[j].value() or 0) > 0.5]
        cols = _canonical(red, cols, tol)
    else:
        cols = []
        reasons.append("solver_" + status)
    if status == "time_limit_feasible":
        reasons.append("time_limit")
    return _build_result(problem, red, cols, objective="best_k", status=status, t0=t0, notes=notes,
                         reasons=reasons, k=k)


def brute_force_best_k(problem: PlanProblem, k: int) -> PlanResult:
    """Exhaustive search over every k-subset of the candidates (small cases and tests).

    Among subsets with the same coverage the first in ``itertools.combinations`` order
    (earliest-listed candidates) wins. ``k`` larger than the number of candidates is
    capped.
    """
    k = _check_k(k)
    t0 = time.perf_counter()
    m = problem.n_candidates
    kk = min(k, m)
    tol = _REL_TOL * max(problem.total_weight, 1.0)
    best: tuple[int, ...] = ()
    best_w = -1.0
    for combo in itertools.combinations(range(m), kk):
        w = problem.covered_weight(combo)
        if w > best_w + tol:
            best, best_w = combo, w
    red = _reduce(problem)
    pos = {int(c): j for j, c in enumerate(red.useful)}
    cols = [pos[c] for c in best if c in pos]
    return _build_result(problem, red, cols, objective="best_k", status="optimal", t0=t0,
                         notes=["Exhaustive search."], reasons=["brute_force"], k=k)


# ------------------------------------------------------------- fewest sites


def fewest_sites(problem: PlanProblem, target_share: float | None = None, *, time_limit_s: float = 30) -> PlanResult:
    """The fewest new sites so that ``target_share`` of the total weight is covered.

    ``target_share=None`` means everything reachable (every demand point of positive
    weight that some candidate or the existing presence covers); that case is a set
    covering problem solved with spopt's LSCP on the open rows. A share target is solved
    with a PuLP model (minimise the number of sites subject to a weighted coverage
    threshold; among equally few sites the one covering most wins). A target above the
    reachable weight gives status ``"infeasible"`` and says how much is reachable.
    Targets are met up to a rounding tolerance of 1e-9 of the total weight.
    """
    time_limit_s = _check_time_limit(time_limit_s)
    if target_share is not None:
        if not (isinstance(target_share, (int, float)) and 0 <= target_share <= 1):
            raise ValueError(f"target_share must be between 0 and 1, got {target_share!r}")
        target_share = float(target_share)
    t0 = time.perf_counter()
    red = _reduce(problem)
    total = problem.total_weight
    tol = _REL_TOL * max(total, 1.0)
    before = red.base_weight
    reachable_w = before + red.open_weight
    notes: list[str] = []
    reasons: list[str] = []
    kw: dict[str, Any] = {"objective": "fewest_sites", "t0": t0, "target_share": target_share}

    target_w = reachable_w if target_share is None else target_share * total
    if target_w <= before + tol:
        notes.append("The existing presence already meets the target; no new site is needed.")
        return _build_result(problem, red, [], status="optimal", notes=notes, reasons=["already_met"], **kw)
    if target_w > reachable_w + tol:
        share = reachable_w / total if total > 0 else 0.0
        notes.append(
            f"The target of {target_share:.1%} cannot be reached: at most {_fmt(reachable_w)} "
            f"({share:.1%} of the total) is reachable, with all {len(red.useful)} useful candidate(s)."
        )
        res = _build_result(problem, red, [], status="infeasible", notes=notes, reasons=["target_unreachable"], **kw)
        return res

    if target_share is None:
        status, cols = _fewest_full(red, time_limit_s)
    else:
        status, cols = _fewest_share(red, target_w - before, time_limit_s, total)
    if status in ("optimal", "time_limit_feasible"):
        cols = _canonical(red, cols, tol)
        if _reduced_gain(red, cols) < target_w - before - tol:  # numerical safety net
            status, cols = "not_solved", []
            notes.append("The solver's answer does not meet the target; no site is recommended.")
    notes.append(_status_note(status, time_limit_s))
    if status not in ("optimal", "time_limit_feasible"):
        reasons.append("solver_" + status)
        cols = []
    if status == "time_limit_feasible":
        reasons.append("time_limit")
        notes.append("The number of sites may not be the minimum.")
    return _build_result(problem, red, cols, status=status, notes=notes, reasons=reasons, **kw)


def _fewest_full(red: _Reduced, time_limit_s: float) -> tuple[SolverStatus, list[int]]:
    from spopt.locate import LSCP

    cost = np.where(red.patterns, 0.0, 1.0)
    model = LSCP.from_cost_matrix(cost, service_radius=0.5, name="fewest_full")
    status, _ = _solve_spopt(model, _cbc(time_limit_s), time_limit_s)
    if status not in ("optimal", "time_limit_feasible"):
        return status, []
    return status, [j for j in range(len(red.useful)) if (model.fac_vars[j].value() or 0) > 0.5]


def _fewest_share(red: _Reduced, need_w: float, time_limit_s: float, total: float) -> tuple[SolverStatus, list[int]]:
    """min #sites − ½·(added share) s.t. added weight ≥ need (weights scaled by the total)."""
    u, m = red.patterns.shape
    a = red.pattern_weight / total
    need = need_w / total - _REL_TOL
    prob = pulp.LpProblem("fewest_share", pulp.LpMinimize)
    y = [pulp.LpVariable(f"y{j}", cat=pulp.LpBinary) for j in range(m)]
    x = [pulp.LpVariable(f"x{i}", cat=pulp.LpBinary) for i in range(u)]
    prob += pulp.lpSum(y) - 0.5 * pulp.lpDot(a.tolist(), x)
    for i in range(u):
        prob += x[i] <= pulp.lpSum(y[j] for j in np.flatnonzero(red.patterns[i]))
    prob += pulp.lpDot(a.tolist(), x) >= need
    t = time.perf_counter()
    try:
        prob.solve(_cbc(time_limit_s))
    except pulp.PulpSolverError:
        return "not_solved", []
    status = status_from_pulp(prob.status, getattr(prob, "sol_status", None), time.perf_counter() - t, time_limit_s)
    if status not in ("optimal", "time_limit_feasible"):
        return status, []
    return status, [j for j in range(m) if (y[j].value() or 0) > 0.5]


def brute_force_fewest_sites(problem: PlanProblem, target_share: float | None = None) -> PlanResult:
    """Exhaustive counterpart of :func:`fewest_sites` (small cases and tests): the
    smallest subset meeting the target, the heaviest coverage among those, first listed."""
    t0 = time.perf_counter()
    red = _reduce(problem)
    total = problem.total_weight
    tol = _REL_TOL * max(total, 1.0)
    before = red.base_weight
    reachable_w = before + red.open_weight
    target_w = reachable_w if target_share is None else target_share * total
    kw: dict[str, Any] = {"objective": "fewest_sites", "t0": t0, "target_share": target_share}
    if target_w > reachable_w + tol:
        return _build_result(problem, red, [], status="infeasible", notes=["Target unreachable."],
                             reasons=["target_unreachable"], **kw)
    m = len(red.useful)
    for size in range(0, m + 1):
        best, best_g = None, -1.0
        for combo in itertools.combinations(range(m), size):
            g = _reduced_gain(red, combo)
            if before + g >= target_w - tol and g > best_g + tol:
                best, best_g = list(combo), g
        if best is not None:
            return _build_result(problem, red, best, status="optimal", notes=["Exhaustive search."],
                                 reasons=["brute_force"], **kw)
    raise AssertionError("unreachable: the full useful set meets any reachable target")  # pragma: no cover


# ------------------------------------------------------------------ adapter

CandidateMode = Literal["hubs", "all"]
CANDIDATE_MODES: tuple[str, ...] = ("hubs", "all")

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
    (:data:`klyngekort.coverage.DEMAND_COLUMNS`, row ``i`` = ``problem.demand_ids[i]``),
    ``candidates`` has :data:`CANDIDATE_COLUMNS` (row ``j`` = ``problem.candidate_ids[j]``),
    ``existing`` the cluster's presences in the period.
    """

    cluster_id: str
    params: Any  # klyngekort.coverage.CoverageParams
    period: Any  # klyngekort.periods.Period
    candidate_mode: str
    problem: PlanProblem | None
    demand: Any  # pd.DataFrame
    candidates: Any  # pd.DataFrame
    existing: Any  # pd.DataFrame
    issues: list[Any] = field(default_factory=list)  # list[klyngekort.model.Issue]
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

        cols = ["rank", "candidate_id", "kind", "name", "kommunekode", "x", "y",
                f"{self.input.weight_name}_gain", "add_site"]
        if self.result is None or not self.result.chosen:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
        c = self.input.candidates.set_index("candidate_id")
        rows = []
        for rank, (cid, gain) in enumerate(self.result.sites, start=1):
            r = c.loc[cid]
            rows.append([rank, cid, r["kind"], r["name"], r["kommunekode"], r["x"], r["y"], gain, r["add_site"]])
        return pd.DataFrame(rows, columns=cols)

    def to_dict(self) -> dict[str, Any]:
        """The figures the CLI prints (``klyngekort plan``)."""
        from .coverage import describe_method

        wn = self.input.weight_name
        out: dict[str, Any] = {
            "cluster_id": self.cluster_id,
            "period": getattr(self.input.period, "key", str(self.input.period)),
            "candidates": self.input.candidate_mode,
            "method": describe_method(self.input.params, "en") if self.input.params is not None else "",
            "issues": [str(i) for i in self.issues],
        }
        r = self.result
        if r is None:
            out["solver_status"] = "not_solved"
            return out
        names = dict(zip(self.input.candidates["candidate_id"], self.input.candidates["name"]))
        dem = self.input.demand
        labels = dict(zip(dem["kommunekode"].astype(str), dem["kommune"].astype(str))) if "kommune" in dem else {}
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
                "unreachable": [{"kommunekode": i, "name": labels.get(i, i), wn: w} for i, w in r.unreachable],
                "add_site": self.add_site_args,
                "solver_status": r.solver_status,
                "elapsed_s": r.elapsed_s,
                "explanation": r.explanation,
            }
        )
        return out


def _plan_issue(field_name: str | None, message: str, severity: str = "error"):
    from .model import Issue

    return Issue("plan", None, field_name, message, severity)  # type: ignore[arg-type]


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
      (:func:`klyngekort.coverage.demand_for`, i.e. the hub areas of ``ds`` and
      the latest ``ds.population``), unless ``demand`` is given (e.g. with firm counts).
      Unknown population counts as 0 (a warning names the municipalities).
    * Candidates: ``"hubs"`` = every hub head office and branch with coordinates (id =
      ``hub_id``, at the hub's point, exactly as ``--add-site`` places it); ``"all"`` =
      those plus every municipality's visual centre (id ``"K0101"`` …); plus the
      municipalities in ``extra_candidate_kommunekoder``. Hubs are listed first, so they
      win ties.
    * Cover: decided by :func:`klyngekort.coverage.coverage_core` with the same
      ``params`` as the coverage views — each candidate is treated as the single presence
      of a pseudo-cluster — so distance (≤ R km, EPSG:25832), travel time (≤ T minutes)
      and hub-area mode follow the same rules as ``klyngekort coverage``.
    * Existing presence: the cluster's presences in ``period``
      (:func:`klyngekort.presence.presences`), fixed.

    Problems with the request (unknown cluster, unknown municipality code, bad option)
    come back as :class:`klyngekort.model.Issue` objects, never as exceptions.
    """
    import pandas as pd

    from .coverage import coverage_core, demand_for
    from .presence import ExtraPresence, clusters_in_period, presence_frame, presences

    issues: list[Any] = []
    empty = pd.DataFrame()
    cluster_id = str(cluster_id).strip()

    def fail() -> ClusterPlanInput:
        return ClusterPlanInput(cluster_id, params, period, str(candidates), None, empty,
                                pd.DataFrame(columns=list(CANDIDATE_COLUMNS)), empty, issues)

    known_clusters = [str(c) for c in ds.clusters["cluster_id"]]
    if cluster_id not in known_clusters:
        issues.append(_plan_issue("cluster_id", f"unknown cluster id {cluster_id!r} (known: {', '.join(known_clusters) or 'none'})"))
    if candidates not in CANDIDATE_MODES:
        issues.append(_plan_issue("candidates", f"unknown candidate set {candidates!r}: use hubs or all"))
    if issues:
        return fail()

    # Demand.
    if demand is None:
        demand = demand_for(ds, munis)
    demand = demand.reset_index(drop=True)
    codes = demand["kommunekode"].astype(str).tolist()
    weight_name = "firms" if "firms" in demand.columns else "population"
    w = pd.to_numeric(demand["weight"], errors="coerce").to_numpy(dtype=float)
    unknown_w = [c for c, v in zip(codes, w) if not np.isfinite(v)]
    if unknown_w:
        issues.append(_plan_issue(weight_name, f"no {weight_name} figure for {len(unknown_w)} municipalities "
                                  f"({', '.join(unknown_w[:10])}); they count as 0", "warning"))
    w = np.where(np.isfinite(w) & (w > 0), w, 0.0)
    names = demand["kommune"].astype(str).tolist() if "kommune" in demand.columns else codes
    labels = [f"{n} ({c})" if n and n != c else c for n, c in zip(names, codes)]

    # Candidates.
    extra_codes = [str(c).strip() for c in extra_candidate_kommunekoder]
    bad = [c for c in extra_codes if c not in set(codes)]
    if bad:
        issues.append(_plan_issue("extra_candidate_kommunekoder",
                                  f"unknown municipality code(s) {', '.join(bad)}: use 4-digit codes such as 0101"))
        return fail()
    hubs = ds.hubs
    lat = pd.to_numeric(hubs["latitude"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(hubs["longitude"], errors="coerce").to_numpy(dtype=float)
    located = np.isfinite(lat) & np.isfinite(lon)
    for h in hubs.loc[~located, "hub_id"].astype(str):
        issues.append(_plan_issue("candidates", f"hub {h} has no coordinates and is not a candidate", "warning"))
    hub_ids = hubs.loc[located, "hub_id"].astype(str).tolist()
    # Place hub candidates exactly as `--add-site` does: presences(..., extra=...) rows.
    added = presences(ds, period, include_unknown_status=include_unknown_status,
                      extra=[ExtraPresence(cluster_id, h) for h in hub_ids])
    added = added[added["source"] == "added"].set_index("hub_id")
    hub_info = hubs.set_index(hubs["hub_id"].astype(str))
    rows: list[dict[str, Any]] = []
    for h in hub_ids:
        rows.append(dict(candidate_id=h, kind=str(hub_info.at[h, "kind"]), name=str(hub_info.at[h, "name"]),
                         kommunekode=str(added.at[h, "kommunekode"]), hub_id=h, x=float(added.at[h, "x"]),
                         y=float(added.at[h, "y"]), add_site=f"{cluster_id}@{h}"))
    muni_codes = list(codes) if candidates == "all" else []
    muni_codes += [c for c in extra_codes if c not in set(muni_codes)]
    pos = {c: i for i, c in enumerate(codes)}
    for c in sorted(dict.fromkeys(muni_codes)):
        i = pos[c]
        rows.append(dict(candidate_id=municipality_candidate_id(c), kind="municipality", name=names[i],
                         kommunekode=c, hub_id="", x=float(demand.at[i, "x"]), y=float(demand.at[i, "y"]), add_site=""))
    cand = pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))
    if cand.empty:
        issues.append(_plan_issue("candidates", "there are no candidate sites (no hub has coordinates)"))
        return fail()

    # Cover, by the coverage module's own rules: one pseudo-cluster per candidate.
    cand_pres = presence_frame(
        dict(presence_id=f"cand:{r.candidate_id}", cluster_id=r.candidate_id, source="added", kind="added",
             hub_id=r.hub_id, kommunekode=r.kommunekode, x=r.x, y=r.y)
        for r in cand.itertuples(index=False)
    )
    cand_ids = cand["candidate_id"].tolist()
    cover = coverage_core(demand, cand_pres, cand_ids, params, hubs=ds.hubs).covered
    existing = presences(ds, period, include_unknown_status=include_unknown_status)
    existing = existing[existing["cluster_id"] == cluster_id].reset_index(drop=True)
    if existing.empty:
        active = set(clusters_in_period(ds, period, include_unknown_status=include_unknown_status)["cluster_id"])
        why = "" if cluster_id in active else " (the cluster is not in force in the period)"
        issues.append(_plan_issue("cluster_id", f"{cluster_id} has no physical presence in {period.key}{why}; "
                                  "planning from scratch", "warning"))
    existing_cover = coverage_core(demand, existing, [cluster_id], params, hubs=ds.hubs).covered[:, 0]
    problem = PlanProblem(codes, w, cand_ids, cover, existing_cover, demand_labels=labels)
    return ClusterPlanInput(cluster_id, params, period, str(candidates), problem, demand, cand, existing,
                            issues, weight_name)


def _k_issue(k: Any):
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
        return _plan_issue("k", f"the number of sites must be a whole number ≥ 0, got {k!r}")
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
    ``covered_after`` — both go through :func:`klyngekort.presence.presences` and
    :func:`klyngekort.coverage.coverage_core` with the same parameters.
    """
    inp = build_cluster_problem(ds, munis, cluster_id, params, period=period, candidates=candidates,
                                extra_candidate_kommunekoder=extra_candidate_kommunekoder,
                                include_unknown_status=include_unknown_status, demand=demand)
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
    inp = build_cluster_problem(ds, munis, cluster_id, params, period=period, candidates=candidates,
                                extra_candidate_kommunekoder=extra_candidate_kommunekoder,
                                include_unknown_status=include_unknown_status, demand=demand)
    issues = list(inp.issues)
    if target_share is not None and not (isinstance(target_share, (int, float)) and 0 <= target_share <= 1):
        issues.append(_plan_issue("target_share", f"the target share must be between 0 and 1, got {target_share!r}"))
        return PlanOutcome(inp, None, issues)
    if inp.problem is None:
        return PlanOutcome(inp, None, issues)
    return PlanOutcome(inp, fewest_sites(inp.problem, target_share, time_limit_s=time_limit_s), issues)


def recommendation_changes(outcome: PlanOutcome, valid_from: str = "") -> list[Any]:
    """Turn a recommendation into scenario changes (:mod:`klyngekort.scenarios`), in the
    greedy order: a chosen hub or branch becomes an ``AddCoLocation`` of the cluster there;
    a chosen municipality centre becomes an ``AddSite`` (local office) in that
    municipality, placed at the candidate's point (the municipality's visual centre,
    EPSG:25832 turned into WGS84 latitude/longitude), so the scenario's coverage
    reproduces ``covered_after`` for both kinds."""
    from pyproj import Transformer

    from .scenarios import AddCoLocation, AddSite

    if outcome.result is None:
        return []
    cand = outcome.input.candidates.set_index("candidate_id")
    to_wgs84 = Transformer.from_crs(25832, 4326, always_xy=True)
    changes: list[Any] = []
    for cid in outcome.result.chosen:
        row = cand.loc[cid]
        if row["kind"] == "municipality":
            lon, lat = to_wgs84.transform(float(row["x"]), float(row["y"]))
            changes.append(AddSite(outcome.cluster_id, str(row["kommunekode"]), "local_office", valid_from,
                                   latitude=float(lat), longitude=float(lon)))
        else:
            changes.append(AddCoLocation(outcome.cluster_id, str(row["hub_id"]), valid_from))
    return changes
