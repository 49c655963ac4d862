"""Benchmark of the coverage model (a script, not a test).

Prints the median time of several runs for:

1. 98 municipalities × all sites of the public dataset (2021–2024): ``compute_coverage``
   (matrices + every indicator table), target ≤ 50 ms;
2. the ~2,150 DAGI parishes as demand points × 200 synthetic sites, target ≤ 300 ms;
3. the coverage part of a radius change (recompute with a new radius), which is what the
   app redoes when the slider moves; the full script time of that rerun (target ≤ 150 ms)
   is measured by the app benchmark.

Uses the real municipality geometry and parishes from ``../shared/geodata``
(``KLYNGEKORT_GEODATA``) and the public dataset in ``data/``; falls back to synthetic
sites when the dataset cannot be loaded, and skips the parish case, with a message,
when the parish file cannot be read.

    python bench/bench_coverage.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from klyngekort.core.coverage import (
    CoverageParams,
    compute_coverage,
    demand_from_municipalities,
)
from klyngekort.core.periods import period_for
from klyngekort.core.presence import (
    presence_frame,
    presences,
    ties_only,
)
from klyngekort.core.selection import clusters_in_period

TARGET_MUNICIPALITIES_MS = 50.0
TARGET_PARISHES_MS = 300.0
TARGET_RADIUS_MS = 150.0


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def synthetic_sites(demand: pd.DataFrame, n: int, n_clusters: int, seed: int = 7) -> pd.DataFrame:
    """``n`` sites of ``n_clusters`` clusters, each near (≤ ~5 km) a random demand point."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(demand), n)
    jitter = rng.normal(0, 2_500, (n, 2))
    return presence_frame(
        dict(
            presence_id=f"SYN{i:03d}",
            cluster_id=f"C{i % n_clusters:02d}",
            source="site",
            kind="local_office",
            kommunekode=str(demand["kommunekode"].iloc[j]),
            x=float(demand["x"].iloc[j] + jitter[i, 0]),
            y=float(demand["y"].iloc[j] + jitter[i, 1]),
            label=f"C{i % n_clusters:02d} site {i}",
        )
        for i, j in enumerate(pick)
    )


def main(argv: list[str] | None = None) -> dict[str, float]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=25)
    args = ap.parse_args(argv)
    figures: dict[str, float] = {}

    from klyngekort.geo.locate import MunicipalityPlaces, demand_from_parishes
    from klyngekort.geo.read import read_municipalities

    t = time.perf_counter()
    munis = read_municipalities()
    print(f"municipality geometry read in {(time.perf_counter() - t) * 1000:.0f} ms ({len(munis)} units)")

    ds = None
    try:
        from klyngekort.core.loading import load_dataset

        res = load_dataset(places=MunicipalityPlaces(munis))
        ds = res.dataset if res.ok else None
        if ds is None:
            print("dataset has errors; using synthetic sites:", *map(str, res.errors[:3]), sep="\n  ")
    except ImportError as e:  # pragma: no cover - only before klyngekort.core.loading exists
        print(f"klyngekort.core.loading not available ({e}); using synthetic sites")

    period = period_for("2021-2024")
    if ds is not None:
        hub_of = dict(zip(ds.hub_areas["kommunekode"], ds.hub_areas["hub_id"], strict=False))
        population = ds.population_for()
        t = time.perf_counter()
        pres = presences(ds, period)
        ties = ties_only(ds, period, presences_df=pres)
        clusters = clusters_in_period(ds, period)
        print(f"presences + ties from the dataset in {(time.perf_counter() - t) * 1000:.1f} ms")
        hubs = ds.hubs
    else:
        hub_of = dict.fromkeys(munis["kommunekode"], "H")
        population = dict.fromkeys(munis["kommunekode"], 1.0)
        hubs = None
        ties = None
    demand = demand_from_municipalities(munis, hub_of, population)
    if ds is None:
        pres = synthetic_sites(demand, 45, 13)
        clusters = sorted(set(pres["cluster_id"]))

    params = CoverageParams()
    ms = median_ms(
        lambda: compute_coverage(demand, pres, clusters, params, ties=ties, hubs=hubs), args.repeats
    )
    figures["municipalities_ms"] = ms
    print(
        f"[1] {len(demand)} municipalities × {len(pres)} presences ({len(clusters)} clusters), distance 40 km: "
        f"{ms:.1f} ms median of {args.repeats}  (target ≤ {TARGET_MUNICIPALITIES_MS:.0f} ms: "
        f"{'ok' if ms <= TARGET_MUNICIPALITIES_MS else 'OVER'})"
    )
    ms_area = median_ms(
        lambda: compute_coverage(
            demand, pres, clusters, CoverageParams(mode="hub_area"), ties=ties, hubs=hubs
        ),
        args.repeats,
    )
    figures["municipalities_hub_area_ms"] = ms_area
    print(f"    same, hub-area mode: {ms_area:.1f} ms")

    radii = [10, 25, 40, 60, 80, 100, 120, 150]
    i = iter(range(10**9))
    ms_r = median_ms(
        lambda: compute_coverage(
            demand,
            pres,
            clusters,
            CoverageParams(radius_km=radii[next(i) % len(radii)]),
            ties=ties,
            hubs=hubs,
        ),
        args.repeats,
    )
    figures["radius_change_coverage_ms"] = ms_r
    print(
        f"[3] radius change, coverage recompute: {ms_r:.1f} ms (the app's whole rerun, target ≤ "
        f"{TARGET_RADIUS_MS:.0f} ms, is measured by the app benchmark)"
    )

    try:
        from klyngekort.geo.read import read_parishes

        t = time.perf_counter()
        parishes = read_parishes()
        pdemand = demand_from_parishes(parishes, munis, hub_of)
        print(
            f"parishes read and turned into {len(pdemand)} demand points in "
            f"{(time.perf_counter() - t) * 1000:.0f} ms (not timed below)"
        )
    except Exception as e:  # noqa: BLE001  the parish file is optional for the app
        print(f"[2] skipped: the parishes could not be read ({e})")
        return figures
    syn = synthetic_sites(pdemand, 200, 13)
    reps = max(5, args.repeats // 3)
    ms_p = median_ms(
        lambda: compute_coverage(pdemand, syn, sorted(set(syn["cluster_id"])), params, hubs=hubs), reps
    )
    figures["parishes_ms"] = ms_p
    print(
        f"[2] {len(pdemand)} parishes × {len(syn)} synthetic sites (13 clusters), distance 40 km: "
        f"{ms_p:.1f} ms median of {reps}  (target ≤ {TARGET_PARISHES_MS:.0f} ms: "
        f"{'ok' if ms_p <= TARGET_PARISHES_MS else 'OVER'})"
    )
    return figures


if __name__ == "__main__":
    main()
