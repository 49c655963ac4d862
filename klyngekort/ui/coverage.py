"""Streamlit glue for the coverage pages (Dækning, Erhvervshus, Klynge, Sammenlign, Huller).

Thin, like :mod:`klyngekort.ui.common`: the work is done by :mod:`klyngekort.core.coverage` and
:mod:`klyngekort.present.coverage_map`. What is static is cached with ``st.cache_resource``
(the demand points, the map geometry, the presences of a period, the parsed travel-time
table) and so is every coverage result, keyed by (dataset, period, filters, parameters),
so moving the radius slider back and forth only computes each radius once. The results
are shared between sessions and must be treated as read-only.

The coverage controls keep their state in the address bar (``mode``, ``crit``, ``radius``,
``min``, ``ind``), as :mod:`klyngekort.ui.common` does for the other filters, so a copied link
shows the same view; the planner uses the same controls. An uploaded travel-time table cannot be put in a link; it is kept in
the session until it is removed.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import tempfile
import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import altair as alt
import folium
import pandas as pd
import streamlit as st

from klyngekort.core import limits
from klyngekort.core.coverage import (
    DEFAULT_RADIUS_KM,
    MODES,
    RADIUS_MAX_KM,
    RADIUS_MIN_KM,
    CoverageParams,
    CoverageResult,
    Mode,
    compute_coverage,
    demand_for,
    hub_of_municipality,
)
from klyngekort.core.limits import cap_issues
from klyngekort.core.model import Dataset
from klyngekort.core.periods import Period
from klyngekort.core.presence import (
    presences,
    ties_only,
    unlocated_sites,
)
from klyngekort.core.selection import Selection, cluster_labels, clusters_in_period, hub_labels
from klyngekort.core.travel import NO_FIXED_LINK, TravelTimes, TravelTimesResult, read_travel_times
from klyngekort.geo.cache import GeoLayers
from klyngekort.present import charts, export
from klyngekort.present import coverage_map as cmap
from klyngekort.present import static_map as sm
from klyngekort.present import tables as cmap_tables
from klyngekort.present.i18n import Lang, d3_locale, fmt_number, t
from klyngekort.present.national_map import cluster_colors, glyphs_of
from klyngekort.present.wording import describe_method, join_names, message_text
from klyngekort.ui import common
from klyngekort.ui import present as present_ui
from klyngekort.ui import state as app_state

MINUTES_MIN, MINUTES_MAX, DEFAULT_MINUTES = 5, 240, 45


_serial = itertools.count(1)
_keys: dict[int, tuple[weakref.ref, int]] = {}
_keys_lock = threading.Lock()


def object_key(obj: object) -> int:
    """A number that names this very object while it lives (a new object gets a new one,
    even if Python reuses the old one's id): the key of a map drawn from a coverage result."""
    with _keys_lock:
        entry = _keys.get(id(obj))
        if entry is None or entry[0]() is not obj:
            if len(_keys) > 4096:  # forget the dead
                for k in [k for k, (ref, _) in _keys.items() if ref() is None]:
                    del _keys[k]
            entry = (weakref.ref(obj), next(_serial))
            _keys[id(obj)] = entry
        return entry[1]


def _layers_key(layers: GeoLayers) -> str:
    return layers.source_hash


# --------------------------------------------------------------------------- cached domain calls


@st.cache_resource(show_spinner=False, max_entries=8)
def _demand(ds_revision: str, layers_key: str, _ds: Dataset, _layers: GeoLayers) -> pd.DataFrame:
    return demand_for(_ds, _layers.municipalities)


def cached_demand(ds: Dataset, layers: GeoLayers) -> pd.DataFrame:
    """The municipalities as demand points of ``ds`` (cached on the data's revision and the
    DAGI source): the one demand every page and the planner compute with."""
    return _demand(ds.revision, _layers_key(layers), ds, layers)


@st.cache_resource(show_spinner=False, max_entries=8)
def _geometry(ds_revision: str, layers_key: str, _ds: Dataset, _layers: GeoLayers) -> cmap.CoverageGeometry:
    return cmap.prepare_geometry(_layers.display, hub_of_municipality(_ds))


@dataclass(frozen=True)
class Inputs:
    presences: pd.DataFrame
    ties: pd.DataFrame
    clusters: pd.DataFrame  # the clusters in the period
    unlocated: pd.DataFrame  # sites in force without coordinates


@st.cache_resource(show_spinner=False, max_entries=16)
def _inputs(ds_revision: str, period: Period, include_unknown: bool, _ds: Dataset) -> Inputs:
    pres = presences(_ds, period, include_unknown_status=include_unknown)
    return Inputs(
        presences=pres,
        ties=ties_only(_ds, period, include_unknown_status=include_unknown, presences_df=pres),
        clusters=clusters_in_period(_ds, period, include_unknown_status=include_unknown),
        unlocated=unlocated_sites(_ds, period, include_unknown_status=include_unknown),
    )


@st.cache_resource(show_spinner=False, max_entries=96)
def _coverage(
    ds_revision: str,
    layers_key: str,
    period: Period,
    include_unknown: bool,
    clusters: tuple[str, ...],
    areas: tuple[str, ...],
    mode: Mode,
    radius_km: float,
    minutes: float | None,
    tt_key: str,
    _ds: Dataset,
    _layers: GeoLayers,
    _tt: TravelTimes | None,
) -> CoverageResult:
    inputs = _inputs(ds_revision, period, include_unknown, _ds)
    cl = inputs.clusters
    if clusters:
        cl = cl[cl["cluster_id"].isin(clusters)]
    if areas:
        cl = cl[cl["area"].isin(areas)]
    params = CoverageParams(
        mode=mode, radius_km=radius_km, minutes=minutes if _tt is not None else None, travel_times=_tt
    )
    demand = _demand(ds_revision, layers_key, _ds, _layers)
    return compute_coverage(demand, inputs.presences, cl, params, ties=inputs.ties, hubs=_ds.hubs)


#: Loaded travel-time tables by the SHA-256 of their content, most recently used last, kept
#: within a byte budget (the limit ``travel_cache_bytes``), not a count: a table is at most
#: 99 × 99 known municipalities, its problems are capped per kind.
_TT_CACHE: OrderedDict[str, tuple[int, TravelTimesResult]] = OrderedDict()
_TT_LOCK = threading.Lock()


def _result_bytes(res: TravelTimesResult) -> int:
    tt = res.travel_times
    return (tt.minutes.nbytes + 64 * len(tt.codes) if tt is not None else 0) + 400 * len(res.issues) + 1024


def _travel_times(sha: str, name: str, _data: bytes, known: tuple[str, ...]) -> TravelTimesResult:
    key = hashlib.sha256((sha + "|" + name + "|" + ",".join(known)).encode()).hexdigest()
    with _TT_LOCK:
        hit = _TT_CACHE.get(key)
        if hit is not None:
            _TT_CACHE.move_to_end(key)
            return hit[1]
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:80] or "rejsetider.csv"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / safe
        path.write_bytes(_data)
        res = read_travel_times(path, known_codes=known)
    res = TravelTimesResult(res.travel_times, cap_issues(res.issues))
    size, budget = _result_bytes(res), limits.get_int("travel_cache_bytes")
    with _TT_LOCK:
        _TT_CACHE[key] = (size, res)
        while len(_TT_CACHE) > 1 and sum(n for n, _ in _TT_CACHE.values()) > budget:
            _TT_CACHE.popitem(last=False)
    return res


