"""``klyngekort scenario list|show|export|import|delete``: the scenario store from the
command line.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from klyngekort.core import config

if TYPE_CHECKING:  # pragma: no cover - typing only
    from klyngekort.core.model import Dataset
from klyngekort.cli.common import CliError, _err, _write_out, lang, say


def _store(args: argparse.Namespace):
    from klyngekort.scenarios.store import ScenarioStore

    # --db, else the one store of the data (config.database_url: PostgreSQL or the SQLite file)
    return ScenarioStore(args.db) if args.db is not None else ScenarioStore()


def _existing_store(args: argparse.Namespace):
    """The store for a reading command: a missing database file (or its folder) is refused,
    never created."""
    path = _store_path(args)
    if path is not None and not Path(path).is_file():
        raise CliError("cli.db_missing", 1, path=str(path))
    return _store(args)


def cmd_scenario_list(args: argparse.Namespace) -> int:
    path = _store_path(args)
    if path is not None and not Path(path).parent.is_dir():
        raise CliError("cli.db_missing", 1, path=str(path))
    if path is not None and not Path(path).is_file():  # nothing there, and nothing is created
        _err(say("cli.no_scenarios", path=str(path)))
        return 0
    rows = _store(args).list()
    if args.format == "json":
        import dataclasses

        _write_out(
            None, json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n"
        )
        return 0
    if not rows:
        _err(say("cli.no_scenarios", path=_store_name(args)))
        return 0
    print("id\tname\tauthor\tchanges\tversion\tread_only\tupdated_at")
    for r in rows:
        print(
            f"{r.id}\t{r.name}\t{r.author}\t{r.n_changes}\t{r.version}\t{'yes' if r.read_only else 'no'}\t{r.updated_at}"
        )
    return 0


def _store_path(args: argparse.Namespace) -> Path | None:
    """The SQLite file of the scenarios; None for a database server (PostgreSQL)."""
    if args.db is not None:
        return args.db
    from klyngekort.store.db import sqlite_path

    return sqlite_path(config.database_url())


def _store_name(args: argparse.Namespace) -> str:
    """The store as shown in messages: the file, or the database URL without its password."""
    path = _store_path(args)
    if path is not None:
        return str(path)
    from klyngekort.store.db import safe_url

    return safe_url(config.database_url())


def _dataset_quietly(data: Path | None) -> Dataset | None:
    """The dataset for names in ``scenario show`` (``None`` when it cannot be loaded)."""
    from klyngekort.core.loading import load_dataset

    res = load_dataset(data)
    return res.dataset if res.ok else None


def cmd_scenario_show(args: argparse.Namespace) -> int:
    from klyngekort.present.wording import change_text
    from klyngekort.scenarios.jsonio import scenario_to_json
    from klyngekort.scenarios.validate import validate_changes

    s = _existing_store(args).resolve(args.scenario)
    if args.format == "json":
        _write_out(None, scenario_to_json(s))
        return 0
    ds = _dataset_quietly(args.data)
    print(f"id: {s.id}")
    print(say("cli.show_name", value=s.name))
    print(say("cli.show_author", value=s.author))
    print(say("cli.show_description", value=s.description))
    print(say("cli.show_created_at", value=s.created_at))
    print(say("cli.show_updated_at", value=s.updated_at))
    print(say("cli.show_version", value=s.version))
    print(say("cli.show_read_only_yes" if s.read_only else "cli.show_read_only_no"))
    print(say("cli.show_changes", value=len(s.changes)))
    for n, ch in enumerate(s.changes, start=1):
        print(f"  {n}. {change_text(ch, ds, lang())}")
    if ds is not None:
        for issue in validate_changes(ds, s.changes, source=s.name):
            _err(issue)
    return 0


def cmd_scenario_export(args: argparse.Namespace) -> int:
    store = _existing_store(args)
    s = store.resolve(args.scenario)
    _write_out(args.out, store.export_json(s.id))
    return 0


def cmd_scenario_import(args: argparse.Namespace) -> int:
    """Validate a scenario file against the dataset and store it; nothing is saved on failure."""
    from klyngekort.core import limits
    from klyngekort.core.loading import load_dataset
    from klyngekort.core.model import Issue

    path = Path(args.file)
    try:
        size, max_bytes = path.stat().st_size, limits.get_int("scenario_file_bytes")
        if size > max_bytes:  # refused before it is read
            _err(Issue(str(path), None, None, "scenario.file_too_large", {"length": size, "max": max_bytes}))
            raise CliError("cli.import_failed", 1, path=str(path), n=1)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CliError("cli.file_not_found", 2, path=str(path)) from None
    except OSError as exc:
        raise CliError("cli.cannot_read_file", 1, path=str(path), error=str(exc.strerror or exc)) from None
    res = load_dataset(args.data)
    where = args.data or config.data_dir()
    if not res.ok:
        _err(*res.errors)
        raise CliError("cli.dataset_has_errors", 1, where=str(where))
    store = _store(args)
    scenario, issues = store.import_json(raw, str(path), res.dataset, name=args.name, author=args.author)
    _err(*sorted(issues, key=lambda i: (i.line is not None, i.line or 0)))
    if scenario is None:
        n = sum(1 for i in issues if i.severity == "error")
        raise CliError("cli.import_failed", 1, path=str(path), n=n)
    print(scenario.id)
    _err(say("cli.imported", name=scenario.name, n=len(scenario.changes), path=_store_name(args)))
    return 0


def cmd_scenario_delete(args: argparse.Namespace) -> int:
    store = _existing_store(args)
    s = store.resolve(args.scenario)
    store.delete(s.id)
    _err(say("cli.deleted", name=s.name, id=s.id))
    return 0
