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
from functools import lru_cache, partial

from briefing import kinds
from briefing.extract.events import find_event, find_people
from briefing.extract.figures import Figure, find_figures, format_value
from briefing.extract.maker import DocumentContext, FactMaker
from briefing.extract.periods import PERIOD_PHRASE, find_period
from briefing.extract.places import REGION_NAMES, Mention, find_regions, region_near
from briefing.extract.rankings import find_rankings, list_name
from briefing.extract.topics import topics_for
from briefing.extract.wordlists import tokens_of, words
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
MAX_SUBJECT_CHARS = 140
UNNAMED_RANKING = "ranking"
"""The subject of a ranking whose list is not named; a named one replaces it on de-dup."""


_CHANGE_CUE = re.compile(
    r"(?P<cue>(?:,?\s*with\s+)?(?:an?\s+)?(?:year[- ]on[- ]year\s+|yoy\s+|annual\s+)?"
    r"\b(?P<word>up|down|rose|rise|rises|rising|risen|grew|grow|grows|growing|growth|increase[sd]?"
    r"|increasing|decrease[sd]?|decreasing|decline[sd]?|declining|fell|fall|falls|falling"
    r"|dropped|drop|drops|jumped|jump|surged|soared|gained|climbed|plunged|slid|slipped"
    r"|expanded|contracted|shrank)\b(?:\s+(?:rate|of|by|a|an|year[- ]on[- ]year|yoy"
    r"|respectively))*\s*)$",
    re.IGNORECASE,
)
_NEGATIVE_CUES = words(
    "down decrease decreased decreases decreasing decline declined declines declining fell fall"
    " falls falling dropped drop drops plunged slid slipped contracted shrank"
)
_CHANGE_AFTER = re.compile(
    r"\s*(?:year[- ]on[- ]year|yoy|y-o-y|from a year (?:earlier|ago)|over the (?:previous|same"
    r" period|last) year|compared with (?:the )?(?:same period|last year|a year))",
    re.IGNORECASE,
)
_CHANGE_TO_NEXT = re.compile(
    r"\s*(?:year[- ]on[- ]year|yoy|from a year earlier)?\s*,?\s*(?:to|at|reaching|hitting)\s",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|plans? to|planned to|planning to|aims? to|aiming to|strives? to"
    r"|striving to|expects? to|(?:is|are) expected to|intends? to|targets?|goal|(?:is|are) set to)"
    r"\b",
    re.IGNORECASE,
)
_FUTURE_HINTS: tuple[str, ...] = (
    "will",
    "shall",
    "plan",
    "aim",
    "strive",
    "expect",
    "intend",
    "target",
    "goal",
)
_FUTURE_HINTS += ("set to",)
_BY_YEAR = re.compile(
    r"\bby\s+(?:the\s+end\s+of\s+)?(?P<year>(?:19|20)\d{2}|this year|next year)", re.IGNORECASE
)
_CREATION = re.compile(
    r"\b(?:build|building|create|creating|cultivate|cultivating|develop|developing|add|adding"
    r"|complete|completing|reach|reaching|achieve|achieving|attract|attracting|train|training"
    r"|implement|implementing|implementation|construct|constructing|construction|establish"
    r"|establishing|launch|launching|deploy|deploying|install|installing|transformation"
    r"|transform|transforming|upgrade|upgrading|foster|fostering|nurture|nurturing)\b",
    re.IGNORECASE,
)
_ENUMERATOR = re.compile(
    r"^(?:first|second|third|fourth|fifth|sixth|firstly|secondly|thirdly|finally|lastly"
    r"|meanwhile|in addition|also)\b,?",
    re.IGNORECASE,
)
_TIME_UNITS = frozenset({"years", "months", "days", "weeks", "times", "consecutive years"})
_LEADING = re.compile(
    r"^(?:[,;:.\s]+|and\s+|while\s+|whereas\s+|but\s+|meanwhile,?\s+|among them,?\s+"
    r"|of which,?\s+|in addition,?\s+|also\s+|with\s+|which\s+|respectively,?\s+"
    r"|according to [^,]+,\s*|(?:in|during|by|since|as of|at)\s+[^,]{1,40},\s+"
    r"|(?:he|she|it|they) said(?: that)?\s+|said that\s+|that\s+|the\s+|an?\s+|its\s+"
    r"|their\s+|(?:year[- ]on[- ]year|yoy)\b,?\s*"
    r"|(?:the\s+)?(?:city|province|country|region|municipality|district|nation)'s\s+"
    r"|(?:attract|attracting|build|building|cultivate|cultivating|add|adding|create|creating"
    r"|achieve|achieving|reach|reaching|complete|completing)\s+"
    r"|[A-Z]{3,}(?:,\s*[A-Za-z ]+)?\s*(?:—|--|-)\s*)",  # "GUANGZHOU — ": a dateline
    re.IGNORECASE,
)
# "X generated added value of": the measure follows the verb.
_VERB_MEASURE = re.compile(
    r"^(?P<thing>.+?)\s+(?:generated|recorded|achieved|realized|realised|posted|reported"
    r"|registered|saw|created|had|attracted)\s+(?:an?\s+|a\s+total\s+)?(?P<measure>"
    r"(?:total\s+|main\s+business\s+|operating\s+|sales\s+|tax\s+|annual\s+)?"
    r"(?:revenues?|output\s+value|output|added\s+value|value\s+added|value-added|investment"
    r"|sales|exports|imports|income|profits?|turnover|market\s+size|volume))$",
    re.IGNORECASE,
)
_MEASURE_VERBS = words(
    "generated recorded achieved realized realised posted reported registered saw created had"
    " attracted"
)
# "..., accounting for 12.1 percent of GDP": a share of something.
_SHARE_CUE = re.compile(
    r"(?:accounting for|accounts for|accounted for|making up|makes up|made up|representing"
    r"|represents|or)\s*$",
    re.IGNORECASE,
)
_OF_AFTER = re.compile(
    r"\s+of\s+(?:the\s+)?(?:city's\s+|province's\s+)?(?P<np>[\w' -]{2,40}?)"
    r"(?=[,.;]|\s+(?:and|while|in|for)\b|$)"
)
# Words and pairs that end a subject's words before its figure ("... in Qingdao was").
_TRAILING_WORDS = words(
    """was were is are reached reaching hit hits totaled totalled totaling totalling of at to
    exceeded exceeding exceeds surpassed has have had been with by achieved recorded registered
    realized realised posted generated attracted saw rose grew increased jumped climbed fell
    dropped declined reach worth and also still now further already respectively for"""
)
_TRAILING_PAIRS = frozenset(
    {
        "amounted to", "amounting to", "stood at", "standing at", "came to", "accounted for",
        "accounting for", "valued at", "there were", "there are", "year on year",
    }
)  # fmt: skip
_PAIR_ENDINGS = frozenset(pair.split()[-1] for pair in _TRAILING_PAIRS)
_MEASURE_OF = re.compile(
    r"^(?P<measure>(?:total\s+|main\s+business\s+|operating\s+|sales\s+|tax\s+|annual\s+)?"
    r"(?:revenues?|output\s+value|output|added\s+value|value\s+added|value-added|investment"
    r"|sales|exports|imports|income|profits?|turnover|market\s+size|scale|volume|gdp"
    r"|business\s+volume|transaction\s+volume))\s+(?:of|from|in)\s+(?:the\s+)?(?P<thing>.+)$",
    re.IGNORECASE,
)
_BARE_MEASURE = re.compile(
    r"^(?:total\s+|main\s+business\s+|operating\s+|sales\s+|tax\s+|annual\s+)?"
    r"(?:revenues?|output\s+value|output|added\s+value|value\s+added|value-added|investment"
    r"|sales|exports|imports|income|profits?|turnover|market\s+size|scale|volume|gdp)$",
    re.IGNORECASE,
)
# "20 billion yuan industrial fund": the amount's own noun phrase right after its unit.
_NOUN_AFTER = re.compile(
    r"\s+(?P<np>(?:[a-z][\w-]*\s+){0,4}?(?:fund|funds|project|projects"
    r"|investment|investments|program|programme|plan|budget|subsid(?:y|ies)|loans?|grants?"
    r"|deals?|contracts?|orders?|financing|capital|bonds?))\b"
)
_AFTER_MEASURE = re.compile(
    r"(?:\s+(?:in|by|as of)\s+[^,]+)?,\s*(?:(?P<region>[A-Z][\w']+)'s\s+)?"
    r"(?P<thing>[a-z][\w -]{2,60}?)\s+(?:has|have|is|are|was|were|had)\b"
)
_GENERIC_SUBJECTS = words("total figure number amount value it this that same sum level")
# Words one of which every PERIOD_PHRASE match holds ("year-on-year" alone is no period).
_PERIOD_HINTS = ("half", "quarter", "months", "this year", "last year", "next year", "19", "20")
_REGION_AFTER = re.compile(r"[\w\s]{0,30}?(?:,\s*)?\b(?:in|of|for|across)\s+(?:the\s+)?$")
_PRONOUNS = words("it this that they these those which who he she we")
# "in Qingdao", "of Guangdong Province": a region phrase inside a subject's words.
_REGION_PHRASE = re.compile(
    r" (?:in|of|across|throughout) (?:the )?(?:city of )?(?P<r>[A-Z][\w']+)"
    r"(?: (?:Province|City|District|Municipality))?\b(?! [A-Z])"
)
_POSSESSIVE_REGION = re.compile(r"\b(?P<r>[A-Z][\w]+(?:\s[A-Z][\w]+)?)'s(?:\s+|$)")
_SEMICOLON = re.compile(";")
_LIST_GOES_ON = re.compile(r"(?:,\s*|\s+)and\s|,\s")  # after a count: "..., and" / ", "
_SECTOR_SUFFIX = re.compile(r"\s+(?:industry|industries|sector|sectors)$")
_SPACE_RUN = re.compile(r"\s{2,}")


