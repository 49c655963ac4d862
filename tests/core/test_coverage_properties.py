"""Property tests (hypothesis): coverage is monotone and weighted shares stay in [0, 1]."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from klyngekort.core.coverage import (
    CoverageParams,
    compute_coverage,
    coverage_core,
    covered_matrix,
)
from klyngekort.core.presence import presence_frame
from klyngekort.core.travel import TravelTimes

CLUSTERS = ["A", "B", "C"]
HUBS = ["H1", "H2", "H3"]

coord = st.floats(min_value=0, max_value=300_000, allow_nan=False)
weight = st.floats(min_value=0, max_value=1e6, allow_nan=False)


@st.composite
def demand_frames(draw) -> pd.DataFrame:
    n = draw(st.integers(1, 12))
    codes = [f"{k + 1:04d}" for k in range(n)]
    return pd.DataFrame(
        {
            "demand_id": codes,
            "kommunekode": codes,
            "kommune": [f"K{c}" for c in codes],
            "hub_id": draw(st.lists(st.sampled_from(HUBS), min_size=n, max_size=n)),
            "x": draw(st.lists(coord, min_size=n, max_size=n)),
            "y": draw(st.lists(coord, min_size=n, max_size=n)),
            "weight": (w := draw(st.lists(weight, min_size=n, max_size=n))),
            "population": w,
        }
    )


@st.composite
def presence_rows(draw, codes: list[str], min_size: int = 0) -> list[dict]:
    n = draw(st.integers(min_size, 10))
    return [
        dict(
            presence_id=f"p{i}",
            cluster_id=draw(st.sampled_from(CLUSTERS)),
            kommunekode=draw(st.sampled_from(codes)),
            x=draw(coord),
            y=draw(coord),
        )
        for i in range(n)
    ]


@st.composite
def scenarios(draw):
    demand = draw(demand_frames())
    rows = draw(presence_rows(list(demand["kommunekode"])))
    extra = draw(presence_rows(list(demand["kommunekode"]), min_size=1))[0]
    extra["presence_id"] = "extra"
    mode = draw(st.sampled_from(["distance", "hub_area"]))
    radius = draw(st.floats(10, 150))
    return demand, rows, extra, mode, radius


@st.composite
def travel_tables(draw, codes: list[str]) -> TravelTimes:
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(codes), st.sampled_from(codes), st.floats(0, 240)),
            max_size=len(codes) ** 2,
            unique_by=lambda t: (t[0], t[1]),
        )
    )
    return TravelTimes.from_pairs(pairs) if pairs else TravelTimes.from_pairs([(codes[0], codes[0], 0.0)])


@given(scenarios())
def test_adding_a_presence_never_lowers_coverage(sc):
    demand, rows, extra, mode, radius = sc
    params = CoverageParams(mode=mode, radius_km=radius)
    before = covered_matrix(demand, presence_frame(rows), params, CLUSTERS).to_numpy()
    after = covered_matrix(demand, presence_frame([*rows, extra]), params, CLUSTERS).to_numpy()
    assert (after >= before).all()
    # And it only ever changes the column of the added presence's cluster.
    others = [k for k, c in enumerate(CLUSTERS) if c != extra["cluster_id"]]
    assert (after[:, others] == before[:, others]).all()


@given(scenarios(), st.floats(10, 150), st.floats(10, 150))
def test_a_larger_radius_never_lowers_coverage(sc, r1, r2):
    demand, rows, _, _, _ = sc
    small, large = sorted((r1, r2))
    p = presence_frame(rows)
    a = covered_matrix(demand, p, CoverageParams(radius_km=small), CLUSTERS).to_numpy()
    b = covered_matrix(demand, p, CoverageParams(radius_km=large), CLUSTERS).to_numpy()
    assert (b >= a).all()


@given(scenarios())
def test_distance_coverage_agrees_with_a_brute_force_oracle(sc):
    demand, rows, _, _, radius = sc
    cov = covered_matrix(demand, presence_frame(rows), CoverageParams(radius_km=radius), CLUSTERS)
    for i, d in demand.iterrows():
        for c in CLUSTERS:
            dists = [np.hypot(d.x - r["x"], d.y - r["y"]) / 1000 for r in rows if r["cluster_id"] == c]
            assert cov.iloc[i][c] == (bool(dists) and min(dists) <= radius)


@given(st.data())
def test_more_minutes_never_lowers_coverage(data):
    demand = data.draw(demand_frames())
    codes = list(demand["kommunekode"])
    p = presence_frame(data.draw(presence_rows(codes)))
    tt = data.draw(travel_tables(codes))
    t1, t2 = sorted(data.draw(st.tuples(st.floats(1, 240), st.floats(1, 240))))
    a = coverage_core(demand, p, CLUSTERS, CoverageParams(minutes=t1, travel_times=tt))
    b = coverage_core(demand, p, CLUSTERS, CoverageParams(minutes=t2, travel_times=tt))
    assert (b.covered >= a.covered).all()
    # Covered means a row in the table within T minutes; a missing pair never covers.
    for i, k in enumerate(codes):
        for j, c in enumerate(CLUSTERS):
            mins = [
                tt.get(k, pk) for pk, pc in zip(p["kommunekode"], p["cluster_id"], strict=False) if pc == c
            ]
            ok = any(m is not None and m <= t1 for m in mins)
            assert a.covered[i, j] == ok


@given(scenarios())
def test_weighted_shares_stay_in_unit_interval(sc):
    demand, rows, _, mode, radius = sc
    res = compute_coverage(
        demand, presence_frame(rows), CLUSTERS, CoverageParams(mode=mode, radius_km=radius)
    )
    total = demand["population"].sum()
    shares = res.clusters["population_covered_share"]
    if total > 0:
        assert shares.between(0, 1).all()
        np.testing.assert_allclose(res.clusters["population_covered"] / total, shares)
    else:
        assert shares.isna().all()
    long = res.hub_matrix.long
    assert (long["population_covered"] <= long["population"]).all()  # exactly
    assert (long["population_uncovered"] >= 0).all()
    g = res.gaps["population_uncovered_share"].dropna()
    assert g.between(0, 1).all()  # exactly: no rounding tolerance
    # The gap list is ranked by the population not covered.
    assert res.gaps["population_uncovered"].is_monotonic_decreasing
    # Present in the area implies covered in hub-area mode, for every municipality of it.
    if mode == "hub_area":
        cov = res.covered.to_numpy()
        for h in range(len(res.core.hub_ids)):
            rows_h = res.core.demand_hub == h
            for c in range(len(CLUSTERS)):
                assert cov[rows_h, c].all() == res.core.present_in_area[h, c] or not rows_h.any()
