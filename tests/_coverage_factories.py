"""Small hand-made datasets and geometries for the coverage tests.

Tables follow :mod:`klyngekort.core.schema` exactly (plus ``is_example`` and ``_line``), as
:func:`klyngekort.core.loading.load_dataset` returns them: text as ``str`` with ``""`` for
unknown, numeric columns as floats with NaN.
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from klyngekort.core.model import Dataset
from klyngekort.core.presence import project_lonlat
from klyngekort.core.schema import TABLES_BY_NAME, ColumnType

NUMERIC = {ColumnType.INT, ColumnType.FLOAT, ColumnType.LATITUDE, ColumnType.LONGITUDE}

DEFAULTS = {
    "confidence": "high",
    "source_url": "https://example.org/source",
    "shared_with_hub": "unknown",
    "co_location": "unknown",
    "seconded_staff": "unknown",
    "joint_events": "unknown",
    "admin_cooperation": "unknown",
    "period_2021_2024": "yes",
    "status_2021_2024": "active",
    "period_2025_2028": "yes",
    "coord_precision": "town",
}


def table(name: str, rows: list[dict], defaults: dict[str, str] = DEFAULTS) -> pd.DataFrame:
    """A table as the loader returns it; columns missing from a row take ``defaults`` (or "")."""
    schema = TABLES_BY_NAME[name]
    unknown = {k for r in rows for k in r} - set(schema.column_names)
    assert not unknown, f"not columns of {name}: {unknown}"
    data: dict[str, pd.Series] = {}
    for col in schema.columns:
        values = [r.get(col.name, defaults.get(col.name, "")) for r in rows]
        if col.type in NUMERIC:
            data[col.name] = pd.Series(
                [math.nan if v in ("", None) else float(v) for v in values], dtype="float64"
            )
        else:
            data[col.name] = pd.Series([str(v) for v in values], dtype=str)
    data["is_example"] = pd.Series([False] * len(rows), dtype=bool)
    data["_line"] = pd.Series(range(2, len(rows) + 2), dtype="int64")
    return pd.DataFrame(data)


def make_dataset(**tables: list[dict]) -> Dataset:
    names = ("hubs", "hub_areas", "clusters", "sites", "ties", "secondments", "population")
    return Dataset(**{n: table(n, tables.get(n, [])) for n in names})


# A point in Denmark whose EPSG:25832 coordinates the tests use as origin.
ORIGIN_LON, ORIGIN_LAT = 10.0, 56.0


def lonlat_of(x: float, y: float) -> tuple[float, float]:
    """WGS84 lon/lat of an EPSG:25832 point (inverse of project_lonlat)."""
    from pyproj import Transformer

    t = Transformer.from_crs(25832, 4326, always_xy=True)
    lon, lat = t.transform(x, y)
    return float(lon), float(lat)


def origin_xy() -> tuple[float, float]:
    x, y = project_lonlat([ORIGIN_LON], [ORIGIN_LAT])
    return float(x[0]), float(y[0])


def grid_municipalities(
    x0: float = 500_000.0, y0: float = 6_200_000.0, size: float = 10_000.0
) -> gpd.GeoDataFrame:
    """A 3 × 3 grid of 10 km square 'municipalities' in EPSG:25832, the contract of
    :func:`klyngekort.geo.read.read_municipalities`. Codes 0001..0009, row by row from
    the south-west corner; label points at the squares' centres. A tenth unit, 0411,
    lies apart and is outside the division."""
    rows = []
    for r in range(3):
        for c in range(3):
            k = r * 3 + c + 1
            minx, miny = x0 + c * size, y0 + r * size
            rows.append(
                dict(
                    kommunekode=f"{k:04d}",
                    kommune=f"K{k}",
                    region_code="1081",
                    outside_division=False,
                    label_x=minx + size / 2,
                    label_y=miny + size / 2,
                    geometry=box(minx, miny, minx + size, miny + size),
                )
            )
    rows.append(
        dict(
            kommunekode="0411",
            kommune="Christiansø",
            region_code="1084",
            outside_division=True,
            label_x=x0 + 100 * size,
            label_y=y0,
            geometry=box(x0 + 100 * size - 100, y0 - 100, x0 + 100 * size + 100, y0 + 100),
        )
    )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=25832)


#: Hub areas of the grid: columns 1, 2, 3 (west to east) belong to hubs W, M, E.
GRID_HUB_OF = {f"{r * 3 + c + 1:04d}": ("HW", "HM", "HE")[c] for r in range(3) for c in range(3)}
GRID_POP = {f"{k:04d}": float(k * 1000) for k in range(1, 10)}


# --------------------------------------------------------------------------- a line of municipalities
# Five mainland municipalities 30 km apart on a line, and an island 400 km out (planner tests).
LINE_X0, LINE_Y0, LINE_STEP = 500_000.0, 6_200_000.0, 30_000.0
LINE_CODES = ["0001", "0002", "0003", "0004", "0005", "0006"]
LINE_POP = {"0001": 100, "0002": 200, "0003": 300, "0004": 400, "0005": 500, "0006": 50}
LINE_AREA = {"0001": "H1", "0002": "H1", "0003": "H1", "0004": "H2", "0005": "H2", "0006": "H2"}


def line_xy(code: str) -> tuple[float, float]:
    i = LINE_CODES.index(code)
    return (LINE_X0 + i * LINE_STEP, LINE_Y0) if code != "0006" else (LINE_X0 + 400_000.0, LINE_Y0)


def line_lonlat(code: str) -> tuple[float, float]:
    return lonlat_of(*line_xy(code))
