"""The small map in "Redigér" that shows where a site will be placed before it is saved: the
chosen municipality outlined among its neighbours, and the point. Drawn like every other map
(:func:`klyngekort.present.mapview.render`: vendored Leaflet, no tiles, escaped text)."""

from __future__ import annotations

import json
from typing import Any

import folium
import geopandas as gpd

from klyngekort.present.i18n import Lang, t
from klyngekort.present.mapview import (
    MapContent,
    MapPoint,
    esc,
    feature_collection,
    info_table,
    marker_size,
    precision_note,
    render,
)
from klyngekort.present.style import HUB_DARK, LAND_OUTSIDE

#: The chosen municipality's fill (the others are drawn as plain land).
CHOSEN_FILL = "#f4e3b5"
#: How far around the municipality (and the point) the map shows, in degrees.
PAD_DEGREES = 0.08


def _land(display: gpd.GeoDataFrame, code: str) -> dict[str, Any]:
    props = [
        {
            "k": r.kommunekode,
            "f": CHOSEN_FILL if r.kommunekode == code else LAND_OUTSIDE,
            "c": "kk-muni",
            "t": f"<b>{esc(r.kommune)} ({esc(r.kommunekode)})</b>",
        }
        for r in display.itertuples()
    ]
    return feature_collection(display, props)


def place_preview_content(
    display: gpd.GeoDataFrame,
    code: str,
    lat: float | None,
    lon: float | None,
    *,
    kind: str,
    title: str,
    precision: str,
    lang: Lang,
) -> MapContent:
    """The preview: ``display`` (EPSG:4326) with municipality ``code`` filled and outlined, and
    the point (``lat``/``lon`` WGS84; None: no point yet) drawn as a site of ``kind``.
    ``title`` (text from the data or the user) and ``precision`` (a ``coord_precision``)
    label the point; both are escaped here."""
    chosen = display[display["kommunekode"] == code]
    outline = None
    if not chosen.empty:
        outline = {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"k": code}, "geometry": g}
                for g in (
                    f["geometry"] for f in json.loads(chosen.geometry.to_json(drop_id=True))["features"]
                )
            ],
        }
        w, s, e, n = (float(v) for v in chosen.total_bounds)
    else:
        w, s, e, n = (float(v) for v in display.total_bounds)
    points: list[MapPoint] = []
    if lat is not None and lon is not None:
        s, n = min(s, lat), max(n, lat)
        w, e = min(w, lon), max(e, lon)
        where = f"{lat:.5f}, {lon:.5f}"
        rows = [(t("ed_place_point", lang), esc(where)), ("", precision_note(precision, lang))]
        points.append(
            MapPoint(
                lat,
                lon,
                kind,
                HUB_DARK,
                marker_size(kind),
                f"<b>{esc(title)}</b><br>{esc(where)}",
                info_table(rows, esc(title)),
                f"kk-site kk-{kind} kk-place-point",
            )
        )
    bounds = ((s - PAD_DEGREES, w - PAD_DEGREES), (n + PAD_DEGREES, e + PAD_DEGREES))
    return MapContent(
        municipalities=_land(display, code),
        outlines=outline,
        points=points,
        legend_title=t("ed_place_map_title", lang),
        bounds=bounds,
    )


def place_preview_map(
    display: gpd.GeoDataFrame,
    code: str,
    lat: float | None,
    lon: float | None,
    *,
    kind: str,
    title: str,
    precision: str,
    lang: Lang,
) -> folium.Map:
    """:func:`place_preview_content` drawn as a folium map (no tiles)."""
    return render(
        place_preview_content(display, code, lat, lon, kind=kind, title=title, precision=precision, lang=lang)
    )
