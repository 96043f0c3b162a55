"""Reading a question: its place, period, what it asks for, and the words left to match.

`read_question` reads the user's words with the index's analyzer into a `Reading`: a `Query`
for the scorer (content terms plus the hard constraints region, places, years and half), and
any superlative or comparison. Typos are corrected against the store's own vocabulary, so a
word is only "unknown" when no document uses it.

A question with Chinese characters in it (mixed ones too) is read by the Chinese analyzer's
own reader (`briefing.chinese.analyzer.read_chinese_question`): its places come back as the
English names facts carry, its measures as the English analyzer's terms, so one `Query` shape
serves both languages and a Chinese question finds English facts as readily as Chinese ones.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple
from weakref import WeakKeyDictionary

from briefing.analysis import Analyzer
from briefing.analysis.phrases import PhraseMatcher
from briefing.chinese.analyzer import (
    ANSWER_KINDS,
    WHOLE_YEAR,
    ChineseAnalyzer,
    ChineseQuestion,
    compared_sides,
    read_chinese_question,
)
from briefing.chinese.segment import has_chinese, segment
from briefing.dimensions import Dimension, asked_dimension
from briefing.extract.places import COUNTRY
from briefing.kinds import Want
from briefing.views import OrderBy, Ranking, RefusalCode

if TYPE_CHECKING:
    from briefing.index import FactIndex

MAX_QUESTION_CHARS = 1_000
"""Only this much of a question is read; longer text is ignored."""

_YEAR_RE = re.compile(r"^(19\d{2}|20\d{2}|21\d{2})$")
_WANT_PRIORITY = (
    Want.DATE,
    Want.PERSON,
    Want.RANK,
    Want.GROWTH,
    Want.TARGET,
    Want.COUNT,
    Want.AMOUNT,
)
"""When a question holds several question words, the first of these in this order wins."""


@dataclass(frozen=True)
class Query:
    """What a question asks, as the scorer reads it.

    `terms` are the stemmed content terms left after the region, period and question words
    are taken out; the other fields are constraints the scorer enforces.
    """

    text: str
    terms: tuple[str, ...]
    region: str | None = None
    years: frozenset[int] = frozenset()
    half: int | None = None
    quarters: str | None = None  # "Q3", or "Q1-Q3" for the first three quarters
    want: Want | None = None
    unknown: tuple[str, ...] = ()  # content words the store has never seen
    label: str = ""  # a comparison side's own words, as the user wrote them
    places: tuple[str, ...] = ()  # places named that are no fact's region, only mentioned
    outlet: str | None = None  # "what does Hangzhou Daily say about …": only its documents
    full_year: bool = False  # "full-year", "whole year": no half or quarter's figure
    through_month: int | None = None  # "January to October": 10, a span no half or quarter is
    dimension: Dimension | None = None  # "price", "how old": only a figure stated as that


@dataclass(frozen=True)
class Reading:
    """What was read from a question."""

    query: Query
    superlative: Ranking | None = None
    sides: tuple[Query, ...] = ()  # a comparison's two sides
    absent_place: str | None = None  # a place named that no fact is about
    blank: bool = False
    small_talk: RefusalCode | None = None  # GREETING or THANKS: no question at all


@dataclass(frozen=True)
class _Cues:
    """One analyzer's question vocabulary, ready to match."""

    wants: PhraseMatcher[Want]
    halves: PhraseMatcher[int]
    quarters: PhraseMatcher[str]
    full_year: PhraseMatcher[bool]
    question_words: frozenset[str]  # never typo-corrected


_cues_by_language: dict[str, _Cues] = {}


def _cues(analyzer: Analyzer) -> _Cues:
    """The analyzer's question vocabulary as matchers, built once per language."""
    cues = _cues_by_language.get(analyzer.language)
    if cues is None:
        cues = _cues_by_language[analyzer.language] = _make_cues(analyzer)
    return cues


