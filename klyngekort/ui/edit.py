"""The bodies of the pages "Redigér" (table editors and the co-location form) and "Historik"
(the recorded changes, and revert for an admin). The pages stay thin; the saving, validation,
versions and history are :class:`klyngekort.store.data.DataStore`'s."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from klyngekort.core.model import Dataset
from klyngekort.core.places import Places
from klyngekort.core.schema import CONFIDENCE, SITE_KINDS, TABLES, TABLES_BY_NAME, ColumnType, TableSchema
from klyngekort.core.validation import point_issues
from klyngekort.geo.cache import GeoLayers
from klyngekort.geo.locate import municipality_point
from klyngekort.present.i18n import t
from klyngekort.present.place_map import place_preview_map
from klyngekort.present.tables import history_frame
from klyngekort.present.wording import message_text
from klyngekort.store.data import POSITION, DataStore, EditError, RowEdit, SaveResult, StaleRowError, row_key
from klyngekort.store.db import StoreError
from klyngekort.ui import common
from klyngekort.ui import state as app_state
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


# --------------------------------------------------------------------------- placing a site

#: The kinds of site the placing form makes (a co-location has its own form: it sits in a hub).
PLACE_KINDS = tuple(k for k in SITE_KINDS if k != "co_location")
#: How a site is placed: at a point inside the municipality, at a town from the data, or at
#: typed coordinates.
PLACE_HOWS = ("municipality", "town", "coords")
#: The precision a user may give typed coordinates.
TYPED_PRECISIONS = ("address", "town")

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "AE", "Ø": "OE", "Å": "AA"})


def slug(text: str) -> str:
    """``text`` as the upper-case part of an id: ``Sønderborg`` -> ``SOENDERBORG`` (ASCII letters,
    digits and ``-``), the way the ids in ``data/`` are written."""
    plain = unicodedata.normalize("NFKD", text.translate(_ASCII)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").upper()


def new_site_id(cluster_id: str, place: str, taken: set[str]) -> str:
    """A free site id ``CLUSTER-PLACE`` (``-2``, ``-3`` … when it is taken)."""
    base = f"{cluster_id}-{slug(place) or 'SITE'}"
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def town_points(ds: Dataset) -> pd.DataFrame:
    """The towns the data already places (``hubs.csv`` first, then ``sites.csv``): one row per
    municipality and town with its point and where it comes from. No gazetteer: only towns
    that a row of the data names with coordinates."""
    parts = []
    for frame, key, file in ((ds.hubs, "hub_id", "hubs.csv"), (ds.sites, "site_id", "sites.csv")):
        if frame.empty:
            continue
        f = frame[(frame["town"].astype(str) != "") & (frame["kommunekode"].astype(str) != "")]
        f = f[f["latitude"].notna() & f["longitude"].notna()]
        parts.append(
            pd.DataFrame(
                {
                    "town": f["town"].astype(str),
                    "kommunekode": f["kommunekode"].astype(str),
                    "latitude": f["latitude"].astype(float),
                    "longitude": f["longitude"].astype(float),
                    "source": [f"{file}: {k}" for k in f[key]],
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=["town", "kommunekode", "latitude", "longitude", "source"])
    towns = pd.concat(parts, ignore_index=True)
    return towns.drop_duplicates(["kommunekode", "town"], keep="first").reset_index(drop=True)


@dataclass(frozen=True)
class Placement:
    """Where a site goes: the cells of ``sites.csv`` that say so (coordinates as text, as typed)."""

    town: str
    kommunekode: str
    latitude: str
    longitude: str
    coord_precision: str
    coord_source: str

    def values(self) -> dict[str, str]:
        return {
            "town": self.town,
            "kommunekode": self.kommunekode,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "coord_precision": self.coord_precision,
            "coord_source": self.coord_source,
        }


def by_municipality(layers: GeoLayers, code: str) -> Placement | None:
    """At a point inside the municipality (its DAGI label point): precision ``municipality``,
    the town unknown (empty)."""
    point = municipality_point(layers.municipalities, code)
    if point is None:
        return None
    name = layers.places.names.get(code, code)
    return Placement(
        "",
        code,
        f"{point[0]:.5f}",
        f"{point[1]:.5f}",
        "municipality",
        f"a point inside municipality {code} {name} (DAGI label point); the town is not known",
    )


def by_town(towns: pd.DataFrame, code: str, town: str) -> Placement | None:
    """At a town's point as the data already has it: precision ``town``."""
    hit = towns[(towns["kommunekode"] == code) & (towns["town"] == town)]
    if hit.empty:
        return None
    r = hit.iloc[0]
    return Placement(
        town,
        code,
        f"{float(r['latitude']):.5f}",
        f"{float(r['longitude']):.5f}",
        "town",
        f"the town point of {town} in {r['source']}",
    )


