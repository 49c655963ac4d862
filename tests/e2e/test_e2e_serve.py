"""``klyngekort serve``: two app instances behind Debian's nginx, on one throwaway PostgreSQL,
all on loopback.

- nginx accepts the configuration ``serve`` writes, and ``deploy/`` holds the same;
- ``serve`` gives every instance one store (``--database-url``, else one SQLite file);
- a browser session works through the proxy (page, static files, websocket), sticky to one
  instance by the ``kk_route`` cookie;
- a scenario saved, or a co-location added in "Redigér", through one instance is seen through
  the other, and both are in PostgreSQL (the SQLite file is never created);
- an instance killed (SIGKILL) in the middle of a scenario save or a data save: the store
  holds the old version, whole (rows, history, revision), and the user on the other instance
  is untouched;
- killing one instance: a user on the other is untouched; a user on it reconnects through the
  proxy to the other and sees the same view (the URL carries it);
- overload: beyond ``--max-sessions`` the proxy answers "Travlt – prøv igen" (no crash), and
  inside an instance a run that cannot get a slot says the same.

nginx and PostgreSQL come from Debian (``apt-get install nginx postgresql``; ``.ci/run``
installs them). Where one is missing these tests are skipped with one message, except in CI,
where that is a failure (``conftest.missing``).

The instances are killed mid-save through the stores' own test hooks
(``klyngekort.scenarios.store._before_commit_hook``, ``klyngekort.store.db.before_commit_hook``),
installed in instance 0 by a ``sitecustomize`` module on its ``PYTHONPATH`` (:data:`HOOKS`): when
the test arms it, the save stops with everything written and COMMIT not yet sent, and says so
in a file.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from klyngekort.cli.common import CliError
from klyngekort.cli.serve import (
    BUSY_PAGE,
    build_cluster,
    find_nginx,
    free_ports,
    nginx_config,
    nginx_site,
)
from tests.conftest import ROOT, _free_port, map_frame, missing, new_postgres_database, settle
from tests.e2e.edit_steps import TODAY, co_locations, fill_co_location
from tests.e2e.planner_steps import create_scenario

DEPLOY = ROOT / "deploy"
EDITOR = "Åse Test <aase@example.dk>"

#: ``sitecustomize.py`` for the served app: in instance 0, the stores' before-COMMIT hooks stop
#: a save the test has armed (file ``armed``: ``scenario:save`` or ``data:save``), write the file
#: ``inside`` (whole: write, then rename) and wait there until the test kills the process.
HOOKS = """
import os
import threading
from pathlib import Path

_dir = os.environ.get("KLYNGEKORT_TEST_HOOKS")
if _dir and os.environ.get("KLYNGEKORT_INSTANCE") == "0":
    from klyngekort.scenarios import store as _scenarios
    from klyngekort.store import db as _db

    def _pause(kind):
        def hook(operation):
            armed = Path(_dir) / "armed"
            if armed.exists() and armed.read_text() == f"{kind}:{operation}":
                tmp = Path(_dir) / "inside.tmp"
                tmp.write_text(f"{kind}:{operation}:{os.getpid()}")
                tmp.replace(Path(_dir) / "inside")
                threading.Event().wait(600)  # until the test kills this process

        return hook

    _scenarios._before_commit_hook = _pause("scenario")
    _db.before_commit_hook = _pause("data")
