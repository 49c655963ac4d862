"""Folium maps of Denmark that work without a network.

The maps use Leaflet from ``static/vendor`` (see :mod:`klyngekort.present.assets`), draw land from the
DAGI display layer on a plain sea background (no tiles by default), and put every piece of
text from the data through :func:`html.escape` before it reaches a tooltip or popup.

Layers are small custom Leaflet elements (one ``L.geoJSON`` for the municipalities, one
point layer per symbol family) so that the browser receives compact JSON rather than one
block of generated JavaScript per marker.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlencode

import folium
import geopandas as gpd
import numpy as np
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from klyngekort.present import assets
from klyngekort.present.i18n import Lang, fmt_date, label_confidence, label_kind, local_time, t
from klyngekort.present.style import (
    BORDER_COLOR,
    BORDER_WIDTH,
    CATEGORY_COLORS,
    FALLBACK_FILLS,
    HUB_FILLS,
    LAND_OUTSIDE,
    OUTLINE_COLOR,
    OUTLINE_WIDTH,
    SEA_COLOR,
    SYMBOL_STYLES,
    glyph_color,
    point_rank,
    unit_polygon,
)
from klyngekort.present.style import (
    HUB_DARK as HUB_DARK,
)
from klyngekort.present.style import (
    SYMBOLS as SYMBOLS,
)

T = TypeVar("T")

# The colours and symbols are defined once, in klyngekort.present.style, for this renderer and the
# static one (klyngekort.present.static_map); the names are kept here for the map builders.


def category_colors(keys: Iterable[str]) -> dict[str, str]:
    """A stable colour per key (sorted order), cycling through :data:`CATEGORY_COLORS`."""
    return {k: CATEGORY_COLORS[i % len(CATEGORY_COLORS)] for i, k in enumerate(sorted(set(keys)))}


def hub_fill_colors(hub_ids: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    extra = iter(FALLBACK_FILLS * 4)
    for h in sorted(set(hub_ids)):
        out[h] = HUB_FILLS.get(h) or next(extra)
    return out


def esc(value: Any) -> str:
    """Escape any value from the data for HTML (``None``/NaN -> empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _script_json(obj: Any) -> str:
    """JSON that is safe to embed inside a ``<script>`` element: no ``<``, ``>`` or ``&`` appears
    raw (they are ``\\u003c`` etc., which JavaScript reads back as the same characters), so no
    data text can close the script or look like markup in the page's source."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for ch, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, code)
    return text


# --------------------------------------------------------------------------- symbols


def symbol_svg(symbol: str, color: str, size: int = 14) -> str:
    """Inline SVG for a symbol; used on the map and in the HTML legend. Drawn from
    :data:`klyngekort.present.style.SYMBOL_STYLES`, as the static maps are."""
    try:
        spec = SYMBOL_STYLES[symbol]
    except KeyError:
        raise ValueError(f"unknown symbol {symbol!r}") from None
    s = size
    fill = html.escape(spec.fill_color(color), quote=True)
    stroke = html.escape(spec.stroke_color(color), quote=True)
    inner = s * (1 - 2 * spec.inset_frac)
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{spec.stroke_frac * s:.3g}"'
    if spec.fill_opacity < 1:
        paint += f' fill-opacity="{spec.fill_opacity:g}"'
    if spec.dashed:
        paint += f' stroke-dasharray="{0.214 * s:.3g} {0.143 * s:.3g}"'
    if spec.shape == "circle":
        body = f'<circle cx="{s / 2:g}" cy="{s / 2:g}" r="{inner / 2:.3g}" {paint}/>'
    else:
        pts = " ".join(
            f"{s / 2 + x * inner:.1f},{s / 2 - y * inner:.1f}" for x, y in unit_polygon(spec.shape)
        )
        body = f'<polygon points="{pts}" {paint}/>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{s}" height="{s}" viewBox="0 0 {s} {s}">{body}</svg>'
    )


@dataclass
class MapPoint:
    """One marker. ``tooltip`` and ``popup`` are HTML built from escaped values."""

    lat: float
    lon: float
    symbol: str
    color: str
    size: int
    tooltip: str
    popup: str
    css_class: str
    label: str = ""  # short text drawn inside (the cluster's letter, or a number of persons)
    label_color: str = ""  # the colour of ``label`` (default: dark)


@dataclass
class LegendEntry:
    symbol: str | None  # a symbol name, or None for a fill swatch
    color: str
    label: str
    glyph: str = ""  # the cluster's letter, drawn in the symbol as on the map


@dataclass
class MapContent:
    """Everything a map shows, already prepared as plain data."""

    municipalities: dict[str, Any]  # GeoJSON FeatureCollection (EPSG:4326), properties k,t,f,c
    outlines: dict[str, Any] | None
    points: list[MapPoint] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    legend_title: str = ""
    attribution: str = ""
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None  # ((s, w), (n, e))


# --------------------------------------------------------------------------- Leaflet elements


class _Rendered(Element):
    """Already rendered text. branca would wrap it in ``Element(text)`` and compile it as a
    Jinja template again, so ``{{ ... }}`` in a name from the data would run on the server."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text

    def render(self, **kwargs: Any) -> str:
        return self._text


def figure_of(element: Element) -> Figure:
    """The branca :class:`Figure` that ``element`` (a folium map, say) is drawn in. branca
    types ``get_root()`` as a plain ``Element``; the header, html and script parts are the
    Figure's."""
    root = element.get_root()
    if not isinstance(root, Figure):
        raise TypeError(f"{type(element).__name__} is not in a branca Figure")
    return root


class _DataMacro(MacroElement):
    """A MacroElement whose rendered output (which holds data) is never compiled again."""

    # branca's MacroElement.render returns None although Element.render is declared ``-> str``;
    # this override is a MacroElement's, so it returns None too.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = figure_of(self)
        module = self._template.module
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = getattr(module, part, None)
            if macro is not None:
                target.add_child(_Rendered(macro(self, kwargs)), name=self.get_name())


class _GeoJsonLayer(_DataMacro):
    """``L.geoJSON`` with per-feature fill from ``properties.f``, class ``properties.c``,
    and an escaped HTML tooltip from ``properties.t``."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON({{ this.data_js }}, {
  attribution: {{ this.attribution_js }},
  interactive: {{ this.interactive_js }},
  style: function (f) {
    return {fillColor: f.properties.f || "{{ this.fill }}", fillOpacity: {{ this.fill_opacity }},
            color: "{{ this.color }}", weight: {{ this.weight }}, opacity: 1,
            className: f.properties.c || "{{ this.css_class }}"};
  },
  onEachFeature: function (f, layer) {
    if (f.properties.t) { layer.bindTooltip(f.properties.t, {sticky: true}); }
  }
}).addTo({{ this._parent.get_name() }});
// Chromium makes an SVG shape with focus listeners (Leaflet's tooltips) a tab stop: the 98
// municipalities are not; the map itself is one (their figures are in the table beside it).
{{ this.get_name() }}.eachLayer(function (l) {
  var el = l.getElement && l.getElement();
  if (el) { el.setAttribute("tabindex", "-1"); }
});
{% endmacro %}
"""
    )

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        fill: str = "none",
        fill_opacity: float = 1.0,
        color: str = BORDER_COLOR,
        weight: float = BORDER_WIDTH,
        css_class: str = "",
        attribution: str = "",
        interactive: bool = True,
    ) -> None:
        super().__init__()
        self._name = "KkGeoJson"
        self.data_js = _script_json(data)
        self.fill = fill
        self.fill_opacity = fill_opacity
        self.color = color
        self.weight = weight
        self.css_class = css_class
        # Leaflet shows the attribution as HTML; it is text (the provenance file may name the source).
        self.attribution_js = _script_json(html.escape(attribution, quote=False))
        self.interactive_js = "true" if interactive else "false"


