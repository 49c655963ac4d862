"""The optimiser (klyngekort.planning): against brute force, hand-computed cases, edge cases."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pulp
import pytest
from shapely.geometry import box

from klyngekort.core.coverage import (
    CoverageParams,
    coverage_core,
    demand_from_municipalities,
)
from klyngekort.core.model import Dataset
from klyngekort.core.periods import period_for
from klyngekort.core.presence import ExtraPresence, presences
from klyngekort.core.travel import TravelTimes
from klyngekort.planning.brute_force import brute_force_best_k, brute_force_fewest_sites
from klyngekort.planning.cluster import (
    build_cluster_problem,
    fewest_sites_for_cluster,
    plan_for_cluster,
)
from klyngekort.planning.problem import PlanProblem, status_from_pulp
from klyngekort.planning.solvers import best_k_sites, fewest_sites
from klyngekort.present.wording import message_text
from tests._coverage_factories import (
    LINE_AREA,
    LINE_CODES,
    LINE_POP,
    LINE_STEP,
    LINE_X0,
    LINE_Y0,
    line_lonlat,
    line_xy,
)
from tests._coverage_factories import table as factory_table


def explanation(r, lang="en") -> str:
    """A plan's notes, worded as the CLI and the planner page show them."""
    return " ".join(message_text(n, lang) for n in r.notes)


def en(item) -> str:
    """The message of an issue or error, worded in English (what the tests read)."""
    return message_text(item, "en")


def _random_problem(
    seed: int, *, existing: bool, density: float = 0.2, int_weights: bool = True
) -> PlanProblem:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(15, 31))
    m = int(rng.integers(6, 11))
    cover = rng.random((n, m)) < density
    if seed % 3 == 0:  # force exact ties: a duplicated candidate column
        cover[:, m - 1] = cover[:, 0]
    ex = rng.random(n) < 0.25 if existing else None
    w = rng.integers(0, 100, n).astype(float) if int_weights else rng.random(n) * 1000
    return PlanProblem([f"d{i}" for i in range(n)], w, [f"c{j}" for j in range(m)], cover, ex)


def _check_consistent(p: PlanProblem, r) -> None:
    """The figures of a result agree with each other and with the matrix."""
    idx = [p.candidate_index(c) for c in r.chosen]
    assert r.covered_after == pytest.approx(p.covered_weight(idx))
    assert r.covered_before == pytest.approx(p.covered_weight([]))
    assert sum(r.added_weight) == pytest.approx(r.covered_after - r.covered_before)
    assert all(g > 0 for g in r.added_weight)
    # greedy order: each site's gain is the largest marginal gain among the remaining chosen ones
    done: list[int] = []
    for j, g in zip(idx, r.added_weight, strict=True):
        base = p.covered_weight(done)
        assert g == pytest.approx(p.covered_weight([*done, j]) - base)
        for other in idx:
            if other not in done and other != j:
                assert p.covered_weight([*done, other]) - base <= g + 1e-9
        done.append(j)
    assert 0 <= r.share_before <= r.share_after <= 1


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("k", [1, 2, 3])
def test_best_k_matches_brute_force(seed: int, k: int) -> None:
    p = _random_problem(seed, existing=seed % 2 == 1, int_weights=seed % 4 != 2)
    r = best_k_sites(p, k)
    b = brute_force_best_k(p, k)
    assert r.solver_status == "optimal"
    assert r.covered_after == pytest.approx(b.covered_after, rel=1e-12)
    assert len(r.chosen) <= k
    _check_consistent(p, r)
    _check_consistent(p, b)


def test_best_k_with_existing_presence_matches_brute_force_dense() -> None:
    for seed in range(100, 106):
        p = _random_problem(seed, existing=True, density=0.35)
        for k in (1, 2, 3):
            assert best_k_sites(p, k).covered_after == pytest.approx(brute_force_best_k(p, k).covered_after)


