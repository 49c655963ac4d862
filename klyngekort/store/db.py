"""Connecting to the store's database and migrating it.

The database is given as an SQLAlchemy URL (:func:`klyngekort.core.config.database_url`):
SQLite (``sqlite:///var/klyngekort.sqlite3``, the embedded default) or PostgreSQL
(``postgresql+psycopg://user:password@host/db``). One code path serves both.

SQLite runs in WAL mode with a busy timeout; a write transaction starts with
``BEGIN IMMEDIATE`` (:func:`write`), so two writers never both read an old version.
PostgreSQL writes take one transaction-scoped advisory lock (one writer at a time, as on
SQLite) and lock the rows they check (``SELECT … FOR UPDATE``), in READ COMMITTED.

Schema changes are Alembic revisions in ``klyngekort/store/migrations/versions``, run
programmatically by :func:`upgrade` (``klyngekort db upgrade``; also on open). A database
whose revision this code does not know is refused with a clear error.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import NullPool

from klyngekort.core import config
from klyngekort.core.model import MessageError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
WRITE_LOCK_KEY = 7_480_011  # PostgreSQL advisory lock of the store's writes

#: Test hook: called as ``hook(operation)`` inside every write transaction just before
#: COMMIT (the tests kill a process there).
before_commit_hook: Callable[[str], None] | None = None


class StoreError(MessageError):
    """Every store error carries its message as data (code and params)."""


class StoreUnavailableError(StoreError):
    """The database cannot be reached or opened (the URL is named without its password)."""


class StoreBusyError(StoreError):
    def __init__(self, detail: str = ""):
        super().__init__("db.busy_detail" if detail else "db.busy", **({"detail": detail} if detail else {}))


class SchemaVersionError(StoreError):
    pass


def safe_url(url: str | sa.URL) -> str:
    """The URL without its password (for messages and logs)."""
    try:
        return make_url(str(url)).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL that does not parse is shown without anything after '@'
        text = str(url)
        return text.split("@")[-1] if "@" in text else text


def is_sqlite(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _sqlite_engine(url: str, busy_timeout_s: float) -> Engine:
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError("db.cannot_create_folder", folder=str(path.parent), error=str(e)) from e
    engine = sa.create_engine(
        url,
        poolclass=NullPool,
        connect_args={"timeout": busy_timeout_s, "check_same_thread": False, "isolation_level": None},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # transactions are begun explicitly below
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")
        if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def create_engine(url: str | None = None, *, busy_timeout_s: float = 10.0) -> Engine:
    """An engine for ``url`` (default :func:`config.database_url`)."""
    url = url or config.database_url()
    try:
        backend = make_url(url).get_backend_name()
    except Exception as e:
        raise StoreUnavailableError("db.bad_url", url=safe_url(url), error=str(e)) from e
    if backend == "sqlite":
        return _sqlite_engine(url, busy_timeout_s)
    if backend == "postgresql":
        return sa.create_engine(
            url,
            pool_pre_ping=True,
            pool_size=5,
            connect_args={"connect_timeout": max(1, int(busy_timeout_s))},
        )
    raise StoreUnavailableError("db.bad_url", url=safe_url(url), error=backend)


def wrap_error(e: sa.exc.SQLAlchemyError, url: str) -> StoreError:
    """A database error as a store error with a message for the user."""
    msg = str(getattr(e, "orig", None) or e).strip()
    if isinstance(e, sa.exc.OperationalError):
        if "locked" in msg or "busy" in msg:
            return StoreBusyError(msg)
        if "could not translate host" in msg or ("connection" in msg.lower() and "failed" in msg.lower()):
            return StoreUnavailableError("db.unreachable", url=safe_url(url), error=msg.splitlines()[0])
    if isinstance(e, sa.exc.DBAPIError) and "not a database" in msg:
        return StoreError("db.database_error", path=safe_url(url), error=msg)
    return StoreError("db.database_error", path=safe_url(url), error=msg.splitlines()[0] if msg else "")


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A connection with one transaction (one snapshot on SQLite) for reading."""
    try:
        with engine.connect() as conn, conn.begin():
            yield conn
    except sa.exc.SQLAlchemyError as e:
        raise wrap_error(e, str(engine.url)) from e


@contextmanager
def write(engine: Engine, operation: str) -> Iterator[Connection]:
    """One write transaction: ``BEGIN IMMEDIATE`` on SQLite (the write lock first), committed
    at the end, rolled back on any error (so a failed save changes nothing)."""
    try:
        with engine.connect() as base:
            conn = base.execution_options(immediate=True) if is_sqlite(engine) else base
            with conn.begin():
                if not is_sqlite(engine):
                    # One writer at a time, as SQLite's write lock: also when there is no row to
                    # lock yet (two instances importing data/ into an empty database at once).
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
                yield conn
                if before_commit_hook is not None:
                    before_commit_hook(operation)
    except sa.exc.SQLAlchemyError as e:
        raise wrap_error(e, str(engine.url)) from e