def _make_cues(analyzer: Analyzer) -> _Cues:
    vocabulary = analyzer.vocabulary
    return _Cues(
        wants=PhraseMatcher(vocabulary.wants, analyzer),
        halves=PhraseMatcher(vocabulary.halves, analyzer),
        quarters=PhraseMatcher(vocabulary.quarters, analyzer),
        full_year=PhraseMatcher(dict.fromkeys(vocabulary.full_year, True), analyzer),
        question_words=frozenset(
            {w for phrase in vocabulary.wants for w in analyzer.words(phrase)}
            | set(vocabulary.superlatives)
            | vocabulary.comparatives
            | vocabulary.comparison_cues
            | {w for place in vocabulary.places for w in analyzer.words(place)}
            | vocabulary.soft_words
            | {w for phrase in vocabulary.quarters for w in analyzer.words(phrase)}
            | {w for phrase in vocabulary.full_year for w in analyzer.words(phrase)}
        ),
    )


def read_question(
    question: str, index: FactIndex, *, in_documents: Callable[[str], bool] | None = None
) -> Reading:
    """Read constraints and content terms from `question` against the index's vocabulary.

    A word the index does not know is taken for a typo and corrected, unless `in_documents`
    says the documents' sentences hold it (a place or a name no fact is about). A dimension
    the question names ("price", "how old") binds the answer like its place and period."""
    reading = _read(question, index, in_documents=in_documents)
    dimension = asked_dimension(question[:MAX_QUESTION_CHARS])
    if dimension is None:
        return reading
    return replace(reading, query=replace(reading.query, dimension=dimension))