# --------------------------------------------------------------------------- controls


@dataclass(frozen=True)
class Controls:
    """The coverage settings chosen in the sidebar."""

    mode: Mode
    radius_km: float
    minutes: float | None  # set when a valid travel-time table is in use
    tt_key: str  # sha256 of the table in use, "" for none
    travel: TravelTimesResult | None
    indicator: str

    def params(self) -> CoverageParams:
        """The :class:`CoverageParams` of these settings (minutes only with a valid table)."""
        tt = (
            self.travel.travel_times if (self.travel is not None and self.travel.ok and self.tt_key) else None
        )
        return CoverageParams(
            mode=self.mode,
            radius_km=self.radius_km,
            minutes=self.minutes if tt is not None else None,
            travel_times=tt,
        )


@dataclass(frozen=True)
class _ParamsOnly:
    params: CoverageParams


def reach_text(params: CoverageParams, lg: Lang) -> str:
    """``"inden for 40 km"``, ``"inden for 45 min"`` or ``"i erhvervshusområdet"`` for
    ``params`` (the wording of :func:`klyngekort.present.coverage_map.reach_text`, which reads only
    a result's ``params``)."""
    return cmap.reach_text(_ParamsOnly(params), lg)  # type: ignore[arg-type]


def _on_tt_upload() -> None:
    f = st.session_state.get("cov_tt_upload")
    if f is None:
        st.session_state.pop("cov_tt", None)
    else:
        st.session_state["cov_tt"] = (f.name, f.getvalue())