# --------------------------------------------------------------------------- migrations


def _alembic_config(connection: Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)  # type: ignore[arg-type]
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def known_revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)  # type: ignore[arg-type]
    return [s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()]


def current_revision(conn: Connection) -> str | None:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _legacy_user_version(conn: Connection) -> int:
    if not is_sqlite(conn):
        return 0
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


_upgrade_lock = threading.Lock()


def upgrade(engine: Engine, target: str = "head") -> list[str]:
    """Apply the migrations above the database's revision; returns the revisions applied.

    Every revision runs in one transaction with the version bump (SQLite and PostgreSQL
    both have transactional DDL), so a failed migration leaves the previous revision whole.
    A scenario database of the earlier SQLite-only code (``PRAGMA user_version = 1``)
    is taken over: the first revision keeps its tables and rows. A database newer than
    this code is refused with :class:`SchemaVersionError`. Two processes migrating one
    database at once: on PostgreSQL they take turns (an advisory lock); on SQLite the one
    that loses the race finds the revision applied by the other and tries again.
    """
    for attempt in range(5):
        try:
            return _upgrade_once(engine, target)
        except sa.exc.OperationalError as e:
            msg = str(getattr(e, "orig", None) or e)
            racing = is_sqlite(engine) and ("already exists" in msg or "locked" in msg)
            if not racing or attempt == 4:
                raise wrap_error(e, str(engine.url)) from e
            time.sleep(0.2 * (attempt + 1))
        except sa.exc.SQLAlchemyError as e:
            raise wrap_error(e, str(engine.url)) from e
    return []  # pragma: no cover - the loop returns or raises


def _upgrade_once(engine: Engine, target: str) -> list[str]:
    from alembic import command

    with _upgrade_lock, engine.connect() as conn, _migration_lock(conn):
        current = current_revision(conn)
        legacy = _legacy_user_version(conn)
        conn.rollback()
        if current is None and legacy > 1:
            raise SchemaVersionError("db.schema_too_new", version=legacy, known=1)
        known = known_revisions()
        if current is not None and current not in known:
            raise SchemaVersionError("db.schema_too_new", version=current, known=head_revision())
        if current == head_revision() and target == "head":
            return []
        before = set(_applied_chain(current))
        cfg = _alembic_config(conn)
        command.upgrade(cfg, target)
        conn.commit()
        after = current_revision(conn)
        return [r for r in _applied_chain(after) if r not in before]


@contextmanager
def _migration_lock(conn: Connection) -> Iterator[None]:
    """On PostgreSQL, one migrating process at a time (a session advisory lock): two instances
    starting on an empty database do not both create the tables."""
    if is_sqlite(conn):
        yield
        return
    conn.exec_driver_sql(f"SELECT pg_advisory_lock({WRITE_LOCK_KEY + 1})")
    conn.commit()
    try:
        yield
    finally:
        conn.rollback()
        conn.exec_driver_sql(f"SELECT pg_advisory_unlock({WRITE_LOCK_KEY + 1})")
        conn.commit()


def _applied_chain(revision: str | None) -> list[str]:
    """The revisions up to ``revision``, oldest first."""
    if revision is None:
        return []
    order = list(reversed(known_revisions()))
    return order[: order.index(revision) + 1] if revision in order else []


def check_reachable(engine: Engine) -> None:
    """Connect once; an unreachable server is one :class:`StoreUnavailableError` naming the URL
    without its password."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.DBAPIError as e:
        msg = str(getattr(e, "orig", None) or e).strip()
        if is_sqlite(engine):
            raise StoreError(
                "db.cannot_open", path=safe_url(engine.url), error=msg.splitlines()[0] if msg else ""
            ) from e
        raise StoreUnavailableError(
            "db.unreachable", url=safe_url(engine.url), error=msg.splitlines()[0] if msg else ""
        ) from e


_engines: dict[tuple[str, float], Engine] = {}
_engines_lock = threading.Lock()


def engine_for(url: str | None = None, *, busy_timeout_s: float = 10.0, migrate: bool = True) -> Engine:
    """A shared, migrated engine for ``url`` (one per URL in a process)."""
    url = url or config.database_url()
    key = (url, busy_timeout_s)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is not None:
            return engine
        engine = create_engine(url, busy_timeout_s=busy_timeout_s)
        check_reachable(engine)
        if migrate:
            upgrade(engine)
        _engines[key] = engine
        return engine


def dispose_all() -> None:
    """Close the shared engines (tests; a process about to fork)."""
    with _engines_lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
