"""Run every benchmark under bench/ one after another and print all figures (``make bench``).

    python bench/run_all.py [--quick] [--json FILE]

* ``bench_map``      – the national map page: cold start in Chromium, bytes, filter-change time, RSS;
* ``bench_coverage`` – the coverage model;
* ``bench_planning`` – the optimiser;
* ``bench_radius``   – the radius slider, when that script exists;
* ``bench_present``  – static map PNG, slide deck and hub report;
* ``bench_hostile``  – hostile and huge input: time and peak RSS of each attack (issue 12).

Each benchmark's ``main(argv)`` is imported and called in turn; one that fails is reported
and the others still run. ``--quick`` passes fewer repeats (for a smoke run), ``--json`` writes
the figures that the benchmarks return (bench_map's and bench_coverage's) to one file.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

# name, argv for a full run, argv for --quick
BENCHMARKS: list[tuple[str, list[str], list[str]]] = [
    ("bench_map", [], ["--runs", "2", "--changes", "7", "--no-cold-cache", "--no-profile", "--no-what-if"]),
    ("bench_coverage", [], ["--repeats", "5"]),
    ("bench_planning", [], ["--repeats", "2"]),
    ("bench_radius", [], []),
    ("bench_present", [], ["--repeats", "2", "--deck-repeats", "1"]),
    ("bench_hostile", [], ["--rows", "200000", "--cli-rows", "100000"]),
]


def _load(name: str):
    path = BENCH / f"{name}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats: a smoke run, not figures to quote")
    ap.add_argument("--json", type=Path, help="write the returned figures to this file")
    args = ap.parse_args(argv)

    results: dict[str, Any] = {"date": datetime.now().isoformat(timespec="seconds")}
    failed = []
    for name, full, quick in BENCHMARKS:
        module = _load(name)
        if module is None:
            print(f"\n### {name}: not present, skipped")
            continue
        bench_argv = quick if args.quick else full
        print(f"\n### {name} {' '.join(bench_argv)}".rstrip(), flush=True)
        t = time.perf_counter()
        try:
            out = module.main(bench_argv)
        except SystemExit as exc:  # argparse or an explicit exit inside a benchmark
            out = exc.code
        except Exception:  # noqa: BLE001 - report and go on with the next benchmark
            traceback.print_exc()
            failed.append(name)
            continue
        print(f"### {name} took {time.perf_counter() - t:.0f} s", flush=True)
        if isinstance(out, dict):
            results[name] = out
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