def by_coordinates(code: str, town: str, lat: str, lon: str, precision: str, who: str) -> Placement:
    """At typed coordinates (a decimal comma is read as a point), with the precision the user gives."""
    return Placement(
        town.strip(),
        code,
        lat.strip().replace(",", "."),
        lon.strip().replace(",", "."),
        precision,
        f"typed in the editor by {who}",
    )


def as_float(text: str) -> float | None:
    try:
        v = float(text)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


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


def _place_inputs(
    layers: GeoLayers, ds: Dataset, key: str, current: Mapping[str, Any] | None, who: Identity
) -> Placement | None:
    """The municipality, then how the site is placed; the placement (None while it cannot be made)."""
    lg = common.lang()
    names = layers.places.names
    codes = sorted(names, key=lambda c: (names[c], c))
    start = str(current.get("kommunekode", "")) if current else ""
    c1, c2 = st.columns([2, 3])
    code = c1.selectbox(
        t("ed_place_municipality", lg),
        codes,
        index=codes.index(start) if start in codes else 0,
        format_func=lambda c: f"{names[c]} ({c})",
        key=f"{key}_muni",
    )
    how = c2.radio(
        t("ed_place_how", lg),
        PLACE_HOWS,
        index=2 if current and str(current.get("latitude", "")) else 0,  # a placed site: its point
        horizontal=True,
        format_func=lambda h: t(f"ed_place_how_{h}", lg),
        key=app_state.widget_key(f"{key}_how"),
    )
    if how == "municipality":
        return by_municipality(layers, code)
    if how == "town":
        towns = town_points(ds)
        here = sorted(towns.loc[towns["kommunekode"] == code, "town"])
        if not here:
            st.info(t("ed_place_no_towns", lg, kommune=common.md_escape(names[code])))
            return None
        town = st.selectbox(t("ed_place_town", lg), here, key=f"{key}_town_{code}")
        return by_town(towns, code, town)
    c1, c2, c3, c4 = st.columns([2, 2, 2, 2])
    town_text = c1.text_input(
        t("ed_place_town", lg), value=str(current.get("town", "")) if current else "", key=f"{key}_town_text"
    )
    lat = c2.text_input(
        t("ed_place_lat", lg), value=str(current.get("latitude", "")) if current else "", key=f"{key}_lat"
    )
    lon = c3.text_input(
        t("ed_place_lon", lg), value=str(current.get("longitude", "")) if current else "", key=f"{key}_lon"
    )
    prec = c4.selectbox(
        t("ed_place_precision", lg),
        TYPED_PRECISIONS,
        format_func=lambda v: t(f"prec_{v}", lg),
        key=app_state.widget_key(f"{key}_prec"),
    )
    # "Name (email)": "Name <email>" would read as markup to the data check
    person = f"{who.name} ({who.email})" if who.name and who.name != who.email else who.email
    return by_coordinates(code, town_text, lat, lon, prec, person)


