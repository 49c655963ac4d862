"""The recommendations view of the planner: its controls (kept in the URL), solving the
recommendation with its steps in a status box, and showing it: figures, the proposed
sites, a map, the explanations, and a button that makes a scenario of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

import pandas as pd
import streamlit as st

from klyngekort.core.coverage import CoverageParams
from klyngekort.core.model import Dataset
from klyngekort.core.periods import Period
from klyngekort.core.selection import cluster_labels
from klyngekort.geo.cache import GeoLayers
from klyngekort.planning import cluster as planning
from klyngekort.planning.problem import PlanResult
from klyngekort.present.comparison import (
    recommendation_map,
    render_comparison_map,
    site_gains_table,
    unreachable_table,
)
from klyngekort.present.i18n import Lang, fmt_number, fmt_pct, t
from klyngekort.scenarios.recommend import recommendation_changes
from klyngekort.scenarios.store import ScenarioStore
from klyngekort.ui import common
from klyngekort.ui import coverage as cu
from klyngekort.ui import state as app_state
from klyngekort.ui.planner.helpers import lang, md, municipality_labels, show_issues, slug, unique_name, words
from klyngekort.ui.planner.state import create_and_go

MAX_K = 5


class _PlanOptions(TypedDict):
    """The keyword arguments both recommendation runs share."""

    period: Period
    candidates: planning.CandidateMode
    include_unknown_status: bool
    extra_candidate_kommunekoder: tuple[str, ...]


@dataclass(frozen=True)
class _Controls:
    """What the recommendation controls ask for (also kept in the URL)."""

    cluster: str
    k: int
    candidates: planning.CandidateMode
    extra: list[str]
    reach_all: bool
    target: int
    run_best: bool
    run_fewest: bool
    q_target: str | None

    @property
    def extra_candidates(self) -> tuple[str, ...]:
        return tuple(self.extra) if self.candidates == "hubs" else ()


# --------------------------------------------------------------------------- controls


def recommend_view(
    st_: ScenarioStore,
    ds: Dataset,
    layers: GeoLayers,
    ctl: cu.Controls,
    period: Period,
    unknown: bool,
    author: str,
) -> None:
    lg = lang()
    params = ctl.params()
    c = _controls(ds, lg)
    # The recommendation shown is kept in the URL (``rec`` = best/fewest, with the controls'
    # parameters), so a reload or a copied link solves the same problem again and shows it.
    mode = _mode(c)
    spec = (
        ds.revision,
        mode,
        c.cluster,
        c.k if mode == "best" else None,
        (None if c.reach_all else c.target) if mode == "fewest" else None,
        c.candidates,
        c.extra_candidates,
        (params.mode, params.radius_km, params.minutes, ctl.tt_key if params.uses_travel_times else ""),
        period.key,
        unknown,
    )
    rec = st.session_state.get("pl_rec")
    # a link in minutes waits for its travel-time table (a new session has none) instead of
    # answering in km; the link keeps ``rec``, so the answer comes once the table is loaded
    waits = app_state.qp_get("crit") == "min" and not params.uses_travel_times
    stale = rec is None or rec.get("spec") != spec
    if mode and (c.run_best or c.run_fewest or (stale and not waits)):
        kwargs: _PlanOptions = {
            "period": period,
            "candidates": c.candidates,
            "include_unknown_status": unknown,
            "extra_candidate_kommunekoder": c.extra_candidates,
        }
        target_share = None if c.reach_all else c.target / 100
        rec = solve_recommendation(ds, layers, c.cluster, mode, c.k, target_share, params, spec, kwargs)
        st.session_state["pl_rec"] = rec
    common.qp_set("rec", mode or None)
    if not mode or rec is None or rec.get("spec") != spec:
        st.session_state.pop("pl_rec", None)
        st.caption(t("pl_rec_intro", lg))
        return
    show_recommendation(st_, ds, layers, rec, author)


def _controls(ds: Dataset, lg: Lang) -> _Controls:
    """The cluster, k, candidates, extra municipalities and target, each read from and
    written to the URL; and the two run buttons."""
    clusters = cluster_labels(ds)
    ids = list(clusters)
    q_cluster = app_state.choice("cluster", ids, ids[0], clusters.__getitem__)
    c1, c2, c3 = st.columns([2, 1, 1])
    cid = c1.selectbox(
        t("f_cluster", lg),
        ids,
        index=ids.index(q_cluster),
        format_func=lambda c: clusters[c],
        key="pl_rec_cluster",
    )
    common.qp_set("cluster", cid)
    k0 = common.qp_number("k", 2, 1, MAX_K, integer=True)
    k = c2.slider(t("pl_k", lg), 1, MAX_K, k0, key="pl_rec_k")
    common.qp_set("k", str(k), "2")
    modes = list(planning.CANDIDATE_MODES)
    cand0 = app_state.choice("cand", modes, "hubs", lambda m: t(f"pl_cand_{m}", lg))
    cand = c3.radio(
        t("pl_candidates", lg),
        modes,
        index=modes.index(cand0),
        format_func=lambda m: t(f"pl_cand_{m}", lg),
        key=app_state.widget_key("pl_rec_cand"),
    )
    common.qp_set("cand", cand, "hubs")
    extra = _extra_candidates(ds, cand, lg)
    c1, c2, c3 = st.columns([1, 1, 2])
    run_best = c1.button(
        t("pl_run_best", lg, k=k), key="pl_run_best", type="primary", icon=":material/insights:"
    )
    q_target = app_state.qp_get("target")
    with c3:
        reach_all = st.checkbox(t("pl_target_all", lg), value=q_target == "all", key="pl_rec_all")
        target0 = 75 if q_target == "all" else common.qp_number("target", 75, 10, 100, integer=True, unit="%")
        target = st.slider(
            t("pl_target", lg),
            10,
            100,
            int(round(target0 / 5) * 5),
            step=5,
            format="%d %%",
            key="pl_rec_target",
            disabled=reach_all,
        )
    run_few = c2.button(t("pl_run_fewest", lg), key="pl_run_fewest", icon=":material/target:")
    return _Controls(cid, k, cand, extra, reach_all, target, run_best, run_few, q_target)


def _extra_candidates(ds: Dataset, cand: str, lg: Lang) -> list[str]:
    """Municipality centres the planner may also choose (with the hubs as candidates)."""
    munis = municipality_labels(ds)
    q_extra = app_state.choices("extra", list(munis), all_text=t("pl_extra_placeholder", lg))
    extra = st.multiselect(
        t("pl_extra_candidates", lg),
        list(munis),
        default=q_extra,
        format_func=lambda c: munis[c],
        key="pl_rec_extra",
        disabled=cand == "all",
        placeholder=t("pl_extra_placeholder", lg),
        select_all=False,
    )
    common.qp_set("extra", ",".join(extra) if cand == "hubs" else None)
    return extra


def _mode(c: _Controls) -> str:
    """``best``, ``fewest`` (a button pressed, else the link's ``rec``) or ``""``; the
    target goes into the URL with ``fewest`` only."""
    mode = (
        "best"
        if c.run_best
        else "fewest"
        if c.run_fewest
        else app_state.choice("rec", ("best", "fewest"), "")
    )
    if mode == "fewest":
        common.qp_set("target", "all" if c.reach_all else str(c.target), "75")
    elif c.q_target is not None:
        common.qp_set("target", None)
    return mode


# --------------------------------------------------------------------------- solving


def solve_recommendation(
    ds: Dataset,
    layers: GeoLayers,
    cid: str,
    mode: str,
    k: int,
    target: float | None,
    params: CoverageParams,
    spec: tuple[Any, ...],
    kwargs: _PlanOptions,
) -> dict[str, Any]:
    """Solve the recommendation ``mode`` (``best``: the ``k`` best sites; ``fewest``: the fewest
    sites that reach ``target``, ``None`` = everyone) with the steps shown in a status box."""
    lg = lang()
    clusters = cluster_labels(ds)
    with st.status(t("pl_solving", lg), expanded=True) as status:
        st.write(t("pl_step_problem", lg, cluster=md(clusters.get(cid, cid))))
        if mode == "best":
            out = planning.plan_for_cluster(ds, layers.municipalities, cid, k, params, **kwargs)
        else:
            out = planning.fewest_sites_for_cluster(ds, layers.municipalities, cid, target, params, **kwargs)
        if out.input.problem is not None:
            st.write(t("pl_step_size", lg, n=out.input.problem.n_demand, m=out.input.problem.n_candidates))
        if out.result is not None:
            st.write(
                t(
                    "pl_step_solved",
                    lg,
                    status=t(f"pl_status_{out.result.solver_status}", lg),
                    s=fmt_number(out.result.elapsed_s, lg, 2),
                )
            )
        status.update(
            label=t("pl_solved" if out.result is not None else "pl_not_solved", lg),
            state="complete" if out.ok else "error",
            expanded=False,
        )
    return {
        "outcome": out,
        "params": params,
        "period": kwargs["period"].key,
        "cluster": cid,
        "candidates": kwargs["candidates"],
        "ds": ds.revision,
        "spec": spec,
    }


# --------------------------------------------------------------------------- showing it


def rec_name(cluster: str, n: int, params: CoverageParams, lg: Lang) -> str:
    """The name of a scenario made from a recommendation: ``Anbefaling: X, 2 placering(er), 40 km``
    (``45 min`` with travel times)."""
    if params.uses_travel_times:
        mins = fmt_number(params.minutes, lg)
        return (
            t("pl_rec_name", lg, cluster=cluster, n=n, radius=mins).removesuffix(f"{mins} km") + f"{mins} min"
        )
    return t("pl_rec_name", lg, cluster=cluster, n=n, radius=fmt_number(params.radius_km, lg))


def _reason_texts(reasons: tuple[str, ...], lg: Lang) -> list[str]:
    return [t(f"pl_reason_{r}", lg) for r in reasons if f"pl_reason_{r}" in _known_reasons()]


def _known_reasons() -> set[str]:
    from klyngekort.present.i18n import TEXTS

    return {k for k in TEXTS if k.startswith("pl_reason_")}


def _objective_text(r: PlanResult, lg: Lang) -> str:
    """What was asked: the ``k`` best sites, or the fewest that reach the target."""
    if r.objective == "best_k":
        return t("pl_obj_best", lg, k=r.k)
    target = fmt_pct(r.target_share, lg, 0) if r.target_share is not None else t("pl_target_all_short", lg)
    return t("pl_obj_fewest", lg, target=target)


def show_recommendation(
    st_: ScenarioStore, ds: Dataset, layers: GeoLayers, rec: dict[str, Any], author: str
) -> None:
    lg = lang()
    out: planning.PlanOutcome = rec["outcome"]
    cname = cluster_labels(ds).get(out.cluster_id, out.cluster_id)
    errors = [i for i in out.issues if i.severity == "error"]
    if errors or out.result is None:
        show_issues(out.issues)
        return
    r = out.result
    objective = _objective_text(r, lg)
    st.markdown(f"### {t('pl_rec_title', lg, cluster=md(cname))}")
    params: CoverageParams = rec["params"]
    st.caption(
        f"{objective} · {cu.reach_text(params, lg)} · {t('period', lg)} {rec['period'].replace('-', '–')} · "
        f"{t('pl_cand_' + rec['candidates'], lg)}"
    )
    warn = [i for i in out.issues if i.severity == "warning"]
    if warn:
        show_issues(warn)
    _result_metrics(r, lg)
    _sites(out, cname, lg)
    st.markdown(f"### {t('pl_rec_map', lg)}")
    content = common.per_view(
        "recommendation_map",
        (ds.revision, rec["spec"], lg, layers.attribution),
        lambda: recommendation_map(out, ds, layers.display, lang=lg, attribution=layers.attribution),
    )
    common.show_map(render_comparison_map(content), key="pl_rec_map", height=560)
    st.caption(layers.attribution)
    _explanations(out, lg)
    if r.chosen:
        _make_scenario_button(st_, out, rec, cname, objective, author, lg)


def _result_metrics(r: PlanResult, lg: Lang) -> None:
    """Share before and after, people gained, the solver's status."""
    c = st.columns(4)
    c[0].metric(t("pl_share_before", lg), fmt_pct(r.share_before, lg))
    c[1].metric(
        t("pl_share_after", lg),
        fmt_pct(r.share_after, lg),
        delta=t("unit_pp", lg, value=f"+{fmt_number((r.share_after - r.share_before) * 100, lg, 1)}")
        if r.gain > 0
        else None,
    )
    c[2].metric(t("pl_pop_gain", lg), fmt_number(r.gain, lg))
    c[3].metric(
        t("pl_solver_status", lg),
        t(f"pl_status_{r.solver_status}", lg),
        help=t("pl_solver_help", lg, s=fmt_number(r.elapsed_s, lg, 2)),
    )


def _sites(out: planning.PlanOutcome, cname: str, lg: Lang) -> None:
    """The proposed sites in the order chosen, with what each adds (and its downloads)."""
    sites = site_gains_table(out)
    if sites.empty:
        st.info(t("pl_no_sites", lg))
        return
    kinds = {
        "head_office": t("kind_head_office", lg),
        "branch": t("kind_branch", lg),
        "municipality": t("pl_kind_municipality", lg),
    }
    view = pd.DataFrame(
        {
            "#": sites["rank"],
            t("pl_col_site", lg): sites["name"],
            t("f_kind", lg): sites["kind"].map(lambda k: kinds.get(k, k)),
            t("f_kommune", lg): sites["kommune"],
            t("pl_col_gain", lg): sites["added_weight"],
            t("pl_col_share_after", lg): sites["share_after"],
            t("pl_col_new_munis", lg): sites["newly_covered_names"],
            "id": sites["candidate_id"],
        }
    )
    rec_kinds = {t("pl_col_gain", lg): "int", t("pl_col_share_after", lg): "pct", "#": "int"}
    common.show_dataframe(view, rec_kinds, pinned=[t("pl_col_site", lg)])
    common.downloads(
        view, f"klyngekort-anbefaling-{slug(cname)}", key="pl_dl_rec", sheet="anbefaling", kinds=rec_kinds
    )


def _explanations(out: planning.PlanOutcome, lg: Lang) -> None:
    """Why the answer is what it is: the reasons, the unreachable municipalities, notes."""
    assert out.result is not None
    r = out.result
    reasons = _reason_texts(r.reasons, lg)
    unreach = unreachable_table(out)
    if not (reasons or r.notes or not unreach.empty):
        return
    with st.container(border=True):
        st.markdown(f"**{t('pl_explanations', lg)}**")
        for text in reasons:
            st.markdown(f"- {text}")
        if not unreach.empty:
            _unreachable(unreach, lg)
        for note in r.notes:
            st.caption(md(words(note)))


def _unreachable(unreach: pd.DataFrame, lg: Lang) -> None:
    """The municipalities no candidate reaches, with their inhabitants."""
    st.markdown(t("pl_unreachable", lg, n=len(unreach), pop=fmt_number(float(unreach["weight"].sum()), lg)))
    inhabitants = t("pl_inhabitants", lg).capitalize()
    common.show_dataframe(
        pd.DataFrame(
            {
                t("f_kommune", lg): unreach["kommune"],
                t("pl_code", lg): unreach["kommunekode"],
                inhabitants: unreach["weight"],
            }
        ),
        {inhabitants: "int"},
        height=min(36 + 35 * len(unreach), 260),
    )
    st.caption(t("pl_unreachable_hint", lg))


def _make_scenario_button(
    st_: ScenarioStore,
    out: planning.PlanOutcome,
    rec: dict[str, Any],
    cname: str,
    objective: str,
    author: str,
    lg: Lang,
) -> None:
    """A button that saves the recommendation as a new scenario and shows it before/after."""
    assert out.result is not None
    r = out.result
    changes = recommendation_changes(out)
    if not st.button(
        t("pl_make_scenario", lg), key="pl_make_scenario", type="primary", icon=":material/add_circle:"
    ):
        return
    base = rec_name(cname, len(changes), rec["params"], lg)
    desc = t(
        "pl_rec_desc",
        lg,
        objective=objective,
        period=rec["period"],
        before=fmt_pct(r.share_before, lg),
        after=fmt_pct(r.share_after, lg),
        status=t(f"pl_status_{r.solver_status}", lg),
    )
    create_and_go(
        lambda: st_.create(unique_name(st_, base), author=author, description=desc, changes=changes),
        "pl_rec_created",
        "compare",
    )
