"""The English wording of a `Refusal`: why an answer claims no fact, and what to ask instead.

Plain text, no HTML: the renderers escape it like any other text. The slash commands a
refusal points to are named here, not in the domain.
"""

from __future__ import annotations

from typing import assert_never

from briefing.views import Refusal, RefusalCode, Scope

MAX_NAMED_WORDS = 3
"""How many unknown question words a refusal quotes."""
_BROWSE_HINT = "see /metrics, /initiatives, /sources or /topics"


def refusal_text(refusal: Refusal) -> str:
    """One or two sentences saying why nothing was matched."""
    code = refusal.code
    if code is RefusalCode.BLANK_QUESTION:
        text = "Please type a question."
    elif code is RefusalCode.EMPTY_STORE:
        text = "I have no facts yet: nothing has been ingested."
    elif code is RefusalCode.UNKNOWN_PLACE:
        place = refusal.words[0].title() if refusal.words else "that place"
        text = f"I don't know that: I have no facts about {place}."
    elif code is RefusalCode.UNKNOWN_WORDS:
        missing = ", ".join(f"“{w}”" for w in refusal.words[:MAX_NAMED_WORDS])
        text = f"I don't know that: my documents say nothing about {missing}."
    elif code is RefusalCode.AMBIGUOUS:
        text = "I'm not sure which figure you mean."
    elif code is RefusalCode.OTHER_PERIOD:
        text = f"I don't know that for {_period(refusal)}; I only have it for another period."
    elif code is RefusalCode.OTHER_REGION:
        region = refusal.words[0] if refusal.words else "that region"
        text = f"I don't know that for {region}; I only have it for another region."
    elif code is RefusalCode.NO_MEASURE:
        text = "Which figure do you mean? Name a measure, e.g. revenue, growth or a count."
    elif code is RefusalCode.PARTIAL_COMPARISON:
        text = "I can only answer part of that comparison" + (
            f"; nothing found for {', '.join(refusal.words)}." if refusal.words else "."
        )
    elif code is RefusalCode.NO_MATCH:
        text = "I don't know that."
    elif code is RefusalCode.GREETING:
        text = "Hello! Ask me about a figure, e.g. a city's digital economy or 5G base stations."
    elif code is RefusalCode.THANKS:
        text = "You're welcome."
    else:
        assert_never(code)
    if refusal.scope is not None:
        text = f"{text} {scope_text(refusal.scope)}"
    return text


def scope_text(scope: Scope) -> str:
    """One sentence on what the store can answer, and where to browse it."""
    if not scope.has_facts:
        return "I have no facts yet."
    places = ", ".join(scope.places) or "the ingested documents"
    about = f" ({', '.join(scope.topics)})" if scope.topics else ""
    return f"I can answer about {places}{about}; {_BROWSE_HINT}."


def _period(refusal: Refusal) -> str:
    parts = [f"H{refusal.half}"] if refusal.half else []
    parts += [str(year) for year in refusal.years]
    return " ".join(parts) or "that period"