"""


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
    database_url: str = ""
    hooks: Path | None = None

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
        # an instance that was killed and started again gets requests once nginx tries it again
        # (``fail_timeout``): until then, ask again
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for n in range(64):
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


def _serve(
    tmp: Path,
    instances: int,
    extra: list[str] = (),
    *,
    database_url: str | None = None,
    env: dict[str, str] | None = None,
) -> Served:
    """``klyngekort serve`` on free ports, on PostgreSQL (``database_url``) or one SQLite file."""
    from klyngekort.present.assets import ensure_assets

    ensure_assets()
    port, *ports = free_ports(instances + 1)  # all different: the proxy's and each instance's
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
        *(["--database-url", database_url] if database_url else ["--db", str(tmp / "store.sqlite3")]),
        "--instance-ports",
        *map(str, ports),
        *extra,
    ]
    out = open(tmp / "serve.out", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    _wait_health(url, proc, prefix)
    return Served(url, ports, prefix, proc, database_url or "")


def _stop(s: Served) -> None:
    if s.proc.poll() is None:
        s.proc.send_signal(signal.SIGTERM)
        try:
            s.proc.wait(60)
        except subprocess.TimeoutExpired:  # pragma: no cover
            os.killpg(s.proc.pid, signal.SIGKILL)
            s.proc.wait(10)


@pytest.fixture(scope="module")
def served(nginx_bin, postgres_server, tmp_path_factory) -> Iterator[Served]:
    """Two instances on one fresh PostgreSQL database, with a local editor, and the hooks of
    :data:`HOOKS` in instance 0. ``KLYNGEKORT_DB`` points at a file that must never appear: the
    instances keep nothing beside the database."""
    tmp = tmp_path_factory.mktemp("serve")
    hooks = tmp / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(HOOKS)
    env = dict(os.environ)
    env.update(
        KLYNGEKORT_DB=str(tmp / "never.sqlite3"),
        KLYNGEKORT_LOCAL_EDITOR=EDITOR,
        KLYNGEKORT_TEST_HOOKS=str(hooks),
        PYTHONPATH=os.pathsep.join(filter(None, [str(hooks), env.get("PYTHONPATH")])),
    )
    env.pop("KLYNGEKORT_DATABASE_URL", None)
    s = _serve(tmp, 2, database_url=new_postgres_database(postgres_server), env=env)
    s.hooks = hooks
    yield s
    _stop(s)
    assert not (tmp / "never.sqlite3").exists()


def _engine(served: Served) -> sa.Engine:
    return sa.create_engine(served.database_url, poolclass=sa.pool.NullPool)


def _scalar(served: Served, sql: str, **params) -> object:
    engine = _engine(served)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(sql), params).scalar()
    finally:
        engine.dispose()


def _store_counts(served: Served) -> dict[str, object]:
    """What a data save writes: the sites, the saves, the history and the revision."""
    return {
        "sites": _scalar(served, "SELECT COUNT(*) FROM data_sites"),
        "site_versions": _scalar(served, "SELECT SUM(version) FROM data_sites"),
        "saves": _scalar(served, "SELECT COUNT(*) FROM saves"),
        "history": _scalar(served, "SELECT COUNT(*) FROM history"),
        "revision": _scalar(served, "SELECT revision FROM store_state"),
    }


def _open_transactions(served: Served) -> int:
    """Connections to the test's database that are inside a transaction, waiting for their client."""
    name = sa.make_url(served.database_url).database
    return int(
        _scalar(
            served,
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = :db AND state = 'idle in transaction'",
            db=name,
        )
    )


def _wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _wait_restarted(served: Served, index: int, old_pid: int) -> None:
    """``serve`` starts a killed instance again: a new pid, and it answers its health check."""

    def up() -> bool:
        if served.pid(index) == old_pid:
            return False
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{served.ports[index]}/_stcore/health", timeout=2
            ) as r:
                return r.status == 200
        except OSError:
            return False

    _wait_until(up, 180, f"instance {index} to be started again")


def _kill_in_the_middle_of(served: Served, kind: str, click) -> int:
    """Arm the hook for ``kind`` ("scenario" or "data") in instance 0, ``click()`` the save there,
    wait until the save has written everything but not committed, check that nobody else sees
    it, and kill the instance (SIGKILL). Returns the killed pid."""
    assert served.hooks is not None
    inside = served.hooks / "inside"
    inside.unlink(missing_ok=True)
    (served.hooks / "armed").write_text(f"{kind}:save")
    pid = served.pid(0)
    try:
        click()
        _wait_until(inside.exists, 90, f"the {kind} save to reach COMMIT")
    finally:
        (served.hooks / "armed").unlink()
    assert inside.read_text() == f"{kind}:save:{pid}"
    assert _open_transactions(served) >= 1  # the save's transaction, written and open
    os.kill(pid, signal.SIGKILL)
    # PostgreSQL sees the client gone and rolls its transaction back
    _wait_until(lambda: _open_transactions(served) == 0, 30, "the killed save's transaction to end")
    return pid


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


