"""The English analyzer: case, punctuation, spelling, synonyms, number words and stems.

Everything the matcher compares goes through `fold` (a readable normalised string) and `terms`
(stemmed content words), so "Telecom revenues, y/y" and "telecommunications operating revenue,
year-on-year" meet on the same words. The tables live in `briefing.analysis.english_words`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from briefing.analysis import english_words as lexicon
from briefing.analysis.base import QuestionVocabulary

_POSSESSIVE_RE = re.compile(r"(\w)['’]s\b")
_APOSTROPHE_RE = re.compile(r"['’`]")
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}\b)")
_ORDINAL_SUFFIX_RE = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b", re.IGNORECASE)
_SLASH_PAIR_RE = re.compile(
    r"\b([a-z])/([a-z])/([a-z])\b|\b([a-z])/([a-z])\b", re.IGNORECASE
)  # y/y, y/o/y
_WORD_RE = re.compile(r"\d+\.\d+|[^\W_]+")
_GLUED_NUMBER_RE = re.compile(r"^(\d+(?:\.\d+)?)([^\W\d_]{3,})$")  # "20billion" → 20 billion
_CLAUSE_BREAK_RE = re.compile(r"[;:,!?()\[\]]|\.(?!\d)")
_SYMBOLS = {"%": " percent ", "¥": " yuan ", "￥": " yuan ", "$": " dollar ", "€": " euro "}
_SYMBOL_RE = re.compile("|".join(map(re.escape, _SYMBOLS)))
_ACRONYMS = {k: tuple(v.split()) for k, v in lexicon.CASED_ACRONYMS.items()}


def _synonym_table() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Phrase synonyms keyed by their first word, longest phrase first."""
    table: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for phrase, replacement in lexicon.PHRASE_SYNONYMS.items():
        key = tuple(phrase.split())
        table.setdefault(key[0], []).append((key, tuple(replacement.split())))
    for options in table.values():
        options.sort(key=lambda option: len(option[0]), reverse=True)
    return table


_SYNONYMS = _synonym_table()


def fold(text: str) -> str:
    """Normalise `text` to lower-case words separated by single spaces.

    Expands upper-case acronyms (IT, AI), folds British spellings, applies phrase synonyms
    and turns number words into digits ("seventh" → "7", "five thousand" → "5000").
    """
    text = unicodedata.normalize("NFKC", text)
    if "/" in text:
        text = _SLASH_PAIR_RE.sub(lambda m: "".join(g for g in m.groups() if g), text)
    if "'" in text or "’" in text or "`" in text:
        text = _APOSTROPHE_RE.sub("", _POSSESSIVE_RE.sub(r"\1", text))
    if "," in text:
        text = _THOUSANDS_RE.sub("", text)
    text = _SYMBOL_RE.sub(lambda m: _SYMBOLS[m.group(0)], text)
    text = _ORDINAL_SUFFIX_RE.sub(r"\1", text)
    out: list[str] = []
    for segment in _CLAUSE_BREAK_RE.split(text):  # numbers and phrases never span punctuation
        tokens: list[str] = []
        for token in _WORD_RE.findall(segment):
            expansion = _ACRONYMS.get(token)
            if expansion is not None:
                tokens.extend(expansion)
                continue
            glued = _GLUED_NUMBER_RE.match(token)
            for part in glued.groups() if glued else (token,):
                tokens.append(_spelling(part.lower()))
        out.extend(_numbers(_apply_synonyms(tokens)))
    return " ".join(out)


