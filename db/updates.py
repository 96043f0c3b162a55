"""Processed webhook updates: which replica handles an update, decided by one INSERT.

Telegram re-sends an update when it got no 200 in time, and behind a load balancer the re-send
may reach another replica. `claim_update` inserts the update id with `ON CONFLICT DO NOTHING`
(the same statement on SQLite and PostgreSQL): exactly one insert takes the row, whatever the
interleaving, so exactly one replica handles the update. Rows are kept for a retention window
(`forget_updates_before`), longer than Telegram keeps an update it could not deliver.

Functions never commit: the caller owns the transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col

from db.models import ProcessedUpdate
from db.statements import conflict_insert, rowcount


def claim_update(*, session: Session, update_id: int, now: datetime) -> bool:
    """Record `update_id` as taken; True if this call took it, False if it was taken before."""
    values = {"update_id": update_id, "received_at": now}
    insert = conflict_insert(session.get_bind().dialect.name)
    statement = insert(ProcessedUpdate).values(**values).on_conflict_do_nothing()
    # RETURNING, not rowcount: psycopg reports -1 for an INSERT … ON CONFLICT.
    result = session.execute(statement.returning(col(ProcessedUpdate.update_id)))
    return result.first() is not None


def forget_updates_before(*, session: Session, before: datetime) -> int:
    """Delete the records of updates taken before `before`; returns how many."""
    statement = delete(ProcessedUpdate).where(col(ProcessedUpdate.received_at) < before)
    return rowcount(session.execute(statement))


def is_claimed(*, session: Session, update_id: int) -> bool:
    """Whether `update_id` has been taken (and not yet forgotten)."""
    return session.get(ProcessedUpdate, update_id) is not None
