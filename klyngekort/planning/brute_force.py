"""Exhaustive reference solvers for small problems. They try every subset, so they are only
for tests and benchmarks, where they prove the integer programmes in
:mod:`klyngekort.planning.solvers` optimal.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

from klyngekort.core.model import Message
from klyngekort.planning.problem import (
    _REL_TOL,
    PlanProblem,
    PlanResult,
    _build_result,
    _check_k,
    _reduce,
    _reduced_gain,
)


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
    return _build_result(
        problem,
        red,
        cols,
        objective="best_k",
        status="optimal",
        t0=t0,
        notes=[Message("plan.note.exhaustive")],
        reasons=["brute_force"],
        k=k,
    )


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
        return _build_result(
            problem,
            red,
            [],
            status="infeasible",
            notes=[Message("plan.note.target_unreachable_exhaustive")],
            reasons=["target_unreachable"],
            **kw,
        )
    m = len(red.useful)
    for size in range(m + 1):
        best, best_g = None, -1.0
        for combo in itertools.combinations(range(m), size):
            g = _reduced_gain(red, combo)
            if before + g >= target_w - tol and g > best_g + tol:
                best, best_g = list(combo), g
        if best is not None:
            return _build_result(
                problem,
                red,
                best,
                status="optimal",
                notes=[Message("plan.note.exhaustive")],
                reasons=["brute_force"],
                **kw,
            )
    raise AssertionError("unreachable: the full useful set meets any reachable target")  # pragma: no cover
