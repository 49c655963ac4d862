"""Shared fixtures: the real data and geodata, a Streamlit server, and Debian Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

#: CI (``.ci/run``) sets ``KLYNGEKORT_REQUIRE_BROWSER``/``KLYNGEKORT_REQUIRE_GEODATA``: a missing
#: browser, server or DAGI file is then a failure, not a skip.
IN_CI = bool(os.environ.get("KLYNGEKORT_REQUIRE_BROWSER") or os.environ.get("KLYNGEKORT_REQUIRE_GEODATA"))

# Hypothesis: derandomised in CI (the same examples every run, so CI cannot flicker), random
# locally to go on discovering; "explore" for a long hunt. Choose with HYPOTHESIS_PROFILE.
settings.register_profile("ci", derandomize=True, max_examples=50, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=50, deadline=None, print_blob=True)
settings.register_profile("explore", max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev"))


def missing(what: str, how: str, *, module: bool = False) -> None:
    """Something outside the project a test needs is not here (Chromium, PostgreSQL, nginx,
    the DAGI files): locally the test is skipped with one message saying how to get it; in
    CI it fails. The one way every test treats a missing external thing."""
    message = f"missing: {what} ({how})"
    if IN_CI:
        pytest.fail(message + " (CI requires it)", pytrace=False)
    pytest.skip(message, allow_module_level=module)


ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("KLYNGEKORT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    # Block everything off the machine: a proxy that does not exist for all but loopback,
    # and no DNS. (Playwright's request interception is not used: it stalls Streamlit's
    # lazily imported JS modules.) Every request is still recorded and checked.
    "--proxy-server=http://127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


@pytest.fixture(autouse=True)
def _scenario_db_in_tmp(tmp_path, monkeypatch):
    """No test ever writes the project's own scenario database (var/)."""
    if "KLYNGEKORT_DB" not in os.environ:
        monkeypatch.setenv("KLYNGEKORT_DB", str(tmp_path / "scenarios.sqlite3"))


#: "Today" in every test (``$KLYNGEKORT_TODAY``, the app's and the CLI's one clock): the
#: default period is the programme period containing it, so no test depends on the day it runs.
TODAY = "2026-12-02"


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch):
    """The tests run on :data:`TODAY` (default period 2025–2028) unless a test sets another day."""
    monkeypatch.setenv("KLYNGEKORT_TODAY", TODAY)


@pytest.fixture(autouse=True)
def _no_geodata_download_from_the_internet(monkeypatch):
    """A fetch that no test asked for goes to a closed loopback port, never to Dataforsyningen."""
    if "KLYNGEKORT_GEODATA_SOURCE" not in os.environ:
        monkeypatch.setenv("KLYNGEKORT_GEODATA_SOURCE", "http://127.0.0.1:9/no-download-in-tests")


@pytest.fixture(autouse=True)
def _strict_messages(monkeypatch):
    """A message whose template lacks one of its parameters fails the test that words it
    (for users it falls back to the plain ``code (params)`` form)."""
    from klyngekort.present import wording

    monkeypatch.setattr(wording, "_STRICT", True)


@pytest.fixture(scope="session")
def layers():
    from klyngekort.geo.cache import load_layers
    from klyngekort.geo.read import GeodataError

    try:
        return load_layers()
    except GeodataError as exc:
        from klyngekort.present.wording import message_text

        missing(
            "the DAGI municipality boundaries", f"{message_text(exc.message, 'en')} Set KLYNGEKORT_GEODATA"
        )


@pytest.fixture(scope="session")
def municipalities(layers):
    """The DAGI municipalities (EPSG:25832)."""
    return layers.municipalities


@pytest.fixture(scope="session")
def places(layers):
    """The DAGI municipalities as the loader checks codes and points against them."""
    return layers.places


@pytest.fixture(scope="session")
def public_dataset(layers):
    from klyngekort.core.loading import load_dataset

    res = load_dataset(ROOT / "data", places=layers.places)
    assert res.ok, "\n".join(map(str, res.errors))
    return res.dataset


