"""Statement helpers the repositories share."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.dialects import postgresql, sqlite

from db.models import Chat, Delivery, Subscription


def bulk_update(model: type[Chat] | type[Subscription] | type[Delivery]) -> Any:
    """An UPDATE of `model`'s table that leaves the session's loaded objects alone."""
    # Bulk UPDATEs here never need the session's loaded objects refreshed; without this, each
    # one evaluates its WHERE against every object in the session (quadratic in a batch).
    return update(model).execution_options(synchronize_session=False)


def conflict_insert(dialect: str) -> Any:
    """The INSERT construct with ON CONFLICT of a dialect: PostgreSQL's, else SQLite's (the
    two stores citybrief runs on)."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def rowcount(result: Any) -> int:
    """How many rows an UPDATE or DELETE matched."""
    return int(cast(CursorResult[Any], result).rowcount)
