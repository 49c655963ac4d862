"""AppTest: one number format. Every page is walked in Danish (on the example data, and the
planner's before/after and recommendation views), and no number is written the English way
(``4,167,771``, ``70.25%``) in a table, a key figure or a text."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from klyngekort.scenarios.changes import AddCoLocation
from klyngekort.scenarios.store import ScenarioStore
from tests.conftest import open_page

PAGES = [
    "pages/danmarkskort.py",
    "pages/daekning.py",
    "pages/erhvervshus.py",
    "pages/klynge.py",
    "pages/sammenlign.py",
    "pages/huller.py",
    "pages/data.py",
]
_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")
_ENGLISH = re.compile(r"\d,\d{3}(?![\d])|\d\.\d{1,2}(?![\d])|\d\.\d{4,}")


def _english_numbers(text: str) -> list[str]:
    text = _DATE.sub("", text)
    text = re.sub(r"https?://\S+|`[^`]*`|CC BY \d\.\d", "", text)  # addresses, code, licences
    return [m.group(0) for m in _ENGLISH.finditer(text)]


def _numeric_cells(at: AppTest) -> list[str]:
    """The shown text of every numeric cell of every table (each table must be styled by the
    app's one formatter: a table without display values would show the browser's format)."""
    out = []
    for el in at.dataframe:
        raw = el.value
        numeric = [c for c in raw.columns if raw[c].dtype.kind in "fiu"]
        if not numeric:
            continue
        styler = el.proto.arrow_data.styler
        assert styler.display_values, f"a table with numbers that is not formatted: {list(raw.columns)}"
        shown = pa.ipc.open_stream(styler.display_values).read_all().to_pandas()
        for c in numeric:
            out += [str(v) for v in shown[c].tolist()]
    return out


def _texts(at: AppTest) -> list[str]:
    out = [m.value for m in at.metric] + [str(m.delta or "") for m in at.metric]
    for kind in ("markdown", "caption", "info", "warning", "success", "subheader", "header"):
        out += [str(e.value) for e in getattr(at, kind)]
    return out


def _check(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    bad = [(c, _english_numbers(c)) for c in _numeric_cells(at) + _texts(at) if _english_numbers(c)]
    assert bad == [], bad[:10]


@pytest.mark.parametrize("page", PAGES)
def test_no_english_number_in_danish(page):
    _check(open_page(page, {"data": "example"}))


@pytest.fixture()
def db(tmp_path, monkeypatch) -> ScenarioStore:
    path = tmp_path / "s.sqlite3"
    monkeypatch.setenv("KLYNGEKORT_DB", str(path))
    return ScenarioStore(path)


def test_no_english_number_in_the_planner(db):
    s = db.create("Bornholm", changes=[AddCoLocation("DIGITALLEAD", "EHHS_BOR")])
    _check(open_page("pages/planlaegning.py", {"scenario": s.id, "view": "compare"}))
    at = open_page("pages/planlaegning.py", {"view": "recommend"})
    at.button(key="pl_run_best").click().run()
    _check(at)
    assert at.dataframe, "the recommendation shows its sites"


def test_the_pattern_finds_english_numbers():
    assert _english_numbers("4,167,771 og 70.25% og 5.7 km") == ["4,167", "0.25", "5.7"]
    assert _english_numbers("2.711.910 · 70,3 % · 5,7 km · 01.03.2025 · 55,47028") == []