class _PointLayer(_DataMacro):
    """Markers drawn as inline-SVG ``L.divIcon``s; markers at the same place are spread on a
    small ring (pixel offsets) so that none hides another."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var pts = {{ this.points_js }};
  var svgs = {{ this.svgs_js }};
  var group = L.featureGroup();
  pts.forEach(function (p) {
    var s = p[4], dx = p[8], dy = p[9];
    var inner = svgs[p[2]].replace(/__C__/g, p[3]).replace(/__S__/g, s);
    if (p[10]) {
      inner += '<span class="kk-lbl"' + (p[13] ? ' style="color:' + p[13] + ';font-size:' +
               Math.max(8, Math.round(s * 0.55)) + 'px"' : '') + '>' + p[10] + '</span>';
    }
    var icon = L.divIcon({className: "kk-pt " + p[7], html: inner,
                          iconSize: [s, s], iconAnchor: [s / 2 - dx, s / 2 - dy],
                          tooltipAnchor: [dx + s / 2, dy], popupAnchor: [dx, dy - s / 2]});
    // keyboard: Enter on a focused marker opens its popup; the markers are not tab stops
    // (the map is one), they are reached with N / P from the focused map (below).
    var m = L.marker([p[0], p[1]], {icon: icon, keyboard: true, riseOnHover: true,
                                     zIndexOffset: p[11], title: p[12], alt: p[12]});
    m.on("add", function () {
      if (!m._icon) { return; }
      m._icon.tabIndex = -1;
      // A click focuses the marker, and the browser would scroll the page to bring the whole
      // map frame into view, moving the marker from under the pointer before the click ends (no
      // popup, when the map stands low on the page): focus it without scrolling.
      m._icon.addEventListener("mousedown", function (e) {
        e.preventDefault();
        m._icon.focus({preventScroll: true});
      });
    });
    m.bindTooltip(p[5]);
    m.bindPopup(p[6], {maxWidth: 320});
    group.addLayer(m);
  });
  var map = {{ this._parent.get_name() }};
  group.addTo(map);
  // Leaflet focuses the map on a mouse press; when the map stands low on the page, the browser
  // would then scroll the page to show all of it, moving a marker from under the pointer
  // before the click ends (no popup). A press never scrolls the page (Tab still does).
  var box = map.getContainer(), focusBox = box.focus.bind(box);
  box.focus = function (o) { focusBox(Object.assign({preventScroll: true}, o || {})); };
  // A popup's "Historik" link (a.kk-history, target=_top) opens in the app's own window. The
  // map lives in Streamlit's component frame, whose sandbox does not let it navigate the top
  // window, so the link is followed by a link of the top document (the same origin); in a
  // file or under another origin the browser follows it as it is. Capture phase: Leaflet
  // stops a click inside a popup from bubbling.
  map.getContainer().addEventListener("click", function (e) {
    var a = e.target && e.target.closest ? e.target.closest("a.kk-history") : null;
    if (!a || window.top === window) { return; }
    try {
      var doc = window.top.document, b = doc.createElement("a");
      b.href = a.href;
      b.style.display = "none";
      doc.body.appendChild(b);
      b.click();
      b.remove();
      e.preventDefault();
    } catch (err) { /* another origin: the link as it is */ }
  }, true);
  var order = [], at = -1;
  map.getContainer().addEventListener("keydown", function (e) {
    var k = (e.key || "").toLowerCase();
    if (k !== "n" && k !== "p") { return; }
    if (!order.length) {
      group.eachLayer(function (m) { if (m._icon) { order.push(m); } });
      order.sort(function (a, b) { return b.getLatLng().lat - a.getLatLng().lat; });
    }
    if (!order.length) { return; }
    at = (at + (k === "n" ? 1 : order.length - 1)) % order.length;
    var m = order[at];
    m._icon.focus();
    m.openTooltip();
    e.preventDefault();
  });
})();
{% endmacro %}
"""
    )

    def __init__(self, points: Sequence[MapPoint]) -> None:
        super().__init__()
        self._name = "KkPoints"
        offsets = _ring_offsets(points)
        rows = []
        for p, (dx, dy) in zip(points, offsets, strict=True):
            rows.append(
                [
                    round(p.lat, 5),
                    round(p.lon, 5),
                    p.symbol,
                    p.color,
                    p.size,
                    p.tooltip,
                    p.popup,
                    p.css_class,
                    dx,
                    dy,
                    esc(p.label),
                    1000 * point_rank(p.symbol),  # layer order of the kinds (style.POINT_ORDER)
                    _plain(p.tooltip),  # the marker's name for screen readers and its title
                    p.label_color,
                ]
            )
        self.points_js = _script_json(rows)
        # Templates with colour/size placeholders, so each symbol's SVG is sent once.
        templ = {}
        for sym in {p.symbol for p in points}:
            templ[sym] = _svg_template(sym)
        self.svgs_js = _script_json(templ)


