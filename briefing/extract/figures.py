"""Figures in a sentence: amounts with units and scales, percentages, counts of things.

A figure is a number (digits or a number word) with what it measures: a currency, percent, a
physical unit ("2.6 EFLOPS", "60,000 square meters"), or the counted noun that follows it
("1300 industrial enabling scenarios", "small and medium-sized enterprises", "520 "5G+"
application scenarios", "31.3 base stations per 10,000 people"). Numbers that are dates, years,
ordinals, list markers, names ("Top 100", "5G") are not figures, nor are durations and
repetitions ("five consecutive years", "60 times") or counts of a text's own structure ("six
aspects", "the two sides", "the top three places").

A number with nothing after it is kept as a *bare* figure only where a sentence gives it a
meaning elsewhere: an item of a "respectively" list ("986, 312 and 247 respectively"), progress
against a plan ("out of the 300 it plans to build", "746 have been built"), a plan's next
step ("20,000 base stations this year, and 60,000 by 2025"), "86 of the 120 cities", or a
score ("index scores of 89.6"). Whoever reads the sentence names what it counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.extract.patterns import MONTH
from briefing.extract.places import REGION_NAMES
from briefing.extract.wordlists import tokens_of, words

SCALES: dict[str, float] = {
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "hundred million": 1e8,
}
_SCALE_NAMES = {"mn": "million", "mln": "million", "bn": "billion"}
CURRENCIES: dict[str, str] = {
    "yuan": "yuan",
    "rmb": "yuan",
    "cny": "yuan",
    "renminbi": "yuan",
    "¥": "yuan",
    "us dollars": "US dollars",
    "u.s. dollars": "US dollars",
    "dollars": "US dollars",
    "usd": "US dollars",
    "$": "US dollars",
    "us$": "US dollars",
    "euros": "euros",
    "euro": "euros",
    "eur": "euros",
    "€": "euros",
    "hk dollars": "HK dollars",
}
_CURRENCY_UNITS = frozenset(CURRENCIES.values())
NUMBER_WORDS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "dozen": 12,
}  # fmt: skip
_QUALIFIER_SPELLINGS: dict[str, tuple[str, ...]] = {
    "more than": ("more than",),
    "over": ("over", "above", "exceed", "exceeds", "exceeded", "exceeding", "surpassed",
             "surpassing", "topped"),
    "nearly": ("nearly", "almost", "close to"),
    "about": ("about", "around", "approximately", "roughly", "some"),
    "at least": ("at least",),
    "up to": ("up to",),
    "less than": ("less than", "fewer than", "under", "below"),
}  # fmt: skip
QUALIFIERS: dict[str, str] = {
    spelling: qualifier
    for qualifier, spellings in _QUALIFIER_SPELLINGS.items()
    for spelling in spellings
}
"""A qualifier as written before a figure ("exceeding") and as stored ("over")."""

_DIGIT_RUN = re.compile(r"\d[\d,.]*")
# Matched where a digit run starts; what may precede it is checked in code.
_NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<glued>billion|million|trillion|thousand|bn|mn|yuan|%)?"
    r"(?![\w/:-]|\.\d|,\d{3})",
    re.IGNORECASE,
)
_GLUED_BEFORE = (
    frozenset("._,/:-")
    .union("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    .__contains__
)  # noqa: E501
_CURRENCY_PREFIX = re.compile(r"(?P<cur>RMB|CNY|USD|US\$|\$|¥|€)\s*$")
# Matched against the lower-cased sentence (same offsets), cheaper than IGNORECASE.
_NUMBER_WORD_SET = frozenset(NUMBER_WORDS)
_NUMBER_WORD = re.compile(r"\b(?P<word>" + "|".join(NUMBER_WORDS) + r")\b(?![-'])")
_TAIL_SCALE = re.compile(
    r"\s*(?P<scale>hundred million|thousand|million|billion|trillion|bn|mn|mln)\b", re.I
)  # noqa: E501
_TAIL_UNIT = re.compile(
    r"\s*(?:(?P<pct>%|percent\b|per cent\b)|(?P<pp>percentage points?\b)"
    r"|(?P<cur>yuan|RMB|CNY|renminbi|US dollars|U\.S\. dollars|dollars|USD|euros?|EUR"
    r"|HK dollars)\b|(?P<phys>[EPT]FLOPS\b|[EPT]Flops\b|square\s+(?:meters|metres|kilometers"
    r"|kilometres)\b|degrees\s+Celsius\b|(?:MW|GW|kW|kWh|MWh|GWh|TB|PB|Gbps|Mbps)\b"
    r"|(?:peta|exa|tera)flops\b|(?:kilo|mega|giga)watts?\b|(?:tera|peta)bytes\b"
    r"|(?:metric\s+)?(?:tons|tonnes)\b|(?:core\s+)?(?:kilomet(?:re|er)s|km)\b"
    r"|(?:points)\b))",
    re.IGNORECASE,
)
_CURRENCY_ENDINGS = ("RMB", "CNY", "USD", "$", "¥", "€")
_QUALIFIER_ENDINGS = tuple(QUALIFIERS) + tuple(f"{q} the" for q in QUALIFIERS)
_QUALIFIER = re.compile(
    r"\b(?P<q>" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(rf"\b{MONTH}\.?\s+$")
_NAME_BEFORE = re.compile(
    r"\b(?:Top|TOP|top|No\.|Number|Phase|Article|Section|Chapter|Version)\s+$"
)
_SPAN_UNITS = frozenset({"years", "months", "quarters", "weeks", "days"})
_SPAN_BEFORE = re.compile(r"\b(?:first|last|past|next|previous|recent|coming)\s+$", re.I)
# "the number of industrial internet platforms (in Chengdu) reached 48"
# "the number of servers installed in Guizhou will reach 4 million", "bringing the total number
# of enterprises on the cloud to 382,000"
_CLIMBED_TO = r"rose to|grew to|increased to|came to|climbed to|jumped to|surged to"
"""Verbs that end at a count's new level: "the number of racks climbed to 172,000"."""
_COUNT_OF = re.compile(
    r"\b(?:number|total)\s+of\s+(?:the\s+)?(?P<np>[a-z0-9][\w-]*(?:\s+[a-z0-9][\w-]*){0,5}?)"
    r"(?P<qualifier>(?:\s+[a-z]+ed)?(?:\s+(?:in|of|at|across|on)\s+(?:the\s+)?[A-Za-z][\w']*){0,2})"
    r"(?:\s+(?:has|have|had|now|already|also|further|will|would|is\s+expected\s+to"
    r"|are\s+expected\s+to|is\s+set\s+to))*"
    r"\s+(?:reached|reach|was|were|hit|hits|totaled|totalled|total|stood at|stands at|exceeded"
    rf"|exceed|rise to|increase to|grow to|{_CLIMBED_TO}|is|are|be|to)\s+$"
)
_PLURAL_REACHED = re.compile(
    r"(?:^|[,;]\s+|\s)(?:(?:and|the|while|whereas|its|their)\s+)*(?P<np>(?:[A-Za-z0-9][\w-]*\s+){0,3}[a-z][\w-]*)"
    r"(?:\s+(?:in|of|at|across|on)\s+(?:the\s+)?[A-Za-z][\w']*){0,2}"
    r"(?:\s+(?:has|have|had|now|also))?"
    r"\s+(?:reached|exceeded|topped|surpassed|hit|totaled|totalled|numbered|stood at"
    rf"|{_CLIMBED_TO})\s+"
    r"(?:more\s+than\s+|over\s+|nearly\s+|about\s+|around\s+|almost\s+|some\s+)?$",
)
_MONEY_PLURALS = words(
    "revenues sales profits earnings exports imports investments funds assets taxes savings"
    " deposits loans costs expenses proceeds"
)
_NOT_IN_NAME = words("of from for to by with that which who than as and or while")
_PLACE_PHRASE = re.compile(
    r"\s+(?:in|of|at|across|on)\s+(?:the\s+)?(?:[A-Z][\w']*|city|province|country|region)\b"
)
_ADDED_SINCE = (
    r"more\s+than\s+(?:a\s+year\s+(?:earlier|before|ago)"
    r"|(?:(?:in|at|by)\s+(?:the\s+end\s+of\s+)?)?(?:19|20)\d\d)"
)
_STATED_AT = r"\b(?:stood|stands|stand)\s+at\s+|\b(?:totall?ed|numbered)\s+"
ADDED_SINCE = re.compile(rf"\s+{_ADDED_SINCE}", re.I)
"""After a number that is what was added to the count before it ("16,000 more than a year
earlier")."""
STATED_AT = re.compile(rf"(?:{_STATED_AT})$", re.I)
"""A number stated as what a named thing amounts to ("Registered players stood at 1,093")."""
_LABEL = r"^[\s\-•*·]*[A-Za-z][^:\d]{2,80}:\s*"
LABELLED = re.compile(_LABEL + "$")
"""A bulletin's label before its figure: "- Data center racks in use: 156,000"."""
_BARE_CONTEXT_BEFORE = re.compile(
    rf"(?:{_STATED_AT}|\bof\s+which\s+|\bamong\s+them,?\s+"
    r"|\bout\s+of\s+(?:the\s+)?|\b(?:bringing|taking|raising|lifting|pushing)\s+(?:the|its"
    rf"|their)\s+(?:total|tally)(?:\s+number)?\s+to\s+|{_LABEL}"
    r"|\b(?:scores?|index|indices|rate|ratio|average|PUE|density"
    r"|coefficient)\b[^,.;]{0,40}?\b(?:of|was|were|is|are|reached|stood at|at|to|hit)\s+)$",
    re.IGNORECASE,
)
_BARE_CONTEXT_AFTER = re.compile(
    r"\s+(?:(?:have|has|had|are|were)\s+(?:been\s+|already\s+)?[a-z]+(?:ed|en|t)\b"
    r"|of\s+the\s+\d"
    r"|by\s+(?:the\s+end\s+of\s+)?(?:19|20)\d\d\b"  # "..., and 60,000 by 2025"
    rf"|{_ADDED_SINCE}"  # "..., 16,000 more than a year earlier": what was added
    r"|of\s+which\s+(?:are|were|is|was|have|had)\b"  # "3,000 companies, 41 of which are listed"
    r"|(?:above|over|exceeding)\s+\d)"  # "... above 10 billion yuan and 1,036 above 100 million"
)
_NOT_COUNTED = words(
    """aspects dimensions sides parties places ways respects times years months weeks decades
    steps"""
)
"""Counted nouns that are durations, repetitions or a text's own structure, not things."""
_BRACKET_BEFORE = re.compile(r"\(\s*$")
_ONE_IN = re.compile(r"\b(?:one|1)\s+(?:in|out\s+of)\s+$", re.IGNORECASE)
_TOP_BEFORE = re.compile(r"\btop\s+$", re.IGNORECASE)
_PER_AFTER = re.compile(
    r"\s+per\s+(?P<per>(?:\d{1,3}(?:,\d{3})+|\d+)\s+[a-z][\w-]*|capita|[a-z][\w-]*(?:-[a-z]+)?)"
    r"(?=[\s,.;)]|$)"
)
_WORD = re.compile(r"[A-Za-z0-9][\w'-]*|[(),;:.!?\"]")
_YEAR_PREPOSITION = re.compile(r"\b(?:in|by|since|of|from|to|until|before|after|during)\s+$", re.I)
_YEAR_LIKE = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")

