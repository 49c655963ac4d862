"""Checks of scenario changes against a dataset: known ids, known municipality codes, numbers
in range, duplicates. Every problem is an :class:`~klyngekort.core.validation.Issue` that
names the change by its position, the field and the value.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from klyngekort.core import schema
from klyngekort.core.model import Dataset, Issue
from klyngekort.core.periods import parse_iso
from klyngekort.core.validation import LATITUDE_RANGE, LONGITUDE_RANGE
from klyngekort.scenarios.changes import (
    _KOMMUNEKODE_RE,
    ADD_SITE_KINDS,
    CHANGE_TYPES,
    AddCoLocation,
    AddSecondment,
    AddSite,
    AddTie,
    Change,
    RemoveSite,
    _change_fields,
    _field_type,
    _is_number,
)


def _ids(df: pd.DataFrame, col: str) -> set[str]:
    if col not in df.columns:
        return set()
    return {str(v) for v in df[col].tolist() if isinstance(v, str) and v}


def _known_kommunekoder(ds: Dataset) -> set[str]:
    return (
        _ids(ds.hub_areas, "kommunekode") | _ids(ds.population, "kommunekode") | _ids(ds.hubs, "kommunekode")
    )


def validate_changes(
    ds: Dataset, changes: list[Change] | tuple[Change, ...], *, source: str = "scenarie"
) -> list[Issue]:
    """Check the changes against the dataset: unknown ids, bad dates and counts,
    a site removed twice, duplicates. ``line`` is the 1-based change index."""
    return _validate_indexed(ds, list(enumerate(changes, start=1)), source=source)


def _validate_indexed(ds: Dataset, indexed: list[tuple[int, Any]], *, source: str) -> list[Issue]:
    issues: list[Issue] = []
    clusters = _ids(ds.clusters, "cluster_id")
    hubs = _ids(ds.hubs, "hub_id")
    sites = _ids(ds.sites, "site_id")
    kommuner = _known_kommunekoder(ds)
    ceased = set()
    if "status_2021_2024" in ds.clusters.columns:
        c = ds.clusters
        mask = c["status_2021_2024"] == "ceased"
        if "period_2025_2028" in c.columns:
            mask &= c["period_2025_2028"] != "yes"
        ceased = {str(v) for v in c.loc[mask, "cluster_id"].tolist()}
    hub_coords_missing = set()
    if {"latitude", "longitude"} <= set(ds.hubs.columns):
        h = ds.hubs
        bad = (
            pd.to_numeric(h["latitude"], errors="coerce").isna()
            | pd.to_numeric(h["longitude"], errors="coerce").isna()
        )
        hub_coords_missing = {str(v) for v in h.loc[bad, "hub_id"].tolist()}
    existing_co = set()
    if {"cluster_id", "hub_id", "kind"} <= set(ds.sites.columns):
        s = ds.sites[ds.sites["kind"] == "co_location"]
        existing_co = set(zip(s["cluster_id"].astype(str), s["hub_id"].astype(str), strict=False))
    existing_ties = set()
    if {"cluster_id", "hub_id"} <= set(ds.ties.columns):
        existing_ties = set(
            zip(ds.ties["cluster_id"].astype(str), ds.ties["hub_id"].astype(str), strict=False)
        )

    removed: dict[str, int] = {}
    added_co: dict[tuple[str, str], int] = {}
    added_ties: dict[tuple[str, str], int] = {}

    for pos, ch in indexed:

        def add(
            fld: str | None,
            code: str,
            severity: str = "error",
            *,
            pos: int = pos,
            ch: Any = ch,
            **params: Any,
        ) -> None:
            where = {"change": pos, "change_kind": getattr(ch, "kind", "?")}
            issues.append(Issue(source, pos, fld, code, {**where, **params}, severity))  # type: ignore[arg-type]

        if not isinstance(ch, tuple(CHANGE_TYPES.values())):
            add(None, "scenario.unknown_change_type", type=type(ch).__name__)
            continue
        # Types (changes built in code rather than parsed from JSON).
        bad_type = False
        for f in _change_fields(type(ch)):
            want = _field_type(type(ch), f)
            v = getattr(ch, f.name)
            if want is int and (isinstance(v, bool) or not isinstance(v, int)):
                add(f.name, "scenario.value_not_int", field=f.name, value=repr(v))
                bad_type = True
            elif want is bool and not isinstance(v, bool):
                add(f.name, "scenario.value_not_bool", field=f.name, value=repr(v))
                bad_type = True
            elif want is str and not isinstance(v, str):
                add(f.name, "scenario.value_not_text", field=f.name, value=repr(v))
                bad_type = True
            elif want is float and v is not None and not (_is_number(v) and math.isfinite(v)):
                add(f.name, "scenario.value_not_number", field=f.name, value=repr(v))
                bad_type = True
        if bad_type:
            continue

        cluster = getattr(ch, "cluster_id", None)
        if cluster is not None:
            if cluster not in clusters:
                add("cluster_id", "scenario.unknown_cluster", cluster=cluster)
            elif cluster in ceased:
                add("cluster_id", "scenario.cluster_ceased", "warning", cluster=cluster)
        hub = getattr(ch, "hub_id", None)
        if hub is not None and hub not in hubs:
            add("hub_id", "scenario.unknown_hub", hub=hub)
        vf = getattr(ch, "valid_from", None)
        if vf and parse_iso(vf) is None:
            add("valid_from", "scenario.bad_valid_from", value=vf)

        if isinstance(ch, AddCoLocation):
            key = (ch.cluster_id, ch.hub_id)
            if key in added_co:
                add("hub_id", "scenario.duplicate_co_location", "warning", other=added_co[key])
            else:
                added_co[key] = pos
            if key in existing_co:
                add("hub_id", "scenario.already_co_located", "warning", cluster=ch.cluster_id, hub=ch.hub_id)
            if hub in hubs and hub in hub_coords_missing:
                add("hub_id", "scenario.hub_without_coordinates", "warning", hub=ch.hub_id)
        elif isinstance(ch, AddSecondment):
            if ch.persons < 1:
                add("persons", "scenario.persons_below_one", persons=ch.persons)
        elif isinstance(ch, RemoveSite):
            if ch.site_id in removed:
                add("site_id", "scenario.site_removed_twice", site=ch.site_id, other=removed[ch.site_id])
            elif ch.site_id not in sites:
                add("site_id", "scenario.unknown_site", site=ch.site_id)
            else:
                removed[ch.site_id] = pos
        elif isinstance(ch, AddTie):
            if ch.tie_kind not in schema.TIE_KINDS:
                add(
                    "tie_kind", "scenario.unknown_tie_kind", value=ch.tie_kind, allowed=list(schema.TIE_KINDS)
                )
            key = (ch.cluster_id, ch.hub_id)
            if key in added_ties:
                add("hub_id", "scenario.duplicate_tie", "warning", other=added_ties[key])
            else:
                added_ties[key] = pos
            if key in existing_ties:
                add("hub_id", "scenario.tie_exists", "warning", hub=ch.hub_id, cluster=ch.cluster_id)
        elif isinstance(ch, AddSite):
            if ch.site_kind not in ADD_SITE_KINDS:
                add(
                    "site_kind",
                    "scenario.unknown_site_kind",
                    value=ch.site_kind,
                    allowed=list(ADD_SITE_KINDS),
                )
            if not _KOMMUNEKODE_RE.match(ch.kommunekode):
                add("kommunekode", "scenario.bad_kommunekode", value=ch.kommunekode)
            elif kommuner and ch.kommunekode not in kommuner:
                add("kommunekode", "scenario.unknown_kommunekode", value=ch.kommunekode)
            if (ch.latitude is None) != (ch.longitude is None):
                missing = "longitude" if ch.longitude is None else "latitude"
                add(missing, "scenario.coordinate_half", missing=missing)
            elif ch.latitude is not None and ch.longitude is not None:
                lat, lon = float(ch.latitude), float(ch.longitude)
                if not (
                    LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1]
                    and LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]
                ):
                    add(
                        "latitude",
                        "scenario.outside_denmark",
                        lat=str(lat),
                        lon=str(lon),
                        lat_min=str(LATITUDE_RANGE[0]),
                        lat_max=str(LATITUDE_RANGE[1]),
                        lon_min=str(LONGITUDE_RANGE[0]),
                        lon_max=str(LONGITUDE_RANGE[1]),
                    )
    return issues
