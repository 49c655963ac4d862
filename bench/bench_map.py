"""Benchmark of the national map page, "Danmarkskort" (a script, not a test).

Prints, with PASS/FAIL against the targets of issue 2:

1. **Cold start to map drawn in Chromium**, median of 5 (``--runs``). Each run ensures the
   static assets (:func:`klyngekort.present.assets.ensure_assets`), launches a fresh Debian Chromium
   (not timed), starts a fresh ``streamlit run app.py`` on a free loopback port, opens
   ``/`` (Danmarkskort, the default page) as soon as the server answers its health check, and stops the clock when
   the map iframe holds all 98 ``path.kk-muni`` elements. Two clocks: from the server process
   start, and from the browser's navigation start (``performance.now()`` in the page).
   The server is killed between runs. The state of the geodata disk cache is reported; one
   extra run with an empty cache (``KLYNGEKORT_CACHE`` → a temporary folder) shows the
   first start on a new machine (``--no-cold-cache`` skips it).
2. **Bytes the browser receives for the map**: the websocket frame that carries the
   streamlit-folium component (its JSON args: the Leaflet script, header, HTML, ...), the
   Leaflet script string itself (``streamlit_folium._get_map_string``), the vendored Leaflet
   files and the component bundle, and the total transfer of the page (HTTP + websocket).
3. **Script run time of a filter change**: ``streamlit.testing.v1.AppTest`` on ``app.py``,
   alternating values of the period radio, the hub selectbox and the cluster multiselect;
   median and p90. The pieces of a run are timed in-process (``select``, ``build_content``,
   ``render``, streamlit-folium's rendering and ``_get_map_string``, the table and the
   downloads), and a cProfile of the script thread shows where the rest goes.
4. **Server RSS** after the map is drawn once, and after 10 filter changes in the browser
   (period radio), with the browser-side time of each change.

The browser blocks every request off the machine with the flags of ``tests/conftest.py``
(a proxy that does not exist, no DNS); Playwright request interception is not used.

    python bench/bench_map.py [--runs 5] [--changes 9] [--json FILE] [--no-browser]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_PAYLOAD_KB = 400.0
TARGET_FILTER_MS = 150.0
TARGET_FIRST_MAP_S = 3.0
N_MUNICIPALITIES = 98

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  after the sys.path insert

# True once an iframe of the page (same origin) has drawn all municipalities; returns the
# page's performance.now(), i.e. milliseconds since navigation start.
JS_MAP_DRAWN = """(n) => {
  for (const f of document.querySelectorAll('iframe')) {
    let d = null;
    try { d = f.contentDocument; } catch (e) { continue; }
    if (d && d.querySelectorAll('path.kk-muni').length >= n) return performance.now();
  }
  return false;
}"""

# Marks the municipality paths drawn now, so that a redraw can be told apart.
JS_MARK_OLD = """() => {
  for (const f of document.querySelectorAll('iframe')) {
    let d = null;
    try { d = f.contentDocument; } catch (e) { continue; }
    if (d) d.querySelectorAll('path.kk-muni').forEach(p => p.setAttribute('data-kk-old', '1'));
  }
}"""

JS_MAP_REDRAWN = """(n) => {
  for (const f of document.querySelectorAll('iframe')) {
    let d = null;
    try { d = f.contentDocument; } catch (e) { continue; }
    if (d && d.querySelectorAll('path.kk-muni:not([data-kk-old])').length >= n) return true;
  }
  return false;
}"""


# --------------------------------------------------------------------------- small helpers


def _median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def _p90(xs: list[float]) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    # nearest-rank p90
    k = max(0, min(len(s) - 1, int(-(-0.9 * len(s) // 1)) - 1))
    return s[k]


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid: int) -> dict[str, int]:
    """Resident memory of a process in KiB: psutil when installed, else /proc/<pid>/status."""
    try:
        import psutil  # type: ignore[import-not-found]

        info = psutil.Process(pid).memory_info()
        return {"rss_kb": int(info.rss // 1024), "source": "psutil"}  # type: ignore[dict-item]
    except ImportError:
        pass
    out: dict[str, Any] = {"source": "/proc/status"}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key = "rss_kb" if line.startswith("VmRSS") else "peak_rss_kb"
            out[key] = int(line.split()[1])
    return out


def geodata_cache_state(cache: Path | None = None) -> tuple[bool, str]:
    """Is the derived-layer disk cache for the current DAGI file present?"""
    from klyngekort.core import config
    from klyngekort.geo.cache import _cache_names
    from klyngekort.geo.read import (
        DEFAULT_DISPLAY_TOLERANCE,
        file_sha256,
        find_municipality_file,
    )

    try:
        src = find_municipality_file()
    except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
        return False, f"no geodata: {exc}"
    sha = file_sha256(src)
    cache = cache or config.cache_dir()
    names = _cache_names(sha, DEFAULT_DISPLAY_TOLERANCE)
    present = all((cache / n).is_file() for n in names.values())
    return present, f"{cache}/{names['display']} ({'present' if present else 'absent'}; source {src.name})"


def _serve_timed(runs_log: str, streamlit_args: list[str]) -> None:
    """``streamlit <args>`` with every script run timed (wall and CPU time of the script
    thread), one JSON line per run appended to ``runs_log``. Used by :func:`start_server`;
    the app itself is unchanged."""
    from streamlit.runtime.scriptrunner import script_runner as sr

    original = sr.ScriptRunner._run_script
    profile_to = os.environ.get("KLYNGEKORT_BENCH_PROFILE")  # profile every run after the first
    prof = cProfile.Profile() if profile_to else None
    n_runs = [0]
    gc_ms = [0.0]
    import gc

    real_collect = gc.collect

    def timed_collect(*a, **kw):  # Streamlit calls gc.collect(2) after each run (runner.postScriptGC)
        t = time.perf_counter()
        try:
            return real_collect(*a, **kw)
        finally:
            gc_ms[0] += (time.perf_counter() - t) * 1000

    gc.collect = timed_collect

    def timed(self, rerun_data):
        n_runs[0] += 1
        gc_ms[0] = 0.0
        profiling = prof is not None and n_runs[0] > 1
        w0, c0 = time.perf_counter(), time.thread_time()
        if profiling:
            prof.enable()
        try:
            return original(self, rerun_data)
        finally:
            if profiling:
                prof.disable()
                prof.dump_stats(profile_to)
            rec = {
                "end": time.time(),
                "wall_ms": (time.perf_counter() - w0) * 1000,
                "cpu_ms": (time.thread_time() - c0) * 1000,
                "gc_ms": gc_ms[0],
            }
            with open(runs_log, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(rec) + "\n")

    sr.ScriptRunner._run_script = timed
    from klyngekort.cli.run import SERVER_PRELOAD

    exec(SERVER_PRELOAD, {})  # what `klyngekort run` / `make run` does before Streamlit starts
    from streamlit.web import cli

    sys.argv = ["streamlit", *streamlit_args]
    cli.main(prog_name="streamlit")


@dataclass
class Server:
    proc: subprocess.Popen
    url: str
    t_start: float  # perf_counter just before Popen
    t_healthy: float
    log_path: Path
    runs_log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def script_runs(self) -> list[dict[str, float]]:
        """Every script run so far: wall and CPU ms of the script thread (see :func:`_serve_timed`)."""
        if not self.runs_log.exists():
            return []
        return [
            json.loads(line)
            for line in self.runs_log.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def start_server(env_extra: dict[str, str] | None = None, logdir: Path | None = None) -> Server:
    """``streamlit run app.py`` on a free loopback port, waited for until healthy."""
    port = free_port()
    env = dict(os.environ)
    env.setdefault("KLYNGEKORT_DB", str(Path(tempfile.gettempdir()) / "klyngekort-bench-scenarios.sqlite3"))
    env.update(env_extra or {})
    logdir = logdir or Path(tempfile.mkdtemp(prefix="klyngekort-bench-"))
    log_path = logdir / f"streamlit-{port}.log"
    runs_log = logdir / f"runs-{port}.jsonl"
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--serve-timed",
        str(runs_log),
        "run",
        str(ROOT / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = t0 + 90
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return Server(proc, url, t0, time.perf_counter(), log_path, runs_log)
        except OSError:
            time.sleep(0.02)
    proc.kill()
    raise RuntimeError(f"streamlit did not answer within 90 s; see {log_path}")


# --------------------------------------------------------------------------- websocket capture


@dataclass
class WsCapture:
    """Every websocket frame the page receives, with its receive time and decoded type."""

    frames: list[tuple[float, int, Any]] = field(default_factory=list)  # (t, nbytes, ForwardMsg|None)
    component_hashes: set[str] = field(default_factory=set)  # hashes of map component messages

    def attach(self, page) -> None:
        page.on("websocket", lambda ws: ws.on("framereceived", self._on_frame))

    def _on_frame(self, payload) -> None:
        t = time.perf_counter()
        data = payload if isinstance(payload, (bytes, bytearray)) else payload.encode("utf-8")
        msg = None
        try:
            from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

            msg = ForwardMsg.FromString(bytes(data))
        except Exception:  # noqa: BLE001 - a frame we cannot decode is still counted
            msg = None
        if msg is not None and self._is_component(msg):
            self.component_hashes.add(msg.hash)
        self.frames.append((t, len(data), msg))

    @staticmethod
    def _is_component(m) -> bool:
        return (
            m.WhichOneof("type") == "delta"
            and m.delta.WhichOneof("type") == "new_element"
            and m.delta.new_element.WhichOneof("type") == "component_instance"
            and "folium" in m.delta.new_element.component_instance.component_name
        )

    @property
    def total_bytes(self) -> int:
        return sum(n for _, n, _ in self.frames)

    def count(self, kind: str) -> int:
        return sum(1 for _, _, m in self.frames if m is not None and m.WhichOneof("type") == kind)

    def last_time(self, kind: str) -> float | None:
        for t, _, m in reversed(self.frames):
            if m is not None and m.WhichOneof("type") == kind:
                return t
        return None

    def component_frames(self, since: int = 0) -> list[dict[str, Any]]:
        """The frames that carry the streamlit-folium component: sizes of frame, JSON args
        and the Leaflet script inside them."""
        out = []
        for t, n, m in self.frames[since:]:
            if m is None:
                continue
            if m.WhichOneof("type") == "ref_hash":
                if m.ref_hash in self.component_hashes:  # the browser already holds this map
                    out.append({"t": t, "frame_bytes": n, "ref_hash": True})
                continue
            if not self._is_component(m):
                continue
            ci = m.delta.new_element.component_instance
            args = json.loads(ci.json_args) if ci.json_args else {}
            out.append(
                {
                    "t": t,
                    "frame_bytes": n,
                    "ref_hash": False,
                    "json_args_bytes": len(ci.json_args.encode("utf-8")),
                    "script_chars_in_args": len(args.get("script") or ""),
                    "header_chars_in_args": len(args.get("header") or ""),
                    "html_chars_in_args": len(args.get("html") or ""),
                    "special_args_bytes": sum(a.ByteSize() for a in ci.special_args),
                }
            )
        return out


# --------------------------------------------------------------------------- browser


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="da-DK")
    page = context.new_page()
    return context, page


def _request_sizes(requests: list) -> list[dict[str, Any]]:
    rows = []
    for req in requests:
        try:
            sizes = req.sizes()
        except Exception:  # noqa: BLE001 - unfinished or failed request: nothing was received
            continue
        rows.append(
            {
                "url": req.url,
                # negative sizes mean "served from the browser's cache": nothing transferred
                "body": max(0, int(sizes.get("responseBodySize", 0) or 0)),
                "headers": max(0, int(sizes.get("responseHeadersSize", 0) or 0)),
            }
        )
    return rows


def _first_time(frames: list, since_t: float, kind: str) -> float | None:
    for t, _, m in frames:
        if t >= since_t and m is not None and m.WhichOneof("type") == kind:
            return t
    return None


def cold_start_run(pw, env_extra: dict[str, str] | None = None, timeout_s: float = 90.0) -> dict[str, Any]:
    """One cold start: fresh Chromium, fresh server, navigate, wait for 98 municipalities."""
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    context, page = _new_page(browser)
    ws = WsCapture()
    ws.attach(page)
    finished: list = []
    page.on("requestfinished", finished.append)
    blocked: list[str] = []

    def record(req) -> None:
        host = req.url.split("//", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0]
        if not (
            req.url.startswith(("data:", "blob:", "about:")) or host in ("127.0.0.1", "localhost", "[::1]")
        ):
            blocked.append(req.url)

    page.on("request", record)
    server = start_server(env_extra)
    try:
        t_nav = time.perf_counter()
        page.goto(server.url + "/", wait_until="commit", timeout=timeout_s * 1000)
        handle = page.wait_for_function(
            JS_MAP_DRAWN, arg=N_MUNICIPALITIES, polling="raf", timeout=timeout_s * 1000
        )
        t_drawn = time.perf_counter()
        nav_ms = float(handle.json_value())
        page.wait_for_timeout(
            1500
        )  # let late requests (fonts, favicon, downloads) finish for the transfer count
        rss = rss_kb(server.pid)
        comp = ws.component_frames()

        def rel(t: float | None) -> float | None:
            return None if t is None else t - t_nav

        timeline = {  # seconds after navigation start, as seen by this script
            "first_ws_frame": rel(ws.frames[0][0] if ws.frames else None),
            "first_script_start (new_session)": rel(_first_time(ws.frames, t_nav, "new_session")),
            "map component frame received": rel(comp[0]["t"] if comp else None),
            "script_finished received": rel(
                _first_time(ws.frames, comp[0]["t"] if comp else t_nav, "script_finished")
            ),
            "map drawn (98 municipalities)": t_drawn - t_nav,
        }
        return {
            "proc_to_healthy_s": server.t_healthy - server.t_start,
            "healthy_to_nav_s": t_nav - server.t_healthy,
            "proc_to_map_s": t_drawn - server.t_start,
            "nav_to_map_s": nav_ms / 1000.0,
            "nav_to_map_py_s": t_drawn - t_nav,
            "timeline_s": timeline,
            "server_script_runs": server.script_runs(),
            "requests": _request_sizes(finished),
            "ws_total_bytes": ws.total_bytes,
            "ws_frames": len(ws.frames),
            "component": [{k: v for k, v in c.items() if k != "t"} for c in comp],
            "blocked": blocked,
            "rss_after_first_map": rss,
        }
    finally:
        context.close()
        browser.close()
        server.stop()


def filter_changes_in_browser(
    pw, n_changes: int = 10, timeout_s: float = 60.0, env_extra: dict[str, str] | None = None
) -> dict[str, Any]:
    """RSS after the first map, then ``n_changes`` period changes in the browser, then RSS again.

    Per change: the server's script run (wall and CPU ms of the script thread), the time from
    the click until the browser has the ``script_finished`` message and until the new map is
    drawn, and the bytes received (websocket frames and HTTP responses)."""
    from klyngekort.core.periods import PROGRAMME_PERIODS

    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    context, page = _new_page(browser)
    ws = WsCapture()
    ws.attach(page)
    finished: list = []
    page.on("requestfinished", finished.append)
    server = start_server(env_extra)
    try:
        page.goto(server.url + "/", wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(JS_MAP_DRAWN, arg=N_MUNICIPALITIES, polling="raf", timeout=timeout_s * 1000)
        deadline = time.perf_counter() + timeout_s
        while ws.count("script_finished") == 0 and time.perf_counter() < deadline:
            page.wait_for_timeout(20)
        page.wait_for_timeout(1500)
        rss_first = rss_kb(server.pid)

        sidebar = page.locator("[data-testid='stSidebar']")
        labels = [k.replace("-", "–") for k in PROGRAMME_PERIODS]  # as the radio shows them
        values = [labels[1], labels[0]]
        changes = []
        for i in range(n_changes):
            label = values[i % 2]
            page.evaluate(JS_MARK_OLD)
            n_fin, n_frames, n_req = ws.count("script_finished"), len(ws.frames), len(finished)
            n_runs = len(server.script_runs())
            t_click = time.perf_counter()
            sidebar.get_by_text(label, exact=True).first.click()
            deadline = time.perf_counter() + timeout_s
            while ws.count("script_finished") <= n_fin and time.perf_counter() < deadline:
                page.wait_for_timeout(5)
            t_fin = ws.last_time("script_finished") or time.perf_counter()
            page.wait_for_function(
                JS_MAP_REDRAWN, arg=N_MUNICIPALITIES, polling="raf", timeout=timeout_s * 1000
            )
            t_drawn = time.perf_counter()
            page.wait_for_timeout(300)  # downloads' media requests
            comp = ws.component_frames(since=n_frames)
            runs = server.script_runs()[n_runs:]
            http = _request_sizes(finished[n_req:])
            changes.append(
                {
                    "to": label,
                    "server_runs": len(runs),
                    "server_wall_ms": sum(r["wall_ms"] for r in runs),
                    "server_cpu_ms": sum(r["cpu_ms"] for r in runs),
                    "server_gc_ms": sum(r.get("gc_ms", 0.0) for r in runs),
                    "click_to_script_finished_ms": (t_fin - t_click) * 1000,
                    "click_to_map_redrawn_ms": (t_drawn - t_click) * 1000,
                    "component_frame_bytes": comp[-1]["frame_bytes"] if comp else 0,
                    "component_from_cache": bool(comp and comp[-1].get("ref_hash")),
                    "ws_bytes": sum(n for _, n, _ in ws.frames[n_frames:]),
                    "http_bytes": sum(r["body"] + r["headers"] for r in http),
                    "http_urls": [r["url"].split("/", 3)[-1] for r in http],
                }
            )
            page.wait_for_timeout(200)
        page.wait_for_timeout(1000)
        rss_after = rss_kb(server.pid)
        return {"rss_after_first_map": rss_first, "rss_after_changes": rss_after, "changes": changes}
    finally:
        context.close()
        browser.close()
        server.stop()


# --------------------------------------------------------------------------- in-process pieces


_CPU: dict[str, float] = {}  # CPU ms of the last _timed call


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t, c = time.perf_counter(), time.thread_time()
    out = fn()
    _CPU["last"] = (time.thread_time() - c) * 1000
    return (time.perf_counter() - t) * 1000, out


def load_inputs():
    from klyngekort.core import config
    from klyngekort.core.loading import load_dataset
    from klyngekort.geo.cache import load_layers

    layers = load_layers()
    res = load_dataset(config.data_dir(), places=layers.places)
    if res.dataset is None:
        raise RuntimeError("the public dataset could not be loaded: " + "; ".join(map(str, res.issues[:3])))
    return layers, res.dataset


def map_string_sizes() -> dict[str, Any]:
    """The strings streamlit-folium builds for the default national map, and the JSON
    the component args become (what goes into the websocket frame)."""
    from streamlit_folium import _get_header, _get_html, _get_map_string

    from klyngekort.core.periods import period_for
    from klyngekort.core.selection import Selection, select
    from klyngekort.present.mapview import render
    from klyngekort.present.national_map import Layers, build_content

    layers, ds = load_inputs()
    view = select(ds, Selection(period=period_for("2021-2024")))
    content = build_content(
        ds,
        view,
        layers.display,
        lang="da",
        layers=Layers(),
        color_by="cluster",
        attribution=layers.attribution,
    )
    m = render(content)
    m.get_root().render()
    m.render()
    html = _get_html(m)
    header = _get_header(m)
    script = _get_map_string(m)
    args = {"script": script, "header": header, "html": html}
    geo_chars = len(json.dumps(content.municipalities, ensure_ascii=False, separators=(",", ":")))
    return {
        "script_chars": len(script),
        "script_utf8_bytes": len(script.encode("utf-8")),
        "script_json_bytes": len(json.dumps(script)),  # as it sits in json_args (ASCII-escaped)
        "header_utf8_bytes": len(header.encode("utf-8")),
        "html_utf8_bytes": len(html.encode("utf-8")),
        "args_json_bytes": len(json.dumps(args)),
        "municipalities_geojson_chars": geo_chars,
        "points": len(content.points),
    }


def pieces(repeats: int) -> dict[str, float]:
    """Median ms of each step the page does on a filter change, in the page's order."""
    from streamlit_folium import (
        _get_header,
        _get_html,
        _get_map_string,
        generate_js_hash,
    )

    from klyngekort.core.periods import period_for
    from klyngekort.core.selection import Selection, select
    from klyngekort.present import export
    from klyngekort.present.mapview import render
    from klyngekort.present.national_map import Layers, build_content, table_of_view

    layers, ds = load_inputs()
    periods = ["2025-2028", "2021-2024"]
    steps: dict[str, list[float]] = {}
    cpu: list[float] = []

    for i in range(repeats + 1):
        sel = Selection(period=period_for(periods[i % 2]))
        row: dict[str, float] = {}
        c0 = time.thread_time()
        ms, view = _timed(lambda sel=sel: select(ds, sel))
        row["select()"] = ms
        ms, _ = _timed(view.counts)
        row["view.counts()"] = ms
        ms, content = _timed(
            lambda view=view: build_content(
                ds,
                view,
                layers.display,
                lang="da",
                layers=Layers(),
                color_by="cluster",
                attribution=layers.attribution,
            )
        )
        row["build_content()"] = ms
        ms, m = _timed(lambda content=content: render(content))
        row["render() (folium map built)"] = ms
        # what st_folium does, in its order
        ms, _ = _timed(lambda m=m: m.get_root().render())
        row["st_folium: figure.render()"] = ms
        ms, _ = _timed(m.render)
        row["st_folium: map.render()"] = ms
        ms, _ = _timed(lambda m=m: (_get_html(m), _get_header(m)))
        row["st_folium: _get_html/_get_header"] = ms
        ms, script = _timed(lambda m=m: _get_map_string(m))
        row["st_folium: _get_map_string()"] = ms
        ms, _ = _timed(lambda script=script: generate_js_hash(script, "national_map", False))
        row["st_folium: generate_js_hash()"] = ms
        ms, _ = _timed(lambda script=script: json.dumps({"script": script}))
        row["component args json.dumps"] = ms
        ms, table = _timed(lambda view=view: table_of_view(view, ds, "da"))
        row["table_of_view()"] = ms
        ms, _ = _timed(lambda table=table: export.to_csv_bytes(table))
        row["download: to_csv_bytes()"] = ms
        ms, _ = _timed(lambda table=table: export.to_xlsx_bytes({"klyngekort-danmarkskort": table}))
        row["download: to_xlsx_bytes()"] = ms
        ms, _ = _timed(lambda m=m: export.map_html(m))
        row["download: export.map_html()"] = ms
        if i > 0:  # the first round is a warm-up (imports, caches)
            for k, v in row.items():
                steps.setdefault(k, []).append(v)
            cpu.append((time.thread_time() - c0) * 1000)
    out = {k: _median(v) for k, v in steps.items()}
    out["(CPU time of all pieces)"] = _median(cpu)
    return out


