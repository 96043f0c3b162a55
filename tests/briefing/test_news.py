"""/latest: the newest documents and their main facts; /search: passages, a page at a time."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine

from briefing.ingest import ingest_text
from briefing.latest import document_news, latest_documents
from briefing.search import PAGE_SIZE, clip_query, search_passages
from briefing.service import Briefing
from core.facts import FactKind
from tests.factories import FactFactory, city_store, draft


def test_latest_shows_the_newest_documents_first_with_their_main_facts(
    engine: Engine, fact_factory: FactFactory
) -> None:
    city_store(fact_factory)
    news = latest_documents(Briefing(engine).index)
    assert [n.source.title for n in news] == [
        "Harbourtown ranks 9th",  # 10 Nov 2022
        "Harbourtown digital review",  # 25 Aug 2021
        "Lakeland province digital economy",  # 19 Jul 2021
    ]
    review = news[1]
    assert review.count == 6 and len(review.facts) == 3
    # figures first, with a growth rate, larger first; events and people after
    assert [f.subject for f in review.facts] == [
        "computer, communication and other electronic equipment manufacturing revenue",
        "software and information technology services revenue",
        "telecommunications services revenue",
    ]


def test_latest_keeps_one_fact_per_measure_and_skips_facts_without_a_figure(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document(
        "notes",
        draft("smart parks", region="Harbourtown", period="2021", value=3.0, unit="parks"),
        draft(
            "smart parks",
            region="Harbourtown",
            period="2021",
            value=3.0,
            unit="parks",
            quote="Again: smart parks reached 3 parks.",
        ),
        draft("city vision", kind=FactKind.EVENT),
        published=date(2023, 1, 1),
    )
    (notes,) = latest_documents(Briefing(engine).index)
    assert [f.subject for f in notes.facts] == ["smart parks"]
    assert document_news(Briefing(engine).index, "nothing-here") is None


def ingest(engine: Engine, slug: str, *sentences: str) -> None:
    text = f"{slug.title()} briefing\n\n" + "\n\n".join(sentences) + "\n"
    assert ingest_text(text, engine=engine, slug=slug).ok


def test_search_finds_every_word_first_then_some_and_pages_the_rest(engine: Engine) -> None:
    ingest(engine, "lakeland", "Lakeland software revenue reached 4.5 billion yuan in 2021.")
    ingest(
        engine,
        "harbour",
        "Harbourtown software revenues reached 11.25 billion yuan in 2021.",
        "Harbourtown opened two data centres.",
    )
    found = search_passages(engine, "software revenue Lakeland")
    assert found.every_word and [p.text for p in found.passages] == [
        "Lakeland software revenue reached 4.5 billion yuan in 2021."
    ]
    both = search_passages(engine, "software revenue")  # "revenues" is found by its stem
    assert {p.source.slug for p in both.passages} == {"lakeland", "harbour"}
    some = search_passages(engine, "Lakeland football")
    assert not some.every_word and [p.source.slug for p in some.passages] == ["lakeland"]
    assert all(p.text != p.source.title for p in some.passages)  # the title line is not offered
    assert search_passages(engine, "football").passages == ()


def test_search_pages_do_not_overlap_and_a_quoted_phrase_must_appear(engine: Engine) -> None:
    ingest(
        engine,
        "districts",
        *(f"Smart district {n} opened {n + 1} digital service halls." for n in range(1, 13)),
    )
    first, second, third = (search_passages(engine, "service halls", page=n) for n in (1, 2, 3))
    assert (first.count, len(first.passages), len(third.passages)) == (3, PAGE_SIZE, 2)
    assert not {p.text for p in first.passages} & {p.text for p in second.passages}
    assert search_passages(engine, "service halls", page=9).number == 3  # past the end: last
    assert len(search_passages(engine, '"digital service"').passages) == PAGE_SIZE
    assert not search_passages(engine, '"service digital"').passages


def test_a_long_search_is_cut_to_whole_words_that_fit_a_button() -> None:
    words = "digital economy core industries added value growth rate in the first half"
    clipped = clip_query(words)
    assert len(clipped.encode()) <= 48 and words.startswith(clipped) and clipped.endswith("value")
    assert clip_query("数字经济核心产业增加值增长率数字经济核心产业增加值增长率") == (
        "数字经济核心产业增加值增长率数字"
    )
