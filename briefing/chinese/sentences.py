"""Chinese text into sentences with offsets, as `briefing.text.split_sentences` does for English.

A sentence ends at 。！？ (and their ASCII forms), at ；, and at every line break. The semicolon
counts because Chinese releases chain whole statements with it ("…营业收入329.9亿元，同比增长
20.1%；电信…营业收入78.5亿元…"): one clause per figure gives a short, exact quote, and the
extractor carries the period of the first clause on to the next. A quotation is kept whole:
a stop inside “…” or 「…」 does not end the sentence unless the closing quote follows it at
once (他说：“…。”), and then the sentence ends after the quote. The terminator stays with its
sentence, so offsets cover exactly what is quoted.
"""

from __future__ import annotations

import re

from briefing.text import Sentence

SENTENCE_ENDS = frozenset("。！？!?；;")
CLOSING = frozenset("”’」』）)》】\"'")
"""Closing quotes and brackets that belong to the sentence they follow."""
_OPENING_QUOTES = {"“": "”", "「": "」", "『": "』"}
_CLOSING_QUOTES = frozenset(_OPENING_QUOTES.values())
_HAS_CONTENT = re.compile(r"[\w\u4e00-\u9fff]")
_LINE = re.compile(r"[^\n]+")


def split_chinese_sentences(text: str, *, title_first: bool = False) -> list[Sentence]:
    """Split cleaned Chinese text into sentences with offsets; a line break always ends one.

    Args:
        text: the document's cleaned text (the text facts' offsets index into).
        title_first: mark the first sentence as the title.
    """
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        for lo, hi in _cuts(line.group()):
            _append(sentences, text, line.start() + lo, line.start() + hi)
    if title_first and sentences:
        first = sentences[0]
        sentences[0] = Sentence(first.text, first.start, first.end, is_title=True)
    return sentences


def _cuts(line: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in one line."""
    cuts: list[tuple[int, int]] = []
    depth = 0
    ascii_quote_open = False
    start = 0
    i = 0
    n = len(line)
    while i < n:
        char = line[i]
        if char in _OPENING_QUOTES:
            depth += 1
        elif char in _CLOSING_QUOTES:
            depth = max(0, depth - 1)
        elif char == '"':
            ascii_quote_open = not ascii_quote_open
        elif char in SENTENCE_ENDS:
            end = i + 1
            while end < n and line[end] in SENTENCE_ENDS:
                end += 1  # "？！", "。。"
            inside = depth + ascii_quote_open
            closes = end
            while closes < n and line[closes] in CLOSING and inside > 0:
                if line[closes] in _CLOSING_QUOTES or line[closes] == '"':
                    inside -= 1
                closes += 1
            if inside == 0:
                while closes < n and line[closes] in CLOSING:
                    closes += 1  # a closing bracket right after the stop: "（…。）"
                cuts.append((start, closes))
                start = closes
                depth = 0
                ascii_quote_open = False
                i = closes
                continue
        i += 1
    cuts.append((start, n))
    return cuts


def _append(out: list[Sentence], text: str, lo: int, hi: int) -> None:
    piece = text[lo:hi]
    stripped = piece.strip()
    if not stripped or not _HAS_CONTENT.search(stripped):
        return
    start = lo + len(piece) - len(piece.lstrip())
    out.append(Sentence(stripped, start, start + len(stripped)))
