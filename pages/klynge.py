"""Klynge: one cluster: its presences, its coverage by hub area, and where it does not reach."""

from __future__ import annotations

import streamlit as st

from klyngekort.core.selection import Selection
from klyngekort.present import static_map as sm
from klyngekort.present import tables as cmap
from klyngekort.present.i18n import fmt_number, fmt_pct, t
from klyngekort.ui import common
from klyngekort.ui import coverage as cu
from klyngekort.ui import present as present_ui

lang, ds, layers = common.open_page("page_cluster", "cov_caption_cluster")

cluster_id = cu.sidebar_cluster(ds)
st.sidebar.subheader(t("filters", lang))
period = common.sidebar_period(ds)
include_unknown = common.sidebar_include_unknown()
ctl = cu.sidebar_coverage(ds, layers)
cu.show_travel_problems(ctl)
if cluster_id is None:
    st.stop()

row = ds.clusters[ds.clusters["cluster_id"] == cluster_id].iloc[0]
st.header(common.md_escape(row["name"]), anchor=False)
st.caption(
    " · ".join(
        x
        for x in (
            common.md_escape(row["area"]),
            common.md_link(row.get("website", "")) if row.get("website") else "",
        )
        if x
    )
)

sel = Selection(period=period, clusters=(cluster_id,), include_unknown_status=include_unknown)
result = cu.coverage_or_stop(ds, layers, sel, ctl, need=cluster_id)

s = cmap.cluster_summary(result, cluster_id)
n_munis = s["municipalities_covered"] + s["municipalities_uncovered"]
cu.metrics(
    [
        (t("m_presences", lang), fmt_number(s["sites"], lang)),
        (t("m_pop_covered", lang), fmt_number(s["population_covered"], lang)),
        (t("m_share_covered", lang), fmt_pct(s["population_covered_share"], lang)),
        (
            t("m_munis_covered", lang),
            t("cov_of", lang, a=fmt_number(s["municipalities_covered"], lang), b=fmt_number(n_munis, lang)),
        ),
        (t("m_munis_uncovered", lang), fmt_number(s["municipalities_uncovered"], lang)),
        (t("m_seconded", lang), fmt_number(s["persons_seconded"], lang)),
    ],
    per_row=3,
)
if s["sites"] == 0:
    st.warning(t("cov_cluster_no_presence", lang))

cu.coverage_map(
    result,
    ds,
    layers,
    "nearest_km",
    key="cluster_map",
    height=640,
    html_download=f"klyngekort-{cluster_id.lower()}",
)
cu.islands_note(result)
present_ui.downloads(
    ds,
    layers,
    present_ui.PageView(
        "cluster",
        present_ui.request_of(sel, ctl.params()),
        lambda: sm.cluster_map(ds, layers, result, str(cluster_id), lang=lang, period=period),
        f"klyngekort-{cluster_id.lower()}",
    ),
    key="dl_present",
)

st.subheader(t("h_sites", lang))
sites = cmap.presence_table(
    result, cluster_id, lang, unlocated=cu.unlocated(ds, period, include_unknown), dates=ds.row_dates
)
cu.show_table(sites, f"klyngekort-{cluster_id.lower()}-tilstedevaerelser", key="dl_cl_sites")

st.subheader(t("h_by_hub", lang))
data = cmap.hub_chart_data(result, result.core.hub_ids, lang)
data = data[data["cluster_id"] == cluster_id]
cu.state_chart(
    data.assign(share_pct=data["share"] * 100),
    y="hub",
    x="share_pct",
    x_title=t("col_population_covered_share", lang) + " (%)",
    x_format="d",
    tooltip=[
        ("hub", t("col_hub", lang)),
        ("state", t("col_state", lang)),
        ("population_text", t("col_population_covered", lang)),
        ("share_text", t("col_population_covered_share", lang)),
    ],
)
cu.show_table(
    cmap.cluster_hub_table(result, cluster_id, lang),
    f"klyngekort-{cluster_id.lower()}-omraader",
    key="dl_cl_hubs",
)

st.subheader(t("h_uncovered", lang))
cu.show_table(
    cmap.uncovered_table(result, cluster_id, lang),
    f"klyngekort-{cluster_id.lower()}-uden-daekning",
    key="dl_cl_uncovered",
)

cu.method_expander(result, ds, ["presence", "demand", "matrix", "indicators", "classes"])
