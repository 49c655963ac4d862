"""``klyngekort serve``: two app instances behind Debian's nginx on loopback.

- nginx accepts the configuration ``serve`` writes, and ``deploy/`` holds the same;
- a browser session works through the proxy (page, static files, websocket), sticky to one
  instance by the ``kk_route`` cookie;
- a scenario saved through one instance is seen through the other (one shared store);
- killing one instance: a user on the other is untouched; a user on it reconnects through the
  proxy to the other and sees the same view (the URL carries it);
- overload: beyond ``--max-sessions`` the proxy answers "Travlt – prøv igen" (no crash), and
  inside an instance a run that cannot get a slot says the same.

nginx comes from Debian (``apt-get install nginx``; ``.ci/run`` installs it). Where it is
missing these tests are skipped with one message, except in CI, where that is a failure
(``conftest.missing``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from klyngekort.cli.common import CliError
from klyngekort.cli.serve import BUSY_PAGE, find_nginx, nginx_config, nginx_site
from tests.conftest import ROOT, _free_port, map_frame, missing

DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def nginx_bin() -> str:
    try:
        return find_nginx()
    except CliError:
        missing("nginx", "apt-get install nginx")
        raise


@dataclass
class Served:
    url: str
    ports: list[int]
    prefix: Path
    proc: subprocess.Popen

    def pid(self, index: int) -> int:
        return int((self.prefix / f"instance-{index}.pid").read_text())

    def upstream_of(self, cookie: str) -> str:
        """The instance (``127.0.0.1:port``) nginx sends a browser with this cookie to."""
        req = urllib.request.Request(self.url + "/_stcore/health", headers={"Cookie": f"kk_route={cookie}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.headers["X-Klyngekort-Upstream"]

    def cookie_for(self, index: int) -> str:
        """A ``kk_route`` value that nginx's consistent hash maps to instance ``index``."""
        want = f"127.0.0.1:{self.ports[index]}"
        for n in range(500):
            cookie = f"test{n:04d}"
            if self.upstream_of(cookie) == want:
                return cookie
        raise AssertionError(f"no cookie routes to {want}")


