"""Data og kilder: validation status, the tables with their sources, and the geodata credit."""

from __future__ import annotations

import streamlit as st

from klyngekort.core import config
from klyngekort.core.loading import check_replacement
from klyngekort.core.schema import TABLES
from klyngekort.present.i18n import fmt_number, t
from klyngekort.present.tables import with_changed_on
from klyngekort.ui import common

lang = common.page_header("page_data")


def _code(text: object) -> str:
    """A path or URL as a markdown code span (shown literally; a backtick would end it)."""
    return "`" + str(text).replace("`", "'") + "`"


kind = common.sidebar_dataset()
state = common.load_current(kind)
layers = common.geo_layers()
common.show_data_state(state)

folder = common.dataset_dir(kind)
n_err = sum(1 for i in state.issues if i.severity == "error")
n_warn = sum(1 for i in state.issues if i.severity == "warning")
st.markdown(t("data_status", lang, folder=str(folder).replace("`", "'"), errors=n_err, warnings=n_warn))
if n_err == 0 and n_warn == 0:
    st.success(t("data_no_problems", lang))

if layers is not None:
    st.header("Geodata", anchor=False)
    st.markdown(f"{_code(layers.source)} · SHA-256 `{layers.source_hash[:16]}…`")
    prov = layers.provenance
    if prov is not None:
        outside = (
            t("geo_outside", lang, codes=", ".join(prov.outside_division)) if prov.outside_division else ""
        )
        lines = [
            t("geo_source", lang, title=common.md_escape(prov.source_title)) + " · " + _code(prov.url),
            t(
                "geo_fetched",
                lang,
                date=prov.fetched_date.isoformat(),
                days=fmt_number(prov.age_days(), lang),
            ),
            t("geo_licence", lang, licence=prov.licence, publisher=prov.publisher)
            + (" " + t("geo_licence_assumed", lang) if prov.licence_assumed else ""),
            t(
                "geo_counts",
                lang,
                features=fmt_number(prov.features, lang),
                municipalities=fmt_number(prov.municipalities, lang),
                outside=outside,
                repaired=fmt_number(prov.repaired_geometries, lang),
                crs=prov.crs,
            ),
        ]
        st.markdown("  \n".join(lines))
        if prov.is_stale():
            st.warning(t("geo_stale", lang, date=prov.fetched_date.isoformat()))
    else:
        st.caption(t("geo_no_provenance", lang))
    st.caption(layers.attribution)

st.header(t("data_check_file", lang), anchor=False)
st.caption(t("data_check_file_help", lang))
uploads = st.file_uploader(
    "CSV",
    type=["csv"],
    accept_multiple_files=True,
    key="check_upload",
    label_visibility="collapsed",
    help=t("upload_help", lang),
)
for up in uploads or []:
    found = check_replacement(folder, up.name, up.getvalue(), places=layers.places if layers else None)
    errs = [i for i in found if i.severity == "error"]
    if errs:
        st.error(t("data_file_errors", lang, name=common.md_escape(up.name), n=fmt_number(len(errs), lang)))
    elif found:
        st.warning(t("data_file_warnings", lang, name=common.md_escape(up.name)))
    else:
        st.success(t("data_file_ok", lang, name=common.md_escape(up.name)))
    if found:
        common.show_issue_lines(found)

ds = state.dataset
if ds is not None:
    for schema in TABLES:
        df = ds.table(schema.name)
        with st.expander(t("data_table_rows", lang, file=schema.filename, n=len(df))):
            st.caption(t(f"schema_desc_{schema.name}", lang))
            shown = df[[c for c in schema.column_names if c in df.columns] + ["is_example"]]
            common.show_dataframe(
                with_changed_on(shown, ds, schema.name, lang), common.DATA_KINDS, checks=["is_example"]
            )
            common.downloads(
                shown.drop(columns=["is_example"]),
                schema.name,
                key=f"dl_{schema.name}",
                kinds=common.DATA_KINDS,
                with_period=False,
            )

st.caption(t("geo_read_from", lang, path=str(config.geodata_dir()).replace("`", "'")))
