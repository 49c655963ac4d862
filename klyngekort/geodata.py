"""DAGI municipality boundaries: find, read, normalise, derive display layers, cache.

Klyngekort does not ship boundary data. It reads a DAGI municipality file from
``config.geodata_dir()`` (``$KLYNGEKORT_GEODATA``: a folder or a single file) and
derives from it, in EPSG:25832:

* :func:`read_municipalities` – one row per kommunekode (99 rows with 0411 Christiansø,
  which DAGI keeps outside the municipal division: ``outside_division=True``);
* :func:`dissolve_hub_areas` – the erhvervshus areas;
* :func:`display_layer` – a coverage-simplified copy in EPSG:4326 for the web map,
  with :func:`display_hub_outlines` dissolved from it so the outlines match exactly;
* :func:`load_layers` – all of the above behind a disk cache keyed by the source hash.

Readable formats: GeoJSON, TopoJSON (own decoder, see :mod:`klyngekort.topojson`),
GeoPackage and Shapefile, in any declared CRS (GeoJSON/TopoJSON without one: EPSG:4326).
Understood attribute sets: DAWA ``/kommuner`` (``kode``, ``navn``, ``regionskode``,
``udenforkommuneinddeling``, ``visueltcenter_x/y``) and DAGI 1:500.000 (``KOMKODE``,
``KOMNAVN``), matched case-insensitively; integer codes are padded (101 -> "0101").

Every problem with the geodata is raised as :class:`GeodataError`, whose message names
the file or folder and says how to get DAGI (:data:`HOW_TO_GET_DAGI`).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from klyngekort import config
from klyngekort.topojson import TopoJSONError, is_topology, read_topojson

log = logging.getLogger(__name__)

__all__ = [
    "CACHE_VERSION",
    "CRS_DISPLAY",
    "CRS_METRIC",
    "ATTRIBUTION_DAGI_500K_2014",
    "ATTRIBUTION_DAWA_2021",
    "ATTRIBUTION_GENERIC",
    "DEFAULT_DISPLAY_TOLERANCE",
    "DISPLAY_COLUMNS",
    "DISPLAY_GRID",
    "HOW_TO_GET_DAGI",
    "HUB_COLUMNS",
    "MUNICIPALITY_COLUMNS",
    "MUNICIPALITY_FILE_PATTERNS",
    "OUTSIDE_DIVISION_CODES",
    "PARISH_COLUMNS",
    "PARISH_FILE_PATTERNS",
    "SMALL_ISLAND_MAX_AREA_CHANGE",
    "GeoLayers",
    "GeodataError",
    "attribution_for",
    "display_geojson",
    "display_hub_outlines",
    "display_layer",
    "dissolve_hub_areas",
    "file_sha256",
    "find_municipality_file",
    "find_parish_file",
    "load_layers",
    "read_municipalities",
    "read_parishes",
]

HOW_TO_GET_DAGI = (
    "DAGI kommuneinddeling fra Klimadatastyrelsen (CC BY 4.0), fx via Datafordeleren "
    "(https://datafordeler.dk) eller dataforsyningen.dk; peg KLYNGEKORT_GEODATA på mappen eller filen"
)

CRS_METRIC = "EPSG:25832"
CRS_DISPLAY = "EPSG:4326"

#: File names searched (case-insensitively, recursively) in a geodata folder, best first.
#: The DAWA 2021 file (``municipalities.geojson``) is preferred over the 2014 DAGI 1:500.000 one.
MUNICIPALITY_FILE_PATTERNS: tuple[str, ...] = (
    "municipalities.geojson",
    "kommuner.geojson",
    "kommuner.gpkg",
    "kommuner.shp",
    "kommuner.topojson",
    "kommuner.topo.json",
    "kommuneinddeling.geojson",
    "kommuneinddeling.gpkg",
    "kommuneinddeling.shp",
    "kommune.gpkg",
    "kommune.shp",
)
PARISH_FILE_PATTERNS: tuple[str, ...] = ("sogne.topojson", "sogne.geojson", "sogne.gpkg", "sogne.shp")

#: Codes DAGI keeps outside the municipal division (Christiansø).
OUTSIDE_DIVISION_CODES = frozenset({"0411"})

MUNICIPALITY_COLUMNS = ("kommunekode", "kommune", "region_code", "outside_division", "label_x", "label_y", "geometry")
DISPLAY_COLUMNS = ("kommunekode", "kommune", "outside_division", "geometry")
HUB_COLUMNS = ("hub_id", "geometry", "n_municipalities")
PARISH_COLUMNS = ("feat_id", "sognekode", "sognenavn", "geometry")

#: ``shapely.coverage_simplify`` tolerance in metres (EPSG:25832). Visvalingam-Whyatt:
#: roughly the square root of the triangle area a removed vertex may cut off.
#: 500 m gives ~175-180 KB of compact GeoJSON (display_geojson) for the 99 municipalities of
#: either stored DAGI file (~200 KB with GeoDataFrame.to_json's default separators), keeps every
#: island (each ring at least a triangle) and looks right down to Bornholm/Fyn zoom.
DEFAULT_DISPLAY_TOLERANCE = 500.0
#: An isolated municipality (touching no other) whose area simplification changes by more
#: than this fraction keeps its unsimplified shape (Christiansø would otherwise be triangles).
SMALL_ISLAND_MAX_AREA_CHANGE = 0.2
#: Display coordinates are snapped to this grid in degrees (5 decimals, ~1 m).
DISPLAY_GRID = 1e-5

#: Bump when the cached layers change shape or meaning.
CACHE_VERSION = 1

_JSON_SUFFIXES = {".geojson", ".json", ".topojson"}

# Attribute aliases, lower case, best first.
_CODE_FIELDS = ("kommunekode", "komkode", "kode")
_NAME_FIELDS = ("kommunenavn", "komnavn", "navn", "kommune")
_REGION_FIELDS = ("regionskode", "regionkode")
_OUTSIDE_FIELDS = ("udenforkommuneinddeling",)
_CENTRE_FIELDS = (("visueltcenter_x", "visueltcenter_y"),)
_PARISH_ID_FIELDS = ("feat_id", "dagi_id")
_PARISH_CODE_FIELDS = ("sognekode", "kode")
_PARISH_NAME_FIELDS = ("sognenavn", "navn")

ATTRIBUTION_DAWA_2021 = (
    "Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur, DAGI (via DAWA), 2021 · CC BY 4.0"
)
ATTRIBUTION_DAGI_500K_2014 = "Indeholder data fra Geodatastyrelsen/SDFI, DAGI 1:500.000, februar 2014 · CC BY 4.0"
ATTRIBUTION_GENERIC = "Kommunegrænser: DAGI, Klimadatastyrelsen · CC BY 4.0"
# Known files (first 16 hex of the SHA-256, see shared/geodata/SOURCES.md).
_KNOWN_SOURCES = {
    "6369f0b74570f6c9": ATTRIBUTION_DAWA_2021,  # BeataJoKo/Data_Viz_vol2 municipalities.geojson
    "78003a638315d0c3": ATTRIBUTION_DAGI_500K_2014,  # Neogeografen/dagi geojson/kommuner.geojson
    "83849d079c3c3f7f": ATTRIBUTION_DAGI_500K_2014,  # Neogeografen/dagi topojson/sogne.topojson
}


class GeodataError(Exception):
    """The DAGI boundary data is missing or unusable.

    ``str(error)`` is a complete user-facing message: what is wrong, with which file or
    folder, and how to get DAGI. ``problem`` is the first part alone, ``path`` the file
    or folder concerned.
    """

    def __init__(self, problem: str, path: Path | None = None):
        self.problem = problem
        self.path = path
        super().__init__(f"{problem} Hent {HOW_TO_GET_DAGI}.")


# --------------------------------------------------------------------------- finding files


def _search(root: Path, patterns: Iterable[str]) -> Path | None:
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        files.extend(Path(dirpath) / f for f in filenames)
    files.sort(key=lambda p: (len(p.relative_to(root).parts), str(p)))
    for pattern in patterns:
        for f in files:
            if fnmatch.fnmatchcase(f.name.lower(), pattern.lower()):
                return f
    return None


def _find(path: Path | None, patterns: tuple[str, ...], what: str) -> Path:
    path = Path(path) if path is not None else config.geodata_dir()
    if path.is_file():
        return path
    if not path.exists():
        raise GeodataError(f"Geodata-stien {path} findes ikke (ledte efter {what}).", path)
    if not path.is_dir():
        raise GeodataError(f"Geodata-stien {path} er hverken en fil eller en mappe.", path)
    found = _search(path, patterns)
    if found is None:
        raise GeodataError(
            f"Fandt ingen {what} i mappen {path} (søgte rekursivt efter {', '.join(patterns)}).", path
        )
    return found


def find_municipality_file(path: Path | None = None) -> Path:
    """The municipality boundary file: ``path`` itself if it is a file, else the first
    match of :data:`MUNICIPALITY_FILE_PATTERNS` (in that order) under the folder
    ``path`` (default :func:`config.geodata_dir`). Raises :class:`GeodataError`."""
    return _find(path, MUNICIPALITY_FILE_PATTERNS, "kommunegrænser")


def find_parish_file(path: Path | None = None) -> Path:
    """The parish file (``sogne.topojson`` …) under ``path`` (default :func:`config.geodata_dir`)."""
    return _find(path, PARISH_FILE_PATTERNS, "sognegrænser")


def file_sha256(path: Path) -> str:
    """SHA-256 (hex) of the file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------- reading


