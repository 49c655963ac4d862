"""``klyngekort db``, ``export --as-of``, ``history`` and ``user`` on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from klyngekort.cli.main import main
from klyngekort.core import config
from klyngekort.core.schema import TABLES
from klyngekort.store.data import DataStore, RowEdit

ROOT = Path(__file__).resolve().parents[2]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    return code, out, err


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_db_commands(capsys, tmp_path: Path, database_url: str, monkeypatch):
    monkeypatch.setenv(config.ENV_DATABASE_URL, database_url)
    code, out, err = run(capsys, "db", "status")
    assert code == 0 and "schema: - (head" in out and "db upgrade" in err
    code, _, err = run(capsys, "db", "upgrade")
    assert code == 0 and "0002_data_of_record" in err
    code, _, err = run(capsys, "db", "import", ROOT / "data")
    assert code == 0 and "importeret" in err
    code, _, err = run(capsys, "db", "import", ROOT / "data")
    assert code == 0 and "intet ændret" in err
    code, _, _ = run(capsys, "db", "export", tmp_path / "out")
    assert code == 0
    for schema in TABLES:
        assert _rows(tmp_path / "out" / schema.filename) == _rows(ROOT / "data" / schema.filename)
    code, out, _ = run(capsys, "db", "status")
    assert "revision: 1" in out and "rows.sites: 45" in out

    store = DataStore(database_url)
    store.save([RowEdit("ties", "delete", "CO02", version=1)], user="Bo <bo@example.dk>", reason="ophørt")
    code, out, _ = run(capsys, "history", "--entity", "ties", "--id", "CO02", "--format", "json")
    entries = json.loads(out)
    assert {e["action"] for e in entries} == {"add", "delete"}
    deleted = [e for e in entries if e["action"] == "delete"]
    assert {e["user"] for e in deleted} == {"Bo <bo@example.dk>"} and deleted[0]["reason"] == "ophørt"
    code, out, _ = run(capsys, "history", "--user", "Bo <bo@example.dk>", "--format", "csv")
    assert out.splitlines()[0].startswith("change_id,save_id,at,user,entity,row_id,action,field,old,new")
    assert all(",ties,CO02,delete," in line for line in out.splitlines()[1:])

    today = store.last_changed()[:10]
    code, _, _ = run(capsys, "export", tmp_path / "before", "--as-of", "2000-01-01")
    assert code == 0 and _rows(tmp_path / "before" / "ties.csv") == []
    run(capsys, "export", tmp_path / "now", "--as-of", today)
    assert "CO02" not in {r["tie_id"] for r in _rows(tmp_path / "now" / "ties.csv")}
    code, _, err = run(capsys, "export", tmp_path / "x", "--as-of", "1.6.2026")
    assert code == 2

    code, _, err = run(capsys, "user", "grant", "Ane@Example.dk", "--role", "editor")
    assert code == 0 and "ane@example.dk" in err
    code, out, _ = run(capsys, "user", "list")
    assert out.startswith("ane@example.dk\teditor\t")
    assert run(capsys, "user", "grant", "ane", "--role", "admin")[0] == 1
    assert run(capsys, "user", "revoke", "ane@example.dk")[0] == 0
    code, _, err = run(capsys, "user", "revoke", "ane@example.dk")
    assert code == 1 and "findes ikke" in err


def test_a_bad_import_changes_nothing(capsys, tmp_path: Path):
    import shutil

    bad = tmp_path / "bad"
    shutil.copytree(ROOT / "data", bad, ignore=shutil.ignore_patterns("example"))
    sites = bad / "sites.csv"
    sites.write_text(sites.read_text(encoding="utf-8").replace(",0540,", ",9999,", 1), encoding="utf-8")
    code, _, err = run(capsys, "db", "import", bad)
    assert code == 1 and "sites.csv:2:kommunekode" in err and "intet er ændret" in err


def test_unreachable_postgresql_at_start_is_one_line_without_password():
    env = {
        "PATH": "/usr/bin:/bin",
        config.ENV_DATABASE_URL: "postgresql+psycopg://klynge:topsecret@127.0.0.1:9/klyngekort",
    }
    for argv in (["db", "status"], ["coverage", "--by", "cluster"]):
        p = subprocess.run(
            [sys.executable, "-m", "klyngekort.cli", *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            check=False,
        )
        assert p.returncode == 1
        assert "Traceback" not in p.stderr and "topsecret" not in p.stderr + p.stdout
        (line,) = [ln for ln in p.stderr.splitlines() if ln.strip()]
        assert "postgresql+psycopg://klynge:***@127.0.0.1:9/klyngekort kan ikke nås" in line


@pytest.mark.parametrize("flag", ["Åse Test <aase@example.dk>"])
def test_run_local_editor_sets_the_environment(flag):
    from klyngekort.store.users import parse_person

    assert parse_person(flag) == ("Åse Test", "aase@example.dk")
    assert parse_person("bo@example.dk") == ("bo@example.dk", "bo@example.dk")


def test_an_empty_store_and_bad_data_name_each_problem(capsys, tmp_path: Path, monkeypatch):
    import shutil

    bad = tmp_path / "data"
    shutil.copytree(ROOT / "data", bad)
    sites = bad / "sites.csv"
    sites.write_text(sites.read_text(encoding="utf-8").replace(",0540,", ",9999,", 1), encoding="utf-8")
    monkeypatch.setenv(config.ENV_DATA, str(bad))
    code, _, err = run(capsys, "coverage", "--by", "cluster")
    assert code == 1 and "sites.csv:2:kommunekode" in err


def test_scenario_commands_use_the_store_of_the_data(capsys, database_url: str, monkeypatch):
    """Without ``--db``, ``klyngekort scenario`` reads and writes the scenarios where the app
    does: the store of ``$KLYNGEKORT_DATABASE_URL`` (PostgreSQL, or the SQLite file)."""
    from klyngekort.scenarios.changes import RemoveSite
    from klyngekort.scenarios.store import ScenarioStore

    monkeypatch.setenv(config.ENV_DATABASE_URL, database_url)
    ScenarioStore(url=database_url).create("I lageret", "Ole", "", (RemoveSite("K1-HQ"),))
    code, out, err = run(capsys, "scenario", "list")
    assert code == 0, err
    assert "\tI lageret\tOle\t1\t1\t" in out, out
    code, out, err = run(capsys, "scenario", "show", "I lageret", "--format", "json")
    assert code == 0 and json.loads(out)["name"] == "I lageret", err
