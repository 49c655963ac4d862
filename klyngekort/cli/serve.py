"""``klyngekort serve --instances N``: N app instances behind Debian's nginx, on one machine.

Streamlit runs one Python process per server, and a burst of users queues behind one core.
``serve`` starts N identical instances (``klyngekort run`` on loopback ports) and an nginx
reverse proxy in front of them, from a temporary prefix (its own ``nginx.conf``, pid, logs and
temp folders; the system's nginx configuration is not touched):

- **sticky sessions**: a browser gets a cookie ``kk_route`` on its first request, and nginx
  hashes it (``hash $kk_route consistent``) to pick the instance, so the page, its websocket,
  its uploads and downloads go to the same instance. When that instance is down, nginx
  passes the request to another one (``proxy_next_upstream``); the browser's Streamlit client
  reconnects there, and the address bar carries the view.
- **websocket upgrade**: ``proxy_http_version 1.1`` with the ``Upgrade``/``Connection`` headers.
- **overload**: at most ``--max-sessions`` connections per instance (``max_conns``); beyond
  that, and when no instance answers, nginx shows a page "Travlt – prøv igen" that reloads
  itself. Inside an instance, script runs queue for a few slots and give up with the same
  message after a long wait (:func:`klyngekort.ui.common.run_slot`).
- **one store**: every instance gets the same ``KLYNGEKORT_DATABASE_URL`` (:func:`store_url`):
  ``--database-url`` (PostgreSQL), else one SQLite file (``--db``, else the configured store),
  made absolute. The data of record, its history, the users and the scenarios all live there;
  ``serve`` opens it (and migrates it) once before the instances start. The geodata are the same
  files, and every cache is keyed by the data's revision, so what is saved or edited through
  one instance is seen through all of them.
- **one cookie secret** for all instances (``server.cookieSecret``), so a session that moves to
  another instance keeps its XSRF token valid.
- an instance that exits is started again (after a pause); Ctrl-C or SIGTERM stops everything.

The nginx configuration is written by :func:`nginx_config`; ``deploy/nginx.conf`` is the same
configuration for a server with systemd or compose.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from klyngekort.cli.common import CliError, h, say
from klyngekort.core import config
from klyngekort.core.files import write_text_atomic

ENV_DATABASE_URL = config.ENV_DATABASE_URL
ENV_INSTANCE = "KLYNGEKORT_INSTANCE"
COOKIE = "kk_route"

BUSY_PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Klyngekort – travlt</title>
<meta http-equiv="refresh" content="5">
<style>body{font-family:"Source Sans Pro","Segoe UI",Arial,sans-serif;margin:15vh auto;max-width:34em;
color:#1b1f24;padding:0 1em}h1{color:#1f4e79;font-size:1.6em}</style></head>
<body><h1>Travlt – prøv igen</h1>
<p>Mange bruger Klyngekort lige nu. Siden prøver selv igen om 5 sekunder.</p>
<p lang="en"><b>Busy – please try again.</b> Many people are using Klyngekort right now.
This page tries again by itself in 5 seconds.</p></body></html>
"""