def _pick_layer(path: Path) -> str | None:
    import pyogrio

    layers = [str(row[0]) for row in pyogrio.list_layers(path)]
    if len(layers) <= 1:
        return None
    for name in layers:
        if "kommune" in name.lower() or "municipal" in name.lower():
            return name
    return layers[0]


def _read_frame(path: Path) -> gpd.GeoDataFrame:
    """Read any supported vector file as-is (its own CRS, attributes unchanged)."""
    if not path.is_file():
        raise GeodataError(f"Geodatafilen {path} findes ikke.", path)
    suffix = path.suffix.lower()
    try:
        if suffix in _JSON_SUFFIXES and _looks_like_topology(path):
            frame = read_topojson(path)
        else:
            frame = gpd.read_file(path, engine="pyogrio", layer=_pick_layer(path))
    except GeodataError:
        raise
    except (TopoJSONError, OSError, UnicodeDecodeError, ValueError, RuntimeError) as exc:
        raise GeodataError(f"Kan ikke læse geodatafilen {path}: {_short(exc)}.", path) from exc
    except Exception as exc:  # pyogrio raises its own DataSourceError/DataLayerError etc.
        raise GeodataError(f"Kan ikke læse geodatafilen {path}: {_short(exc)}.", path) from exc
    if frame.crs is None:
        if suffix in _JSON_SUFFIXES:
            frame = frame.set_crs(CRS_DISPLAY)  # GeoJSON (RFC 7946) and TopoJSON default
        else:
            raise GeodataError(
                f"Geodatafilen {path} angiver ikke sit koordinatsystem (mangler der en .prj-fil?).", path
            )
    return frame


