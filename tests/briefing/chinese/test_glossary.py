"""The glossary file: its shape is checked, and its places are the English extractor's."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from briefing.chinese.glossary import GlossaryError, load_glossary, parse_glossary
from briefing.geography import PROVINCES


def _raw() -> dict[str, object]:
    text = resources.files("briefing.chinese").joinpath("glossary.toml").read_text("utf-8")
    return tomllib.loads(text)


def test_every_province_has_a_chinese_name() -> None:
    english = set(load_glossary().places.values())
    assert set(PROVINCES) - {"Macau"} <= english


def test_places_with_a_suffix_and_terms_read_in_english() -> None:
    glossary = load_glossary()
    assert glossary.place("山东省") == "Shandong"
    assert glossary.english("营业收入") == "operating revenue"
    assert glossary.english("红烧肉") is None
    assert glossary.scales["亿"] == 1e8


def test_question_words_that_hide_a_content_word_are_not_dictionary_words() -> None:
    words = load_glossary().dictionary_words()
    assert "哪天" in words
    assert "增长多少" not in words


def test_a_wrongly_typed_entry_is_named() -> None:
    raw = _raw()
    places = dict(raw["places"])  # type: ignore[call-overload]
    places["青岛"] = 7
    with pytest.raises(GlossaryError, match="青岛"):
        parse_glossary({**raw, "places": places})


def test_a_missing_section_is_named() -> None:
    raw = _raw()
    del raw["terms"]
    with pytest.raises(GlossaryError, match=r"\[terms\]"):
        parse_glossary(raw)
