"""Digest composition: which facts a chat receives at its next slot, fitted to one message.

Facts from documents ingested since the chat's last digest come first. Otherwise the digest is
a rotating briefing of facts the chat has not been sent yet, drawn round-robin across topics (or
regions) so consecutive digests cover different ground. Either way the chosen facts are grouped
by topic or region with headline figures first, and the digest is cut to what `fits` (one
message, as the caller renders it): what does not fit stays unsent and leads a later digest. A
digest with no facts is empty and is not sent.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from briefing.kinds import KINDS
from briefing.schedule import DAILY, from_db
from core.facts import Fact
from db import documents, outbox
from db import facts as stored_facts
from db import subscriptions as queries
from db.engine import Engine, Session, new_session

DIGEST_MAX_FACTS = 8
HEADLINE_KINDS = frozenset(kind for kind, spec in KINDS.items() if spec.states_a_figure)


@dataclass(frozen=True)
class CatalogFact:
    """A fact with what digests need beyond its view: when its document arrived."""

    view: Fact
    ingested_at: datetime  # aware UTC


@dataclass(frozen=True)
class Section:
    """One heading of a digest and its facts, headline figures first.

    `title` is the region or topic the facts share; None for facts that have neither.
    """

    title: str | None
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Digest:
    """A composed digest: what to say, for `briefing.present.digests` to render.

    The same facts under the same heading make equal digests, whichever chat they go to.
    """

    cadence: str  # "daily" or "weekly"
    day: date  # the slot's date where the chat is
    topic: str | None  # the subscription's topic or region filter
    sections: tuple[Section, ...]
    new_count: int  # how many facts come from documents new since the last digest

    @property
    def fact_ids(self) -> tuple[int, ...]:
        """The facts this digest carries, to advance the chat's cursor."""
        return tuple(fact.stored_id for section in self.sections for fact in section.facts)

    @property
    def empty(self) -> bool:
        """True when there is nothing to send."""
        return not self.sections


Fits = Callable[[Digest], bool]
"""Whether a digest, as rendered for sending, fits in one message."""


class FactCatalog:
    """All facts with their sources, loaded once and reloaded only when the store changes.

    A fan-out composes thousands of digests from the same facts; reading them per chat would
    dominate its cost.
    """

    def __init__(self, engine: Engine, *, recheck_seconds: float = 1.0) -> None:
        self._engine = engine
        self._recheck = recheck_seconds
        self._checked = -float("inf")
        self._version: tuple[int, int, datetime | None] | None = None
        self._facts: tuple[CatalogFact, ...] = ()
        self._lock = threading.Lock()

    def facts(self, *, session: Session) -> tuple[CatalogFact, ...]:
        """The current facts, reloading them if documents were ingested since the last check.

        The store is checked at most once every `recheck_seconds`: an ingest reaches digests
        composed a second later, and a fan-out does not query the store version per chat.
        """
        with self._lock:  # digests are composed in worker threads
            if time.monotonic() - self._checked < self._recheck:
                return self._facts
            version = documents.store_version(session=session)
            if version != self._version:
                self._facts = tuple(
                    CatalogFact(view=fact, ingested_at=ingested_at)
                    for fact, ingested_at in stored_facts.facts_with_ingest_times(session=session)
                )
                self._version = version
            self._checked = time.monotonic()
        return self._facts


def is_headline(fact: Fact) -> bool:
    """A headline figure: a measured value (metric, count, ranking, target)."""
    return fact.kind in HEADLINE_KINDS and fact.value is not None


def matches_filter(fact: Fact, topic: str | None) -> bool:
    """Whether the fact belongs to the topic or region a subscription asked for."""
    if topic is None:
        return True
    wanted = topic.casefold()
    return (fact.region or "").casefold() == wanted or any(
        tag.casefold() == wanted for tag in fact.topics
    )