def _looks_like_topology(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if b'"Topology"' in head:
        return True
    if path.suffix.lower() != ".topojson":
        return False
    try:
        return is_topology(json.loads(path.read_bytes()))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return True  # let the TopoJSON reader report the JSON problem


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "…"


def _field(frame: pd.DataFrame, aliases: Iterable[str]) -> str | None:
    lower = {str(c).lower(): str(c) for c in frame.columns if c != frame.geometry.name}
    for a in aliases:
        if a in lower:
            return lower[a]
    return None


_CODE_RE = re.compile(r"^\d{1,4}(?:\.0+)?$")


def _code4(value: Any) -> str | None:
    """A 1–4 digit code as a 4-digit string; None when missing or not a code."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (int, np.integer)):
        return f"{int(value):04d}" if 0 <= int(value) <= 9999 else None
    if isinstance(value, (float, np.floating)):
        return f"{int(value):04d}" if float(value).is_integer() and 0 <= value <= 9999 else None
    text = str(value).strip()
    if not _CODE_RE.match(text):
        return None
    return text.split(".")[0].zfill(4)


def _text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _truthy(value: Any) -> bool:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return False
    if isinstance(value, (bool, np.bool_, int, np.integer, float, np.floating)):
        return bool(value)
    return str(value).strip().lower() in {"true", "t", "1", "ja", "yes", "y"}


def _polygonal(geom: BaseGeometry | None) -> BaseGeometry | None:
    """Polygon/MultiPolygon as is; the polygon parts of a collection; None otherwise."""
    if geom is None or geom.is_empty:
        return None
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    polys = [p for p in shapely.get_parts(geom) if isinstance(p, (Polygon, MultiPolygon)) and not p.is_empty]
    if not polys:
        return None
    parts = [q for p in polys for q in (p.geoms if isinstance(p, MultiPolygon) else [p])]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _metric_polygons(frame: gpd.GeoDataFrame) -> np.ndarray:
    """2D, EPSG:25832, valid, polygonal geometries (None where nothing polygonal is left)."""
    geoms = frame.geometry.force_2d().to_crs(CRS_METRIC)
    arr = np.asarray(geoms.values, dtype=object)
    present = ~shapely.is_missing(arr)
    invalid = present & ~shapely.is_valid(np.where(present, arr, None))
    if invalid.any():
        arr[invalid] = shapely.make_valid(arr[invalid])
    return np.array([_polygonal(g) for g in arr], dtype=object)


def _municipalities_from_frame(raw: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    if raw.empty:
        raise GeodataError(f"Geodatafilen {path} indeholder ingen geometrier.", path)
    code_col = _field(raw, _CODE_FIELDS)
    if code_col is None:
        cols = ", ".join(str(c) for c in raw.columns if c != raw.geometry.name) or "ingen"
        raise GeodataError(
            f"Geodatafilen {path} har ingen kolonne med kommunekode "
            f"(forventede kommunekode, KOMKODE eller kode; fandt: {cols}).",
            path,
        )
    codes = [_code4(v) for v in raw[code_col]]
    bad = [raw[code_col].iloc[i] for i, c in enumerate(codes) if c is None]
    if bad:
        sample = ", ".join(repr(_text(v)) for v in bad[:5])
        raise GeodataError(
            f"Geodatafilen {path}: {len(bad)} af {len(codes)} rækker har en manglende eller ugyldig "
            f"kommunekode i kolonnen {code_col} (fx {sample}); koder skal være 1-4 cifre.",
            path,
        )
    name_col = _field(raw, [a for a in _NAME_FIELDS if a != code_col.lower()])
    region_col = _field(raw, _REGION_FIELDS)
    outside_col = _field(raw, _OUTSIDE_FIELDS)
    cx_col = _field(raw, [p[0] for p in _CENTRE_FIELDS])
    cy_col = _field(raw, [p[1] for p in _CENTRE_FIELDS])

    geoms = _metric_polygons(raw)
    if all(g is None for g in geoms):
        raise GeodataError(f"Geodatafilen {path} indeholder ingen flader (polygoner).", path)

    centre_tf = None
    if cx_col and cy_col:
        centre_tf = Transformer.from_crs(CRS.from_user_input(raw.crs), CRS_METRIC, always_xy=True)

    groups: dict[str, dict[str, Any]] = {}
    for i, code in enumerate(codes):
        g = groups.setdefault(
            code, {"parts": [], "name": "", "region": "", "outside": False, "centre": None}
        )
        if geoms[i] is not None:
            g["parts"].append(geoms[i])
        if not g["name"] and name_col:
            g["name"] = _text(raw[name_col].iloc[i])
        if not g["region"] and region_col:
            g["region"] = _text(raw[region_col].iloc[i])
        if outside_col and _truthy(raw[outside_col].iloc[i]):
            g["outside"] = True
        if g["centre"] is None and centre_tf is not None:
            try:
                x, y = float(raw[cx_col].iloc[i]), float(raw[cy_col].iloc[i])
            except (TypeError, ValueError):
                continue
            if math.isfinite(x) and math.isfinite(y):
                g["centre"] = centre_tf.transform(x, y)

    empty = sorted(c for c, g in groups.items() if not g["parts"])
    if empty:
        raise GeodataError(
            f"Geodatafilen {path}: kommunekode {', '.join(empty[:10])} har ingen gyldig flade.", path
        )

    rows = []
    for code in sorted(groups):
        g = groups[code]
        parts = g["parts"]
        geom = parts[0] if len(parts) == 1 else shapely.union_all(parts)
        if not geom.is_valid:
            geom = _polygonal(shapely.make_valid(geom))
        label = g["centre"]
        if label is None or not shapely.contains_xy(geom, *label):
            p = geom.representative_point()
            label = (p.x, p.y)
        rows.append(
            {
                "kommunekode": code,
                "kommune": g["name"],
                "region_code": g["region"],
                "outside_division": bool(g["outside"] or code in OUTSIDE_DIVISION_CODES),
                "label_x": float(label[0]),
                "label_y": float(label[1]),
                "geometry": geom,
            }
        )
    out = gpd.GeoDataFrame(rows, columns=list(MUNICIPALITY_COLUMNS), geometry="geometry", crs=CRS_METRIC)
    return _typed(out)


def _typed(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    frame = frame.reset_index(drop=True)
    for col in ("kommunekode", "kommune", "region_code"):
        if col in frame.columns:
            frame[col] = frame[col].astype(str)
    if "outside_division" in frame.columns:
        frame["outside_division"] = frame["outside_division"].astype(bool)
    for col in ("label_x", "label_y"):
        if col in frame.columns:
            frame[col] = frame[col].astype(float)
    return frame


def read_municipalities(path: Path | None = None) -> gpd.GeoDataFrame:
    """One row per kommunekode in EPSG:25832, sorted by code.

    Columns: :data:`MUNICIPALITY_COLUMNS` — ``kommunekode`` (4 digits), ``kommune``,
    ``region_code`` ("" if unknown), ``outside_division`` (0411 Christiansø or DAWA's
    ``udenforkommuneinddeling``), ``label_x``/``label_y`` (metres: DAGI's visual centre when
    the file has one inside the polygon, else a representative point) and ``geometry``
    (2D, valid, parts dissolved). ``path`` is a file or a folder (see
    :func:`find_municipality_file`). Raises :class:`GeodataError`.
    """
    src = find_municipality_file(path)
    return _municipalities_from_frame(_read_frame(src), src)


def read_parishes(path: Path | None = None) -> gpd.GeoDataFrame:
    """Parishes (``sogne.topojson``) in EPSG:25832: ``feat_id``, ``sognekode``, ``sognenavn``, ``geometry``.

    One row per feature (2,468 in the DAGI 1:500.000 file), sorted by ``feat_id``.
    Key on ``feat_id``: a sognekode is not unique (9179 names two parishes). Geometries
    are made valid (quantisation leaves some self-intersections). Without a FEAT_ID
    column, ``feat_id`` is the 1-based feature number.
    """
    src = find_parish_file(path)
    raw = _read_frame(src)
    if raw.empty:
        raise GeodataError(f"Geodatafilen {src} indeholder ingen sogne.", src)
    code_col = _field(raw, _PARISH_CODE_FIELDS)
    if code_col is None:
        raise GeodataError(f"Geodatafilen {src} har ingen kolonne med sognekode (SOGNEKODE).", src)
    id_col = _field(raw, _PARISH_ID_FIELDS)
    name_col = _field(raw, _PARISH_NAME_FIELDS)
    codes = [_code4(v) for v in raw[code_col]]
    if any(c is None for c in codes):
        n = sum(c is None for c in codes)
        raise GeodataError(f"Geodatafilen {src}: {n} sogne har en manglende eller ugyldig sognekode.", src)
    if id_col is not None:
        try:
            ids = [int(v) for v in raw[id_col]]
        except (TypeError, ValueError) as exc:
            raise GeodataError(f"Geodatafilen {src}: {id_col} er ikke et heltal ({_short(exc)}).", src) from exc
    else:
        ids = list(range(1, len(raw) + 1))
    if len(set(ids)) != len(ids):
        raise GeodataError(f"Geodatafilen {src}: {id_col} er ikke entydig.", src)
    out = gpd.GeoDataFrame(
        {
            "feat_id": np.asarray(ids, dtype="int64"),
            "sognekode": codes,
            "sognenavn": [_text(v) for v in raw[name_col]] if name_col else [""] * len(raw),
            "geometry": _metric_polygons(raw),
        },
        geometry="geometry",
        crs=CRS_METRIC,
    )
    out = out.sort_values("feat_id").reset_index(drop=True)
    out["sognekode"] = out["sognekode"].astype(str)
    out["sognenavn"] = out["sognenavn"].astype(str)
    return out


# --------------------------------------------------------------------------- attribution


def _attribution(sha: str, raw: pd.DataFrame) -> str:
    known = _KNOWN_SOURCES.get(sha[:16])
    if known:
        return known
    lower = {str(c).lower(): c for c in raw.columns}
    if {"dagi_id", "kode", "navn", "udenforkommuneinddeling"} <= set(lower):
        # The DAWA /kommuner attribute set; the year is the latest geometry change in the file.
        year = ""
        col = lower.get("geo_ændret")
        if col is not None:
            stamps = pd.to_datetime(raw[col], errors="coerce", utc=True).dropna()
            if len(stamps):
                year = f", {stamps.max().year}"
        return f"Indeholder data fra Styrelsen for Dataforsyning og Infrastruktur, DAGI (via DAWA){year} · CC BY 4.0"
    return ATTRIBUTION_GENERIC


def attribution_for(path: Path) -> str:
    """The attribution line to show with the boundaries read from ``path`` (file or folder).

    Known files (by hash) get their exact attribution, other DAWA ``/kommuner`` files the
    DAWA wording with the year of their latest geometry change, anything else the generic
    ``"Kommunegrænser: DAGI, Klimadatastyrelsen · CC BY 4.0"``.
    """
    src = find_municipality_file(path)
    sha = file_sha256(src)
    if sha[:16] in _KNOWN_SOURCES:
        return _KNOWN_SOURCES[sha[:16]]
    return _attribution(sha, _read_frame(src))


# --------------------------------------------------------------------------- derived layers


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
    return gpd.GeoDataFrame(
        {"hub_id": [r[0] for r in rows]}, geometry=[r[1] for r in rows], crs=display.crs
    )


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
    metric = munis if CRS.from_user_input(munis.crs) == CRS.from_user_input(CRS_METRIC) else munis.to_crs(CRS_METRIC)
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
        original = np.asarray(gpd.GeoSeries(geoms[empty], crs=CRS_METRIC).to_crs(CRS_DISPLAY).values, dtype=object)
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
        {"type": "Feature", "properties": {k: _jsonable(row[k]) for k in props}, "geometry": geom.__geo_interface__}
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


# --------------------------------------------------------------------------- cache


@dataclass
class GeoLayers:
    """The boundary layers Klyngekort uses, derived from one DAGI source file."""

    source: Path
    source_hash: str  # sha256 hex of the source file's bytes
    attribution: str
    municipalities: gpd.GeoDataFrame  # EPSG:25832, full detail, MUNICIPALITY_COLUMNS
    display: gpd.GeoDataFrame  # EPSG:4326, simplified, DISPLAY_COLUMNS

    def hub_areas(self, mapping: Mapping[str, str]) -> gpd.GeoDataFrame:
        """:func:`dissolve_hub_areas` on the full municipalities (EPSG:25832)."""
        return dissolve_hub_areas(self.municipalities, mapping)

    def hub_outlines(self, mapping: Mapping[str, str]) -> gpd.GeoDataFrame:
        """:func:`display_hub_outlines` on the display layer (EPSG:4326)."""
        return display_hub_outlines(self.display, mapping)


def _cache_ext() -> str:
    """GeoParquet when pyarrow (a streamlit dependency) is installed, else GeoPackage."""
    import importlib.util

    return ".parquet" if importlib.util.find_spec("pyarrow") is not None else ".gpkg"


def _cache_names(sha: str, tolerance: float) -> dict[str, str]:
    key = sha[:16]
    ext = _cache_ext()
    tol = f"{tolerance:g}".replace(".", "_")
    return {
        "municipalities": f"municipalities-{key}-v{CACHE_VERSION}{ext}",
        "display": f"display-{key}-t{tol}-v{CACHE_VERSION}{ext}",
        "meta": f"meta-{key}-v{CACHE_VERSION}.json",
    }


def _cache_allowed(cache: Path, source: Path) -> bool:
    """False for the source's own folder and anything inside ``../shared`` or the geodata folder."""
    c = cache.resolve()
    if c == source.resolve().parent:
        return False
    protected = [config.PROJECT_ROOT.parent / "shared"]
    g = config.geodata_dir()
    if g.is_dir():
        protected.append(g)
    return not any(c == d or d in c.parents for d in (p.resolve() for p in protected))


def _write_atomic(target: Path, write: Callable[[Path], None]) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=target.suffix)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        tmp_path.unlink()  # GDAL/pyarrow want to create the file themselves
        write(tmp_path)
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _write_frame(frame: gpd.GeoDataFrame, target: Path) -> None:
    if target.suffix == ".parquet":
        _write_atomic(target, lambda p: frame.to_parquet(p, index=False))
    else:
        _write_atomic(target, lambda p: frame.to_file(p, layer="layer", driver="GPKG", engine="pyogrio"))


