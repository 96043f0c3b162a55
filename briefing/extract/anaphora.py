"""Generic subjects that point back: "The industry achieved revenue of 163.2 billion yuan" after
"Dalian's software and information service industry grew steadily" is the software and
information service industry's revenue. A fact whose subject opens with the bare head noun
("industry revenue") takes the nearest earlier sentence's (or the title's) named industry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from briefing.text import Sentence
from core.facts import Fact

LOOKBACK_SENTENCES = 3
"""How many sentences before a fact's are searched for the industry it points back to."""
MAX_NAME_WORDS = 6
"""At most this many words before "industry" name it ("software and information service")."""

_POINTING = re.compile(r"\b(?:the|this|that|its) (?P<head>industry|sector)\b", re.IGNORECASE)
_NAMED = re.compile(
    r"(?<![\w'’])(?P<name>(?:[a-z][a-z-]*\s+){1,"
    + str(MAX_NAME_WORDS)
    + r"})(?P<head>industry|sector)\b"
)
_NOT_A_NAME = frozenset(
    {
        "the",
        "a",
        "an",
        "this",
        "that",
        "its",
        "their",
        "our",
        "of",
        "in",
        "for",
        "whole",
        "entire",
        "said",
        "which",
        "whose",
        "local",
        "city's",
        "province's",
        "main",
        "base",
        "core",
        "overall",
    }
)


def resolve_generic_subjects(facts: list[Fact], sentences: Sequence[Sentence]) -> None:
    """Name the industry of facts whose subject is the bare "industry …", in place."""
    starts = [s.start for s in sentences]
    for position, fact in enumerate(facts):
        head = fact.subject.split(" ", 1)[0].lower()
        if head not in ("industry", "sector") or not _POINTING.search(fact.quote):
            continue
        index = _sentence_at(starts, fact.start)
        name = _nearest_name(sentences, index, head)
        if name is not None:
            facts[position] = replace(fact, subject=f"{name} {fact.subject}")


def _sentence_at(starts: list[int], offset: int) -> int:
    found = 0
    for i, start in enumerate(starts):
        if start > offset:
            break
        found = i
    return found


def _nearest_name(sentences: Sequence[Sentence], index: int, head: str) -> str | None:
    """The words naming an industry in the nearest of the few sentences before `index`, or
    in the title."""
    earlier = list(reversed(sentences[max(0, index - LOOKBACK_SENTENCES) : index]))
    earlier += [s for s in sentences if s.is_title]
    for sentence in earlier:
        for match in reversed(list(_NAMED.finditer(sentence.text))):
            if match["head"] != head:
                continue
            words = match["name"].split()
            while words and words[0] in _NOT_A_NAME:
                words.pop(0)
            if words and words[-1] not in _NOT_A_NAME:
                return " ".join(words)
    return None
