"""Fact extraction from cleaned English briefing text.

`extract_facts` walks the sentences of one document and returns the facts a careful reader
would list: amounts and counts with their year-on-year changes (several per sentence when a
sentence lists them), targets, rankings, dated events and people with their roles. Each fact
carries its sentence and offsets, a readable subject, a period, a region and topic tags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from briefing import kinds
from briefing.extract.amounts import figure_facts
from briefing.extract.anaphora import (
    fill_document_region,
    resolve_generic_roles,
    resolve_generic_subjects,
    resolve_pointing_changes,
)
from briefing.extract.bounds import without_bounds
from briefing.extract.events import find_events
from briefing.extract.figures import find_figures, format_value
from briefing.extract.inheritance import (
    Pending,
    PeriodReader,
    needs_period,
    opens_paragraph,
    says_full_year,
    settle_periods,
)
from briefing.extract.maker import DocumentContext, FactMaker
from briefing.extract.people import PersonMatch, find_people
from briefing.extract.periods import find_period
from briefing.extract.places import (
    COUNTRY,
    REGION_NAMES,
    Mention,
    find_regions,
    region_near,
    without_appositives,
    without_compared,
)
from briefing.extract.rankings import RankMatch, find_rankings, lead_list_name, list_name
from briefing.extract.subjects import MAX_SUBJECT_CHARS, PRONOUNS, is_fragment, shorten, tidy
from briefing.extract.topics import topics_for
from briefing.extract.wordlists import tokens_of
from briefing.text import Sentence
from core.facts import Fact, FactKind

__all__ = [
    "KINDS",
    "MAX_SUBJECT_CHARS",
    "UNNAMED_RANKING",
    "DocumentContext",
    "extract_facts",
    "fact_log_line",
]

KINDS: tuple[str, ...] = tuple(FactKind)
"""The kind names, for callers that check user input against them."""
UNNAMED_RANKING = "ranking"
"""The subject of a ranking whose list is not named; a named one replaces it on de-dup."""


_ENUMERATOR = re.compile(
    r"^(?:first|second|third|fourth|fifth|sixth|firstly|secondly|thirdly|finally|lastly"
    r"|meanwhile|in addition|also)\b,?",
    re.IGNORECASE,
)


def extract_facts(sentences: Sequence[Sentence], *, context: DocumentContext) -> list[Fact]:
    """All facts in a document's sentences, de-duplicated, in document order."""
    facts: list[Fact] = []
    pending: list[Pending] = []
    plan_context = False
    previous_text = ""
    title_text = next((s.text for s in sentences if s.is_title), "")
    title_period = (
        find_period(
            title_text, ref_year=context.ref_year, ref_month=context.ref_month, targets=False
        )
        if title_text
        else None
    )
    periods = PeriodReader(
        sentences,
        ref_year=context.ref_year,
        published=context.published,
        title_period=title_period,
    )
    paragraph = 0
    for index, sentence in enumerate(sentences):
        if opens_paragraph(sentences, index) and not _continues_list(sentences, index, paragraph):
            paragraph = index
        starts_enum = bool(_ENUMERATOR.match(sentence.text))
        plan_context = starts_enum and (
            plan_context or bool(re.search(r"\bwill\b", previous_text, re.IGNORECASE))
        )
        found = _sentence_facts(
            sentence,
            context=context,
            plan_context=plan_context,
            earlier=(sentences, index, title_text),
            inherit=(periods, index, paragraph),
        )
        for fact in found:
            if needs_period(fact):
                carried = periods.carried(index, paragraph=paragraph)
                pending.append(Pending(len(facts), carried, says_full_year(sentence.text)))
            facts.append(fact)
        previous_text = sentence.text
    settle_periods(
        facts,
        pending,
        title_period=title_period,
        published=context.published,
        ref_year=context.ref_year,
    )
    resolve_generic_subjects(facts, sentences)
    resolve_pointing_changes(facts, sentences)
    resolve_generic_roles(facts, sentences)
    fill_document_region(facts, context.main_region)
    return without_bounds(_deduplicate(_without_title_echoes(facts)))


_LIST_ITEM = re.compile(r"^\s*(?:\(\d{1,2}\)|\d{1,2}[.)]\s|[-•*·]\s)")
"""A numbered or bulleted list item: "(1) By 2025, ...", "2. ...", "- ..."."""


def _continues_list(sentences: Sequence[Sentence], index: int, paragraph: int) -> bool:
    """Whether sentence `index` is an item of the list the paragraph at `paragraph` opened
    ("... the following main targets:" then "(1) By 2025, ...", "(2) ..."): the items share
    what the list said, as one paragraph would."""
    if not index or not _LIST_ITEM.match(sentences[index].text):
        return False
    return any(
        s.text.rstrip().endswith((":", "：")) or _LIST_ITEM.match(s.text)
        for s in sentences[paragraph:index]
    )


