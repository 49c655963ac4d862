"""Streamlit glue for the planner page (``pages/planlaegning.py``): scenario management,
the change editor, before/after and recommendations.

Everything is thin: the work is done by :mod:`klyngekort.scenarios.store`,
:mod:`klyngekort.scenarios`, :mod:`klyngekort.scenarios.compare` and
:mod:`klyngekort.planning`.

Session state used here (all keys start with ``pl_``):

* ``pl_sid``: the selected scenario id. The selectbox itself has a key that changes
  with its labels (``pl_sid_w_<hash>``): the browser keeps showing an option's old label
  when only the label changes (a rename, a new change count), so a new list of labels
  gets a fresh widget. ``pl_goto_sid`` / ``pl_goto_view`` are set before a rerun to
  switch scenario or view, because a widget's state cannot be set after the widget has
  been drawn in the same run;
* ``pl_drafts``: per scenario id, the editing state ``{"id", "version", "stored",
  "name", "author", "description", "changes", "conflict"}``, where ``version`` is the
  version that was loaded. A save sends that version to the store, which refuses when
  someone saved in between (optimistic concurrency); ``conflict`` is then set and the
  draft is kept until the user reloads or saves it as a copy. Drafts survive switching
  between scenarios and views, so nothing typed is lost on the way;
* ``pl_flash``: one message to show after a rerun;
* ``pl_rec``: the last recommendation (outcome and the inputs it was computed for).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from datetime import datetime
from typing import Any, TypedDict

import pandas as pd
import streamlit as st

from klyngekort.core import config
from klyngekort.core.coverage import CoverageParams
from klyngekort.core.model import Dataset, Issue
from klyngekort.core.periods import Period, period_for
from klyngekort.core.schema import TIE_KINDS
from klyngekort.core.selection import cluster_labels, hub_labels
from klyngekort.geo.cache import GeoLayers
from klyngekort.planning import cluster as planning
from klyngekort.present.comparison import (
    cluster_delta_view,
    comparison_map,
    format_indicator,
    indicators_view,
    recommendation_map,
    render_comparison_map,
    site_gains_table,
    unreachable_table,
)
from klyngekort.present.i18n import Lang, fmt_number, fmt_pct, t
from klyngekort.present.wording import change_text, describe_method
from klyngekort.scenarios import changes as scenarios
from klyngekort.scenarios.changes import (
    TIE_ELEMENTS,
    AddCoLocation,
    AddSecondment,
    AddTie,
    RemoveSite,
    Scenario,
)
from klyngekort.scenarios.compare import (
    ScenarioComparison,
    changes_clusters,
    compare_scenario,
)
from klyngekort.scenarios.overlap import Overlap, duplicate_of, overlaps
from klyngekort.scenarios.recommend import recommendation_changes
from klyngekort.scenarios.store import (
    ConcurrentModificationError,
    ScenarioNotFoundError,
    ScenarioStore,
    ScenarioStoreError,
    ScenarioSummary,
)
from klyngekort.scenarios.validate import validate_changes
from klyngekort.ui import common
from klyngekort.ui import coverage as cu
from klyngekort.ui import state as app_state

VIEWS = ("scenario", "compare", "recommend")
CHANGE_KINDS = ("add_co_location", "add_secondment", "remove_site", "add_tie")
MAP_LAYOUTS = ("side", "before", "after")
MAX_K = 5


class _PlanOptions(TypedDict):
    """The keyword arguments both recommendation runs share."""

    period: Period
    candidates: planning.CandidateMode
    include_unknown_status: bool
    extra_candidate_kommunekoder: tuple[str, ...]


# --------------------------------------------------------------------------- small helpers


def lang() -> Lang:
    return common.lang()


def store() -> ScenarioStore | None:
    """The scenario store at :func:`klyngekort.core.config.scenario_db_path` (``$KLYNGEKORT_DB``)."""
    try:
        return ScenarioStore(config.scenario_db_path())
    except ScenarioStoreError as e:
        st.error(f"**{t('pl_store_error', lang())}**\n\n{md(words(e))}")
        return None


def flash(kind: str, text: str) -> None:
    """A message shown once, after the next rerun."""
    st.session_state.setdefault("pl_flash", []).append((kind, text))


def show_flash() -> None:
    for kind, text in st.session_state.pop("pl_flash", []):
        getattr(st, kind)(text)


def goto(sid: str | None = None, view: str | None = None) -> None:
    """Switch to scenario ``sid`` and/or ``view`` on the next run, then rerun."""
    if sid is not None:
        st.session_state["pl_goto_sid"] = sid
    if view is not None:
        st.session_state["pl_goto_view"] = view
    st.rerun()


def init_view() -> None:
    """The view (scenario, before/after, recommendations) from the link's ``view``, once."""
    key = app_state.widget_key("pl_view")
    if key not in st.session_state:
        st.session_state[key] = app_state.choice(
            "view", VIEWS, "scenario", lambda v: t(f"pl_view_{v}", lang())
        )


