"""Documents: store one with its facts (ingest's write path), count them, fingerprint the store.

`store_document` is the whole write of one ingested document, in one transaction: the document
row is inserted or updated, facts that come out identical keep their rows (and ids, which
citations and digest cursors point at), the others are deleted or inserted. It runs on Core
statements built once, and on SQLite hands the fact rows straight to the driver in a single
executemany: ingest is bound by this write, and SQLAlchemy's per-row parameter processing
would triple its cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import bindparam, delete, func
from sqlalchemy import select as core_select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.compiler import IdentifierPreparer
from sqlmodel import Session, col, select

from core.changes import Change
from core.errors import StoreError, first_line
from core.facts import Fact, Source
from db.mapping import fact_values
from db.models import Document, FactRow
from db.sentences import NewSentence, replace_sentences, sentence_count


@dataclass(frozen=True)
class StoredDocument:
    """The outcome of `store_document`."""

    status: Change
    facts_added: int = 0
    facts_removed: int = 0


_DOCUMENTS = Document.__table__  # type: ignore[attr-defined]
_FACTS = FactRow.__table__  # type: ignore[attr-defined]
# Built once: executing a ready statement skips SQLAlchemy's per-call construction work.
_SELECT_IDENTITY = core_select(_DOCUMENTS.c.id, _DOCUMENTS.c.content_hash).where(
    _DOCUMENTS.c.slug == bindparam("slug_key")
)
# Another process may store the same slug between our look-up and our insert (two ingests of
# one folder at once): the insert then does nothing and the stored row is looked at again.
_INSERT_DOCUMENT = {
    "postgresql": postgresql_insert(_DOCUMENTS)
    .on_conflict_do_nothing(index_elements=[_DOCUMENTS.c.slug])
    .returning(_DOCUMENTS.c.id),
    "sqlite": sqlite_insert(_DOCUMENTS)
    .on_conflict_do_nothing(index_elements=[_DOCUMENTS.c.slug])
    .returning(_DOCUMENTS.c.id),
}
_UPDATE_DOCUMENT = _DOCUMENTS.update().where(_DOCUMENTS.c.id == bindparam("document_key"))
_SELECT_FACTS = core_select(_FACTS).where(_FACTS.c.document_id == bindparam("document_key"))
_INSERT_FACTS = _FACTS.insert()
_FACT_COLUMNS = tuple(c.name for c in _FACTS.columns if c.name != "id")
_FACT_VALUES = itemgetter(*_FACT_COLUMNS)
_EVENT_DATE_AT = _FACT_COLUMNS.index("event_date")
# What makes a stored fact "the same" on re-ingest: every column but its id, its document and
# its folded forms (which a kept fact gets anew).
_SIGNATURE = itemgetter(*(c for c in _FACT_COLUMNS if c not in ("document_id", "forms")))
_UPDATE_FORMS = (
    _FACTS.update()
    .where(_FACTS.c.id == bindparam("fact_key"))
    .values(forms=bindparam("forms_value"))
)


def store_document(
    *,
    connection: Connection,
    source: Source,
    path: str,
    content_hash: str,
    text: str,
    facts: Sequence[Fact],
    forms: Sequence[str | None] = (),
    sentences: Sequence[NewSentence] = (),
    now: datetime,
) -> StoredDocument:
    """Store one document and its facts in one transaction, which this function commits.

    A document whose slug is stored with the same `content_hash` is left as it is, also when
    another process stored it between this one's look-up and insert (that is "unchanged", not
    a failure). Otherwise its row is written, stored facts identical to one of `facts` are kept
    with their ids, the other stored facts are deleted and the rest of `facts` inserted.

    Args:
        connection: a connection with no transaction in progress; a run of documents can share
            one (`engine.connect()`), which is cheaper than a session per document.
        source: the document: its slug (its identity), title, outlet, date and url.
        content_hash: what decides whether the document changed.
        text: the cleaned text the facts' offsets point into.
        facts: the document's facts (their ids and sources are ignored).
        forms: each fact's folded texts (`briefing.forms`), in the order of `facts`; a kept
            fact's stored forms are brought up to date. Empty: none stored.
        sentences: every sentence of the document, for the passage tier; an unchanged
            document stored before sentences were kept gets them now.
        now: the ingest time.

    Raises:
        StoreError: the database refused the write; nothing of it is kept.
    """
    slug = source.slug
    values = {
        "path": path,
        "title": source.title,
        "outlet": source.outlet,
        "published": source.published,
        "url": source.url,
        "content_hash": content_hash,
        "text": text,
        "ingested_at": now,
    }
    try:
        with connection.begin():  # commits, or rolls back whatever went wrong
            return _store(
                connection,
                slug=slug,
                values=values,
                facts=facts,
                forms=forms,
                sentences=sentences,
            )
    except SQLAlchemyError as exc:
        raise StoreError(f"database error: {first_line(exc)}") from exc


def _store(
    conn: Connection,
    *,
    slug: str,
    values: dict[str, Any],
    facts: Sequence[Fact],
    forms: Sequence[str | None],
    sentences: Sequence[NewSentence],
) -> StoredDocument:
    found = conn.execute(_SELECT_IDENTITY, {"slug_key": slug}).first()
    inserted: int | None = None
    if found is None:
        inserted = conn.execute(
            _INSERT_DOCUMENT[conn.dialect.name], {"slug": slug, **values}
        ).scalar_one_or_none()
        if inserted is None:  # another process stored this slug just now: look at its row
            found = conn.execute(_SELECT_IDENTITY, {"slug_key": slug}).one()
    if found is not None and found[1] == values["content_hash"]:
        if sentences and not sentence_count(conn, document_id=int(found[0])):
            replace_sentences(conn, document_id=int(found[0]), sentences=sentences)
        return StoredDocument(Change.UNCHANGED)
    old: dict[tuple[Any, ...], list[int]] = {}
    old_forms: dict[int, str | None] = {}
    if inserted is not None:
        document_id = int(inserted)
        status = Change.NEW
    else:
        assert found is not None
        document_id = int(found[0])
        conn.execute(_UPDATE_DOCUMENT, {"document_key": document_id, **values})
        for stored in conn.execute(_SELECT_FACTS, {"document_key": document_id}).mappings():
            old.setdefault(_SIGNATURE(stored), []).append(int(stored["id"]))
            old_forms[int(stored["id"])] = stored["forms"]
        status = Change.CHANGED
    rows: list[dict[str, Any]] = []
    refreshed: list[dict[str, Any]] = []
    for at, fact in enumerate(facts):
        row = fact_values(fact, document_id=document_id, forms=forms[at] if forms else None)
        same = old.get(_SIGNATURE(row)) if old else None
        if same:
            kept = same.pop()  # an identical fact is already stored: keep it, and its id
            if old_forms[kept] != row["forms"]:
                refreshed.append({"fact_key": kept, "forms_value": row["forms"]})
        else:
            rows.append(row)
    if refreshed:
        conn.execute(_UPDATE_FORMS, refreshed)
    stale = [fact_id for ids in old.values() for fact_id in ids]
    if stale:
        conn.execute(delete(_FACTS).where(_FACTS.c.id.in_(stale)))
    if rows:
        _insert_facts(conn, rows)
    replace_sentences(conn, document_id=document_id, sentences=sentences)
    return StoredDocument(status, facts_added=len(rows), facts_removed=len(stale))


def _insert_facts(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert fact rows in one executemany.

    On SQLite the rows go straight to the driver (a third of the cost of SQLAlchemy's per-row
    parameter processing), with dates as the ISO text SQLAlchemy itself stores there.
    """
    dialect = conn.dialect
    if dialect.name != "sqlite" or dialect.paramstyle != "qmark":
        conn.execute(_INSERT_FACTS, rows)
        return
    conn.exec_driver_sql(
        _sqlite_insert_facts_sql(dialect.identifier_preparer), [_sqlite_values(r) for r in rows]
    )