def nginx_site(upstreams: list[str], *, listen: str, max_sessions: int = 200) -> str:
    """The ``http``-level part of the configuration (maps, upstream, server): what goes in
    ``/etc/nginx/conf.d/`` for the system's nginx. ``upstreams`` are the instances'
    ``host:port``, ``listen`` the proxy's ``[host:]port``."""
    busy_html = BUSY_PAGE.strip().replace("\\", "\\\\").replace("'", "\\'")
    servers = "\n".join(
        f"    server {u} max_fails=1 fail_timeout=10s max_conns={max_sessions};" for u in upstreams
    )
    return f"""# Klyngekort: N app instances behind one proxy, with sticky sessions and websockets.
# Written by klyngekort.cli.serve.nginx_site (`klyngekort serve` uses the same).

# Websocket upgrade for Streamlit's /_stcore/stream.
map $http_upgrade $connection_upgrade {{
    default upgrade;
    ''      close;
}}
# Sticky sessions: the cookie names the route; a browser without one gets a new random
# route (and the cookie), so users spread over the instances and each stays on one.
map $cookie_{COOKIE} $kk_route {{
    ""      $request_id;
    default $cookie_{COOKIE};
}}

upstream klyngekort {{
    hash $kk_route consistent;
{servers}
}}

server {{
    listen {listen};
    client_max_body_size 200m;

    location / {{
        proxy_pass http://klyngekort;
        proxy_http_version 1.1;
        proxy_set_header Host $http_host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        proxy_read_timeout 1d;
        proxy_send_timeout 1d;
        proxy_buffering off;
        proxy_connect_timeout 3s;
        # An instance that is down: the request (and a reconnecting websocket) goes to another.
        proxy_next_upstream error timeout http_502 http_503;
        add_header Set-Cookie "{COOKIE}=$kk_route; Path=/; HttpOnly; SameSite=Lax" always;
        add_header X-Klyngekort-Upstream $upstream_addr always;  # which instance answered
    }}

    # No instance free or answering: a page that says so and tries again by itself
    # (inline, so nginx needs no file for it).
    error_page 502 503 504 @busy;
    location @busy {{
        default_type text/html;
        charset utf-8;
        add_header Cache-Control "no-store" always;
        add_header Retry-After "5" always;
        return 502 '{busy_html}';
    }}
}}
"""


