"""The coverage map: class breaks, classes and colours, gap marking, tooltips, escaping, tables."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from klyngekort.core.coverage import (
    CoverageParams,
    compute_coverage,
    demand_from_municipalities,
)
from klyngekort.core.periods import period_for
from klyngekort.core.presence import (
    presences,
    ties_only,
    unlocated_sites,
)
from klyngekort.core.selection import clusters_in_period
from klyngekort.present import coverage_map as cmap
from klyngekort.present import tables as cmap_tables

# --------------------------------------------------------------------------- breaks and classes


def test_breaks_are_natural_groups():
    values = [1, 1, 2, 2, 10, 10, 11, 50, 51, 52]
    assert cmap.class_breaks(values, k=3).tolist() == [2, 11, 52]


def test_few_distinct_values_get_one_class_each():
    assert cmap.class_breaks([0, 3, 3, 8, 0, 8], k=5).tolist() == [0, 3, 8]
    cls = cmap.classify([0, 3, 3, 8, 0, 8], k=5, integer=True)
    assert cls.labels == ["0", "3", "8"]
    assert cls.assign([0, 3, 8]).tolist() == [0, 1, 2]


def test_breaks_ignore_nan_and_handle_empty():
    assert cmap.class_breaks([np.nan, np.nan]).size == 0
    cls = cmap.classify([np.nan, np.inf])
    assert cls.k == 0 and cls.labels == [] and cls.assign([1.0, np.nan]).tolist() == [-1, -1]
    assert cmap.class_breaks([np.nan, 4.0, 4.0], k=3).tolist() == [4.0]


def test_breaks_on_tied_counts_terminate_and_cover_the_maximum():
    # Counts with many ties (Jenks–Caspall loops forever on these).
    values = [8] * 29 + [5] * 10 + [4] * 17 + [3] * 9 + [2] * 13 + [0] * 5 + [1] * 8 + [6] * 4 + [7] * 3
    bins = cmap.class_breaks(values, k=5)
    assert len(bins) == 5
    assert list(bins) == sorted(bins) and bins[-1] == 8
    cls = cmap.classify(values, k=5, integer=True)
    yb = cls.assign(values)
    assert yb.min() == 0 and yb.max() == 4
    # Every value lands in the class whose range holds it.
    for v, c in zip(values, yb, strict=True):
        assert cls.lower[c] <= v <= cls.upper[c]


def test_labels_use_danish_and_english_number_format():
    values = [1.3, 1.5, 3.7, 4.0]
    assert cmap.classify(values, k=2, unit="km", lang="da").labels == ["1,3–1,5 km", "3,7–4,0 km"]
    assert cmap.classify(values, k=2, unit="km", lang="en").labels == ["1.3–1.5 km", "3.7–4.0 km"]
    big = [1200.0, 1300.0, 25000.0, 26000.0]
    assert cmap.classify(big, k=2, lang="da").labels == ["1.200–1.300", "25.000–26.000"]


def test_palettes_light_to_dark_and_distinct():
    for k in range(1, 8):
        good, bad = cmap.palette(k, True), cmap.palette(k, False)
        assert len(set(good)) == k and len(set(bad)) == k
    assert cmap.palette(3, True)[0] == cmap.BLUES[0] and cmap.palette(3, True)[-1] == cmap.BLUES[-1]
    assert cmap.palette(3, False)[-1] == cmap.PURPLES[-1]
    # Red is kept for the gaps: no class colour is the gap colour.
    assert cmap.GAP_COLOR not in cmap.BLUES + cmap.PURPLES


# --------------------------------------------------------------------------- on the real data


@pytest.fixture(scope="module")
def setup(layers, public_dataset):
    ds = public_dataset
    period = period_for("2021-2024")
    hub_of = dict(zip(ds.hub_areas["kommunekode"], ds.hub_areas["hub_id"], strict=False))
    demand = demand_from_municipalities(layers.municipalities, hub_of, ds.population_for())
    pres = presences(ds, period)
    ties = ties_only(ds, period, presences_df=pres)
    clusters = clusters_in_period(ds, period)
    geom = cmap.prepare_geometry(layers.display, hub_of)

    def run(radius=40.0, cl=clusters, demand_=demand, pres_=pres, mode="distance"):
        return compute_coverage(
            demand_, pres_, cl, CoverageParams(mode=mode, radius_km=radius), ties=ties, hubs=ds.hubs
        )

    return {
        "ds": ds,
        "period": period,
        "demand": demand,
        "pres": pres,
        "clusters": clusters,
        "geom": geom,
        "run": run,
    }


def _features(cm):
    return cm.content.municipalities["features"]


def test_geometry_and_map_have_every_municipality(setup):
    geom = setup["geom"]
    assert len(geom.codes) == 99 and geom.outside == frozenset({"0411"})
    assert geom.outlines is not None and geom.outlines["features"]
    cm = cmap.build_coverage_content(geom, setup["run"](), "clusters_present")
    feats = _features(cm)
    classes = [f["properties"]["c"] for f in feats]
    assert sum("kk-muni" in c for c in classes) == 98
    assert classes.count("kk-outside") == 1
    # Geometry is shared with the prepared layer, not copied per render.
    assert feats[0]["geometry"] is geom.geometries[0]


def test_classes_follow_the_indicator(setup):
    result = setup["run"]()
    cm = cmap.build_coverage_content(setup["geom"], result, "clusters_present")
    values = result.municipalities.set_index("kommunekode")["clusters_present"]
    fill = {f["properties"]["k"]: f["properties"]["f"] for f in _features(cm)}
    yb = cm.classes.assign(values.to_numpy(dtype=float))
    for code, cls in zip(values.index, yb, strict=True):
        if code not in cm.gaps:
            assert fill[code] == cm.classes.colors[cls]
    # More clusters is better: the darkest blue for the highest class.
    assert cm.classes.colors[-1] == cmap.BLUES[-1]
    assert cm.content.legend_title == "Klynger inden for 40 km"
    labels = [e.label for e in cm.content.legend]
    assert labels[: cm.classes.k] == cm.classes.labels


def test_gap_municipalities_are_hatched_with_their_class(setup):
    result = setup["run"]()
    cm = cmap.build_coverage_content(setup["geom"], result, "nearest_km")
    expected = set(result.municipalities.loc[result.municipalities["clusters_present"] == 0, "kommunekode"])
    assert expected and set(cm.gaps) == expected == set(cmap.gap_codes(result))
    for f in _features(cm):
        p = f["properties"]
        if p["k"] in expected:
            assert "kk-gap" in p["c"].split() and "kk-muni" in p["c"].split()
            assert p["f"].startswith("url(#kk-hatch-")
            assert "Hul: ingen klynge inden for 40 km" in p["t"]
        else:
            assert "kk-gap" not in p["c"]
    patterns = cmap.hatch_patterns(cm)
    for cls in cm.hatch:
        assert f'id="kk-hatch-{cls}"' in patterns
        assert cm.classes.colors[cls] in patterns
    # Gaps are the farthest municipalities: more than R km from every presence.
    far = result.municipalities.set_index("kommunekode")["nearest_presence_km"]
    assert all(far[c] > 40 for c in cm.gaps)
    assert any("Hul" in e.label for e in cm.content.legend)


def test_larger_radius_never_adds_gaps(setup):
    small = set(cmap.gap_codes(setup["run"](20)))
    mid = set(cmap.gap_codes(setup["run"](40)))
    large = set(cmap.gap_codes(setup["run"](100)))
    assert large <= mid <= small
    assert len(small) > len(large)


def test_cluster_without_location_is_no_data_and_all_gap(setup):
    cl = setup["clusters"]
    made = cl[cl["cluster_id"] == "MADE"]
    result = setup["run"](cl=made)
    cm = cmap.build_coverage_content(setup["geom"], result, "nearest_km")
    assert cm.classes.k == 0
    assert len(cm.gaps) == 98 and cm.hatch == [-1]
    assert 'id="kk-hatch-nd"' in cmap.hatch_patterns(cm)
    assert any(e.label == "Ingen kendt placering" for e in cm.content.legend)
    tip = _features(cm)[0]["properties"]["t"]
    assert "Hul: klyngen er ikke inden for 40 km" in tip


def test_focus_on_a_hub_area(setup, public_dataset):
    result = setup["run"]()
    cm = cmap.build_coverage_content(
        setup["geom"], result, "clusters_present", focus_hub="EHFYN", hubs=public_dataset.hubs
    )
    fyn = set(public_dataset.hub_areas.loc[public_dataset.hub_areas["hub_id"] == "EHFYN", "kommunekode"])
    assert cm.focus == frozenset(fyn) and len(fyn) == 9
    pale = {f["properties"]["k"] for f in _features(cm) if f["properties"]["f"] == cmap.OUTSIDE_FOCUS_COLOR}
    assert pale == set(setup["geom"].codes) - fyn - {"0411"}
    (s, w), (n, e) = cm.content.bounds
    assert 54.5 < s < n < 56.0 and 9.5 < w < e < 11.2  # Funen and its islands
    hubs = [p for p in cm.content.points if "kk-hub" in p.css_class]
    assert {p.tooltip.split("</b>")[0] for p in hubs} == {"<b>Erhvervshus Fyn"}


def test_hub_area_mode_reach_text(setup):
    result = setup["run"](mode="hub_area")
    assert cmap.reach_text(result) == "i erhvervshusområdet"
    assert cmap.indicator_title(result, "clusters_missing", "en") == "Clusters not in the hub area"


def test_tooltip_flags_islands_in_straight_line_mode(setup):
    result = setup["run"]()
    cm = cmap.build_coverage_content(setup["geom"], result, "clusters_present")
    tips = {f["properties"]["k"]: f["properties"]["t"] for f in _features(cm)}
    assert "Ingen fast forbindelse" in tips["0400"]  # Bornholm
    assert "Ingen fast forbindelse" not in tips["0461"]  # Odense
    assert "Indbyggere" in tips["0461"] and "af 14" in tips["0461"]


def test_html_in_names_is_escaped(setup, layers):
    """A municipality, cluster and presence name with HTML reaches the map as text."""
    evil = '<img src=x onerror="alert(1)">Kø & Co'
    demand = setup["demand"].copy()
    demand.loc[demand["kommunekode"] == "0101", "kommune"] = evil
    cl = setup["clusters"].copy()
    cl.loc[cl["cluster_id"] == "MADE", "short_name"] = "<script>alert(2)</script>"
    pres = setup["pres"].copy()
    pres.loc[pres.index[0], "label"] = "<b onclick=x>site</b>"
    pres.loc[pres.index[0], "town"] = "<i>town</i>"
    result = setup["run"](cl=cl, demand_=demand, pres_=pres)
    cm = cmap.build_coverage_content(setup["geom"], result, "clusters_present")
    m = cmap.render_coverage_map(cm)
    html = m.get_root().render()
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    assert "<b onclick" not in html and "<i>town</i>" not in html
    tip = next(f["properties"]["t"] for f in _features(cm) if f["properties"]["k"] == "0101")
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Kø &amp; Co" in tip
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in tip  # MADE is missing in København
    assert any("&lt;i&gt;town&lt;/i&gt;" in p.tooltip for p in cm.content.points)


def test_render_adds_patterns_and_local_leaflet_only(setup):
    cm = cmap.build_coverage_content(setup["geom"], setup["run"](), "clusters_present")
    html = cmap.render_coverage_map(cm).get_root().render()
    assert '<pattern id="kk-hatch-' in html
    assert "path.kk-gap" in html
    assert not re.search(r"(src|href)=\"https?://", html), "no external script or stylesheet"


# --------------------------------------------------------------------------- tables


def test_municipality_table(setup):
    result = setup["run"]()
    tab = cmap_tables.municipality_table(result, "da")
    assert len(tab) == 98
    # name, distance and status first (the regional manager's question), no sideways scrolling
    assert list(tab.columns[:4]) == ["kommune", "nærmeste, km", "status", "indbyggere"]
    assert set(tab["status"]) <= {"Dækket", "Ikke dækket"}
    assert tab["indbyggere"].is_monotonic_decreasing
    assert tab.loc[tab["kommunekode"] == "0400", "uden fast forbindelse"].item() is True
    fyn = cmap_tables.municipality_table(result, "en", hub_id="EHFYN")
    assert len(fyn) == 9 and "municipality" in fyn.columns


def test_hub_tables_agree_with_the_summary(setup):
    result = setup["run"]()
    s = cmap_tables.hub_summary(result, "EHFYN")
    assert s["municipalities"] == 9
    tab = cmap_tables.hub_cluster_table(result, "EHFYN", "da")
    assert len(tab) == len(result.core.cluster_ids) == s["clusters"]
    states = tab["status"].value_counts()
    assert states.get("Til stede i området", 0) == s["present"]
    assert states.get("Fraværende", 0) == s["absent"]
    assert tab["andel dækket"].between(0, 1).all()
    assert cmap_tables.hub_summary(result, "NOPE") == {}
    wide = cmap_tables.matrix_table(result, "da")
    assert len(wide) == 6 and wide.shape[1] == 1 + len(result.core.cluster_ids)
    long = cmap_tables.matrix_table(result, "en", ["EHFYN", "EHNJ"], clusters_as_rows=True)
    assert list(long.columns) == ["cluster", "Erhvervshus Fyn", "Erhvervshus Nordjylland"]
    summary = cmap_tables.summary_table(result, "da", ["EHNJ", "EHFYN"])
    assert summary["erhvervshus"].tolist() == ["Erhvervshus Nordjylland", "Erhvervshus Fyn"]


def test_cluster_tables(setup, public_dataset):
    result = setup["run"]()
    s = cmap_tables.cluster_summary(result, "ECD")
    unc = cmap_tables.uncovered_table(result, "ECD", "da")
    assert len(unc) == s["municipalities_uncovered"] > 0
    assert (unc["nærmeste, km"] > 40).all()
    by_hub = cmap_tables.cluster_hub_table(result, "ECD", "da")
    assert by_hub["kommuner dækket"].sum() == s["municipalities_covered"]
    assert math.isclose(by_hub["indbyggere dækket"].sum(), s["population_covered"])
    unloc = unlocated_sites(public_dataset, setup["period"])
    sites = cmap_tables.presence_table(result, "CLEAN", "da", unlocated=unloc)
    assert "placering ukendt" in sites["grundlag"].tolist()
    n_located = cmap_tables.cluster_summary(result, "CLEAN")["sites"]
    assert len(sites) == n_located + int((unloc["cluster_id"] == "CLEAN").sum())
    assert "pr. (ændret/indlæst)" not in sites.columns  # data from files: no history, no dates
    ids = {str(i) for i in sites["id"]}
    dates = {"sites": dict.fromkeys(ids, "2026-03-01T12:00:00+00:00")}
    dated = cmap_tables.presence_table(result, "CLEAN", "da", unlocated=unloc, dates=dates)
    assert set(dated["pr. (ændret/indlæst)"]) == {"01.03.2026"}


def test_gap_table_ranked_with_names(setup):
    result = setup["run"]()
    gaps = cmap_tables.gap_table(result, "da")
    assert len(gaps) == len(result.gaps) > 0
    assert gaps["nr."].tolist() == list(range(1, len(gaps) + 1))
    assert gaps["indbyggere uden dækning"].is_monotonic_decreasing
    first = gaps.iloc[0]
    assert "København" in first["kommuner uden dækning (navne)"]
    chart = cmap_tables.hub_chart_data(result, ["EHFYN"], "da")
    assert len(chart) == len(result.core.cluster_ids)
    assert set(chart["state_key"]) <= {"present", "within_radius", "tie_only", "absent"}
    assert all(txt.endswith(" %") for txt in chart["share_text"])


def test_unknown_indicator_is_refused(setup):
    with pytest.raises(ValueError, match="unknown indicator"):
        cmap.build_coverage_content(setup["geom"], setup["run"](), "nope")
    result = setup["run"]()
    assert cmap.available_indicators(result.params.uses_travel_times) == [
        "clusters_present",
        "nearest_km",
        "clusters_missing",
    ]
    assert cmap.available_indicators(True) == [
        "clusters_present",
        "nearest_km",
        "clusters_missing",
        "nearest_min",
    ]
    assert isinstance(cmap.indicator_values(setup["run"](), "nearest_km"), np.ndarray)
    assert pd.isna(cmap.indicator_values(setup["run"](), "nearest_min")).all()
