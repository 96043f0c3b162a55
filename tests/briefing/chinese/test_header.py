"""The dateline under a Chinese headline gives the publication date and the outlet."""

from __future__ import annotations

from datetime import date

import pytest

from briefing.chinese.header import is_dateline, read_chinese_header
from briefing.chinese.periods import find_chinese_period, infer_chinese_year


@pytest.mark.parametrize(
    ("dateline", "published", "outlet"),
    [
        ("2022年2月15日 10:20  来源：杭州日报", date(2022, 2, 15), "杭州日报"),
        ("来源：青岛日报 2021-08-25", date(2021, 8, 25), "青岛日报"),
        ("发布时间：2023-03-06 来源：浙江日报", date(2023, 3, 6), "浙江日报"),
        ("2023-01-18 15:26", date(2023, 1, 18), None),
    ],
)
def test_a_dateline_under_the_title(dateline: str, published: date, outlet: str | None) -> None:
    header = read_chinese_header(
        ["杭州数字经济核心产业增加值突破5000亿元", "", dateline, "", "正文。"]
    )
    assert header.title == "杭州数字经济核心产业增加值突破5000亿元"
    assert (header.published, header.outlet) == (published, outlet)
    assert (header.title_line, header.dateline, header.body_start) == (0, 2, 3)


def test_prose_with_a_date_is_no_dateline() -> None:
    assert not is_dateline("2021年4月28日，2021数字产业高层论坛在青岛举行。")
    header = read_chinese_header(["2月14日，杭州市政府新闻办召开新闻发布会。"])
    assert (header.title, header.published, header.body_start) == (None, None, 0)


def test_the_year_of_a_text_is_its_latest_past_year() -> None:
    text = "2021年，杭州实现增加值4905亿元。到2025年，力争突破7000亿元。“十四五”期间…"
    assert infer_chinese_year(text) == 2021
    assert infer_chinese_year("今年以来，青岛加快发展。") is None


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2021年上半年，收入", "2021-H1"),
        ("一季度，全市", "2021-Q1"),
        ("前三季度", "2021-Q1-Q3"),
        ("2021年前三季度", "2021-Q1-Q3"),
        ("1-6月", "2021-01/2021-06"),
        ("到2025年，建成", "by 2025"),
        ("到今年年底，全市", "by 2021"),
        ("到“十四五”末", "by 2025"),
        ("“十四五”期间", "2021-2025"),
        ("截至2022年底，累计", "2022"),
        ("去年", "2020"),
        ("较上年提高0.5个百分点", None),
        ("2021数字产业高层论坛", None),
    ],
)
def test_periods_are_written_as_the_english_extractor_writes_them(
    text: str, period: str | None
) -> None:
    assert find_chinese_period(text, ref_year=2021) == period


def test_the_whole_year_is_the_year_reported_on() -> None:
    assert (
        find_chinese_period("全年新建5G基站1.1万个", ref_year=2022, reported_year=2021) == "2021"
    )