# --------------------------------------------------------------------------- AppTest


def _apptest():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    return at


def apptest_filter_changes(changes: int) -> dict[str, Any]:
    """Median and p90 ms of ``at.run()`` after a filter change, per filter, and the median
    CPU time of the script thread (steadier than wall time on a busy machine)."""
    from streamlit.testing.v1 import local_script_runner as lsr

    cpu_log: list[float] = []
    original = lsr.LocalScriptRunner._run_script_thread

    def cpu_timed(self):
        c = time.thread_time()
        try:
            original(self)
        finally:
            cpu_log.append((time.thread_time() - c) * 1000)

    lsr.LocalScriptRunner._run_script_thread = cpu_timed
    try:
        return _apptest_filter_changes(changes, cpu_log)
    finally:
        lsr.LocalScriptRunner._run_script_thread = original


def _apptest_filter_changes(changes: int, cpu_log: list[float]) -> dict[str, Any]:
    at = _apptest()
    t0 = time.perf_counter()
    at.run()
    first_ms = (time.perf_counter() - t0) * 1000
    if at.exception:
        raise RuntimeError("app.py raised: " + "; ".join(e.value for e in at.exception))
    cluster_opts = list(at.multiselect(key="clusters").options)
    hub_values = ["EHFYN", "__all__"]
    results: dict[str, Any] = {"first_run_ms": first_ms}

    def series(name: str, apply: Callable[[int], Any]) -> None:
        apply(0)  # warm-up: first run with the new value fills the per-value caches
        apply(1)
        times = []
        n_cpu = len(cpu_log)
        for i in range(changes):
            t = time.perf_counter()
            apply(i)
            times.append((time.perf_counter() - t) * 1000)
            if at.exception:
                raise RuntimeError(f"{name}: app raised " + "; ".join(e.value for e in at.exception))
        results[name] = {
            "median_ms": _median(times),
            "p90_ms": _p90(times),
            "n": len(times),
            "cpu_median_ms": _median(cpu_log[n_cpu:]),
            "times_ms": [round(x, 1) for x in times],
        }

    series(
        "period_choice",
        lambda i: at.radio(key="period_choice").set_value(["2025-2028", "2021-2024"][i % 2]).run(),
    )
    series("hub", lambda i: at.selectbox(key="hub").set_value(hub_values[i % 2]).run())
    from klyngekort.core import config
    from klyngekort.core.loading import load_dataset

    ds = load_dataset(config.data_dir()).dataset
    first_cluster = min(ds.clusters["cluster_id"]) if ds is not None else None
    if first_cluster and cluster_opts:
        series(
            "clusters", lambda i: at.multiselect(key="clusters").set_value([[first_cluster], []][i % 2]).run()
        )
    # a rerun with nothing changed, for comparison
    times = []
    n_cpu = len(cpu_log)
    for _ in range(changes):
        t = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t) * 1000)
    results["no_change"] = {
        "median_ms": _median(times),
        "p90_ms": _p90(times),
        "n": len(times),
        "cpu_median_ms": _median(cpu_log[n_cpu:]),
    }
    return results


