"""Streamlit glue for the planner page (``pages/planlaegning.py``): scenario management,
the change editor, before/after and recommendations.

Everything is thin: the work is done by :mod:`klyngekort.scenarios.store`,
:mod:`klyngekort.scenarios`, :mod:`klyngekort.scenarios.compare` and
:mod:`klyngekort.planning`. The modules:

* :mod:`~klyngekort.ui.planner.helpers`: the language, the store, escaping and formatting,
  file names and copy names, the sidebar controls;
* :mod:`~klyngekort.ui.planner.state`: session state and URL (selected scenario and view,
  switching, one-time messages), the drafts, and writes to the store;
* :mod:`~klyngekort.ui.planner.scenario`: create/import, header, conflict box, the change
  editor and managing a scenario;
* :mod:`~klyngekort.ui.planner.compare`: the before/after view;
* :mod:`~klyngekort.ui.planner.recommend`: the recommendations view.

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

from klyngekort.ui.planner.compare import compare_view
from klyngekort.ui.planner.helpers import sidebar_author, sidebar_coverage, store
from klyngekort.ui.planner.recommend import recommend_view
from klyngekort.ui.planner.scenario import conflict_box, create_and_import, editor, header, manage
from klyngekort.ui.planner.state import (
    VIEWS,
    apply_goto,
    check_newer,
    draft,
    init_view,
    select_scenario,
    show_flash,
)

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
    "init_view",
    "manage",
    "recommend_view",
    "select_scenario",
    "show_flash",
    "sidebar_author",
    "sidebar_coverage",
    "store",
]
