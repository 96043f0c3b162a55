"""A topic or region named as users name it, listings limited to it, and the CSV export."""

from __future__ import annotations

import csv
import io

from sqlalchemy.engine import Engine

from briefing.export import csv_bytes, export_facts, write_csv
from briefing.focus import Focus, find_focus, read_listing_request
from briefing.service import Briefing
from briefing.store import RECORD_FIELDS
from tests.factories import FactFactory, city_store, sample_store


def test_topics_and_regions_are_found_however_they_are_typed(
    engine: Engine, fact_factory: FactFactory
) -> None:
    city_store(fact_factory)
    facts = [e.fact for e in Briefing(engine).index.entries]
    assert find_focus("harbourtown", facts) == Focus("Harbourtown", is_region=True)
    assert find_focus("Smart-City", facts) == Focus("smart city", is_region=False)
    assert find_focus("digital_economy", facts) == Focus("digital economy", is_region=False)
    assert find_focus("football", facts) is None
    assert find_focus("  ", facts) is None


def test_a_listings_words_are_a_page_a_focus_or_a_question(
    engine: Engine, fact_factory: FactFactory
) -> None:
    city_store(fact_factory)
    facts = [e.fact for e in Briefing(engine).index.entries]
    assert read_listing_request("", facts).page == 1
    assert read_listing_request("2", facts).page == 2
    lakeland = read_listing_request("Lakeland 2", facts)
    assert (lakeland.page, lakeland.focus) == (2, Focus("Lakeland", is_region=True))
    assert read_listing_request("2021", facts).question == "2021"  # a year, not a page
    question = read_listing_request("telecom revenue 2021", facts)
    assert question.question == "telecom revenue 2021" and question.focus is None


def test_an_export_holds_the_facts_about_its_focus_with_their_citations(
    engine: Engine, fact_factory: FactFactory
) -> None:
    ids = city_store(fact_factory)
    lakeland = export_facts(engine, "lakeland")
    assert lakeland is not None and lakeland.focus == Focus("Lakeland", is_region=True)
    assert {f.stored_id for f in lakeland.facts} == {ids["communities"], ids["communities_target"]}
    everything = export_facts(engine)
    assert everything is not None and everything.focus is None and len(everything.facts) == 9
    assert export_facts(engine, "football") is None

    rows = list(csv.DictReader(io.StringIO(csv_bytes(lakeland.facts).decode("utf-8-sig"))))
    assert list(rows[0]) == list(RECORD_FIELDS)
    target = next(r for r in rows if r["kind"] == "target")
    assert target["quote"] == "Lakeland will build over 5,000 smart communities by 2025."
    assert (target["title"], target["outlet"], target["published"]) == (
        "Lakeland province digital economy",
        "Lake News",
        "2021-07-19",
    )
    assert target["topics"] == "smart city,target"


def test_the_csv_writer_counts_its_rows() -> None:
    out = io.StringIO()
    assert write_csv([], out) == 0
    assert out.getvalue() == ",".join(RECORD_FIELDS) + "\n"


def test_a_region_is_found_by_its_chinese_name(engine: Engine, fact_factory: FactFactory) -> None:
    sample_store(fact_factory)
    facts = [e.fact for e in Briefing(engine).index.entries]
    assert find_focus("青岛", facts) == Focus("Qingdao", is_region=True)
    assert find_focus("深圳", facts) == Focus("Shenzhen", is_region=True)
    assert find_focus("青岛市", facts) == Focus("Qingdao", is_region=True)
    assert find_focus("电信", facts) == Focus("telecommunications", is_region=False)
