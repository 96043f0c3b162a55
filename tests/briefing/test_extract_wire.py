"""The extractor on wire-service and newspaper phrasings: a story with no title line, datelines,
appositives, reported speech, counts named before their verb, lists after "while" and the office
a role names.

Each document here is written for these tests (invented places and figures where a real place is
not needed); none is taken from the seeds or the evaluation documents.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.facts import Fact, FactKind
from tests.briefing.test_extract_phrasings import facts_of, only

WIRE = """LANZHOU, March 2 (Xinhua) -- Lanzhou's core digital economy industries generated \
revenue of 118.4 billion yuan in 2022, the city government said in its annual work report, as \
the city pushes to become a data hub for the northwest.

Revenue from the cloud services sector rose 21.3 percent to 17.6 billion yuan, while software \
and information services and smart logistics recorded 30.2 billion yuan and 12.7 billion yuan \
respectively, up 11.8 percent and 6.4 percent.

More than 3,100 Gansu graduates now work in the Lanzhou New Area, according to the area's \
administration.
"""


@pytest.fixture(scope="module")
def wire() -> list[Fact]:
    return facts_of(WIRE, published=date(2023, 3, 2))


def test_a_story_without_a_title_line_keeps_its_first_paragraphs(wire: list[Fact]) -> None:
    fact = only(wire, value=118.4)
    assert fact.subject == "core digital economy industries revenue"  # no "LANZHOU, ... --"
    assert (fact.region, fact.period) == ("Lanzhou", "2022")


def test_a_list_after_while_takes_the_changes_after_respectively(wire: list[Fact]) -> None:
    assert only(wire, value=17.6).change == 21.3  # the clause before the list is read too
    software = only(wire, value=30.2)
    assert (software.subject, software.change) == ("software and information services", 11.8)
    logistics = only(wire, value=12.7)
    assert (logistics.subject, logistics.change) == ("smart logistics", 6.4)


def test_a_place_may_lead_a_counted_noun(wire: list[Fact]) -> None:
    assert only(wire, value=3100).subject == "Gansu graduates"


@pytest.mark.parametrize(
    ("sentence", "subject", "region", "value"),
    [
        (
            "Yinchuan, the capital of northwest China's Ningxia Hui Autonomous Region, said on "
            "Friday that the added value of its digital economy reached 62.5 billion yuan in "
            "2022, up 8.1 percent from a year earlier and equal to 25.4 percent of its GDP.",
            "digital economy added value",
            "Yinchuan",
            62.5,
        ),
        (
            "Yinchuan said that the added value of its digital economy reached 62.5 billion yuan "
            "in 2022, up 8.1 percent from a year earlier and equal to 25.4 percent of the city's "
            "GDP.",
            "digital economy added value share of GDP",
            "Yinchuan",
            25.4,
        ),
        (
            "The number of 5G base stations rose to 8,200 by the end of June, and 5G users in the "
            "city exceeded 2.6 million.",
            "5G users",
            "Xining",  # the document's place
            2.6,
        ),
        (
            "Xining now has 215 enterprises above designated size in the core digital "
            "industries, 18 more than at the end of 2021.",
            "enterprises above designated size in the core digital industries",
            "Xining",
            215,
        ),
        (
            "Revenue from software and information technology services came to 9.3 billion yuan.",
            "software and information technology services revenue",
            "Xining",
            9.3,
        ),
        (
            "The Xining computing center has a capacity of 150 petaflops.",
            "Xining computing center capacity",
            "Xining",
            150,
        ),
        (
            "Xining plans to raise total computing power to 600 petaflops by 2025.",
            "total computing power",
            "Xining",
            600,
        ),
        (
            "The Xining Qinghai-Tibet Cooperation Park attracted 42 data projects last year.",
            "data projects",
            "Xining",
            42,
        ),
        (
            "Xining added 320 5G base stations in the first half, bringing the total to 8,520.",
            "5G base stations added",
            "Xining",
            320,
        ),
    ],
)
def test_newspaper_phrasings(sentence: str, subject: str, region: str, value: float) -> None:
    text = f"Xining Briefing\n\nMarch 1, 2023 | Test Daily\n\nXining is a city.\n\n{sentence}\n"
    facts = [f for f in facts_of(text) if f.value == value]
    assert [(f.subject, f.region) for f in facts][:1] == [(subject, region)]


def test_a_period_compared_with_is_no_period() -> None:
    text = (
        "Xining Briefing\n\nMarch 1, 2023 | Test Daily\n\nXining now has 215 enterprises above "
        "designated size, 18 more than at the end of 2021.\n"
    )
    facts = facts_of(text)
    assert {(f.subject, f.period) for f in facts} == {
        ("enterprises above designated size", "2023"),
        ("enterprises added", "2023"),
    }


def test_a_threshold_list_counts_each_bar() -> None:
    text = (
        "Xining Briefing\n\nMarch 1, 2023 | Test Daily\n\nThe city has 12 software companies "
        "with annual revenue above 1 billion yuan and 305 above 10 million yuan.\n"
    )
    facts = {f.value: f.subject for f in facts_of(text) if f.kind is FactKind.COUNT}
    assert facts == {
        12: "software companies with annual revenue above 1 billion yuan",
        305: "software companies with annual revenue above 10 million yuan",
    }


def test_the_bureau_takes_the_name_given_in_lower_case() -> None:
    text = (
        "Xining Briefing\n\nMarch 1, 2023 | Test Daily\n\nRevenue reached 9.3 billion yuan, the "
        "municipal bureau of industry and information technology said.\n\nMa Lin, director of "
        "the bureau, said a new line would open in 2025. Output rose 4 percent, the municipal "
        "economy and information technology commission said. Li Qing, director of the "
        "commission, spoke.\n"
    )
    roles = {f.subject: f.value_text for f in facts_of(text) if f.kind is FactKind.PERSON}
    assert roles == {
        "Ma Lin": "director of the municipal bureau of industry and information technology",
        "Li Qing": "director of the municipal economy and information technology commission",
    }


BULLETIN = """Yinchuan Computing Bulletin: January-September 2023