_PROFILE_WRAPPERS = (
    "streamlit/testing/",
    "streamlit/runtime/scriptrunner/",
    "streamlit/navigation/page.py",
    "<frozen importlib",
    "{built-in method builtins.exec}",
    "{built-in method builtins.__import__}",
    "{built-in method builtins.next}",
)


def _profile_text(prof: cProfile.Profile, top: int) -> str:
    """The ``top`` functions by cumulative time, without Streamlit's and importlib's wrapper frames."""
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top * 3)
    text = buf.getvalue().replace(str(ROOT) + "/", "").replace(str(Path(sys.prefix)) + "/", "")
    text = text.replace(".venv/lib/python3.11/site-packages/", "")
    out, rows = [], 0
    for line in text.splitlines():
        if (line.strip() and line.strip()[0].isdigit() and "/" in line.split()[0]) or (
            line[:9].strip().isdigit()
        ):
            if any(w in line for w in _PROFILE_WRAPPERS):
                continue
            rows += 1
            if rows > top:
                continue
        elif not line.strip() or line.lstrip().startswith(("Ordered by", "List reduced")):
            continue
        out.append(line)
    return "\n".join(out)


def _profile_first_run(top: int = 30) -> None:
    """Print a cProfile of the first run of app.py in this (fresh) process: what a cold
    server does for its first visitor. Run in a subprocess by :func:`profile_first_run`."""
    from streamlit.testing.v1 import local_script_runner as lsr

    prof = cProfile.Profile()
    original = lsr.LocalScriptRunner._run_script_thread

    def wrapped(self):
        prof.enable()
        try:
            original(self)
        finally:
            prof.disable()

    lsr.LocalScriptRunner._run_script_thread = wrapped
    at = _apptest()
    t = time.perf_counter()
    at.run()
    ms = (time.perf_counter() - t) * 1000
    print(
        f"cProfile of the FIRST run of app.py in a fresh process ({ms:.0f} ms with the profiler on), "
        f"top {top} by cumulative time:\n{_profile_text(prof, top)}"
    )


