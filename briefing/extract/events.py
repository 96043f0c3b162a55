"""Dated events: "On May 21, ... were held", "the Expo opened in Guiyang on May 26"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from briefing.extract.patterns import MONTH, MONTH_NUMBERS, any_of
from briefing.extract.wordlists import word_list

_MONTH = rf"(?P<month>{MONTH})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s*(?P<year>(?:19|20)\d{2}))?"
_ON_DATE = re.compile(rf"^(?:On|As of)\s+{_MONTH}\s+{_DAY},?\s+(?P<rest>.+)$")
# The verbs that make a dated sentence an event even when its subject names no meeting.
_ACTION = (
    r"(?:signed|launched|released|opened|unveiled|issued|published|named|approved|established"
    r"|set\s+up|started|began|completed|inaugurated|announced|hosted|held|convened|kicked\s+off"
    r"|(?:went|was\s+put|were\s+put|put)\s+into\s+(?:operation|service|use))"
)
_ACTION_VERB = re.compile(
    rf"\s(?:(?:was|were|is|has\s+been|have\s+been)\s+)?(?P<verb>{_ACTION})\b"
)
_DATED_ACTION = re.compile(
    rf"\s(?:(?:was|were|is|will\s+be)\s+)?(?P<verb>{_ACTION})"
    r"(?:\s+in\s+(?P<place>[A-Z][\w']+)(?:,\s*[A-Z][\w']+(?:\s+Province)?)?)?"
    rf"\s+(?:on|from)\s+{_MONTH}\s+{_DAY}(?:\s*(?:-|to)\s*(?:[A-Z][a-z]+\.?\s+)?\d{{1,2}})?"
    r"(?P<last>\s+last\s+year)?"
)
_DATED_HINTS: tuple[str, ...] = (" on ", " from ")
_MONTH_ABBREVIATIONS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
_MONTH_STARTS: tuple[str, ...] = tuple(f" {m}" for m in word_list(_MONTH_ABBREVIATIONS))
_EVENT_NOUN_WORDS = any_of(
    "meetings?, forums?, conferences?, expo, exhibitions?, summits?, reports?, ceremon(?:y|ies),"
    " fairs?, sessions?, congress, letter, competitions?, festivals?, symposiums?, seminars?,"
    " workshops?, signing, launch, plenary, contests?, dialogues?, roundtables?, week,"
    " white paper, index, list, plan, conventions?, assembl(?:y|ies), talks, agreements?"
)
EVENT_NOUNS = re.compile(rf"\b{_EVENT_NOUN_WORDS}\b", re.IGNORECASE)
"""The nouns that name an event ("forum", "expo", "white paper")."""
_EVENT_VERBS = any_of(
    "was, were, is, are, has, have, had, held, opened, closed, kicked, took, focused, focuses,"
    " released, issued, published, announced, launched, pointed, said, says, showed, shows,"
    " revealed, evaluated, ranked, signed, convened, began, started, ended, attracted, brought,"
    " gathered, with the theme, themed, under the theme"
)
"""The verbs after an event's name: where the name ends ("the Expo opened in Guiyang")."""
_EVENT_VERB_CUT = re.compile(rf"\s+{_EVENT_VERBS}\b", re.IGNORECASE)
_LEAD_IN = re.compile(r"^(?:in|at|during)\s+(?:his|her|its|their|a|an)\s+", re.IGNORECASE)
_HELD_IN = re.compile(r"\b(?:held|opened|launched)\s+in\s+(?P<place>[A-Z][\w']+)")
_SUBJECT_LEAD = re.compile(r"^(?:(?:at|during|in|on)\s+)?(?:the|a|an)\s+", re.IGNORECASE)
_WHICH = re.compile(r",\s+which\s*$|\s+which\s*$")
_OBJECT_END = re.compile(r",\s|;|\.$|\s(?:and\s+(?:will|is|are|has)|which|marking|by\s+the)\b")
# The name a clause ends with: "He said that the Hefei AI Computing Center" → the Center.
_TRAILING_NAME = re.compile(
    r"(?:(?:19|20)\d{2}\s+)?[A-Z][\w'&-]*(?:\s+(?:of|and|for|on|[A-Z0-9][\w'&-]*))*"
    r"(?:\s+\([^)]*\))?\s*$"
)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
MAX_EVENT_WORDS = 16
"""An event named by an action ("X signed an agreement with Y on ...") is cut to this length."""


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


