"""The extractor on phrasings every briefing uses: lists, "respectively", shares, second clauses,
targets and progress, people, inherited periods, headlines, dated events and rankings.

Each document here is written for these tests (other cities, other figures); none is taken from
the seeds or the evaluation documents.
"""

from __future__ import annotations

from datetime import date

import pytest

from briefing.ingest import prepare_document
from briefing.metadata import DocumentMetadata
from core.facts import Fact, FactKind


def facts_of(text: str, *, published: date | None = None) -> list[Fact]:
    metadata = DocumentMetadata(published=published) if published else None
    prepared = prepare_document(text, slug="doc", path="doc.txt", metadata=metadata)
    for fact in prepared.facts:  # every fact cites its sentence, where the text has it
        assert prepared.text[fact.start : fact.end] == fact.quote
    return list(prepared.facts)


def only(facts: list[Fact], **where: object) -> Fact:
    found = [f for f in facts if all(getattr(f, k) == v for k, v in where.items())]
    assert len(found) == 1, (where, [(f.kind, f.subject, f.value, f.change) for f in facts])
    return found[0]


def subjects(facts: list[Fact]) -> list[str]:
    return [f.subject for f in facts]


# -- lists and "respectively" -------------------------------------------------------------------

LISTS = """Ningbo's Core Industries in the First Quarter

Apr 20, 2022 | Ningbo Daily

Among the core industries, the revenue of electronic information grew 16.2%, IoT 12.1% and AI \
26.9%.

The operating revenue of cloud computing and big data services in Ningbo was 42.6 billion yuan \
and 18.9 billion yuan, up 15.1% and 9.7% respectively.

Nanjing, Suzhou and Wuxi had 1,260, 845 and 512 high-tech enterprises respectively.

The numbers of registered users of the Zhejiang Office, Ningbo Office and Wenzhou Office apps \
were 3.2 million, 1.4 million and 0.9 million respectively, for a total of 5.5 million.
"""


@pytest.fixture(scope="module")
def listed() -> list[Fact]:
    return facts_of(LISTS)


def test_an_elliptic_list_gives_each_item_the_measure_and_the_change(listed: list[Fact]) -> None:
    for name, change in (("electronic information", 16.2), ("IoT", 12.1), ("AI", 26.9)):
        fact = only(listed, subject=f"{name} revenue")
        assert (fact.change, fact.value, fact.period) == (change, None, "2022-Q1")


def test_respectively_pairs_amounts_changes_and_items_in_order(listed: list[Fact]) -> None:
    cloud = only(listed, subject="cloud computing operating revenue")
    data = only(listed, subject="big data services operating revenue")
    assert (cloud.value, cloud.scale, cloud.unit, cloud.change) == (42.6, "billion", "yuan", 15.1)
    assert (data.value, data.change, data.region) == (18.9, 9.7, "Ningbo")


def test_places_listed_respectively_are_each_fact_s_region(listed: list[Fact]) -> None:
    counts = [f for f in listed if f.unit == "high-tech enterprises"]
    assert [(f.region, f.value, f.kind) for f in counts] == [
        ("Nanjing", 1260.0, FactKind.COUNT),
        ("Suzhou", 845.0, FactKind.COUNT),
        ("Wuxi", 512.0, FactKind.COUNT),
    ]


def test_a_list_of_scaled_numbers_and_its_total(listed: list[Fact]) -> None:
    office = only(listed, base_value=1.4e6)
    assert office.subject == "Ningbo Office registered users"
    total = only(listed, base_value=5.5e6)
    assert total.subject == "registered users"


# -- shares -------------------------------------------------------------------------------------

SHARES = """Anhui Software Industry Report

2022-03-02 Anhui News

In 2021, the added value of Hefei's digital economy reached 512.3 billion yuan, accounting for \
26.7% of GDP. Hefei's software revenue was 68 billion yuan, accounting for 45.3% of the \
province's total.

Wuhu and Bengbu accounted for 12.4% and 6.1% of the province's software revenue respectively.

At present, 97.5% of administrative services in Hefei can be completed online, and 88.4% \
require no visit in person.
"""