def extract_facts(sentences: Sequence[Sentence], *, context: DocumentContext) -> list[Fact]:
    """All facts in a document's sentences, de-duplicated, in document order."""
    facts: list[Fact] = []
    plan_context = False
    previous_text = ""
    title_text = next((s.text for s in sentences if s.is_title), "")
    for index, sentence in enumerate(sentences):
        starts_enum = bool(_ENUMERATOR.match(sentence.text))
        plan_context = starts_enum and (
            plan_context or bool(re.search(r"\bwill\b", previous_text, re.IGNORECASE))
        )
        # Built only if a ranking needs it: most sentences never look back.
        earlier = partial(_earlier_texts, sentences, index, title_text)
        facts.extend(
            _sentence_facts(sentence, context=context, plan_context=plan_context, earlier=earlier)
        )
        previous_text = sentence.text
    return _deduplicate(facts)


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
    earlier: Callable[[], list[str]],
) -> list[Fact]:
    text = sentence.text
    # Find candidates first; most sentences hold none, and then nothing else is computed.
    tokens = tokens_of(text)
    event = find_event(text, published=context.published, fallback_year=context.ref_year)
    ranks = find_rankings(text, tokens=tokens)
    figures = find_figures(text, title=sentence.is_title, tokens=tokens)
    if ranks:  # a rank's own number ("ranked No. 3") is not a figure
        blocked = [(rank.start, rank.end) for rank in ranks]
        figures = [f for f in figures if not any(lo <= f.num_start < hi for lo, hi in blocked)]
    people = find_people(text, tokens=tokens) if not sentence.is_title else []
    if event is None and not ranks and not figures and not people:
        return []
    mentions = find_regions(text)
    sentence_period = find_period(text, ref_year=context.ref_year)
    out: list[Fact] = []

    make = FactMaker(sentence, context.source, context.main_region)

    if event is not None:
        out.append(
            make(
                kind=FactKind.EVENT,
                subject=event.subject,
                region=event.place or region_near(mentions, len(text)),
                period=str(event.event_date.year) if event.event_date else sentence_period,
                value_text=event.when_text,
                event_date=event.event_date,
            )
        )
    for rank in ranks:
        among = rank.among
        if among is None:
            among = list_name(text) or next(
                (name for name in map(list_name, earlier()) if name), None
            )
        entity = _tidy(rank.entity)
        entity_region = entity if entity in REGION_NAMES else None
        if among is None:
            subject = entity or UNNAMED_RANKING
        elif entity and not entity_region and entity.lower() not in _PRONOUNS:
            subject = f"{entity} in {among}"
        else:
            subject = among
        out.append(
            make(
                kind=FactKind.RANKING,
                subject=_shorten(subject),
                region=entity_region or region_near(mentions, rank.start),
                period=find_period(among or "", ref_year=context.ref_year) or sentence_period,
                value=float(rank.rank),
                value_text=rank.rank_text,
                unit="rank",
                base_value=float(rank.rank),
            )
        )
    out.extend(
        _figure_facts(
            text,
            figures,
            mentions=mentions,
            context=context,
            plan_context=plan_context,
            sentence_period=sentence_period,
            make=make,
        )
    )
    for person in people:
        role_regions = find_regions(person.role)
        fact = make(kind=FactKind.PERSON, subject=person.name, region=None, period=None)
        # A person's region is the one their role names, never a default.
        out.append(
            replace(
                fact,
                region=role_regions[-1].name if role_regions else None,
                value_text=person.role,
                topics=("people", *topics_for(person.role, "")),
            )
        )
    return out


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    if ";" not in text:
        return [(0, len(text))]
    for match in _SEMICOLON.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _figure_facts(
    text: str,
    figures: list[Figure],
    *,
    mentions: list[Mention],
    context: DocumentContext,
    plan_context: bool,
    sentence_period: str | None,
    make: FactMaker,
) -> list[Fact]:
    out: list[Fact] = []
    for lo, hi in _clauses(text):
        in_clause = [f for f in figures if lo <= f.num_start < hi]
        if not in_clause:
            continue
        _mark_changes(text, in_clause, lo)
        amounts = [f for f in in_clause if not f.change_sign]
        for change in (f for f in in_clause if f.change_sign):
            _pair(text, change, amounts)
        clause_text = text[lo:hi]
        clause_period = find_period(clause_text, ref_year=context.ref_year)
        clause_mentions = [m for m in mentions if lo <= m.start < hi]
        previous_end = lo
        last_subject = ""
        for figure in in_clause:
            if figure.noun and figure.unit not in _TIME_UNITS:
                if _LIST_GOES_ON.match(text[figure.end : figure.end + 6]):
                    previous_end = figure.end  # "... 10 clusters and attract investment of"
                # A count names its own subject; it does not end the previous one's words.
                out.append(
                    make.amount(
                        figure,
                        figure.value_text,
                        kind=FactKind.TARGET
                        if _is_target(text, lo, hi, figure, plan_context, context.ref_year)
                        else FactKind.COUNT,
                        subject=_shorten(figure.noun),
                        region=region_near(
                            _mentions_near(text, figure, clause_mentions), figure.num_start
                        ),
                        period=clause_period or sentence_period,
                        change=figure.change,
                    )
                )
                continue
            if figure.change_sign and figure.change_figure is not None:
                continue  # folded into its amount
            group_start = figure.start
            partner = figure.change_figure
            if partner is not None and partner.cue_start < figure.start:
                group_start = min(group_start, partner.cue_start)
            if figure.change_sign:
                group_start = figure.cue_start
            segment = text[previous_end:group_start]
            group_end = max(figure.end, partner.end if partner else figure.end)
            previous_end = group_end
            subject, subject_region = _subject_for(text, figure, segment, group_end)
            if figure.is_percent and _SHARE_CUE.search(segment, max(0, len(segment) - 24)):
                share_of = _OF_AFTER.match(text, figure.end)
                if share_of:
                    base = f"{last_subject} " if last_subject else ""
                    subject = f"{base}share of {share_of.group('np').strip()}"
            if (not subject or subject.lower() in _GENERIC_SUBJECTS) and last_subject:
                subject = last_subject  # "..., while Sichuan's total was ...": same measure
            subject = subject or figure.noun or figure.unit or "figure"
            last_subject = subject
            region = subject_region or region_near(
                _mentions_near(text, figure, clause_mentions), figure.num_start
            )
            target = _is_target(text, lo, hi, figure, plan_context, context.ref_year)
            period = clause_period or sentence_period
            if figure.change_sign:
                out.append(
                    make(
                        kind=FactKind.TARGET if target else FactKind.METRIC,
                        subject=subject,
                        region=region,
                        period=period,
                        value_text=text[figure.cue_start : figure.end].strip(" ,"),
                        change=figure.change_sign * figure.value,
                    )
                )
                continue
            kind = (
                FactKind.TARGET if target else (FactKind.COUNT if figure.noun else FactKind.METRIC)
            )
            out.append(
                make.amount(
                    figure,
                    figure.value_text,
                    kind=kind,
                    subject=subject,
                    region=region,
                    period=period,
                    change=figure.change,
                )
            )
    return out


