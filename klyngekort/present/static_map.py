"""Static maps (PNG, SVG, PDF) drawn with matplotlib from the same map content as the Leaflet maps.

The map builders (:mod:`klyngekort.present.national_map`, :mod:`klyngekort.present.coverage_map`,
:mod:`klyngekort.present.comparison`) make a :class:`~klyngekort.present.mapview.MapContent`: per
municipality its fill, the markers with their symbol and colour, and the legend. The web map
draws it with Leaflet; :func:`render` draws the very same content with matplotlib, in EPSG:25832
from the full-detail DAGI municipalities, with the colours, symbols and layer order of
:mod:`klyngekort.present.style`. So the two cannot drift apart.

Every image carries a title and subtitle saying what is shown, the complete legend, a scale
bar (``matplotlib-scalebar``), Bornholm in an inset when the extent needs it, the source line
and, for the example data, an EKSEMPELDATA mark. Text is set in DejaVu Sans (shipped with
matplotlib, so æøå are right everywhere); SVG text is drawn as paths and PDF fonts are embedded.
Nothing is downloaded.

The views (:func:`national_map`, :func:`coverage_map`, :func:`hub_map`, :func:`cluster_map`,
:func:`scenario_map`) build a :class:`StaticMapSpec` from the data, as the pages do.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
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

from klyngekort.core.selection import hub_labels
from klyngekort.present.i18n import Lang, fmt_date, fmt_number, t
from klyngekort.present.mapview import LayerMemo, LegendEntry, MapContent, MapPoint, _ring_offsets
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
    SYMBOLS,
    TEXT_COLOR,
    glyph_color,
    point_rank,
    unit_polygon,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    from klyngekort.core.coverage import CoverageResult
    from klyngekort.core.model import Dataset
    from klyngekort.core.selection import Selection
    from klyngekort.geo.cache import GeoLayers
    from klyngekort.present.coverage_map import CoverageMap
    from klyngekort.scenarios.compare import ScenarioComparison

FORMATS = ("png", "svg", "pdf")
SIZES = ("slide", "a4")  # the sizes offered to users (LAYOUTS also has the deck's "panel")
BORNHOLM = frozenset({"0400", "0411"})  # Bornholm and Christiansø: drawn in an inset
MIMETYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


# --------------------------------------------------------------------------- layouts


@dataclass(frozen=True)
class Layout:
    """A page: size in inches, resolution, and where title, map, legend and source go (inches
    from the bottom left)."""

    name: str
    width: float
    height: float
    dpi: int
    title_size: float
    subtitle_size: float
    text_size: float  # legend entries
    source_size: float
    margin: float
    header: float  # height of the title block
    footer: float  # height of the source line block
    legend_right: float  # width of a legend panel on the right (0: legend below the map)
    legend_below: float  # height of a legend panel below the map
    marker_scale: float  # points per screen pixel of the web map's markers
    line_scale: float  # points per screen pixel of the web map's lines

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.dpi), round(self.height * self.dpi)


LAYOUTS: dict[str, Layout] = {
    # PowerPoint's 16:9 slide (13.333 × 7.5 in) at 144 dpi: 1920 × 1080 pixels.
    "slide": Layout(
        "slide", 1920.5 / 144, 1080.5 / 144, 144, 25, 14, 11.5, 9.5, 0.42, 1.3, 0.5, 5.6, 0, 1.05, 0.9
    ),
    # A map beside text on a slide (the deck's hub slides): 7 × 5.55 in at 200 dpi.
    "panel": Layout("panel", 7.0, 5.55, 200, 14, 9.5, 8.5, 7, 0.22, 0.85, 0.35, 0, 1.5, 0.75, 0.7),
    # A4 portrait (210 × 297 mm) at 300 dpi: 2480 × 3508 pixels.
    "a4": Layout("a4", 2480.5 / 300, 3508.5 / 300, 300, 17, 10.5, 8, 7, 0.5, 1.05, 0.45, 0, 3.1, 0.8, 0.6),
}


# --------------------------------------------------------------------------- what to draw


@dataclass
class StaticMapSpec:
    """One static map: one or more panels of map content (a scenario has two: before and
    after), the texts around them and the facts the source line needs."""

    panels: list[tuple[str, MapContent]]  # (panel heading, content); heading "" for one panel
    title: str
    subtitle: str
    lang: Lang
    is_example: bool = False
    data_date: str = ""
    hub_of: Mapping[str, str] | None = None  # kommunekode → hub id: draw hub-area borders
    class_colors: Sequence[str] = ()  # the coverage classes (to fill hatched gaps)
    empty_message: str = ""  # said on the map when the selection has nothing to show
    category_key: str = "clusters"  # what the marker colours stand for: "clusters" or "areas"

    @property
    def content(self) -> MapContent:
        return self.panels[-1][1]


@dataclass
class DrawnLegendRow:
    """What the static legend drew for one entry (for the tests against the web legend)."""

    section: str
    kind: str  # "fill", "hatch", "outline", "symbol"
    symbol: str | None
    color: str
    label: str  # the full label (the drawn text may be wrapped)


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


# --------------------------------------------------------------------------- helpers


def source_line(lang: Lang, data_date: str) -> str:
    """ "Kilde: DAGI (SDFI) · Klyngekort-data pr. ‹date› · placering på byniveau"."""
    return t("static_source", lang, date=data_date or t("unknown", lang))


def dataset_date(ds: Dataset, lang: Lang = "da") -> str:
    """The date of the dataset: when the store last saved it (or the as-of date shown), else the
    newest of its files' modification dates, written the reader's way (``27.11.2026`` / ``27 Nov 2026``)."""
    if ds.changed_at:
        return format_date(date.fromisoformat(ds.changed_at[:10]), lang)
    stamps = [p.stat().st_mtime for p in ds.files.values() if p is not None and Path(p).exists()]
    if not stamps:
        return ""
    return format_date(date.fromtimestamp(max(stamps)), lang)


def format_date(d: date, lang: Lang = "da") -> str:
    return fmt_date(d, lang)


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


def _shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(1, width - 1)].rstrip() + "…"


def wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """``text`` wrapped at ``width`` characters into at most ``lines`` lines; the last
    line ends in an ellipsis when text was cut."""
    parts = textwrap.wrap(" ".join(str(text).split()), max(4, width), break_long_words=True) or [""]
    if len(parts) <= lines:
        return parts
    kept = parts[: lines - 1]
    rest = " ".join(parts[lines - 1 :])
    return [*kept, _shorten(rest, width)]


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


def _chars(width_pt: float, size_pt: float) -> int:
    """How many characters of DejaVu Sans at ``size_pt`` fit in ``width_pt`` (a safe estimate)."""
    return max(4, int(width_pt / (0.6 * size_pt)))


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


# --------------------------------------------------------------------------- views


def _reach(result: CoverageResult, lang: Lang) -> str:
    from klyngekort.present.coverage_map import reach_text

    return reach_text(result, lang)


def _period_text(period: Any) -> str:
    key = getattr(period, "key", str(period))
    return str(key).replace("-", "–") if re.fullmatch(r"\d{4}-\d{4}", str(key)) else str(key)


def _clusters_text(n: int, lang: Lang) -> str:
    return t("static_n_clusters", lang, n=fmt_number(n, lang))


def national_map(
    ds: Dataset,
    layers: GeoLayers,
    sel: Selection,
    *,
    lang: Lang = "da",
    color_by: str = "cluster",
    map_layers: Any = None,
) -> StaticMapSpec:
    """The national presence map (Danmarkskort) of a selection."""
    from klyngekort.core.coverage import hub_of_municipality
    from klyngekort.core.selection import select
    from klyngekort.present.national_map import Layers, build_content

    view = select(ds, sel)
    content = build_content(
        ds, view, layers.display, lang=lang, layers=map_layers or Layers(), color_by=color_by
    )
    where = hub_labels(ds).get(sel.hub_id, sel.hub_id) if sel.hub_id else t("all_country", lang)
    n = int(view.clusters["cluster_id"].nunique())
    subtitle = " · ".join(
        [t("static_period", lang, period=_period_text(sel.period)), _clusters_text(n, lang), str(where)]
    )
    empty = t("static_empty_clusters", lang) if n == 0 else ""
    return StaticMapSpec(
        panels=[("", content)],
        title=t("static_title_national", lang),
        subtitle=subtitle,
        lang=lang,
        is_example=ds.is_example,
        data_date=dataset_date(ds, lang),
        hub_of=hub_of_municipality(ds),
        empty_message=empty,
        category_key="areas" if color_by == "area" else "clusters",
    )


def coverage_spec(
    cm: CoverageMap,
    result: CoverageResult,
    ds: Dataset,
    *,
    title: str,
    subtitle: str,
    lang: Lang,
    empty_message: str = "",
) -> StaticMapSpec:
    """A static map of a coverage map already built (:func:`klyngekort.present.coverage_map.build_coverage_content`)."""
    from klyngekort.core.coverage import hub_of_municipality

    return StaticMapSpec(
        panels=[("", cm.content)],
        title=title,
        subtitle=subtitle,
        lang=lang,
        is_example=ds.is_example,
        data_date=dataset_date(ds, lang),
        hub_of=hub_of_municipality(ds),
        class_colors=list(cm.classes.colors),
        empty_message=empty_message,
    )


def _build_coverage(
    ds: Dataset,
    layers: GeoLayers,
    result: CoverageResult,
    indicator: str,
    lang: Lang,
    focus_hub: str | None = None,
) -> CoverageMap:
    from klyngekort.core.coverage import hub_of_municipality
    from klyngekort.present.coverage_map import build_coverage_content
    from klyngekort.present.national_map import cluster_colors, glyphs_of

    geom = _coverage_geometry(layers, tuple(sorted(hub_of_municipality(ds).items())))
    return build_coverage_content(
        geom,
        result,
        indicator,
        lang=lang,
        focus_hub=focus_hub,
        colors=cluster_colors(ds),
        glyphs=glyphs_of(ds),
        hubs=ds.hubs,
    )


_GEOMETRY = LayerMemo(8)


def _coverage_geometry(layers: GeoLayers, mapping: tuple) -> Any:
    from klyngekort.present.coverage_map import prepare_geometry

    return _GEOMETRY.get(layers.display, mapping, lambda: prepare_geometry(layers.display, dict(mapping)))


def coverage_map(
    ds: Dataset,
    layers: GeoLayers,
    result: CoverageResult,
    *,
    indicator: str = "clusters_present",
    lang: Lang = "da",
    focus_hub: str | None = None,
    period: Any = None,
) -> StaticMapSpec:
    """The coverage choropleth (Dækning) with its gaps; with ``focus_hub``, that hub's area."""
    from klyngekort.present.coverage_map import indicator_title

    cm = _build_coverage(ds, layers, result, indicator, lang, focus_hub)
    n = len(result.core.cluster_ids)
    where = hub_labels(ds).get(focus_hub, focus_hub) if focus_hub else t("all_country", lang)
    parts = []
    if period is not None:
        parts.append(t("static_period", lang, period=_period_text(period)))
    parts += [_clusters_text(n, lang), str(where), t("static_gaps", lang, n=fmt_number(len(cm.gaps), lang))]
    if focus_hub:
        title = t("static_title_hub", lang, hub=where, what=indicator_title(result, indicator, lang))
    else:
        title = t("static_title_coverage", lang, what=indicator_title(result, indicator, lang))
    return coverage_spec(
        cm,
        result,
        ds,
        title=title,
        subtitle=" · ".join(parts),
        lang=lang,
        empty_message=t("static_empty_clusters", lang) if n == 0 else "",
    )


