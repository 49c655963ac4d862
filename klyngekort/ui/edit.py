"""The bodies of the pages "Redigér" (table editors and the co-location form) and "Historik"
(the recorded changes, and revert for an admin). The pages stay thin; the saving, validation,
versions and history are :class:`klyngekort.store.data.DataStore`'s."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from klyngekort.core.model import Dataset
from klyngekort.core.places import Places
from klyngekort.core.schema import CONFIDENCE, TABLES, TABLES_BY_NAME, ColumnType, TableSchema
from klyngekort.present.i18n import t
from klyngekort.store.data import POSITION, DataStore, EditError, RowEdit, SaveResult, StaleRowError, row_key
from klyngekort.store.db import StoreError
from klyngekort.ui import common
from klyngekort.ui.auth import Identity

ROW_ID = "_row_id"
ENTITIES = tuple(s.name for s in TABLES)


# --------------------------------------------------------------------------- pure helpers


def editor_frame(rows: Sequence[Mapping[str, Any]], schema: TableSchema) -> pd.DataFrame:
    """The rows as the table editor shows them: the schema's columns as text, and the row id
    (hidden, read-only) that ties an edited row to its stored one."""
    data = {c: [str(r.get(c, "") or "") for r in rows] for c in schema.column_names}
    data[ROW_ID] = [str(r["row_id"]) for r in rows]
    return pd.DataFrame(data, columns=[ROW_ID, *schema.column_names], dtype=object)


def _cell(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v).strip()


def edits_from_frame(entity: str, rows: Sequence[Mapping[str, Any]], edited: pd.DataFrame) -> list[RowEdit]:
    """The change set between the rows as loaded (with their versions) and the edited table:
    rows without a row id are added, rows gone are deleted, changed cells are changes."""
    schema = TABLES_BY_NAME[entity]
    loaded = {str(r["row_id"]): r for r in rows}
    edits: list[RowEdit] = []
    seen: set[str] = set()
    for rec in edited.to_dict("records"):
        rid = _cell(rec.get(ROW_ID))
        values = {c: _cell(rec.get(c)) for c in schema.column_names}
        if not rid or rid not in loaded:
            if any(values.values()):
                edits.append(RowEdit(entity, "add", row_key(schema, values), values))
            continue
        seen.add(rid)
        old = loaded[rid]
        changed = {c: v for c, v in values.items() if v != str(old.get(c, "") or "")}
        if changed:
            edits.append(RowEdit(entity, "change", rid, changed, int(old["version"])))
    for rid, old in loaded.items():
        if rid not in seen:
            edits.append(RowEdit(entity, "delete", rid, version=int(old["version"])))
    return edits


def co_location_row(
    ds: Dataset,
    *,
    cluster_id: str,
    hub_id: str,
    valid_from: str,
    site_id: str,
    source_url: str,
    confidence: str,
) -> dict[str, str]:
    """A new ``sites`` row: the cluster co-located in the hub or branch, at the hub's town point."""
    hub = ds.hubs.set_index("hub_id").loc[hub_id]
    return {
        "site_id": site_id,
        "cluster_id": cluster_id,
        "kind": "co_location",
        "town": str(hub["town"]),
        "address": str(hub["address"]),
        "kommunekode": str(hub["kommunekode"]),
        "hub_id": hub_id,
        "shared_with_hub": "yes",
        "valid_from": valid_from,
        "latitude": f"{float(hub['latitude']):.5f}",
        "longitude": f"{float(hub['longitude']):.5f}",
        "coord_precision": str(hub["coord_precision"]) or "town",
        "coord_source": f"the hub's point ({hub_id})",
        "source_url": source_url,
        "confidence": confidence,
    }


def choices(ds: Dataset, schema: TableSchema) -> dict[str, list[str]]:
    """The allowed values of a table's columns, from the schema and from the data: enums,
    hub and cluster ids, kommunekoder (the 98 of the hub areas, as checked against DAGI)."""
    out: dict[str, list[str]] = {}
    for col in schema.columns:
        if col.type == ColumnType.ENUM:
            out[col.name] = ["", *col.allowed] if not col.required else list(col.allowed)
        elif col.references == "hubs.hub_id":
            out[col.name] = sorted(ds.hubs["hub_id"])
        elif col.references == "clusters.cluster_id":
            out[col.name] = sorted(ds.clusters["cluster_id"])
        elif col.type == ColumnType.KOMMUNEKODE:
            out[col.name] = sorted(ds.hub_areas["kommunekode"])
    return out


# --------------------------------------------------------------------------- Streamlit


def open_store() -> DataStore | None:
    try:
        return common.data_store()
    except StoreError as exc:
        st.error(common.words(exc))
        return None


