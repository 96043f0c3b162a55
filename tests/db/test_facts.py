"""Fact queries on a real SQLite store: filters, the whole store, topic names."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from briefing.ingest import ingest_paths, ingest_text
from briefing.loading import load_index
from briefing.service import load_facts
from core.facts import FactKind
from db import facts
from db.engine import create_db_engine, new_session

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))

DOC = """Suzhou builds out

2022-06-01 Jiangsu Daily

Suzhou has built 900 5G base stations. Its software revenue rose 8% to 3.2 billion yuan.
By 2025, Suzhou will build 2,000 smart factories. Nanjing ranked second among cities in Jiangsu.
"""


def test_filters_select_by_kind_region_document_and_text(engine: Engine) -> None:
    ingest_text(DOC, engine=engine, slug="suzhou")
    ingest_text(DOC.replace("Suzhou", "Wuxi"), engine=engine, slug="wuxi")
    with new_session(engine) as session:
        targets = facts.facts(session=session, kind="target")
        suzhou = facts.facts(session=session, region="SUZHOU")
        wuxi_doc = facts.facts(session=session, document_slug="wuxi")
        software = facts.facts(session=session, search="software")
    assert {(f.value, f.source.slug) for f in targets} == {(2000.0, "suzhou"), (2000.0, "wuxi")}
    assert {f.source.slug for f in suzhou} == {"suzhou"}
    assert all(f.source.slug == "wuxi" for f in wuxi_doc) and len(wuxi_doc) == 4
    assert {f.base_value for f in software} == {3.2e9}


def test_listed_facts_are_domain_facts_with_their_source(engine: Engine) -> None:
    ingest_text(DOC, engine=engine, slug="suzhou")
    with new_session(engine) as session:
        listed = facts.facts(session=session)
        every = facts.all_facts(session=session)
    assert [f.start for f in listed] == sorted(f.start for f in listed)
    assert sorted(f.stored_id for f in listed) == [f.stored_id for f in every]
    ranking = next(f for f in listed if f.kind is FactKind.RANKING)
    assert (ranking.value, ranking.region) == (2.0, "Nanjing")
    assert (ranking.source.title, ranking.source.outlet) == ("Suzhou builds out", "Jiangsu Daily")
    assert ranking.quote in DOC


def test_facts_come_with_their_documents_ingest_time(engine: Engine) -> None:
    ingest_text(DOC, engine=engine, slug="suzhou")
    with new_session(engine) as session:
        timed = facts.facts_with_ingest_times(session=session)
    assert len(timed) == 4 and len({at for _, at in timed}) == 1
    assert all(at.tzinfo is not None for _, at in timed)


def test_known_topics_hold_topic_tags_and_regions(engine: Engine) -> None:
    ingest_text(DOC, engine=engine, slug="suzhou")
    with new_session(engine) as session:
        names = facts.known_topics(session=session)
    assert {"Suzhou", "Nanjing", "software"} <= names


@pytest.fixture(params=["sqlite", "postgresql"])
def either_engine(request: pytest.FixtureRequest, engine: Engine) -> Iterator[Engine]:
    """This test's SQLite store, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield engine
        return
    other = create_db_engine(request.getfixturevalue("postgres_url"))
    yield other
    other.dispose()


def test_the_index_loads_the_stored_facts_with_their_forms(either_engine: Engine) -> None:
    report = ingest_paths(SEEDS[:3], engine=either_engine)
    assert report.ok and report.facts_added
    loaded = load_index(either_engine)
    assert loaded.folded == 0  # the forms were stored, and read back
    assert [e.fact for e in loaded.entries] == load_facts(either_engine)
    with new_session(either_engine) as session:  # streamed in batches, in id order
        batches = list(facts.index_batches(session=session, batch=7))
    assert {len(b.id) for b in batches[:-1]} == {7}
    assert all(len(column) == len(b.id) for b in batches for column in b)
    ids = [i for b in batches for i in b.id]
    assert ids == sorted(f.stored_id for f in load_facts(either_engine))
