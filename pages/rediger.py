"""Redigér: the co-location form, placing a site and the table editors (editors and admins only)."""

from __future__ import annotations

import streamlit as st

from klyngekort.present.i18n import t
from klyngekort.ui import auth, common
from klyngekort.ui import edit as ui

lang = common.page_header("page_edit", "ed_subtitle")
who = auth.sidebar_identity()
if not who.can("editor"):
    st.info(t("ed_not_allowed", lang))
    st.stop()
store = ui.open_store()
state = common.load_current("public")
common.show_data_state(state)
layers = common.geo_layers()
if store is None or state.dataset is None:
    st.stop()
ui.show_flash()
places = layers.places if layers else None
ui.co_location_form(store, state.dataset, who, places)
st.divider()
ui.site_place_form(store, state.dataset, who, places, layers)
st.divider()
ui.table_editor(store, state.dataset, who, places)