def apply_goto() -> None:
    """At the top of a run, before the widgets: carry out a pending :func:`goto`."""
    if "pl_goto_sid" in st.session_state:
        st.session_state["pl_sid"] = st.session_state.pop("pl_goto_sid")
        for key in [k for k in st.session_state if str(k).startswith("pl_sid_w_")]:
            del st.session_state[key]
    if "pl_goto_view" in st.session_state:
        st.session_state[app_state.widget_key("pl_view")] = st.session_state.pop("pl_goto_view")


def fmt_time(iso: str, lg: Lang) -> str:
    """``2025-03-01T12:00:00+00:00`` as ``01.03.2025 12:00 UTC`` (Danish) or ``2025-03-01 12:00 UTC``."""
    if not iso:
        return "–"
    try:
        d = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return d.strftime(t("fmt_datetime_utc", lg))


def show_issues(issues: list[Issue], *, title_key: str = "pl_issues") -> None:
    """Errors and warnings, one per line as ``file:line:field: message``."""
    lg = lang()
    errors = [i for i in issues if i.severity == "error"]
    warnings = [i for i in issues if i.severity == "warning"]
    if errors:
        st.error(t(title_key, lg, n=len(errors)))
        common.show_issue_lines(errors)
    if warnings:
        with st.expander(t("pl_warnings", lg, n=len(warnings)), expanded=not errors):
            common.show_issue_lines(warnings)


#: Text from the data, the URL or the user, escaped for Streamlit markdown (shown as typed).
md = common.md_escape
words = common.words


def slug(text: str) -> str:
    s = unicodedata.normalize(
        "NFKD",
        text.replace("æ", "ae")
        .replace("ø", "oe")
        .replace("å", "aa")
        .replace("Æ", "Ae")
        .replace("Ø", "Oe")
        .replace("Å", "Aa"),
    )
    s = re.sub(r"[^A-Za-z0-9]+", "-", s.encode("ascii", "ignore").decode()).strip("-").lower()
    return s[:60] or "scenarie"


def unique_name(st_: ScenarioStore, base: str) -> str:
    """``base``, or ``base (2)``, ``base (3)`` … when the name is taken (case-insensitive)."""
    taken = {scenarios.name_key(s.name) for s in st_.list()}
    name, n = base, 2
    while scenarios.name_key(name) in taken:
        name = f"{base} ({n})"
        n += 1
    return name


def municipality_labels(ds: Dataset) -> dict[str, str]:
    ha = ds.hub_areas.sort_values("kommune")
    return {str(r.kommunekode): f"{r.kommune} ({r.kommunekode})" for r in ha.itertuples()}


# --------------------------------------------------------------------------- sidebar


def sidebar_coverage(ds: Dataset, layers: GeoLayers) -> cu.Controls:
    """The coverage controls of the coverage pages (:func:`klyngekort.ui.coverage.sidebar_coverage`):
    mode, and reach in km or, with an uploaded travel-time table, in minutes."""
    ctl = cu.sidebar_coverage(ds, layers)
    cu.show_travel_problems(ctl)
    return ctl


def sidebar_author() -> str:
    """The user's name, used as author of new scenarios (kept for the session)."""
    return st.sidebar.text_input(t("pl_author_you", lang()), key="pl_author", max_chars=120).strip()


# --------------------------------------------------------------------------- cached computation


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


# --------------------------------------------------------------------------- scenario selection and draft


