"""Figures in a sentence: amounts with units and scales, percentages, counts of things.

A figure is a number (digits or a number word) with what it measures: a currency, percent,
or the counted noun that follows it ("1300 industrial enabling scenarios"). Numbers that are
dates, years, ordinals, list markers, names ("Top 100", "5G") or bare digits are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    r"|HK dollars)\b)",
    re.IGNORECASE,
)
_CURRENCY_ENDINGS = ("RMB", "CNY", "USD", "$", "¥", "€")
_QUALIFIER_ENDINGS = tuple(QUALIFIERS) + tuple(f"{q} the" for q in QUALIFIERS)
_QUALIFIER = re.compile(
    r"\b(?P<q>" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+$"
)
_NAME_BEFORE = re.compile(
    r"\b(?:Top|TOP|top|No\.|Number|Phase|Article|Section|Chapter|Version)\s+$"
)
_SPAN_UNITS = frozenset({"years", "months", "quarters", "weeks", "days"})
_SPAN_BEFORE = re.compile(r"\b(?:first|last|past|next|previous|recent|coming)\s+$", re.I)
# "the number of industrial internet platforms (in Chengdu) reached 48"
_COUNT_OF = re.compile(
    r"\b(?:number|total)\s+of\s+(?:the\s+)?(?P<np>[a-z0-9][\w-]*(?:\s+[a-z0-9][\w-]*){0,5}?)"
    r"(?:\s+(?:in|of|at|across)\s+(?:the\s+)?[A-Za-z][\w']*){0,2}"
    r"(?:\s+(?:has|have|had|now|already|also|further))*"
    r"\s+(?:reached|was|were|hit|hits|totaled|totalled|stood at|stands at|exceeded|rose to"
    r"|increased to|grew to|came to|is|are)\s+$"
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
_NOT_NOUN_ENDINGS = ("ly", "ous", "ss", "us", "is", "ed", "ing")


@dataclass
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
    change_sign: int = 0  # +1 / -1 when this percentage is a change, else 0
    cue_start: int = -1  # where its change wording starts ("rose", "with a growth of")
    change: float | None = None  # filled when a change is paired with this amount
    change_figure: Figure | None = None


def _plural_noun(word: str) -> bool:
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS or lower in _MEASURE_UNITS:
        return True
    return lower.endswith("s") and len(lower) > 2 and not lower.endswith(_NOT_NOUN_ENDINGS[3:5])


def _noun_phrase(sentence: str, pos: int, *, title: bool) -> tuple[str, str, int] | None:
    """(phrase, unit, end) for the counted noun phrase starting at `pos`, if there is one."""
    words: list[re.Match[str]] = []
    for match in _WORD.finditer(sentence, pos):
        token = match.group()
        if not token[0].isalnum() or token.lower() in _STOP_WORDS:
            break
        if token[0].isupper() and not title and not (token.isupper() and len(token) <= 4):
            break
        if len(token) == 4 and token[:2] in ("19", "20") and _YEAR_LIKE.match(token):
            break
        words.append(match)
        if len(words) >= 6:
            break
    last_plural = len(words)
    while last_plural and not _plural_noun(words[last_plural - 1].group()):
        last_plural -= 1  # from the end: the phrase runs to its last plural noun
    if not last_plural:
        return None
    kept = words[:last_plural]
    tokens = [w.group().lower() if title else w.group() for w in kept]
    if tokens[-1].lower().endswith(_NOT_NOUN_ENDINGS[:3]):
        return None
    phrase = " ".join(tokens)
    if len(tokens) <= 2 or tokens[-2].lower() in _COMPOUND_MODIFIERS:
        unit = " ".join(tokens[-2:])
    else:
        unit = tokens[-1]
    return phrase, unit, kept[-1].end()


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
    for run in _DIGIT_RUN.finditer(sentence):
        if run.start() and _GLUED_BEFORE(sentence[run.start() - 1]):
            continue  # "COVID-19", "A3", "v2.0", "3:00"; "$5" is read as a currency prefix
        match = _NUMBER.match(sentence, run.start())
        if match is None:
            continue
        figure = _digit_figure(sentence, match, title=title)
        if figure is not None:
            figures.append(figure)
            taken.append((figure.num_start, figure.end))
    if (tokens_of(sentence) if tokens is None else tokens) & _NUMBER_WORD_SET:
        lower = sentence.lower()
        for match in _NUMBER_WORD.finditer(lower) if len(lower) == len(sentence) else ():
            if any(lo <= match.start() < hi for lo, hi in taken):
                continue
            figure = _word_figure(sentence, match, title=title)
            if figure is not None:
                figures.append(figure)
        figures.sort(key=lambda f: f.num_start)  # word figures go between digit ones
    if '"' not in sentence:
        return figures
    return [f for f in figures if not _inside_quotes(sentence, f.num_start)]


def _inside_quotes(sentence: str, pos: int) -> bool:
    return sentence.count('"', 0, pos) % 2 == 1


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
            else:
                unit = CURRENCIES.get(tail_unit.group("cur").lower(), tail_unit.group("cur"))
            pos = tail_unit.end()
    if unit is None and scale is None:
        # Without a unit a number may be a year, a date ("May 21") or a name ("Top 100").
        if _YEAR_LIKE.match(num_text) and (
            title
            or _YEAR_PREPOSITION.search(sentence, max(0, num_start - 9), num_start)
            or _noun_phrase(sentence, pos, title=title) is None
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
    if unit is None:
        phrase = _noun_phrase(sentence, pos, title=title)
        if phrase is not None:
            noun, unit, pos = phrase
            if unit in _SPAN_UNITS and _SPAN_BEFORE.search(
                sentence, max(0, num_start - 12), num_start
            ):
                return None  # "the first 10 months": a period, not a count
        else:
            has_count_of = "number of" in sentence or "total of" in sentence
            if not has_count_of:
                return None  # a bare number: list marker, code, stray digit
            counted = _COUNT_OF.search(sentence[max(0, start - 160) : start])
            if counted is None:
                return None  # a bare number: list marker, code, stray digit
            named = _noun_phrase(counted.group("np") + " .", 0, title=title)
            if named is None:
                return None
            noun, unit, _ = named
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
    )


def _word_figure(sentence: str, match: re.Match[str], *, title: bool) -> Figure | None:
    if _SPAN_BEFORE.search(sentence, max(0, match.start() - 12), match.start()):
        return None  # "the first three quarters", "the past five years": a period
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
