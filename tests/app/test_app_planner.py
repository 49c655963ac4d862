"""Streamlit AppTest for the planner page (Planlægning): scenarios, conflicts, recommendations.

Every test points ``KLYNGEKORT_DB`` at a fresh temporary file, so the real ``var/``
database is never touched.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from klyngekort.scenarios.changes import AddCoLocation, AddSecondment
from klyngekort.scenarios.jsonio import scenario_to_json
from klyngekort.scenarios.store import ScenarioStore
from tests.conftest import open_page

PAGE = "pages/planlaegning.py"


@pytest.fixture()
def db(tmp_path, monkeypatch) -> ScenarioStore:
    path = tmp_path / "scenarios.sqlite3"
    monkeypatch.setenv("KLYNGEKORT_DB", str(path))
    return ScenarioStore(path)


def _run(**query: str) -> AppTest:
    at = open_page(PAGE, query)
    assert not at.exception, [e.value for e in at.exception]
    return at


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def _scenario_box(at: AppTest):
    """The scenario selectbox (its key changes with its labels, see pages/planner_ui.py)."""
    boxes = [b for b in at.selectbox if str(b.key).startswith("pl_sid_w_")]
    assert len(boxes) == 1
    return boxes[0]


def _texts(at: AppTest) -> str:
    """Markdown and captions as the reader sees them (markdown escapes removed)."""
    raw = "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])
    return re.sub(r"\\(.)", r"\1", raw)


@pytest.mark.parametrize("data", ["public", "example"])
def test_page_runs_on_both_datasets(db, data):
    s = db.create("Basis", author="Test", changes=[AddCoLocation("DIGITALLEAD", "EHHS_BOR")])
    for view in ("scenario", "compare", "recommend"):
        at = _run(data=data, scenario=s.id, view=view)
        _ok(at)
        assert at.title[0].value == "Planlægning"
        if data == "example":
            assert any("EKSEMPELDATA" in w.value for w in at.warning)
    # the URL carries the scenario, the view and the radius
    at = _run(data=data, scenario=s.id, view="compare", radius="60")
    _ok(at)
    assert at.query_params["scenario"] == [s.id] or at.query_params["scenario"] == s.id
    assert at.slider(key="cov_radius").value == 60


def test_english(db):
    at = _run(lang="en")
    _ok(at)
    assert at.title[0].value == "Planning"


def test_create_add_change_and_save(db):
    at = _run()
    _ok(at)
    at.text_input(key="pl_new_name").input("Fyn-plan")
    at.text_area(key="pl_new_desc").input("Hvad sker der, hvis DigitalLead flytter ind i Odense?")
    at.button(key="pl_create_btn").click().run()
    _ok(at)
    created = db.get_by_name("Fyn-plan")
    assert created is not None and created.version == 1 and created.changes == ()
    assert _scenario_box(at).value == created.id
    assert any("er oprettet" in s.value for s in at.success)

    # add a co-location of DigitalLead in Erhvervshus Fyn
    at.selectbox(key="pl_ch_cluster").set_value("DIGITALLEAD")
    at.selectbox(key="pl_ch_hub").set_value("EHFYN")
    at.button(key="pl_add_btn").click().run()
    _ok(at)
    assert "Samlokalisering: DigitalLead (DIGITALLEAD) i Erhvervshus Fyn (EHFYN)" in _texts(at)
    assert any("ikke er gemt" in w.value for w in at.warning), [w.value for w in at.warning]
    assert db.get(created.id).changes == ()  # not saved yet

    # and a secondment, then remove it again
    at.segmented_control(key="pl_change_kind").set_value("add_secondment").run()
    at.selectbox(key="pl_ch_cluster").set_value("ECD")
    at.selectbox(key="pl_ch_hub").set_value("EHNJ")
    at.number_input(key="pl_ch_persons").set_value(2)
    at.button(key="pl_add_btn").click().run()
    _ok(at)
    assert "Indstationering: 2 person(er)" in _texts(at)
    at.button(key="pl_rm_2").click().run()
    assert "Indstationering: 2 person(er)" not in _texts(at)

    at.button(key="pl_save").click().run()
    _ok(at)
    stored = db.get(created.id)
    assert stored.version == 2
    assert stored.changes == (AddCoLocation("DIGITALLEAD", "EHFYN"),)
    assert any("Gemt (version 2)" in s.value for s in at.success)
    assert at.button(key="pl_save").disabled  # nothing left to save

    # rename through the name field
    name_key = f"pl_name_{created.id}_2"
    at.text_input(key=name_key).input("Fyn-plan, ny").run()
    at.button(key="pl_save").click().run()
    _ok(at)
    assert db.get(created.id).name == "Fyn-plan, ny" and db.get(created.id).version == 3


def test_stale_version_shows_conflict_and_keeps_the_draft(db):
    s = db.create("Delt", author="A")
    at = _run(scenario=s.id)
    _ok(at)
    # this session edits …
    at.selectbox(key="pl_ch_cluster").set_value("ECD")
    at.selectbox(key="pl_ch_hub").set_value("EHHS_BOR")
    at.button(key="pl_add_btn").click().run()
    # … while someone else saves first
    other = db.save(s.with_changes([AddSecondment("CLEAN", "EHFYN", 3)]), expected_version=1)
    assert other.version == 2
    at.button(key="pl_save").click().run()
    assert not at.exception
    msgs = [e.value for e in at.error]
    assert any("Scenariet er ændret af en anden" in m and "version 2" in m for m in msgs), msgs
    # nothing of ours was written, the other writer's update is intact
    assert db.get(s.id).changes == (AddSecondment("CLEAN", "EHFYN", 3),)
    # our change is still there to be saved as a copy
    assert "Samlokalisering: Energy Cluster Denmark (ECD)" in _texts(at)
    at.button(key="pl_save_copy").click().run()
    _ok(at)
    copy = db.get_by_name("Kopi af Delt")
    assert copy is not None and copy.changes == (AddCoLocation("ECD", "EHHS_BOR"),)
    assert _scenario_box(at).value == copy.id

    # back to the shared scenario: the conflict is still shown until reloaded
    _scenario_box(at).set_value(s.id).run()
    assert any("Scenariet er ændret af en anden" in e.value for e in at.error)
    at.button(key="pl_reload").click().run()
    _ok(at)
    assert "Indstationering: 3 person(er) fra CLEAN" in _texts(at)
    assert "Samlokalisering: Energy Cluster Denmark" not in _texts(at)


def test_newer_version_is_loaded_or_flagged_before_saving(db):
    s = db.create("Fælles")
    at = _run(scenario=s.id)
    _ok(at)
    # nothing edited here: someone else's save is simply loaded
    db.save(s.with_changes([AddCoLocation("ECD", "EHFYN")]), expected_version=1)
    at.run()
    _ok(at)
    assert any("version 2" in i.value for i in at.info)
    assert "Samlokalisering: Energy Cluster Denmark (ECD) i Erhvervshus Fyn (EHFYN)" in _texts(at)
    # edited here, and someone saves again: the conflict is shown at once, the edit is kept
    at.button(key="pl_rm_1").click().run()
    db.save(db.get(s.id).with_changes([]), expected_version=2)
    at.run()
    assert any("Scenariet er ændret af en anden" in e.value for e in at.error)
    assert db.get(s.id).version == 3


def test_compare_while_the_name_is_being_edited(db):
    s = db.create("Navn", changes=[AddCoLocation("DIGITALLEAD", "EHFYN")])
    at = _run(scenario=s.id)
    at.text_input(key=f"pl_name_{s.id}_1").input("").run()
    at.segmented_control(key="pl_view").set_value("compare").run()
    _ok(at)
    assert any("ikke gemte ændringer" in c.value for c in at.caption)
    at.segmented_control(key="pl_view").set_value("scenario").run()
    at.button(key="pl_save").click().run()
    assert any("navnet må ikke være tomt" in e.value.lower() for e in at.error)
    assert db.get(s.id).version == 1


def test_read_only_disables_editing(db):
    s = db.create("Præsentation", changes=[AddCoLocation("DIGITALLEAD", "EHFYN")])
    db.set_read_only(s.id, True, expected_version=1)
    at = _run(scenario=s.id)
    _ok(at)
    assert "Skrivebeskyttet" in _texts(at)
    assert at.button(key="pl_rm_1").disabled
    assert at.button(key="pl_del").disabled
    assert at.text_input(key=f"pl_name_{s.id}_2").disabled
    assert not [b for b in at.button if b.key == "pl_add_btn"]  # no add form
    # unlock: editing comes back
    at.toggle(key=f"pl_ro_{s.id}_2").set_value(False).run()
    _ok(at)
    assert db.get(s.id).read_only is False
    assert not at.button(key="pl_rm_1").disabled


def test_duplicate_and_delete(db):
    s = db.create("Original", changes=[AddCoLocation("DIGITALLEAD", "EHFYN")])
    at = _run(scenario=s.id)
    at.text_input(key=f"pl_dup_name_{s.id}").input("Kopien").run()
    at.button(key="pl_dup").click().run()
    _ok(at)
    dup = db.get_by_name("Kopien")
    assert dup is not None and dup.changes == s.changes and _scenario_box(at).value == dup.id
    at.checkbox(key=f"pl_del_ok_{dup.id}").check().run()
    at.button(key="pl_del").click().run()
    _ok(at)
    assert db.get_by_name("Kopien") is None
    assert _scenario_box(at).value == ""


def test_import_validates_and_export(db, tmp_path):
    at = _run()
    bad = json.dumps(
        {
            "format": "klyngekort-scenario",
            "format_version": 1,
            "name": "Dårlig",
            "changes": [{"kind": "add_co_location", "cluster_id": "NOPE", "hub_id": "EHFYN"}],
        }
    )
    at.get("file_uploader")[0].upload("dårlig.json", bad.encode("utf-8"), "application/json").run()
    at.button(key="pl_import_btn").click().run()
    assert not at.exception
    assert any("ikke importeret" in e.value for e in at.error)
    codes = "\n".join(c.value for c in at.code)
    assert "dårlig.json:1:cluster_id:" in codes and "NOPE" in codes
    assert db.list() == []  # nothing saved

    src = ScenarioStore(tmp_path / "other.sqlite3").create(
        "Udefra", author="B", changes=[AddCoLocation("ECD", "EHSJ_VOR")]
    )
    good = scenario_to_json(src)
    at = _run()
    at.get("file_uploader")[0].upload("udefra.json", good.encode("utf-8"), "application/json").run()
    at.button(key="pl_import_btn").click().run()
    _ok(at)
    imported = db.get_by_name("Udefra")
    assert imported is not None and imported.changes == src.changes
    assert _scenario_box(at).value == imported.id
    # the export button offers the stored scenario as JSON
    assert any(b.key == "pl_export" for b in at.get("download_button"))


def test_compare_view_shows_before_after(db):
    s = db.create("Bornholm", changes=[AddCoLocation("DIGITALLEAD", "EHHS_BOR")])
    at = _run(scenario=s.id, view="compare", period="2021-2024")
    _ok(at)
    metrics = {m.label: m for m in at.metric}
    assert metrics["Kommuner uden klynge"].value == "8"
    assert metrics["Område × klynge til stede"].delta == "+1"
    assert "Før: 35" in metrics["Område × klynge til stede"].help
    table = next(df.value for df in at.dataframe if "Nøgletal" in df.value.columns).set_index("Nøgletal")
    assert table.loc["Fysiske tilstedeværelser", "Ændring"] == "+1"
    frames = [df.value for df in at.dataframe]
    delta = next(f for f in frames if "Nyt dækket" in f.columns)
    row = delta[delta["id"] == "DIGITALLEAD"].iloc[0]
    assert row["Nyt dækket"] > 0 and "Bornholm" in row["Nye kommuner (navne)"]
    assert "1 kommune(r) med ændret dækning" in _texts(at)


def test_recommendation_becomes_a_scenario(db):
    at = _run(view="recommend", cluster="DIGITALLEAD", k="2")
    _ok(at)
    at.button(key="pl_run_best").click().run()
    _ok(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Løserens status"] == "Optimal"
    sites = next(df.value for df in at.dataframe if "Egen tilføjet befolkning" in df.value.columns)
    assert len(sites) == 2 and (sites["Egen tilføjet befolkning"] > 0).all()
    chosen = sites["id"].tolist()

    at.button(key="pl_make_scenario").click().run()
    _ok(at)
    made = [x for x in db.list() if x.name.startswith("Anbefaling: DigitalLead")]
    assert len(made) == 1
    scen = db.get(made[0].id)
    assert scen.changes == tuple(AddCoLocation("DIGITALLEAD", h) for h in chosen)
    # it opens in the before/after view
    assert _scenario_box(at).value == scen.id
    assert at.segmented_control(key="pl_view").value == "compare"
    delta = next(df.value for df in at.dataframe if "Nyt dækket" in df.value.columns)
    gain = float(delta.loc[delta["id"] == "DIGITALLEAD", "Nyt dækket"].iloc[0])
    assert gain == pytest.approx(float(sites["Egen tilføjet befolkning"].sum()))


def test_fewest_sites_explains_unreachable(db):
    at = _run(view="recommend", cluster="DIGITALLEAD", radius="10")
    at.checkbox(key="pl_rec_all").check().run()
    at.button(key="pl_run_fewest").click().run()
    _ok(at)
    text = _texts(at)
    assert "uden for rækkevidde af både de nuværende placeringer og alle kandidater" in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Løserens status"] == "Optimal"


def test_planner_shares_the_coverage_controls_and_plans_in_minutes(db, layers):
    """The planner has the coverage pages' controls: km or, with a travel-time table, minutes."""
    from tests.app.test_app_coverage_pages import _travel_csv

    at = _run(view="recommend", cluster="DIGITALLEAD", k="1", crit="min")
    _ok(at)
    assert at.radio(key="cov_crit").value == "min"
    assert any("Upload en rejsetidstabel" in i.value for i in at.info)
    at.file_uploader(key="cov_tt_upload").set_value(("rejsetider.csv", _travel_csv(layers), "text/csv")).run()
    _ok(at)
    at.button(key="pl_run_best").click().run()
    _ok(at)
    assert any("inden for 45 min" in c.value for c in at.caption), [c.value for c in at.caption]
    at.button(key="pl_make_scenario").click().run()
    _ok(at)
    made = [x for x in db.list() if x.name.startswith("Anbefaling: DigitalLead")]
    assert len(made) == 1 and made[0].name.endswith(", 45 min")
    # the before/after view uses the same table
    assert at.segmented_control(key="pl_view").value == "compare"
    assert any("højst 45 minutter" in c.value for c in at.caption), [c.value for c in at.caption]


