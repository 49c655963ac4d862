"""What the editing pages show: the history as a table in words (both languages), and the small
map that shows where a site will be placed (offline, escaped)."""

from __future__ import annotations

from klyngekort.present.mapview import MAP_CSS
from klyngekort.present.place_map import place_preview_content, place_preview_map
from klyngekort.present.tables import history_frame, history_time
from klyngekort.store.data import HistoryEntry


def _entries() -> list[HistoryEntry]:
    return [
        HistoryEntry(
            1283, 2, "2026-12-02T16:05:09.123456+00:00", "Åse <a@b.dk>", "sites", "X-1", "add",
            "town", None, "Sønderborg", "ny", "https://example.dk",
        ),
        HistoryEntry(
            1290, 3, "2026-12-03T08:00:00+00:00", "Bo", "hubs", "EHFYN", "change",
            "name", "Erhvervshus Fyn", "", "", "",
        ),
        HistoryEntry(
            1291, 4, "2026-12-04T23:59:59+00:00", "Bo", "population", "0101|2021", "delete",
            "population", "644431", None, "fejl", "",
        ),
    ]  # fmt: skip


def test_the_history_in_words_in_danish():
    frame = history_frame(_entries(), "da")
    assert list(frame.columns) == [
        "Ændring nr.",
        "Gemning nr.",
        "Tidspunkt (UTC)",
        "Bruger",
        "Tabel",
        "Række",
        "Handling",
        "Felt",
        "Før",
        "Efter",
        "Begrundelse",
        "Kilde",
    ]
    assert list(frame["Handling"]) == ["tilføjet", "ændret", "slettet"]
    assert list(frame["Tabel"]) == ["Steder", "Erhvervshuse og filialer", "Befolkning"]
    assert list(frame["Tidspunkt (UTC)"]) == ["02.12.2026 16:05", "03.12.2026 08:00", "04.12.2026 23:59"]
    # empty stays empty: never "None" or "nan"
    assert list(frame["Før"]) == ["", "Erhvervshus Fyn", "644431"]
    assert list(frame["Efter"]) == ["Sønderborg", "", ""]
    assert not frame.isna().any().any()
    assert "None" not in frame.astype(str).to_numpy()
    # the numbers a revert asks for stay numbers (they sort as numbers)
    assert frame["Ændring nr."].dtype.kind == "i" and list(frame["Gemning nr."]) == [2, 3, 4]
    assert frame["Bruger"].iloc[0] == "Åse <a@b.dk>"  # data text as it is (st.dataframe shows text)


def test_the_history_in_words_in_english():
    frame = history_frame(_entries(), "en")
    assert list(frame.columns)[:3] == ["Change no.", "Save no.", "Time (UTC)"]
    assert list(frame["Action"]) == ["added", "changed", "deleted"]
    assert list(frame["Table"]) == ["Sites", "Hubs and branches", "Population"]
    assert frame["Time (UTC)"].iloc[0] == "02 Dec 2026 16:05"


def test_an_empty_history_has_the_headers_and_an_odd_time_is_kept():
    assert list(history_frame([], "da").columns)[6] == "Handling"
    assert history_time("not a time", "da") == "not a time"


def test_the_place_preview_outlines_the_municipality_and_shows_the_point(layers):
    content = place_preview_content(
        layers.display,
        "0540",
        54.94264,
        9.94829,
        kind="local_office",
        title="<b>X</b>",
        precision="municipality",
        lang="da",
    )
    assert len(content.municipalities["features"]) == len(layers.display)
    chosen = [f for f in content.municipalities["features"] if f["properties"]["k"] == "0540"]
    assert chosen[0]["properties"]["f"] != content.municipalities["features"][0]["properties"]["f"]
    assert content.outlines is not None and content.outlines["features"][0]["properties"] == {"k": "0540"}
    (point,) = content.points
    assert (point.lat, point.lon, point.symbol) == (54.94264, 9.94829, "local_office")
    assert "&lt;b&gt;X&lt;/b&gt;" in point.tooltip and "&lt;b&gt;X&lt;/b&gt;" in point.popup
    assert "<b>X</b>" not in point.tooltip + point.popup
    assert "kommuneniveau" in point.popup
    (s, w), (n, e) = content.bounds  # Sønderborg and a margin, not the whole country
    assert 54.6 < s < 54.95 < n < 55.3 and 9.2 < w < 9.95 < e < 10.2


def test_a_point_outside_the_municipality_widens_the_view_and_no_point_draws_none(layers):
    content = place_preview_content(
        layers.display, "0540", 55.67, 12.57, kind="headquarters", title="Y", precision="address", lang="en"
    )
    (s, w), (n, e) = content.bounds
    assert s < 54.95 < n and n > 55.67 and w < 9.95 < e and e > 12.57  # the point is in view too
    empty = place_preview_content(
        layers.display, "0540", None, None, kind="headquarters", title="Y", precision="town", lang="en"
    )
    assert empty.points == []


def test_the_place_preview_is_offline(layers):
    m = place_preview_map(
        layers.display, "0101", 55.68, 12.57, kind="representation", title="Z", precision="town", lang="da"
    )
    html = m.get_root().render()
    assert "tile.openstreetmap" not in html and "cdn." not in html and "unpkg" not in html
    assert "/app/static/vendor/" in html and MAP_CSS.strip()[:20] in html
