"""AppTest of placing a site in "Redigér" (by municipality, by a town of the data, by typed
coordinates, checked before saving), of two sessions saving the same row, and of Historik's
filters in the link."""

from __future__ import annotations

import pytest
import shapely

from klyngekort.core import config
from klyngekort.core.loading import load_dataset
from klyngekort.core.projection import lonlat_to_utm32
from klyngekort.store.data import DataStore
from klyngekort.ui.edit import new_site_id, slug, town_points
from tests.conftest import ROOT, open_page

EDITOR = "Åse Test <aase@example.dk>"


@pytest.fixture
def local_editor(monkeypatch):
    monkeypatch.setenv(config.ENV_LOCAL_EDITOR, EDITOR)


def _site(store: DataStore, site_id: str) -> dict:
    (row,) = [r for r in store.rows()["sites"] if r["row_id"] == site_id]
    return row


def _inside(layers, code: str, lat: str, lon: str) -> bool:
    x, y = lonlat_to_utm32([float(lon)], [float(lat)])
    geom = layers.municipalities.set_index("kommunekode").geometry[code]
    return bool(geom.covers(shapely.Point(float(x[0]), float(y[0]))))


def _provenance(at, source: str = "https://example.dk/kontor", confidence: str = "medium") -> None:
    at.text_input(key="ed_place_source").input(source)
    at.selectbox(key="ed_place_confidence").set_value(confidence)
    at.text_input(key="ed_place_reason").input("nyt kontor")


def test_ids_and_towns_come_from_the_data(places):
    assert slug("Sønderborg") == "SOENDERBORG" and slug("Århus C / Ærø") == "AARHUS-C-AEROE"
    assert new_site_id("CLEAN", "Sønderborg", {"CLEAN-SOENDERBORG", "CLEAN-SOENDERBORG-2"}) == (
        "CLEAN-SOENDERBORG-3"
    )
    ds = load_dataset(ROOT / "data", places=places).dataset
    towns = town_points(ds)
    # every town is one that hubs.csv or sites.csv names with its point; none is invented
    named = set(zip(ds.hubs["kommunekode"], ds.hubs["town"], strict=True)) | set(
        zip(ds.sites["kommunekode"], ds.sites["town"], strict=True)
    )
    assert set(zip(towns["kommunekode"], towns["town"], strict=True)) <= named
    assert not towns.duplicated(["kommunekode", "town"]).any()
    odense = towns[towns["source"] == "hubs.csv: EHFYN"].iloc[0]
    assert (odense["town"], odense["kommunekode"]) == ("Odense M", "0461")


def test_a_new_site_placed_by_municipality_is_saved_with_an_honest_precision(local_editor, layers):
    at = open_page("pages/rediger.py")
    assert not at.exception, [e.value for e in at.exception]
    at.selectbox(key="ed_place_cluster").set_value("CLEAN")
    at.selectbox(key="ed_place_kind").set_value("local_office")
    at.selectbox(key="ed_place_new_muni").set_value("0540").run()
    assert not at.exception
    summary = [c.value for c in at.caption if c.value.startswith("CLEAN\\-SOENDERBORG\\-2:")]
    assert summary and "præcision: kommune" in summary[0]
    assert at.button(key="ed_place_button").disabled is False
    _provenance(at)
    at.button(key="ed_place_button").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Gemt: 1 ændringer" in s.value for s in at.success)
    store = DataStore(config.database_url())
    row = _site(store, "CLEAN-SOENDERBORG-2")
    assert (row["kind"], row["kommunekode"], row["coord_precision"], row["town"]) == (
        "local_office",
        "0540",
        "municipality",
        "",
    )
    assert _inside(layers, "0540", row["latitude"], row["longitude"])
    assert "DAGI label point" in row["coord_source"]
    assert row["source_url"] == "https://example.dk/kontor" and row["confidence"] == "medium"
    (entry,) = [
        e for e in store.history(entity="sites", row_id="CLEAN-SOENDERBORG-2") if e.field == "latitude"
    ]
    assert (entry.action, entry.user, entry.reason) == ("add", EDITOR, "nyt kontor")