def test_municipality_recommendation_becomes_a_placed_scenario(db):
    """A municipality centre chosen by the planner is placed in the scenario, so the
    before/after view shows the gain the recommendation promised."""
    at = _run(view="recommend", cluster="DIGITALLEAD", radius="10")
    at.multiselect(key="pl_rec_extra").set_value(["0825"])
    at.checkbox(key="pl_rec_all").check().run()
    at.button(key="pl_run_fewest").click().run()
    _ok(at)
    sites = next(df.value for df in at.dataframe if "Egen tilføjet befolkning" in df.value.columns)
    assert "K0825" in sites["id"].tolist()
    # no "the centre will not count" caveat any more
    assert not any("uden koordinater" in c.value for c in at.caption)
    at.button(key="pl_make_scenario").click().run()
    _ok(at)
    scen = db.get(next(x for x in db.list() if x.name.startswith("Anbefaling")).id)
    placed = [c for c in scen.changes if c.kind == "add_site"]
    assert len(placed) == 1 and placed[0].kommunekode == "0825" and placed[0].latitude is not None
    delta = next(df.value for df in at.dataframe if "Nyt dækket" in df.value.columns)
    gain = float(delta.loc[delta["id"] == "DIGITALLEAD", "Nyt dækket"].iloc[0])
    assert gain == pytest.approx(float(sites["Egen tilføjet befolkning"].sum()))
    assert "Læsø" in delta.loc[delta["id"] == "DIGITALLEAD", "Nye kommuner (navne)"].iloc[0]


