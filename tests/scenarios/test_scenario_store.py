"""The SQLite scenario store: CRUD, migrations, optimistic concurrency, crash safety, import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from klyngekort.present.wording import message_text
from klyngekort.scenarios import store as store_mod
from klyngekort.scenarios.changes import (
    AddCoLocation,
    AddSecondment,
    AddTie,
    RemoveSite,
    new_scenario,
)
from klyngekort.scenarios.jsonio import scenario_from_json, scenario_to_json
from klyngekort.scenarios.store import (
    ConcurrentModificationError,
    DuplicateNameError,
    InvalidScenarioError,
    ReadOnlyScenarioError,
    ScenarioNotFoundError,
    ScenarioStore,
    ScenarioStoreError,
    SchemaVersionError,
    StoreBusyError,
)
from klyngekort.store import db as store_db
from tests.scenarios.test_scenarios import ALL_CHANGES, small_dataset  # the same small dataset

CHANGES = (AddCoLocation("K1", "EHA_B", "2025-01"), AddSecondment("K1", "EHA", 2))


def da(item) -> str:
    """The message of an issue or error, worded in Danish, the default (what the tests read)."""
    return message_text(item, "da")


@pytest.fixture
def store(tmp_path: Path) -> ScenarioStore:
    return ScenarioStore(tmp_path / "db" / "scenarios.sqlite3")


def _state(store: ScenarioStore) -> list[tuple]:
    """Everything in the store, for "nothing changed" assertions."""
    out = []
    for summary in store.list():
        out.append((summary, scenario_to_json(store.get(summary.id))))
    return out


# --------------------------------------------------------------------------- basics


def test_create_get_list(store: ScenarioStore):
    s = store.create("  Plan Æ ", "Åse", "Første linje\nanden linje", CHANGES)
    assert s.name == "Plan Æ" and s.version == 1 and not s.read_only
    assert s.created_at == s.updated_at and s.created_at.endswith("+00:00")
    got = store.get(s.id)
    assert got == s
    assert store.get_by_name("plan æ") == s and store.resolve("PLAN Æ") == s and store.resolve(s.id) == s
    store.create("andet", changes=[RemoveSite("K1-HQ")])
    summaries = store.list()
    assert [x.name for x in summaries] == ["andet", "Plan Æ"]  # sorted case-insensitively
    assert [x.n_changes for x in summaries] == [1, 2]
    with pytest.raises(ScenarioNotFoundError):
        store.get("missing")
    assert store.get_by_name("missing") is None


def test_names_are_unique_case_insensitively(store: ScenarioStore):
    a = store.create("Østjylland")
    with pytest.raises(DuplicateNameError, match=r"store\.duplicate_name") as err:
        store.create("ØSTJYLLAND")
    assert "Der findes allerede et scenarie med navnet 'ØSTJYLLAND'" in da(err.value)
    assert "A scenario named 'ØSTJYLLAND' exists already" in message_text(err.value, "en")
    b = store.create("Vestjylland")
    with pytest.raises(DuplicateNameError):
        store.rename(b.id, "østjylland", expected_version=1)
    with pytest.raises(DuplicateNameError):
        store.duplicate(a.id, "østjylland ")
    with pytest.raises(DuplicateNameError):
        store.save(store.get(b.id).__class__(**{**store.get(b.id).__dict__, "name": "ØstJylland"}), 1)
    # renaming to the same name in another case is fine
    r = store.rename(a.id, "ØSTJYLLAND", expected_version=1)
    assert r.name == "ØSTJYLLAND" and r.version == 2
    assert len(store.list()) == 2


@pytest.mark.parametrize("bad", ["", "   ", "x" * 201, "tab\x01"])
def test_invalid_names_are_refused(store: ScenarioStore, bad):
    with pytest.raises(InvalidScenarioError, match=r"store\.invalid_name") as err:
        store.create(bad)
    assert da(err.value).startswith("Ugyldigt scenarienavn: navnet ")
    assert store.list() == []


def test_invalid_change_objects_are_refused(store: ScenarioStore):
    with pytest.raises(InvalidScenarioError, match="persons") as err:
        store.create("x", changes=[AddSecondment("K1", "EHA", "2")])  # type: ignore[arg-type]
    assert da(err.value) == "Ugyldig ændring: ændring 1: 'persons' skal være et helt tal, ikke tekst '2'"
    with pytest.raises(InvalidScenarioError):
        store.create("y", changes=["not a change"])  # type: ignore[list-item]
    assert store.list() == []


class FakeClock:
    """A clock the test moves by hand (the store stamps whole seconds)."""

    def __init__(self, start: str = "2026-01-05T09:00:00+00:00") -> None:
        self.now = datetime.fromisoformat(start)

    def __call__(self) -> str:
        return self.now.isoformat(timespec="seconds")

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def test_save_rename_duplicate_delete(tmp_path: Path):
    clock = FakeClock()
    store = ScenarioStore(tmp_path / "scenarios.sqlite3", clock=clock)
    s = store.create("Plan", "Bo", "", CHANGES)
    assert s.created_at == s.updated_at == "2026-01-05T09:00:00+00:00"
    clock.advance(60)
    saved = store.save(s.with_changes([*s.changes, RemoveSite("K2-CO")]), expected_version=1)
    assert saved.version == 2 and saved.updated_at > s.updated_at and saved.created_at == s.created_at
    assert store.get(s.id) == saved and len(saved.changes) == 3

    renamed = store.rename(s.id, "Plan 2", expected_version=2)
    assert renamed.name == "Plan 2" and renamed.version == 3 and renamed.changes == saved.changes

    copy = store.duplicate(s.id, "Kopi af Plan 2", author="Cia")
    assert copy.id != s.id and copy.version == 1 and copy.author == "Cia"
    assert copy.changes == saved.changes and copy.description == saved.description

    with pytest.raises(ConcurrentModificationError):
        store.delete(s.id, expected_version=2)
    store.delete(s.id, expected_version=3)
    with pytest.raises(ScenarioNotFoundError):
        store.get(s.id)
    assert [x.id for x in store.list()] == [copy.id]
    store.delete(copy.id)  # without a version check
    assert store.list() == []
    with sqlite3.connect(store.path) as conn:  # the changes went with the scenarios
        assert conn.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == 0


def test_stale_save_raises_and_changes_nothing(store: ScenarioStore):
    s = store.create("Plan", changes=CHANGES)
    store.save(s.with_changes([]), expected_version=1)
    before = _state(store)
    with pytest.raises(ConcurrentModificationError) as exc:
        store.save(s.with_changes([RemoveSite("K1-HQ")]), expected_version=1)
    assert (exc.value.code, exc.value.params) == (
        "store.conflict_named",
        {"name": "Plan", "stored": 2, "mine": 1},
    )
    assert da(exc.value).startswith("Scenariet 'Plan' er ændret af en anden (version 2, du har 1)")
    assert message_text(exc.value, "en").startswith("The scenario 'Plan' was changed by someone else")
    assert exc.value.stored_version == 2 and exc.value.expected_version == 1
    assert _state(store) == before


def test_save_of_a_deleted_scenario(store: ScenarioStore):
    s = store.create("Plan")
    store.delete(s.id)
    with pytest.raises(ScenarioNotFoundError) as err:
        store.save(s, expected_version=1)
    assert "findes ikke" in da(err.value)


def test_read_only_is_enforced(store: ScenarioStore):
    s = store.create("Præsentation", changes=CHANGES)
    locked = store.set_read_only(s.id, True, expected_version=1)
    assert locked.read_only and locked.version == 2
    before = _state(store)
    with pytest.raises(ReadOnlyScenarioError) as err:
        store.save(locked.with_changes([]), expected_version=2)
    assert "skrivebeskyttet" in da(err.value) and "read-only" in message_text(err.value, "en")
    with pytest.raises(ReadOnlyScenarioError):
        store.rename(s.id, "Nyt navn", expected_version=2)
    with pytest.raises(ReadOnlyScenarioError):
        store.delete(s.id)
    assert _state(store) == before
    # a copy is editable; unlocking makes the original editable again
    copy = store.duplicate(s.id, "Min kopi", "Dan")
    assert not copy.read_only
    store.save(copy.with_changes([]), expected_version=1)
    unlocked = store.set_read_only(s.id, False, expected_version=2)
    assert not unlocked.read_only and unlocked.version == 3
    assert store.save(unlocked.with_changes([]), expected_version=3).changes == ()


def test_default_path_from_environment(tmp_path: Path, monkeypatch):
    target = tmp_path / "deep" / "er" / "scen.sqlite3"
    monkeypatch.setenv("KLYNGEKORT_DB", str(target))
    st = ScenarioStore()
    assert st.path == target and target.exists()
    st.create("x")
    assert [s.name for s in ScenarioStore(target).list()] == ["x"]
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# --------------------------------------------------------------------------- migrations


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


REVISIONS = list(reversed(store_db.known_revisions()))  # oldest first
LEGACY = Path(__file__).resolve().parents[1] / "store" / "legacy_scenarios_v1.sqlite3"


def test_migrating_an_empty_database(tmp_path: Path):
    path = tmp_path / "empty.sqlite3"
    sqlite3.connect(path).close()  # an existing, empty SQLite file
    st = ScenarioStore(path)
    assert st.applied_migrations == REVISIONS
    assert _tables(path) >= {"scenarios", "changes", "alembic_version", "data_sites", "history"}
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == REVISIONS[-1]
    assert ScenarioStore(path).applied_migrations == []  # idempotent
    st.create("efter migrering", changes=CHANGES)
    assert st.list()[0].n_changes == 2


def test_a_scenario_database_of_the_earlier_code_migrates_without_loss(tmp_path: Path):
    """``legacy_scenarios_v1.sqlite3`` was written by the SQLite-only scenario store (schema
    version 1 in ``PRAGMA user_version``) before the store moved to SQLAlchemy and Alembic."""
    path = tmp_path / "v1.sqlite3"
    path.write_bytes(LEGACY.read_bytes())
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        before = conn.execute("SELECT * FROM scenarios ORDER BY id").fetchall()
        before_changes = conn.execute("SELECT * FROM changes ORDER BY scenario_id, position").fetchall()
    st = ScenarioStore(path)
    assert st.applied_migrations == REVISIONS  # the first revision takes the tables over
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT * FROM scenarios ORDER BY id").fetchall() == before
        assert (
            conn.execute("SELECT * FROM changes ORDER BY scenario_id, position").fetchall() == before_changes
        )
    old = st.get_by_name("gammel plan æ")
    assert old is not None and (old.author, old.version, old.description) == ("Eva", 2, "To linjer\nher")
    assert old.changes == (
        AddCoLocation("ECD", "EHMJ", "2025-01"),
        AddSecondment("CLEAN", "EHHS", 2),
        RemoveSite("CLEAN-ESBJERG"),
    )
    locked = st.get_by_name("Låst")
    assert locked is not None and locked.read_only and locked.changes == (AddTie("WBD", "EHFYN"),)
    saved = st.save(old.with_changes([]), expected_version=2)
    assert saved.version == 3 and ScenarioStore(path).applied_migrations == []


def test_a_failing_migration_rolls_back(tmp_path: Path, monkeypatch):
    """A revision that fails half-way leaves the database at the previous revision, whole."""
    path = tmp_path / "v1.sqlite3"
    path.write_bytes(LEGACY.read_bytes())
    from alembic.operations import Operations

    real = Operations.create_table

    def create_table(self, name, *cols, **kw):
        if name == "history":
            raise RuntimeError("boom")
        return real(self, name, *cols, **kw)

    monkeypatch.setattr(Operations, "create_table", create_table)
    with pytest.raises(RuntimeError, match="boom"):
        ScenarioStore(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == REVISIONS[0]
        assert "data_sites" not in _tables(path)  # revision 2's earlier tables went with it
    monkeypatch.setattr(Operations, "create_table", real)
    st = ScenarioStore(path)
    assert st.applied_migrations == REVISIONS[1:]
    assert st.get_by_name("Gammel plan Æ") is not None


def test_newer_or_foreign_database_is_refused_clearly(tmp_path: Path):
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(SchemaVersionError) as err:
        ScenarioStore(newer)
    assert "skemaversion 99" in da(err.value)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ScenarioStoreError) as err:
        ScenarioStore(junk)
    assert "scenariedatabasen" in da(err.value)


# --------------------------------------------------------------------------- import / export


def test_export_import_round_trip(store: ScenarioStore):
    ds = small_dataset()
    s = store.create("Eksport", "Åse", "beskrivelse", ALL_CHANGES)
    s = store.set_read_only(s.id, True, expected_version=1)
    text = store.export_json(s.id)
    assert scenario_from_json(text, source_name="x", ds=ds)[0] == s  # the file is the stored scenario
    store.set_read_only(s.id, False, expected_version=2)
    store.delete(s.id)
    imported, issues = store.import_json(text, "eksport.json", ds)
    assert issues == [] and imported is not None
    assert (
        imported.id,
        imported.name,
        imported.author,
        imported.description,
        imported.read_only,
        imported.changes,
        imported.created_at,
    ) == (s.id, s.name, s.author, s.description, True, s.changes, s.created_at)
    assert imported.version == 1 and store.get(s.id) == imported


def test_import_with_taken_id_gets_a_new_id(store: ScenarioStore):
    ds = small_dataset()
    s = store.create("Original", changes=CHANGES)
    text = store.export_json(s.id)
    imp, issues = store.import_json(text, "o.json", ds, name="Importeret", author="Ib")
    assert imp is not None and imp.id != s.id and imp.name == "Importeret" and imp.author == "Ib"
    assert [(i.field, i.severity) for i in issues] == [("id", "warning")]
    assert {x.name for x in store.list()} == {"Original", "Importeret"}


def _bad_files() -> dict[str, str]:
    good = json.loads(scenario_to_json(new_scenario("Ny", changes=ALL_CHANGES)))
    bad_change = json.loads(json.dumps(good))
    bad_change["changes"][1]["persons"] = 0
    unknown_ref = json.loads(json.dumps(good))
    unknown_ref["changes"][0]["hub_id"] = "EHX"
    unknown_kind = json.loads(json.dumps(good))
    unknown_kind["changes"].append({"kind": "build_bridge"})
    return {
        "malformed": '{"format": "klyngekort-scenario",\n "name": ',
        "empty": "",
        "array": "[]",
        "wrong format": json.dumps({**good, "format": "other"}),
        "no name": json.dumps({k: v for k, v in good.items() if k != "name"}),
        "persons 0": json.dumps(bad_change),
        "unknown hub": json.dumps(unknown_ref),
        "unknown kind": json.dumps(unknown_kind),
        "name taken": json.dumps({**good, "name": "eksisterende"}),
    }


@pytest.mark.parametrize("case", sorted(_bad_files()))
def test_bad_imports_save_nothing(store: ScenarioStore, case):
    store.create("Eksisterende", changes=CHANGES)
    before = _state(store)
    s, issues = store.import_json(_bad_files()[case], "bad.json", small_dataset())
    assert s is None
    errs = [i for i in issues if i.severity == "error"]
    assert errs and all(i.file == "bad.json" for i in errs)
    assert _state(store) == before
    if case == "name taken":
        assert errs[0].field == "name" and "navnet 'eksisterende'" in da(errs[0])


# --------------------------------------------------------------------------- concurrency


def test_two_threads_saving_the_same_version(store: ScenarioStore):
    for round_ in range(5):
        s = store.create(f"Tråde {round_}", changes=CHANGES)
        barrier = threading.Barrier(2)
        results: dict[str, object] = {}

        def writer(tag: str, s=s, barrier=barrier, results=results) -> None:
            mine = store.get(s.id)  # both load version 1
            assert mine.version == 1
            barrier.wait()
            try:
                results[tag] = store.save(mine.with_changes([*mine.changes, AddTie("K1", tag)]), 1)
            except ConcurrentModificationError as e:
                results[tag] = e

        threads = [threading.Thread(target=writer, args=(t,)) for t in ("EHA", "EHC")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        ok = [k for k, v in results.items() if not isinstance(v, Exception)]
        failed = [v for v in results.values() if isinstance(v, ConcurrentModificationError)]
        assert len(ok) == 1 and len(failed) == 1, results
        assert "version 2, du har 1" in da(failed[0])
        stored = store.get(s.id)
        assert stored.version == 2 and stored.changes[-1] == AddTie("K1", ok[0])
        # the loser reloads and re-applies: both updates survive
        loser = "EHC" if ok[0] == "EHA" else "EHA"
        again = store.save(stored.with_changes([*stored.changes, AddTie("K1", loser)]), stored.version)
        assert again.version == 3 and {c.hub_id for c in again.changes if isinstance(c, AddTie)} == {
            "EHA",
            "EHC",
        }


_CHILD_SAVE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from klyngekort.scenarios.store import ScenarioStore, ConcurrentModificationError
    from klyngekort.present.wording import message_text
    from klyngekort.scenarios.changes import AddTie
    db, sid, tag, ready, go = sys.argv[1:6]
    store = ScenarioStore(db)
    mine = store.get(sid)
    assert mine.version == 1
    Path(ready).touch()
    deadline = time.time() + 20
    while not Path(go).exists() and time.time() < deadline:
        time.sleep(0.005)
    try:
        saved = store.save(mine.with_changes([*mine.changes, AddTie("K1", tag)]), expected_version=1)
        print("OK", saved.version)
    except ConcurrentModificationError as e:
        print("CONFLICT", message_text(e, "da"))
    """
)


