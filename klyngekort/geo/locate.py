"""Point-in-polygon answers from the DAGI municipalities, for the layers above.

* :class:`MunicipalityPlaces` – the :class:`klyngekort.core.places.Places` the core's
  checks ask (does a site's point lie in the municipality it names?);
* :func:`locate_presences` – fill an empty ``kommunekode`` from the polygon a presence
  lies in;
* :func:`demand_from_parishes` – parishes as demand points (benchmark and finer views).

Everything here is in EPSG:25832 (ETRS89 / UTM 32N).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from klyngekort.geo.read import CRS_METRIC


def _metric(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is not None and frame.crs.to_epsg() != 25832:
        return frame.to_crs(CRS_METRIC)
    return frame


class MunicipalityPlaces:
    """The municipalities of a :func:`klyngekort.geo.read.read_municipalities` frame as
    :class:`klyngekort.core.places.Places` (an STRtree over the dissolved polygons)."""

    def __init__(self, municipalities: gpd.GeoDataFrame) -> None:
        missing = {"kommunekode", "geometry"} - set(municipalities.columns)
        if missing:
            raise ValueError(f"municipalities lacks columns {sorted(missing)}")
        gdf = _metric(municipalities)
        names: dict[str, str] = {}
        outside: set[str] = set()
        parts: dict[str, list[Any]] = {}
        has_name = "kommune" in gdf.columns
        has_outside = "outside_division" in gdf.columns
        for code_v, name_v, out_v, geom in zip(
            gdf["kommunekode"],
            gdf["kommune"] if has_name else gdf["kommunekode"],
            gdf["outside_division"] if has_outside else [False] * len(gdf),
            gdf.geometry,
            strict=True,
        ):
            code = str(code_v).zfill(4)
            names.setdefault(code, str(name_v) if has_name else code)
            if bool(out_v):
                outside.add(code)
            if geom is not None and not geom.is_empty:
                parts.setdefault(code, []).append(geom)
        self._names = names
        self._outside = frozenset(outside)
        self._geoms = {c: shapely.union_all(g) if len(g) > 1 else g[0] for c, g in parts.items()}
        self._codes = list(self._geoms)
        self._tree = shapely.STRtree([self._geoms[c] for c in self._codes])

    @property
    def names(self) -> Mapping[str, str]:
        return self._names

    @property
    def outside(self) -> frozenset[str]:
        return self._outside

    def covers(self, code: str, x: float, y: float) -> bool:
        geom = self._geoms.get(code)
        return geom is not None and bool(geom.covers(shapely.Point(x, y)))

    def distance_km(self, code: str, x: float, y: float) -> float:
        geom = self._geoms.get(code)
        if geom is None:
            return float("nan")
        return float(geom.distance(shapely.Point(x, y))) / 1000

    def locate(self, x: float, y: float) -> list[str]:
        hits = self._tree.query(shapely.Point(x, y), predicate="intersects")
        return [self._codes[j] for j in hits]


def locate_presences(presences_df: pd.DataFrame, municipalities: gpd.GeoDataFrame) -> pd.DataFrame:
    """Fill an empty ``kommunekode`` from the municipality polygon the point lies in.

    ``municipalities`` is a GeoDataFrame with ``kommunekode`` and geometry
    (:func:`klyngekort.geo.read.read_municipalities`). Points in no polygon stay ``""``.
    """
    out = presences_df.copy()
    todo = (out["kommunekode"] == "") & out["x"].notna() & out["y"].notna()
    if not todo.any():
        return out
    pts = gpd.GeoDataFrame(
        {"_i": out.index[todo]},
        geometry=gpd.points_from_xy(out.loc[todo, "x"], out.loc[todo, "y"]),
        crs=CRS_METRIC,
    )
    munis = _metric(municipalities[["kommunekode", "geometry"]])
    joined = gpd.sjoin(pts, munis, how="left", predicate="within").drop_duplicates("_i")
    codes = joined.set_index("_i")["kommunekode"].fillna("").astype(str)
    out.loc[codes.index, "kommunekode"] = codes.to_numpy()
    return out


def demand_from_parishes(
    parishes,
    municipalities=None,
    hub_of: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Parishes as demand points (for the benchmark and finer views), one per parish.

    ``parishes`` is :func:`klyngekort.geo.read.read_parishes` (``feat_id, sognekode,
    sognenavn``, geometry). Polygons of the same parish (same code *and* name: code 9179
    names two parishes) are merged; the point is a representative point inside it. No
    population per parish is in the data, so ``weight`` is 1 per parish and
    ``population`` is NaN. With ``municipalities`` the parish gets the ``kommunekode`` the
    point lies in, and with ``hub_of`` its hub.
    """

    p = parishes
    if p.crs is not None and p.crs.to_epsg() != 25832:
        p = p.to_crs(25832)
    keys = p["sognekode"].astype(str) + "|" + p["sognenavn"].astype(str)
    g = gpd.GeoDataFrame({"key": keys.to_numpy()}, geometry=p.geometry.to_numpy(), crs=p.crs)
    merged = g.dissolve("key").reset_index()
    rp = merged.geometry.representative_point()
    code_name = merged["key"].str.split("|", n=1, expand=True)
    out = pd.DataFrame(
        {
            "demand_id": merged["key"].to_numpy(),
            "kommunekode": "",
            "kommune": "",
            "hub_id": "",
            "x": rp.x.to_numpy(),
            "y": rp.y.to_numpy(),
            "weight": 1.0,
            "population": np.nan,
            "sognekode": code_name[0].to_numpy(),
            "sognenavn": code_name[1].to_numpy(),
        }
    )
    if municipalities is not None:
        m = municipalities
        if m.crs is not None and m.crs.to_epsg() != 25832:
            m = m.to_crs(25832)
        pts = gpd.GeoDataFrame(
            {"_i": np.arange(len(out))}, geometry=gpd.points_from_xy(out["x"], out["y"]), crs=25832
        )
        cols = ["kommunekode", "geometry"] + (["kommune"] if "kommune" in m.columns else [])
        j = gpd.sjoin(pts, m[cols], how="left", predicate="within").drop_duplicates("_i").set_index("_i")
        out["kommunekode"] = j["kommunekode"].reindex(out.index).fillna("").astype(str).to_numpy()
        if "kommune" in j:
            out["kommune"] = j["kommune"].reindex(out.index).fillna("").astype(str).to_numpy()
    if hub_of is not None:
        out["hub_id"] = [str(hub_of.get(c, "") or "") for c in out["kommunekode"]]
    return out


def municipality_point(municipalities: gpd.GeoDataFrame, code: str) -> tuple[float, float] | None:
    """A point inside municipality ``code`` as (latitude, longitude) in EPSG:4326: its label point
    (``label_x``/``label_y``, EPSG:25832: DAGI's visual centre when it lies inside the polygon,
    else a representative point), or a representative point of the polygon when the layer has
    no label point. None for a code the layer does not have."""
    gdf = _metric(municipalities)
    rows = gdf[gdf["kommunekode"].astype(str) == code]
    if rows.empty:
        return None
    row = rows.iloc[0]
    x = float(row["label_x"]) if "label_x" in rows.columns else float("nan")
    y = float(row["label_y"]) if "label_y" in rows.columns else float("nan")
    geom = row.geometry
    if not (np.isfinite(x) and np.isfinite(y)) or not geom.covers(shapely.Point(x, y)):
        p = geom.representative_point()
        x, y = p.x, p.y
    pt = gpd.GeoSeries([shapely.Point(x, y)], crs=CRS_METRIC).to_crs("EPSG:4326").iloc[0]
    return round(float(pt.y), 5), round(float(pt.x), 5)
