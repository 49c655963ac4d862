"""The data of record in the store: import, export, reading a dataset, and saving change sets
with their history.

* Every row of every table of :mod:`klyngekort.core.schema` is one database row: its cells as
  text, exactly as the loader reads them from a CSV file (empty = unknown), its ``position``
  (the file's row order) and a ``version`` that every change bumps.
* A dataset is read by writing the rows as CSV files into a temporary folder and loading that
  folder with :func:`klyngekort.core.loading.load_dataset`: the app, the CLI and a save use the
  very same validation as the files in ``data/`` (also for the labelled example overlay, which
  is read from ``data/example`` on top of the stored rows).
* A save (:meth:`DataStore.save`) is a change set (add, change, delete rows). Inside one write
  transaction it checks the versions the editor loaded (a row changed since is refused), applies
  the change in memory, validates the WHOLE dataset after it (any error: nothing is written;
  warnings about the edited rows need a confirmation), then writes the rows (each cell as the
  loader reads it back: stripped, NFC text, padded codes), one ``saves`` row and one
  append-only ``history`` row per field changed (who, when, entity, row, field, old, new,
  reason, source), and bumps the store's revision.
* :meth:`DataStore.revert` undoes one change or a whole save, as a new recorded save;
  :meth:`DataStore.rows_as_of` rebuilds the data as it was at the end of a past date.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from klyngekort.core import config
from klyngekort.core.loading import load_dataset, read_dataset_info
from klyngekort.core.model import Issue, LoadResult, MessageError
from klyngekort.core.places import Places
from klyngekort.core.schema import CONFIDENCE, TABLES, TABLES_BY_NAME, TableSchema
from klyngekort.core.validation import read_table
from klyngekort.store import db
from klyngekort.store import tables as T

Rows = dict[str, list[dict[str, str]]]
"""Table name -> its rows (cells by column name; ``row_id``, ``version`` included when read
from the store)."""

Action = Literal["add", "change", "delete"]
ACTIONS: tuple[Action, ...] = ("add", "change", "delete")
KEY_SEPARATOR = "|"
POSITION = "_position"
"""The history's pseudo-field for a row's place in its file (recorded when a row is added or
deleted, so a dataset as of a past date has its rows in their order)."""
DATA_FOLDER = "data"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def row_key(schema: TableSchema, row: Mapping[str, str]) -> str:
    """A row's id: its key column, or its unique columns joined with ``|`` (population)."""
    if schema.key:
        return str(row.get(schema.key, ""))
    return KEY_SEPARATOR.join(str(row.get(c, "")) for c in schema.unique_together)


# --------------------------------------------------------------------------- errors


class StaleRowError(db.StoreError):
    """A row was changed (or deleted) by someone else since the editor loaded it."""

    def __init__(self, entity: str, row_id: str, stored: int | None, mine: int | None):
        self.entity, self.row_id = entity, row_id
        if stored is None:
            super().__init__("db.row_gone", entity=entity, row=row_id)
        else:
            super().__init__("db.row_conflict", entity=entity, row=row_id, stored=stored, mine=mine or 0)


class SeedError(db.StoreError):
    """The store is empty and ``data/`` cannot be imported: ``issues`` says why, by file, row
    and field."""

    def __init__(self, folder: str, issues: list[Issue]):
        self.issues = issues
        super().__init__("db.seed_failed", folder=folder, n=len([i for i in issues if i.severity == "error"]))


class EditError(db.StoreError):
    """A change set that cannot be applied as given (unknown table, row, column …)."""


# --------------------------------------------------------------------------- CSV