def _plain(tooltip_html: str) -> str:
    """The text of a tooltip (escaped HTML) for a marker's ``alt`` and ``title``."""
    text = re.sub(r"<br\s*/?>", " · ", tooltip_html)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def zoomable(header_html: str) -> str:
    """The map's HTML header without folium's ``maximum-scale=1.0, user-scalable=no``: zooming
    the page (pinch on a phone) is never disabled."""
    return re.sub(r",\s*maximum-scale=1\.0,\s*user-scalable=no", "", header_html)


def _svg_template(symbol: str) -> str:
    # Build at a nominal size, then replace size and colour with placeholders the JS fills in.
    svg = symbol_svg(symbol, "__C__", 100)
    return svg.replace('width="100" height="100"', 'width="__S__" height="__S__"')


def _ring_offsets(points: Sequence[MapPoint]) -> list[tuple[int, int]]:
    """Pixel offsets that spread markers sharing a location on a ring around it.

    Hubs (squares) stay in the centre; the other markers go round them.
    """
    groups: dict[tuple[float, float], list[int]] = defaultdict(list)
    for i, p in enumerate(points):
        if p.symbol not in ("head_office", "branch"):
            groups[(round(p.lat, 4), round(p.lon, 4))].append(i)
    out = [(0, 0)] * len(points)
    hub_at = {(round(p.lat, 4), round(p.lon, 4)) for p in points if p.symbol in ("head_office", "branch")}
    for key, idx in groups.items():
        n = len(idx)
        if n == 1 and key not in hub_at:
            continue
        radius = 12 + 2.2 * n
        for j, i in enumerate(idx):
            a = -math.pi / 2 + 2 * math.pi * j / n
            out[i] = (round(radius * math.cos(a)), round(radius * math.sin(a)))
    return out