def _serve_args(*argv: str):
    from klyngekort.cli.main import build_parser

    args, _ = build_parser().parse_known_args(["serve", *argv])
    return args


def test_serve_gives_every_instance_one_store(nginx_bin, tmp_path, monkeypatch):
    """PostgreSQL when a URL is given, else one SQLite file (absolute): the same for every
    instance, and for data, history, users and scenarios alike."""
    url = "postgresql+psycopg://kk:secret@127.0.0.1:5432/klyngekort"
    monkeypatch.delenv("KLYNGEKORT_DATABASE_URL", raising=False)
    cluster = build_cluster(_serve_args("--instances", "3", "--database-url", url), tmp_path)
    envs = [i.env for i in cluster.instances]
    assert [e["KLYNGEKORT_DATABASE_URL"] for e in envs] == [url] * 3
    assert all("KLYNGEKORT_DB" not in e for e in envs)  # no second store beside the database
    assert [e["KLYNGEKORT_INSTANCE"] for e in envs] == ["0", "1", "2"]
    assert len({e["STREAMLIT_SERVER_COOKIE_SECRET"] for e in envs}) == 1

    monkeypatch.chdir(tmp_path)
    cluster = build_cluster(_serve_args("--db", "var/fælles.sqlite3"), tmp_path)
    file = (tmp_path / "var" / "fælles.sqlite3").resolve()
    for e in (i.env for i in cluster.instances):
        assert e["KLYNGEKORT_DATABASE_URL"] == f"sqlite:///{file}"
        assert e["KLYNGEKORT_DB"] == str(file)

    monkeypatch.setenv("KLYNGEKORT_DB", str(tmp_path / "env.sqlite3"))  # neither option: the configured store
    cluster = build_cluster(_serve_args(), tmp_path)
    assert {i.env["KLYNGEKORT_DATABASE_URL"] for i in cluster.instances} == {
        f"sqlite:///{tmp_path.resolve() / 'env.sqlite3'}"
    }


def test_serve_picks_different_ports_and_refuses_clashing_ones(nginx_bin, tmp_path, capsys):
    """The instances' free ports are all different and never nginx's own; ports given with
    --instance-ports that repeat, or that include --port, are refused with one message."""
    from klyngekort.cli.main import main

    held = free_ports(3)
    assert len(set(held)) == 3
    assert set(free_ports(20, avoid=held)).isdisjoint(held)
    cluster = build_cluster(_serve_args("--instances", "4", "--port", str(held[0])), tmp_path)
    ports = [i.port for i in cluster.instances]
    assert len(set(ports)) == 4 and held[0] not in ports

    for argv in (
        ["--instance-ports", "9001", "9001"],
        ["--port", "9001", "--instance-ports", "9001", "9002"],
    ):
        with pytest.raises(CliError) as err:
            build_cluster(_serve_args("--instances", "2", *argv), tmp_path)
        assert err.value.code == "cli.instance_ports_clash" and err.value.exit_code == 2
    # checked before anything is opened or started: no store file, no prefix folder
    prefix, db = tmp_path / "prefix", tmp_path / "store.sqlite3"
    argv = ["--instances", "2", "--instance-ports", "9001", "9001", "--prefix", str(prefix), "--db", str(db)]
    code = main(["serve", *argv])
    err_text = capsys.readouterr().err
    assert code == 2 and "--instance-ports skal være forskellige porte" in err_text, err_text
    assert "Traceback" not in err_text and not prefix.exists() and not db.exists()