def rows_to_csv(schema: TableSchema, rows: Sequence[Mapping[str, str]]) -> tuple[str, list[int]]:
    """The rows as CSV text (the schema's columns, UTF-8, ``\\n``) and each row's first line."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(schema.column_names)
    lines: list[int] = []
    line = 2
    for row in rows:
        lines.append(line)
        before = buf.tell()
        w.writerow([row.get(c, "") for c in schema.column_names])
        line += buf.getvalue()[before:].count("\n")
    return buf.getvalue(), lines


def write_folder(rows: Rows, dest: Path) -> dict[str, list[int]]:
    """Write every table as ``dest/<name>.csv``; returns each row's line per table."""
    dest.mkdir(parents=True, exist_ok=True)
    lines: dict[str, list[int]] = {}
    for schema in TABLES:
        text, lines[schema.name] = rows_to_csv(schema, rows.get(schema.name, []))
        (dest / schema.filename).write_text(text, encoding="utf-8")
    return lines


def read_folder(src: Path) -> tuple[Rows, list[Issue]]:
    """The rows of a dataset folder as the loader reads them (cells cleaned), and the problems
    of the folder as a whole dataset (:func:`load_dataset`)."""
    rows: Rows = {}
    for schema in TABLES:
        file = src / schema.filename
        if not file.is_file():
            rows[schema.name] = []
            continue
        raw, _ = read_table(file, schema, schema.filename)
        rows[schema.name] = [dict(r) for r in raw.rows] if raw is not None else []
    return rows, []


# --------------------------------------------------------------------------- change sets


@dataclass(frozen=True)
class RowEdit:
    """One row added, changed or deleted. ``values``: every cell of a new row, or the changed
    cells of a row; ``version``: the row's version when the editor loaded it (change, delete)."""

    entity: str
    action: Action
    row_id: str = ""
    values: Mapping[str, str] = field(default_factory=dict)
    version: int | None = None


@dataclass
class SaveResult:
    """What a save did: ``save_id`` when it was written; else the ``errors`` (nothing saved) or
    the ``warnings`` to confirm (``needs_confirmation``)."""

    save_id: int | None = None
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    needs_confirmation: bool = False
    revision: int | None = None
    changed: int = 0

    @property
    def saved(self) -> bool:
        return self.save_id is not None


@dataclass(frozen=True)
class HistoryEntry:
    change_id: int
    save_id: int
    at: str
    user: str
    entity: str
    row_id: str
    action: str
    field: str
    old: str | None
    new: str | None
    reason: str
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "change_id": self.change_id,
            "save_id": self.save_id,
            "at": self.at,
            "user": self.user,
            "entity": self.entity,
            "row_id": self.row_id,
            "action": self.action,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "reason": self.reason,
            "source": self.source,
        }


HISTORY_FIELDS = tuple(HistoryEntry.__dataclass_fields__)


# --------------------------------------------------------------------------- the store


