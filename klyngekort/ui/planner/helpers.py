"""Shared helpers of the planner page: the language, the scenario store, text escaping and
formatting, names for files and copies, and the sidebar controls."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

import streamlit as st

from klyngekort.core import config
from klyngekort.core.model import Dataset, Issue
from klyngekort.geo.cache import GeoLayers
from klyngekort.present.i18n import Lang, t
from klyngekort.scenarios import changes as scenarios
from klyngekort.scenarios.store import ScenarioStore, ScenarioStoreError
from klyngekort.ui import common
from klyngekort.ui import coverage as cu

#: Text from the data, the URL or the user, escaped for Streamlit markdown (shown as typed).
md = common.md_escape
words = common.words


def lang() -> Lang:
    return common.lang()


@st.cache_resource(show_spinner=False)
def _store(url: str) -> ScenarioStore:
    return ScenarioStore(url=url)  # an error is not cached: the next run tries again


def store() -> ScenarioStore | None:
    """The scenarios in the one store of the data, history and users
    (:func:`klyngekort.core.config.database_url`: ``$KLYNGEKORT_DATABASE_URL``, e.g. PostgreSQL,
    else the SQLite file ``$KLYNGEKORT_DB``); one per database URL in a process."""
    try:
        return _store(config.database_url())
    except ScenarioStoreError as e:
        st.error(f"**{t('pl_store_error', lang())}**\n\n{md(words(e))}")
        return None


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
