"""End-to-end, in Chromium: two browser sessions on one app server (SQLite, a local editor).

* Both load the same site in "Redigér" (move a site) and type a new latitude; the first saves;
  the second's save is refused with the "changed by someone else" message, and what the second
  typed stays on screen; after "Hent nyeste version af stedet" the second saves it again.
* A new site placed by municipality shows the municipality and the point on the small map
  before it is saved.
* A Historik link with ``entity`` and ``row`` opens that row's history, and the filters follow
  the user into the link.

Nothing is requested off the machine. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.conftest import OfflinePage, settle
from tests.e2e.edit_steps import EDITOR, local_editor_app

pytestmark = pytest.mark.browser

SITE = "CLEAN-ESBJERG"
LAT = "Breddegrad (latitude)"


@pytest.fixture()
def edit_app(tmp_path) -> Iterator[str]:
    with local_editor_app(tmp_path) as url:
        yield url


def _open_editor(page, url: str) -> None:
    from playwright.sync_api import expect

    page.goto(url + "/rediger", wait_until="domcontentloaded")
    expect(page.get_by_text("Lokal redaktør: " + EDITOR)).to_be_visible(timeout=60_000)
    settle(page)


def _load_site(page, site: str) -> None:
    """Move a site: choose it (typing filters the long list)."""
    from playwright.sync_api import expect

    page.get_by_text("flyt et sted", exact=True).click()
    settle(page)
    page.locator(".st-key-ed_place_site").get_by_role("combobox").click()  # by key: labels repeat
    page.keyboard.type(site)
    option = page.get_by_role("option", name=re.compile("^" + re.escape(site) + " · "))
    expect(option).to_be_visible()
    option.click()
    settle(page)


def _type_latitude(page, value: str) -> None:
    box = page.get_by_role("textbox", name=LAT)
    box.fill(value)
    box.press("Tab")
    settle(page)


def test_two_sessions_save_one_row_the_second_is_refused_and_reapplies(edit_app, browser, artifacts):
    from playwright.sync_api import expect

    ctx_a = browser.new_context(viewport={"width": 1440, "height": 1400}, locale="da-DK")
    ctx_b = browser.new_context(viewport={"width": 1440, "height": 1400}, locale="da-DK")
    a, b = OfflinePage(ctx_a.new_page()), OfflinePage(ctx_b.new_page())
    try:
        for op in (a, b):  # both sessions load the row before either saves
            _open_editor(op.page, edit_app)
            _load_site(op.page, SITE)
            expect(op.page.get_by_role("textbox", name=LAT)).to_have_value("55.47028")
        _type_latitude(a.page, "55.4701")
        _type_latitude(b.page, "55.4802")

        a.page.get_by_role("button", name="Gem placering").click()
        expect(a.page.get_by_text(re.compile(r"Gemt: 1 ændringer"))).to_be_visible(timeout=60_000)
        a.page.screenshot(path=str(artifacts / "rediger-konflikt-a-gemt.png"), full_page=True)

        b.page.get_by_role("button", name="Gem placering").click()
        refused = b.page.get_by_text(re.compile(r"Rækken 'CLEAN-ESBJERG' i sites er ændret af en anden"))
        expect(refused).to_be_visible(timeout=60_000)
        expect(
            b.page.get_by_text(re.compile(r"Intet er gemt; dine ændringer står stadig her"))
        ).to_be_visible()
        expect(b.page.get_by_role("textbox", name=LAT)).to_have_value("55.4802")  # B's edit is kept
        refused.scroll_into_view_if_needed()
        b.page.screenshot(path=str(artifacts / "rediger-konflikt-b-afvist.png"), full_page=True)

        b.page.get_by_role("button", name="Hent nyeste version af stedet").click()
        # The refusal goes only when a run after the click has drawn the form: the reload has
        # been read. (settle alone can return before that run starts, and a save clicked then
        # interrupts it and still holds the old version.)
        expect(refused).to_be_hidden(timeout=60_000)
        settle(b.page)
        expect(b.page.get_by_role("textbox", name=LAT)).to_have_value("55.4802")
        b.page.get_by_role("button", name="Gem placering").click()
        expect(b.page.get_by_text(re.compile(r"Gemt: 1 ændringer"))).to_be_visible(timeout=60_000)
        expect(refused).to_be_hidden()

        # A loads the row anew and sees B's value
        _open_editor(a.page, edit_app)
        _load_site(a.page, SITE)
        expect(a.page.get_by_role("textbox", name=LAT)).to_have_value("55.4802")

        # Historik, opened by a link to the row's history
        b.page.goto(edit_app + f"/historik?entity=sites&row={SITE}", wait_until="domcontentloaded")
        settle(b.page)
        expect(b.page.get_by_role("textbox", name="Række-id")).to_have_value(SITE)
        # the import's fields of the row (about 15) and the two saves' latitude
        count = b.page.get_by_text(re.compile(r"^\d+ ændringer$"))
        expect(count).to_be_visible(timeout=30_000)
        n_row = int(count.inner_text().split()[0])
        assert 10 < n_row < 30
        assert "entity=sites" in b.page.url and f"row={SITE}" in b.page.url
        b.page.screenshot(path=str(artifacts / "historik-raekke-fra-link.png"), full_page=True)
        user = b.page.get_by_role("textbox", name="Bruger")
        user.fill(EDITOR)
        user.press("Enter")
        settle(b.page)
        # A's save: latitude, coord_precision (town -> address) and coord_source; B's: latitude
        expect(b.page.get_by_text("4 ændringer", exact=True)).to_be_visible(timeout=30_000)
        assert "user=" in b.page.url  # the filter follows into the link
        assert a.blocked == [] and b.blocked == []
        assert a.errors == [] and b.errors == []
    finally:
        ctx_a.close()
        ctx_b.close()


def test_a_new_site_is_shown_on_a_small_map_before_it_is_saved(edit_app, browser, artifacts):
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport={"width": 1440, "height": 1400}, locale="da-DK")
    op = OfflinePage(ctx.new_page())
    page = op.page
    try:
        _open_editor(page, edit_app)
        page.locator(".st-key-ed_place_new_muni").get_by_role("combobox").click()  # by key: labels repeat
        page.keyboard.type("Sønderborg")
        page.get_by_role("option", name="Sønderborg (0540)", exact=True).click()
        settle(page)
        frame = page.frame_locator("iframe[title*='streamlit_folium']").last
        expect(frame.locator(".kk-place-point")).to_have_count(1)
        expect(frame.locator("path.kk-muni")).to_have_count(99)  # the DAGI municipalities
        expect(frame.locator("path.kk-outline")).to_have_count(1)  # the chosen one outlined
        expect(
            page.get_by_text(re.compile(r"by ukendt, kommune 0540 Sønderborg, punkt \(54\.9"))
        ).to_be_visible()
        page.get_by_role("heading", name="Placér et sted").scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / "rediger-placer-sted.png"), full_page=True)
        assert op.blocked == [] and op.errors == []
    finally:
        ctx.close()