@pytest.fixture(scope="module")
def shares() -> list[Fact]:
    return facts_of(SHARES)


def test_a_share_of_gdp_names_what_it_is_a_share_of(shares: list[Fact]) -> None:
    share = only(shares, value=26.7)
    assert (share.subject, share.unit, share.kind) == (
        "digital economy added value share of GDP",
        "percent",
        FactKind.METRIC,
    )
    assert (share.region, share.period) == ("Hefei", "2021")
    assert all(f.subject != "equal" for f in shares)


def test_a_share_of_the_province_s_total_names_the_province(shares: list[Fact]) -> None:
    assert only(shares, value=45.3).subject == "software revenue share of Anhui's total"
    wuhu = only(shares, value=12.4)
    assert (wuhu.region, wuhu.subject) == ("Wuhu", "share of Anhui's software revenue")


def test_a_percentage_of_things_that_do_something_is_a_share_of_them(
    shares: list[Fact],
) -> None:
    online = only(shares, value=97.5)
    assert online.subject == "share of administrative services that can be completed online"
    assert only(shares, value=88.4).subject == (
        "share of administrative services that require no visit in person"
    )


# -- second clauses, targets and progress -------------------------------------------------------

PLANS = """Suzhou Digital Infrastructure Plan

May 10, 2022 | Suzhou Daily

By 2025, the city will build 30,000 5G base stations, and the number of 10G-PON ports will \
reach 90,000.

By 2025, Suzhou will foster 50 eagle enterprises and cultivate 200 specialized enterprises.

The province strives to make the added value of core digital economy industries exceed 800 \
billion yuan by 2025.

Suzhou has built 428 smart factories, out of the 600 it plans to build by 2025. Jiangsu plans to \
open 1,500 smart communities by 2025, and 620 have been opened so far.

Suzhou will also set up a 10 billion yuan industrial fund, with 15 projects with annual output of \
more than 1 billion yuan.
"""


@pytest.fixture(scope="module")
def plans() -> list[Fact]:
    return facts_of(PLANS)


def test_a_second_clause_after_and_is_its_own_fact(plans: list[Fact]) -> None:
    stations = only(plans, value=30000.0)
    ports = only(plans, value=90000.0)
    assert (stations.kind, stations.period, stations.subject) == (
        FactKind.TARGET,
        "by 2025",
        "5G base stations",
    )
    assert (ports.kind, ports.period, ports.subject) == (
        FactKind.TARGET,
        "by 2025",
        "10G-PON ports",
    )


def test_targets_with_verbs_and_deadlines(plans: list[Fact]) -> None:
    eagles = only(plans, value=50.0)
    assert (eagles.kind, eagles.unit, eagles.period) == (
        FactKind.TARGET,
        "eagle enterprises",
        "by 2025",
    )
    assert only(plans, value=200.0).kind == FactKind.TARGET
    added = only(plans, base_value=800e9)
    assert (added.kind, added.subject, added.qualifier, added.period) == (
        FactKind.TARGET,
        "core digital economy added value",
        "over",
        "by 2025",
    )


def test_progress_against_a_plan_is_a_count_and_a_target(plans: list[Fact]) -> None:
    built = only(plans, value=428.0)
    planned = only(plans, value=600.0)
    assert (built.kind, built.unit, built.period) == (FactKind.COUNT, "smart factories", "2022")
    assert (planned.kind, planned.unit, planned.period) == (
        FactKind.TARGET,
        "smart factories",
        "by 2025",
    )
    assert only(plans, value=1500.0).kind == FactKind.TARGET
    opened = only(plans, value=620.0)
    assert (opened.kind, opened.unit) == (FactKind.COUNT, "smart communities")


def test_a_threshold_describes_what_is_counted_and_is_no_amount(plans: list[Fact]) -> None:
    projects = only(plans, value=15.0)
    assert projects.subject == "projects with annual output of more than 1 billion yuan"
    assert not [f for f in plans if f.base_value == 1e9]
    assert only(plans, base_value=10e9).subject == "industrial fund"


# -- people -------------------------------------------------------------------------------------