# Words that end a counted noun phrase ("1300 scenarios and ...", "43 platforms in ...").
_STOP_WORDS = words(
    """a an the this that these those it its they their them we our us he his she her i you
    your and or but nor of in on at by for with from to into onto over under across among
    between through during per such including like as than each every which who whose where
    when while are is were was have has had will shall been being be can could should would
    may might must do does did not no year-on-year respectively accounting compared more less
    above below around about nearly up down also already yet so all both other another same
    following last next first second third this-year"""
)
_IRREGULAR_PLURALS = words(
    "people staff personnel children equipment persons times police cattle data"
)
_MEASURE_UNITS = words(
    """km kilometers kilometres meters metres square tons tonnes mu hectares acres mw gw kw
    kwh mwh gwh tb pb gb gbps mbps households"""
)
_COMPOUND_MODIFIERS = words(
    "base data smart charging computing industrial square consecutive digital"
)
_NOT_NOUN_ENDINGS = ("ly", "ous", "ed", "ing")
"""Endings of words that may end in -s but are not plural nouns ("various", "joined")."""
_SINGULAR_S_ENDINGS = ("ss", "us", "is")
"""Endings of singular nouns that end in -s ("business", "campus", "analysis")."""
_JOINERS = frozenset({"and", "or"})
_NOT_AFTER_NOUNS = words("to a an the all its their more over about nearly some")
"""Words after which a plural-looking word was a verb ("plans to", "offers a")."""
_MAX_PHRASE_WORDS = 8
"""A counted noun phrase runs to at most this many words."""


