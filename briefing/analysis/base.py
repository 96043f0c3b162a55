"""The contract every language's analyzer keeps, and the question vocabulary it brings.

Documents and questions go through the same analyzer, so "Telecom revenues, y/y" and
"telecommunications operating revenue, year-on-year" meet on the same terms. The index, the
question reader and the scorer only ever call an `Analyzer`; they never look at a language's
word lists themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from briefing.kinds import Want
from briefing.views import Ranking


class Language(StrEnum):
    """The languages documents and questions are read in (an analyzer for each)."""

    ENGLISH = "en"
    CHINESE = "zh"


@dataclass(frozen=True)
class QuestionVocabulary:
    """The words a question is read by, folded as the analyzer folds them.

    Args:
        wants: phrase → what the question asks for ("how many" → count); longest wins.
        halves: phrase → half of the year ("first half" → 1).
        quarters: phrase → quarters of the year as periods write them ("third quarter" → "Q3",
            "first three quarters" → "Q1-Q3").
        full_year: phrases that ask for a whole year's figure, not a half's ("full year").
        amount_words: measures that are amounts: a question naming one asks for a figure
            ("investment", "revenue"), not an event.
        superlatives: word → how a ranked answer is ordered ("fastest").
        comparatives: words that make "A or B" a comparison ("bigger").
        comparison_cues: words that make a question a comparison ("compare", "vs").
        comparison_verbs: words left out of a comparison's sides ("compare").
        comparison_splitters: phrases between a comparison's sides, strongest first, each
            padded with spaces.
        kept_superlatives: superlatives that are also ordinary words of a subject ("top 100").
        soft_words: generic words that name no measure ("industry", "total").
        places: general geography, to notice questions about places the store lacks.
        greetings: words a message of small talk says hello with ("hi").
        thanks: words a message of small talk thanks with ("thanks").
    """

    wants: Mapping[str, Want]
    halves: Mapping[str, int]
    superlatives: Mapping[str, Ranking]
    comparatives: frozenset[str]
    comparison_cues: frozenset[str]
    comparison_verbs: frozenset[str]
    comparison_splitters: tuple[str, ...]
    kept_superlatives: frozenset[str]
    soft_words: frozenset[str]
    places: tuple[str, ...]
    greetings: frozenset[str] = frozenset()
    thanks: frozenset[str] = frozenset()
    quarters: Mapping[str, str] = field(default_factory=dict)
    full_year: frozenset[str] = frozenset()
    amount_words: frozenset[str] = frozenset()


class Analyzer(Protocol):
    """Folds one language's text into the words and terms the index and scorer compare."""

    @property
    def language(self) -> str:
        """The language code this analyzer reads ("en", "zh")."""
        ...

    @property
    def vocabulary(self) -> QuestionVocabulary:
        """The question words of this language."""
        ...

    @property
    def synonym_words(self) -> tuple[str, ...]:
        """Single words the synonym table rewrites ("telecom"): spellings a typo may be
        closest to even when no document uses them."""
        ...

    def fold(self, text: str) -> str:
        """`text` as lower-case canonical words separated by single spaces."""
        ...

    def words(self, text: str) -> list[str]:
        """The folded words of `text`, unstemmed, stopwords kept."""
        ...

    def stem(self, word: str) -> str:
        """The term a folded word is compared by."""
        ...

    def terms(self, text: str) -> list[str]:
        """Stemmed content words of `text`: folded, stopwords dropped."""
        ...

    def content_terms(self, folded_words: Iterable[str]) -> list[str]:
        """Stemmed content words of already folded words."""
        ...

    def is_stopword(self, word: str) -> bool:
        """Whether a folded, unstemmed word carries no meaning for matching."""
        ...

    def is_soft(self, term: str) -> bool:
        """Whether a stemmed term is a generic word ("industry") that names no measure."""
        ...