def _show_place(layers: GeoLayers, placement: Placement, *, site: str, kind: str) -> bool:
    """The placement in words, its problems (naming the field) and the small map; whether it
    may be saved (no error; a warning is shown and confirmed on save)."""
    lg = common.lang()
    issues = point_issues(placement.latitude, placement.longitude, placement.kommunekode, layers.places)
    labels = {"latitude": t("ed_place_lat", lg), "longitude": t("ed_place_lon", lg)}
    for issue in issues:
        text = t(
            "ed_place_issue",
            lg,
            field=common.md_escape(labels.get(issue.field or "", issue.field or "")),
            message=common.md_escape(message_text(issue, lg)),
        )
        (st.error if issue.severity == "error" else st.warning)(text)
    errors = [i for i in issues if i.severity == "error"]
    lat = None if errors else as_float(placement.latitude)
    lon = None if errors else as_float(placement.longitude)
    name = layers.places.names.get(placement.kommunekode, "")
    st.caption(
        t(
            "ed_place_summary",
            lg,
            site=common.md_escape(site),
            town=common.md_escape(placement.town or t("unknown", lg)),
            code=placement.kommunekode,
            kommune=common.md_escape(name),
            lat=common.md_escape(placement.latitude or "–"),
            lon=common.md_escape(placement.longitude or "–"),
            precision=t(f"prec_{placement.coord_precision}", lg),
        )
    )
    view = (layers.source_hash, placement.kommunekode, lat, lon, kind, site, placement.coord_precision, lg)
    payload = common.per_view(
        "place_map",
        view,
        lambda: common.map_payload(
            place_preview_map(
                layers.display,
                placement.kommunekode,
                lat,
                lon,
                kind=kind,
                title=site,
                precision=placement.coord_precision,
                lang=lg,
            ),
            "ed_place_map",
        ),
    )
    common.show_map(payload, key="ed_place_map", height=340)
    return not errors


def site_place_form(
    store: DataStore, ds: Dataset, who: Identity, places: Places | None, layers: GeoLayers | None
) -> None:
    """A new site, or a site moved: placed at a point in a municipality, at a town the data
    already has, or at typed coordinates; shown on a small map, then saved like every edit."""
    lg = common.lang()
    st.subheader(t("ed_place_title", lg), anchor=False)
    if layers is None:
        st.info(t("ed_place_no_geodata", lg))
        return
    mode = st.radio(
        t("ed_place_mode", lg),
        ("new", "move"),
        horizontal=True,
        format_func=lambda m: t(f"ed_place_mode_{m}", lg),
        key=app_state.widget_key("ed_place_mode"),
    )
    snap_key = (
        f"ed_place_rows_{st.session_state.get('ed_generation', 0)}_{st.session_state.get('ed_place_gen', 0)}"
    )
    if snap_key not in st.session_state:  # the sites and versions this form started from
        st.session_state[snap_key] = store.rows()["sites"]
    loaded: list[dict[str, Any]] = st.session_state[snap_key]
    current: dict[str, Any] | None = None
    if mode == "move":
        by_id = {str(r["row_id"]): r for r in loaded}
        site_id = st.selectbox(
            t("ed_place_site", lg),
            sorted(by_id),
            format_func=lambda r: f"{r} · {by_id[r].get('town') or '–'}",
            key="ed_place_site",
        )
        current = by_id[site_id]
        kind = str(current["kind"])
        placement = _place_inputs(layers, ds, f"ed_place_move_{site_id}", current, who)
    else:
        clusters = common.cluster_labels(ds)
        c1, c2, c3 = st.columns([3, 2, 2])
        cluster = c1.selectbox(
            t("ed_cluster", lg), list(clusters), format_func=clusters.__getitem__, key="ed_place_cluster"
        )
        kind = c2.selectbox(
            t("ed_place_kind", lg),
            PLACE_KINDS,
            format_func=lambda k: t(f"kind_{k}", lg),
            key=app_state.widget_key("ed_place_kind"),
        )
        since = c3.date_input(t("ed_from", lg), value=date.today(), key="ed_place_from", format="DD.MM.YYYY")
        placement = _place_inputs(layers, ds, "ed_place_new", None, who)
        site_id = ""
        if placement is not None:
            place = placement.town or layers.places.names.get(placement.kommunekode, placement.kommunekode)
            site_id = new_site_id(cluster, place, {str(r["row_id"]) for r in loaded})
    if placement is None:
        return
    ok = _show_place(layers, placement, site=site_id, kind=kind)
    reason, source, confidence, confirm = _provenance_inputs("ed_place")
    c1, c2 = st.columns(2)
    if c1.button(t("ed_place_save", lg), key="ed_place_button", type="primary", disabled=not ok):
        if current is not None:
            edit = RowEdit("sites", "change", site_id, placement.values(), int(current["version"]))
        else:
            url = source.strip() if source.strip().startswith(("http://", "https://")) else ""
            values = {
                "site_id": site_id,
                "cluster_id": cluster,
                "kind": kind,
                "shared_with_hub": "unknown",
                "valid_from": since.isoformat(),
                **placement.values(),
                "source_url": url,
                "confidence": confidence,
                "notes": "" if url else source.strip(),  # a written source: kept in the notes
            }
            edit = RowEdit("sites", "add", site_id, values)
        _save(
            store,
            [edit],
            who,
            reason=reason,
            source=source.strip(),
            confidence=confidence,
            confirm=confirm,
            places=places,
        )
    if current is not None and c2.button(
        t("ed_place_reload", lg), key="ed_place_reload", help=t("ed_place_reload_help", lg)
    ):
        st.session_state["ed_place_gen"] = st.session_state.get("ed_place_gen", 0) + 1
        st.rerun()


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
            st.caption(t("hi_count", lg, n=len(entries)))
            if entries:
                st.dataframe(history_frame(list(reversed(entries)), lg), hide_index=True, width="stretch")