PEOPLE = """Ningbo Digital Economy Work Conference

Mar 3, 2022 | Ningbo Daily

According to Li Wei, director of the Ningbo Municipal Bureau of Economy and Information \
Technology, the city will add 5,000 5G base stations this year. "We will keep going," said \
Zhang Min, vice mayor of Ningbo.

According to Xu Haoran, Ningbo will open 300 data sets to the public. According to Zhang, the \
city will also train 2,000 engineers. According to China Daily, the plan is ambitious.
"""


def test_people_with_roles_and_a_person_cited_by_name_alone() -> None:
    facts = [f for f in facts_of(PEOPLE) if f.kind == FactKind.PERSON]
    assert [(f.subject, f.value_text, f.region) for f in facts] == [
        (
            "Li Wei",
            "director of the Ningbo Municipal Bureau of Economy and Information Technology",
            "Ningbo",
        ),
        ("Zhang Min", "vice mayor of Ningbo", "Ningbo"),
        ("Xu Haoran", None, "Ningbo"),
    ]


# -- periods ------------------------------------------------------------------------------------

FIRST_HALF = """Ningbo's Digital Economy Grows 12.3% in First Half

07-28 Ningbo Daily

The software industry's revenue was 81.2 billion yuan, up 14.5% year on year.

By the end of June, Ningbo had built 18,500 5G base stations. In the first three quarters, the \
city signed 45 projects.

The city will strive for the added value of the digital economy to exceed 600 billion yuan for \
the whole year.
"""

ANNUAL = """Qingyuan Digital Economy Review

Jan 20, 2023 | Qingyuan Daily

In 2022, the added value of the digital economy reached 82.4 billion yuan. The software \
industry's revenue was 21.5 billion yuan, up 9.1%.

Qingyuan had 312 software enterprises above designated size.
"""


def test_a_paragraph_and_a_title_give_their_period_to_undated_sentences() -> None:
    facts = facts_of(FIRST_HALF, published=date(2021, 7, 28))
    assert only(facts, base_value=81.2e9).period == "2021-H1"  # from the title
    assert only(facts, value=18500.0).period == "2021-H1"  # "by the end of June"
    assert only(facts, value=45.0).period == "2021-Q1-Q3"
    whole_year = only(facts, base_value=600e9)
    assert (whole_year.kind, whole_year.period) == (FactKind.TARGET, "2021")


def test_an_early_report_about_last_year_dates_its_undated_figures_last_year() -> None:
    facts = facts_of(ANNUAL)
    assert only(facts, base_value=21.5e9).period == "2022"  # the paragraph's "In 2022"
    assert only(facts, value=312.0).period == "2022"  # the document's year, not 2023


def test_months_still_ahead_of_an_early_report_are_last_years() -> None:
    facts = facts_of(
        "Lakeland Review\n\nFeb 20, 2024 | Lakeland Daily\n\nIn 2023, software revenue grew "
        "13.8%. Integrated circuit output was 58.7 billion yuan. By the end of December, "
        "Lakeland had 31,250 5G base stations. In the first three quarters, the city signed 45 "
        "projects.\n\nIn the first two months of this year, 12 projects were signed."
    )
    assert only(facts, value=31250.0).period == "2023"  # last December, not December 2024
    assert only(facts, value=45.0).period == "2023-Q1-Q3"
    assert only(facts, base_value=58.7e9).period == "2023"  # the paragraph's year
    assert only(facts, value=12.0).period == "2024-01/2024-02"  # "this year" says which


def test_a_past_deadline_is_the_year_it_names() -> None:
    facts = facts_of(
        "Ningbo notes\n\nMarch 1, 2022 | Ningbo Daily\n\nBy the end of 2021, Ningbo had 21,000 "
        "5G base stations. Compared with 2019, approval times were shortened by 40%."
    )
    stations = only(facts, value=21000.0)
    assert (stations.kind, stations.period) == (FactKind.COUNT, "2021")
    faster = only(facts, change=-40.0)  # the baseline year is not its period; the paragraph's is
    assert (faster.subject, faster.period) == ("approval times", "2021")


