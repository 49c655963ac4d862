"""Static maps (issue 9): one style for the Leaflet maps and the matplotlib renderer, the images'
sizes, resolution, legend, inset, texts and formats. Images go to tests/artifacts/."""

from __future__ import annotations

import io
import re
import subprocess
from xml.etree import ElementTree

import numpy as np
import pytest
from matplotlib.collections import CircleCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.lines import Line2D
from PIL import Image

from klyngekort.core.coverage import CoverageParams
from klyngekort.core.periods import period_for
from klyngekort.core.selection import Selection, select
from klyngekort.present import static_map as sm
from klyngekort.present import style
from klyngekort.present.mapview import _PointLayer, legend_html, render, symbol_svg
from klyngekort.present.national_map import build_content
from klyngekort.present.views import coverage_for
from klyngekort.scenarios.changes import AddCoLocation, Scenario
from klyngekort.scenarios.compare import compare_scenario

P2124 = period_for("2021-2024")


@pytest.fixture(scope="module")
def result_public(public_dataset, layers):
    return coverage_for(public_dataset, layers, P2124)


@pytest.fixture(scope="module")
def result_example(example_dataset, layers):
    return coverage_for(example_dataset, layers, P2124)


def _svg_paint(svg: str) -> dict[str, str]:
    el = ElementTree.fromstring(svg)[0]
    return {k: el.get(k, "") for k in ("fill", "stroke", "stroke-width", "fill-opacity", "stroke-dasharray")}


# --------------------------------------------------------------------------- one style


@pytest.mark.parametrize("symbol", style.SYMBOLS)
def test_symbol_is_drawn_from_the_one_style_by_both_renderers(symbol, example_dataset, layers):
    """The web map's SVG marker and the static map's marker take fill, stroke, stroke width
    (as a share of the size), opacity and dashes from style.SYMBOL_STYLES."""
    spec = style.SYMBOL_STYLES[symbol]
    paint = _svg_paint(symbol_svg(symbol, "#123456", 14))
    assert paint["fill"] == spec.fill_color("#123456")
    assert paint["stroke"] == spec.stroke_color("#123456")
    assert float(paint["stroke-width"]) == pytest.approx(spec.stroke_frac * 14, rel=0.01)
    assert (paint["fill-opacity"] or "1") == f"{spec.fill_opacity:g}"
    assert bool(paint["stroke-dasharray"]) == spec.dashed

    # The static legend draws the same symbol with the same colours.
    content = build_content(example_dataset, select(example_dataset, Selection(period=P2124)), layers.display)
    spec_map = sm.StaticMapSpec([("", content)], "t", "s", "da")
    drawn = sm.render(spec_map, layers, "slide")
    markers = [a for a in drawn.figure.artists if isinstance(a, (Line2D, CircleCollection))]
    entry = next(r for r in drawn.legend if r.symbol == symbol)
    want_face = to_rgba(spec.fill_color(entry.color), spec.fill_opacity)
    want_edge = to_rgba(spec.stroke_color(entry.color))

    def paint(m):
        if isinstance(
            m, CircleCollection
        ):  # the dashed circle: a collection (a line's marker edge cannot be dashed)
            assert m.get_linestyle()[0][1] is not None  # dashes
            return to_rgba(m.get_facecolor()[0]), to_rgba(m.get_edgecolor()[0])
        return to_rgba(m.get_markerfacecolor()), to_rgba(m.get_markeredgecolor())

    assert any(
        np.allclose(paint(m)[0], want_face) and np.allclose(paint(m)[1], want_edge) for m in markers
    ), symbol
    drawn.figure.clear()


