"""The planner's session state and its part of the URL: the selected scenario and view,
switching between them (:func:`goto`), one-time messages, the editing drafts, and writes
to the store that report a refusal the same way everywhere. The keys are listed in
:mod:`klyngekort.ui.planner`."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from klyngekort.present.i18n import t
from klyngekort.scenarios import changes as scenarios
from klyngekort.scenarios.changes import Scenario
from klyngekort.scenarios.store import (
    ConcurrentModificationError,
    ScenarioNotFoundError,
    ScenarioStore,
    ScenarioStoreError,
    ScenarioSummary,
)
from klyngekort.ui import common
from klyngekort.ui import state as app_state
from klyngekort.ui.planner.helpers import lang, md, words

VIEWS = ("scenario", "compare", "recommend")

T = TypeVar("T")


# --------------------------------------------------------------------------- messages, view switching


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


# --------------------------------------------------------------------------- scenario selection


def _wanted_sid(ids: list[str]) -> str:
    """The scenario asked for (session, else the link's ``scenario``); ``""`` with a
    warning when it is not in the store."""
    if "pl_sid" not in st.session_state:
        st.session_state["pl_sid"] = common.qp_get("scenario", "") or ""
    if st.session_state["pl_sid"] not in ids:
        wanted = st.session_state["pl_sid"]
        if wanted:
            st.warning(t("pl_not_found", lang(), id=md(wanted)))
        st.session_state["pl_sid"] = ""
    return str(st.session_state["pl_sid"])


def _scenario_labels(summaries: list[ScenarioSummary]) -> dict[str, str]:
    """The selectbox's labels, ``""`` (none chosen) first."""
    lg = lang()
    labels = {"": t("pl_choose_none", lg)}
    for s in summaries:
        lock = " 🔒" if s.read_only else ""
        labels[s.id] = f"{s.name}{lock} · {t('pl_n_changes', lg, n=s.n_changes)}"
    return labels


def select_scenario(st_: ScenarioStore, summaries: list[ScenarioSummary]) -> str:
    """The scenario selectbox (URL parameter ``scenario``); returns the id or ``""``."""
    current = _wanted_sid([s.id for s in summaries])
    labels = _scenario_labels(summaries)
    options = list(labels)
    sig = hashlib.sha1("\x1f".join(f"{k}={v}" for k, v in labels.items()).encode("utf-8")).hexdigest()[:12]
    sid = (
        st.selectbox(
            t("pl_scenario", lang()),
            options,
            index=options.index(current),
            format_func=labels.__getitem__,
            key=f"pl_sid_w_{sig}",
        )
        or ""
    )
    st.session_state["pl_sid"] = sid
    common.qp_set("scenario", sid or None)
    return sid


# --------------------------------------------------------------------------- drafts


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


# --------------------------------------------------------------------------- writes to the store


def write_draft(d: dict[str, Any], action: Callable[[], T]) -> T | None:
    """Run ``action``, a write of the scenario of draft ``d`` at its loaded version. A newer
    stored version flags the conflict on the draft and reruns (the conflict box then offers
    reload or a copy); another refusal is shown. ``None`` when the store refused."""
    try:
        return action()
    except ConcurrentModificationError as e:
        d["conflict"] = {"stored": e.stored_version, "mine": e.expected_version}
        st.rerun()
    except ScenarioStoreError as e:
        st.error(md(words(e)))
    return None


def create_and_go(make: Callable[[], Scenario], done_key: str, view: str) -> None:
    """Run ``make``, which creates a scenario; then say so (message ``done_key`` with its
    name) and switch to it in ``view``. A refusal of the store is shown instead."""
    try:
        s = make()
    except ScenarioStoreError as e:
        st.error(md(words(e)))
    else:
        flash("success", t(done_key, lang(), name=md(s.name)))
        goto(s.id, view)
