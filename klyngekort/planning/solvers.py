"""The two optimisation problems on a :class:`~klyngekort.planning.problem.PlanProblem`:

* :func:`best_k_sites` – maximal covering: pick ``k`` candidate sites that cover the most
  demand weight;
* :func:`fewest_sites` – set covering: the fewest sites that reach a target share of the
  reachable demand (all of it by default).

Both are integer programmes solved with PuLP/CBC under a time limit; a greedy start and a
reduction of dominated candidates keep them small. The status says whether the answer is
proven optimal.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pulp

from klyngekort.core.model import Message
from klyngekort.planning.problem import (
    _REL_TOL,
    PlanProblem,
    PlanResult,
    SolverStatus,
    _build_result,
    _canonical,
    _cbc,
    _check_k,
    _check_time_limit,
    _reduce,
    _Reduced,
    _reduced_gain,
    _solve_spopt,
    _status_note,
    status_from_pulp,
)


def _add(notes: list[Message], note: Message | None) -> None:
    if note is not None:
        notes.append(note)


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
    notes: list[Message] = []
    reasons: list[str] = []

    if k == 0:
        notes.append(Message("plan.note.k_zero"))
        return _build_result(
            problem,
            red,
            [],
            objective="best_k",
            status="optimal",
            t0=t0,
            notes=notes,
            reasons=["k_zero"],
            k=k,
        )
    if n_useful == 0:
        notes.append(Message("plan.note.no_useful_candidate"))
        return _build_result(
            problem,
            red,
            [],
            objective="best_k",
            status="optimal",
            t0=t0,
            notes=notes,
            reasons=["no_useful_candidate"],
            k=k,
        )
    if k >= n_useful:
        notes.append(Message("plan.note.k_exceeds_useful", {"k": k, "useful": n_useful}))
        return _build_result(
            problem,
            red,
            list(range(n_useful)),
            objective="best_k",
            status="optimal",
            t0=t0,
            notes=notes,
            reasons=["k_exceeds_useful"],
            k=k,
        )

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
    _add(notes, note or _status_note(status, time_limit_s))
    if status in ("optimal", "time_limit_feasible"):
        cols = [j for j in range(n_useful) if (model.fac_vars[j].value() or 0) > 0.5]
        cols = _canonical(red, cols, tol)
    else:
        cols = []
        reasons.append("solver_" + status)
    if status == "time_limit_feasible":
        reasons.append("time_limit")
    return _build_result(
        problem, red, cols, objective="best_k", status=status, t0=t0, notes=notes, reasons=reasons, k=k
    )


def fewest_sites(
    problem: PlanProblem, target_share: float | None = None, *, time_limit_s: float = 30
) -> PlanResult:
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
    notes: list[Message] = []
    reasons: list[str] = []
    kw: dict[str, Any] = {"objective": "fewest_sites", "t0": t0, "target_share": target_share}

    target_w = reachable_w if target_share is None else target_share * total
    if target_w <= before + tol:
        notes.append(Message("plan.note.already_met"))
        return _build_result(problem, red, [], status="optimal", notes=notes, reasons=["already_met"], **kw)
    if target_w > reachable_w + tol:
        share = reachable_w / total if total > 0 else 0.0
        notes.append(
            Message(
                "plan.note.target_unreachable",
                {
                    "target": target_share,
                    "reachable": reachable_w,
                    "share": share,
                    "useful": len(red.useful),
                },
            )
        )
        res = _build_result(
            problem, red, [], status="infeasible", notes=notes, reasons=["target_unreachable"], **kw
        )
        return res

    if target_share is None:
        status, cols = _fewest_full(red, time_limit_s)
    else:
        status, cols = _fewest_share(red, target_w - before, time_limit_s, total)
    if status in ("optimal", "time_limit_feasible"):
        cols = _canonical(red, cols, tol)
        if _reduced_gain(red, cols) < target_w - before - tol:  # numerical safety net
            status, cols = "not_solved", []
            notes.append(Message("plan.note.answer_misses_target"))
    _add(notes, _status_note(status, time_limit_s))
    if status not in ("optimal", "time_limit_feasible"):
        reasons.append("solver_" + status)
        cols = []
    if status == "time_limit_feasible":
        reasons.append("time_limit")
        notes.append(Message("plan.note.maybe_not_minimum"))
    return _build_result(problem, red, cols, status=status, notes=notes, reasons=reasons, **kw)


def _fewest_full(red: _Reduced, time_limit_s: float) -> tuple[SolverStatus, list[int]]:
    from spopt.locate import LSCP

    cost = np.where(red.patterns, 0.0, 1.0)
    model = LSCP.from_cost_matrix(cost, service_radius=0.5, name="fewest_full")
    status, _ = _solve_spopt(model, _cbc(time_limit_s), time_limit_s)
    if status not in ("optimal", "time_limit_feasible"):
        return status, []
    return status, [j for j in range(len(red.useful)) if (model.fac_vars[j].value() or 0) > 0.5]


def _fewest_share(
    red: _Reduced, need_w: float, time_limit_s: float, total: float
) -> tuple[SolverStatus, list[int]]:
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
    status = status_from_pulp(
        prob.status, getattr(prob, "sol_status", None), time.perf_counter() - t, time_limit_s
    )
    if status not in ("optimal", "time_limit_feasible"):
        return status, []
    return status, [j for j in range(m) if (y[j].value() or 0) > 0.5]
