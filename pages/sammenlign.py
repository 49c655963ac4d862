"""Sammenlign: two or more hub areas side by side, with the same figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from klyngekort.core.selection import hub_labels
from klyngekort.present import tables as cmap
from klyngekort.present.i18n import fmt_number, t
from klyngekort.ui import common
from klyngekort.ui import coverage as cu

lang, ds, layers = common.open_page("page_compare", "cov_caption_compare")

hubs = cu.sidebar_hubs(ds)
sel = common.sidebar_selection(ds, with_hub=False)
ctl = cu.sidebar_coverage(ds, layers)
cu.show_travel_problems(ctl)
if len(hubs) < 2:
    st.info(t("pick_two", lang))
    st.stop()

result = cu.coverage_or_stop(ds, layers, sel, ctl)
cu.coverage_downloads(ds, layers, sel, ctl, result, "klyngekort-sammenlign", hubs=hubs)

names = hub_labels(ds, head_offices_only=True)
cols = st.columns(len(hubs), gap="medium")
for col, hub_id in zip(cols, hubs, strict=False):
    s = cmap.hub_summary(result, hub_id)
    with col:
        st.header(common.md_escape(names.get(hub_id, hub_id)), anchor=False)
        if not s:
            continue
        cu.metrics(
            [
                (t("m_municipalities", lang), fmt_number(s["municipalities"], lang)),
                (t("m_population", lang), fmt_number(s["population"], lang)),
            ]
        )
        cu.metrics(
            [
                (
                    t("m_present", lang),
                    t("cov_of", lang, a=fmt_number(s["present"], lang), b=fmt_number(s["clusters"], lang)),
                ),
                (t("m_absent", lang), fmt_number(s["absent"], lang)),
            ]
        )

st.header(t("h_key_figures", lang), anchor=False)
summary = cmap.summary_table(result, lang, hubs)
display = cmap.summary_figures(result, lang, hubs)
for c in display.columns[1:]:
    display[c] = [fmt_number(v, lang) for v in display[c]]
common.show_dataframe(display, pinned=[t("col_figure", lang)])
common.downloads(summary, "klyngekort-sammenlign-noegletal", key="dl_cmp_summary")

st.header(t("h_states", lang), anchor=False)
states = cmap.matrix_table(result, lang, hubs, clusters_as_rows=True)
cu.show_table(states, "klyngekort-sammenlign-status", key="dl_cmp_states")

st.header(t("h_compare_chart", lang), anchor=False)
data = cmap.hub_chart_data(result, hubs, lang)
domain, colors = cu.hub_colors(ds, hubs)
cu.bar_chart(
    data.assign(share_pct=data["share"] * 100),
    y="cluster",
    x="share_pct",
    offset="hub",
    color="hub",
    color_title=t("col_hub", lang),
    color_domain=domain,
    color_range=colors,
    x_title=t("col_population_covered_share", lang) + " (%)",
    x_format="d",
    tooltip=[
        ("hub", t("col_hub", lang)),
        ("cluster", t("col_cluster", lang)),
        ("state", t("col_state", lang)),
        ("population_text", t("col_population_covered", lang)),
        ("share_text", t("col_population_covered_share", lang)),
    ],
)
chart_table = cmap.hub_chart_data(result, hubs, lang)[
    ["hub", "cluster", "state", "population_covered", "share"]
]
chart_table.columns = [
    t("col_hub", lang),
    t("col_cluster", lang),
    t("col_state", lang),
    t("col_population_covered", lang),
    t("col_population_covered_share", lang),
]
with st.expander(t("h_compare_chart_table", lang)):
    cu.show_table(pd.DataFrame(chart_table), "klyngekort-sammenlign-daekning", key="dl_cmp_chart")

cu.method_expander(result, ds, ["presence", "demand", "matrix", "indicators"])
