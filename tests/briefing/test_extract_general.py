"""The extractor on documents written for these tests: other places, other phrasings."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from briefing.ingest import ingest_text, prepare_document
from briefing.metadata import DocumentMetadata
from core.facts import Fact, FactKind, Source
from db import facts as stored_facts
from db.engine import new_session

SHENZHEN = """Shenzhen's Digital Economy Keeps Growing

2022-10-20 Shenzhen Daily

In the first three quarters, the software and information technology services revenue of \
Shenzhen rose 12.4 percent year on year to 8.6 billion yuan. Exports of electronic products were \
41.3 billion US dollars, down 3% from a year earlier.

Shenzhen built nearly 600 5G base stations in Q3 2022, and the city now serves about 1.2 million \
broadband users.

In a digital economy competitiveness list released this month, Shenzhen ranked third among \
Chinese cities.

By the end of 2025, Shenzhen will build more than 200 smart factories.

Last year, the city's total investment in new infrastructure reached 35.5 billion yuan, an \
increase of 18.2% over the previous year.
"""

HANGZHOU = """Hangzhou Digital Summit Opens

March 16, 2023 | Zhejiang News

The 2023 Hangzhou Digital Economy Summit was held on March 15.

In 2022, the added value of Zhejiang's core digital economy industries was 890 billion yuan, \
up 6.3%, and the e-commerce turnover of Hangzhou was 1.2 trillion yuan, up 9.1%.

Hangzhou is No. 2 in the national ranking of smart cities.

Li Ming, Mayor of Hangzhou, said the city had opened 12 data centers and six innovation labs.

Tel: 0571-87654321
Mon - Fri 9:00 am - 6:00 pm
03
(c) 2023 Zhejiang News. All rights reserved.
"""

GUANGDONG = """Guangdong cloud computing report

Published: 2021-06-30