class DataStore:
    """The data of record in the database at ``url`` (default :func:`config.database_url`)."""

    def __init__(
        self,
        url: str | None = None,
        *,
        engine: Engine | None = None,
        clock: Callable[[], str] = utc_now,
        busy_timeout_s: float = 10.0,
    ):
        self.url = url or (str(engine.url) if engine is not None else config.database_url())
        self.engine = engine or db.engine_for(self.url, busy_timeout_s=busy_timeout_s)
        self.clock = clock

    # -- reading -------------------------------------------------------------

    def revision(self) -> int:
        """The store's revision: 0 for an empty store, +1 with every save."""
        with db.read(self.engine) as conn:
            return self._revision(conn)

    @staticmethod
    def _revision(conn: Connection) -> int:
        value = conn.execute(sa.select(T.store_state.c.revision).where(T.store_state.c.id == 1)).scalar()
        return int(value or 0)

    def last_changed(self) -> str:
        """When the data was last saved (ISO 8601 UTC), or ""."""
        with db.read(self.engine) as conn:
            value = conn.execute(
                sa.select(T.store_state.c.updated_at).where(T.store_state.c.id == 1)
            ).scalar()
            return str(value or "")

    def first_saved(self) -> str:
        """When the first save (the seed import) was recorded (ISO 8601 UTC), or ""."""
        with db.read(self.engine) as conn:
            return str(conn.execute(sa.select(sa.func.min(T.saves.c.at))).scalar() or "")

    def is_empty(self) -> bool:
        return self.revision() == 0

    @staticmethod
    def _rows(conn: Connection, *, lock: bool = False) -> Rows:
        out: Rows = {}
        for schema in TABLES:
            t = T.DATA[schema.name]
            q = sa.select(t).order_by(t.c.position, t.c.row_id)
            if lock and conn.dialect.name == "postgresql":
                q = q.with_for_update()
            out[schema.name] = [dict(r._mapping) for r in conn.execute(q)]
        return out

    def rows(self) -> Rows:
        """Every stored row, in file order, with ``row_id``, ``position`` and ``version``."""
        with db.read(self.engine) as conn:
            return self._rows(conn)

    def load(
        self,
        kind: str = "public",
        places: Places | None = None,
        *,
        as_of: str | None = None,
        rows: Rows | None = None,
    ) -> LoadResult:
        """The dataset in the store (``kind="example"``: with the labelled overlay of
        ``data/example`` on top), validated like the files; ``as_of`` a past date
        (``YYYY-MM-DD``): as it was at the end of that day."""
        if rows is None:
            rows = self.rows_as_of(as_of) if as_of else self.rows()
        with tempfile.TemporaryDirectory(prefix="klyngekort-store-") as tmp:
            base = Path(tmp) / DATA_FOLDER
            write_folder(rows, base)
            root = base
            if kind == "example":
                overlay = config.example_data_dir()
                if overlay.is_dir():
                    shutil.copytree(overlay, base / overlay.name, ignore=shutil.ignore_patterns("*.xlsx"))
                    root = base / overlay.name
            result = load_dataset(root, places=places)
        if result.dataset is not None:
            result.dataset.path = None
            result.dataset.files = {}
            result.dataset.changed_at = as_of or self.last_changed()
            result.dataset.row_dates = self.row_dates(as_of)
            result.dataset.as_of = as_of or ""
        return result

    def row_dates(self, as_of: str | None = None) -> dict[str, dict[str, str]]:
        """Per table and row id: when the row was last added or changed (the latest ``at`` of
        its history, ISO 8601 UTC), as of the end of ``as_of`` when given. The seed import is
        a recorded save, so every stored row has a date; nothing is invented. (A row's id
        never changes: a save refuses to change a key.)"""
        h = T.history
        out: dict[str, dict[str, str]] = {}
        with db.read(self.engine) as conn:
            latest = conn.execute(
                sa.select(h.c.entity, h.c.row_id, sa.func.max(h.c.at))
                .where(h.c.at <= _end_of(as_of))
                .group_by(h.c.entity, h.c.row_id)
            ).all()
        for entity, rid, at in latest:
            out.setdefault(str(entity), {})[str(rid)] = str(at)
        return out

    # -- import / export ---------------------------------------------------------

    def export_dir(self, dest: Path, *, as_of: str | None = None) -> list[Path]:
        """Write the data (as of a date) as the files of a dataset folder; returns the files."""
        rows = self.rows_as_of(as_of) if as_of else self.rows()
        write_folder(rows, dest)
        return [dest / s.filename for s in TABLES]

    def export_zip(self, *, as_of: str | None = None) -> bytes:
        """The files of :meth:`export_dir` in one ZIP archive (the app's download)."""
        import zipfile

        rows = self.rows_as_of(as_of) if as_of else self.rows()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for schema in TABLES:
                text, _ = rows_to_csv(schema, rows.get(schema.name, []))
                z.writestr(schema.filename, text)
        return buf.getvalue()

    def import_dir(
        self,
        src: Path,
        places: Places | None = None,
        *,
        user: str = "",
        reason: str = "import",
        only_if_empty: bool = False,
    ) -> SaveResult:
        """Make the stored data equal to the dataset folder ``src``, after checking it as a whole
        (errors: nothing is imported). Rows that did not change keep their version; the import
        is one save in the history. ``only_if_empty``: do nothing unless the store is empty
        (checked under the write lock, so two processes starting at once import once)."""
        info = read_dataset_info(src)
        if info.extends or info.example:
            return SaveResult(errors=[Issue(str(src), None, None, "db.import_overlay")])
        checked = load_dataset(src, places=places)
        if checked.errors or checked.dataset is None:
            return SaveResult(errors=checked.errors or checked.issues)
        new_rows, _ = read_folder(src)
        with db.write(self.engine, "import") as conn:
            if only_if_empty and self._revision(conn) != 0:
                return SaveResult()
            current = self._rows(conn, lock=True)
            edits = diff_rows(current, new_rows)
            if not edits and self._revision(conn) != 0:
                return SaveResult(warnings=checked.warnings)
            positions = {
                s.name: {row_key(s, r): i for i, r in enumerate(new_rows[s.name], start=1)} for s in TABLES
            }
            save_id = self._write_save(
                conn,
                edits,
                current,
                user=user,
                kind="import",
                reason=reason,
                source=str(src),
                positions=positions,
            )
            rev = self._revision(conn)
        return SaveResult(save_id=save_id, warnings=checked.warnings, revision=rev, changed=len(edits))

    def ensure_seeded(self, src: Path | None = None, places: Places | None = None) -> bool:
        """On an empty store, import ``src`` (default ``data/``). True when it imported."""
        if self.revision() != 0:
            return False
        result = self.import_dir(src or config.data_dir(), places, user="klyngekort", only_if_empty=True)
        if result.errors:
            raise SeedError(str(src or config.data_dir()), result.errors)
        return result.saved

    # -- saving ----------------------------------------------------------------

    def save(
        self,
        edits: Sequence[RowEdit],
        *,
        user: str,
        reason: str = "",
        source: str = "",
        confidence: str = "",
        places: Places | None = None,
        confirm_warnings: bool = False,
        kind: str = "edit",
        reverts: str = "",
    ) -> SaveResult:
        """Apply a change set, validated against the whole dataset after it (see the module).

        Raises :class:`StaleRowError` when a row changed since the editor loaded it and
        :class:`EditError` for a change set that names no real table, row or column; returns
        the errors (nothing saved) or the warnings to confirm otherwise."""
        problems = self._check_provenance(edits, source, confidence)
        if problems:
            return SaveResult(errors=problems)
        with db.write(self.engine, "save") as conn:
            current = self._rows(conn, lock=True)
            new_rows = apply_edits(current, edits)
            result, as_read = self._validate(new_rows, edits, places)
            if result.errors:
                return result
            if result.warnings and not confirm_warnings:
                result.needs_confirmation = True
                return result
            edits = _cleaned_edits(edits, new_rows, as_read)
            save_id = self._write_save(
                conn,
                edits,
                current,
                user=user,
                kind=kind,
                reason=reason,
                source=source,
                confidence=confidence,
                reverts=reverts,
            )
            result.save_id = save_id
            result.revision = self._revision(conn)
            result.changed = len(edits)
            return result

    @staticmethod
    def _check_provenance(edits: Sequence[RowEdit], source: str, confidence: str) -> list[Issue]:
        """A new fact needs a source (a URL or a written source) and a confidence."""
        if not any(e.action == "add" for e in edits):
            return []
        out: list[Issue] = []
        if not source.strip():
            out.append(Issue("", None, "source", "db.source_required"))
        if confidence not in CONFIDENCE:
            out.append(Issue("", None, "confidence", "db.confidence_required", {"allowed": list(CONFIDENCE)}))
        return out

    @staticmethod
    def _validate(new_rows: Rows, edits: Sequence[RowEdit], places: Places | None) -> tuple[SaveResult, Rows]:
        """Errors of the whole dataset after the change; warnings about the edited rows. Also
        the rows as the loader reads them back from the files (aligned with ``new_rows``; a row
        the loader skipped is empty): cells stripped, text NFC-normalised, codes padded …"""
        as_read: Rows = {}
        with tempfile.TemporaryDirectory(prefix="klyngekort-save-") as tmp:
            folder = Path(tmp) / DATA_FOLDER
            lines = write_folder(new_rows, folder)
            result = load_dataset(folder, places=places)
            for schema in TABLES:
                raw, _ = read_table(folder / schema.filename, schema, schema.filename)
                by_line = dict(zip(raw.lines, raw.rows, strict=True)) if raw is not None else {}
                as_read[schema.name] = [by_line.get(line, {}) for line in lines[schema.name]]
        touched: set[tuple[str, int]] = set()
        for e in edits:
            schema = TABLES_BY_NAME[e.entity]
            rid = e.row_id or row_key(schema, e.values)
            for row, line in zip(new_rows[e.entity], lines[e.entity], strict=True):
                if row_key(schema, row) == rid:
                    touched.add((f"{DATA_FOLDER}/{schema.filename}", line))
        warnings = [w for w in result.warnings if (w.file, w.line) in touched]
        return SaveResult(errors=result.errors, warnings=warnings), as_read

    def _write_save(
        self,
        conn: Connection,
        edits: Sequence[RowEdit],
        current: Rows,
        *,
        user: str,
        kind: str,
        reason: str = "",
        source: str = "",
        confidence: str = "",
        reverts: str = "",
        positions: Mapping[str, Mapping[str, int]] | None = None,
    ) -> int:
        now = self.clock()
        save_id = int(
            conn.execute(
                sa.insert(T.saves)
                .values(
                    at=now,
                    user_name=user,
                    kind=kind,
                    reason=reason,
                    source=source,
                    confidence=confidence,
                    reverts=reverts,
                )
                .returning(T.saves.c.save_id)
            ).scalar_one()
        )
        history: list[dict[str, Any]] = []
        by_id = {name: {r["row_id"]: r for r in rows} for name, rows in current.items()}
        next_pos = {
            name: max((int(r["position"]) for r in rows), default=0) for name, rows in current.items()
        }

        def entry(e: RowEdit, rid: str, fld: str, old: str | None, new: str | None) -> None:
            history.append(
                dict(
                    save_id=save_id,
                    at=now,
                    user_name=user,
                    entity=e.entity,
                    row_id=rid,
                    action=e.action,
                    field=fld,
                    old=old,
                    new=new,
                    reason=reason,
                    source=source,
                )
            )

        for e in edits:
            schema = TABLES_BY_NAME[e.entity]
            t = T.DATA[e.entity]
            cols = schema.column_names
            if e.action == "add":
                values = {c: str(e.values.get(c, "") or "") for c in cols}
                rid = row_key(schema, values)
                pos = (positions or {}).get(e.entity, {}).get(rid)
                if pos is None:
                    next_pos[e.entity] += 1
                    pos = next_pos[e.entity]
                conn.execute(sa.insert(t).values(row_id=rid, position=pos, version=1, **values))
                entry(e, rid, POSITION, None, str(pos))
                for c in cols:
                    if values[c] != "":
                        entry(e, rid, c, None, values[c])
            elif e.action == "change":
                old_row = by_id[e.entity][e.row_id]
                changed = {c: str(v) for c, v in e.values.items() if str(v) != old_row[c]}
                sets: dict[str, Any] = dict(changed)
                new_id = row_key(schema, {**old_row, **changed})
                if new_id != e.row_id:
                    sets["row_id"] = new_id
                pos = (positions or {}).get(e.entity, {}).get(new_id)
                if pos is not None and pos != old_row["position"]:
                    sets["position"] = pos
                if sets:
                    sets["version"] = int(old_row["version"]) + 1
                    conn.execute(sa.update(t).where(t.c.row_id == e.row_id).values(**sets))
                for c, v in changed.items():
                    entry(e, e.row_id, c, old_row[c], v)
            else:
                old_row = by_id[e.entity][e.row_id]
                conn.execute(sa.delete(t).where(t.c.row_id == e.row_id))
                entry(e, e.row_id, POSITION, str(old_row["position"]), None)
                for c in cols:
                    entry(e, e.row_id, c, old_row[c], None)
        if history:
            conn.execute(sa.insert(T.history), history)
        rev = self._revision(conn)
        if rev == 0:
            conn.execute(sa.insert(T.store_state).values(id=1, revision=1, updated_at=now))
        else:
            conn.execute(
                sa.update(T.store_state)
                .where(T.store_state.c.id == 1)
                .values(revision=rev + 1, updated_at=now)
            )
        return save_id

    # -- history -----------------------------------------------------------------

    def history(
        self,
        *,
        entity: str | None = None,
        row_id: str | None = None,
        since: str | None = None,
        user: str | None = None,
        save_id: int | None = None,
        change_id: int | None = None,
        limit: int | None = None,
    ) -> list[HistoryEntry]:
        """The recorded changes, oldest first, filtered."""
        h = T.history
        q = sa.select(h).order_by(h.c.change_id)
        if entity:
            q = q.where(h.c.entity == entity)
        if row_id:
            q = q.where(h.c.row_id == row_id)
        if since:
            q = q.where(h.c.at >= since)
        if user:
            q = q.where(h.c.user_name == user)
        if save_id is not None:
            q = q.where(h.c.save_id == save_id)
        if change_id is not None:
            q = q.where(h.c.change_id == change_id)
        if limit is not None:
            q = q.order_by(None).order_by(h.c.change_id.desc()).limit(limit)
        with db.read(self.engine) as conn:
            rows = [
                HistoryEntry(
                    change_id=int(r.change_id),
                    save_id=int(r.save_id),
                    at=r.at,
                    user=r.user_name,
                    entity=r.entity,
                    row_id=r.row_id,
                    action=r.action,
                    field=r.field,
                    old=r.old,
                    new=r.new,
                    reason=r.reason,
                    source=r.source,
                )
                for r in conn.execute(q)
            ]
        return sorted(rows, key=lambda e: e.change_id)

    def saves(self) -> list[dict[str, Any]]:
        with db.read(self.engine) as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(T.saves).order_by(T.saves.c.save_id))]

    def rows_as_of(self, as_of: str | None) -> Rows:
        """The rows as they were at the end of the day ``as_of`` (``YYYY-MM-DD``, or a full
        ISO time): today's rows with every later change undone, newest first."""
        with db.read(self.engine) as conn:
            rows = self._rows(conn)
            later = conn.execute(
                sa.select(T.history)
                .where(T.history.c.at > _end_of(as_of))
                .order_by(T.history.c.change_id.desc())
            ).all()
        return undo(rows, later)

    def revert(
        self,
        *,
        user: str,
        reason: str,
        save_id: int | None = None,
        change_id: int | None = None,
        places: Places | None = None,
        confirm_warnings: bool = True,
    ) -> SaveResult:
        """Undo one recorded change (with an added or deleted row: that row's whole addition or
        deletion) or every change of one save, as a new save of kind ``revert``, validated like
        any other. A field changed again since is refused (:class:`StaleRowError`)."""
        if (save_id is None) == (change_id is None):
            raise EditError("db.revert_what")
        if change_id is not None:
            one = self.history(change_id=change_id)
            if not one:
                raise EditError("db.change_not_found", change=change_id)
            e0 = one[0]
            entries = [
                e
                for e in self.history(save_id=e0.save_id, entity=e0.entity)
                if e.row_id == e0.row_id and (e.action != "change" or e.change_id == change_id)
            ]
            what = f"change:{change_id}"
        else:
            entries = self.history(save_id=save_id)
            if not entries:
                raise EditError("db.save_not_found", save=save_id)
            what = f"save:{save_id}"
        edits = inverse_edits(entries, self.rows())
        source = "revert " + what
        return self.save(
            edits,
            user=user,
            reason=reason,
            source=source,
            confidence="high",
            places=places,
            confirm_warnings=confirm_warnings,
            kind="revert",
            reverts=what,
        )