def _clear_tt() -> None:
    st.session_state.pop("cov_tt", None)


def sidebar_coverage(ds: Dataset, layers: GeoLayers, *, with_indicator: bool = False) -> Controls:
    """Mode, reach (km slider, or minutes with a travel-time table) and the map indicator.
    The coverage pages and the planner share these controls (URL ``mode``, ``crit``,
    ``radius``, ``min``, ``ind``)."""
    lg = common.lang()
    sb = st.sidebar
    sb.subheader(t("cov_settings", lg))
    modes = list(MODES)
    q_mode = app_state.choice("mode", modes, "distance", lambda m: t(f"cov_mode_{m}", lg))
    mode = sb.radio(
        t("cov_mode", lg),
        modes,
        index=modes.index(q_mode),
        horizontal=True,
        key=app_state.widget_key("cov_mode"),
        format_func=lambda m: t(f"cov_mode_{m}", lg),
    )
    common.qp_set("mode", mode, "distance")
    crits = ["km", "min"]
    q_crit = app_state.choice("crit", crits, "km", lambda c: t(f"cov_crit_{c}", lg))
    crit = sb.radio(
        t("cov_criterion", lg),
        crits,
        index=crits.index(q_crit),
        horizontal=True,
        key=app_state.widget_key("cov_crit"),
        format_func=lambda c: t(f"cov_crit_{c}", lg),
    )
    common.qp_set("crit", crit, "km")

    if "r" in st.query_params:  # the key of older links
        if "radius" not in st.query_params:
            st.query_params["radius"] = st.query_params["r"]
        del st.query_params["r"]
    radius = common.qp_number(
        "radius", DEFAULT_RADIUS_KM, RADIUS_MIN_KM, RADIUS_MAX_KM, integer=True, unit="km"
    )
    minutes: float | None = None
    tt_key = ""
    travel: TravelTimesResult | None = None
    if crit == "km":
        radius = sb.slider(
            t("cov_radius", lg),
            int(RADIUS_MIN_KM),
            int(RADIUS_MAX_KM),
            value=radius,
            step=5,
            key="cov_radius",
        )
        common.qp_set("radius", str(radius), str(int(DEFAULT_RADIUS_KM)))
    else:
        mins = common.qp_number("min", DEFAULT_MINUTES, MINUTES_MIN, MINUTES_MAX, integer=True, unit="min")
        mins = sb.slider(
            t("cov_minutes", lg), MINUTES_MIN, MINUTES_MAX, value=mins, step=5, key="cov_minutes"
        )
        common.qp_set("min", str(mins), str(DEFAULT_MINUTES))
        sb.file_uploader(
            t("cov_tt_file", lg),
            type=["csv", "txt"],
            key="cov_tt_upload",
            help=t("cov_tt_help", lg),
            on_change=_on_tt_upload,
        )
        stored = st.session_state.get("cov_tt")
        if stored is None:
            sb.info(t("cov_tt_needed", lg))
        else:
            name, data = stored
            sha = hashlib.sha256(data).hexdigest()
            demand = cached_demand(ds, layers)
            travel = _travel_times(sha, name, data, tuple(demand["kommunekode"].astype(str)))
            tt = travel.travel_times if travel.ok else None
            if tt is not None:
                sb.caption(
                    f"{common.md_escape(name)} · "
                    + t("cov_tt_loaded", lg, pairs=fmt_number(tt.pairs, lg), n=fmt_number(len(tt.codes), lg))
                )
                minutes, tt_key = float(mins), sha
            sb.button(
                common.md_escape(name),
                key="cov_tt_clear",
                on_click=_clear_tt,
                icon=":material/close:",
                width="stretch",
            )

    indicator = cmap.DEFAULT_INDICATOR
    if with_indicator:
        keys = ["clusters_present", "nearest_km", "clusters_missing"] + (["nearest_min"] if minutes else [])
        q_ind = app_state.choice("ind", keys, cmap.DEFAULT_INDICATOR, lambda k: t(f"cov_ind_{k}", lg))
        indicator = sb.selectbox(
            t("cov_indicator", lg),
            keys,
            index=keys.index(q_ind),
            key=app_state.widget_key("cov_indicator"),
            format_func=lambda k: t(f"cov_ind_{k}", lg),
        )
        common.qp_set("ind", indicator, cmap.DEFAULT_INDICATOR)
    return Controls(mode, float(radius), minutes, tt_key, travel, indicator)