def _read(
    question: str, index: FactIndex, *, in_documents: Callable[[str], bool] | None
) -> Reading:
    analyzer = index.analyzer_for(question[:MAX_QUESTION_CHARS])
    if isinstance(analyzer, ChineseAnalyzer):
        return _read_chinese(question, index, analyzer)
    vocabulary = analyzer.vocabulary
    cues = _cues(analyzer)
    text = question[:MAX_QUESTION_CHARS]
    raw = analyzer.words(text)
    fixed = [_fix(w, index, cues, in_documents) for w in _rejoin(raw, index)]
    folded = analyzer.words(" ".join(fixed)) if fixed != raw else raw  # a fix may be a synonym
    if not any(w.isalnum() for w in folded):
        return Reading(Query(text=question, terms=()), blank=True)
    small_talk = _small_talk(folded, analyzer)
    if small_talk is not None:
        return Reading(Query(text=question, terms=()), small_talk=small_talk)
    used = [False] * len(folded)

    outlet: str | None = None
    for outlet_hit in outlets(index).matcher.find(folded):
        outlet = outlet or outlet_hit.value
        _mark(used, outlet_hit.start, outlet_hit.end)
    unclaimed = [w if not u else "" for w, u in zip(folded, used, strict=True)]

    region: str | None = None
    absent: str | None = None
    places: list[str] = []
    for hit in index.place_matcher.find(unclaimed):
        if index.has_region(hit.value):
            region = region or hit.value
        elif _in_a_name(text, hit.value):
            continue  # "Ningbo-Zhoushan Port": a name, not the place Zhoushan
        elif not _mentioned_in_store(hit.value, index):
            absent = absent or hit.value
        else:  # mentioned in the documents, no fact's region: a word, and a constraint
            places.append(hit.value)
            continue
        _mark(used, hit.start, hit.end)

    wants: list[Want] = []
    for want_hit in cues.wants.find(folded):
        wants.append(want_hit.value)
        _mark(used, want_hit.start, want_hit.end)

    years: set[int] = set()
    for i, word in enumerate(folded):
        if _YEAR_RE.match(word):
            if i > 0 and folded[i - 1] == "since":
                continue  # "the total since 2021" is counted up to now, not 2021's figure
            years.add(int(word))
            used[i] = True
            if i > 0 and folded[i - 1] == "by":
                wants.append(Want.TARGET)
    half: int | None = None
    for half_hit in cues.halves.find(folded):
        half = half_hit.value
        _mark(used, half_hit.start, half_hit.end)
    quarters: str | None = None
    for quarter_hit in cues.quarters.find(folded):
        quarters = quarters or quarter_hit.value
        _mark(used, quarter_hit.start, quarter_hit.end)
    months: int | None = None
    span = _month_span(folded)
    if span is not None:
        start, end, first, last = span
        _mark(used, start, end)
        half = half or {(1, 6): 1, (7, 12): 2}.get((first, last))
        if last % 3 == 0 and first in (1, last - 2) and (first, last) not in ((1, 6), (1, 12)):
            quarters = quarters or (f"Q{last // 3}" if first == last - 2 else f"Q1-Q{last // 3}")
        elif first == 1 and last not in (6, 12):
            months = last
    full_year = False
    for full_hit in cues.full_year.find(folded):
        full_year = True
        _mark(used, full_hit.start, full_hit.end)

    superlative: Ranking | None = None
    comparative = False
    for i, word in enumerate(folded):
        if word in vocabulary.superlatives and superlative is None:
            superlative = vocabulary.superlatives[word]
            used[i] = word not in vocabulary.kept_superlatives
        elif word in vocabulary.comparatives:
            comparative = True
            used[i] = True
    want = next((w for w in _WANT_PRIORITY if w in wants), None)
    if superlative is not None and superlative.order_by is OrderBy.GROWTH:
        want = Want.GROWTH
    if want is None and superlative is None and not vocabulary.amount_words.isdisjoint(folded):
        want = Want.AMOUNT  # "investment of projects signed at the summit" asks for a figure

    free = [w for w, u in zip(folded, used, strict=True) if not u]
    query = Query(
        text=question,
        terms=_terms(free, analyzer),
        region=region,
        years=frozenset(years),
        half=half,
        quarters=quarters,
        want=want,
        places=tuple(places),
        outlet=outlet,
        full_year=full_year and half is None and quarters is None,
        through_month=months,
        unknown=tuple(
            dict.fromkeys(
                w
                for w in free
                if not analyzer.is_stopword(w) and len(w) > 1 and not index.knows(analyzer.stem(w))
            )
        ),
    )
    sides = _sided_constraints(folded, query, index, cues) or _sides(
        free, query, analyzer, force=comparative
    )
    return Reading(query=query, superlative=superlative, sides=sides, absent_place=absent)


class _Outlets(NamedTuple):
    """The index's outlets as a question may name them."""

    matcher: PhraseMatcher[str]
    words: frozenset[str]  # never typo-corrected


_outlets_by_index: WeakKeyDictionary[FactIndex, _Outlets] = WeakKeyDictionary()
_DOMAIN_PREFIXES = frozenset({"www", "english", "en", "m", "news"})
_DOMAIN_SUFFIXES = frozenset({"com", "cn", "net", "org", "gov", "edu", "info", "hk"})
MIN_OUTLET_WORD = 4
"""A domain's own name ("seanews" of seanews.com.cn) is matched alone from this length."""


def outlets(index: FactIndex) -> _Outlets:
    """The outlets of the index's documents as a question may name them: "Hangzhou Daily",
    "english.ahnews.com.cn", or a site's own name ("ahnews"); built once per index."""
    found = _outlets_by_index.get(index)
    if found is None:
        names: dict[str, str] = {}
        for outlet in sorted({source.outlet for source in index.sources if source.outlet}):
            names[outlet] = outlet
            if "." in outlet and " " not in outlet:
                labels = outlet.lower().split(".")
                own = [w for w in labels if w not in _DOMAIN_PREFIXES | _DOMAIN_SUFFIXES]
                if (
                    len(own) == 1
                    and len(own[0]) >= MIN_OUTLET_WORD
                    and not index.place_matcher.find(index.analyzer.words(own[0]))
                ):
                    names.setdefault(own[0], outlet)
        words = frozenset(w for name in names for w in index.analyzer.words(name))
        found = _outlets_by_index[index] = _Outlets(PhraseMatcher(names, index.analyzer), words)
    return found


