"""Static maps drawn with matplotlib: :func:`render` draws a
:class:`~klyngekort.present.static_map.StaticMapSpec` (title, legend, scale bar, Bornholm inset,
source line) in EPSG:25832 from the full-detail DAGI municipalities, with the colours, symbols
and layer order of :mod:`klyngekort.present.style`, as the Leaflet maps use them.

Imported only when a map is drawn (:func:`klyngekort.present.static_map.render`), so matplotlib
is not loaded on the way to the first web map.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import CircleCollection, LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MPath
from matplotlib.transforms import IdentityTransform

from klyngekort.present.i18n import t
from klyngekort.present.mapview import LayerMemo, LegendEntry, MapContent, _ring_offsets
from klyngekort.present.style import (
    BORDER_COLOR,
    CHANGED_COLOR,
    CHANGED_SWATCH,
    CHANGED_WIDTH,
    EXAMPLE_COLOR,
    GAP_COLOR,
    GAP_OUTLINE_WIDTH,
    GAP_SWATCH,
    HUB_SYMBOLS,
    LAND_OUTSIDE,
    LAYER_ORDER,
    LEGEND_KEYS,
    MUTED_TEXT,
    NO_DATA_COLOR,
    OUTLINE_COLOR,
    OUTLINE_WIDTH,
    PRESENCE_LEGEND_COLOR,
    SEA_COLOR,
    SYMBOL_STYLES,
    TEXT_COLOR,
    glyph_color,
    point_rank,
    unit_polygon,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    from klyngekort.geo.cache import GeoLayers

from klyngekort.present.static_map import (
    BORNHOLM,
    FORMATS,
    LAYOUTS,
    SIZES,
    DrawnLegendRow,
    Layout,
    StaticMapSpec,
    _chars,
    _shorten,
    source_line,
    wrap,
)


@dataclass
class StaticMap:
    """A rendered figure and a record of what it holds."""

    figure: Figure
    layout: Layout
    legend: list[DrawnLegendRow]
    layers: list[str]  # the layers drawn, bottom to top
    point_symbols: list[str]  # marker kinds in drawing order
    inset: bool  # Bornholm drawn in an inset
    texts: dict[str, str]  # title, subtitle, source, example

    def save(self, target: str | Path | io.BytesIO, fmt: str | None = None) -> None:
        """Write PNG, SVG or PDF (``fmt``, else the file suffix)."""
        fmt = (fmt or Path(str(target)).suffix.lstrip(".")).lower()
        if fmt not in FORMATS:
            raise ValueError(f"unknown image format {fmt!r}: use png, svg or pdf")
        meta: dict[str, Any] = {"Title": self.texts.get("title", "")}
        if fmt == "png":
            meta = {"Title": self.texts.get("title", ""), "Software": "Klyngekort"}
        elif fmt == "svg":
            meta = {"Title": self.texts.get("title", ""), "Creator": "Klyngekort"}
        else:
            meta = {
                "Title": self.texts.get("title", ""),
                "Creator": "Klyngekort",
                "Subject": self.texts.get("subtitle", ""),
            }
        with rc_context(_RC):
            self.figure.savefig(target, format=fmt, dpi=self.layout.dpi, facecolor="white", metadata=meta)

    def to_bytes(self, fmt: str = "png") -> bytes:
        buf = io.BytesIO()
        self.save(buf, fmt)
        return buf.getvalue()


_RC: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "svg.fonttype": "path",  # text as outlines: crisp, and æøå right without the font installed
    "pdf.fonttype": 42,  # TrueType embedded: crisp and searchable
    "hatch.linewidth": 1.6,
    "axes.unicode_minus": False,
}


def _mpl_color(c: str) -> Any:
    return "none" if c in ("none", "transparent", "") else c


_HATCH = re.compile(r"url\(#kk-hatch-(\d+|nd)\)")


def _fill_of(fill: str, class_colors: Sequence[str]) -> tuple[str, bool]:
    """The colour to fill with and whether the municipality is a hatched gap."""
    m = _HATCH.fullmatch(fill or "")
    if not m:
        return fill or LAND_OUTSIDE, False
    key = m.group(1)
    if key == "nd" or int(key) >= len(class_colors):
        return NO_DATA_COLOR, True
    return class_colors[int(key)], True


@lru_cache(maxsize=16)
def _marker_path(shape: str) -> Any:
    if shape == "circle":
        return "o"
    pts = unit_polygon(shape)
    return MPath([*pts, pts[0]], closed=True)


def _fit_width(fig: Figure, artist: Any, max_inches: float) -> str:
    """Shorten the text of ``artist`` with an ellipsis until it is at most ``max_inches``
    wide (measured with the renderer); returns the text kept."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    text = artist.get_text()

    def width(s: str) -> float:
        artist.set_text(s)
        return artist.get_window_extent(renderer).width / fig.dpi

    if width(text) <= max_inches:
        return text
    lo, hi = 1, len(text)
    while lo < hi:  # the longest prefix that fits with its ellipsis
        mid = (lo + hi + 1) // 2
        if width(text[:mid].rstrip() + "…") <= max_inches:
            lo = mid
        else:
            hi = mid - 1
    kept = text[:lo].rstrip() + "…"
    artist.set_text(kept)
    return kept


