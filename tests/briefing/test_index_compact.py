"""The compact index answers exactly as an index built from the facts themselves.

`FactIndex.from_rows` reads stored rows and the folded forms ingest stored with them;
`FactIndex(facts)` folds every fact afresh. Both must give the same entries, the same
candidates and scores, the same vocabulary, and facts equal to the stored ones, whether the
forms were stored, stale or missing.
"""

from __future__ import annotations

import gc
import weakref
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine

from briefing.forms import decode_forms, fold_fact, stored_forms
from briefing.index import Entry, FactIndex
from briefing.ingest import ingest_paths
from briefing.loading import load_index
from briefing.question import read_question
from briefing.service import load_facts
from core.facts import Source
from db.documents import store_document
from db.models import FactRow
from tests.factories import FactFactory, city_store, draft, sample_store

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
CHINESE = sorted((REPO / "tests" / "data" / "zh").glob("hz_*.txt"))

QUESTIONS = (
    "Qingdao software revenue 2021",
    "How fast did electronic equipment manufacturing grow in Qingdao?",
    "softwre revenue in qingdao",
    "Which city has the most 5G base stations?",
    "Hangzhou digital economy core industries added value 2021",
    "杭州数字经济核心产业增加值是多少？",
    "What is the weather in Qingdao?",
    "Shenzhen",
    "2021",
)
ENTRY_FIELDS = (
    "fact",
    "field_terms",
    "quote_terms",
    "subject_terms",
    "subject_key",
    "match_key",
    "region_key",
    "years",
    "half",
    "quarters",
    "period_rank",
    "measure",
    "published",
)


def assert_same_index(loaded: FactIndex, folded: FactIndex) -> None:
    """Every entry, lookup and search of `loaded` equals `folded`'s."""
    assert len(loaded) == len(folded) > 0
    for mine, theirs in zip(loaded.entries, folded.entries, strict=True):
        for name in ENTRY_FIELDS:
            assert getattr(mine, name) == getattr(theirs, name), (mine.position, name)
        assert [e.fact for e in loaded.same_measure(mine)] == [
            e.fact for e in folded.same_measure(theirs)
        ]
        assert [e.fact for e in loaded.neighbours(mine)] == [
            e.fact for e in folded.neighbours(theirs)
        ]
    for question in QUESTIONS:
        reading = read_question(question, loaded)
        assert reading == read_question(question, folded)
        assert [(s.fact, s.score) for s in loaded.search(reading.query, limit=50)] == [
            (s.fact, s.score) for s in folded.search(reading.query, limit=50)
        ]
        assert [e.fact for e in loaded.filtered(reading.query)] == [
            e.fact for e in folded.filtered(reading.query)
        ]
    for word in ("revenue", "softwre", "qingdao", "hangzhuo", "zzzz"):
        assert loaded.knows_word(word) == folded.knows_word(word)
        assert loaded.correct(word) == folded.correct(word)
        assert loaded.weight(word) == folded.weight(word)


@pytest.fixture
def ingested(engine: Engine) -> Engine:
    """The seeds and two Chinese releases ingested (their facts' forms stored)."""
    report = ingest_paths([*SEEDS, *CHINESE], engine=engine)
    assert report.ok and report.facts_added
    return engine


def test_an_index_loaded_with_stored_forms_equals_one_built_from_the_facts(
    ingested: Engine,
) -> None:
    loaded = load_index(ingested)
    assert loaded.folded == 0  # every fact's forms came from the store
    assert_same_index(loaded, FactIndex(load_facts(ingested)))


def test_loaded_facts_equal_the_stored_facts(ingested: Engine) -> None:
    index = load_index(ingested)
    facts = load_facts(ingested)
    assert [e.fact for e in index.entries] == facts
    assert all(index.get(f.stored_id).fact == f for f in facts)  # type: ignore[union-attr]
    assert index.get(max(f.stored_id for f in facts) + 1) is None


def test_region_and_topic_counts_are_those_of_the_facts_in_order(ingested: Engine) -> None:
    facts = load_facts(ingested)
    table = load_index(ingested).table
    regions = Counter(f.region for f in facts if f.region)
    topics = Counter(t for f in facts for t in f.topics)
    assert len(regions) > 1 and len(topics) > 1
    # The same counts in the same order: ties among the most common keep the facts' order.
    assert list(table.region_counts().items()) == list(regions.items())
    assert list(table.topic_counts().items()) == list(topics.items())


def test_facts_stored_without_forms_are_folded_at_load(fact_factory: FactFactory) -> None:
    sample_store(fact_factory)
    city_store(fact_factory)
    engine = fact_factory._engine
    loaded = load_index(engine)
    assert loaded.folded == len(loaded)  # the factory stores no forms
    assert_same_index(loaded, FactIndex(load_facts(engine)))


