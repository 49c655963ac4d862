"""Benchmark of the optimiser (a script, not a test).

Prints the median time of several runs for:

1. the real problem, 98 municipalities × the 12 hubs and branches (radius 40 km, k = 2,
   period 2025–2028), for every cluster of the public dataset:
   * ``best_k_sites`` alone (spopt MCLP, existing presence predefined), target ≤ 0.5 s;
   * ``plan_for_cluster`` end to end (presences, demand, cover matrix, solve);
2. a synthetic 2,000 demand points × 200 candidates, uniform in a Denmark-sized box
   (440–900 km E, 6,050–6,400 km N in EPSG:25832), R = 40 km, k = 3, with and without a
   fixed existing presence, target ≤ 3 s.

The real case needs the public dataset (``data/``) and the DAGI municipalities
(``KLYNGEKORT_GEODATA``, default ``../shared/geodata``); when they cannot be loaded the
script says so and runs the synthetic case only.

    python bench/bench_planning.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from klyngekort.planning.problem import PlanProblem
from klyngekort.planning.solvers import best_k_sites

TARGET_REAL_S = 0.5
TARGET_SYNTHETIC_S = 3.0


def _median_time(fn: Callable[[], object], repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def _verdict(value: float, target: float) -> str:
    return "OK" if value <= target else "OVER TARGET"


def real_case(repeats: int) -> None:
    print("1. Real data: 98 municipalities x 12 hubs and branches, R = 40 km, k = 2, period 2025-2028")
    try:
        from klyngekort.core.coverage import CoverageParams
        from klyngekort.core.loading import load_dataset
        from klyngekort.core.periods import period_for
        from klyngekort.geo.locate import MunicipalityPlaces
        from klyngekort.geo.read import read_municipalities
        from klyngekort.planning.cluster import build_cluster_problem, plan_for_cluster

        munis = read_municipalities()
        res = load_dataset(places=MunicipalityPlaces(munis))
        if not res.ok:
            raise RuntimeError("; ".join(map(str, res.errors[:3])))
        ds = res.dataset
    except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
        print(f"   skipped: the real data could not be loaded ({type(exc).__name__}: {exc})")
        return
    params = CoverageParams(radius_km=40)
    period = period_for("2025-2028")
    solve_times, e2e_times = [], []
    print(
        f"   {'cluster':<15} {'n x m':>8} {'solve med s':>12} {'end-to-end s':>13}  status   share before -> after"
    )
    for cid in ds.clusters["cluster_id"]:
        inp = build_cluster_problem(ds, munis, cid, params, period=period)
        p = inp.problem
        assert p is not None, inp.issues
        t_solve, r = _median_time(lambda p=p: best_k_sites(p, 2), repeats)
        t_e2e, _ = _median_time(
            lambda cid=cid: plan_for_cluster(ds, munis, cid, 2, params, period=period), repeats
        )
        solve_times.append(t_solve)
        e2e_times.append(t_e2e)
        print(
            f"   {cid:<15} {p.n_demand:>3} x {p.n_candidates:<3} {t_solve:>12.3f} {t_e2e:>13.3f}  "
            f"{r.solver_status:<8} {r.share_before:6.1%} -> {r.share_after:6.1%}  {', '.join(r.chosen)}"
        )
    med_solve = statistics.median(solve_times)
    worst = max(solve_times)
    med_e2e = statistics.median(e2e_times)
    print(
        f"   median over clusters: MCLP {med_solve:.3f} s (worst cluster {worst:.3f} s), "
        f"end to end {med_e2e:.3f} s; target <= {TARGET_REAL_S} s: {_verdict(max(worst, med_e2e), TARGET_REAL_S)}"
    )


def synthetic_problem(
    n: int = 2000, m: int = 200, radius_km: float = 40.0, existing: bool = True, seed: int = 0
) -> PlanProblem:
    rng = np.random.default_rng(seed)
    lo, hi = np.array([440e3, 6050e3]), np.array([900e3, 6400e3])
    dem = rng.uniform(lo, hi, (n, 2))
    cand = rng.uniform(lo, hi, (m, 2))
    km = np.hypot(dem[:, None, 0] - cand[None, :, 0], dem[:, None, 1] - cand[None, :, 1]) / 1000.0
    w = rng.integers(100, 50_000, n).astype(float)
    ex = None
    if existing:  # a cluster with three offices
        offices = rng.uniform(lo, hi, (3, 2))
        ex = (
            np.hypot(dem[:, None, 0] - offices[None, :, 0], dem[:, None, 1] - offices[None, :, 1]) / 1000.0
            <= radius_km
        ).any(axis=1)
    return PlanProblem([f"d{i}" for i in range(n)], w, [f"c{j}" for j in range(m)], km <= radius_km, ex)


def synthetic_case(repeats: int) -> None:
    print("2. Synthetic: 2,000 demand points x 200 candidates, R = 40 km, k = 3")
    for existing in (False, True):
        p = synthetic_problem(existing=existing)
        best_k_sites(p, 3)  # warm-up: imports and first CBC start
        t, r = _median_time(lambda p=p: best_k_sites(p, 3), repeats)
        label = "with 3 fixed offices" if existing else "no existing presence"
        print(
            f"   {label:<22} median {t:.3f} s over {repeats} runs; status {r.solver_status}; "
            f"share {r.share_before:.1%} -> {r.share_after:.1%}; target <= {TARGET_SYNTHETIC_S} s: "
            f"{_verdict(t, TARGET_SYNTHETIC_S)}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5, help="runs per case (median reported)")
    args = ap.parse_args(argv)
    real_case(args.repeats)
    synthetic_case(args.repeats)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
