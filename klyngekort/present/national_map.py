"""The national presence map: hubs, hub areas, cluster sites, co-locations and seconded staff."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from klyngekort.core.model import Dataset
from klyngekort.core.selection import View, cluster_labels, hub_labels
from klyngekort.geo.derive import display_hub_boundaries
from klyngekort.present.i18n import Lang, fmt_number, t
from klyngekort.present.mapview import (
    LayerMemo,
    LegendEntry,
    MapContent,
    MapPoint,
    RowDates,
    bounds_of,
    category_colors,
    changed_on,
    confidence_label,
    esc,
    feature_collection,
    hub_fill_colors,
    info_table,
    kind_label,
    marker_size,
    period_text,
    precision_note,
    record_rows,
    source_link,
)
from klyngekort.present.style import (
    DIMMED_FILL,
    HUB_DARK,
    HUB_SYMBOLS,
    LAND_OUTSIDE,
    PRESENCE_LEGEND_COLOR,
    SYMBOLS,
    UNKNOWN_CLUSTER_COLOR,
    cluster_glyphs,
    glyph_color,
)


@dataclass(frozen=True)
class Layers:
    municipalities: bool = True
    hubs: bool = True
    sites: bool = True
    co_locations: bool = True
    secondments: bool = True


def _records(df: pd.DataFrame, key: str) -> dict[str, dict]:
    """Rows as dicts keyed by id: cheap lookups in the marker loops."""
    return {r[key]: r for r in df.to_dict("records")}


def glyphs_of(ds: Dataset) -> dict[str, str]:
    """The letter of every cluster of the dataset (:func:`klyngekort.present.style.cluster_glyphs`):
    the same letter on every map, in every legend."""
    return cluster_glyphs(list(ds.clusters["cluster_id"]))


def cluster_colors(ds: Dataset, by: str = "cluster") -> dict[str, str]:
    """Colour per cluster id; ``by="area"`` gives clusters in the same area the same colour."""
    if by == "area":
        area_col = category_colors(ds.clusters["area"])
        return {r.cluster_id: area_col[r.area] for r in ds.clusters.itertuples()}
    return category_colors(ds.clusters["cluster_id"])


def _example_tag(is_example: bool, lang: Lang) -> str:
    return f' <span class="kk-example">[{esc(t("example_row", lang))}]</span>' if is_example else ""


def municipality_layer(
    display: gpd.GeoDataFrame, ds: Dataset, view: View, lang: Lang
) -> tuple[dict, dict | None]:
    """Municipalities filled by hub area, and the hub-area outlines (both GeoJSON, EPSG:4326)."""
    areas = ds.hub_areas.set_index("kommunekode")
    hub_names = ds.hubs.set_index("hub_id")["name"]
    fills = hub_fill_colors(ds.hub_areas["hub_id"])
    pop = ds.population_for()
    props = []
    for r in display.itertuples():
        code = r.kommunekode
        if code in areas.index:
            hub = areas.at[code, "hub_id"]
            dim = bool(view.hub_area_codes) and code not in view.hub_area_codes
            fill = DIMMED_FILL if dim else fills.get(hub, LAND_OUTSIDE)
            rows = [
                (t("f_hub", lang), esc(hub_names.get(hub, hub))),
                (t("f_population", lang), esc(fmt_number(pop.get(code), lang))),
            ]
            tip = info_table(rows, f"{esc(r.kommune)} ({esc(code)})")
            props.append({"k": code, "f": fill, "c": "kk-muni", "t": tip})
        else:
            note = t("outside_division", lang) if r.outside_division else t("unknown", lang)
            tip = f"<b>{esc(r.kommune)} ({esc(code)})</b><br>{esc(note)}"
            props.append({"k": code, "f": LAND_OUTSIDE, "c": "kk-outside", "t": tip})
    munis = feature_collection(display, props)
    lines = hub_boundaries(display, tuple(zip(areas.index, areas["hub_id"], strict=True)))
    if lines.empty:
        return munis, None
    return munis, feature_collection(lines, [{"k": h} for h in lines["hub_id"]])


_BOUNDARIES = LayerMemo(16)


def hub_boundaries(display: gpd.GeoDataFrame, mapping: tuple[tuple[str, str], ...]) -> gpd.GeoDataFrame:
    """Borders between hub areas (remembered per display layer and hub mapping)."""
    return _BOUNDARIES.get(display, mapping, lambda: display_hub_boundaries(display, dict(mapping)))


def hub_points(
    hubs: pd.DataFrame,
    lang: Lang,
    *,
    only: Iterable[str] | None = None,
    shrink: int = 0,
    dates: RowDates | None = None,
) -> list[MapPoint]:
    """The markers of hubs and branches (rows of ``Dataset.hubs``): a dark square per head
    office, an open square per branch, a tooltip with name, kind and town, and a popup with
    the address, the head office of a branch, CVR, source and confidence.

    ``only``: the hub ids to draw (default: all rows). ``shrink``: pixels smaller than on the
    national map (the coverage and comparison maps show the hubs for orientation). Rows
    without coordinates are left out. Head-office names come from ``hubs`` itself, so pass
    the whole table (or a head office with its branches). ``dates`` (``Dataset.row_dates``):
    the popup says when each hub was last changed and links to its history."""
    keep = set(only) if only is not None else None
    names = {str(h): str(n or h) for h, n in zip(hubs["hub_id"], hubs["name"], strict=True)}
    pts = []
    for h in hubs.itertuples(index=False):
        if keep is not None and h.hub_id not in keep:
            continue
        lat, lon = float(h.latitude), float(h.longitude)
        if not (math.isfinite(lat) and math.isfinite(lon)):
            continue
        symbol = h.kind if h.kind in HUB_SYMBOLS else "branch"
        kind = kind_label(symbol, lang)
        addr = ", ".join(x for x in (h.address, f"{h.postcode} {h.town}".strip()) if x)
        rows = [
            (t("f_kind", lang), esc(kind)),
            (t("f_address", lang), esc(addr or h.town)),
            ("", esc(precision_note(h.coord_precision, lang))),
            (t("f_hub", lang), esc(names.get(h.parent_hub_id, "")) if h.parent_hub_id else ""),
            ("CVR", esc(h.cvr)),
            (t("f_source", lang), source_link(h.source_url, lang, h.source_text)),
            (t("f_confidence", lang), esc(confidence_label(h.confidence, lang))),
            *record_rows(dates, "hubs", str(h.hub_id), lang),
        ]
        title = esc(h.name) + _example_tag(bool(getattr(h, "is_example", False)), lang)
        place = f" · {esc(h.town)}" if h.town else ""
        tip = f"<b>{esc(h.name)}</b><br>{esc(kind)}{place}"
        pts.append(
            MapPoint(
                lat,
                lon,
                symbol,
                HUB_DARK,
                marker_size(symbol) - shrink,
                tip,
                info_table(rows, title),
                f"kk-hub kk-{symbol}",
            )
        )
    return pts


def _site_points(
    view: View, ds: Dataset, colors: dict[str, str], layers: Layers, lang: Lang
) -> list[MapPoint]:
    pts = []
    labels = cluster_labels(ds)
    glyphs = glyphs_of(ds)
    full_names = dict(zip(ds.clusters["cluster_id"], ds.clusters["name"], strict=True))
    hub_names = hub_labels(ds)
    for s in view.placed_sites.itertuples():
        is_coloc = s.kind == "co_location"
        if (is_coloc and not layers.co_locations) or (not is_coloc and not layers.sites):
            continue
        cname = labels.get(s.cluster_id, s.cluster_id)
        place = ", ".join(x for x in (s.address, s.town) if x)
        rows = [
            (t("f_cluster", lang), esc(full_names.get(s.cluster_id) or s.cluster_id)),
            (t("f_kind", lang), esc(kind_label(s.kind, lang))),
            (t("f_address", lang) if s.address else t("f_town", lang), esc(place)),
            ("", esc(precision_note(s.coord_precision, lang))),
            (t("f_hub", lang), esc(hub_names.get(s.hub_id, s.hub_id)) if s.hub_id else ""),
            (t("f_shared", lang), esc(t(s.shared_with_hub, lang)) if s.shared_with_hub else ""),
            (t("f_period", lang), period_text(s.valid_from, s.valid_to, s.period_text, lang)),
            (t("f_source", lang), source_link(s.source_url, lang, s.source_text)),
            (t("f_confidence", lang), esc(confidence_label(s.confidence, lang))),
            *record_rows(ds.row_dates, "sites", str(s.site_id), lang),
        ]
        title = esc(cname) + _example_tag(bool(s.is_example), lang)
        tip = f"<b>{esc(cname)}</b><br>{esc(kind_label(s.kind, lang))} · {esc(s.town)}"
        color = colors.get(s.cluster_id, UNKNOWN_CLUSTER_COLOR)
        glyph = glyphs.get(s.cluster_id, "")
        pts.append(
            MapPoint(
                s.latitude,
                s.longitude,
                s.kind,
                color,
                marker_size(s.kind),
                tip,
                info_table(rows, title),
                f"kk-site kk-{s.kind}",
                label=glyph,
                label_color=glyph_color(color) if glyph else "",
            )
        )
    return pts


def _secondment_points(view: View, ds: Dataset, colors: dict[str, str], lang: Lang) -> list[MapPoint]:
    pts = []
    hubs = _records(ds.hubs, "hub_id")
    labels = cluster_labels(ds)
    for r in view.secondments.itertuples():
        h = hubs.get(r.hub_id)
        if h is None:
            continue
        cname = labels.get(r.cluster_id, r.cluster_id)
        persons = fmt_number(r.persons, lang)
        rows = [
            (t("f_cluster", lang), esc(cname)),
            (t("f_hub", lang), esc(h["name"])),
            (
                t("f_persons", lang),
                esc(persons) + (f" ({esc(fmt_number(r.fte, lang, 1))} FTE)" if pd.notna(r.fte) else ""),
            ),
            (t("f_period", lang), period_text(r.valid_from, r.valid_to, "", lang)),
            (t("f_source", lang), source_link(r.source_url, lang, r.source_text)),
            (t("f_confidence", lang), esc(confidence_label(r.confidence, lang))),
            *record_rows(ds.row_dates, "secondments", str(r.secondment_id), lang),
        ]
        title = esc(t("kind_secondment", lang)) + _example_tag(bool(r.is_example), lang)
        tip = f"<b>{esc(cname)}</b><br>{esc(persons)} {esc(t('f_persons', lang).lower())} · {esc(h['name'])}"
        pts.append(
            MapPoint(
                h["latitude"],
                h["longitude"],
                "secondment",
                colors.get(r.cluster_id, UNKNOWN_CLUSTER_COLOR),
                marker_size("secondment", r.persons),
                tip,
                info_table(rows, title),
                "kk-secondment",
                label=persons,
            )
        )
    return pts


def build_content(
    ds: Dataset,
    view: View,
    display: gpd.GeoDataFrame,
    *,
    lang: Lang = "da",
    layers: Layers = Layers(),
    color_by: str = "cluster",
    attribution: str = "",
) -> MapContent:
    """Everything the national map draws for a filtered view."""
    munis, outlines = municipality_layer(display, ds, view, lang)
    if not layers.municipalities:
        for f in munis["features"]:
            f["properties"]["f"] = LAND_OUTSIDE
        outlines = None
    colors = cluster_colors(ds, color_by)
    points: list[MapPoint] = []
    if layers.secondments:
        points += _secondment_points(view, ds, colors, lang)
    points += _site_points(view, ds, colors, layers, lang)
    if layers.hubs:
        points += hub_points(view.hubs, lang, dates=ds.row_dates)

    legend: list[LegendEntry] = []
    if layers.municipalities:
        fills = hub_fill_colors(ds.hub_areas["hub_id"])
        hub_names = ds.hubs.set_index("hub_id")["name"]
        shown = sorted(
            (
                view.hub_area_codes
                and {ds.hub_areas.set_index("kommunekode").at[c, "hub_id"] for c in view.hub_area_codes}
            )
            or fills
        )
        legend += [LegendEntry(None, fills[h], hub_names.get(h, h)) for h in shown if h in fills]
    kinds_present = {p.symbol for p in points}
    for sym in SYMBOLS:
        if sym in kinds_present:
            color = HUB_DARK if sym in HUB_SYMBOLS else PRESENCE_LEGEND_COLOR
            legend.append(LegendEntry(sym, color, kind_label(sym, lang)))
    if color_by == "area":
        area_colors = category_colors(ds.clusters["area"])
        shown_areas = sorted(set(view.clusters["area"]))
        legend += [LegendEntry("local_office", area_colors[a], a) for a in shown_areas]
    else:
        cl = view.clusters.sort_values("cluster_id")
        labels = cluster_labels(ds)
        glyphs = glyphs_of(ds)
        legend += [
            LegendEntry("local_office", colors[c], labels.get(c, c), glyph=glyphs.get(c, ""))
            for c in cl["cluster_id"]
        ]

    if view.hub_area_codes:
        bounds = bounds_of(display[display["kommunekode"].isin(view.hub_area_codes)], pad=0.06)
    else:
        bounds = bounds_of(display[display["kommunekode"] != "0411"], pad=0.01)
    return MapContent(
        municipalities=munis,
        outlines=outlines,
        points=points,
        legend=legend,
        legend_title=t("legend", lang),
        attribution=attribution,
        bounds=bounds,
    )


def empty_reason(view: View, ds: Dataset, lang: Lang = "da") -> str | None:
    """Why the map shows no cluster (``None`` when it shows some): which of the chosen
    clusters have no site in the period, and which have sites of unknown location only,
    with what to change."""
    if len(view.placed_sites) or len(view.secondments):
        return None
    labels = cluster_labels(ds)
    chosen = list(view.selection.clusters) or list(view.clusters["cluster_id"])
    if not chosen:
        return t("empty_no_clusters", lang)
    unplaced = set(view.unplaced_sites["cluster_id"])
    names_unplaced = [labels.get(c, c) for c in chosen if c in unplaced]
    names_none = [labels.get(c, c) for c in chosen if c not in unplaced]
    parts = []
    if names_unplaced:
        parts.append(t("empty_unplaced", lang, names=", ".join(names_unplaced)))
    if names_none:
        parts.append(t("empty_no_sites", lang, names=", ".join(names_none)))
    parts.append(t("empty_what_to_do", lang))
    return " ".join(parts)


#: The columns of :func:`table_of_view`, before they are named in the reader's language.
TABLE_COLUMNS: tuple[str, ...] = (
    "type",
    "name",
    "cluster",
    "hub",
    "town",
    "kommunekode",
    "period",
    "persons",
    "location",
    "confidence",
    "source",
    "source_text",
    "as_of",
    "example",
    "id",
)


def table_of_view(view: View, ds: Dataset, lang: Lang = "da") -> pd.DataFrame:
    """One row per hub, site and secondment in the view: what is on the map, for the table and CSV.
    The columns are named in ``lang`` (keys ``map_col_*``: :data:`TABLE_COLUMNS`)."""
    labels = cluster_labels(ds)
    hub_names = hub_labels(ds)
    rows = []
    unknown = t("unknown", lang)
    for h in view.hubs.itertuples():
        rows.append(
            {
                "type": kind_label(h.kind, lang),
                "name": h.name,
                "cluster": "",
                "hub": hub_names.get(h.parent_hub_id, h.name) if h.parent_hub_id else h.name,
                "town": h.town,
                "kommunekode": h.kommunekode,
                "period": "",
                "persons": None,
                "location": precision_note(h.coord_precision, lang) or h.coord_precision,
                "confidence": confidence_label(h.confidence, lang),
                "source": h.source_url,
                "source_text": h.source_text,
                "as_of": changed_on(ds.row_dates, "hubs", str(h.hub_id), lang),
                "example": bool(h.is_example),
                "id": h.hub_id,
            }
        )
    for s in view.sites.itertuples():
        rows.append(
            {
                "type": kind_label(s.kind, lang),
                "name": labels.get(s.cluster_id, s.cluster_id),
                "cluster": s.cluster_id,
                "hub": hub_names.get(s.hub_id, "") if s.hub_id else "",
                "town": s.town or unknown,
                "kommunekode": s.kommunekode,
                "period": f"{s.valid_from or unknown}–{s.valid_to}",
                "persons": None,
                "location": (precision_note(s.coord_precision, lang) or s.coord_precision)
                if pd.notna(s.latitude)
                else unknown,
                "confidence": confidence_label(s.confidence, lang),
                "source": s.source_url,
                "source_text": s.source_text,
                "as_of": changed_on(ds.row_dates, "sites", str(s.site_id), lang),
                "example": bool(s.is_example),
                "id": s.site_id,
            }
        )
    for r in view.secondments.itertuples():
        rows.append(
            {
                "type": kind_label("secondment", lang),
                "name": labels.get(r.cluster_id, r.cluster_id),
                "cluster": r.cluster_id,
                "hub": hub_names.get(r.hub_id, r.hub_id),
                "town": "",
                "kommunekode": "",
                "period": f"{r.valid_from or unknown}–{r.valid_to}",
                "persons": r.persons,
                "location": "",
                "confidence": confidence_label(r.confidence, lang),
                "source": r.source_url,
                "source_text": r.source_text,
                "as_of": changed_on(ds.row_dates, "secondments", str(r.secondment_id), lang),
                "example": bool(r.is_example),
                "id": r.secondment_id,
            }
        )
    df = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    df.columns = [t(f"map_col_{c}", lang) for c in df.columns]
    return df
