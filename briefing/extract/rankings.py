"""Rankings: "ranks 7th among ...", "ranked No. 2 in ...", "has been the first in the country"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.extract.wordlists import tokens_of, words

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "top": 1,
}  # fmt: skip
_RANK = re.compile(
    r"\b(?P<verb>rank(?:s|ed|ing)?|placed|placing|came|comes|coming|finished|stood|stands"
    r"|been|was|is|became|becomes|remained|remains)\s+(?:in\s+)?(?:at\s+)?(?:the\s+)?"
    r"(?P<rank>(?:No\.|number)\s*(?P<no>\d{1,3})|(?P<ord>\d{1,3})(?:st|nd|rd|th)"
    r"|(?P<word>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|top))\b"
    r"(?P<tail>[^.;]*)",
    re.IGNORECASE,
)
_LINKING_VERBS = words("been was is became becomes remained remains")
_AMONG = re.compile(
    r"^\s*(?:place\s+)?(?:in|among|on|of)\s+(?:the\s+)?(?P<among>.+?)"
    r"(?=\s+(?:for|with|after|behind|ahead of|and\s+(?:has|is|was))\b|,|$)",
    re.IGNORECASE,
)
_TERMS = re.compile(r"\s+in\s+terms\s+of\s+(?P<terms>[^,.;]+)", re.IGNORECASE)
LIST_NAME = re.compile(
    r'"(?P<quoted>[^"]{3,80})"\s*(?:list|ranking|index)'
    r"|(?P<top>(?:(?:19|20)\d{2}\s+)?(?:[A-Z][\w-]*\s+)*Top\s+\d+(?:\s+[A-Z][\w-]*)+)"
)


@dataclass(frozen=True)
class RankMatch:
    """A rank stated in a sentence."""

    rank: int
    rank_text: str
    among: str | None  # what the ranking is of, if the sentence says
    entity: str  # the words before the verb: who or what is ranked
    start: int
    end: int


# Words one of which a ranking sentence must hold, checked before the full pattern runs.
_RANK_WORDS = words(
    "rank ranks ranked ranking no number placed placing place came comes finished stood stands top"
)
# The pattern's verbs and the words its ranks hold ("No.", "number", "7th", "third", "top").
_RANK_VERBS = words(
    """rank ranks ranked ranking placed placing came comes coming finished stood stands been was
    is became becomes remained remains"""
)
_RANK_MARKERS = words("no number st nd rd th first second third fourth fifth sixth seventh")
_RANK_MARKERS |= words("eighth ninth tenth top")
_ORDINAL_WORDS_SET = words(
    "first second third fourth fifth sixth seventh eighth ninth tenth th st nd rd"
)


def find_rankings(sentence: str, *, tokens: frozenset[str] | None = None) -> list[RankMatch]:
    """Ranks a sentence states (`tokens`: its `tokens_of`, if already computed)."""
    found: list[RankMatch] = []
    tokens = tokens_of(sentence) if tokens is None else tokens
    linked = tokens & _ORDINAL_WORDS_SET and ("in" in tokens or "among" in tokens)
    if not (tokens & _RANK_WORDS or linked):
        return found
    if sentence.isascii() and not (tokens & _RANK_VERBS and tokens & _RANK_MARKERS):
        return found  # ASCII words are exactly its tokens: no verb, or nothing that is a rank
    for match in _RANK.finditer(sentence):
        tail = match.group("tail")
        among_match = _AMONG.match(tail)
        if match.group("verb").lower() in _LINKING_VERBS and among_match is None:
            continue  # "is the first city to ...": not a ranking
        if match.group("word") and match.group("word").lower() == "top" and not among_match:
            continue
        if match.group("no"):
            rank = int(match.group("no"))
        elif match.group("ord"):
            rank = int(match.group("ord"))
        else:
            rank = _ORDINAL_WORDS[match.group("word").lower()]
        among = among_match.group("among").strip() if among_match else None
        if among:
            terms = _TERMS.search(tail)
            if terms and terms.group("terms") not in among:
                among = f"{among} in {terms.group('terms').strip()}"
            among = re.sub(r"\s+in\s+terms\s+of\s+", " in ", among)
        entity = sentence[: match.start()].rsplit(",", 1)[-1]
        found.append(
            RankMatch(
                rank=rank,
                rank_text=match.group("rank"),
                among=among,
                entity=entity.strip(),
                start=match.start(),
                end=match.end("rank"),
            )
        )
    return found


def list_name(text: str) -> str | None:
    """A named list or ranking in `text` ("2022 Top 100 Digital Cities"), if any."""
    match = LIST_NAME.search(text)
    if match is None:
        return None
    return (match.group("quoted") or match.group("top")).strip()
