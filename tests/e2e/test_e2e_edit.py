"""End-to-end, in Chromium: two app processes on one real PostgreSQL, with a local editor.
In the first, add a co-location through "Redigér"; see it on the map of both (the second never
saved anything: it sees the first's save at its next run); see it in "Historik"; revert it
(admin); the map is back as before. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date

import pytest

from tests.conftest import settle, start_app, stop_app
from tests.e2e.edit_steps import EDITOR, co_locations, fill_co_location

pytestmark = pytest.mark.browser


@pytest.fixture()
def two_apps(postgres_url, tmp_path) -> Iterator[tuple[str, str]]:
    env = dict(os.environ)
    env["KLYNGEKORT_DATABASE_URL"] = postgres_url
    env["KLYNGEKORT_LOCAL_EDITOR"] = EDITOR
    procs = []
    try:
        procs.append(start_app(env, tmp_path / "a.log"))
        procs.append(start_app(env, tmp_path / "b.log"))
        yield procs[0][1], procs[1][1]
    finally:
        for proc, _ in procs:
            stop_app(proc)


def test_edit_in_one_app_is_seen_in_the_other_and_reverted(two_apps, browser, artifacts):
    from playwright.sync_api import expect

    url_a, url_b = two_apps
    ctx_a = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="da-DK")
    ctx_b = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="da-DK")
    a, b = ctx_a.new_page(), ctx_b.new_page()
    try:
        before_b = co_locations(b, url_b)  # B has shown the data before the edit (cached)
        before_a = co_locations(a, url_a)
        assert before_a == before_b

        fill_co_location(a, url_a, EDITOR, "CLEAN", "Erhvervshus Fyn", "aftale underskrevet")
        a.get_by_role("button", name="Gem samlokalisering").click()
        expect(a.get_by_text(re.compile(r"Gemt: 1 ændringer"))).to_be_visible(timeout=60_000)
        a.screenshot(path=str(artifacts / "rediger-gemt.png"))

        assert co_locations(a, url_a) == before_a + 1
        assert co_locations(b, url_b) == before_b + 1  # the other process sees it at its next run
        b.screenshot(path=str(artifacts / "rediger-set-i-anden-instans.png"))

        b.goto(url_b + "/historik", wait_until="domcontentloaded")
        settle(b)
        expect(b.get_by_text(re.compile(r"^\d+ ændringer$"))).to_be_visible(timeout=30_000)
        row = b.get_by_role("textbox", name="Række-id")
        row.fill(f"CLEAN-EHFYN-{date.today():%Y%m%d}")  # the form's site id: cluster, hub, from-date
        row.press("Enter")
        settle(b)
        expect(b.get_by_text(re.compile(r"^1[0-9] ændringer$"))).to_be_visible(timeout=30_000)
        b.screenshot(path=str(artifacts / "historik.png"))

        a.goto(url_a + "/historik", wait_until="domcontentloaded")
        settle(a)
        a.get_by_text("en hel gemning (Gemning nr.)").click()
        settle(a)
        a.get_by_label("Nummer").fill("2")  # save 1 is the first import, save 2 the co-location
        a.get_by_label("Nummer").press("Enter")
        settle(a)
        a.get_by_role("button", name="Tilbagefør").click()
        expect(a.get_by_text(re.compile(r"Gemt: 1 ændringer \(gemning 3\)"))).to_be_visible(timeout=60_000)
        assert co_locations(b, url_b) == before_b
    finally:
        ctx_a.close()
        ctx_b.close()
