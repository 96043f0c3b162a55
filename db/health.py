"""The database side of readiness: can this process reach the store right now."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

DatabaseError = SQLAlchemyError
"""What any failing database call raises, for callers outside `db/` to catch."""


def ping(*, session: Session) -> None:
    """Run the cheapest round trip to the database; raises the driver's error if it fails."""
    session.execute(text("SELECT 1"))