# -- headlines ----------------------------------------------------------------------------------

HEADLINE = """Ningbo's Digital Economy Tops 500 Billion Yuan; The Mayor Stressed It 30 Times

Feb 10, 2022 | Ningbo Daily

In 2021, the added value of Ningbo's digital economy reached 503.2 billion yuan, up 10.4%.

The report evaluated the city from six dimensions. Ningbo has ranked first in the province for \
three consecutive years, and the two sides will keep working together.
"""


def test_a_headline_figure_never_outranks_the_body_and_headline_words_are_no_facts() -> None:
    facts = facts_of(HEADLINE)
    assert [f.value for f in facts if f.unit == "yuan"] == [503.2]
    assert not [f for f in facts if f.from_title]
    for junk in ("times", "dimensions", "consecutive years", "sides"):
        assert not [f for f in facts if junk in (f.unit or "")], junk
    assert all("Stressed" not in f.subject for f in facts)


# -- events and rankings ------------------------------------------------------------------------

EVENTS = """Ningbo Signs Data Platform Agreement

Aug 1, 2022 | Ningbo Daily

On July 22, the Ningbo Municipal Government signed a cooperation agreement with Huawei on \
building a city data platform.

The Ningbo Computing Center, which went into operation on June 30, provides computing power of \
80 PFLOPS.

At the Yangtze River Delta Digital Economy Forum held in Ningbo on December 9 last year, 24 \
projects were signed, with total investment of 31.5 billion yuan.

On May 21, the first meeting of the Ningbo Data Security Group and the first meeting of the \
Ningbo Smart City Group were held.

By the end of June, Ningbo had 21,400 5G base stations, ranking 3rd among cities in Zhejiang.
"""


@pytest.fixture(scope="module")
def events() -> list[Fact]:
    return facts_of(EVENTS)


def test_a_dated_action_is_an_event_in_the_document_s_year(events: list[Fact]) -> None:
    signed = only(events, event_date=date(2022, 7, 22))
    assert signed.kind == FactKind.EVENT
    assert "signed a cooperation agreement with Huawei" in signed.subject
    center = only(events, event_date=date(2022, 6, 30))
    assert center.subject == "Ningbo Computing Center went into operation"
    forum = only(events, event_date=date(2021, 12, 9))
    assert forum.subject == "Yangtze River Delta Digital Economy Forum"


def test_two_meetings_held_the_same_day_are_two_events(events: list[Fact]) -> None:
    meetings = [f for f in events if f.event_date == date(2022, 5, 21)]
    assert [f.subject for f in meetings] == [
        "first meeting of the Ningbo Data Security Group",
        "first meeting of the Ningbo Smart City Group",
    ]


def test_signed_projects_total_and_a_rank_of_the_figure_before_it(events: list[Fact]) -> None:
    assert only(events, base_value=31.5e9).subject == "total investment of projects signed"
    rank = only(events, kind=FactKind.RANKING)
    assert (rank.value, rank.subject, rank.region) == (
        3.0,
        "5G base stations in cities in Zhejiang",
        "Ningbo",
    )
    assert only(events, unit="PFLOPS").subject == "Ningbo Computing Center computing power"


def _lakeland(sentence: str, *, published: str = "2025-02-11") -> list[Fact]:
    """The facts of one sentence of a Lakeland release."""
    return facts_of(f"Lakeland Release\n\nSource: Lakeland Daily {published}\n\n{sentence}\n")


def test_a_second_verb_after_and_starts_its_own_target() -> None:
    facts = _lakeland(
        "Lakeland plans to build 12,000 5G base stations by 2026 and raise the share of core "
        "digital economy added value in GDP to 11% by 2027."
    )
    stations, share = only(facts, value=12_000), only(facts, value=11)
    assert [(f.kind, f.period) for f in (stations, share)] == [
        (FactKind.TARGET, "by 2026"),
        (FactKind.TARGET, "by 2027"),
    ]
    assert share.subject == "share of core digital economy added value in GDP"


