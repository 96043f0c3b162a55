"""A small BM25 baseline: the best-scoring sentence of the documents for a question.

Sentences end at . ! ? ; followed by a space (so decimals like 27.1 stay whole), at 。！？；
and at line breaks. Tokens are lower-cased runs of letters and digits (a decimal number is one
token; thousands separators are dropped first) and single CJK characters.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？；])|\n+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[a-z0-9]+(?:\.[0-9]+)*")


def split_sentences(text: str) -> list[str]:
    """The non-empty sentences of a text."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def tokenize(text: str) -> list[str]:
    """Lower-cased word and number tokens plus single CJK characters."""
    return _TOKEN.findall(_THOUSANDS.sub("", text.lower()))


class BM25:
    """Okapi BM25 (k1=1.5, b=0.75) over a fixed list of sentences."""

    def __init__(self, sentences: Iterable[str], k1: float = 1.5, b: float = 0.75) -> None:
        self.sentences = list(sentences)
        self.k1, self.b = k1, b
        self.counts = [Counter(tokenize(s)) for s in self.sentences]
        self.lengths = [sum(c.values()) for c in self.counts]
        self.avg_length = sum(self.lengths) / len(self.lengths) if self.lengths else 0.0
        df = Counter(term for counts in self.counts for term in counts)
        n = len(self.sentences)
        self.idf = {t: math.log((n - f + 0.5) / (f + 0.5) + 1.0) for t, f in df.items()}

    def score(self, query: list[str], i: int) -> float:
        """BM25 score of sentence `i` for the query tokens."""
        counts, norm = self.counts[i], 1 - self.b + self.b * self.lengths[i] / self.avg_length
        return sum(
            self.idf[t] * counts[t] * (self.k1 + 1) / (counts[t] + self.k1 * norm)
            for t in query
            if t in counts
        )

    def best(self, question: str) -> str | None:
        """The highest-scoring sentence (the first one on ties), or None if nothing scores."""
        query = tokenize(question)
        scores = [self.score(query, i) for i in range(len(self.sentences))]
        if not scores or max(scores) <= 0:
            return None
        return self.sentences[scores.index(max(scores))]
