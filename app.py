"""Klyngekort: the Streamlit entry point (navigation only; the pages live in pages/)."""

from __future__ import annotations

import streamlit as st

from klyngekort.i18n import t
from pages import common

# The favicon is drawn here: a Material icon as page_icon would be fetched from Google's servers.
st.set_page_config(page_title="Klyngekort", page_icon=common.favicon(), layout="wide")
common.setup()

lang = common.sidebar_language()

PAGES = [
    st.Page("pages/danmarkskort.py", title=t("page_map", lang), icon=":material/map:", default=True),
    st.Page("pages/data.py", title=t("page_data", lang), icon=":material/table_view:", url_path="data"),
]

page = st.navigation(PAGES)
page.run()
