"""Browser steps of the "Planlægning" page shared by the planner tests (one app, and two
instances behind ``klyngekort serve``)."""

from __future__ import annotations

import re

from tests.conftest import settle, still
from tests.e2e.edit_steps import type_into

#: The expander that holds the form *New scenario* (the page is opened with ``?lang=en``).
NEW_SCENARIO = "New scenario or import"


def create_scenario(page, name: str, timeout: float = 90_000) -> None:
    """Create the scenario ``name`` on the planner page (opened in English) and wait until the
    page says so and has finished that run.

    The name box is found by its widget key (``pl_new_name``), not by the label "Name", which
    the scenario editor's own name field also has; and it is filled only once the page's first
    run has finished, so a rerun cannot redraw the form while the name is being typed.

    The expander is open when the store has no scenario. Whether it is open is read from its
    content's ``inert`` attribute (Streamlit sets it on a closed expander), not from whether the
    box is visible yet: while an open expander slides open, the box is not yet visible, and a
    click then closed it (1 failure in 4 repeat runs). Once open, the page is left to stop
    moving (:func:`tests.conftest.still`) before the name is typed and Create clicked."""
    from playwright.sync_api import expect

    expect(page.get_by_text(NEW_SCENARIO)).to_be_visible(timeout=timeout)
    settle(page, timeout=timeout)
    field = page.locator(".st-key-pl_new_name")
    content = page.get_by_test_id("stExpander").filter(has=field).get_by_test_id("stExpanderDetails")
    if content.get_attribute("inert") is not None:  # closed: open it
        page.get_by_text(NEW_SCENARIO).click()
    expect(content).not_to_have_attribute("inert", re.compile(".*"))
    still(page, timeout=timeout)  # an expander opened now draws its widgets now
    expect(field.get_by_role("textbox")).to_be_editable()
    type_into(field, name)
    page.get_by_role("button", name="Create", exact=True).click()
    expect(page.get_by_text("was created")).to_be_visible(timeout=60_000)
    settle(page, timeout=timeout)