def test_a_new_site_at_a_town_of_the_data_takes_that_towns_point(local_editor, places):
    at = open_page("pages/rediger.py")
    at.selectbox(key="ed_place_cluster").set_value("CLEAN")
    at.selectbox(key="ed_place_kind").set_value("representation")
    at.selectbox(key="ed_place_new_muni").set_value("0461")
    at.radio(key="ed_place_new_how").set_value("town").run()
    assert not at.exception
    at.selectbox(key="ed_place_new_town_0461").set_value("Odense M").run()
    _provenance(at, source="Aftale nævnt på et møde 1. december", confidence="low")
    at.button(key="ed_place_button").click().run()
    # sites.csv requires a source URL: a written source alone is refused, naming the field
    assert any("source_url" in c.value for c in at.code), [c.value for c in at.code]
    at.text_input(key="ed_place_source").input("https://example.dk/aftale")
    at.button(key="ed_place_button").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    row = _site(DataStore(config.database_url()), "CLEAN-ODENSE-M")
    ehfyn = load_dataset(ROOT / "data", places=places).dataset.hubs.set_index("hub_id").loc["EHFYN"]
    assert (row["town"], row["coord_precision"]) == ("Odense M", "town")
    assert (float(row["latitude"]), float(row["longitude"])) == (ehfyn["latitude"], ehfyn["longitude"])
    assert row["coord_source"] == "the town point of Odense M in hubs.csv: EHFYN"
    assert (row["source_url"], row["confidence"]) == ("https://example.dk/aftale", "low")


def test_typed_coordinates_are_checked_before_saving_and_a_move_is_a_change(local_editor, layers):
    at = open_page("pages/rediger.py")
    at.radio(key="ed_place_mode").set_value("move").run()
    at.selectbox(key="ed_place_site").set_value("CLEAN-SOENDERBORG").run()
    key = "ed_place_move_CLEAN-SOENDERBORG"
    assert at.radio(key=f"{key}_how").value == "coords"
    assert at.text_input(key=f"{key}_lat").value == "54.90896"  # the site's point, to change
    store = DataStore(config.database_url())
    before = _site(store, "CLEAN-SOENDERBORG")

    at.text_input(key=f"{key}_lat").input("50.1").run()  # south of Denmark
    (err,) = [e.value for e in at.error]
    assert err.startswith(r"Breddegrad \(latitude\): ") and "uden for Danmark" in err
    assert at.button(key="ed_place_button").disabled

    at.text_input(key=f"{key}_lat").input("<b>x</b>").run()  # shown as typed, never as markup
    (err,) = [e.value for e in at.error]
    assert r"'\<b\>x\</b\>' er ikke et tal" in err and err.startswith(r"Breddegrad \(latitude\): ")

    at.text_input(key=f"{key}_lat").input("55,67")  # a decimal comma is read as a point
    at.text_input(key=f"{key}_lon").input("12.57").run()  # København, but the municipality says Sønderborg
    assert not at.error
    (warn,) = [w.value for w in at.warning]
    assert warn.startswith(r"Breddegrad \(latitude\): ") and "0101 København" in warn
    at.text_input(key="ed_place_reason").input("flyttet").run()
    at.button(key="ed_place_button").click().run()
    assert any("advarsler" in w.value for w in at.warning)  # the same check on save: confirm it
    assert _site(store, "CLEAN-SOENDERBORG")["version"] == before["version"]

    at.selectbox(key=f"{key}_muni").set_value("0101").run()  # the right municipality: no warning
    assert not at.warning
    at.button(key="ed_place_button").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Gemt: 1 ændringer" in s.value for s in at.success), (
        [w.value for w in at.warning],
        [c.value for c in at.code],
        [i.value for i in at.info],
    )
    after = _site(store, "CLEAN-SOENDERBORG")
    assert after["version"] == before["version"] + 1
    assert (after["latitude"], after["longitude"], after["kommunekode"], after["coord_precision"]) == (
        "55.67",
        "12.57",
        "0101",
        "address",
    )
    assert after["coord_source"] == "typed in the editor by Åse Test (aase@example.dk)"
    actions = {e.action for e in store.history(entity="sites", row_id="CLEAN-SOENDERBORG") if e.save_id > 1}
    assert actions == {"change"}


def test_two_sessions_edit_one_row_the_second_is_refused_and_keeps_its_edit(local_editor):
    key = "ed_place_move_CLEAN-ESBJERG"
    a, b = open_page("pages/rediger.py"), open_page("pages/rediger.py")
    for at in (a, b):  # both load the row
        at.radio(key="ed_place_mode").set_value("move").run()
        at.selectbox(key="ed_place_site").set_value("CLEAN-ESBJERG").run()
    a.text_input(key=f"{key}_lat").input("55.47").run()
    b.text_input(key=f"{key}_lat").input("55.48").run()
    a.button(key="ed_place_button").click().run()
    assert any("Gemt: 1 ændringer" in s.value for s in a.success)
    b.button(key="ed_place_button").click().run()
    assert not b.exception
    (err,) = [e.value for e in b.error]
    assert "ændret af en anden" in err and "CLEAN-ESBJERG" in err and "Intet er gemt" in err
    assert b.text_input(key=f"{key}_lat").value == "55.48"  # the edit stays, to reapply
    store = DataStore(config.database_url())
    assert _site(store, "CLEAN-ESBJERG")["latitude"] == "55.47"
    b.button(key="ed_place_reload").click().run()  # the newest version; the typed value stays
    assert b.text_input(key=f"{key}_lat").value == "55.48"
    b.button(key="ed_place_button").click().run()
    assert not b.error, [e.value for e in b.error]
    assert _site(store, "CLEAN-ESBJERG")["latitude"] == "55.48"


