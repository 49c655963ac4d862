"""Alembic environment of the store: run programmatically by :func:`klyngekort.store.db.upgrade`,
which passes an open connection in ``config.attributes["connection"]``."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the store always passes its connection
    raise RuntimeError(
        "klyngekort's migrations run through klyngekort.store.db.upgrade (klyngekort db upgrade)"
    )

# One transaction per revision: a failing revision leaves the previous one whole.
context.configure(connection=connection, transaction_per_migration=True, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
