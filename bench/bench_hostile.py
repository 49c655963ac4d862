"""Hostile and huge input (issue 12): time and peak memory of each attack, with the figures
measured before the limits as reference.

    python bench/bench_hostile.py [--rows N] [--cli-rows N] [--codes N]

Each case runs in a fresh Python process, which first does its set-up (imports, DAGI places,
building the hostile bytes in memory) and records its peak RSS, then runs the attack; the
figure is the wall time of the attack and the growth of the peak RSS over the set-up
(``ru_maxrss``). The CLI case runs ``klyngekort validate`` and compares its peak RSS with the
same command on the unchanged data.

Cases:
* ``checker``   – the Data page's checker (``check_replacement``) on a 71 MB, 1,000,000-row
  ``sites.csv`` (before: 51 s, +1,904 MB; the issue measured 28.6 s and 240 MB → 2.24 GB);
* ``validate``  – ``klyngekort validate`` of a dataset whose ``sites.csv`` has 300,000 rows
  (before: 31 s, +571 MB; the issue: 1.3 GB peak, 25 M characters printed);
* ``checker_at_limit``, ``validate_at_limit`` – the largest file that is read (5,000 rows),
  the second with an error on every row: the worst case within the limits;
* ``travel``    – a 120 KB travel-time table with 10,000 distinct codes (before: +772 MB;
  the issue: 800 MB matrix, the CLI peaking at 955 MB);
* ``travel50``  – a 50 MB travel-time table (the issue: 28.6 s, 3.1 GB peak);
* ``deep``      – a scenario file nested 100,000 deep (before: RecursionError).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BEFORE = {
    "checker_at_limit": "(5,000 rows: the largest file accepted)",
    "validate_at_limit": "(5,000 rows, one error each)",
    "checker": "51 s, +1904 MB",
    "validate": "31 s, +571 MB (1.3 GB peak)",
    "travel": "+772 MB (800 MB matrix)",
    "travel50": "28.6 s, 3.1 GB peak",
    "deep": "RecursionError (internal error)",
}

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
case, n = sys.argv[1], int(sys.argv[2])
def rss(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
if case == "checker":
    from klyngekort.core.loading import check_replacement
    from klyngekort.geo.cache import load_layers
    places = load_layers().places
    head = open({root!r} + "/data/sites.csv", encoding="utf-8-sig").read().splitlines()[0]
    row = "X{{}},CLEAN,local_office,Sønderborg,,0540,,no,2021,,,54.9,9.78,town,,https://x.dk,,high,\n"
    content = (head + "\n" + "".join(row.format(i) for i in range(n))).encode()
    base = rss(); t0 = time.perf_counter()
    found = check_replacement({root!r} + "/data", "sites.csv", content, places=places)
    out = dict(mb=len(content) / 1e6, issues=len(found), codes=sorted({{i.code for i in found}}))
elif case in ("travel", "travel50"):
    import tempfile, pathlib
    from klyngekort.core.travel import read_travel_times
    p = pathlib.Path(tempfile.mkdtemp()) / "tt.csv"
    if case == "travel":
        p.write_text("from_kommunekode,to_kommunekode,minutes\n" + "".join(f"{{i:04d}},{{i:04d}},0\n" for i in range(n)))
    else:
        row = "0101,0147,12\n"
        p.write_text("from_kommunekode,to_kommunekode,minutes\n" + row * (50_000_000 // len(row)))
    base = rss(); t0 = time.perf_counter()
    res = read_travel_times(p)
    out = dict(mb=p.stat().st_size / 1e6, issues=len(res.issues), codes=sorted({{i.code for i in res.issues}}))
elif case == "deep":
    from klyngekort.scenarios.jsonio import scenario_from_json
    text = '{{"changes": ' + "[" * n + "]" * n + "}}"
    base = rss(); t0 = time.perf_counter()
    s, issues = scenario_from_json(text, source_name="deep.json", ds=None)
    out = dict(mb=len(text) / 1e6, issues=len(issues), codes=sorted({{i.code for i in issues}}))
out.update(seconds=time.perf_counter() - t0, rss_mb=rss() - base)
print(json.dumps(out))
"""


