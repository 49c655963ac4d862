"""The slide deck (python-pptx) and the hub report (PDF), from Python and from the command line."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from klyngekort.cli.main import main
from klyngekort.core.coverage import CoverageParams
from klyngekort.core.periods import period_for
from klyngekort.present import style
from klyngekort.present.deck import build_deck, slide_plan
from klyngekort.present.report import build_report
from klyngekort.present.views import ViewRequest
from klyngekort.scenarios.changes import AddCoLocation, Scenario
from klyngekort.scenarios.compare import compare_scenario

ROOT = Path(__file__).resolve().parents[2]
P2124 = period_for("2021-2024")
HUBS = ["EHHS", "EHSJ", "EHFYN", "EHSYD", "EHMJ", "EHNJ"]


def _pictures(slide):
    return [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE


def _da_number(text: str) -> float:
    return float(text.replace(".", "").replace(",", ".").replace("%", "").strip())


@pytest.fixture(scope="module")
def national_deck(public_dataset, layers, tmp_path_factory, artifacts):
    data = build_deck(public_dataset, layers, ViewRequest(period=P2124))
    (artifacts / "deck-national.pptx").write_bytes(data)
    return Presentation(io.BytesIO(data))


def test_deck_slides_order_alt_text_notes_and_size(national_deck):
    prs = national_deck
    assert prs.slide_width == Inches(13.333) and prs.slide_height == Inches(7.5)  # 16:9
    names = [s.name for s in prs.slides]
    assert names == slide_plan(HUBS, scenario=False)
    assert len(names) == 5 + 6 + 1
    pictures = 0
    for slide in prs.slides:
        for pic in _pictures(slide):
            pictures += 1
            alt = pic._element.nvPicPr.cNvPr.get("descr")
            assert alt and len(alt) > 20, (slide.name, pic.name)
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.strip(), slide.name  # speaker notes hold the figures in words
    assert pictures == 2 + 1 + 6  # national, coverage, gap chart, one map per hub
    # the hub slides name the missing clusters; the maps are full-slide pictures
    hub = next(s for s in prs.slides if s.name == "hub:EHNJ")
    text = " ".join(sh.text_frame.text for sh in hub.shapes if sh.has_text_frame)
    assert "Erhvervshus Nordjylland" in text and "Klynger der mangler i området" in text
    national = next(s for s in prs.slides if s.name == "national")
    assert _pictures(national)[0].width == prs.slide_width


def test_gap_table_equals_the_cli(national_deck, tmp_path):
    """The ten largest gaps on the slide are a native table whose cells are the first ten rows
    of ``klyngekort coverage --by gaps`` for the same selection."""
    out = tmp_path / "gaps.csv"
    assert main(["coverage", "--by", "gaps", "--out", str(out), "--period", "2021-2024"]) == 0
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))[:10]
    slide = next(s for s in national_deck.slides if s.name == "gaps")
    tables = [s for s in slide.shapes if s.has_table]
    assert len(tables) == 1
    table = tables[0].table
    cells = [[c.text for c in r.cells] for r in table.rows][1:]
    assert len(cells) == len(rows) == 10
    for got, want in zip(cells, rows, strict=True):
        assert int(_da_number(got[0])) == int(want["rank"])
        assert got[1] == want["hub_name"] and got[2] == want["cluster_name"]
        assert int(_da_number(got[3])) == int(want["municipalities_uncovered"])
        assert _da_number(got[4]) == round(float(want["population_uncovered"]))
        assert _da_number(got[5]) == pytest.approx(round(float(want["population_uncovered_share"]) * 100, 1))
        assert got[6] == (want["nearest_presence_label"] or "Ingen kendt placering")
        if want["nearest_km"]:
            assert _da_number(got[7]) == pytest.approx(round(float(want["nearest_km"]), 1))


def test_deck_with_a_scenario_in_english_on_example_data(example_dataset, layers, artifacts):
    scen = Scenario(id="t", name="CLEAN in Copenhagen", changes=(AddCoLocation("CLEAN", "EHHS"),))
    cmp = compare_scenario(example_dataset, layers.municipalities, scen, CoverageParams(), period=P2124)
    data = build_deck(example_dataset, layers, ViewRequest(period=P2124, hubs=("EHHS",)), lang="en", cmp=cmp)
    (artifacts / "deck-scenario-en.pptx").write_bytes(data)
    prs = Presentation(io.BytesIO(data))
    names = [s.name for s in prs.slides]
    assert names == slide_plan(["EHHS"], scenario=True)
    title = " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "Scenario: CLEAN in Copenhagen" in title and "Period 2021–2024" in title
    for slide in prs.slides:  # the example data is marked on every slide
        assert any(sh.name == "EKSEMPELDATA" for sh in slide.shapes) or slide.name in (
            "national",
            "coverage",
            "scenario",
        )
    delta = next(s for s in prs.slides if s.name == "scenario_delta")
    table = next(s for s in delta.shapes if s.has_table).table
    assert table.cell(1, 0).text == "CLEAN"
    method = " ".join(sh.text_frame.text for sh in prs.slides[-1].shapes if sh.has_text_frame)
    assert "Sources: municipal boundaries from DAGI" in method


def test_deck_of_an_empty_selection_says_so(public_dataset, layers):
    day = period_for("2020-06-01")  # no cluster in force
    prs = Presentation(
        io.BytesIO(build_deck(public_dataset, layers, ViewRequest(period=day, hubs=("EHFYN",))))
    )
    texts = {s.name: " ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides}
    assert "intet at vise" in texts["gaps"]
    assert "intet at vise" in texts["hub:EHFYN"]
    assert "intet at vise" in texts["figures"]


def _pdf_pages(pdf: Path, tmp_path: Path) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page-*.png"))


def test_hub_report_pages_map_and_text(example_dataset, layers, tmp_path, artifacts, poppler):
    data = build_report(example_dataset, layers, ViewRequest(period=P2124), "EHMJ")
    pdf = artifacts / "report-ehmj.pdf"
    pdf.write_bytes(data)
    pages = _pdf_pages(pdf, tmp_path)
    assert 2 <= len(pages) <= 4
    for p in pages:  # A4 portrait
        w, h = Image.open(p).size
        assert abs(h / w - 297 / 210) < 0.01
    # page 1: the map area is drawn (the coverage classes' colours fill a good part of it)
    rgb = np.asarray(Image.open(pages[0]).convert("RGB")).reshape(-1, 3).astype(int)
    blues = [np.array([int(c[i : i + 2], 16) for i in (1, 3, 5)]) for c in style.BLUES]
    drawn = sum((np.abs(rgb - b).sum(axis=1) < 40).mean() for b in blues)
    assert drawn > 0.05
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for needle in (
        "Erhvervshus Midtjylland",
        "Nøgletal",
        "Til stede i området",
        "Fraværende",
        "Kommunerne",
        "Aarhus",
        "Metode og kilder",
        "Kilde: DAGI (SDFI) · Klyngekort-data pr.",
        "EKSEMPELDATA",
        f"Side 1 af {len(pages)}",
    ):
        assert needle in text, needle


def test_cli_map_deck_report(tmp_path, artifacts, poppler):
    png = tmp_path / "hub.png"
    assert main(["map", "--view", "hub", "--hub", "EHFYN", "--size", "a4", "--out", str(png)]) == 0
    im = Image.open(png)
    assert im.size == (2480, 3508) and round(im.info["dpi"][0]) == 300
    svg = tmp_path / "cov.svg"
    assert main(["map", "--view", "coverage", "--lang", "en", "--out", str(svg)]) == 0
    assert svg.read_bytes().lstrip().startswith(b"<?xml")
    pdf = tmp_path / "cl.pdf"
    assert main(["map", "--view", "cluster", "--cluster", "CLEAN", "--format", "pdf", "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    deck = tmp_path / "d.pptx"
    assert main(["deck", "--hub", "EHNJ", "--period", "2025-2028", "--out", str(deck)]) == 0
    assert [s.name for s in Presentation(str(deck)).slides] == slide_plan(["EHNJ"], scenario=False)
    rep = tmp_path / "r.pdf"
    assert main(["report", "--hub", "EHSYD", "--lang", "en", "--out", str(rep)]) == 0
    text = subprocess.run(["pdftotext", str(rep), "-"], capture_output=True, text=True, check=True).stdout
    assert "Erhvervshus Sydjylland" in text and "Method and sources" in text


@pytest.mark.parametrize(
    "argv",
    [
        ["map", "--view", "hub", "--hub", "NOPE"],
        ["map", "--view", "hub"],
        ["map", "--view", "cluster", "--cluster", "XX"],
        ["map", "--view", "scenario", "--scenario", "ingen-saadan"],
        ["deck", "--hub", "NOPE"],
        ["deck", "--scenario", "ingen-saadan"],
        ["report", "--hub", "NOPE"],
        ["map", "--area", "Ukendt område"],
    ],
)
def test_cli_unknown_ids_are_usage_errors(argv, tmp_path, capsys):
    suffix = {"map": ".png", "deck": ".pptx", "report": ".pdf"}[argv[0]]
    out = tmp_path / f"x{suffix}"
    assert main([*argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "brug:" in err and "fejl:" in err  # Danish by default, as every CLI message
    assert not out.exists()


def test_cli_wrong_suffix_is_a_usage_error(tmp_path, capsys):
    assert main(["deck", "--out", str(tmp_path / "d.pdf")]) == 2
    assert ".pptx" in capsys.readouterr().err
