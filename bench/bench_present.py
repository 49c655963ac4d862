"""Benchmark of the presentation outputs (a script, not a test).

Prints, with the geodata cache on disk warm (the layers are loaded once before the clock):

1. one slide-size PNG (1920 × 1080) of the national map, median of N after one warm-up,
   target ≤ 2 s; and the first one in the process (imports of matplotlib and friends included);
2. the full national deck (title, 2 maps, key figures with the gap chart, gap table, 6 hub slides,
   method), target ≤ 15 s: the first deck in the process (vl-convert's engine start included)
   and the median of the next ones;
3. the same PNG in A4 at 300 dpi, and the hub report (PDF), for reference.

Each figure is printed with its ratio to the target, and the PNG with its ratio to a reference
measured in the same run: drawing the 98 municipalities alone (no legend, markers or text).

    python bench/bench_present.py [--repeats N] [--deck-repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET_PNG_S = 2.0
TARGET_DECK_S = 15.0


def timed(fn: Callable[[], object]) -> float:
    """Wall seconds of ``fn()``; its CPU seconds (all threads of the process) go to :data:`LAST_CPU`."""
    t, c = time.perf_counter(), time.process_time()
    fn()
    wall = time.perf_counter() - t
    LAST_CPU.append(time.process_time() - c)
    return wall


LAST_CPU: list[float] = []


def cpu_median(n: int) -> float:
    """The median CPU seconds of the last ``n`` timed calls."""
    return statistics.median(LAST_CPU[-n:])


def main(argv: list[str] | None = None) -> dict[str, float]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--deck-repeats", type=int, default=2)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    from klyngekort.core.loading import load_dataset
    from klyngekort.core.periods import period_for
    from klyngekort.core.selection import Selection
    from klyngekort.geo.cache import load_layers

    layers = load_layers()
    ds = load_dataset(Path(__file__).resolve().parent.parent / "data", places=layers.places).dataset
    assert ds is not None
    print(f"geodata and dataset loaded in {time.perf_counter() - t0:.2f} s (not counted)")

    from klyngekort.present import static_map as sm
    from klyngekort.present import static_render

    sel = Selection(period=period_for("2021-2024"))

    def png() -> bytes:
        return sm.render_bytes(sm.national_map(ds, layers, sel), layers, fmt="png", size="slide")

    first_png = timed(png)
    png_s = statistics.median(timed(png) for _ in range(args.repeats))
    png_cpu = cpu_median(args.repeats)

    def reference() -> bytes:  # the municipalities alone, same figure size and encoder
        import io

        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.collections import PathCollection
        from matplotlib.figure import Figure

        geo = static_render._geo(layers)
        fig = Figure(figsize=(sm.LAYOUTS["slide"].width, sm.LAYOUTS["slide"].height), dpi=144)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.03, 0.07, 0.55, 0.76))
        ax.add_collection(PathCollection(list(geo.paths.values()), facecolors="#b3cde3", edgecolors="white"))
        ax.set_xlim(*geo.munis.total_bounds[[0, 2]])
        ax.set_ylim(*geo.munis.total_bounds[[1, 3]])
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=144)
        return buf.getvalue()

    ref_s = statistics.median(timed(reference) for _ in range(args.repeats))
    a4_s = statistics.median(
        timed(lambda: sm.render_bytes(sm.national_map(ds, layers, sel), layers, fmt="png", size="a4"))
        for _ in range(max(1, args.repeats // 2))
    )

    from klyngekort.present.deck import build_deck
    from klyngekort.present.report import build_report
    from klyngekort.present.views import ViewRequest

    req = ViewRequest(period=sel.period)
    first_deck = timed(lambda: build_deck(ds, layers, req))
    first_deck_cpu = LAST_CPU[-1]
    deck_s = statistics.median(timed(lambda: build_deck(ds, layers, req)) for _ in range(args.deck_repeats))
    deck_cpu = cpu_median(args.deck_repeats)
    report_s = timed(lambda: build_report(ds, layers, req, "EHMJ"))

    def line(what: str, s: float, target: float | None = None, extra: str = "") -> None:
        tail = (
            f"  target ≤ {target:g} s, ratio {s / target:.2f} {'✓' if s <= target else '✗'}" if target else ""
        )
        print(f"{what:<58} {s:7.2f} s{tail}{extra}")

    import os

    print(
        f"\nload average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores: wall times above 2 are shared)"
    )
    line(
        "national map, slide PNG 1920×1080 (median)",
        png_s,
        TARGET_PNG_S,
        f"  ({png_s / ref_s:.1f}× the reference; CPU {png_cpu:.2f} s)",
    )
    line("  the first one in the process (imports included)", first_png)
    line("  reference: the 98 municipalities alone (median)", ref_s)
    line("national map, A4 PNG at 300 dpi (median)", a4_s)
    line(
        f"full national deck, 6 hubs (median of {args.deck_repeats})",
        deck_s,
        TARGET_DECK_S,
        f"  (CPU {deck_cpu:.1f} s)",
    )
    line(
        "  the first deck in the process (vl-convert start included)",
        first_deck,
        TARGET_DECK_S,
        f"  (CPU {first_deck_cpu:.1f} s)",
    )
    line("hub report (PDF, EHMJ)", report_s)
    return {
        "present_png_s": png_s,
        "present_png_cpu_s": png_cpu,
        "present_deck_cpu_s": deck_cpu,
        "present_png_first_s": first_png,
        "present_png_reference_s": ref_s,
        "present_a4_s": a4_s,
        "present_deck_s": deck_s,
        "present_deck_first_s": first_deck,
        "present_report_s": report_s,
    }


if __name__ == "__main__":
    main()