def _read_cached_frame(target: Path, columns: tuple[str, ...], crs: str) -> gpd.GeoDataFrame:
    if target.suffix == ".parquet":
        # Read with pyarrow directly: geopandas.read_parquet spends most of its time
        # parsing the PROJJSON CRS; we only need to confirm the EPSG code we wrote.
        import pyarrow.parquet as pq

        table = pq.read_table(target)
        geo = json.loads((table.schema.metadata or {})[b"geo"])
        crs_id = geo["columns"]["geometry"].get("crs", {}).get("id", {})
        if f"{crs_id.get('authority')}:{crs_id.get('code')}" != crs:
            raise ValueError(f"cache file {target} is not in {crs}")
        df = table.to_pandas()
        geometry = gpd.GeoSeries.from_wkb(df["geometry"].to_numpy(), crs=crs)
        frame = gpd.GeoDataFrame(df.drop(columns="geometry"), geometry=geometry)
    else:
        frame = gpd.read_file(target, engine="pyogrio")
    if tuple(frame.columns) != columns or frame.empty or frame.crs is None or not frame.crs.equals(crs):
        raise ValueError(f"unexpected cache content in {target}")
    return _typed(frame)


def _read_cache(cache: Path, names: dict[str, str], src: Path, sha: str) -> GeoLayers | None:
    paths = {k: cache / v for k, v in names.items()}
    if not all(p.is_file() for p in paths.values()):
        return None
    try:
        meta = json.loads(paths["meta"].read_text(encoding="utf-8"))
        if meta.get("source_hash") != sha or meta.get("cache_version") != CACHE_VERSION:
            raise ValueError("cache metadata does not match the source")
        munis = _read_cached_frame(paths["municipalities"], MUNICIPALITY_COLUMNS, CRS_METRIC)
        display = _read_cached_frame(paths["display"], DISPLAY_COLUMNS, CRS_DISPLAY)
        if len(munis) != len(display) or list(munis["kommunekode"]) != list(display["kommunekode"]):
            raise ValueError("cached layers do not match each other")
        return GeoLayers(src, sha, str(meta["attribution"]), munis, display)
    except Exception as exc:  # a corrupt or foreign cache file is rebuilt, never fatal
        log.warning("Geodata cache in %s is unusable (%s); rebuilding it", cache, _short(exc))
        return None


