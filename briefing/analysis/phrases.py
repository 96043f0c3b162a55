"""Finding a table's phrases in a question's folded words (places, question words, halves)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from briefing.analysis.base import Analyzer

V = TypeVar("V")


@dataclass(frozen=True)
class PhraseHit(Generic[V]):
    """A phrase found in a word list: the half-open word span and the table's value."""

    start: int
    end: int
    value: V


class PhraseMatcher(Generic[V]):
    """Finds the longest table phrases in a list of folded words, left to right."""

    def __init__(self, table: Mapping[str, V], analyzer: Analyzer) -> None:
        self._table: dict[tuple[str, ...], V] = {}
        for phrase, value in table.items():
            key = tuple(analyzer.words(phrase))
            if key:
                self._table[key] = value
        self._longest = max((len(k) for k in self._table), default=0)
        self._starts = frozenset(k[0] for k in self._table)

    def find(self, folded_words: Sequence[str]) -> list[PhraseHit[V]]:
        """All non-overlapping hits, longest first at each position."""
        hits: list[PhraseHit[V]] = []
        starts = self._starts
        i = 0
        n = len(folded_words)
        while i < n:
            if folded_words[i] in starts:
                for size in range(min(self._longest, n - i), 0, -1):
                    value = self._table.get(tuple(folded_words[i : i + size]))
                    if value is not None:
                        hits.append(PhraseHit(i, i + size, value))
                        i += size
                        break
                else:
                    i += 1
            else:
                i += 1
        return hits
