"""The cluster palette is safe for colour-blind readers, and colour is never the only cue.

Every pair of cluster colours is simulated as seen with deuteranopia, protanopia and
tritanopia (Machado, Oliveira & Fernandes 2009, severity 100, through ``colorspacious``) and
compared with CIEDE2000. Under normal vision, deuteranopia and protanopia every pair differs by
at least 15; tritanopia is reported (its weakest pairs are told apart by the letters, which
every cluster has and no two clusters share)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from klyngekort.present.style import CATEGORY_COLORS, SYMBOL_STYLES, cluster_glyphs, glyph_color

colorspacious = pytest.importorskip("colorspacious")

MIN_DELTA_E = 15.0


def _rgb(hex_color: str) -> np.ndarray:
    h = hex_color.lstrip("#")
    return np.array([int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)])


def _lab(hex_color: str, cvd: str | None) -> np.ndarray:
    rgb = _rgb(hex_color)
    if cvd:
        space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
        rgb = np.clip(colorspacious.cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return colorspacious.cspace_convert(rgb, "sRGB1", "CIELab")


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dlp, dcp = L2 - L1, c2p - c1p
    dhp = h2p - h1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif dhp > 180:
        dhp -= 360
    elif dhp < -180:
        dhp += 360
    d_hp = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dhp / 2))
    lbp, cbp = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hbp = h1p + h2p
    elif abs(h1p - h2p) > 180:
        hbp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    else:
        hbp = (h1p + h2p) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(hbp - 30))
        + 0.24 * np.cos(np.radians(2 * hbp))
        + 0.32 * np.cos(np.radians(3 * hbp + 6))
        - 0.20 * np.cos(np.radians(4 * hbp - 63))
    )
    d_theta = 30 * np.exp(-(((hbp - 275) / 25) ** 2))
    rc = 2 * np.sqrt(cbp**7 / (cbp**7 + 25**7))
    sl = 1 + 0.015 * (lbp - 50) ** 2 / np.sqrt(20 + (lbp - 50) ** 2)
    sc, sh = 1 + 0.045 * cbp, 1 + 0.015 * cbp * t
    rt = -np.sin(np.radians(2 * d_theta)) * rc
    return float(
        np.sqrt((dlp / sl) ** 2 + (dcp / sc) ** 2 + (d_hp / sh) ** 2 + rt * (dcp / sc) * (d_hp / sh))
    )


def _pairs(cvd: str | None) -> list[tuple[float, str, str]]:
    labs = {c: _lab(c, cvd) for c in CATEGORY_COLORS}
    return sorted((ciede2000(labs[a], labs[b]), a, b) for a, b in itertools.combinations(CATEGORY_COLORS, 2))


def test_ciede2000_matches_the_published_test_data():
    # Sharma, Wu & Dalal (2005), table 1, pairs 1, 7 and 17
    assert ciede2000(np.array([50, 2.6772, -79.7751]), np.array([50, 0, -82.7485])) == pytest.approx(
        2.0425, abs=1e-4
    )
    assert ciede2000(np.array([50, 0, 0]), np.array([50, -1, 2])) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000(np.array([50, 2.5, 0]), np.array([73, 25, -18])) == pytest.approx(27.1492, abs=1e-4)


@pytest.mark.parametrize(
    "cvd", [None, "deuteranomaly", "protanomaly"], ids=["normal", "deuteranopia", "protanopia"]
)
def test_every_pair_of_cluster_colours_differs_by_15(cvd):
    pairs = _pairs(cvd)
    weakest = pairs[0]
    print(f"\nsmallest ΔE2000 ({cvd or 'normal vision'}): {weakest[0]:.1f} ({weakest[1]} / {weakest[2]})")
    assert weakest[0] >= MIN_DELTA_E, pairs[:3]


def test_tritanopia_is_reported_and_letters_tell_every_cluster_apart():
    weakest = _pairs("tritanomaly")[0]
    print(f"\nsmallest ΔE2000 (tritanopia): {weakest[0]:.1f} ({weakest[1]} / {weakest[2]})")
    ids = [f"K{i}" for i in range(40)] + ["CLEAN", "CENSEC", "CPHFINTECH", "MADE", "MARLOG"]
    glyphs = cluster_glyphs(ids)
    assert len(set(glyphs.values())) == len(ids)  # no two clusters share a letter
    assert cluster_glyphs(["CLEAN", "CENSEC"]) == {"CENSEC": "C", "CLEAN": "L"}


def test_letters_are_readable_on_every_colour():
    """The letter on a marker has a contrast of at least 4.5:1 with the marker's colour."""

    def lum(hex_color: str) -> float:
        c = _rgb(hex_color)
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])

    for color in CATEGORY_COLORS:
        a, b = lum(color), lum(glyph_color(color))
        ratio = (max(a, b) + 0.05) / (min(a, b) + 0.05)
        assert ratio >= 4.5, (color, glyph_color(color), ratio)


def test_presence_kinds_have_their_own_shapes_and_are_filled():
    """Shape, not colour, tells the kinds apart; a representation is filled, not a ring."""
    kinds = ("headquarters", "local_office", "representation", "co_location")
    assert len({SYMBOL_STYLES[k].shape for k in kinds}) == len(kinds)
    assert SYMBOL_STYLES["representation"].fill == "data"
