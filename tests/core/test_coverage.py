"""Coverage: golden cases computed by hand, travel times, and facts on the public data."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from klyngekort.core.coverage import (
    CoverageParams,
    by_cluster,
    by_municipality,
    compute_coverage,
    coverage_core,
    covered_matrix,
    demand_for,
    demand_from_municipalities,
    distance_matrix,
    gap_list,
    id_names,
    names_text,
)
from klyngekort.core.periods import period_for
from klyngekort.core.presence import (
    presence_frame,
    presences,
    ties_only,
)
from klyngekort.core.selection import clusters_in_period
from klyngekort.core.travel import (
    ISLANDS_WITH_FIXED_LINK,
    NO_FIXED_LINK,
    TravelTimes,
    TravelTimesError,
    load_travel_times,
    read_travel_times,
)
from klyngekort.present.wording import describe_method, issue_text, message_text
from tests._coverage_factories import GRID_HUB_OF, GRID_POP, grid_municipalities

SQRT200 = math.sqrt(200.0)  # km between the centres of diagonal 10 km cells
X0, Y0, S = 500_000.0, 6_200_000.0, 10_000.0


def en(item) -> str:
    """The message of an issue or error, worded in English (what the tests read)."""
    return message_text(item, "en")


def centre(code: str) -> tuple[float, float]:
    k = int(code) - 1
    r, c = divmod(k, 3)
    return X0 + c * S + S / 2, Y0 + r * S + S / 2


def site(pid: str, cluster: str, code: str, **kw) -> dict:
    x, y = centre(code)
    return dict(
        presence_id=pid,
        cluster_id=cluster,
        source="site",
        kind="local_office",
        kommunekode=code,
        town=f"T{int(code)}",
        x=x,
        y=y,
        label=f"{cluster}, T{int(code)}",
        **kw,
    )


CLUSTERS = ["P", "Q", "R", "S"]
HUBS = pd.DataFrame(
    {
        "hub_id": ["HW", "HM", "HE", "HE_BR"],
        "name": ["West", "Midt", "Øst", "Øst filial"],
        "kind": ["head_office", "head_office", "head_office", "branch"],
        "parent_hub_id": ["", "", "", "HE"],
    }
)
TIES = pd.DataFrame({"tie_id": ["t1", "t2"], "hub_id": ["HW", "HE_BR"], "cluster_id": ["S", "R"]})


@pytest.fixture(scope="module")
def demand():
    return demand_from_municipalities(grid_municipalities(), GRID_HUB_OF, GRID_POP)


@pytest.fixture(scope="module")
def pres():
    # P in the centre cell, Q in the south-west corner, S in the north-east corner, R nowhere.
    return presence_frame([site("p5", "P", "0005"), site("q1", "Q", "0001"), site("s9", "S", "0009")])


def run(demand, pres, **kw):
    return compute_coverage(demand, pres, CLUSTERS, CoverageParams(**kw), ties=TIES, hubs=HUBS)


# --------------------------------------------------------------------------- golden: distance


def test_distance_matrix_exact_km():
    demand = pd.DataFrame({"x": [0.0, 3000.0], "y": [0.0, 4000.0]})
    pres = pd.DataFrame({"x": [0.0, 6000.0], "y": [0.0, 8000.0]})
    np.testing.assert_allclose(distance_matrix(demand, pres), [[0.0, 10.0], [5.0, 5.0]], atol=1e-12)


def test_demand_drops_christianso_and_uses_visual_centre(demand):
    assert list(demand["kommunekode"]) == [f"{k:04d}" for k in range(1, 10)]
    assert (demand["x"][4], demand["y"][4]) == centre("0005")
    assert list(demand["weight"]) == list(demand["population"]) == [k * 1000.0 for k in range(1, 10)]
    assert list(demand["hub_id"][:3]) == ["HW", "HM", "HE"]


def test_demand_takes_firms_and_refuses_a_municipality_without_a_point():
    munis = grid_municipalities()
    d = demand_from_municipalities(munis, GRID_HUB_OF, GRID_POP, firms={"0001": 7, "0002": 3})
    assert d["weight"][0] == 7 and d["weight"][1] == 3 and math.isnan(d["weight"][2])
    assert d["population"][0] == 1000.0
    # The geo layer always gives a label point; a frame without one is a programming error.
    munis.loc[0, "label_x"] = np.nan
    with pytest.raises(ValueError, match="0001"):
        demand_from_municipalities(munis, GRID_HUB_OF, GRID_POP)


def test_covered_radius_10_includes_the_boundary(demand, pres):
    cov = covered_matrix(demand, pres, CoverageParams(radius_km=10), clusters=CLUSTERS)
    covered_by = {c: sorted(cov.index[cov[c]]) for c in CLUSTERS}
    assert covered_by == {
        "P": ["0002", "0004", "0005", "0006", "0008"],  # the centre and its 4 neighbours at exactly 10 km
        "Q": ["0001", "0002", "0004"],
        "R": [],
        "S": ["0006", "0008", "0009"],
    }


def test_covered_radius_15_reaches_the_diagonals(demand, pres):
    cov = covered_matrix(demand, pres, CoverageParams(radius_km=15), clusters=CLUSTERS)
    assert cov["P"].all()
    assert sorted(cov.index[cov["Q"]]) == ["0001", "0002", "0004", "0005"]


def test_by_municipality_golden(demand, pres):
    m = run(demand, pres, radius_km=10).municipalities.set_index("kommunekode")
    assert m.loc["0005", "clusters_present"] == 1
    assert m.loc["0005", "clusters_present_ids"] == "P"
    assert m.loc["0005", "missing_clusters"] == "Q;R;S"
    assert m.loc["0005", "nearest_presence_km"] == 0.0
    assert m.loc["0005", "nearest_cluster_id"] == "P"
    assert m.loc["0003", "nearest_presence_km"] == pytest.approx(SQRT200)
    assert m.loc["0003", "nearest_cluster_id"] == "P"
    assert m.loc["0003", "missing_clusters"] == "P;Q;R;S"
    assert m.loc["0002", "clusters_present_ids"] == "P;Q"
    assert m.loc["0007", "hub_id"] == "HW" and m.loc["0007", "hub_name"] == "West"
    assert m.loc["0007", "population"] == 7000.0
    assert not m["no_fixed_link"].any()
    for col in (
        "kommunekode",
        "kommune",
        "hub_id",
        "hub_name",
        "population",
        "clusters_present",
        "nearest_presence_km",
        "missing_clusters",
    ):
        assert col in m.reset_index().columns


def test_by_cluster_golden(demand, pres):
    c = run(demand, pres, radius_km=10).clusters.set_index("cluster_id")
    total = 45_000.0
    assert c.loc["P", "population_covered"] == 2000 + 4000 + 5000 + 6000 + 8000
    assert c.loc["P", "population_covered_share"] == pytest.approx(25_000 / total)
    assert c.loc["P", "municipalities_uncovered"] == 4
    assert c.loc["P", "municipalities_uncovered_ids"] == "0001;0003;0007;0009"
    assert c.loc["R", "population_covered"] == 0 and c.loc["R", "sites"] == 0
    assert c.loc["R", "municipalities_uncovered"] == 9
    assert c.loc["S", "sites"] == 1
    assert c.loc["S", "population_covered_share"] == pytest.approx(23_000 / total)


def test_hub_matrix_states_golden(demand, pres):
    hm = run(demand, pres, radius_km=10).hub_matrix
    states = hm.wide.set_index("hub_id")[CLUSTERS]
    assert states.to_dict("index") == {
        "HW": {"P": "within_radius", "Q": "present", "R": "absent", "S": "tie_only"},
        "HM": {"P": "present", "Q": "within_radius", "R": "absent", "S": "within_radius"},
        # The tie of R is with a branch of HE: it counts for HE's area.
        "HE": {"P": "within_radius", "Q": "absent", "R": "tie_only", "S": "present"},
    }
    wide = hm.wide.set_index("hub_id")
    assert wide.loc["HW", "population"] == 1000 + 4000 + 7000 and wide.loc["HW", "municipalities"] == 3
    long = hm.long.set_index(["hub_id", "cluster_id"])
    assert long.loc[("HE", "Q"), "nearest_km"] == pytest.approx(20.0)  # 0003 to Q's site in 0001
    assert long.loc[("HW", "P"), "population_covered"] == 4000
    assert long.loc[("HW", "P"), "population_uncovered"] == 8000
    assert long.loc[("HE", "R"), "tie"] and not long.loc[("HE", "R"), "present"]
    assert math.isnan(long.loc[("HE", "R"), "nearest_km"])
    s = hm.summary.set_index("hub_id")
    assert s.loc[
        "HW", ["clusters_present", "clusters_within_radius", "clusters_tie_only", "clusters_absent"]
    ].tolist() == [1, 1, 1, 1]
    assert s.loc["HE", "ties"] == 1


def test_within_radius_is_per_municipality_point_not_area(demand):
    # A presence 10.5 km east of 0006's centre: 0.5 km outside the grid, in no municipality.
    x, y = centre("0006")
    p = presence_frame([dict(presence_id="z", cluster_id="P", x=x + 10_500, y=y)])
    hm = compute_coverage(demand, p, ["P"], CoverageParams(radius_km=10), hubs=HUBS).hub_matrix
    # Within 10 km of the area's polygon, but not of any municipality point: absent.
    assert hm.wide.set_index("hub_id").loc["HE", "P"] == "absent"
    hm = compute_coverage(demand, p, ["P"], CoverageParams(radius_km=11), hubs=HUBS).hub_matrix
    assert hm.wide.set_index("hub_id").loc["HE", "P"] == "within_radius"


def test_gap_list_golden(demand, pres):
    g = run(demand, pres, radius_km=10).gaps
    assert list(zip(g["hub_id"], g["cluster_id"], strict=False)) == [
        ("HE", "Q"),
        ("HE", "R"),
        ("HM", "R"),
        ("HM", "Q"),
        ("HW", "R"),
        ("HW", "S"),
        ("HE", "P"),
        ("HW", "P"),
        ("HM", "S"),
        ("HW", "Q"),
        ("HE", "S"),
    ]
    assert list(g["rank"]) == list(range(1, 12))
    assert list(g["population_uncovered"]) == [18e3, 18e3, 15e3, 13e3, 12e3, 12e3, 12e3, 8e3, 7e3, 7e3, 3e3]
    first = g.iloc[0]
    assert first.municipalities_uncovered_ids == "0003;0006;0009"
    assert first.nearest_presence_id == "q1" and first.nearest_presence_town == "T1"
    assert first.nearest_km == pytest.approx(20.0)
    assert first.population_uncovered_share == pytest.approx(1.0)
    hm_q = g.set_index(["hub_id", "cluster_id"]).loc[("HM", "Q")]
    assert hm_q.nearest_km == pytest.approx(SQRT200) and hm_q.municipalities_uncovered == 2
    r = g.set_index(["hub_id", "cluster_id"]).loc[("HE", "R")]
    assert r.nearest_presence_id == "" and math.isnan(r.nearest_km)
    assert (
        len(gap_list(coverage_core(demand, pres, CLUSTERS, CoverageParams(radius_km=10), hubs=HUBS), top=3))
        == 3
    )


# --------------------------------------------------------------------------- golden: hub area


def test_hub_area_mode_covers_the_whole_area(demand, pres):
    cov = covered_matrix(demand, pres, CoverageParams(mode="hub_area", radius_km=10), clusters=CLUSTERS)
    assert sorted(cov.index[cov["P"]]) == ["0002", "0005", "0008"]
    assert sorted(cov.index[cov["Q"]]) == ["0001", "0004", "0007"]
    assert sorted(cov.index[cov["S"]]) == ["0003", "0006", "0009"]
    assert not cov["R"].any()


def test_hub_area_mode_indicators(demand, pres):
    res = run(demand, pres, mode="hub_area", radius_km=10)
    m = res.municipalities.set_index("kommunekode")
    assert m.loc["0004", "clusters_present_ids"] == "Q"  # P is 10 km away but in another area
    c = res.clusters.set_index("cluster_id")
    assert c.loc["P", "population_covered"] == 2000 + 5000 + 8000
    # States are the same as in distance mode: within_radius still means within R.
    assert res.hub_matrix.wide.set_index("hub_id").loc["HW", "P"] == "within_radius"
    assert "Erhvervshusområde" in describe_method(res.params)


def test_presence_without_code_finds_its_area_through_its_hub(demand):
    # Seconded staff at branch HE_BR, with no municipality code: counted in HE's area.
    x, y = centre("0006")
    p = presence_frame(
        [dict(presence_id="s", cluster_id="P", source="secondment", hub_id="HE_BR", x=x, y=y, persons=3)]
    )
    res = compute_coverage(demand, p, ["P"], CoverageParams(mode="hub_area"), hubs=HUBS)
    assert res.hub_matrix.wide.set_index("hub_id").loc["HE", "P"] == "present"
    assert res.hub_matrix.summary.set_index("hub_id").loc["HE", "persons_seconded"] == 3
    assert res.clusters.loc[0, "persons_seconded"] == 3


def test_presences_of_other_clusters_are_ignored(demand, pres):
    cov = covered_matrix(demand, pres, CoverageParams(radius_km=150), clusters=["R", "P"])
    assert list(cov.columns) == ["R", "P"] and not cov["R"].any() and cov["P"].all()


# --------------------------------------------------------------------------- dataset to coverage


def test_dataset_pipeline_counts_secondments_not_ties():
    from tests._coverage_factories import lonlat_of, make_dataset

    def ll(code):
        lon, lat = lonlat_of(*centre(code))
        return {"latitude": lat, "longitude": lon}

    ds = make_dataset(
        hubs=[
            dict(hub_id="HW", name="West", kind="head_office", town="W", kommunekode="0004", **ll("0004")),
            dict(hub_id="HE", name="Øst", kind="head_office", town="E", kommunekode="0006", **ll("0006")),
        ],
        clusters=[
            dict(cluster_id="A", name="A"),
            dict(cluster_id="B", name="B"),
            dict(cluster_id="GONE", name="Gone", ceased="2022", period_2025_2028="no"),
        ],
        sites=[
            dict(site_id="GONE-1", cluster_id="GONE", kind="headquarters", kommunekode="0006", **ll("0006")),
            dict(
                site_id="B-LATE",
                cluster_id="B",
                kind="local_office",
                kommunekode="0006",
                valid_from="2027",
                **ll("0006"),
            ),
        ],
        secondments=[dict(secondment_id="S", cluster_id="A", hub_id="HE", persons=1)],
        ties=[dict(tie_id="T", hub_id="HW", cluster_id="B", kind="cooperation_agreement")],
    )
    demand = demand_from_municipalities(
        grid_municipalities(), {"0004": "HW", "0006": "HE", "0005": "HE"}, GRID_POP
    )
    for key, expect_present in (("2025-2028", {"A", "B"}), ("2021-2024", {"A", "GONE"})):
        per = period_for(key)
        p = presences(ds, per)
        res = compute_coverage(
            demand,
            p,
            clusters_in_period(ds, per),
            CoverageParams(mode="hub_area", radius_km=10),
            ties=ties_only(ds, per, presences_df=p),
            hubs=ds.hubs,
        )
        wide = res.hub_matrix.wide.set_index("hub_id")
        # GONE ceased in 2022: a column for 2021-2024 only.
        assert ("GONE" in wide.columns) == (key == "2021-2024")
        present = {c for c in ("A", "B", "GONE") if c in wide.columns and wide.loc["HE", c] == "present"}
        assert present == expect_present, key
        # The secondment of A at HE is a presence; the tie of B with HW is shown, never counted.
        assert wide.loc["HW", "B"] == "tie_only"
        cov = res.covered
        assert not cov.loc[["0004"], "B"].any()


# --------------------------------------------------------------------------- travel time


def test_travel_time_replaces_km(demand, pres):
    # Minutes from each municipality to the presence municipalities 0001, 0005, 0009.
    pairs = [
        ("0001", "0001", 5),
        ("0002", "0005", 25),
        ("0003", "0005", 31),
        ("0005", "0005", 0),
        ("0003", "0009", 30),
        ("0007", "0001", 60),
    ]
    tt = TravelTimes.from_pairs(pairs)
    res = run(demand, pres, minutes=30, travel_times=tt)
    cov = res.covered
    assert sorted(cov.index[cov["P"]]) == ["0002", "0005"]  # 0003 is 31 min; 0004 has no row
    assert sorted(cov.index[cov["Q"]]) == ["0001"]  # 0007 is 60 min; 0002 -> 0001 has no row
    assert sorted(cov.index[cov["S"]]) == ["0003"]  # 0009 -> 0009 missing: not reachable
    m = res.municipalities.set_index("kommunekode")
    assert m.loc["0003", "nearest_presence_minutes"] == 30
    assert math.isnan(m.loc["0004", "nearest_presence_minutes"])
    assert [n.code for n in res.notes] == ["coverage.pairs_missing"]
    assert any("not in the travel-time table" in en(n) for n in res.notes)
    assert any("står ikke i rejsetidstabellen" in message_text(n, "da") for n in res.notes)
    method = describe_method(res.params, "da")
    assert "minutter" in method and "luftlinje" not in method.lower()


def test_travel_table_lookup_and_get():
    tt = TravelTimes.from_pairs([("0101", "0147", 12.5), ("0147", "0101", 13.0)])
    assert tt.get("0101", "0147") == 12.5 and tt.get("0147", "0101") == 13.0
    assert tt.get("0101", "0101") is None and tt.get("9999", "0101") is None
    m = tt.lookup(["0101", "9999"], ["0147", "0101"])
    assert m[0, 0] == 12.5 and np.isinf(m[0, 1]) and np.isinf(m[1]).all()
    assert tt.pairs == 2


def _write(tmp_path: Path, text: str, name: str = "tt.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8"))
    return p


def test_read_travel_times_good_file(tmp_path):
    p = _write(
        tmp_path,
        "\ufefffrom_kommunekode,to_kommunekode,minutes,note\n0101,0101,0\n0101,0147,12.5,x\n\n147,0101,13\n",
    )
    res = read_travel_times(p, known_codes={"0101", "0147"})
    assert res.ok
    assert res.travel_times.get("0147", "0101") == 13.0
    first = res.issues[0]
    assert (first.code, first.params) == ("tt.code_padded", {"value": "147", "padded": "0147"})
    assert (
        issue_text(first, "en")
        == "tt.csv:5:from_kommunekode: warning: '147' padded to '0147' (codes have 4 digits)"
    )
    assert (
        issue_text(first, "da")
        == "tt.csv:5:from_kommunekode: advarsel: '147' udfyldt til '0147' (koder har 4 cifre)"
    )
    assert any("no row to themselves" in en(i) for i in res.issues)


def test_read_travel_times_semicolons_and_decimal_comma(tmp_path):
    p = _write(tmp_path, "from_kommunekode;to_kommunekode;minutes\n0101;0147;12,5\n")
    assert load_travel_times(p).get("0101", "0147") == 12.5


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        (
            "a,b,c\n",
            "tt.missing_columns",
            "tt.csv:1:: missing column(s) from_kommunekode, to_kommunekode, minutes",
        ),
        ("", "tt.empty", "tt.csv:1:: empty file"),
        ("from_kommunekode,to_kommunekode,minutes\n", "tt.no_rows", "tt.csv::: no rows"),
        (
            "from_kommunekode,to_kommunekode,minutes\n0101,0147,abc\n",
            "tt.minutes_not_number",
            "tt.csv:2:minutes: 'abc' is not a number",
        ),
        (
            "from_kommunekode,to_kommunekode,minutes\n0101,0147,-3\n",
            "tt.minutes_negative",
            "tt.csv:2:minutes: -3 is not a travel time",
        ),
        (
            "from_kommunekode,to_kommunekode,minutes\n0101,0147,\n",
            "tt.minutes_empty",
            "tt.csv:2:minutes: empty",
        ),
        (
            "from_kommunekode,to_kommunekode,minutes\nKbh,0147,3\n",
            "tt.bad_code",
            "tt.csv:2:from_kommunekode: 'Kbh' is not a municipality code",
        ),
        (
            "from_kommunekode,to_kommunekode,minutes\n0101,0147,3\n0101,0147,4\n",
            "tt.repeated_pair",
            "tt.csv:3:to_kommunekode: pair 0101 -> 0147 repeated (first on line 2)",
        ),
    ],
)
def test_read_travel_times_errors(tmp_path, text, code, expected):
    p = _write(tmp_path, text)
    res = read_travel_times(p)
    assert res.travel_times is None and not res.ok
    assert code in [i.code for i in res.errors]
    assert any(issue_text(i, "en").startswith(expected) for i in res.errors), [str(i) for i in res.issues]
    with pytest.raises(TravelTimesError) as err:
        load_travel_times(p)
    assert code in str(err.value)
    assert any(issue_text(i, "en").startswith(expected) for i in err.value.issues)


def test_read_travel_times_missing_file(tmp_path):
    res = read_travel_times(tmp_path / "nope.csv")
    assert res.errors[0].code == "tt.file_not_found"
    assert issue_text(res.errors[0], "en").endswith("nope.csv::: file not found")
    assert issue_text(res.errors[0], "da").endswith("nope.csv::: filen findes ikke")


def test_read_travel_times_not_utf8(tmp_path):
    p = tmp_path / "tt.csv"
    p.write_bytes("from_kommunekode,to_kommunekode,minutes\n0101,0147,3 Køge\n".encode("latin-1"))
    assert "not UTF-8" in issue_text(read_travel_times(p).errors[0], "en")


def test_unknown_codes_are_warnings(tmp_path):
    p = _write(tmp_path, "from_kommunekode,to_kommunekode,minutes\n0101,9999,3\n0101,0101,0\n")
    res = read_travel_times(p, known_codes={"0101"})
    assert res.ok
    assert [en(i) for i in res.issues if "not one of" in en(i)] == ["9999 is not one of the municipalities"]
    # reported, not stored: the table is built over the known municipalities only
    assert res.travel_times is not None and res.travel_times.codes == ("0101",)


# --------------------------------------------------------------------------- parameters and method


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"radius_km": 9.9}, "out of range"),
        ({"radius_km": 151}, "out of range"),
        ({"mode": "nearest"}, "unknown coverage mode"),
        ({"minutes": 30}, "needs a travel-time table"),
        (
            {"minutes": 0, "travel_times": TravelTimes.from_pairs([("0101", "0101", 0)])},
            "must be a number > 0",
        ),
    ],
)
def test_params_validation(kw, message):
    with pytest.raises(ValueError, match=message):
        CoverageParams(**kw)


def test_params_defaults_and_method_text():
    p = CoverageParams()
    assert (p.mode, p.radius_km, p.criterion) == ("distance", 40.0, "km")
    da = describe_method(p)
    assert "40 km" in da and "Bornholm" in da and "luftlinje" in da
    assert "within 40 km" in describe_method(p, "en")
    assert "højst 42,5 km" in describe_method(CoverageParams(radius_km=42.5), "da")
    assert "within 42.5 km" in describe_method(CoverageParams(radius_km=42.5), "en")
    assert CoverageParams(mode="hub_area").criterion == "hub_area"


def test_islands_are_flagged():
    d = pd.DataFrame(
        {
            "demand_id": ["0400", "0101"],
            "kommunekode": ["0400", "0101"],
            "kommune": ["Bornholm", "Kbh"],
            "hub_id": ["H", "H"],
            "x": [870_000.0, 725_000.0],
            "y": [6_120_000.0, 6_176_000.0],
            "weight": [1.0, 1.0],
            "population": [1.0, 1.0],
        }
    )
    p = presence_frame([dict(presence_id="x", cluster_id="C", kommunekode="0101", x=725_000, y=6_176_000)])
    m = by_municipality(coverage_core(d, p, ["C"], CoverageParams()))
    assert m.set_index("kommunekode")["no_fixed_link"].to_dict() == {"0400": True, "0101": False}


def test_no_presences_at_all(demand):
    res = compute_coverage(demand, presence_frame([]), CLUSTERS, CoverageParams(), hubs=HUBS)
    assert not res.covered.to_numpy().any()
    assert res.municipalities["nearest_presence_km"].isna().all()
    assert (res.clusters["population_covered_share"] == 0).all()
    assert len(res.gaps) == 3 * 4
    assert set(res.hub_matrix.long["state"]) == {"absent"}
    assert by_cluster(res.core)["sites"].sum() == 0


# --------------------------------------------------------------------------- the real geography and data


def test_no_fixed_link_matches_the_geography(layers):
    """Municipalities whose land touches no other municipality are islands; each of them is
    either in NO_FIXED_LINK or documented as bridged (Langeland, Mors)."""
    import geopandas as gpd

    m = layers.municipalities[["kommunekode", "geometry"]].copy()
    buf = m.copy()
    buf["geometry"] = m.geometry.buffer(1.0)
    pairs = gpd.sjoin(buf, m, predicate="intersects")
    neighbours = (
        pairs[pairs["kommunekode_left"] != pairs["kommunekode_right"]].groupby("kommunekode_left").size()
    )
    isolated = set(m["kommunekode"]) - set(neighbours.index)
    assert isolated == set(NO_FIXED_LINK) | set(ISLANDS_WITH_FIXED_LINK)
    assert not set(NO_FIXED_LINK) & set(ISLANDS_WITH_FIXED_LINK)
    assert {"0400", "0741", "0825", "0492", "0563"} <= NO_FIXED_LINK


def test_id_lists_to_names():
    names = {"ECD": "Energy Cluster Denmark", "0101": "København"}
    assert id_names("ECD;;MADE", names) == ["Energy Cluster Denmark", "MADE"]
    assert id_names(["0101", "", "0147"], names) == ["København", "0147"]
    assert names_text("ECD;MADE", names) == "Energy Cluster Denmark, MADE"
    assert names_text("", names) == "" and names_text(None, names) == ""


@pytest.fixture(scope="module")
def public_demand(layers, public_dataset):
    return demand_for(public_dataset, layers.municipalities)


def test_public_demand_for_takes_latest_year_unless_told(public_demand, public_dataset, layers):
    ds = public_dataset
    pop = ds.population
    latest, first = int(pop["year"].max()), int(pop["year"].min())
    assert latest > first
    expect = pop[pop["year"] == latest].set_index("kommunekode")["population"]
    got = public_demand.set_index("kommunekode")["population"]
    assert got.to_dict() == pytest.approx(expect.astype(float).to_dict())
    assert public_demand["weight"].tolist() == public_demand["population"].tolist()
    older = demand_for(ds, layers.municipalities, year=first).set_index("kommunekode")
    assert older.loc["0101", "population"] == float(
        pop[(pop["year"] == first) & (pop["kommunekode"] == "0101")]["population"].iloc[0]
    )
    assert older.loc["0101", "population"] != got.loc["0101"]
    assert older["hub_id"].to_dict() == dict(
        zip(ds.hub_areas["kommunekode"], ds.hub_areas["hub_id"], strict=False)
    )


def test_public_every_municipality_has_exactly_one_hub(public_demand, public_dataset):
    assert len(public_demand) == 98 and public_demand["kommunekode"].is_unique
    heads = set(public_dataset.hubs.loc[public_dataset.hubs["kind"] == "head_office", "hub_id"])
    assert set(public_demand["hub_id"]) == heads and len(heads) == 6
    assert public_demand["population"].notna().all()


def test_public_hub_area_mode_covers_whole_area(public_demand, public_dataset):
    ds = public_dataset
    per = period_for("2021-2024")
    p = presences(ds, per)
    res = compute_coverage(
        public_demand,
        p,
        clusters_in_period(ds, per),
        CoverageParams(mode="hub_area"),
        ties=ties_only(ds, per, presences_df=p),
        hubs=ds.hubs,
    )
    cov = res.covered
    hub_of = dict(zip(public_demand["kommunekode"], public_demand["hub_id"], strict=False))
    checked = 0
    for cid in cov.columns:
        areas_with_site = {hub_of[k] for k in p.loc[p["cluster_id"] == cid, "kommunekode"] if k in hub_of}
        for hub in set(hub_of.values()):
            codes = [k for k, h in hub_of.items() if h == hub]
            if hub in areas_with_site:
                assert cov.loc[codes, cid].all(), (cid, hub)
                checked += 1
            else:
                assert not cov.loc[codes, cid].any(), (cid, hub)
    assert checked >= 10
    # København has sites of several clusters in the city itself.
    m = res.municipalities.set_index("kommunekode")
    assert m.loc["0101", "clusters_present"] >= 5
    c = res.clusters
    assert c["population_covered_share"].between(0, 1).all()


def test_public_distance_mode_and_islands(public_demand, public_dataset):
    ds = public_dataset
    per = period_for("2021-2024")
    p = presences(ds, per)
    res = compute_coverage(
        public_demand, p, clusters_in_period(ds, per), CoverageParams(radius_km=40), hubs=ds.hubs
    )
    m = res.municipalities.set_index("kommunekode")
    assert m.loc["0101", "nearest_presence_km"] < 10
    assert set(m.index[m["no_fixed_link"]]) == {"0400", "0741", "0825", "0492", "0563"}
    # Every distance is a real distance between two Danish points.
    assert m["nearest_presence_km"].between(0, 400).all()


def test_share_never_exceeds_one_from_rounding():
    """A part summed in another order than its whole can round above it; share() clips
    exactly that, and keeps NaN for an empty whole."""
    from klyngekort.core.coverage import share

    rng = np.random.default_rng(7)
    pop = rng.uniform(1, 1e6, size=(500, 98))
    wholes = pop.sum(axis=1)
    parts = pop @ np.ones(98)  # same terms, other order: 138 of these 500 ratios round above 1
    assert (parts / wholes > 1).any()
    assert (share(parts, wholes) <= 1.0).all() and (share(parts, wholes) > 1 - 1e-12).all()
    assert np.isnan(share(3.0, 0.0)) and share(0.0, 5.0) == 0.0