@pytest.fixture(scope="session")
def example_dataset(layers):
    from klyngekort.core.loading import load_dataset

    res = load_dataset(ROOT / "data" / "example", places=layers.places)
    assert res.ok, "\n".join(map(str, res.errors))
    return res.dataset


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _free_port() -> int:
    from klyngekort.cli.serve import free_ports

    return free_ports(1)[0]


def start_app(
    env: dict[str, str],
    log_path: Path,
    *,
    port: int | None = None,
    cwd: Path | None = None,
    timeout: float = 90,
    base_path: str = "",
) -> tuple[subprocess.Popen, str]:
    """Start the app as ``make run`` starts it (:func:`klyngekort.cli.run.server_command`) on
    ``port`` (default: a free loopback port) in ``cwd`` (default: the project), under the path
    ``base_path`` (Streamlit's ``server.baseUrlPath``, e.g. ``klynge/kort``; default: the root),
    its output in ``log_path``; return the process and its base URL once Streamlit answers its
    health check."""
    from klyngekort.cli.run import server_command
    from klyngekort.present.assets import ensure_assets

    ensure_assets()  # Streamlit only serves static/ if it exists when the server starts
    env = {"KLYNGEKORT_TODAY": TODAY, **env}  # the tests' clock, unless the caller sets one
    port = port or _free_port()
    log = open(log_path, "w")  # noqa: SIM115  open for the server's life
    proc = subprocess.Popen(
        server_command(
            ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
            + (["--server.baseUrlPath", base_path] if base_path else [])
        ),
        cwd=cwd or ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}" + (f"/{base_path.strip('/')}" if base_path else "")
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit did not start; see {log_path}")


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.kill()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> Iterator[str]:
    """The app as ``make run`` starts it, on a free loopback port; yields its base URL."""
    env = dict(os.environ)
    env["KLYNGEKORT_DB"] = str(tmp_path_factory.mktemp("db") / "scenarios.sqlite3")
    proc, url = start_app(env, tmp_path_factory.mktemp("log") / "streamlit.log")
    yield url
    stop_app(proc)


@pytest.fixture(scope="session")
def browser():
    """Debian Chromium through Playwright. Skipped where it is not installed, unless
    ``KLYNGEKORT_REQUIRE_BROWSER`` is set (as in CI), where that is a failure."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing(f"Chromium at {CHROMIUM}", "apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class OfflinePage:
    """A page whose requests off the loopback interface are recorded (the browser's
    launch flags make them fail)."""

    def __init__(self, page) -> None:
        self.page = page
        self.blocked: list[str] = []
        self.errors: list[str] = []
        page.on("request", self._record)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _record(self, request) -> None:
        url = request.url
        host = url.split("//", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
        if not (url.startswith(("data:", "blob:", "about:")) or host in ("127.0.0.1", "localhost", "[::1]")):
            self.blocked.append(url)


@pytest.fixture()
def offline_page(browser) -> Iterator[OfflinePage]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="da-DK")
    page = context.new_page()
    op = OfflinePage(page)
    yield op
    context.close()


def open_page(page: str, query: dict[str, str] | None = None, timeout: float = 120):
    """AppTest of ``page`` as a browser opens it: app.py (navigation) with the URL's query
    parameters, then the page itself."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page != "pages/danmarkskort.py":  # the default page is what app.py shows first
        at.switch_page(page)
        at.run()
    return at


