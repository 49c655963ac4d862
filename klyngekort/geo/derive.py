"""Layers derived from the municipalities: erhvervshus areas dissolved from their
municipalities, the coverage-simplified display layer in EPSG:4326
(``shapely.coverage_simplify``, so neighbours keep a shared edge), the hub outlines
dissolved from that display layer so they match it exactly, and its GeoJSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

from klyngekort.geo.read import (
    CRS_DISPLAY,
    CRS_METRIC,
    DEFAULT_DISPLAY_TOLERANCE,
    DISPLAY_GRID,
    HUB_COLUMNS,
    SMALL_ISLAND_MAX_AREA_CHANGE,
    _code4,
    _polygonal,
    _text,
    _typed,
)


def _hub_lookup(mapping: Mapping[Any, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in mapping.items():
        code = _code4(k)
        hub = _text(v)
        if code is not None and hub:
            out[code] = hub
    return out


def _dissolve_by_hub(
    frame: gpd.GeoDataFrame, mapping: Mapping[str, str], union: Callable[[list[BaseGeometry]], BaseGeometry]
) -> gpd.GeoDataFrame:
    lookup = _hub_lookup(mapping)
    hubs = frame["kommunekode"].map(lookup)
    rows = []
    for hub_id, sel in frame[hubs.notna()].groupby(hubs[hubs.notna()], sort=True):
        geoms = list(sel.geometry.values)
        rows.append({"hub_id": str(hub_id), "geometry": union(geoms), "n_municipalities": len(sel)})
    out = gpd.GeoDataFrame(rows, columns=list(HUB_COLUMNS), geometry="geometry", crs=frame.crs)
    out["hub_id"] = out["hub_id"].astype(str)
    out["n_municipalities"] = out["n_municipalities"].astype("int64")
    return out.reset_index(drop=True)


def dissolve_hub_areas(munis: gpd.GeoDataFrame, mapping: Mapping[str, str]) -> gpd.GeoDataFrame:
    """Erhvervshus areas: ``munis`` dissolved by ``mapping`` (kommunekode -> hub_id).

    Columns :data:`HUB_COLUMNS` (``hub_id``, ``geometry``, ``n_municipalities``), sorted by
    hub_id, in the CRS of ``munis``. Municipalities without a hub (0411) are left out.
    """

    def union(geoms: list[BaseGeometry]) -> BaseGeometry:
        u = shapely.union_all(geoms)
        return u if u.is_valid else _polygonal(shapely.make_valid(u))

    return _dissolve_by_hub(munis, mapping, union)


def display_hub_outlines(display: gpd.GeoDataFrame, mapping: Mapping[str, str]) -> gpd.GeoDataFrame:
    """Hub areas dissolved from the *simplified* display layer, so hub outlines run exactly
    along the displayed municipality borders. Same columns as :func:`dissolve_hub_areas`."""

    def union(geoms: list[BaseGeometry]) -> BaseGeometry:
        arr = np.asarray(geoms, dtype=object)
        if shapely.coverage_is_valid(arr):
            u = shapely.coverage_union_all(arr)
            if u.is_valid:
                return u
        u = shapely.union_all(arr)
        return u if u.is_valid else _polygonal(shapely.make_valid(u))

    return _dissolve_by_hub(display, mapping, union)


def display_hub_boundaries(display: gpd.GeoDataFrame, mapping: Mapping[str, str]) -> gpd.GeoDataFrame:
    """The borders *between* hub areas as lines (no coastline), from the display layer.

    Drawn over the municipalities they outline the hub areas for a fraction of the bytes
    of the dissolved polygons (about 5 KB against 90 KB for Denmark). Columns: ``hub_id``
    (the area on whose boundary the line lies; each shared border appears once) and geometry.
    """
    areas = display_hub_outlines(display, mapping)
    rows: list[tuple[str, BaseGeometry]] = []
    seen = shapely.Polygon()
    for hub_id, geom in zip(areas["hub_id"], areas.geometry, strict=True):
        others = areas.loc[areas["hub_id"] != hub_id].geometry.union_all()
        shared = shapely.intersection(geom.boundary, others.boundary)
        shared = shapely.difference(shared, seen) if not seen.is_empty else shared
        seen = shapely.union(seen, shared)
        merged = shapely.line_merge(shared) if not shared.is_empty else shared
        if not merged.is_empty:
            rows.append((hub_id, merged))
    return gpd.GeoDataFrame({"hub_id": [r[0] for r in rows]}, geometry=[r[1] for r in rows], crs=display.crs)


def display_layer(munis: gpd.GeoDataFrame, tolerance: float = DEFAULT_DISPLAY_TOLERANCE) -> gpd.GeoDataFrame:
    """A light copy of ``munis`` for the web map, in EPSG:4326.

    Simplified with ``shapely.coverage_simplify`` in EPSG:25832 (Visvalingam-Whyatt:
    ``tolerance`` is about the square root, in metres, of the area a removed vertex may
    cut off; shared borders stay identical on both sides, no gaps or overlaps, and no
    ring is removed, so small islands stay, at least as triangles). An isolated
    municipality that simplification would distort (area change over
    :data:`SMALL_ISLAND_MAX_AREA_CHANGE`, i.e. Christiansø) keeps its full shape.
    Coordinates are then snapped to a 1e-5° grid (5 decimals) with ``shapely.set_precision``
    on the whole array, which keeps a valid coverage valid (checked in the tests).
    Columns :data:`DISPLAY_COLUMNS`, same row order as ``munis``.
    """
    metric = (
        munis
        if CRS.from_user_input(munis.crs) == CRS.from_user_input(CRS_METRIC)
        else munis.to_crs(CRS_METRIC)
    )
    geoms = np.asarray(metric.geometry.values, dtype=object)
    simplified = shapely.coverage_simplify(geoms, tolerance) if tolerance > 0 else geoms.copy()
    # Islands that no other municipality touches (Christiansø) can keep their full shape
    # without harming the coverage; do so where simplification changed their area a lot.
    area = shapely.area(geoms)
    changed = np.abs(shapely.area(simplified) - area) > SMALL_ISLAND_MAX_AREA_CHANGE * area
    if changed.any():
        tree = shapely.STRtree(geoms)
        for i in np.flatnonzero(changed):
            if set(tree.query(geoms[i], predicate="intersects").tolist()) <= {int(i)}:
                simplified[i] = geoms[i]
    lonlat = np.asarray(gpd.GeoSeries(simplified, crs=CRS_METRIC).to_crs(CRS_DISPLAY).values, dtype=object)
    snapped = _snap(lonlat)
    empty = np.array([g is None or g.is_empty for g in snapped], dtype=bool)
    if empty.any():
        # Too small to survive simplification: snap the unsimplified shape instead.
        original = np.asarray(
            gpd.GeoSeries(geoms[empty], crs=CRS_METRIC).to_crs(CRS_DISPLAY).values, dtype=object
        )
        snapped[empty] = _snap(original)
    out = gpd.GeoDataFrame(
        {
            "kommunekode": munis["kommunekode"].to_numpy(),
            "kommune": munis["kommune"].to_numpy(),
            "outside_division": munis["outside_division"].to_numpy(),
            "geometry": snapped,
        },
        geometry="geometry",
        crs=CRS_DISPLAY,
    )
    return _typed(out)


def _snap(geoms: np.ndarray) -> np.ndarray:
    """Snap to the DISPLAY_GRID, keeping polygons only.

    ``set_precision`` runs on the whole array (identical shared vertices snap identically,
    so a valid coverage stays valid). An element it cannot handle (invalid after
    reprojection of a very coarse simplification) is made valid first.
    """
    try:
        out = shapely.set_precision(geoms, DISPLAY_GRID)
    except shapely.errors.GEOSException:
        out = np.empty(len(geoms), dtype=object)
        for i, g in enumerate(geoms):
            try:
                out[i] = shapely.set_precision(g, DISPLAY_GRID)
            except shapely.errors.GEOSException:
                out[i] = shapely.set_precision(shapely.make_valid(g), DISPLAY_GRID)
    # valid-output mode may turn a collapsed sliver into lines: keep the polygons.
    return np.array([_polygonal(g) for g in out], dtype=object)


def display_geojson(display: gpd.GeoDataFrame, properties: Iterable[str] = ("kommunekode", "kommune")) -> str:
    """Compact GeoJSON text of a display layer: only ``properties``, no ids, no spaces.

    Coordinates are printed as stored (5 decimals after :func:`display_layer`).
    """
    props = list(properties)
    features = [
        {
            "type": "Feature",
            "properties": {k: _jsonable(row[k]) for k in props},
            "geometry": geom.__geo_interface__,
        }
        for row, geom in zip(display[props].to_dict("records"), display.geometry.values, strict=True)
    ]
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False, separators=(",", ":")
    )


def _jsonable(v: Any) -> Any:
    if isinstance(v, (np.bool_,)):
        return bool(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    return v
