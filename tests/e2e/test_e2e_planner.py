"""End-to-end: the planner page in real (Debian) Chromium, offline.

A recommendation becomes a scenario with one click, and the before/after view shows the
delta and two maps with the changed municipalities outlined. The ``app_server`` fixture
points ``KLYNGEKORT_DB`` at a temporary file.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import settle
from tests.e2e.planner_steps import create_scenario

pytestmark = pytest.mark.browser

MAP_IFRAME = "iframe[title*='streamlit_folium']"


def _maps(page, n: int, timeout: float = 60_000):
    """The ``n`` folium iframes once Leaflet has drawn into each."""
    page.wait_for_function(f'document.querySelectorAll("{MAP_IFRAME}").length >= {n}', timeout=timeout)
    frames = [page.frame_locator(MAP_IFRAME).nth(i) for i in range(n)]
    for f in frames:
        f.locator("path.kk-muni").first.wait_for(state="attached", timeout=timeout)
    return frames


def _shot(page, path, height: int = 2000) -> None:
    """A screenshot of a tall viewport (Streamlit scrolls inside the page, so a full-page
    screenshot would stop at the window)."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": height})
    settle(page)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


def test_recommendation_to_scenario_before_after(app_server, offline_page, artifacts):
    page = offline_page.page
    page.goto(
        app_server + "/planlaegning?view=recommend&cluster=DIGITALLEAD&k=2", wait_until="domcontentloaded"
    )
    page.get_by_role("button", name="Find de 2 bedste placeringer").click(timeout=60_000)
    page.get_by_text("Anbefaling for DigitalLead").wait_for(timeout=60_000)
    page.get_by_text("Løserens status").first.wait_for()
    expect(page.get_by_text("Optimal", exact=True).first).to_be_visible()
    # the recommendation on a map: the present sites and the two proposals, numbered
    (rec_map,) = _maps(page, 1)
    proposed = rec_map.locator(".kk-proposed")
    expect(proposed).to_have_count(2)
    assert sorted(proposed.all_inner_texts()) == ["1", "2"]
    expect(rec_map.locator(".kk-existing").first).to_be_attached()
    assert "Foreslået placering" in rec_map.locator(".kk-legend").inner_text()
    _shot(page, artifacts / "planlaegning-anbefaling.png", 2300)
    # kept in the URL: a reload shows the same recommendation again
    page.wait_for_function("location.search.includes('rec=best')")
    page.reload(wait_until="domcontentloaded")
    page.get_by_text("Anbefaling for DigitalLead").wait_for(timeout=90_000)
    (rec_map,) = _maps(page, 1, 90_000)
    expect(rec_map.locator(".kk-proposed")).to_have_count(2)

    page.get_by_role("button", name="Lav scenarie").click()
    page.get_by_text("er lavet ud fra anbefalingen").wait_for(timeout=60_000)
    page.get_by_text("Ændring pr. klynge").wait_for(timeout=60_000)
    # the URL now names the scenario and the view: a copied link reproduces it
    page.wait_for_function(
        "location.search.includes('scenario=') && location.search.includes('view=compare')"
    )
    url = page.url

    before, after = _maps(page, 2)
    expect(before.locator("path.kk-muni")).to_have_count(98)
    expect(after.locator("path.kk-muni")).to_have_count(98)
    n_changed = after.locator("path.kk-changed").count()
    assert n_changed >= 1
    expect(before.locator("path.kk-changed")).to_have_count(n_changed)
    expect(after.locator(".kk-scenario-added")).to_have_count(2)  # the two recommended co-locations
    # both sides draw the cluster's present sites
    expect(before.locator(".kk-existing").first).to_be_attached()
    assert after.locator(".kk-existing").count() == before.locator(".kk-existing").count()
    caption = page.get_by_text(re.compile(r"kommune\(r\) med ændret dækning")).first.inner_text()
    assert caption.startswith(f"{n_changed} kommune(r)")
    # the headline indicator went up
    metric = page.locator("[data-testid='stMetric']").filter(has_text="mindst én klynge")
    assert metric.locator("[data-testid='stMetricDelta']").count() in (0, 1)
    assert "DigitalLead" in after.locator(".kk-legend").inner_text()
    _shot(page, artifacts / "planlaegning-foer-efter.png", 2300)
    assert offline_page.blocked == [], offline_page.blocked
    assert offline_page.errors == [], offline_page.errors

    # the copied link opens the same scenario and view in a fresh browser session
    page2 = page.context.browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    errors: list[str] = []
    page2.on("pageerror", lambda e: errors.append(str(e)))
    page2.goto(url, wait_until="domcontentloaded")
    page2.get_by_text("Ændring pr. klynge").wait_for(timeout=60_000)
    expect(page2.get_by_text("Anbefaling: DigitalLead").first).to_be_visible()
    _maps(page2, 2)
    assert errors == []
    page2.context.close()


def test_scenario_editor_english(app_server, offline_page, artifacts):
    page = offline_page.page
    page.goto(app_server + "/planlaegning?lang=en", wait_until="domcontentloaded")
    create_scenario(page, "Presentation <b>KL</b>")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text("There are unsaved changes.").wait_for(timeout=30_000)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved (version 2).").wait_for(timeout=30_000)
    # the name is shown as text, never as markup (auto-waiting: the save's rerun redraws the
    # page, and a count taken at once saw none in 1 of 2 repeat runs)
    settle(page)
    expect(page.get_by_role("heading", name="Presentation <b>KL</b>", exact=True)).to_be_visible()
    _shot(page, artifacts / "planlaegning-scenarie-en.png", 1600)
    assert offline_page.blocked == [], offline_page.blocked
    assert offline_page.errors == [], offline_page.errors