def select_scenario(st_: ScenarioStore, summaries: list[ScenarioSummary]) -> str:
    """The scenario selectbox (URL parameter ``scenario``); returns the id or ``""``."""
    lg = lang()
    ids = [s.id for s in summaries]
    by_id = {s.id: s for s in summaries}
    if "pl_sid" not in st.session_state:
        st.session_state["pl_sid"] = common.qp_get("scenario", "") or ""
    if st.session_state["pl_sid"] not in ids:
        wanted = st.session_state["pl_sid"]
        if wanted:
            st.warning(t("pl_not_found", lg, id=md(wanted)))
        st.session_state["pl_sid"] = ""

    def label(sid: str) -> str:
        if not sid:
            return t("pl_choose_none", lg)
        s = by_id[sid]
        lock = " 🔒" if s.read_only else ""
        return f"{s.name}{lock} · {t('pl_n_changes', lg, n=s.n_changes)}"

    options = ["", *ids]
    labels = {sid: label(sid) for sid in options}
    sig = hashlib.sha1("\x1f".join(f"{k}={v}" for k, v in labels.items()).encode("utf-8")).hexdigest()[:12]
    sid = (
        st.selectbox(
            t("pl_scenario", lg),
            options,
            index=options.index(st.session_state["pl_sid"]),
            format_func=labels.__getitem__,
            key=f"pl_sid_w_{sig}",
        )
        or ""
    )
    st.session_state["pl_sid"] = sid
    common.qp_set("scenario", sid or None)
    return sid


def _new_draft(stored: Scenario) -> dict[str, Any]:
    return {
        "id": stored.id,
        "version": stored.version,
        "stored": stored,
        "name": stored.name,
        "author": stored.author,
        "description": stored.description,
        "changes": list(stored.changes),
        "conflict": None,
    }


def draft(st_: ScenarioStore, sid: str) -> dict[str, Any] | None:
    """The editing state for ``sid`` (loaded from the store the first time). ``None``
    when the scenario is gone."""
    drafts = st.session_state.setdefault("pl_drafts", {})
    if sid in drafts:
        return drafts[sid]
    try:
        stored = st_.get(sid)
    except ScenarioNotFoundError as e:
        st.error(md(words(e)))
        return None
    drafts[sid] = _new_draft(stored)
    return drafts[sid]


def set_stored(stored: Scenario) -> dict[str, Any]:
    """Replace the draft of ``stored.id`` by the stored scenario (after a save or reload)."""
    d = _new_draft(stored)
    st.session_state.setdefault("pl_drafts", {})[stored.id] = d
    return d


def check_newer(d: dict[str, Any], summaries: list[ScenarioSummary]) -> None:
    """When someone else saved the scenario since it was loaded: reload it when nothing
    here is unsaved; otherwise flag the conflict now, before the user tries to save."""
    stored = next((s for s in summaries if s.id == d["id"]), None)
    if stored is None or stored.version == d["version"] or d.get("conflict"):
        return
    if is_dirty(d):
        d["conflict"] = {"stored": stored.version, "mine": d["version"]}
    else:
        st.session_state["pl_drafts"].pop(d["id"], None)
        flash("info", t("pl_newer_loaded", lang(), version=stored.version))
        st.rerun()


def reload_draft(st_: ScenarioStore, sid: str) -> None:
    st.session_state.setdefault("pl_drafts", {}).pop(sid, None)
    draft(st_, sid)


def meta_keys(d: dict[str, Any]) -> dict[str, str]:
    """Widget keys of the name/author/description fields: tied to the loaded version, so a
    reload shows the stored values again."""
    base = f"{d['id']}_{d['version']}"
    return {"name": f"pl_name_{base}", "author": f"pl_sauthor_{base}", "description": f"pl_desc_{base}"}


def current_scenario(d: dict[str, Any]) -> Scenario:
    """The draft as a scenario: the stored one with the edited fields and changes."""
    return dataclasses.replace(
        d["stored"],
        name=d["name"],
        author=d["author"],
        description=d["description"],
        changes=tuple(d["changes"]),
    )


def is_dirty(d: dict[str, Any]) -> bool:
    cur, stored = current_scenario(d), d["stored"]
    return (
        scenarios.normalize_text(cur.name) != stored.name
        or scenarios.normalize_text(cur.author) != stored.author
        or scenarios.normalize_text(cur.description, multiline=True) != stored.description
        or tuple(cur.changes) != tuple(stored.changes)
    )


# --------------------------------------------------------------------------- create / import


