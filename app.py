"""Klyngekort: the Streamlit entry point (navigation only; the pages live in pages/)."""

from __future__ import annotations

import streamlit as st

from klyngekort.present.i18n import t
from klyngekort.ui import auth, common, present

# The favicon is drawn here: a Material icon as page_icon would be fetched from Google's servers.
st.set_page_config(page_title="Klyngekort", page_icon=common.favicon(), layout="wide")
common.setup()
auth.gate_viewing()  # only when a setting says that viewing needs a sign-in

lang = common.sidebar_language()

PAGES = [
    st.Page("pages/danmarkskort.py", title=t("page_map", lang), icon=":material/map:", default=True),
    st.Page(
        "pages/daekning.py", title=t("page_coverage", lang), icon=":material/radar:", url_path="daekning"
    ),
    st.Page(
        "pages/erhvervshus.py", title=t("page_hub", lang), icon=":material/apartment:", url_path="erhvervshus"
    ),
    st.Page("pages/klynge.py", title=t("page_cluster", lang), icon=":material/hub:", url_path="klynge"),
    st.Page(
        "pages/sammenlign.py",
        title=t("page_compare", lang),
        icon=":material/compare_arrows:",
        url_path="sammenlign",
    ),
    st.Page("pages/huller.py", title=t("page_gaps", lang), icon=":material/report:", url_path="huller"),
    st.Page("pages/data.py", title=t("page_data", lang), icon=":material/table_view:", url_path="data"),
    st.Page(
        "pages/planlaegning.py",
        title=t("page_planner", lang),
        icon=":material/tune:",
        url_path="planlaegning",
    ),
    st.Page("pages/rediger.py", title=t("page_edit", lang), icon=":material/edit:", url_path="rediger"),
    st.Page(
        "pages/historik.py", title=t("page_history", lang), icon=":material/history:", url_path="historik"
    ),
]

presenting = present.is_presenting()  # ?present=1: the deck's views full-screen (ui/present.py)
page = st.navigation(PAGES, position="hidden" if presenting else "sidebar")
with common.run_slot():  # a few runs at a time; "travlt – prøv igen" after a long wait
    if presenting:
        present.run(page.url_path or "danmarkskort")
    else:
        page.run()
