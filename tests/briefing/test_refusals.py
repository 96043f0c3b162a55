"""The wording of refusals: every code has words, and the scope points to what can be asked."""

from __future__ import annotations

import pytest

from briefing.present.refusals import refusal_text, scope_text
from briefing.views import Refusal, RefusalCode, Scope

SCOPE = Scope(has_facts=True, places=("Qingdao", "Hangzhou"), topics=("software", "5G"))


@pytest.mark.parametrize("code", list(RefusalCode))
def test_every_refusal_code_has_plain_words(code: RefusalCode) -> None:
    text = refusal_text(Refusal(code))
    assert text and "<" not in text and "/" not in text


def test_scope_names_places_topics_and_the_browse_commands() -> None:
    assert scope_text(SCOPE) == (
        "I can answer about Qingdao, Hangzhou (software, 5G); "
        "see /metrics, /initiatives, /sources or /topics."
    )
    assert scope_text(Scope(has_facts=False)) == "I have no facts yet."
    assert scope_text(Scope(has_facts=True)).startswith("I can answer about the ingested")


def test_refusal_with_scope_ends_with_the_scope() -> None:
    text = refusal_text(Refusal(RefusalCode.UNKNOWN_PLACE, words=("new york",), scope=SCOPE))
    assert text == f"I don't know that: I have no facts about New York. {scope_text(SCOPE)}"


def test_unknown_words_are_quoted_at_most_three() -> None:
    refusal = Refusal(RefusalCode.UNKNOWN_WORDS, words=("gdp", "weather", "tax", "rain"))
    assert refusal_text(refusal) == (
        "I don't know that: my documents say nothing about “gdp”, “weather”, “tax”."
    )


@pytest.mark.parametrize(
    ("refusal", "asked"),
    [
        (Refusal(RefusalCode.OTHER_PERIOD, years=(2019,), half=1), "H1 2019"),
        (Refusal(RefusalCode.OTHER_PERIOD), "that period"),
        (Refusal(RefusalCode.OTHER_REGION, words=("Qingdao",)), "Qingdao"),
    ],
)
def test_near_miss_names_what_was_asked(refusal: Refusal, asked: str) -> None:
    assert refusal_text(refusal).startswith(f"I don't know that for {asked}; I only have it")
