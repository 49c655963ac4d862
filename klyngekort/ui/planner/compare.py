"""The before/after view of the planner: the comparison of a draft with the data (cached),
its indicators, the per-cluster table, the two maps and the presentation downloads."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from klyngekort.core.coverage import CoverageParams
from klyngekort.core.model import Dataset
from klyngekort.core.periods import Period, period_for
from klyngekort.core.selection import cluster_labels
from klyngekort.geo.cache import GeoLayers
from klyngekort.present.comparison import (
    cluster_delta_view,
    comparison_map,
    format_indicator,
    indicators_view,
    render_comparison_map,
)
from klyngekort.present.i18n import Lang, t
from klyngekort.present.wording import describe_method
from klyngekort.scenarios import changes as scenarios
from klyngekort.scenarios.changes import Scenario
from klyngekort.scenarios.compare import ScenarioComparison, changes_clusters, compare_scenario
from klyngekort.ui import common
from klyngekort.ui import coverage as cu
from klyngekort.ui.planner.helpers import lang, md, show_issues, slug
from klyngekort.ui.planner.state import current_scenario, is_dirty

MAP_LAYOUTS = ("side", "before", "after")
#: The indicators shown as metrics above the table (the others are in the table only).
METRICS = ("population_any_share", "mean_cluster_share", "municipalities_none", "hub_pairs_present")


@st.cache_resource(show_spinner=False, max_entries=16)
def _compare(
    _ds: Dataset,
    _demand_df: pd.DataFrame,
    _scen: Scenario,
    _params: CoverageParams,
    ds_revision: str,
    scenario_key: str,
    period_key: str,
    radius: float,
    mode: str,
    minutes: float | None,
    tt_key: str,
    unknown: bool,
) -> ScenarioComparison:
    return compare_scenario(
        _ds,
        None,
        _scen,
        _params,
        period=period_for(period_key),
        include_unknown_status=unknown,
        demand=_demand_df,
    )


def comparison(
    ds: Dataset, layers: GeoLayers, scen: Scenario, ctl: cu.Controls, period: Period, unknown: bool
) -> ScenarioComparison:
    """Before/after for ``scen`` (cached on the dataset, the scenario's content and the
    coverage settings, the travel-time table by its hash)."""
    key = ds.revision
    demand = cu.cached_demand(ds, layers)
    params = ctl.params()
    # The cache key is what the result depends on: the name (it labels the issues) and the changes.
    content = json.dumps([scen.name, [scenarios.change_to_dict(c) for c in scen.changes]], ensure_ascii=False)
    return _compare(
        ds,
        demand,
        scen,
        params,
        key,
        content,
        period.key,
        float(params.radius_km),
        params.mode,
        params.minutes,
        ctl.tt_key if params.uses_travel_times else "",
        unknown,
    )


def delta_kinds(lg: Lang) -> dict[str, str]:
    """Number kinds of the per-cluster before/after table (screen and Excel)."""
    kinds = {t(f"cmp_c_{k}", lg): "int" for k in ("pop_before", "pop_after", "pop_new", "pop_lost")}
    kinds.update({t(f"cmp_c_{k}", lg): "int" for k in ("mun_new", "mun_lost")})
    kinds.update({t("cmp_c_share_before", lg): "pct", t("cmp_c_share_after", lg): "pct"})
    return kinds


def compare_view(
    ds: Dataset, layers: GeoLayers, d: dict[str, Any], ctl: cu.Controls, period: Period, unknown: bool
) -> None:
    lg = lang()
    scen = current_scenario(d)
    if is_dirty(d):
        st.caption(t("pl_compare_draft", lg))
    with st.spinner(t("pl_computing", lg)):
        cmp = comparison(ds, layers, scen, ctl, period, unknown)
    st.caption(describe_method(cmp.params, lg))
    show_issues(cmp.issues, title_key="pl_scenario_errors")
    if not scen.changes:
        st.info(t("pl_compare_empty", lg))
    _indicators(cmp, lg)
    _cluster_deltas(cmp, scen, lg)
    focus = _maps(ds, layers, d["id"], scen, cmp, lg)
    _present_downloads(ds, layers, ctl, period, unknown, scen, cmp, focus, lg)


def _indicators(cmp: ScenarioComparison, lg: Lang) -> None:
    """The headline indicators as metrics (after, with the change), then all in a table."""
    st.markdown(f"### {t('pl_indicators', lg)}")
    ind = cmp.indicators.set_index("indicator")
    cols = st.columns(len(METRICS))
    for col, key in zip(cols, METRICS, strict=True):
        r = ind.loc[key]
        col.metric(
            t(f"cmp_short_{key}", lg),
            format_indicator(r["after"], r["unit"], lg),
            delta=format_indicator(r["delta"], r["unit"], lg, signed=True) if r["delta"] != 0 else None,
            delta_color="inverse" if key == "municipalities_none" else "normal",
            help=f"{t(f'cmp_ind_{key}', lg)}. "
            + t("pl_before_was", lg, value=format_indicator(r["before"], r["unit"], lg)),
        )
    common.show_dataframe(indicators_view(cmp, lg), pinned=[t("cmp_col_indicator", lg)])


def _cluster_deltas(cmp: ScenarioComparison, scen: Scenario, lg: Lang) -> None:
    """The per-cluster before/after table (on screen optionally only the changed clusters)
    and its downloads (always all clusters)."""
    st.markdown(f"### {t('pl_delta', lg)}")
    only = st.toggle(t("pl_only_changed", lg), value=True, key="pl_only_changed")
    table = cluster_delta_view(cmp, lg, only_changed=only)
    if table.empty:
        st.caption(t("pl_no_delta", lg))
    else:
        common.show_dataframe(table, delta_kinds(lg), pinned=[t("cmp_c_cluster", lg)])
    common.downloads(
        cluster_delta_view(cmp, lg),
        f"klyngekort-scenarie-{slug(scen.name)}",
        key="pl_dl_delta",
        sheet="delta",
        kinds=delta_kinds(lg),
    )


def _map_controls(
    ds: Dataset, sid: str, scen: Scenario, cmp: ScenarioComparison, lg: Lang
) -> tuple[str, str]:
    """The focused cluster (``""`` = all; by default the one cluster the scenario changes)
    and the layout (side by side, before or after)."""
    names = cluster_labels(ds)
    focus_opts = ["", *cmp.before.core.cluster_ids]
    named = changes_clusters(scen)
    default_focus = named[0] if len(named) == 1 and named[0] in focus_opts else ""
    c1, c2 = st.columns([2, 3])
    focus = c1.selectbox(
        t("pl_map_focus", lg),
        focus_opts,
        index=focus_opts.index(default_focus),
        format_func=lambda c: names.get(c, c) if c else t("pl_all_clusters", lg),
        key=f"pl_focus_{sid}",
    )
    layout = (
        c2.segmented_control(
            t("pl_map_layout", lg),
            list(MAP_LAYOUTS),
            default="side",
            required=True,
            format_func=lambda v: t(f"pl_layout_{v}", lg),
            key="pl_map_layout",
        )
        or "side"
    )
    return focus, layout


def _changed_caption(cmp: ScenarioComparison, lg: Lang) -> None:
    """How many municipalities changed coverage, naming the first twelve."""
    n_changed = len(cmp.changed)
    changed_names = cmp.municipalities.loc[cmp.municipalities["changed"], "kommune"].tolist()
    shown = ", ".join(changed_names[:12]) + (
        f" {t('pl_and_more', lg, n=len(changed_names) - 12)}" if len(changed_names) > 12 else ""
    )
    st.caption(t("pl_changed_munis", lg, n=n_changed) + (f": {md(shown)}" if n_changed else ""))


def _maps(ds: Dataset, layers: GeoLayers, sid: str, scen: Scenario, cmp: ScenarioComparison, lg: Lang) -> str:
    """The before and/or after maps; returns the focused cluster (``""`` = all)."""
    st.markdown(f"### {t('pl_maps', lg)}")
    focus, layout = _map_controls(ds, sid, scen, cmp, lg)
    _changed_caption(cmp, lg)
    sides = ["before", "after"] if layout == "side" else [layout]
    side_cols = st.columns(len(sides))
    for col, side in zip(side_cols, sides, strict=True):
        with col:
            st.markdown(f"**{t('cmp_col_' + side, lg)}**")
            content = comparison_map(
                cmp, layers.display, side=side, focus=focus or None, lang=lg, attribution=layers.attribution
            )
            common.show_map(
                render_comparison_map(content),
                key=f"pl_map_{side}_{len(sides)}",
                height=470 if len(sides) == 2 else 640,
            )
    st.caption(layers.attribution)
    return focus


def _present_downloads(
    ds: Dataset,
    layers: GeoLayers,
    ctl: cu.Controls,
    period: Period,
    unknown: bool,
    scen: Scenario,
    cmp: ScenarioComparison,
    focus: str,
    lg: Lang,
) -> None:
    """The presentation downloads (map, report, slides) of the scenario view."""
    from klyngekort.core.selection import Selection
    from klyngekort.present import static_map as sm
    from klyngekort.ui import present

    present.downloads(
        ds,
        layers,
        present.PageView(
            "scenario",
            present.request_of(Selection(period=period, include_unknown_status=unknown), ctl.params()),
            lambda: sm.scenario_map(cmp, ds, layers, lang=lg, focus=focus or None),
            f"klyngekort-scenarie-{slug(scen.name)}",
            cmp=cmp,
        ),
        key="pl_present",
    )