# --------------------------------------------------------------------------- geometry


@dataclass
class _Geo:
    munis: gpd.GeoDataFrame  # EPSG:25832, indexed by kommunekode
    plain: gpd.GeoDataFrame  # the same, as loaded (the hub-border cache is keyed on it)
    paths: dict[str, MPath]  # one compound matplotlib path per municipality (made once)


def _polygon_path(geom: Any) -> MPath:
    """A compound path of all rings of a (multi)polygon; holes are cut by the even-odd
    nature of the rings' opposite orientation (shapely orients them with ``orient``)."""
    import shapely

    geom = shapely.geometry.polygon.orient(geom) if geom.geom_type == "Polygon" else geom
    polys = list(getattr(geom, "geoms", [geom]))
    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for poly in polys:
        poly = shapely.geometry.polygon.orient(poly)
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)[:, :2]
            c = np.full(len(xy), MPath.LINETO, dtype=np.uint8)
            c[0] = MPath.MOVETO
            c[-1] = MPath.CLOSEPOLY
            verts.append(xy)
            codes.append(c)
    if not verts:
        return MPath(np.zeros((1, 2)), [MPath.MOVETO])
    return MPath(np.concatenate(verts), np.concatenate(codes))


def _line_coords(lines: gpd.GeoDataFrame) -> list[np.ndarray]:
    out: list[np.ndarray] = []
    for g in lines.geometry:
        if g is None or g.is_empty:
            continue
        for part in getattr(g, "geoms", [g]):
            out.append(np.asarray(part.coords)[:, :2])
    return out


_GEO = LayerMemo(4)


def _geo(layers: GeoLayers) -> _Geo:
    """The municipalities indexed by code and as matplotlib paths (made once per layer)."""
    m = layers.municipalities

    def make() -> _Geo:
        idx = m.set_index(m["kommunekode"].astype(str), drop=False)
        paths = {str(c): _polygon_path(g) for c, g in zip(idx.index, idx.geometry, strict=True)}
        return _Geo(idx, m, paths)

    return _GEO.get(m, None, make)


_TRANSFORMER: list[Any] = []


def _to_metric(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if not _TRANSFORMER:
        from pyproj import Transformer

        _TRANSFORMER.append(Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True))
    x, y = _TRANSFORMER[0].transform(lon, lat)
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def _extent_codes(content: MapContent, geo: _Geo) -> list[str]:
    """The municipalities the map is about: within ``content.bounds`` (a hub's area), else all."""
    codes = [str(f["properties"]["k"]) for f in content.municipalities["features"]]
    codes = [c for c in codes if c in geo.munis.index]
    if content.bounds is None:
        return codes
    (s, w), (n, e) = content.bounds
    display = geo.munis.loc[codes]
    pts = display.geometry.representative_point().to_crs("EPSG:4326")
    inside = [c for c, p in zip(codes, pts, strict=True) if s <= p.y <= n and w <= p.x <= e]
    return inside or codes