def _mentions_near(text: str, figure: Figure, mentions: list[Mention]) -> list[Mention]:
    """The clause's regions that can be a figure's: those before it, or "... was X in Y".

    In "..., while Ningbo's exports ..." a region after the figure belongs to the next one.
    """
    return [
        m
        for m in mentions
        if m.end <= figure.num_start or _REGION_AFTER.match(text, figure.end, m.start)
    ]


def _mark_changes(text: str, figures: list[Figure], clause_start: int) -> None:
    """Flag percentages worded as changes ("up 3%", "a growth rate of 20.1%")."""
    previous_end = clause_start
    for figure in figures:
        if figure.is_percent:
            window_start = max(previous_end, figure.start - 60)
            window = text[window_start : figure.start]
            cue = _CHANGE_CUE.search(window)
            after = _CHANGE_AFTER.match(text, figure.end)
            if cue:
                negative = cue.group("word").lower() in _NEGATIVE_CUES
                figure.change_sign = -1 if negative else 1
                figure.cue_start = figure.start - (len(window) - cue.start("cue"))
            elif after:
                figure.change_sign = 1
                figure.cue_start = figure.start
        previous_end = figure.end


def _pair(text: str, change: Figure, amounts: list[Figure]) -> None:
    """Attach a change to the amount it belongs to: the next one after "to", else nearest."""
    free = [a for a in amounts if a.change_figure is None]
    following = [a for a in free if a.num_start > change.end]
    if following and _CHANGE_TO_NEXT.match(text, change.end):
        target = following[0]
    else:
        before = [a for a in free if a.end <= change.cue_start or a.end <= change.start]
        if before:
            target = before[-1]
        elif following:
            target = following[0]
        else:
            return
    target.change = change.change_sign * change.value
    target.change_figure = change
    change.change_figure = target