@dataclass(slots=True)
class Figure:
    """One number with what it measures, positioned in its sentence."""

    start: int  # first character (qualifier or currency included)
    num_start: int
    end: int
    value: float
    value_text: str
    unit: str | None
    scale: str | None
    base_value: float | None
    qualifier: str | None
    noun: str | None  # the counted noun phrase, for counts
    is_percent: bool
    bare: bool = False  # a number with no unit or noun, kept for a list or a plan to name
    change_sign: int = 0  # +1 / -1 when this percentage is a change, else 0
    cue_start: int = -1  # where its change wording starts ("rose", "with a growth of")
    changed: str | None = None  # what a change names itself ("cut energy use by 17%")
    change: float | None = None  # filled when a change is paired with this amount
    change_figure: Figure | None = None


def _plural_noun(word: str) -> bool:
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS or lower in _MEASURE_UNITS:
        return True
    return lower.endswith("s") and len(lower) > 2 and not lower.endswith(_SINGULAR_S_ENDINGS)


def _noun_phrase(
    sentence: str, pos: int, *, title: bool, names: bool = True
) -> tuple[str, str, int] | None:
    """(phrase, unit, end) for the counted noun phrase starting at `pos`, if there is one.

    The phrase runs to its last plural noun. "and"/"or" continue it before its first plural
    ("small and medium-sized enterprises") and join a second plural noun phrase after it
    ("smart factories and digital workshops"); a quoted name inside it is kept ("520 "5G+"
    application scenarios"), a closing quote from outside ends it.
    """
    kept: list[re.Match[str]] = []
    in_quote = False
    joined = False
    tokens = _WORD.finditer(sentence, pos)
    for match in tokens:
        token = match.group()
        if token == '"':
            if in_quote or not kept:
                in_quote = not in_quote
                continue
            break
        lower = token.lower()
        if lower in _JOINERS and kept:
            if not any(_plural_noun(w.group()) for w in kept):
                continue  # "small and medium-sized ...": not a noun phrase yet
            extra = _joined_plural(sentence, match.end(), title=title)
            if extra:
                kept.extend(extra)
                joined = True
            break
        if not token[0].isalnum() or lower in _STOP_WORDS:
            break
        if token[0].isupper() and _ends_phrase_as_name(
            sentence, match, title=title, names=names, first=not kept
        ):
            break
        if len(token) == 4 and token[:2] in ("19", "20") and _YEAR_LIKE.match(token):
            break
        kept.append(match)
        if len(kept) >= _MAX_PHRASE_WORDS:
            break
    last_plural = len(kept)
    while last_plural and not _plural_noun(kept[last_plural - 1].group()):
        last_plural -= 1  # from the end: the phrase runs to its last plural noun
    if not last_plural:
        return None
    kept = kept[:last_plural]
    last = kept[-1].group()
    if last.lower().endswith(_NOT_NOUN_ENDINGS) or (last[0].isupper() and not title):
        return None  # "... joined", "... Cities": not a counted common noun
    phrase = sentence[kept[0].start() : kept[-1].end()].replace('"', "")
    phrase = " ".join(phrase.split())
    if title:
        phrase = phrase.lower()
    words_of = phrase.split()
    if words_of[-1].lower() in _NOT_COUNTED:
        return None
    participle = next((i for i, w in enumerate(words_of) if w.endswith("ing") and i), None)
    if joined:
        unit = phrase
    elif participle is not None and _plural_noun(words_of[participle - 1]):
        unit = " ".join(words_of[:participle])  # "enterprises providing cloud services"
    elif len(words_of) <= 2 or words_of[-2].lower() in _COMPOUND_MODIFIERS:
        unit = " ".join(words_of[-2:])
    else:
        unit = words_of[-1]
    return phrase, unit, kept[-1].end()


