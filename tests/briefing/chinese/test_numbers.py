"""Chinese figures: digits with scales, Chinese numerals, percentages, ordinals."""

from __future__ import annotations

import pytest

from briefing.chinese.numbers import (
    ChineseFigure,
    find_figures,
    normalise_width,
    parse_figure,
    parse_number,
    parse_ordinal,
)


def test_an_amount_in_hundred_millions_of_yuan() -> None:
    assert parse_figure("112.5亿元") == ChineseFigure(
        value=112.5, scale="亿", base_value=1.125e10, unit="yuan", qualifier=None, text="112.5亿元"
    )


@pytest.mark.parametrize(
    ("text", "base", "unit", "scale"),
    [
        ("2.3万个", 23000, "个", "万"),
        ("1.4万亿元", 1.4e12, "yuan", "万亿"),
        ("163.8万户", 1638000, "户", "万"),
        ("45亿条", 4.5e9, "条", "亿"),
        ("两个", 2, "个", None),
        ("一千三百个", 1300, "个", None),
        ("3,200家", 3200, "家", None),
        ("百分之二十", 20, "%", None),
        ("百分之十二点五", 12.5, "%", None),
        ("三成", 30, "%", None),
        ("22.6％", 22.6, "%", None),
        ("3378.7公里", 3378.7, "km", None),  # units of measurement
        ("12千米", 12, "km", None),  # 千米, not the scale 千
        ("415万千瓦", 4.15e6, "kW", "万"),
        ("1.2万PFlops", 12000, "PFlops", "万"),
        ("1.2tbps", 1.2, "Tbps", None),
    ],
)
def test_figures_read_to_their_base_value(
    text: str, base: float, unit: str, scale: str | None
) -> None:
    figure = parse_figure(text)
    assert figure is not None
    assert figure.base_value == pytest.approx(base)
    assert (figure.unit, figure.scale) == (unit, scale)


@pytest.mark.parametrize(
    ("text", "qualifier", "written"),
    [
        ("超过3万亿元", "over", "3万亿元"),
        ("突破50万家", "over", "50万家"),
        ("接近三成", "nearly", "三成"),
        ("约31个", "about", "31个"),
        ("5000个以上", "over", "5000个"),
        ("13%左右", "about", "13%"),
        ("60余次", "over", "60余次"),
    ],
)
def test_qualifiers_before_and_after_a_number(text: str, qualifier: str, written: str) -> None:
    figure = parse_figure(text)
    assert figure is not None
    assert (figure.qualifier, figure.text) == (qualifier, written)


def test_percentage_points_are_their_own_unit() -> None:
    figure = parse_figure("0.5个百分点")
    assert figure is not None
    assert (figure.value, figure.unit, figure.is_percent) == (0.5, "percentage points", False)


@pytest.mark.parametrize(
    ("text", "value"),
    [("112.5", 112.5), ("3,200", 3200), ("一千三百", 1300), ("两", 2), ("1.6万", 16000)],
)
def test_plain_numbers(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "rank"),
    [("第七", 7), ("第7", 7), ("第7位", 7), ("第三", 3), ("第十二", 12), ("首位", 1), ("榜首", 1)],
)
def test_ordinals(text: str, rank: int) -> None:
    assert parse_ordinal(text) == rank


def test_words_that_only_look_like_ordinals_are_none() -> None:
    assert parse_ordinal("第几") is None
    assert parse_ordinal("首批") is None


@pytest.mark.parametrize(
    "text",
    [
        "2021年4月28日",  # a date
        "2021数字产业高层论坛",  # a year in a name
        "建成5G网络",  # a code
        "10:20 来源",  # a time
        "唯一一个城市",  # 一个 is "a"
        "一批国际化企业",
        "党的十八大以来",  # a name
        "千行百业",  # an idiom
        "连续三年入选",  # a span of time
        "一是聚力打造",  # a list marker
        "前三季度",  # a period
    ],
)
def test_numbers_that_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_figures_are_found_with_their_positions() -> None:
    text = "全市累计建成5G基站22.5万个，数量居全国第一"
    [span] = find_figures(text)
    assert text[span.num_start : span.end] == "22.5万个"
    assert span.figure.base_value == 225000


def test_full_width_digits_keep_their_offsets() -> None:
    assert normalise_width("１２．５％，ＧＤＰ。") == "12.5%，GDP。"