def _earlier_texts(sentences: Sequence[Sentence], index: int, title_text: str) -> list[str]:
    """The three sentences before `index`, nearest first, then the title (if any)."""
    texts = [s.text for s in reversed(sentences[max(0, index - 3) : index])]
    if title_text:
        texts.append(title_text)
    return texts


def _sentence_facts(
    sentence: Sentence,
    *,
    context: DocumentContext,
    plan_context: bool,
    earlier: tuple[Sequence[Sentence], int, str],
    inherit: tuple[PeriodReader, int, int],
) -> list[Fact]:
    text = sentence.text
    # Find candidates first; most sentences hold none, and then nothing else is computed.
    tokens = tokens_of(text)
    events = find_events(text, published=context.published, fallback_year=context.ref_year)
    ranks = find_rankings(text, tokens=tokens)
    figures = find_figures(text, title=sentence.is_title, tokens=tokens)
    if ranks:  # a rank's own number ("ranked No. 3") is not a figure
        blocked = [(rank.start, rank.end) for rank in ranks]
        figures = [f for f in figures if not any(lo <= f.num_start < hi for lo, hi in blocked)]
    people = find_people(text, tokens=tokens) if not sentence.is_title else []
    if not events and not ranks and not figures and not people:
        return []
    mentions = without_appositives(without_compared(find_regions(text), text), text)
    out: list[Fact] = []
    reader, index, paragraph = inherit
    make = FactMaker(
        sentence,
        context.source,
        context.main_region,
        None if sentence.is_title else partial(reader.inherited, index=index, paragraph=paragraph),
    )
    for event in events:
        # "the 2022 Jiangsu Industrial Internet Conference was held in Wuxi": Jiangsu's event.
        named = [m for m in find_regions(event.subject) if m.name != COUNTRY]
        out.append(
            make(
                kind=FactKind.EVENT,
                subject=event.subject,
                region=named[0].name if named else event.place or region_near(mentions, len(text)),
                period=str(event.event_date.year)
                if event.event_date
                else find_period(text, ref_year=context.ref_year, ref_month=context.ref_month),
                value_text=event.when_text,
                event_date=event.event_date,
            )
        )
    stated = figure_facts(
        text, figures, mentions=mentions, context=context, plan_context=plan_context, make=make
    )
    # Built only if a ranking needs it: most sentences never look back.
    looking_back = partial(_earlier_texts, *earlier) if ranks else list
    for rank in ranks:
        out.append(_ranking(rank, text, stated.subjects, mentions, context, make, looking_back))
    out.extend(stated.facts)
    for person in people:
        out.append(_person(person, text, mentions, make))
    return out


def _ranking(
    rank: RankMatch,
    text: str,
    subjects: dict[int, str],
    mentions: list[Mention],
    context: DocumentContext,
    make: FactMaker,
    earlier: Callable[[], list[str]],
) -> Fact:
    """A rank with what is ranked and in which list.

    "..., ranking 4th among cities nationwide" ranks the figure before it ("5G base stations
    among cities nationwide"); "In the 2023 China Digital City Development Index, Tianjin ranked
    9th" names its list first; an unnamed list is looked for nearby ("Top 100 ...").
    """
    among = rank.among
    lead = lead_list_name(text)
    if among is None:
        among = (
            (lead.name if lead else None)
            or list_name(text)
            or next((name for name in map(list_name, earlier()) if name), None)
        )
    elif lead and lead.name not in among:
        among = f"{among} among {lead.name}" if lead.among else f"{lead.name} among {among}"
    entity = tidy(rank.entity)
    places = find_regions(entity) if _PLACE_THEN_VERB.match(entity) else []
    if places and places[0].start == 0:
        entity = places[0].name  # "Hefei entered the top 20 ..., ranking 17th": Hefei is ranked
    elif is_fragment(entity):
        entity = ""
    if rank.participle:  # the figure before it, not a share of it ("..., accounting for")
        before = [
            start
            for start in subjects
            if start < rank.start and " share of " not in subjects[start]
        ]
        if before:
            entity = subjects[max(before)]
    entity_region = entity if entity in REGION_NAMES else None
    if among is None:
        subject = entity or UNNAMED_RANKING
    elif entity and not entity_region and entity.lower() not in PRONOUNS:
        subject = f"{entity} in {among}"
    else:
        subject = among
    return make(
        kind=FactKind.RANKING,
        subject=shorten(subject),
        # A place after the rank is the list's field ("ranks No. 1 in Guizhou"), not the ranked.
        region=entity_region
        or region_near([m for m in mentions if m.end <= rank.start], rank.start),
        period=find_period(
            among or "", ref_year=context.ref_year, ref_month=context.ref_month, targets=False
        )
        or find_period(
            text, ref_year=context.ref_year, ref_month=context.ref_month, targets=False
        ),
        value=float(rank.rank),
        value_text=rank.rank_text,
        unit="rank",
        base_value=float(rank.rank),
    )