def test_a_subject_drops_an_opening_after_phrase_and_on_average_while() -> None:
    facts = _lakeland(
        "After transformation, production efficiency at the companies rose by 26.3% on average "
        "while operating costs fell by 17.8%."
    )
    assert only(facts, change=26.3).subject == "production efficiency at the companies"
    assert only(facts, change=-17.8).subject == "operating costs"


def test_a_running_total_counts_what_was_just_counted() -> None:
    year, total = (
        only(
            _lakeland(
                "In 2023, 1,216 industrial enterprises above designated size in the city "
                "completed digital transformation, bringing the total to 6,950."
            ),
            value=value,
        )
        for value in (1216, 6950)
    )
    assert year.subject.endswith("that completed digital transformation")
    assert (total.kind, total.subject) == (FactKind.COUNT, f"total {year.subject}")


def test_a_count_in_units_counts_what_the_clause_names() -> None:
    facts = _lakeland(
        "The city's industrial robot output reached 21,300 units in 2023, up 18.7%. "
        "Shipments of drones totalled 5,200 units."
    )
    robots = only(facts, value=21300)
    assert (robots.kind, robots.subject, robots.change) == (
        FactKind.COUNT,
        "industrial robot output",
        18.7,
    )
    assert only(facts, value=5200).subject == "Shipments of drones"


def test_each_step_of_a_plan_keeps_its_own_deadline() -> None:
    facts = _lakeland(
        "Lakeland aims to build 20,000 5G base stations by the end of this year, and 60,000 by "
        "2025. The city plans to raise software revenue to 80 billion yuan by 2023 and 120 "
        "billion yuan by 2025."
    )
    steps = [(f.kind, f.subject, f.value, f.period) for f in facts]
    assert (FactKind.TARGET, "5G base stations", 20000, "by 2025") in steps
    assert (FactKind.TARGET, "5G base stations", 60000, "by 2025") in steps
    revenue = {f.value: f.period for f in facts if "software revenue" in f.subject}
    assert revenue == {80: "by 2023", 120: "by 2025"}


def test_its_measure_is_the_industry_the_sentence_before_names() -> None:
    facts = _lakeland(
        "In 2024, the new display industry remained the largest pillar. Its output value hit "
        "121.4 billion yuan, growing 9.2 percent."
    )
    assert only(facts, base_value=121.4e9).subject == "new display industry output value"


def test_a_share_of_another_places_total_is_the_documents_places() -> None:
    facts = facts_of(
        "Xiamen Software Grows\n\nDec 8, 2022 | Xiamen Daily\n\nXiamen's software industry "
        "grew fast this year. The city's software revenue was 148.2 billion yuan in the first "
        "ten months, accounting for 61.7% of Fujian province's total."
    )
    share = only(facts, value=61.7)
    assert (share.region, share.subject) == (
        "Xiamen",
        "software revenue share of Fujian province's total",
    )


def test_an_opening_phrase_does_not_hide_the_subject() -> None:
    facts = _lakeland(
        "Powered largely by wind and solar energy, the cluster's green electricity usage rate "
        "reached 68%. Registered market players stood at 1,093, a year-on-year increase of 57%."
    )
    assert only(facts, value=68.0).subject == "cluster's green electricity usage rate"
    players = only(facts, value=1093.0)
    assert (players.subject, players.change) == ("Registered market players", 57.0)


def test_a_company_named_for_the_country_is_no_place_and_a_ranks_field_no_region() -> None:
    facts = facts_of(
        "Guiyang Data\n\nJan 25, 2024 | Guizhou Daily\n\nGuian New Area in Guiyang hosts data "
        "centers of China Mobile and China Unicom, with 1.2 million servers. The area's "
        "computing power ranks No. 1 in Guizhou."
    )
    assert only(facts, kind=FactKind.COUNT).region == "Guiyang"
    assert only(facts, kind=FactKind.RANKING).region == "Guiyang"


def test_a_share_of_the_citys_things_after_according_to() -> None:
    facts = _lakeland(
        "According to the Lakeland Big Data Bureau, 98.6% of the city's government services "
        "could be handled online."
    )
    share = only(facts, value=98.6)
    assert share.subject == "share of city's government services that could be handled online"