def create_and_import(st_: ScenarioStore, ds: Dataset, author: str, *, expanded: bool = False) -> None:
    lg = lang()
    with st.expander(t("pl_new_or_import", lg), expanded=expanded):
        c1, c2 = st.columns(2)
        with c1, st.form("pl_new_form", clear_on_submit=True, border=False):
            st.markdown(f"**{t('pl_new', lg)}**")
            name = st.text_input(t("pl_name", lg), key="pl_new_name", max_chars=scenarios.MAX_NAME_LENGTH)
            desc = st.text_area(t("pl_description", lg), key="pl_new_desc", height=80)
            if st.form_submit_button(t("pl_create", lg), type="primary", key="pl_create_btn"):
                try:
                    s = st_.create(name, author=author, description=desc)
                except ScenarioStoreError as e:
                    st.error(md(words(e)))
                else:
                    flash("success", t("pl_created", lg, name=md(s.name)))
                    goto(s.id, "scenario")
        with c2:
            st.markdown(f"**{t('pl_import', lg)}**")
            up = st.file_uploader(
                t("pl_import_file", lg), type=["json"], key="pl_upload", help=t("upload_help", lg)
            )
            if st.button(t("pl_import_button", lg), key="pl_import_btn", disabled=up is None):
                assert up is not None
                imported, issues = st_.import_json(up.getvalue(), up.name, ds)
                if imported is None:
                    st.error(t("pl_import_failed", lg))
                    common.show_issue_lines(issues)
                else:
                    flash("success", t("pl_imported", lg, name=md(imported.name)))
                    if issues:
                        flash(
                            "warning",
                            t("pl_import_warnings", lg)
                            + "\n\n"
                            + "\n".join(f"- {md(words(i))}" for i in issues),
                        )
                    goto(imported.id, "scenario")


# --------------------------------------------------------------------------- header, manage


def header(d: dict[str, Any]) -> None:
    lg = lang()
    s: Scenario = d["stored"]
    c1, c2 = st.columns([4, 1])
    c1.header(md(s.name), anchor=False)
    if s.read_only:
        with c2:
            st.badge(t("pl_read_only_badge", lg), icon=":material/lock:", color="orange")
    bits = [
        f"{t('pl_author', lg)}: {md(s.author) if s.author else t('unknown', lg)}",
        f"{t('pl_created_at', lg)}: {fmt_time(s.created_at, lg)}",
        f"{t('pl_updated_at', lg)}: {fmt_time(s.updated_at, lg)}",
        f"{t('pl_version', lg)} {s.version}",
    ]
    st.caption(" · ".join(bits))
    if s.description:
        st.text(s.description)


def conflict_box(st_: ScenarioStore, d: dict[str, Any], author: str) -> None:
    """After a refused save: say so, keep the draft, offer reload or save as a copy."""
    lg = lang()
    info = d.get("conflict")
    if not info:
        return
    st.error(t("pl_conflict", lg, stored=info["stored"], mine=info["mine"]), icon=":material/sync_problem:")
    c1, c2 = st.columns(2)
    if c1.button(t("pl_reload", lg), key="pl_reload", type="primary"):
        reload_draft(st_, d["id"])
        flash("info", t("pl_reloaded", lg))
        st.rerun()
    if c2.button(t("pl_save_as_copy", lg), key="pl_save_copy"):
        cur = current_scenario(d)
        try:
            s = st_.create(
                unique_name(st_, t("pl_copy_of", lg, name=cur.name)),
                author=author or cur.author,
                description=cur.description,
                changes=cur.changes,
            )
        except ScenarioStoreError as e:
            st.error(md(words(e)))
        else:
            flash("success", t("pl_saved_copy", lg, name=md(s.name)))
            goto(s.id, "scenario")


def save(st_: ScenarioStore, d: dict[str, Any]) -> None:
    lg = lang()
    cur = current_scenario(d)
    try:
        saved = st_.save(cur, expected_version=d["version"])
    except ConcurrentModificationError as e:
        d["conflict"] = {"stored": e.stored_version, "mine": e.expected_version}
        st.rerun()
    except ScenarioStoreError as e:
        st.error(md(words(e)))
        return
    set_stored(saved)
    flash("success", t("pl_saved", lg, version=saved.version))
    st.rerun()