def _fit(bounds: tuple[float, float, float, float], aspect: float, pad: float = 0.03) -> tuple[float, ...]:
    """``bounds`` (x0, y0, x1, y1) grown to the width/height ratio ``aspect``, centred."""
    x0, y0, x1, y1 = bounds
    w, h = (x1 - x0) * (1 + 2 * pad), (y1 - y0) * (1 + 2 * pad)
    w, h = max(w, 1.0), max(h, 1.0)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


# --------------------------------------------------------------------------- drawing


class _Painter:
    """Draws one :class:`MapContent` into matplotlib axes."""

    def __init__(self, spec: StaticMapSpec, content: MapContent, geo: _Geo, layout: Layout) -> None:
        self.spec = spec
        self.content = content
        self.geo = geo
        self.layout = layout
        feats = content.municipalities["features"]
        self.codes = [
            str(f["properties"]["k"]) for f in feats if str(f["properties"]["k"]) in geo.munis.index
        ]
        props = {str(f["properties"]["k"]): f["properties"] for f in feats}
        fills, gaps = [], []
        for c in self.codes:
            fill, hatched = _fill_of(str(props[c].get("f", "")), spec.class_colors)
            gap = hatched or "kk-gap" in str(props[c].get("c", ""))
            fills.append(fill)
            gaps.append(gap)
        self.fills = fills
        self.gaps = np.asarray(gaps, dtype=bool)
        self.changed: list[str] = []
        self.outline_lines: gpd.GeoDataFrame | None = None
        if content.outlines:
            ofeats = content.outlines["features"]
            if ofeats and all(f["properties"].get("c") == "kk-changed" for f in ofeats):
                self.changed = [
                    str(f["properties"]["k"]) for f in ofeats if str(f["properties"]["k"]) in geo.munis.index
                ]
            elif spec.hub_of:
                from klyngekort.present.national_map import hub_boundaries

                mapping = tuple(sorted((str(k), str(v)) for k, v in spec.hub_of.items()))
                self.outline_lines = hub_boundaries(geo.plain, mapping)
            else:
                self.outline_lines = gpd.GeoDataFrame.from_features(ofeats, crs="EPSG:4326").to_crs(
                    "EPSG:25832"
                )
        pts = sorted(content.points, key=lambda p: point_rank(p.symbol))  # style.POINT_ORDER
        self.points = pts
        if pts:
            x, y = _to_metric(np.array([p.lat for p in pts]), np.array([p.lon for p in pts]))
            self.px, self.py = x, y
        self.layers_drawn: list[str] = []

    def draw(self, ax: Any, limits: tuple[float, ...], *, record: bool = True) -> None:
        L = self.layout
        x0, y0, x1, y1 = limits
        ax.set_facecolor(SEA_COLOR)
        drawn = ["sea"]
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])
        for s in ax.spines.values():
            s.set_edgecolor("#9aa5b1")
            s.set_linewidth(0.6)
        z = {name: i + 1 for i, name in enumerate(LAYER_ORDER)}
        paths = self.geo.paths
        # municipalities (gaps get their class colour here and the hatch on top)
        ax.add_collection(
            PathCollection(
                [paths[c] for c in self.codes],
                facecolors=[_mpl_color(c) for c in self.fills],
                edgecolors=BORDER_COLOR,
                linewidths=0.6 * L.line_scale,
                zorder=z["municipalities"],
            ),
            autolim=False,
        )
        drawn.append("municipalities")
        if self.gaps.any():
            ax.add_collection(
                PathCollection(
                    [paths[c] for c, g in zip(self.codes, self.gaps, strict=True) if g],
                    facecolors="none",
                    edgecolors=GAP_COLOR,
                    hatch="////",
                    linewidths=GAP_OUTLINE_WIDTH * L.line_scale,
                    zorder=z["gaps"],
                ),
                autolim=False,
            )
            drawn.append("gaps")
        if self.outline_lines is not None and len(self.outline_lines):
            ax.add_collection(
                LineCollection(
                    _line_coords(self.outline_lines),
                    colors=OUTLINE_COLOR,
                    linewidths=OUTLINE_WIDTH * L.line_scale,
                    zorder=z["outlines"],
                    capstyle="round",
                    joinstyle="round",
                ),
                autolim=False,
            )
            drawn.append("outlines")
        if self.changed:
            ax.add_collection(
                PathCollection(
                    [paths[c] for c in self.changed],
                    facecolors="none",
                    edgecolors=CHANGED_COLOR,
                    linewidths=CHANGED_WIDTH * L.line_scale,
                    zorder=z["outlines"],
                ),
                autolim=False,
            )
            drawn.append("outlines")
        if self.points:
            self._points(ax, limits, z["points"])
            drawn.append("points")
        if record:
            self.layers_drawn = drawn

    def _points(self, ax: Any, limits: tuple[float, ...], z0: int) -> None:
        L = self.layout
        fig = ax.figure
        bbox = ax.get_position()
        width_pt = bbox.width * fig.get_figwidth() * 72
        m_per_pt = (limits[2] - limits[0]) / width_pt
        offsets = _ring_offsets(self.points)
        for i, (p, (dx, dy)) in enumerate(zip(self.points, offsets, strict=True)):
            spec = SYMBOL_STYLES[p.symbol]
            size = p.size * L.marker_scale * (1 - 2 * spec.inset_frac)
            x = self.px[i] + dx * L.marker_scale * m_per_pt
            y = self.py[i] - dy * L.marker_scale * m_per_pt
            artist = _marker(
                spec,
                p.color,
                size,
                spec.stroke_frac * p.size * L.marker_scale,
                x,
                y,
                ax.transData,
                zorder=z0 + point_rank(p.symbol) * 0.01,
            )
            if isinstance(artist, Line2D):
                ax.add_line(artist)
            else:
                ax.add_collection(artist, autolim=False)
            if p.label:
                ax.text(
                    x,
                    y,
                    p.label,
                    ha="center",
                    va="center",
                    fontsize=max(5.0, 7.5 * L.marker_scale),
                    fontweight="bold",
                    color=p.label_color or "#1b2a3a",
                    zorder=z0 + 0.5,
                    clip_on=True,
                )


