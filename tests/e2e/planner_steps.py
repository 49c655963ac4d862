"""Browser steps of the "Planlægning" page shared by the planner tests (one app, and two
instances behind ``klyngekort serve``)."""

from __future__ import annotations

from tests.conftest import settle
from tests.e2e.edit_steps import type_into

#: The expander that holds the form *New scenario* (the page is opened with ``?lang=en``).
NEW_SCENARIO = "New scenario or import"


def create_scenario(page, name: str, timeout: float = 90_000) -> None:
    """Create the scenario ``name`` on the planner page (opened in English) and wait until the
    page says so and has finished that run.

    The name box is found by its widget key (``pl_new_name``), not by the label "Name", which
    the scenario editor's own name field also has; and it is filled only once the page's first
    run has finished, so a rerun cannot redraw the form while the name is being typed (a fill
    during the first run once left the form empty, and "Create" made no scenario)."""
    from playwright.sync_api import expect

    expect(page.get_by_text(NEW_SCENARIO)).to_be_visible(timeout=timeout)
    settle(page, timeout=timeout)
    field = page.locator(".st-key-pl_new_name")
    if not field.get_by_role("textbox").is_visible():  # the expander is closed: open it
        page.get_by_text(NEW_SCENARIO).click()
        expect(field.get_by_role("textbox")).to_be_visible()
    type_into(field, name)
    page.get_by_role("button", name="Create", exact=True).click()
    expect(page.get_by_text("was created")).to_be_visible(timeout=60_000)
    settle(page, timeout=timeout)
