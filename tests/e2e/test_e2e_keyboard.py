"""End-to-end, keyboard only (Chromium, offline): choose hub Fyn and 2021–2024 on the map
page, then download the table as Excel; the download is within 20 Tab presses of the title (131 before),
the map is one tab stop, and the file says what it holds."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.conftest import map_frame, settle

pytestmark = pytest.mark.browser

_ACTIVE = """() => {
  const e = document.activeElement;
  if (!e) return {};
  const group = e.closest('[role=radiogroup]');
  return {tag: e.tagName, label: e.getAttribute('aria-label') || '', text: (e.innerText || '').trim(),
          group: group ? group.getAttribute('aria-label') || '' : '',
          value: e.value || '', checked: !!e.checked};
}"""


def _tab_to(page, predicate, *, limit: int, backwards: bool = False) -> int:
    for n in range(1, limit + 1):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if predicate(page.evaluate(_ACTIVE)):
            return n
    raise AssertionError(f"not reached in {limit} presses; at {page.evaluate(_ACTIVE)}")


def test_keyboard_only_hub_period_and_excel(app_server, offline_page, artifacts):
    page = offline_page.page
    page.goto(app_server + "/", wait_until="domcontentloaded")
    map_frame(page, 90_000)
    settle(page, 90_000)

    # hub: Tab to the combobox, type, Enter
    _tab_to(page, lambda a: a.get("label") == "Erhvervshus", limit=40)
    page.keyboard.type("Fyn")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"hub=EHFYN"), timeout=60_000)
    settle(page, 90_000)

    # period: back to the period radios, arrow from the default (2025–2028: today is in it) to 2021–2024
    _tab_to(page, lambda a: a.get("group") == "Periode", limit=40, backwards=True)
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"period=2021-2024"), timeout=60_000)
    settle(page, 90_000)

    # from the title to the table's Excel download
    page.evaluate("() => { const h = document.querySelector('h1'); h.tabIndex = -1; h.focus(); }")
    # the map, the image/deck downloads and presentation mode come first; the table's downloads
    # stand above the table, so its cells are not crossed (29 presses when they stood below it)
    presses = _tab_to(page, lambda a: a.get("text") == "Hent som Excel", limit=20)
    print(f"\nExcel download reached in {presses} Tab presses from the title")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    download = info.value
    name = download.suggested_filename
    assert name.startswith("klyngekort-danmarkskort-2021-2024-") and name.endswith(".xlsx"), name
    saved = artifacts / name  # openpyxl goes by the file's suffix
    download.save_as(saved)
    wb = load_workbook(saved)
    about = {r[0]: r[1] for r in wb.worksheets[0].iter_rows(values_only=True) if r and r[0]}
    assert about["Periode"] == "2021–2024"
    assert "EHFYN" in about["Filtre"]
    table = wb.worksheets[1]
    assert table.freeze_panes == "A2" and table.auto_filter.ref
    page.screenshot(path=str(artifacts / "keyboard-fyn-2025.png"))
    assert offline_page.blocked == []
