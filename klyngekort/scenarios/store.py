"""Scenarios in the store's database (SQLite or PostgreSQL, :mod:`klyngekort.store.db`).

Layout (Alembic revision ``0001_scenarios``)::

    scenarios(id TEXT PRIMARY KEY, name TEXT, name_key TEXT UNIQUE, author TEXT,
              description TEXT, created_at TEXT, updated_at TEXT,
              read_only INTEGER 0/1, version INTEGER)
    changes(scenario_id TEXT REFERENCES scenarios(id) ON DELETE CASCADE,
            position INTEGER, kind TEXT, payload TEXT,        -- payload: the change as JSON
            PRIMARY KEY (scenario_id, position))

One row per change keeps the kind queryable and lets a save replace the list inside
the same transaction as the version bump. ``name_key`` is the casefolded name, so
names are unique case-insensitively also for æ/ø/å. Timestamps are ISO 8601 UTC text.

The schema is migrated with Alembic (:func:`klyngekort.store.db.upgrade`, on open). A
scenario database of the earlier SQLite-only code (``PRAGMA user_version = 1``) is taken
over with its rows. A database newer than this code is refused with a clear error.

Concurrency: every method runs in its own transaction (safe across Streamlit's threads
and across processes). On SQLite the database runs in WAL mode with a busy timeout and a
write starts with ``BEGIN IMMEDIATE``; on PostgreSQL a write locks the scenario's row
(``SELECT … FOR UPDATE``). Writes check the stored ``version`` against the caller's
``expected_version`` inside the transaction (optimistic concurrency): a stale writer gets
:class:`ConcurrentModificationError` and nothing is written. A process killed mid-write
leaves the last committed state.
"""

from __future__ import annotations

import builtins
import dataclasses
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from klyngekort.core import config, limits
from klyngekort.core.model import Dataset, Issue, MessageError
from klyngekort.scenarios.changes import (
    Change,
    Scenario,
    change_from_dict,
    change_to_dict,
    check_name,
    name_key,
    new_scenario_id,
    normalize_text,
    utc_now_iso,
)
from klyngekort.scenarios.jsonio import parse_scenario_json, scenario_to_json, with_file_lines
from klyngekort.store import db

# --------------------------------------------------------------------------- errors


class ScenarioStoreError(MessageError):
    """Base class: every store error carries a message for the user as data (``code`` and
    ``params``, worded by :func:`klyngekort.present.i18n.message_text`)."""


class ScenarioNotFoundError(ScenarioStoreError):
    def __init__(self, scenario_id: str):
        self.scenario_id = scenario_id
        super().__init__("store.not_found", scenario=scenario_id)


class ConcurrentModificationError(ScenarioStoreError):
    def __init__(self, scenario_id: str, stored_version: int, expected_version: int, name: str = ""):
        self.scenario_id = scenario_id
        self.stored_version = stored_version
        self.expected_version = expected_version
        super().__init__(
            "store.conflict_named" if name else "store.conflict",
            **({"name": name} if name else {}),
            stored=stored_version,
            mine=expected_version,
        )


class ReadOnlyScenarioError(ScenarioStoreError):
    def __init__(self, scenario_id: str, name: str = ""):
        self.scenario_id = scenario_id
        super().__init__("store.read_only", name=name or scenario_id)


class DuplicateNameError(ScenarioStoreError):
    def __init__(self, name: str):
        self.name = name
        super().__init__("store.duplicate_name", name=name)


class InvalidScenarioError(ScenarioStoreError):
    """A name or field that cannot be stored (empty name, wrong type …)."""


class StoreBusyError(ScenarioStoreError):
    def __init__(self, detail: str = ""):
        super().__init__(
            "store.busy_detail" if detail else "store.busy", **({"detail": detail} if detail else {})
        )


class SchemaVersionError(ScenarioStoreError):
    pass


def _scenario_error(e: db.StoreError) -> ScenarioStoreError:
    """A database error in the scenario store's words (``db.busy`` -> ``store.busy`` …)."""
    p = e.params
    if isinstance(e, db.StoreBusyError):
        return StoreBusyError(str(p.get("detail", "")))
    if isinstance(e, db.SchemaVersionError):
        return SchemaVersionError("store.schema_too_new", version=p.get("version"), known=p.get("known"))
    if e.code == "db.cannot_create_folder":
        return ScenarioStoreError("store.cannot_create_folder", folder=p.get("folder"), error=p.get("error"))
    if e.code in ("db.unreachable", "db.bad_url"):
        return ScenarioStoreError("store.cannot_open", path=p.get("url"), error=p.get("error"))
    if e.code == "db.cannot_open":
        return ScenarioStoreError("store.cannot_open", path=p.get("path"), error=p.get("error"))
    return ScenarioStoreError("store.database_error", path=p.get("path", ""), error=p.get("error", ""))


