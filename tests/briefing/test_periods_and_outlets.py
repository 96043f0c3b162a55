"""Questions that name quarters, the full year, an outlet, or a comparison of periods."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from briefing.render import answer_headline
from briefing.service import Briefing
from core.facts import FactKind
from tests.factories import FactFactory, billion_yuan, draft

PUBLISHED = date(2023, 10, 31)


@pytest.fixture
def tianjin(engine: Engine, fact_factory: FactFactory) -> Briefing:
    """Tianjin's revenue for the first three quarters and for the full year, from two outlets."""
    core, xinchuang = "core digital economy operating revenue", "Xinchuang industry revenue"
    fact_factory.document(
        "q3",
        billion_yuan(core, region="Tianjin", period="2023-Q1-Q3", value=587.2, change=8.9),
        billion_yuan(xinchuang, region="Tianjin", period="2023-Q1-Q3", value=96.3, change=13.2),
        outlet="tianjin.gov.cn",
        published=PUBLISHED,
    )
    fact_factory.document(
        "year",
        billion_yuan(core, region="Tianjin", period="2023", value=812.6, change=9.4),
        billion_yuan(xinchuang, region="Tianjin", period="2023-H1", value=60.1),
        outlet="Enorth Daily",
        published=date(2024, 1, 25),
    )
    return Briefing(engine)


def test_first_three_quarters_is_a_period_not_words(tianjin: Briefing) -> None:
    for question in (
        "Tianjin Xinchuang industry revenue in the first three quarters of 2023",
        "tianjin xinchuang revenue january to september 2023",
        "Xinchuang revenue Q1-Q3 2023 tianjin",
    ):
        answer = tianjin.answer(question)
        assert answer.fact is not None and answer.fact.value == 96.3, question


def test_a_quarter_the_store_lacks_is_not_answered_with_another_period(tianjin: Briefing) -> None:
    answer = tianjin.answer("Tianjin Xinchuang revenue in the fourth quarter of 2023")
    assert not answer.matched


def test_full_year_excludes_a_half_or_quarters_figure(tianjin: Briefing) -> None:
    answer = tianjin.answer("tianjin core digital economy revenue for the full year 2023")
    assert answer.fact is not None and answer.fact.value == 812.6
    assert not tianjin.answer("full-year 2023 Xinchuang revenue in Tianjin").matched


def test_an_outlet_named_in_the_question_is_a_constraint(tianjin: Briefing) -> None:
    answer = tianjin.answer("What does tianjin.gov.cn say about core digital economy revenue?")
    assert answer.fact is not None and answer.fact.value == 587.2
    answer = tianjin.answer("what did Enorth Daily report about core digital economy revenue")
    assert answer.fact is not None and answer.fact.value == 812.6


def test_periods_compared_are_labelled_by_period_with_the_gap(tianjin: Briefing) -> None:
    answer = tianjin.answer(
        "Tianjin core digital economy revenue: first three quarters vs full year 2023"
    )
    assert answer.comparison is not None
    assert answer_headline(answer) == ("Q1–Q3 2023 587.2 vs 2023 812.6 billion (1.4x)")


def test_growth_compared_says_faster_or_slower(engine: Engine, fact_factory: FactFactory) -> None:
    fact_factory.document(
        "h1",
        billion_yuan(
            "software revenue", region="Qingdao", period="2021-H1", value=11.25, change=22.6
        ),
        billion_yuan(
            "internet services revenue", region="Qingdao", period="2021-H1", value=3.1, change=46.6
        ),
    )
    answer = Briefing(engine).answer(
        "did internet services revenue grow faster than software revenue in qingdao"
    )
    headline = answer_headline(answer) or ""
    assert headline.endswith("24 points faster"), headline
    assert "+46.6%" in headline and "+22.6%" in headline


def test_built_versus_planned_answers_the_target_with_its_progress(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document(
        "communities",
        draft(
            "future communities",
            kind=FactKind.COUNT,
            region="Hangzhou",
            period="2021",
            value=131,
            value_text="131 future communities",
            quote="Hangzhou has built 131 future communities, out of the 300 planned by 2025.",
        ),
        draft(
            "future communities",
            kind=FactKind.TARGET,
            region="Hangzhou",
            period="by 2025",
            value=300,
            value_text="300 future communities",
            quote="Hangzhou has built 131 future communities, out of the 300 planned by 2025.",
        ),
    )
    answer = Briefing(engine).answer("hangzhou future communities built vs planned by 2025")
    assert answer_headline(answer) == (
        "Future communities, Hangzhou, by 2025: 131 of 300 future communities (43.7%)"
    )


def test_a_narrower_rival_from_the_same_words_does_not_make_a_close_call(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document(
        "expo",
        billion_yuan(
            "total contract value of projects signed", region="Guiyang", period="2023", value=67.9
        ),
        draft("projects signed", kind=FactKind.COUNT, region="Guiyang", period="2023", value=118),
    )
    answer = Briefing(engine).answer("total contract value of projects signed in Guiyang 2023")
    assert answer.fact is not None and answer.fact.value == 67.9


def test_a_refusal_offers_the_closest_facts(tianjin: Briefing) -> None:
    answer = tianjin.answer("Tianjin Xinchuang industry exports")
    assert not answer.matched, answer
    assert any(f.subject == "Xinchuang industry revenue" for f in answer.alternatives), answer


def test_a_short_government_site_named_in_the_question_is_its_outlet(
    engine: Engine, fact_factory: FactFactory
) -> None:
    for outlet, users in (("ln.gov.cn", 3.52), ("Shenyang Daily", 2.86)):
        fact_factory.document(
            outlet,
            draft(
                "registered users",
                region="Shenyang",
                period="2019",
                value=users,
                quote=f"The government service app had {users} million registered users.",
            ),
            outlet=outlet,
        )
    answer = Briefing(engine).answer("what does ln.gov.cn say about shenyang registered users")
    assert answer.fact is not None and answer.fact.value == 3.52