def _ends_phrase_as_name(
    sentence: str, match: re.Match[str], *, title: bool, names: bool, first: bool
) -> bool:
    """Whether a capitalised word ends a counted noun phrase.

    One proper word may lead the phrase ("1,000 Xinchuang enterprises", "5,200 Macao
    residents"); a name of several words ("the 2021 Hefei Forum") or a capital later in the
    phrase ends it. Acronyms
    ("5G", "AI") and title-case headlines are read as words.
    """
    token = match.group()
    if not token[0].isupper() or title or (token.isupper() and len(token) <= 4):
        return False
    if not names or not first:
        return True
    after = sentence[match.end() : match.end() + 2]
    if token in REGION_NAMES:  # "5,200 Macao residents" counts residents; "20 Beijing Forums" no
        return not (len(after) == 2 and after[0] == " " and after[1].islower())
    return len(after) == 2 and after[0] == " " and after[1].isupper()


def _joined_plural(sentence: str, pos: int, *, title: bool) -> list[re.Match[str]]:
    """The words of a second plural noun phrase after "and" ("... and digital workshops").

    Not a verb phrase: "... users and offers 1,880 services", "... and plans to cover".
    """
    extra: list[re.Match[str]] = []
    following = ""
    for match in _WORD.finditer(sentence, pos):
        token = match.group()
        lower = token.lower()
        if (
            not token[0].isalpha()
            or lower in _STOP_WORDS
            or (token[0].isupper() and not title)
            or lower.endswith(("ed", "ing"))
            or lower in NUMBER_WORDS
        ):
            following = lower
            break
        extra.append(match)
        if len(extra) > 3:
            return []
    if not extra or not _plural_noun(extra[-1].group()) or following in _NOT_AFTER_NOUNS:
        return []
    if following[:1].isdigit() or following in NUMBER_WORDS:
        return []
    return extra


