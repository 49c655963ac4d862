"""The first map: Klyngekort's default page against a minimal st_folium app, in the same run.

Prints (issue 11):

1. **Warm server, new browser session**: the time from navigation start until the map's
   iframe holds all 98 municipality paths, for Klyngekort's default page (``/``, Danmarkskort)
   and for the reference app ``bench/reference_app.py`` (Streamlit + st_folium + the same
   simplified layer, nothing else), alternating, each in a new browser context of one Chromium.
   Median of ``--runs``, and the **ratio** (target ≤ 1.15×). A timeline splits each wait
   (all in the page's own clock, ``performance.now()``): websocket open, the map component's
   message, the map's iframe created, 98 polygons drawn, and the number of websocket messages.
2. **Cold start**: ``klyngekort run`` as a user starts it (a new process) → map drawn in
   Chromium (already running, not timed), median of ``--cold-runs`` (target ≤ 3 s); the
   reference's cold start (``streamlit run``) in the same run for comparison.

The clock in the page comes from an init script: a wrapper round ``WebSocket`` that records
when it opens and when each message arrives, a ``MutationObserver`` for the iframe, and a
10 ms poll of the iframe's document for the 98th ``path.kk-muni``. Absolute times vary with the
load on the shared 2-core machine, so the ratio against the reference measured in the same run
is the figure to quote.

    python bench/bench_first_map.py [--runs 7] [--cold-runs 3] [--profile N] [--json FILE] [--url URL]

``--profile N`` adds where the browser's main thread spends a first visit of each app (Chromium's
sampling profiler, self time per script file).

``--url`` times an app that is already running (for example behind ``klyngekort serve``)
instead of starting one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - after the path is set

TARGET_RATIO = 1.15
TARGET_COLD_S = 3.0
N_MUNICIPALITIES = 98

# Runs in every frame before the page's own scripts. Times are absolute
# (timeOrigin + now) so that the iframe's clock and the page's can be compared.
INIT_SCRIPT = """
(() => {
  if (window !== window.top) return;
  const T = () => performance.timeOrigin + performance.now();
  const N = __N__;
  const k = window.__kk = {t0: performance.timeOrigin, ws_open: null, msgs: [], iframe: null, drawn: null};
  const WS = window.WebSocket;
  const Wrapped = function (...a) {
    const ws = new WS(...a);
    ws.addEventListener('open', () => { if (k.ws_open === null) k.ws_open = T(); });
    ws.addEventListener('message', () => k.msgs.push(T()));
    return ws;
  };
  Wrapped.prototype = WS.prototype;
  for (const c of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Wrapped[c] = WS[c];
  window.WebSocket = Wrapped;
  const obs = new MutationObserver(() => {
    const f = document.querySelector("iframe[title*='streamlit_folium']");
    if (!f) return;
    k.iframe = T();
    obs.disconnect();
    // The iframe's document is replaced when it navigates, so it is polled from here.
    const timer = setInterval(() => {
      let d = null;
      try { d = f.contentDocument; } catch (e) { return; }
      if (d && d.querySelectorAll('path.kk-muni').length >= N) { k.drawn = T(); clearInterval(timer); }
    }, 10);
  });
  obs.observe(document, {childList: true, subtree: true});
})();
""".replace("__N__", str(N_MUNICIPALITIES))


def _median(xs: list[float]) -> float:
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


@dataclass
class Proc:
    proc: subprocess.Popen
    url: str
    t_start: float
    t_healthy: float
    log: Path

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def _wait_healthy(proc: subprocess.Popen, url: str, t0: float, log: Path, timeout: float = 90) -> float:
    while time.perf_counter() < t0 + timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter()
        except OSError:
            time.sleep(0.02)
    proc.kill()
    raise RuntimeError(f"no answer within {timeout} s; see {log}")


def reference_dir() -> Path:
    """A folder holding the reference app and a link to the project's static/ (Streamlit
    serves ``static/`` beside the main script)."""
    from klyngekort.present.assets import ensure_assets

    ensure_assets()
    d = Path(tempfile.mkdtemp(prefix="klyngekort-ref-"))
    shutil.copy2(ROOT / "bench" / "reference_app.py", d / "reference_app.py")
    (d / "static").symlink_to(ROOT / "static")
    return d


def start(kind: str, refdir: Path | None, logdir: Path) -> Proc:
    """``kind`` "app": ``klyngekort run`` (the command a user types); "app_nowarm": the same with
    the server's warm-up switched off (``KLYNGEKORT_WARMUP=0``, :mod:`klyngekort.ui.warmup`);
    "ref": ``streamlit run`` of the reference, with the project's .streamlit/config.toml (cwd)."""
    port = free_port()
    args = ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    if kind in ("app", "app_nowarm"):
        exe = Path(sys.executable).with_name("klyngekort")
        cmd = (
            [str(exe), "run", *args]
            if exe.exists()
            else [sys.executable, "-m", "klyngekort.cli", "run", *args]
        )
    else:
        assert refdir is not None
        cmd = [sys.executable, "-m", "streamlit", "run", str(refdir / "reference_app.py"), *args]
    env = dict(os.environ)
    if kind == "app_nowarm":
        env["KLYNGEKORT_WARMUP"] = "0"
    env.setdefault("KLYNGEKORT_DB", str(logdir / "scenarios.sqlite3"))
    log = logdir / f"{kind}-{port}.log"
    fh = open(log, "w")  # noqa: SIM115 - the process holds it
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    return Proc(proc, url, t0, _wait_healthy(proc, url, t0, log), log)


