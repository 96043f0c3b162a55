"""Storing a document with its facts: one transaction, identical facts keep their ids."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

import db.documents
from core.changes import Change
from core.errors import StoreError
from core.facts import Fact, FactKind, Source
from db import documents, facts
from db.documents import StoredDocument
from db.engine import new_session

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
SOURCE = Source(slug="wuhan", title="Wuhan", outlet=None, published=None, url=None)
STATIONS = Fact(
    kind=FactKind.COUNT,
    subject="5G base stations",
    region="Wuhan",
    period=None,
    value=1500.0,
    value_text="1,500 5G base stations",
    unit="base stations",
    scale=None,
    base_value=1500.0,
    qualifier=None,
    change=None,
    event_date=None,
    quote="Wuhan has opened 1,500 5G base stations.",
    start=0,
    end=41,
    topics=("telecommunications",),
    source=SOURCE,
)
FORUM = replace(
    STATIONS,
    kind=FactKind.EVENT,
    subject="Digital Economy Forum",
    value=None,
    value_text=None,
    unit=None,
    base_value=None,
    event_date=date(2023, 5, 6),
    quote="The forum opened on May 6.",
    start=42,
    end=68,
    topics=(),
)


def store(engine: Engine, content_hash: str, *stored: Fact) -> StoredDocument:
    with engine.connect() as connection:
        return documents.store_document(
            connection=connection,
            source=replace(SOURCE, outlet="Hubei Daily", published=date(2023, 2, 1)),
            path="wuhan.txt",
            content_hash=content_hash,
            text="Wuhan has opened 1,500 5G base stations. The forum opened on May 6.",
            facts=stored,
            now=NOW,
        )


def stored_facts(engine: Engine) -> list[Fact]:
    with new_session(engine) as session:
        return facts.facts(session=session, document_slug="wuhan")


def test_a_new_document_is_stored_with_its_facts(engine: Engine) -> None:
    assert store(engine, "a", STATIONS, FORUM) == StoredDocument(Change.NEW, 2, 0)
    found = stored_facts(engine)
    assert [replace(f, id=None) for f in found] == [
        replace(f, source=replace(SOURCE, outlet="Hubei Daily", published=date(2023, 2, 1)))
        for f in (STATIONS, FORUM)
    ]
    with new_session(engine) as session:
        assert documents.document_count(session=session) == 1
        assert documents.store_version(session=session) == (1, 2, NOW)


def test_the_same_hash_changes_nothing(engine: Engine) -> None:
    store(engine, "a", STATIONS)
    assert store(engine, "a", STATIONS, FORUM) == StoredDocument(Change.UNCHANGED)
    assert len(stored_facts(engine)) == 1


def test_a_changed_document_keeps_identical_facts_and_their_ids(engine: Engine) -> None:
    store(engine, "a", STATIONS, FORUM)
    kept = {f.subject: f.stored_id for f in stored_facts(engine)}["5G base stations"]
    more = replace(STATIONS, value=2000.0, value_text="2,000 5G base stations")
    assert store(engine, "b", STATIONS, more) == StoredDocument(Change.CHANGED, 1, 1)
    after = stored_facts(engine)
    assert sorted(f.value_text or "" for f in after) == [
        "1,500 5G base stations",
        "2,000 5G base stations",
    ]
    assert kept in {f.stored_id for f in after}


def test_a_failed_write_keeps_nothing_of_it(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    store(engine, "a", STATIONS)

    def failing(*_: object) -> None:
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(db.documents, "_insert_facts", failing)
    with pytest.raises(StoreError, match="database error: .*disk I/O error"):
        store(engine, "b", FORUM)  # the old fact is deleted before the insert fails
    assert [f.subject for f in stored_facts(engine)] == ["5G base stations"]
    monkeypatch.undo()
    assert store(engine, "b", FORUM).status is Change.CHANGED
