"""How a scenario's before/after (:class:`klyngekort.scenarios.compare.ScenarioComparison`)
is shown: localised indicator and delta tables, the recommendation tables, and the
before/after choropleth with the changed municipalities outlined.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from klyngekort.core.coverage import (
    demand_for,
    names_text,
    share,
)
from klyngekort.present.i18n import Lang, fmt_number, fmt_pct, t
from klyngekort.present.style import (
    CHANGED_COLOR,
    CHANGED_SWATCH,
    CHANGED_WIDTH,
    FILL_COVERED,
    FILL_LOST,
    FILL_NEW,
    FILL_NOT,
    LAND_OUTSIDE,
    PRESENCE_LEGEND_COLOR,
    UNKNOWN_CLUSTER_COLOR,
    glyph_color,
)
from klyngekort.scenarios.changes import RemoveSite

if TYPE_CHECKING:  # pragma: no cover - typing only
    import folium
    import geopandas as gpd

    from klyngekort.core.model import Dataset
    from klyngekort.planning.cluster import PlanOutcome
    from klyngekort.present.mapview import LegendEntry, MapContent, MapPoint
from klyngekort.scenarios.compare import (
    CLUSTER_DELTA_COLUMNS,
    INDICATORS,
    MUNICIPALITY_DELTA_COLUMNS,
    ScenarioComparison,
    _aligned,
    change_effects,
    changes_clusters,
    cluster_delta,
    compare_scenario,
    coverage_of,
    indicators_table,
    municipality_delta,
)


def format_indicator(value: float, unit: str, lang: Lang, *, signed: bool = False) -> str:
    """An indicator value in the reader's format: shares as ``12,3 %`` (a signed share
    difference as percentage points, ``+1,2 %-point`` / ``+1.2 pp``), numbers with
    Danish or English separators."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "+" if signed and value > 0 else ""
    if unit == "share":
        if signed:
            return t("unit_pp", lang, value=sign + fmt_number(value * 100, lang, 1))
        return fmt_pct(value, lang)
    return sign + fmt_number(value, lang, 2 if unit == "number" else 0)


def indicators_view(cmp: ScenarioComparison, lang: Lang) -> pd.DataFrame:
    """The indicator table with labels and formatted values, for display."""
    rows = []
    for r in cmp.indicators.itertuples(index=False):
        rows.append(
            {
                t("cmp_col_indicator", lang): t(f"cmp_ind_{r.indicator}", lang),
                t("cmp_col_before", lang): format_indicator(r.before, r.unit, lang),
                t("cmp_col_after", lang): format_indicator(r.after, r.unit, lang),
                t("cmp_col_delta", lang): format_indicator(r.delta, r.unit, lang, signed=True)
                if r.delta != 0
                else "0",
            }
        )
    return pd.DataFrame(rows)


def cluster_delta_view(cmp: ScenarioComparison, lang: Lang, *, only_changed: bool = False) -> pd.DataFrame:
    """The per-cluster delta with municipality names and localised column names (numbers
    stay numbers, so the table sorts and exports; shares are fractions in [0, 1])."""
    df = cmp.changed_clusters if only_changed else cmp.clusters
    names = dict(zip(cmp.municipalities["kommunekode"], cmp.municipalities["kommune"], strict=False))
    return pd.DataFrame(
        {
            t("cmp_c_cluster", lang): df["cluster_name"],
            t("cmp_c_presences", lang): [
                f"{a} → {b}" for a, b in zip(df["presences_before"], df["presences_after"], strict=False)
            ],
            t("cmp_c_pop_before", lang): df["population_before"],
            t("cmp_c_pop_after", lang): df["population_after"],
            t("cmp_c_pop_new", lang): df["population_newly_covered"],
            t("cmp_c_pop_lost", lang): df["population_no_longer_covered"],
            t("cmp_c_share_before", lang): df["share_before"],
            t("cmp_c_share_after", lang): df["share_after"],
            t("cmp_c_mun_new", lang): df["municipalities_newly_covered"],
            t("cmp_c_mun_new_names", lang): [
                names_text(x, names) for x in df["municipalities_newly_covered_ids"]
            ],
            t("cmp_c_mun_lost", lang): df["municipalities_no_longer_covered"],
            t("cmp_c_mun_lost_names", lang): [
                names_text(x, names) for x in df["municipalities_no_longer_covered_ids"]
            ],
            "id": df["cluster_id"],
        }
    )


