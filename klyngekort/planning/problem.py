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
``PlanResult.notes`` are the caveats of a run as messages with their figures (codes
``plan.note.*`` with parameters, worded by :mod:`klyngekort.present.i18n`; empty when there
is nothing to say); ``PlanResult.reasons`` holds the same as short stable codes: ``k_zero``, ``no_useful_candidate``, ``k_exceeds_useful``,
``sites_add_nothing``, ``unreachable_demand``, ``already_met``, ``target_unreachable``,
``time_limit``, ``solver_not_solved``, ``solver_infeasible``, ``brute_force``.

Agreement with ``klyngekort coverage --add-site``
-------------------------------------------------
In :func:`plan_for_cluster` a hub candidate's id is its ``hub_id`` and it is placed
exactly where ``--add-site CLUSTER@HUB_ID`` places a what-if presence
(:func:`klyngekort.core.presence.presences` with ``extra``); cover is decided by
:func:`klyngekort.core.coverage.coverage_core` with the same parameters. So the covered
population after adding the recommended hubs with ``--add-site`` equals
``covered_after`` (tested on the real data).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pulp

from klyngekort.core.model import Message

SolverStatus = Literal["optimal", "time_limit_feasible", "infeasible", "not_solved"]


# Shares below this (of the total weight) are treated as rounding noise when comparing
# coverage values and targets.
_REL_TOL = 1e-9


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
        ex = (
            np.zeros(n, dtype=bool)
            if existing_cover is None
            else np.array(existing_cover, dtype=bool).reshape(-1)
        )
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
    notes: tuple[Message, ...]
    newly_covered: tuple[str, ...] = ()
    k: int | None = None
    target_share: float | None = None
    reasons: tuple[str, ...] = ()

    @property
    def share_before(self) -> float:
        """Covered share before; never above 1 (see :func:`klyngekort.core.coverage.share`)."""
        return min(self.covered_before / self.total_weight, 1.0) if self.total_weight > 0 else 0.0

    @property
    def share_after(self) -> float:
        return min(self.covered_after / self.total_weight, 1.0) if self.total_weight > 0 else 0.0

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
            "notes": [{"code": n.code, "params": dict(n.params)} for n in self.notes],
            "reasons": list(self.reasons),
        }


def status_from_pulp(
    status: int, sol_status: int | None, elapsed_s: float | None = None, time_limit_s: float | None = None
) -> SolverStatus:
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
    pw: np.ndarray[tuple[int], np.dtype[np.float64]]
    if sub.shape[0]:
        patterns, inverse = np.unique(sub, axis=0, return_inverse=True)
        # numpy's stub types bincount as intp always; with ``weights`` it returns float64.
        pw = np.bincount(inverse.reshape(-1), weights=w[open_rows], minlength=patterns.shape[0])  # type: ignore[assignment]
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
                trial = [*cols[:pos], c, *cols[pos + 1 :]]
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


def _unreachable_note(problem: PlanProblem, unreachable: tuple[tuple[str, float], ...]) -> Message | None:
    if not unreachable:
        return None
    total = problem.total_weight
    uw = sum(w for _, w in unreachable)
    names = dict(zip(problem.demand_ids, problem.demand_labels or problem.demand_ids, strict=False))
    shown = [names[i] for i, _ in unreachable[:10]]
    if len(unreachable) > 10:
        shown[-1] += " …"
    params = {"n": len(unreachable), "weight": uw, "names": shown}
    if total > 0:
        return Message("plan.note.unreachable_share", {**params, "share": uw / total})
    return Message("plan.note.unreachable", params)


def _build_result(
    problem: PlanProblem,
    red: _Reduced,
    cols: Sequence[int],
    *,
    objective: Literal["best_k", "fewest_sites"],
    status: SolverStatus,
    t0: float,
    notes: list[Message],
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
            Message(
                "plan.note.sites_add_nothing",
                {"dropped": dropped, "selected": len(list(dict.fromkeys(cols))), "kept": len(ordered)},
            )
        )
        reasons.append("sites_add_nothing")
    chosen_idx = [int(red.useful[c]) for c in ordered]
    before = problem.covered_weight([])
    after_mask = problem.covered_mask(chosen_idx)
    after = float(problem.weights[after_mask].sum())
    newly = tuple(problem.demand_ids[i] for i in np.flatnonzero(after_mask & ~problem.existing_cover))
    unreachable = _unreachable(problem)
    ut = _unreachable_note(problem, unreachable)
    if ut is not None:
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
        notes=tuple(notes),
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


def _solve_spopt(
    model: Any, solver: pulp.LpSolver, time_limit_s: float
) -> tuple[SolverStatus, Message | None]:
    """Run an spopt model; never raise on a solver outcome. Returns (status, note)."""
    t = time.perf_counter()
    try:
        model.solve(solver, results=False)
    except RuntimeError:
        pass  # spopt's check_status raises when PuLP's status is not Optimal; we map it ourselves
    except pulp.PulpSolverError as exc:
        return "not_solved", Message("plan.note.solver_failed", {"error": str(exc)})
    elapsed = time.perf_counter() - t
    prob = model.problem
    status = status_from_pulp(prob.status, getattr(prob, "sol_status", None), elapsed, time_limit_s)
    return status, None


def _status_note(status: SolverStatus, time_limit_s: float) -> Message | None:
    code = _STATUS_NOTES.get(status)
    return Message(code, {"seconds": time_limit_s}) if code else None


_STATUS_NOTES = {
    "time_limit_feasible": "plan.note.time_limit_feasible",
    "not_solved": "plan.note.not_solved",
    "infeasible": "plan.note.infeasible",
}