def test_two_processes_saving_the_same_version(store: ScenarioStore, tmp_path: Path):
    s = store.create("Processer", changes=CHANGES)
    go = tmp_path / "go"
    procs = []
    for tag in ("EHA", "EHC"):
        ready = tmp_path / f"ready-{tag}"
        p = subprocess.Popen(
            [sys.executable, "-c", _CHILD_SAVE, str(store.path), s.id, tag, str(ready), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        procs.append((tag, ready, p))
    deadline = time.time() + 25
    while not all(r.exists() for _, r, _ in procs):
        assert time.time() < deadline, "children did not start"
        assert all(p.poll() is None for _, _, p in procs), [p.communicate() for _, _, p in procs]
        time.sleep(0.01)
    go.touch()
    outs = {}
    for tag, _, p in procs:
        out, err = p.communicate(timeout=25)
        assert p.returncode == 0, err
        outs[tag] = out.strip()
    winners = [t for t, o in outs.items() if o.startswith("OK 2")]
    losers = [t for t, o in outs.items() if o.startswith("CONFLICT")]
    assert len(winners) == 1 and len(losers) == 1, outs
    assert "er ændret af en anden (version 2, du har 1)" in outs[losers[0]]
    stored = store.get(s.id)
    assert stored.version == 2 and stored.changes == (*CHANGES, AddTie("K1", winners[0]))


_CHILD_KILLED_MID_SAVE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from klyngekort.scenarios import store as st
    from klyngekort.scenarios.changes import AddCoLocation, RemoveSite
    db, sid, marker = sys.argv[1:4]
    store = st.ScenarioStore(db)
    mine = store.get(sid)
    def hook(operation):
        # everything is written, COMMIT not yet run; the marker appears whole (write, then rename)
        Path(marker + ".tmp").write_text(operation)
        Path(marker + ".tmp").replace(marker)
        time.sleep(60)
    st._before_commit_hook = hook
    new = mine.with_changes([AddCoLocation("K2", "EHA")] * 3000 + [RemoveSite("K1-HQ")])
    store.save(new.__class__(**{**new.__dict__, "name": "Halvt gemt", "description": "x" * 10000}),
               expected_version=mine.version)
    print("saved?!")
    """
)


def test_killed_in_the_middle_of_a_save_leaves_the_old_version(store: ScenarioStore, tmp_path: Path):
    s = store.create("Før", "Ole", "gammel", CHANGES)
    marker = tmp_path / "inside"
    p = subprocess.Popen(
        [sys.executable, "-c", _CHILD_KILLED_MID_SAVE, str(store.path), s.id, str(marker)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.time() + 25
        while not marker.exists():
            assert p.poll() is None, p.communicate()
            assert time.time() < deadline, "child never reached the transaction"
            time.sleep(0.01)
        assert marker.read_text() == "save"
        # the child holds the write lock now: another writer is refused clearly, nothing is lost
        quick = ScenarioStore(store.path, busy_timeout_s=0.2)
        with pytest.raises(StoreBusyError) as err:
            quick.rename(s.id, "Imens", expected_version=1)
        assert "optaget" in da(err.value)
        assert quick.get(s.id) == s  # readers still see the committed version (WAL)
        os.kill(p.pid, signal.SIGKILL)
        p.wait(10)
        assert p.returncode == -signal.SIGKILL
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
        p.stdout.close()
        p.stderr.close()

    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT COUNT(*) FROM changes").fetchone()[0] == len(CHANGES)
    after = ScenarioStore(store.path)
    assert after.get(s.id) == s  # the old version, whole: name, description, changes, version
    saved = after.save(s.with_changes([RemoveSite("K1-HQ")]), expected_version=1)  # the lock is gone
    assert saved.version == 2 and after.get(s.id).changes == (RemoveSite("K1-HQ"),)


_CHILD_HOLDS_LOCK = textwrap.dedent(
    """
    import sqlite3, sys, time
    from pathlib import Path
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE scenarios SET description = 'uncommitted'")
    Path(sys.argv[2]).touch()
    time.sleep(60)
    """
)


def test_busy_database_gives_a_clear_error_and_keeps_data(store: ScenarioStore, tmp_path: Path):
    s = store.create("Låst", changes=CHANGES)
    marker = tmp_path / "locked"
    p = subprocess.Popen([sys.executable, "-c", _CHILD_HOLDS_LOCK, str(store.path), str(marker)])
    try:
        deadline = time.time() + 15
        while not marker.exists():
            assert p.poll() is None and time.time() < deadline
            time.sleep(0.01)
        quick = ScenarioStore(store.path, busy_timeout_s=0.2)
        with pytest.raises(StoreBusyError):
            quick.save(s.with_changes([]), expected_version=1)
        imported, issues = quick.import_json(quick.export_json(s.id), "x.json", small_dataset(), name="Ny")
        assert imported is None and "optaget" in da(issues[-1])
    finally:
        os.kill(p.pid, signal.SIGKILL)
        p.wait(10)
    assert store.get(s.id) == s
    assert [x.name for x in store.list()] == ["Låst"]
    assert store.save(s.with_changes([]), expected_version=1).version == 2


def test_hook_is_reset():
    assert store_mod._before_commit_hook is None


def test_import_reports_lines_in_the_file(store: ScenarioStore):
    """The app's upload and `klyngekort scenario import` both go through import_json: an
    issue about a change is at that change's line, a taken name at the "name" key's line."""
    store.create("Eksisterende", changes=CHANGES)
    doc = json.loads(scenario_to_json(new_scenario("eksisterende", changes=ALL_CHANGES)))
    doc["changes"][1]["persons"] = 0
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    lines = text.splitlines()
    s, issues = store.import_json(text, "bad.json", small_dataset())
    assert s is None
    persons = next(i for i in issues if i.field == "persons")
    assert lines[persons.line - 1].strip() == "{" and lines[persons.line].strip().startswith('"')
    second = [n for n, line in enumerate(lines, start=1) if line.strip() == "{"][
        2
    ]  # file, change 1, change 2
    assert persons.line == second
