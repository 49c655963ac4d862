"""AppTest: an empty view says why it is empty and what to change."""

from __future__ import annotations

from tests.conftest import open_page


def test_made_alone_explains_the_empty_map():
    """MADE's office town is unknown in every source: filtered to MADE alone, the map has no
    cluster marker, and the page says so instead of showing an unexplained empty map."""
    at = open_page("pages/danmarkskort.py", {"clusters": "MADE"})
    assert not at.exception
    infos = [i.value for i in at.info]
    assert any("MADE" in v and "ingen kendt tilstedeværelse" in v for v in infos), infos
    assert any("Vælg flere klynger" in v for v in infos), infos


def test_a_map_with_markers_has_no_empty_note():
    at = open_page("pages/danmarkskort.py", {"clusters": "CLEAN"})
    assert not any("Vælg flere klynger" in i.value for i in at.info)


def test_empty_note_in_english():
    at = open_page("pages/danmarkskort.py", {"clusters": "MADE", "lang": "en"})
    assert any("has no known presence" in i.value for i in at.info)
