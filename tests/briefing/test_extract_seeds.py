"""Every seed document, ingested into a real SQLite store, yields the facts a reader would list.

Each expectation is (kind, value as stated, unit, change, period, region, words of the subject);
the store must hold exactly these facts for the document: nothing missing, nothing extra (no
phone numbers, opening hours, copyright years, section numbers or stray list digits).
"""
# ruff: noqa: E501  (the expectation table reads best one fact per line)

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from briefing.ingest import ingest_paths
from db.engine import create_db_engine
from db.models import Document, FactRow
from tests.conftest import SEEDS_DIR
from tests.db.rows import document_row, fact_rows

Row = tuple[str, float | None, str | None, float | None, str | None, str | None, str]

# fmt: off
EXPECTED: dict[str, list[Row]] = {
    "000_26948ae1af73d2c8": [
        ("count", 60, "times", None, "2021", "Qingdao", "Mayor"),
        ("event", None, None, None, "2021", "Qingdao", "congratulatory letter"),
        ("person", None, None, None, None, None, "Xi Jinping"),
        ("person", None, None, None, None, "Qingdao", "Zhao Haozhi"),
        ("metric", 32.99, "yuan", 20.1, "2021-H1", "Qingdao", "electronic equipment manufacturing operating revenue"),
        ("metric", 7.85, "yuan", 15.3, "2021-H1", "Qingdao", "telecommunications, radio and television and satellite transmission services operating revenue"),
        ("metric", 700, "yuan", 46.6, "2021-H1", "Qingdao", "Internet and related services operating revenue"),
        ("metric", 11.25, "yuan", 22.6, "2021-H1", "Qingdao", "software and information technology service operating revenue"),
        ("metric", 39.21, "yuan", 23.3, "2021-H1", "Qingdao", "digital economic parks total output value"),
        ("count", 5, "parks", None, "2021-H1", "Qingdao", "provincial digital economic parks"),
        ("count", 24, "checklists", None, None, "Qingdao", "checklists"),
    ],
    "001_55b932d46d46f4ab": [
        ("event", None, None, None, "2021", "Qingdao", "first meeting of Qingdao Private Economy"),
        ("count", 2, "meetings", None, None, "Qingdao", "meetings"),
    ],
    "002_19f88273aa191c2d": [
        ("event", None, None, None, "2021", "Qingdao", "2021 high level Forum on digital industry"),
        ("person", None, None, None, None, "Qingdao", "Zhaohaozhi"),
        ("count", 1300, "scenarios", None, None, "Qingdao", "industrial interconnection enabling scenarios"),
        ("ranking", 1, "rank", None, None, "Qingdao", "Haier Kaos industrial interconnection platform"),
        ("count", 2, "consecutive years", None, None, "Qingdao", "Haier Kaos"),
        ("count", 43, "platforms", None, None, "Qingdao", "industrial interconnection platforms"),
        ("metric", 50, "percent", None, None, "Qingdao", "digitalization rate of production equipment"),
        ("count", 2, "industrial clusters", None, None, "Qingdao", "industrial clusters"),
        ("target", 15, "industrial platforms", None, None, "Qingdao", "industrial platforms"),
        ("target", 1000, "industrial enterprises", None, None, "Qingdao", "industrial enterprises"),
        ("metric", 20, "yuan", None, None, "Qingdao", "industrial interconnection fund"),
    ],
    "003_16f042307e8e358d": [
        ("event", None, None, None, "2022", "Qingdao", "2022 China Digital City Competitiveness Research Report"),
        ("count", 6, "aspects", None, "2022", "Qingdao", "aspects"),
        ("ranking", 7, "rank", None, "2022", "Qingdao", "2022 Top 100 Digital Cities"),
        ("count", 4, "development orientations", None, None, "Qingdao", "development orientations"),
        ("count", 5, "major projects", None, None, "Qingdao", "major projects"),
    ],
    "004_3ea66b8ad71a83fd": [
        ("person", None, None, None, None, None, "Xi Jinping"),
        ("metric", 3, "yuan", None, "2020", "Shandong", "digital economy output value"),
        ("count", 301, "smart communities", None, None, "Shandong", "smart communities"),
        ("target", 5000, "smart communities", None, "by 2025", "Shandong", "smart communities"),
    ],
}
# fmt: on


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One real SQLite store with the five seeds ingested."""
    path: Path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    engine = create_db_engine(f"sqlite:///{path}")
    report = ingest_paths([SEEDS_DIR], engine=engine)
    assert report.ok and report.new == 5
    yield engine
    engine.dispose()


def stored(engine: Engine, slug: str) -> list[FactRow]:
    return fact_rows(engine, slug)


def document(engine: Engine, slug: str) -> Document:
    return document_row(engine, slug)


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_seed_document_holds_exactly_the_expected_facts(seeded: Engine, slug: str) -> None:
    facts = stored(seeded, slug)
    remaining = list(facts)
    for kind, value, unit, change, period, region, words in EXPECTED[slug]:
        match = next(
            (
                f
                for f in remaining
                if f.kind == kind
                and f.value == (None if value is None else pytest.approx(value))
                and f.unit == unit
                and f.change == (None if change is None else pytest.approx(change))
                and f.period == period
                and f.region == region
                and words.lower() in f.subject.lower()
            ),
            None,
        )
        assert match is not None, (kind, value, unit, change, period, region, words)
        remaining.remove(match)
    assert remaining == [], [(f.kind, f.subject, f.value_text) for f in remaining]


def test_base_values_use_the_scale(seeded: Engine) -> None:
    revenue = [f for f in stored(seeded, "000_26948ae1af73d2c8") if f.change == 46.6][0]
    assert (revenue.value, revenue.scale, revenue.base_value) == (700, "million", 7e8)
    assert revenue.value_text == "700 million yuan"
    fund = [f for f in stored(seeded, "002_19f88273aa191c2d") if f.unit == "yuan"][0]
    assert (fund.scale, fund.base_value, fund.value_text) == ("billion", 2e10, "20billion yuan")
    output = [f for f in stored(seeded, "004_3ea66b8ad71a83fd") if f.unit == "yuan"][0]
    assert (output.qualifier, output.base_value) == ("over", 3e12)


def test_qualifiers_are_kept(seeded: Engine) -> None:
    facts = stored(seeded, "002_19f88273aa191c2d")
    assert {f.value: f.qualifier for f in facts if f.value in (50, 1000)} == {
        50: "over",
        1000: "more than",
    }
    target = [f for f in stored(seeded, "004_3ea66b8ad71a83fd") if f.kind == "target"][0]
    assert target.qualifier == "over"


def test_events_get_full_dates_from_the_document_date(seeded: Engine) -> None:
    dates = {
        slug: [f.event_date for f in stored(seeded, slug) if f.kind == "event"]
        for slug in EXPECTED
    }
    assert dates == {
        "000_26948ae1af73d2c8": [date(2021, 8, 23)],
        "001_55b932d46d46f4ab": [date(2021, 5, 21)],
        "002_19f88273aa191c2d": [date(2021, 4, 28)],
        "003_16f042307e8e358d": [date(2022, 11, 8)],
        "004_3ea66b8ad71a83fd": [],
    }


def test_people_carry_their_roles(seeded: Engine) -> None:
    roles = {
        f.subject: f.value_text
        for slug in EXPECTED
        for f in stored(seeded, slug)
        if f.kind == "person"
    }
    assert roles["Zhao Haozhi"] == (
        "Deputy Secretary of Municipal Party Committee and Mayor of Qingdao"
    )
    assert (roles["Zhaohaozhi"] or "").startswith("deputy secretary of the CPC Qingdao Municipal")
    assert roles["Xi Jinping"] in {"President", "General Secretary"}


def test_stray_list_digits_are_not_facts_but_their_sentences_still_are(seeded: Engine) -> None:
    facts = stored(seeded, "002_19f88273aa191c2d")
    assert all(f.value not in (1.0, 3.0) or f.kind == "ranking" for f in facts)
    assert any("1300" in (f.value_text or "") for f in facts)
    text = document(seeded, "002_19f88273aa191c2d").text
    assert "1 it has released 1300 industrial enabling scenarios" in text


def test_page_furniture_is_cleaned_out_of_the_stored_text(seeded: Engine) -> None:
    texts = {slug: document(seeded, slug).text for slug in EXPECTED}
    for text in texts.values():
        for furniture in ("0532-68873099", "9:00am", "copyright", "Copyright", "Disclaimer"):
            assert furniture not in text
        assert "\n01\n" not in f"\n{text}\n" and "HOMEBusiness" not in text
    assert texts["000_26948ae1af73d2c8"].startswith("The Mayor Emphasized More than 60 Times")
    assert "Close" not in texts["000_26948ae1af73d2c8"].split("\n")[0]
    assert "Free Trade Zone" not in texts["001_55b932d46d46f4ab"]


def test_quotes_and_offsets_point_into_the_stored_text(seeded: Engine) -> None:
    for slug in EXPECTED:
        text = document(seeded, slug).text
        for fact in stored(seeded, slug):
            assert text[fact.start : fact.end] == fact.quote


def test_documents_carry_metadata_from_the_metadata_file(seeded: Engine) -> None:
    doc = document(seeded, "002_19f88273aa191c2d")
    assert (doc.published, doc.outlet, doc.url) == (date(2021, 4, 28), None, None)
    doc = document(seeded, "000_26948ae1af73d2c8")
    assert (doc.published, doc.outlet) == (date(2021, 8, 25), "markets.financialcontent.com")


def test_topics_come_from_the_vocabulary(seeded: Engine) -> None:
    facts = stored(seeded, "000_26948ae1af73d2c8")
    software = [f for f in facts if f.change == 22.6][0]
    assert "software" in software.topics.split(",")
    telecom = [f for f in facts if f.change == 15.3][0]
    assert "telecommunications" in telecom.topics.split(",")
