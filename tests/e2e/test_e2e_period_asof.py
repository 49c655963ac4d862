"""End-to-end in Chromium: the default period (today, 2026-12-02, is in 2025–2028) with its
note and offer, a popup's date and Historik link, and the map as of a past date."""

from __future__ import annotations

import re

import pytest

from tests.conftest import map_frame, settle

pytestmark = pytest.mark.browser


def test_the_default_period_says_most_is_unknown_and_offers_the_last_known(
    app_server, offline_page, artifacts
):
    from playwright.sync_api import expect

    page = offline_page.page
    page.goto(app_server + "/", wait_until="domcontentloaded")
    map_frame(page)
    note = page.get_by_text("De fleste klyngers status i 2025–2028 er ukendt")
    expect(note).to_be_visible()
    offer = page.get_by_role("button", name="Vis 2021–2024 (seneste periode med kendte data)")
    expect(offer).to_be_visible()
    assert "period=" not in page.url  # nothing was switched
    settle(page)
    page.screenshot(path=str(artifacts / "danmarkskort-2025-2028-note.png"))

    offer.click()
    expect(page).to_have_url(re.compile(r"[?&]period=2021-2024"))
    expect(offer).to_have_count(0)
    expect(note).to_have_count(0)
    settle(page)
    assert offline_page.blocked == [] and offline_page.errors == []


def test_a_popup_says_its_date_and_links_the_rows_history(app_server, offline_page, artifacts):
    from playwright.sync_api import expect

    page = offline_page.page
    page.goto(app_server + "/?period=2021-2024", wait_until="domcontentloaded")
    frame = map_frame(page)
    settle(page)
    frame.locator(".kk-head_office").first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert re.search(r"Pr\.\s+\d\d\.\d\d\.\d{4} \(senest ændret eller indlæst\)", popup.inner_text())
    link = popup.locator("a.kk-history")
    expect(link).to_have_text("Historik")
    assert link.get_attribute("target") == "_top"
    href = link.get_attribute("href") or ""
    assert re.fullmatch(r"\.\./\.\./historik\?entity=hubs&row=EH[A-Z_]+", href), href
    # resolved against the map's frame, the link is the app's own Historik page
    absolute = link.evaluate("a => a.href")
    assert absolute == app_server + "/" + href.removeprefix("../../"), absolute
    # Leaflet draws controls above popups: the legend folds rather than cover the popup
    overlap = frame.locator(".leaflet-popup").evaluate(
        """p => { const a = p.getBoundingClientRect();
                  const b = document.querySelector('.kk-legend').getBoundingClientRect();
                  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }"""
    )
    assert not overlap
    page.screenshot(path=str(artifacts / "danmarkskort-popup-historik.png"))
    link.click()
    expect(page).to_have_url(re.compile(re.escape(app_server) + r"/historik\?entity=hubs&row=EH"))
    assert offline_page.blocked == []


def test_a_popup_under_the_legend_folds_it_and_closing_opens_it(app_server, offline_page, artifacts):
    from playwright.sync_api import expect

    page = offline_page.page
    page.goto(app_server + "/?period=2021-2024", wait_until="domcontentloaded")
    frame = map_frame(page)
    settle(page)
    legend = frame.locator(".kk-legend details")
    expect(legend).to_have_attribute("open", "")
    # the easternmost head office (Erhvervshus Hovedstaden, København) sits just left of the
    # legend: its popup opens under it
    offices = frame.locator(".kk-head_office")
    offices.nth(_easternmost(offices)).click()
    frame.locator(".leaflet-popup-content").wait_for()
    expect(legend).not_to_have_attribute("open", "")
    page.screenshot(path=str(artifacts / "danmarkskort-popup-legend-folded.png"))
    frame.locator(".leaflet-popup-close-button").click()
    expect(legend).to_have_attribute("open", "")
    assert offline_page.blocked == []


def _easternmost(markers) -> int:
    """The index of the marker drawn furthest right."""
    xs = markers.evaluate_all("els => els.map(e => e.getBoundingClientRect().right)")
    return max(range(len(xs)), key=xs.__getitem__)


def test_the_map_as_of_a_past_date_says_so(app_server, offline_page, artifacts):
    from playwright.sync_api import expect

    page = offline_page.page
    page.goto(app_server + "/?period=2021-2024&asof=2026-12-02", wait_until="domcontentloaded")
    map_frame(page)
    banner = page.get_by_text("Historiske data:")
    expect(banner).to_be_visible()
    expect(page.get_by_role("button", name="Vis de nuværende data")).to_be_visible()
    settle(page)
    page.screenshot(path=str(artifacts / "danmarkskort-asof.png"))
    page.get_by_role("button", name="Vis de nuværende data").click()
    expect(banner).to_have_count(0)
    expect(page).not_to_have_url(re.compile(r"asof="))
    assert offline_page.blocked == [] and offline_page.errors == []


def test_the_historik_link_resolves_under_a_path_prefix(browser, tmp_path):
    """The app served under ``/klynge/kort`` (a reverse proxy's path): the map's frame is
    ``/klynge/kort/component/…``, so the popup's link, relative to that frame, is the prefixed
    Historik page. (The map itself does not draw under a prefix yet: its vendored Leaflet is
    linked from ``/app/static``, without the prefix; so the link is resolved against the frame's
    real address here rather than clicked.)"""
    import os

    from klyngekort.present.mapview import history_href
    from tests.conftest import start_app, stop_app

    env = dict(os.environ)
    env["KLYNGEKORT_DB"] = str(tmp_path / "store.sqlite3")
    proc, url = start_app(env, tmp_path / "streamlit.log", base_path="klynge/kort")
    try:
        assert url.endswith("/klynge/kort")
        ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
        page = ctx.new_page()
        page.goto(url + "/?period=2021-2024", wait_until="domcontentloaded")
        frame = page.locator("iframe[title*='streamlit_folium']").first
        frame.wait_for(state="attached", timeout=90_000)
        src = frame.get_attribute("src") or ""
        assert src.startswith(url + "/component/streamlit_folium.st_folium/"), src
        href = history_href("hubs", "EHFYN")
        resolved = page.evaluate("([h, base]) => new URL(h, base).href", [href, src])
        assert resolved == url + "/historik?entity=hubs&row=EHFYN", resolved
        ctx.close()
    finally:
        stop_app(proc)