class _HtmlLegend(_DataMacro):
    """A plain-HTML legend in a Leaflet control (no d3, no CDN)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: "topright"});
  var map = {{ this._parent.get_name() }};
  legend.onAdd = function () {
    // A folding legend: open on a wide map, folded on a narrow one (a phone), so it never
    // covers the map or the zoom buttons; the title opens and folds it (also by keyboard).
    var div = L.DomUtil.create("div", "kk-legend");
    var details = L.DomUtil.create("details", "", div);
    details.open = map.getSize().x >= 560;
    var summary = L.DomUtil.create("summary", "", details);
    summary.textContent = {{ this.title_js }};
    var body = L.DomUtil.create("div", "kk-legend-body", details);
    body.innerHTML = {{ this.html_js }};
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    // Leaflet draws controls above popups: a popup that would open under the legend folds
    // it, and closing the popup opens it again.
    var folded = false;
    map.on("popupopen", function (e) {
      var el = e.popup.getElement();
      if (!details.open || !el) return;
      var a = el.getBoundingClientRect(), b = div.getBoundingClientRect();
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
        details.open = false;
        folded = true;
      }
    });
    map.on("popupclose", function () {
      if (folded) { details.open = true; folded = false; }
    });
    return div;
  };
  legend.addTo(map);
})();
{% endmacro %}
"""
    )

    def __init__(self, html_text: str, title: str = "") -> None:
        super().__init__()
        self._name = "KkLegend"
        self.html_js = _script_json(html_text)
        self.title_js = _script_json(title)


class _Landmark(_DataMacro):
    """The map frame's document as a page of its own (axe-core audits each frame so): the map
    container is its main landmark, named by the map's title, which also stands as the
    frame's (visually hidden) heading. Nothing focusable is added: the map stays one tab stop."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var c = {{ this._parent.get_name() }}.getContainer();
  c.setAttribute("role", "main");
  c.setAttribute("aria-label", {{ this.title_js }});
  var h = document.createElement("h1");
  h.className = "kk-sr";
  h.textContent = {{ this.title_js }};
  c.insertBefore(h, c.firstChild);
})();
{% endmacro %}
"""
    )

    def __init__(self, title: str) -> None:
        super().__init__()
        self._name = "KkLandmark"
        self.title_js = _script_json(title)


