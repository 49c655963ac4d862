"""The coverage map of the coverage views.

A choropleth of one coverage indicator per municipality, built from a
:class:`klyngekort.core.coverage.CoverageResult`:

* **indicators** (:data:`INDICATORS`): the number of selected clusters covering the
  municipality, the number missing, the straight-line km to the nearest presence, and
  (with a travel-time table) the minutes to it;
* **classes** (:func:`classify`): natural breaks (``mapclassify.FisherJenks``, exact and
  deterministic) with at most ``k`` classes; whole numbers with at most ``k``
  distinct values get one class per value. Sequential ColorBrewer colours: yellow-green-blue
  for "more is better", purple for "more is worse" (no red: red is kept for the gaps);
* **gaps** (:func:`gap_codes`): municipalities that none of the selected clusters covers.
  They are drawn hatched (an SVG pattern over their class colour) with a red outline,
  class ``kk-gap``;
* a **tooltip** per municipality with its figures, every data value through
  :func:`klyngekort.present.mapview.esc`.

The map itself is drawn by :func:`klyngekort.present.mapview.render`; :func:`render_coverage_map`
adds the hatch patterns and a one-column legend. The pages' tables of the same result are
built by :mod:`klyngekort.present.tables`.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element

from klyngekort.core.coverage import CoverageResult, id_names
from klyngekort.core.selection import hub_family
from klyngekort.geo.derive import display_hub_boundaries
from klyngekort.present.i18n import Lang, fmt_number, t
from klyngekort.present.mapview import (
    LegendEntry,
    MapContent,
    MapPoint,
    RowDates,
    bounds_of,
    category_colors,
    esc,
    feature_collection,
    figure_of,
    info_table,
    kind_label,
    marker_size,
    record_rows,
    render,
)
from klyngekort.present.national_map import hub_points
from klyngekort.present.style import (
    BLUES,
    DEFAULT_K,
    GAP_COLOR,
    GAP_OUTLINE_WIDTH,
    GAP_SWATCH,
    HUB_DARK,
    HUB_SYMBOLS,
    LAND_OUTSIDE,
    NO_DATA_COLOR,
    OUTSIDE_FOCUS_COLOR,
    PRESENCE_LEGEND_COLOR,
    PURPLES,
    SYMBOLS,
    UNKNOWN_CLUSTER_COLOR,
    cluster_glyphs,
    glyph_color,
)
from klyngekort.present.style import STATE_BAR_COLORS as STATE_BAR_COLORS
from klyngekort.present.style import STATE_COLORS as STATE_COLORS


@dataclass(frozen=True)
class Indicator:
    """How one indicator is read from ``CoverageResult.municipalities`` and coloured."""

    key: str
    column: str
    integer: bool
    higher_is_better: bool
    unit: str  # "", "km" or "min"


INDICATORS: dict[str, Indicator] = {
    "clusters_present": Indicator("clusters_present", "clusters_present", True, True, ""),
    "nearest_km": Indicator("nearest_km", "nearest_presence_km", False, False, "km"),
    "clusters_missing": Indicator("clusters_missing", "clusters_missing", True, False, ""),
    "nearest_min": Indicator("nearest_min", "nearest_presence_minutes", False, False, "min"),
}


DEFAULT_INDICATOR = "clusters_present"


# The colours and the number of classes are defined once, in klyngekort.present.style, for this
# map and the static one (klyngekort.present.static_map).


def available_indicators(uses_travel_times: bool) -> list[str]:
    """The indicator keys to offer, in menu order: the minutes only when a travel-time
    table is in use (:attr:`klyngekort.core.coverage.CoverageParams.uses_travel_times`)."""
    return [k for k, spec in INDICATORS.items() if spec.unit != "min" or uses_travel_times]


def indicator_values(result: CoverageResult, indicator: str) -> np.ndarray:
    """The indicator per row of ``result.municipalities`` (float, NaN when unknown)."""
    spec = INDICATORS[indicator]
    df = result.municipalities
    if spec.column not in df.columns:
        return np.full(len(df), np.nan)
    return pd.to_numeric(df[spec.column], errors="coerce").to_numpy(dtype=float)


def reach_text(result: CoverageResult, lang: Lang = "da") -> str:
    """``"inden for 40 km"``, ``"inden for 45 min"`` or ``"i erhvervshusområdet"``."""
    p = result.params
    if p.mode == "hub_area":
        return t("cov_reach_area", lang)
    if p.uses_travel_times:
        return t("cov_reach_min", lang, m=fmt_number(p.minutes, lang))
    return t("cov_reach_km", lang, r=fmt_number(p.radius_km, lang))


def indicator_title(result: CoverageResult, indicator: str, lang: Lang = "da") -> str:
    """The legend title of an indicator, with the reach in use."""
    if indicator == "clusters_present":
        return t("cov_legend_present", lang, reach=reach_text(result, lang))
    if indicator == "clusters_missing":
        return t("cov_legend_missing", lang, reach=reach_text(result, lang))
    if indicator == "nearest_min":
        return t("cov_legend_nearest_min", lang)
    return t("cov_legend_nearest_km", lang)


def gap_mask(result: CoverageResult) -> np.ndarray:
    """Per row of ``result.municipalities``: covered by none of the selected clusters."""
    df = result.municipalities
    if not result.core.cluster_ids:
        return np.zeros(len(df), dtype=bool)
    return df["clusters_present"].to_numpy(dtype=int) == 0


def gap_codes(result: CoverageResult) -> list[str]:
    """The kommunekoder of the gap municipalities (see :func:`gap_mask`)."""
    df = result.municipalities
    return df.loc[gap_mask(result), "kommunekode"].astype(str).tolist()


@dataclass(eq=False)
class Classes:
    """Class breaks of one indicator: class ``i`` holds the values in ``(upper[i-1], upper[i]]``."""

    upper: np.ndarray  # upper bound of each class
    lower: np.ndarray  # the smallest value seen in each class
    colors: list[str]
    labels: list[str]

    @property
    def k(self) -> int:
        return len(self.upper)

    def assign(self, values: Iterable[float]) -> np.ndarray:
        """The class of each value, ``-1`` for NaN."""
        v = np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=float)
        out = np.full(v.shape, -1, dtype=int)
        if not self.k:
            return out
        ok = np.isfinite(v)
        out[ok] = np.minimum(np.searchsorted(self.upper, v[ok], side="left"), self.k - 1)
        return out


def class_breaks(values: Iterable[float], k: int = DEFAULT_K, *, integer: bool = False) -> np.ndarray:
    """Upper bounds of at most ``k`` classes for the finite ``values``.

    With at most ``k`` distinct values each value is its own class; otherwise natural
    breaks by ``mapclassify.FisherJenks`` (exact and deterministic). For whole numbers
    (``integer``: counts of clusters, with many ties) the breaks are found among the
    distinct values, each counted once, which is also what keeps a radius change fast.
    Empty input gives no class.
    """
    v = np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size == 0 or k < 1:
        return np.zeros(0)
    uniq = np.unique(v)
    if len(uniq) <= k:
        return uniq
    basis = uniq if integer else np.sort(v)
    return np.asarray(_fisher_jenks(tuple(basis.tolist()), k), dtype=float)


@lru_cache(maxsize=256)
def _fisher_jenks(values: tuple[float, ...], k: int) -> tuple[float, ...]:
    # Exact natural breaks (Fisher–Jenks). Jenks–Caspall would be faster but can loop
    # forever on tied values (the counts here have many ties).
    import mapclassify

    v = np.asarray(values, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore"
        )  # "Numba not installed": the pure-Python version is fine for ~100 values
        bins = np.unique(np.asarray(mapclassify.FisherJenks(v, k=k).bins, dtype=float))
    bins[-1] = max(bins[-1], float(v.max()))
    return tuple(bins.tolist())


def palette(k: int, higher_is_better: bool = True) -> list[str]:
    """``k`` sequential colours, light to dark."""
    seq = BLUES if higher_is_better else PURPLES
    if k <= 0:
        return []
    if k == 1:
        return [seq[3]]
    idx = np.round(np.linspace(0, len(seq) - 1, k)).astype(int)
    return [seq[i] for i in idx]


def classify(
    values: Iterable[float],
    *,
    k: int = DEFAULT_K,
    integer: bool = False,
    higher_is_better: bool = True,
    unit: str = "",
    lang: Lang = "da",
) -> Classes:
    """Class breaks, colours and legend labels (``"3–5"``, ``"12–25 km"``) for ``values``."""
    v = np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=float)
    upper = class_breaks(v, k, integer=integer)
    finite = v[np.isfinite(v)]
    cls = Classes(
        upper=upper, lower=np.zeros(len(upper)), colors=palette(len(upper), higher_is_better), labels=[]
    )
    yb = cls.assign(finite)
    labels = []
    lower = np.zeros(len(upper))
    decimals = 0 if integer or (len(upper) and float(np.max(np.abs(upper))) >= 20) else 1
    for i, hi in enumerate(upper):
        members = finite[yb == i]
        lo = float(members.min()) if members.size else float(hi)
        lower[i] = lo
        a, b = fmt_number(lo, lang, decimals), fmt_number(hi, lang, decimals)
        text = a if a == b else f"{a}–{b}"
        labels.append(f"{text} {unit}".strip() if unit else text)
    cls.lower = lower
    cls.labels = labels
    return cls


@dataclass(eq=False)
class CoverageGeometry:
    """The static part of the map, prepared once per geodata and hub mapping."""

    display: gpd.GeoDataFrame  # EPSG:4326
    codes: list[str]
    names: dict[str, str]
    outside: frozenset[str]  # outside the municipal division (Christiansø)
    geometries: list[dict[str, Any]]  # GeoJSON geometry per code, in ``codes`` order
    outlines: dict[str, Any] | None  # hub-area borders as lines
    hub_of: dict[str, str]
    bounds_all: tuple[tuple[float, float], tuple[float, float]]

    def bounds_for(
        self, codes: Iterable[str], pad: float = 0.06
    ) -> tuple[tuple[float, float], tuple[float, float]]:
        sel = self.display[self.display["kommunekode"].isin(set(codes))]
        return bounds_of(sel, pad=pad) if len(sel) else self.bounds_all


def prepare_geometry(display: gpd.GeoDataFrame, hub_of: Mapping[str, str]) -> CoverageGeometry:
    """Turn the display layer (EPSG:4326) and the kommunekode → hub mapping into the
    static map parts: the municipality geometries as GeoJSON and the hub-area borders."""
    codes = display["kommunekode"].astype(str).tolist()
    fc = feature_collection(display, [{"k": c} for c in codes])
    outside = frozenset(
        display.loc[display["outside_division"].fillna(False).astype(bool), "kommunekode"].astype(str)
    )
    hub_of = {str(k): str(v) for k, v in hub_of.items()}
    lines = display_hub_boundaries(display, hub_of) if hub_of else None
    outlines = (
        feature_collection(lines, [{"k": h} for h in lines["hub_id"]])
        if lines is not None and len(lines)
        else None
    )
    inside = display[~display["kommunekode"].isin(outside)]
    return CoverageGeometry(
        display=display,
        codes=codes,
        names=dict(zip(codes, display["kommune"].astype(str), strict=False)),
        outside=outside,
        geometries=[f["geometry"] for f in fc["features"]],
        outlines=outlines,
        hub_of=hub_of,
        bounds_all=bounds_of(inside if len(inside) else display, pad=0.01),
    )


def _names(ids: str, names: Mapping[str, str], limit: int, lang: Lang) -> str:
    items = id_names(ids, names)
    if len(items) > limit:
        rest = len(items) - limit
        return ", ".join(esc(x) for x in items[:limit]) + ", " + esc(t("cov_and_more", lang, n=rest))
    return ", ".join(esc(x) for x in items)


def municipality_tooltip(
    row: Mapping[str, Any], result: CoverageResult, lang: Lang = "da", *, gap: bool = False
) -> str:
    """The tooltip of one municipality (a row of ``result.municipalities``) as escaped HTML."""
    names = result.core.cluster_names
    n_total = len(result.core.cluster_ids)
    pop_label = t("m_population", lang)
    near_km = row.get("nearest_presence_km")
    near = ""
    if near_km is not None and isinstance(near_km, (int, float)) and math.isfinite(near_km):
        near = f"{esc(fmt_number(near_km, lang, 1))} km"
        label = row.get("nearest_presence_label") or ""
        if label:
            near += f" ({esc(label)})"
    rows: list[tuple[str, str]] = [
        (t("f_hub", lang), esc(row.get("hub_name") or row.get("hub_id") or "")),
        (pop_label, esc(fmt_number(row.get("population"), lang))),
        (
            t("cov_legend_present", lang, reach=reach_text(result, lang)),
            esc(
                t(
                    "cov_of",
                    lang,
                    a=fmt_number(row.get("clusters_present"), lang),
                    b=fmt_number(n_total, lang),
                )
            ),
        ),
        (t("cov_nearest", lang), near or esc(t("cov_no_presence", lang))),
    ]
    minutes = row.get("nearest_presence_minutes")
    if result.params.uses_travel_times and isinstance(minutes, (int, float)) and math.isfinite(minutes):
        rows.append((t("cov_ind_nearest_min", lang), f"{esc(fmt_number(minutes, lang))} min"))
    missing = str(row.get("missing_clusters") or "")
    if missing:
        rows.append((t("cov_missing", lang), _names(missing, names, 6, lang)))
    title = f"{esc(row.get('kommune', ''))} ({esc(row.get('kommunekode', ''))})"
    html = info_table(rows, title)
    notes = []
    if gap:
        key = "cov_gap_one" if n_total == 1 else "cov_gap"
        notes.append(f'<div class="kk-gap-note">{esc(t(key, lang, reach=reach_text(result, lang)))}</div>')
    if bool(row.get("no_fixed_link")) and not result.params.uses_travel_times:
        notes.append(f'<div class="kk-island-note">{esc(t("cov_no_fixed_link", lang))}</div>')
    return html + "".join(notes)


@dataclass(eq=False)
class CoverageMap:
    """A coverage map ready to render, and what it is made of (for tests and captions)."""

    content: MapContent
    indicator: str
    classes: Classes
    gaps: list[str]  # gap kommunekoder (within the focus, if any)
    focus: frozenset[str]  # the municipalities classified (all when no focus)
    hatch: list[int]  # classes (-1: no data) that need a hatch pattern


#: The table a presence comes from (``source``), for its date and history link.
_PRESENCE_TABLE = {"site": "sites", "secondment": "secondments", "tie": "ties"}

_PRESENCE_SYMBOL = {
    "headquarters": "headquarters",
    "local_office": "local_office",
    "representation": "representation",
    "co_location": "co_location",
    "secondment": "secondment",
    "added": "co_location",
}


def _presence_points(
    result: CoverageResult,
    colors: Mapping[str, str],
    lang: Lang,
    glyphs: Mapping[str, str] | None = None,
    dates: RowDates | None = None,
) -> list[MapPoint]:
    pres = result.core.presences
    if pres.empty:
        return []
    names = result.core.cluster_names
    pts = []
    for r in pres.itertuples(index=False):
        if not (isinstance(r.lat, float) and math.isfinite(r.lat) and math.isfinite(r.lon)):
            continue
        symbol = _PRESENCE_SYMBOL.get(r.kind, "local_office")
        cname = names.get(r.cluster_id, r.cluster_id)
        kind = kind_label(symbol if r.kind != "added" else "co_location", lang)
        source = t(f"cov_presence_source_{r.source}", lang)
        persons = r.persons if isinstance(r.persons, float) and math.isfinite(r.persons) else None
        rows = [
            (t("f_kind", lang), esc(kind)),
            (t("f_town", lang), esc(r.town)),
            (t("f_persons", lang), esc(fmt_number(persons, lang)) if persons else ""),
            (t("col_source", lang).capitalize(), esc(source)),
            ("id", esc(r.presence_id)),
            *(
                record_rows(dates, _PRESENCE_TABLE[r.source], str(r.presence_id), lang)
                if r.source in _PRESENCE_TABLE
                else []
            ),
        ]
        tip = f"<b>{esc(cname)}</b><br>{esc(kind)} · {esc(r.town)}"
        size = max(10, marker_size(symbol, persons) - 2)
        color = colors.get(r.cluster_id, UNKNOWN_CLUSTER_COLOR)
        glyph = (glyphs or {}).get(r.cluster_id, "") if symbol != "secondment" else ""
        pts.append(
            MapPoint(
                float(r.lat),
                float(r.lon),
                symbol,
                color,
                size,
                tip,
                info_table(rows, esc(cname)),
                f"kk-presence kk-{symbol}",
                label=glyph,
                label_color=glyph_color(color) if glyph else "",
            )
        )
    return pts


def build_coverage_content(
    geom: CoverageGeometry,
    result: CoverageResult,
    indicator: str = DEFAULT_INDICATOR,
    *,
    lang: Lang = "da",
    focus_hub: str | None = None,
    k: int = DEFAULT_K,
    colors: Mapping[str, str] | None = None,
    hubs: pd.DataFrame | None = None,
    show_presences: bool = True,
    attribution: str = "",
    glyphs: Mapping[str, str] | None = None,
    dates: RowDates | None = None,
) -> CoverageMap:
    """The choropleth of ``indicator`` for ``result``.

    ``focus_hub``: classify and zoom to that hub's area only; the other municipalities are
    drawn pale. ``colors``: cluster id → marker colour (default: a stable colour per
    cluster). ``hubs``: ``Dataset.hubs`` to draw the hub offices (with ``focus_hub``, only
    that hub and its branches). ``glyphs``: cluster id → the letter in its markers (default:
    :func:`klyngekort.present.style.cluster_glyphs` of the result's clusters). ``dates``
    (``Dataset.row_dates``): the popups of hubs and presences say when their row was last
    changed and link to its history.
    """
    if indicator not in INDICATORS:
        raise ValueError(f"unknown indicator {indicator!r}: use one of {', '.join(INDICATORS)}")
    spec = INDICATORS[indicator]
    df = result.municipalities
    values = indicator_values(result, indicator)
    gaps = gap_mask(result)
    codes = df["kommunekode"].astype(str).to_numpy()
    if focus_hub:
        in_focus = (df["hub_id"].astype(str) == focus_hub).to_numpy()
    else:
        in_focus = np.ones(len(df), dtype=bool)
    classes = classify(
        values[in_focus],
        k=k,
        integer=spec.integer,
        higher_is_better=spec.higher_is_better,
        unit=spec.unit,
        lang=lang,
    )
    yb = classes.assign(values)
    records = df.to_dict("records")
    by_code = {c: i for i, c in enumerate(codes)}

    features = []
    used_hatch: set[int] = set()
    any_nodata = False
    gap_list: list[str] = []
    for code, geometry in zip(geom.codes, geom.geometries, strict=True):
        i = by_code.get(code)
        if i is None:
            name = geom.names.get(code, code)
            note = t("outside_division", lang) if code in geom.outside else t("unknown", lang)
            props = {
                "k": code,
                "f": LAND_OUTSIDE,
                "c": "kk-outside",
                "t": f"<b>{esc(name)} ({esc(code)})</b><br>{esc(note)}",
            }
        else:
            focus = bool(in_focus[i])
            is_gap = bool(gaps[i]) and focus
            cls = int(yb[i])
            if not focus:
                fill = OUTSIDE_FOCUS_COLOR
            elif cls < 0:
                fill = NO_DATA_COLOR
                any_nodata = True
            else:
                fill = classes.colors[cls]
            css = "kk-muni"
            if is_gap:
                css += " kk-gap"
                fill = f"url(#kk-hatch-{cls if cls >= 0 else 'nd'})"
                used_hatch.add(cls)
                gap_list.append(code)
            props = {
                "k": code,
                "f": fill,
                "c": css,
                "t": municipality_tooltip(records[i], result, lang, gap=is_gap),
            }
        features.append({"type": "Feature", "properties": props, "geometry": geometry})

    legend = [LegendEntry(None, c, lab) for c, lab in zip(classes.colors, classes.labels, strict=True)]
    if any_nodata:
        legend.append(LegendEntry(None, NO_DATA_COLOR, t("cov_no_presence", lang)))
    if gap_list:
        key = "cov_gap_one" if len(result.core.cluster_ids) == 1 else "cov_gap"
        legend.append(LegendEntry(None, GAP_SWATCH, t(key, lang, reach=reach_text(result, lang))))
    if focus_hub:
        legend.append(LegendEntry(None, OUTSIDE_FOCUS_COLOR, t("cov_outside_focus", lang)))

    points: list[MapPoint] = []
    if show_presences:
        cmap = dict(colors) if colors else category_colors(result.core.cluster_ids)
        points += _presence_points(
            result, cmap, lang, glyphs or cluster_glyphs(result.core.cluster_ids), dates
        )
    if hubs is not None and not hubs.empty:
        only = None
        if focus_hub:
            only = hub_family(hubs, focus_hub)
        points += hub_points(hubs, lang, only=only, shrink=2, dates=dates)
    for sym in SYMBOLS:
        if any(p.symbol == sym for p in points):
            color = HUB_DARK if sym in HUB_SYMBOLS else PRESENCE_LEGEND_COLOR
            legend.append(LegendEntry(sym, color, kind_label(sym, lang)))

    bounds = geom.bounds_for(codes[in_focus]) if focus_hub else geom.bounds_all
    content = MapContent(
        municipalities={"type": "FeatureCollection", "features": features},
        outlines=geom.outlines,
        points=points,
        legend=legend,
        legend_title=indicator_title(result, indicator, lang),
        attribution=attribution,
        bounds=bounds,
    )
    return CoverageMap(content, indicator, classes, gap_list, frozenset(codes[in_focus]), sorted(used_hatch))


def hatch_patterns(cm: CoverageMap) -> str:
    """An invisible SVG with one hatch pattern per class colour used by a gap municipality."""
    parts = []
    for cls in cm.hatch:
        bg = cm.classes.colors[cls] if cls >= 0 else NO_DATA_COLOR
        pid = f"kk-hatch-{cls if cls >= 0 else 'nd'}"
        parts.append(
            f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)">'
            f'<rect width="7" height="7" fill="{esc(bg)}"/>'
            f'<rect width="2.6" height="7" fill="{GAP_COLOR}"/></pattern>'
        )
    return (
        '<svg aria-hidden="true" width="0" height="0" style="position:absolute;width:0;height:0">'
        f"<defs>{''.join(parts)}</defs></svg>"
    )


COVERAGE_CSS = f"""
<style>
.kk-legend {{ max-height: 70vh; overflow-y: auto; }}
.kk-legend-body {{ grid-template-columns: auto; }}
path.kk-gap {{ stroke: {GAP_COLOR}; stroke-width: {GAP_OUTLINE_WIDTH:g}px; }}
.kk-gap-note {{ color: {GAP_COLOR}; font-weight: bold; margin-top: 2px; }}
.kk-island-note {{ color: #6d4c41; font-style: italic; margin-top: 2px; }}
</style>
"""


def render_coverage_map(cm: CoverageMap, *, basemap: str | None = None) -> folium.Map:
    """The folium map: :func:`klyngekort.present.mapview.render` plus the hatch patterns and legend style."""
    m = render(cm.content, basemap=basemap)
    figure = figure_of(m)
    figure.header.add_child(Element(COVERAGE_CSS))
    figure.html.add_child(Element(hatch_patterns(cm)))
    return m