def site_gains_table(outcome: PlanOutcome) -> pd.DataFrame:
    """One row per recommended site in greedy order: ``rank, candidate_id, kind, name,
    kommunekode, kommune, added_weight`` (the site's own added population),
    ``share_after`` (cumulative, after this site), ``newly_covered_ids`` and
    ``newly_covered_names`` (the municipalities this site adds, ``;`` / ``, ``)."""
    cols = [
        "rank",
        "candidate_id",
        "kind",
        "name",
        "kommunekode",
        "kommune",
        "added_weight",
        "share_after",
        "newly_covered_ids",
        "newly_covered_names",
    ]
    res = outcome.result
    prob = outcome.input.problem
    if res is None or prob is None or not res.chosen:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    cand = outcome.input.candidates.set_index("candidate_id")
    dem = outcome.input.demand
    kommune = (
        dict(zip(dem["kommunekode"].astype(str), dem["kommune"].astype(str), strict=False))
        if "kommune" in dem
        else {}
    )
    covered = prob.existing_cover.copy()
    ids = np.asarray(prob.demand_ids, dtype=object)
    total = prob.total_weight
    rows = []
    for rank, (cid, gain) in enumerate(res.sites, start=1):
        j = prob.candidate_index(cid)
        new = prob.cover[:, j] & ~covered
        covered |= prob.cover[:, j]
        r = cand.loc[cid]
        new_ids = [str(x) for x in ids[new]]
        rows.append(
            {
                "rank": rank,
                "candidate_id": cid,
                "kind": str(r["kind"]),
                "name": str(r["name"]),
                "kommunekode": str(r["kommunekode"]),
                "kommune": kommune.get(str(r["kommunekode"]), ""),
                "added_weight": float(gain),
                "share_after": float(share(prob.weights[covered].sum(), total)),
                "newly_covered_ids": ";".join(new_ids),
                "newly_covered_names": names_text(new_ids, kommune),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def unreachable_table(outcome: PlanOutcome) -> pd.DataFrame:
    """The demand points no candidate (and no existing presence) can reach:
    ``kommunekode, kommune, weight``, heaviest first."""
    res = outcome.result
    if res is None or not res.unreachable:
        return pd.DataFrame(
            {
                "kommunekode": pd.Series(dtype=object),
                "kommune": pd.Series(dtype=object),
                "weight": pd.Series(dtype=float),
            }
        )
    dem = outcome.input.demand
    kommune = (
        dict(zip(dem["kommunekode"].astype(str), dem["kommune"].astype(str), strict=False))
        if "kommune" in dem
        else {}
    )
    return pd.DataFrame(
        [{"kommunekode": i, "kommune": kommune.get(i, i), "weight": w} for i, w in res.unreachable]
    )


CHANGED_CSS = (
    "<style>path.kk-changed { stroke: "
    + CHANGED_COLOR
    + f"; stroke-width: {CHANGED_WIDTH:g}px; stroke-opacity: 1; }}"
    ' .kk-legend .sw[style="background:transparent"] { border: 2.5px solid ' + CHANGED_COLOR + "; }"
    " .leaflet-control-attribution { font-size: 10px; line-height: 1.35; }"
    "</style>"
)


def count_classes(cmp: ScenarioComparison, lang: Lang = "da"):
    """The classes of "number of clusters within reach" shared by both sides (so that one
    colour means the same on the before and the after map): the coverage views'
    :func:`klyngekort.present.coverage_map.classify` on the before and after values together."""
    from klyngekort.present.coverage_map import DEFAULT_K, classify

    values = np.concatenate(
        [
            cmp.municipalities["clusters_before"].to_numpy(dtype=float),
            cmp.municipalities["clusters_after"].to_numpy(dtype=float),
        ]
    )
    return classify(values, k=DEFAULT_K, integer=True, higher_is_better=True, lang=lang)


def presence_points(
    pres: pd.DataFrame,
    names: dict[str, str],
    colors: dict[str, str],
    glyphs: dict[str, str],
    what: str,
    css_class: str,
    lang: Lang,
) -> list[MapPoint]:
    """Markers of presences (rows of a :func:`klyngekort.core.presence.presences` frame) in
    their cluster's colour with its letter, by kind (site kinds, a co-location diamond, a
    secondment circle with its number of persons); the tooltip names the cluster, ``what``
    and the town. Rows without coordinates are left out. Every text from the data is escaped."""
    from klyngekort.present.mapview import MapPoint, esc, marker_size

    points: list[MapPoint] = []
    for p in pres.itertuples():
        lat, lon = float(p.lat), float(p.lon)
        if not (math.isfinite(lat) and math.isfinite(lon)):
            continue
        cid = str(p.cluster_id)
        color = colors.get(cid, UNKNOWN_CLUSTER_COLOR)
        if p.kind == "secondment":
            sym = "secondment"
        elif p.kind in ("headquarters", "local_office", "representation", "co_location"):
            sym = str(p.kind)
        else:
            sym = "local_office"
        persons = float(p.persons) if sym == "secondment" and pd.notna(p.persons) else None
        place = f" · {esc(p.town)}" if p.town else ""
        tip = f"<b>{esc(names.get(cid, cid))}</b><br>{esc(what)}{place}"
        points.append(
            MapPoint(
                lat,
                lon,
                sym,
                color,
                marker_size(sym, persons),
                tip,
                tip,
                css_class,
                label=fmt_number(persons, lang) if persons is not None else glyphs.get(cid, ""),
                label_color="" if sym == "secondment" else glyph_color(color),
            )
        )
    return points


def _outside_props(code: str, title: str, lang: Lang) -> dict[str, Any]:
    """The properties of a municipality outside the division (both maps)."""
    from klyngekort.present.mapview import esc

    return {
        "k": code,
        "f": LAND_OUTSIDE,
        "c": "kk-outside",
        "t": f"<b>{title}</b><br>{esc(t('outside_division', lang))}",
    }


def _map_bounds(display: gpd.GeoDataFrame) -> Any:
    """The maps' extent: the municipalities without Christiansø (0411), which lies far out."""
    from klyngekort.present.mapview import bounds_of

    return bounds_of(display[display["kommunekode"].astype(str) != "0411"], pad=0.01)


def _point_legend(points: list[MapPoint], entries: Sequence[tuple[str, LegendEntry]]) -> list[LegendEntry]:
    """The legend entries (``(css_class, entry)``) of the kinds of point on the map."""
    shown = {p.css_class for p in points}
    return [entry for css_class, entry in entries if css_class in shown]


@dataclass(frozen=True)
class _Grid:
    """The before and after coverage on shared axes: ``before[i, k]`` / ``after[i, k]`` for
    the municipality ``row_of[code]`` and the cluster ``col_of[cluster_id]``."""

    row_of: dict[str, int]
    col_of: dict[str, int]
    before: np.ndarray
    after: np.ndarray

    @classmethod
    def of(cls, cmp: ScenarioComparison) -> _Grid:
        d_ids, c_ids, cb, ca = _aligned(cmp.before, cmp.after)
        return cls({c: i for i, c in enumerate(d_ids)}, {c: i for i, c in enumerate(c_ids)}, cb, ca)


def _focus_state(b: bool, a: bool) -> str:
    """The message key of a municipality's coverage by the focused cluster, before ``b`` and after ``a``."""
    if a and not b:
        return "cmp_state_new"
    if b and not a:
        return "cmp_state_lost"
    return "cmp_state_covered" if a else "cmp_state_not"


_STATE_FILL = {
    "cmp_state_new": FILL_NEW,
    "cmp_state_lost": FILL_LOST,
    "cmp_state_covered": FILL_COVERED,
    "cmp_state_not": FILL_NOT,
}


def _comparison_props(
    cmp: ScenarioComparison,
    display: gpd.GeoDataFrame,
    grid: _Grid,
    side: str,
    focus: str | None,
    classes: Any,
    names: dict[str, str],
    lang: Lang,
) -> list[dict[str, Any]]:
    """Per municipality of ``display``: its fill (by the count of clusters, or by the focused
    cluster's coverage) and a tooltip with the population and what the scenario changes."""
    from klyngekort.present.mapview import esc, info_table

    mun = cmp.municipalities.set_index("kommunekode")
    pop_label = t("m_population", lang)
    props: list[dict[str, Any]] = []
    for r in display.itertuples():
        code = str(r.kommunekode)
        title = f"{esc(r.kommune)} ({esc(code)})"
        if code not in grid.row_of:
            props.append(_outside_props(code, title, lang))
            continue
        m = mun.loc[code]
        rows = [(pop_label, esc(fmt_number(m["population"], lang)))]
        if focus is None:
            count = int(m["clusters_before"] if side == "before" else m["clusters_after"])
            cls = int(classes.assign([count])[0])
            fill = classes.colors[cls] if cls >= 0 else FILL_NOT
            rows.append(
                (
                    t("cmp_map_n_clusters", lang),
                    esc(f"{int(m['clusters_before'])} → {int(m['clusters_after'])}"),
                )
            )
        else:
            i, k = grid.row_of[code], grid.col_of[focus]
            b, a = bool(grid.before[i, k]), bool(grid.after[i, k])
            state = _focus_state(b, a)
            if side == "before":
                fill = FILL_COVERED if b else FILL_NOT
            else:
                fill = _STATE_FILL[state]
            rows.append((names.get(focus, focus), esc(t(state, lang))))  # info_table escapes keys
        if m["gained_cluster_ids"]:
            rows.append((t("cmp_map_gained", lang), esc(names_text(m["gained_cluster_ids"], names))))
        if m["lost_cluster_ids"]:
            rows.append((t("cmp_map_lost", lang), esc(names_text(m["lost_cluster_ids"], names))))
        props.append({"k": code, "f": fill, "c": "kk-muni", "t": info_table(rows, title)})
    return props


def _added_points(
    added: pd.DataFrame, names: dict[str, str], colors: dict[str, str], glyphs: dict[str, str], lang: Lang
) -> list[MapPoint]:
    """Markers of the presences the scenario adds (a diamond, or a secondment's circle with its persons)."""
    from klyngekort.present.mapview import MapPoint, esc, marker_size

    points: list[MapPoint] = []
    for p in added.itertuples():
        sym = "secondment" if p.kind == "secondment" else "co_location"
        tip = (
            f"<b>{esc(names.get(p.cluster_id, p.cluster_id))}</b><br>"
            f"{esc(t('cmp_map_added', lang))} · {esc(p.town)}"
        )
        points.append(
            MapPoint(
                float(p.lat),
                float(p.lon),
                sym,
                colors.get(p.cluster_id, UNKNOWN_CLUSTER_COLOR),
                marker_size(sym, p.persons if sym == "secondment" else None),
                tip,
                tip,
                "kk-scenario-added",
                label=fmt_number(p.persons, lang) if sym == "secondment" else glyphs.get(p.cluster_id, ""),
                label_color=""
                if sym == "secondment"
                else glyph_color(colors.get(p.cluster_id, UNKNOWN_CLUSTER_COLOR)),
            )
        )
    return points


def _comparison_points(
    cmp: ScenarioComparison, side: str, focus: str | None, names: dict[str, str], lang: Lang
) -> list[MapPoint]:
    """Hubs for orientation; the present sites of the cluster(s) in view; what the
    scenario adds (after) or removes (before)."""
    from klyngekort.present.national_map import cluster_colors, glyphs_of, hub_points

    res = cmp.before if side == "before" else cmp.after
    points: list[MapPoint] = []
    colors = cluster_colors(cmp.scenario_dataset)
    glyphs = glyphs_of(cmp.scenario_dataset)
    points += hub_points(cmp.scenario_dataset.hubs, lang, shrink=4)
    removed_ids = {c.site_id for c in cmp.scenario.changes if isinstance(c, RemoveSite)}
    base_ids = set(cmp.before.core.presences["presence_id"].astype(str))
    in_view = [focus] if focus is not None else changes_clusters(cmp.scenario)
    pres = res.core.presences
    ids = pres["presence_id"].astype(str)
    present = pres[pres["cluster_id"].astype(str).isin(in_view) & ids.isin(base_ids) & ~ids.isin(removed_ids)]
    points += presence_points(
        present, names, colors, glyphs, t("cmp_map_existing", lang), "kk-existing", lang
    )
    if side == "after":
        points += _added_points(pres[~ids.isin(base_ids)], names, colors, glyphs, lang)
    else:
        removed = pres[ids.isin(removed_ids)]
        points += presence_points(
            removed, names, colors, glyphs, t("cmp_map_removed", lang), "kk-scenario-removed", lang
        )
    return points


def _comparison_legend(
    grid: _Grid,
    side: str,
    focus: str | None,
    classes: Any,
    names: dict[str, str],
    changed: bool,
    points: list[MapPoint],
    lang: Lang,
) -> tuple[list[LegendEntry], str]:
    """The legend and its title: the count classes, or the focused cluster's states; the
    outline of changed municipalities; the kinds of point shown."""
    from klyngekort.present.mapview import LegendEntry

    legend: list[LegendEntry] = []
    if focus is None:
        legend += [LegendEntry(None, c, lab) for c, lab in zip(classes.colors, classes.labels, strict=True)]
        title = t("cmp_leg_title_count", lang)
    else:
        legend.append(LegendEntry(None, FILL_COVERED, t("cmp_state_covered", lang)))
        if side == "after":
            legend.append(LegendEntry(None, FILL_NEW, t("cmp_state_new", lang)))
            k = grid.col_of[focus]
            if any(grid.before[:, k] & ~grid.after[:, k]):
                legend.append(LegendEntry(None, FILL_LOST, t("cmp_state_lost", lang)))
        legend.append(LegendEntry(None, FILL_NOT, t("cmp_state_not", lang)))
        title = names.get(focus, focus)
    if changed:
        legend.append(LegendEntry(None, CHANGED_SWATCH, t("cmp_leg_changed", lang)))
    legend += _point_legend(
        points,
        [
            ("kk-existing", LegendEntry("local_office", PRESENCE_LEGEND_COLOR, t("cmp_map_existing", lang))),
            (
                "kk-scenario-added",
                LegendEntry("co_location", PRESENCE_LEGEND_COLOR, t("cmp_map_added", lang)),
            ),
            (
                "kk-scenario-removed",
                LegendEntry("local_office", PRESENCE_LEGEND_COLOR, t("cmp_map_removed", lang)),
            ),
        ],
    )
    return legend, title


def comparison_map(
    cmp: ScenarioComparison,
    display: gpd.GeoDataFrame,
    *,
    side: str = "after",
    focus: str | None = None,
    lang: Lang = "da",
    attribution: str = "",
) -> MapContent:
    """A choropleth of one side of the comparison (``side`` = ``"before"`` or
    ``"after"``) with the municipalities whose coverage changed outlined in red (CSS
    class ``kk-changed``; draw with :func:`render_comparison_map`).

    ``focus=None``: fill by the number of clusters within reach (same classes on both
    sides). ``focus=CLUSTER_ID``: that cluster's coverage (covered / not covered; on the
    after side newly covered and no longer covered have their own colours). The hubs are
    drawn for orientation and, on the after side, the presences the scenario adds; on
    the before side the sites it removes; on both sides the present sites of the focused
    cluster (with no focus: of the clusters the scenario changes). Every text from the data is
    escaped."""
    from klyngekort.present.mapview import MapContent, feature_collection

    if side not in ("before", "after"):
        raise ValueError("side must be 'before' or 'after'")
    grid = _Grid.of(cmp)
    names = {**cmp.after.core.cluster_names, **cmp.before.core.cluster_names}
    if focus is not None and focus not in grid.col_of:
        focus = None
    classes = count_classes(cmp, lang) if focus is None else None
    props = _comparison_props(cmp, display, grid, side, focus, classes, names, lang)

    changed = set(cmp.changed)
    outlines = None
    sel = display[display["kommunekode"].astype(str).isin(changed)]
    if len(sel):
        outlines = feature_collection(sel, [{"k": str(c), "c": "kk-changed"} for c in sel["kommunekode"]])

    points = _comparison_points(cmp, side, focus, names, lang)
    legend, title = _comparison_legend(grid, side, focus, classes, names, bool(changed), points, lang)
    return MapContent(
        municipalities=feature_collection(display, props),
        outlines=outlines,
        points=points,
        legend=legend,
        legend_title=title,
        attribution=attribution,
        bounds=_map_bounds(display),
    )


def _recommendation_props(
    outcome: PlanOutcome, display: gpd.GeoDataFrame, sites: pd.DataFrame, cname: str, lang: Lang
) -> list[dict[str, Any]]:
    """Per municipality of ``display``: covered today, newly covered (by proposal N) or not."""
    from klyngekort.present.mapview import esc, info_table

    prob = outcome.input.problem
    covered_now: set[str] = set()
    demand_ids: set[str] = set()
    if prob is not None:
        ids = [str(x) for x in prob.demand_ids]
        demand_ids = set(ids)
        covered_now = {c for c, b in zip(ids, prob.existing_cover, strict=False) if b}
    new_by: dict[str, int] = {}
    for r in sites.itertuples():
        for code in str(r.newly_covered_ids).split(";"):
            if code and code not in new_by:
                new_by[code] = int(r.rank)

    props: list[dict[str, Any]] = []
    for r in display.itertuples():
        code = str(r.kommunekode)
        title = f"{esc(r.kommune)} ({esc(code)})"
        if code not in demand_ids:
            props.append(_outside_props(code, title, lang))
            continue
        if code in new_by:
            fill, state = FILL_NEW, t("rec_map_new_by", lang, n=new_by[code])
        elif code in covered_now:
            fill, state = FILL_COVERED, t("rec_map_covered_now", lang)
        else:
            fill, state = FILL_NOT, t("cmp_state_not", lang)
        props.append({"k": code, "f": fill, "c": "kk-muni", "t": info_table([(cname, esc(state))], title)})
    return props


def _proposed_points(
    outcome: PlanOutcome, ds: Dataset, sites: pd.DataFrame, cname: str, color: str, lang: Lang
) -> list[MapPoint]:
    """The proposed sites as diamonds numbered in the order chosen (at their hub, or at the
    candidate's coordinates)."""
    from pyproj import Transformer

    from klyngekort.present.mapview import MapPoint, esc, marker_size

    points: list[MapPoint] = []
    hubs = ds.hubs.set_index(ds.hubs["hub_id"].astype(str))
    cand = outcome.input.candidates.set_index("candidate_id")
    to_wgs84 = Transformer.from_crs(25832, 4326, always_xy=True)
    for r in sites.itertuples():
        row = cand.loc[r.candidate_id]
        hub = str(row["hub_id"] or "")
        if hub and hub in hubs.index:
            lat, lon = float(hubs.at[hub, "latitude"]), float(hubs.at[hub, "longitude"])
        else:
            lon, lat = to_wgs84.transform(float(row["x"]), float(row["y"]))
        if not (math.isfinite(lat) and math.isfinite(lon)):
            continue
        tip = (
            f"<b>{esc(t('rec_map_proposed_tip', lang, n=int(r.rank)))}: {esc(r.name)}</b><br>"
            f"{esc(cname)} · {esc(r.kommune)}"
        )
        points.append(
            MapPoint(
                lat,
                lon,
                "co_location",
                color,
                marker_size("co_location") + 6,
                tip,
                tip,
                "kk-proposed",
                label=str(int(r.rank)),
                label_color=glyph_color(color),
            )
        )
    return points


def recommendation_map(
    outcome: PlanOutcome,
    ds: Dataset,
    display: gpd.GeoDataFrame,
    *,
    lang: Lang = "da",
    attribution: str = "",
) -> MapContent:
    """A recommendation on the map: the cluster's present sites (in its colour, with its
    letter), the proposed sites as diamonds numbered in the order the planner chose them,
    and the municipalities filled as covered today, newly covered (the tooltip names the
    proposal that covers it) or not covered. The hubs are drawn for orientation. Every text
    from the data is escaped."""
    from klyngekort.core.selection import cluster_labels
    from klyngekort.present.mapview import LegendEntry, MapContent, feature_collection
    from klyngekort.present.national_map import cluster_colors, glyphs_of, hub_points

    cid = outcome.cluster_id
    names = cluster_labels(ds)
    cname = names.get(cid, cid)
    colors = cluster_colors(ds)
    glyphs = glyphs_of(ds)
    color = colors.get(cid, UNKNOWN_CLUSTER_COLOR)
    sites = site_gains_table(outcome)
    props = _recommendation_props(outcome, display, sites, cname, lang)

    points: list[MapPoint] = hub_points(ds.hubs, lang, shrink=4)
    existing = outcome.input.existing
    if isinstance(existing, pd.DataFrame) and not existing.empty:
        points += presence_points(
            existing, names, colors, glyphs, t("cmp_map_existing", lang), "kk-existing", lang
        )
    points += _proposed_points(outcome, ds, sites, cname, color, lang)

    legend = [
        LegendEntry(None, FILL_COVERED, t("rec_map_covered_now", lang)),
        LegendEntry(None, FILL_NEW, t("cmp_state_new", lang)),
        LegendEntry(None, FILL_NOT, t("cmp_state_not", lang)),
    ]
    legend += _point_legend(
        points,
        [
            (
                "kk-existing",
                LegendEntry("local_office", color, t("cmp_map_existing", lang), glyphs.get(cid, "")),
            ),
            ("kk-proposed", LegendEntry("co_location", color, t("rec_map_proposed", lang), "1")),
        ],
    )
    return MapContent(
        municipalities=feature_collection(display, props),
        outlines=None,
        points=points,
        legend=legend,
        legend_title=cname,
        attribution=attribution,
        bounds=_map_bounds(display),
    )


def render_comparison_map(content: MapContent, *, basemap: str | None = None) -> folium.Map:
    """:func:`klyngekort.present.mapview.render` plus the style that draws changed municipalities
    with a red outline (and the matching legend swatch)."""
    from branca.element import Element

    from klyngekort.present.mapview import figure_of, render

    m = render(content, basemap=basemap)
    figure_of(m).header.add_child(Element(CHANGED_CSS))
    return m


__all__: Sequence[str] = (
    "CLUSTER_DELTA_COLUMNS",
    "INDICATORS",
    "MUNICIPALITY_DELTA_COLUMNS",
    "ScenarioComparison",
    "change_effects",
    "changes_clusters",
    "cluster_delta",
    "cluster_delta_view",
    "compare_scenario",
    "comparison_map",
    "count_classes",
    "coverage_of",
    "demand_for",
    "format_indicator",
    "indicators_table",
    "indicators_view",
    "municipality_delta",
    "presence_points",
    "recommendation_map",
    "render_comparison_map",
    "site_gains_table",
    "unreachable_table",
)
