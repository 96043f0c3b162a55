"""The bilingual glossary: `glossary.toml` read once into typed, read-only tables.

The words live in the TOML file so that a new place, measure or way of asking is one line of
data, not a code change. This module only checks the file's shape and hands out the tables;
`load_glossary` raises `GlossaryError` naming the bad entry rather than letting a typo surface
later as a confusing lookup miss.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from types import MappingProxyType
from typing import Any, TypeVar

from core.errors import CitybriefError

GLOSSARY_FILE = "glossary.toml"
PLACE_SUFFIXES: tuple[str, ...] = ("特别行政区", "自治区", "市", "省")
"""Administrative suffixes accepted after a place name ("青岛市", "山东省")."""

T = TypeVar("T")


class GlossaryError(CitybriefError):
    """The glossary file is missing a section or holds a value of the wrong type."""


@dataclass(frozen=True)
class PeriodWords:
    """Words for a part of a year, or for a year relative to another (`[periods]`).

    Args:
        halves: "上半年" → 1.
        quarters: "一季度" → 1.
        first_quarters: "前三季度" → 3 (the first three quarters).
        relative_years: "去年" → -1, relative to the year of reference.
        whole_year: words for the whole year a release reports on ("全年").
    """

    halves: Mapping[str, int]
    quarters: Mapping[str, int]
    first_quarters: Mapping[str, int]
    relative_years: Mapping[str, int]
    whole_year: frozenset[str]

    @cached_property
    def words(self) -> tuple[str, ...]:
        """Every period word, table by table in the order above."""
        return (
            *self.halves,
            *self.quarters,
            *self.first_quarters,
            *self.relative_years,
            *self.whole_year,
        )

    @cached_property
    def _word_set(self) -> frozenset[str]:
        return frozenset(self.words)

    def __contains__(self, word: object) -> bool:
        """Whether `word` is one of the period words."""
        return word in self._word_set


@dataclass(frozen=True)
class PeopleWords:
    """What marks a person's name and role in a sentence (`[people]`).

    Args:
        surnames: characters a person's name starts with.
        titles: words that end a person's role ("市长", "局长").
    """

    surnames: frozenset[str]
    titles: frozenset[str]


@dataclass(frozen=True)
class Glossary:
    """Chinese vocabulary and its English counterparts.

    Args:
        places: Chinese place name → English canonical name ("青岛" → "Qingdao").
        not_places: names that contain a place but are not one ("上海合作组织").
        terms: content word → English words ("营业收入" → "operating revenue").
        asks: question word → what is asked ("多少" → "amount", "增速" → "growth").
        comparison_cues: words that make a question a comparison ("对比").
        superlatives: word → English superlative ("最快" → "fastest").
        periods: words for halves, quarters and relative years ("上半年", "去年").
        scales: "亿" → 1e8.
        units: money unit → English unit ("元" → "yuan").
        measures: unit of measurement → English unit ("公里" → "km", "PFlops").
        classifiers: measure words after a counted number ("个", "家").
        stopwords: words that carry no meaning for matching.
        people: surnames and role titles, to find a person's name and office.
    """

    places: Mapping[str, str]
    not_places: frozenset[str]
    terms: Mapping[str, str]
    asks: Mapping[str, str]
    comparison_cues: frozenset[str]
    superlatives: Mapping[str, str]
    periods: PeriodWords
    scales: Mapping[str, float]
    units: Mapping[str, str]
    measures: Mapping[str, str]
    classifiers: frozenset[str]
    stopwords: frozenset[str]
    people: PeopleWords

    def english(self, word: str) -> str | None:
        """The English words for a Chinese content word or place, if the glossary has them."""
        found = self.terms.get(word)
        if found is not None:
            return found
        return self.place(word)

    def place(self, word: str) -> str | None:
        """The English name of a place word, with or without its suffix ("青岛市")."""
        found = self.places.get(word)
        if found is not None:
            return found
        for suffix in PLACE_SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix):
                found = self.places.get(word[: -len(suffix)])
                if found is not None:
                    return found
        return None

    def dictionary_words(self) -> tuple[str, ...]:
        """Multi-character words the segmenter keeps whole: places, terms, periods, titles,
        and the question words that hold no content word.

        "哪天" and "第几" as words keep jieba from gluing their characters to a neighbour
        ("是哪天发的" would give "天发"); "增长多少" is left out, as one token it would hide
        the content word "增长".
        """
        keys: set[str] = {cue for cue in self.asks if not any(term in cue for term in self.terms)}
        for table in (self.places, self.terms, self.superlatives):
            keys.update(table)
        keys.update(self.periods.words)
        keys.update(self.comparison_cues)
        keys.update(self.not_places)
        keys.update(self.people.titles)
        return tuple(sorted(k for k in keys if len(k) > 1))


@cache
def load_glossary() -> Glossary:
    """The glossary shipped with the package (read once).

    Raises:
        GlossaryError: the file is missing, not TOML, or a section has the wrong shape.
    """
    try:
        raw = resources.files(__package__).joinpath(GLOSSARY_FILE).read_text(encoding="utf-8")
        data = tomllib.loads(raw)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GlossaryError(f"cannot read {GLOSSARY_FILE}: {exc}") from exc
    return parse_glossary(data)


def parse_glossary(data: Mapping[str, Any]) -> Glossary:
    """A `Glossary` from the parsed TOML document.

    Raises:
        GlossaryError: a section is missing or holds a value of the wrong type.
    """
    periods = _section(data, "periods")
    people = _section(data, "people")
    return Glossary(
        places=_table(_section(data, "places"), "places", str),
        not_places=_words(_section(data, "not_places"), "not_places", "names"),
        terms=_table(_section(data, "terms"), "terms", str),
        asks=_table(_section(data, "asks"), "asks", str),
        comparison_cues=_words(_section(data, "compare"), "compare", "cues"),
        superlatives=_table(_section(data, "superlatives"), "superlatives", str),
        periods=PeriodWords(
            halves=_table(_section(periods, "halves"), "periods.halves", int),
            quarters=_table(_section(periods, "quarters"), "periods.quarters", int),
            first_quarters=_table(
                _section(periods, "first_quarters"), "periods.first_quarters", int
            ),
            relative_years=_table(
                _section(periods, "relative_years"), "periods.relative_years", int
            ),
            whole_year=_words(periods, "periods", "whole_year"),
        ),
        scales=MappingProxyType(
            {k: float(v) for k, v in _table(_section(data, "scales"), "scales", float).items()}
        ),
        units=_table(_section(data, "units"), "units", str),
        measures=_table(_section(data, "measures"), "measures", str),
        classifiers=_words(_section(data, "classifiers"), "classifiers", "words"),
        stopwords=_words(_section(data, "stopwords"), "stopwords", "words"),
        people=PeopleWords(
            surnames=frozenset(
                ch for ch in _string(people, "people", "surnames") if not ch.isspace()
            ),
            titles=_words(people, "people", "titles"),
        ),
    )


def _section(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name)
    if not isinstance(value, Mapping):
        raise GlossaryError(f"{GLOSSARY_FILE}: missing section [{name}]")
    return value


def _table(section: Mapping[str, Any], name: str, kind: type[T]) -> Mapping[str, T]:
    table: dict[str, T] = {}
    for key, value in section.items():
        # TOML writes 1e8 as a float and 3 as an int; a float table takes both.
        ok = isinstance(value, kind) or (kind is float and isinstance(value, int))
        if not ok or isinstance(value, bool):
            raise GlossaryError(f"{GLOSSARY_FILE}: [{name}] {key!r} is not a {kind.__name__}")
        table[key] = value
    return MappingProxyType(table)


def _words(section: Mapping[str, Any], name: str, key: str) -> frozenset[str]:
    value = section.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise GlossaryError(f"{GLOSSARY_FILE}: [{name}] {key} must be a list of strings")
    return frozenset(value)


def _string(section: Mapping[str, Any], name: str, key: str) -> str:
    value = section.get(key)
    if not isinstance(value, str):
        raise GlossaryError(f"{GLOSSARY_FILE}: [{name}] {key} must be a string")
    return value