def show_travel_problems(ctl: Controls) -> None:
    """Errors of an uploaded travel-time table (it is then not used), warnings folded away."""
    lg = common.lang()
    if ctl.travel is None:
        return
    errors = [i for i in ctl.travel.issues if i.severity == "error"]
    warnings = [i for i in ctl.travel.issues if i.severity == "warning"]
    if errors:
        st.error(t("cov_tt_errors", lg))
        common.show_issue_lines(errors)
    if warnings:
        with st.expander(t("data_warnings", lg, n=len(warnings))):
            common.show_issue_lines(warnings)


def sidebar_cluster(ds: Dataset) -> str | None:
    """Pick one cluster (kept in the link as ``cluster``)."""
    lg = common.lang()
    labels = cluster_labels(ds)
    if not labels:
        return None
    options = sorted(labels, key=lambda c: labels[c].lower())
    q = app_state.choice("cluster", options, options[0], labels.__getitem__)
    choice = st.sidebar.selectbox(
        t("pick_cluster", lg),
        options,
        index=options.index(q),
        key="kl_cluster",
        format_func=lambda c: labels[c],
    )
    common.qp_set("cluster", choice)
    return choice


def sidebar_hubs(ds: Dataset, default: Sequence[str] = ()) -> list[str]:
    """Pick two or more hubs (kept in the link as ``hubs``)."""
    lg = common.lang()
    names = hub_labels(ds, head_offices_only=True)
    chosen = (
        app_state.choices("hubs", list(names), all_text=", ".join(list(names.values())[:2]))
        or [h for h in default if h in names]
        or list(names)[:2]
    )
    picked = st.sidebar.multiselect(
        t("pick_hubs", lg),
        list(names),
        default=chosen,
        key="cmp_hubs",
        format_func=lambda h: names[h],
        placeholder=t("pick_hubs", lg),
        select_all=False,
    )
    common.qp_set("hubs", ",".join(picked))
    return picked


# --------------------------------------------------------------------------- results


def coverage_or_stop(
    ds: Dataset, layers: GeoLayers, sel: Selection, ctl: Controls, *, need: str | None = None
) -> CoverageResult:
    """:func:`coverage`, or a warning and a stopped page when no selected cluster is in the
    period (``need``: this one cluster must be); then the method sentence."""
    result = coverage(ds, layers, sel, ctl)
    if not result.core.cluster_ids or (need is not None and need not in result.core.cluster_ids):
        st.warning(t("cov_cluster_out_of_period" if need is not None else "cov_no_clusters", common.lang()))
        st.stop()
    method_sentence(result)
    return result


def coverage_downloads(
    ds: Dataset,
    layers: GeoLayers,
    sel: Selection,
    ctl: Controls,
    result: CoverageResult,
    name: str,
    *,
    hubs: Sequence[str] = (),
    indicator: str = "clusters_present",
) -> None:
    """The downloads and presentation link of a coverage page (Dækning, Huller, Sammenlign):
    the static coverage map of what the page shows, ``hubs`` being the areas compared."""
    lg = common.lang()
    present_ui.downloads(
        ds,
        layers,
        present_ui.PageView(
            "coverage",
            present_ui.request_of(sel, ctl.params(), hubs=tuple(hubs)),
            lambda: sm.coverage_map(
                ds, layers, result, indicator=indicator, lang=lg, focus_hub=sel.hub_id, period=sel.period
            ),
            name,
        ),
        key="dl_present",
    )


def coverage(ds: Dataset, layers: GeoLayers, sel: Selection, ctl: Controls) -> CoverageResult:
    """The (cached) coverage for a selection and the coverage controls."""
    tt = ctl.travel.travel_times if (ctl.travel is not None and ctl.travel.ok and ctl.tt_key) else None
    return _coverage(
        ds.revision,
        _layers_key(layers),
        sel.period,
        bool(sel.include_unknown_status),
        tuple(sel.clusters),
        tuple(sel.areas),
        ctl.mode,
        float(ctl.radius_km),
        ctl.minutes if tt is not None else None,
        ctl.tt_key if tt is not None else "",
        ds,
        layers,
        tt,
    )


def unlocated(ds: Dataset, period: Period, include_unknown: bool) -> pd.DataFrame:
    return _inputs(ds.revision, period, include_unknown, ds).unlocated


