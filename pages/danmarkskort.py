"""Danmarkskort: where the clusters are, seen from the erhvervshuse."""

from __future__ import annotations

import streamlit as st

from klyngekort.core.selection import select
from klyngekort.present import export
from klyngekort.present import static_map as sm
from klyngekort.present.i18n import fmt_number, t
from klyngekort.present.mapview import render
from klyngekort.present.national_map import Layers, build_content, empty_reason, table_of_view
from klyngekort.ui import common
from klyngekort.ui import present as present_ui
from klyngekort.ui import state as app_state

lang, ds, layers = common.open_page("page_map", "app_subtitle")

sel = common.sidebar_selection(ds)
LAYER_KEYS = {
    "munis": "layer_munis",
    "hubs": "layer_hubs",
    "sites": "layer_sites",
    "coloc": "layer_coloc",
    "seconded": "layer_seconded",
}
hidden = set((common.qp_get("hide", "") or "").split(","))  # layers switched off, kept in the URL
with st.sidebar.expander(t("layers", lang), expanded=bool(hidden - {""})):
    shown = {
        k: st.checkbox(t(label, lang), value=k not in hidden, key=f"lay_{k}")
        for k, label in LAYER_KEYS.items()
    }
    common.qp_set("hide", ",".join(k for k, on in shown.items() if not on))
    lay = Layers(
        municipalities=shown["munis"],
        hubs=shown["hubs"],
        sites=shown["sites"],
        co_locations=shown["coloc"],
        secondments=shown["seconded"],
    )
    color_by = st.radio(
        t("color_by", lang),
        ["cluster", "area"],
        horizontal=True,
        key=app_state.widget_key("color_by"),
        index=1 if common.qp_get("color") == "area" else 0,
        format_func=lambda v: t(f"color_by_{v}", lang),
    )
    common.qp_set("color", color_by, "cluster")
basemap = common.sidebar_basemap()


def _map(view):
    content = build_content(
        ds, view, layers.display, lang=lang, layers=lay, color_by=color_by, attribution=layers.attribution
    )
    return render(content, basemap=basemap)


def _build_view():
    """Everything the page shows for this view; computed once per view and shared by all
    sessions (common.per_view), so a rerun only sends it."""
    view = select(ds, sel)
    payload = common.map_payload(_map(view), key="national_map")
    return (
        view.counts(),
        payload,
        table_of_view(view, ds, lang),
        len(view.unplaced_sites),
        empty_reason(view, ds, lang),
    )


counts, payload, table, n_unplaced, why_empty = common.per_view(
    "danmarkskort", (ds.view_revision, layers.source_hash, sel, lang, lay, color_by, basemap), _build_view
)
# The figures stand above the map but are sent after it: the map's message reaches the
# browser first, and the browser starts on the map's frame before it lays out the rest.
metrics_row = st.container()
if why_empty:
    st.info(common.md_escape(why_empty), icon=":material/info:")
common.show_map(payload, key="national_map", height=660)
cols = metrics_row.columns(5)
for col, (key, label) in zip(
    cols,
    [
        ("hubs", "n_hubs"),
        ("clusters", "n_clusters"),
        ("sites", "n_sites"),
        ("co_locations", "n_coloc"),
        ("seconded_persons", "n_seconded"),
    ],
    strict=True,
):
    col.metric(t(label, lang), fmt_number(counts[key], lang))
if n_unplaced:
    st.caption(t("n_unplaced", lang, n=n_unplaced))
st.caption(layers.attribution)
present_ui.downloads(
    ds,
    layers,
    present_ui.PageView(
        "national",
        present_ui.request_of(sel),
        lambda: sm.national_map(ds, layers, sel, lang=lang, color_by=color_by, map_layers=lay),
        "klyngekort-danmarkskort",
    ),
    key="dl_present",
)

st.header(t("table_on_map", lang), anchor=False)
# the downloads before the table: the keyboard reaches them without crossing the table's cells
common.downloads(table, "klyngekort-danmarkskort", key="dl_map")
common.show_dataframe(
    table,
    pinned=[t("map_col_name", lang)],
    links=[t("map_col_source", lang)],
    checks=[t("map_col_example", lang)],
)
st.download_button(
    t("download_map_html", lang),
    lambda: export.map_html(_map(select(ds, sel))).encode("utf-8"),
    file_name="klyngekort-danmarkskort.html",
    mime="text/html",
    key="dl_map_html",
    on_click="ignore",
)
