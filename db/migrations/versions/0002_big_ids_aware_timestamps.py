"""Telegram ids 64-bit, every timestamp timezone-aware

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Telegram chat ids need 64 bits: supergroups are -100…, and user ids passed 2^31. PostgreSQL's
`integer` is 32-bit ("integer out of range"), so every column holding a Telegram id becomes
`bigint`. SQLite stores any integer in up to 8 bytes already; there the tables are rebuilt
(batch mode) only so that the declared types match the models.

Timestamps: on PostgreSQL a column still `timestamp without time zone` (a store made with
SQLModel < 0.0.45) becomes `timestamp with time zone`, its values read as the UTC they were
written in; columns already with time zone are left alone. SQLite has no such distinction.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TELEGRAM_IDS = {
    "chat": (("id", False),),
    "subscription": (("chat_id", False),),
    "delivery": (("chat_id", False), ("message_id", True)),
    "sentfact": (("chat_id", False),),
}
"""Per table, each (column, nullable) that holds a Telegram chat or message id."""

TIMESTAMPS = {
    "document": ("ingested_at",),
    "chat": ("created_at", "last_digest_at"),
    "subscription": ("next_run", "created_at"),
    "delivery": ("slot", "due_at", "created_at", "updated_at"),
    "sentfact": ("sent_at",),
}


def upgrade() -> None:
    _set_id_types(sa.BigInteger(), was=sa.Integer())
    if op.get_bind().dialect.name != "postgresql":
        return
    inspector = sa.inspect(op.get_bind())
    for table, columns in TIMESTAMPS.items():
        types = {column["name"]: column["type"] for column in inspector.get_columns(table)}
        for name in columns:
            if getattr(types[name], "timezone", False):
                continue
            op.alter_column(
                table,
                name,
                type_=sa.DateTime(timezone=True),
                existing_type=sa.DateTime(),
                postgresql_using=f"{name} AT TIME ZONE 'UTC'",
            )


def downgrade() -> None:
    # Timestamps stay timezone-aware: the schema of revision 0001 declares them so.
    _set_id_types(sa.Integer(), was=sa.BigInteger())


def _set_id_types(type_: sa.types.TypeEngine[int], *, was: sa.types.TypeEngine[int]) -> None:
    for table, columns in TELEGRAM_IDS.items():
        with op.batch_alter_table(table) as batch:
            for name, nullable in columns:
                batch.alter_column(
                    name, type_=type_, existing_type=was, existing_nullable=nullable
                )
