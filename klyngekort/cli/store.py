"""``klyngekort db import|export|upgrade|status``, ``klyngekort export --as-of``,
``klyngekort history`` and ``klyngekort user grant|list|revoke``: the store from the command line."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from klyngekort.cli.common import CliError, _err, _municipalities, say, text
from klyngekort.core import config


def _url(args: argparse.Namespace) -> str:
    return getattr(args, "database_url", None) or config.database_url()


def _store(args: argparse.Namespace) -> Any:
    from klyngekort.store.data import DataStore

    return DataStore(_url(args))


def _as_of(value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(say("cli.bad_date", value=value)) from None
    return value


def cmd_db_import(args: argparse.Namespace) -> int:
    layers = _municipalities(args.geodata)
    store = _store(args)
    result = store.import_dir(args.dir, layers.places, user=args.user, reason=args.reason)
    for issue in result.errors:
        print(text(issue), file=sys.stderr)
    if result.errors:
        raise CliError("cli.db_import_refused", 1, folder=str(args.dir), n=len(result.errors))
    for issue in result.warnings:
        print(text(issue), file=sys.stderr)
    if result.saved:
        _err(say("cli.db_imported", folder=str(args.dir), n=result.changed, save=result.save_id))
    else:
        _err(say("cli.db_import_unchanged", folder=str(args.dir)))
    return 0


def cmd_db_export(args: argparse.Namespace) -> int:
    store = _store(args)
    store.ensure_seeded()
    files = store.export_dir(args.dir, as_of=args.as_of)
    _err(say("cli.db_exported", folder=str(args.dir), n=len(files)))
    return 0


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from klyngekort.store import db

    engine = db.create_engine(_url(args))
    db.check_reachable(engine)
    applied = db.upgrade(engine)
    if applied:
        _err(say("cli.db_upgraded", revisions=", ".join(applied)))
    else:
        _err(say("cli.db_up_to_date", revision=db.head_revision()))
    return 0


def cmd_db_status(args: argparse.Namespace) -> int:
    from klyngekort.store import db

    url = _url(args)
    engine = db.create_engine(url)
    db.check_reachable(engine)
    with engine.connect() as conn:
        current = db.current_revision(conn)
    head = db.head_revision()
    print(f"url: {db.safe_url(url)}")
    print(f"schema: {current or '-'} (head {head})")
    if current == head:
        store = _store(args)
        rows = store.rows()
        print(f"revision: {store.revision()}")
        print(f"last_changed: {store.last_changed() or '-'}")
        for name, rs in rows.items():
            print(f"rows.{name}: {len(rs)}")
        print(f"saves: {len(store.saves())}")
    else:
        _err(say("cli.db_needs_upgrade"))
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from klyngekort.store.data import history_csv, history_json

    store = _store(args)
    entries = store.history(entity=args.entity, row_id=args.id, since=args.since, user=args.user)
    entries = [e for e in entries if not e.field.startswith("_")]
    out = history_json(entries) if args.format == "json" else history_csv(entries)
    if args.out is not None:
        args.out.write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    return 0


def cmd_user_grant(args: argparse.Namespace) -> int:
    from klyngekort.store import db, users

    u = users.grant(db.engine_for(_url(args)), args.email, args.role, by="cli")
    _err(say("cli.user_granted", email=u.email, role=u.role))
    return 0


def cmd_user_revoke(args: argparse.Namespace) -> int:
    from klyngekort.store import db, users

    if not users.revoke(db.engine_for(_url(args)), args.email):
        raise CliError("cli.user_not_found", 1, email=args.email)
    _err(say("cli.user_revoked", email=args.email))
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from klyngekort.store import db, users

    for u in users.list_users(db.engine_for(_url(args))):
        print(f"{u.email}\t{u.role}\t{u.granted_at}\t{u.granted_by}")
    return 0


def add_parsers(sub: Any, lang_opt: argparse.ArgumentParser, parser_class: type) -> None:
    dbo = parser_class(add_help=False)
    dbo.add_argument(
        "--database-url",
        default=None,
        metavar="URL",
        help="the store (default: $KLYNGEKORT_DATABASE_URL, [database] url, or sqlite:///var/klyngekort.sqlite3)",
    )
    geo = parser_class(add_help=False)
    geo.add_argument("--geodata", type=Path, default=None, metavar="PATH", help="DAGI municipalities")

    p = sub.add_parser("db", parents=[lang_opt], help="the store: import, export, upgrade, status")
    dsub = p.add_subparsers(dest="db_command", required=True)
    s = dsub.add_parser(
        "import", parents=[dbo, geo, lang_opt], help="make the store equal to a dataset folder"
    )
    s.add_argument("dir", type=Path, metavar="DIR")
    s.add_argument("--user", default="cli", help="who imports (recorded in the history)")
    s.add_argument("--reason", default="import", help="why (recorded in the history)")
    s.set_defaults(func=cmd_db_import, parser=s)
    for name in ("export",):
        s = dsub.add_parser(name, parents=[dbo, lang_opt], help="write the stored data as CSV files")
        s.add_argument("dir", type=Path, metavar="DIR")
        s.add_argument("--as-of", type=_as_of, default=None, metavar="YYYY-MM-DD", help="as it was that day")
        s.set_defaults(func=cmd_db_export, parser=s)
    s = dsub.add_parser("upgrade", parents=[dbo, lang_opt], help="apply the schema migrations (Alembic)")
    s.set_defaults(func=cmd_db_upgrade, parser=s)
    s = dsub.add_parser("status", parents=[dbo, lang_opt], help="schema revision, data revision, row counts")
    s.set_defaults(func=cmd_db_status, parser=s)

    s = sub.add_parser("export", parents=[dbo, lang_opt], help="the data (as of a date) as CSV files")
    s.add_argument("dir", type=Path, metavar="DIR")
    s.add_argument("--as-of", type=_as_of, default=None, metavar="YYYY-MM-DD", help="as it was that day")
    s.set_defaults(func=cmd_db_export, parser=s)

    s = sub.add_parser("history", parents=[dbo, lang_opt], help="the recorded changes")
    s.add_argument("--entity", default=None, help="a table: sites, ties, hubs, …")
    s.add_argument("--id", default=None, help="one row's id")
    s.add_argument("--since", type=_as_of, default=None, metavar="YYYY-MM-DD")
    s.add_argument("--user", default=None, help="changes by this user")
    s.add_argument("--format", choices=("csv", "json"), default="csv")
    s.add_argument("--out", type=Path, default=None, metavar="FILE")
    s.set_defaults(func=cmd_history, parser=s)

    p = sub.add_parser("user", parents=[lang_opt], help="who may edit: grant, revoke, list")
    usub = p.add_subparsers(dest="user_command", required=True)
    s = usub.add_parser("grant", parents=[dbo, lang_opt], help="give an e-mail address a role")
    s.add_argument("email")
    s.add_argument("--role", choices=("viewer", "editor", "admin"), required=True)
    s.set_defaults(func=cmd_user_grant, parser=s)
    s = usub.add_parser("revoke", parents=[dbo, lang_opt], help="remove an e-mail address")
    s.add_argument("email")
    s.set_defaults(func=cmd_user_revoke, parser=s)
    s = usub.add_parser("list", parents=[dbo, lang_opt], help="every address and its role")
    s.set_defaults(func=cmd_user_list, parser=s)
