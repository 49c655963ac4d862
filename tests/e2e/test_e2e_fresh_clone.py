"""End-to-end: a fresh clone with no geodata anywhere. ``make run`` fetches DAGI once (from a
local HTTP server standing in for Dataforsyningen), starts the app, and the map draws the 98
municipalities in Debian Chromium. Nothing leaves the machine."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import _geodata_server as S
from tests.conftest import _free_port, map_frame

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def fresh_app(tmp_path_factory) -> Iterator[tuple[str, Path, S.GeodataServer, Path]]:
    if shutil.which("make") is None:  # pragma: no cover - make is part of the two-command set-up
        if os.environ.get("KLYNGEKORT_REQUIRE_BROWSER"):
            pytest.fail("make is not installed (apt-get install make)")
        pytest.skip("make is not installed (apt-get install make)")
    server, stop_server = S.start_server()
    server.add("/kommuner", S.Route(S.dagi_bytes(), length=False))  # as DAWA: no length, no ranges
    tmp = tmp_path_factory.mktemp("fresh-run")
    clone = S.checkout(tmp / "klyngekort")  # no ../shared beside it, no geodata/dagi in it
    env = S.fresh_clone_env(clone, tmp, server.url + "/kommuner")
    # This venv stands in for the one `make run` would create: a stamp newer than pyproject.toml
    # tells make it is installed (installing would take minutes and the network).
    stamp = tmp / "installed.stamp"
    stamp.touch()
    port = _free_port()
    log_path = tmp / "make-run.log"
    log = open(log_path, "w")  # noqa: SIM115 - open for the server's lifetime
    proc = subprocess.Popen(
        ["make", "run", f"VENV={sys.prefix}", f"STAMP={stamp}", f"PORT={port}"],
        cwd=clone,
        env={**env, "STREAMLIT_SERVER_ADDRESS": "127.0.0.1"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: make, the launcher and Streamlit
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"make run exited with {proc.returncode}:\n{log_path.read_text()}")
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the app did not start:\n{log_path.read_text()}")
                time.sleep(0.5)  # polling a server that is starting, not synchronising a test
        yield url, clone, server, log_path
    finally:
        with_group = os.getpgid(proc.pid)
        os.killpg(with_group, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:  # pragma: no cover
            os.killpg(with_group, signal.SIGKILL)
        log.close()
        stop_server()


def test_make_run_fetches_dagi_once_and_draws_the_map(fresh_app, offline_page, artifacts):
    url, clone, server, log_path = fresh_app
    out = log_path.read_text()
    # Said in Danish and English (no language is chosen yet); the progress in Danish, the default.
    assert "henter dem én gang fra" in out and "fetches them once from" in out and "henter:" in out, out
    assert "Traceback" not in out
    assert len(server.hits("/kommuner")) == 1
    data = clone / "geodata" / "dagi" / "kommuner.geojson"
    assert data.read_bytes() == S.dagi_bytes()
    assert (clone / "geodata" / "dagi" / "kommuner.geojson.provenance.json").is_file()

    page = offline_page.page
    page.goto(url + "/", wait_until="domcontentloaded")
    frame = map_frame(page, timeout=120_000)
    expect(frame.locator("path.kk-muni")).to_have_count(98)
    expect(frame.locator("path.kk-outside")).to_have_count(1)
    credit = frame.locator(".leaflet-control-attribution").inner_text()
    assert "DAGI kommuneinddeling, hentet" in credit and "Klimadatastyrelsen" in credit
    page.screenshot(path=str(artifacts / "fresh-clone-danmarkskort.png"))

    page.goto(url + "/data", wait_until="domcontentloaded")
    page.get_by_text("Kilde:").first.wait_for(timeout=60_000)
    body = page.locator("section.main, [data-testid='stMain']").first.inner_text()
    assert server.url + "/kommuner" in body and "98 af 98 kommuner" in body and "Licens: CC BY 4.0" in body
    page.screenshot(path=str(artifacts / "fresh-clone-data.png"), full_page=True)
    assert offline_page.blocked == [], offline_page.blocked
    assert offline_page.errors == [], offline_page.errors
    # A second start finds the copy and fetches nothing.
    env = S.fresh_clone_env(clone, log_path.parent, server.url + "/kommuner")
    check = "from klyngekort.cli.run import first_run_geodata as f; raise SystemExit(f())"
    proc = subprocess.run(
        [sys.executable, "-c", check],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    assert len(server.hits("/kommuner")) == 1
