"""Sentences and full-text search, on SQLite's FTS5 and (when a server is given) PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

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


@pytest.mark.sqlite_only(reason="SQLite's searches run on its sqlite3 connection")
def test_a_failed_search_raises_the_database_error_as_sqlalchemy_does(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'sentences.db'}"
    store(url)
    engine = create_db_engine(url)
    with engine.begin() as connection:  # a store whose full-text index is gone
        connection.execute(text("DROP TABLE sentence_vocab"))
        connection.execute(text("DROP TABLE sentence_fts"))
    with new_session(engine) as session:
        with pytest.raises(OperationalError, match="no such table: sentence_fts"):
            sentences.search(session=session, terms=["hospitals"])
        with pytest.raises(OperationalError, match="no such table: sentence_vocab"):
            sentences.document_frequencies(session=session, terms=["hospitals"])
    engine.dispose()


@pytest.mark.parametrize("terms", [[], ["", " "]])
def test_nothing_to_search_finds_nothing(tmp_path: Path, terms: list[str]) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with new_session(engine) as session:
        assert sentences.search(session=session, terms=terms) == []
    engine.dispose()


def store_documents(url: str, documents_texts: list[list[str]]) -> None:
    """Store one document per list of sentences, oldest first (each sentence's terms are its
    lower-cased words)."""
    engine = create_db_engine(url)
    with engine.connect() as connection:
        for number, texts in enumerate(documents_texts):
            rows, offset = [], 0
            for position, text in enumerate(texts):
                terms = " ".join(text.lower().rstrip(".").split())
                rows.append(NewSentence(position, offset, offset + len(text), text, terms))
                offset += len(text) + 1
            documents.store_document(
                connection=connection,
                source=Source(f"doc-{number}", f"Doc {number}", None, date(2022, 1, 1), None),
                path=f"doc-{number}.txt",
                content_hash=" ".join(texts),
                text=" ".join(texts),
                facts=(),
                sentences=rows,
                now=datetime.now(UTC),
            )
    engine.dispose()


OLD_AND_NEW = [
    ["Ports grew."],  # the oldest: short, so the best-ranked when every match is ranked
    [f"Ports and rail links of district {n} grew again." for n in range(4)],
]


def window_and_newest(url: str) -> None:
    store_documents(url, OLD_AND_NEW)
    engine = create_db_engine(url)
    with new_session(engine) as session:
        every = sentences.search(session=session, terms=["ports"], limit=10)
        assert len(every) == 5
        newest_three = sentences.search(session=session, terms=["ports"], limit=10, window=3)
        assert {hit.passage.source.slug for hit in newest_three} == {"doc-1"}
        assert len(newest_three) == 3
        found = sentences.search(
            session=session, terms=["rail", "ports"], limit=2, every=True, ranked=False
        )
        assert [hit.passage.text for hit in found] == [OLD_AND_NEW[1][3], OLD_AND_NEW[1][2]]
        within = sentences.search(
            session=session, terms=["ports", "grew"], limit=10, every=True, window=2, ranked=False
        )  # only as far back as the second-newest sentence holding "ports"
        assert [hit.passage.text for hit in within] == [OLD_AND_NEW[1][3], OLD_AND_NEW[1][2]]
        anything = sentences.search(
            session=session, terms=["rail", "grew"], limit=10, ranked=False
        )
        assert len(anything) == 5 and anything[-1].passage.text == "Ports grew."
        assert sentences.search(session=session, terms=["*"], limit=10, ranked=False) == []
        counts = sentences.document_frequencies(session=session, terms=["ports", "rail", "sea"])
        assert counts == {"ports": 5, "rail": 4, "sea": 0}
    store_documents(url, [OLD_AND_NEW[0], ["Sea lanes and rail grew."]])  # doc-1 replaced
    with new_session(engine) as session:
        counts = sentences.document_frequencies(session=session, terms=["ports", "rail", "sea"])
        assert counts == {"ports": 1, "rail": 1, "sea": 1}
        assert sentences.total_sentences(session=session) == 2
    engine.dispose()


def test_search_ranks_only_the_newest_matches_within_a_window_on_sqlite(tmp_path: Path) -> None:
    window_and_newest(f"sqlite:///{tmp_path / 'window.db'}")


def test_search_ranks_only_the_newest_matches_within_a_window_on_postgresql(
    postgres_url: str,
) -> None:
    window_and_newest(postgres_url)