def _marker(
    spec: Any, color: str, size: float, stroke: float, x: float, y: float, transform: Any, zorder: float = 2
) -> Any:
    """One marker of ``size`` points at (x, y) in ``transform``, drawn from its
    :class:`~klyngekort.present.style.SymbolStyle`. A dashed outline (the secondment's circle)
    needs a collection: a line's marker edge cannot be dashed."""
    face = to_rgba(spec.fill_color(color), spec.fill_opacity)
    edge = spec.stroke_color(color)
    if spec.dashed:
        return CircleCollection(
            [size**2],
            offsets=[(x, y)],
            offset_transform=transform,
            transform=IdentityTransform(),
            facecolors=[face],
            edgecolors=[edge],
            linewidths=[stroke],
            linestyles=[(0, (2.4, 1.6))],
            zorder=zorder,
        )
    return Line2D(
        [x],
        [y],
        transform=transform,
        linestyle="none",
        marker=_marker_path(spec.shape),
        markersize=size,
        markerfacecolor=face,
        markeredgecolor=edge,
        markeredgewidth=stroke,
        zorder=zorder,
    )


def _limits_for(painter: _Painter, ax_aspect: float) -> tuple[tuple[float, ...], tuple[float, ...] | None]:
    """Main map limits, and the inset's (Bornholm) when the extent needs one."""
    geo = painter.geo
    codes = _extent_codes(painter.content, geo)
    main = [c for c in codes if c not in BORNHOLM]
    needs_inset = bool(main) and any(c in BORNHOLM for c in codes) and "0400" in geo.munis.index
    use = main if needs_inset or main else codes
    x0, y0, x1, y1 = (float(v) for v in geo.munis.loc[use].total_bounds)
    limits = _fit((x0, y0, x1, y1), ax_aspect)
    inset = None
    if needs_inset:
        bh = geo.munis.loc[[c for c in BORNHOLM if c in geo.munis.index]].total_bounds
        pad = 3500.0
        inset = (bh[0] - pad, bh[1] - pad, bh[2] + pad, bh[3] + pad)
    return limits, inset


