"""Rankings: "ranks 7th among ...", "ranked No. 2 in ...", "has been the first in the country"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from briefing.extract.patterns import ORDINAL_WORD, ORDINALS, any_of
from briefing.extract.wordlists import tokens_of, word_list, words

_ORDINAL_WORDS = {**ORDINALS, "top": 1}
_PLACING = "rank ranks ranked ranking placed placing came comes coming finished stood stands"
"""The verbs that give something a place in a ranking ("ranked 7th", "came third")."""
_LINKING = "been was is became becomes remained remains"
"""The verbs that state a place as what something is ("has been the first")."""
_RANK = re.compile(
    rf"\b(?P<verb>{'|'.join(word_list(f'{_PLACING} {_LINKING}'))})"
    r"\s+(?:in\s+)?(?:at\s+)?(?:the\s+)?"
    r"(?P<rank>(?:No\.|number)\s*(?P<no>\d{1,3})|(?P<ord>\d{1,3})(?:st|nd|rd|th)"
    rf"|(?P<word>{ORDINAL_WORD}|top))\b"
    r"(?P<tail>[^.;,]*)",
    re.IGNORECASE,
)
_LINKING_VERBS = words(_LINKING)
_AFTER_AMONG = any_of(
    r"for, with, after, behind, ahead of, thanks to, due to, owing to, because, driven by,"
    r" and\s+(?:has|is|was)"
)
"""Where what a ranking is among ends: "7th among cities in China *thanks to* ..."."""
_AMONG = re.compile(
    rf"^\s*(?:place\s+)?(?:in|among|on|of)\s+(?:the\s+)?(?P<among>.+?)(?=\s+{_AFTER_AMONG}\b|,|$)",
    re.IGNORECASE,
)
_TERMS = re.compile(r"\s+in\s+terms\s+of\s+(?P<terms>[^,.;]+)", re.IGNORECASE)
LIST_NAME = re.compile(
    r'"(?P<quoted>[^"]{3,80})"\s*(?:list|ranking|index)'
    r'|"(?P<named>[^"]{3,80}(?:Index|Ranking|List|Report)[^"]{0,20})"'
    r"|(?P<titled>(?:(?:19|20)\d{2}\s+)?(?:[A-Z][\w-]*\s+){1,8}(?:Index|Ranking|Rankings"
    r"|List)\b)"
    r"|(?P<top>(?:(?:19|20)\d{2}\s+)?(?:[A-Z][\w-]*\s+)*Top\s+\d+(?:\s+[A-Z][\w-]*)+)"
)


# "... ranked 101st to 120th": a range of places, not a rank.
_RANGE_AFTER = re.compile(r"\s*(?:to|-)\s*\d{1,3}(?:st|nd|rd|th)\b")
# ", and 2nd among cities in central China": a second rank of the same entity.
_AND_RANK = re.compile(
    r"(?:,\s*[^,.;]{0,30})?,?\s+and\s+(?P<rank>(?P<ord>\d{1,3})(?:st|nd|rd|th)"
    rf"|(?P<word>{ORDINAL_WORD}))"
    r"\s+(?P<tail>(?:among|in)\s+[^.;,]+)",
    re.IGNORECASE,
)
# "In the 2023 China Digital City Development Index, Tianjin ranked 9th": the list's name.
_LEAD_LIST = re.compile(
    r"^In\s+the\s+(?P<name>(?:(?:19|20)\d{2}\s+)?[A-Z][\w'-]*(?:\s+(?:[A-Z\d][\w'-]*|of|and"
    r"|for|on|in))*?)(?:\s+of\s+[a-z][^,]*)?,"
)
# "Among the 15 cities designated as "China Software Famous Cities", Wuhan ranked 9th".
_LEAD_AMONG = re.compile(r"^Among\s+(?:the\s+)?(?P<name>[^,]{3,90}),")
PARTICIPLES = words("ranking placing coming")
"""Rank verbs that hang off the clause before: "..., ranking 4th" ranks that clause's figure."""


@dataclass(frozen=True)
class RankMatch:
    """A rank stated in a sentence."""

    rank: int
    rank_text: str
    among: str | None  # what the ranking is of, if the sentence says
    entity: str  # the words before the verb: who or what is ranked
    start: int
    end: int
    participle: bool = False  # ", ranking 4th": the clause before is what is ranked


# Words one of which a ranking sentence must hold, checked before the full pattern runs.
_RANK_WORDS = words(
    "rank ranks ranked ranking no number placed placing place came comes finished stood stands top"
)
# The pattern's verbs and the words its ranks hold ("No.", "number", "7th", "third", "top").
_RANK_VERBS = words(f"{_PLACING} {_LINKING}")
_RANK_MARKERS = words("no number st nd rd th top") | frozenset(ORDINALS)
_ORDINAL_WORDS_SET = words("th st nd rd") | frozenset(ORDINALS)


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
        if _RANGE_AFTER.match(sentence, match.end("rank")):
            continue
        found.extend(_ranks_of(sentence, match))
    return found


def _ranks_of(sentence: str, match: re.Match[str]) -> list[RankMatch]:
    """The rank a match states, and a second one joined to it by "and"."""
    found: list[RankMatch] = []
    for rank_match in (match, _AND_RANK.match(sentence, match.end())):
        if rank_match is None:
            break
        rank = _rank(sentence, rank_match, entity_end=match.start(), verb=match.group("verb"))
        if rank is None:
            break
        found.append(rank)
    return found


def _rank(
    sentence: str, match: re.Match[str], *, entity_end: int, verb: str | None
) -> RankMatch | None:
    tail = match.group("tail")
    among_match = _AMONG.match(tail)
    if (verb or "").lower() in _LINKING_VERBS and among_match is None:
        return None  # "is the first city to ...": not a ranking
    if match.group("word") and match.group("word").lower() == "top" and not among_match:
        return None
    if match.groupdict().get("no"):
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
    entity = sentence[:entity_end].rsplit(",", 1)[-1]
    return RankMatch(
        rank=rank,
        rank_text=match.group("rank"),
        among=among,
        entity=entity.strip(),
        start=match.start(),
        end=match.end("rank"),
        participle=(verb or "").lower() in PARTICIPLES,
    )


class LeadList(NamedTuple):
    """The list a sentence opens with, and whether it names the field ("Among the 15 ...")."""

    name: str
    among: bool


def lead_list_name(sentence: str) -> LeadList | None:
    """The list a sentence opens with: "In the 2023 China Digital City Development Index, ..."
    or "Among the 15 cities designated as "China Software Famous Cities", ..."."""
    if sentence.startswith("Among "):
        among = _LEAD_AMONG.match(sentence)
        return LeadList(among.group("name").replace('"', ""), True) if among else None
    if not sentence.startswith("In the "):
        return None
    match = _LEAD_LIST.match(sentence)
    if match is None:
        return None
    name = re.sub(r"\s+(?:of|and|for|on|in)$", "", match.group("name"))
    return LeadList(name, False) if any(w[0].isupper() for w in name.split()[1:]) else None


def list_name(text: str) -> str | None:
    """A named list or ranking in `text` ("2022 Top 100 Digital Cities"), if any."""
    match = LIST_NAME.search(text)
    if match is None:
        return None
    found = match.group("quoted") or match.group("named") or match.group("titled")
    return (found or match.group("top")).strip()