def _save(
    store: DataStore,
    edits: list[RowEdit],
    who: Identity,
    *,
    reason: str,
    source: str,
    confidence: str,
    confirm: bool,
    places: Places | None,
) -> SaveResult | None:
    """Save and say what happened; the edits stay on screen unless it was saved."""
    lg = common.lang()
    if not edits:
        st.info(t("ed_nothing", lg))
        return None
    try:
        result = store.save(
            edits,
            user=who.label,
            reason=reason,
            source=source,
            confidence=confidence,
            places=places,
            confirm_warnings=confirm,
        )
    except (StaleRowError, EditError, StoreError) as exc:
        st.error(common.words(exc))
        return None
    if result.errors:
        st.error(t("ed_errors", lg, n=len(result.errors)))
        common.show_issue_lines(result.errors)
    elif result.needs_confirmation:
        st.warning(t("ed_confirm_warnings", lg, n=len(result.warnings)))
        common.show_issue_lines(result.warnings)
    elif result.saved:
        st.session_state["ed_flash"] = t("ed_saved", lg, n=result.changed, save=result.save_id)
        st.session_state["ed_generation"] = st.session_state.get("ed_generation", 0) + 1
        st.rerun()
    return result


def _provenance_inputs(key: str) -> tuple[str, str, str, bool]:
    lg = common.lang()
    c1, c2, c3 = st.columns([3, 3, 1])
    reason = c1.text_input(t("ed_reason", lg), key=f"{key}_reason")
    source = c2.text_input(t("ed_source", lg), key=f"{key}_source", help=t("ed_source_help", lg))
    confidence = c3.selectbox(
        t("ed_confidence", lg),
        ["", *CONFIDENCE],
        key=f"{key}_confidence",
        format_func=lambda c: t(f"conf_{c}", lg) if c else "–",
    )
    confirm = st.checkbox(t("ed_confirm", lg), key=f"{key}_confirm")
    return reason, source, confidence or "", confirm


def show_flash() -> None:
    msg = st.session_state.pop("ed_flash", None)
    if msg:
        st.success(msg)


def co_location_form(store: DataStore, ds: Dataset, who: Identity, places: Places | None) -> None:
    """The common case in one form: a cluster opens a co-location in a hub or branch."""
    lg = common.lang()
    st.subheader(t("ed_coloc_title", lg), anchor=False)
    clusters = common.cluster_labels(ds)
    hubs = common.hub_labels(ds)
    c1, c2, c3 = st.columns([3, 3, 2])
    cluster = c1.selectbox(
        t("ed_cluster", lg), list(clusters), format_func=clusters.__getitem__, key="ed_coloc_cluster"
    )
    hub = c2.selectbox(t("ed_hub", lg), list(hubs), format_func=hubs.__getitem__, key="ed_coloc_hub")
    since = c3.date_input(t("ed_from", lg), value=date.today(), key="ed_coloc_from", format="DD.MM.YYYY")
    reason, source, confidence, confirm = _provenance_inputs("ed_coloc")
    if st.button(t("ed_coloc_save", lg), key="ed_coloc_button", type="primary"):
        site_id = f"{cluster}-{hub}-{since:%Y%m%d}"
        row = co_location_row(
            ds,
            cluster_id=cluster,
            hub_id=hub,
            valid_from=since.isoformat(),
            site_id=site_id,
            source_url=source.strip() if source.strip().startswith(("http://", "https://")) else "",
            confidence=confidence,
        )
        if not row["source_url"]:  # a written source: kept in the notes, the URL column says so
            row["notes"] = source.strip()
        _save(
            store,
            [RowEdit("sites", "add", site_id, row)],
            who,
            reason=reason,
            source=source.strip(),
            confidence=confidence,
            confirm=confirm,
            places=places,
        )