MAP_CSS = f"""
<style>
.leaflet-container {{ background: {SEA_COLOR}; font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif; }}
.kk-pt {{ background: none; border: none; }}
.kk-pt svg {{ display: block; filter: drop-shadow(0 0 1px rgba(0,0,0,.45)); }}
.kk-pt .kk-lbl {{ position: absolute; left: 0; right: 0; top: 50%; transform: translateY(-50%);
  text-align: center; font: bold 11px/1 sans-serif; color: #1b2a3a; }}
.kk-legend {{ background: rgba(255,255,255,.95); padding: 6px 9px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,.25); font-size: 11.5px; line-height: 16px; color: #1b1f24; }}
.kk-legend summary {{ font-weight: bold; cursor: pointer; }}
.kk-legend-body {{ display: grid; grid-template-columns: auto auto; column-gap: 14px; margin-top: 3px; }}
.kk-legend-body b {{ grid-column: 1 / -1; margin-bottom: 3px; }}
.kk-pt:focus, .kk-pt:focus-visible {{ outline: 3px solid #1f4e79; outline-offset: 2px; }}
.leaflet-container:focus-visible {{ outline: 3px solid #1f4e79; outline-offset: -3px; }}
.kk-legend .col {{ display: flex; flex-direction: column; }}
.kk-legend .row {{ display: flex; align-items: center; gap: 6px; white-space: nowrap; max-width: 22em; }}
.kk-legend .row > span:last-child {{ overflow: hidden; text-overflow: ellipsis; }}
.kk-legend .sw {{ width: 14px; height: 12px; border: 1px solid #999; display: inline-block; }}
.kk-legend svg {{ flex: none; }}
.kk-legend .gl {{ position: relative; display: inline-block; width: 16px; height: 16px; flex: none; }}
.kk-legend .gl > span {{ position: absolute; inset: 0; text-align: center; font: bold 9px/16px sans-serif; }}
.leaflet-tooltip table td {{ padding: 0 6px 0 0; }}
.leaflet-popup-content table td {{ padding: 1px 6px 1px 0; vertical-align: top; }}
.kk-example {{ color: #b00020; font-weight: bold; }}
.kk-sr {{ position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }}
</style>
"""


def legend_html(entries: Sequence[LegendEntry], title: str = "", columns: int = 2) -> str:
    """The legend as plain HTML, in ``columns`` columns of about equal length."""
    rows = []
    for e in entries:
        if e.symbol is None:
            sw = f'<span class="sw" style="background:{esc(e.color)}"></span>'
        else:
            sw = symbol_svg(e.symbol, e.color, 16 if e.glyph else 14)
        if e.glyph:
            sw = (
                f'<span class="gl">{sw}<span style="color:{esc(glyph_color(e.color))}">'
                f"{esc(e.glyph)}</span></span>"
            )
        label = shorten(e.label)
        tip = f' title="{esc(e.label)}"' if label != e.label else ""
        rows.append(f'<div class="row">{sw}<span{tip}>{esc(label)}</span></div>')
    head = f"<b>{esc(title)}</b>" if title else ""
    per = max(1, math.ceil(len(rows) / columns))
    cols = ["".join(rows[i : i + per]) for i in range(0, len(rows), per)]
    return head + "".join(f'<div class="col">{c}</div>' for c in cols)


def base_map(
    bounds: tuple[tuple[float, float], tuple[float, float]],
    *,
    basemap: str | None = None,
    attribution: str = "",
) -> folium.Map:
    """An empty map with vendored Leaflet, no tiles (unless ``basemap`` names an
    xyzservices provider such as ``"CartoDB.Positron"``), fitted to ``bounds``."""
    (s, w), (n, e) = bounds
    m = folium.Map(
        location=[(s + n) / 2, (w + e) / 2],
        zoom_start=7,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
        zoom_delta=0.5,
        min_zoom=5,
        max_zoom=14,
    )
    # Leaflet only, and from our own static folder: no jQuery/Bootstrap/CDN links.
    m.default_js = [(a.name, a.url) for a in assets.JS_ASSETS]
    m.default_css = [(a.name, a.url) for a in assets.CSS_ASSETS]
    if basemap:
        import xyzservices.providers as xyz

        provider = xyz.query_name(basemap)
        folium.TileLayer(
            tiles=provider.build_url(),
            attr=provider.html_attribution,
            name=provider.name,
            max_zoom=provider.get("max_zoom", 18),
        ).add_to(m)
    figure_of(m).header.add_child(Element(MAP_CSS))
    m.fit_bounds([[s, w], [n, e]])
    return m


