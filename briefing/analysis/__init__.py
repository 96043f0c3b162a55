"""Text analyzers, one per language, chosen by language code.

A new language is a new module here (its `Analyzer` and its word lists) plus one line in
`ANALYZERS`; the index, the question reader and the scorer take whichever analyzer they are
given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from briefing.analysis.base import Analyzer, QuestionVocabulary
from briefing.analysis.english import EnglishAnalyzer

__all__ = ["ANALYZERS", "DEFAULT_LANGUAGE", "Analyzer", "QuestionVocabulary", "analyzer_for"]

DEFAULT_LANGUAGE = "en"
ANALYZERS: Mapping[str, Callable[[], Analyzer]] = {"en": EnglishAnalyzer}
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