def settle(page, timeout: float = 60_000) -> None:
    """Wait (auto-waiting ``expect``, no fixed sleep) until Streamlit has finished its script
    run and shows no "running" widget, and every map on the page has drawn its polygons."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=timeout
    )
    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=timeout)
    still(page, timeout=timeout)
    # The app's own CSS (ui/common.py APP_CSS) arrives through st.html, which Streamlit draws
    # up to a second after the run has finished; audits and screenshots wait for it.
    page.wait_for_function(
        "getComputedStyle(document.documentElement).getPropertyValue('--kk-css').trim() === '1'",
        timeout=timeout,
    )
    # Every map frame on the page has drawn its municipalities. Checked again and again until
    # true (not counted once): while a rerun replaces a map, its old frame is there for a moment,
    # and a wait for that frame (``nth(1)``) would outlive it.
    page.wait_for_function(
        """() => [...document.querySelectorAll("iframe[title*='streamlit_folium']")].every(f => {
             try { return !!f.contentDocument.querySelector("path.kk-muni"); } catch (e) { return false; }
           })""",
        timeout=timeout,
    )


def still(page, timeout: float = 60_000) -> None:
    """Wait (auto-waiting, no fixed sleep) until the page's layout has stopped moving, so that a
    click lands where it was aimed.

    - No skeleton is left: Streamlit loads a widget's code on first use and draws a grey
      placeholder (``stSkeleton``) until it arrives, also after the run has finished; the
      widget is then taller or shorter and moves everything below it.
    - No finite animation or transition is running (an expander sliding open); endless ones
      (spinners) are left out.

    A click whose button moves between mouse down and mouse up lands on nothing. Repeating the
    planner's "Create" step with one core kept busy lost 1 click in 72 that way: the pointer
    went down on the button and up on the text area above it, pushed into its place. Traced
    frame by frame, skeletons were still on the page after the run had finished, and the form
    moved by up to 84 px while its widgets arrived."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout)
    page.wait_for_function(
        """() => document.getAnimations().every(a => a.playState !== "running" || !a.effect
             || a.effect.getComputedTiming().endTime === Infinity)""",
        timeout=timeout,
    )


def map_frame(page, timeout: float = 60_000):
    """The streamlit-folium iframe once Leaflet has drawn into it."""
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=timeout)
    frame = page.frame_locator("iframe[title*='streamlit_folium']").first
    frame.locator("path.kk-muni").first.wait_for(state="attached", timeout=timeout)
    return frame


@pytest.fixture(scope="session")
def poppler() -> None:
    """poppler-utils (pdftoppm, pdftotext, pdfinfo, pdffonts) for checking PDFs (.ci/run installs it)."""
    absent = [b for b in ("pdftoppm", "pdftotext", "pdfinfo", "pdffonts") if shutil.which(b) is None]
    if absent:
        missing(", ".join(absent), "apt-get install poppler-utils")


# --------------------------------------------------------------------------- PostgreSQL


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_postgres(cmd: list[str]) -> list[str]:
    """Run as the ``postgres`` user when we are root (initdb refuses to run as root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL cluster (initdb/pg_ctl in a temp folder, on 127.0.0.1 and a free
    port); yields the server URL without a database: ``postgresql+psycopg://postgres@127.0.0.1:PORT``."""
    bindir = _pg_bin()
    if bindir is None:
        missing("PostgreSQL (initdb, pg_ctl)", "apt-get install postgresql")
    assert bindir is not None
    if (
        os.geteuid() == 0
        and subprocess.run(["id", "postgres"], check=False, capture_output=True).returncode != 0
    ):
        missing("the postgres user", "apt-get install postgresql")
    import tempfile

    # Not under pytest's tmp folder: that is private to the user running the tests (root here),
    # and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="klyngekort-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    subprocess.run(
        _as_postgres(
            [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
        ),
        check=True,
        capture_output=True,
    )
    port = _free_port()
    log = root / "pg.log"
    subprocess.run(
        _as_postgres(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-w",
                "-o",
                f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            _as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


_pg_counter = 0


def new_postgres_database(server: str) -> str:
    """A fresh, empty database on the throwaway ``server`` (:func:`postgres_server`); its URL."""
    import psycopg

    global _pg_counter
    _pg_counter += 1
    name = f"t{os.getpid()}_{_pg_counter}"
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


@pytest.fixture()
def postgres_url(postgres_server) -> str:
    """A fresh, empty database on the throwaway server for one test."""
    return new_postgres_database(postgres_server)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """Each store test runs on SQLite and on a real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite3'}"
    return request.getfixturevalue("postgres_url")