def render(content: MapContent, *, basemap: str | None = None) -> folium.Map:
    """Build the folium map for ``content``."""
    bounds = content.bounds or geojson_bounds(content.municipalities)
    m = base_map(bounds, basemap=basemap)
    fill_opacity = 0.55 if basemap else 1.0
    _GeoJsonLayer(
        content.municipalities,
        fill=LAND_OUTSIDE,
        fill_opacity=fill_opacity,
        css_class="kk-muni",
        attribution=content.attribution,
    ).add_to(m)
    if content.outlines:
        _GeoJsonLayer(
            content.outlines,
            fill="none",
            fill_opacity=0,
            color=OUTLINE_COLOR,
            weight=OUTLINE_WIDTH,
            css_class="kk-outline",
            interactive=False,
        ).add_to(m)
    if content.points:
        _PointLayer(content.points).add_to(m)
    if content.legend:
        title = content.legend_title or f"{t('legend', 'da')} / {t('legend', 'en')}"
        _HtmlLegend(legend_html(content.legend), title).add_to(m)
    _Landmark(content.legend_title or "Klyngekort").add_to(m)
    return m


def geojson_bounds(fc: Mapping[str, Any]) -> tuple[tuple[float, float], tuple[float, float]]:
    xs: list[float] = []
    ys: list[float] = []

    def walk(c: Any) -> None:
        if isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for cc in c:
                walk(cc)

    for f in fc["features"]:
        walk(f["geometry"]["coordinates"])
    return (min(ys), min(xs)), (max(ys), max(xs))


class LayerMemo:
    """Values derived from static layer objects (the DAGI display layers), remembered per
    layer object and argument. The memo holds the layer itself, so its ``id`` cannot be
    reused while the entry lives; at ``limit`` entries it starts afresh. The one way the
    maps cache what they derive from a layer (datasets are keyed by ``Dataset.revision``)."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._entries: dict[tuple[int, Any], tuple[Any, Any]] = {}

    def get(self, layer: Any, arg: Any, make: Callable[[], T]) -> T:
        key = (id(layer), arg)
        hit = self._entries.get(key)
        if hit is not None and hit[0] is layer:
            return hit[1]
        value = make()
        if len(self._entries) >= self._limit:
            self._entries.clear()
        self._entries[key] = (layer, value)
        return value


_GEOMETRIES = LayerMemo(32)


def _geometries(gdf: gpd.GeoDataFrame, precision: int) -> list[dict[str, Any]]:
    """GeoJSON geometry dicts of a layer, rounded; remembered per layer object."""

    def make() -> list[dict[str, Any]]:
        geo = json.loads(gdf.geometry.to_json(drop_id=True))
        return [
            {"type": f["geometry"]["type"], "coordinates": _round(f["geometry"]["coordinates"], precision)}
            for f in geo["features"]
        ]

    return _GEOMETRIES.get(gdf, precision, make)


def feature_collection(
    gdf: gpd.GeoDataFrame, props: Sequence[Mapping[str, Any]], precision: int = 5
) -> dict[str, Any]:
    """A compact GeoJSON FeatureCollection of ``gdf`` (EPSG:4326) with given properties.

    Treat ``gdf`` as immutable: its geometry is converted once and cached."""
    geoms = _geometries(gdf, precision)
    feats = [
        {"type": "Feature", "properties": dict(p), "geometry": g} for g, p in zip(geoms, props, strict=True)
    ]
    return {"type": "FeatureCollection", "features": feats}


def _round(coords: Any, precision: int) -> Any:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(v), precision) for v in coords[:2]]
    return [_round(c, precision) for c in coords]


def bounds_of(gdf: gpd.GeoDataFrame, pad: float = 0.02) -> tuple[tuple[float, float], tuple[float, float]]:
    w, s, e, n = gdf.total_bounds
    dx, dy = (e - w) * pad, (n - s) * pad
    return (s - dy, w - dx), (n + dy, e + dx)


# --------------------------------------------------------------------------- popups


def info_table(rows: Sequence[tuple[str, str]], title_html: str) -> str:
    """A small HTML table. ``rows`` keys are plain text (escaped here); values must
    already be escaped HTML."""
    body = "".join(f"<tr><td>{esc(k)}</td><td>{v}</td></tr>" for k, v in rows if v)
    return f"<div><b>{title_html}</b><table>{body}</table></div>"


#: The Historik page from inside a map: the popups live in the st_folium component's page
#: (``<app>/component/streamlit_folium.st_folium/index.html``), so two steps up is the app's
#: root under any path prefix; the link opens in the top window (``target="_top"``).
HISTORY_PAGE = "../../historik"

RowDates = Mapping[str, Mapping[str, str]]
"""Table -> row id -> when the row was last added or changed (``Dataset.row_dates``)."""


def changed_date(at: str) -> date | None:
    """The Danish calendar day of a recorded time (ISO 8601, UTC; :func:`~klyngekort.present.i18n.local_time`), or ``None``."""
    moment = local_time(at)
    return None if moment is None else moment.date()


def as_of_text(at: str, lang: Lang) -> str:
    """``pr. 03.11.2026 (ændret eller indlæst)``: what the date of a row means, or ""."""
    day = changed_date(at) if at else None
    return t("as_of_changed", lang, date=fmt_date(day, lang)) if day else ""


def changed_on(dates: RowDates | None, entity: str, row_id: str, lang: Lang) -> str:
    """A table cell: the day a row was last changed or imported (``03.11.2026``), or ""."""
    at = (dates or {}).get(entity, {}).get(row_id, "")
    day = changed_date(at) if at else None
    return fmt_date(day, lang) if day else ""


def history_href(entity: str, row_id: str) -> str:
    """The link from a map popup to a row's history (URL-encoded, not yet HTML-escaped)."""
    return f"{HISTORY_PAGE}?{urlencode({'entity': entity, 'row': row_id})}"