def _end_of(as_of: str | None) -> str:
    if not as_of:
        return "9999"
    return as_of + "T99" if len(as_of) == 10 else as_of


# --------------------------------------------------------------------------- pure helpers


def _cleaned_edits(edits: Sequence[RowEdit], new_rows: Rows, as_read: Rows) -> list[RowEdit]:
    """The change set with every value as the loader reads it back from a file (``as_read``,
    aligned with ``new_rows``): what a save stores is what an import of the same data stores,
    so an export, imported again, gives the very same rows and files."""
    out: list[RowEdit] = []
    for e in edits:
        if e.action == "delete":
            out.append(e)
            continue
        schema = TABLES_BY_NAME[e.entity]
        rid = e.row_id or row_key(schema, e.values)
        read = next(
            (
                clean
                for row, clean in zip(new_rows[e.entity], as_read[e.entity], strict=True)
                if row.get("row_id") == rid
            ),
            {},
        )
        names = schema.column_names if e.action == "add" else tuple(e.values)
        values = {c: read.get(c, str(e.values.get(c, "") or "")) for c in names}
        out.append(RowEdit(e.entity, e.action, e.row_id, values, e.version))
    return out


def apply_edits(current: Rows, edits: Iterable[RowEdit]) -> Rows:
    """The rows after the change set (a copy; rows keep their order, new rows go last).
    Raises :class:`EditError` for an unknown table, row or column and :class:`StaleRowError`
    for a row whose version is not the one the editor loaded."""
    out: Rows = {name: [dict(r) for r in rows] for name, rows in current.items()}
    for e in edits:
        schema = TABLES_BY_NAME.get(e.entity)
        if schema is None or e.action not in ACTIONS:
            raise EditError("db.unknown_entity", entity=e.entity)
        unknown = [c for c in e.values if c not in schema.column_names]
        if unknown:
            raise EditError("db.unknown_column", entity=e.entity, column=unknown[0])
        keys = (schema.key,) if schema.key else schema.unique_together
        if e.action == "change" and any(c in keys for c in e.values):
            raise EditError("db.key_change", entity=e.entity, row=e.row_id)
        rows = out.setdefault(e.entity, [])
        if e.action == "add":
            new = {c: str(e.values.get(c, "") or "") for c in schema.column_names}
            rid = row_key(schema, new)
            if any(r.get("row_id", row_key(schema, r)) == rid for r in rows):
                raise EditError("db.row_exists", entity=e.entity, row=rid)
            rows.append({**new, "row_id": rid, "version": 0, "position": 0})  # type: ignore[dict-item]
            continue
        idx = next((i for i, r in enumerate(rows) if r.get("row_id") == e.row_id), None)
        if idx is None:
            raise StaleRowError(e.entity, e.row_id, None, e.version)
        stored = int(rows[idx].get("version", 0))
        if e.version is not None and stored != int(e.version):
            raise StaleRowError(e.entity, e.row_id, stored, e.version)
        if e.action == "delete":
            del rows[idx]
        else:
            rows[idx].update({c: str(v if v is not None else "") for c, v in e.values.items()})
    return out