def geometry(ds: Dataset, layers: GeoLayers) -> cmap.CoverageGeometry:
    return _geometry(ds.revision, _layers_key(layers), ds, layers)


def population_year(ds: Dataset) -> str:
    pop = ds.population
    return str(int(pop["year"].max())) if len(pop) else "–"


# --------------------------------------------------------------------------- output


def method_sentence(result: CoverageResult) -> None:
    """Say which method is in use, right where the figures are."""
    lg = common.lang()
    text = describe_method(result.params, lg)
    app_state.set_method(text)
    st.info(text, icon=":material/straighten:")


def islands_note(result: CoverageResult) -> None:
    """In straight-line mode, flag the municipalities without a fixed link."""
    lg = common.lang()
    if result.params.uses_travel_times or result.params.mode != "distance":
        return
    df = result.municipalities
    names = [common.md_escape(n) for n in df.loc[df["kommunekode"].isin(NO_FIXED_LINK), "kommune"]]
    if names:
        st.caption(":material/directions_boat: " + t("cov_islands_note", lg, names=join_names(names, lg)))


def method_expander(result: CoverageResult, ds: Dataset, parts: Sequence[str]) -> None:
    """The short method explanation (expander "Metode") for the figures on a page."""
    lg = common.lang()
    with st.expander(t("method", lg), icon=":material/info:"):
        st.markdown(describe_method(result.params, lg))
        for p in parts:
            if p == "demand":
                st.markdown(t("method_demand", lg, year=population_year(ds)))
            elif p == "classes":
                st.markdown(t("method_classes", lg, k=cmap.DEFAULT_K))
            else:
                st.markdown(t(f"method_{p}", lg))
        for note in result.notes:
            st.caption(common.md_escape(message_text(note, lg)))


def metrics(
    items: Sequence[tuple[str, str] | tuple[str, str, str | None]], per_row: int | None = None
) -> None:
    """A row of ``st.metric`` from (label, already formatted value[, help or None])."""
    n = per_row or len(items)
    for start in range(0, len(items), n):
        cols = st.columns(n)
        for col, item in zip(cols, items[start : start + n], strict=False):
            label, value = item[0], item[1]
            col.metric(label, value, help=item[2] if len(item) > 2 else None)


def coverage_map(
    result: CoverageResult,
    ds: Dataset,
    layers: GeoLayers,
    indicator: str,
    *,
    key: str,
    focus_hub: str | None = None,
    height: int = 600,
    basemap: str | None = None,
    html_download: str | None = None,
) -> cmap.CoverageMap:
    """Draw the choropleth (panning and zooming never rerun the app) and, if asked, offer
    it as one offline HTML file (built only when the button is clicked)."""
    lg = common.lang()

    def build() -> tuple[cmap.CoverageMap, folium.Map]:
        cm = cmap.build_coverage_content(
            geometry(ds, layers),
            result,
            indicator,
            lang=lg,
            focus_hub=focus_hub,
            colors=cluster_colors(ds),
            glyphs=glyphs_of(ds),
            hubs=ds.hubs,
            attribution=layers.attribution,
            dates=ds.row_dates,
        )
        return cm, cmap.render_coverage_map(cm, basemap=basemap)

    # The rendered map is shared by every session that shows the same result the same way
    # (the result itself comes from the cached coverage, so its key names it).
    cm, payload = common.per_view(
        "coverage_map",
        (ds.view_revision, object_key(result), indicator, lg, focus_hub, basemap, key),
        lambda: _with_payload(build(), key),
    )
    common.show_map(payload, key=key, height=height)
    st.caption(layers.attribution)
    if html_download:
        st.download_button(
            t("download_map_html", lg),
            lambda: export.map_html(build()[1], title=f"Klyngekort – {html_download}").encode("utf-8"),
            file_name=f"{html_download}.html",
            mime="text/html",
            key=f"{key}_html",
            on_click="ignore",
        )
    return cm


def _with_payload(built: tuple[cmap.CoverageMap, folium.Map], key: str) -> tuple[cmap.CoverageMap, dict]:
    return built[0], common.map_payload(built[1], key)


def _state_colors(lg: Lang) -> dict[str, str]:
    return {cmap_tables.state_label(s, lg): c for s, c in cmap.STATE_COLORS.items()}