def _parse_number(text: str) -> float:
    return float(text.replace(",", ""))


def format_value(value: float) -> str:
    """A value as it is usually written: 32.99, 700 (no trailing .0)."""
    return f"{value:g}" if value != int(value) else str(int(value))


def find_figures(
    sentence: str, *, title: bool = False, tokens: frozenset[str] | None = None
) -> list[Figure]:
    """Every figure in one sentence, in order of position."""
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []
    # A plain digit-run scan is several times faster than scanning with the full pattern,
    # which then only runs where a number starts.
    covered = 0  # where the last figure ends: "per 10,000 people" is part of it
    for run in _DIGIT_RUN.finditer(sentence):
        if run.start() < covered:
            continue
        if run.start() and _GLUED_BEFORE(sentence[run.start() - 1]):
            continue  # "COVID-19", "A3", "v2.0", "3:00"; "$5" is read as a currency prefix
        match = _NUMBER.match(sentence, run.start())
        if match is None:
            continue
        figure = _digit_figure(sentence, match, title=title)
        if figure is not None:
            figures.append(figure)
            taken.append((figure.num_start, figure.end))
            covered = figure.end
    if (tokens_of(sentence) if tokens is None else tokens) & _NUMBER_WORD_SET:
        lower = sentence.lower()
        for match in _NUMBER_WORD.finditer(lower) if len(lower) == len(sentence) else ():
            if any(lo <= match.start() < hi for lo, hi in taken):
                continue
            figure = _word_figure(sentence, match, title=title)
            if figure is not None:
                figures.append(figure)
        figures.sort(key=lambda f: f.num_start)  # word figures go between digit ones
    if "(" in sentence:
        figures = [f for f in figures if not _converted(sentence, f, figures)]
    if '"' not in sentence:
        return figures
    return [
        f
        for f in figures
        if not _inside_quotes(sentence, f.num_start) or _opens_quoted_count(sentence, f)
    ]


