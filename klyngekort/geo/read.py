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

Readable formats: GeoJSON, TopoJSON (own decoder, see :mod:`klyngekort.geo.topojson`),
GeoPackage and Shapefile, in any declared CRS (GeoJSON/TopoJSON without one: EPSG:4326).
Understood attribute sets: DAWA ``/kommuner`` (``kode``, ``navn``, ``regionskode``,
``udenforkommuneinddeling``, ``visueltcenter_x/y``) and DAGI 1:500.000 (``KOMKODE``,
``KOMNAVN``), matched case-insensitively; integer codes are padded (101 -> "0101").

Every problem with the geodata is raised as :class:`GeodataError`, a ``geo.*`` message that
names the file or folder; the app and the CLI add how to get DAGI (``geo.how_to``).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import math
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from klyngekort.core import config
from klyngekort.core.messages import Message, MessageError
from klyngekort.geo.topojson import TopoJSONError, is_topology, read_topojson

log = logging.getLogger(__name__)


CRS_METRIC = "EPSG:25832"


CRS_DISPLAY = "EPSG:4326"


#: File names searched (case-insensitively, recursively) in a geodata folder, best first.
#: The DAWA 2021 file (``municipalities.geojson``) is preferred over the 2014 DAGI 1:500.000 one.
MUNICIPALITY_FILE_PATTERNS: tuple[str, ...] = config.MUNICIPALITY_FILE_PATTERNS


PARISH_FILE_PATTERNS: tuple[str, ...] = ("sogne.topojson", "sogne.geojson", "sogne.gpkg", "sogne.shp")


#: Codes DAGI keeps outside the municipal division (Christiansø).
OUTSIDE_DIVISION_CODES = frozenset({"0411"})


#: The kommunekoder of the 98 municipalities (since the 2007 reform), 0101 … 0860; the same
#: codes as ``data/hub_areas.csv`` and both DAGI files in ``../shared/geodata`` (SOURCES.md).
MUNICIPALITY_CODES = frozenset(
    (
        "0101",
        "0147",
        "0151",
        "0153",
        "0155",
        "0157",
        "0159",
        "0161",
        "0163",
        "0165",
        "0167",
        "0169",
        "0173",
        "0175",
        "0183",
        "0185",
        "0187",
        "0190",
        "0201",
        "0210",
        "0217",
        "0219",
        "0223",
        "0230",
        "0240",
        "0250",
        "0253",
        "0259",
        "0260",
        "0265",
        "0269",
        "0270",
        "0306",
        "0316",
        "0320",
        "0326",
        "0329",
        "0330",
        "0336",
        "0340",
        "0350",
        "0360",
        "0370",
        "0376",
        "0390",
        "0400",
        "0410",
        "0420",
        "0430",
        "0440",
        "0450",
        "0461",
        "0479",
        "0480",
        "0482",
        "0492",
        "0510",
        "0530",
        "0540",
        "0550",
        "0561",
        "0563",
        "0573",
        "0575",
        "0580",
        "0607",
        "0615",
        "0621",
        "0630",
        "0657",
        "0661",
        "0665",
        "0671",
        "0706",
        "0707",
        "0710",
        "0727",
        "0730",
        "0740",
        "0741",
        "0746",
        "0751",
        "0756",
        "0760",
        "0766",
        "0773",
        "0779",
        "0787",
        "0791",
        "0810",
        "0813",
        "0820",
        "0825",
        "0840",
        "0846",
        "0849",
        "0851",
        "0860",
    )
)


MUNICIPALITY_COLUMNS = (
    "kommunekode",
    "kommune",
    "region_code",
    "outside_division",
    "label_x",
    "label_y",
    "geometry",
)


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


ATTRIBUTION_DAGI_500K_2014 = (
    "Indeholder data fra Geodatastyrelsen/SDFI, DAGI 1:500.000, februar 2014 · CC BY 4.0"
)


ATTRIBUTION_GENERIC = "Kommunegrænser: DAGI, Klimadatastyrelsen · CC BY 4.0"


# Known files (first 16 hex of the SHA-256, see shared/geodata/SOURCES.md).
_KNOWN_SOURCES = {
    "6369f0b74570f6c9": ATTRIBUTION_DAWA_2021,  # BeataJoKo/Data_Viz_vol2 municipalities.geojson
    "78003a638315d0c3": ATTRIBUTION_DAGI_500K_2014,  # Neogeografen/dagi geojson/kommuner.geojson
    "83849d079c3c3f7f": ATTRIBUTION_DAGI_500K_2014,  # Neogeografen/dagi topojson/sogne.topojson
}


class GeodataError(MessageError):
    """The DAGI boundary data is missing or unusable: a ``geo.*`` message (what is wrong, with
    which file or folder), worded by :func:`klyngekort.present.wording.message_text`; the
    views add how to get DAGI. ``path`` is the file or folder concerned (also the message's
    ``path`` parameter)."""

    def __init__(self, code: str, /, *, path: Path | None = None, **params: Any):
        self.path = path
        if path is not None:
            params["path"] = str(path)
        super().__init__(code, **params)


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
    """``what``: the message code naming what is looked for."""
    default = path is None
    path = Path(path) if path is not None else config.geodata_dir()
    if path.is_file():
        return path
    if default and config.configured_geodata() is None and not path.exists():
        looked = [str(p) for p in config.geodata_search_order()]
        raise GeodataError("geo.none_found", what=Message(what), looked=looked)
    if not path.exists():
        raise GeodataError("geo.path_missing", path=path, what=Message(what))
    if not path.is_dir():
        raise GeodataError("geo.not_file_or_folder", path=path)
    found = _search(path, patterns)
    if found is None:
        raise GeodataError("geo.none_in_folder", path=path, what=Message(what), patterns=list(patterns))
    return found