def profile_first_run() -> str:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--profile-first-run"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return out.stdout if out.returncode == 0 else f"first-run profile failed:\n{out.stderr[-2000:]}"


def profile_filter_changes(n: int = 6, top: int = 30) -> str:
    """cProfile of the script thread during ``n`` period changes (AppTest)."""
    from streamlit.testing.v1 import local_script_runner as lsr

    at = _apptest()
    at.run()
    at.radio(key="period_choice").set_value("2025-2028").run()
    at.radio(key="period_choice").set_value("2021-2024").run()
    prof = cProfile.Profile()
    original = lsr.LocalScriptRunner._run_script_thread

    def wrapped(self):  # the script runs in its own thread: profile that thread
        prof.enable()
        try:
            original(self)
        finally:
            prof.disable()

    lsr.LocalScriptRunner._run_script_thread = wrapped
    try:
        for i in range(n):
            at.radio(key="period_choice").set_value(["2025-2028", "2021-2024"][i % 2]).run()
    finally:
        lsr.LocalScriptRunner._run_script_thread = original
    return (
        f"cProfile of the script thread, {n} period changes (times are totals over the {n} runs), "
        f"top {top} by cumulative time:\n" + _profile_text(prof, top)
    )


# --------------------------------------------------------------------------- report


def static_file_sizes() -> dict[str, int]:
    from klyngekort.core import config
    from klyngekort.present import assets

    out = {}
    for a in (*assets.JS_ASSETS, *assets.CSS_ASSETS):
        p = config.static_dir() / a.relpath
        out[a.url] = p.stat().st_size if p.exists() else 0
    import streamlit_folium

    build = Path(streamlit_folium.__file__).parent / "frontend" / "build"
    for p in sorted((build / "static" / "js").glob("main.*.js")):
        out["streamlit_folium/" + p.name] = p.stat().st_size
    out["streamlit_folium/index.html"] = (build / "index.html").stat().st_size
    return out