def test_stale_forms_are_folded_again(ingested: Engine) -> None:
    with ingested.begin() as connection:  # as if stored by other analyzers
        connection.execute(update(FactRow).values(forms="0123456789abcdef\x1fen\x1fx"))
    loaded = load_index(ingested)
    assert loaded.folded == len(loaded)
    assert_same_index(loaded, FactIndex(load_facts(ingested)))


def test_stored_forms_read_back_as_folded() -> None:
    fact = draft("software revenue", region="Qingdao", period="2021", value=4.5)
    (text,) = stored_forms([fact])
    assert decode_forms(text) == fold_fact(fact)
    assert decode_forms(None) is None and decode_forms("garbage") is None


def test_an_empty_index_knows_nothing() -> None:
    index = FactIndex([])
    assert len(index) == 0 and not index.knows("revenue") and list(index.entries) == []


def test_a_kept_fact_gets_its_forms_refreshed_and_keeps_its_id(engine: Engine) -> None:
    fact = draft("software revenue", region="Qingdao", period="2021", value=4.5)
    source = Source("qd", "Qingdao report", None, None, None)

    def store(content_hash: str, forms: str) -> list[tuple[int, str | None]]:
        with engine.connect() as connection:
            store_document(
                connection=connection,
                source=source,
                path="qd.txt",
                content_hash=content_hash,
                text=fact.quote,
                facts=[fact],
                forms=[forms],
                now=datetime.now(UTC),
            )
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT id, forms FROM fact").all()
        return [(int(r[0]), r[1]) for r in rows]

    (first,) = store("one", "old forms")
    (second,) = store("two", "new forms")
    assert second == (first[0], "new forms")


def test_an_entry_in_use_is_the_one_handed_out_again(ingested: Engine) -> None:
    index = load_index(ingested)
    reading = read_question("Qingdao software revenue 2021", index)
    (best, *_) = index.search(reading.query)
    assert index.get(best.fact.stored_id) is best.entry
    assert best.entry in index.same_measure(best.entry)
    assert any(e is best.entry for e in index.same_measure(best.entry))
    position = best.entry.position
    gone = weakref.ref(best.entry)
    del best, _
    gc.collect()
    assert gone() is None  # entries not in use are not kept
    assert isinstance(index.entries[position], Entry)


def test_facts_of_one_sentence_are_found_by_its_offset(ingested: Engine) -> None:
    index = load_index(ingested)
    for entry in index.entries:
        fact = entry.fact
        found = index.at_sentence(fact.source.slug, fact.start)
        assert entry in found
        assert all(e.fact.start == fact.start for e in found)
        assert all(e.fact.source.slug == fact.source.slug for e in found)


def test_a_facts_document_title_is_its_context(engine: Engine) -> None:
    """The same sentence in two documents: each fact is found by its own title's words,
    whether the index reads the stored forms or folds the facts."""
    sentence = draft("software revenue", region="Qingdao", period="2021", value=4.5)
    for slug, title in (("bb", "Broadband review"), ("rt", "Retail review")):
        source = Source(slug, title, None, None, None)
        fact = replace(sentence, source=source)
        with engine.connect() as connection:
            store_document(
                connection=connection,
                source=source,
                path=f"{slug}.txt",
                content_hash=slug,
                text=fact.quote,
                facts=[fact],
                forms=stored_forms([fact]),
                now=datetime.now(UTC),
            )
    loaded = load_index(engine)
    assert loaded.folded == 0
    folded = FactIndex(load_facts(engine))
    assert_same_index(loaded, folded)
    for index in (loaded, folded):
        (broadband,) = index.analyzer.terms("broadband")
        by_slug = {e.source.slug: e for e in index.entries}
        assert broadband in by_slug["bb"].quote_terms
        assert broadband not in by_slug["rt"].quote_terms | by_slug["bb"].field_terms
        reading = read_question("Qingdao broadband software revenue 2021", index)
        (best, *others) = index.search(reading.query)
        assert best.fact.source.slug == "bb"
        assert all(s.score < best.score for s in others)


def test_a_place_is_matched_as_its_folded_region_key(fact_factory: FactFactory) -> None:
    fact_factory.document("xa", draft("software revenue", region="Xi'an", value=4.5))
    index = load_index(fact_factory._engine)
    assert index.has_region("xian")
    reading = read_question("software revenue in xi'an", index)
    assert reading.query.region == "xian"
    (best, *_) = index.search(reading.query)
    assert best.fact.region == "Xi'an"
