"""Callback data stays within 64 bytes and decodes back; labels stay short."""

from __future__ import annotations

from datetime import date

import pytest

from briefing.present.buttons import fact_label
from briefing.views import Answer, Page
from core.facts import Fact, FactKind, Source
from handlers.keyboards import (
    Callback,
    answer_keyboard,
    decode,
    encode,
    examples_keyboard,
    page_keyboard,
)


def fact(fact_id: int, subject: str = "broadband coverage", region: str = "Tallinn") -> Fact:
    source = Source("doc", "Doc", None, date(2021, 1, 1), None)
    return Fact(
        id=fact_id,
        kind=FactKind.METRIC,
        subject=subject,
        region=region,
        period="2021",
        value=1.0,
        value_text="1",
        unit=None,
        scale=None,
        base_value=1.0,
        qualifier=None,
        change=None,
        event_date=None,
        quote="q",
        start=0,
        end=1,
        topics=(),
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


def test_every_keyboard_fits_telegram_limits() -> None:
    big = 2**63 - 1
    long_subject = fact(big, subject="operating revenue of " * 10)
    answer = Answer("q", False, 0.5, alternatives=(long_subject, fact(big - 1), fact(big - 2)))
    keyboards = [
        answer_keyboard(answer),
        answer_keyboard(Answer("q", True, 1.0, fact=long_subject)),
        answer_keyboard(Answer("q", True, 1.0, facts=(long_subject, long_subject))),
        page_keyboard("initiatives", Page("t", ("a",), 5, 9)),
        examples_keyboard(("What is the broadband coverage target of Tallinn for 2030?",) * 5),
    ]
    buttons = [b for k in keyboards if k for row in k.inline_keyboard for b in row]
    assert len(buttons) == 3 + 2 + 2 + 2 + 3
    assert all(len(str(b.callback_data).encode()) <= 64 for b in buttons)
    assert all(len(b.text) <= 50 for b in buttons)


def test_labels_name_subject_region_and_period() -> None:
    assert fact_label(fact(1)) == "broadband coverage, Tallinn, 2021"
    assert fact_label(fact(1, subject="Tallinn broadband")) == "Tallinn broadband, 2021"


def test_single_pages_have_no_navigation() -> None:
    assert page_keyboard("topics", Page("t", ("a",), 1, 1)) is None
    assert answer_keyboard(Answer("q", False, 0.0)) is None