def table_editor(store: DataStore, ds: Dataset, who: Identity, places: Places | None) -> None:
    """One table at a time in st.data_editor: change cells, add and delete rows, then save."""
    lg = common.lang()
    st.subheader(t("ed_tables_title", lg), anchor=False)
    entity = st.selectbox(t("ed_table", lg), ENTITIES, format_func=lambda e: f"{e}.csv", key="ed_entity")
    schema = TABLES_BY_NAME[entity]
    gen = st.session_state.get("ed_generation", 0)
    snap_key = f"ed_rows_{entity}_{gen}"
    if snap_key not in st.session_state:  # the rows and versions this editor started from
        st.session_state[snap_key] = store.rows()[entity]
    rows = st.session_state[snap_key]
    opts = choices(ds, schema)
    config: dict[str, Any] = {ROW_ID: None}
    for col in schema.columns:
        if col.name in opts:
            config[col.name] = st.column_config.SelectboxColumn(
                col.name, options=opts[col.name], required=col.required, help=col.description or None
            )
        else:
            config[col.name] = st.column_config.TextColumn(
                col.name, required=col.required, help=col.description or None
            )
    edited = st.data_editor(
        editor_frame(rows, schema),
        column_config=config,
        num_rows="dynamic",
        hide_index=True,
        key=f"ed_table_{entity}_{gen}",
        width="stretch",
    )
    reason, source, confidence, confirm = _provenance_inputs("ed_tab")
    c1, c2 = st.columns(2)
    if c1.button(t("ed_save", lg), key="ed_tab_save", type="primary"):
        _save(
            store,
            edits_from_frame(entity, rows, edited),
            who,
            reason=reason,
            source=source.strip(),
            confidence=confidence,
            confirm=confirm,
            places=places,
        )
    if c2.button(t("ed_reload", lg), key="ed_tab_reload", help=t("ed_reload_help", lg)):
        st.session_state["ed_generation"] = gen + 1
        st.rerun()
    with st.expander(t("ed_row_history", lg)):
        rid = st.selectbox(t("hi_row", lg), [str(r["row_id"]) for r in rows], index=None, key="ed_row_hist")
        if rid:
            entries = [e for e in store.history(entity=entity, row_id=rid) if e.field != POSITION]
            frame = pd.DataFrame([e.as_dict() for e in reversed(entries)])
            st.caption(t("hi_count", lg, n=len(entries)))
            if not frame.empty:
                st.dataframe(frame, hide_index=True, width="stretch")


def history_table(store: DataStore, who: Identity, places: Places | None) -> None:
    """The recorded changes, filtered by table, row, user and date; revert for an admin."""
    lg = common.lang()
    c1, c2, c3, c4 = st.columns(4)
    entity = c1.selectbox(
        t("hi_entity", lg), ["", *ENTITIES], format_func=lambda e: e or t("hi_all", lg), key="hi_entity"
    )
    row_id = c2.text_input(t("hi_row", lg), key="hi_row")
    user = c3.text_input(t("hi_user", lg), key="hi_user")
    since = c4.date_input(t("hi_since", lg), value=None, key="hi_since", format="DD.MM.YYYY")
    entries = store.history(
        entity=entity or None,
        row_id=row_id.strip() or None,
        user=user.strip() or None,
        since=since.isoformat() if since else None,
    )
    entries = [e for e in entries if e.field != POSITION]
    st.caption(t("hi_count", lg, n=len(entries)))
    frame = pd.DataFrame([e.as_dict() for e in reversed(entries[-2000:])])
    if not frame.empty:
        st.dataframe(frame, hide_index=True, width="stretch")
    st.subheader(t("hi_asof_title", lg), anchor=False)
    c1, c2 = st.columns([2, 3], vertical_alignment="bottom")
    day = c1.date_input(t("hi_asof_date", lg), value=date.today(), key="hi_asof", format="DD.MM.YYYY")
    c2.download_button(
        t("hi_asof_download", lg),
        data=lambda: store.export_zip(as_of=day.isoformat()),
        file_name=f"klyngekort-data-{day.isoformat()}.zip",
        mime="application/zip",
        key="hi_asof_download",
        on_click="ignore",
    )
    if not who.can("admin"):
        st.caption(t("hi_revert_admin_only", lg))
        return
    st.subheader(t("hi_revert_title", lg), anchor=False)
    c1, c2, c3 = st.columns([2, 2, 4])
    what = c1.radio(
        t("hi_revert_what", lg),
        ["change", "save"],
        format_func=lambda w: t(f"hi_revert_{w}", lg),
        key="hi_what",
    )
    number = c2.number_input(t("hi_revert_number", lg), min_value=1, step=1, value=None, key="hi_number")
    reason = c3.text_input(t("ed_reason", lg), key="hi_reason")
    if st.button(t("hi_revert_button", lg), key="hi_revert", disabled=number is None):
        try:
            result = store.revert(
                user=who.label,
                reason=reason,
                places=places,
                change_id=int(number) if what == "change" and number else None,
                save_id=int(number) if what == "save" and number else None,
            )
        except (StaleRowError, EditError, StoreError) as exc:
            st.error(common.words(exc))
            return
        if result.errors:
            st.error(t("ed_errors", lg, n=len(result.errors)))
            common.show_issue_lines(result.errors)
        elif result.saved:
            st.session_state["ed_flash"] = t("ed_saved", lg, n=result.changed, save=result.save_id)
            st.rerun()