def find_municipality_file(path: Path | None = None) -> Path:
    """The municipality boundary file: ``path`` itself if it is a file, else the first
    match of :data:`MUNICIPALITY_FILE_PATTERNS` (in that order) under the folder
    ``path`` (default :func:`config.geodata_dir`). Raises :class:`GeodataError`."""
    return _find(path, MUNICIPALITY_FILE_PATTERNS, "geo.what_municipalities")


def find_parish_file(path: Path | None = None) -> Path:
    """The parish file (``sogne.topojson`` …) under ``path`` (default :func:`config.geodata_dir`)."""
    return _find(path, PARISH_FILE_PATTERNS, "geo.what_parishes")


def file_sha256(path: Path) -> str:
    """SHA-256 (hex) of the file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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
        raise GeodataError("geo.file_missing", path=path)
    suffix = path.suffix.lower()
    try:
        if suffix in _JSON_SUFFIXES and _looks_like_topology(path):
            frame = read_topojson(path)
        else:
            frame = gpd.read_file(path, engine="pyogrio", layer=_pick_layer(path))
    except GeodataError:
        raise
    except (TopoJSONError, OSError, UnicodeDecodeError, ValueError, RuntimeError) as exc:
        raise GeodataError("geo.unreadable", path=path, reason=short_reason(exc)) from exc
    except Exception as exc:  # pyogrio raises its own DataSourceError/DataLayerError etc.
        raise GeodataError("geo.unreadable", path=path, reason=short_reason(exc)) from exc
    if frame.crs is None:
        if suffix in _JSON_SUFFIXES:
            frame = frame.set_crs(CRS_DISPLAY)  # GeoJSON (RFC 7946) and TopoJSON default
        else:
            raise GeodataError("geo.no_crs", path=path)
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


def short_reason(exc: BaseException) -> str:
    """A library's own error text (not translated), at most 300 characters."""
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
    invalid = np.zeros(len(arr), dtype=bool)
    invalid[present] = ~shapely.is_valid(arr[present])
    if invalid.any():
        arr[invalid] = shapely.make_valid(arr[invalid])
    return np.array([_polygonal(g) for g in arr], dtype=object)


def _municipalities_from_frame(raw: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    if raw.empty:
        raise GeodataError("geo.no_geometries", path=path)
    code_col = _field(raw, _CODE_FIELDS)
    if code_col is None:
        cols = [str(c) for c in raw.columns if c != raw.geometry.name]
        raise GeodataError("geo.no_code_column", path=path, found=cols or Message("geo.nothing"))
    maybe_codes = [_code4(v) for v in raw[code_col]]
    bad = [raw[code_col].iloc[i] for i, c in enumerate(maybe_codes) if c is None]
    if bad:
        sample = [repr(_text(v)) for v in bad[:5]]
        raise GeodataError(
            "geo.bad_codes", path=path, n=len(bad), total=len(maybe_codes), column=code_col, sample=sample
        )
    codes = [c for c in maybe_codes if c is not None]  # all of them: a missing code raised above
    name_col = _field(raw, [a for a in _NAME_FIELDS if a != code_col.lower()])
    region_col = _field(raw, _REGION_FIELDS)
    outside_col = _field(raw, _OUTSIDE_FIELDS)
    cx_col = _field(raw, [p[0] for p in _CENTRE_FIELDS])
    cy_col = _field(raw, [p[1] for p in _CENTRE_FIELDS])

    geoms = _metric_polygons(raw)
    if all(g is None for g in geoms):
        raise GeodataError("geo.no_polygons", path=path)

    centre_tf = None
    if cx_col and cy_col:
        centre_tf = Transformer.from_crs(CRS.from_user_input(raw.crs), CRS_METRIC, always_xy=True)

    groups: dict[str, dict[str, Any]] = {}
    for i, code in enumerate(codes):
        g = groups.setdefault(code, {"parts": [], "name": "", "region": "", "outside": False, "centre": None})
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
        raise GeodataError("geo.code_without_polygon", path=path, codes=empty[:10])

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
        raise GeodataError("geo.no_parishes", path=src)
    code_col = _field(raw, _PARISH_CODE_FIELDS)
    if code_col is None:
        raise GeodataError("geo.no_parish_code_column", path=src)
    id_col = _field(raw, _PARISH_ID_FIELDS)
    name_col = _field(raw, _PARISH_NAME_FIELDS)
    codes = [_code4(v) for v in raw[code_col]]
    if any(c is None for c in codes):
        n = sum(c is None for c in codes)
        raise GeodataError("geo.bad_parish_codes", path=src, n=n)
    if id_col is not None:
        try:
            ids = [int(v) for v in raw[id_col]]
        except (TypeError, ValueError) as exc:
            raise GeodataError(
                "geo.parish_id_not_int", path=src, column=id_col, reason=short_reason(exc)
            ) from exc
    else:
        ids = list(range(1, len(raw) + 1))
    if len(set(ids)) != len(ids):
        raise GeodataError("geo.parish_id_not_unique", path=src, column=id_col)
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
