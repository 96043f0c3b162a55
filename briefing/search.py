"""Searching every document's sentences for words or a phrase (`/search`), a page at a time.

The passage tier's full-text index does the ranking (`db.sentences.search`: FTS5 `bm25()` or
PostgreSQL's `ts_rank` over each sentence's analyzed terms), so "revenues" finds "revenue" and
a Chinese word finds its English glossary term. Sentences holding every searched word come
first; only when none does are sentences holding some of them offered. Words in double quotes
are a phrase: a sentence must contain it as written (case and spacing aside). A document's
title line is not offered: every result's citation names it already.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.analysis import terms_in_own_language
from core.facts import Passage
from db import sentences
from db.engine import Engine, new_session

PAGE_SIZE = 5
"""Passages on one page of results."""
MAX_RESULTS = 50
"""Passages found for one search at most (ten pages)."""
MAX_QUERY_BYTES = 48
"""A search is cut to the words that fit this many bytes of UTF-8, so that its page buttons
can carry it (Telegram's callback data holds 64 bytes)."""

_PHRASE = re.compile(r"[\"“”「」『』]([^\"“”「」『』]+)[\"“”「」『』]")


@dataclass(frozen=True)
class SearchPage:
    """One page of passages for a search; `query` is the search as run (perhaps cut short)."""

    query: str
    passages: tuple[Passage, ...]
    number: int  # 1-based
    count: int  # pages in all (0 when nothing was found)
    every_word: bool  # the passages hold every searched word (else only some)


def clip_query(text: str, *, limit: int = MAX_QUERY_BYTES) -> str:
    """The search's words that fit `limit` bytes, whole words only (a long word is cut)."""
    words = text.split()
    kept: list[str] = []
    for word in words:
        candidate = " ".join([*kept, word])
        if len(candidate.encode()) > limit:
            break
        kept.append(word)
    if not kept and words:
        clipped = words[0].encode()[:limit].decode(errors="ignore")
        kept = [clipped]
    return " ".join(kept)


def search_passages(engine: Engine, text: str, *, page: int = 1) -> SearchPage:
    """Page `page` of the best passages for `text` (words, or a "quoted phrase")."""
    query = clip_query(" ".join(text.split()))
    phrases = [" ".join(p.split()).lower() for p in _PHRASE.findall(query)]
    terms = terms_in_own_language(query)
    with new_session(engine) as session:
        hits = sentences.search(session=session, terms=terms, limit=MAX_RESULTS, every=True)
        every_word = bool(hits)
        if not hits and not phrases:
            hits = sentences.search(session=session, terms=terms, limit=MAX_RESULTS)
    found: list[Passage] = []
    seen: set[str] = set()
    for hit in hits:
        text_key = " ".join(hit.passage.text.split()).lower()
        title = " ".join(hit.passage.source.title.split()).lower()
        if text_key in seen or text_key == title or not all(p in text_key for p in phrases):
            continue  # a repeat, the document's title (its citation shows it), or no phrase
        seen.add(text_key)
        found.append(hit.passage)
    count = -(-len(found) // PAGE_SIZE)
    number = min(max(page, 1), max(count, 1))
    chunk = found[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    return SearchPage(query, tuple(chunk), number, count, every_word)
