"""Presentations from the app: the download buttons every page has for its current view
("Hent billede (PNG/SVG/PDF)", "Hent præsentation (PPTX)", the hub report) and presentation
mode (``?present=1``): the views of the deck full-screen for a projector, no sidebar, stepped
through with the arrow keys or the buttons, the step kept in the link (``pv``), so it can be shared.

The files are made by :mod:`klyngekort.present.static_map`, :mod:`klyngekort.present.deck` and
:mod:`klyngekort.present.report` only when a button is clicked (deferred generation).
"""

from __future__ import annotations

import html
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from klyngekort.core.coverage import DEFAULT_RADIUS_KM, RADIUS_MAX_KM, RADIUS_MIN_KM, CoverageParams
from klyngekort.core.model import Dataset
from klyngekort.core.periods import Period, period_for
from klyngekort.core.selection import Selection, distinct_areas, hub_labels
from klyngekort.geo.cache import GeoLayers
from klyngekort.present import static_map as sm
from klyngekort.present.i18n import t
from klyngekort.present.views import ViewRequest
from klyngekort.ui import common

IMAGE_FORMATS = ("png", "svg", "pdf")


def is_presenting() -> bool:
    return common.qp_get("present") == "1"


def present_url(view: str | None = None) -> str:
    """The current address with ``present=1`` (and the view to start at)."""
    params = {k: st.query_params.get(k) for k in st.query_params}
    params["present"] = "1"
    if view:
        params["pv"] = view
    return "?" + urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})


# --------------------------------------------------------------------------- downloads


@dataclass
class PageView:
    """What a page shows, for its downloads and for presentation mode."""

    kind: str  # "national", "coverage", "hub", "cluster", "scenario"
    request: ViewRequest
    spec: Callable[[], sm.StaticMapSpec]  # the static map of the view (built on click)
    name: str  # file name stem
    hub: str | None = None
    cmp: Any = None  # ScenarioComparison for the scenario view


def request_of(
    sel: Selection, params: CoverageParams | None = None, hubs: tuple[str, ...] = ()
) -> ViewRequest:
    return ViewRequest(
        period=sel.period,
        clusters=tuple(sel.clusters),
        areas=tuple(sel.areas),
        hubs=hubs or ((sel.hub_id,) if sel.hub_id else ()),
        include_unknown_status=bool(sel.include_unknown_status),
        params=params or CoverageParams(),
    )


def downloads(ds: Dataset, layers: GeoLayers, view: PageView, *, key: str) -> None:
    """The image, deck (and on a hub's page, report) downloads and the presentation link."""
    lg = common.lang()
    c1, c2, c3, c4 = st.columns([1.25, 1.1, 1.0, 1.0])
    with c1.popover(t("ui_download_image", lg), icon=":material/image:", width="stretch"):
        fmt = st.radio(
            t("ui_image_format", lg),
            IMAGE_FORMATS,
            horizontal=True,
            key=f"{key}_fmt",
            format_func=str.upper,
        )
        size = st.radio(
            t("ui_image_size", lg),
            sm.SIZES,
            horizontal=True,
            key=f"{key}_size",
            format_func=lambda s: t(f"ui_size_{s}", lg),
        )
        st.download_button(
            t("ui_download_image_button", lg, fmt=fmt.upper()),
            lambda: sm.render_bytes(view.spec(), layers, fmt=fmt, size=size),
            file_name=f"{view.name}-{size}.{fmt}",
            mime=sm.MIMETYPES[fmt],
            key=f"{key}_img",
            on_click="ignore",
            width="stretch",
        )
    c2.download_button(
        t("ui_download_deck", lg),
        lambda: _deck(ds, layers, view, lg),
        file_name=f"{view.name}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key=f"{key}_pptx",
        on_click="ignore",
        icon=":material/slideshow:",
        width="stretch",
    )
    if view.hub:
        c3.download_button(
            t("ui_download_report", lg),
            lambda: _report(ds, layers, view, lg),
            file_name=f"klyngekort-rapport-{view.hub.lower()}.pdf",
            mime="application/pdf",
            key=f"{key}_report",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
            width="stretch",
        )
    c4.link_button(
        t("ui_present", lg), present_url(view.kind), icon=":material/present_to_all:", width="stretch"
    )


def _deck(ds: Dataset, layers: GeoLayers, view: PageView, lg: Any) -> bytes:
    from klyngekort.present.deck import build_deck

    return build_deck(ds, layers, view.request, lang=lg, cmp=view.cmp)