def _component_index(frames: list[bytes]) -> int | None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    for i, data in enumerate(frames):
        try:
            m = ForwardMsg.FromString(data)
        except Exception:  # noqa: BLE001 - a frame that is not a ForwardMsg is skipped
            continue
        if m.WhichOneof("type") == "ref_hash":
            continue
        if (
            m.WhichOneof("type") == "delta"
            and m.delta.WhichOneof("type") == "new_element"
            and m.delta.new_element.WhichOneof("type") == "component_instance"
            and "folium" in m.delta.new_element.component_instance.component_name
        ):
            return i
    return None


def one_visit(browser, url: str, timeout_s: float = 90) -> dict[str, Any]:
    """A new browser context opens ``url``; the page's own clock times the map."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="da-DK")
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    frames: list[bytes] = []

    def on_ws(ws) -> None:
        ws.on("framereceived", lambda p: frames.append(p if isinstance(p, bytes) else p.encode()))

    page.on("websocket", on_ws)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(
            "() => window.__kk && window.__kk.drawn !== null", polling=50, timeout=timeout_s * 1000
        )
        k = page.evaluate("() => window.__kk")
        t_drawn_py = time.perf_counter()
    finally:
        context.close()
    t0 = k["t0"]
    idx = _component_index(frames)
    msgs = k["msgs"]

    def rel(t: float | None) -> float | None:
        return None if t is None else (t - t0) / 1000.0

    return {
        "ws_open": rel(k["ws_open"]),
        "component_msg": rel(msgs[idx]) if idx is not None and idx < len(msgs) else None,
        "iframe": rel(k["iframe"]),
        "drawn": rel(k["drawn"]),
        "msgs_before_map": idx,
        "msgs": len(msgs),
        "errors": errors,
        "t_drawn_perf": t_drawn_py,
    }


EVENTS = [
    ("ws_open", "websocket open"),
    ("component_msg", "the map component's message arrives"),
    ("iframe", "the map's iframe is created"),
    ("drawn", "98 polygons drawn"),
]


def cpu_profile(browser, url: str, runs: int) -> dict[str, float]:
    """Where the browser's main thread spends a first visit (navigation → 98 polygons drawn):
    Chromium's sampling profiler (CDP ``Profiler``), self time per script file in ms per visit;
    ``(program)`` is the browser's own work outside JavaScript (style, layout, parsing, painting)."""
    import collections

    total: collections.Counter[str] = collections.Counter()
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="da-DK")
        context.add_init_script(INIT_SCRIPT)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 200})
        cdp.send("Profiler.start")
        try:
            page.goto(url, wait_until="commit")
            page.wait_for_function(
                "() => window.__kk && window.__kk.drawn !== null", polling=50, timeout=90_000
            )
            prof = cdp.send("Profiler.stop")["profile"]
        finally:
            context.close()
        nodes = {n["id"]: n["callFrame"] for n in prof["nodes"]}
        for sid, dt in zip(prof["samples"], prof["timeDeltas"], strict=False):
            cf = nodes[sid]
            name = cf["url"].rsplit("/", 1)[-1].split("?")[0] or cf["functionName"] or "(anonymous)"
            total[name] += dt / 1000.0
    return {k: v / runs for k, v in total.items()}


def print_profiles(profiles: dict[str, dict[str, float]], top: int = 10) -> None:
    print("\n== Browser main thread, navigation → map drawn (ms per visit, CDP sampling profiler) ==")
    busy = {k: sum(v for n, v in p.items() if n != "(idle)") for k, p in profiles.items()}
    print(f"{'busy (not idle)':<42}{busy['ref']:>11.0f}{busy['app']:>12.0f}")
    names = sorted(
        {n for p in profiles.values() for n in p if n != "(idle)"},
        key=lambda n: -profiles["app"].get(n, 0.0),
    )
    for n in names[:top]:
        print(f"  {n[:40]:<40}{profiles['ref'].get(n, 0.0):>11.0f}{profiles['app'].get(n, 0.0):>12.0f}")


def warm(browser, app_url: str, ref_url: str | None, runs: int) -> dict[str, Any]:
    visits: dict[str, list[dict[str, Any]]] = {"ref": [], "app": []}
    order = [("ref", ref_url), ("app", app_url)] if ref_url else [("app", app_url)]
    for _, url in order:  # warm-up: first session of each server (not timed)
        assert url
        one_visit(browser, url + "/")
    for i in range(runs):
        for kind, url in order if i % 2 == 0 else list(reversed(order)):
            assert url
            visits[kind].append(one_visit(browser, url + "/"))
    return visits


