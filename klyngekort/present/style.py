"""The one map style shared by both renderers: the Leaflet maps (:mod:`klyngekort.present.mapview`
and the map builders) and the static matplotlib maps (:mod:`klyngekort.present.static_map`).

What is defined here, and only here:

* **colours**: sea, land, borders, hub-area fills, cluster colours, the coverage class
  schemes, the gap and change colours, the hub × cluster state colours;
* **symbols**: one :class:`SymbolStyle` per marker kind (shape, fill, stroke, stroke width as a
  share of the marker size, dashes, default size in screen pixels). The SVG of the web map
  and the matplotlib marker are both drawn from it, from the same unit polygons
  (:func:`unit_polygon`);
* **class breaks**: the number of classes (:data:`DEFAULT_K`); the breaks themselves are
  computed once per view by :func:`klyngekort.present.coverage_map.classify` and the one
  result is handed to both renderers;
* **legend texts**: the i18n keys of the legend titles and section headings
  (:data:`LEGEND_KEYS`); every label goes through :mod:`klyngekort.present.i18n`;
* **layer order**: the order of the map layers (:data:`LAYER_ORDER`) and of the marker kinds
  within the point layer (:data:`POINT_ORDER`), bottom to top.

A test (``tests/test_static_map.py``) draws the same views with both renderers and
compares colours, symbols, legend entries and layer order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# --------------------------------------------------------------------------- colours

SEA_COLOR = "#dce8f0"
LAND_OUTSIDE = "#d9d9d9"  # land outside the municipal division (Christiansø) or unknown
BORDER_COLOR = "#ffffff"  # municipality borders
OUTLINE_COLOR = "#3b3f45"  # hub-area borders
HUB_DARK = "#1b2a3a"  # hub markers
TEXT_COLOR = "#1f2933"
MUTED_TEXT = "#52606d"
EXAMPLE_COLOR = "#b00020"  # the EKSEMPELDATA mark

# One soft fill per hub area (colour-blind-safe pastel set), keyed by head-office id.
HUB_FILLS: dict[str, str] = {
    "EHHS": "#b3cde3",
    "EHSJ": "#ccebc5",
    "EHFYN": "#fed9a6",
    "EHSYD": "#decbe4",
    "EHMJ": "#fbb4ae",
    "EHNJ": "#e5d8bd",
}
FALLBACK_FILLS = ("#f2f2f2", "#fddaec", "#ffffcc", "#e0ecf4")
DIMMED_FILL = "#eceff1"  # municipalities outside the chosen hub area

# Colours for clusters or areas, safe for colour-blind readers: 14 colours chosen by
# tools/palette.py so that every pair differs by at least 15 (CIEDE2000) under normal vision
# and under simulated deuteranopia and protanopia (Machado et al. 2009, through colorspacious);
# tests/present/test_palette.py checks it. Colour is never the only cue: every cluster marker
# also carries its letter (cluster_glyphs), and the kinds of presence have their own shapes.
CATEGORY_COLORS = (
    "#3c7800",
    "#000fff",
    "#a5d2d2",
    "#87e11e",
    "#0f4b4b",
    "#8778ff",
    "#789696",
    "#00d296",
    "#5aa500",
    "#2d3c87",
    "#2d4b1e",
    "#2d7896",
    "#00785a",
    "#87c3ff",
)
UNKNOWN_CLUSTER_COLOR = "#555555"

# Coverage choropleth: ColorBrewer sequential schemes, 7 classes (light to dark).
BLUES = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")  # YlGnBu
PURPLES = ("#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486")  # 2nd–8th of 9
DEFAULT_K = 5  # at most this many classes (natural breaks)
GAP_COLOR = "#d50000"  # gaps: hatched, red outline (red is kept for the gaps)
NO_DATA_COLOR = "#bdbdbd"
OUTSIDE_FOCUS_COLOR = DIMMED_FILL
PRESENCE_LEGEND_COLOR = "#666666"  # the neutral colour of a symbol in the legend
GAP_SWATCH = f"repeating-linear-gradient(135deg,{GAP_COLOR} 0 2px,#ffffff 2px 5px)"  # CSS legend swatch

# Hub × cluster states (tables and charts).
STATE_COLORS: dict[str, str] = {
    "present": "#c8e6c9",
    "within_radius": "#fff59d",
    "tie_only": "#ffe0b2",
    "absent": "#ffcdd2",
}
STATE_BAR_COLORS: dict[str, str] = {
    "present": "#2e7d32",
    "within_radius": "#d4c429",
    "tie_only": "#fb8c00",
    "absent": "#e53935",
}

# Scenario before/after.
FILL_COVERED = "#7fbfd9"
FILL_NEW = "#f28e2b"
FILL_LOST = "#c9303e"
FILL_NOT = "#f3f0e8"
CHANGED_COLOR = "#e4002b"
CHANGED_SWATCH = "transparent"  # legend swatch drawn as a red outline

# --------------------------------------------------------------------------- lines (screen px)

BORDER_WIDTH = 0.6
OUTLINE_WIDTH = 1.6
GAP_OUTLINE_WIDTH = 2.0
CHANGED_WIDTH = 3.0

# --------------------------------------------------------------------------- symbols


@dataclass(frozen=True)
class SymbolStyle:
    """How one marker kind looks. ``fill``/``stroke``: a colour, or ``"data"`` for the
    marker's own colour (the cluster's). ``stroke_frac``: stroke width as a share of the
    marker size; ``inset_frac``: the shape's margin inside its box, as a share of the size."""

    shape: str  # "square", "star", "circle", "diamond", "triangle"
    fill: str
    stroke: str
    stroke_frac: float
    inset_frac: float
    fill_opacity: float = 1.0
    dashed: bool = False
    size: int = 13  # default size in screen pixels (see mapview.marker_size)

    def fill_color(self, color: str) -> str:
        return color if self.fill == "data" else self.fill

    def stroke_color(self, color: str) -> str:
        return color if self.stroke == "data" else self.stroke


