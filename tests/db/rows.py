"""Rows as the store holds them, for tests that check what was written; old stores to upgrade.

Production code reads through the repositories (db/documents.py, db/facts.py, ...); these reads
exist only so tests can look at stored rows directly.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from db.engine import new_session
from db.models import Delivery, Document, FactRow

ROUND1_DUMP = Path(__file__).parent / "data" / "round1_schema.sql"
"""`sqlite3 .dump` of a store the code before migrations (commit 415d12a) made, with rows."""


def round1_store(path: Path) -> str:
    """A SQLite store as the code before migrations left it; returns its URL."""
    with sqlite3.connect(path) as conn:
        conn.executescript(ROUND1_DUMP.read_text(encoding="utf-8"))
    conn.close()
    return f"sqlite:///{path}"


def document_row(engine: Engine, slug: str) -> Document:
    """The stored document with this slug (it must exist)."""
    with new_session(engine) as session:
        return session.exec(select(Document).where(Document.slug == slug)).one()


def fact_rows(engine: Engine, slug: str) -> list[FactRow]:
    """The document's stored fact rows, in sentence order."""
    with new_session(engine) as session:
        statement = (
            select(FactRow)
            .join(Document)
            .where(Document.slug == slug)
            .order_by(col(FactRow.start), col(FactRow.id))
        )
        return list(session.exec(statement).all())


def delivery_rows(engine: Engine, chat_id: int) -> list[Delivery]:
    """The chat's outbox rows, oldest slot first."""
    with new_session(engine) as session:
        statement = (
            select(Delivery)
            .where(Delivery.chat_id == chat_id)
            .order_by(col(Delivery.slot), col(Delivery.id))
        )
        return list(session.exec(statement).all())
