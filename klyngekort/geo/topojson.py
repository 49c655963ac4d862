"""A small, standard TopoJSON decoder (polygons only).

Why not GDAL? The DAGI TopoJSON files from Neogeografen carry a dummy third value
(``-999``) on the first position of every arc. GDAL's TopoJSON driver (3.12) then
decodes wrong coordinates (bounds start at 0,0). The TopoJSON specification, and
topojson-client, use only the first two values of each position; so does this module.

Supported: quantised (``transform``) and unquantised topologies, delta-encoded arcs,
negative arc indices (``~i``: arc ``i`` reversed), ``Polygon``, ``MultiPolygon`` and
null geometries, nested ``GeometryCollection`` objects (flattened into features).
A ring that has fewer than 4 positions after decoding (collapsed by quantisation)
is dropped; a polygon whose outer ring collapses is dropped entirely.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

__all__ = ["TopoJSONError", "decode_topology", "is_topology", "polygon_count", "read_topojson"]

_WGS84_NAMES = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:ogc::crs84",
    "crs84",
    "epsg:4326",
    "urn:ogc:def:crs:epsg::4326",
}


class TopoJSONError(ValueError):
    """The data is not a TopoJSON topology this decoder understands."""


def is_topology(data: Any) -> bool:
    """True if ``data`` (a parsed JSON value) is a TopoJSON ``Topology`` object."""
    return isinstance(data, Mapping) and data.get("type") == "Topology"


def _decode_arcs(topology: Mapping[str, Any]) -> list[np.ndarray]:
    arcs = topology.get("arcs")
    if not isinstance(arcs, list):
        raise TopoJSONError("the topology has no 'arcs' array")
    transform = topology.get("transform")
    if transform is not None:
        try:
            scale = np.asarray(transform["scale"][:2], dtype=float)
            translate = np.asarray(transform["translate"][:2], dtype=float)
        except (KeyError, TypeError, ValueError) as exc:
            raise TopoJSONError(f"invalid 'transform': {exc}") from exc
        if scale.shape != (2,) or translate.shape != (2,):
            raise TopoJSONError("invalid 'transform': scale and translate need two values each")
    decoded: list[np.ndarray] = []
    for i, arc in enumerate(arcs):
        try:
            # Only the first two values of each position count (the spec allows more).
            pts = np.array([(p[0], p[1]) for p in arc], dtype=float).reshape(-1, 2)
        except (TypeError, IndexError, ValueError) as exc:
            raise TopoJSONError(f"arc {i} is not a list of positions") from exc
        if transform is not None and len(pts):
            pts = np.cumsum(pts, axis=0) * scale + translate
        decoded.append(pts)
    return decoded


def _ring(indices: Sequence[int], arcs: list[np.ndarray]) -> np.ndarray:
    parts: list[np.ndarray] = []
    for k, idx in enumerate(indices):
        if not isinstance(idx, int):
            raise TopoJSONError(f"arc index {idx!r} is not an integer")
        j = idx if idx >= 0 else ~idx
        if j >= len(arcs):
            raise TopoJSONError(f"arc index {idx} out of range ({len(arcs)} arcs)")
        pts = arcs[j] if idx >= 0 else arcs[j][::-1]
        # Consecutive arcs share their end/start position: keep it once.
        parts.append(pts if k == 0 else pts[1:])
    if not parts:
        return np.empty((0, 2))
    ring = np.concatenate(parts)
    if len(ring) and not np.array_equal(ring[0], ring[-1]):
        ring = np.vstack([ring, ring[:1]])
    return ring


def _polygon(rings: Sequence[Sequence[int]], arcs: list[np.ndarray]) -> Polygon | None:
    decoded = [_ring(r, arcs) for r in rings]
    if not decoded or len(decoded[0]) < 4:
        return None
    holes = [h for h in decoded[1:] if len(h) >= 4]
    return Polygon(decoded[0], holes)


def _geometry(obj: Mapping[str, Any], arcs: list[np.ndarray]) -> BaseGeometry | None:
    gtype = obj.get("type")
    if gtype is None:
        return None
    if gtype == "Polygon":
        return _polygon(obj.get("arcs") or [], arcs)
    if gtype == "MultiPolygon":
        polys = [p for p in (_polygon(rings, arcs) for rings in obj.get("arcs") or []) if p is not None]
        return MultiPolygon(polys) if polys else None
    raise TopoJSONError(f"geometry type {gtype!r} is not supported (only Polygon and MultiPolygon)")


def _walk(obj: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    if obj.get("type") == "GeometryCollection":
        for child in obj.get("geometries") or []:
            if isinstance(child, Mapping):
                yield from _walk(child)
    else:
        yield obj


def _crs_of(obj: Mapping[str, Any], topology: Mapping[str, Any]) -> str:
    """The (non-standard) ``crs`` member of the object or topology; EPSG:4326 when absent."""
    for holder in (obj, topology):
        crs = holder.get("crs")
        if isinstance(crs, Mapping):
            name = (crs.get("properties") or {}).get("name")
            if isinstance(name, str) and name.strip():
                return "EPSG:4326" if name.strip().lower() in _WGS84_NAMES else name.strip()
    return "EPSG:4326"


def decode_topology(
    topology: Mapping[str, Any], object_name: str | None = None
) -> tuple[list[dict[str, Any]], list[BaseGeometry | None], str]:
    """Decode one object of a parsed topology.

    Returns ``(properties, geometries, crs)``: one properties dict (with ``id`` added
    when the geometry has one and its properties do not) and one shapely geometry
    (or ``None``) per feature, and the declared CRS (default ``EPSG:4326``).
    ``object_name`` defaults to the only (or first) object.
    """
    if not is_topology(topology):
        raise TopoJSONError("not a TopoJSON Topology (top-level 'type' must be 'Topology')")
    objects = topology.get("objects")
    if not isinstance(objects, Mapping) or not objects:
        raise TopoJSONError("the topology has no objects")
    if object_name is None:
        object_name = next(iter(objects))
    if object_name not in objects:
        raise TopoJSONError(f"no object named {object_name!r} (have: {', '.join(objects)})")
    obj = objects[object_name]
    if not isinstance(obj, Mapping):
        raise TopoJSONError(f"object {object_name!r} is not a JSON object")
    arcs = _decode_arcs(topology)
    props: list[dict[str, Any]] = []
    geoms: list[BaseGeometry | None] = []
    for feature in _walk(obj):
        p = dict(feature.get("properties") or {})
        if "id" in feature and "id" not in p:
            p["id"] = feature["id"]
        props.append(p)
        geoms.append(_geometry(feature, arcs))
    return props, geoms, _crs_of(obj, topology)


def read_topojson(source: Path | str | Mapping[str, Any], object_name: str | None = None) -> gpd.GeoDataFrame:
    """Read a TopoJSON file (or parsed topology) into a GeoDataFrame in its declared CRS.

    Raises :class:`TopoJSONError` for content that is not a supported topology and
    ``OSError``/``UnicodeDecodeError`` for unreadable files.
    """
    if isinstance(source, Mapping):
        topology = source
    else:
        try:
            topology = json.loads(Path(source).read_bytes())
        except json.JSONDecodeError as exc:
            raise TopoJSONError(f"not valid JSON: {exc}") from exc
    props, geoms, crs = decode_topology(topology, object_name)
    frame = gpd.GeoDataFrame(props, geometry=gpd.GeoSeries(np.array(geoms, dtype=object)), crs=crs)
    if not props:
        frame = gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=crs))
    return frame


def polygon_count(geoms: Sequence[BaseGeometry | None]) -> int:
    """Number of polygon parts in ``geoms`` (a MultiPolygon counts each part)."""
    arr = np.asarray([g for g in geoms if g is not None], dtype=object)
    return int(shapely.get_num_geometries(arr).sum()) if len(arr) else 0