def hub_map(
    ds: Dataset,
    layers: GeoLayers,
    result: CoverageResult,
    hub_id: str,
    *,
    indicator: str = "clusters_present",
    lang: Lang = "da",
    period: Any = None,
) -> StaticMapSpec:
    """One hub's area (Erhvervshus): the coverage map zoomed to it, the rest pale."""
    return coverage_map(ds, layers, result, indicator=indicator, lang=lang, focus_hub=hub_id, period=period)


def cluster_map(
    ds: Dataset,
    layers: GeoLayers,
    result: CoverageResult,
    cluster_id: str,
    *,
    lang: Lang = "da",
    period: Any = None,
) -> StaticMapSpec:
    """One cluster's reach (Klynge): the distance to its nearest presence, its gaps."""
    cm = _build_coverage(ds, layers, result, "nearest_km", lang)
    name = result.core.cluster_names.get(cluster_id, cluster_id)
    parts = []
    if period is not None:
        parts.append(t("static_period", lang, period=_period_text(period)))
    parts.append(t("static_cluster_reach", lang, reach=_reach(result, lang)))
    parts.append(t("static_gaps", lang, n=fmt_number(len(cm.gaps), lang)))
    empty = ""
    if cluster_id not in result.core.cluster_ids:
        empty = t("cov_cluster_out_of_period", lang)
    elif result.core.presences.empty or not (result.core.presences["cluster_id"] == cluster_id).any():
        empty = t("cov_cluster_no_presence", lang)
    return coverage_spec(
        cm,
        result,
        ds,
        title=t("static_title_cluster", lang, cluster=name),
        subtitle=" · ".join(parts),
        lang=lang,
        empty_message=empty,
    )


