"""Hypothesis: a random sequence of edits, exported and imported into a fresh store, gives the
same dataset (and the export of that import gives the same files)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from klyngekort.core.schema import TABLES
from klyngekort.store.data import DataStore, RowEdit, StaleRowError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from("æøåÆØÅ,\"'\n;"),
    max_size=30,
).map(str.strip)

# (table, free-text column) pairs the edits touch; ids stay, so every edit keeps the data valid.
TEXT_COLUMNS = [
    ("sites", "notes"),
    ("sites", "address"),
    ("ties", "description"),
    ("hubs", "notes"),
    ("clusters", "notes"),
]


def _new_tie(n: int, description: str) -> dict[str, str]:
    return {
        "tie_id": f"HYP{n}",
        "hub_id": "EHFYN",
        "cluster_id": "WBD",
        "kind": "cooperation_agreement",
        "co_location": "unknown",
        "seconded_staff": "unknown",
        "joint_events": "yes",
        "admin_cooperation": "unknown",
        "description": description,
        "source_url": "https://example.dk/hyp",
        "confidence": "low",
    }


EDIT = st.one_of(
    st.tuples(st.just("change"), st.sampled_from(TEXT_COLUMNS), st.integers(0, 8), TEXT),
    st.tuples(st.just("add"), st.just(("ties", "")), st.integers(0, 3), TEXT),
    st.tuples(st.just("delete"), st.just(("ties", "")), st.integers(0, 20), st.just("")),
)


def _files(folder: Path) -> dict[str, list[dict[str, str]]]:
    out = {}
    for schema in TABLES:
        with (folder / schema.filename).open(encoding="utf-8", newline="") as f:
            out[schema.name] = list(csv.DictReader(f))
    return out


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(edits=st.lists(EDIT, min_size=1, max_size=6))
@example(edits=[("add", ("ties", ""), 0, "\uf907")])  # found in random mode: NFC on save
def test_random_edits_survive_export_and_import(edits, places):
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        store = DataStore(f"sqlite:///{tmp_path / 'a.sqlite3'}")
        store.ensure_seeded(DATA)
        for action, (table, column), n, value in edits:
            rows = store.rows()[table]
            if action == "change":
                row = rows[n % len(rows)]
                change = RowEdit(table, "change", row["row_id"], {column: value}, row["version"])
                store.save([change], user="hyp", places=places, confirm_warnings=True)
            elif action == "add":
                if any(r["row_id"] == f"HYP{n}" for r in rows):
                    continue
                add = RowEdit(table, "add", values=_new_tie(n, value))
                res = store.save(
                    [add], user="hyp", places=places, source="hyp", confidence="low", confirm_warnings=True
                )
                assert res.saved, res.errors
            else:
                row = rows[n % len(rows)]
                try:
                    store.save([RowEdit(table, "delete", row["row_id"], version=row["version"])], user="hyp")
                except StaleRowError:  # pragma: no cover - one process, nothing is stale
                    raise
        before = store.load("public", places)
        assert before.ok, before.errors
        store.export_dir(tmp_path / "out")
        fresh = DataStore(f"sqlite:///{tmp_path / 'b.sqlite3'}")
        imported = fresh.import_dir(tmp_path / "out", places)
        assert imported.saved and not imported.errors
        after = fresh.load("public", places)
        assert after.dataset.revision == before.dataset.revision
        for schema in TABLES:
            assert after.dataset.table(schema.name).equals(before.dataset.table(schema.name))
        fresh.export_dir(tmp_path / "again")
        assert _files(tmp_path / "again") == _files(tmp_path / "out")