def manage(st_: ScenarioStore, d: dict[str, Any], author: str) -> None:
    """Read-only switch, duplicate, delete, export."""
    lg = lang()
    s: Scenario = d["stored"]
    dirty = is_dirty(d)
    c1, c2, c3 = st.columns(3)
    with c1:
        st.markdown(f"**{t('pl_presentation', lg)}**")
        ro = st.toggle(
            t("pl_read_only", lg),
            value=s.read_only,
            key=f"pl_ro_{s.id}_{d['version']}",
            disabled=dirty,
            help=t("pl_read_only_help", lg),
        )
        if dirty:
            st.caption(t("pl_save_first", lg))
        if ro != s.read_only:
            try:
                st_.set_read_only(s.id, ro, expected_version=d["version"])
            except ConcurrentModificationError as e:
                d["conflict"] = {"stored": e.stored_version, "mine": e.expected_version}
                st.rerun()
            except ScenarioStoreError as e:
                st.error(md(words(e)))
            else:
                reload_draft(st_, s.id)
                flash("success", t("pl_locked" if ro else "pl_unlocked", lg))
                st.rerun()
        st.download_button(
            t("pl_export", lg),
            st_.export_json(s.id).encode("utf-8"),
            file_name=f"{slug(s.name)}.json",
            mime="application/json",
            key="pl_export",
            icon=":material/download:",
        )
        if dirty:
            st.caption(t("pl_export_saved_only", lg))
    with c2:
        st.markdown(f"**{t('pl_duplicate', lg)}**")
        new_name = st.text_input(
            t("pl_new_name", lg), value=t("pl_copy_of", lg, name=s.name), key=f"pl_dup_name_{s.id}"
        )
        if st.button(t("pl_duplicate_button", lg), key="pl_dup"):
            try:
                c = st_.duplicate(s.id, new_name, author=author or s.author)
            except ScenarioStoreError as e:
                st.error(md(words(e)))
            else:
                flash("success", t("pl_duplicated", lg, name=md(c.name)))
                goto(c.id, "scenario")
    with c3:
        st.markdown(f"**{t('pl_delete', lg)}**")
        sure = st.checkbox(t("pl_delete_confirm", lg), key=f"pl_del_ok_{s.id}", disabled=s.read_only)
        if st.button(t("pl_delete_button", lg), key="pl_del", disabled=s.read_only or not sure):
            try:
                st_.delete(s.id, expected_version=d["version"])
            except ConcurrentModificationError as e:
                d["conflict"] = {"stored": e.stored_version, "mine": e.expected_version}
                st.rerun()
            except ScenarioStoreError as e:
                st.error(md(words(e)))
            else:
                flash("success", t("pl_deleted", lg, name=md(s.name)))
                goto("", None)
        if s.read_only:
            st.caption(t("pl_delete_locked", lg))


# --------------------------------------------------------------------------- change editor


def overlap_text(o: Overlap, ds: Dataset, ch: Any) -> str:
    """Why change ``o.pos`` adds nothing, in the user's language."""
    lg = lang()
    if o.kind == "duplicate":
        return t("pl_change_same_as", lg, n=o.other)
    cluster = cluster_labels(ds).get(getattr(ch, "cluster_id", ""), getattr(ch, "cluster_id", ""))
    hub = hub_labels(ds).get(getattr(ch, "hub_id", ""), getattr(ch, "hub_id", ""))
    if o.other is None:
        return t("pl_overlap_data", lg, cluster=md(cluster), hub=md(hub))
    return t("pl_overlap_change", lg, cluster=md(cluster), hub=md(hub), n=o.other)


def editor(st_: ScenarioStore, ds: Dataset, d: dict[str, Any]) -> None:
    lg = lang()
    s: Scenario = d["stored"]
    locked = s.read_only
    if locked:
        st.info(t("pl_locked_info", lg), icon=":material/lock:")
    keys = meta_keys(d)
    c1, c2 = st.columns(2)
    d["name"] = c1.text_input(
        t("pl_name", lg),
        value=d["name"],
        key=keys["name"],
        disabled=locked,
        max_chars=scenarios.MAX_NAME_LENGTH,
    )
    d["author"] = c2.text_input(
        t("pl_author", lg), value=d["author"], key=keys["author"], disabled=locked, max_chars=120
    )
    d["description"] = st.text_area(
        t("pl_description", lg), value=d["description"], key=keys["description"], disabled=locked, height=80
    )

    st.markdown(f"**{t('pl_changes', lg)}**")
    changes = d["changes"]
    if not changes:
        st.caption(t("pl_no_changes", lg))
    issues = validate_changes(ds, changes, source=s.name)
    by_pos: dict[int, list[Issue]] = {}
    for i in issues:
        by_pos.setdefault(i.line or 0, []).append(i)
    overlapping = {o.pos: o for o in overlaps(ds, changes)}
    for pos, ch in enumerate(changes, start=1):
        row = st.container(border=True)
        a, b = row.columns([6, 1])
        a.markdown(f"{pos}\\. {md(change_text(ch, ds, lg))}")
        if pos in overlapping:
            a.info(overlap_text(overlapping[pos], ds, ch), icon=":material/join_inner:")
        for i in by_pos.get(pos, []):
            if pos in overlapping and i.severity == "warning" and i.field == "hub_id":
                continue  # the same finding, said in the user's language just above
            (a.error if i.severity == "error" else a.warning)(md(words(i.message)))
        if b.button(t("pl_remove", lg), key=f"pl_rm_{pos}", disabled=locked, icon=":material/delete:"):
            del changes[pos - 1]
            st.rerun()

    if not locked:
        add_change_form(ds, d)

    dirty = is_dirty(d)
    row = st.container(horizontal=True, vertical_alignment="center")
    if row.button(
        t("pl_save", lg), key="pl_save", type="primary", disabled=locked or not dirty, icon=":material/save:"
    ):
        save(st_, d)
    if row.button(t("pl_discard", lg), key="pl_discard", disabled=locked or not dirty):
        reload_draft(st_, d["id"])
        st.rerun()
    if dirty:
        row.warning(t("pl_unsaved", lg), icon=":material/edit:", width="stretch")