@lru_cache(maxsize=4)
def _sqlite_insert_facts_sql(preparer: IdentifierPreparer) -> str:
    quote = preparer.quote
    return (
        f"INSERT INTO {quote(_FACTS.name)} ({', '.join(quote(c) for c in _FACT_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in _FACT_COLUMNS)})"
    )


def _sqlite_values(row: dict[str, Any]) -> tuple[Any, ...]:
    """A fact row's values in column order, its event date as ISO text."""
    values: tuple[Any, ...] = _FACT_VALUES(row)
    event_date = row["event_date"]
    if event_date is None:
        return values
    at = _EVENT_DATE_AT
    return (*values[:at], event_date.isoformat(), *values[at + 1 :])


def document_count(*, session: Session) -> int:
    """How many documents the store holds."""
    return int(session.exec(select(func.count()).select_from(Document)).one())


def fact_count(*, session: Session) -> int:
    """How many facts the store holds."""
    return int(session.exec(select(func.count(col(FactRow.id)))).one())


def store_version(*, session: Session) -> tuple[int, int, datetime | None]:
    """A cheap fingerprint of the fact store: (documents, facts, last ingest time)."""
    documents, last = session.exec(
        select(func.count(col(Document.id)), func.max(Document.ingested_at))
    ).one()
    return int(documents), fact_count(session=session), last