# --------------------------------------------------------------------------- store


def _exec(conn: Connection, sql: str, params: Sequence[Any] = ()) -> Any:
    """Run ``sql`` with ``?`` placeholders (the same text on SQLite and PostgreSQL)."""
    parts = sql.split("?")
    text = parts[0] + "".join(f":p{i}{part}" for i, part in enumerate(parts[1:]))
    return conn.execute(sa.text(text), {f"p{i}": v for i, v in enumerate(params)})


def _exec_many(conn: Connection, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    if not rows:
        return
    parts = sql.split("?")
    text = parts[0] + "".join(f":p{i}{part}" for i, part in enumerate(parts[1:]))
    conn.execute(sa.text(text), [{f"p{i}": v for i, v in enumerate(r)} for r in rows])


@dataclass(frozen=True)
class ScenarioSummary:
    id: str
    name: str
    author: str
    description: str
    created_at: str
    updated_at: str
    read_only: bool
    version: int
    n_changes: int


#: Test hook: called as ``hook(operation)`` inside every write transaction just before
#: COMMIT (used by the tests to kill a process in the middle of a save).
_before_commit_hook: Callable[[str], None] | None = None


class ScenarioStore:
    """Scenarios in the store's database: an SQLite file (``path``, default
    :func:`klyngekort.core.config.scenario_db_path`) or any database URL (``url``, e.g. a
    PostgreSQL one; default :func:`klyngekort.core.config.database_url`)."""

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        url: str | None = None,
        busy_timeout_s: float = 10.0,
        clock: Callable[[], str] = utc_now_iso,
    ):
        """``clock`` gives the time stamps (ISO 8601 UTC); tests pass a clock they move."""
        if url is None and path is not None and "://" in str(path):
            url = str(path)
        if url is None:
            url = "sqlite:///" + str(Path(path)) if path is not None else config.database_url()
        self.url = url
        sqlite_file = db.sqlite_path(url)
        self.path = sqlite_file if sqlite_file is not None else Path(db.safe_url(url))
        self.clock = clock
        self.busy_timeout_s = busy_timeout_s
        try:
            self.engine = db.create_engine(url, busy_timeout_s=busy_timeout_s)
            db.check_reachable(self.engine)
            self.applied_migrations = db.upgrade(self.engine)
        except db.StoreError as e:
            raise _scenario_error(e) from e

    # -- connections -----------------------------------------------------------

    def _wrap(self, e: sa.exc.SQLAlchemyError) -> ScenarioStoreError:
        msg = str(getattr(e, "orig", None) or e)
        if isinstance(e, sa.exc.IntegrityError) and "name_key" in msg:
            return ScenarioStoreError("store.name_taken")
        return _scenario_error(db.wrap_error(e, self.url))

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn, conn.begin():  # one snapshot for all reads
                yield conn
        except sa.exc.SQLAlchemyError as e:
            raise self._wrap(e) from e

    @contextmanager
    def _write(self, operation: str) -> Iterator[Connection]:
        try:
            with self.engine.connect() as base:
                if db.is_sqlite(self.engine):
                    conn = base.execution_options(immediate=True)
                else:
                    conn = base.execution_options(for_update=True)
                with conn.begin():
                    yield conn
                    if _before_commit_hook is not None:
                        _before_commit_hook(operation)
        except sa.exc.SQLAlchemyError as e:
            raise self._wrap(e) from e

    # -- helpers ---------------------------------------------------------------

    @staticmethod
    def _row(conn: Connection, scenario_id: str) -> Any:
        lock = " FOR UPDATE" if conn.get_execution_options().get("for_update") else ""
        row = _exec(conn, "SELECT * FROM scenarios WHERE id = ?" + lock, (scenario_id,)).mappings().fetchone()
        if row is None:
            raise ScenarioNotFoundError(scenario_id)
        return row

    @staticmethod
    def _check_version(row: Any, expected_version: int | None) -> None:
        if expected_version is not None and int(row["version"]) != int(expected_version):
            raise ConcurrentModificationError(
                row["id"], int(row["version"]), int(expected_version), row["name"]
            )

    @staticmethod
    def _check_writable(row: Any) -> None:
        if row["read_only"]:
            raise ReadOnlyScenarioError(row["id"], row["name"])

    @staticmethod
    def _clean_name(name: object) -> str:
        problem = check_name(name)
        if problem is not None:
            raise InvalidScenarioError("store.invalid_name", reason=problem)
        return normalize_text(name)  # type: ignore[arg-type]

    @staticmethod
    def _clean_text(value: object, field: str, multiline: bool = False) -> str:
        if not isinstance(value, str):
            raise InvalidScenarioError("store.field_not_text", field=field)
        char = limits.unsafe_character(value)
        if char is not None:
            raise InvalidScenarioError("scenario.unsafe_character", field=field, char=char)
        return normalize_text(value, multiline=multiline)

    @staticmethod
    def _check_name_free(conn: Connection, name: str, except_id: str | None = None) -> None:
        row = (
            _exec(conn, "SELECT id FROM scenarios WHERE name_key = ?", (name_key(name),))
            .mappings()
            .fetchone()
        )
        if row is not None and row["id"] != except_id:
            raise DuplicateNameError(name)

    @staticmethod
    def _check_changes(changes: Sequence[Change]) -> list[tuple[int, str, str]]:
        rows = []
        for pos, ch in enumerate(changes, start=1):
            d = change_to_dict(ch) if dataclasses.is_dataclass(ch) and hasattr(ch, "kind") else None
            parsed, issues = change_from_dict(d, position=pos)
            errors = [i for i in issues if i.severity == "error"]
            if parsed is None or errors:
                raise InvalidScenarioError(
                    "store.invalid_change", problems=[i.message for i in errors or issues]
                )
            payload = {k: v for k, v in d.items() if k != "kind"}  # type: ignore[union-attr]
            rows.append((pos, d["kind"], json.dumps(payload, ensure_ascii=False, sort_keys=True)))  # type: ignore[index]
        return rows

    @staticmethod
    def _write_changes(conn: Connection, scenario_id: str, rows: list[tuple[int, str, str]]) -> None:
        _exec(conn, "DELETE FROM changes WHERE scenario_id = ?", (scenario_id,))
        _exec_many(
            conn,
            "INSERT INTO changes (scenario_id, position, kind, payload) VALUES (?, ?, ?, ?)",
            [(scenario_id, pos, kind, payload) for pos, kind, payload in rows],
        )

    def _load(self, conn: Connection, row: Any) -> Scenario:
        changes: list[Change] = []
        for c in _exec(
            conn,
            "SELECT position, kind, payload FROM changes WHERE scenario_id = ? ORDER BY position",
            (row["id"],),
        ).mappings():
            try:
                obj = json.loads(c["payload"])
            except ValueError as e:
                raise ScenarioStoreError(
                    "store.change_damaged", position=int(c["position"]), name=row["name"], error=str(e)
                ) from e
            obj = {"kind": c["kind"], **(obj if isinstance(obj, dict) else {})}
            ch, issues = change_from_dict(obj, source=row["name"], position=int(c["position"]))
            if ch is None:
                raise ScenarioStoreError(
                    "store.change_unreadable",
                    position=int(c["position"]),
                    name=row["name"],
                    problems=[i.message for i in issues],
                )
            changes.append(ch)
        return Scenario(
            id=row["id"],
            name=row["name"],
            author=row["author"],
            description=row["description"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            read_only=bool(row["read_only"]),
            version=int(row["version"]),
            changes=tuple(changes),
        )

    # -- reads -----------------------------------------------------------------

    def list(self) -> list[ScenarioSummary]:
        """All scenarios, sorted by name (case-insensitive)."""
        with self._read() as conn:
            rows = (
                _exec(
                    conn,
                    """
                SELECT s.*, (SELECT COUNT(*) FROM changes c WHERE c.scenario_id = s.id) AS n_changes
                FROM scenarios s ORDER BY s.name_key, s.id
                """,
                )
                .mappings()
                .fetchall()
            )
        return [
            ScenarioSummary(
                id=r["id"],
                name=r["name"],
                author=r["author"],
                description=r["description"],
                created_at=r["created_at"],
                updated_at=r["updated_at"],
                read_only=bool(r["read_only"]),
                version=int(r["version"]),
                n_changes=int(r["n_changes"]),
            )
            for r in rows
        ]

    def get(self, scenario_id: str) -> Scenario:
        """The stored scenario; :class:`ScenarioNotFoundError` when there is none."""
        with self._read() as conn:
            return self._load(conn, self._row(conn, scenario_id))

    def get_by_name(self, name: str) -> Scenario | None:
        """The scenario called ``name`` (case-insensitive), or ``None``."""
        with self._read() as conn:
            row = (
                _exec(conn, "SELECT * FROM scenarios WHERE name_key = ?", (name_key(name),))
                .mappings()
                .fetchone()
            )
            return None if row is None else self._load(conn, row)

    def resolve(self, id_or_name: str) -> Scenario:
        """Find a scenario by id, else by name (for the command line)."""
        with self._read() as conn:
            row = _exec(conn, "SELECT * FROM scenarios WHERE id = ?", (id_or_name,)).mappings().fetchone()
            if row is None:
                row = (
                    _exec(conn, "SELECT * FROM scenarios WHERE name_key = ?", (name_key(id_or_name),))
                    .mappings()
                    .fetchone()
                )
            if row is None:
                raise ScenarioNotFoundError(id_or_name)
            return self._load(conn, row)

    # -- writes ----------------------------------------------------------------

    def _insert(self, conn: Connection, s: Scenario) -> None:
        self._check_name_free(conn, s.name)
        _exec(
            conn,
            """INSERT INTO scenarios (id, name, name_key, author, description, created_at, updated_at,
                                      read_only, version)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                s.id,
                s.name,
                name_key(s.name),
                s.author,
                s.description,
                s.created_at,
                s.updated_at,
                int(s.read_only),
                s.version,
            ),
        )

    def create(
        self, name: str, author: str = "", description: str = "", changes: Sequence[Change] = ()
    ) -> Scenario:
        """Store a new scenario (version 1). :class:`DuplicateNameError` if the name is taken."""
        now = self.clock()
        s = Scenario(
            id=new_scenario_id(),
            name=self._clean_name(name),
            author=self._clean_text(author, "author"),
            description=self._clean_text(description, "description", multiline=True),
            created_at=now,
            updated_at=now,
            read_only=False,
            version=1,
            changes=tuple(changes),
        )
        rows = self._check_changes(s.changes)
        with self._write("create") as conn:
            self._insert(conn, s)
            self._write_changes(conn, s.id, rows)
        return s

    def save(self, scenario: Scenario, expected_version: int) -> Scenario:
        """Store name, author, description and changes of ``scenario`` if the stored version
        is still ``expected_version``; returns the stored scenario with version + 1.

        Raises :class:`ConcurrentModificationError` when someone saved in between,
        :class:`ReadOnlyScenarioError` for a read-only scenario, :class:`DuplicateNameError`.
        """
        name = self._clean_name(scenario.name)
        author = self._clean_text(scenario.author, "author")
        description = self._clean_text(scenario.description, "description", multiline=True)
        rows = self._check_changes(scenario.changes)
        with self._write("save") as conn:
            row = self._row(conn, scenario.id)
            self._check_version(row, expected_version)
            self._check_writable(row)
            self._check_name_free(conn, name, except_id=scenario.id)
            version = int(row["version"]) + 1
            now = self.clock()
            _exec(
                conn,
                """UPDATE scenarios SET name = ?, name_key = ?, author = ?, description = ?,
                       updated_at = ?, version = ? WHERE id = ?""",
                (name, name_key(name), author, description, now, version, scenario.id),
            )
            self._write_changes(conn, scenario.id, rows)
            return Scenario(
                id=scenario.id,
                name=name,
                author=author,
                description=description,
                created_at=row["created_at"],
                updated_at=now,
                read_only=False,
                version=version,
                changes=tuple(scenario.changes),
            )

    def _update_meta(
        self,
        operation: str,
        scenario_id: str,
        expected_version: int | None,
        sets: dict[str, object],
        *,
        allow_read_only: bool = False,
    ) -> Scenario:
        with self._write(operation) as conn:
            row = self._row(conn, scenario_id)
            self._check_version(row, expected_version)
            if not allow_read_only:
                self._check_writable(row)
            if "name" in sets:
                self._check_name_free(conn, str(sets["name"]), except_id=scenario_id)
                sets = {**sets, "name_key": name_key(str(sets["name"]))}
            sets = {**sets, "updated_at": self.clock(), "version": int(row["version"]) + 1}
            cols = ", ".join(f"{k} = ?" for k in sets)
            _exec(conn, f"UPDATE scenarios SET {cols} WHERE id = ?", (*sets.values(), scenario_id))
            return self._load(conn, self._row(conn, scenario_id))

    def rename(self, scenario_id: str, new_name: str, expected_version: int) -> Scenario:
        """Rename (the version check and uniqueness apply); returns the stored scenario."""
        return self._update_meta(
            "rename", scenario_id, expected_version, {"name": self._clean_name(new_name)}
        )

    def set_read_only(self, scenario_id: str, flag: bool, expected_version: int) -> Scenario:
        """Lock (``True``) or unlock a scenario for presentation; bumps the version."""
        return self._update_meta(
            "set_read_only",
            scenario_id,
            expected_version,
            {"read_only": int(bool(flag))},
            allow_read_only=True,
        )

    def duplicate(self, scenario_id: str, new_name: str, author: str = "") -> Scenario:
        """A copy under a new name and id (version 1, not read-only, author ``author``)."""
        name = self._clean_name(new_name)
        author = self._clean_text(author, "author")
        with self._write("duplicate") as conn:
            src = self._load(conn, self._row(conn, scenario_id))
            now = self.clock()
            copy = Scenario(
                id=new_scenario_id(),
                name=name,
                author=author,
                description=src.description,
                created_at=now,
                updated_at=now,
                read_only=False,
                version=1,
                changes=src.changes,
            )
            self._insert(conn, copy)
            self._write_changes(conn, copy.id, self._check_changes(copy.changes))
            return copy

    def delete(self, scenario_id: str, expected_version: int | None = None) -> None:
        """Delete a scenario and its changes. With ``expected_version`` the version check
        applies; a read-only scenario must be unlocked first."""
        with self._write("delete") as conn:
            row = self._row(conn, scenario_id)
            self._check_version(row, expected_version)
            self._check_writable(row)
            _exec(conn, "DELETE FROM changes WHERE scenario_id = ?", (scenario_id,))
            _exec(conn, "DELETE FROM scenarios WHERE id = ?", (scenario_id,))

    # -- import / export ---------------------------------------------------------

    def export_json(self, scenario_id: str) -> str:
        """The stored scenario as JSON (see :func:`klyngekort.scenarios.jsonio.scenario_to_json`)."""
        return scenario_to_json(self.get(scenario_id))

    def import_json(
        self,
        text: str | bytes,
        source_name: str,
        ds: Dataset | None,
        *,
        name: str | None = None,
        author: str | None = None,
    ) -> tuple[Scenario | None, builtins.list[Issue]]:  # in this class ``list`` names the method
        """Validate a scenario file and store it as a new scenario (version 1).

        Nothing is saved when there is any error; the errors (including a taken name or a
        busy database) come back as issues, each at its line in the file
        (:func:`klyngekort.scenarios.jsonio.with_file_lines`). ``name``/``author`` override
        the file's. The file's id is kept unless another scenario has it.
        """
        scenario, issues = self._import_json(text, source_name, ds, name=name, author=author)
        return scenario, with_file_lines(issues, text)

    def _import_json(
        self,
        text: str | bytes,
        source_name: str,
        ds: Dataset | None,
        *,
        name: str | None,
        author: str | None,
    ) -> tuple[Scenario | None, builtins.list[Issue]]:
        parsed, issues = parse_scenario_json(text, source_name=source_name, ds=ds)
        if parsed is None:
            return None, issues
        if name is not None:
            problem = check_name(name)
            if problem is not None:
                return None, [
                    *issues,
                    Issue(source_name, None, "name", "scenario.invalid_name", {"reason": problem}),
                ]
            parsed = dataclasses.replace(parsed, name=normalize_text(name))
        if author is not None:
            parsed = dataclasses.replace(parsed, author=normalize_text(author))
        now = self.clock()
        s = dataclasses.replace(parsed, updated_at=now, version=1)
        try:
            rows = self._check_changes(s.changes)
            with self._write("import") as conn:
                if _exec(conn, "SELECT 1 FROM scenarios WHERE id = ?", (s.id,)).mappings().fetchone():
                    issues.append(
                        Issue(source_name, None, "id", "scenario.id_exists", {"id": s.id}, "warning")
                    )
                    s = dataclasses.replace(s, id=new_scenario_id())
                self._insert(conn, s)
                self._write_changes(conn, s.id, rows)
        except ScenarioStoreError as e:
            return None, [
                *issues,
                Issue(
                    source_name, None, "name" if isinstance(e, DuplicateNameError) else None, e.code, e.params
                ),
            ]
        return s, issues