Guangdong Province has more than 3,000 cloud computing enterprises. The province's data \
center racks grew 25% in 2020. In Chengdu, the number of industrial internet platforms reached \
48 in the first half of the year.
"""


def facts_of(text: str, **meta: object) -> list[Fact]:
    metadata = DocumentMetadata(**meta) if meta else None  # type: ignore[arg-type]
    return list(prepare_document(text, slug="doc", path="doc.txt", metadata=metadata).facts)


def only(facts: list[Fact], **where: object) -> Fact:
    found = [f for f in facts if all(getattr(f, k) == v for k, v in where.items())]
    assert len(found) == 1, (where, [(f.kind, f.subject, f.value) for f in facts])
    return found[0]


@pytest.fixture(scope="module")
def shenzhen() -> list[Fact]:
    return facts_of(SHENZHEN)


def test_change_written_before_the_amount_pairs_with_it(shenzhen: list[Fact]) -> None:
    fact = only(shenzhen, base_value=8.6e9)
    assert (fact.kind, fact.value, fact.unit, fact.scale) == (
        FactKind.METRIC,
        8.6,
        "yuan",
        "billion",
    )
    assert fact.change == 12.4
    assert fact.period == "2022-Q1-Q3"
    assert fact.region == "Shenzhen"
    assert "software and information technology services" in fact.subject


def test_a_fall_is_a_negative_change_in_another_currency(shenzhen: list[Fact]) -> None:
    fact = only(shenzhen, base_value=41.3e9)
    assert (fact.unit, fact.change) == ("US dollars", -3.0)
    assert "electronic products" in fact.subject.lower()


def test_counts_keep_qualifier_scale_and_counted_noun(shenzhen: list[Fact]) -> None:
    stations = only(shenzhen, value=600.0)
    assert (stations.kind, stations.qualifier, stations.period) == (
        FactKind.COUNT,
        "nearly",
        "2022-Q3",
    )
    assert stations.unit == "base stations" and "5G" in stations.subject
    users = only(shenzhen, base_value=1.2e6)
    assert (users.value, users.scale, users.qualifier) == (1.2, "million", "about")
    assert users.unit == "broadband users"


def test_ranked_third_is_a_ranking(shenzhen: list[Fact]) -> None:
    fact = only(shenzhen, kind=FactKind.RANKING)
    assert (fact.value, fact.region) == (3.0, "Shenzhen")
    assert "Chinese cities" in fact.subject


def test_by_the_end_of_a_year_makes_a_target(shenzhen: list[Fact]) -> None:
    fact = only(shenzhen, kind=FactKind.TARGET)
    assert (fact.value, fact.qualifier, fact.period) == (200.0, "more than", "by 2025")
    assert fact.unit == "smart factories"


def test_last_year_resolves_against_the_publication_year(shenzhen: list[Fact]) -> None:
    fact = only(shenzhen, base_value=35.5e9)
    assert (fact.period, fact.change, fact.region) == ("2021", 18.2, "Shenzhen")
    assert "new infrastructure" in fact.subject and "investment" in fact.subject


def test_nothing_but_these_figures_in_the_shenzhen_text(shenzhen: list[Fact]) -> None:
    assert sorted(f.kind for f in shenzhen) == sorted(
        [
            FactKind.METRIC,
            FactKind.METRIC,
            FactKind.COUNT,
            FactKind.COUNT,
            FactKind.RANKING,
            FactKind.TARGET,
            FactKind.METRIC,
        ]
    )


@pytest.fixture(scope="module")
def hangzhou() -> list[Fact]:
    return facts_of(HANGZHOU)


def test_comma_list_gives_one_fact_per_item(hangzhou: list[Fact]) -> None:
    zhejiang = only(hangzhou, base_value=890e9)
    assert (zhejiang.change, zhejiang.region, zhejiang.period) == (6.3, "Zhejiang", "2022")
    assert zhejiang.subject == "core digital economy added value"
    hz = only(hangzhou, base_value=1.2e12)
    assert (hz.change, hz.region, hz.period, hz.scale) == (9.1, "Hangzhou", "2022", "trillion")
    assert "e-commerce turnover" in hz.subject


def test_number_sign_ranking(hangzhou: list[Fact]) -> None:
    fact = only(hangzhou, kind=FactKind.RANKING)
    assert (fact.value, fact.region) == (2.0, "Hangzhou")
    assert "smart cities" in fact.subject


def test_event_held_on_a_day_gets_the_full_date(hangzhou: list[Fact]) -> None:
    fact = only(hangzhou, kind=FactKind.EVENT)
    assert fact.event_date == date(2023, 3, 15)
    assert "Hangzhou Digital Economy Summit" in fact.subject
    assert fact.region == "Hangzhou"


def test_person_with_role_and_their_counts(hangzhou: list[Fact]) -> None:
    person = only(hangzhou, kind=FactKind.PERSON)
    assert (person.subject, person.value_text, person.region) == (
        "Li Ming",
        "Mayor of Hangzhou",
        "Hangzhou",
    )
    assert only(hangzhou, value=12.0).unit == "data centers"
    assert only(hangzhou, value=6.0).unit == "innovation labs"


def test_contact_hours_copyright_and_section_numbers_are_not_facts(
    hangzhou: list[Fact],
) -> None:
    texts = " ".join(f"{f.value_text} {f.quote}" for f in hangzhou)
    for furniture in ("0571", "87654321", "9:00", "6:00", "All rights reserved"):
        assert furniture not in texts
    assert all(f.value not in {3.0, 2023.0} for f in hangzhou if f.kind != FactKind.RANKING)


def test_header_gives_outlet_and_date() -> None:
    prepared = prepare_document(HANGZHOU, slug="hz", path="hz.txt")
    assert prepared.metadata.title == "Hangzhou Digital Summit Opens"
    assert prepared.metadata.outlet == "Zhejiang News"
    assert prepared.metadata.published == date(2023, 3, 16)


def test_facts_cite_the_document_with_its_merged_metadata_and_have_no_id_yet() -> None:
    facts = facts_of(GUANGDONG, outlet="Cloud Weekly", url="https://example.org/g")
    assert facts and all(f.id is None for f in facts)
    assert {f.source for f in facts} == {
        Source(
            slug="doc",
            title="Guangdong cloud computing report",
            outlet="Cloud Weekly",
            published=date(2021, 6, 30),
            url="https://example.org/g",
        )
    }


def test_province_wide_counts_and_growth_without_amount() -> None:
    facts = facts_of(GUANGDONG)
    enterprises = only(facts, value=3000.0)
    assert (enterprises.kind, enterprises.qualifier, enterprises.region) == (
        FactKind.COUNT,
        "more than",
        "Guangdong",
    )
    racks = only(facts, change=25.0)
    assert racks.value is None and racks.period == "2020" and "data center racks" in racks.subject
    platforms = only(facts, value=48.0)
    assert (platforms.region, platforms.period) == ("Chengdu", "2021-H1")
    assert "industrial internet platforms" in platforms.subject


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "scale", "change"),
    [
        (
            "Its revenue rose 12.4 percent year on year to 8.6 billion yuan.",
            8.6,
            "yuan",
            "billion",
            12.4,
        ),  # noqa: E501
        ("Sales were 20billion yuan, down 3%.", 20.0, "yuan", "billion", -3.0),
        ("The fund holds RMB 5 billion.", 5.0, "yuan", "billion", None),
        ("Output hit 3 trillion yuan.", 3.0, "yuan", "trillion", None),
        ("The share of digital services was 45.5%.", 45.5, "percent", None, None),
    ],
)
def test_amount_phrasings(
    sentence: str, value: float, unit: str, scale: str | None, change: float | None
) -> None:
    facts = [f for f in facts_of(f"Wuhan notes\n\n{sentence}") if f.value is not None]
    assert [(f.value, f.unit, f.scale, f.change) for f in facts] == [(value, unit, scale, change)]


def test_ingest_text_stores_general_facts(engine: Engine) -> None:
    report = ingest_text(SHENZHEN, engine=engine, slug="shenzhen-q3")
    assert (report.new, report.facts_added) == (1, 7)
    with new_session(engine) as session:
        stored = stored_facts.facts(session=session, region="shenzhen", kind="target")
    assert [(f.value, f.period) for f in stored] == [(200.0, "by 2025")]


def test_a_year_shaped_count_is_a_count_but_years_are_not_figures() -> None:
    facts = facts_of(
        "Hefei notes\n\nHefei has 2000 software enterprises. In 2021 the city opened 12 labs. "
        "The 2021 Hefei Forum drew crowds."
    )
    # The undated count takes the year the document's dated figures name.
    assert [(f.kind, f.value, f.unit, f.period) for f in facts] == [
        (FactKind.COUNT, 2000.0, "software enterprises", "2021"),
        (FactKind.COUNT, 12.0, "labs", "2021"),
    ]


def test_furniture_lines_are_dropped_but_prose_is_kept() -> None:
    text = (
        "Chengdu opens data hub\n\nHome\nNews\nContact Us\n02\n(+86) 028-8765-4321\n"
        "Monday - Friday 9:00am - 5:00pm\nChengdu Tianfu Software Park\n"
        "Chengdu has opened 3 computing centers.\n©copyright 2010-2023 Chengdu News\n"
    )
    prepared = prepare_document(text, slug="cd", path="cd.txt")
    assert prepared.text == "Chengdu opens data hub\n\nChengdu has opened 3 computing centers."
    assert [(f.value, f.unit) for f in prepared.facts] == [(3.0, "computing centers")]


GUANGZHOU = """Guangzhou Steps Up Digital Government Push