def test_weighted_objective_hand_computed() -> None:
    # one heavy point vs three light ones: an unweighted count would pick B
    p = PlanProblem(
        ["heavy", "l1", "l2", "l3"],
        [100, 1, 1, 1],
        ["A", "B"],
        [[1, 0], [0, 1], [0, 1], [0, 1]],
    )
    r = best_k_sites(p, 1)
    assert r.chosen == ("A",)
    assert r.added_weight == (100.0,)
    assert (r.covered_before, r.covered_after, r.total_weight) == (0.0, 100.0, 103.0)
    assert r.share_after == pytest.approx(100 / 103)
    assert r.newly_covered == ("heavy",)

    # the heavy point is covered by the fixed, existing presence: now B is worth more
    p2 = PlanProblem(p.demand_ids, p.weights, p.candidate_ids, p.cover, [True, False, False, False])
    r2 = best_k_sites(p2, 1)
    assert r2.chosen == ("B",)
    assert r2.added_weight == (3.0,)
    assert (r2.covered_before, r2.covered_after) == (100.0, 103.0)
    assert r2.share_before == pytest.approx(100 / 103)
    assert r2.share_after == 1.0


def test_per_site_gain_is_greedy_marginal_and_sums_to_total() -> None:
    # A covers d1,d2,d3 (30); B covers d3,d4 (20 alone, 10 after A); C covers d5 (5)
    p = PlanProblem(
        ["d1", "d2", "d3", "d4", "d5"],
        [10, 10, 10, 10, 5],
        ["C", "B", "A"],
        [[0, 0, 1], [0, 0, 1], [0, 1, 1], [0, 1, 0], [1, 0, 0]],
    )
    r = best_k_sites(p, 2)
    assert r.chosen == ("A", "B")
    assert r.added_weight == (30.0, 10.0)
    assert r.covered_after == 40.0
    assert r.sites == [("A", 30.0), ("B", 10.0)]
    d = r.to_dict()
    assert [s["id"] for s in d["sites"]] == ["A", "B"]
    assert d["solver_status"] == "optimal"


def test_ties_go_to_the_candidate_listed_first_and_are_stable() -> None:
    cover = np.array([[1, 0, 1], [1, 0, 1], [0, 1, 0]], dtype=bool)  # X and Z identical, Y smaller
    w = [5, 5, 3]
    p = PlanProblem(["a", "b", "c"], w, ["X", "Y", "Z"], cover)
    results = {best_k_sites(p, 1).chosen for _ in range(3)}
    assert results == {("X",)}
    assert brute_force_best_k(p, 1).chosen == ("X",)
    # list Z first: Z wins the tie
    p2 = PlanProblem(["a", "b", "c"], w, ["Z", "Y", "X"], cover[:, [2, 1, 0]])
    assert best_k_sites(p2, 1).chosen == ("Z",)
    # fewest sites for 10/13 of the weight: one site, the first listed of the two equal ones
    assert fewest_sites(p, 10 / 13).chosen == ("X",)
    assert fewest_sites(p2, 10 / 13).chosen == ("Z",)


def test_unreachable_demand_is_reported_not_raised() -> None:
    # "Bornholm" is beyond R of every candidate and of the existing presence
    p = PlanProblem(
        ["0101", "0147", "0400", "0461"],
        [600.0, 100.0, 40.0, 200.0],
        ["EHHS", "EHFYN"],
        [[1, 0], [1, 0], [0, 0], [0, 1]],
        [False, True, False, False],
    )
    r = best_k_sites(p, 2)
    assert r.solver_status == "optimal"
    assert r.unreachable == (("0400", 40.0),)
    assert r.unreachable_weight == 40.0
    assert "plan.note.unreachable_share" in [n.code for n in r.notes]
    assert "0400" in explanation(r) and "cannot be covered" in explanation(r)
    assert "kan ikke dækkes" in explanation(r, "da")
    assert "unreachable_demand" in r.reasons
    assert r.reachable_weight == 900.0
    assert r.covered_after == 900.0
    # asking for everything reachable works; asking for 100 % is infeasible and says how much is reachable
    full = fewest_sites(p, None)
    assert full.solver_status == "optimal"
    assert set(full.chosen) == {"EHHS", "EHFYN"}
    assert full.covered_after == 900.0
    inf = fewest_sites(p, 1.0)
    assert inf.solver_status == "infeasible"
    assert inf.chosen == ()
    assert inf.covered_after == inf.covered_before == 100.0
    assert [n.code for n in inf.notes][:1] == ["plan.note.target_unreachable"]
    assert "at most 900" in explanation(inf) and "95.7%" in explanation(inf)
    assert "højst 900" in explanation(inf, "da") and "95,7 %" in explanation(inf, "da")
    assert "target_unreachable" in inf.reasons


