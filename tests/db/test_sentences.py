"""Sentences and full-text search, on SQLite's FTS5 and (when a server is given) PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from core.facts import Source
from db import documents, sentences
from db.engine import create_db_engine, new_session
from db.sentences import NewSentence

SOURCE = Source("harbour", "Harbour review", "Harbour Post", date(2022, 5, 3), None)
TEXTS = (
    "The quantum backbone served 12 hospitals.",
    "Software revenue reached 71.2 billion yuan.",
    "Drone delivery routes reached 37.",
)


def store(url: str) -> None:
    engine = create_db_engine(url)
    rows, offset = [], 0
    for position, sentence in enumerate(TEXTS):
        words = sentence.lower().rstrip(".").replace(",", "").split()
        rows.append(
            NewSentence(position, offset, offset + len(sentence), sentence, " ".join(words))
        )
        offset += len(sentence) + 1
    with engine.connect() as connection:
        documents.store_document(
            connection=connection,
            source=SOURCE,
            path="harbour.txt",
            content_hash="h",
            text=" ".join(TEXTS),
            facts=(),
            sentences=rows,
            now=datetime.now(UTC),
        )
    with new_session(engine) as session:
        hits = sentences.search(session=session, terms=["hospitals", "quantum"], limit=5)
        assert [hit.passage.text for hit in hits] == [TEXTS[0]]
        assert hits[0].passage.source == SOURCE
        both = sentences.search(session=session, terms=["reached", "drone"], limit=5)
        assert both[0].passage.text == TEXTS[2]  # holds both words, ranks first
        assert sentences.search(session=session, terms=["reached", "drone"], every=True, limit=5)
        counts = sentences.document_frequencies(session=session, terms=["reached", "nothing"])
        assert counts == {"reached": 2, "nothing": 0}
        assert sentences.search(session=session, terms=['x" OR 1=1 --', "*"], limit=5) == []
    engine.dispose()


@pytest.mark.sqlite_only(reason="the FTS5 index; test_search_on_postgresql is its pair")
def test_search_on_sqlite(tmp_path: Path) -> None:
    store(f"sqlite:///{tmp_path / 'sentences.db'}")


def test_search_on_postgresql(postgres_url: str) -> None:
    store(postgres_url)


@pytest.mark.parametrize("terms", [[], ["", " "]])
def test_nothing_to_search_finds_nothing(tmp_path: Path, terms: list[str]) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with new_session(engine) as session:
        assert sentences.search(session=session, terms=terms) == []
    engine.dispose()