#: Every marker kind, in legend order (hubs first).
SYMBOL_STYLES: dict[str, SymbolStyle] = {
    "head_office": SymbolStyle("square", HUB_DARK, "#ffffff", 0.107, 0.107, size=18),
    "branch": SymbolStyle("square", "#ffffff", HUB_DARK, 0.157, 0.143, size=14),
    "headquarters": SymbolStyle("star", "data", "#ffffff", 0.071, 0.036, size=20),
    "local_office": SymbolStyle("circle", "data", "#ffffff", 0.086, 0.071, size=15),
    # filled (not a ring), a triangle: its own shape, so it never depends on colour alone
    "representation": SymbolStyle("triangle", "data", "#ffffff", 0.086, 0.036, size=16),
    "co_location": SymbolStyle("diamond", "data", HUB_DARK, 0.143, 0.071, size=16),
    "secondment": SymbolStyle(
        "circle", "data", "data", 0.143, 0.107, fill_opacity=0.35, dashed=True, size=16
    ),
}
SYMBOLS: tuple[str, ...] = tuple(SYMBOL_STYLES)
HUB_SYMBOLS = ("head_office", "branch")

# --------------------------------------------------------------------------- layer order

#: The map layers, bottom to top, as both renderers draw them.
LAYER_ORDER = ("sea", "municipalities", "gaps", "outlines", "points")
#: The marker kinds within the point layer, bottom to top: large translucent circles first,
#: hubs last (on top, so a co-location diamond never hides its hub).
POINT_ORDER = (
    "secondment",
    "local_office",
    "representation",
    "headquarters",
    "co_location",
    "branch",
    "head_office",
)

# --------------------------------------------------------------------------- legend texts

#: i18n keys of the legend's title and section headings (:mod:`klyngekort.present.i18n`).
LEGEND_KEYS = {
    "title": "legend",
    "hub_areas": "legend_hub_areas",
    "symbols": "legend_symbols",
    "clusters": "legend_clusters",
    "areas": "legend_areas",
}


def cluster_glyphs(cluster_ids: list[str] | tuple[str, ...] | set[str]) -> dict[str, str]:
    """One letter per cluster, drawn inside its markers and legend swatch so that colour is
    never the only cue: the first letter of the id, or the next of its letters that no other
    cluster has taken (ids in sorted order, so the letters are stable); digits after the
    letters run out, two letters after that."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for cid in sorted(set(cluster_ids)):
        letters = [c for c in str(cid).upper() if c.isalnum()]
        pick = next((c for c in letters if c not in taken), None)
        if pick is None:  # every letter of the id is taken: any free letter, then two letters
            alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789"
            pick = next(
                (c for c in alphabet if c not in taken),
                None,
            ) or next(
                a + b for a in (letters[:1] or ["K"]) + list(alphabet) for b in alphabet if a + b not in taken
            )
        taken.add(pick)
        out[cid] = pick
    return out


def glyph_color(fill: str) -> str:
    """Dark or white letters on a marker of colour ``fill``, whichever contrasts more."""
    h = fill.lstrip("#")
    if len(h) != 6:
        return "#ffffff"
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#111111" if (lum + 0.05) / 0.0555 > 1.05 / (lum + 0.05) else "#ffffff"


def point_rank(symbol: str) -> int:
    """Draw order of a marker kind (see :data:`POINT_ORDER`)."""
    return POINT_ORDER.index(symbol) if symbol in POINT_ORDER else 0


def unit_polygon(shape: str) -> list[tuple[float, float]]:
    """The outline of a polygonal ``shape`` in a box from -0.5 to 0.5 (y up); circles
    have none (``[]``). Both the SVG marker and the matplotlib marker use these points."""
    if shape == "square":
        return [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]
    if shape == "diamond":
        return [(0.0, 0.5), (0.5, 0.0), (0.0, -0.5), (-0.5, 0.0)]
    if shape == "star":
        pts = []
        for i in range(10):
            r = 0.5 if i % 2 == 0 else 0.5 / 2.3
            a = math.pi / 2 + i * math.pi / 5
            pts.append((r * math.cos(a), r * math.sin(a)))
        return pts
    if shape == "triangle":
        return [(0.0, 0.5), (0.5, -0.42), (-0.5, -0.42)]
    if shape == "circle":
        return []
    raise ValueError(f"unknown shape {shape!r}")