Yinchuan Municipal Big Data Administration
October 18, 2023

- Data center racks in use: 86,000.
- Average PUE of large data centers: 1.24.
- Provincial-level smart factories: 19

Contact: Office of the Big Data Administration, tel. 0951-1234567
"""


def test_a_bulletins_labelled_lines_are_facts() -> None:
    facts = {f.subject: f.value for f in facts_of(BULLETIN)}
    assert facts == {
        "Data center racks in use": 86000,
        "Average PUE of large data centers": 1.24,
        "Provincial-level smart factories": 19,
    }


PLAN = """Yinchuan issues digital economy action plan

May 12, 2023 | Ningxia Daily

The Yinchuan government has issued an action plan (2023-2025), setting out these targets:

(1) By 2025, the added value of the city's digital economy will exceed 120 billion yuan.

(2) The revenue of the core digital economy industries will reach 60 billion yuan.

(3) The city will build 12,000 5G base stations.

The China-Arab States Technology Park, launched in 2015, now hosts 420 companies.
"""


def test_a_numbered_lists_items_share_its_deadline() -> None:
    facts = facts_of(PLAN)
    targets = {f.value: f.period for f in facts if f.kind is FactKind.TARGET}
    assert targets == {120: "by 2025", 60: "by 2025", 12000: "by 2025"}
    assert only(facts, value=60).subject == "core digital economy revenue"  # no "(2)"


def test_the_year_a_thing_began_is_no_period_and_a_hyphened_name_no_place() -> None:
    companies = only(facts_of(PLAN), value=420)
    assert (companies.period, companies.region) == ("2023", "Yinchuan")


FEATURE = """How Xiamen turned its port into a data machine

By Lin Mei | China Daily | 2023-09-14

Remote-controlled cranes at Xiamen port now handle about one in three containers. The port \
moved 220 million metric tons of cargo last year.

The port has invested more than 1.5 billion yuan ($205 million) in automation since 2019.

Xiamen's software revenue tripled over the same period to 95.2 billion yuan.
"""


def test_a_features_figures_name_what_they_measure() -> None:
    facts = facts_of(FEATURE)
    assert only(facts, value=220).subject == "cargo"  # "metric tons of cargo"
    invested = only(facts, value=1.5)
    assert (invested.subject, invested.unit) == ("investment in automation", "yuan")
    software = only(facts, value=95.2)  # tripled over several years: no yearly change
    assert (software.subject, software.change) == ("software revenue", None)
    assert not [f for f in facts if f.unit == "US dollars"]  # "($205 million)" restates it
    assert not [f for f in facts if f.value == 3]  # "one in three" is no count of three


SCMP = """Optics Valley posts record year

South China Morning Post | 15 January 2024

WUHAN: The East Lake zone, better known as Optics Valley of China, said its photonics industry \
generated revenue of RMB 420.6 bn in 2023, up 10.8 per cent on the previous year.

The zone is home to 12,000 technology companies. Among them, 978 are national high-tech \
enterprises and 64 are listed on stock exchanges.

Laser makers in the zone shipped products worth RMB 28.4 bn. Optical fibre output reached 96 \
mln core kilometres.
"""


def test_a_hong_kong_papers_style() -> None:
    facts = facts_of(SCMP)
    revenue = only(facts, value=420.6)  # "said its", "RMB … bn", "per cent", "WUHAN:"
    assert (revenue.subject, revenue.change) == ("photonics industry revenue", 10.8)
    assert only(facts, value=978).subject == "national high-tech enterprises"
    assert only(facts, value=28.4).subject == "Laser makers in the zone shipments"
    assert only(facts, value=96).subject == "Optical fibre output"