def test_the_legend_and_layers_match_the_web_map(example_dataset, layers, artifacts):
    """National map: the static legend holds every entry of the Leaflet legend (same label,
    colour and symbol, same order), the layers are drawn in style.LAYER_ORDER, the markers
    in style.POINT_ORDER, and the web map stacks its markers in that same order."""
    view = select(example_dataset, Selection(period=P2124))
    content = build_content(example_dataset, view, layers.display)
    spec = sm.national_map(example_dataset, layers, Selection(period=P2124))
    drawn = sm.render(spec, layers, "slide")
    web = [(e.symbol, e.color, e.label) for e in content.legend]
    static = [(r.symbol, r.color, r.label) for r in drawn.legend]
    assert sorted(static, key=str) == sorted(web, key=str)
    # sections: hub areas (fills) first, then symbols, then clusters, each in the web order
    fills = [x for x in web if x[0] is None]
    assert static[: len(fills)] == fills
    html = legend_html(content.legend)
    for _, color, label in web:
        assert label.replace("&", "&amp;") in html and color in html
    # layer order
    order = [style.LAYER_ORDER.index(name) for name in drawn.layers]
    assert order == sorted(order) and drawn.layers[0] == "sea"
    ranks = [style.point_rank(s) for s in drawn.point_symbols]
    assert ranks == sorted(ranks) and drawn.point_symbols[-1] == "head_office"
    # Leaflet: z-index offset by the same ranks
    js = _PointLayer(content.points).points_js
    z = {row[2]: row[11] for row in __import__("json").loads(js)}
    assert all(
        z[a] < z[b]
        for a, b in zip(style.POINT_ORDER, style.POINT_ORDER[1:], strict=False)
        if a in z and b in z
    )
    drawn.save(artifacts / "static-national-example.png")
    drawn.figure.clear()


def test_coverage_classes_and_gaps_are_the_apps(example_dataset, layers, result_example, artifacts):
    """The coverage map's class colours and labels are the app's classes (one computation), and
    the gap municipalities are hatched with the gap colour, as on the web map."""
    cm = sm._build_coverage(example_dataset, layers, result_example, "clusters_present", "da")
    spec = sm.coverage_map(example_dataset, layers, result_example, period=P2124)
    drawn = sm.render(spec, layers, "slide")
    fills = [(r.color, r.label) for r in drawn.legend if r.kind == "fill"]
    assert fills[: cm.classes.k] == list(zip(cm.classes.colors, cm.classes.labels, strict=True))
    assert list(spec.class_colors) == list(cm.classes.colors)
    hatch = [r for r in drawn.legend if r.kind == "hatch"]
    assert len(hatch) == 1 and "Hul" in hatch[0].label
    assert "gaps" in drawn.layers and cm.gaps
    # the hatched collection holds exactly the gap municipalities, in the gap colour
    ax = drawn.figure.axes[0]
    hatched = [c for c in ax.collections if c.get_hatch()]
    assert len(hatched) == 1 and len(hatched[0].get_paths()) == len(cm.gaps)
    assert to_hex(hatched[0].get_edgecolor()[0]) == style.GAP_COLOR
    drawn.save(artifacts / "static-coverage-example.png")
    drawn.figure.clear()


# --------------------------------------------------------------------------- sizes, formats, texts


