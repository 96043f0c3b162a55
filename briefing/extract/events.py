"""Dated events ("On May 21, ... were held") and people with their roles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from briefing.extract.places import REGION_NAMES
from briefing.extract.wordlists import tokens_of, words

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s*(?P<year>(?:19|20)\d{2}))?"
_ON_DATE = re.compile(rf"^(?:On|As of)\s+{_MONTH}\s+{_DAY},?\s+(?P<rest>.+)$")
_HELD_ON = re.compile(
    r"\s(?:was|were|is|will be)\s+"
    r"(?:held|opened|launched|released|published|convened|inaugurated|unveiled|issued)"
    rf"(?:\s+in\s+[A-Z][\w']+)?\s+on\s+{_MONTH}\s+{_DAY}"
)
_HELD_HINTS: tuple[str, ...] = (
    " held ",
    " opened ",
    " launched ",
    " released ",
    " published ",
    " convened ",
)
_HELD_HINTS += (" inaugurated ", " unveiled ", " issued ")
EVENT_NOUNS = re.compile(
    r"\b(?:meetings?|forums?|conferences?|expo|exhibitions?|summits?|reports?|ceremon(?:y|ies)"
    r"|fairs?|sessions?|congress|letter|competitions?|festivals?|symposiums?|seminars?"
    r"|workshops?|signing|launch|plenary|contests?|dialogues?|roundtables?|week|white paper"
    r"|index|list|plan|conventions?|assembl(?:y|ies)|talks)\b",
    re.IGNORECASE,
)
_EVENT_VERB_CUT = re.compile(
    r"\s+(?:was|were|is|are|has|have|had|held|opened|closed|kicked|took|focused|focuses"
    r"|released|issued|published|announced|launched|pointed|said|says|showed|shows|revealed"
    r"|evaluated|ranked|signed|convened|began|started|ended|attracted|brought|gathered"
    r"|with the theme|themed|under the theme)\b",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(r"^(?:in|at|during)\s+(?:his|her|its|their|a|an)\s+", re.IGNORECASE)
_HELD_IN = re.compile(r"\bheld\s+in\s+(?P<place>[A-Z][\w']+)")


@dataclass(frozen=True)
class EventMatch:
    """A dated event mentioned in a sentence."""

    subject: str
    when_text: str
    event_date: date | None
    place: str | None


def resolve_day(
    month: int, day: int, *, year: int | None, published: date | None, fallback_year: int | None
) -> date | None:
    """A full date for a month and day: the given year, else the one before publication."""
    try:
        if year is not None:
            return date(year, month, day)
        if published is not None:
            candidate = date(published.year, month, day)
            if candidate > published + timedelta(days=31):
                candidate = date(published.year - 1, month, day)
            return candidate
        if fallback_year is not None:
            return date(fallback_year, month, day)
    except ValueError:
        return None
    return None


def find_event(
    sentence: str, *, published: date | None, fallback_year: int | None
) -> EventMatch | None:
    """The dated event a sentence reports, if it reports one."""
    on = _ON_DATE.match(sentence) if sentence.startswith(("On", "As of")) else None
    if on:
        rest = _LEAD_IN.sub("", on.group("rest").strip())
        cut = _EVENT_VERB_CUT.search(rest)
        subject = rest[: cut.start()] if cut else rest
        subject = subject.split(", ")[0] if ", " in subject else subject
        match: re.Match[str] = on
    else:
        if not any(map(sentence.__contains__, _HELD_HINTS)):
            return None
        held = _HELD_ON.search(sentence)
        if held is None:
            return None
        subject = re.split(r"[,;]\s", sentence[: held.start()])[-1]
        match = held
    subject = re.sub(r"^(?:the|a|an)\s+", "", subject.strip(" ,;:."), flags=re.IGNORECASE)
    if not subject or not EVENT_NOUNS.search(subject):
        return None
    year_text = match.group("year")
    inline_year = re.search(r"\b((?:19|20)\d{2})\b", subject)
    fallback = int(inline_year.group(1)) if inline_year else fallback_year
    # A year in the event's name ("the 2021 Forum") beats the one the publication date implies.
    when = resolve_day(
        _MONTHS[match.group("month")[:3].lower()],
        int(match.group("day")),
        year=int(year_text) if year_text else (int(inline_year.group(1)) if inline_year else None),
        published=published,
        fallback_year=fallback,
    )
    when_text = f"{match.group('month')} {match.group('day')}"
    if year_text:
        when_text += f", {year_text}"
    place = _HELD_IN.search(sentence)
    return EventMatch(
        subject=subject[:160].rstrip(),
        when_text=when_text,
        event_date=when,
        place=place.group("place") if place else None,
    )


_ROLE_WORDS = (
    r"(?i:secretary|mayor|vice[- ]mayor|governor|vice[- ]governor|director|director-general"
    r"|chairman|chairwoman|chair|president|premier|minister|head|chief|ceo|cto|professor"
    r"|dean|manager|founder|commissioner|deputy|member|spokesperson|spokesman|academician)"
)
_NAME = r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}"
# "Zhao Haozhi, Deputy Secretary of ... and Mayor of Qingdao, has made ..."
_NAME_THEN_ROLE = re.compile(
    rf"(?<![\w'])(?P<name>{_NAME}),\s+(?P<role>(?i:the\s+)?(?i:(?:deputy|vice|executive|general"
    rf"|party|first|standing)\s+)*{_ROLE_WORDS}\b[^;]*?)"
    r"(?=,\s|\.\s|\.$|;|\s(?:said|says|attended|noted|stressed|pointed|added|has|had|was)\b)"
)
# "President Xi Jinping", "General Secretary Xi Jinping", "Mayor Zhao Haozhi"
_ROLE_THEN_NAME = re.compile(
    r"\b(?P<role>(?:General\s+|Deputy\s+|Vice\s+|Party\s+)?(?:Secretary|President|Premier"
    r"|Mayor|Governor|Chairman|Minister|Director|Professor|Academician))\s+"
    r"(?P<name>[A-Z][a-z]+\s[A-Z][a-z]+)\b"
)
_NOT_NAMES = words(
    """The This That These Those It In On At By For With From And But Meanwhile According
    Municipal Provincial Party Committee Government People Council City Province"""
)


@dataclass(frozen=True)
class PersonMatch:
    """A person named in a sentence with their role."""

    name: str
    role: str


_ROLE_TOKENS = words(
    """secretary mayor governor director chairman chairwoman chair president premier minister
    head chief ceo cto professor dean manager founder commissioner deputy member spokesperson
    spokesman academician"""
)


def find_people(sentence: str, *, tokens: frozenset[str] | None = None) -> list[PersonMatch]:
    """People a sentence names together with a role (`tokens`: its `tokens_of`, if known)."""
    found: list[PersonMatch] = []
    if not (tokens_of(sentence) if tokens is None else tokens) & _ROLE_TOKENS:
        return found
    for match in _NAME_THEN_ROLE.finditer(sentence):
        name = match.group("name")
        if not _is_person_name(name):
            continue
        role = match.group("role").strip(" ,")
        if not role[0].isalpha() or _ROLE_THEN_NAME.match(role):
            continue  # "X, General Secretary Xi Jinping": the title belongs to the next name
        found.append(PersonMatch(name, role))
    for match in _ROLE_THEN_NAME.finditer(sentence):
        name = match.group("name")
        if _is_person_name(name):
            found.append(PersonMatch(name, match.group("role")))
    return found


def _is_person_name(name: str) -> bool:
    words = name.split()
    if any(w in _NOT_NAMES or w in REGION_NAMES or w.endswith("ed") for w in words):
        return False
    return name not in REGION_NAMES