def test_recommendation_is_kept_in_the_url(db):
    """The recommendation shown is in the link (``rec`` with the controls' values): a new
    session opened on that link solves the same problem again and shows the same sites, on
    the recommendation's map too."""
    at = _run(view="recommend", cluster="DIGITALLEAD", radius="30")
    at.multiselect(key="pl_rec_extra").set_value(["0825"])
    at.slider(key="pl_rec_target").set_value(60).run()
    at.button(key="pl_run_fewest").click().run()
    _ok(at)
    query = {k: at.query_params[k] for k in at.query_params}
    assert query["rec"] == "fewest" and query["target"] == "60" and query["extra"] == "0825", query
    assert {m.label: m.value for m in at.metric}["Løserens status"] == "Optimal"
    sites = next(df.value for df in at.dataframe if "Egen tilføjet befolkning" in df.value.columns)
    assert "Anbefalingen på kortet" in _texts(at)

    again = _run(**{k: str(v) for k, v in query.items()})
    _ok(again)
    assert again.slider(key="pl_rec_target").value == 60
    assert again.multiselect(key="pl_rec_extra").value == ["0825"]
    shown = next(df.value for df in again.dataframe if "Egen tilføjet befolkning" in df.value.columns)
    assert shown["id"].tolist() == sites["id"].tolist()
    assert "Anbefalingen på kortet" in _texts(again)

    # "everyone" as the target, and the k best: also in the link
    at.checkbox(key="pl_rec_all").check().run()
    assert at.query_params["target"] == "all"
    at.button(key="pl_run_best").click().run()
    _ok(at)
    assert at.query_params["rec"] == "best" and "target" not in at.query_params
    # a link without ``rec`` shows no recommendation
    plain = _run(view="recommend", cluster="DIGITALLEAD")
    assert not [df for df in plain.dataframe if "Egen tilføjet befolkning" in df.value.columns]


def test_an_unknown_recommendation_in_the_link_is_reported(db):
    at = _run(view="recommend", cluster="DIGITALLEAD", rec="worst", target="abc")
    _ok(at)
    notes = " ".join(w.value for w in at.warning)
    assert "worst" in notes, notes
    assert not [df for df in at.dataframe if "Egen tilføjet befolkning" in df.value.columns]


def test_a_recommendation_link_in_minutes_waits_for_the_travel_time_table(db, layers):
    """A shared link with ``crit=min`` is not answered in km: the page asks for the table
    and solves once it is loaded."""
    from tests.app.test_app_coverage_pages import _travel_csv

    at = _run(view="recommend", cluster="DIGITALLEAD", k="1", crit="min", rec="best")
    _ok(at)
    assert not [df for df in at.dataframe if "Egen tilføjet befolkning" in df.value.columns]
    assert at.query_params["rec"] == "best"
    at.file_uploader(key="cov_tt_upload").set_value(("rejsetider.csv", _travel_csv(layers), "text/csv")).run()
    _ok(at)
    assert [df for df in at.dataframe if "Egen tilføjet befolkning" in df.value.columns]
    assert any("inden for 45 min" in c.value for c in at.caption), [c.value for c in at.caption]
