"""The Chinese analyzer: Chinese (and mixed) text into the English analyzer's terms.

Facts and questions in both languages are compared on one set of terms. A Chinese text is
converted to simplified characters, its figures are rewritten as digits ("112.5亿元" → "11250000000
yuan", "第七" → "7"), it is segmented, and every word the glossary knows becomes its English
words ("营业收入" → "operating revenue", "青岛" → "Qingdao", "上半年" → "h1"). Runs of those
English words, and any English typed into the text ("青岛 software revenue 上半年"), then go
through the English analyzer's own `words` and `stem` (briefing.analysis.english), so "operating
revenue" folds to the same "revenue" an English briefing gives. A Chinese word the glossary
lacks stays a Chinese word; it still matches the same word in another Chinese text.

`read_chinese_question` reads what a question asks with the same words, independent of any
index: the kind of answer wanted, comparison and superlative cues, years, half and quarter,
places (as English names) and the content terms left over.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from briefing.analysis import english as normalize
from briefing.analysis import english_words as lexicon
from briefing.analysis.base import Language, QuestionVocabulary
from briefing.chinese.glossary import Glossary, load_glossary
from briefing.chinese.numbers import (
    PERCENT,
    PERCENTAGE_POINTS,
    FigureSpan,
    find_figures,
    normalise_width,
    ordinal_pattern,
    parse_ordinal,
)
from briefing.chinese.segment import segment, to_simplified
from briefing.extract.figures import format_value
from briefing.extract.places import COUNTRY
from briefing.kinds import Want

LANGUAGE = Language.CHINESE
MAX_QUESTION_CHARS = 1_000
"""Only this much of a question is read; longer text is ignored."""
WANT_PRIORITY: tuple[str, ...] = (
    "date",
    "person",
    "rank",
    "share",
    "growth",
    "target",
    "count",
    "amount",
)
"""When a question holds several question words, the first of these in this order wins (the
English reader's order, with "share" before "growth": 占比 questions also say 多少)."""
SHARE = "share"
"""The kind of question (占比, 比重, 占) whose cue also names the measure, as "share" does in
English: a share question keeps the term "share"."""
COMPARE_WORD = "compare"
"""The English word the comparison cues 比较/对比/相比 become (an English comparison cue)."""
ANSWER_KINDS: Mapping[str, Want] = {SHARE: Want.AMOUNT} | {w.value: w for w in Want}
"""What the engine looks for, for each kind of question word (a share is an amount in %)."""
COMPARISON_SPLITTERS: tuple[str, ...] = (" 还是 ", " 和 ", " 与 ", " 跟 ", " 同 ", " 或 ")
"""Words between a comparison's sides ("软件 和 电信"), strongest first, padded with spaces."""
LIST_CUES: tuple[str, ...] = ("分别", "各自", "respectively")
"""Words that make a question with an enumeration ("A、B、C分别增长多少") ask for each item."""
ITEM_SEPARATOR = "、"
_SIDE_WORDS = frozenset(w.strip() for w in COMPARISON_SPLITTERS) | {"及", "vs", "and", "or"}

_CLAUSE_BREAK = ","  # a Chinese punctuation mark ends an English phrase as a comma does
_RELATIVE_YEAR_WORDS = {-1: "last year", 0: "this year", 1: "next year"}
WHOLE_YEAR = "full year"
"""What 全年 reads as among a question's words."""
_VERBAL_COMPARE_CUES = frozenset({"比较", "对比", "相比"})
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.%])(?!\s*[万亿千个家户座项条张人元])")
_BY_YEAR = re.compile(r"到\s*((?:19|20)\d{2})\s*年")
_YEAR_WORD = re.compile(r"(?<![\d.])((?:19|20)\d{2})年")
_COUNTRY_NAMED = re.compile(r"(?:中国|全国|我国)(?![—–\-·])|china", re.IGNORECASE)
"""The country named as a place: not the 中国 of a name joined by a dash ("中国—东盟")."""
_BY_END_OF_THIS_YEAR = re.compile(r"到(?:今年)?年底|今年年底")


