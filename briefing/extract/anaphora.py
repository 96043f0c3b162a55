"""Generic subjects that point back: "The industry achieved revenue of 163.2 billion yuan" after
"Dalian's software and information service industry grew steadily" is the software and
information service industry's revenue. A fact whose subject opens with the bare head noun
("industry revenue"), or is a bare measure after "its" ("Its output value hit ..."), takes the
nearest earlier sentence's (or the title's) named industry; "That was 10.2 percent higher than in
2022" gives the figure of the sentence before its change."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from briefing.text import Sentence
from core.facts import Fact, FactKind

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
    pointing: dict[str, bool] = {}  # per sentence: a list of figures shares one quote
    for position, fact in enumerate(facts):
        head = fact.subject.split(" ", 1)[0].lower()
        if head not in ("industry", "sector"):
            if fact.subject.lower() in _BARE_MEASURES and _its(fact):
                # "Its output value hit ..." after "The new display industry remained ..."
                name = _nearest_name(sentences, _sentence_at(starts, fact.start), "industry")
                if name is not None:
                    facts[position] = replace(fact, subject=f"{name} industry {fact.subject}")
            continue
        if fact.quote not in pointing:
            pointing[fact.quote] = _POINTING.search(fact.quote) is not None
        if not pointing[fact.quote]:
            continue
        index = _sentence_at(starts, fact.start)
        name = _nearest_name(sentences, index, head)
        if name is not None:
            facts[position] = replace(fact, subject=f"{name} {fact.subject}")


_BARE_MEASURES = frozenset(
    {
        "output value",
        "output",
        "revenue",
        "operating revenue",
        "business revenue",
        "main business revenue",
        "added value",
        "sales",
        "sales revenue",
    }
)
"""Subjects that measure something only the sentence before names ("Its output value")."""


def _its(fact: Fact) -> bool:
    """Whether the fact's sentence says "its" right before its subject."""
    return f"its {fact.subject.lower()}" in fact.quote.lower()


_POINTING_CHANGE = re.compile(
    r"^(?:That|This|It)\s+(?:was|is|represented|represents|marked|marks)\s+(?:an?\s+)?"
    r"(?:(?P<noun>increase|rise|growth|gain|decrease|decline|drop)\s+of\s+)?"
    r"(?P<number>\d+(?:\.\d+)?)\s*(?:%|percent|per\s+cent)"
    r"(?:\s+(?P<word>higher|more|up|lower|less|down)\b)?",
    re.IGNORECASE,
)
_FALLING = frozenset({"decrease", "decline", "drop", "lower", "less", "down"})


def resolve_pointing_changes(facts: list[Fact], sentences: Sequence[Sentence]) -> None:
    """ "… revenue of 436.5 billion yuan in 2023. That was 10.2 percent higher than in 2022.":
    the change is the last figure's of the sentence before, when it has none, in place."""
    for index, sentence in enumerate(sentences[1:], 1):
        found = _POINTING_CHANGE.match(sentence.text)
        if found is None or not (found["noun"] or found["word"]):
            continue
        before = sentences[index - 1]
        earlier = [
            position
            for position, fact in enumerate(facts)
            if before.start <= fact.start < before.end
            and fact.kind in (FactKind.METRIC, FactKind.COUNT)
            and fact.value is not None
        ]
        if not earlier or facts[earlier[-1]].change is not None:
            continue
        falling = (found["noun"] or found["word"]).lower() in _FALLING
        change = float(found["number"]) * (-1 if falling else 1)
        facts[earlier[-1]] = replace(facts[earlier[-1]], change=change)


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


_BODY_NAME = re.compile(
    r"\b(?:[A-Z][\w-]+\s+){0,3}(?:(?i:municipal|provincial|city|district)\s+(?:[a-z]+\s+){0,4})?"
    r"(?P<head>(?i:bureau|commission|department|office|administration|center|centre))"
    r"(?:\s+of(?:\s+(?:[A-Z][\w-]+|and|the|industry|information|technology|science|commerce"
    r"|development|reform|economy|economic|data|big|statistics|finance|communications"
    r"|transport|housing|planning|affairs|services|government|regulation|market))+)?"
)
_THE_BODY = re.compile(
    r"\bthe (?P<head>bureau|commission|department|office|administration|center|centre)\b"
)
DOMINANT_SHARE = 0.5
"""A region naming more than this share of a document's placed facts is its region."""


def resolve_generic_roles(facts: list[Fact], sentences: Sequence[Sentence]) -> None:
    """A role naming "the bureau" ("deputy director of the bureau") takes the full name the
    document gave it earlier ("the Zhengzhou Municipal Bureau of Industry and Information
    Technology"), in place."""
    for position, fact in enumerate(facts):
        role = fact.value_text or ""
        if fact.kind is not FactKind.PERSON or not _THE_BODY.search(role):
            continue
        before = " ".join(s.text for s in sentences if s.start <= fact.start)
        named: dict[str, str] = {}
        for match in _BODY_NAME.finditer(before):
            if " " in match.group().strip():
                named[match["head"].lower()] = match.group().strip()

        resolved = _THE_BODY.sub(partial(_full_name, named), role)
        if resolved != role:
            facts[position] = replace(fact, value_text=resolved)


def _full_name(named: dict[str, str], found: re.Match[str]) -> str:
    name = named.get(found["head"])
    return f"the {name}" if name else found.group()


def fill_document_region(facts: list[Fact], main_region: str | None) -> None:
    """Facts naming no place take the document's region (`main_region`, else one that
    dominates its facts): a person quoted in a Zhengzhou release speaks for Zhengzhou."""
    region = main_region
    if region is None:
        regions = Counter(f.region for f in facts if f.region)
        if not regions:
            return
        region, count = regions.most_common(1)[0]
        if count <= DOMINANT_SHARE * sum(regions.values()):
            return
    for position, fact in enumerate(facts):
        if not fact.region:
            facts[position] = replace(fact, region=region)
