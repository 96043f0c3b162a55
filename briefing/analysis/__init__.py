"""Text analyzers, one per language, chosen by language code or by the text itself.

A new language is a new module (its `Analyzer` and its word lists) plus one line in
`ANALYZERS`; the index, the question reader and the scorer take whichever analyzer they are
given. Chinese lives in `briefing.chinese` (segmentation, numerals, glossary), and its
analyzer folds Chinese into the English analyzer's terms, so facts and questions of both
languages share one index.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from briefing.analysis.base import Analyzer, Language, QuestionVocabulary
from briefing.analysis.english import EnglishAnalyzer
from briefing.chinese.segment import has_chinese

__all__ = [
    "ANALYZERS",
    "DEFAULT_LANGUAGE",
    "Analyzer",
    "Language",
    "QuestionVocabulary",
    "analyzer_for",
    "language_of",
    "shared_language",
    "terms_in_own_language",
]


def _chinese_analyzer() -> Analyzer:
    # Imported on first use: briefing.chinese.analyzer builds on briefing.analysis.english,
    # so importing it here at the top would be circular.
    from briefing.chinese.analyzer import ChineseAnalyzer

    return ChineseAnalyzer()


DEFAULT_LANGUAGE = Language.ENGLISH
ANALYZERS: Mapping[str, Callable[[], Analyzer]] = {
    Language.ENGLISH: EnglishAnalyzer,
    Language.CHINESE: _chinese_analyzer,
}
"""Language code → the analyzer for that language."""

_made: dict[str, Analyzer] = {}


def analyzer_for(language: str = DEFAULT_LANGUAGE) -> Analyzer:
    """The analyzer for `language` (one shared instance per language).

    Raises:
        KeyError: no analyzer is registered for `language`.
    """
    analyzer = _made.get(language)
    if analyzer is None:
        analyzer = _made[language] = ANALYZERS[language]()
    return analyzer


def terms_in_own_language(text: str) -> list[str]:
    """`text`'s terms by the analyzer of the language it is written in (all languages' terms
    share one space, so a sentence indexed this way meets a question in either language)."""
    return analyzer_for(language_of(text)).terms(text)


def language_of(text: str) -> Language:
    """The analyzer language for a text: Chinese for any Chinese character (mixed text
    included, as the Chinese analyzer folds English as the English one does), else English."""
    return Language.CHINESE if has_chinese(text) else Language.ENGLISH


def shared_language(analyzer: object) -> str | None:
    """The language whose shared analyzer (`analyzer_for`) is `analyzer`, else None."""
    return next((language for language, made in _made.items() if made is analyzer), None)