_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_SPAN_LINKS = frozenset({"to", "through", "till", "until", "and"})


def _month_span(folded: list[str]) -> tuple[int, int, int, int] | None:
    """A span of months asked about ("jan-sep", "January to October"): its word span and its
    first and last month, when the first comes before the last."""
    for i, word in enumerate(folded):
        first = _MONTH_NUMBERS.get(word)
        if first is None or i + 1 >= len(folded):
            continue
        j = i + 2 if folded[i + 1] in _SPAN_LINKS else i + 1
        last = _MONTH_NUMBERS.get(folded[j]) if j < len(folded) else None
        if last is not None and first < last:
            return i, j + 1, first, last
    return None


def _fix(
    word: str, index: FactIndex, cues: _Cues, in_documents: Callable[[str], bool] | None
) -> str:
    """Correct a typo unless the word (or its stem: "server" beside "servers") is known, a
    question word, a number, a stopword, or in the documents' sentences."""
    if (
        index.knows_word(word)
        or index.knows(index.analyzer.stem(word))
        or index.analyzer.is_stopword(word)
        or word in cues.question_words
        or word in outlets(index).words
        or not word.isalpha()
        or _YEAR_RE.match(word)
        or (in_documents is not None and in_documents(word))
    ):
        return word
    return index.correct(word)


def _rejoin(folded: list[str], index: FactIndex) -> list[str]:
    """Glue a word split by a stray hyphen or space back together ("e-comerce", "tele com")
    when the glued form, typo-corrected, is a word of the store and the parts are not."""
    is_stopword = index.analyzer.is_stopword
    cues = index.analyzer.vocabulary.comparison_cues  # "vs internet" is no stray "vsinternet"
    named = outlets(index).words  # "ln.gov.cn" is no stray "governmentcn"
    out: list[str] = []
    i = 0
    while i < len(folded):
        word = folded[i]
        if i + 1 < len(folded):
            following = folded[i + 1]
            glued = word + following
            if (
                glued.isalpha()
                and len(glued) >= 5
                and min(len(word), len(following)) <= 3
                and not (index.knows_word(word) and index.knows_word(following))
                and not is_stopword(word)
                and not is_stopword(following)
                and word not in cues
                and following not in cues
                and not (word in named and following in named)
                and index.knows_word(index.correct(glued))
            ):
                out.append(glued)
                i += 2
                continue
        out.append(word)
        i += 1
    return out


def _mark(used: list[bool], start: int, end: int) -> None:
    for i in range(start, end):
        used[i] = True


def _terms(folded: list[str], analyzer: Analyzer) -> tuple[str, ...]:
    out: list[str] = []
    for word in folded:
        if not analyzer.is_stopword(word) and not (len(word) == 1 and word.isalpha()):
            term = analyzer.stem(word)
            if term not in out:
                out.append(term)
    return tuple(out)


def _in_a_name(text: str, place: str) -> bool:
    """Whether `place` (folded) is written joined by a hyphen to another word of the question
    ("ningbo-zhoushan port", "china-asean"): part of a name."""
    spelled = re.escape(place).replace(r"\ ", r"[\s-]")
    return re.search(rf"\w-{spelled}\b|\b{spelled}-\w", text, re.IGNORECASE) is not None


def _mentioned_in_store(place: str, index: FactIndex) -> bool:
    return all(index.knows_word(w) for w in place.split())