def _wait_health(url: str, proc: subprocess.Popen, prefix: Path, timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            logs = "\n".join(p.read_text()[-2000:] for p in prefix.glob("*.log"))
            raise AssertionError(f"klyngekort serve exited with {proc.returncode}\n{logs}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError("klyngekort serve did not answer")


def _serve(tmp: Path, instances: int, extra: list[str] = ()) -> Served:
    from klyngekort.present.assets import ensure_assets

    ensure_assets()
    port = _free_port()
    ports = [_free_port() for _ in range(instances)]
    prefix = tmp / "prefix"
    cmd = [
        sys.executable,
        "-m",
        "klyngekort.cli",
        "serve",
        "--instances",
        str(instances),
        "--port",
        str(port),
        "--prefix",
        str(prefix),
        "--db",
        str(tmp / "scenarios.sqlite3"),
        "--instance-ports",
        *map(str, ports),
        *extra,
    ]
    out = open(tmp / "serve.out", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    _wait_health(url, proc, prefix)
    return Served(url, ports, prefix, proc)


def _stop(s: Served) -> None:
    if s.proc.poll() is None:
        s.proc.send_signal(signal.SIGTERM)
        try:
            s.proc.wait(60)
        except subprocess.TimeoutExpired:  # pragma: no cover
            os.killpg(s.proc.pid, signal.SIGKILL)
            s.proc.wait(10)


@pytest.fixture(scope="module")
def served(nginx_bin, tmp_path_factory) -> Iterator[Served]:
    s = _serve(tmp_path_factory.mktemp("serve"), 2)
    yield s
    _stop(s)


# --------------------------------------------------------------------------- configuration


def test_nginx_accepts_the_configuration(nginx_bin, tmp_path):
    (tmp_path / "tmp").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        nginx_config(["127.0.0.1:8601", "127.0.0.1:8602"], listen="127.0.0.1:8600", prefix=tmp_path)
    )
    res = subprocess.run(
        [nginx_bin, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr


def test_deploy_files_are_what_serve_writes():
    """deploy/ holds the configuration ``serve`` uses, for the system's nginx and compose."""
    assert (DEPLOY / "nginx.conf").read_text() == nginx_site(
        ["127.0.0.1:8601", "127.0.0.1:8602"], listen="80"
    )
    assert (DEPLOY / "nginx-compose.conf").read_text() == nginx_site(["app:8501"], listen="80")
    assert "Travlt – prøv igen" in BUSY_PAGE


# --------------------------------------------------------------------------- two instances


@pytest.mark.browser
def test_browser_session_through_the_proxy(served, offline_page, artifacts):
    page = offline_page.page
    page.goto(served.url + "/?period=2025-2028", wait_until="domcontentloaded")
    frame = map_frame(page, timeout=90_000)
    assert frame.locator("path.kk-muni").count() == 98  # drawn from the websocket's messages
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("kk_route"), cookies  # the proxy made the session sticky
    assert served.upstream_of(cookies["kk_route"]) in {f"127.0.0.1:{p}" for p in served.ports}
    page.screenshot(path=str(artifacts / "serve-proxy-danmarkskort.png"))
    assert offline_page.blocked == [], offline_page.blocked
    assert offline_page.errors == [], offline_page.errors


def _context(browser, served: Served, index: int, lang: str = "da-DK"):
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, locale=lang)
    ctx.add_cookies([{"name": "kk_route", "value": served.cookie_for(index), "url": served.url}])
    return ctx


@pytest.mark.browser
def test_scenario_saved_on_one_instance_is_seen_on_the_other(served, browser, artifacts):
    ctx0, ctx1 = _context(browser, served, 0), _context(browser, served, 1)
    try:
        page = ctx0.new_page()
        page.goto(served.url + "/planlaegning?lang=en", wait_until="domcontentloaded")
        page.get_by_text("New scenario or import").wait_for(timeout=90_000)
        name = page.get_by_label("Name", exact=True).first
        name.wait_for(state="attached")
        if not name.is_visible():  # the expander is closed: open it
            page.get_by_text("New scenario or import").click()
            name.wait_for(state="visible")
        name.fill("Delt på tværs af instanser")
        page.get_by_role("button", name="Create", exact=True).click()
        page.get_by_text("was created").wait_for(timeout=60_000)
        page.get_by_role("button", name="Add", exact=True).click()
        page.get_by_text("There are unsaved changes.").wait_for(timeout=30_000)
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_text("Saved (version 2).").wait_for(timeout=30_000)
        page.wait_for_function("location.search.includes('scenario=')")
        link = page.url

        other = ctx1.new_page()
        other.goto(link, wait_until="domcontentloaded")  # the same link, served by the other instance
        other.get_by_text("Delt på tværs af instanser").first.wait_for(timeout=90_000)
        other.get_by_text("version 2", exact=False).first.wait_for(timeout=30_000)
        other.screenshot(path=str(artifacts / "serve-scenario-other-instance.png"))
        # the two pages really were served by different instances
        routes = [
            served.upstream_of(c["value"])
            for c in (*ctx0.cookies(), *ctx1.cookies())
            if c["name"] == "kk_route"
        ]
        assert len(set(routes)) == 2, routes
    finally:
        ctx0.close()
        ctx1.close()


@pytest.mark.browser
def test_killing_one_instance(served, browser, artifacts):
    """The user on the killed instance reconnects through the proxy to the other one and
    sees the same view; the user on the other instance is untouched."""
    view = "/?period=2025-2028&hub=EHFYN"
    ctx0, ctx1 = _context(browser, served, 0), _context(browser, served, 1)
    try:
        pages = []
        for ctx in (ctx0, ctx1):
            p = ctx.new_page()
            p.goto(served.url + view, wait_until="domcontentloaded")
            map_frame(p, timeout=90_000)
            p.evaluate("window.__kk_not_reloaded = true")
            pages.append(p)
        victim, survivor = pages
        os.kill(served.pid(0), signal.SIGKILL)

        # the survivor's session goes on: a filter change reruns on its instance
        survivor.locator("[data-testid='stSidebar']").get_by_text("2021–2024", exact=True).first.click()
        survivor.wait_for_function(
            "location.search.includes('hub=EHFYN') && !location.search.includes('period=2025')"
        )
        map_frame(survivor)
        assert survivor.evaluate("window.__kk_not_reloaded === true")

        # the victim's browser reconnects through the proxy (to the other instance) and shows
        # the same view again, from its address bar
        # (widgets are disabled while it is disconnected, so the click waits for the reconnection)
        sidebar = victim.locator("[data-testid='stSidebar']")
        sidebar.get_by_text("2021–2024", exact=True).first.click(timeout=90_000)
        victim.wait_for_function(
            "location.search.includes('hub=EHFYN') && !location.search.includes('period=2025')",
            timeout=90_000,
        )
        # the hub of the URL is chosen in the new session
        hub = sidebar.get_by_role("combobox", name="Erhvervshus")
        victim.wait_for_function(
            "(el) => el.value === 'Erhvervshus Fyn'", arg=hub.element_handle(), timeout=30_000
        )
        map_frame(victim, timeout=90_000)
        victim.screenshot(path=str(artifacts / "serve-after-kill.png"))
        # serve starts the killed instance again
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{served.ports[0]}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError("the killed instance was not started again")
    finally:
        ctx0.close()
        ctx1.close()


# --------------------------------------------------------------------------- overload


@pytest.mark.browser
def test_proxy_says_busy_beyond_max_sessions(nginx_bin, tmp_path, browser, artifacts):
    """One instance, one connection allowed: while a websocket holds it, the next visitor
    gets "Travlt – prøv igen" (a page that retries by itself), never an error page."""
    from websockets.sync.client import connect

    s = _serve(tmp_path, 1, ["--max-sessions", "1"])
    host = s.url.split("//", 1)[1]
    try:
        # a Streamlit session's websocket holds the one connection to the instance
        with connect(f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=s.url):
            try:
                with urllib.request.urlopen(s.url + "/", timeout=10) as r:
                    status, body = r.status, r.read().decode()
            except urllib.error.HTTPError as e:
                status, body = e.code, e.read().decode()
            assert status == 502
            assert "Travlt – prøv igen" in body
            ctx = browser.new_context(locale="da-DK")
            page = ctx.new_page()
            page.goto(s.url + "/", wait_until="domcontentloaded")
            page.get_by_text("Travlt – prøv igen").wait_for()
            page.screenshot(path=str(artifacts / "serve-travlt.png"))
            ctx.close()
    finally:
        _stop(s)


def test_app_says_busy_when_no_run_slot_is_free(monkeypatch):
    """Inside an instance: a run that gets no slot within the wait says "Travlt – prøv igen"
    with a button, and shows the page once a slot is free."""
    from klyngekort.ui import common
    from tests.conftest import open_page

    monkeypatch.setattr(common, "BUSY_TIMEOUT_S", 0.05)
    taken = 0
    while common._run_slots.acquire(blocking=False):  # every slot busy
        taken += 1
    try:
        at = open_page("pages/danmarkskort.py")
        assert any("Travlt – prøv igen" in w.value for w in at.warning), [w.value for w in at.warning]
        assert [b.label for b in at.button] == ["Prøv igen"]
        assert not at.exception
    finally:
        for _ in range(taken):
            common._run_slots.release()
    at.button[0].click().run()
    assert not any("Travlt" in w.value for w in at.warning)
    assert at.metric, "the page is shown once a slot is free"
