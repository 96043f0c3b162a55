"""Segmentation keeps the glossary's domain terms whole; traditional text is simplified."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from briefing.chinese.segment import has_chinese, segment, to_simplified


@pytest.mark.parametrize(
    "term",
    [
        "软件和信息技术服务业",
        "电子设备制造业",
        "工业互联网平台",
        "智慧社区",
        "数字经济核心产业",
        "增加值",
        "营业收入",
        "5G基站",
    ],
)
def test_domain_terms_are_single_tokens_inside_sentences(term: str) -> None:
    sentence = f"上半年，全市{term}实现较快增长。"
    assert term in segment(sentence)


def test_a_release_sentence_is_cut_into_its_terms() -> None:
    tokens = segment("全市软件和信息技术服务业实现软件业务收入3851.2亿元")
    assert tokens == ["全市", "软件和信息技术服务业", "实现", "软件业务收入", "3851.2", "亿元"]


def test_a_place_beats_the_word_its_last_character_starts() -> None:
    assert segment("谁是青岛市长") == ["谁", "是", "青岛", "市长"]


def test_traditional_characters_become_simplified() -> None:
    assert to_simplified("青島軟件業收入是多少") == "青岛软件业收入是多少"
    assert segment(to_simplified("數字經濟核心產業增加值")) == ["数字经济核心产业", "增加值"]


def test_simplified_text_is_left_as_it_is() -> None:
    text = "2021年上半年，青岛软件和信息技术服务业营业收入112.5亿元，同比增长22.6%。"
    assert to_simplified(text) == text


def test_segmentation_is_the_same_from_many_threads() -> None:
    text = "杭州数字经济核心产业增加值占GDP比重达27.1%，较上年提高0.5个百分点。"
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(segment, [text] * 32))
    assert all(result == results[0] for result in results)
    assert "数字经济核心产业" in results[0]


def test_empty_text_has_no_tokens() -> None:
    assert segment("") == []


def test_text_with_any_chinese_goes_to_the_chinese_analyzer() -> None:
    assert has_chinese("青岛 software revenue 上半年")
    assert has_chinese("青島")
    assert not has_chinese("Qingdao software revenue in H1 2021, 22.6%")
