"""End-to-end, in Chromium (one app server on SQLite, a local editor): a co-location saved with
only a written source, the table editor's dropdown columns showing an empty cell as empty, and
Historik's times in Danish time. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.conftest import OfflinePage, settle
from tests.e2e.edit_steps import EDITOR, choose, co_location_field, local_editor_app, type_into

pytestmark = pytest.mark.browser

WRITTEN = "Mail fra klyngens direktør 1.12.2026 <b>ikke fed</b>"


@pytest.fixture()
def edit_app(tmp_path) -> Iterator[str]:
    with local_editor_app(tmp_path) as url:
        yield url


def test_a_written_source_empty_dropdown_cells_and_danish_times(edit_app, browser, artifacts):
    from playwright.sync_api import expect

    ctx = browser.new_context(viewport={"width": 1440, "height": 1400}, locale="da-DK")
    op = OfflinePage(ctx.new_page())
    page = op.page
    try:
        page.goto(edit_app + "/rediger", wait_until="domcontentloaded")
        expect(page.get_by_text("Lokal redaktør: " + EDITOR)).to_be_visible(timeout=60_000)
        settle(page)
        # the co-location form (the first of the page) with a written source only
        type_into(co_location_field(page, "source"), WRITTEN)
        type_into(co_location_field(page, "reason"), "samlokalisering")
        choose(page, co_location_field(page, "confidence"), "middel")
        settle(page)
        page.get_by_role("button", name="Gem samlokalisering").click()
        # the markup in it is a warning (shown as text), confirmed like every warning
        warning = "data/sites.csv:47:source_text: advarsel: indeholder HTML; det vises som almindelig tekst"
        expect(page.get_by_text(warning)).to_be_visible(timeout=60_000)
        confirm = co_location_field(page, "confirm")
        confirm.get_by_text("Gem trods advarsler").click()
        expect(confirm.get_by_role("checkbox")).to_be_checked()
        settle(page)
        page.get_by_role("button", name="Gem samlokalisering").click()
        expect(page.get_by_text(re.compile(r"Gemt: 1 ændringer"))).to_be_visible(timeout=60_000)
        settle(page)

        # the hubs table: a head office's empty parent_hub_id is empty (Streamlit would draw "None")
        page.get_by_role("combobox", name="Tabel").click()
        page.keyboard.type("hubs")
        page.get_by_role("option", name="hubs.csv", exact=True).click()
        settle(page)
        grid = page.get_by_test_id("stDataFrame").first
        expect(grid).to_be_visible()
        grid.scroll_into_view_if_needed()
        cells = grid.locator("[role=gridcell]")
        expect(cells.filter(has_text=re.compile(r"^EHFYN$")).first).to_be_attached()
        grid.screenshot(path=str(artifacts / "rediger-tabel-hubs-tomme-celler.png"))

        # Historik: the save's rows, with the time in Danish time and the written source as text
        page.goto(edit_app + "/historik?entity=sites", wait_until="domcontentloaded")
        settle(page)
        hist = page.get_by_test_id("stDataFrame").first
        expect(hist).to_be_visible(timeout=60_000)
        expect(hist.locator("[role=columnheader]").filter(has_text="Tidspunkt (dansk tid)")).to_be_attached()
        expect(hist.locator("[role=gridcell]").filter(has_text=WRITTEN).first).to_be_attached()
        page.screenshot(path=str(artifacts / "historik-dansk-tid.png"), full_page=False)
        assert op.blocked == [] and op.errors == []
    finally:
        ctx.close()
