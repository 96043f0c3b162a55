"""Readable subjects from the words before a figure: "the operating revenue of the software
industry in Qingdao was" → "software operating revenue" (region Qingdao).

Linking words, datelines, lead-ins ("according to ...", "data released ... show that", "the
city will strive for"), appositives (", a weak link in the past,"), long parentheticals, period
phrases and region phrases are cut; "measure of thing" is turned round to "thing measure";
"X remains the main carrier, generating revenue of" names X's revenue; a subject that is only a
measure ("revenue") borrows the thing named after the figure. Qualifiers stay: "core digital
economy", "above designated size" are part of what is measured.
"""

from __future__ import annotations

import re

from briefing.extract.figures import Figure
from briefing.extract.periods import PERIOD_PHRASE
from briefing.extract.places import REGION_NAMES
from briefing.extract.wordlists import words

MAX_SUBJECT_CHARS = 140

# The last alternative is a dateline: "GUANGZHOU — ", "ZHUHAI, Jan 30 (Xinhua) -- ".
_LEADING = re.compile(
    r"^(?:[,;:.\s]+|[-•*·]+\s+|\(\d{1,2}\)\s*|and\s+|while\s+|whereas\s+|but\s+"
    r"|meanwhile,?\s+|among them,?\s+"
    r"|of which,?\s+|in addition,?\s+|also\s+|with\s+|which\s+|respectively,?\s+"
    r"|according to [^,]+,\s*|(?:from|between|in|during)\s*,\s*"
    r"|(?:in|during|by|since|as of|at|within|among|for|on|so far|from|after)\s+"
    r"[^,]{1,40},\s+|compared (?:with|to) [^,]{1,40},\s+|so far this year,?\s+|on average,?\s+"
    r"|(?:he|she|it|they) said(?: that)?\s+|said that\s+|that\s+|the\s+|an?\s+|its\s+"
    r"|their\s+|(?:year[- ]on[- ]year|yoy)\b,?\s*"
    r"|(?:the\s+)?(?:city|province|country|region|municipality|district|nation)'s\s+"
    r"|(?:attract|attracting|build|building|cultivate|cultivating|add|adding|create|creating"
    r"|achieve|achieving|reach|reaching|complete|completing|raise|raising)\s+"
    r"|(?-i:[A-Z]{3,})(?:,\s*[A-Za-z0-9 .]+)?(?:\s*\([^)]{1,30}\))?(?:\s*(?:—|--|:)|\s+-)\s+)",
    re.IGNORECASE,
)
# "X generated added value of": the measure follows the verb.
_VERB_MEASURE = re.compile(
    r"^(?P<thing>.+?)\s+(?:generated|recorded|achieved|realized|realised|posted|reported"
    r"|registered|saw|created|had|has|have|attracted|provides|provided|offers|earned|earns)\s+"
    r"(?:an?\s+|a\s+total\s+)?(?P<measure>"
    r"(?:total\s+|main\s+business\s+|operating\s+|sales\s+|tax\s+|annual\s+)?"
    r"(?:revenues?|output\s+value|output|added\s+value|value\s+added|value-added|investment"
    r"|sales|exports|imports|income|profits?|turnover|market\s+size|volume)"
    r"|(?:[\w-]+\s+){0,3}(?:computing\s+power|capacity))$",
    re.IGNORECASE,
)
_SHIPPED = re.compile(
    r"^(?P<thing>.+?)\s+(?P<verb>shipped|sold|exported)(?:\s+(?:products|goods))?"
    r"(?:\s+(?:worth|valued\s+at))?$",
    re.IGNORECASE,
)
_SHIPMENTS = {"shipped": "shipments", "sold": "sales", "exported": "exports"}
_MEASURE_VERBS = words(
    "generated recorded achieved realized realised posted reported registered saw created had"
    " has have attracted provides provided offers earned earns"
)
_TRAILING_WORDS = words(
    """was were is are reached reaching hit hits totaled totalled totaling totalling of at to
    exceeded exceeding exceeds surpassed has have had been with by achieved recorded registered
    realized realised posted generated attracted saw rose grew increased jumped climbed fell
    dropped declined reach worth and also still now further already respectively for will
    shall would be expected continue continues tops exceeds reaches hits grows grow rises
    brings leads surpasses crosses breaks stood stands numbered came contributed amounted
    produced earned"""
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
GENERIC_SUBJECTS = words("total figure number amount value it this that same sum level")
# Words one of which every PERIOD_PHRASE match holds ("year-on-year" alone is no period).
_PERIOD_HINTS = ("half", "quarter", "months", "this year", "last year", "next year", "19", "20")
PRONOUNS = words("it this that they these those which who he she we")
# "in Qingdao", "of Guangdong Province": a region phrase inside a subject's words.
_REGION_PHRASE = re.compile(
    r" (?:in|of|across|throughout) (?:the )?(?:city of )?(?P<r>[A-Z][\w']+)"
    r"(?: (?:Province|City|District|Municipality))?\b(?! [A-Z])"
    r"(?: and (?:[A-Z][\w'-]*(?: |\b)){1,4}(?:New Area|Area|District|Zone|County))?"
)
# "the offline exhibition, which covers an area of": the exhibition's area.
_COVERS_AREA = re.compile(
    r"^(?:(?P<thing>[^,]{2,60}?),\s+which\s+)?covers?\s+(?:a\s+(?:total\s+)?|an\s+)?area$",
    re.IGNORECASE,
)
_POSSESSIVE_REGION = re.compile(r"\b(?P<r>[A-Z][\w]+(?:\s[A-Z][\w]+)?)'s(?:\s+|$)")
# "the city's core industries": a possessive that names no place says nothing.
_GENERIC_POSSESSIVE = re.compile(
    r"^(?:the\s+)?(?:city|province|country|region|municipality|nation|district)'s\s+"
    r"|^(?:its|their)\s+",
    re.IGNORECASE,
)
# "Industrial software, a weak link in the past, achieved": an appositive between commas.
_APPOSITIVE = re.compile(
    r",\s+(?:an?|the|one of the|which|who)\s[^,]{2,70},\s+(?=(?:achieved|generated|recorded"
    r"|realized|realised|posted|reported|registered|saw|had|has|have|was|were|is|are|reached"
    r"|remained|remains|provides|provided|offers|serves)\b)"
)
# "(East Lake High-tech Development Zone)": a parenthetical of three words or more.
_LONG_PARENTHETICAL = re.compile(r"\s*\((?:[^()\s]+\s+){2,}[^()]*\)")
_APPOSITIVE_HINTS = (", a ", ", an ", ", the ", ", one of", ", which", ", who")
_PARTICIPLE_HINTS = (
    ", with",
    ", generating",
    ", achieving",
    ", recording",
    ", realiz",
    ", realis",
    ", posting",
    ", registering",
    ", reporting",
    ", contributing",
)
_MEASURE = (
    r"(?:total\s+|main\s+business\s+|operating\s+|sales\s+|tax\s+|annual\s+)?(?:[\w-]+\s+)?"
    r"(?:revenues?|output\s+value|output|added\s+value|value\s+added|value-added|investment"
    r"|sales|exports|imports|income|profits?|turnover|market\s+size|volume)"
)
# "X remains the main carrier of the industry, generating software revenue of": X's revenue.
_PARTICIPLE_MEASURE = re.compile(
    r"^(?P<thing>[^,]+?)\s+(?:remains?|remained|is|was|are|were|became|becomes|has|had|have"
    r"|continued|continues|kept|keeps|led|leads)\b[^,]*,\s*(?:with|generating|achieving"
    r"|recording|realizing|realising|posting|registering|reporting|contributing)\s+"
    rf"(?:an?\s+|a\s+total\s+)?(?P<measure>{_MEASURE})$",
    re.IGNORECASE,
)
_SECTOR_SUFFIX = re.compile(r"\s+(?:industry|industries|sector|sectors)$")
_SPACE_RUN = re.compile(r"\s{2,}")


def subject_for(text: str, figure: Figure, segment: str, group_end: int) -> tuple[str, str | None]:
    """A readable subject for a figure, and a region the subject names (possessive/"in X")."""
    own = _NOUN_AFTER.match(text, figure.end)
    if own and not figure.noun:
        return shorten(own.group("np")), None
    subject, region = tidy_with_region(segment)
    bare = _BARE_MEASURE.match(subject)
    if bare or not subject or subject.lower() in PRONOUNS:
        after = _AFTER_MEASURE.match(text, group_end)
        if after:
            region = region or after.group("region")
            thing = after.group("thing").strip()
            subject = f"{thing} {subject}".strip() if subject else thing
    return shorten(subject), region


_INTRODUCTORY = re.compile(
    r"\s*(?:[A-Z][a-z]+(?:ed|ing)|With|Despite|Thanks to|Amid|Through|Since|After|Following"
    r"|According to)\b"
)
"""How a phrase that opens a sentence before its subject starts (a participle, "Despite")."""


def tidy_with_region(segment: str) -> tuple[str, str | None]:
    subject, region = _tidy_segment(segment)
    parts = segment.rsplit(", ", 1)
    long_run_on = len(subject.split()) > 15 and not _MEASURE_OF.match(subject)
    introduced = _INTRODUCTORY.match(parts[0]) is not None
    if (long_run_on or introduced) and len(parts) == 2 and len(parts[1].split()) >= 3:
        # A run-on clause, or one after an introductory phrase ("Powered largely by wind and
        # solar energy, the cluster's green electricity usage rate"): the words after its last
        # comma name the measure.
        subject, later_region = _tidy_segment(parts[1])
        region = region or later_region
    return subject, region


_RAISED = re.compile(
    r"(?:(?:has|have|had)\s+)?(?:lifted|raised|increased|boosted|pushed|brought|improved)\s+"
    r"(?=(?:the|its|their)\s)",
    re.IGNORECASE,
)
"""A verb that moved a measure to the figure, before the measure it names."""


def _tidy_segment(segment: str) -> tuple[str, str | None]:
    region: str | None = None
    lower = segment.lower()
    text = segment
    if any(map(lower.__contains__, _PERIOD_HINTS)) and len(lower) == len(segment):
        # Match on the lower-cased copy (cheaper than IGNORECASE); offsets are the same.
        for match in reversed(list(PERIOD_PHRASE.finditer(lower))):
            text = text[: match.start()] + " " + text[match.end() :]
    if ", " in text and any(map(text.__contains__, _APPOSITIVE_HINTS)):
        text = _APPOSITIVE.sub(" ", text)
    if "(" in text:
        text = _LONG_PARENTHETICAL.sub("", text)
    text = edged = _strip_edges(text)
    if "," in text and any(map(text.__contains__, _PARTICIPLE_HINTS)):
        participle = _PARTICIPLE_MEASURE.match(text)
        if participle:
            thing = _SECTOR_SUFFIX.sub("", participle.group("thing"))
            text = f"{thing} {participle.group('measure')}"
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
    elif (shipped := _SHIPPED.match(text)) is not None:  # "makers shipped products worth"
        text = f"{shipped.group('thing')} {_SHIPMENTS[shipped.group('verb').lower()]}"
    if "area" in text:
        area = _COVERS_AREA.search(text)
        if area:
            text = f"{area.group('thing') or ''} area".strip()
    raised = _RAISED.match(text)
    if raised:  # "... and lifted the punctuality of buses to 93.5%": the punctuality of buses
        text = _strip_edges(text[raised.end() :])
    measure = _MEASURE_OF.match(text)
    if measure:
        thing = _SECTOR_SUFFIX.sub("", _GENERIC_POSSESSIVE.sub("", measure.group("thing")))
        text = f"{thing} {measure.group('measure').lower()}"
    return _SPACE_RUN.sub(" ", text).strip(), region


def tidy(segment: str) -> str:
    return tidy_with_region(segment)[0]


# "the province strives to make X exceed", "Wuhan aims for X to": the aim, not who aims.
_AIM = re.compile(
    r"^(?:(?:the\s+)?(?:city|province|country|[A-Z][\w']*)\s+)?(?:will\s+)?(?:strives?|aims?"
    r"|plans?|hopes?|expects?|intends?|seeks?)\s+(?:for|that|to\s+(?:make|have|see|push|get|raise"
    r"|increase|lift|boost|expand|bring|grow|double|take))\s+",
    re.IGNORECASE,
)
_AIM_HINTS = ("strive", "aim", "plan", "hope", "expect", "intend", "seek")
# "Data released at the conference show that ...", "Taiyuan said on Monday that ...": what was
# said, not who said it.
_SAID_THAT = re.compile(
    r"^[^;]{0,160}?\b(?:shows?|showed|said|says|noted|indicated|revealed|announced|reported)"
    r"(?:\s+(?:on|last|this|in|at)\s+[^,]{0,40}?)?(?:\s+that\s+|\s+(?=(?:its|their)\s))",
    re.IGNORECASE,
)


def _strip_edges(text: str) -> str:
    if " that " in text or " said its " in text or " said their " in text:
        said = _SAID_THAT.match(text)
        if said:
            text = text[said.end() :]
    aims = any(map(text.__contains__, _AIM_HINTS))
    previous = None
    while previous != text:
        previous = text
        text = text.strip(" ,;:.")
        leading = _LEADING.match(text)
        if leading:
            text = text[leading.end() :]
        if aims:
            aim = _AIM.match(text)
            if aim:
                text = text[aim.end() :]
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


def shorten(subject: str) -> str:
    subject = subject.strip(" ,;:")
    if len(subject) <= MAX_SUBJECT_CHARS:
        return subject
    return subject[:MAX_SUBJECT_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:")


# A subject holding one of these is a clause, not a name of a measure.
_FINITE_VERBS = words(
    """was were is are has have had will would shall said says took takes signed showed shows
    remained remains became becomes"""
)
_MEASURE_AT_END = re.compile(
    r"(?:(?:operating|total|main business|sales|tax|annual)\s+)?(?:revenues?|added value"
    r"|output value|output|investment|sales|exports|imports|income|profits?|turnover"
    r"|computing power)$",
    re.IGNORECASE,
)


def is_fragment(subject: str) -> bool:
    """Whether a subject is a piece of a sentence ("118 projects were signed with ...").

    A subject with a finite verb, or of more than twelve words with a comma, names no measure.
    """
    lowered = subject.lower().split()
    if not _FINITE_VERBS.isdisjoint(lowered):
        return True
    return len(lowered) > 12 and "," in subject


def measure_of(subject: str) -> str:
    """The measure a subject ends with ("electronic information revenue" → "revenue")."""
    found = _MEASURE_AT_END.search(subject)
    return found.group() if found else ""
