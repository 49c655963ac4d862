"""The data of record (one table per file of ``data/``), the saves and their history, the users,
and the store's revision counter.

Every data row keeps its cells as text exactly as the loader reads them from a CSV file
(empty = unknown), its ``position`` (the file's row order, for a lossless export) and a
``version`` that every change bumps (optimistic concurrency). The column lists are frozen
here: a later change of :mod:`klyngekort.core.schema` needs a new revision.

Revision ID: 0002_data_of_record
Revises: 0001_scenarios
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_data_of_record"
down_revision = "0001_scenarios"
branch_labels = None
depends_on = None

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "hubs": ("hub_id", "name", "kind", "parent_hub_id", "address", "postcode", "town", "kommunekode", "cvr", "latitude", "longitude", "coord_precision", "coord_source", "source_url", "source_url_2", "confidence", "notes"),
    "hub_areas": ("kommunekode", "kommune", "hub_id", "region_code", "source_url", "source_url_2", "confidence", "notes"),
    "clusters": ("cluster_id", "name", "short_name", "area", "area_type", "period_2021_2024", "status_2021_2024", "ceased", "period_2025_2028", "website", "source_url", "source_url_2", "confidence", "notes"),
    "programmes": ("period", "name", "clusters_total", "counted_as", "source_url", "source_url_2", "confidence", "notes"),
    "sites": ("site_id", "cluster_id", "kind", "town", "address", "kommunekode", "hub_id", "shared_with_hub", "valid_from", "valid_to", "period_text", "latitude", "longitude", "coord_precision", "coord_source", "source_url", "source_url_2", "confidence", "notes"),
    "ties": ("tie_id", "hub_id", "cluster_id", "kind", "co_location", "seconded_staff", "joint_events", "admin_cooperation", "valid_from", "valid_to", "period_text", "description", "source_url", "source_url_2", "confidence", "notes"),
    "secondments": ("secondment_id", "cluster_id", "hub_id", "persons", "fte", "valid_from", "valid_to", "source_url", "source_url_2", "confidence", "notes"),
    "population": ("kommunekode", "year", "population", "source_url", "confidence"),
}  # fmt: skip


def upgrade() -> None:
    for name, columns in TABLE_COLUMNS.items():
        op.create_table(
            f"data_{name}",
            sa.Column("row_id", sa.Text, primary_key=True),
            sa.Column("position", sa.Integer, nullable=False),
            sa.Column("version", sa.Integer, nullable=False),
            *(sa.Column(c, sa.Text, nullable=False, server_default="") for c in columns),
        )
    op.create_table(
        "store_state",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
    )
    op.create_table(
        "saves",
        sa.Column("save_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("user_name", sa.Text, nullable=False, server_default=""),
        sa.Column("kind", sa.Text, nullable=False),  # import, edit, revert
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
        sa.Column("confidence", sa.Text, nullable=False, server_default=""),
        sa.Column("reverts", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "history",
        sa.Column("change_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("save_id", sa.Integer, sa.ForeignKey("saves.save_id"), nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("user_name", sa.Text, nullable=False, server_default=""),
        sa.Column("entity", sa.Text, nullable=False),
        sa.Column("row_id", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),  # add, change, delete
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("source", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("history_entity_row", "history", ["entity", "row_id"])
    op.create_index("history_at", "history", ["at"])
    op.create_table(
        "users",
        sa.Column("email", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("granted_at", sa.Text, nullable=False),
        sa.Column("granted_by", sa.Text, nullable=False, server_default=""),
        sa.CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="users_role"),
    )


def downgrade() -> None:
    for name in ("users", "history", "saves", "store_state", *(f"data_{n}" for n in TABLE_COLUMNS)):
        op.drop_table(name)
