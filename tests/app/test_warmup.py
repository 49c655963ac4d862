"""The server warms itself while the first browser loads (:mod:`klyngekort.ui.warmup`)."""

from __future__ import annotations

import os
import time

import pytest

from klyngekort.ui import warmup
from tests.conftest import start_app, stop_app


@pytest.mark.parametrize(
    ("value", "on"),
    [
        (None, True),
        ("1", True),
        ("yes", True),
        ("0", False),
        ("off", False),
        ("False", False),
        (" no ", False),
    ],
)
def test_warmup_switch(monkeypatch, value, on):
    if value is None:
        monkeypatch.delenv(warmup.ENV_WARMUP, raising=False)
    else:
        monkeypatch.setenv(warmup.ENV_WARMUP, value)
    assert warmup.enabled() is on


def test_a_new_server_does_the_first_run_before_any_visitor(tmp_path):
    """With no browser at all, a fresh ``klyngekort run`` runs the default page once: the empty
    store is seeded from data/ and the default view is built, so the first visitor finds both."""
    from klyngekort.store.data import DataStore

    db = tmp_path / "store.sqlite3"
    env = dict(os.environ, KLYNGEKORT_DB=str(db))
    env.pop("KLYNGEKORT_DATABASE_URL", None)
    env.pop(warmup.ENV_WARMUP, None)
    proc, _url = start_app(env, tmp_path / "streamlit.log")
    try:
        deadline = time.monotonic() + 120
        revision = 0
        while time.monotonic() < deadline and revision == 0:
            if db.exists():
                try:
                    revision = DataStore(f"sqlite:///{db}").revision()
                except Exception:  # noqa: BLE001 - the warm-up may be creating the tables right now
                    revision = 0
            if revision == 0:
                time.sleep(0.2)
        assert revision > 0, (tmp_path / "streamlit.log").read_text()
    finally:
        stop_app(proc)