def scenario_map(
    cmp: ScenarioComparison,
    ds: Dataset,
    layers: GeoLayers,
    *,
    lang: Lang = "da",
    focus: str | None = None,
) -> StaticMapSpec:
    """A scenario's before and after side by side, the changed municipalities outlined."""
    from klyngekort.present.comparison import comparison_map

    before = comparison_map(cmp, layers.display, side="before", focus=focus, lang=lang)
    after = comparison_map(cmp, layers.display, side="after", focus=focus, lang=lang)
    classes = None
    if focus is None:
        from klyngekort.present.comparison import count_classes

        classes = count_classes(cmp, lang)
    reach = _reach(cmp.before, lang)
    subtitle = " · ".join(
        [
            t("static_period", lang, period=_period_text(cmp.period)),
            reach,
            t("static_changed", lang, n=fmt_number(len(cmp.changed), lang)),
        ]
    )
    return StaticMapSpec(
        panels=[(t("cmp_col_before", lang), before), (t("cmp_col_after", lang), after)],
        title=t("static_title_scenario", lang, name=cmp.scenario.name),
        subtitle=subtitle,
        lang=lang,
        is_example=ds.is_example or cmp.scenario_dataset.is_example,
        data_date=dataset_date(ds, lang),
        class_colors=list(classes.colors) if classes is not None else [],
        empty_message=t("static_empty_scenario", lang) if not cmp.scenario.changes else "",
    )


def render_bytes(spec: StaticMapSpec, layers: GeoLayers, *, fmt: str = "png", size: str = "slide") -> bytes:
    """Render and encode in one call (what the download buttons and the CLI use); the figure
    is released afterwards."""
    sm = render(spec, layers, size)
    try:
        return sm.to_bytes(fmt)
    finally:
        sm.figure.clear()


__all__ = [
    "FORMATS",
    "LAYOUTS",
    "MIMETYPES",
    "SIZES",
    "SYMBOLS",
    "DrawnLegendRow",
    "Layout",
    "MapPoint",
    "StaticMap",
    "StaticMapSpec",
    "cluster_map",
    "coverage_map",
    "coverage_spec",
    "dataset_date",
    "hub_map",
    "national_map",
    "render",
    "render_bytes",
    "scenario_map",
    "source_line",
    "wrap",
]