def add_change_form(ds: Dataset, d: dict[str, Any]) -> None:
    lg = lang()
    clusters = cluster_labels(ds)
    hubs = hub_labels(ds)
    with st.container(border=True):
        st.markdown(f"**{t('pl_add_change', lg)}**")
        kind = st.segmented_control(
            t("pl_change_kind", lg),
            list(CHANGE_KINDS),
            default=CHANGE_KINDS[0],
            format_func=lambda k: t(f"pl_kind_{k}", lg),
            key="pl_change_kind",
            required=True,
        )
        kind = kind or CHANGE_KINDS[0]
        with st.form("pl_change_form", border=False):
            change: Any = None
            if kind in ("add_co_location", "add_secondment", "add_tie"):
                c1, c2 = st.columns(2)
                cid = c1.selectbox(
                    t("f_cluster", lg), list(clusters), format_func=lambda c: clusters[c], key="pl_ch_cluster"
                )
                hid = c2.selectbox(
                    t("pl_hub_or_branch", lg), list(hubs), format_func=lambda h: hubs[h], key="pl_ch_hub"
                )
                persons = 1
                elems: dict[str, bool] = {}
                tie_kind = "cooperation_agreement"
                if kind == "add_secondment":
                    persons = int(
                        st.number_input(
                            t("f_persons", lg),
                            min_value=1,
                            max_value=100,
                            value=1,
                            step=1,
                            key="pl_ch_persons",
                        )
                    )
                if kind == "add_tie":
                    tie_kind = st.selectbox(
                        t("f_kind", lg),
                        list(TIE_KINDS),
                        index=list(TIE_KINDS).index(tie_kind),
                        format_func=lambda k: t(f"kind_{k}", lg),
                        key="pl_ch_tie_kind",
                    )
                    cols = st.columns(len(TIE_ELEMENTS))
                    for col, e in zip(cols, TIE_ELEMENTS, strict=True):
                        elems[e] = col.checkbox(t(f"pl_elem_{e}", lg), key=f"pl_ch_{e}")
                since = st.text_input(
                    t("pl_valid_from", lg),
                    key="pl_ch_from",
                    placeholder="2025-01",
                    help=t("pl_valid_from_help", lg),
                ).strip()
                if kind == "add_co_location":
                    change = AddCoLocation(cid, hid, since)
                elif kind == "add_secondment":
                    change = AddSecondment(cid, hid, persons, since)
                else:
                    change = AddTie(cid, hid, tie_kind=tie_kind, valid_from=since, **elems)
            else:
                removed = {c.site_id for c in d["changes"] if isinstance(c, RemoveSite)}
                sites = ds.sites[~ds.sites["site_id"].isin(removed)]
                labels = {
                    str(
                        r.site_id
                    ): f"{clusters.get(r.cluster_id, r.cluster_id)} · {t(f'kind_{r.kind}', lg)} · "
                    f"{r.town or t('unknown', lg)} ({r.site_id})"
                    for r in sites.sort_values(["cluster_id", "kind", "town"]).itertuples()
                }
                site = st.selectbox(
                    t("pl_site", lg), list(labels), format_func=lambda x: labels[x], key="pl_ch_site"
                )
                change = RemoveSite(site) if site else None
            if (
                st.form_submit_button(t("pl_add", lg), icon=":material/add:", key="pl_add_btn")
                and change is not None
            ):
                new = [*d["changes"], change]
                issues = [i for i in validate_changes(ds, new) if i.line == len(new)]
                errors = [i for i in issues if i.severity == "error"]
                same = duplicate_of(d["changes"], change)
                if same is not None:
                    # A scenario is a set of changes: the same change twice would count twice.
                    st.error(t("pl_change_duplicate", lg, n=same), icon=":material/content_copy:")
                elif errors:
                    st.error("\n\n".join(md(words(i.message)) for i in errors))
                else:
                    d["changes"].append(change)
                    found = [o for o in overlaps(ds, new) if o.pos == len(new)]
                    for o in found:
                        flash("info", overlap_text(o, ds, change))
                    for i in issues:
                        if found and i.severity == "warning" and i.field == "hub_id":
                            continue
                        flash("warning", md(words(i.message)))
                    st.rerun()


