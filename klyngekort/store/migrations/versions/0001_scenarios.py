"""Scenarios and their changes (the layout of the earlier SQLite scenario store, schema version 1).

A scenario database made by that code already has both tables (``PRAGMA user_version = 1``):
they are kept with their rows, and the database continues from here.

Revision ID: 0001_scenarios
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_scenarios"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "scenarios" not in existing:
        op.create_table(
            "scenarios",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("name", sa.Text, nullable=False),
            sa.Column("name_key", sa.Text, nullable=False, unique=True),
            sa.Column("author", sa.Text, nullable=False, server_default=""),
            sa.Column("description", sa.Text, nullable=False, server_default=""),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("updated_at", sa.Text, nullable=False),
            sa.Column("read_only", sa.Integer, nullable=False, server_default="0"),
            sa.Column("version", sa.Integer, nullable=False, server_default="1"),
            sa.CheckConstraint("read_only IN (0, 1)", name="scenarios_read_only"),
            sa.CheckConstraint("version >= 1", name="scenarios_version"),
        )
    if "changes" not in existing:
        op.create_table(
            "changes",
            sa.Column(
                "scenario_id", sa.Text, sa.ForeignKey("scenarios.id", ondelete="CASCADE"), nullable=False
            ),
            sa.Column("position", sa.Integer, nullable=False),
            sa.Column("kind", sa.Text, nullable=False),
            sa.Column("payload", sa.Text, nullable=False),
            sa.PrimaryKeyConstraint("scenario_id", "position"),
        )


def downgrade() -> None:
    op.drop_table("changes")
    op.drop_table("scenarios")
