"""Many users at once: a websocket load generator for the Streamlit server (no browser).

Each simulated user is one Streamlit session driven over Streamlit's own protocol: a websocket
to ``ws://HOST:PORT/_stcore/stream`` (subprotocol ``streamlit``, ``Origin`` = the server),
``BackMsg.rerun_script`` with the page (``page_name``) and the filters in the URL query
(``query_string``), then ``ForwardMsg``s until ``script_finished``. The time between is one
rerun: the server's answer to one click. Like a browser, a session reports the hashes of the
cacheable messages it holds (``cached_message_hashes``), so an unchanged map is not sent twice.

For each number of sessions (default 1, 5, 20, 50) all sessions connect and run their first
page, then, at once (a burst), each reruns ``--reruns`` times through a list of views (every
page, with different periods, hubs, clusters, radii), each session starting at another view.
Printed per level: median and p95 rerun time, throughput (reruns per second of the burst),
errors (exceptions in the script, failed or closed connections, runs that did not finish,
"travlt" answers) and the server's RSS (the sum over its processes).

    python bench/bench_load.py [--sessions 1,5,20,50] [--reruns 5] [--url URL | --instances N]
                               [--compare-instances 2] [--json FILE]

Without ``--url`` it starts ``klyngekort run`` on a free port (one instance); ``--instances N``
starts ``klyngekort serve --instances N`` (N instances behind nginx) instead.
``--compare-instances N`` measures one instance and then N behind nginx in the same run and
prints the throughput ratio (target ≥ 1.8× for 2). Only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {
    20: {"median_s": 0.6, "p95_s": 1.2},
    50: {"errors": 0, "rss_mb": 600.0},
}
TARGET_PROXY_MEDIAN_S = 0.4
TARGET_PROXY_THROUGHPUT = 1.8
RUN_TIMEOUT_S = 60.0

# (page_name, query): every page, with filters that change the view.
VIEWS: list[tuple[str, str]] = [
    ("", ""),
    ("", "period=2025-2028"),
    ("", "hub=EHFYN"),
    ("", "clusters=CLEAN,ECD&color=area"),
    ("daekning", ""),
    ("daekning", "radius=60"),
    ("erhvervshus", "hub=EHMJ"),
    ("klynge", "cluster=CLEAN"),
    ("sammenlign", ""),
    ("huller", ""),
    ("data", ""),
    ("planlaegning", ""),
    ("", "hide=sites&period=2025-2028"),
    ("daekning", "hub=EHNJ&radius=30"),
]


def _pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 1)) - 1))  # nearest rank
    return s[k]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds used so far by the processes (from /proc/<pid>/stat)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def rss_mb(pids: list[int]) -> float:
    """The resident memory of the processes, in MB (VmRSS from /proc)."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


# --------------------------------------------------------------------------- one session


@dataclass
class SessionStats:
    first_s: float | None = None
    reruns_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    busy: int = 0