def _place_inset(ax: Any, limits: tuple[float, ...], inset: tuple[float, ...]) -> tuple[float, ...]:
    """Where (data coordinates of the main map) the Bornholm box goes: the top right corner,
    at the same scale as the main map."""
    w, h = inset[2] - inset[0], inset[3] - inset[1]
    margin = 0.02 * (limits[2] - limits[0])
    x1, y1 = limits[2] - margin, limits[3] - margin
    return (x1 - w, y1 - h, w, h)


# --------------------------------------------------------------------------- legend


def _legend_rows(spec: StaticMapSpec) -> list[tuple[str, str, LegendEntry | None]]:
    """Sections of the legend from the content's entries: ("heading", text, None) and
    ("entry", section, entry). Fills first (hub areas or classes), then symbols, then the
    cluster (or area) colours, in the order the web legend has them."""
    lang = spec.lang
    entries: list[LegendEntry] = []
    seen: set[tuple[Any, str, str]] = set()
    for _, content in spec.panels:
        for e in content.legend:
            key = (e.symbol, e.color, e.label)
            if key not in seen:
                seen.add(key)
                entries.append(e)
    fills = [e for e in entries if e.symbol is None]
    neutral = {PRESENCE_LEGEND_COLOR, "#666", "#666666"}
    symbols = [e for e in entries if e.symbol is not None and (e.color in neutral or e.symbol in HUB_SYMBOLS)]
    cats = [e for e in entries if e.symbol is not None and e not in symbols]
    content = spec.content
    rows: list[tuple[str, str, LegendEntry | None]] = []

    def section(title: str, items: list[LegendEntry]) -> None:
        if not items:
            return
        rows.append(("heading", title, None))
        rows.extend(("entry", title, e) for e in items)

    legend_title = content.legend_title
    if legend_title == t(LEGEND_KEYS["title"], lang):  # the national map: its fills are the hub areas
        section(t(LEGEND_KEYS["hub_areas"], lang), fills)
    else:
        section(legend_title, fills)
    section(t(LEGEND_KEYS["symbols"], lang), symbols)
    section(t(LEGEND_KEYS[spec.category_key], lang), cats)
    return rows


def _entry_kind(e: LegendEntry) -> str:
    if e.symbol is not None:
        return "symbol"
    if e.color == GAP_SWATCH:
        return "hatch"
    if e.color == CHANGED_SWATCH:
        return "outline"
    return "fill"


