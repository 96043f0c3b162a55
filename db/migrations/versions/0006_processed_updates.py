"""Processed webhook updates, so each is handled once across replicas

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Telegram re-sends an update it has no 200 for, possibly to another replica behind the load
balancer. Each replica first inserts the update's id here (`INSERT … ON CONFLICT DO NOTHING`);
only the replica whose insert took the row handles it. `received_at` is indexed for the
retention prune (Telegram keeps an undelivered update for at most 24 hours).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations.tables import create_table, drop_column_index

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table(
        "processed_update",
        sa.Column("update_id", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        indexed=("received_at",),
    )


def downgrade() -> None:
    drop_column_index("processed_update", "received_at")
    op.drop_table("processed_update")