def test_slide_and_a4_png_size_and_dpi(public_dataset, layers, artifacts):
    spec = sm.national_map(public_dataset, layers, Selection(period=P2124))
    for size, px, dpi in (("slide", (1920, 1080), 144), ("a4", (2480, 3508), 300)):
        data = sm.render_bytes(spec, layers, fmt="png", size=size)
        im = Image.open(io.BytesIO(data))
        assert im.size == px
        assert tuple(round(d) for d in im.info["dpi"]) == (dpi, dpi)
        (artifacts / f"static-national-{size}.png").write_bytes(data)
        # the map is drawn: the hub-area fills cover a large part of the picture
        rgb = np.asarray(im.convert("RGB")).reshape(-1, 3)
        hub_fill = np.array([int(style.HUB_FILLS["EHMJ"][i : i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(rgb - hub_fill).sum(axis=1) < 6).mean() > 0.01


def test_svg_and_pdf_text_is_right(example_dataset, layers, tmp_path, poppler):
    """SVG: text drawn as outlines (crisp, æøå right without the font); PDF: fonts embedded and
    the text (title, source line, EKSEMPELDATA) extractable with æøå intact."""
    spec = sm.national_map(example_dataset, layers, Selection(period=P2124))
    svg = sm.render_bytes(spec, layers, fmt="svg")
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    assert b"<text" not in svg  # text as paths
    assert b"Klyngeorganisationernes tilstedev\xc3\xa6relse" in svg  # the title, in the metadata
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(sm.render_bytes(spec, layers, fmt="pdf", size="a4"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Klyngeorganisationernes tilstedeværelse" in text
    assert "Kilde: DAGI (SDFI) · Klyngekort-data pr." in text and "placering på byniveau" in text
    assert "EKSEMPELDATA" in text
    assert "Erhvervshus Sjælland" in text  # the legend, complete
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSans" in fonts and re.search(r"yes\s+yes", fonts)  # embedded (subset)


def test_english_texts(public_dataset, layers, result_public):
    spec = sm.coverage_map(public_dataset, layers, result_public, lang="en", period=P2124)
    drawn = sm.render(spec, layers, "slide")
    assert drawn.texts["title"].startswith("Coverage: Clusters within 40 km")
    assert drawn.texts["source"].startswith("Source: DAGI (SDFI) · Klyngekort data as of")
    assert drawn.texts["example"] == ""  # public data: no mark
    assert any(r.label == "Business hub (head office)" for r in drawn.legend)
    drawn.figure.clear()


def test_bornholm_inset_where_the_extent_needs_it(public_dataset, layers, result_public, artifacts):
    national = sm.render(sm.national_map(public_dataset, layers, Selection(period=P2124)), layers)
    assert national.inset
    hovedstaden = sm.render(sm.hub_map(public_dataset, layers, result_public, "EHHS", period=P2124), layers)
    assert hovedstaden.inset  # Bornholm belongs to Hovedstaden
    hovedstaden.save(artifacts / "static-hub-ehhs.png")
    midt = sm.render(sm.hub_map(public_dataset, layers, result_public, "EHMJ", period=P2124), layers)
    assert not midt.inset
    midt.save(artifacts / "static-hub-ehmj.png")
    for m in (national, hovedstaden, midt):
        m.figure.clear()


def test_cluster_and_scenario_views(example_dataset, layers, artifacts):
    res = coverage_for(example_dataset, layers, P2124, clusters=["CLEAN"])
    cl = sm.render(sm.cluster_map(example_dataset, layers, res, "CLEAN", period=P2124), layers)
    assert cl.texts["title"].startswith("CLEAN")
    cl.save(artifacts / "static-cluster-clean.png")
    scen = Scenario(id="t", name="CLEAN i København", changes=(AddCoLocation("CLEAN", "EHHS"),))
    cmp = compare_scenario(example_dataset, layers.municipalities, scen, CoverageParams(), period=P2124)
    spec = sm.scenario_map(cmp, example_dataset, layers)
    drawn = sm.render(spec, layers, "slide")
    assert len(drawn.figure.axes) >= 2  # before and after
    assert any(r.kind == "outline" for r in drawn.legend)  # the changed municipalities
    assert "outlines" in drawn.layers
    assert drawn.texts["title"] == "Scenarie: CLEAN i København"
    drawn.save(artifacts / "static-scenario.png")
    for m in (cl, drawn):
        m.figure.clear()


def test_long_names_are_shortened_and_stay_off_the_map(public_dataset, layers):
    spec = sm.national_map(public_dataset, layers, Selection(period=P2124))
    spec.title = "Et meget langt navn på et scenarie " * 6
    content = spec.content
    content.legend[0].label = "Erhvervshus med et overordentlig langt navn der aldrig ender " * 3
    drawn = sm.render(spec, layers, "slide")
    fig = drawn.figure
    renderer = fig.canvas.get_renderer()
    assert drawn.texts["title"].endswith("…")
    map_box = fig.axes[0].get_window_extent(renderer)
    width = fig.get_figwidth() * fig.dpi
    for text in fig.texts:
        box = text.get_window_extent(renderer)
        assert box.x1 <= width + 1, text.get_text()
        assert not box.overlaps(map_box), text.get_text()
    assert next(r for r in drawn.legend if r.label.startswith("Erhvervshus med"))
    fig.clear()


def test_a_selection_with_nothing_to_show_says_so(public_dataset, layers, tmp_path):
    day = period_for("2020-06-01")  # before the programme: no cluster in force
    res = coverage_for(public_dataset, layers, day)
    assert not res.core.cluster_ids
    spec = sm.coverage_map(public_dataset, layers, res, period=day)
    assert spec.empty_message
    drawn = sm.render(spec, layers)
    said = [t.get_text() for t in drawn.figure.axes[0].texts]
    assert any("intet at vise" in s for s in said)
    drawn.figure.clear()


def test_wrap():
    assert sm.wrap("kort tekst", 20) == ["kort tekst"]
    lines = sm.wrap("en to tre fire fem seks syv otte ni ti elleve tolv", 12, 2)
    assert len(lines) == 2 and lines[-1].endswith("…") and all(len(x) <= 12 for x in lines)


def test_web_map_still_renders_with_the_style(public_dataset, layers):
    content = build_content(public_dataset, select(public_dataset, Selection(period=P2124)), layers.display)
    html = render(content).get_root().render()
    assert style.SEA_COLOR in html and "zIndexOffset" in html
