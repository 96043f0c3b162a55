"""Browsing: sections grouped and paginated, fact ids aligned with items."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from briefing.browse import PAGE_SIZE, browse_page
from briefing.fact_table import FactTable
from briefing.focus import Focus
from briefing.service import Briefing
from core.facts import Fact, FactKind
from tests.factories import FactFactory, city_store, draft


def test_metrics_are_grouped_by_region_and_paginated(
    engine: Engine, fact_factory: FactFactory
) -> None:
    city_store(fact_factory)
    fact_factory.document(
        "many",
        *(
            draft(f"metric number {i}", kind=FactKind.COUNT, region="Zeta", value=i, period="2021")
            for i in range(PAGE_SIZE + 3)
        ),
        title="Many metrics",
        published=date(2022, 1, 1),
    )
    briefing = Briefing(engine)
    first = briefing.browse("metrics")
    assert first is not None
    assert first.number == 1 and first.count >= 2
    assert len(first.items) == PAGE_SIZE == len(first.fact_ids)
    pages = [briefing.browse("metrics", page=n) for n in range(1, first.count + 1)]
    items = [item for page in pages if page for item in page.items]
    facts = [briefing.fact(fid) for page in pages if page for fid in page.fact_ids]
    regions = [fact.region or "" if fact else "" for fact in facts]
    assert regions == sorted(regions)  # grouped: one region's metrics together
    assert sum(", Zeta, " in item for item in items) == PAGE_SIZE + 3
    assert all(briefing.fact(fid) is not None for page in pages if page for fid in page.fact_ids)
    assert "Harbourtown" in first.title
    assert briefing.browse("metrics", page=first.count + 1) is None
    assert briefing.browse("metrics", page=0) is None


def test_initiatives_hold_targets_events_and_people(
    engine: Engine, fact_factory: FactFactory
) -> None:
    ids = city_store(fact_factory)
    page = Briefing(engine).browse("initiatives")
    assert page is not None
    assert set(page.fact_ids) == {ids["communities_target"], ids["forum"], ids["mayor"]}
    assert any("over 5,000 smart communities" in item for item in page.items)


def test_sources_list_documents_with_fact_counts(
    engine: Engine, fact_factory: FactFactory
) -> None:
    city_store(fact_factory)
    page = Briefing(engine).browse("sources")
    assert page is not None and page.fact_ids == ()
    assert page.items[0].startswith("Lakeland province digital economy — Lake News, 19 Jul 2021")
    assert any(
        i.startswith("Harbourtown digital review") and i.endswith("6 facts") for i in page.items
    )


def test_topics_count_facts_and_name_regions(engine: Engine, fact_factory: FactFactory) -> None:
    city_store(fact_factory)
    page = Briefing(engine).browse("topics")
    assert page is not None
    assert page.items[0] == "digital economy: 4 facts in Harbourtown"


def test_unknown_section_and_empty_store(engine: Engine) -> None:
    briefing = Briefing(engine)
    assert briefing.browse("weather") is None
    empty = briefing.browse("metrics")
    assert empty is not None and empty.items == () and empty.count == 1


@pytest.mark.parametrize("section", ["metrics", "initiatives", "sources", "topics"])
def test_a_page_makes_only_the_facts_it_shows(
    engine: Engine, fact_factory: FactFactory, monkeypatch: pytest.MonkeyPatch, section: str
) -> None:
    """A listing is sorted and counted from the index's columns: a store of a million facts
    lists a page without making a million `Fact`s."""
    city_store(fact_factory)
    fact_factory.document(
        "many",
        *(draft(f"metric number {i}", region="Zeta", value=i) for i in range(3 * PAGE_SIZE)),
    )
    index = Briefing(engine).index
    made: list[int] = []
    make = FactTable.fact

    def counted(table: FactTable, position: int) -> Fact:
        made.append(position)
        return make(table, position)

    monkeypatch.setattr(FactTable, "fact", counted)
    for focus in (None, Focus("Zeta", is_region=True)):
        made.clear()
        page = browse_page(index, section, page=2, focus=focus)
        assert page is not None or section != "metrics"
        assert len(made) <= PAGE_SIZE
        assert len(made) == (len(page.fact_ids) if page is not None else 0)