def cold(pw, refdir: Path, logdir: Path, runs: int) -> dict[str, list[float]]:
    """Process start → map drawn, for ``klyngekort run`` and the reference."""
    kinds = ("ref", "app", "app_nowarm")
    out: dict[str, list[float]] = {k: [] for k in kinds} | {f"{k}_healthy": [] for k in kinds}
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        for _ in range(runs):
            for kind in kinds:
                server = start(kind, refdir, logdir)
                try:
                    v = one_visit(browser, server.url + "/")
                    out[kind].append(v["t_drawn_perf"] - server.t_start)
                    out[f"{kind}_healthy"].append(server.t_healthy - server.t_start)
                finally:
                    server.stop()
    finally:
        browser.close()
    return out


def report(visits: dict[str, list[dict[str, Any]]], cold_s: dict[str, list[float]] | None) -> dict[str, Any]:
    figures: dict[str, Any] = {"load_average": load_average()}
    print(f"\n== First map, warm server, new browser session (median of {len(visits['app'])}) ==")
    print(f"{'event (s after navigation)':<42}{'reference':>11}{'Klyngekort':>12}")
    for key, label in EVENTS:
        r = _median([v[key] for v in visits["ref"]])
        a = _median([v[key] for v in visits["app"]])
        figures[key] = {"ref": r, "app": a}
        print(f"{label:<42}{r:>11.3f}{a:>12.3f}")
    for key, label in (
        ("msgs_before_map", "websocket messages before the map"),
        ("msgs", "websocket messages for the page"),
    ):
        r = _median([v[key] for v in visits["ref"] if v[key] is not None])
        a = _median([v[key] for v in visits["app"] if v[key] is not None])
        figures[key] = {"ref": r, "app": a}
        print(f"{label:<42}{r:>11.0f}{a:>12.0f}")
    ratio = figures["drawn"]["app"] / figures["drawn"]["ref"] if visits["ref"] else float("nan")
    figures["ratio"] = ratio
    ok = ratio <= TARGET_RATIO
    print(
        f"ratio Klyngekort / reference: {ratio:.2f}×  (target ≤ {TARGET_RATIO}×)  {'PASS' if ok else 'FAIL'}"
    )
    errs = [e for v in visits["app"] for e in v["errors"]]
    if errs:
        print(f"page errors in Klyngekort: {errs[:3]}")
    if cold_s:
        a, r = _median(cold_s["app"]), _median(cold_s["ref"])
        figures["cold"] = {"app": a, "ref": r, "app_healthy": _median(cold_s["app_healthy"])}
        print(f"\n== Cold start: process start → map drawn (median of {len(cold_s['app'])}) ==")
        print(
            f"klyngekort run: {a:.2f} s  (server healthy after {_median(cold_s['app_healthy']):.2f} s)"
            f"  target ≤ {TARGET_COLD_S} s  {'PASS' if a <= TARGET_COLD_S else 'FAIL'}"
        )
        n = _median(cold_s["app_nowarm"])
        figures["cold"]["app_nowarm"] = n
        print(
            f"klyngekort run, warm-up off: {n:.2f} s  (healthy after {_median(cold_s['app_nowarm_healthy']):.2f} s)"
        )
        print(
            f"reference (streamlit run): {r:.2f} s  (healthy after {_median(cold_s['ref_healthy']):.2f} s);"
            f" ratio {a / r:.2f}×"
        )
    print(f"load average: {figures['load_average']}")
    return figures


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="timed visits per app (default 7)")
    ap.add_argument("--cold-runs", type=int, default=3, help="cold starts per app (default 3; 0 skips)")
    ap.add_argument("--url", default=None, help="time this running app instead of starting one")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument(
        "--profile", type=int, default=0, metavar="N", help="also profile N visits of each app in Chromium"
    )
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    logdir = Path(tempfile.mkdtemp(prefix="klyngekort-bench-first-"))
    refdir = reference_dir()
    print(f"load average {load_average()}; logs in {logdir}")
    servers: list[Proc] = []
    profiles: dict[str, dict[str, float]] | None = None
    try:
        with sync_playwright() as pw:
            ref = start("ref", refdir, logdir)
            servers.append(ref)
            app_url = args.url
            if not app_url:
                app = start("app", refdir, logdir)
                servers.append(app)
                app_url = app.url
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                visits = warm(browser, app_url.rstrip("/"), ref.url, args.runs)
                profiles = (
                    {
                        "ref": cpu_profile(browser, ref.url + "/", args.profile),
                        "app": cpu_profile(browser, app_url.rstrip("/") + "/", args.profile),
                    }
                    if args.profile
                    else None
                )
            finally:
                browser.close()
            for s in servers:
                s.stop()
            cold_s = cold(pw, refdir, logdir, args.cold_runs) if args.cold_runs and not args.url else None
        figures = report(visits, cold_s)
        if profiles:
            print_profiles(profiles)
            figures["browser_profile_ms"] = profiles
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(refdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
