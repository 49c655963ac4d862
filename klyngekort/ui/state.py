"""The one app state: the choices that follow the user from page to page, kept in the URL.

The address bar is the state. Every sidebar control reads its value from a URL parameter
(:func:`qp_get`) and writes the value back (:func:`qp_set`), so a copied link shows the same
view. Streamlit clears the query string when the user changes page (the sidebar links and
``st.navigation``), so the values of the parameters in :data:`STICKY` are also remembered in
the session, and :func:`restore` (called by ``app.py`` before the page runs) puts them back in
the URL. The next page therefore opens with the period, dataset, hub, clusters, areas, reach
and language the user chose, and says so in its own link.

A value in a link that cannot be used (an unknown hub, a period that does not exist, a radius
that is not a number) is replaced, and :func:`report` says what was replaced, in a note under
the page title (never silently).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from klyngekort.present.i18n import DEFAULT_LANG, LANGS, Lang, t

#: URL parameters that follow the user across pages (the rest belong to one page).
STICKY: tuple[str, ...] = (
    "lang",
    "data",
    "period",
    "unknown",
    "clusters",
    "areas",
    "hub",
    "hubs",
    "cluster",
    "mode",
    "crit",
    "radius",
    "min",
)

S = TypeVar("S", bound=str)

_MEMORY = "app_state"  # {param: value or None (= the default)}
_NOTES = "app_state_notes"  # notes of this run: (param, raw value, what is shown instead)
_SLOT = "app_state_slot"  # where the notes are written (under the page title)
_RUN = "app_state_run"  # the run the notes belong to
_METHOD = "app_state_method"  # the method sentence of this run's figures


def _memory() -> dict[str, str | None]:
    mem = st.session_state.get(_MEMORY)
    if not isinstance(mem, dict):
        mem = {}
        st.session_state[_MEMORY] = mem
    return mem


def _new_run() -> None:
    """Start this run's notes, once per script run (the run is known by the context's
    cursor table, which Streamlit makes anew for every run)."""
    ctx = get_script_run_ctx()
    token = ctx.cursors if ctx is not None else None
    if token is None or st.session_state.get(_RUN) is not token:
        st.session_state[_RUN] = token
        st.session_state[_NOTES] = []
        st.session_state.pop(_SLOT, None)
        st.session_state.pop(_METHOD, None)


def restore() -> None:
    """At the top of every run (app.py, before the navigation, and again in the page
    preamble; it does its work once): put the remembered sticky values back into the URL
    where the URL has none (after a page change), and remember the ones the URL brings
    (a link that was opened)."""
    _new_run()
    mem = _memory()
    for name in STICKY:
        if name in st.query_params:
            mem[name] = st.query_params[name]
        elif mem.get(name) is not None:
            st.query_params[name] = str(mem[name])


def remembered() -> dict[str, str]:
    """The sticky values remembered for this session (for tests and the status line)."""
    return {k: v for k, v in _memory().items() if v is not None}


def qp_get(name: str, default: str | None = None) -> str | None:
    """The value of URL parameter ``name`` (``default`` when it is not in the link)."""
    return st.query_params.get(name, default)


def qp_set(name: str, value: str | None, default: str | None = None) -> None:
    """Keep a control's value in the URL (so a copied link reproduces the view); the default
    value is left out of the link. Sticky parameters are also remembered for the next page."""
    if value is None or value == default or value == "":
        if name in st.query_params:
            del st.query_params[name]
        value = None
    else:
        st.query_params[name] = value
    if name in STICKY:
        _memory()[name] = value


def lang() -> Lang:
    """The user's language: the switch in the sidebar, else the link's ``lang``, else Danish."""
    value = st.session_state.get("lang") or qp_get("lang", "da")
    return next((lg for lg in LANGS if lg == value), "da")


def widget_key(base: str) -> str:
    """The key of a widget whose options are labelled in the user's language: ``base`` in
    Danish, ``base_en`` in English. Streamlit keeps a radio's or selectbox's value as its
    label, so after a language switch the old label matches no option and the widget shows
    no selection; a new key gives a new widget, which starts from the link's value."""
    lg = lang()
    return base if lg == DEFAULT_LANG else f"{base}_{lg}"


def set_method(text: str) -> None:
    """The coverage method of this page's figures (for the first sheet of a download)."""
    st.session_state[_METHOD] = text


def method() -> str:
    return str(st.session_state.get(_METHOD, ""))


def _note_text(name: str, raw: object, shown: str, lg: Lang) -> str:
    from klyngekort.ui.common import md_escape

    raw_text = str(raw)
    if len(raw_text) > 80:
        raw_text = raw_text[:80] + "…"
    label_key = f"url_param_{name}"
    label = t(label_key, lg) if t(label_key, lg) != label_key else name
    return t("url_replaced", lg, param=md_escape(label), value=md_escape(raw_text), shown=md_escape(shown))


def report(name: str, raw: object, shown: str) -> None:
    """Say (once per run, under the page title) that the link's value ``raw`` of parameter
    ``name`` could not be used and that ``shown`` is shown instead."""
    _new_run()
    notes: list[tuple[str, str, str]] = st.session_state.setdefault(_NOTES, [])
    entry = (name, str(raw), shown)
    if entry in notes:
        return
    notes.append(entry)
    slot = st.session_state.get(_SLOT)
    if slot is not None:
        _write(slot, entry)


def notes() -> list[tuple[str, str, str]]:
    """This run's notes about replaced link values: (parameter, value in the link, shown)."""
    return list(st.session_state.get(_NOTES, []))


def _write(slot: Any, entry: tuple[str, str, str]) -> None:
    slot.warning(_note_text(*entry, lang()), icon=":material/link_off:")


def notes_slot() -> None:
    """Where the notes go: a container right under the page title (made by the page preamble).
    Notes reported before it existed are written now, later ones as they come."""
    slot = st.container()
    st.session_state[_SLOT] = slot
    for entry in st.session_state.get(_NOTES, []):
        _write(slot, entry)


def choice(name: str, options: Sequence[S], default: S, shown: Callable[[S], str] | None = None) -> S:
    """The link's value of ``name`` if it is one of ``options``; else ``default``, with a
    note when the link had another value. ``shown(value)`` labels the replacement."""
    raw = qp_get(name)
    if raw is None or raw == "":
        return default
    for option in options:
        if raw == option:
            return option
    report(name, raw, shown(default) if shown else default)
    return default


def choices(name: str, options: Sequence[str], sep: str = ",", all_text: str = "–") -> list[str]:
    """The known values of list parameter ``name`` (``a,b,c``); unknown ones are dropped
    with a note (``all_text`` names what an empty list shows)."""
    raw = qp_get(name, "") or ""
    parts = [p for p in raw.split(sep) if p != ""]
    known = [p for p in parts if p in options]
    unknown = [p for p in parts if p not in options]
    if unknown:
        report(name, sep.join(unknown), sep.join(known) if known else all_text)
    return known