def test_k_at_least_useful_candidates_and_k_zero() -> None:
    p = PlanProblem(
        ["a", "b", "c", "d"],
        [1, 2, 3, 4],
        ["U1", "useless", "U2"],
        [[1, 0, 0], [1, 0, 0], [0, 0, 1], [0, 0, 0]],
        [False, False, False, True],
    )
    r = best_k_sites(p, 5)
    assert r.solver_status == "optimal"
    assert r.chosen == ("U1", "U2")  # equal gains (3 each): the one listed first leads
    assert r.added_weight == (3.0, 3.0)
    assert "k_exceeds_useful" in r.reasons and "only 2 candidate(s)" in explanation(r)
    r0 = best_k_sites(p, 0)
    assert r0.chosen == () and r0.covered_after == r0.covered_before == 4.0
    with pytest.raises(ValueError):
        best_k_sites(p, -1)
    # nothing left to gain at all
    p_done = PlanProblem(["a"], [1.0], ["U"], [[True]], [True])
    r_done = best_k_sites(p_done, 2)
    assert r_done.chosen == () and "no_useful_candidate" in r_done.reasons


def test_sites_that_add_nothing_are_dropped() -> None:
    # A alone covers all; with k=2 < 3 useful candidates the second pick would add nothing
    p = PlanProblem(
        ["a", "b", "c"],
        [5, 5, 5],
        ["B", "C", "A"],
        [[0, 0, 1], [1, 0, 1], [0, 1, 1]],
    )
    r = best_k_sites(p, 2)
    assert r.chosen == ("A",)
    assert r.covered_after == 15.0
    assert "sites_add_nothing" in r.reasons


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("target", [None, 0.25, 0.5, 0.7])
def test_fewest_sites_matches_brute_force(seed: int, target: float | None) -> None:
    p = _random_problem(seed + 50, existing=seed % 2 == 0, density=0.25)
    r = fewest_sites(p, target)
    b = brute_force_fewest_sites(p, target)
    assert r.solver_status == b.solver_status
    if b.solver_status == "infeasible":
        assert r.chosen == ()
        assert "at most" in explanation(r)
        return
    assert len(r.chosen) == len(b.chosen)
    # among the smallest sets the one covering most is returned
    assert r.covered_after == pytest.approx(b.covered_after)
    goal = r.reachable_weight if target is None else target * r.total_weight
    assert r.covered_after >= goal - 1e-6
    _check_consistent(p, r)


def test_fewest_sites_target_already_met() -> None:
    p = PlanProblem(["a", "b"], [3, 1], ["X"], [[0], [1]], [True, False])
    r = fewest_sites(p, 0.75)
    assert r.chosen == () and r.solver_status == "optimal" and "already_met" in r.reasons
    assert fewest_sites(p, 0.8).chosen == ("X",)
    with pytest.raises(ValueError):
        fewest_sites(p, 1.5)


def test_status_mapping() -> None:
    assert status_from_pulp(pulp.LpStatusOptimal, pulp.LpSolutionOptimal) == "optimal"
    # CBC "Stopped on time" with a solution: PuLP says Optimal, sol_status says "Solution Found"
    assert status_from_pulp(pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible) == "time_limit_feasible"
    assert (
        status_from_pulp(pulp.LpStatusOptimal, None, elapsed_s=5.0, time_limit_s=5.0) == "time_limit_feasible"
    )
    assert status_from_pulp(pulp.LpStatusOptimal, None, elapsed_s=0.1, time_limit_s=5.0) == "optimal"
    assert status_from_pulp(pulp.LpStatusInfeasible, pulp.LpSolutionInfeasible) == "infeasible"
    assert status_from_pulp(pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound) == "not_solved"
    assert status_from_pulp(pulp.LpStatusUndefined, pulp.LpSolutionNoSolutionFound) == "not_solved"
    assert status_from_pulp(pulp.LpStatusUnbounded, pulp.LpSolutionUnbounded) == "not_solved"


