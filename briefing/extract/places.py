"""Regions: the cities and provinces a sentence names, and a document's main place."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from briefing.extract.wordlists import words
from briefing.geography import CITIES, PROVINCES

# Provincial-level divisions of China, and cities often covered in briefing news (see
# `briefing.geography`).
REGION_NAMES: frozenset[str] = frozenset(PROVINCES + CITIES)
_PROVINCE_NAMES = frozenset(PROVINCES)
# "China" counts only where the sentence is about the country, not in a name ("Digital China").
COUNTRY = "China"

# Capitalised words that precede "City"/"District" in names that are not places.
_NOT_PLACE_WORDS = words(
    """Smart Digital Safe Garden Model Pilot Civilized Civilised Green New Innovative Sponge
    Intelligent Central Capital Top First Eco Future Forest Livable Liveable Tourism Silicon
    Sister Host Open Free Learning Creative Healthy Resilient Inclusive Global Industrial
    International Modern Low Carbon National Provincial Municipal Data Cloud Science Tech
    Technology Innovation Culture Cultural Historic Famous Happy Beautiful"""
)
_LEVELS = frozenset({"Province", "City", "Municipality", "District", "County"})
# A capitalised word and a peek at the next one (for two-word names and "X City").
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:'an)?")  # word start checked in code: fast scan
_SPACE_CAPITAL = frozenset(" " + chr(c) for c in range(ord("A"), ord("Z") + 1))
_COUNTRY = re.compile(
    r"(?:\b(?:in|across|of|throughout|nationwide in)\s+China\b(?!\s+[A-Z][a-z])|\bChina's)"
)  # "of China Mobile" names a company
# "of China" after a capitalised word is part of a name ("the Optics Valley of China"), except
# after "Republic".
_NAME_BEFORE_OF = re.compile(r"(?<![A-Za-z])(?!Republic\b)[A-Z][a-z]+\s+$")
_QUOTED = re.compile(r'"[^"\n]{1,120}"')


@dataclass(frozen=True)
class Mention:
    """A region named in a text, with its position."""

    name: str
    start: int
    end: int


def find_regions(text: str) -> list[Mention]:
    """Regions named in `text` in order, outside quoted names."""
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)] if '"' in text else []
    found: list[Mention] = []
    skip_until = -1
    for match in _CAPITALISED.finditer(text):
        start, end = match.span()
        word = match.group()
        if word not in REGION_NAMES and text[end : end + 2] not in _SPACE_CAPITAL:
            continue  # not a region, and no capitalised word follows to make one
        if start < skip_until or (start and text[start - 1].isalnum()):
            continue
        if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
            continue  # "the Guangdong-Macao Cooperation Zone": a name, not Macao
        if end < len(text) and (text[end] == "-" or text[end].isalnum()):
            continue
        if quoted and any(lo <= start < hi for lo, hi in quoted):
            continue
        # The next word matters only when it is capitalised too ("Hong Kong", "Jinan City").
        nxt = _CAPITALISED.match(text, end + 1) if text[end : end + 2] in _SPACE_CAPITAL else None
        following = nxt.group() if nxt and not text[nxt.end() : nxt.end() + 1].isalnum() else ""
        pair = f"{word} {following}" if following else ""
        if pair in REGION_NAMES:
            end = start + len(pair)
            found.append(Mention(pair, start, end))
            skip_until = end
        elif word in REGION_NAMES:
            end = start + len(word) + (len(following) + 1 if following in _LEVELS else 0)
            found.append(Mention(word, start, end))
        elif following in _LEVELS and word not in _NOT_PLACE_WORDS and len(word) > 2:
            found.append(Mention(word, start, start + len(pair)))
            skip_until = start + len(pair)
    if "China" not in text:
        return found
    for match in _COUNTRY.finditer(text):
        if any(lo <= match.start() < hi for lo, hi in quoted):
            continue
        if text[match.end() : match.end() + 1] == "-":
            continue  # "the China-ASEAN Information Harbor": a name, not the country
        if text.startswith("of", match.start()) and _NAME_BEFORE_OF.search(
            text, max(0, match.start() - 16), match.start()
        ):
            continue
        found.append(Mention(COUNTRY, match.start(), match.end()))
    found.sort(key=lambda m: m.start)
    return found


_COMPARED_BEFORE = re.compile(
    r"\b(?:after|behind|than|like|surpassing|overtaking|trailing|outpacing)\s+(?:only\s+)?$",
    re.IGNORECASE,
)
_SCOPE_BEFORE = re.compile(
    r"\b(?:highest|largest|biggest|most|best|lowest|fastest|first|leading)\b[^,.;\d]{0,40}?"
    r"\b(?:in|among|of)\s+(?:the\s+)?(?:(?:north|south|east|west|northeast|northwest|southeast"
    r"|southwest|central)(?:ern)?\s+)?(?:China's\s+)?$",
    re.IGNORECASE,
)
"""Before the place a figure is ranked in, not the figure's place ("the highest density in
western Guangdong")."""
_LIST_GAP = re.compile(r",\s*|\s+and\s+|,\s+and\s+")