def _draw_legend(
    fig: Figure, spec: StaticMapSpec, box: tuple[float, float, float, float], layout: Layout
) -> list[DrawnLegendRow]:
    """The legend in ``box`` (x0, y0, x1, y1 in inches), in as many columns as it needs
    (at most 3), smaller type only if it does not fit otherwise."""
    rows = _legend_rows(spec)
    x0, y0, x1, y1 = box
    # The largest type that fits in one column on the right (a short legend is read from
    # the back of the room), else in columns, else smaller type.
    sizes = [layout.text_size * f for f in (1.3, 1.15, 1.0, 0.9, 0.81, 0.73, 0.66, 0.59)]
    ncols, cols = 0, None
    for size in sizes:
        ncols, cols = _flow(rows, x1 - x0, y1 - y0, size)
        if cols is not None and (ncols == 1 or size <= layout.text_size):
            break
    else:  # pragma: no cover - at 59 % type a legend that still does not fit is cut
        ncols, cols = _flow(rows, x1 - x0, y1 - y0, size, force=True)
    assert cols is not None
    col_w = (x1 - x0) / ncols
    line = size * 1.25 / 72
    sw = size * 1.25 / 72  # swatch size (inches)
    drawn: list[DrawnLegendRow] = []
    tr = fig.dpi_scale_trans
    for ci, col in enumerate(cols):
        y = y1
        cx = x0 + ci * col_w
        for kind, text, entry, lines in col:
            if kind == "heading":
                y -= line * 0.35 if y < y1 else 0
                for ln in lines:
                    y -= line
                    fig.text(
                        cx,
                        y + 0.2 * line,
                        ln,
                        transform=tr,
                        fontsize=size,
                        fontweight="bold",
                        color=TEXT_COLOR,
                    )
                y -= line * 0.15
                continue
            assert entry is not None
            h = line * max(1, len(lines)) + line * 0.3
            ymid = y - line * 0.65
            ek = _entry_kind(entry)
            if ek == "symbol":
                spec_s = SYMBOL_STYLES[entry.symbol or "local_office"]
                ms = 14 * size / 11 * (1 - 2 * spec_s.inset_frac)
                fig.add_artist(
                    _marker(
                        spec_s,
                        entry.color,
                        ms,
                        spec_s.stroke_frac * 14 * size / 11,
                        cx + sw / 2,
                        ymid,
                        tr,
                    )
                )
                if entry.glyph:  # the cluster's letter, as in its markers
                    fig.text(
                        cx + sw / 2,
                        ymid,
                        entry.glyph,
                        transform=tr,
                        fontsize=size * 0.6,
                        fontweight="bold",
                        ha="center",
                        va="center",
                        color=glyph_color(entry.color),
                    )
            else:
                face = "white" if ek in ("hatch", "outline") else _mpl_color(entry.color)
                edge = GAP_COLOR if ek == "hatch" else CHANGED_COLOR if ek == "outline" else "#8c959f"
                fig.add_artist(
                    Rectangle(
                        (cx, ymid - sw * 0.4),
                        sw,
                        sw * 0.8,
                        transform=tr,
                        facecolor=face,
                        edgecolor=edge,
                        linewidth=1.8 if ek == "outline" else 0.6,
                        hatch="////" if ek == "hatch" else None,
                    )
                )
            for j, ln in enumerate(lines):
                fig.text(
                    cx + sw + 0.09,
                    ymid - j * line,
                    ln,
                    transform=tr,
                    fontsize=size,
                    va="center",
                    color=TEXT_COLOR,
                )
            y -= h
            drawn.append(DrawnLegendRow(text, ek, entry.symbol, entry.color, entry.label))
    return drawn


def _flow(
    rows: list[tuple[str, str, LegendEntry | None]],
    width: float,
    height: float,
    size: float,
    *,
    force: bool = False,
) -> tuple[int, list[list[tuple[str, str, LegendEntry | None, list[str]]]] | None]:
    """Rows into columns (1–3) that fit ``height``; ``None`` when 3 columns do not fit."""
    line = size * 1.25 / 72
    for ncols in (1, 2, 3):
        if width > 2.2 * height and ncols == 1:
            continue  # a wide, low legend (below the map) reads better in columns
        col_w = width / ncols
        chars = _chars((col_w - size * 1.25 / 72 - 0.15) * 72, size)
        items = []
        for kind, text, entry in rows:
            if kind == "heading":
                items.append((kind, text, entry, wrap(text, _chars(col_w * 72, size), 2), 0.0))
            else:
                assert entry is not None
                lines = wrap(entry.label, chars, 2)
                items.append((kind, text, entry, lines, 0.0))
        heights = []
        for kind, _, _, lines, _ in items:
            if kind == "heading":
                heights.append(line * len(lines) + line * 0.5)
            else:
                heights.append(line * len(lines) + line * 0.3)
        cols: list[list[tuple[str, str, LegendEntry | None, list[str]]]] = [[]]
        used = 0.0
        cap = min(height, sum(heights) / ncols + max(heights) * 1.5) if ncols > 1 else height
        ok = True
        for i, (item, h) in enumerate(zip(items, heights, strict=True)):
            need = h
            if item[0] == "heading":
                # keep a heading with its first entries (at least three), so that a section
                # never starts at the foot of a column
                following = 0.0
                for j in range(i + 1, min(i + 4, len(items))):
                    if items[j][0] == "heading":
                        break
                    following += heights[j]
                need += following
            if used + need > cap and cols[-1] and len(cols) < ncols:
                cols.append([])
                used = 0.0
            if used + h > height:  # the last column is full
                ok = False
                if not force:
                    break
            cols[-1].append(item[:4])
            used += h
        if ok:
            return ncols, cols
        if force and ncols == 3:
            return len(cols), cols
    return 3, None


