"""AppTest: one app state follows the user from page to page and lives in the URL, and a link
value that cannot be used is replaced with a visible note (klyngekort.ui.state)."""

from __future__ import annotations

import pytest

from tests.conftest import open_page

PAGES = [
    "pages/daekning.py",
    "pages/erhvervshus.py",
    "pages/klynge.py",
    "pages/sammenlign.py",
    "pages/huller.py",
    "pages/data.py",
    "pages/planlaegning.py",
    "pages/danmarkskort.py",
]


def _open_link(page: str, query: dict[str, str]):
    """``page`` opened from a link with ``query`` (the first page run sees the link)."""
    at = open_page("pages/danmarkskort.py", {"lang": query["lang"]} if "lang" in query else None)
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(page)
    at.run()
    return at


def _notes(at) -> list[str]:
    return [w.value for w in at.warning if "Linket angav" in w.value or "The link gave" in w.value]


def test_state_follows_through_every_page():
    """Choose 2021–2024 (not the default: today, 2026-12-02, is in 2025–2028), example data,
    Fyn, a cluster and 60 km on the map page, then go
    through every page the way the sidebar does (Streamlit clears the query string on a page
    change): each page opens with the same choices, in its widgets and in its link."""
    at = open_page(
        "pages/daekning.py",
        {"period": "2021-2024", "data": "example", "hub": "EHFYN", "radius": "60", "lang": "da"},
    )
    assert not at.exception, [e.value for e in at.exception]
    for page in PAGES:
        for k in list(at.query_params):  # what the browser does on a page change
            del at.query_params[k]
        at.switch_page(page)
        at.run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.query_params.get("period") == "2021-2024", (page, dict(at.query_params))
        assert at.query_params.get("data") == "example", page
        assert any("EKSEMPELDATA" in w.value for w in at.warning), page
        if page != "pages/data.py":  # the data page has no period
            assert at.radio(key="period_choice").value == "2021-2024", page
        if page in ("pages/daekning.py", "pages/huller.py", "pages/danmarkskort.py"):
            assert at.selectbox(key="hub").value == "EHFYN", page
            assert at.query_params.get("hub") == "EHFYN", page
        if page == "pages/erhvervshus.py":
            assert at.selectbox(key="eh_hub").value == "EHFYN"
        if page not in ("pages/data.py", "pages/danmarkskort.py"):
            assert at.slider(key="cov_radius").value == 60, page
        assert not _notes(at), (page, _notes(at))


def test_language_follows_and_a_default_is_not_restored():
    at = open_page("pages/daekning.py", {"lang": "en", "period": "2021-2024"})
    assert at.title[0].value != "Dækning"  # in English
    # back to the default period (the one containing today, 2026-12-02): it is left out of the
    # link and not brought back
    # (a widget labelled in the user's language has a key per language: klyngekort.ui.state.widget_key)
    at.radio(key="period_choice_en").set_value("2025-2028").run()
    assert "period" not in at.query_params
    for k in list(at.query_params):
        del at.query_params[k]
    at.switch_page("pages/huller.py")
    at.run()
    assert at.radio(key="period_choice_en").value == "2025-2028"
    assert at.query_params.get("lang") == "en"
    assert "period" not in at.query_params


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"hub": "XYZ"}, ["XYZ", "Hele landet"]),
        ({"period": "1999-2001"}, ["1999-2001", "2025–2028"]),  # the default: today is in 2025–2028
        ({"period": "2031-05-01"}, ["2031-05-01", "31.12.2030"]),
        ({"radius": "abc"}, ["abc", "40 km"]),
        ({"radius": "500"}, ["500", "150 km"]),
        ({"clusters": "NOPE,ECD"}, ["NOPE", "ECD"]),
        ({"data": "zzz"}, ["zzz", "Offentlige data"]),
        ({"mode": "zzz"}, ["zzz"]),
    ],
)
def test_an_unusable_link_value_is_reported(query, expected):
    at = _open_link("pages/daekning.py", query)
    assert not at.exception
    notes = _notes(at)
    assert len(notes) == 1, notes
    for text in expected:
        assert text.replace(".", "\\.").replace("-", "\\-") in notes[0] or text in notes[0], (text, notes)


def test_a_good_link_gives_no_note():
    at = _open_link(
        "pages/daekning.py", {"hub": "EHFYN", "period": "2025-2028", "radius": "60", "clusters": "ECD"}
    )
    assert not _notes(at)


def test_notes_are_in_english_too():
    at = _open_link("pages/huller.py", {"lang": "en", "hub": "XYZ"})
    notes = _notes(at)
    assert notes and "The link gave business hub" in notes[0] and "Whole country" in notes[0]
