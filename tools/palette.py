"""Choose the cluster palette (klyngekort.present.style.CATEGORY_COLORS).

Searches an sRGB grid (18 steps per channel, lightness L* 28–82 so that markers stand out on
the pale map and carry a readable letter) for N colours whose smallest pairwise CIEDE2000
difference, under normal vision and under simulated deuteranopia and protanopia (Machado 2009,
severity 100, via colorspacious), is as large as possible: greedy farthest-point selection
from random starts, then one-at-a-time swaps. Deterministic (seeded).

    .venv/bin/pip install colorspacious   # comes with the test extra
    .venv/bin/python tools/palette.py 14 4
"""

from __future__ import annotations

import itertools
import sys

import numpy as np
from colorspacious import cspace_convert

KINDS = ("normal", "deuteranomaly", "protanomaly")


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """Vectorised CIEDE2000 (Sharma, Wu & Dalal 2005); rows of ``lab1`` against ``lab2``."""
    L1, a1, b1 = lab1[..., 0], lab1[..., 1], lab1[..., 2]
    L2, a2, b2 = lab2[..., 0], lab2[..., 1], lab2[..., 2]
    cb = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(cb**7 / (cb**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p, h2p = np.degrees(np.arctan2(b1, a1p)) % 360, np.degrees(np.arctan2(b2, a2p)) % 360
    dhp = h2p - h1p
    dhp = np.where(dhp > 180, dhp - 360, np.where(dhp < -180, dhp + 360, dhp))
    dhp = np.where(c1p * c2p == 0, 0, dhp)
    d_hp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dhp / 2))
    lbp, cbp, hs = (L1 + L2) / 2, (c1p + c2p) / 2, h1p + h2p
    hbp = np.where(np.abs(h1p - h2p) > 180, np.where(hs < 360, (hs + 360) / 2, (hs - 360) / 2), hs / 2)
    hbp = np.where(c1p * c2p == 0, hs, hbp)
    t = (
        1
        - 0.17 * np.cos(np.radians(hbp - 30))
        + 0.24 * np.cos(np.radians(2 * hbp))
        + 0.32 * np.cos(np.radians(3 * hbp + 6))
        - 0.20 * np.cos(np.radians(4 * hbp - 63))
    )
    rt = -np.sin(np.radians(60 * np.exp(-(((hbp - 275) / 25) ** 2)))) * 2 * np.sqrt(cbp**7 / (cbp**7 + 25**7))
    sl = 1 + 0.015 * (lbp - 50) ** 2 / np.sqrt(20 + (lbp - 50) ** 2)
    sc, sh = 1 + 0.045 * cbp, 1 + 0.015 * cbp * t
    dl, dc = (L2 - L1) / sl, (c2p - c1p) / sc
    return np.sqrt(dl**2 + dc**2 + (d_hp / sh) ** 2 + rt * dc * (d_hp / sh))


def seen(rgb: np.ndarray, kind: str) -> np.ndarray:
    if kind != "normal":
        rgb = np.clip(
            cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": kind, "severity": 100}, "sRGB1"), 0, 1
        )
    return cspace_convert(rgb, "sRGB1", "CIELab")


def main(n: int = 14, trials: int = 4) -> None:
    steps = np.linspace(0, 1, 18)
    cand = np.array(list(itertools.product(steps, steps, steps)))
    lab = cspace_convert(cand, "sRGB1", "CIELab")
    cand = cand[(lab[:, 0] > 28) & (lab[:, 0] < 82)]
    labs = {k: seen(cand, k) for k in KINDS}
    m = len(cand)

    def nearest(chosen: list[int]) -> np.ndarray:
        d = np.full(m, np.inf)
        for k in KINDS:
            for i in chosen:
                d = np.minimum(d, ciede2000(labs[k], labs[k][i][None, :]))
        return d

    rng = np.random.default_rng(0)
    best: tuple[float, list[int]] | None = None
    for _ in range(trials):
        chosen = [int(rng.integers(m))]
        while len(chosen) < n:
            chosen.append(int(np.argmax(nearest(chosen))))
        for _ in range(3):
            for pos in range(n):
                chosen[pos] = int(np.argmax(nearest(chosen[:pos] + chosen[pos + 1 :])))
        score = min(
            float(ciede2000(labs[k][a], labs[k][b]))
            for a, b in itertools.combinations(chosen, 2)
            for k in KINDS
        )
        if best is None or score > best[0]:
            best = (score, chosen)
    assert best is not None
    hexes = ["#" + "".join(f"{round(v * 255):02x}" for v in cand[i]) for i in best[1]]
    print(f"smallest ΔE2000 over {', '.join(KINDS)}: {best[0]:.2f}")
    print("\n".join(hexes))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