def _transfer_of(requests: list[dict[str, Any]], needle: str) -> int:
    return sum(r["body"] + r["headers"] for r in requests if needle in r["url"])


def run(args: argparse.Namespace) -> dict[str, Any]:
    from klyngekort.present.assets import ensure_assets

    figures: dict[str, Any] = {
        "date": datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "targets": {
            "payload_kb": TARGET_PAYLOAD_KB,
            "filter_change_ms": TARGET_FILTER_MS,
            "first_map_s": TARGET_FIRST_MAP_S,
        },
    }
    ensure_assets()  # Streamlit only serves static/ if it exists when the server starts
    warm, where = geodata_cache_state()
    figures["geodata_cache_warm_before_runs"] = warm
    figures["geodata_cache"] = where
    print(f"geodata disk cache before the runs: {'WARM' if warm else 'COLD'} — {where}")

    # ---- in-process: strings and pieces
    sizes = map_string_sizes()
    figures["map_strings"] = sizes
    figures["static_files"] = static_file_sizes()
    print("timing the pieces of a filter change in-process ...", flush=True)
    figures["pieces_ms"] = pieces(args.changes)

    # ---- AppTest
    print("timing filter changes with AppTest ...", flush=True)
    figures["apptest"] = apptest_filter_changes(args.changes)
    if not args.no_profile:
        print("profiling ...", flush=True)
        figures["profile"] = profile_filter_changes()
        figures["profile_first_run"] = profile_first_run()

    # ---- browser
    if args.no_browser:
        print("browser part skipped (--no-browser)")
    elif not _chromium_available():
        print(f"browser part skipped: Chromium not found at {CHROMIUM} (apt-get install chromium)")
    else:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            runs = []
            for i in range(args.runs):
                print(f"cold start {i + 1}/{args.runs} ...", flush=True)
                runs.append(cold_start_run(pw))
            figures["cold_runs"] = runs
            if not args.no_cold_cache:
                print("cold start with an empty geodata cache ...", flush=True)
                with tempfile.TemporaryDirectory(prefix="klyngekort-cache-") as tmp:
                    figures["cold_cache_run"] = cold_start_run(pw, {"KLYNGEKORT_CACHE": tmp})
            print("10 filter changes in the browser ...", flush=True)
            figures["browser_changes"] = filter_changes_in_browser(pw, 10)
            if not args.no_what_if:
                print("the same with runner.postScriptGC=false ...", flush=True)
                figures["browser_changes_no_gc"] = filter_changes_in_browser(
                    pw, 10, env_extra={"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}
                )
    figures["geodata_cache_warm_after_runs"] = geodata_cache_state()[0]
    figures["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return figures


def report(f: dict[str, Any]) -> str:
    lines: list[str] = []
    w = lines.append
    w("")
    w(
        f"Klyngekort map benchmark — {f['date']} — {f['machine']['cpus']} CPUs, Python {f['machine']['python']}"
    )
    w(
        f"load average (1/5/15 min) at start {f['machine']['loadavg_at_start']}, at end {f['machine'].get('loadavg_at_end')}"
        " — other work on this machine makes wall times noisy; CPU times are steadier"
    )
    w("=" * 100)

    def row(name: str, value: str, verdict: str = "") -> None:
        w(f"{name:<62} {value:>24}  {verdict}")

    # 1. cold start
    runs = f.get("cold_runs") or []
    if runs:
        proc = [r["proc_to_map_s"] for r in runs]
        nav = [r["nav_to_map_s"] for r in runs]
        health = [r["proc_to_healthy_s"] for r in runs]
        w(
            f"1. Cold start to map drawn (98 path.kk-muni) in Chromium, median of {len(runs)}; "
            f"geodata disk cache {'warm' if f['geodata_cache_warm_before_runs'] else 'COLD at run 1'}"
        )
        row("   server process start -> health check answers", f"{_median(health):.2f} s")
        row(
            "   server process start -> map drawn",
            f"{_median(proc):.2f} s",
            f"{_verdict(_median(proc) <= TARGET_FIRST_MAP_S)} (≤ {TARGET_FIRST_MAP_S:g} s)",
        )
        row(
            "   browser navigation start -> map drawn",
            f"{_median(nav):.2f} s",
            f"{_verdict(_median(nav) <= TARGET_FIRST_MAP_S)} (≤ {TARGET_FIRST_MAP_S:g} s)",
        )
        row("   runs: process -> map", ", ".join(f"{x:.2f}" for x in proc) + " s")
        row("   runs: navigation -> map", ", ".join(f"{x:.2f}" for x in nav) + " s")
        w("   timeline after navigation start (median over the runs):")
        for key in runs[0]["timeline_s"]:
            vals = [r["timeline_s"][key] for r in runs if r["timeline_s"].get(key) is not None]
            row(f"     {key}", f"{_median(vals):.2f} s" if vals else "-")
        first_runs = [r["server_script_runs"] for r in runs if r["server_script_runs"]]
        if first_runs:
            n_runs = _median([len(x) for x in first_runs])
            row("   server: script runs for the first page view (median count)", f"{n_runs:g}")
            row(
                "   server: their wall time, sum (median)",
                f"{_median([sum(y['wall_ms'] for y in x) for x in first_runs]):.0f} ms",
            )
            row(
                "   server: their CPU time of the script thread, sum (median)",
                f"{_median([sum(y['cpu_ms'] for y in x) for x in first_runs]):.0f} ms",
            )
        cc = f.get("cold_cache_run")
        if cc:
            row("   one run with an EMPTY geodata cache: process -> map", f"{cc['proc_to_map_s']:.2f} s")
            row("                                        navigation -> map", f"{cc['nav_to_map_s']:.2f} s")
        blocked = sorted({u for r in runs for u in r["blocked"]})
        row("   requests off the machine", str(len(blocked)), ", ".join(blocked[:3]))
    else:
        w("1. Cold start: not measured (no browser)")

    # 2. bytes
    s = f["map_strings"]
    w("")
    w("2. Bytes the browser receives for the map")
    last = runs[-1] if runs else None
    comp = (last or {}).get("component") or []
    comp_full = [c for c in comp if not c.get("ref_hash")]
    if comp_full:
        c = comp_full[-1]
        row(
            "   websocket frame carrying the map component",
            _kb(c["frame_bytes"]),
            f"{_verdict(c['frame_bytes'] / 1024 <= TARGET_PAYLOAD_KB)} (≤ {TARGET_PAYLOAD_KB:g} KB)",
        )
        row("     of which component JSON args", _kb(c["json_args_bytes"]))
        row("     of which the Leaflet script (chars in args)", _kb(c["script_chars_in_args"]))
        row("   component frames in the first page load", str(len(comp)))
    else:
        ok = s["args_json_bytes"] / 1024 <= TARGET_PAYLOAD_KB
        row(
            "   component args as JSON (in-process estimate)",
            _kb(s["args_json_bytes"]),
            f"{_verdict(ok)} (≤ {TARGET_PAYLOAD_KB:g} KB)",
        )
    row("   Leaflet script string (_get_map_string), UTF-8", _kb(s["script_utf8_bytes"]))
    row("     same, JSON-escaped as in the args", _kb(s["script_json_bytes"]))
    row("     municipalities GeoJSON inside it", _kb(s["municipalities_geojson_chars"]))
    row("   header (CSS) + html strings", _kb(s["header_utf8_bytes"] + s["html_utf8_bytes"]))
    row("   markers on the map", str(s["points"]))
    for name, size in f["static_files"].items():
        tr = _transfer_of(last["requests"], name.split("/")[-1]) if last else 0
        row(f"   static: {name}", _kb(size), f"(transferred {_kb(tr)})" if last else "")
    if last:
        http = sum(r["body"] + r["headers"] for r in last["requests"])
        row(
            "   whole page: HTTP responses (body + headers)", _kb(http), f"({len(last['requests'])} requests)"
        )
        row(
            "   whole page: websocket frames received",
            _kb(last["ws_total_bytes"]),
            f"({last['ws_frames']} frames)",
        )
        row("   whole page: total transfer", _kb(http + last["ws_total_bytes"]))
        map_total = (comp_full[-1]["frame_bytes"] if comp_full else 0) + sum(
            _transfer_of(last["requests"], n.split("/")[-1]) for n in f["static_files"]
        )
        row("   the map alone: component frame + Leaflet + component bundle", _kb(map_total))
        media = [r for r in last["requests"] if "/media/" in r["url"] and "/static/media/" not in r["url"]]
        if media:
            row(
                "   download buttons' files fetched with the page (/media/)",
                _kb(sum(r["body"] + r["headers"] for r in media)),
                f"({len(media)} files, largest {_kb(max(r['body'] for r in media))})",
            )
        big = sorted(last["requests"], key=lambda r: -r["body"])[:5]
        w(
            "   largest HTTP responses: "
            + "; ".join(f"{r['url'].split('/')[-1][:40]} {_kb(r['body'])}" for r in big)
        )

    # 3. filter change
    a = f["apptest"]
    w("")
    w("3. Script run time of a filter change (AppTest, at.run(), warm caches)")
    row("   first AppTest run (modules imported, Streamlit caches empty)", f"{a['first_run_ms']:.0f} ms")
    for key, label in (
        ("period_choice", "period radio 2021–24 ↔ 2025–28"),
        ("hub", "hub selectbox all ↔ Fyn"),
        ("clusters", "cluster multiselect one ↔ all"),
    ):
        if key in a:
            r = a[key]
            row(
                f"   {label}: median / p90 (n={r['n']}), CPU",
                f"{r['median_ms']:.0f} / {r['p90_ms']:.0f} ms, {r['cpu_median_ms']:.0f} ms",
                f"{_verdict(r['median_ms'] <= TARGET_FILTER_MS)} (≤ {TARGET_FILTER_MS:g} ms)",
            )
    nc = a["no_change"]
    row(
        "   rerun with nothing changed: median / p90, CPU",
        f"{nc['median_ms']:.0f} / {nc['p90_ms']:.0f} ms, {nc['cpu_median_ms']:.0f} ms",
    )
    w("   where the time goes (in-process, median ms per filter change, in page order):")
    total = 0.0
    for k, v in f["pieces_ms"].items():
        if k.startswith("("):
            continue
        total += v
        row(f"     {k}", f"{v:.1f} ms")
    row(
        "     sum of the pieces (wall) / their CPU time",
        f"{total:.1f} / {f['pieces_ms'].get('(CPU time of all pieces)', 0):.1f} ms",
    )
    bc = f.get("browser_changes")
    if bc:
        ch = bc["changes"]
        wall = [c["server_wall_ms"] for c in ch]
        cpu = [c["server_cpu_ms"] for c in ch]
        w(f"   the same on the real server, {len(ch)} period changes clicked in Chromium:")
        row(
            "     server script run, wall: median / p90",
            f"{_median(wall):.0f} / {_p90(wall):.0f} ms",
            f"{_verdict(_median(wall) <= TARGET_FILTER_MS)} (≤ {TARGET_FILTER_MS:g} ms)",
        )
        row("     server script run, CPU of the script thread: median", f"{_median(cpu):.0f} ms")
        row(
            "       of which Streamlit's gc.collect(2) after the run: median",
            f"{_median([c.get('server_gc_ms', 0.0) for c in ch]):.0f} ms",
        )
        row(
            "     click -> script_finished in the browser: median",
            f"{_median([c['click_to_script_finished_ms'] for c in ch]):.0f} ms",
        )
        row(
            "     click -> new map drawn: median / p90",
            f"{_median([c['click_to_map_redrawn_ms'] for c in ch]):.0f} / "
            f"{_p90([c['click_to_map_redrawn_ms'] for c in ch]):.0f} ms",
        )
        new = [c for c in ch if not c["component_from_cache"] and c["component_frame_bytes"]]
        cached = [c for c in ch if c["component_from_cache"]]
        if new:
            row(
                "     map component frame, view not seen before in the session",
                _kb(_median([c["component_frame_bytes"] for c in new])),
                f"({len(new)} changes)",
            )
        if cached:
            row(
                "     map component frame, view already sent (Streamlit message cache)",
                f"{_median([c['component_frame_bytes'] for c in cached]):.0f} B",
                f"({len(cached)} changes)",
            )
        row(
            "     received per change: websocket / HTTP, median",
            f"{_kb(_median([c['ws_bytes'] for c in ch]))} / {_kb(_median([c['http_bytes'] for c in ch]))}",
        )

    ng = f.get("browser_changes_no_gc")
    if ng:
        ch = ng["changes"]
        w("   what if runner.postScriptGC = false (.streamlit/config.toml), same 10 changes:")
        row(
            "     server script run, wall: median / p90",
            f"{_median([c['server_wall_ms'] for c in ch]):.0f} / "
            f"{_p90([c['server_wall_ms'] for c in ch]):.0f} ms",
        )
        row("     server script run, CPU: median", f"{_median([c['server_cpu_ms'] for c in ch]):.0f} ms")
        row(
            "     click -> new map drawn: median",
            f"{_median([c['click_to_map_redrawn_ms'] for c in ch]):.0f} ms",
        )
        row(
            "     server RSS after the first map / after 10 changes",
            f"{ng['rss_after_first_map']['rss_kb'] / 1024:.0f} / {ng['rss_after_changes']['rss_kb'] / 1024:.0f} MB",
        )

    # 4. RSS
    w("")
    w("4. Server RSS (streamlit process)")
    if runs:
        row(
            "   after the first map drawn (median of the cold runs)",
            f"{_median([r['rss_after_first_map']['rss_kb'] for r in runs]) / 1024:.0f} MB",
        )
    if bc:
        row(
            "   after the first map drawn (filter session)",
            f"{bc['rss_after_first_map']['rss_kb'] / 1024:.0f} MB",
        )
        row(
            "   after 10 filter changes in the browser",
            f"{bc['rss_after_changes']['rss_kb'] / 1024:.0f} MB",
            f"(peak {bc['rss_after_changes'].get('peak_rss_kb', 0) / 1024:.0f} MB)",
        )
    if not (runs or bc):
        w("   not measured (no browser)")
    for key in ("profile", "profile_first_run"):
        if f.get(key):
            w("")
            w(f[key].rstrip())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="cold starts in Chromium (median reported)")
    ap.add_argument("--changes", type=int, default=9, help="timed filter changes per filter (AppTest)")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium part")
    ap.add_argument("--no-cold-cache", action="store_true", help="skip the run with an empty geodata cache")
    ap.add_argument("--no-profile", action="store_true", help="skip the cProfile listings")
    ap.add_argument(
        "--no-what-if",
        action="store_true",
        help="skip the browser session with Streamlit's post-run gc.collect() switched off",
    )
    args = ap.parse_args(argv)
    figures = run(args)
    print(report(figures))
    if args.json:
        slim = json.loads(json.dumps(figures, default=str))
        for r in slim.get("cold_runs", []) + ([slim["cold_cache_run"]] if "cold_cache_run" in slim else []):
            r["requests"] = sorted(r["requests"], key=lambda x: -x["body"])[:25]
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(slim, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"figures written to {args.json}")
    return figures


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--serve-timed":
        _serve_timed(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) > 1 and sys.argv[1] == "--profile-first-run":
        _profile_first_run()
    else:
        with contextlib.suppress(KeyboardInterrupt):
            main()
