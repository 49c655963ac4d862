"""Erhvervshus: one hub area for its regional manager: key figures, map, clusters, municipalities."""

from __future__ import annotations

import streamlit as st

from klyngekort.core.selection import hub_labels
from klyngekort.present import static_map as sm
from klyngekort.present import tables as cmap
from klyngekort.present.i18n import t
from klyngekort.ui import common
from klyngekort.ui import coverage as cu
from klyngekort.ui import present as present_ui

lang, ds, layers = common.open_page("page_hub", "cov_caption_hub")

hub_id = common.sidebar_hub(ds, allow_all=False, key="eh_hub")
sel = common.sidebar_selection(ds, with_hub=False)
ctl = cu.sidebar_coverage(ds, layers, with_indicator=True)
cu.show_travel_problems(ctl)
if hub_id is None:
    st.stop()

hub_name = hub_labels(ds, head_offices_only=True).get(hub_id, hub_id)
st.header(common.md_escape(hub_name), anchor=False)
result = cu.coverage_or_stop(ds, layers, sel, ctl)
cu.hub_metrics(result, hub_id)

map_col, list_col = st.columns([3, 1])
with map_col:
    cu.coverage_map(
        result,
        ds,
        layers,
        ctl.indicator,
        key="hub_map",
        focus_hub=hub_id,
        height=600,
        html_download=f"klyngekort-{hub_id.lower()}",
    )
with list_col:
    cu.furthest_list(result, hub_id)
cu.islands_note(result)
present_ui.downloads(
    ds,
    layers,
    present_ui.PageView(
        "hub",
        present_ui.request_of(sel, ctl.params(), hubs=(hub_id,)),
        lambda: sm.hub_map(
            ds, layers, result, str(hub_id), indicator=ctl.indicator, lang=lang, period=sel.period
        ),
        f"klyngekort-{hub_id.lower()}",
        hub=hub_id,
    ),
    key="dl_present",
)

st.subheader(t("h_hub_clusters", lang))
clusters = cmap.hub_cluster_table(result, hub_id, lang)
cu.show_table(clusters, f"klyngekort-{hub_id.lower()}-klynger", key="dl_hub_clusters")

st.subheader(t("h_chart_pop", lang))
data = cmap.hub_chart_data(result, [hub_id], lang)
cu.state_chart(
    data.assign(population_k=data["population_covered"] / 1000),
    y="cluster",
    x="population_k",
    x_title=t("chart_population_covered_k", lang),
    x_format="d",
    tooltip=[
        ("cluster", t("col_cluster", lang)),
        ("state", t("col_state", lang)),
        ("population_text", t("col_population_covered", lang)),
        ("share_text", t("col_population_covered_share", lang)),
    ],
)

st.subheader(t("h_municipalities", lang))
munis = cmap.municipality_table(result, lang, hub_id=hub_id, with_hub=False)
cu.show_table(munis, f"klyngekort-{hub_id.lower()}-kommuner", key="dl_hub_munis")

st.subheader(t("h_matrix", lang))
matrix = cmap.matrix_table(result, lang)
cu.show_table(matrix, "klyngekort-erhvervshus-x-klynge", key="dl_hub_matrix")

cu.method_expander(result, ds, ["presence", "demand", "matrix", "indicators", "classes"])
