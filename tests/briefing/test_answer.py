"""The answering engine on a hand-made store: matching, constraints, aggregates, abstention."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

import pytest
from sqlalchemy.engine import Engine

from briefing.analysis import analyzer_for
from briefing.answer import _comparison, _unit_after
from briefing.index import FactIndex, period_part
from briefing.kinds import Want
from briefing.present.refusals import refusal_text
from briefing.question import Query, read_question
from briefing.render import comparison_headline
from briefing.scorer import CONFIDENT_SCORE, score
from briefing.service import Briefing
from briefing.views import ComparedSide, Direction, OrderBy, Ranking, RefusalCode
from core.facts import Fact, FactKind
from tests.factories import FactFactory, billion_yuan, city_store, draft


@pytest.fixture
def city(engine: Engine, fact_factory: FactFactory) -> tuple[Briefing, dict[str, int]]:
    ids = city_store(fact_factory)
    return Briefing(engine), ids


def test_growth_question_gets_the_named_industry_with_its_figures(city) -> None:
    briefing, ids = city
    answer = briefing.answer("How fast did software revenue grow in Harbourtown?")
    assert answer.matched and answer.fact is not None
    assert answer.fact.id == ids["software"]
    assert (answer.fact.value_text, answer.fact.change) == ("11.25 billion", 22.6)
    assert answer.facts == () and answer.ranking is None
    assert 0.7 <= answer.confidence <= 1.0


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("harbourtwn sofware and IT revnue", "software"),
        ("Software & I.T. services sales H1 2021", "software"),
        ("telecom revenue yoy", "telecom"),
        ("how much did telcos earn in harbourtown", "telecom"),
        ("internet services growth", "internet"),
        ("electronics manufacturing revenue", "electronics"),
        ("Where does Harbourtown rank among digital cities?", "ranking"),
        ("How many smart communities has Lakeland unveiled?", "communities"),
        ("How many smart communities will Lakeland build by 2025?", "communities_target"),
        ("When was the digital industry forum held?", "forum"),
        ("Who is the mayor of Harbourtown?", "mayor"),
    ],
)
def test_paraphrases_typos_and_question_words_find_the_fact(city, question, name) -> None:
    briefing, ids = city
    answer = briefing.answer(question)
    assert answer.matched, answer.reason and refusal_text(answer.reason)
    assert answer.fact is not None and answer.fact.id == ids[name]


def test_superlative_ranks_comparable_facts_by_change(city) -> None:
    briefing, ids = city
    answer = briefing.answer("Which industry grew fastest?")
    assert answer.matched
    assert [f.id for f in answer.facts] == [
        ids["internet"],
        ids["software"],
        ids["electronics"],
        ids["telecom"],
    ]
    assert answer.ranking == Ranking(OrderBy.GROWTH, Direction.MAX)


def test_superlative_by_size_orders_by_base_value(city) -> None:
    briefing, ids = city
    answer = briefing.answer("which sector had the smallest revenue")
    assert answer.matched
    assert answer.facts[0].id == ids["internet"]  # 700 million < 7.85 billion
    assert answer.facts[-1].id == ids["electronics"]


def test_comparison_answers_both_sides(city) -> None:
    briefing, ids = city
    answer = briefing.answer("compare software and telecom revenue")
    assert answer.matched
    assert [f.id for f in answer.facts] == [ids["software"], ids["telecom"]]
    assert answer.ranking is None  # a comparison, not a ranking


def test_latest_period_wins_and_earlier_values_become_history(
    engine: Engine, fact_factory: FactFactory
) -> None:
    (earlier,) = fact_factory.document(
        "old",
        billion_yuan(
            "cloud services revenue", region="Harbourtown", period="2020", value=5.0, change=10.0
        ),
        title="Old review",
        published=date(2020, 8, 1),
    )
    (later,) = fact_factory.document(
        "new",
        billion_yuan(
            "cloud services revenue", region="Harbourtown", period="2021", value=6.0, change=20.0
        ),
        title="New review",
        published=date(2022, 8, 1),
    )
    briefing = Briefing(engine)
    answer = briefing.answer("cloud services revenue in Harbourtown")
    assert answer.matched and answer.fact is not None
    assert answer.fact.id == later
    assert [f.id for f in answer.history] == [earlier]
    pinned = briefing.answer("cloud services revenue in Harbourtown in 2020")
    assert pinned.matched and pinned.fact is not None and pinned.fact.id == earlier
    assert pinned.history == ()


def test_close_call_is_a_did_you_mean_not_an_answer(city) -> None:
    briefing, _ = city
    answer = briefing.answer("revenue")
    assert not answer.matched
    assert 2 <= len(answer.alternatives) <= 3
    assert answer.fact is None


@pytest.mark.parametrize(
    ("question", "mentions"),
    [
        ("Beijing software revenue", "Beijing"),
        ("What's the weather in Harbourtown?", "weather"),
        ("Harbourtown GDP", "gdp"),
        ("How many people live in France?", "France"),
    ],
)
def test_out_of_scope_questions_abstain_and_say_why(city, question, mentions) -> None:
    briefing, _ = city
    answer = briefing.answer(question)
    assert not answer.matched
    assert answer.fact is None and answer.facts == ()
    assert answer.reason is not None and answer.reason.scope is not None
    text = refusal_text(answer.reason)
    assert mentions.lower() in text.lower()
    assert "I can answer about" in text and "Harbourtown" in text


def test_place_only_mentioned_in_a_sentence_does_not_borrow_another_regions_figure(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document(
        "j",
        billion_yuan(
            "robot exports",
            region="Harbourtown",
            period="2021",
            value=4.0,
            quote="Harbourtown robot exports, mostly to Japan, reached 4 billion yuan.",
        ),
        title="Exports",
    )
    briefing = Briefing(engine)
    assert briefing.answer("Harbourtown robot exports").matched
    assert not briefing.answer("Japan robot exports").matched


def test_figure_for_another_period_is_offered_but_not_claimed(city) -> None:
    briefing, ids = city
    answer = briefing.answer("software revenue in 2019")
    assert not answer.matched
    assert [f.id for f in answer.alternatives] == [ids["software"]]
    assert answer.reason is not None and answer.reason.code is RefusalCode.OTHER_PERIOD
    assert answer.reason.years == (2019,)
    assert refusal_text(answer.reason) == (
        "I don't know that for 2019; I only have it for another period."
    )


def test_other_region_figure_is_not_presented_as_the_answer(city) -> None:
    briefing, _ = city
    answer = briefing.answer("Lakeland software revenue")
    assert not answer.matched


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   \t\n ",
        "x" * 4000,
        ("software revenue " * 250)[:4000],
        "🙂🚀📈",
        "软件和信息技术服务业收入是多少？",
        "ما هي إيرادات البرمجيات؟",
        "<b>software</b> & <i>revenue</i> *bold* _x_ `code` [link](http://a)",
        "'; DROP TABLE fact; --",
        "1 OR 1=1",
        "\x00\x1b[31m",
        "?!.,;:",
        "how many",
        "Harbourtown",
        "compare",
        "compare and",
        "which is bigger or",
        "fastest",
    ],
)
def test_odd_input_gets_an_answer_or_a_clear_no_answer(city, question) -> None:
    briefing, _ = city
    answer = briefing.answer(question)
    assert 0.0 <= answer.confidence <= 1.0
    if answer.matched:
        assert answer.fact is not None
    else:
        assert answer.reason is not None and refusal_text(answer.reason)


def test_blank_question_asks_for_a_question(city) -> None:
    briefing, _ = city
    answer = briefing.answer("  ")
    assert not answer.matched and answer.reason is not None
    assert answer.reason.code is RefusalCode.BLANK_QUESTION
    assert refusal_text(answer.reason).startswith("Please type a question. I can answer about")


def test_empty_store_says_nothing_is_ingested(engine: Engine) -> None:
    answer = Briefing(engine).answer("software revenue")
    assert not answer.matched
    assert answer.reason is not None and answer.reason.code is RefusalCode.EMPTY_STORE
    assert "no facts" in refusal_text(answer.reason)


def test_refresh_sees_newly_stored_facts(engine: Engine, fact_factory: FactFactory) -> None:
    briefing = Briefing(engine)
    assert not briefing.answer("quantum computing parks").matched
    fact_factory.add(
        "q",
        draft(
            "quantum computing parks",
            kind=FactKind.COUNT,
            region="Harbourtown",
            value=3,
            period="2021",
        ),
    )
    briefing.refresh()
    assert briefing.answer("quantum computing parks").matched


def test_fact_related_and_examples(city) -> None:
    briefing, ids = city
    fact = briefing.fact(ids["software"])
    assert fact is not None and fact.subject.startswith("software")
    assert briefing.fact(10_000) is None
    related = briefing.related(ids["software"])
    assert len(related) == 3
    assert all(r.quote == fact.quote for r in related)  # same sentence first
    examples = briefing.example_questions()
    assert len(examples) >= 3
    for question in examples:
        assert briefing.answer(question).matched, question


def test_read_question_takes_region_period_and_want_out_of_the_terms(city) -> None:
    briefing, _ = city
    reading = read_question(
        "How fast did Harbourtown's software revenue grow in H1 2021?", briefing.index
    )
    query = reading.query
    assert query.region == "harbourtown"
    assert query.years == frozenset({2021}) and query.half == 1
    assert query.want is Want.GROWTH
    assert set(query.terms) == set(analyzer_for("en").terms("software revenue"))


def test_score_is_bounded_and_zero_for_other_regions(city) -> None:
    briefing, ids = city
    index: FactIndex = briefing.index
    software = index.get(ids["software"])
    assert software is not None
    query = Query(text="", terms=tuple(index.analyzer.terms("software revenue")))
    assert CONFIDENT_SCORE <= score(query, software, index=index) <= 100
    elsewhere = Query(text="", terms=query.terms, region="lakeland")
    assert score(elsewhere, software, index=index) == 0.0


def test_a_plan_is_no_rival_when_the_question_asks_what_a_figure_is(
    engine: Engine, fact_factory: FactFactory
) -> None:
    actual, _ = fact_factory.document(
        "rivertown",
        billion_yuan(
            "software and information technology services software revenue",
            region="Rivertown",
            period="2022",
            value=385.12,
            value_text="385.12 billion yuan",
        ),
        draft(
            "software revenue",
            kind=FactKind.TARGET,
            region="Rivertown",
            unit="yuan",
            scale="billion",
            period="by 2025",
            value=550,
            value_text="550 billion yuan",
        ),
        title="Rivertown software",
    )
    briefing = Briefing(engine)
    answer = briefing.answer("How much software revenue did Rivertown earn?")
    assert answer.matched and answer.fact is not None and answer.fact.id == actual
    target = briefing.answer("What is Rivertown's software revenue target for 2025?")
    assert target.matched and target.fact is not None and target.fact.value == 550


@pytest.mark.parametrize(
    ("period", "half", "quarters", "last_month"),
    [
        ("2021-H1", 1, None, 6),
        ("2021-Q3", None, "Q3", 9),
        ("2021-Q1-Q3", None, "Q1-Q3", 9),
        ("2023-01/2023-06", 1, "Q1-Q2", 6),
        ("2023-04/2023-06", None, "Q2", 6),
        ("2023-01/2023-05", None, None, 5),
        ("2021", None, None, 12),
    ],
)
def test_a_period_says_which_part_of_its_year_it_covers(
    period: str, half: int | None, quarters: str | None, last_month: int
) -> None:
    assert period_part(period) == (half, quarters, last_month)


def test_a_generic_word_the_store_lacks_is_not_named_in_a_refusal(city) -> None:
    briefing, _ = city
    answer = briefing.answer("percentage of weather in Harbourtown")
    assert answer.reason is not None
    assert "weather" in answer.reason.words and "percentage" not in answer.reason.words


def test_a_share_of_a_total_does_not_answer_the_total(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document(
        "vr",
        draft(
            "VR revenue share of Eastshire's VR revenue",
            region="Harbourtown",
            period="2021",
            value=63.5,
            unit="percent",
            quote="Harbourtown's VR revenue was 88.6 billion yuan, accounting for 63.5% of "
            "Eastshire's VR revenue.",
        ),
    )
    briefing = Briefing(engine)
    share = briefing.answer("What share of Eastshire's VR revenue is Harbourtown's?")
    assert share.fact is not None and share.fact.value == 63.5
    total = briefing.answer("What was the total revenue of Eastshire's VR industry?")
    assert total.fact is None


def _side(fact: Fact, *, growth: bool = False) -> ComparedSide:
    """A comparison side as the answerer makes it from a fact."""
    if growth:
        figure = f"+{fact.change:g}%"
        return ComparedSide(fact.subject, figure, fact.change, True, fact=fact, growth=True)
    percent = fact.unit in {"%", "percent"}
    value = fact.base_value if fact.base_value is not None else fact.value
    return ComparedSide(
        fact.subject, fact.value_text or "", value, percent, fact=fact, unit=fact.unit
    )


_REVENUE = billion_yuan("software revenue", region="Harbin", value=28.24, change=9.2)
_SHARE = draft("digital economy share of GDP", region="Harbin", value=26.7, unit="%")
_RANK = draft(
    "software revenue national ranking",
    kind=FactKind.RANKING,
    region="Harbin",
    value=1,
    value_text="1st",
    unit="rank",
)
_ENTERPRISES = draft("software enterprises", kind=FactKind.COUNT, value=1200, unit="家")
_PARKS = draft("software parks", kind=FactKind.COUNT, value=12, unit="个")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (_side(_REVENUE), _side(_RANK)),  # not "28,240,000,000x"
        (_side(_SHARE), _side(_REVENUE)),
        (_side(_REVENUE, growth=True), _side(_SHARE)),  # a growth rate is no share
        (_side(_ENTERPRISES), _side(_PARKS)),
        (
            ComparedSide("revenue", "28.24 billion", 28.24e9, False, unit="yuan"),
            ComparedSide("enterprises", "1,200", 1200.0, False, unit="enterprises"),
        ),
        (
            ComparedSide("revenue", "28.24 billion", 28.24e9, False, unit="yuan"),
            ComparedSide("other", "12", 12.0, False),  # a passage's figure of no known unit
        ),
    ],
)
def test_figures_of_different_units_or_kinds_stand_side_by_side(
    first: ComparedSide, second: ComparedSide
) -> None:
    comparison = _comparison((first, second))
    assert comparison.difference is None and comparison.ratio is None
    headline = comparison_headline(comparison)
    assert first.figure in headline and second.figure in headline
    assert "x)" not in headline and "points" not in headline


def test_figures_of_one_unit_or_two_rates_of_one_kind_are_compared() -> None:
    other = replace(_REVENUE, region="Xi'an", value=30.1, base_value=30.1e9, change=10.8)
    amounts = _comparison((_side(_REVENUE), _side(other)))
    assert amounts.ratio == 0.94
    rates = _comparison((_side(_REVENUE, growth=True), _side(other, growth=True)))
    assert rates.difference == -1.6
    counts = _comparison((_side(_ENTERPRISES), _side(replace(_ENTERPRISES, value=600.0))))
    assert counts.ratio is not None
    passages = _comparison(
        (
            ComparedSide("a", "300 billion", 300e9, False, unit="yuan"),
            ComparedSide("b", "200 billion", 200e9, False, unit="yuan"),
        )
    )
    assert passages.ratio == 1.5


@pytest.mark.parametrize(
    ("clause", "figure", "unit"),
    [
        ("revenue reached 300 billion yuan, up 12.5%", "300 billion", "yuan"),
        ("软件业务收入达到1265.3亿元，增长12.1%", "1265.3亿", "元"),
        ("建成5G基站4.5万个", "4.5万", "个"),
        ("the index scored 89.6.", "89.6", None),
    ],
)
def test_a_passages_figure_has_the_unit_written_after_it(
    clause: str, figure: str, unit: str | None
) -> None:
    assert _unit_after(clause, figure) == unit


def test_a_share_question_is_not_answered_by_a_count(
    engine: Engine, fact_factory: FactFactory
) -> None:
    transformed = "industrial enterprises that completed digital transformation"
    fact_factory.document("factories", replace(_ENTERPRISES, subject=transformed, value=1216.0))
    briefing = Briefing(engine)
    assert not briefing.answer(f"What share of {transformed}?").matched
    counted = briefing.answer(f"How many {transformed}?")
    assert counted.fact is not None and counted.fact.value == 1216


def test_a_figure_named_only_by_its_sentence_and_title_is_answered(engine, fact_factory):
    """ "Revenue was 71.3 billion yuan" in a report on the VR industry: no other figure of the
    period comes close, so it is the answer, though its subject is only "revenue"."""
    revenue = partial(billion_yuan, region="Nanchang")
    ids = fact_factory.document(
        "vr",
        revenue(
            "VR and related industries operating revenue",
            period="2021",
            value=88.6,
            change=21.5,
            quote="In 2021, VR and related industries in the city achieved operating revenue "
            "of 88.6 billion yuan, up 21.5% year on year.",
        ),
        revenue(
            "revenue",
            period="2022-Q1-Q3",
            value=71.3,
            change=17.6,
            quote="In the first three quarters of this year, revenue was 71.3 billion yuan, "
            "up 17.6%.",
        ),
        draft("VR enterprises", kind=FactKind.COUNT, region="Nanchang", period="2022", value=412),
        title="Nanchang's VR Industry Revenue Nears 90 Billion Yuan",
        published=date(2022, 11, 13),
    )
    briefing = Briefing(engine)

    answer = briefing.answer("Nanchang VR industry growth in the first three quarters of 2022")

    assert answer.matched and answer.fact is not None
    assert (answer.fact.id, answer.fact.change) == (ids[1], 17.6)
    assert not briefing.answer("Nanchang VR industry growth in the first half of 2022").matched


@pytest.mark.parametrize("place", ["Wuhu", "Wenzhou", "Baoding", "Zhangjiajie"])
def test_a_city_no_document_covers_is_refused_not_answered_with_another(
    engine, fact_factory, place: str
) -> None:
    fact_factory.document(
        "hefei",
        billion_yuan("integrated circuit output value", region="Hefei", period="2023", value=58.7),
    )

    answer = Briefing(engine).answer(f"{place} integrated circuit output value")

    assert not answer.matched
    assert answer.reason is not None and answer.reason.code is RefusalCode.UNKNOWN_PLACE
    assert answer.reason.words == (place.lower(),)
