"""End-to-end: the coverage pages in real (Debian) Chromium, every non-loopback request blocked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import map_frame, settle

pytestmark = pytest.mark.browser

OUTSIDE_FOCUS = "#eceff1"  # klyngekort.present.coverage_map.OUTSIDE_FOCUS_COLOR


def _metric(page, label: str) -> str:
    """The value of the ``st.metric`` with this label."""
    box = page.get_by_test_id("stMetric").filter(has=page.get_by_text(label, exact=True)).first
    return box.get_by_test_id("stMetricValue").inner_text().strip()


def _settle(page) -> None:
    settle(page)


def _shot(page, path) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main block, so the
    viewport is made as tall as the content first."""
    height = page.evaluate(
        "() => { const b = document.querySelector('[data-testid=stMainBlockContainer]');"
        " return b ? Math.ceil(b.getBoundingClientRect().height) + 160 : document.body.scrollHeight; }"
    )
    page.set_viewport_size({"width": 1440, "height": max(1000, min(int(height), 6000))})
    settle(page)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1440, "height": 1000})


def test_choropleth_offline(app_server, offline_page, artifacts):
    page = offline_page.page
    page.goto(app_server + "/daekning", wait_until="domcontentloaded")
    frame = map_frame(page)

    # The 98 municipalities as a choropleth, Christiansø drawn apart.
    expect(frame.locator("path.kk-muni")).to_have_count(98)
    expect(frame.locator("path.kk-outside")).to_have_count(1)
    # Gap municipalities stand out: hatched (an SVG pattern) with the kk-gap class.
    gaps = frame.locator("path.kk-gap")
    expect(gaps.first).to_be_attached()
    assert gaps.first.get_attribute("fill").startswith("url(#kk-hatch-")
    expect(frame.locator("pattern[id^='kk-hatch-']").first).to_be_attached()
    # Several class colours are used, and the legend names the reach in use.
    fills = {frame.locator("path.kk-muni").nth(i).get_attribute("fill") for i in range(98)}
    assert len({f for f in fills if not f.startswith("url(")}) >= 3
    legend = frame.locator(".kk-legend").inner_text()
    assert "Klynger inden for 40 km" in legend
    assert "Hul" in legend
    assert "DAGI" in frame.locator(".leaflet-control-attribution").inner_text()
    # The method in use is said on the page.
    expect(page.get_by_text(re.compile(r"Afstand: en kommune er dækket")).first).to_be_visible()

    _settle(page)
    _shot(page, artifacts / "daekning.png")
    assert offline_page.blocked == [], offline_page.blocked
    assert offline_page.errors == [], offline_page.errors


def test_tooltip_figures(app_server, offline_page):
    page = offline_page.page
    page.goto(app_server + "/daekning?period=2021-2024", wait_until="domcontentloaded")
    frame = map_frame(page)
    # Hover a gap municipality (no markers there) and read its figures (text, not markup).
    frame.locator("path.kk-gap").first.hover(force=True)
    tip = frame.locator(".leaflet-tooltip")
    tip.wait_for()
    text = tip.inner_text()
    assert "Indbyggere" in text
    assert "Nærmeste tilstedeværelse" in text
    assert "0 af 14" in text  # the 14 clusters of 2021–2024
    assert "Hul: ingen klynge inden for 40 km" in text
    assert tip.locator("script, img").count() == 0


def test_hub_pick_changes_view(app_server, offline_page, artifacts):
    page = offline_page.page
    page.goto(app_server + "/erhvervshus?hub=EHHS", wait_until="domcontentloaded")
    frame = map_frame(page)
    page.get_by_role("heading", name="Erhvervshus Hovedstaden").wait_for()
    assert _metric(page, "Kommuner") == "29"
    expect(frame.locator(f"path.kk-muni[fill='{OUTSIDE_FOCUS}']")).to_have_count(98 - 29)
    _settle(page)
    _shot(page, artifacts / "erhvervshus.png")

    # Pick Erhvervshus Fyn in the sidebar.
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_test_id("stSelectbox").filter(
        has=page.get_by_text("Erhvervshus", exact=True)
    ).first.click()
    page.get_by_role("option", name="Erhvervshus Fyn").click()
    page.get_by_role("heading", name="Erhvervshus Fyn").wait_for(timeout=30_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText.trim() === '9')",
        timeout=30_000,
    )
    assert _metric(page, "Kommuner") == "9"
    assert "hub=EHFYN" in page.url
    frame = map_frame(page)
    expect(frame.locator(f"path.kk-muni[fill='{OUTSIDE_FOCUS}']")).to_have_count(98 - 9)
    _settle(page)
    _shot(page, artifacts / "erhvervshus-fyn.png")
    assert offline_page.blocked == [], offline_page.blocked
    assert offline_page.errors == [], offline_page.errors


@pytest.mark.parametrize(
    ("path", "shot", "heading"),
    [
        ("/klynge?cluster=ECD", "klynge.png", "Energy Cluster Denmark"),
        ("/sammenlign?hubs=EHMJ,EHNJ,EHFYN", "sammenlign.png", "Nøgletal"),
        ("/huller", "huller.png", "Hullerne"),
        ("/daekning?data=example&lang=en&ind=nearest_km&hub=EHSJ", "daekning-eksempel-en.png", "Coverage"),
    ],
)
def test_page_screenshots(app_server, offline_page, artifacts, path, shot, heading):
    page = offline_page.page
    page.goto(app_server + path, wait_until="domcontentloaded")
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    if path.startswith(("/klynge", "/daekning")):
        frame = map_frame(page)
        expect(frame.locator("path.kk-muni")).to_have_count(98)
    if not path.startswith("/daekning"):
        page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=30_000)
    if "data=example" in path:
        page.get_by_text("EXAMPLE DATA" if "lang=en" in path else "EKSEMPELDATA").first.wait_for()
    _settle(page)
    _shot(page, artifacts / shot)
    assert offline_page.blocked == [], offline_page.blocked
    assert offline_page.errors == [], offline_page.errors