def _write_cache(cache: Path, names: dict[str, str], layers: GeoLayers) -> None:
    try:
        cache.mkdir(parents=True, exist_ok=True)
        _write_frame(layers.municipalities, cache / names["municipalities"])
        _write_frame(layers.display, cache / names["display"])
        meta = {
            "cache_version": CACHE_VERSION,
            "source": str(layers.source),
            "source_hash": layers.source_hash,
            "attribution": layers.attribution,
        }
        text = json.dumps(meta, ensure_ascii=False, indent=1)
        _write_atomic(cache / names["meta"], lambda p: p.write_text(text, encoding="utf-8"))
    except Exception as exc:  # a read-only or full disk only costs speed
        log.warning("Could not write the geodata cache in %s: %s", cache, _short(exc))


def load_layers(path: Path | None = None, cache: Path | None = None) -> GeoLayers:
    """The municipality and display layers for the DAGI file at ``path`` (file or folder,
    default :func:`config.geodata_dir`), from the disk cache when it holds them.

    Cache files in ``cache`` (default :func:`config.cache_dir`) are named after the first
    16 hex of the source's SHA-256 and :data:`CACHE_VERSION`, written atomically; a corrupt
    one is rebuilt. The cache is never written inside the source's folder or ``../shared``
    (the layers are then built in memory only). Raises :class:`GeodataError`.
    """
    src = find_municipality_file(path)
    try:
        sha = file_sha256(src)
    except OSError as exc:
        raise GeodataError(f"Kan ikke læse geodatafilen {src}: {_short(exc)}.", src) from exc
    cache = Path(cache) if cache is not None else config.cache_dir()
    names = _cache_names(sha, DEFAULT_DISPLAY_TOLERANCE)
    use_cache = _cache_allowed(cache, src)
    if not use_cache:
        log.warning("Not caching geodata in %s: it lies in the read-only source folder", cache)
    elif (cached := _read_cache(cache, names, src, sha)) is not None:
        return cached
    raw = _read_frame(src)
    munis = _municipalities_from_frame(raw, src)
    layers = GeoLayers(
        source=src,
        source_hash=sha,
        attribution=_attribution(sha, raw),
        municipalities=munis,
        display=display_layer(munis),
    )
    if use_cache:
        _write_cache(cache, names, layers)
    return layers
