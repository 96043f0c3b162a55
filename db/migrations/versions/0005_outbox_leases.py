"""Outbox claims with an owner and a lease; the worker leader lease

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

Several workers share one outbox. A delivery row a sender claims records who claimed it
(`claimed_by`, the sender's instance id) and until when the claim holds (`lease_expires_at`):
a sender finishes only rows it owns, and recovery marks `unknown` only rows whose lease ran out
(their sender died mid-send), never the rows of a sender that is still alive.

`lease` holds named leases with a holder and an expiry. On SQLite the active digest sender is
the holder of the `digest-sender` lease; on PostgreSQL it is the holder of an advisory lock and
this table stays empty (see `db.leases`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations.tables import drop_column_index, index_column

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("delivery") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(), nullable=True))
        batch.add_column(sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True))
    index_column("delivery", "updated_at")
    op.create_table(
        "lease",
        sa.Column("name", sa.String(), primary_key=True),
        sa.Column("holder", sa.String(), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("lease")
    drop_column_index("delivery", "updated_at")
    with op.batch_alter_table("delivery") as batch:
        batch.drop_column("lease_expires_at")
        batch.drop_column("claimed_by")