def find_events(
    sentence: str, *, published: date | None, fallback_year: int | None
) -> list[EventMatch]:
    """The dated events a sentence reports.

    "On May 21, the meeting of A and the meeting of B were held" reports two; "On July 22,
    the city signed an agreement with X" one (an action with its object is an event even
    without a meeting's name); so do "the Expo opened in Guiyang on May 26", "the Center,
    which went into operation on June 30," and "held in Guangzhou on December 9 last year".
    """
    dated = _on_date(sentence) if sentence.startswith(("On", "As of")) else None
    if (
        dated is None
        and any(map(sentence.__contains__, _DATED_HINTS))
        and any(map(sentence.__contains__, _MONTH_STARTS))
    ):
        dated = _dated_action(sentence)
    if dated is None:
        return []
    subjects, match = dated
    year_text = match.group("year")
    last_year = "last" in match.groupdict() and match.group("last") is not None
    out: list[EventMatch] = []
    held_in = _HELD_IN.search(sentence)
    place = match.groupdict().get("place") or (held_in.group("place") if held_in else None)
    for subject in subjects:
        inline_year = re.search(r"\b((?:19|20)\d{2})\b", subject)
        year: int | None = int(year_text) if year_text else None
        if year is None and last_year and published is not None:
            year = published.year - 1
        if year is None and inline_year:
            # A year in the event's name ("the 2021 Forum") beats the publication's.
            year = int(inline_year.group(1))
        when = resolve_day(
            MONTH_NUMBERS[match.group("month")[:3].lower()],
            int(match.group("day")),
            year=year,
            published=published,
            fallback_year=fallback_year,
        )
        when_text = f"{match.group('month')} {match.group('day')}"
        if year_text:
            when_text += f", {year_text}"
        out.append(
            EventMatch(
                subject=subject[:160].rstrip(),
                when_text=when_text,
                event_date=when,
                place=place,
            )
        )
    return out


def _on_date(sentence: str) -> tuple[list[str], re.Match[str]] | None:
    """ "On May 21, X was held": the events of a sentence that opens with its date."""
    on = _ON_DATE.match(sentence)
    if on is None:
        return None
    rest = _LEAD_IN.sub("", on.group("rest").strip())
    cut = _EVENT_VERB_CUT.search(rest)
    subject = rest[: cut.start()] if cut else rest
    subject = subject.split(", ")[0] if ", " in subject else subject
    subjects = _named_events(subject)
    if subjects:
        return subjects, on
    action = _ACTION_VERB.search(rest)
    if action is None:
        return None
    actor = _tidy_subject(rest[: action.start()].split(", ")[-1])
    obj = rest[action.end() :]
    end = _OBJECT_END.search(obj)
    obj = obj[: end.start()] if end else obj
    words = f"{actor} {action.group('verb')}{obj}".replace('"', "").split()
    if not actor or len(words) < 3:
        return None
    return [" ".join(words[:MAX_EVENT_WORDS]).rstrip(" ,.")], on


def _dated_action(sentence: str) -> tuple[list[str], re.Match[str]] | None:
    """ "X opened in Guiyang on May 26", "X, which went into operation on June 30"."""
    dated = _DATED_ACTION.search(sentence)
    if dated is None:
        return None
    before = sentence[: dated.start()]
    which = _WHICH.search(before)
    if which:
        before = before[: which.start()]
    name = _tidy_subject(re.split(r"[,;]\s", before)[-1])
    if which:
        trailing = _TRAILING_NAME.search(before)
        name = _tidy_subject(trailing.group()) if trailing else ""
    if not name:
        return None
    named = EVENT_NOUNS.search(name) is not None
    if not named and not (which and any(c.isupper() for c in name)):
        return None
    verb = dated.group("verb")
    subject = name if named and not which else f"{name} {re.sub(r'^(?:was|were) ', '', verb)}"
    return [subject.replace('"', "")], dated


def _named_events(subject: str) -> list[str]:
    """The events a subject names: one, or two joined by "and the" when each is a meeting."""
    subject = _tidy_subject(subject)
    if not subject or not EVENT_NOUNS.search(subject):
        return []
    parts = [_tidy_subject(p) for p in re.split(r"\s+and\s+(?=the\s)", subject)]
    parallel = len({p.split()[0].lower() for p in parts if p}) == 1 or " to " not in subject
    if len(parts) > 1 and parallel and all(EVENT_NOUNS.search(p) for p in parts):
        return parts  # "the first meeting of A and the first meeting of B were held"
    return [subject]


def _tidy_subject(text: str) -> str:
    text = _SUBJECT_LEAD.sub("", text.strip(" ,;:.")).replace('"', "")
    return _ARTICLE.sub("", text).strip(" ,;:.")