@dataclass(frozen=True)
class ChineseQuestion:
    """What a Chinese (or mixed) question asks.

    Args:
        text: the question as read (simplified, at most `MAX_QUESTION_CHARS`).
        want: the kind of answer asked for: "amount", "growth", "share", "count", "rank",
            "target", "date" or "person"; None when the question does not say.
        wants: every kind the question's words suggest, in `WANT_PRIORITY` order.
        compare: whether the question compares (比较, 对比, 哪个 …).
        superlative: the English superlative asked for ("fastest"), if any.
        years: the years named, in order (到2025年 and resolved 今年/去年 included).
        by_year: the year of a target ("到2025年" → 2025).
        half: 1 or 2 for 上半年/下半年.
        quarter: 1-4 for 一季度 … 四季度.
        first_quarters: 3 for 前三季度 (the first three quarters).
        places: places named, as English canonical names ("Qingdao"); "China" (全国) only
            when no other place is named.
        terms: the stemmed content terms left after places, periods and question words.
    """

    text: str
    want: str | None
    wants: tuple[str, ...]
    compare: bool
    superlative: str | None
    years: tuple[int, ...]
    by_year: int | None
    half: int | None
    quarter: int | None
    first_quarters: int | None
    places: tuple[str, ...]
    terms: tuple[str, ...]