def _converted(sentence: str, figure: Figure, figures: list[Figure]) -> bool:
    """Whether `figure` restates the amount before it in another currency, in brackets:
    "2 billion yuan ($274 million)"."""
    if figure.unit not in _CURRENCY_UNITS or not _BRACKET_BEFORE.search(sentence, 0, figure.start):
        return False
    return any(
        other.unit in _CURRENCY_UNITS and 0 <= figure.start - other.end <= 3 for other in figures
    )


def _inside_quotes(sentence: str, pos: int) -> bool:
    return sentence.count('"', 0, pos) % 2 == 1


def _opens_quoted_count(sentence: str, figure: Figure) -> bool:
    """A quoted count that names itself: "six accelerations" (its number opens the quote)."""
    closing = sentence.find('"', figure.num_start)
    return (
        figure.noun is not None
        and figure.start == figure.num_start
        and sentence[figure.num_start - 1] == '"'
        and closing >= figure.end
    )


def _prefix(sentence: str, num_start: int) -> tuple[int, str | None, str | None]:
    """(start, qualifier, currency) from the words just before a number."""
    # str.endswith over a tuple is a fast first test; the regex confirms word boundaries.
    start = num_start
    currency = None
    before = sentence[max(0, num_start - 6) : num_start].rstrip()
    if before.endswith(_CURRENCY_ENDINGS):
        cur = _CURRENCY_PREFIX.search(sentence, max(0, num_start - 6), num_start)
        if cur:
            currency = CURRENCIES.get(cur.group("cur").lower())
            start = cur.start()
    qualifier = None
    before = sentence[max(0, start - 22) : start].rstrip().lower()
    if before.endswith(_QUALIFIER_ENDINGS):
        qual = _QUALIFIER.search(sentence, max(0, start - 22), start)
        if qual:
            qualifier = QUALIFIERS[qual.group("q").lower()]
            start = qual.start()
    return start, qualifier, currency


def _digit_figure(sentence: str, match: re.Match[str], *, title: bool) -> Figure | None:
    num_text = match.group("num")
    num_start = match.start()
    glued = (match.group("glued") or "").lower()
    pos = match.end()
    scale: str | None = None
    unit: str | None = None
    is_percent = False
    if glued == "%":
        unit, is_percent = "percent", True
    elif glued == "yuan":
        unit = "yuan"
    elif glued:
        scale = _SCALE_NAMES.get(glued, glued)
    if scale is None and unit is None:
        tail = _TAIL_SCALE.match(sentence, pos)
        if tail:
            scale = _SCALE_NAMES.get(tail.group("scale").lower(), tail.group("scale").lower())
            pos = tail.end()
    if unit is None:
        tail_unit = _TAIL_UNIT.match(sentence, pos)
        if tail_unit:
            if tail_unit.group("pct"):
                unit, is_percent = "percent", True
            elif tail_unit.group("pp"):
                unit = "percentage points"
            elif tail_unit.group("phys"):
                unit = " ".join(tail_unit.group("phys").split()).replace("metres", "meters")
            else:
                unit = CURRENCIES.get(tail_unit.group("cur").lower(), tail_unit.group("cur"))
            pos = tail_unit.end()
    if unit is None and scale is None:
        # Without a unit a number may be a year, a date ("May 21") or a name ("Top 100").
        if _YEAR_LIKE.match(num_text) and (
            title
            or _YEAR_PREPOSITION.search(sentence, max(0, num_start - 9), num_start)
            or _noun_phrase(sentence, pos, title=title, names=False) is None
        ):
            return None  # "in 2020", "the 2021 Forum": a year; "2000 enterprises" is a count
        if _MONTH_BEFORE.search(sentence, max(0, num_start - 12), num_start):
            return None
        if _NAME_BEFORE.search(sentence, max(0, num_start - 10), num_start):
            return None
    value = _parse_number(num_text)
    start, qualifier, currency = _prefix(sentence, num_start)
    if currency and unit is None:
        unit = currency
    noun: str | None = None
    bare = False
    if unit is None:
        phrase = _noun_phrase(sentence, pos, title=title)
        if phrase is not None:
            noun, unit, pos = phrase
            if unit in _SPAN_UNITS and _SPAN_BEFORE.search(
                sentence, max(0, num_start - 12), num_start
            ):
                return None  # "the first 10 months": a period, not a count
        else:
            named = _counted_before(sentence, start, num_start, title=title)
            if named is not None:
                noun, unit = named
            elif _bare_has_a_reader(sentence, start, pos):
                bare = True
            else:
                return None  # a bare number: list marker, code, stray digit
    if unit is not None and " per " in sentence[pos : pos + 6]:
        per = _PER_AFTER.match(sentence, pos)
        if per:  # "31.3 base stations per 10,000 people": a rate, one figure
            unit = f"{unit} per {per.group('per')}"
            noun = f"{noun} per {per.group('per')}" if noun else None
            pos = per.end()
    base = value * SCALES[scale] if scale else value
    return Figure(
        start=start,
        num_start=num_start,
        end=pos,
        value=value,
        value_text=sentence[num_start:pos].strip() if not currency else sentence[start:pos],
        unit=unit,
        scale=scale,
        base_value=base,
        qualifier=qualifier,
        noun=noun,
        is_percent=is_percent,
        bare=bare,
    )


