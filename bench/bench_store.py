"""The store: the time of a save (validate the whole dataset + write, with its history) and the
time from a save in one process to the change being visible in another, on SQLite and on a
throwaway PostgreSQL (initdb/pg_ctl in a temp folder, as the tests start it; skipped when
PostgreSQL is not installed).

    python bench/bench_store.py [--saves 15] [--json FILE]

Printed per database: the median and p95 of a save of one changed cell on the full public
dataset, checked against DAGI (target <= 300 ms, with the ratio), the median time from the
save's commit to another process seeing the new revision (it polls every 5 ms, as the app checks
at each rerun), and the time that other process then takes to read the new dataset.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_MS = 300.0

_WATCHER = r"""
import sys, time
from klyngekort.store.data import DataStore
s = DataStore(sys.argv[1])
last = s.revision()
print("ready", flush=True)
while True:
    rev = s.revision()
    if rev != last:
        seen = time.time()
        t0 = time.perf_counter(); s.load("public"); load = time.perf_counter() - t0
        print(f"{rev} {seen:.6f} {load:.6f}", flush=True)
        last = rev
    time.sleep(0.005)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_postgres() -> tuple[str, callable] | None:  # type: ignore[valid-type]
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        return None
    bindir = found[-1].parent
    root = Path(tempfile.mkdtemp(prefix="klyngekort-bench-pg-"))
    pre = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    subprocess.run(
        [*pre, str(bindir / "initdb"), "-D", str(root / "d"), "-A", "trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1"
    subprocess.run(
        [
            *pre,
            str(bindir / "pg_ctl"),
            "-D",
            str(root / "d"),
            "-l",
            str(root / "log"),
            "-w",
            "-o",
            opts,
            "start",
        ],
        check=True,
        capture_output=True,
    )
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True) as c:
        c.execute("CREATE DATABASE bench")

    def stop() -> None:
        subprocess.run(
            [*pre, str(bindir / "pg_ctl"), "-D", str(root / "d"), "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)

    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/bench", stop


def measure(url: str, saves: int, places) -> dict[str, float]:
    from klyngekort.store.data import DataStore, RowEdit

    store = DataStore(url)
    store.ensure_seeded(ROOT / "data", places)
    watcher = subprocess.Popen(
        [sys.executable, "-c", _WATCHER, url], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert watcher.stdout is not None
    assert watcher.stdout.readline().strip() == "ready"
    save_ms: list[float] = []
    visible_ms: list[float] = []
    load_ms: list[float] = []
    try:
        for i in range(saves):
            row = next(r for r in store.rows()["sites"] if r["row_id"] == "CLEAN-ESBJERG")
            edit = RowEdit("sites", "change", row["row_id"], {"notes": f"bench {i}"}, row["version"])
            t0 = time.perf_counter()
            res = store.save([edit], user="bench", reason="bench", places=places, confirm_warnings=True)
            committed = time.time()
            save_ms.append((time.perf_counter() - t0) * 1000)
            assert res.saved, res.errors
            rev, seen, load = watcher.stdout.readline().split()
            assert int(rev) == res.revision
            visible_ms.append((float(seen) - committed) * 1000)
            load_ms.append(float(load) * 1000)
    finally:
        watcher.kill()
        watcher.wait()
    save_ms.sort()
    return {
        "save_median_ms": statistics.median(save_ms),
        "save_p95_ms": save_ms[max(0, int(len(save_ms) * 0.95) - 1)],
        "visible_median_ms": statistics.median(visible_ms),
        "reload_median_ms": statistics.median(load_ms),
    }


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--saves", type=int, default=15)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    from klyngekort.geo.cache import load_layers

    places = load_layers().places
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = measure(f"sqlite:///{tmp}/bench.sqlite3", args.saves, places)
    pg = start_postgres()
    if pg is None:
        print("postgresql: not installed (apt-get install postgresql); skipped")
    else:
        url, stop = pg
        try:
            results["postgresql"] = measure(url, args.saves, places)
        finally:
            stop()
    for name, r in results.items():
        print(
            f"{name:10s} save (validate + write, full dataset): median {r['save_median_ms']:.0f} ms, "
            f"p95 {r['save_p95_ms']:.0f} ms; target <= {TARGET_MS:.0f} ms: ratio "
            f"{r['save_median_ms'] / TARGET_MS:.2f} ({'ok' if r['save_p95_ms'] <= TARGET_MS else 'OVER'})"
        )
        print(
            f"{'':10s} visible in another process after {r['visible_median_ms']:.0f} ms (median, 5 ms polling); "
            f"it then reads the new dataset in {r['reload_median_ms']:.0f} ms"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
