"""The `Briefing` facade: what the CLI, handlers and digests call to answer and browse.

It loads every fact from the database once (row by row, with the folded forms ingest stored,
never a document's text), builds the compact `FactIndex`, and answers from memory; `refresh`
rebuilds after an ingest, and `refresh_if_changed` does so only when the store's fingerprint
moved (an ingest by another process, e.g. `citybrief ingest` while the bot runs). The new
index is built beside the old one and swapped in by one assignment, so a question being
answered during a refresh sees either the old or the new one; the old one is freed at once
(nothing else holds it) and the freed heap is handed back to the system, so a reload costs
one index more for its duration, not a lasting doubling.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from briefing.answer import Answerer
from briefing.browse import browse_page, example_questions
from briefing.followup import Conversations
from briefing.index import FactIndex
from briefing.loading import load_index
from briefing.passages import PassageSearch
from briefing.views import Answer, Page
from core.facts import Fact
from db import documents
from db import facts as stored_facts
from db.engine import Engine, new_session

logger = logging.getLogger(__name__)

MAX_EXAMPLES = 5


def load_facts(engine: Engine) -> list[Fact]:
    """Every stored fact with its source, in id order."""
    with new_session(engine) as session:
        return stored_facts.all_facts(session=session)


def release_freed_memory() -> None:
    """Hand the heap's free pages back to the system (glibc's `malloc_trim`).

    Building an index frees much short-lived memory (rows, split strings) that the C
    allocator would otherwise keep, counted in the process's RSS, until it is reused.
    Elsewhere than glibc this does nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:  # the running program's own symbols: the C library it was linked with
        trim: Callable[[int], int] | None = getattr(ctypes.CDLL(None), "malloc_trim", None)
    except OSError:
        return None
    return trim


@dataclass(frozen=True)
class _State:
    version: tuple[object, ...]
    index: FactIndex
    answerer: Answerer
    examples: tuple[str, ...]


class Briefing:
    """Answers questions and serves browse pages from the fact store."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conversations = Conversations()
        # The index job and the digest sender may both follow the store: one reload at a time.
        self._reloading = threading.Lock()
        self._state = self._load()
        release_freed_memory()

    def refresh(self) -> None:
        """Rebuild the index after an ingest: build the new one, swap it in, free the old."""
        self._state = self._load()
        release_freed_memory()

    def refresh_if_changed(self) -> bool:
        """Rebuild the index if the store changed since it was loaded; returns whether it did."""
        with self._reloading:
            if self._version() == self._state.version:
                return False
            self.refresh()
            return True

    def _version(self) -> tuple[int, int, datetime | None]:
        with new_session(self._engine) as session:
            return documents.store_version(session=session)

    def _load(self) -> _State:
        version = self._version()  # read first: an ingest racing the load is seen next time
        index = load_index(self._engine, facts=version[1])
        logger.debug("fact index loaded: %d facts", len(index))
        answerer = Answerer(index, passages=PassageSearch(self._engine, index, index.analyzer))
        # Examples are offered only if the engine answers them from this very store.
        confirmed = [q for q in example_questions(index) if answerer.answer(q).matched]
        return _State(
            version=version,
            index=index,
            answerer=answerer,
            examples=tuple(confirmed[:MAX_EXAMPLES]),
        )

    @property
    def index(self) -> FactIndex:
        """The current index (read-only use)."""
        return self._state.index

    def answer(self, question: str, *, chat_id: int | None = None) -> Answer:
        """Answer one question; never raises for odd input.

        With a `chat_id`, the chat's last answered question is the context of a short
        follow-up ("growth?", "and 2022?"), and an answered question becomes that context.
        """
        if chat_id is None:
            return self._state.answerer.answer(question)
        answer = self._state.answerer.answer(question, previous=self._conversations.last(chat_id))
        if answer.matched and answer.query is not None:
            self._conversations.remember(chat_id, answer.query)
        return answer

    def fact(self, fact_id: int) -> Fact | None:
        """One fact by id, or None."""
        entry = self._state.index.get(fact_id)
        return None if entry is None else entry.fact

    def related(self, fact_id: int, *, limit: int = 3) -> tuple[Fact, ...]:
        """Facts near `fact_id`: same sentence first, then same region, shared topics."""
        index = self._state.index
        entry = index.get(fact_id)
        if entry is None:
            return ()
        fact = entry.fact
        topics = set(fact.topics)

        def closeness(other: Fact) -> tuple[int, int, int, int]:
            return (
                int(other.quote == fact.quote),
                int(other.region == fact.region),
                len(topics & set(other.topics)),
                -abs(other.stored_id - fact.stored_id),
            )

        others = [e.fact for e in index.neighbours(entry)]
        others.sort(key=closeness, reverse=True)
        return tuple(others[:limit])

    def browse(self, section: str, *, page: int = 1) -> Page | None:
        """One page of "metrics", "initiatives", "sources" or "topics"; None if no such page."""
        return browse_page(self._state.index, section, page=page)

    def example_questions(self) -> tuple[str, ...]:
        """Questions this store can answer, built from its facts (for /start and /help)."""
        return self._state.examples