class Session:
    """One simulated user on one websocket."""

    def __init__(self, base_url: str, index: int) -> None:
        self.base = base_url.rstrip("/")
        self.index = index
        self.ws: Any = None
        self.cached: set[str] = set()
        self.stats = SessionStats()

    async def connect(self) -> None:
        import websockets

        host = self.base.split("//", 1)[1]
        # A cookie of its own, as a browser has: the proxy's sticky routing spreads sessions by it.
        headers = {"Cookie": f"kk_route={uuid.uuid4().hex}"}
        self.ws = await websockets.connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=self.base,  # type: ignore[arg-type]
            additional_headers=headers,
            max_size=None,
            open_timeout=RUN_TIMEOUT_S,
            ping_interval=None,
        )

    async def run(self, page: str, query: str) -> float | None:
        """One rerun; returns its duration, or None (and records why) when it failed."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        msg.rerun_script.cached_message_hashes.extend(sorted(self.cached))
        t0 = time.perf_counter()
        try:
            await self.ws.send(msg.SerializeToString())
            while True:
                raw = await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT_S)
                fm = ForwardMsg.FromString(raw)
                kind = fm.WhichOneof("type")
                if fm.metadata.cacheable and fm.hash:
                    self.cached.add(fm.hash)
                if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                    el = fm.delta.new_element
                    which = el.WhichOneof("type")
                    if which == "exception":
                        self.stats.errors.append(
                            f"{page or '/'}?{query}: {el.exception.type}: {el.exception.message[:120]}"
                        )
                    elif which == "alert" and "travlt" in el.alert.body.lower():
                        self.stats.busy += 1
                elif kind == "script_finished":
                    status = ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)
                    if status == "FINISHED_EARLY_FOR_RERUN":  # st.rerun(): the next run follows
                        continue
                    if status not in ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"):
                        self.stats.errors.append(f"{page or '/'}?{query}: {status}")
                        return None
                    return time.perf_counter() - t0
        except TimeoutError:
            self.stats.errors.append(
                f"{page or '/'}?{query}: no script_finished within {RUN_TIMEOUT_S:.0f} s"
            )
        except Exception as exc:  # noqa: BLE001 - a closed or refused connection is an error to count
            self.stats.errors.append(f"{page or '/'}?{query}: {type(exc).__name__}: {exc}")
        return None

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):  # closing a broken socket is not an error to count
                await self.ws.close()


async def _level(
    base_url: str, n: int, reruns: int, pids: list[int] | None = None, views: list[tuple[str, str]] = VIEWS
) -> dict[str, Any]:
    sessions = [Session(base_url, i) for i in range(n)]

    async def start(s: Session) -> None:
        try:
            await s.connect()
        except Exception as exc:  # noqa: BLE001 - counted, the others go on
            s.stats.errors.append(f"connect: {type(exc).__name__}: {exc}")
            return
        page, query = views[s.index % len(views)]
        s.stats.first_s = await s.run(page, query)

    await asyncio.gather(*(start(s) for s in sessions))

    async def burst(s: Session) -> None:
        if s.ws is None:
            return
        for r in range(reruns):
            page, query = views[(s.index + 1 + r) % len(views)]
            d = await s.run(page, query)
            if d is not None:
                s.stats.reruns_s.append(d)

    c0 = cpu_s(pids or [])
    t0 = time.perf_counter()
    await asyncio.gather(*(burst(s) for s in sessions))
    wall = time.perf_counter() - t0
    cpu = cpu_s(pids or []) - c0
    await asyncio.gather(*(s.close() for s in sessions))
    times = [d for s in sessions for d in s.stats.reruns_s]
    firsts = [s.stats.first_s for s in sessions if s.stats.first_s is not None]
    errors = [e for s in sessions for e in s.stats.errors]
    return {
        "sessions": n,
        "reruns": len(times),
        "median_s": statistics.median(times) if times else float("nan"),
        "p95_s": _pct(times, 0.95),
        "max_s": max(times) if times else float("nan"),
        "first_run_median_s": statistics.median(firsts) if firsts else float("nan"),
        "throughput_per_s": len(times) / wall if wall > 0 else float("nan"),
        # server CPU per rerun: steadier than wall times on a shared machine
        "cpu_ms_per_rerun": cpu * 1000 / len(times) if times and pids else float("nan"),
        "errors": len(errors),
        "error_examples": errors[:5],
        "busy": sum(s.stats.busy for s in sessions),
    }


# --------------------------------------------------------------------------- servers


@dataclass
class Target:
    url: str
    proc: subprocess.Popen | None
    label: str

    def pids(self) -> list[int]:
        """The app processes (not nginx): the launcher's process group, or every process
        listening behind it."""
        if self.proc is None:
            return []
        pgid = os.getpgid(self.proc.pid) if self.proc.poll() is None else None
        out = []
        for p in Path("/proc").iterdir():
            if not p.name.isdigit():
                continue
            try:
                if os.getpgid(int(p.name)) != pgid:
                    continue
                cmd = (p / "cmdline").read_bytes()
            except (OSError, ProcessLookupError):
                continue
            if b"nginx" not in cmd:
                out.append(int(p.name))
        return out

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(os.getpgid(self.proc.pid), signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(os.getpgid(self.proc.pid), signal.SIGKILL)


def _wait(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer; see {log}")


def start_target(instances: int, logdir: Path) -> Target:
    """``klyngekort run`` (instances == 1) or ``klyngekort serve --instances N``, in its own
    process group so that it and its children are stopped together."""
    exe = Path(sys.executable).with_name("klyngekort")
    base = [str(exe)] if exe.exists() else [sys.executable, "-m", "klyngekort.cli"]
    port = free_port()
    if instances == 1:
        cmd = [*base, "run", "--server.port", str(port), "--server.address", "127.0.0.1"]
        label = "1 instance (klyngekort run)"
    else:
        cmd = [*base, "serve", "--instances", str(instances), "--port", str(port), "--host", "127.0.0.1"]
        label = f"{instances} instances behind nginx (klyngekort serve)"
    env = dict(os.environ)
    env.setdefault("KLYNGEKORT_DB", str(logdir / "scenarios.sqlite3"))
    log = logdir / f"server-{instances}.log"
    with open(log, "w") as fh:  # the child keeps its own copy of the descriptor
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    _wait(url, proc, log)
    return Target(url, proc, label)


def measure(
    target: Target, levels: list[int], reruns: int, views: list[tuple[str, str]] = VIEWS
) -> list[dict[str, Any]]:
    out = []
    # Warm-up, not counted: one session through every view, so that the levels measure
    # reruns, not the first computation of a view on this server.
    asyncio.run(_level(target.url, 1, len(views), views=views))
    for n in levels:
        row = asyncio.run(_level(target.url, n, reruns, target.pids(), views))
        row["rss_mb"] = rss_mb(target.pids())
        row["load"] = load_average()
        out.append(row)
        _print_row(row)
    return out


def run_reference(levels: list[int], reruns: int, logdir: Path) -> list[dict[str, Any]]:
    """The minimal st_folium app of ``bench_first_map.py`` under the same load: the floor of
    what one rerun costs in this stack on this machine now."""
    sys.path.insert(0, str(ROOT / "bench"))
    import bench_first_map as first

    refdir = first.reference_dir()
    proc = first.start("ref", refdir, logdir)
    try:
        target = Target(proc.url, proc.proc, "reference: minimal st_folium app (bench/reference_app.py)")
        target.pids = lambda: [proc.proc.pid]  # type: ignore[method-assign]
        _print_header(target.label)
        return measure(target, levels, reruns, views=[("", "")])
    finally:
        proc.stop()


def _print_header(label: str) -> None:
    print(f"\n== {label} ==")
    print(
        f"{'sessions':>8}{'reruns':>8}{'median s':>10}{'p95 s':>8}{'max s':>8}{'first s':>9}"
        f"{'runs/s':>8}{'CPU ms':>8}{'errors':>8}{'busy':>6}{'RSS MB':>8}  load"
    )


def _print_row(r: dict[str, Any]) -> None:
    print(
        f"{r['sessions']:>8}{r['reruns']:>8}{r['median_s']:>10.3f}{r['p95_s']:>8.3f}{r['max_s']:>8.3f}"
        f"{r['first_run_median_s']:>9.3f}{r['throughput_per_s']:>8.1f}{r['cpu_ms_per_rerun']:>8.0f}{r['errors']:>8}{r['busy']:>6}"
        f"{r['rss_mb']:>8.0f}  {r['load']}"
    )
    for e in r["error_examples"]:
        print(f"{'':>8}error: {e}")


def verdicts(rows: list[dict[str, Any]], reference: list[dict[str, Any]] | None = None) -> None:
    single = {r["sessions"]: r for r in rows}
    ref = {r["sessions"]: r for r in reference or []}
    base = single.get(1)
    for n, t in TARGETS.items():
        r = single.get(n)
        if r is None:
            continue
        parts = []
        if "median_s" in t:
            parts.append(
                f"median {r['median_s']:.2f} s (≤ {t['median_s']}) {'PASS' if r['median_s'] <= t['median_s'] else 'FAIL'}"
            )
            parts.append(
                f"p95 {r['p95_s']:.2f} s (≤ {t['p95_s']}) {'PASS' if r['p95_s'] <= t['p95_s'] else 'FAIL'}"
            )
        if "errors" in t:
            parts.append(f"errors {r['errors']} (= 0) {'PASS' if r['errors'] == 0 else 'FAIL'}")
            parts.append(
                f"RSS {r['rss_mb']:.0f} MB (≤ {t['rss_mb']:.0f}) {'PASS' if r['rss_mb'] <= t['rss_mb'] else 'FAIL'}"
            )
        if base and base["median_s"] > 0:
            parts.append(f"median {r['median_s'] / base['median_s']:.1f}× the single session")
        if n in ref and ref[n]["median_s"] > 0:
            parts.append(f"median {r['median_s'] / ref[n]['median_s']:.1f}× the reference's")
        print(f"{n} sessions: " + "; ".join(parts))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", default="1,5,20,50", help="comma-separated session counts")
    ap.add_argument("--reruns", type=int, default=5, help="reruns per session in a burst (default 5)")
    ap.add_argument("--url", default=None, help="drive this running app instead of starting one")
    ap.add_argument("--instances", type=int, default=1, help="start klyngekort serve with N instances")
    ap.add_argument(
        "--compare-instances",
        type=int,
        default=0,
        metavar="N",
        help="also run N instances behind nginx and print the throughput ratio (e.g. 2)",
    )
    ap.add_argument(
        "--reference",
        action="store_true",
        help="first drive bench/reference_app.py (a minimal st_folium app, one view) the same way",
    )
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    levels = [int(x) for x in args.sessions.split(",") if x.strip()]
    logdir = Path(tempfile.mkdtemp(prefix="klyngekort-load-"))
    print(f"load average {load_average()}; {args.reruns} reruns per session; logs in {logdir}")
    results: dict[str, Any] = {"load_average": load_average()}
    if args.reference:
        results["reference"] = run_reference(levels, args.reruns, logdir)
    if args.url:
        target = Target(args.url.rstrip("/"), None, args.url)
        _print_header(target.label)
        results["url"] = measure(target, levels, args.reruns)
        verdicts(results["url"], results.get("reference"))
    else:
        for n in [args.instances] + ([args.compare_instances] if args.compare_instances else []):
            target = start_target(n, logdir)
            try:
                _print_header(target.label)
                results[f"instances_{n}"] = measure(target, levels, args.reruns)
                verdicts(results[f"instances_{n}"], results.get("reference"))
            finally:
                target.stop()
        if args.compare_instances:
            one = {r["sessions"]: r for r in results[f"instances_{args.instances}"]}
            many = {r["sessions"]: r for r in results[f"instances_{args.compare_instances}"]}
            print(
                f"\n== {args.compare_instances} instances behind nginx against {args.instances}, same run =="
            )
            for n in levels:
                a, b = one.get(n), many.get(n)
                if a and b and a["throughput_per_s"] > 0:
                    ratio = b["throughput_per_s"] / a["throughput_per_s"]
                    line = f"{n:>3} sessions: throughput {ratio:.2f}×, median {b['median_s']:.2f} s vs {a['median_s']:.2f} s"
                    if n == 20:
                        line += (
                            f"  (targets: ≥ {TARGET_PROXY_THROUGHPUT}× {'PASS' if ratio >= TARGET_PROXY_THROUGHPUT else 'FAIL'},"
                            f" median ≤ {TARGET_PROXY_MEDIAN_S} s {'PASS' if b['median_s'] <= TARGET_PROXY_MEDIAN_S else 'FAIL'})"
                        )
                    print(line)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
