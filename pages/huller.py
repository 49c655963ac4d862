"""Huller: hub area × cluster pairs ranked by the people not covered."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from klyngekort.present import tables as cmap
from klyngekort.present.i18n import fmt_number, fmt_pct, t
from klyngekort.ui import common
from klyngekort.ui import coverage as cu

lang, ds, layers = common.open_page("page_gaps", "cov_caption_gaps")

sel = common.sidebar_selection(ds)
ctl = cu.sidebar_coverage(ds, layers)
cu.show_travel_problems(ctl)

result = cu.coverage_or_stop(ds, layers, sel, ctl)
cu.coverage_downloads(ds, layers, sel, ctl, result, "klyngekort-huller")

gaps = cmap.gap_table(result, lang, hub_id=sel.hub_id)
munis = result.municipalities
if sel.hub_id:
    munis = munis[munis["hub_id"] == sel.hub_id]
none_mask = munis["clusters_present"] == 0
col_pop_unc = t("col_population_uncovered", lang)
largest = result.gaps if not sel.hub_id else result.gaps[result.gaps["hub_id"] == sel.hub_id]
biggest = largest.iloc[0] if len(largest) else None
cu.metrics(
    [
        (t("m_gaps", lang), fmt_number(len(gaps), lang)),
        (
            t("m_largest_gap", lang),
            fmt_number(biggest["population_uncovered"], lang) if biggest is not None else "–",
            f"{common.md_escape(biggest['hub_name'])} · {common.md_escape(biggest['cluster_name'])}"
            if biggest is not None
            else None,
        ),
        (t("m_gap_munis", lang), fmt_number(int(none_mask.sum()), lang)),
        (t("m_gap_pop", lang), fmt_number(munis.loc[none_mask, "population"].sum(), lang)),
    ]
)

if gaps.empty:
    st.success(t("cov_no_gaps", lang))
else:
    st.header(t("h_gap_chart", lang), anchor=False)
    top = largest.head(15)
    data = top.assign(
        pair=[
            f"{h.replace('Erhvervshus ', '')} · {c}"
            for h, c in zip(top["hub_name"], top["cluster_name"], strict=False)
        ],
        pop_k=top["population_uncovered"] / 1000,
        pop_text=[fmt_number(v, lang) for v in top["population_uncovered"]],
        share_text=[fmt_pct(v, lang) for v in top["population_uncovered_share"]],
        km_text=[(fmt_number(v, lang, 1) + " km") if pd.notna(v) else "–" for v in top["nearest_km"]],
        nearest=top["nearest_presence_label"].fillna(""),
    )
    domain, colors = cu.hub_colors(ds, list(dict.fromkeys(top["hub_id"])))
    cu.bar_chart(
        data,
        y="pair",
        x="pop_k",
        color="hub_name",
        color_title=t("col_hub", lang),
        color_domain=domain,
        color_range=colors,
        x_title=t("chart_population_uncovered_k", lang),
        x_format="d",
        tooltip=[
            ("hub_name", t("col_hub", lang)),
            ("cluster_name", t("col_cluster", lang)),
            ("pop_text", col_pop_unc),
            ("share_text", t("col_population_uncovered_share", lang)),
            ("nearest", t("col_nearest_presence", lang)),
            ("km_text", t("col_nearest_km", lang)),
        ],
    )

    st.header(t("h_gap_list", lang), anchor=False)
    cu.show_table(gaps, "klyngekort-huller", key="dl_gaps", height=520)

if none_mask.any():
    st.header(t("m_gap_munis", lang), anchor=False)
    table = cmap.municipality_table(result, lang, hub_id=sel.hub_id, without_clusters=True)
    cu.show_table(table, "klyngekort-kommuner-uden-klynge", key="dl_gap_munis")
cu.islands_note(result)

cu.method_expander(result, ds, ["presence", "demand", "gaps", "indicators"])
