"""Planlægning: what-if scenarios, before/after coverage and recommended placements."""

from __future__ import annotations

import streamlit as st

from klyngekort.present.i18n import t
from klyngekort.ui import common
from klyngekort.ui import planner as ui
from klyngekort.ui import state as app_state

ui.apply_goto()
lang, ds, layers = common.open_page("page_planner", "pl_subtitle")
store = ui.store()
if store is None:
    st.stop()

st.sidebar.subheader(t("filters", lang))
period = common.sidebar_period(ds)
unknown = common.sidebar_include_unknown()
ctl = ui.sidebar_coverage(ds, layers)
author = ui.sidebar_author()

ui.show_flash()
summaries = store.list()
c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
with c1:
    sid = ui.select_scenario(store, summaries)
ui.init_view()
with c2:
    view = (
        st.segmented_control(
            t("pl_view", lang),
            list(ui.VIEWS),
            format_func=lambda v: t(f"pl_view_{v}", lang),
            key=app_state.widget_key("pl_view"),
            required=True,
            label_visibility="collapsed",
        )
        or "scenario"
    )
common.qp_set("view", view, "scenario")
ui.create_and_import(store, ds, author, expanded=not summaries and view == "scenario")

d = ui.draft(store, sid) if sid else None
if d is not None:
    ui.check_newer(d, summaries)
    ui.header(d)
    ui.conflict_box(store, d, author)

if view == "recommend":
    ui.recommend_view(store, ds, layers, ctl, period, unknown, author)
elif d is None:
    st.info(t("pl_choose_first", lang))
elif view == "compare":
    ui.compare_view(ds, layers, d, ctl, period, unknown)
else:
    ui.editor(store, ds, d)
    st.divider()
    ui.manage(store, d, author)