def show_table(
    df: pd.DataFrame,
    name: str,
    *,
    key: str,
    highlight_first: str | None = None,
    height: int | Literal["auto", "content", "stretch"] = "auto",
    pinned: Sequence[str] = (),
) -> None:
    """A table in the reader's number format (:func:`klyngekort.ui.common.show_dataframe`)
    under its CSV and Excel downloads. The hub × cluster state labels are coloured (and never
    cut) in the columns the table names in ``df.attrs``
    (:data:`klyngekort.present.tables.STATE_COLUMNS`)."""
    lg = common.lang()
    colors = _state_colors(lg)
    cols = [c for c in df.attrs.get(cmap_tables.STATE_COLUMNS, ()) if c in df.columns]
    words = [c for c in (t("col_state", lg), t("col_muni_state", lg)) if c in df.columns]
    # the downloads before the table: the keyboard reaches them without crossing its cells
    common.downloads(df, name, key=key)
    common.show_dataframe(
        df,
        cell_colors=dict.fromkeys(cols, colors),
        bold=[highlight_first] if highlight_first else (),
        height=height,
        pinned=list(pinned) or [str(df.columns[0])],  # the name column stays in view
        wide=list(dict.fromkeys([*cols, *words])),  # status words are never cut
    )


def furthest_list(result: CoverageResult, hub_id: str | None, n: int = 5) -> None:
    """The municipalities furthest from any presence (of the hub area), furthest first: the
    regional manager's question answered beside the map."""
    lg = common.lang()
    st.markdown(f"**{t('h_furthest', lg)}**")
    table = cmap_tables.furthest_table(result, lg, hub_id=hub_id, n=n)
    common.show_dataframe(table, pinned=[t("col_kommune", lg)])


def bar_chart(
    data: pd.DataFrame,
    *,
    y: str,
    x: str,
    x_title: str,
    color: str | None = None,
    color_title: str = "",
    color_domain: Sequence[str] | None = None,
    color_range: Sequence[str] | None = None,
    tooltip: Sequence[tuple[str, str]] = (),
    x_format: str | None = None,
    offset: str | None = None,
) -> None:
    """A horizontal bar chart (:func:`klyngekort.present.charts.bar_chart`, the same chart the
    slide deck has) with ``st.altair_chart`` (drawn by the bundled Vega, offline)."""
    chart = charts.bar_chart(
        data,
        y=y,
        x=x,
        x_title=x_title,
        color=color,
        color_title=color_title,
        color_domain=color_domain,
        color_range=color_range,
        tooltip=tooltip,
        x_format=_grouped(x_format),
        offset=offset,
    )
    st.altair_chart(_localised(chart), width="stretch")


def _grouped(x_format: str | None) -> str | None:
    """An axis format with thousands grouped (``d`` -> ``,d``)."""
    return "," + x_format if x_format and not x_format.startswith(",") else x_format


def _localised(chart: alt.Chart) -> alt.Chart:
    """The chart with the reader's number separators on its axes (the one number format,
    :func:`klyngekort.present.i18n.d3_locale`)."""
    return chart.configure(locale={"number": d3_locale(common.lang())})


def hub_colors(ds: Dataset, hub_ids: Sequence[str]) -> tuple[list[str], list[str]]:
    """Hub names and their map fill colours (as on Danmarkskort), for a chart's colour scale."""
    from klyngekort.present.mapview import hub_fill_colors

    fills = hub_fill_colors(ds.hub_areas["hub_id"])
    names = hub_labels(ds, head_offices_only=True)
    return [names.get(h, h) for h in hub_ids], [fills.get(h, "#9e9e9e") for h in hub_ids]


def state_chart(
    data: pd.DataFrame,
    *,
    y: str,
    x: str,
    x_title: str,
    x_format: str | None = None,
    tooltip: Sequence[tuple[str, str]] = (),
) -> None:
    """A bar chart coloured by hub × cluster state (column ``state`` holds the labels)."""
    chart = charts.state_chart(
        data, y=y, x=x, x_title=x_title, lang=common.lang(), x_format=_grouped(x_format), tooltip=tooltip
    )
    st.altair_chart(_localised(chart), width="stretch")


def hub_metrics(result: CoverageResult, hub_id: str, *, per_row: int = 4) -> dict[str, float]:
    """The key figures of a hub area as ``st.metric``s; returns them."""
    lg = common.lang()
    s = cmap_tables.hub_summary(result, hub_id)
    if not s:
        return s
    metrics(cmap_tables.hub_figures(s, lg), per_row=per_row)
    return s
