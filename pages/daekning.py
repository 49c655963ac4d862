"""Dækning: a choropleth of one coverage indicator per municipality, with the gaps marked."""

from __future__ import annotations

import numpy as np
import streamlit as st

from klyngekort.present import coverage_map as cmap
from klyngekort.present import tables as cmap_tables
from klyngekort.present.i18n import fmt_number, t
from klyngekort.ui import common
from klyngekort.ui import coverage as cu

lang, ds, layers = common.open_page("page_coverage", "cov_caption_coverage")

sel = common.sidebar_selection(ds)
ctl = cu.sidebar_coverage(ds, layers, with_indicator=True)
basemap = common.sidebar_basemap()
cu.show_travel_problems(ctl)

result = cu.coverage_or_stop(ds, layers, sel, ctl)

munis = result.municipalities
in_view = (munis["hub_id"] == sel.hub_id).to_numpy() if sel.hub_id else np.ones(len(munis), dtype=bool)
gaps = cmap.gap_mask(result) & in_view
pop = munis["population"].fillna(0).to_numpy(dtype=float)
present = munis["clusters_present"].to_numpy(dtype=float)
mean_clusters = (
    float((pop * present)[in_view].sum() / pop[in_view].sum()) if pop[in_view].sum() > 0 else float("nan")
)
n_gap_pairs = int((result.gaps["hub_id"] == sel.hub_id).sum()) if sel.hub_id else len(result.gaps)
reach = cmap.reach_text(result, lang)
cu.metrics(
    [
        (t("n_clusters", lang), fmt_number(len(result.core.cluster_ids), lang)),
        (t("m_gap_munis", lang), fmt_number(int(gaps.sum()), lang), t("cov_gap", lang, reach=reach)),
        (t("m_gap_pop", lang), fmt_number(pop[gaps].sum(), lang)),
        (
            t("m_mean_clusters", lang),
            fmt_number(mean_clusters, lang, 1),
            t("cov_legend_present", lang, reach=reach),
        ),
        (t("m_gaps", lang), fmt_number(n_gap_pairs, lang)),
    ]
)

cm = cu.coverage_map(
    result,
    ds,
    layers,
    ctl.indicator,
    key="coverage_map",
    focus_hub=sel.hub_id,
    height=640,
    basemap=basemap,
    html_download="klyngekort-daekning",
)
cu.islands_note(result)
cu.coverage_downloads(ds, layers, sel, ctl, result, "klyngekort-daekning", indicator=ctl.indicator)

st.header(t("h_municipalities", lang), anchor=False)
table = cmap_tables.municipality_table(result, lang, hub_id=sel.hub_id)
cu.show_table(table, "klyngekort-daekning-kommuner", key="dl_cov_munis")

cu.method_expander(result, ds, ["presence", "demand", "indicators", "classes"])