# --------------------------------------------------------------------------- the figure


def render(spec: StaticMapSpec, layers: GeoLayers, size: str = "slide") -> StaticMap:
    """Draw ``spec`` as a figure of the page size ``size`` (``"slide"``: 1920 × 1080 px;
    ``"a4"``: A4 portrait at 300 dpi)."""
    if size not in LAYOUTS:
        raise ValueError(f"unknown size {size!r}: use {' or '.join(SIZES)}")
    L = LAYOUTS[size]
    geo = _geo(layers)
    with rc_context(_RC):
        fig = Figure(figsize=(L.width, L.height), dpi=L.dpi, facecolor="white")
        FigureCanvasAgg(fig)
        texts, header_bottom = _header(fig, spec, L)
        # the regions (inches)
        top = min(L.height - L.header, header_bottom - 0.12)
        bottom = L.footer + (L.legend_below if L.legend_below else 0) + 0.1
        right = L.width - L.margin - (L.legend_right if L.legend_right else 0)
        left = L.margin
        n = len(spec.panels)
        gap = 0.25
        panel_w = (right - left - gap * (n - 1)) / n
        heading_h = 0.32 if n > 1 else 0.0
        painters = []
        inset_used = False
        for i, (heading, content) in enumerate(spec.panels):
            px0 = left + i * (panel_w + gap)
            ph = top - bottom - heading_h
            ax = fig.add_axes((px0 / L.width, bottom / L.height, panel_w / L.width, ph / L.height))
            painter = _Painter(spec, content, geo, L)
            limits, inset = _limits_for(painter, panel_w / ph)
            painter.draw(ax, limits)
            if inset is not None:
                ix, iy, iw, ih = _place_inset(ax, limits, inset)
                iax = ax.inset_axes((ix, iy, iw, ih), transform=ax.transData, zorder=20)
                painter.draw(iax, inset, record=False)
                for s in iax.spines.values():
                    s.set_edgecolor(OUTLINE_COLOR)
                    s.set_linewidth(0.8)
                inset_used = True
            _scalebar(ax, L)
            if heading:
                fig.text(
                    (px0 + 0.02) / L.width,
                    (top - heading_h + 0.08) / L.height,
                    _shorten(heading, _chars(panel_w * 72, L.subtitle_size)),
                    fontsize=L.subtitle_size,
                    fontweight="bold",
                    color=TEXT_COLOR,
                )
            if spec.empty_message and i == n - 1:
                ax.text(
                    0.5,
                    0.5,
                    "\n".join(wrap(spec.empty_message, 40, 3)),
                    transform=ax.transAxes,
                    ha="center",
                    va="center",
                    fontsize=L.subtitle_size * 1.2,
                    color=TEXT_COLOR,
                    zorder=50,
                    bbox={
                        "boxstyle": "round,pad=0.6",
                        "facecolor": "white",
                        "edgecolor": "#9aa5b1",
                        "alpha": 0.95,
                    },
                )
            painters.append(painter)
        if L.legend_right:
            box = (right + 0.3, bottom, L.width - L.margin, top)
        else:
            box = (L.margin, L.footer + 0.05, L.width - L.margin, bottom - 0.2)
        legend = _draw_legend(fig, spec, box, L)
    return StaticMap(
        figure=fig,
        layout=L,
        legend=legend,
        layers=painters[-1].layers_drawn if painters else [],
        point_symbols=[p.symbol for p in painters[-1].points] if painters else [],
        inset=inset_used,
        texts=texts,
    )


