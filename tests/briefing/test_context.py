"""What a sentence takes from its document, and question phrasings read as constraints:
the title as context, dates without a year, month spans, who-questions by role."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.present.headlines import answer_headline as localized_headline
from briefing.render import answer_headline
from briefing.service import Briefing
from core.language import Language
from db.engine import Engine
from tests.factories import briefing_of

SUMMIT = """7th Harbour Digital Summit Opens; 318 Projects Signed

November 10, 2024 By Harbour Post

The 7th Harbour Digital Summit opened in Harbourtown on the morning of the second day.

At the summit, a total of 318 digital projects were signed, with total investment of \
208.3 billion yuan.

From December 5 to 7, the Harbour Software Fair was held in Harbourtown.

From January to October, the operating revenue of Harbourtown's core digital economy \
industries was 138.5 billion yuan, up 12.8%.

"Data is our new harbour," said Lin Qiao, director of the Harbourtown Bureau of Industry \
and Information Technology.
"""

ZHENGZHOU = """郑州上半年数字经济核心产业增加值612.5亿元

2023年7月28日 来源：郑州日报

上半年，全市数字经济核心产业实现增加值612.5亿元，同比增长9.2%。

郑州市工业和信息化局局长李志刚表示，力争全年数字经济核心产业增加值突破1300亿元。
"""

ZHENGZHOU_YEAR = """郑州数字经济核心产业增加值1318.4亿元

2024年2月5日 来源：郑州日报

2023年，全市数字经济核心产业实现增加值1318.4亿元，同比增长10.1%。
"""


@pytest.fixture
def briefing(engine: Engine, tmp_path: Path) -> Briefing:
    documents = {"summit.txt": SUMMIT, "zz_h1.txt": ZHENGZHOU, "zz_year.txt": ZHENGZHOU_YEAR}
    return briefing_of(engine, tmp_path, documents)


def test_a_sentence_takes_its_title_as_context(briefing: Briefing) -> None:
    answer = briefing.answer(
        "total investment of projects signed at the 7th Harbour Digital Summit"
    )
    assert "208.3 billion" in (answer_headline(answer) or "")


def test_a_date_without_a_year_is_the_last_one_before_publication(briefing: Briefing) -> None:
    answer = briefing.answer("when was the Harbour Software Fair held")
    assert (answer_headline(answer) or "").startswith("5 December 2023")


def test_a_month_span_in_the_question_is_a_period(briefing: Briefing) -> None:
    for question in (
        "harbourtown core digital economy revenue jan-oct 2024",
        "Harbourtown core digital economy revenue from January to October 2024",
    ):
        assert "138.5 billion" in (answer_headline(briefing.answer(question)) or ""), question
    assert not briefing.answer("harbourtown core digital economy revenue jan-sep 2024").matched


def test_who_heads_and_who_spoke_for_ask_for_a_person(briefing: Briefing) -> None:
    for question in (
        "Who heads Harbourtown's Bureau of Industry and Information Technology?",
        "who spoke for the harbourtown industry and IT bureau",
    ):
        assert (answer_headline(briefing.answer(question)) or "").startswith("Lin Qiao"), question


def test_a_chinese_comparison_of_periods_reads_in_chinese(briefing: Briefing) -> None:
    answer = briefing.answer("郑州数字经济核心产业增加值上半年和全年对比")
    headline = localized_headline(answer, lang=Language.ZH)
    assert headline == "2023年上半年 612.5亿元 对比 2023年 1318.4亿元（2.2倍）"