def test_serve_says_once_that_the_database_cannot_be_reached(capsys, tmp_path):
    """A PostgreSQL that does not answer: one message naming the URL without its password, no
    traceback, and nothing started (no prefix folder)."""
    from klyngekort.cli.main import main

    url = f"postgresql+psycopg://kk:hemmelig@127.0.0.1:{_free_port()}/klyngekort"
    code = main(["serve", "--database-url", url, "--prefix", str(tmp_path / "prefix"), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "kk:***@127.0.0.1" in err and "hemmelig" not in err and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "prefix").exists()


def test_serve_refuses_two_stores(capsys):
    from klyngekort.cli.main import main

    code = main(["serve", "--db", "x.sqlite3", "--database-url", "postgresql+psycopg://h/k", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and "--database-url: not allowed with argument --db" in err, err


# --------------------------------------------------------------------------- two instances


@pytest.mark.browser
def test_browser_session_through_the_proxy(served, offline_page, artifacts):
    from playwright.sync_api import expect

    page = offline_page.page
    page.goto(served.url + "/?period=2025-2028", wait_until="domcontentloaded")
    frame = map_frame(page, timeout=90_000)
    expect(frame.locator("path.kk-muni")).to_have_count(98)  # drawn from the websocket's messages
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
        create_scenario(page, "Delt på tværs af instanser")
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
        # the scenario is in PostgreSQL, with its change
        sid = _scalar(served, "SELECT id FROM scenarios WHERE name = 'Delt på tværs af instanser'")
        assert _scalar(served, "SELECT version FROM scenarios WHERE id = :id", id=sid) == 2
        assert _scalar(served, "SELECT COUNT(*) FROM changes WHERE scenario_id = :id", id=sid) == 1
    finally:
        ctx0.close()
        ctx1.close()


@pytest.mark.browser
def test_edit_on_one_instance_is_seen_on_the_other(served, browser, artifacts):
    """A co-location added in "Redigér" through instance 0 is on the map through instance 1
    (which showed the map before: its cache is keyed by the store's revision), and the rows,
    the save and its history are in PostgreSQL."""
    from playwright.sync_api import expect

    ctx0, ctx1 = _context(browser, served, 0), _context(browser, served, 1)
    try:
        a, b = ctx0.new_page(), ctx1.new_page()
        before = co_locations(b, served.url)  # instance 1 has drawn the map before the edit
        assert co_locations(a, served.url) == before
        counts = _store_counts(served)
        fill_co_location(a, served.url, EDITOR, "CLEAN", "Erhvervshus Fyn", "aftale på tværs af instanser")
        a.get_by_role("button", name="Gem samlokalisering").click()
        expect(a.get_by_text(re.compile(r"Gemt: 1 ændringer"))).to_be_visible(timeout=60_000)

        assert co_locations(b, served.url) == before + 1  # seen through the other instance
        b.screenshot(path=str(artifacts / "serve-edit-other-instance.png"))
        assert [served.upstream_of(c["value"]) for c in ctx1.cookies() if c["name"] == "kk_route"] == [
            f"127.0.0.1:{served.ports[1]}"
        ]
        site = f"CLEAN-EHFYN-{date.today():%Y%m%d}"
        assert _scalar(served, "SELECT COUNT(*) FROM data_sites WHERE row_id = :id", id=site) == 1
        after = _store_counts(served)
        assert after["sites"] == counts["sites"] + 1
        assert after["saves"] == counts["saves"] + 1
        assert after["revision"] == counts["revision"] + 1
        assert (
            _scalar(served, "SELECT COUNT(*) FROM history WHERE row_id = :id AND action = 'add'", id=site)
            == after["history"] - counts["history"]
        )
    finally:
        ctx0.close()
        ctx1.close()


@pytest.mark.browser
def test_killed_in_the_middle_of_a_scenario_save(served, browser, artifacts):
    """Instance 0 is killed with a scenario save written but not committed: the store holds
    the old version, whole; the user on instance 1, on the same scenario, is untouched and
    saves it."""
    from playwright.sync_api import expect

    ctx0, ctx1 = _context(browser, served, 0, "en-GB"), _context(browser, served, 1, "en-GB")
    killed = None
    try:
        a = ctx0.new_page()
        a.goto(served.url + "/planlaegning?lang=en", wait_until="domcontentloaded")
        create_scenario(a, "Gemt eller ikke")
        a.wait_for_function("location.search.includes('scenario=')")
        link = a.url
        sid = _scalar(served, "SELECT id FROM scenarios WHERE name = 'Gemt eller ikke'")
        assert _scalar(served, "SELECT version FROM scenarios WHERE id = :id", id=sid) == 1

        b = ctx1.new_page()  # the other user, on the same scenario, on the other instance
        b.goto(link, wait_until="domcontentloaded")
        b.get_by_text("Gemt eller ikke").first.wait_for(timeout=90_000)
        settle(b)
        b.evaluate("window.__kk_not_reloaded = true")

        a.get_by_role("button", name="Add", exact=True).click()
        a.get_by_text("There are unsaved changes.").wait_for(timeout=30_000)
        save = a.get_by_role("button", name="Save", exact=True)
        killed = _kill_in_the_middle_of(served, "scenario", save.click)

        # the old version, whole: version 1, no change, nothing of the save
        assert _scalar(served, "SELECT version FROM scenarios WHERE id = :id", id=sid) == 1
        assert _scalar(served, "SELECT COUNT(*) FROM changes WHERE scenario_id = :id", id=sid) == 0
        assert (
            _scalar(
                served,
                "SELECT COUNT(*) FROM changes c LEFT JOIN scenarios s ON s.id = c.scenario_id WHERE s.id IS NULL",
            )
            == 0
        )

        # the user on instance 1 goes on in the same session: adds a change and saves it
        assert b.evaluate("window.__kk_not_reloaded === true")
        b.get_by_role("button", name="Add", exact=True).click()
        b.get_by_text("There are unsaved changes.").wait_for(timeout=30_000)
        b.get_by_role("button", name="Save", exact=True).click()
        expect(b.get_by_text("Saved (version 2).")).to_be_visible(timeout=30_000)
        assert b.evaluate("window.__kk_not_reloaded === true")
        b.screenshot(path=str(artifacts / "serve-saved-after-kill.png"))
        assert _scalar(served, "SELECT version FROM scenarios WHERE id = :id", id=sid) == 2
        assert _scalar(served, "SELECT COUNT(*) FROM changes WHERE scenario_id = :id", id=sid) == 1
    finally:
        ctx0.close()
        ctx1.close()
        if killed is not None:
            _wait_restarted(served, 0, killed)


def _rerun_in_the_same_session(page) -> None:
    """A filter change in the sidebar reruns the page in its session (no reload)."""
    page.locator("[data-testid='stSidebar']").get_by_text("2021–2024", exact=True).first.click()
    page.wait_for_function(f"!location.search.includes('period={TODAY}')")
    map_frame(page)
    settle(page)
    assert page.evaluate("window.__kk_not_reloaded === true")


@pytest.mark.browser
def test_killed_in_the_middle_of_a_data_save(served, browser, artifacts):
    """Instance 0 is killed in "Redigér" with a co-location's rows, save and history written
    but not committed: the store holds none of it (rows, row versions, saves, history and
    revision as before), and the user on instance 1 is untouched."""
    ctx0, ctx1 = _context(browser, served, 0), _context(browser, served, 1)
    killed = None
    try:
        b = ctx1.new_page()
        before = co_locations(b, served.url)
        b.evaluate("window.__kk_not_reloaded = true")
        counts = _store_counts(served)
        a = ctx0.new_page()
        fill_co_location(
            a, served.url, EDITOR, "Energy Cluster Denmark", "Erhvervshus Sydjylland", "halvt gemt?"
        )
        save = a.get_by_role("button", name="Gem samlokalisering")
        killed = _kill_in_the_middle_of(served, "data", save.click)

        assert _store_counts(served) == counts  # none of it: rows, versions, saves, history, revision
        site = f"ECD-EHSYD-{date.today():%Y%m%d}"
        assert _scalar(served, "SELECT COUNT(*) FROM data_sites WHERE row_id = :id", id=site) == 0
        assert _scalar(served, "SELECT COUNT(*) FROM history WHERE row_id = :id", id=site) == 0

        _rerun_in_the_same_session(b)  # the user on instance 1 goes on
        b.screenshot(path=str(artifacts / "serve-after-kill-mid-edit.png"))
        assert co_locations(b, served.url) == before
    finally:
        ctx0.close()
        ctx1.close()
        if killed is not None:
            _wait_restarted(served, 0, killed)


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