def _scalebar(ax: Any, L: Layout) -> None:
    from matplotlib_scalebar.scalebar import ScaleBar

    ax.add_artist(
        ScaleBar(
            1,
            units="m",
            location="lower left",
            length_fraction=0.22,
            box_alpha=0.75,
            color=TEXT_COLOR,
            font_properties={"family": "DejaVu Sans", "size": L.source_size},
            scale_loc="top",
            border_pad=0.6,
        )
    )


def _header(fig: Figure, spec: StaticMapSpec, L: Layout) -> tuple[dict[str, str], float]:
    """Title, subtitle, the EKSEMPELDATA mark and the source line; returns the texts and
    the lowest point of the title block (inches)."""
    lang = spec.lang
    w_pt = (L.width - 2 * L.margin) * 72
    mark = t("static_example_mark", lang) if spec.is_example else ""
    mark_w = 0.0
    if mark:
        probe = fig.text(0, 0, mark, fontsize=L.title_size * 0.7, fontweight="bold")
        mark_w = probe.get_window_extent(fig.canvas.get_renderer()).width / fig.dpi * 72 + 30  # type: ignore[attr-defined]
        probe.remove()
    y_title = L.height - L.margin - L.title_size / 72
    title_artist = fig.text(
        L.margin / L.width,
        y_title / L.height,
        spec.title,
        fontsize=L.title_size,
        fontweight="bold",
        color=TEXT_COLOR,
    )
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    full_w = title_artist.get_window_extent(renderer).width / fig.dpi * 72
    # The mark sits beside the title; when the title needs the room, beside the subtitle.
    mark_on_title = not mark or full_w <= w_pt - mark_w
    title = _fit_width(fig, title_artist, (w_pt - (mark_w if mark_on_title else 0)) / 72)
    sub_w = w_pt - (0 if mark_on_title else mark_w)
    sub_lines = wrap(spec.subtitle, _chars(sub_w, L.subtitle_size), 2)
    y_sub = y_title - 0.16 - L.subtitle_size / 72
    for i, ln in enumerate(sub_lines):
        fig.text(
            L.margin / L.width,
            (y_sub - i * L.subtitle_size * 1.3 / 72) / L.height,
            ln,
            fontsize=L.subtitle_size,
            color=MUTED_TEXT,
        )
    if mark:
        y_mark = y_title + 0.02 if mark_on_title else y_sub - 0.02
        fig.text(
            (L.width - L.margin) / L.width,
            y_mark / L.height,
            mark,
            fontsize=L.title_size * 0.7 if mark_on_title else L.subtitle_size * 1.05,
            fontweight="bold",
            color="white",
            ha="right",
            bbox={"boxstyle": "square,pad=0.35", "facecolor": EXAMPLE_COLOR, "edgecolor": EXAMPLE_COLOR},
        )
    source = source_line(lang, spec.data_date)
    fig.text(
        L.margin / L.width,
        (L.footer * 0.45) / L.height,
        _shorten(source, _chars(w_pt, L.source_size)),
        fontsize=L.source_size,
        color=MUTED_TEXT,
    )
    bottom = y_sub - (len(sub_lines) - 1) * L.subtitle_size * 1.3 / 72 - 0.3 * L.subtitle_size / 72
    return {"title": title, "subtitle": " ".join(sub_lines), "source": source, "example": mark}, bottom


def render_bytes(spec: StaticMapSpec, layers: GeoLayers, *, fmt: str = "png", size: str = "slide") -> bytes:
    """Render and encode in one call (what the download buttons and the CLI use); the figure
    is released afterwards."""
    sm = render(spec, layers, size)
    try:
        return sm.to_bytes(fmt)
    finally:
        sm.figure.clear()