# --------------------------------------------------------------------------- before / after


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

    st.markdown(f"### {t('pl_indicators', lg)}")
    ind = cmp.indicators.set_index("indicator")
    cols = st.columns(4)
    for col, key in zip(
        cols,
        ["population_any_share", "mean_cluster_share", "municipalities_none", "hub_pairs_present"],
        strict=True,
    ):
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

    st.markdown(f"### {t('pl_maps', lg)}")
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
        key=f"pl_focus_{d['id']}",
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
    n_changed = len(cmp.changed)
    changed_names = cmp.municipalities.loc[cmp.municipalities["changed"], "kommune"].tolist()
    shown = ", ".join(changed_names[:12]) + (
        f" {t('pl_and_more', lg, n=len(changed_names) - 12)}" if len(changed_names) > 12 else ""
    )
    st.caption(t("pl_changed_munis", lg, n=n_changed) + (f": {md(shown)}" if n_changed else ""))
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


def delta_kinds(lg: Lang) -> dict[str, str]:
    """Number kinds of the per-cluster before/after table (screen and Excel)."""
    kinds = {t(f"cmp_c_{k}", lg): "int" for k in ("pop_before", "pop_after", "pop_new", "pop_lost")}
    kinds.update({t(f"cmp_c_{k}", lg): "int" for k in ("mun_new", "mun_lost")})
    kinds.update({t("cmp_c_share_before", lg): "pct", t("cmp_c_share_after", lg): "pct"})
    return kinds


# --------------------------------------------------------------------------- recommendations


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
    cand0 = app_state.choice("cand", list(planning.CANDIDATE_MODES), "hubs", lambda m: t(f"pl_cand_{m}", lg))
    cand = c3.radio(
        t("pl_candidates", lg),
        list(planning.CANDIDATE_MODES),
        index=list(planning.CANDIDATE_MODES).index(cand0),
        format_func=lambda m: t(f"pl_cand_{m}", lg),
        key=app_state.widget_key("pl_rec_cand"),
    )
    common.qp_set("cand", cand, "hubs")
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

    # The recommendation shown is kept in the URL (``rec`` = best/fewest, with the controls'
    # parameters), so a reload or a copied link solves the same problem again and shows it.
    mode = "best" if run_best else "fewest" if run_few else app_state.choice("rec", ("best", "fewest"), "")
    if mode == "fewest":
        common.qp_set("target", "all" if reach_all else str(target), "75")
    elif q_target is not None:
        common.qp_set("target", None)
    spec = (
        ds.revision,
        mode,
        cid,
        k if mode == "best" else None,
        (None if reach_all else target) if mode == "fewest" else None,
        cand,
        tuple(extra) if cand == "hubs" else (),
        (params.mode, params.radius_km, params.minutes, ctl.tt_key if params.uses_travel_times else ""),
        period.key,
        unknown,
    )
    rec = st.session_state.get("pl_rec")
    # a link in minutes waits for its travel-time table (a new session has none) instead of
    # answering in km; the link keeps ``rec``, so the answer comes once the table is loaded
    waits = app_state.qp_get("crit") == "min" and not params.uses_travel_times
    stale = rec is None or rec.get("spec") != spec
    if mode and (run_best or run_few or (stale and not waits)):
        kwargs: _PlanOptions = {
            "period": period,
            "candidates": cand,
            "include_unknown_status": unknown,
            "extra_candidate_kommunekoder": tuple(extra) if cand == "hubs" else (),
        }
        target_share = None if reach_all else target / 100
        rec = solve_recommendation(ds, layers, cid, mode, k, target_share, params, spec, kwargs)
        st.session_state["pl_rec"] = rec
    common.qp_set("rec", mode or None)
    if not mode or rec is None or rec.get("spec") != spec:
        st.session_state.pop("pl_rec", None)
        st.caption(t("pl_rec_intro", lg))
        return
    show_recommendation(st_, ds, layers, rec, author)


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


