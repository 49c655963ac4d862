"""End-to-end: the national map in real (Debian) Chromium, with every non-loopback request blocked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import map_frame, settle

pytestmark = pytest.mark.browser


def test_national_map_offline(app_server, offline_page, artifacts):
    page = offline_page.page
    page.goto(app_server + "/", wait_until="domcontentloaded")
    frame = map_frame(page)

    # 98 municipalities coloured by hub area, plus Christiansø drawn apart.
    expect(frame.locator("path.kk-muni")).to_have_count(98)
    expect(frame.locator("path.kk-outside")).to_have_count(1)
    # Borders between hub areas (lines, not polygons: no coastline twice).
    expect(frame.locator("path.kk-outline").first).to_be_attached()  # borders between the hub areas
    # At least the 6 head offices and 6 branches.
    assert frame.locator(".kk-hub").count() >= 12
    expect(frame.locator(".kk-head_office")).to_have_count(6)
    expect(frame.locator(".kk-branch")).to_have_count(6)
    assert frame.locator(".kk-site").count() > 20
    # The legend and the DAGI credit are drawn in the map.
    assert "Signaturforklaring" in frame.locator(".kk-legend").inner_text()
    assert "DAGI" in frame.locator(".leaflet-control-attribution").inner_text()

    settle(page)
    page.screenshot(path=str(artifacts / "danmarkskort.png"), full_page=False)
    assert offline_page.blocked == [], offline_page.blocked
    assert offline_page.errors == [], offline_page.errors


def test_hub_filter_zooms_and_english(app_server, offline_page, artifacts):
    page = offline_page.page
    page.goto(app_server + "/?hub=EHFYN&lang=en", wait_until="domcontentloaded")
    frame = map_frame(page)
    page.get_by_text("Map of Denmark").first.wait_for()
    # Only Fyn's hub is drawn, and the legend is in English.
    expect(frame.locator(".kk-head_office")).to_have_count(1)
    assert "Legend" in frame.locator(".kk-legend").inner_text()
    # Zoomed in to Fyn: Leaflet zoom is well above the national view.
    zoom = frame.locator(".leaflet-container").evaluate(
        "el => { for (const k in window) { try { const v = window[k];"
        " if (v && v._container === el && v.getZoom) return v.getZoom(); } catch (e) {} } return null; }"
    )
    assert zoom is not None and zoom >= 8.5
    settle(page)
    page.screenshot(path=str(artifacts / "danmarkskort-fyn-en.png"))
    assert offline_page.blocked == []
    assert offline_page.errors == []


def test_tooltip_escapes_html(app_server, offline_page):
    """A popup shows the data as text: the hub name reaches the DOM as text, not markup."""
    page = offline_page.page
    page.goto(app_server + "/", wait_until="domcontentloaded")
    frame = map_frame(page)
    settle(page)  # the run has ended: nothing above the map moves it under the click
    marker = frame.locator(".kk-head_office").first
    marker.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Erhvervshus" in text
    assert "placering på byniveau" in text
    assert popup.locator("script, img").count() == 0


def test_example_dataset_label(app_server, offline_page, artifacts):
    page = offline_page.page
    page.goto(app_server + "/?data=example", wait_until="domcontentloaded")
    frame = map_frame(page)
    page.get_by_text("EKSEMPELDATA").first.wait_for()
    expect(frame.locator(".kk-secondment").first).to_be_attached()
    settle(page)
    page.screenshot(path=str(artifacts / "danmarkskort-eksempeldata.png"))
    assert offline_page.blocked == []
    assert offline_page.errors == []


def test_pan_and_zoom_do_not_rerun_the_app(app_server, browser):
    """Panning and zooming stay in the browser: no message goes back to the Streamlit server."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    sent: list[int] = []

    def on_ws(ws):
        ws.on("framesent", lambda payload: sent.append(len(payload)))

    page.on("websocket", on_ws)
    page.goto(app_server + "/", wait_until="domcontentloaded")
    frame = map_frame(page)
    settle(page)  # the first run has finished talking
    before = len(sent)
    box = page.locator("iframe[title*='streamlit_folium']").first.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx - 150, cy - 80, steps=8)
    page.mouse.up()
    frame.locator(".leaflet-control-zoom-in").click()
    page.mouse.wheel(0, -400)
    # Leaflet has finished the moves (its own events) ...
    frame.locator(".leaflet-container").evaluate(
        "el => new Promise(done => { const map = Object.values(window).find(v => v && v._container === el);"
        " if (!map || !map._animatingZoom) { done(); return; } map.once('zoomend', () => done()); })"
    )
    # ... and a reply from the server would have come in this window: an absence can only be
    # observed over time, so this one wait stays (it is a bound, not a synchronisation).
    page.wait_for_timeout(1000)
    assert len(sent) == before, f"{len(sent) - before} messages sent to the server on pan/zoom"
    context.close()