def diff_rows(current: Rows, new: Rows) -> list[RowEdit]:
    """The change set that turns ``current`` (stored rows) into ``new`` (rows of files)."""
    edits: list[RowEdit] = []
    for schema in TABLES:
        old_by_id = {r["row_id"]: r for r in current.get(schema.name, [])}
        seen: set[str] = set()
        for row in new.get(schema.name, []):
            rid = row_key(schema, row)
            seen.add(rid)
            old = old_by_id.get(rid)
            if old is None:
                edits.append(
                    RowEdit(schema.name, "add", rid, {c: row.get(c, "") for c in schema.column_names})
                )
                continue
            changed = {c: row.get(c, "") for c in schema.column_names if row.get(c, "") != old[c]}
            if changed:
                edits.append(RowEdit(schema.name, "change", rid, changed, int(old["version"])))
        for rid, old in old_by_id.items():
            if rid not in seen:
                edits.append(RowEdit(schema.name, "delete", rid, version=int(old["version"])))
    return edits


def undo(rows: Rows, entries: Iterable[Any]) -> Rows:
    """``rows`` with the history ``entries`` undone (give them newest first)."""
    out: Rows = {name: [dict(r) for r in rs] for name, rs in rows.items()}
    for e in entries:
        schema = TABLES_BY_NAME[e.entity]
        rs = out.setdefault(e.entity, [])
        idx = next((i for i, r in enumerate(rs) if r.get("row_id") == e.row_id), None)
        if e.action == "add":
            if idx is not None:
                del rs[idx]
        elif e.action == "delete":
            if idx is None:
                rs.append(
                    dict.fromkeys(schema.column_names, "") | {"row_id": e.row_id, "version": 0, "position": 0}
                )
                idx = len(rs) - 1
            if e.field == POSITION:
                rs[idx]["position"] = int(e.old or 0)  # type: ignore[assignment]
            else:
                rs[idx][e.field] = e.old or ""
        elif idx is not None:
            rs[idx][e.field] = e.old or ""
    for rs in out.values():
        rs.sort(key=lambda r: int(r.get("position", 0)))
    return out


