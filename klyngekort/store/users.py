"""Users and their roles (viewer, editor, admin), by e-mail address, in the store's database.

The role is looked up by the e-mail address a sign-in (OpenID Connect) gives; nothing a
browser sends (URL, widget) is ever read as a role. An address that is not in the table is a
viewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from klyngekort.store import db
from klyngekort.store import tables as T
from klyngekort.store.data import utc_now

ROLES = ("viewer", "editor", "admin")
RANK = {"viewer": 0, "editor": 1, "admin": 2}
EMAIL_RE = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


@dataclass(frozen=True)
class User:
    email: str
    role: str
    granted_at: str
    granted_by: str


PERSON_RE = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<(?P<email>[^<>]+)>\s*$")


def parse_person(text: str) -> tuple[str, str]:
    """``"Name <email>"`` (or a bare address) -> (name, email)."""
    m = PERSON_RE.match(text)
    if m:
        return m.group("name") or m.group("email").strip(), normalise_email(m.group("email"))
    email = normalise_email(text)
    return email, email


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL_RE.match(email):
        raise db.StoreError("db.bad_email", email=email)
    return email


def grant(engine: Engine, email: str, role: str, *, by: str = "") -> User:
    if role not in ROLES:
        raise db.StoreError("db.bad_role", role=role, allowed=list(ROLES))
    email = normalise_email(email)
    now = utc_now()
    with db.write(engine, "grant") as conn:
        exists = conn.execute(sa.select(T.users.c.email).where(T.users.c.email == email)).first()
        if exists:
            conn.execute(
                sa.update(T.users)
                .where(T.users.c.email == email)
                .values(role=role, granted_at=now, granted_by=by)
            )
        else:
            conn.execute(sa.insert(T.users).values(email=email, role=role, granted_at=now, granted_by=by))
    return User(email, role, now, by)


def revoke(engine: Engine, email: str) -> bool:
    email = normalise_email(email)
    with db.write(engine, "revoke") as conn:
        return bool(conn.execute(sa.delete(T.users).where(T.users.c.email == email)).rowcount)


def list_users(engine: Engine) -> list[User]:
    with db.read(engine) as conn:
        return [
            User(r.email, r.role, r.granted_at, r.granted_by)
            for r in conn.execute(sa.select(T.users).order_by(T.users.c.email))
        ]


def role_of(engine: Engine, email: str | None) -> str:
    """The role of a signed-in address ("viewer" for anyone not granted one)."""
    if not email:
        return "viewer"
    try:
        email = normalise_email(email)
    except db.StoreError:
        return "viewer"
    with db.read(engine) as conn:
        role = conn.execute(sa.select(T.users.c.role).where(T.users.c.email == email)).scalar()
    return str(role) if role in ROLES else "viewer"


def can(role: str, needed: str) -> bool:
    return RANK.get(role, 0) >= RANK[needed]