def _apply_synonyms(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for key, replacement in _SYNONYMS.get(tokens[i], ()):
            if tuple(tokens[i : i + len(key)]) == key:
                out.extend(replacement)
                i += len(key)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def words(text: str) -> list[str]:
    """The folded words of `text`, unstemmed, stopwords kept."""
    return fold(text).split()


_MIN_ATION_ROOT = 6
"""-ation goes only after a root this long ("transform", not the "st" of "station")."""
_MIN_ALLY_WORD = 8
"""-ally becomes -al only in a word this long ("digitally", not "really")."""


_MIN_ES_WORD = 5
"""-uses, -xes and -zzes lose their -es only in a word this long ("buses", not "uses")."""


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A light, deterministic suffix stripper: plurals, -ing, -ed, -ation, -ally and a final -e.

    It only needs to map forms of one word to one key, applied to both sides alike.
    """
    if word in lexicon.IRREGULAR_FORMS:
        return lexicon.IRREGULAR_FORMS[word]
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    if word.endswith(("ization", "izations")):
        word = word[: word.rindex("ization")] + "ize"
    elif word.endswith(("ation", "ations")) and word.rindex("ation") >= _MIN_ATION_ROOT:
        word = word[: word.rindex("ation")]  # "transformation" meets "transformed"
    elif word.endswith("ally") and len(word) >= _MIN_ALLY_WORD:
        word = word[:-2]  # "digitally" meets "digital"
    elif word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses") or (
        word.endswith(("uses", "xes", "zzes")) and len(word) >= _MIN_ES_WORD
    ):
        word = word[:-2]  # "buses" meets "bus", "taxes" meets "tax"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) >= 6:
        word = word[:-3]
    elif word.endswith("ed") and len(word) >= 5:
        word = word[:-2]
    if word.endswith("e") and len(word) >= 5:
        word = word[:-1]
    return word


def is_stopword(word: str) -> bool:
    """Whether `word` (folded, unstemmed) carries no meaning for matching."""
    return word in lexicon.STOPWORDS


def is_soft(term: str) -> bool:
    """Whether a stemmed term is a generic word ("industry", "total") that names no measure."""
    return term in _SOFT_TERMS


def terms(text: str) -> list[str]:
    """Stemmed content words of `text`: folded, stopwords dropped, numbers kept."""
    return [stem(w) for w in words(text) if not is_stopword(w)]


def content_terms(folded_words: Iterable[str]) -> list[str]:
    """Stemmed content words of already folded words."""
    return [stem(w) for w in folded_words if not is_stopword(w)]


def _spelling(word: str) -> str:
    if word in lexicon.SPELLING_VARIANTS:
        return lexicon.SPELLING_VARIANTS[word]
    for british, american in lexicon.SPELLING_SUFFIXES:
        if word.endswith(british):
            return word[: -len(british)] + american
    return word


def _numbers(tokens: list[str]) -> list[str]:
    """Replace runs of number words with digits; ordinals become their number."""
    out: list[str] = []
    total: int | None = None
    current = 0
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if word in lexicon.NUMBER_WORDS:
            value = lexicon.NUMBER_WORDS[word]
            # "twenty five" adds, "five" after "five" starts a new number
            if total is not None and (current % 10 != 0 or value >= 10 and current % 100 != 0):
                out.append(str(total + current))
                total, current = None, 0
            total = total or 0
            current += value
        elif word in lexicon.NUMBER_MULTIPLIERS and total is not None:
            current = max(current, 1) * lexicon.NUMBER_MULTIPLIERS[word]
            if word == "thousand":
                total, current = total + current, 0
        elif (
            word == "and"
            and total is not None
            and current % 100 == 0
            and i + 1 < len(tokens)
            and tokens[i + 1] in lexicon.NUMBER_WORDS
        ):
            pass  # "three hundred and one"
        else:
            if total is not None:
                out.append(str(total + current))
                total, current = None, 0
            out.append(str(lexicon.ORDINAL_WORDS[word]) if word in lexicon.ORDINAL_WORDS else word)
        i += 1
    if total is not None:
        out.append(str(total + current))
    return out


_SOFT_TERMS = frozenset(stem(w) for w in lexicon.SOFT_WORDS)


class EnglishAnalyzer:
    """The `Analyzer` for English documents and questions."""

    language = "en"
    vocabulary = QuestionVocabulary(
        wants=lexicon.WANT_PHRASES,
        halves=lexicon.HALF_PHRASES,
        quarters=lexicon.QUARTER_PHRASES,
        full_year=lexicon.FULL_YEAR_PHRASES,
        amount_words=lexicon.AMOUNT_WORDS,
        superlatives=lexicon.SUPERLATIVES,
        comparatives=lexicon.COMPARATIVES,
        comparison_cues=lexicon.COMPARISON_CUES,
        comparison_verbs=lexicon.COMPARISON_VERBS,
        comparison_splitters=lexicon.COMPARISON_SPLITTERS,
        kept_superlatives=lexicon.KEPT_SUPERLATIVES,
        soft_words=lexicon.SOFT_WORDS,
        places=lexicon.PLACES,
        greetings=lexicon.GREETINGS,
        thanks=lexicon.THANKS,
    )
    synonym_words = tuple(w for w in lexicon.PHRASE_SYNONYMS if w.isalpha())

    fold = staticmethod(fold)
    words = staticmethod(words)
    stem = staticmethod(stem)
    terms = staticmethod(terms)
    content_terms = staticmethod(content_terms)
    is_stopword = staticmethod(is_stopword)
    is_soft = staticmethod(is_soft)
