"""End-to-end (Chromium, offline): the app state follows the user through the sidebar, the
language switch keeps every choice, the phone layout keeps the zoom buttons, and axe-core
finds no serious or critical violation on any page or frame."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import map_frame, missing, settle
from tests.e2e.axe import AXE_JS, audit, counts

pytestmark = pytest.mark.browser

PAGES = {  # sidebar link (Danish) -> URL path
    "Dækning": "/daekning",
    "Erhvervshus": "/erhvervshus",
    "Klynge": "/klynge",
    "Sammenlign": "/sammenlign",
    "Huller": "/huller",
    "Data og kilder": "/data",
    "Planlægning": "/planlaegning",
    "Danmarkskort": "/",
}


def _checked(sidebar, label: str) -> bool:
    return sidebar.get_by_role("radio", name=label, exact=True).is_checked()


def test_period_and_dataset_follow_through_every_page(app_server, offline_page, artifacts):
    page = offline_page.page
    page.goto(app_server + "/", wait_until="domcontentloaded")
    settle(page, 90_000)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("2021–2024", exact=True).click()  # not the default (today: 2025–2028)
    settle(page)
    sidebar.get_by_text("Eksempeldata", exact=True).click()
    settle(page)
    for link, path in PAGES.items():
        sidebar.get_by_role("link", name=link).click()
        expect(page).to_have_url(
            re.compile(re.escape(app_server + path) + r"\?.*period=2021-2024"), timeout=60_000
        )
        settle(page, 90_000)
        expect(page.get_by_text("EKSEMPELDATA").first).to_be_visible()
        assert _checked(sidebar, "Eksempeldata"), link
        if path != "/data":
            assert _checked(sidebar, "2021–2024"), link
        assert "period=2021-2024" in page.url and "data=example" in page.url, page.url
    page.screenshot(path=str(artifacts / "state-after-pages.png"))
    assert offline_page.blocked == [], offline_page.blocked


def test_language_switch_keeps_the_choices(app_server, offline_page, artifacts):
    page = offline_page.page
    page.goto(
        app_server + "/daekning?data=example&period=2025-2028&mode=hub_area", wait_until="domcontentloaded"
    )
    settle(page, 90_000)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name="Coverage", level=1)).to_be_visible(timeout=60_000)
    settle(page, 90_000)
    for label in ("Example data", "2025–2028", "Hub area"):
        assert _checked(sidebar, label), label
    # every radio group still shows a choice
    for group in sidebar.get_by_role("radiogroup").all():
        assert group.get_by_role("radio", checked=True).count() == 1, group.inner_text()
    page.screenshot(path=str(artifacts / "state-language-switch.png"))


@pytest.mark.parametrize(
    ("width", "height"), [(1440, 900), (1280, 720), (390, 844)], ids=["1440", "1280", "phone"]
)
def test_map_pages_at_three_sizes(app_server, browser, artifacts, width, height):
    """The national and the coverage map at three screen sizes: the zoom buttons are visible
    and not under the legend, and on a phone the legend starts folded."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
    page = context.new_page()
    try:
        for path in ("/", "/daekning", "/erhvervshus"):
            page.goto(app_server + path, wait_until="domcontentloaded")
            frame = map_frame(page, 90_000)
            settle(page, 90_000)
            zoom = frame.locator(".leaflet-control-zoom-in")
            expect(zoom).to_be_visible()
            frame.locator(".leaflet-container").scroll_into_view_if_needed()
            box = zoom.bounding_box()
            legend = frame.locator(".kk-legend").first
            lbox = legend.bounding_box()
            assert box and lbox
            overlap = not (
                box["x"] + box["width"] <= lbox["x"]
                or lbox["x"] + lbox["width"] <= box["x"]
                or box["y"] + box["height"] <= lbox["y"]
                or lbox["y"] + lbox["height"] <= box["y"]
            )
            assert not overlap, (box, lbox)
            # the legend folds away on a phone (one tap on its title opens it), open elsewhere
            details = legend.locator("details")
            assert details.evaluate("d => d.open") == (width >= 560), width
            if width < 560:
                legend.locator("summary").click()
                expect(legend.locator(".kk-legend-body")).to_be_visible()
                legend.locator("summary").click()
            # the key figures wrap: nothing on the page is wider than the screen
            wide = page.evaluate(
                "() => [...document.querySelectorAll('[data-testid=stMetric]')]"
                ".filter(m => m.getBoundingClientRect().right > window.innerWidth + 1).length"
            )
            assert wide == 0
            assert page.evaluate("document.querySelector('[data-testid=stMain]').scrollWidth") <= width
            name = "forside" if path == "/" else path.strip("/")
            page.screenshot(path=str(artifacts / f"size-{width}x{height}-{name}.png"))
    finally:
        context.close()


def test_axe_core_finds_no_serious_violation(app_server, offline_page):
    """axe-core (vendored from npm by ``make axe``) in every page and its frames: WCAG 2.1 A/AA
    and best practices. No serious or critical violation; the rule counts are printed."""
    if not AXE_JS.is_file():
        missing("axe-core (tests/vendor/axe-core/axe.min.js)", "make axe, which runs npm pack axe-core")
    page = offline_page.page
    total = counts([])
    serious = []
    for path in PAGES.values():
        page.goto(app_server + path, wait_until="domcontentloaded")
        settle(page, 90_000)
        found = audit(page)
        total.update(counts(found))
        serious += [
            (path, v["frame"], v["id"], v["nodes"][:2])
            for v in found
            if v["impact"] in ("serious", "critical")
        ]
    print("\naxe-core rule counts (elements) over every page and frame:")
    for rule, n in sorted(total.items()):
        print(f"  {rule}: {n}")
    assert serious == [], serious
