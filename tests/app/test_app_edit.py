"""AppTest of the pages Redigér and Historik: who may edit, a co-location saved through the form
(validated, with source and confidence), its history, a revert by the admin, and that nothing
in the URL can make a viewer an editor."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from klyngekort.core import config
from klyngekort.store.data import DataStore
from klyngekort.ui.edit import editor_frame, edits_from_frame
from tests.conftest import open_page


@pytest.fixture
def local_editor(monkeypatch):
    monkeypatch.setenv(config.ENV_LOCAL_EDITOR, "Åse Test <aase@example.dk>")


def test_a_viewer_cannot_edit_whatever_the_url_says():
    for query in ({}, {"role": "admin"}, {"user": "admin@example.dk", "editor": "1"}):
        at = open_page("pages/rediger.py", query)
        assert not at.exception
        assert any("kræver rollen redaktør" in i.value for i in at.info)
        assert not at.button  # no save or form buttons at all
    at = open_page("pages/historik.py", {"role": "admin"})
    assert not at.exception
    assert any("Kun en administrator" in c.value for c in at.caption)
    assert not [b for b in at.button if b.key == "hi_revert"]
    assert at.get("download_button")  # the data as of a date, for everyone who may view


def test_add_a_co_location_see_it_in_the_history_and_revert_it(local_editor):
    at = open_page("pages/rediger.py")
    assert not at.exception, [e.value for e in at.exception]
    # the name as typed (escaped for markdown: no tag, no link made from it)
    assert any(r"Lokal redaktør: Åse Test \<aase@example\.dk\>" in c.value for c in at.sidebar.caption)
    at.selectbox(key="ed_coloc_cluster").set_value("CLEAN")
    at.selectbox(key="ed_coloc_hub").set_value("EHFYN")
    at.button(key="ed_coloc_button").click().run()
    # no source and no confidence: refused, nothing saved
    assert any("Intet er gemt" in e.value for e in at.error)
    assert any("kræver en kilde" in c.value for c in at.code)
    store = DataStore(config.database_url())
    rev = store.revision()
    at.text_input(key="ed_coloc_source").input("https://example.dk/aftale")
    at.selectbox(key="ed_coloc_confidence").set_value("medium")
    at.text_input(key="ed_coloc_reason").input("aftale underskrevet")
    at.button(key="ed_coloc_button").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Gemt: 1 ændringer" in s.value for s in at.success)
    assert store.revision() == rev + 1
    (site,) = [r for r in store.rows()["sites"] if r["cluster_id"] == "CLEAN" and r["hub_id"] == "EHFYN"]
    assert (site["kind"], site["kommunekode"], site["source_url"]) == (
        "co_location",
        "0461",
        "https://example.dk/aftale",
    )

    # the row's own history, from the editor
    at.selectbox(key="ed_entity").set_value("sites").run()
    at.selectbox(key="ed_row_hist").set_value(site["row_id"]).run()
    assert not at.exception
    frame = at.dataframe[-1].value  # below the table editor
    assert set(frame["Handling"]) == {"tilføjet"} and "aftale underskrevet" in set(frame["Begrundelse"])

    # the map page shows it (one more co-location in the counts)
    m = open_page("pages/danmarkskort.py", {"period": date.today().isoformat()})
    assert not m.exception

    hist = open_page("pages/historik.py", {})
    assert not hist.exception
    hist.text_input(key="hi_row").input(site["row_id"]).run()
    (frame,) = [d.value for d in hist.dataframe]
    assert set(frame["Bruger"]) == {"Åse Test <aase@example.dk>"}
    assert set(frame["Begrundelse"]) == {"aftale underskrevet"}
    save_id = int(frame["Gemning nr."].iloc[0])
    hist.radio(key="hi_what").set_value("save")
    hist.number_input(key="hi_number").set_value(save_id)
    hist.text_input(key="hi_reason").input("fortrudt").run()
    hist.button(key="hi_revert").click().run()
    assert not hist.exception and not hist.error, [e.value for e in hist.error]
    assert not [r for r in store.rows()["sites"] if r["row_id"] == site["row_id"]]
    assert store.saves()[-1]["kind"] == "revert"


def test_the_table_editor_diff():
    rows = [
        {
            "row_id": "A",
            "version": 3,
            "kommunekode": "0101",
            "year": "2021",
            "population": "1",
            "source_url": "u",
            "confidence": "high",
        },
        {
            "row_id": "B",
            "version": 1,
            "kommunekode": "0147",
            "year": "2021",
            "population": "2",
            "source_url": "u",
            "confidence": "high",
        },
    ]
    from klyngekort.core.schema import TABLES_BY_NAME

    frame = editor_frame(rows, TABLES_BY_NAME["population"])
    frame.loc[0, "population"] = "5"
    frame = frame.drop(index=1)
    frame = pd.concat(
        [
            frame,
            pd.DataFrame(
                [
                    {
                        "kommunekode": "0151",
                        "year": "2021",
                        "population": "3",
                        "source_url": "u",
                        "confidence": "low",
                    }
                ]
            ),
        ]
    )
    edits = edits_from_frame("population", rows, frame)
    assert [
        (e.action, e.row_id, dict(e.values) if e.action == "change" else None, e.version) for e in edits
    ] == [
        ("change", "A", {"population": "5"}, 3),
        ("add", "0151|2021", None, None),
        ("delete", "B", None, 1),
    ]


def test_viewing_can_require_a_sign_in(monkeypatch):
    monkeypatch.setenv(config.ENV_REQUIRE_SIGN_IN, "1")
    at = open_page("pages/danmarkskort.py", {"role": "admin"})
    assert not at.exception
    assert [i.value for i in at.info] == ["Log ind for at se Klyngekort."]
    assert not at.metric  # nothing of the data is shown


def test_an_unreachable_database_is_one_clear_message(monkeypatch):
    monkeypatch.setenv(
        config.ENV_DATABASE_URL, "postgresql+psycopg://klynge:topsecret@127.0.0.1:9/klyngekort"
    )
    at = open_page("pages/danmarkskort.py")
    assert not at.exception
    (err,) = [e.value for e in at.error]
    assert "klynge:***@127.0.0.1:9/klyngekort kan ikke nås" in err and "topsecret" not in err
