"""Data og kilder: validation status, the tables with their sources, and the geodata credit."""

from __future__ import annotations

import streamlit as st

from klyngekort.core import config
from klyngekort.core.loading import check_replacement
from klyngekort.core.schema import TABLES
from klyngekort.present.i18n import fmt_number, t
from klyngekort.ui import common

lang = common.page_header("page_data")

kind = common.sidebar_dataset()
state = common.load_current(kind)
layers = common.geo_layers()
common.show_data_state(state)

folder = common.dataset_dir(kind)
n_err = sum(1 for i in state.issues if i.severity == "error")
n_warn = sum(1 for i in state.issues if i.severity == "warning")
st.markdown(t("data_status", lang, folder=folder, errors=n_err, warnings=n_warn))
if n_err == 0 and n_warn == 0:
    st.success(t("data_no_problems", lang))

if layers is not None:
    st.header("Geodata", anchor=False)
    st.markdown(f"`{layers.source}` · SHA-256 `{layers.source_hash[:16]}…`")
    st.caption(layers.attribution)

st.header(t("data_check_title", lang), anchor=False)
st.caption(t("data_check_caption", lang))
uploads = st.file_uploader(
    "CSV", type=["csv"], accept_multiple_files=True, key="check_upload", label_visibility="collapsed"
)
for up in uploads or []:
    found = check_replacement(folder, up.name, up.getvalue(), places=layers.places if layers else None)
    errs = [i for i in found if i.severity == "error"]
    if errs:
        st.error(t("data_check_errors", lang, name=common.md_escape(up.name), n=len(errs)))
    elif found:
        st.warning(t("data_check_warnings", lang, name=common.md_escape(up.name)))
    else:
        st.success(t("data_check_ok", lang, name=common.md_escape(up.name)))
    if found:
        st.code("\n".join(str(i) for i in found), language=None)

ds = state.dataset
if ds is not None:
    for schema in TABLES:
        df = ds.table(schema.name)
        with st.expander(t("data_rows", lang, file=schema.filename, n=fmt_number(len(df), lang))):
            st.caption(schema.description)
            shown = df[[c for c in schema.column_names if c in df.columns] + ["is_example"]]
            common.show_dataframe(shown, common.DATA_KINDS, checks=["is_example"])
            common.downloads(
                shown.drop(columns=["is_example"]),
                schema.name,
                key=f"dl_{schema.name}",
                kinds=common.DATA_KINDS,
                with_period=False,
            )

st.caption(t("data_geodata_from", lang, path=config.geodata_dir()))
