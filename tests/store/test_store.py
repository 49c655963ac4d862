"""The store (klyngekort.store) on SQLite and on a real PostgreSQL: migrations, import and
export, reading the dataset, saves with validation, versions and history, revert, as-of."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import sqlalchemy as sa

from klyngekort.core.loading import load_dataset
from klyngekort.core.schema import TABLES, TABLES_BY_NAME
from klyngekort.present.wording import message_text
from klyngekort.store import db
from klyngekort.store import tables as T
from klyngekort.store.data import DataStore, EditError, RowEdit, StaleRowError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def store(database_url) -> DataStore:
    s = DataStore(database_url)
    assert s.ensure_seeded(DATA)
    return s


def test_the_tables_of_the_code_are_the_tables_of_the_migrations(database_url):
    engine = db.engine_for(database_url)
    inspector = sa.inspect(engine)
    for name, table in T.metadata.tables.items():
        cols = {c["name"] for c in inspector.get_columns(name)}
        assert cols == {c.name for c in table.columns}, name
    assert db.upgrade(engine) == []
    with engine.connect() as conn:
        assert db.current_revision(conn) == db.head_revision()


def test_export_of_an_unchanged_import_equals_the_files(store: DataStore, tmp_path: Path):
    assert store.ensure_seeded(DATA) is False  # once only
    out = tmp_path / "out"
    store.export_dir(out)
    for schema in TABLES:
        original = _csv_rows(DATA / schema.filename)
        exported = _csv_rows(out / schema.filename)
        assert exported == original, schema.name  # row for row, cell for cell
    # importing the export again changes nothing: no new save, the versions stay
    rev = store.revision()
    assert not store.import_dir(out).saved
    assert store.revision() == rev


def test_the_dataset_from_the_store_is_the_dataset_of_the_files(store: DataStore, places):
    from_files = load_dataset(DATA, places=places)
    from_store = store.load("public", places)
    assert from_store.ok and from_store.issues == from_files.issues == []
    assert from_store.dataset.revision == from_files.dataset.revision
    example = store.load("example", places)
    assert example.ok and example.dataset.is_example and example.dataset.label == "Eksempeldata"
    assert len(example.dataset.sites) > len(from_store.dataset.sites)


def _site(store: DataStore, site_id: str) -> dict:
    return next(r for r in store.rows()["sites"] if r["row_id"] == site_id)


def test_a_save_changes_the_revision_and_records_history(store: DataStore, places):
    before = store.load("public", places).dataset
    row = _site(store, "CLEAN-ESBJERG")
    res = store.save(
        [RowEdit("sites", "change", "CLEAN-ESBJERG", {"address": "Havnegade 1"}, row["version"])],
        user="Åse <aase@example.dk>",
        reason="adresse fundet",
        source="https://example.dk/kilde",
    )
    assert res.saved and res.errors == []
    assert _site(store, "CLEAN-ESBJERG")["version"] == row["version"] + 1
    after = store.load("public", places).dataset
    assert after.revision != before.revision
    assert after.sites.set_index("site_id").loc["CLEAN-ESBJERG", "address"] == "Havnegade 1"
    (h,) = store.history(entity="sites", row_id="CLEAN-ESBJERG", save_id=res.save_id)
    assert (h.user, h.field, h.old, h.new, h.reason, h.source) == (
        "Åse <aase@example.dk>",
        "address",
        "",
        "Havnegade 1",
        "adresse fundet",
        "https://example.dk/kilde",
    )


def test_a_save_stores_values_as_an_import_of_the_same_files_would(store: DataStore, places, tmp_path: Path):
    # Hypothesis (random mode) found this: a compatibility ideograph (U+F907) saved as typed was
    # stored as typed, but the loader reads it as its NFC form (U+9F9C), so an export imported
    # again changed the row. A save now stores what the loader reads: stripped, NFC, …
    typed, nfc = "Lokale \uf907 ", "Lokale \u9f9c"
    decomposed = "A\u030arhus"  # "Århus" with a combining ring above
    add = RowEdit(
        "ties",
        "add",
        values={
            "tie_id": "NFC1",
            "hub_id": "EHFYN",
            "cluster_id": "WBD",
            "kind": "cooperation_agreement",
            "co_location": "unknown",
            "seconded_staff": "unknown",
            "joint_events": "yes",
            "admin_cooperation": "unknown",
            "description": typed,
            "source_url": "https://example.dk/nfc",
            "confidence": "low",
        },
    )
    row = _site(store, "CLEAN-ESBJERG")
    change = RowEdit("sites", "change", "CLEAN-ESBJERG", {"address": decomposed}, row["version"])
    res = store.save(
        [add, change], user="test", source="test", confidence="low", places=places, confirm_warnings=True
    )
    assert res.saved, res.errors
    tie = next(r for r in store.rows()["ties"] if r["row_id"] == "NFC1")
    assert tie["description"] == nfc
    assert _site(store, "CLEAN-ESBJERG")["address"] == "\u00c5rhus"
    (h,) = store.history(entity="sites", row_id="CLEAN-ESBJERG", save_id=res.save_id)
    assert h.new == "\u00c5rhus"

    out, again = tmp_path / "out", tmp_path / "again"
    store.export_dir(out)
    rev = store.revision()
    assert not store.import_dir(out, places).saved  # the export, imported again, changes nothing
    assert store.revision() == rev
    store.export_dir(again)
    for schema in TABLES:
        assert _csv_rows(again / schema.filename) == _csv_rows(out / schema.filename), schema.name


def test_a_stale_save_is_refused_and_changes_nothing(store: DataStore):
    row = _site(store, "CLEAN-ESBJERG")
    store.save([RowEdit("sites", "change", row["row_id"], {"town": "Esbjerg Ø"}, row["version"])], user="a")
    rev = store.revision()
    with pytest.raises(StaleRowError) as err:
        store.save([RowEdit("sites", "change", row["row_id"], {"town": "Ribe"}, row["version"])], user="b")
    assert "ændret af en anden" in message_text(err.value, "da")
    assert "changed by someone else" in message_text(err.value, "en")
    assert store.revision() == rev and _site(store, "CLEAN-ESBJERG")["town"] == "Esbjerg Ø"
    with pytest.raises(EditError):
        store.save(
            [RowEdit("sites", "change", row["row_id"], {"site_id": "X"}, row["version"] + 1)], user="b"
        )


def test_errors_save_nothing_and_warnings_need_confirmation(store: DataStore, places):
    row = _site(store, "CLEAN-ESBJERG")
    rev, n_hist = store.revision(), len(store.history())
    bad = store.save(
        [
            RowEdit(
                "sites",
                "change",
                row["row_id"],
                {"kommunekode": "9999", "confidence": "sure"},
                row["version"],
            )
        ],
        user="a",
        places=places,
    )
    assert not bad.saved
    assert {(i.file, i.field) for i in bad.errors} >= {
        ("data/sites.csv", "kommunekode"),
        ("data/sites.csv", "confidence"),
    }
    assert store.revision() == rev and len(store.history()) == n_hist
    warn_edit = [RowEdit("sites", "change", row["row_id"], {"notes": "<b>fed</b>"}, row["version"])]
    res = store.save(warn_edit, user="a", places=places)
    assert not res.saved and res.needs_confirmation and [w.code for w in res.warnings] == ["data.html"]
    assert store.revision() == rev
    assert store.save(warn_edit, user="a", places=places, confirm_warnings=True).saved


NEW_SITE = {
    "site_id": "ECD-ODENSE-TEST",
    "cluster_id": "ECD",
    "kind": "co_location",
    "town": "Odense",
    "kommunekode": "0461",
    "hub_id": "EHFYN",
    "shared_with_hub": "yes",
    "valid_from": "2026-11",
    "latitude": "55.39594",
    "longitude": "10.38831",
    "coord_precision": "town",
    "source_url": "https://example.dk/aftale",
    "confidence": "medium",
}


def test_a_new_fact_needs_source_and_confidence(store: DataStore, places):
    add = [RowEdit("sites", "add", values=NEW_SITE)]
    res = store.save(add, user="a", places=places)
    assert {i.code for i in res.errors} == {"db.source_required", "db.confidence_required"}
    res = store.save(add, user="a", places=places, source="Aftale af 1.11.2026", confidence="medium")
    assert res.saved
    assert store.load("public", places).dataset.sites["site_id"].eq("ECD-ODENSE-TEST").any()


def test_a_written_source_is_enough(store: DataStore, places):
    written = "Mail fra klyngens direktør 1.12.2026"
    no_source = {**NEW_SITE, "source_url": ""}
    res = store.save([RowEdit("sites", "add", values=no_source)], user="a", places=places, **_PROV)
    assert not res.saved
    assert [(i.file, i.field, i.code) for i in res.errors] == [
        ("data/sites.csv", "source_url", "data.source_missing")
    ]
    res = store.save(
        [RowEdit("sites", "add", values={**no_source, "source_text": written})],
        user="a",
        places=places,
        source=written,
        confidence="medium",
    )
    assert res.saved and res.errors == []
    row = _site(store, "ECD-ODENSE-TEST")
    assert (row["source_url"], row["source_text"]) == ("", written)
    site = store.load("public", places).dataset.sites.set_index("site_id").loc["ECD-ODENSE-TEST"]
    assert site["source_text"] == written
    # clearing the URL of a row with no written source is refused
    old = _site(store, "CLEAN-ESBJERG")
    res = store.save(
        [RowEdit("sites", "change", old["row_id"], {"source_url": ""}, old["version"])],
        user="a",
        places=places,
    )
    assert [i.code for i in res.errors] == ["data.source_missing"]


_PROV = {"source": "x", "confidence": "medium"}


def test_a_store_of_the_previous_revision_migrates_forward_without_loss(database_url):
    engine = db.create_engine(database_url)  # not migrated yet
    assert db.upgrade(engine, "0002_data_of_record")[-1] == "0002_data_of_record"
    columns = [c for c in TABLES_BY_NAME["sites"].column_names if c != "source_text"]
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                f"INSERT INTO data_sites (row_id, position, version, {', '.join(columns)}) "
                f"VALUES ('OLD', 1, 3, {', '.join(':' + c for c in columns)})"
            ),
            {c: f"v-{c}" for c in columns},
        )
    assert db.upgrade(engine) == ["0003_source_text"]
    with engine.connect() as conn:
        row = conn.execute(sa.select(T.DATA["sites"])).one()._mapping
    assert (row["row_id"], row["version"], row["source_text"]) == ("OLD", 3, "")
    assert all(row[c] == f"v-{c}" for c in columns)
    engine.dispose()


def test_revert_a_change_and_a_whole_save(store: DataStore, places):
    add = store.save(
        [RowEdit("sites", "add", values=NEW_SITE)],
        user="a",
        source="https://example.dk/aftale",
        confidence="medium",
        places=places,
    )
    row = _site(store, "CLEAN-ESBJERG")
    two = store.save(
        [
            RowEdit("sites", "change", "CLEAN-ESBJERG", {"address": "Vej 1", "notes": "ny"}, row["version"]),
            RowEdit("ties", "delete", "CO02", version=1),
        ],
        user="b",
        reason="to ting",
    )
    assert two.saved
    address_change = next(h for h in store.history(save_id=two.save_id) if h.field == "address")
    r1 = store.revert(change_id=address_change.change_id, user="admin", reason="forkert", places=places)
    assert r1.saved
    assert _site(store, "CLEAN-ESBJERG")["address"] == "" and _site(store, "CLEAN-ESBJERG")["notes"] == "ny"
    r2 = store.revert(save_id=two.save_id, user="admin", reason="alt", places=places)  # the rest of it
    assert r2.saved
    assert any(r["row_id"] == "CO02" for r in store.rows()["ties"])
    assert _site(store, "CLEAN-ESBJERG")["notes"] == row["notes"]
    assert store.revert(save_id=add.save_id, user="admin", reason="ikke rigtigt", places=places).saved
    assert not any(r["row_id"] == "ECD-ODENSE-TEST" for r in store.rows()["sites"])
    saves = store.saves()
    assert [s["kind"] for s in saves][-3:] == ["revert"] * 3
    assert saves[-1]["reverts"] == f"save:{add.save_id}"
    # the history only grows
    assert [h.change_id for h in store.history()] == sorted(h.change_id for h in store.history())


def test_as_of_a_past_date(database_url, places, tmp_path: Path):
    days = iter(["2026-01-10T09:00:00+00:00", "2026-03-01T09:00:00+00:00", "2026-06-01T09:00:00+00:00"])
    s = DataStore(database_url, clock=lambda: next(days))
    s.ensure_seeded(DATA)
    s.save(
        [RowEdit("sites", "add", values=NEW_SITE)], user="a", source="kilde", confidence="low", places=places
    )
    s.save([RowEdit("ties", "delete", "CO02", version=1)], user="a")
    assert s.rows_as_of("2026-01-01") == {t.name: [] for t in TABLES}
    jan = s.load("public", places, as_of="2026-01-31").dataset
    files = load_dataset(DATA, places=places).dataset
    assert jan.revision == files.revision  # as imported
    march = s.load("public", places, as_of="2026-03-01").dataset
    assert "ECD-ODENSE-TEST" in set(march.sites["site_id"]) and "CO02" in set(march.ties["tie_id"])
    now = s.load("public", places).dataset
    assert "CO02" not in set(now.ties["tie_id"])
    s.export_dir(tmp_path / "jan", as_of="2026-01-31")
    assert _csv_rows(tmp_path / "jan" / "ties.csv") == _csv_rows(DATA / "ties.csv")


def test_unreachable_postgresql_is_one_clear_message():
    url = "postgresql+psycopg://klynge:hemmeligt@127.0.0.1:9/klyngekort"
    with pytest.raises(db.StoreUnavailableError) as err:
        db.engine_for(url, busy_timeout_s=2)
    text = message_text(err.value, "da")
    assert "hemmeligt" not in text and "127.0.0.1:9/klyngekort" in text and "klynge:***@" in text


def test_scenarios_live_in_the_same_store(database_url):
    from klyngekort.scenarios.changes import AddCoLocation
    from klyngekort.scenarios.store import ConcurrentModificationError, ScenarioStore

    scenarios = ScenarioStore(url=database_url)
    s = scenarios.create("Plan Æ", "Åse", "", (AddCoLocation("ECD", "EHFYN", "2026-12"),))
    saved = scenarios.save(s.with_changes([]), expected_version=1)
    assert saved.version == 2
    with pytest.raises(ConcurrentModificationError):
        scenarios.save(s, expected_version=1)
    assert [x.name for x in ScenarioStore(url=database_url).list()] == ["Plan Æ"]
    data = DataStore(database_url)  # the data of record beside them, in the same database
    assert data.ensure_seeded(DATA) and scenarios.get(s.id).version == 2


def test_export_zip_as_of(store: DataStore):
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(store.export_zip())) as z:
        assert sorted(z.namelist()) == sorted(s.filename for s in TABLES)
        rows = list(csv.DictReader(io.StringIO(z.read("ties.csv").decode("utf-8"))))
        assert rows == _csv_rows(DATA / "ties.csv")
    with zipfile.ZipFile(io.BytesIO(store.export_zip(as_of="2000-01-01"))) as z:
        assert z.read("sites.csv").decode("utf-8").count("\n") == 1  # the header only: before the import


def test_two_processes_starting_on_an_empty_store_import_once(database_url, tmp_path: Path):
    import subprocess
    import sys

    child = (
        "import sys; from klyngekort.store.data import DataStore; "
        "print(DataStore(sys.argv[1]).ensure_seeded())"
    )
    # neither the schema nor the data exists yet: both processes migrate and seed at once
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", child, database_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sorted(o.strip() for o, _ in outs) == ["False", "True"]
    store = DataStore(database_url)
    assert store.revision() == 1 and len(store.saves()) == 1


def test_each_row_has_the_date_it_was_last_added_or_changed(database_url, places):
    """The "pr. dato" of the popups and tables: from the history, as of a date; nothing
    without a recorded change gets a date."""
    days = iter(["2026-01-10T09:00:00+00:00", "2026-03-01T09:00:00+00:00", "2026-06-01T09:00:00+00:00"])
    s = DataStore(database_url, clock=lambda: next(days))
    s.ensure_seeded(DATA)
    hub = s.rows()["hubs"][0]
    s.save(
        [RowEdit("hubs", "change", hub["row_id"], values={"town": hub["town"] + " Ø"}, version=1)],
        user="a",
        source="kilde",
        confidence="low",
        places=places,
    )
    now = s.load("public", places).dataset
    assert now.row_dates["hubs"][hub["row_id"]] == "2026-03-01T09:00:00+00:00"
    other = s.rows()["hubs"][1]["row_id"]
    assert now.row_dates["hubs"][other] == "2026-01-10T09:00:00+00:00"  # the seed import
    ids = {name: {r["row_id"] for r in rows} for name, rows in s.rows().items()}
    assert all(set(now.row_dates.get(name, {})) == rids for name, rids in ids.items() if rids)
    jan = s.load("public", places, as_of="2026-02-01").dataset
    assert jan.as_of == "2026-02-01" and jan.row_dates["hubs"][hub["row_id"]] == "2026-01-10T09:00:00+00:00"
    assert jan.view_revision != now.view_revision and now.view_revision != now.revision
    assert s.row_dates("2026-01-01") == {}