def nginx_config(upstreams: list[str], *, listen: str, prefix: Path, max_sessions: int = 200) -> str:
    """A whole nginx.conf for a private nginx whose pid, logs, temp folders and busy page
    live in ``prefix`` (``nginx -p PREFIX -c PREFIX/nginx.conf``)."""
    temp = "".join(
        f"    {kind}_temp_path {prefix}/tmp/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    site = nginx_site(upstreams, listen=listen, max_sessions=max_sessions)
    body = "".join(f"    {line}\n" if line else "\n" for line in site.splitlines())
    return (
        f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\nworker_processes 1;\n"
        "events {\n    worker_connections 4096;\n}\n"
        "http {\n"
        f"{temp}    access_log {prefix}/access.log;\n"
        "    types { text/html html; }\n    default_type application/octet-stream;\n\n"
        f"{body}}}\n"
    )


def find_nginx(explicit: str | None = None) -> str:
    """The nginx binary: ``--nginx``, else ``nginx`` on PATH, else Debian's /usr/sbin/nginx."""
    for cand in (explicit, shutil.which("nginx"), "/usr/sbin/nginx"):
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
    raise CliError("cli.nginx_not_found")


def free_ports(n: int, host: str = "127.0.0.1", *, avoid: Collection[int] = ()) -> list[int]:
    """``n`` different ports that are free on ``host`` now, none of them in ``avoid``. Every
    socket stays bound until all are chosen: ports asked for one at a time, each socket closed
    before the next, can come back twice."""
    ports: list[int] = []
    with contextlib.ExitStack() as held:
        while len(ports) < n:
            sock = held.enter_context(socket.socket())
            sock.bind((host, 0))
            port = int(sock.getsockname()[1])
            if port not in avoid:
                ports.append(port)
    return ports


def store_url(db: Path | None, database_url: str | None) -> str:
    """The one store of every instance, as a URL: ``database_url`` (``--database-url``), else
    the SQLite file ``db`` (``--db``), else the configured store (:func:`config.database_url`:
    ``$KLYNGEKORT_DATABASE_URL``, ``[database] url``, ``$KLYNGEKORT_DB`` or
    ``var/klyngekort.sqlite3``). A SQLite file is made absolute (the instances share it)."""
    from klyngekort.store.db import sqlite_path

    if database_url:
        return database_url
    url = f"sqlite:///{db.expanduser()}" if db is not None else config.database_url()
    path = sqlite_path(url)
    if path is None:
        return url
    path = path.expanduser().resolve()
    return f"sqlite:///{path}"


def open_store(url: str) -> None:
    """Open the store once before the instances start: an unreachable database is one message
    (not N failing instances), and the migrations run once."""
    from klyngekort.store import db

    engine = db.create_engine(url)
    try:
        db.check_reachable(engine)
        db.upgrade(engine)
    finally:
        engine.dispose()


def instance_env(
    index: int, *, cookie_secret: str, url: str, base: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment of instance ``index``: the same store (``url``, for data, history, users
    and scenarios), data and secret as the others."""
    from klyngekort.store.db import sqlite_path

    env = dict(os.environ if base is None else base)
    env[ENV_DATABASE_URL] = url
    path = sqlite_path(url)
    if path is not None:
        env[config.ENV_DB] = str(path)
    else:  # no second store beside the database
        env.pop(config.ENV_DB, None)
    env[ENV_INSTANCE] = str(index)
    env["STREAMLIT_SERVER_COOKIE_SECRET"] = cookie_secret
    return env


@dataclass
class Instance:
    index: int
    port: int
    env: dict[str, str]
    log: Path
    proc: subprocess.Popen | None = None
    restarts: int = 0
    down_since: float | None = None
    pidfile: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        from klyngekort.cli.run import server_command

        cmd = server_command(
            [
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
            ]
        )
        with open(self.log, "a") as fh:  # the child keeps its own descriptor
            self.proc = subprocess.Popen(
                cmd, cwd=config.PROJECT_ROOT, env=self.env, stdout=fh, stderr=subprocess.STDOUT
            )
        if self.pidfile is not None:
            write_text_atomic(self.pidfile, f"{self.proc.pid}\n")  # never seen empty
        self.down_since = None

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


@dataclass
class Cluster:
    """The instances and the proxy of one ``serve``."""

    prefix: Path
    instances: list[Instance]
    nginx_bin: str
    listen: str
    max_sessions: int
    nginx: subprocess.Popen | None = None
    log: list[str] = field(default_factory=list)

    def write_config(self) -> Path:
        (self.prefix / "tmp").mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        conf.write_text(
            nginx_config(
                [f"127.0.0.1:{i.port}" for i in self.instances],
                listen=self.listen,
                prefix=self.prefix,
                max_sessions=self.max_sessions,
            ),
            encoding="utf-8",
        )
        return conf

    def start_nginx(self) -> None:
        conf = self.write_config()
        check = subprocess.run(
            [
                self.nginx_bin,
                "-t",
                "-q",
                "-p",
                str(self.prefix),
                "-e",
                str(self.prefix / "error.log"),
                "-c",
                str(conf),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if check.returncode != 0:
            raise CliError("cli.nginx_refused", conf=str(conf), error=check.stderr.strip())
        with open(self.prefix / "nginx.out", "a") as fh:
            self.nginx = subprocess.Popen(
                [
                    self.nginx_bin,
                    "-p",
                    str(self.prefix),
                    "-e",
                    str(self.prefix / "error.log"),
                    "-c",
                    str(conf),
                    "-g",
                    "daemon off;",
                ],
                stdout=fh,
                stderr=subprocess.STDOUT,
            )

    def wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        pending = list(self.instances)
        while pending and time.monotonic() < deadline:
            for inst in list(pending):
                if inst.proc is not None and inst.proc.poll() is not None:
                    raise CliError(
                        "cli.instance_exited",
                        index=inst.index,
                        returncode=inst.proc.returncode,
                        log=str(inst.log),
                    )
                if inst.healthy():
                    pending.remove(inst)
            if pending:
                time.sleep(0.2)
        if pending:
            raise CliError(
                "cli.instances_not_started", indexes=[i.index for i in pending], prefix=str(self.prefix)
            )

    def supervise_once(self, restart_after: float = 2.0) -> None:
        """Start again an instance that has exited (after ``restart_after`` seconds)."""
        now = time.monotonic()
        for inst in self.instances:
            if inst.proc is None or inst.proc.poll() is None:
                continue
            if inst.down_since is None:
                inst.down_since = now
                print(
                    say(
                        "cli.instance_down", index=inst.index, port=inst.port, returncode=inst.proc.returncode
                    ),
                    file=sys.stderr,
                    flush=True,
                )
            elif now - inst.down_since >= restart_after:
                inst.restarts += 1
                inst.start()
                print(say("cli.instance_restarted", index=inst.index), file=sys.stderr, flush=True)
        if self.nginx is not None and self.nginx.poll() is not None:
            raise CliError(
                "cli.nginx_exited", returncode=self.nginx.returncode, log=f"{self.prefix}/error.log"
            )

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finish open requests
            try:
                self.nginx.wait(10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        for inst in self.instances:
            inst.stop()


def check_serve_args(args: argparse.Namespace) -> None:
    """Refuse what cannot run, before anything is opened or started: no instance, or
    --instance-ports that are not one port per instance, all different, none of them --port."""
    if args.instances < 1:
        raise CliError("cli.instances_below_one", 2)
    ports = list(args.instance_ports or [])
    if ports and len(ports) != args.instances:
        raise CliError("cli.instance_ports_mismatch", 2)
    if len(set(ports)) != len(ports) or args.port in ports:
        raise CliError("cli.instance_ports_clash", 2)


def build_cluster(args: argparse.Namespace, prefix: Path) -> Cluster:
    check_serve_args(args)
    url = store_url(args.db, args.database_url)
    secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_urlsafe(32)
    ports = list(args.instance_ports or []) or free_ports(args.instances, avoid={args.port})
    instances = []
    for i, port in enumerate(ports):
        env = instance_env(i, cookie_secret=secret, url=url)
        instances.append(
            Instance(i, port, env, prefix / f"instance-{i}.log", pidfile=prefix / f"instance-{i}.pid")
        )
    return Cluster(prefix, instances, find_nginx(args.nginx), f"{args.host}:{args.port}", args.max_sessions)


def cmd_serve(args: argparse.Namespace) -> int:
    from klyngekort.present.assets import ensure_assets
    from klyngekort.store.db import safe_url

    check_serve_args(args)
    open_store(store_url(args.db, args.database_url))  # a store that fails starts nothing
    ensure_assets()  # before the instances start: Streamlit serves static/ only if it exists then
    keep = args.prefix is not None
    prefix = Path(args.prefix) if keep else Path(tempfile.mkdtemp(prefix="klyngekort-serve-"))
    prefix.mkdir(parents=True, exist_ok=True)
    cluster = build_cluster(args, prefix)
    stopping = False

    def on_signal(signum, frame):
        nonlocal stopping
        stopping = True

    old = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        for inst in cluster.instances:
            inst.start()
        cluster.wait_healthy()
        cluster.start_nginx()
        url = f"http://{'localhost' if args.host in ('127.0.0.1', '0.0.0.0') else args.host}:{args.port}"
        env0 = cluster.instances[0].env
        lines = [
            say("cli.serve_started", n=len(cluster.instances), url=url),
            say("cli.serve_instances", urls=[i.url for i in cluster.instances]),
            say("cli.serve_store", store=safe_url(env0[ENV_DATABASE_URL])),
        ]
        lines.append(say("cli.serve_logs", prefix=str(prefix)))
        print("\n".join(lines), flush=True)
        while not stopping:
            cluster.supervise_once()
            time.sleep(0.5)
        return 0
    finally:
        cluster.stop()
        for s, h in old.items():
            signal.signal(s, h)
        if not keep:
            with contextlib.suppress(OSError):
                shutil.rmtree(prefix)


def add_parser(sub, parents: list | None = None) -> None:
    p = sub.add_parser(
        "serve",
        parents=parents or [],
        help=h("clih_serve"),
        description=h("clid_serve"),
    )
    p.add_argument("--instances", type=int, default=2, metavar="N", help=h("clih_serve_instances"))
    p.add_argument("--port", type=int, default=8501, help=h("clih_serve_port"))
    p.add_argument("--host", default="127.0.0.1", help=h("clih_serve_host"))
    p.add_argument(
        "--max-sessions",
        type=int,
        default=200,
        metavar="M",
        help=h("clih_serve_max_sessions"),
    )
    store = p.add_mutually_exclusive_group()  # one store for everything
    store.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help=h("clih_serve_db"),
    )
    store.add_argument(
        "--database-url",
        default=None,
        metavar="URL",
        help=h("clih_serve_database_url", variable=ENV_DATABASE_URL),
    )
    p.add_argument("--nginx", default=None, metavar="PATH", help=h("clih_serve_nginx"))
    p.add_argument(
        "--prefix",
        type=Path,
        default=None,
        metavar="DIR",
        help=h("clih_serve_prefix"),
    )
    p.add_argument(
        "--instance-ports",
        type=int,
        nargs="+",
        default=None,
        metavar="PORT",
        help=h("clih_serve_instance_ports"),
    )
    p.set_defaults(func=cmd_serve, parser=p)