def _counted_before(
    sentence: str, start: int, num_start: int, *, title: bool
) -> tuple[str, str] | None:
    """(noun, unit) from "the number of X reached" or "5G users in the city exceeded" just
    before a number, if it says so."""
    if "number of" not in sentence and "total of" not in sentence:
        return _plural_before(sentence, num_start, title=title)
    # A qualifier may sit between the verb and the number ("has exceeded 400").
    for end in dict.fromkeys((start, num_start)):
        counted = _COUNT_OF.search(sentence[max(0, end - 160) : end])
        if counted is not None:
            named = _noun_phrase(counted.group("np") + " .", 0, title=title)
            if named is not None:
                # "people employed in the industry", "enterprises on the cloud": what is
                # counted, less a place ("... in Wuhan"), which is the fact's region.
                qualifier = _PLACE_PHRASE.sub("", counted.group("qualifier"))
                return f"{named[0]}{qualifier}", named[1]
    return _plural_before(sentence, num_start, title=title)


def _plural_before(sentence: str, start: int, *, title: bool) -> tuple[str, str] | None:
    """(noun, unit) from "5G users in the city exceeded" just before a number: the things
    counted, named as a plural before the verb (money is no count: "exports reached")."""
    found = _PLURAL_REACHED.search(sentence, max(0, start - 120), start)
    if found is None:
        return None
    words = found.group("np").split()
    head = words[-1].lower()
    if not _plural_noun(head) or head in _MONEY_PLURALS or head in _NOT_COUNTED:
        return None
    if not _NOT_IN_NAME.isdisjoint(words):
        return None
    named = _noun_phrase(found.group("np") + " .", 0, title=title)
    return None if named is None else (named[0], named[1])


def _bare_has_a_reader(sentence: str, start: int, end: int) -> bool:
    """Whether a number with no unit is read elsewhere in its sentence (see the docstring)."""
    return (
        "respectively" in sentence
        or _BARE_CONTEXT_BEFORE.search(sentence[max(0, start - 60) : start]) is not None
        or _BARE_CONTEXT_AFTER.match(sentence, end) is not None
    )


def _word_figure(sentence: str, match: re.Match[str], *, title: bool) -> Figure | None:
    if _SPAN_BEFORE.search(sentence, max(0, match.start() - 12), match.start()):
        return None  # "the first three quarters", "the past five years": a period
    if _TOP_BEFORE.search(sentence, max(0, match.start() - 6), match.start()):
        return None  # "the top three places": a position, not a count
    if _ONE_IN.search(sentence, max(0, match.start() - 8), match.start()):
        return None  # "one in three containers": a share, not three containers
    phrase = _noun_phrase(sentence, match.end(), title=title)
    if phrase is None:
        return None
    noun, unit, end = phrase
    start, qualifier, _ = _prefix(sentence, match.start())
    value = float(NUMBER_WORDS[match.group("word").lower()])
    return Figure(
        start=start,
        num_start=match.start(),
        end=end,
        value=value,
        value_text=sentence[match.start() : end],
        unit=unit,
        scale=None,
        base_value=value,
        qualifier=qualifier,
        noun=noun,
        is_percent=False,
    )
