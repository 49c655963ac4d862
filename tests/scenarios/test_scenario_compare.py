"""Before/after of a scenario (klyngekort.scenarios.compare): hand-computed on a tiny world,
and against ``klyngekort coverage --add-site`` semantics on the real data."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from klyngekort.core.coverage import CoverageParams, coverage_core, demand_for
from klyngekort.core.model import Dataset
from klyngekort.core.periods import period_for
from klyngekort.core.presence import ExtraPresence, presences
from klyngekort.core.selection import clusters_in_period
from klyngekort.planning.cluster import plan_for_cluster
from klyngekort.present.comparison import (
    CHANGED_CSS,
    cluster_delta_view,
    comparison_map,
    count_classes,
    format_indicator,
    indicators_view,
    recommendation_map,
    render_comparison_map,
    site_gains_table,
    unreachable_table,
)
from klyngekort.present.mapview import render
from klyngekort.present.wording import message_text
from klyngekort.scenarios.changes import (
    AddCoLocation,
    AddSecondment,
    AddSite,
    AddTie,
    RemoveSite,
    new_scenario,
)
from klyngekort.scenarios.compare import compare_scenario
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

PERIOD = period_for("2025-2028")
X0, Y0, STEP = LINE_X0, LINE_Y0, LINE_STEP
CODES, POP, AREA = LINE_CODES, LINE_POP, LINE_AREA
TOTAL = 1550.0
_xy, _lonlat = line_xy, line_lonlat


def da(item) -> str:
    """The message of an issue or error, worded in Danish, the default (what the tests read)."""
    return message_text(item, "da")


def _table(name: str, rows: list[dict]) -> pd.DataFrame:
    return factory_table(name, rows, defaults={})


def _hub(hub_id: str, code: str, kind: str = "head_office", parent: str = "") -> dict:
    lon, lat = _lonlat(code)
    return dict(
        hub_id=hub_id,
        name=f"Hub {hub_id}",
        kind=kind,
        parent_hub_id=parent,
        town=f"By {code}",
        kommunekode=code,
        latitude=lat,
        longitude=lon,
        coord_precision="town",
        source_url="https://example.org",
        confidence="high",
    )


def _cluster(cid: str, p2528: str = "yes") -> dict:
    return dict(
        cluster_id=cid,
        name=f"Klynge {cid}",
        short_name=cid,
        area="x",
        period_2021_2024="yes",
        status_2021_2024="active",
        period_2025_2028=p2528,
        source_url="https://example.org",
        confidence="high",
    )


def _site(site_id: str, cid: str, code: str, kind: str = "headquarters") -> dict:
    lon, lat = _lonlat(code)
    return dict(
        site_id=site_id,
        cluster_id=cid,
        kind=kind,
        kommunekode=code,
        town=f"By {code}",
        shared_with_hub="no",
        latitude=lat,
        longitude=lon,
        coord_precision="town",
        source_url="https://example.org",
        confidence="high",
    )


@pytest.fixture(scope="module")
def tiny() -> tuple[Dataset, gpd.GeoDataFrame, gpd.GeoDataFrame]:
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
        clusters=_table("clusters", [_cluster("C1"), _cluster("C2"), _cluster("C3", p2528="no")]),
        sites=_table(
            "sites",
            [_site("S1", "C1", "0001"), _site("S2", "C2", "0003", "local_office"), _site("S3", "C3", "0005")],
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
    names = [f"Kommune {c}" for c in CODES]
    names[5] = "Ø <script>alert(1)</script>"
    geoms = [
        box(_xy(c)[0] - 10_000, _xy(c)[1] - 10_000, _xy(c)[0] + 10_000, _xy(c)[1] + 10_000) for c in CODES
    ]
    munis = gpd.GeoDataFrame(
        {
            "kommunekode": CODES,
            "kommune": names,
            "region_code": [""] * 6,
            "outside_division": [False] * 6,
            "label_x": [_xy(c)[0] for c in CODES],
            "label_y": [_xy(c)[1] for c in CODES],
        },
        geometry=geoms,
        crs=25832,
    )
    display = munis[["kommunekode", "kommune", "outside_division", "geometry"]].to_crs(4326)
    return ds, munis, display


P40 = CoverageParams(radius_km=40)


def test_co_location_and_removal_hand_computed(tiny):
    ds, munis, _ = tiny
    # C1 (HQ 0001) covers 0001, 0002 = 300; C2 (office 0003) covers 0002–0004 = 900; C3 is out of 2025–28.
    s = new_scenario("Plan", changes=[AddCoLocation("C1", "H2"), RemoveSite("S2")])
    cmp = compare_scenario(ds, munis, s, P40, period=PERIOD)
    assert [i for i in cmp.issues if i.severity == "error"] == []
    c = cmp.clusters.set_index("cluster_id")
    assert list(cmp.clusters["cluster_id"]) == ["C1", "C2"]  # most newly covered first; C3 not in the period
    assert c.loc["C1", "population_before"] == 300 and c.loc["C1", "population_after"] == 1500
    assert (
        c.loc["C1", "population_newly_covered"] == 1200 and c.loc["C1", "population_no_longer_covered"] == 0
    )
    assert c.loc["C1", "municipalities_newly_covered_ids"] == "0003;0004;0005"
    assert (c.loc["C1", "municipalities_before"], c.loc["C1", "municipalities_after"]) == (2, 5)
    assert (c.loc["C1", "presences_before"], c.loc["C1", "presences_after"]) == (1, 2)
    assert c.loc["C1", "share_after"] == pytest.approx(1500 / TOTAL)
    assert c.loc["C2", "population_after"] == 0 and c.loc["C2", "population_no_longer_covered"] == 900
    assert c.loc["C2", "municipalities_no_longer_covered_ids"] == "0002;0003;0004"
    assert c["changed"].all()

    # changed municipalities: every one whose set of covering clusters differs
    assert cmp.changed == ("0002", "0003", "0004", "0005")
    m = cmp.municipalities.set_index("kommunekode")
    assert m.loc["0003", "gained_cluster_ids"] == "C1" and m.loc["0003", "lost_cluster_ids"] == "C2"
    assert (m.loc["0002", "clusters_before"], m.loc["0002", "clusters_after"]) == (2, 1)
    assert not m.loc["0001", "changed"] and not m.loc["0006", "changed"]

    ind = cmp.indicators.set_index("indicator")
    assert (ind.loc["municipalities_any", "before"], ind.loc["municipalities_any", "after"]) == (4, 5)
    assert (ind.loc["municipalities_none", "before"], ind.loc["municipalities_none", "after"]) == (2, 1)
    assert ind.loc["population_any_share", "before"] == pytest.approx(1000 / TOTAL)
    assert ind.loc["population_any_share", "after"] == pytest.approx(1500 / TOTAL)
    assert ind.loc["population_any_share", "delta"] == pytest.approx(500 / TOTAL)
    assert ind.loc["clusters_per_inhabitant", "before"] == pytest.approx(1200 / TOTAL)
    assert ind.loc["clusters_per_inhabitant", "after"] == pytest.approx(1500 / TOTAL)
    assert ind.loc["mean_cluster_share", "before"] == pytest.approx((300 + 900) / TOTAL / 2)
    assert (ind.loc["presences", "before"], ind.loc["presences", "after"]) == (2, 2)
    assert (ind.loc["clusters", "before"], ind.loc["clusters", "after"]) == (2, 2)
    # hub area x cluster: C1 now present in H2; C2 gone from H1 and no longer within reach of H2
    assert (ind.loc["hub_pairs_present", "before"], ind.loc["hub_pairs_present", "after"]) == (2, 2)
    assert (ind.loc["hub_pairs_absent", "before"], ind.loc["hub_pairs_absent", "after"]) == (1, 2)
    assert cmp.population_newly_covered == 1200


def test_co_location_equals_add_site_tiny(tiny):
    ds, munis, _ = tiny
    demand = demand_for(ds, munis)
    for params in (P40, CoverageParams(mode="hub_area"), CoverageParams(radius_km=10)):
        for cid, hub in (("C1", "H2"), ("C1", "H2_B"), ("C2", "H1")):
            cmp = compare_scenario(
                ds, munis, new_scenario("x", changes=[AddCoLocation(cid, hub)]), params, period=PERIOD
            )
            ref = coverage_core(
                demand,
                presences(ds, PERIOD, extra=[ExtraPresence(cid, hub)]),
                clusters_in_period(ds, PERIOD),
                params,
                hubs=ds.hubs,
            )
            assert cmp.after.core.cluster_ids == ref.cluster_ids
            assert np.array_equal(cmp.after.core.covered, ref.covered)


def test_unchanged_scenario_changes_nothing(tiny):
    ds, munis, display = tiny
    cmp = compare_scenario(ds, munis, new_scenario("tom"), P40, period=PERIOD)
    assert cmp.changed == ()
    assert (cmp.indicators["delta"] == 0).all()
    assert not cmp.clusters["changed"].any() and cmp.changed_clusters.empty
    content = comparison_map(cmp, display, side="after")
    assert content.outlines is None
    assert not [p for p in content.points if p.css_class == "kk-scenario-added"]


def test_effects_and_skipped_changes_are_explained(tiny):
    ds, munis, _ = tiny
    s = new_scenario(
        "Forklar",
        changes=[
            AddCoLocation("C1", "NOPE"),  # 1: unknown hub: error, skipped
            AddCoLocation("C3", "H1"),  # 2: C3 is not in force in 2025-2028
            AddCoLocation("C2", "H2", valid_from="2030"),  # 3: after the period
            AddSite("C1", "0006"),  # 4: no coordinates
            AddTie("C2", "H2", joint_events=True),  # 5: a tie only
            AddSecondment("C2", "H2_B", 2),  # 6: counts
        ],
    )
    cmp = compare_scenario(ds, munis, s, P40, period=PERIOD)
    by_line = {(i.line, i.field, i.severity) for i in cmp.issues}
    assert (1, "hub_id", "error") in by_line
    assert (2, "cluster_id", "warning") in by_line
    assert (3, "valid_from", "warning") in by_line
    assert (4, "kommunekode", "warning") in by_line
    assert (5, "hub_id", "warning") in by_line
    assert not any(i.line == 6 for i in cmp.issues)
    assert all(str(i).startswith("Forklar:") for i in cmp.issues)
    warn2 = next(i for i in cmp.issues if i.line == 2)
    assert "ændring 2:" in da(warn2) and "C3" in da(warn2)
    # only the secondment (at 0005) changes coverage: C2 gains 0005
    c = cmp.clusters.set_index("cluster_id")
    assert c.loc["C2", "municipalities_newly_covered_ids"] == "0005"
    assert c.loc["C2", "population_newly_covered"] == 500
    assert c.loc["C1", "population_newly_covered"] == 0 and not c.loc["C1", "changed"]
    assert cmp.changed == ("0005",)
    ind = cmp.indicators.set_index("indicator")
    assert ind.loc["persons_seconded", "after"] == 2 and ind.loc["persons_seconded", "delta"] == 2


def test_removal_of_a_site_that_is_no_presence_in_the_period_is_explained(tiny):
    # A removal has no date of its own (RemoveSite has no valid_from): the site's cluster, its
    # own valid_from/valid_to and its coordinates decide whether removing it can change coverage.
    ds, munis, _ = tiny
    closed = {**_site("S4", "C1", "0006", "local_office"), "valid_from": "2019", "valid_to": "2023-06-30"}
    later = {**_site("S5", "C1", "0006", "local_office"), "valid_from": "2031-01"}
    unplaced = {**_site("S6", "C2", "0006", "local_office"), "latitude": None, "longitude": None}
    sites = pd.concat([ds.sites, _table("sites", [closed, later, unplaced])], ignore_index=True)
    ds = dataclasses.replace(ds, sites=sites)
    s = new_scenario(
        "Fjern",
        changes=[
            RemoveSite("S3"),  # 1: C3 is not in force in 2025-2028
            RemoveSite("S4"),  # 2: closed before the period
            RemoveSite("S5"),  # 3: opens after the period
            RemoveSite("S6"),  # 4: no coordinates
            RemoveSite("S2"),  # 5: counts
        ],
    )
    cmp = compare_scenario(ds, munis, s, P40, period=PERIOD)
    assert {(i.line, i.field, i.severity) for i in cmp.issues} == {
        (n, "site_id", "warning") for n in (1, 2, 3, 4)
    }
    assert {i.line: i.code for i in cmp.issues} == {
        1: "scenario.removal_cluster_not_active",
        2: "scenario.removal_not_in_force",
        3: "scenario.removal_not_in_force_from",
        4: "scenario.removal_without_coordinates",
    }
    msg = {i.line: da(i) for i in cmp.issues}
    assert message_text(cmp.issues[0], "en").startswith("change 1: the site 'S3' belongs to the cluster 'C3'")
    assert msg[1].startswith("ændring 1: adressen 'S3' hører til klyngen 'C3'") and "2025-2028" in msg[1]
    assert "adressen 'S4' gælder fra 2019 til 2023-06-30, ikke i perioden 2025-2028" in msg[2]
    assert "adressen 'S5' gælder fra 2031-01, ikke i perioden 2025-2028" in msg[3]
    assert "adressen 'S6' har ingen koordinater" in msg[4]
    assert all("påvirker ikke dækningen" in m for m in msg.values())
    # and indeed only the removal of S2 changes coverage: C2 loses 0002-0004
    assert cmp.changed == ("0002", "0003", "0004")
    c = cmp.clusters.set_index("cluster_id")
    assert c.loc["C2", "population_no_longer_covered"] == 900 and not c.loc["C1", "changed"]
    # the same site in a period where it counts: no warning
    early = compare_scenario(
        ds, munis, new_scenario("Før", changes=[RemoveSite("S4")]), P40, period=period_for("2021-2024")
    )
    assert early.issues == [] and early.changed == ("0006",)  # 0006 lies alone: S4 covers only it


def test_placed_new_site_counts_and_is_not_warned_about(tiny):
    ds, munis, _ = tiny
    lon, lat = _lonlat("0004")
    cmp = compare_scenario(
        ds,
        munis,
        new_scenario("Punkt", changes=[AddSite("C1", "0004", latitude=lat, longitude=lon)]),
        P40,
        period=PERIOD,
    )
    assert not cmp.issues
    assert (
        cmp.clusters.set_index("cluster_id").loc["C1", "municipalities_newly_covered_ids"] == "0003;0004;0005"
    )


def test_views_and_formatting(tiny):
    ds, munis, _ = tiny
    cmp = compare_scenario(
        ds, munis, new_scenario("Plan", changes=[AddCoLocation("C1", "H2")]), P40, period=PERIOD
    )
    v = indicators_view(cmp, "da").set_index("Nøgletal")
    row = v.loc["Befolkning med mindst én klynge inden for rækkevidde"]
    assert (row["Før"], row["Efter"], row["Ændring"]) == ("64,5 %", "96,8 %", "+32,3 %-point")
    en = indicators_view(cmp, "en").set_index("Indicator")
    assert en.loc["Municipalities without any cluster", "Change"] == "-1"
    d = cluster_delta_view(cmp, "da", only_changed=True)
    assert d["id"].tolist() == ["C1"]
    assert d.loc[0, "Nye kommuner (navne)"] == "Kommune 0003, Kommune 0004, Kommune 0005"
    assert d.loc[0, "Nyt dækket"] == 1200 and d.loc[0, "Andel efter"] == pytest.approx(1500 / TOTAL)
    assert format_indicator(1234567, "count", "da") == "1.234.567"
    assert format_indicator(0.0123, "share", "en", signed=True) == "+1.2 pp"
    assert format_indicator(float("nan"), "share", "da") == "–"


def test_comparison_map(tiny):
    ds, munis, display = tiny
    s = new_scenario("Kort", changes=[AddCoLocation("C1", "H2"), RemoveSite("S2")])
    cmp = compare_scenario(ds, munis, s, P40, period=PERIOD)
    after = comparison_map(cmp, display, side="after", focus="C1", lang="da")
    fills = {f["properties"]["k"]: f["properties"]["f"] for f in after.municipalities["features"]}
    from klyngekort.present.comparison import FILL_COVERED, FILL_NEW, FILL_NOT

    assert fills["0001"] == FILL_COVERED and fills["0003"] == FILL_NEW and fills["0006"] == FILL_NOT
    assert sorted(f["properties"]["k"] for f in after.outlines["features"]) == list(cmp.changed)
    assert {f["properties"]["c"] for f in after.outlines["features"]} == {"kk-changed"}
    added = [p for p in after.points if p.css_class == "kk-scenario-added"]
    assert len(added) == 1 and added[0].symbol == "co_location"
    hubs = [p for p in after.points if p.css_class.startswith("kk-hub")]
    assert sorted(p.symbol for p in hubs) == ["branch", "head_office", "head_office"]
    assert all(p.tooltip.startswith("<b>Hub H") and "By 00" in p.tooltip for p in hubs)
    before = comparison_map(cmp, display, side="before", lang="en")
    assert [p for p in before.points if p.css_class == "kk-scenario-removed"]
    assert before.legend_title == "Clusters within reach"
    # data text is escaped in tooltips
    tips = "".join(f["properties"]["t"] for f in before.municipalities["features"])
    assert "<script>" not in tips and "&lt;script&gt;" in tips
    html = render_comparison_map(after).get_root().render()
    assert CHANGED_CSS in html and "kk-changed" in html
    assert 'src="http' not in html and 'href="http' not in html
    with pytest.raises(ValueError):
        comparison_map(cmp, display, side="sideways")


def test_focus_tooltip_escapes_cluster_name_once(tiny):
    ds, munis, display = tiny
    clusters = ds.clusters.copy()
    clusters.loc[clusters["cluster_id"] == "C1", "short_name"] = "Food & Bio Cluster"
    ds2 = dataclasses.replace(ds, clusters=clusters)
    cmp = compare_scenario(
        ds2, munis, new_scenario("Kort", changes=[AddCoLocation("C1", "H2")]), P40, period=PERIOD
    )
    for side in ("before", "after"):
        content = comparison_map(cmp, display, side=side, focus="C1", lang="en")
        tips = [f["properties"]["t"] for f in content.municipalities["features"]]
        assert tips and all("<td>Food &amp; Bio Cluster</td>" in tip for tip in tips)
        assert not any("&amp;amp;" in tip for tip in tips)


def test_count_map_uses_one_scale_for_both_sides(tiny):
    ds, munis, display = tiny
    cmp = compare_scenario(
        ds, munis, new_scenario("Kort", changes=[AddCoLocation("C1", "H2")]), P40, period=PERIOD
    )
    classes = count_classes(cmp)
    assert classes.labels == ["0", "1", "2"]  # counts 0–2 over both sides, one class each
    before = comparison_map(cmp, display, side="before")
    after = comparison_map(cmp, display, side="after")
    fb = {f["properties"]["k"]: f["properties"]["f"] for f in before.municipalities["features"]}
    fa = {f["properties"]["k"]: f["properties"]["f"] for f in after.municipalities["features"]}
    m = cmp.municipalities.set_index("kommunekode")
    for code in CODES:
        assert fb[code] == classes.colors[int(m.loc[code, "clusters_before"])]
        assert fa[code] == classes.colors[int(m.loc[code, "clusters_after"])]
    assert fb["0001"] == fa["0001"]  # unchanged municipality, same colour
    assert [e.label for e in before.legend][:3] == classes.labels


def test_site_gains_and_unreachable(tiny):
    ds, munis, _ = tiny
    out = plan_for_cluster(ds, munis, "C1", 2, P40, period=PERIOD, candidates="all")
    tab = site_gains_table(out)
    assert tab["candidate_id"].tolist() == ["H2", "K0006"]
    assert tab["added_weight"].tolist() == [1200.0, 50.0]
    assert tab["newly_covered_ids"].tolist() == ["0003;0004;0005", "0006"]
    assert tab.loc[0, "newly_covered_names"] == "Kommune 0003, Kommune 0004, Kommune 0005"
    assert tab["share_after"].tolist() == pytest.approx([1500 / TOTAL, 1.0])
    assert unreachable_table(out).empty
    hubs_only = plan_for_cluster(ds, munis, "C1", 2, P40, period=PERIOD)
    un = unreachable_table(hubs_only)
    assert un["kommunekode"].tolist() == ["0006"] and un["weight"].tolist() == [50.0]
    assert site_gains_table(plan_for_cluster(ds, munis, "NOPE", 1, P40, period=PERIOD)).empty


def test_comparison_maps_draw_the_clusters_present_sites(tiny):
    """Both sides draw the present sites of the cluster in view (the focused one, else the
    clusters the scenario changes), in its colour with its letter; a removed site is drawn
    as removed on the before side and not at all on the after side."""
    ds, munis, display = tiny
    s = new_scenario("Kort", changes=[AddCoLocation("C1", "H2"), RemoveSite("S2")])
    cmp = compare_scenario(ds, munis, s, P40, period=PERIOD)
    for side in ("before", "after"):
        focused = comparison_map(cmp, display, side=side, focus="C1", lang="da")
        existing = [p for p in focused.points if p.css_class == "kk-existing"]
        assert [(p.symbol, p.label) for p in existing] == [("headquarters", "C")], side
        assert existing[0].tooltip.startswith("<b>C1</b>") and "Nuværende placering" in existing[0].tooltip
        assert "Nuværende placering" in [e.label for e in focused.legend]
        # no focus: C1 (still there) and C2 (whose only site the scenario removes)
        every = comparison_map(cmp, display, side=side, lang="da")
        drawn = sorted(p.tooltip.split("</b>")[0] for p in every.points if p.css_class == "kk-existing")
        assert drawn == ["<b>C1"], (side, drawn)
    before = comparison_map(cmp, display, side="before", focus="C2", lang="da")
    assert not [p for p in before.points if p.css_class == "kk-existing"]
    assert len([p for p in before.points if p.css_class == "kk-scenario-removed"]) == 1


def test_recommendation_map(tiny):
    """The recommendation's map: the cluster's present site, the proposed sites numbered in
    the order chosen, each newly covered municipality filled and naming its proposal."""
    from klyngekort.present.comparison import FILL_COVERED, FILL_NEW, FILL_NOT

    ds, munis, display = tiny
    out = plan_for_cluster(ds, munis, "C1", 2, P40, period=PERIOD, candidates="all")
    content = recommendation_map(out, ds, display, lang="da")
    proposed = [p for p in content.points if p.css_class == "kk-proposed"]
    assert [p.label for p in proposed] == ["1", "2"]
    assert proposed[0].tooltip.startswith("<b>Forslag nr. 1: Hub H2</b>")
    assert proposed[1].tooltip.startswith("<b>Forslag nr. 2: ")
    # the municipality candidate sits in its municipality
    lon, lat = _lonlat("0006")
    assert proposed[1].lat == pytest.approx(lat, abs=0.05) and proposed[1].lon == pytest.approx(lon, abs=0.05)
    existing = [p for p in content.points if p.css_class == "kk-existing"]
    assert [(p.symbol, p.label) for p in existing] == [("headquarters", "C")]
    props = {f["properties"]["k"]: f["properties"] for f in content.municipalities["features"]}
    assert props["0001"]["f"] == FILL_COVERED and props["0002"]["f"] == FILL_COVERED
    assert [props[c]["f"] for c in ("0003", "0004", "0005", "0006")] == [FILL_NEW] * 4
    assert "Nyt dækket af forslag nr. 1" in props["0004"]["t"]
    assert "Nyt dækket af forslag nr. 2" in props["0006"]["t"]
    assert "&lt;script&gt;" in props["0006"]["t"] and "<script>" not in props["0006"]["t"]
    labels = [e.label for e in content.legend]
    assert labels[:3] == ["Dækket i dag", "Nyt dækket", "Ikke dækket"]
    assert "Foreslået placering (nr. = rækkefølge)" in labels and "Nuværende placering" in labels
    assert content.legend_title == "C1"
    en = recommendation_map(out, ds, display, lang="en")
    assert "Proposed site (no. = order chosen)" in [e.label for e in en.legend]
    html = render_comparison_map(content).get_root().render()
    assert "kk-proposed" in html and 'src="http' not in html
    # hubs only: municipality 0006 stays uncovered
    hubs_only = recommendation_map(plan_for_cluster(ds, munis, "C1", 2, P40, period=PERIOD), ds, display)
    fills = {f["properties"]["k"]: f["properties"]["f"] for f in hubs_only.municipalities["features"]}
    assert fills["0006"] == FILL_NOT


# ----------------------------------------------------------------- real data


@pytest.mark.parametrize("mode", ["distance", "hub_area"])
def test_real_co_location_equals_add_site(public_dataset, layers, mode):
    ds, munis = public_dataset, layers.municipalities
    period = period_for("2021-2024")
    params = CoverageParams(mode=mode, radius_km=40)
    demand = demand_for(ds, munis)
    for cid, hub in (
        ("DIGITALLEAD", "EHHS_BOR"),
        ("ECD", "EHNJ_NYK"),
        ("LDCLUSTER", "EHSJ_VOR"),
        ("CLEAN", "EHFYN"),
    ):
        cmp = compare_scenario(
            ds,
            munis,
            new_scenario("x", changes=[AddCoLocation(cid, hub)]),
            params,
            period=period,
            demand=demand,
        )
        ref = coverage_core(
            demand,
            presences(ds, period, extra=[ExtraPresence(cid, hub)]),
            clusters_in_period(ds, period),
            params,
            hubs=ds.hubs,
        )
        k = ref.cluster_ids.index(cid)
        assert np.array_equal(cmp.after.core.covered, ref.covered)
        pop = demand["population"].to_numpy(dtype=float)
        c = cmp.clusters.set_index("cluster_id")
        assert c.loc[cid, "population_after"] == pytest.approx(float(pop @ ref.covered[:, k]))
        # only this cluster can change, and only upwards
        others = cmp.clusters[cmp.clusters["cluster_id"] != cid]
        assert (others["population_delta"] == 0).all() and c.loc[cid, "population_delta"] >= 0
        assert set(cmp.changed) == set(c.loc[cid, "municipalities_newly_covered_ids"].split(";")) - {""}


def test_real_bornholm_co_location(public_dataset, layers):
    """DigitalLead in the Bornholm branch brings Bornholm within 40 km: its population is new."""
    ds, munis = public_dataset, layers.municipalities
    cmp = compare_scenario(
        ds,
        munis,
        new_scenario("B", changes=[AddCoLocation("DIGITALLEAD", "EHHS_BOR")]),
        P40,
        period=period_for("2021-2024"),
    )
    assert cmp.changed == ("0400",)
    row = cmp.clusters.iloc[0]
    assert row["cluster_id"] == "DIGITALLEAD"
    assert row["population_newly_covered"] == pytest.approx(float(ds.population_for()["0400"]))
    content = comparison_map(cmp, layers.display, side="after")
    assert len(content.municipalities["features"]) == len(layers.display)
    assert [f["properties"]["k"] for f in content.outlines["features"]] == ["0400"]


def test_real_example_dataset_secondment(example_dataset, layers):
    ds, munis = example_dataset, layers.municipalities
    period = period_for("2021-2024")
    demand = demand_for(ds, munis)
    cmp = compare_scenario(
        ds,
        munis,
        new_scenario("S", changes=[AddSecondment("ECD", "EHHS_BOR", 2)]),
        P40,
        period=period,
        demand=demand,
    )
    ref = coverage_core(
        demand,
        presences(ds, period, extra=[ExtraPresence("ECD", "EHHS_BOR")]),
        clusters_in_period(ds, period),
        P40,
        hubs=ds.hubs,
    )
    assert np.array_equal(cmp.after.core.covered, ref.covered)
    ind = cmp.indicators.set_index("indicator")
    assert ind.loc["persons_seconded", "delta"] == 2
    # the rendered map has no link off the machine
    html = render(comparison_map(cmp, layers.display, side="before")).get_root().render()
    assert 'src="http' not in html