def compose_digest(
    *,
    session: Session,
    facts: Sequence[CatalogFact],
    chat_id: int,
    topic: str | None,
    cadence: str,
    when: datetime,
    fits: Fits,
    max_facts: int = DIGEST_MAX_FACTS,
) -> Digest:
    """Compose the chat's next digest.

    Args:
        session: an open session (read-only use).
        facts: the catalog's facts (`FactCatalog.facts`).
        chat_id: the receiving chat.
        topic: the subscription's topic or region filter, if any.
        cadence: "daily" or "weekly", for the title.
        when: the slot (aware), for the title's local date.
        fits: whether a digest fits in one message; the largest prefix of the chosen facts
            that does is kept.
        max_facts: the most facts one digest carries.

    Returns:
        The digest; `empty` when the chat has been sent every matching fact.
    """
    chat = queries.get_chat(session=session, chat_id=chat_id)
    timezone = chat.timezone if chat is not None else "UTC"
    since = None
    if chat is not None:
        since = chat.last_digest_at or chat.created_at
    sent = outbox.sent_fact_times(session=session, chat_id=chat_id)
    pool = [
        item for item in facts if item.view.id not in sent and matches_filter(item.view, topic)
    ]
    new = [item for item in pool if since is not None and item.ingested_at > since]
    if new:
        ordered = sorted(new, key=_priority)
        chosen = [item.view for item in ordered[:max_facts]]
    else:
        chosen = _round_robin(sorted(pool, key=_priority), topic=topic, limit=max_facts)
    day = when.astimezone(ZoneInfo(timezone)).date()
    return _fit(cadence, day, topic, tuple(chosen), bool(new), fits)


def compose_for_chat(
    *,
    engine: Engine,
    chat_id: int,
    now: datetime,
    fits: Fits,
    catalog: FactCatalog | None = None,
) -> Digest:
    """Preview what the chat would receive next: its soonest active subscription's digest.

    A chat without subscriptions gets the unfiltered daily digest.
    """
    catalog = catalog or FactCatalog(engine)
    with new_session(engine) as session:
        subscriptions = [
            s for s in queries.chat_subscriptions(session=session, chat_id=chat_id) if s.active
        ]
        if subscriptions:
            first = min(subscriptions, key=lambda s: s.next_run)
            return compose_digest(
                session=session,
                facts=catalog.facts(session=session),
                chat_id=chat_id,
                topic=first.topic,
                cadence=first.cadence,
                when=from_db(first.next_run),
                fits=fits,
            )
        return compose_digest(
            session=session,
            facts=catalog.facts(session=session),
            chat_id=chat_id,
            topic=None,
            cadence=DAILY,
            when=now,
            fits=fits,
        )


def _priority(item: CatalogFact) -> tuple[int, float, int]:
    # Headline figures first, then facts from the most recently ingested documents.
    return (0 if is_headline(item.view) else 1, -item.ingested_at.timestamp(), item.view.stored_id)


def _group_key(fact: Fact, topic: str | None) -> str | None:
    # A topic-filtered digest is grouped by region, a region-filtered one by topic.
    if topic is not None:
        wanted = topic.casefold()
        if fact.region and fact.region.casefold() != wanted:
            return fact.region
        others = [tag for tag in fact.topics if tag.casefold() != wanted]
        return _label(others[0]) if others else None
    if fact.topics:
        return _label(fact.topics[0])
    return fact.region or None


def _label(tag: str) -> str:
    words = tag.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _round_robin(ordered: Sequence[CatalogFact], *, topic: str | None, limit: int) -> list[Fact]:
    """Take facts across groups in turn, each group in priority order."""
    groups: dict[str | None, list[Fact]] = {}
    for item in ordered:
        groups.setdefault(_group_key(item.view, topic), []).append(item.view)
    queues = list(groups.values())
    chosen: list[Fact] = []
    depth = 0
    while len(chosen) < limit and any(depth < len(q) for q in queues):
        for queue in queues:
            if depth < len(queue) and len(chosen) < limit:
                chosen.append(queue[depth])
        depth += 1
    return chosen


def _sections(facts: Iterable[Fact], *, topic: str | None) -> tuple[Section, ...]:
    groups: dict[str | None, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(_group_key(fact, topic), []).append(fact)
    sections = [
        Section(
            title=name,
            facts=tuple(sorted(group, key=lambda f: 0 if is_headline(f) else 1)),
        )
        for name, group in groups.items()
    ]
    # Sections leading with a headline figure come first; the sort is stable otherwise.
    sections.sort(key=lambda s: 0 if is_headline(s.facts[0]) else 1)
    return tuple(sections)


@functools.lru_cache(maxsize=256)
def _fit(
    cadence: str, day: date, topic: str | None, facts: tuple[Fact, ...], new: bool, fits: Fits
) -> Digest:
    """The digest of the largest prefix of `facts` that fits in one message."""
    # Pure and cached: in a fan-out most chats get the same facts under the same title.
    for count in range(len(facts), 0, -1):
        digest = Digest(
            cadence=cadence,
            day=day,
            topic=topic,
            sections=_sections(facts[:count], topic=topic),
            new_count=count if new else 0,
        )
        if fits(digest):
            return digest
    return Digest(cadence=cadence, day=day, topic=topic, sections=(), new_count=0)
