"""Browser steps of the "Redigér" page shared by the edit tests (one app, two apps, and two
instances behind ``klyngekort serve``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from tests.conftest import map_frame, settle, start_app, stop_app

#: The local editor of :func:`local_editor_app` (``klyngekort run --local-editor``).
EDITOR = "Åse Test <aase@example.dk>"

#: The view the co-location counts are taken in: the day of the form's from-date (today).
TODAY = date.today().isoformat()
VIEW = f"/?period={TODAY}"


def co_locations(page, url: str) -> int:
    """The co-location markers on the Danmarkskort of ``url`` (a new run: the store is read again)."""
    page.goto(url + VIEW, wait_until="domcontentloaded")
    frame = map_frame(page)
    settle(page)
    return frame.locator(".kk-co_location").count()


def choose(page, label: str, option: str) -> None:
    from playwright.sync_api import expect

    page.get_by_label(label, exact=True).first.click()
    opt = page.get_by_role("option", name=option, exact=True)
    expect(opt).to_be_visible()
    opt.click()


def fill_co_location(page, url: str, editor: str, cluster: str, hub: str, reason: str) -> None:
    """Open "Redigér" as the local editor and fill in the form *Ny samlokalisering* (from today),
    up to the button "Gem samlokalisering", which the caller clicks."""
    from playwright.sync_api import expect

    page.goto(url + "/rediger", wait_until="domcontentloaded")
    expect(page.get_by_text("Lokal redaktør: " + editor)).to_be_visible(timeout=60_000)
    settle(page)
    choose(page, "Klynge", cluster)
    settle(page)
    choose(page, "Erhvervshus eller filial", hub)
    settle(page)
    source = page.get_by_role("textbox", name="Kilde (URL eller skrevet kilde)").first
    source.fill("https://example.dk/aftale")
    source.press("Tab")
    choose(page, "Sikkerhed", "middel")
    page.get_by_role("textbox", name="Begrundelse").first.fill(reason)
    page.get_by_role("textbox", name="Begrundelse").first.press("Tab")
    settle(page)


@contextmanager
def local_editor_app(tmp_path: Path, editor: str = EDITOR) -> Iterator[str]:
    """The app on a new SQLite store in ``tmp_path``, with ``editor`` as its local editor;
    yields its base URL."""
    env = dict(os.environ)
    env["KLYNGEKORT_DB"] = str(tmp_path / "store.sqlite3")
    env.pop("KLYNGEKORT_DATABASE_URL", None)
    env["KLYNGEKORT_LOCAL_EDITOR"] = editor
    proc, url = start_app(env, tmp_path / "app.log")
    try:
        yield url
    finally:
        stop_app(proc)
