"""The bot token's send window, shared by every process that sends

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

Web replicas and the active digest sender all send with one bot token, and Telegram's limits
(30 messages a second, one a second per chat, 20 a minute per group) hold for the token, not
per process. `send_slot` records every message request of the token from any process (when it
went out and finished, on the database's clock); `send_budget` holds the row each admission
locks first, so admissions are decided one at a time across processes (`db.sendwindow`).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Finished requests are counted by when they finished, requests in flight by when they
    # went out, a chat's by its key: each an index (`ix_send_slot_<column>`).
    op.create_table(
        "send_slot",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_key", sa.String(), nullable=False, index=True),
        sa.Column("is_group", sa.Boolean(), nullable=False),
        sa.Column("bulk", sa.Boolean(), nullable=False),
        sa.Column("holder", sa.String(), nullable=False),
        sa.Column("went_at", sa.Double(), nullable=False, index=True),
        sa.Column("finished_at", sa.Double(), nullable=True, index=True),
    )
    op.create_table(
        "send_budget",
        sa.Column("name", sa.String(), primary_key=True),
        sa.Column("turns", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("send_budget")
    op.drop_table("send_slot")  # its indexes go with it
