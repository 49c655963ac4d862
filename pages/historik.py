"""Historik: every recorded change, filterable; revert for an admin."""

from __future__ import annotations

import streamlit as st

from klyngekort.ui import auth, common
from klyngekort.ui import edit as ui

lang = common.page_header("page_history", "hi_subtitle")
who = auth.sidebar_identity()
store = ui.open_store()
if store is None:
    st.stop()
layers = common.geo_layers()
ui.show_flash()
ui.history_table(store, who, layers.places if layers else None)