def show_recommendation(
    st_: ScenarioStore, ds: Dataset, layers: GeoLayers, rec: dict[str, Any], author: str
) -> None:
    lg = lang()
    out: planning.PlanOutcome = rec["outcome"]
    clusters = cluster_labels(ds)
    cname = clusters.get(out.cluster_id, out.cluster_id)
    errors = [i for i in out.issues if i.severity == "error"]
    if errors or out.result is None:
        show_issues(out.issues)
        return
    r = out.result
    objective = (
        t("pl_obj_best", lg, k=r.k)
        if r.objective == "best_k"
        else t(
            "pl_obj_fewest",
            lg,
            target=fmt_pct(r.target_share, lg, 0)
            if r.target_share is not None
            else t("pl_target_all_short", lg),
        )
    )
    st.markdown(f"### {t('pl_rec_title', lg, cluster=md(cname))}")
    params: CoverageParams = rec["params"]
    st.caption(
        f"{objective} · {cu.reach_text(params, lg)} · {t('period', lg)} {rec['period'].replace('-', '–')} · "
        f"{t('pl_cand_' + rec['candidates'], lg)}"
    )
    warn = [i for i in out.issues if i.severity == "warning"]
    if warn:
        show_issues(warn)
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

    sites = site_gains_table(out)
    if sites.empty:
        st.info(t("pl_no_sites", lg))
    else:
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

    st.markdown(f"### {t('pl_rec_map', lg)}")
    content = common.per_view(
        "recommendation_map",
        (ds.revision, rec["spec"], lg, layers.attribution),
        lambda: recommendation_map(out, ds, layers.display, lang=lg, attribution=layers.attribution),
    )
    common.show_map(render_comparison_map(content), key="pl_rec_map", height=560)
    st.caption(layers.attribution)

    reasons = _reason_texts(r.reasons, lg)
    unreach = unreachable_table(out)
    if reasons or r.notes or not unreach.empty:
        with st.container(border=True):
            st.markdown(f"**{t('pl_explanations', lg)}**")
            for text in reasons:
                st.markdown(f"- {text}")
            if not unreach.empty:
                st.markdown(
                    t(
                        "pl_unreachable",
                        lg,
                        n=len(unreach),
                        pop=fmt_number(float(unreach["weight"].sum()), lg),
                    )
                )
                common.show_dataframe(
                    pd.DataFrame(
                        {
                            t("f_kommune", lg): unreach["kommune"],
                            t("pl_code", lg): unreach["kommunekode"],
                            t("pl_inhabitants", lg).capitalize(): unreach["weight"],
                        }
                    ),
                    {t("pl_inhabitants", lg).capitalize(): "int"},
                    height=min(36 + 35 * len(unreach), 260),
                )
                st.caption(t("pl_unreachable_hint", lg))
            for note in r.notes:
                st.caption(md(words(note)))

    if r.chosen:
        changes = recommendation_changes(out)
        if st.button(
            t("pl_make_scenario", lg), key="pl_make_scenario", type="primary", icon=":material/add_circle:"
        ):
            base = rec_name(cname, len(changes), params, lg)
            desc = t(
                "pl_rec_desc",
                lg,
                objective=objective,
                period=rec["period"],
                before=fmt_pct(r.share_before, lg),
                after=fmt_pct(r.share_after, lg),
                status=t(f"pl_status_{r.solver_status}", lg),
            )
            try:
                s = st_.create(unique_name(st_, base), author=author, description=desc, changes=changes)
            except ScenarioStoreError as e:
                st.error(md(words(e)))
            else:
                flash("success", t("pl_rec_created", lg, name=md(s.name)))
                goto(s.id, "compare")


__all__ = [
    "VIEWS",
    "apply_goto",
    "check_newer",
    "compare_view",
    "conflict_box",
    "create_and_import",
    "draft",
    "editor",
    "header",
    "manage",
    "recommend_view",
    "select_scenario",
    "show_flash",
    "sidebar_author",
    "sidebar_coverage",
    "store",
]