def _report(ds: Dataset, layers: GeoLayers, view: PageView, lg: Any) -> bytes:
    from klyngekort.present.report import build_report

    assert view.hub is not None
    return build_report(ds, layers, view.request, view.hub, lang=lg)


# --------------------------------------------------------------------------- presentation mode

PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding: 0.6rem 1.2rem 0.4rem !important; max-width: 100% !important; }
.kk-present-source { font-size: 1.05rem; color: #52606d; }
.kk-present-step { font-size: 1.05rem; color: #52606d; text-align: center; }
</style>
"""

# Arrow keys click the buttons (the component's frame is same-origin with the app).
KEYS_JS = """
<script>
const doc = window.parent.document;
if (!doc.kkPresentKeys) {
  doc.kkPresentKeys = true;
  doc.addEventListener("keydown", function (e) {
    const tag = (e.target && e.target.tagName) || "";
    if (tag === "INPUT" || tag === "TEXTAREA") { return; }
    let key = null;
    if (e.key === "ArrowRight" || e.key === "PageDown" || e.key === " ") { key = "kk_present_next"; }
    if (e.key === "ArrowLeft" || e.key === "PageUp") { key = "kk_present_prev"; }
    if (!key) { return; }
    const btn = doc.querySelector(".st-key-" + key + " button");
    if (btn && !btn.disabled) { e.preventDefault(); btn.click(); }
  });
}
</script>
"""


def url_selection(ds: Dataset) -> Selection:
    """The page filters from the address bar (what the sidebar would show), without widgets."""
    default = common.default_period()
    raw = common.qp_get("period", default) or default
    try:
        period: Period = period_for(raw)
    except ValueError:
        period = period_for(default)
    known = set(ds.clusters["cluster_id"].astype(str))
    clusters = tuple(c for c in (common.qp_get("clusters", "") or "").split(",") if c in known)
    areas_all = set(distinct_areas(ds))
    areas = tuple(a for a in (common.qp_get("areas", "") or "").split("|") if a in areas_all)
    heads = set(hub_labels(ds, head_offices_only=True))
    hub = common.qp_get("hub")
    return Selection(
        period=period,
        clusters=clusters,
        areas=areas,
        hub_id=hub if hub in heads else None,
        include_unknown_status=common.qp_get("unknown", "1") == "1",
    )


def url_params() -> CoverageParams:
    """Mode and radius from the address bar (a travel-time table cannot be in a link: km are used)."""
    mode = common.qp_get("mode", "distance")
    radius = common.qp_number("radius", DEFAULT_RADIUS_KM, RADIUS_MIN_KM, RADIUS_MAX_KM, integer=True)
    return CoverageParams(mode="hub_area" if mode == "hub_area" else "distance", radius_km=float(radius))


def present_views(ds: Dataset, page: str) -> list[str]:
    """The views of the deck, in its order: national, coverage, one per hub, and the page's
    own cluster or scenario when it has one."""
    heads = list(hub_labels(ds, head_offices_only=True))
    hub = common.qp_get("hub")
    hubs = [hub] if hub in heads else heads
    views = ["national", "coverage"] + [f"hub:{h}" for h in hubs]
    cluster = common.qp_get("cluster")
    if page == "klynge" and cluster in set(ds.clusters["cluster_id"].astype(str)):
        views.append(f"cluster:{cluster}")
    if page == "planlaegning" and common.qp_get("scenario"):
        views.append("scenario")
    return views


def _start(views: list[str], page: str) -> int:
    raw = common.qp_get("pv", "") or ""
    if raw.isdigit() and 0 <= int(raw) < len(views):
        return int(raw)
    if raw in views:
        return views.index(raw)
    by_page = {"daekning": "coverage", "huller": "coverage", "sammenlign": "coverage", "erhvervshus": "hub:"}
    want = by_page.get(page, "national")
    hub = common.qp_get("hub")
    if want == "hub:" and hub:
        want = f"hub:{hub}"
    for i, v in enumerate(views):
        if v == want or (want == "hub:" and v.startswith("hub:")):
            return i
    if page == "klynge":
        return len(views) - 1 if views[-1].startswith("cluster:") else 0
    if page == "planlaegning" and views[-1] == "scenario":
        return len(views) - 1
    return 0


def _spec(
    ds: Dataset, layers: GeoLayers, view: str, sel: Selection, params: CoverageParams
) -> sm.StaticMapSpec:
    from klyngekort.present.views import coverage_for

    lg = common.lang()
    if view == "national":
        return sm.national_map(ds, layers, sel, lang=lg)
    result = coverage_for(
        ds,
        layers,
        sel.period,
        clusters=sel.clusters if not view.startswith("cluster:") else (view.split(":", 1)[1],),
        areas=sel.areas if not view.startswith("cluster:") else (),
        params=params,
        include_unknown_status=bool(sel.include_unknown_status),
    )
    indicator = common.qp_get("ind", "clusters_present") or "clusters_present"
    if indicator not in ("clusters_present", "nearest_km", "clusters_missing"):
        indicator = "clusters_present"
    if view.startswith("hub:"):
        return sm.hub_map(
            ds, layers, result, view.split(":", 1)[1], indicator=indicator, lang=lg, period=sel.period
        )
    if view.startswith("cluster:"):
        return sm.cluster_map(ds, layers, result, view.split(":", 1)[1], lang=lg, period=sel.period)
    if view == "scenario":
        from klyngekort.scenarios.compare import compare_scenario
        from klyngekort.ui import planner

        store = planner.store()
        if store is not None:
            from klyngekort.scenarios.store import ScenarioStoreError

            try:
                scen = store.get(common.qp_get("scenario", "") or "")
            except ScenarioStoreError:  # a stale link: show the coverage instead, and say so
                st.warning(t("ui_present_no_scenario", lg))
            else:
                cmp = compare_scenario(
                    ds,
                    layers.municipalities,
                    scen,
                    params,
                    period=sel.period,
                    include_unknown_status=bool(sel.include_unknown_status),
                )
                return sm.scenario_map(cmp, ds, layers, lang=lg)
    return sm.coverage_map(
        ds, layers, result, indicator=indicator, lang=lg, focus_hub=sel.hub_id, period=sel.period
    )


@st.cache_data(show_spinner=False, max_entries=32)
def _png(
    _ds: Dataset,
    _layers: GeoLayers,
    ds_key: str,
    layers_key: str,
    view: str,
    sel: Selection,
    params: CoverageParams,
    lang: str,
    scenario: str,
    ind: str,
) -> tuple[bytes, str, str]:
    spec = _spec(_ds, _layers, view, sel, params)
    return sm.render_bytes(spec, _layers, fmt="png", size="slide"), spec.title, spec.subtitle


def run(page: str) -> None:
    """Presentation mode: the current view full-screen, the deck's views one step at a time."""
    lg = common.lang()
    st.html(PRESENT_CSS)
    state = common.load_current(common.qp_get("data", "public") or "public")
    layers = common.geo_layers()
    if state.dataset is None or layers is None:
        st.stop()
    ds = state.dataset
    sel = url_selection(ds)
    params = url_params()
    views = present_views(ds, page)
    step = _start(views, page)
    view = views[step]

    def go(i: int) -> None:
        st.query_params["pv"] = views[i]

    left, mid, right, end = st.columns([1, 3, 1, 1], vertical_alignment="center")
    left.button(
        t("ui_present_prev", lg),
        key="kk_present_prev",
        on_click=go,
        args=(max(0, step - 1),),
        disabled=step == 0,
        icon=":material/arrow_back:",
        width="stretch",
    )
    mid.markdown(
        f'<div class="kk-present-step">{html.escape(t("ui_present_step", lg, n=step + 1, total=len(views)))}'
        f" · {html.escape(t('ui_present_keys', lg))}</div>",
        unsafe_allow_html=True,
    )
    right.button(
        t("ui_present_next", lg),
        key="kk_present_next",
        on_click=go,
        args=(min(len(views) - 1, step + 1),),
        disabled=step == len(views) - 1,
        icon=":material/arrow_forward:",
        width="stretch",
    )
    exit_params = {k: st.query_params.get(k) for k in st.query_params if k not in ("present", "pv")}
    end.link_button(
        t("ui_present_exit", lg),
        "?" + urllib.parse.urlencode(exit_params),
        icon=":material/close:",
        width="stretch",
    )
    with st.spinner(t("ui_present_drawing", lg)):
        png, title, subtitle = _png(
            ds,
            layers,
            ds.revision,
            layers.source_hash,
            view,
            sel,
            params,
            lg,
            common.qp_get("scenario", "") or "",
            common.qp_get("ind", "") or "",
        )
    st.image(png, caption=None, width="stretch")  # title, legend, scale bar and source are in the image
    st.markdown(
        f'<div class="kk-present-source" role="note"><b>{html.escape(title)}</b> · {html.escape(subtitle)}<br>'
        f"{html.escape(sm.source_line(lg, sm.dataset_date(ds, lg)))}</div>",
        unsafe_allow_html=True,
    )
    if ds.is_example:
        st.warning(f"**{t('static_example_mark', lg)}** · {t('example_banner', lg)}", icon="⚠️")
    components.html(KEYS_JS, height=0)
