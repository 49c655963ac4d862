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


def co_location_field(page, name: str):
    """The widget ``ed_coloc_<name>`` of the form *Ny samlokalisering*, found by its key. The
    page's other forms have fields with the same labels, and a label lookup with ``.first`` once
    typed the source into the next form's field while a rerun was redrawing the page."""
    return page.locator(f".st-key-ed_coloc_{name}")


def choose(page, field, option: str) -> None:
    """Pick ``option`` in the selectbox ``field`` (its options open in a layer of the page)."""
    from playwright.sync_api import expect

    field.get_by_role("combobox").click()
    opt = page.get_by_role("option", name=option, exact=True)
    expect(opt).to_be_visible()
    opt.click()
    expect(field.get_by_role("combobox")).to_have_value(option)


def type_into(field, text: str) -> None:
    """Type ``text`` into the text box ``field`` and leave it (Streamlit sends it on leaving)."""
    from playwright.sync_api import expect

    box = field.get_by_role("textbox")
    box.fill(text)
    box.press("Tab")
    expect(box).to_have_value(text)


def fill_co_location(page, url: str, editor: str, cluster: str, hub: str, reason: str) -> None:
    """Open "Redigér" as the local editor and fill in the form *Ny samlokalisering* (from today),
    up to the button "Gem samlokalisering", which the caller clicks."""
    from playwright.sync_api import expect

    page.goto(url + "/rediger", wait_until="domcontentloaded")
    expect(page.get_by_text("Lokal redaktør: " + editor)).to_be_visible(timeout=60_000)
    settle(page)
    choose(page, co_location_field(page, "cluster"), cluster)
    settle(page)
    choose(page, co_location_field(page, "hub"), hub)
    settle(page)
    type_into(co_location_field(page, "source"), "https://example.dk/aftale")
    choose(page, co_location_field(page, "confidence"), "middel")
    type_into(co_location_field(page, "reason"), reason)
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
