"""A fact's texts as its analyzer folds them, computed once at ingest and stored with the fact.

Folding a sentence (spelling, synonyms, number words; segmentation for Chinese) and stemming
its words is most of the cost of indexing a fact. Ingest folds each fact's texts once, in its
worker, and stores them in the fact row (`FactRow.forms`), the sentence's and the figure's
terms (stemmed) with them; loading the index then only splits strings, and never stems a
sentence's words (a stemmer's cache filled with every word of the store would outlive the
load). The stored form carries a fingerprint of the analyzers' code and word lists
(`forms_version`): a row folded by other analyzers (or none, stored before forms were kept) is
folded again at load, so answers never depend on whether a fact's forms were stored or
computed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple

from briefing.analysis import Analyzer, Language, analyzer_for, language_of
from core.facts import Fact

_FIELD_SEPARATOR = "\x1f"
_WORD_SEPARATOR = " "
_FIELDS = 11  # version, language, the seven texts and the terms of two of them
_PACKAGE = Path(__file__).resolve().parent
_LANGUAGES = {str(language): language for language in Language}
_FOLDING_SOURCES = ("analysis/*.py", "chinese/*.py", "chinese/*.toml", "forms.py")
"""What decides how a text folds: a change to any of these makes stored forms stale."""
FORMS_FORMAT = "3"
"""Bumped when what the forms hold changes (2: the document title's content words; 3: the
sentence's and the figure's terms), so forms stored before are folded again at load and
refreshed at the next ingest."""


class FactForms(NamedTuple):
    """The folded words of each text of a fact, by the analyzer of the fact's language.

    The sentence, figure, topic tags and title keep only their content words (stopwords
    dropped: nothing reads those); the subject, unit and region keep every word, as their keys
    do. The title is the fact's document's: every sentence is read in its context.
    """

    language: Language
    quote: tuple[str, ...]  # content words of the sentence
    quote_terms: tuple[str, ...]  # their stems, each once, in order
    subject: tuple[str, ...]
    figure: tuple[str, ...]  # content words of the figure as written (`value_text`)
    figure_terms: tuple[str, ...]  # their stems, in order
    unit: tuple[str, ...]
    region: tuple[str, ...]
    topics: tuple[str, ...]  # content words of the topic tags joined by spaces
    title: tuple[str, ...]  # content words of the document's title


Words = str | tuple[str, ...]
"""Folded words: as stored, one string with the words between single spaces (split when
needed); as folded, a tuple (`words_of` reads either)."""


class StoredForms(NamedTuple):
    """A fact's forms as the index reads them: the sentence's and figure's words and terms as
    lists, the other texts as keys (stored: one string; folded at load: as folded), so the
    index works once per distinct subject, unit, region, topic tags and title."""

    language: str
    quote: Sequence[str]
    quote_terms: Sequence[str]
    subject: Words
    figure: Sequence[str]
    figure_terms: Sequence[str]
    unit: Words
    region: Words
    topics: Words
    title: Words


Folded = dict[tuple[str, str], tuple[str, ...]]
"""Texts already folded, by (language, text): one document's sentences and facts share them."""


@cache
def forms_version() -> str:
    """A fingerprint of the forms' format and the analyzers' code and word lists (files under
    `briefing/`)."""
    digest = hashlib.sha256()
    digest.update(FORMS_FORMAT.encode())
    for pattern in _FOLDING_SOURCES:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fact_language(fact: Fact) -> Language:
    """The language whose analyzer reads `fact`: Chinese when its subject or sentence holds
    Chinese characters."""
    return language_of(f"{fact.subject} {fact.quote}")


