"""Digest composition: what a chat receives at its next slot, as one Telegram HTML message.

Facts from documents ingested since the chat's last digest come first. Otherwise the digest is
a rotating briefing of facts the chat has not been sent yet, drawn round-robin across topics (or
regions) so consecutive digests cover different ground. Either way the chosen facts are grouped
by topic or region with headline figures first, each line cited, and the digest is cut to fit one
message: what does not fit stays unsent and leads a later digest. A digest with no facts is empty
and is not sent.
"""

from __future__ import annotations

import functools
import html
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from briefing.render import MAX_MESSAGE_CHARS, fact_line_html, split_message
from briefing.schedule import WEEKLY, from_db
from core.facts import Fact
from db import documents, outbox
from db import facts as stored_facts
from db import subscriptions as queries
from db.engine import Engine, Session, new_session

DIGEST_MAX_FACTS = 8
HEADLINE_KINDS = frozenset({"metric", "count", "ranking", "target"})
NEW_SECTION = "New since your last digest:"
OTHER_SECTION = "Other"


@dataclass(frozen=True)
class CatalogFact:
    """A fact with what digests need beyond its view: when its document arrived."""

    view: Fact
    ingested_at: datetime  # aware UTC


@dataclass(frozen=True)
class Section:
    """One heading of a digest and its facts, headline figures first."""

    title: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Digest:
    """A composed digest. `html` is one message of at most 4,096 characters (empty if none)."""

    chat_id: int
    title: str
    sections: tuple[Section, ...]
    new_count: int  # how many facts come from documents new since the last digest
    html: str

    @property
    def fact_ids(self) -> tuple[int, ...]:
        """The facts this digest carries, to advance the chat's cursor."""
        return tuple(fact.stored_id for section in self.sections for fact in section.facts)

    @property
    def empty(self) -> bool:
        """True when there is nothing to send."""
        return not self.sections

    def messages(self) -> list[str]:
        """The digest as Telegram messages (one, by construction; split defensively)."""
        return split_message(self.html, limit=MAX_MESSAGE_CHARS) if self.html else []


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
    title = _title(cadence=cadence, when=when, timezone=timezone, topic=topic)
    return _fit(chat_id=chat_id, title=title, facts=chosen, new=bool(new), topic=topic)


def compose_for_chat(
    *, engine: Engine, chat_id: int, now: datetime, catalog: FactCatalog | None = None
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
            )
        return compose_digest(
            session=session,
            facts=catalog.facts(session=session),
            chat_id=chat_id,
            topic=None,
            cadence="daily",
            when=now,
        )


def digest_text(digest: Digest) -> str:
    """The digest as plain text (for the console): tags dropped, entities decoded."""
    if digest.empty:
        return "Nothing new to send: this chat has been sent every fact that matches."
    text = re.sub(r"<br\s*/?>", "\n", digest.html)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _priority(item: CatalogFact) -> tuple[int, float, int]:
    # Headline figures first, then facts from the most recently ingested documents.
    return (0 if is_headline(item.view) else 1, -item.ingested_at.timestamp(), item.view.stored_id)


def _group_key(fact: Fact, topic: str | None) -> str:
    # A topic-filtered digest is grouped by region, a region-filtered one by topic.
    if topic is not None:
        wanted = topic.casefold()
        if fact.region and fact.region.casefold() != wanted:
            return fact.region
        others = [tag for tag in fact.topics if tag.casefold() != wanted]
        return _label(others[0]) if others else OTHER_SECTION
    if fact.topics:
        return _label(fact.topics[0])
    return fact.region or OTHER_SECTION


def _label(tag: str) -> str:
    words = tag.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _round_robin(ordered: Sequence[CatalogFact], *, topic: str | None, limit: int) -> list[Fact]:
    """Take facts across groups in turn, each group in priority order."""
    groups: dict[str, list[Fact]] = {}
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
    groups: dict[str, list[Fact]] = {}
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


def _title(*, cadence: str, when: datetime, timezone: str, topic: str | None) -> str:
    local = when.astimezone(ZoneInfo(timezone))
    kind = "Weekly digest" if cadence == WEEKLY else "Daily digest"
    day = f"{local:%A} {local.day} {local:%B %Y}"
    return f"{kind} · {day}" + (f" · {topic}" if topic else "")


def _render(title: str, sections: Sequence[Section], *, new: bool) -> str:
    lines = [f"<b>{html.escape(title)}</b>"]
    if new:
        lines.append(f"<i>{NEW_SECTION}</i>")
    for section in sections:
        lines.append("")
        lines.append(f"<b>{html.escape(section.title)}</b>")
        lines.extend(f"• {fact_line_html(fact)}" for fact in section.facts)
    return "\n".join(lines)


def _fit(
    *, chat_id: int, title: str, facts: Sequence[Fact], new: bool, topic: str | None
) -> Digest:
    """The largest prefix of `facts` whose rendering fits in one message."""
    sections, html_text = _fit_rendering(title, tuple(facts), new, topic)
    count = sum(len(section.facts) for section in sections)
    return Digest(
        chat_id=chat_id,
        title=title,
        sections=sections,
        new_count=count if new else 0,
        html=html_text,
    )


@functools.lru_cache(maxsize=256)
def _fit_rendering(
    title: str, facts: tuple[Fact, ...], new: bool, topic: str | None
) -> tuple[tuple[Section, ...], str]:
    # Pure and cached: in a fan-out most chats get the same facts under the same title.
    for count in range(len(facts), 0, -1):
        sections = _sections(facts[:count], topic=topic)
        rendered = _render(title, sections, new=new)
        if len(rendered) <= MAX_MESSAGE_CHARS:
            return sections, rendered
    return (), ""