def _synthetic_large(n: int = 2000, m: int = 200, seed: int = 0) -> PlanProblem:
    rng = np.random.default_rng(seed)
    lo, hi = np.array([440e3, 6050e3]), np.array([900e3, 6400e3])
    dem = rng.uniform(lo, hi, (n, 2))
    cand = rng.uniform(lo, hi, (m, 2))
    km = np.hypot(dem[:, None, 0] - cand[None, :, 0], dem[:, None, 1] - cand[None, :, 1]) / 1000
    ex = np.hypot(dem[:, 0] - 720e3, dem[:, 1] - 6180e3) / 1000 <= 40
    w = rng.integers(100, 50000, n).astype(float)
    return PlanProblem([f"d{i}" for i in range(n)], w, [f"c{j}" for j in range(m)], km <= 40, ex)


def test_time_limit_is_not_reported_as_optimal() -> None:
    # A truly hard case: CBC has not proved this share-target model optimal after 5 s on the
    # 2-core development machine (25x the limit; measured 2026-12-02), so 0.2 s must stop early.
    p = _synthetic_large()
    r = fewest_sites(p, 0.5, time_limit_s=0.2)
    assert r.solver_status in ("time_limit_feasible", "not_solved")
    if r.solver_status == "time_limit_feasible":
        assert r.share_after >= 0.5 - 1e-9
        assert "time limit" in explanation(r) and "time_limit" in r.reasons
    else:
        assert r.chosen == ()


def test_invalid_problems_raise_value_error() -> None:
    with pytest.raises(ValueError):
        PlanProblem(["a", "b"], [1.0], ["X"], [[1], [0]])
    with pytest.raises(ValueError):
        PlanProblem(["a"], [-1.0], ["X"], [[1]])
    with pytest.raises(ValueError):
        PlanProblem(["a"], [1.0], ["X", "X"], [[1, 1]])
    with pytest.raises(ValueError):
        PlanProblem(["a"], [1.0], ["X"], [[1, 0]])
    with pytest.raises(ValueError):
        best_k_sites(PlanProblem(["a"], [1.0], ["X"], [[1]]), 1, time_limit_s=0)


# ----------------------------------------------------------------- adapter

PERIOD = period_for("2025-2028")
X0, Y0, STEP = LINE_X0, LINE_Y0, LINE_STEP
CODES, POP, AREA = LINE_CODES, LINE_POP, LINE_AREA
_xy, _lonlat = line_xy, line_lonlat


def _table(name: str, rows: list[dict]) -> pd.DataFrame:
    return factory_table(name, rows, defaults={})


def _hub(hub_id: str, code: str, kind: str = "head_office", parent: str = "") -> dict:
    lon, lat = _lonlat(code)
    return dict(
        hub_id=hub_id,
        name=f"Hub {hub_id}",
        kind=kind,
        parent_hub_id=parent,
        town=code,
        kommunekode=code,
        latitude=lat,
        longitude=lon,
        coord_precision="town",
        source_url="https://example.org",
        confidence="high",
    )


def _cluster(cid: str) -> dict:
    return dict(
        cluster_id=cid,
        name=cid,
        area="x",
        period_2021_2024="yes",
        status_2021_2024="active",
        period_2025_2028="yes",
        source_url="https://example.org",
        confidence="high",
    )