def test_historik_reads_and_writes_its_filters_in_the_link():
    at = open_page(
        "pages/historik.py", {"entity": "sites", "row": "CLEAN-SOENDERBORG", "since": "2020-01-01"}
    )
    assert not at.exception, [e.value for e in at.exception]
    assert at.text_input(key="hi_row").value == "CLEAN-SOENDERBORG"
    assert str(at.date_input(key="hi_since").value) == "2020-01-01"
    (frame,) = [d.value for d in at.dataframe]
    assert set(frame["Række"]) == {"CLEAN-SOENDERBORG"} and set(frame["Tabel"]) == {"Steder"}
    assert set(frame["Handling"]) == {"tilføjet"} and len(frame) > 10
    assert at.query_params["entity"] == "sites" and at.query_params["row"] == "CLEAN-SOENDERBORG"
    assert not at.warning

    at.text_input(key="hi_user").input("klyngekort").run()  # the import's user
    assert at.query_params["user"] == "klyngekort"
    at.selectbox(key="hi_entity").set_value("hubs").run()
    assert at.query_params["entity"] == "hubs"
    assert not at.dataframe  # no hub has that row id
    at.selectbox(key="hi_entity").set_value("").run()
    assert "entity" not in at.query_params


def test_a_link_with_an_unknown_table_or_date_says_so_and_shows_all():
    at = open_page("pages/historik.py", {"entity": "<script>x</script>", "since": "igår"})
    assert not at.exception
    notes = [w.value for w in at.warning]
    assert any("tabel = «\\<script\\>x\\</script\\>»" in n and "Alle" in n for n in notes), notes
    assert any("siden = «igår»" in n for n in notes), notes
    assert at.selectbox(key="hi_entity").value == ""
    assert at.date_input(key="hi_since").value is None
    assert "entity" not in at.query_params and "since" not in at.query_params
    en = open_page("pages/historik.py", {"entity": "nope", "lang": "en"})
    assert any("table = “nope”" in w.value and "All" in w.value for w in en.warning)
    (frame,) = [d.value for d in en.dataframe]
    assert {"Change no.", "Action", "Table"} <= set(frame.columns)
    assert set(frame["Action"]) == {"added"}


def test_the_place_form_speaks_english(local_editor):
    at = open_page("pages/rediger.py", {"lang": "en"})
    assert not at.exception
    assert at.radio(key="ed_place_mode_en").options == ["a new site", "move a site"]
    assert at.radio(key="ed_place_new_how_en").options == [
        "a point in the municipality",
        "a town from the data",
        "coordinates",
    ]
    summary = [c.value for c in at.caption if c.value.startswith("CLEAN\\-")]
    assert summary and "town unknown, municipality" in summary[0] and "precision: municipality" in summary[0]
    assert not [
        t for t in at.text_input if t.key == "ed_place_new_lat"
    ]  # no coordinates for a municipality point
    assert "Save the placement" in [b.label for b in at.button]


def test_a_site_without_a_point_is_placed_for_the_first_time_by_municipality(local_editor, layers):
    at = open_page("pages/rediger.py")
    at.radio(key="ed_place_mode").set_value("move").run()
    at.selectbox(key="ed_place_site").set_value("CLEAN-REGION-SJAELLAND").run()  # no town, no point
    key = "ed_place_move_CLEAN-REGION-SJAELLAND"
    assert at.radio(key=f"{key}_how").value == "municipality" and not at.error
    at.selectbox(key=f"{key}_muni").set_value("0259").run()  # Køge
    at.button(key="ed_place_button").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    row = _site(DataStore(config.database_url()), "CLEAN-REGION-SJAELLAND")
    assert (row["kommunekode"], row["coord_precision"], row["town"]) == ("0259", "municipality", "")
    assert _inside(layers, "0259", row["latitude"], row["longitude"])
