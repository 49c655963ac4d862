"""The store's tables as SQLAlchemy Core objects, for queries (the DDL is in the migrations;
``tests/store`` checks that the two agree)."""

from __future__ import annotations

import sqlalchemy as sa

from klyngekort.core.schema import TABLES, TableSchema

metadata = sa.MetaData()

scenarios = sa.Table(
    "scenarios",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_key", sa.Text, nullable=False, unique=True),
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Column("read_only", sa.Integer, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

changes = sa.Table(
    "changes",
    metadata,
    sa.Column("scenario_id", sa.Text, sa.ForeignKey("scenarios.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
)

store_state = sa.Table(
    "store_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
)

saves = sa.Table(
    "saves",
    metadata,
    sa.Column("save_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("user_name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("confidence", sa.Text, nullable=False),
    sa.Column("reverts", sa.Text, nullable=False),
)

history = sa.Table(
    "history",
    metadata,
    sa.Column("change_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("save_id", sa.Integer, sa.ForeignKey("saves.save_id"), nullable=False),
    sa.Column("at", sa.Text, nullable=False),
    sa.Column("user_name", sa.Text, nullable=False),
    sa.Column("entity", sa.Text, nullable=False),
    sa.Column("row_id", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("field", sa.Text, nullable=False),
    sa.Column("old", sa.Text, nullable=True),
    sa.Column("new", sa.Text, nullable=True),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("email", sa.Text, primary_key=True),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("granted_at", sa.Text, nullable=False),
    sa.Column("granted_by", sa.Text, nullable=False),
)


def _data_table(schema: TableSchema) -> sa.Table:
    return sa.Table(
        f"data_{schema.name}",
        metadata,
        sa.Column("row_id", sa.Text, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        *(sa.Column(c, sa.Text, nullable=False) for c in schema.column_names),
    )


DATA: dict[str, sa.Table] = {schema.name: _data_table(schema) for schema in TABLES}