def inverse_edits(entries: Sequence[HistoryEntry], current: Rows) -> list[RowEdit]:
    """The change set that undoes ``entries`` (one save's, or one change's), checked against the
    current rows: a field changed again since is refused with :class:`StaleRowError`."""
    edits: list[RowEdit] = []
    by_row: dict[tuple[str, str, str], list[HistoryEntry]] = {}
    for e in entries:
        if e.field != POSITION:
            by_row.setdefault((e.entity, e.row_id, e.action), []).append(e)
    for (entity, rid, action), es in reversed(list(by_row.items())):
        schema = TABLES_BY_NAME[entity]
        now = {r["row_id"]: r for r in current.get(entity, [])}
        row = now.get(rid)
        if action == "add":
            if row is None:
                continue  # already gone
            if any(row[e.field] != (e.new or "") for e in es):
                raise StaleRowError(entity, rid, int(row["version"]), None)
            edits.append(RowEdit(entity, "delete", rid, version=int(row["version"])))
        elif action == "delete":
            if row is not None:
                raise EditError("db.row_exists", entity=entity, row=rid)
            values = dict.fromkeys(schema.column_names, "") | {e.field: e.old or "" for e in es}
            edits.append(RowEdit(entity, "add", rid, values))
        else:
            if row is None:
                raise StaleRowError(entity, rid, None, None)
            todo = [e for e in es if row[e.field] != (e.old or "")]  # not undone already
            if any(row[e.field] != (e.new or "") for e in todo):
                raise StaleRowError(entity, rid, int(row["version"]), None)
            if todo:
                edits.append(
                    RowEdit(entity, "change", rid, {e.field: e.old or "" for e in todo}, int(row["version"]))
                )
    return edits


def history_csv(entries: Sequence[HistoryEntry]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(HISTORY_FIELDS), lineterminator="\n")
    w.writeheader()
    for e in entries:
        w.writerow({k: "" if v is None else v for k, v in e.as_dict().items()})
    return buf.getvalue()


def history_json(entries: Sequence[HistoryEntry]) -> str:
    return json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=1)


__all__ = [
    "DataStore",
    "EditError",
    "HistoryEntry",
    "MessageError",
    "RowEdit",
    "SaveResult",
    "SeedError",
    "StaleRowError",
    "apply_edits",
    "diff_rows",
    "row_key",
    "rows_to_csv",
]


def read_dataset(
    kind: str = "public",
    places: Places | None = None,
    *,
    url: str | None = None,
    as_of: str | None = None,
) -> LoadResult:
    """The one way the app and the CLI read the data of record: the dataset in the store at
    ``url`` (default :func:`config.database_url`), imported from ``data/`` first when the
    store is empty; ``kind="example"`` adds the labelled example overlay."""
    store = DataStore(url)
    store.ensure_seeded(config.data_dir(), places)
    return store.load(kind, places, as_of=as_of)