def without_compared(mentions: list[Mention], text: str) -> list[Mention]:
    """`mentions` but the places a figure is compared with ("the third-most among Chinese
    cities after Beijing and Shanghai"): they are no region of the sentence's figures."""
    kept: list[Mention] = []
    compared_end = -1
    for mention in mentions:
        before = text[max(0, mention.start - 24) : mention.start]
        listed = compared_end >= 0 and _LIST_GAP.fullmatch(text, compared_end, mention.start)
        scope = _SCOPE_BEFORE.search(text, max(0, mention.start - 60), mention.start)
        if _COMPARED_BEFORE.search(before) or listed or scope:
            compared_end = mention.end
            continue
        compared_end = -1
        kept.append(mention)
    return kept


_APPOSITIVE_OPENING = re.compile(
    r",\s+(?:(?:the|a|an)\s+)?(?:[a-z-]+\s+){0,3}(?:capital|city|hub|port|seat)\s+(?:of|in)\s+[^,;.\d]*",
    re.IGNORECASE,
)
_APPOSITIVE_CLOSING = re.compile(r"[^,;.\d]{0,40},")


def without_appositives(mentions: list[Mention], text: str) -> list[Mention]:
    """`mentions` but the places of an appositive that describes the place before it
    ("Taiyuan, the capital of north China's Shanxi Province, said ..."): the sentence's figures
    are the first place's."""
    kept: list[Mention] = []
    for mention in mentions:
        if (
            kept
            and _APPOSITIVE_OPENING.fullmatch(text, kept[-1].end, mention.start)
            and _APPOSITIVE_CLOSING.match(text, mention.end)
        ):
            continue
        kept.append(mention)
    return kept


def region_near(mentions: list[Mention], position: int) -> str | None:
    """The region named closest before `position`, else the first one after it."""
    before = [m for m in mentions if m.end <= position]
    if before:
        best = before[-1]
        # Prefer a city or province over the country when both precede.
        if best.name == COUNTRY:
            named = [m for m in before if m.name != COUNTRY]
            if named:
                return named[-1].name
        return best.name
    # After the figure only a city or province counts: "... in China" closes many a sentence.
    after = [m for m in mentions if m.name != COUNTRY]
    return after[0].name if after else None


def _count_country(text: str) -> int:
    """`len(_COUNTRY.findall(text))`, with the pattern tried only where "China" occurs.

    Scanning a whole document with the pattern is slow; a match ends at most 7 characters
    after "China" and starts at most 14 before the whitespace run that precedes it.
    """
    count = pos = 0
    while (at := text.find(COUNTRY, pos)) != -1:
        lead = at
        while lead > pos and text[lead - 1].isspace():
            lead -= 1
        match = _COUNTRY.search(text, max(pos, lead - 14), at + 7)
        if match is not None and match.start() <= at:
            count += 1
            pos = match.end()
        else:
            pos = at + 1
    return count


_TWO_WORD_NAMES = tuple(n for n in REGION_NAMES if " " in n)


class MainPlaces(NamedTuple):
    """What a document is mostly about: its main region, and the province it names most."""

    region: str | None
    province: str | None


def main_places(title: str, body: str) -> MainPlaces:
    """The document's main place, the region named most often (the title counts thrice), and
    the province named most often ("the province's total" in a report on one of its cities);
    the text is read once for both."""
    ranked = [name for name, _ in _place_counts(title, body).most_common()]
    regions = [name for name in ranked if name != COUNTRY]
    region = regions[0] if regions else (COUNTRY if ranked else None)
    province = next((name for name in regions if name in _PROVINCE_NAMES), None)
    return MainPlaces(region, province)


def _place_counts(title: str, body: str) -> Counter[str]:
    """How often each region is named (the title counts thrice)."""
    counts: Counter[str] = Counter()
    for weight, text in ((3, title), (1, body)):
        # Counting every capitalised word in C first leaves one step per distinct word.
        for word, count in Counter(_CAPITALISED.findall(text)).items():
            if word in REGION_NAMES:
                counts[word] += weight * count
        for name in _TWO_WORD_NAMES:
            if name in text:
                counts[name] += weight * text.count(name)
        if COUNTRY in text:
            counts[COUNTRY] += weight * _count_country(text)
    return counts