@pytest.fixture(scope="module")
def tiny() -> tuple[Dataset, gpd.GeoDataFrame]:
    lon, lat = _lonlat("0001")
    ds = Dataset(
        hubs=_table("hubs", [_hub("H1", "0001"), _hub("H2", "0004"), _hub("H2_B", "0005", "branch", "H2")]),
        hub_areas=_table(
            "hub_areas",
            [
                dict(
                    kommunekode=c,
                    kommune=f"Kommune {c}",
                    hub_id=AREA[c],
                    source_url="https://example.org",
                    confidence="high",
                )
                for c in CODES
            ],
        ),
        clusters=_table("clusters", [_cluster("C1"), _cluster("C2")]),
        sites=_table(
            "sites",
            [
                dict(
                    site_id="S1",
                    cluster_id="C1",
                    kind="headquarters",
                    kommunekode="0001",
                    shared_with_hub="no",
                    latitude=lat,
                    longitude=lon,
                    coord_precision="town",
                    source_url="https://example.org",
                    confidence="high",
                )
            ],
        ),
        ties=_table("ties", []),
        secondments=_table("secondments", []),
        population=_table(
            "population",
            [
                dict(
                    kommunekode=c,
                    year=2024,
                    population=POP[c],
                    source_url="https://example.org",
                    confidence="high",
                )
                for c in CODES
            ],
        ),
    )
    munis = gpd.GeoDataFrame(
        {
            "kommunekode": CODES,
            "kommune": [f"Kommune {c}" for c in CODES],
            "region_code": [""] * 6,
            "outside_division": [False] * 6,
            "label_x": [_xy(c)[0] for c in CODES],
            "label_y": [_xy(c)[1] for c in CODES],
        },
        geometry=[
            box(_xy(c)[0] - 10_000, _xy(c)[1] - 10_000, _xy(c)[0] + 10_000, _xy(c)[1] + 10_000) for c in CODES
        ],
        crs=25832,
    )
    return ds, munis


def _covered_with_add_site(ds, munis, cluster_id: str, hub_ids, params) -> float:
    """What `klyngekort coverage --add-site CLUSTER@HUB ...` computes: population covered."""
    hub_of = dict(zip(ds.hub_areas["kommunekode"], ds.hub_areas["hub_id"], strict=False))
    demand = demand_from_municipalities(munis, hub_of, ds.population_for())
    pres = presences(ds, PERIOD, extra=[ExtraPresence(cluster_id, h) for h in hub_ids])
    core = coverage_core(demand, pres, [cluster_id], params, hubs=ds.hubs)
    return float(np.nansum(demand["population"].to_numpy(dtype=float) * core.covered[:, 0]))


def test_adapter_distance_mode_hand_computed(tiny) -> None:
    ds, munis = tiny
    params = CoverageParams(radius_km=40)
    out = plan_for_cluster(ds, munis, "C1", 1, params, period=PERIOD)
    assert out.ok and out.issues == []
    r = out.result
    # C1 at 0001 covers 0001, 0002 (30 km) = 300; H2 at 0004 adds 0003, 0004, 0005 = 1200
    assert r.chosen == ("H2",)
    assert r.added_weight == (1200.0,)
    assert (r.covered_before, r.covered_after, r.total_weight) == (300.0, 1500.0, 1550.0)
    assert r.unreachable == (("0006", 50.0),)
    assert "Kommune 0006 (0006)" in explanation(r)
    assert out.add_site_args == ["C1@H2"]
    assert _covered_with_add_site(ds, munis, "C1", ["H2"], params) == r.covered_after
    d = out.to_dict()
    assert d["covered_population_before"] == 300.0 and d["covered_population_after"] == 1500.0
    assert d["covered_share_after"] == pytest.approx(1500 / 1550)
    assert d["sites"] == [{"id": "H2", "name": "Hub H2", "population_gain": 1200.0}]
    assert d["unreachable"] == [{"kommunekode": "0006", "name": "Kommune 0006", "population": 50.0}]
    assert d["solver_status"] == "optimal"
    tab = out.sites_table()
    assert tab["candidate_id"].tolist() == ["H2"] and tab["add_site"].tolist() == ["C1@H2"]

    # k = 2: H2_B only repeats what H2 covers, so one site is recommended
    out2 = plan_for_cluster(ds, munis, "C1", 2, params, period=PERIOD)
    assert out2.result.chosen == ("H2",)

    # candidates "all": municipality centres too (ids K0001 …); H2 still best for k=1
    inp = build_cluster_problem(ds, munis, "C1", params, period=PERIOD, candidates="all")
    assert inp.problem.candidate_ids == (
        "H1",
        "H2",
        "H2_B",
        "K0001",
        "K0002",
        "K0003",
        "K0004",
        "K0005",
        "K0006",
    )
    assert inp.candidates.loc[inp.candidates["candidate_id"] == "K0003", "kind"].item() == "municipality"
    # the island's own centre covers it: nothing is unreachable with all candidates
    out_all = plan_for_cluster(ds, munis, "C1", 2, params, period=PERIOD, candidates="all")
    assert out_all.result.chosen == ("H2", "K0006")
    assert out_all.result.covered_after == 1550.0 and out_all.result.unreachable == ()
    assert out_all.add_site_args == ["C1@H2"]
    # a user-added municipality candidate with hubs
    out_x = plan_for_cluster(ds, munis, "C1", 2, params, period=PERIOD, extra_candidate_kommunekoder=["0006"])
    assert out_x.result.chosen == ("H2", "K0006")