def _sides(free: list[str], query: Query, analyzer: Analyzer, *, force: bool) -> tuple[Query, ...]:
    """A comparison's sides: "compare A and B", "A vs B", "which is bigger, A or B"."""
    vocabulary = analyzer.vocabulary
    cue = any(w in vocabulary.comparison_cues for w in free)
    if not cue and not force:
        return ()
    text = " " + " ".join(w for w in free if w not in vocabulary.comparison_verbs) + " "
    splitters = vocabulary.comparison_splitters if cue else (" than ", " or ")
    for splitter in splitters:
        if splitter in text:
            left, right = text.split(splitter, 1)
            sides = _share_measure(_terms(left.split(), analyzer), _terms(right.split(), analyzer))
            if all(s for s in sides):
                labels = tuple(
                    " ".join(w for w in side.split() if not analyzer.is_stopword(w))
                    for side in (left, right)
                )
                return tuple(
                    replace(query, terms=terms, label=label)
                    for terms, label in zip(sides, labels, strict=True)
                )
    return ()


def _share_measure(
    left: tuple[str, ...], right: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Give the shorter side the measure words the longer side holds for both.

    "software and internet revenue growth": the words after the right side's own ones
    ("revenue growth") belong to the left side too; "5G stations in June vs December": the
    words before the left side's own ones belong to the right side. Sides that already share
    a word ("internet services revenue" vs "software revenue") each name their measure.
    """
    if not set(left).isdisjoint(right):
        return left, right
    if left and right and len(left) < len(right):
        shared = tuple(t for t in right[len(left) :] if t not in left)
        return left + shared, right
    if left and right and len(right) < len(left):
        shared = tuple(t for t in left[: len(left) - len(right)] if t not in right)
        return left, shared + right
    return left, right


def _small_talk(folded: list[str], analyzer: Analyzer) -> RefusalCode | None:
    """GREETING or THANKS when the message is only that, else None."""
    vocabulary = analyzer.vocabulary
    small_talk = vocabulary.greetings | vocabulary.thanks
    content = [w for w in folded if not analyzer.is_stopword(w) or w in small_talk]
    if not content or not all(w in small_talk for w in content):
        return None
    if any(w in vocabulary.thanks for w in content):
        return RefusalCode.THANKS
    return RefusalCode.GREETING


# -- Chinese and mixed questions ----------------------------------------------------------------


def _read_chinese(question: str, index: FactIndex, analyzer: ChineseAnalyzer) -> Reading:
    """Read a Chinese or mixed question: the Chinese reader's cues, the index's places."""
    asked = read_chinese_question(question[:MAX_QUESTION_CHARS], analyzer=analyzer)
    folded = analyzer.words(asked.text)
    if not any(w.isalnum() for w in folded):
        return Reading(Query(text=question, terms=()), blank=True)
    query, absent = _chinese_query(question, asked, folded, index, analyzer)
    superlative = (
        analyzer.vocabulary.superlatives.get(asked.superlative) if asked.superlative else None
    )
    if superlative is not None and superlative.order_by is OrderBy.GROWTH:
        query = replace(query, want=Want.GROWTH)
    sides = _chinese_sides(asked, query, index, analyzer)
    return Reading(query=query, superlative=superlative, sides=sides, absent_place=absent)


_COUNT_SUFFIXES = ("数量", "总数", "数目", "人数", "数")
"""What a Chinese word may end with to ask for the number of what it starts with (用户数)."""


def _known_before_count_suffix(
    term: str, index: FactIndex, analyzer: ChineseAnalyzer
) -> list[str]:
    """The known terms of what a word the store lacks starts with, when it ends in "number
    of" (用户数: 用户, read "user"); none otherwise."""
    if index.knows(term) or not has_chinese(term):
        return []
    for suffix in _COUNT_SUFFIXES:
        stem = term.removesuffix(suffix)
        if stem != term and len(stem) > 1:
            known = analyzer.terms(stem)
            if known and all(index.knows(t) for t in known):
                return known
    return []


def _chinese_query(
    question: str,
    asked: ChineseQuestion,
    folded: list[str],
    index: FactIndex,
    analyzer: ChineseAnalyzer,
) -> tuple[Query, str | None]:
    """The scorer's query for a read Chinese question, and a place named that no fact is about.

    Places are sorted as English ones are: a fact's region (the constraint), a place no
    document names (the question is about something the store lacks), or a place only
    mentioned in documents (a constraint, and a word to match).
    """
    named = [" ".join(analyzer.words(place)) for place in asked.places]
    for hit in index.place_matcher.find(folded):  # places typed in English the glossary lacks
        key = " ".join(analyzer.words(hit.value))
        if key not in named and hit.value != COUNTRY.lower():  # 全国 is read by the reader
            named.append(key)
    region: str | None = None
    absent: str | None = None
    places: list[str] = []
    terms = list(asked.terms)
    for place in named:
        if index.has_region(place):
            region = region or place
        elif not _mentioned_in_store(place, index):
            absent = absent or place
        else:
            places.append(place)
            terms.extend(analyzer.stem(w) for w in place.split() if analyzer.stem(w) not in terms)
    whole_year = (
        asked.half is None
        and asked.quarter is None
        and asked.first_quarters is None
        and any(word in asked.text for word in analyzer.glossary.periods.whole_year)
    )
    if whole_year:  # 全年 is a constraint, not a word to match
        year_words = set(analyzer.terms(WHOLE_YEAR))
        terms = [t for t in terms if t not in year_words]
    counted = False
    for term in list(terms):
        if term in _COUNT_SUFFIXES and len(terms) > 1:  # 基站 数: the number of base stations
            terms.remove(term)
            counted = True
            continue
        known = _known_before_count_suffix(term, index, analyzer)
        if known:  # 用户数 is the number of 用户
            at = terms.index(term)
            terms[at : at + 1] = [t for t in known if t not in terms]
            counted = True
    missing = {t for t in terms if len(t) > 1 and not index.knows(t) and not analyzer.is_soft(t)}
    want = ANSWER_KINDS[asked.want] if asked.want else None
    if counted and want in (None, Want.AMOUNT):
        want = Want.COUNT
    amounts = {index.analyzer.stem(w) for w in index.analyzer.vocabulary.amount_words}
    if want is None and not asked.compare and not amounts.isdisjoint(terms):
        want = Want.AMOUNT  # 营业收入 without 多少 still asks for a figure, not an event
    query = Query(
        text=question,
        terms=tuple(terms),
        region=region,
        years=frozenset(asked.years),
        half=asked.half,
        quarters=_quarters(asked),
        want=want,
        places=tuple(places),
        unknown=_as_asked(missing, asked.text, analyzer),
        full_year=whole_year,
    )
    return query, absent


def _as_asked(missing: set[str], text: str, analyzer: ChineseAnalyzer) -> tuple[str, ...]:
    """The question's own words ("人工智能") that hold terms the store lacks: a refusal names
    what the user typed, not the glossary's English for it."""
    if not missing:
        return ()
    return tuple(
        dict.fromkeys(
            token.strip()
            for token in segment(text)
            if not missing.isdisjoint(analyzer.terms(token))
        )
    )


def _quarters(asked: ChineseQuestion) -> str | None:
    """The quarters a question names, as periods write them: "Q3", "Q1-Q3"."""
    if asked.first_quarters is not None:
        return f"Q1-Q{asked.first_quarters}"
    return f"Q{asked.quarter}" if asked.quarter is not None else None


def _chinese_sides(
    asked: ChineseQuestion, query: Query, index: FactIndex, analyzer: ChineseAnalyzer
) -> tuple[Query, ...]:
    """The queries of what a question compares or lists, one per item, each read whole.

    Each side is the question with only one of the items in it ("浙江和杭州的…对比" gives
    "浙江的…对比" and "杭州的…对比"), so an item that is a place sets the side's region, one
    that is a year its period, and one that is a measure its terms.
    """
    sides: list[Query] = []
    texts = compared_sides(asked.text, compare=asked.compare, analyzer=analyzer)
    for text, label in zip(texts, _own_parts(texts), strict=True):
        side_asked = read_chinese_question(text, analyzer=analyzer)
        side, _ = _chinese_query(text, side_asked, analyzer.words(text), index, analyzer)
        sides.append(replace(side, text=query.text, want=query.want, label=label))
    return tuple(sides)


def _own_parts(texts: Sequence[str]) -> list[str]:
    """What each of `texts` says that the others do not: the text between their common
    beginning and common end ("海南数字经济增速" and "海南软件业增速": 数字经济, 软件业)."""
    if len(texts) < 2:
        return list(texts)
    start = len(os.path.commonprefix(list(texts)))
    end = len(os.path.commonprefix([t[::-1] for t in texts]))
    parts = [t[start : len(t) - end] if len(t) - end > start else t for t in texts]
    return [part.strip() or text for part, text in zip(parts, texts, strict=True)]


_FULL_YEAR = frozenset({"full", "fully", "whole", "annual", "entire"})
"""Words that make a comparison side the full year ("H1 vs the full year")."""


def _sided_constraints(
    folded: list[str], query: Query, index: FactIndex, cues: _Cues
) -> tuple[Query, ...]:
    """Sides of one measure that differ in place or period: "Shenzhen vs Guangzhou software
    revenue", "growth in H1 2021 compared with the full year"; () when the question has none."""
    vocabulary = index.analyzer.vocabulary
    asked = vocabulary.comparison_cues | vocabulary.comparatives
    if not any(w in asked for w in folded):
        return ()
    text = " " + " ".join(folded) + " "
    splitter = next((s for s in vocabulary.comparison_splitters if s in text), None)
    if splitter is None:
        return ()
    parts = [side.split() for side in text.split(splitter, 1)]
    read = [_side_constraints(words, index, cues) for words in parts]
    if not all(side.named for side in read):
        return ()
    asking = {index.analyzer.stem(w) for w in asked | vocabulary.comparison_verbs | _FULL_YEAR}
    terms = tuple(t for t in query.terms if t not in asking)
    own = [{t for t in _terms(words, index.analyzer) if t in terms} for words in parts]
    if own[0] and own[1] and not (own[0] <= own[1] or own[1] <= own[0]):
        return ()  # "Xi'an IT services vs embedded software in Q1": two measures, not two periods
    sides = []
    for side, words in zip(read, parts, strict=True):
        sides.append(
            replace(
                query,
                terms=terms,
                region=side.region or query.region,
                years=side.years or query.years,
                half=side.half if side.own_period else query.half,
                quarters=side.quarters if side.own_period else query.quarters,
                label=" ".join(w for w in words if not index.analyzer.is_stopword(w)),
            )
        )
    if sides[0] == sides[1]:
        return ()
    return tuple(sides)


class _Side(NamedTuple):
    """A comparison side's own constraints."""

    region: str | None
    years: frozenset[int]
    half: int | None
    quarters: str | None
    full: bool  # names the full year

    @property
    def own_period(self) -> bool:
        """Whether the side says which part of the year it means: a half, quarters, the full
        year, or a year of its own ("end of June 2021 vs end of 2021": the second is the year)."""
        return self.half is not None or self.quarters is not None or self.full or bool(self.years)

    @property
    def named(self) -> bool:
        return bool(self.region or self.years or self.half or self.quarters or self.full)


def _side_constraints(words: list[str], index: FactIndex, cues: _Cues) -> _Side:
    """A comparison side's own region, years, half, quarters, and whether it names the full
    year."""
    region = next(
        (hit.value for hit in index.place_matcher.find(words) if index.has_region(hit.value)),
        None,
    )
    return _Side(
        region=region,
        years=frozenset(int(w) for w in words if _YEAR_RE.match(w)),
        half=next((hit.value for hit in cues.halves.find(words)), None),
        quarters=next((hit.value for hit in cues.quarters.find(words)), None),
        full=bool(_FULL_YEAR & set(words)) and "year" in words,
    )