def record_rows(dates: RowDates | None, entity: str, row_id: str, lang: Lang) -> list[tuple[str, str]]:
    """The last rows of a popup of a stored fact: when it was last changed or imported (from
    the store's history) and a link to its history. Nothing for data read from files
    (``dates`` empty): no date is invented, and there is no history to show."""
    if not dates:
        return []
    at = dates.get(entity, {}).get(row_id, "")
    link = (
        f'<a class="kk-history" href="{esc(history_href(entity, row_id))}" target="_top">'
        f"{esc(t('history_link', lang))}</a>"
    )
    return [(t("f_as_of", lang), esc(as_of_text(at, lang))), ("", link)]


def source_link(url: str, lang: Lang, text: str = "") -> str:
    """A row's source as popup HTML: its URL as a link showing the host, and its written source
    (``source_text``) as escaped text after it; "unknown" when it has neither."""
    parts = []
    if url.startswith(("http://", "https://")):
        short = url.split("//", 1)[1].split("/", 1)[0]
        parts.append(f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(short)}</a>')
    elif url:
        parts.append(esc(url))
    if text:
        parts.append(esc(text))
    return "; ".join(parts) if parts else esc(t("unknown", lang))


def period_text(valid_from: str, valid_to: str, period_text_: str, lang: Lang) -> str:
    if not valid_from and not valid_to:
        return esc(period_text_ or t("unknown", lang))
    a = valid_from or t("unknown", lang)
    b = valid_to or ""
    text = f"{a} – {b}".strip()
    if period_text_ and period_text_ != text:
        text += f" ({period_text_})"
    return esc(text)


#: The note of an approximate point, by ``coord_precision`` (a street address has none).
PRECISION_NOTES = {"town": "town_level", "municipality": "municipality_level"}


def precision_note(coord_precision: str, lang: Lang) -> str:
    """What a popup says about an approximate point (nothing for a street address)."""
    key = PRECISION_NOTES.get(coord_precision)
    return esc(t(key, lang)) if key else ""


#: The largest marker in px: a secondment of more persons is drawn at this size (its label
#: says the number), so no marker covers the map.
MAX_MARKER_PX = 64

#: Names longer than this are shortened with an ellipsis in legends and labels (the full name
#: is in the tooltip).
LABEL_CHARS = 40


def shorten(text: str, n: int = LABEL_CHARS) -> str:
    """``text`` cut to ``n`` characters with an ellipsis."""
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def marker_size(symbol: str, persons: float | None = None) -> int:
    if symbol == "secondment":
        p = 1.0 if persons is None or np.isnan(persons) else max(1.0, float(persons))
        return min(MAX_MARKER_PX, round(16 + 7 * math.sqrt(p)))
    return {"head_office": 18, "branch": 14, "headquarters": 18, "co_location": 16}.get(symbol, 13)


def kind_label(kind: str, lang: Lang) -> str:
    return label_kind(kind, lang)


def confidence_label(conf: str, lang: Lang) -> str:
    return label_confidence(conf, lang)