def _is_target(
    text: str, lo: int, hi: int, figure: Figure, plan_context: bool, ref_year: int | None
) -> bool:
    future, by_year = _clause_future(text, lo, hi, ref_year)
    if by_year or (future is not None and future < figure.start):
        return True
    return plan_context and bool(_CREATION.search(text, max(lo, figure.start - 60), figure.start))


@lru_cache(maxsize=64)
def _clause_future(text: str, lo: int, hi: int, ref_year: int | None) -> tuple[int | None, bool]:
    """Where a clause first speaks of the future ("will", "plans to"), and if it says "by 2025"."""
    lower = text[lo:hi].lower()
    future = None
    if any(map(lower.__contains__, _FUTURE_HINTS)):  # map: no Python frame per hint
        found = _FUTURE.search(text, lo, hi)
        future = found.start() if found else None
    by_year = False
    if "by " in lower:
        match = _BY_YEAR.search(text, lo, hi)
        if match:
            year = match.group("year")
            by_year = not year.isdigit() or ref_year is None or int(year) >= ref_year
    return future, by_year


def _subject_for(
    text: str, figure: Figure, segment: str, group_end: int
) -> tuple[str, str | None]:
    """A readable subject for a figure, and a region the subject names (possessive/"in X")."""
    own = _NOUN_AFTER.match(text, figure.end)
    if own and not figure.noun:
        return _shorten(own.group("np")), None
    subject, region = _tidy_with_region(segment)
    bare = _BARE_MEASURE.match(subject)
    if bare or not subject or subject.lower() in _PRONOUNS:
        after = _AFTER_MEASURE.match(text, group_end)
        if after:
            region = region or after.group("region")
            thing = after.group("thing").strip()
            subject = f"{thing} {subject}".strip() if subject else thing
    return _shorten(subject), region


