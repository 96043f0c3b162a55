"""Figures, periods and dates as a Chinese reader writes them, and the Chinese headline frame."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest

from briefing.present.formats import (
    zh_change,
    zh_date,
    zh_figure,
    zh_moment,
    zh_number,
    zh_period,
    zh_place,
    zh_scaled,
    zh_weekday,
    zh_weekday_date,
)
from briefing.present.headlines import (
    MAX_HEADLINE_CHARS,
    answer_headline,
    fact_headline,
    short_cite,
    source_line,
)
from briefing.render import fact_headline as english_headline
from briefing.views import Answer, Direction, OrderBy, Ranking
from core.facts import Fact, FactKind
from core.language import Language
from tests.briefing.test_render import SOFTWARE

ZH = Language.ZH
QINGDAO_SOFTWARE = replace(
    SOFTWARE,
    subject="software and information technology service operating revenue",
    region="Qingdao",
    value_text="11.25 billion yuan",
)


def fact(**changes: Any) -> Fact:
    return replace(QINGDAO_SOFTWARE, **changes)


@pytest.mark.parametrize(
    ("value", "written"),
    [(5000, "5000"), (112.5, "112.5"), (0.25, "0.25"), (329.90000000000003, "329.9")],
)
def test_numbers_have_no_grouping_and_no_float_noise(value: float, written: str) -> None:
    assert zh_number(value) == written


@pytest.mark.parametrize(
    ("value", "always", "written"),
    [
        (11.25e9, True, "112.5亿"),
        (7e8, True, "7亿"),
        (3e12, True, "3万亿"),
        (32_100, False, "3.21万"),
        (46_000, False, "4.6万"),
        (12_345, False, "12345"),  # 1.2345万 would not read naturally
        (12_345, True, "1.2345万"),
        (5000, False, "5000"),
    ],
)
def test_scales_are_wan_and_yi_where_natural(value: float, always: bool, written: str) -> None:
    assert zh_scaled(value, always=always) == written


def test_changes_say_rise_fall_or_flat() -> None:
    assert (zh_change(22.6), zh_change(-3.0), zh_change(0.0)) == (
        "同比增长22.6%",
        "同比下降3%",
        "同比持平",
    )


@pytest.mark.parametrize(
    ("period", "written"),
    [
        ("2021-H1", "2021年上半年"),
        ("2021-H2", "2021年下半年"),
        ("2021-Q1", "2021年第一季度"),
        ("2021-Q1-Q3", "2021年前三季度"),
        ("2021-01/2021-06", "2021年1—6月"),
        ("2021", "2021年"),
        ("by 2025", "到2025年"),
        ("2021-2025", "2021—2025年"),
        ("next decade", "next decade"),
    ],
)
def test_periods(period: str, written: str) -> None:
    assert zh_period(period) == written


def test_dates_and_days() -> None:
    assert zh_date(date(2021, 8, 25)) == "2021年8月25日"
    assert zh_weekday_date(date(2021, 7, 9)) == "2021年7月9日星期五"
    assert zh_moment(datetime(2026, 1, 16, 18, 30, tzinfo=UTC)) == "1月16日（周五）18:30"
    assert [zh_weekday(n) for n in (0, 6)] == ["星期一", "星期日"]


def test_places_take_their_chinese_names() -> None:
    assert (zh_place("Qingdao"), zh_place("Shandong"), zh_place("Tallinn")) == (
        "青岛",
        "山东",
        "Tallinn",
    )


@pytest.mark.parametrize(
    ("changes", "figure"),
    [
        ({}, "112.5亿元"),
        ({"base_value": 7e8, "value": 700.0, "scale": "million"}, "7亿元"),
        ({"base_value": 3e12, "qualifier": "over"}, "超过3万亿元"),
        ({"unit": "percent", "value": 50.0, "base_value": 50.0}, "50%"),
        (
            {
                "kind": FactKind.COUNT,
                "unit": "smart communities",
                "value": 301.0,
                "base_value": 301.0,
            },
            "301个",
        ),
        (
            {"kind": FactKind.COUNT, "unit": None, "value": 32100.0, "base_value": 32100.0},
            "3.21万个",
        ),
        ({"kind": FactKind.RANKING, "unit": "rank", "value": 7.0, "value_text": "7th"}, "第7名"),
        # A Chinese document's figure is already written the Chinese way.
        ({"value_text": "112.5亿元", "value": 112.5, "scale": "亿"}, "112.5亿元"),
        ({"value_text": "5000个以上", "qualifier": "over", "unit": "个"}, "5000个以上"),
        (  # "12000P" in a Chinese sentence: as the document wrote it, not 1.2万PFlops
            {"value_text": "12000P", "value": 12000.0, "unit": "PFlops", "quote": "达到12000P"},
            "12000P",
        ),
        ({"value": None, "base_value": None, "value_text": "a record"}, "a record"),
        # Without a base value, an English scale in the scale or unit still counts.
        ({"base_value": None, "value": 12.0, "unit": "billion yuan"}, "120亿元"),
        ({"base_value": None, "value": 3.2, "unit": None, "scale": "million"}, "320万"),
    ],
)
def test_figures(changes: dict[str, Any], figure: str) -> None:
    assert zh_figure(fact(**changes)) == figure


def test_the_issue_example_headline() -> None:
    headline = fact_headline(QINGDAO_SOFTWARE, lang=ZH)
    assert headline.startswith("青岛 · Software & IT services revenue")
    assert headline.endswith(" · 2021年上半年：112.5亿元，同比增长22.6%")
    assert len(headline) <= MAX_HEADLINE_CHARS


@pytest.mark.parametrize(
    ("changes", "headline"),
    [
        (
            {"subject": "Internet and related services operating revenue", "base_value": 7e8},
            "青岛 · Internet and related services operating revenue · 2021年上半年："
            "7亿元，同比增长22.6%",
        ),
        (
            {
                "kind": FactKind.TARGET,
                "subject": "smart communities",
                "region": "Shandong",
                "period": "by 2025",
                "value": 5000.0,
                "base_value": 5000.0,
                "value_text": "5,000 smart communities",
                "unit": "smart communities",
                "qualifier": "over",
                "change": None,
            },
            "山东 · Smart communities · 到2025年：超过5000个",
        ),
        (
            {
                "kind": FactKind.EVENT,
                "subject": "2021 high level Forum on digital industry",
                "period": "2021",
                "value": None,
                "base_value": None,
                "value_text": "April 28",
                "event_date": date(2021, 4, 28),
                "change": None,
            },
            "青岛 · 2021 high level Forum on digital industry：2021年4月28日",
        ),
        (
            {"kind": FactKind.PERSON, "subject": "Zhao Haozhi", "value_text": "Mayor of Qingdao"},
            "Zhao Haozhi：Mayor of Qingdao",
        ),
    ],
)
def test_headlines_of_each_kind(changes: dict[str, Any], headline: str) -> None:
    assert fact_headline(fact(**changes), lang=ZH) == headline


def test_a_long_subject_is_clipped_at_a_word_to_keep_the_headline_short() -> None:
    long = fact(subject="telecommunications, radio and television and satellite transmission "
                "services operating revenue")  # fmt: skip
    headline = fact_headline(long, lang=ZH)
    assert len(headline) <= MAX_HEADLINE_CHARS
    assert "satellite…" in headline and headline.endswith("2021年上半年：112.5亿元，同比增长22.6%")


def test_english_stays_as_render_writes_it() -> None:
    assert fact_headline(QINGDAO_SOFTWARE, lang=Language.EN) == english_headline(QINGDAO_SOFTWARE)
    assert source_line(SOFTWARE.source, lang=Language.EN).endswith("Harbour Post, 25 Aug 2021")


def test_citations_in_chinese_keep_the_title_and_write_the_date_in_chinese() -> None:
    assert source_line(SOFTWARE.source, lang=ZH) == (
        'Harbourtown <Review> & "Outlook" — Harbour Post，2021年8月25日'
    )
    assert short_cite(SOFTWARE.source, lang=ZH) == "Harbour Post，2021年8月25日"


def test_ranked_and_compared_answers_in_chinese() -> None:
    other = fact(subject="Internet revenue", change=46.6)
    ranked = Answer(
        "q",
        True,
        0.9,
        facts=(other, QINGDAO_SOFTWARE),
        ranking=Ranking(OrderBy.GROWTH, Direction.MAX),
    )
    assert answer_headline(ranked, lang=ZH) == (
        "2项中增速最快：青岛 · Internet revenue · 2021年上半年：112.5亿元，同比增长46.6%"
    )
    compared = Answer("q", True, 0.9, facts=(other, QINGDAO_SOFTWARE))
    assert " 对比 青岛 · Software" in (answer_headline(compared, lang=ZH) or "")