def fold_fact(
    fact: Fact,
    analyzer: Analyzer | None = None,
    *,
    folded: Folded | None = None,
) -> FactForms:
    """`fact`'s texts folded by `analyzer` (by default the analyzer of its language).

    `folded` caches texts already folded (by language), for facts that share a sentence.
    """
    if analyzer is None:
        analyzer = analyzer_for(fact_language(fact))
    cache: Folded = {} if folded is None else folded
    language = analyzer.language

    def words(text: str) -> tuple[str, ...]:
        found = cache.get((language, text))
        if found is None:
            found = cache[(language, text)] = tuple(analyzer.words(text))
        return found

    is_stopword = analyzer.is_stopword

    def content(text: str) -> tuple[str, ...]:
        return tuple(w for w in words(text) if not is_stopword(w))

    stem = analyzer.stem
    quote = content(fact.quote)
    figure = content(fact.value_text or "")
    return FactForms(
        language=Language(analyzer.language),
        quote=quote,
        quote_terms=tuple(dict.fromkeys([stem(w) for w in quote])),
        subject=words(fact.subject),
        figure=figure,
        figure_terms=tuple([stem(w) for w in figure]),
        unit=words(fact.unit or ""),
        region=words(fact.region or ""),
        topics=content(" ".join(fact.topics)),
        title=content(fact.source.title),
    )


def encode_forms(forms: FactForms) -> str | None:
    """`forms` as the text stored with the fact; None if a word would not survive the trip."""
    texts = forms[1:]
    if not all(map(_joinable, texts)):
        return None
    return _FIELD_SEPARATOR.join(
        (forms_version(), str(forms.language), *(_WORD_SEPARATOR.join(w) for w in texts))
    )


def _joinable(words: tuple[str, ...]) -> bool:
    """Whether `words` joined by spaces split back into themselves."""
    return all(
        word and _WORD_SEPARATOR not in word and _FIELD_SEPARATOR not in word for word in words
    )


def words_of(words: Words | Sequence[str]) -> Sequence[str]:
    """The words of a text as stored (one string) or as folded."""
    if not isinstance(words, str):
        return words
    return words.split(_WORD_SEPARATOR) if words else ()


def as_stored(forms: FactForms) -> StoredForms:
    """Folded `forms` as the index reads stored ones (a text is a key as it would be stored,
    unless its words would not split back: then as folded)."""
    return StoredForms(
        str(forms.language),
        forms.quote,
        forms.quote_terms,
        _key(forms.subject),
        forms.figure,
        forms.figure_terms,
        _key(forms.unit),
        _key(forms.region),
        _key(forms.topics),
        _key(forms.title),
    )


def _key(words: tuple[str, ...]) -> Words:
    return _WORD_SEPARATOR.join(words) if _joinable(words) else words


def sentence_terms(text: str, folded: Folded) -> list[str]:
    """`text`'s terms by the analyzer of its language (`terms_in_own_language`), its folded
    words kept in `folded` for the facts of that sentence."""
    analyzer = analyzer_for(language_of(text))
    key = (analyzer.language, text)
    words = folded.get(key)
    if words is None:
        words = folded[key] = tuple(analyzer.words(text))
    return analyzer.content_terms(words)


def stored_forms(facts: Iterable[Fact], *, folded: Folded | None = None) -> tuple[str | None, ...]:
    """The forms text ingest stores with each of `facts` (one document's); `folded` holds
    texts of the document already folded."""
    cache: Folded = {} if folded is None else folded
    return tuple(encode_forms(fold_fact(fact, folded=cache)) for fact in facts)


def read_stored(text: str | None) -> StoredForms | None:
    """Stored forms as the index reads them; None when absent, malformed or folded by other
    analyzers."""
    if not text:
        return None
    parts = text.split(_FIELD_SEPARATOR)
    if len(parts) != _FIELDS or parts[0] != forms_version() or parts[1] not in _LANGUAGES:
        return None
    _, language, quote, quote_terms, subject, figure, figure_terms, *keys = parts
    return StoredForms(
        language,
        quote.split(_WORD_SEPARATOR) if quote else (),
        quote_terms.split(_WORD_SEPARATOR) if quote_terms else (),
        subject,
        figure.split(_WORD_SEPARATOR) if figure else (),
        figure_terms.split(_WORD_SEPARATOR) if figure_terms else (),
        *keys,
    )


def decode_forms(text: str | None) -> FactForms | None:
    """Stored forms read back; None when absent, malformed or folded by other analyzers."""
    stored = read_stored(text)
    if stored is None:
        return None
    language, *texts = stored
    return FactForms(_LANGUAGES[language], *[tuple(words_of(t)) for t in texts])