def test_changes_worded_against_an_earlier_figure() -> None:
    facts = _lakeland(
        "Lakeland's IoT industry achieved operating revenue of 436.5 billion yuan in 2024. That "
        "was 10.2 percent higher than in 2023. The AI industry realized revenue of 37.9 billion "
        "yuan, 16.4 percent more than in 2023. Revenue from large model applications doubled "
        "from a year earlier to 6.4 billion yuan."
    )
    assert only(facts, base_value=436.5e9).change == 10.2
    assert only(facts, base_value=37.9e9).change == 16.4
    models = only(facts, base_value=6.4e9)
    assert (models.subject, models.change) == ("large model applications revenue", 100.0)


def test_up_from_an_earlier_figure_is_that_periods_figure() -> None:
    facts = _lakeland(
        "Lakeland's intelligent computing capacity reached 8,200 PFlops by the end of June, up "
        "from 5,600 PFlops at the end of 2024.",
        published="2025-08-20",
    )
    now, before = only(facts, value=8200.0), only(facts, value=5600.0)
    assert (now.period, before.period) == ("2025-H1", "2024")
    assert before.subject == now.subject == "Lakeland's intelligent computing capacity"


def test_a_rounded_headline_growth_does_not_outrank_the_body() -> None:
    facts = facts_of(
        "Lakeland's AI Industry Grows Nearly 12% in First Half\n\nSource: Lakeland Daily "
        "2024-08-20\n\nLakeland's AI core industry generated revenue of 148.5 billion yuan in the "
        "first half of 2024, up 11.9 percent year on year.\n"
    )
    assert [f.change for f in facts if f.change is not None] == [11.9]


def test_places_a_figure_is_compared_with_are_not_its_region() -> None:
    facts = facts_of(
        "Hangzhou AI\n\nSource: Hangzhou Daily 2024-08-20\n\nHangzhou's AI industry grew fast. "
        "The city has registered 19 large models, the third-most among Chinese cities after "
        "Beijing and Shanghai, and revenue from large model applications doubled from a year "
        "earlier to 6.4 billion yuan.\n"
    )
    assert {f.region for f in facts if f.value in (19.0, 6.4)} == {"Hangzhou"}


def test_a_bound_beside_the_exact_figure_is_dropped() -> None:
    facts = _lakeland(
        "Lakeland's IC industry revenue exceeded 60 billion yuan in 2024, reaching 61.2 billion "
        "yuan."
    )
    assert [f.value_text for f in facts] == ["61.2 billion yuan"]


def test_shares_of_the_citys_total_by_district_belong_to_the_city() -> None:
    facts = facts_of(
        "Nanjing Software\n\nSource: Xinhua Daily 2025-01-22\n\nNanjing's software revenue grew "
        "9.8%. Jiangbei New Area and Yuhuatai District contributed 28% and 19% of the city's "
        "software revenue respectively. The platform has cut commuting time by 11.8% and lifted "
        "the punctuality of buses to 93.5%."
    )
    assert only(facts, value=28.0).region == "Nanjing"  # a new area is no region of its own
    assert only(facts, value=19.0).region == "Yuhuatai"
    assert only(facts, value=93.5).subject == "punctuality of buses"


def test_a_count_more_than_a_year_earlier_is_what_was_added() -> None:
    facts = _lakeland(
        "Lakeland had 68,000 5G base stations at the end of 2024, 16,000 more than a year earlier."
    )
    added = only(facts, value=16000.0)
    assert (added.kind, added.subject) == (FactKind.COUNT, "5G base stations added")
    assert only(facts, value=68000.0).subject == "5G base stations"


def test_a_part_of_the_count_just_stated() -> None:
    facts = _lakeland(
        "The city is home to more than 3,000 IoT companies, 41 of which are listed on stock "
        "markets. Lakeland issued 3.6 million electronic licenses and certificates, of which "
        "2.4 million were business licenses."
    )
    assert only(facts, value=41.0).subject == "IoT companies listed on stock markets"
    licenses = only(facts, value=2.4)
    assert (licenses.kind, licenses.subject) == (FactKind.COUNT, "business licenses")
