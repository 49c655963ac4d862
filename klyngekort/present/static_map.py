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
:func:`scenario_map`) build a :class:`StaticMapSpec` from the data, as the pages do. The drawing
itself is in :mod:`klyngekort.present.static_render`, imported when a map is drawn, so that a
page offering a download does not load matplotlib until the download is asked for.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from klyngekort.core.selection import hub_labels
from klyngekort.present.i18n import Lang, fmt_date, fmt_number, t
from klyngekort.present.mapview import LayerMemo, MapContent, MapPoint
from klyngekort.present.style import (
    SYMBOLS,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    from klyngekort.core.coverage import CoverageResult
    from klyngekort.core.model import Dataset
    from klyngekort.core.selection import Selection
    from klyngekort.geo.cache import GeoLayers
    from klyngekort.present.coverage_map import CoverageMap
    from klyngekort.present.static_render import StaticMap
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


def _chars(width_pt: float, size_pt: float) -> int:
    """How many characters of DejaVu Sans at ``size_pt`` fit in ``width_pt`` (a safe estimate)."""
    return max(4, int(width_pt / (0.6 * size_pt)))


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


def render(spec: StaticMapSpec, layers: GeoLayers, size: str = "slide") -> StaticMap:
    """Draw ``spec`` with matplotlib (:func:`klyngekort.present.static_render.render`)."""
    from klyngekort.present import static_render

    return static_render.render(spec, layers, size)


def render_bytes(spec: StaticMapSpec, layers: GeoLayers, *, fmt: str = "png", size: str = "slide") -> bytes:
    """Render and encode in one call (what the download buttons and the CLI use); the figure
    is released afterwards."""
    from klyngekort.present import static_render

    return static_render.render_bytes(spec, layers, fmt=fmt, size=size)


__all__ = [
    "FORMATS",
    "LAYOUTS",
    "MIMETYPES",
    "SIZES",
    "SYMBOLS",
    "DrawnLegendRow",
    "Layout",
    "MapPoint",
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
