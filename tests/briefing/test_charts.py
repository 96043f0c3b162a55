"""What a chart shows: a measure's history, a measure across regions, a comparison's bars."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from briefing.charts import (
    ChartStyle,
    Plotted,
    chart_for_answer,
    chart_for_fact,
    comparison_chart,
)
from briefing.service import Briefing
from tests.factories import FactFactory, city_store, revenue_history, sample_store


@pytest.fixture
def briefing(engine: Engine, fact_factory: FactFactory) -> Briefing:
    return Briefing(engine)


def test_a_measure_stated_for_several_periods_is_a_line_on_one_scale(
    engine: Engine, fact_factory: FactFactory
) -> None:
    ids = revenue_history(fact_factory)
    index = Briefing(engine).index
    chart = chart_for_fact(index, ids["2020"])
    assert chart is not None and chart.style is ChartStyle.LINE
    assert [(p.label, p.value) for p in chart.points] == [
        ("2019", pytest.approx(9.2)),  # 92 hundred million, on the latest figure's scale
        ("2020", 10.1),
        ("2021", 11.25),
    ]
    assert (chart.subject, chart.region, chart.unit, chart.scale) == (
        "software revenue",
        "Harbourtown",
        "yuan",
        "billion",
    )


def test_one_figure_of_a_measure_in_several_regions_is_a_bar_chart(
    engine: Engine, fact_factory: FactFactory
) -> None:
    ids = revenue_history(fact_factory)
    chart = chart_for_fact(Briefing(engine).index, ids["Lakeland"])
    assert chart is not None and chart.style is ChartStyle.BAR
    assert [(p.label, p.value) for p in chart.points] == [
        ("Harbourtown", 11.25),
        ("Lakeland", 4.5),
    ]


def test_a_single_figure_a_ranking_place_or_an_unknown_fact_has_no_chart(
    engine: Engine, fact_factory: FactFactory
) -> None:
    ids = city_store(fact_factory)
    index = Briefing(engine).index
    assert chart_for_fact(index, ids["telecom"]) is None
    assert chart_for_fact(index, ids["ranking"]) is None
    assert chart_for_fact(index, 10_000) is None


def test_a_ranking_by_growth_charts_each_industrys_growth(
    engine: Engine, fact_factory: FactFactory
) -> None:
    city_store(fact_factory)
    briefing = Briefing(engine)
    answer = briefing.answer("Which industry grew fastest?")
    chart = chart_for_answer(briefing.index, answer)
    assert chart is not None and chart.plotted is Plotted.GROWTH and chart.unit == "%"
    assert [p.value for p in chart.points] == [46.6, 22.6, 20.1, 15.3]
    assert chart.points[0].label == "Internet and related services revenue"


def test_amounts_are_compared_on_one_scale_only_when_their_units_agree(
    engine: Engine, fact_factory: FactFactory
) -> None:
    ids = city_store(fact_factory)
    index = Briefing(engine).index
    internet, software = index.get(ids["internet"]), index.get(ids["software"])
    communities = index.get(ids["communities"])
    assert internet is not None and software is not None and communities is not None
    revenue = comparison_chart([software.fact, internet.fact])
    assert revenue is not None and revenue.plotted is Plotted.VALUE
    assert [p.value for p in revenue.points] == [11.25, 0.7]  # 700 million is 0.7 billion
    assert comparison_chart([software.fact, communities.fact]) is None  # yuan vs communities


def test_an_answer_about_a_measure_without_history_offers_no_chart(
    engine: Engine, fact_factory: FactFactory
) -> None:
    sample_store(fact_factory)
    briefing = Briefing(engine)
    answer = briefing.answer("5G base stations Shenzhen")
    assert answer.matched and chart_for_answer(briefing.index, answer) is None