def child(case: str, n: int) -> dict:
    res = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), case, str(n)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(res.stdout.strip().splitlines()[-1])


def cli_validate(data: Path) -> tuple[float, float, int]:
    """Wall time, peak RSS (MB) and characters printed by ``klyngekort validate``."""
    cmd = [sys.executable, "-m", "klyngekort.cli", "validate", "--data", str(data)]
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        _, _, usage = os.wait4(proc.pid, 0)  # this child's own peak RSS
        seconds = time.perf_counter() - t0
        proc.returncode = 0
        chars = out.tell()
    return seconds, usage.ru_maxrss / 1024, chars


def validate_case(rows: int, bad: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("example", "*.xlsx"))
        clean_seconds, clean_peak, _ = cli_validate(data)
        head = (data / "sites.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        body = sites_rows(rows)
        if bad:  # every row with an unknown municipality code: 5,000 errors of one kind
            body = body.replace(",0540,", ",9999,")
        (data / "sites.csv").write_text(head + "\n" + body, encoding="utf-8")
        mb = (data / "sites.csv").stat().st_size / 1e6
        seconds, peak, chars = cli_validate(data)
    return {
        "seconds": seconds,
        "rss_mb": peak - clean_peak,
        "peak_mb": peak,
        "clean_peak_mb": clean_peak,
        "clean_seconds": clean_seconds,
        "chars": chars,
        "mb": mb,
    }


def sites_rows(rows: int) -> str:
    """``rows`` short rows of sites.csv (about 71 bytes each, as in the issue's 71 MB file)."""
    return "".join(
        f"X{i},CLEAN,local_office,Sønderborg,,0540,,no,2021,,,54.9,9.78,town,,https://x.dk,,high,\n"
        for i in range(rows)
    )


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of the checker's sites.csv")
    ap.add_argument("--cli-rows", type=int, default=300_000, help="rows of validate's sites.csv")
    ap.add_argument("--codes", type=int, default=10_000, help="distinct codes of the travel table")
    args = ap.parse_args(argv)
    results = {
        "validate": validate_case(args.cli_rows),
        "checker": child("checker", args.rows),
        "checker_at_limit": child("checker", 5_000),
        "validate_at_limit": validate_case(5_000, bad=True),
        "travel": child("travel", args.codes),
        "travel50": child("travel50", 0),
        "deep": child("deep", 100_000),
    }
    print(f"{'case':<18} {'input':>9} {'time':>9} {'RSS':>8}  {'messages':<40} before")
    for case, r in results.items():
        what = ", ".join(r.get("codes", [])) or f"{r.get('chars', 0):,} characters printed"
        print(
            f"{case:<18} {r['mb']:>7.1f}MB {r['seconds']:>8.2f}s {r['rss_mb']:>+8.0f}MB  {what[:40]:<40} {BEFORE[case]}"
        )
    v = results["validate"]
    print(
        f"validate: the unchanged data takes {v['clean_seconds']:.2f}s at {v['clean_peak_mb']:.0f} MB peak; "
        f"the 300,000-row file {v['seconds']:.2f}s at {v['peak_mb']:.0f} MB (most of both is start-up and DAGI)"
    )
    before_checker_s, before_validate_s = 51.0, 31.0
    print(
        f"ratios: checker {before_checker_s / max(results['checker']['seconds'], 1e-3):,.0f}× faster, "
        f"validate {before_validate_s / max(results['validate']['seconds'], 1e-3):,.0f}× faster, "
        f"travel memory {772 / max(results['travel']['rss_mb'], 1):,.0f}× smaller"
    )
    return results


if __name__ == "__main__":
    main()