Published: 2023-04-12 | Nanfang Daily

GUANGZHOU - The city's digital economy core industries generated added value of 350 billion \
yuan in 2022, accounting for 12.1 percent of GDP. In the first quarter of 2023, software \
business revenue reached 142.6 billion yuan, an increase of 10.5% year on year, while \
integrated circuit output fell 4.2%.

According to the action plan, by 2025 the city will cultivate 10 digital industry clusters and \
attract investment of over 100 billion yuan.
"""


def test_datelines_verbs_and_shares_give_clean_subjects() -> None:
    facts = facts_of(GUANGZHOU)
    added = only(facts, base_value=350e9)
    assert (added.subject, added.period, added.region) == (
        "digital economy core industries added value",
        "2022",
        "Guangzhou",
    )
    share = only(facts, value=12.1)
    assert share.unit == "percent" and share.subject.endswith("share of GDP")
    chips = only(facts, change=-4.2)
    assert chips.subject == "integrated circuit output" and chips.period == "2023-Q1"
    investment = only(facts, base_value=100e9)
    assert (investment.kind, investment.subject, investment.period, investment.qualifier) == (
        FactKind.TARGET,
        "investment",
        "by 2025",
        "over",
    )
    assert only(facts, value=10.0).kind == FactKind.TARGET


ZHEJIANG = """Cloud Services Boom in Hangzhou

2022-12-01 Zhejiang Online