def test_adapter_hub_area_and_travel_time_modes(tiny) -> None:
    ds, munis = tiny
    # hub area: C1 is present in H1's area (0001–0003); H2 or its branch covers the whole H2 area
    p_area = CoverageParams(mode="hub_area")
    out = plan_for_cluster(ds, munis, "C1", 1, p_area, period=PERIOD)
    assert out.result.chosen == ("H2",)  # H2 and H2_B tie: the one listed first
    assert (out.result.covered_before, out.result.covered_after) == (600.0, 1550.0)
    assert _covered_with_add_site(ds, munis, "C1", ["H2"], p_area) == 1550.0

    # travel time: 20 min per step on the mainland, the island only from 0005 (40 min)
    pairs = [(a, b, 20.0 * abs(CODES.index(a) - CODES.index(b))) for a in CODES[:5] for b in CODES[:5]]
    pairs += [("0005", "0006", 40.0), ("0006", "0005", 40.0), ("0006", "0006", 0.0)]
    p_min = CoverageParams(minutes=45, travel_times=TravelTimes.from_pairs(pairs))
    out_t = plan_for_cluster(ds, munis, "C1", 1, p_min, period=PERIOD)
    # existing covers 0001–0003 (600); H2 adds 0004, 0005 (900); H2_B adds 0004, 0005, 0006 (950)
    assert out_t.result.chosen == ("H2_B",)
    assert (out_t.result.covered_before, out_t.result.covered_after) == (600.0, 1550.0)
    assert _covered_with_add_site(ds, munis, "C1", ["H2_B"], p_min) == 1550.0

    few = fewest_sites_for_cluster(
        ds, munis, "C1", None, CoverageParams(radius_km=40), period=PERIOD, candidates="all"
    )
    assert few.result.chosen == ("H2", "K0006") and few.result.solver_status == "optimal"


def test_adapter_bad_requests_give_issues(tiny) -> None:
    ds, munis = tiny
    params = CoverageParams()
    out = plan_for_cluster(ds, munis, "NOPE", 1, params, period=PERIOD)
    assert out.result is None and not out.ok
    assert [(i.field, i.severity) for i in out.issues] == [("cluster_id", "error")]
    assert "NOPE" in en(out.issues[0]) and "C1" in en(out.issues[0])
    assert out.to_dict()["solver_status"] == "not_solved"
    out = plan_for_cluster(ds, munis, "C1", 1, params, period=PERIOD, extra_candidate_kommunekoder=["9999"])
    assert out.result is None and "9999" in en(out.issues[0])
    out = plan_for_cluster(ds, munis, "C1", -2, params, period=PERIOD)
    assert out.result is None and out.issues[-1].field == "k"
    out = fewest_sites_for_cluster(ds, munis, "C1", 2.0, params, period=PERIOD)
    assert out.result is None and out.issues[-1].field == "target_share"
    # a cluster without presence: planned from scratch, with a warning
    out = plan_for_cluster(ds, munis, "C2", 1, params, period=PERIOD)
    assert out.ok and out.result.covered_before == 0.0
    assert out.issues[0].severity == "warning" and "no physical presence" in en(out.issues[0])
    assert out.result.chosen == ("H2",)


# ----------------------------------------------------------------- real data


