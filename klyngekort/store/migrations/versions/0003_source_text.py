"""A written source: the column ``source_text`` in every data table.

A fact's source is a URL (``source_url``) or, where there is none, a written source (a letter,
an e-mail, a meeting: ``source_text``); a row needs one of them (checked by the data files'
validation, not by the database). Existing rows get an empty ``source_text``.

Revision ID: 0003_source_text
Revises: 0002_data_of_record
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_source_text"
down_revision = "0002_data_of_record"
branch_labels = None
depends_on = None

#: The data tables that carry a source (all of them, as of this revision).
TABLES = ("hubs", "hub_areas", "clusters", "programmes", "sites", "ties", "secondments", "population")


def upgrade() -> None:
    for name in TABLES:
        op.add_column(f"data_{name}", sa.Column("source_text", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    for name in TABLES:
        with op.batch_alter_table(f"data_{name}") as batch:
            batch.drop_column("source_text")