Revenue from cloud services in Hangzhou totalled RMB 12.3 billion last year. The province's \
digital economy grew by 8.5% to reach 2.1 trillion yuan, while Ningbo's exports were down 0.5 \
per cent year-on-year.
Chengdu aims to have 10,000 5G base stations by the end of next year.
Suzhou's industrial output in the first 10 months was 3.2 trillion yuan, up 6%, and Wuxi's was \
1.8 trillion yuan, up 4.5%.
"""


def test_more_phrasings_currency_first_next_year_and_first_months() -> None:
    facts = facts_of(ZHEJIANG)
    cloud = only(facts, base_value=12.3e9)
    assert (cloud.subject, cloud.unit, cloud.period, cloud.value_text) == (
        "cloud services revenue",
        "yuan",
        "2021",
        "RMB 12.3 billion",
    )
    economy = only(facts, base_value=2.1e12)
    assert economy.change == 8.5 and economy.region != "Ningbo"
    exports = only(facts, change=-0.5)
    assert (exports.subject, exports.region, exports.value) == ("exports", "Ningbo", None)
    stations = only(facts, kind=FactKind.TARGET)
    assert (stations.value, stations.period, stations.region) == (10000.0, "by 2023", "Chengdu")
    suzhou, wuxi = only(facts, base_value=3.2e12), only(facts, base_value=1.8e12)
    assert (suzhou.region, suzhou.change, suzhou.period) == ("Suzhou", 6.0, "2022-01/2022-10")
    assert (wuxi.region, wuxi.change, wuxi.subject) == ("Wuxi", 4.5, "industrial output")
    assert not [f for f in facts if f.unit == "months"]


def test_the_industry_points_back_to_the_industry_just_named() -> None:
    text = (
        "Dalian Review\n\nJanuary 10, 2020 Dalian Daily\n\n"
        "Dalian's software and information service industry grew steadily in 2019. The "
        "industry achieved revenue of 163.2 billion yuan last year, up 8.9% year on year.\n"
    )
    facts = facts_of(text)
    revenue = next(f for f in facts if f.value == 163.2)
    assert revenue.subject == "software and information service industry revenue"


def test_a_role_naming_the_bureau_takes_its_full_name_and_the_documents_region() -> None:
    text = (
        "Zhengzhou Builds Out 5G\n\nOctober 20, 2020 zhengzhou.gov.cn\n\n"
        "By the end of September, Zhengzhou had built 16,220 5G base stations, according to the "
        'Zhengzhou Municipal Bureau of Industry and Information Technology. "We caught up," '
        "said Wang Peng, deputy director of the bureau.\n"
    )
    person = next(f for f in facts_of(text) if f.kind is FactKind.PERSON)
    assert person.value_text == (
        "deputy director of the Zhengzhou Municipal Bureau of Industry and Information Technology"
    )
    assert person.region == "Zhengzhou"


HARBIN = """Harbin Builds a Smart Ice City Network

2024-12-20 Harbin Daily

Harbin's 5G base station density ranks first in Heilongjiang province, and the city's base \
stations account for 41.7% of the province's total.

Harbin has 38,000 standard data center racks in operation, and its computing power scale \
reached 2,600 PFlops, of which intelligent computing accounted for 45%.

Harbin, the provincial capital, generated 62.5% of the province's software revenue.
"""


@pytest.fixture(scope="module")
def harbin() -> list[Fact]:
    return facts_of(HARBIN)


def test_a_citys_share_of_the_provinces_total_is_the_citys_fact(harbin: list[Fact]) -> None:
    share = next(f for f in harbin if f.value == 41.7)
    assert (share.subject, share.region, share.unit) == (
        "base stations share of Heilongjiang's total",
        "Harbin",
        "percent",
    )


def test_a_place_that_generated_a_share_holds_that_share(harbin: list[Fact]) -> None:
    share = next(f for f in harbin if f.value == 62.5)
    assert (share.subject, share.region) == ("share of Heilongjiang's software revenue", "Harbin")


def test_a_clause_after_and_names_its_own_subject(harbin: list[Fact]) -> None:
    power = next(f for f in harbin if f.value == 2600)
    assert power.subject == "computing power scale"


def test_of_which_makes_a_share_of_the_figure_before(harbin: list[Fact]) -> None:
    share = next(f for f in harbin if f.value == 45)
    assert share.subject == "intelligent computing share of computing power scale"


def test_people_employed_are_counted_for_what_employs_them() -> None:
    facts = facts_of(
        "Xi'an software report\n\n2025-04-20 Xi'an Daily\n\n"
        "The city has 2,136 software enterprises, employing over 390,000 people.\n"
    )
    people = only(facts, value=390_000)
    assert people.subject == "people employed by software enterprises"