def _tidy_with_region(segment: str) -> tuple[str, str | None]:
    subject, region = _tidy_segment(segment)
    parts = segment.rsplit(", ", 1)
    long_run_on = len(subject.split()) > 15 and not _MEASURE_OF.match(subject)
    if long_run_on and len(parts) == 2 and len(parts[1].split()) >= 3:
        # A run-on clause: the words after its last comma name the measure.
        subject, later_region = _tidy_segment(parts[1])
        region = region or later_region
    return subject, region


def _tidy_segment(segment: str) -> tuple[str, str | None]:
    region: str | None = None
    lower = segment.lower()
    text = segment
    if any(map(lower.__contains__, _PERIOD_HINTS)) and len(lower) == len(segment):
        # Match on the lower-cased copy (cheaper than IGNORECASE); offsets are the same.
        for match in reversed(list(PERIOD_PHRASE.finditer(lower))):
            text = text[: match.start()] + " " + text[match.end() :]
    text = edged = _strip_edges(text)
    if "'s" in text:
        for possessive in list(_POSSESSIVE_REGION.finditer(text)):
            if possessive.group("r") in REGION_NAMES:
                region = region or possessive.group("r")
                text = text.replace(possessive.group(), "", 1)
    for match in reversed(list(_REGION_PHRASE.finditer(text))):
        if match.group("r") in REGION_NAMES:
            region = match.group("r")
            text = text[: match.start()] + text[match.end() :]
    if text != edged:  # stripped text is its own fixed point: only a removal needs another pass
        text = _strip_edges(text)
    verb_measure = (
        _VERB_MEASURE.match(text) if not _MEASURE_VERBS.isdisjoint(text.lower().split()) else None
    )
    if verb_measure:
        text = f"{verb_measure.group('thing')} {verb_measure.group('measure')}"
    measure = _MEASURE_OF.match(text)
    if measure:
        thing = _SECTOR_SUFFIX.sub("", measure.group("thing"))
        text = f"{thing} {measure.group('measure').lower()}"
    return _SPACE_RUN.sub(" ", text).strip(), region


