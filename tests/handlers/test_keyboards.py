"""Callback data stays within 64 bytes and decodes back; labels stay short."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from briefing.present.buttons import fact_label
from briefing.views import Answer, Page
from core.facts import Fact, Source
from core.language import Language
from handlers.keyboards import (
    LANGUAGE_CALLBACK,
    Callback,
    answer_keyboard,
    decode,
    encode,
    examples_keyboard,
    language_keyboard,
    page_keyboard,
)
from tests.factories import draft


def fact(fact_id: int, subject: str = "broadband coverage", region: str = "Tallinn") -> Fact:
    source = Source("doc", "Doc", None, date(2021, 1, 1), None)
    return replace(
        draft(subject, region=region, period="2021", value=1.0, quote="q"),
        id=fact_id,
        source=source,
    )


def test_callback_data_round_trips() -> None:
    assert decode(encode("src", 12)) == Callback("src", 12)
    assert decode(encode("pg", "metrics", 3)) == Callback("pg", "metrics", 3)
    for junk in (None, "", "src:", "src:x", "pg:secrets:1", "f:1:2", "nope:1"):
        assert decode(junk) is None


def test_encoding_refuses_data_over_64_bytes() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        encode("pg", "x" * 70, 1)


@pytest.mark.parametrize("lang", list(Language))
def test_every_keyboard_fits_telegram_limits(lang: Language) -> None:
    big = 2**63 - 1
    long_subject = fact(big, subject="operating revenue of " * 10)
    answer = Answer("q", False, 0.5, alternatives=(long_subject, fact(big - 1), fact(big - 2)))
    keyboards = [
        answer_keyboard(answer, lang),
        answer_keyboard(Answer("q", True, 1.0, fact=long_subject), lang),
        answer_keyboard(Answer("q", True, 1.0, facts=(long_subject, long_subject)), lang),
        page_keyboard("initiatives", Page("t", ("a",), 5, 9), lang),
        examples_keyboard(("What is the broadband coverage target of Tallinn for 2030?",) * 5),
    ]
    buttons = [b for k in keyboards if k for row in k.inline_keyboard for b in row]
    assert len(buttons) == 3 + 2 + 2 + 2 + 3
    assert all(len(str(b.callback_data).encode()) <= 64 for b in buttons)
    assert all(len(b.text) <= 50 for b in buttons)


def test_labels_name_subject_region_and_period() -> None:
    assert fact_label(fact(1)) == "broadband coverage, Tallinn, 2021"
    assert fact_label(fact(1, subject="Tallinn broadband")) == "Tallinn broadband, 2021"


def test_labels_in_chinese_name_the_place_and_period_in_chinese() -> None:
    qingdao = fact(1, subject="software revenue")
    qingdao = replace(qingdao, region="Qingdao", period="2021-H1")
    assert fact_label(qingdao, lang=Language.ZH) == "software revenue，青岛，2021年上半年"


def test_the_language_keyboard_names_each_language_in_itself_and_ticks_the_current() -> None:
    (row,) = language_keyboard(Language.ZH).inline_keyboard
    assert [(b.text, b.callback_data) for b in row] == [
        ("English", "lang:en"),
        ("✓ 中文", "lang:zh"),
    ]
    assert all(LANGUAGE_CALLBACK.match(str(b.callback_data)) for b in row)


def test_single_pages_have_no_navigation() -> None:
    assert page_keyboard("topics", Page("t", ("a",), 1, 1), Language.EN) is None
    assert answer_keyboard(Answer("q", False, 0.0), Language.EN) is None