def _person(person: PersonMatch, text: str, mentions: list[Mention], make: FactMaker) -> Fact:
    """A person with their role; the role's place is theirs, never a default.

    A person cited without a role ("According to Lu Xiumin, Shandong will ...") takes the
    place their sentence speaks of.
    """
    fact = make(kind=FactKind.PERSON, subject=person.name, region=None, period=None)
    if person.role is None:
        return replace(fact, region=region_near(mentions, len(text)), topics=("people",))
    role_regions = find_regions(person.role)
    return replace(
        fact,
        region=role_regions[-1].name if role_regions else None,
        value_text=person.role,
        topics=("people", *topics_for(person.role, "")),
    )


_PLACE_THEN_VERB = re.compile(r"^[A-Z][\w' ]*?\s+[a-z]+ed\b")
HEADLINE_ROUNDING = 0.1
"""A headline figure this close to a body figure of the same unit is that figure, rounded."""
_FIGURE_KINDS = frozenset({FactKind.METRIC, FactKind.COUNT, FactKind.TARGET})


def _without_title_echoes(facts: list[Fact]) -> list[Fact]:
    """Drop headline facts the body states in full, and headline wording that is no subject.

    "Tops 490 Billion Yuan" beside the body's 490.5 billion yuan, "Grow 15.2%" beside the
    body's +15.2%: the body's sentence is the one to cite, so a title never outranks it.
    """
    body = [f for f in facts if not f.from_title]
    return [
        fact
        for fact in facts
        if not fact.from_title or not (is_fragment(fact.subject) or _echoed(fact, body))
    ]


def _echoed(title: Fact, body: list[Fact]) -> bool:
    for other in body:
        if title.region is not None and other.region not in (None, title.region):
            continue
        if title.kind is FactKind.RANKING or other.kind is FactKind.RANKING:
            if title.kind is other.kind and title.value == other.value:
                return True
            continue
        if title.kind not in _FIGURE_KINDS or other.kind not in _FIGURE_KINDS:
            continue
        if title.change is not None and (
            title.change == other.value
            or (
                other.change is not None
                and abs(other.change - title.change) <= HEADLINE_ROUNDING * abs(title.change)
            )
        ):
            return True  # "Grows Nearly 12%" beside the body's +11.9%
        if (
            title.base_value
            and other.base_value
            and title.unit == other.unit
            and abs(other.base_value - title.base_value) <= HEADLINE_ROUNDING * title.base_value
        ):
            return True
    return False


def _deduplicate(facts: list[Fact]) -> list[Fact]:
    """One fact per measure: a body sentence beats the headline; gaps are filled from both."""
    kept: dict[tuple[object, ...], Fact] = {}
    merged: set[int] = set()  # facts a duplicate was merged into: they sort first in a sentence
    for fact in facts:
        key = kinds.KINDS[fact.kind].dedup_key(fact)
        existing = kept.get(key)
        if existing is None:
            kept[key] = fact
            continue
        if fact.kind is FactKind.PERSON:  # one person: the fullest role wins
            if len(fact.value_text or "") > len(existing.value_text or ""):
                kept[key] = fact
            continue
        winner, other = (fact, existing) if existing.from_title else (existing, fact)
        period = winner.period or other.period
        subject = other.subject if winner.subject == UNNAMED_RANKING else winner.subject
        if period != winner.period or subject != winner.subject:  # a copy only when it differs
            winner = replace(winner, period=period, subject=subject)
        kept[key] = winner
        merged.add(id(winner))
    order = {id(f): i for i, f in enumerate(facts)}
    return sorted(
        kept.values(),
        key=lambda f: (f.from_title, f.start, 0 if id(f) in merged else order[id(f)]),
    )


def fact_log_line(fact: Fact) -> str:
    """One line for debug logs: kind, subject, value, change, period, region."""
    value = f"{format_value(fact.value)} {fact.unit or ''}".strip() if fact.value else ""
    return f"{fact.kind}: {fact.subject} = {value} ({fact.change}) [{fact.period}, {fact.region}]"