@dataclass(frozen=True)
class HistoryFilters:
    entity: str  # "" = every table
    row_id: str
    user: str
    since: str | None  # ISO date


def since_from_url(raw: str | None) -> date | None:
    """The ``since`` of a link as a date (None when absent or not a date)."""
    try:
        return date.fromisoformat(raw.strip()) if raw else None
    except ValueError:
        return None


def history_filters() -> HistoryFilters:
    """The filters of Historik, read from and written to the link (``entity``, ``row``, ``user``,
    ``since``: parameters of this page, not sticky), so ``historik?entity=sites&row=X`` opens
    one row's history. A table or date in the link that cannot be used is replaced by "all",
    with a note under the title."""
    lg = common.lang()

    def entity_label(e: str) -> str:
        return t(f"entity_{e}", lg) + f" ({e})" if e else t("hi_all", lg)

    options = ["", *ENTITIES]
    start = app_state.choice("entity", ENTITIES, "", entity_label)
    raw_since = common.qp_get("since")
    since_start = since_from_url(raw_since)
    if raw_since and since_start is None:
        app_state.report("since", raw_since, t("hi_all", lg))
    c1, c2, c3, c4 = st.columns(4)
    entity = c1.selectbox(
        t("hi_entity", lg),
        options,
        index=options.index(start),
        format_func=entity_label,
        key=app_state.widget_key("hi_entity"),
    )
    row_id = c2.text_input(t("hi_row", lg), value=common.qp_get("row", "") or "", key="hi_row").strip()
    user = c3.text_input(t("hi_user", lg), value=common.qp_get("user", "") or "", key="hi_user").strip()
    since = c4.date_input(t("hi_since", lg), value=since_start, key="hi_since", format="DD.MM.YYYY")
    common.qp_set("entity", entity)
    common.qp_set("row", row_id)
    common.qp_set("user", user)
    common.qp_set("since", since.isoformat() if isinstance(since, date) else None)
    return HistoryFilters(entity, row_id, user, since.isoformat() if isinstance(since, date) else None)


def history_table(store: DataStore, who: Identity, places: Places | None) -> None:
    """The recorded changes, filtered by table, row, user and date; revert for an admin."""
    lg = common.lang()
    f = history_filters()
    entries = store.history(
        entity=f.entity or None, row_id=f.row_id or None, user=f.user or None, since=f.since
    )
    entries = [e for e in entries if e.field != POSITION]
    st.caption(t("hi_count", lg, n=len(entries)))
    if entries:
        st.dataframe(history_frame(list(reversed(entries[-2000:])), lg), hide_index=True, width="stretch")
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