class ChineseAnalyzer:
    """Folds Chinese, traditional Chinese and mixed Chinese-English text into terms."""

    def __init__(self, glossary: Glossary | None = None) -> None:
        self._glossary = glossary or load_glossary()

    @property
    def language(self) -> str:
        """The language code this analyzer reads."""
        return LANGUAGE

    @property
    def glossary(self) -> Glossary:
        """The glossary the analyzer maps words with."""
        return self._glossary

    @property
    def synonym_words(self) -> tuple[str, ...]:
        """No typo correction for Chinese: a mistyped character is another word."""
        return ()

    @cached_property
    def vocabulary(self) -> QuestionVocabulary:
        """The English question words and the glossary's Chinese ones, as one vocabulary.

        A mixed question may use either ("青岛 how many 5G基站"); Chinese words that fold to
        English ones ("最快" → "fastest") mean what the English word means.
        """
        english = normalize.EnglishAnalyzer.vocabulary
        glossary = self._glossary
        return QuestionVocabulary(
            wants={**english.wants, **{k: ANSWER_KINDS[v] for k, v in glossary.asks.items()}},
            halves={**english.halves, **glossary.periods.halves},
            superlatives={
                **english.superlatives,
                **{cue: english.superlatives[w] for cue, w in glossary.superlatives.items()},
            },
            comparatives=english.comparatives,
            comparison_cues=english.comparison_cues | glossary.comparison_cues,
            comparison_verbs=english.comparison_verbs | _VERBAL_COMPARE_CUES,
            comparison_splitters=COMPARISON_SPLITTERS + english.comparison_splitters,
            kept_superlatives=english.kept_superlatives,
            soft_words=english.soft_words,
            places=(*english.places, *glossary.places),
        )

    def fold(self, text: str) -> str:
        """`text` as canonical words separated by single spaces."""
        return " ".join(self.words(text))

    def words(self, text: str) -> list[str]:
        """The folded words of `text`, unstemmed, stopwords kept.

        English words for what the glossary knows, Chinese words for the rest, digits for
        numbers.
        """
        out: list[str] = []
        # English text as typed (jieba's tokens are contiguous, so ASCII tokens joined give
        # back "year-on-year" or "Qingdao's") and the glossary's English between spaces.
        english: list[str] = []
        for token in segment(_digits_for_figures(self.simplify(text))):
            if token.isascii():
                english.append(token)
                continue
            mapped = self._english_for(token)
            if mapped is not None:
                english.append(f" {mapped} ")
                continue
            if not _is_wordlike(token):
                english.append(f" {_CLAUSE_BREAK} ")
                continue
            out.extend(normalize.words("".join(english)))
            english.clear()
            out.append(token)
        out.extend(normalize.words("".join(english)))
        return out

    def stem(self, word: str) -> str:
        """The term a folded word is compared by (English stemming; Chinese as it is)."""
        return normalize.stem(word)

    def terms(self, text: str) -> list[str]:
        """Stemmed content words of `text`: folded, stopwords dropped, numbers kept."""
        return self.content_terms(self.words(text))

    def content_terms(self, folded_words: Iterable[str]) -> list[str]:
        """Stemmed content words of already folded words."""
        return [normalize.stem(w) for w in folded_words if not self.is_stopword(w)]

    def is_stopword(self, word: str) -> bool:
        """Whether a folded, unstemmed word carries no meaning for matching."""
        return word in self._chinese_stopwords or normalize.is_stopword(word)

    def is_soft(self, term: str) -> bool:
        """Whether a stemmed term is a generic word ("industry") that names no measure."""
        return normalize.is_soft(term)

    def simplify(self, text: str) -> str:
        """`text` in simplified characters with full-width digits and letters made ASCII."""
        return normalise_width(to_simplified(text))

    @cached_property
    def want_cues(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """(want, folded words) of every Chinese and English question phrase, longest first.

        English phrases come from the English lexicon, so "青岛 how many 5G基站" is read too;
        a Chinese phrase folds to English where the glossary maps it ("增长" → "growth").
        """
        table: dict[tuple[str, ...], str] = {}
        for phrase, english_want in lexicon.WANT_PHRASES.items():
            table.setdefault(tuple(normalize.words(phrase)), str(english_want))
        for phrase, want in self._glossary.asks.items():
            table[tuple(self.words(phrase))] = want
        ordered = sorted(table.items(), key=lambda item: -len(item[0]))
        return tuple((want, words) for words, want in ordered if words)

    @cached_property
    def _chinese_stopwords(self) -> frozenset[str]:
        glossary = self._glossary
        question_words = {w for w in glossary.asks if w not in glossary.terms}
        cues = {w for w in glossary.comparison_cues if w not in _VERBAL_COMPARE_CUES}
        return glossary.stopwords | glossary.classifiers | frozenset(question_words | cues)

    def _english_for(self, token: str) -> str | None:
        """English words for one Chinese token, or None if the glossary has no reading."""
        single = self._single_english(token)
        if single is not None:
            return single
        parts = self._split_into_known(token)
        if parts is None:
            return None
        return " ".join(p for p in map(self._single_english, parts) if p)

    def _single_english(self, token: str) -> str | None:
        glossary = self._glossary
        english = glossary.english(token)
        if english is not None:
            return english
        if token in glossary.periods.halves:
            return f"h{glossary.periods.halves[token]}"
        if token in glossary.periods.quarters:
            return f"q{glossary.periods.quarters[token]}"
        if token in glossary.periods.first_quarters:
            return f"first {glossary.periods.first_quarters[token]} quarters"
        if token in glossary.periods.relative_years:
            return _RELATIVE_YEAR_WORDS.get(glossary.periods.relative_years[token])
        if token in glossary.periods.whole_year:
            return WHOLE_YEAR
        if token in glossary.superlatives:
            return glossary.superlatives[token]
        if token in _VERBAL_COMPARE_CUES:
            return COMPARE_WORD
        return None

    def _split_into_known(self, token: str) -> list[str] | None:
        """`token` cut into glossary words, longest first, if they cover all of it.

        jieba's unknown-word model sometimes glues a known word to its neighbour
        ("软件业务收入过"); a token wholly made of known words is read as those words.
        """
        if len(token) < 2 or not _is_wordlike(token):
            return None
        parts: list[str] = []
        i = 0
        while i < len(token):
            for size in range(min(self._longest_key, len(token) - i), 0, -1):
                piece = token[i : i + size]
                if self._single_english(piece) is not None or (
                    size == 1 and piece in self._chinese_stopwords
                ):
                    parts.append(piece)
                    i += size
                    break
            else:
                return None
        return parts if len(parts) > 1 else None

    @cached_property
    def _longest_key(self) -> int:
        glossary = self._glossary
        return max(len(k) for k in (*glossary.terms, *glossary.places))


def read_chinese_question(
    text: str, *, current_year: int | None = None, analyzer: ChineseAnalyzer | None = None
) -> ChineseQuestion:
    """Read what a Chinese or mixed question asks (no index needed).

    Args:
        text: the question.
        current_year: the year 今年 means (去年 is the one before); without it those words
            give no year.
        analyzer: the analyzer to fold words with (a shared one by default).
    """
    analyzer = analyzer or _shared_analyzer()
    glossary = analyzer.glossary
    simplified = analyzer.simplify(text[:MAX_QUESTION_CHARS])
    folded = analyzer.words(simplified)
    used = [False] * len(folded)

    wants: set[str] = set()
    for want, sequence in analyzer.want_cues:
        if _mark_sequence(folded, used, sequence):
            wants.add(want)
    tokens = {t for t in segment(simplified) if not t.isspace()}
    for cue, want in glossary.asks.items():
        if cue in tokens or (len(cue) > 1 and cue in simplified):
            wants.add(want)

    years: list[int] = [int(y) for y in _YEAR.findall(simplified)]
    by_year: int | None = None
    by_match = _BY_YEAR.search(simplified)
    if by_match:
        by_year = int(by_match.group(1))
    elif current_year is not None and _BY_END_OF_THIS_YEAR.search(simplified):
        by_year = current_year
    if by_year is not None:
        wants.add("target")
        years.append(by_year)
    if current_year is not None:
        for word, offset in glossary.periods.relative_years.items():
            if word in simplified:
                years.append(current_year + offset)
    year_words = {str(y) for y in years}
    for i, word in enumerate(folded):
        if word in year_words:
            used[i] = True
    if wants:
        # "五个省级数字经济园区总产值是多少": a counted number in a question that asks for
        # something names what is measured (the five parks); it is no figure to match.
        counted = {
            format_value(span.figure.base_value)
            for span in find_figures(simplified)
            if span.figure.is_count
        }
        for i, word in enumerate(folded):
            if word in counted:
                used[i] = True

    half = _first_value(glossary.periods.halves, simplified)
    quarter = _first_value(glossary.periods.quarters, simplified)
    first_quarters = _first_value(glossary.periods.first_quarters, simplified)
    for period_words in (["h1"], ["h2"], ["q1"], ["q2"], ["q3"], ["q4"]):
        _mark_sequence(folded, used, period_words)
    for word in glossary.periods.first_quarters:
        _mark_sequence(folded, used, analyzer.words(word))

    superlative = next(
        (english for cue, english in glossary.superlatives.items() if cue in simplified), None
    )
    if superlative is None:
        superlative = next(
            (
                w
                for i, w in enumerate(folded)
                if w in lexicon.SUPERLATIVES
                and w not in lexicon.KEPT_SUPERLATIVES  # 领导小组 is a "leading group"
                and not _number_follows(folded, i)
            ),
            None,
        )
    for i, word in enumerate(folded):
        if word == superlative:
            used[i] = True
    compare = any(cue in simplified for cue in glossary.comparison_cues) or bool(
        lexicon.COMPARISON_CUES.intersection(folded)
    )
    for i, word in enumerate(folded):
        if word in lexicon.COMPARISON_CUES:
            used[i] = True

    places = _places_in(folded, glossary)
    if COUNTRY in places and not _COUNTRY_NAMED.search(simplified):
        places.remove(COUNTRY)  # "中国—东盟…论坛" names a forum, not the country
    for place in places:
        _mark_sequence(folded, used, normalize.words(place))
    if len(places) > 1 and COUNTRY in places:
        places.remove(COUNTRY)  # 全国 in "全国排第几" is the field, not the place asked about

    terms: list[str] = []
    for word, is_used in zip(folded, used, strict=True):
        if is_used or analyzer.is_stopword(word):
            continue
        term = analyzer.stem(word)
        if term not in terms:
            terms.append(term)
    if SHARE in wants and analyzer.stem(SHARE) not in terms:
        terms.append(analyzer.stem(SHARE))
    ordered_wants = tuple(w for w in WANT_PRIORITY if w in wants)
    return ChineseQuestion(
        text=simplified,
        want=ordered_wants[0] if ordered_wants else None,
        wants=ordered_wants,
        compare=compare,
        superlative=superlative,
        years=tuple(dict.fromkeys(years)),
        by_year=by_year,
        half=half,
        quarter=quarter,
        first_quarters=first_quarters,
        places=tuple(places),
        terms=tuple(terms),
    )


def compared_sides(
    text: str, *, compare: bool, analyzer: ChineseAnalyzer | None = None
) -> tuple[str, ...]:
    """The question once for each thing it compares or lists, the shared words kept.

    "对比一下青岛软件业和电信业的营业收入" gives "对比一下青岛软件业的营业收入" and
    "对比一下青岛电信业的营业收入"; "杭州2021年和2022年…比较" one question per year;
    "杭州电子商务、云计算与大数据、数字内容产业分别增长多少" one per industry. A comparison
    (`compare`) is split at its first 和/与/还是 … into two whole noun phrases (`_two_sides`);
    a list (分别, 各自) at every 、 and at a last 和 ("A、B和C"). Empty when the question
    names fewer than two things.
    """
    analyzer = analyzer or _shared_analyzer()
    simplified = analyzer.simplify(text[:MAX_QUESTION_CHARS])
    tokens = segment(simplified)
    listing = any(cue in simplified for cue in LIST_CUES) and ITEM_SEPARATOR in tokens
    if not listing:
        marks = [i for i, t in enumerate(tokens) if t.strip().lower() in _SIDE_WORDS][:1]
        return _two_sides(tokens, marks[0], analyzer) if compare and marks else ()
    marks = [i for i, t in enumerate(tokens) if t == ITEM_SEPARATOR]
    last = _content_index(tokens, range(marks[-1] + 1, len(tokens)), analyzer)
    joiner = _content_index(tokens, range(last + 1, len(tokens)), analyzer, skip_words=False)
    if last >= 0 and joiner >= 0 and tokens[joiner].strip().lower() in _SIDE_WORDS:
        marks.append(joiner)  # "A、B和C"
    first = _content_index(tokens, range(marks[0] - 1, -1, -1), analyzer)
    last = _content_index(tokens, range(marks[-1] + 1, len(tokens)), analyzer)
    if first < 0 or last < 0:
        return ()
    # The first item is its content word alone: in "2021年、2022年…" the 年 after 2021 is
    # the tail's (the one after 2022), and every side keeps that.
    bounds = [first, *marks, last + 1]
    items = [tokens[first]] + [
        "".join(tokens[lo + 1 : hi]).strip() for lo, hi in itertools.pairwise(bounds[1:])
    ]
    if len(items) < 2 or not all(items):
        return ()
    head, tail = "".join(tokens[:first]), "".join(tokens[last + 1 :])
    return tuple(f"{head}{item}{tail}" for item in items)


def _two_sides(tokens: Sequence[str], mark: int, analyzer: ChineseAnalyzer) -> tuple[str, ...]:
    """The two sides of a comparison joined at token `mark` (和, 与 …), each a whole noun
    phrase, with the words both share (the place or year before them, the measure after).

    - Periods ("2021年和2022年…", "上半年和全年", "6月底和年底"): each side is its run of
      period words.
    - Each side names its own measure, the first ending in a word the second ends in too
      ("数字经济增加值增速和互联网信息技术服务业增速对比"): the sides run to those words;
      a place or period before the first side stays shared unless the second names its own.
    - Places ("贵州全省和贵阳贵安数字经济占比"): each side is its run of place words (the
      second takes as many words as the first, so an area the glossary lacks stays whole),
      the measure after them shared.
    - Otherwise the first side is the run of content words before `mark` back to a place or
      a period, the second the words after it up to 的 ("青岛软件业和电信业的营业收入"),
      else its first word and the names and areas the glossary lacks after it
      ("南京软件谷和江北新区软件园业务收入").
    """
    before = next((i for i in range(mark - 1, -1, -1) if tokens[i].strip()), -1)
    first = _content_index(tokens, range(mark - 1, -1, -1), analyzer)
    after = next(
        (
            i
            for i in range(mark + 1, len(tokens))
            if _is_period(tokens[i], analyzer)
            or (analyzer.terms(tokens[i]) and not _is_cue(tokens[i], analyzer))
        ),
        -1,
    )
    if before < 0 or first < 0 or after < 0:
        return ()
    ending = tokens[first].strip()
    again = next((j for j in range(after, len(tokens)) if tokens[j].strip() == ending), -1)
    if _is_period(tokens[before], analyzer):
        start = _run_start(tokens, before, lambda t: _is_period(t, analyzer))
        end = _run_end(tokens, after, lambda t: _is_period(t, analyzer))
    elif again >= 0:
        start = _run_start(tokens, first, lambda t: _is_word(t, analyzer))
        if _is_place(tokens[after], analyzer):  # "成都软件业收入与西安软件业收入"
            start = _run_start(
                tokens, start, lambda t: _is_place(t, analyzer) or _is_period(t, analyzer)
            )
        elif _is_period(tokens[after], analyzer):  # "2021年软件收入和2022年软件收入"
            start = _run_start(tokens, start, lambda t: _is_period(t, analyzer))
        end = again + 1
    elif _is_place(tokens[first], analyzer):
        start = _run_start(tokens, first, lambda t: _is_place(t, analyzer))
        end = _run_end(tokens, after, lambda t: _is_place(t, analyzer))
        while end < len(tokens) and end - after < first + 1 - start:
            if not _is_name(tokens[end], analyzer):  # "贵阳贵安": as many words as "贵州全省"
                break
            end += 1
    else:
        start = _run_start(tokens, first, lambda t: _is_word(t, analyzer))
        de = next((j for j in range(after, len(tokens)) if tokens[j] == _OF), -1)
        if 0 <= de - after <= _MAX_SIDE_WORDS:
            end = de
        else:  # "江北新区软件园": a name the glossary lacks runs on to the shared measure
            end = _run_end(
                tokens, after, lambda t: _is_place(t, analyzer) or _is_name(t, analyzer)
            )
            end = min(end, after + _MAX_SIDE_WORDS)
    first_side = "".join(tokens[start : max(first, before) + 1]).strip()
    items = [first_side, "".join(tokens[mark + 1 : end]).strip()]
    if not all(items):
        return ()
    head, tail = "".join(tokens[:start]), "".join(tokens[end:])
    return tuple(f"{head}{item}{tail}" for item in items)


_OF = "的"
_MAX_SIDE_WORDS = 4
"""At most this many words of a side before a 的 are the side's own ("东湖高新区的…")."""
_SCOPE_WORDS = frozenset({"全省", "全市", "全区", "全县", "本市", "本省", "全域"})
"""Words that make a place its whole area ("贵州全省")."""
_AREA_ENDINGS = ("区", "县", "镇")
"""Endings of an area's name the glossary may lack ("东湖高新区", "天府新区")."""
_PERIOD_WORD = re.compile(r"\d{1,4}|(?:\d{1,2})?[年月](?:底|末|初)?|年[底末初]|月份?|季度")


def _run_start(tokens: Sequence[str], last: int, belongs: Callable[[str], bool]) -> int:
    """Where the run of tokens that `belongs` ending at token `last` starts."""
    start = last
    while start > 0 and belongs(tokens[start - 1].strip()):
        start -= 1
    return start


def _run_end(tokens: Sequence[str], first: int, belongs: Callable[[str], bool]) -> int:
    """Where the run of tokens that `belongs` starting at token `first` ends (exclusive)."""
    end = first + 1
    while end < len(tokens) and belongs(tokens[end].strip()):
        end += 1
    return end


def _is_period(token: str, analyzer: ChineseAnalyzer) -> bool:
    """Whether a token names a period or a point in one ("2021", "年", "上半年", "年底")."""
    token = token.strip()
    glossary = analyzer.glossary
    return bool(_PERIOD_WORD.fullmatch(token) or token in glossary.periods)


def _is_word(token: str, analyzer: ChineseAnalyzer) -> bool:
    """Whether a token is a content word of a measure: no place, period or question word."""
    return (
        bool(analyzer.terms(token))
        and not _is_period(token, analyzer)
        and not _is_place(token, analyzer)
        and not _is_cue(token, analyzer)
    )


def _is_place(token: str, analyzer: ChineseAnalyzer) -> bool:
    """Whether a token names a place or an area ("贵阳", "全省", "东湖高新区")."""
    token = token.strip()
    glossary = analyzer.glossary
    return (
        glossary.place(token) is not None
        or token in _SCOPE_WORDS
        or (len(token) > 1 and token.endswith(_AREA_ENDINGS) and token not in glossary.terms)
    )


def _is_name(token: str, analyzer: ChineseAnalyzer) -> bool:
    """Whether a token is a word the glossary lacks (a proper name such as 贵安), not a figure."""
    token = token.strip()
    return (
        bool(analyzer.terms(token))
        and analyzer.glossary.english(token) is None
        and not _is_period(token, analyzer)
        and not _is_cue(token, analyzer)
    )


def _is_cue(token: str, analyzer: ChineseAnalyzer) -> bool:
    """Whether a token is a comparison cue or a word joining two sides."""
    token = token.strip()
    return token in analyzer.glossary.comparison_cues or token.lower() in _SIDE_WORDS


def _content_index(
    tokens: Sequence[str],
    order: Iterable[int],
    analyzer: ChineseAnalyzer,
    *,
    skip_words: bool = True,
) -> int:
    """The first token in `order` with a content word (or, with `skip_words` off, any word
    at all), or -1."""
    for i in order:
        token = tokens[i]
        if analyzer.terms(token) if skip_words else token.strip():
            return i
    return -1


@cache
def _shared_analyzer() -> ChineseAnalyzer:
    return ChineseAnalyzer()


def _places_in(folded: Sequence[str], glossary: Glossary) -> list[str]:
    """English names of the places in folded words, in order: "青岛" and "Qingdao" alike."""
    by_words = {tuple(normalize.words(name)): name for name in glossary.places.values()}
    longest = max(len(words) for words in by_words)
    found: list[str] = []
    i = 0
    while i < len(folded):
        for size in range(min(longest, len(folded) - i), 0, -1):
            name = by_words.get(tuple(folded[i : i + size]))
            if name is not None:
                if name not in found:
                    found.append(name)
                i += size
                break
        else:
            i += 1
    return found


def _mark_sequence(folded: Sequence[str], used: list[bool], sequence: Sequence[str]) -> bool:
    """Mark every free occurrence of `sequence` in `folded`; whether there was one."""
    size = len(sequence)
    if not size:
        return False
    found = False
    for i in range(len(folded) - size + 1):
        if list(folded[i : i + size]) == list(sequence) and not any(used[i : i + size]):
            for j in range(i, i + size):
                used[j] = True
            found = True
    return found


def _number_follows(folded: Sequence[str], i: int) -> bool:
    """Whether a number follows word `i` ("top 100" names a list, it is no superlative)."""
    return i + 1 < len(folded) and folded[i + 1].isdigit()


def _first_value(table: Mapping[str, int], text: str) -> int | None:
    """The value of the longest key of `table` that occurs in `text`."""
    for key in sorted(table, key=len, reverse=True):
        if key in text:
            return table[key]
    return None


def _is_wordlike(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def _digits_for_figures(text: str) -> str:
    """Figures and ordinals rewritten as digits and English units, for folding.

    "112.5亿元" → " 11250000000 yuan ", "22.6%" → " 22.6 percent ", "两个" → " 2 ",
    "第七" → " 7 ". Classifiers are dropped: they carry no meaning. A year stands apart from
    its 年 ("2019年建了" → " 2019 年 建了"), so the segmenter cannot glue 年 to the next word.
    """
    pieces: list[str] = []
    last = 0
    for span in find_figures(text):
        pieces.append(text[last : span.num_start])
        pieces.append(f" {_figure_words(span)} ")
        last = span.end
    pieces.append(text[last:])
    rewritten = _YEAR_WORD.sub(r" \1 年 ", "".join(pieces))
    return ordinal_pattern().sub(_ordinal_digits, rewritten)


def _figure_words(span: FigureSpan) -> str:
    figure = span.figure
    words = [format_value(figure.base_value)]
    if figure.unit == PERCENT:
        words.append("percent")
    elif figure.unit == PERCENTAGE_POINTS or figure.is_money:
        words.append(figure.unit or "")
    return " ".join(words)


def _ordinal_digits(match: re.Match[str]) -> str:
    rank = parse_ordinal(match.group())
    return match.group() if rank is None else f" {rank} "