def _tidy(segment: str) -> str:
    return _tidy_with_region(segment)[0]


def _strip_edges(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = text.strip(" ,;:.")
        leading = _LEADING.match(text)
        if leading:
            text = text[leading.end() :]
        text = _strip_trailing_words(text)
    return text


def _strip_trailing_words(text: str) -> str:
    """Drop linking words ("was", "stood at", "year-on-year") from the end of a subject."""
    while True:
        text = text.rstrip(" ,;:")
        head, _, last = text.rpartition(" ")
        lower = last.lower()
        if lower in _TRAILING_WORDS or lower == "year-on-year":
            text = head
            continue
        before, _, penultimate = head.rpartition(" ")
        if lower in _PAIR_ENDINGS and f"{penultimate.lower()} {lower}" in _TRAILING_PAIRS:
            text = before
            continue
        if lower == "year" and head.lower().endswith("year on"):
            text = head[: -len("year on")]
            continue
        return text


def _shorten(subject: str) -> str:
    subject = subject.strip(" ,;:")
    if len(subject) <= MAX_SUBJECT_CHARS:
        return subject
    return subject[:MAX_SUBJECT_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:")


def _deduplicate(facts: list[Fact]) -> list[Fact]:
    """One fact per measure: a body sentence beats the headline; gaps are filled from both."""
    kept: dict[tuple[object, ...], Fact] = {}
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
        kept[key] = replace(
            winner,
            period=winner.period or other.period,
            subject=other.subject if winner.subject == UNNAMED_RANKING else winner.subject,
        )
    order = {id(f): i for i, f in enumerate(facts)}
    return sorted(kept.values(), key=lambda f: (f.from_title, f.start, order.get(id(f), 0)))


def fact_log_line(fact: Fact) -> str:
    """One line for debug logs: kind, subject, value, change, period, region."""
    value = f"{format_value(fact.value)} {fact.unit or ''}".strip() if fact.value else ""
    return f"{fact.kind}: {fact.subject} = {value} ({fact.change}) [{fact.period}, {fact.region}]"