def test_real_cluster_plan_agrees_with_add_site_and_brute_force(public_dataset, layers) -> None:
    ds, munis = public_dataset, layers.municipalities
    params = CoverageParams(radius_km=40)
    hub_ids = set(ds.hubs["hub_id"])
    for cid in ("ECD", "LDCLUSTER"):
        out = plan_for_cluster(ds, munis, cid, 2, params, period=PERIOD)
        assert out.ok, out.issues
        r = out.result
        assert r.solver_status == "optimal"
        assert len(r.chosen) == 2  # two real hubs add coverage
        assert set(r.chosen) <= hub_ids
        assert r.total_weight == pytest.approx(ds.population_for().sum())
        assert r.share_after >= r.share_before
        assert r.covered_after == pytest.approx(
            out.input.problem.covered_weight([out.input.problem.candidate_index(c) for c in r.chosen])
        )
        assert brute_force_best_k(out.input.problem, 2).covered_after == pytest.approx(r.covered_after)
        assert _covered_with_add_site(
            ds, munis, cid, [a.split("@")[1] for a in out.add_site_args], params
        ) == pytest.approx(r.covered_after)
        assert len(out.input.problem.demand_ids) == 98
    full = fewest_sites_for_cluster(ds, munis, "ECD", None, params, period=PERIOD, candidates="all")
    assert full.result.solver_status == "optimal"
    assert full.result.covered_after == pytest.approx(full.result.reachable_weight)


def test_real_recommendation_as_scenario_reproduces_covered_after(public_dataset, layers) -> None:
    from klyngekort.scenarios.apply import apply_scenario
    from klyngekort.scenarios.changes import AddCoLocation, new_scenario
    from klyngekort.scenarios.recommend import recommendation_changes

    ds, munis = public_dataset, layers.municipalities
    params = CoverageParams(radius_km=40)
    out = plan_for_cluster(ds, munis, "DIGITALLEAD", 2, params, period=PERIOD)
    changes = recommendation_changes(out)
    assert changes == [AddCoLocation("DIGITALLEAD", h) for h in out.result.chosen]
    ds2 = apply_scenario(ds, new_scenario("plan", changes=changes))
    # the scenario's own baseline presence now includes the recommended sites
    again = plan_for_cluster(ds2, munis, "DIGITALLEAD", 0, params, period=PERIOD)
    assert again.result.covered_before == pytest.approx(out.result.covered_after)


def test_real_municipality_recommendation_as_scenario_reproduces_covered_after(
    public_dataset, layers
) -> None:
    """A chosen municipality centre becomes an AddSite at that centre: the scenario's
    coverage gives the recommendation's covered_after (not only for hubs)."""
    import dataclasses

    from klyngekort.scenarios.apply import apply_scenario
    from klyngekort.scenarios.changes import AddSite, new_scenario
    from klyngekort.scenarios.recommend import recommendation_changes
    from klyngekort.scenarios.validate import validate_changes

    ds, munis = public_dataset, layers.municipalities
    params = CoverageParams(radius_km=10)
    # Læsø (0825) has no hub; at 10 km only its own centre reaches it.
    out = fewest_sites_for_cluster(
        ds, munis, "DIGITALLEAD", None, params, period=PERIOD, extra_candidate_kommunekoder=["0825"]
    )
    assert out.ok and "K0825" in out.result.chosen
    changes = recommendation_changes(out)
    sites = [c for c in changes if isinstance(c, AddSite)]
    assert len(sites) == 1 and sites[0].kommunekode == "0825"
    # the visual centre of Læsø, in WGS84
    assert 57.2 < sites[0].latitude < 57.35 and 10.9 < sites[0].longitude < 11.2
    assert validate_changes(ds, changes) == []
    scen = new_scenario("plan", changes=changes)
    again = plan_for_cluster(apply_scenario(ds, scen), munis, "DIGITALLEAD", 0, params, period=PERIOD)
    assert again.result.covered_before == pytest.approx(out.result.covered_after)
    # without the point (the old behaviour) Læsø's people are missing
    bare = [
        dataclasses.replace(c, latitude=None, longitude=None) if isinstance(c, AddSite) else c
        for c in changes
    ]
    short = plan_for_cluster(
        apply_scenario(ds, new_scenario("bare", changes=bare)), munis, "DIGITALLEAD", 0, params, period=PERIOD
    )
    laesoe = float(ds.population_for().get("0825", 0))
    assert laesoe > 0
    assert short.result.covered_before == pytest.approx(out.result.covered_after - laesoe)
