"""Digest composition: which facts a chat receives at its next slot, fitted to one message.

What matters leads: facts from documents ingested since the chat's last digest first, then the
largest or fastest-moving measures, then targets (those with a figure of progress first), then
rankings, counts and events. One measure appears once (its latest period; the others are
covered by it and never sent later), and fragments that name no measure ("aspects: six
aspects") are never sent. At most `DIGEST_MAX_FACTS` items go out, grouped under a few
headings (`Heading`); `more` says how many matching facts wait behind the "… and N more"
button. The digest is cut to what `fits` (one message, as the caller renders it): what does not
fit stays unsent and leads a later digest. A digest with no facts is empty and is not sent.

A digest's key measure is charted when it has history (`key_chart`): the first item, in the
digest's order, whose measure has figures for two or more periods, or for several regions in
one period, is drawn as `/chart` would draw it (`briefing.charts.chart_for_fact`).
"""

from __future__ import annotations

import contextlib
import functools
import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from itertools import chain
from typing import NamedTuple
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from briefing.charts import Chart, chart_for_fact
from briefing.index import FactIndex
from briefing.kinds import KINDS
from briefing.schedule import DAILY, from_db
from core.facts import Fact, FactKind
from db import documents, outbox
from db import facts as stored_facts
from db import subscriptions as queries
from db.engine import Engine, Session, new_session

DIGEST_MAX_FACTS = 10
"""The most items one digest shows; the rest wait behind its "… and N more" button."""

HEADLINE_KINDS = frozenset(kind for kind, spec in KINDS.items() if spec.states_a_figure)


@dataclass(frozen=True)
class CatalogFact:
    """A fact with what digests need beyond its view, worked out once per store version:
    when its document arrived, whether it is a fragment, the keys that make two facts one
    measure (`measure_key` and its kind's de-dup key), and its measure's number (`group`,
    given by `rank_order`: facts sharing a key with an earlier fact join its group)."""

    view: Fact
    ingested_at: datetime  # aware UTC
    group: int = -1
    fragment: bool = field(init=False)
    same_as: frozenset[tuple[object, ...]] = field(init=False)

    def __post_init__(self) -> None:
        fact = self.view
        object.__setattr__(self, "fragment", is_fragment(fact))
        keys = frozenset({measure_key(fact), KINDS[fact.kind].dedup_key(fact)})
        object.__setattr__(self, "same_as", keys)


class Heading(StrEnum):
    """The few headings a digest groups its items under, in the order they appear."""

    FIGURES = "figures"  # metrics, counts and shares: amounts and growth
    TARGETS = "targets"
    RANKINGS = "rankings"
    NEWS = "news"  # events and people


HEADINGS: dict[FactKind, Heading] = {
    FactKind.METRIC: Heading.FIGURES,
    FactKind.COUNT: Heading.FIGURES,
    FactKind.TARGET: Heading.TARGETS,
    FactKind.RANKING: Heading.RANKINGS,
    FactKind.EVENT: Heading.NEWS,
    FactKind.PERSON: Heading.NEWS,
}
"""Which heading each kind of fact goes under (a kind not listed: FIGURES)."""


@dataclass(frozen=True)
class Section:
    """One heading of a digest and its facts, most important first."""

    heading: Heading
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
    more: int = 0  # matching facts not shown, behind the "… and N more" button
    covered: tuple[int, ...] = ()  # facts an item shown stands for (earlier periods, copies)

    @property
    def fact_ids(self) -> tuple[int, ...]:
        """The facts this digest carries or covers, to advance the chat's cursor."""
        shown = tuple(fact.stored_id for section in self.sections for fact in section.facts)
        return shown + self.covered

    @property
    def item_count(self) -> int:
        """How many items the digest shows."""
        return sum(len(section.facts) for section in self.sections)

    @property
    def empty(self) -> bool:
        """True when there is nothing to send."""
        return not self.sections


Fits = Callable[[Digest], bool]
"""Whether a digest, as rendered for sending, fits in one message."""

_KEY_CHARTS: WeakKeyDictionary[FactIndex, dict[tuple[int, ...], Chart | None]] = (
    WeakKeyDictionary()
)
KEY_CHARTS_KEPT = 1024
"""Digests (by the facts they show) whose key chart is kept per index; most chats of a fan-out
share a few."""


def key_chart(index: FactIndex, digest: Digest) -> Chart | None:
    """The chart of the digest's key measure: its first item (figures first, the largest and
    fastest-moving first) whose measure has figures for two or more periods or several regions;
    None when no item's has.

    Kept per index, i.e. per store version, and per the facts the digest shows: a fan-out
    works it out once for all the chats that receive the same items.
    """
    shown = tuple(fact.stored_id for section in digest.sections for fact in section.facts)
    known = _KEY_CHARTS.setdefault(index, {})
    with contextlib.suppress(KeyError):  # one lookup: another thread may clear it meanwhile
        return known[shown]
    charts = (chart_for_fact(index, fact_id) for fact_id in shown)
    chart = next((chart for chart in charts if chart is not None), None)
    if len(known) >= KEY_CHARTS_KEPT:
        known.clear()
    known[shown] = chart  # worked out twice at worst when two threads race: the same chart
    return chart


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
        """The current facts in `rank_order`, reloaded if documents were ingested since.

        The store is checked at most once every `recheck_seconds`: an ingest reaches digests
        composed a second later, and a fan-out does not query the store version per chat.
        """
        with self._lock:  # digests are composed in worker threads
            if time.monotonic() - self._checked < self._recheck:
                return self._facts
            version = documents.store_version(session=session)
            if version != self._version:
                self._facts = rank_order(
                    CatalogFact(view=fact, ingested_at=ingested_at)
                    for fact, ingested_at in stored_facts.facts_with_ingest_times(session=session)
                )
                self._version = version
            self._checked = time.monotonic()
        return self._facts


def is_headline(fact: Fact) -> bool:
    """A headline figure: a measured value (metric, count, ranking, target)."""
    return fact.kind in HEADLINE_KINDS and fact.value is not None


def is_fragment(fact: Fact) -> bool:
    """A fact whose subject names no measure: one word that only repeats the figure's noun.

    "aspects: six aspects", "meetings: two meetings" say nothing a reader can use; they come
    from list sentences whose real subject lies elsewhere.
    """
    words = fact.subject.strip().rstrip(":").casefold().split()
    if not words:
        return True
    if len(words) > 1 or not fact.value_text:
        return False
    return fact.value_text.casefold().rstrip(" .").endswith(words[0])


def matches_filter(fact: Fact, topic: str | None) -> bool:
    """Whether the fact belongs to the topic or region a subscription asked for."""
    if topic is None:
        return True
    wanted = topic.casefold()
    return (fact.region or "").casefold() == wanted or any(
        tag.casefold() == wanted for tag in fact.topics
    )


def measure_key(fact: Fact) -> tuple[object, ...]:
    """What makes two facts one measure: its heading, subject and place (any period)."""
    subject = " ".join(fact.subject.casefold().split())
    return (HEADINGS.get(fact.kind, Heading.FIGURES), subject, (fact.region or "").casefold())


def importance(fact: Fact, *, with_progress: frozenset[tuple[object, ...]] = frozenset()) -> float:
    """How much a fact matters in a digest: larger and faster-moving measures score higher.

    Orders of magnitude of the amount plus a tenth of the growth in percent (45.2 billion
    growing 20%: 12.7; 46,000 stations: 4.7); a target whose measure has a figure of
    progress gets a point more.
    """
    size = math.log10(1 + abs(fact.base_value or fact.value or 0.0))
    growth = abs(fact.change or 0.0) / 10
    progress = 1.0 if fact.kind is FactKind.TARGET and _measure(fact) in with_progress else 0.0
    return size + growth + progress


def _measure(fact: Fact) -> tuple[object, ...]:
    return (" ".join(fact.subject.casefold().split()), (fact.region or "").casefold())


def rank_order(items: Iterable[CatalogFact]) -> tuple[CatalogFact, ...]:
    """The store's facts in digest order, whoever reads them: by heading (figures, targets,
    rankings, news), then importance, latest period first, newest document first.

    Computed once per store version (`FactCatalog`); each chat's digest only moves the facts
    new to it to the front (`rank`).
    """
    items = tuple(items)
    progress = frozenset(
        _measure(item.view)
        for item in items
        if item.view.kind is not FactKind.TARGET and item.view.value is not None
    )
    headings = list(Heading)

    def key(item: CatalogFact) -> tuple[object, ...]:
        fact = item.view
        return (
            headings.index(HEADINGS.get(fact.kind, Heading.FIGURES)),
            -importance(fact, with_progress=progress),
            _period_order(fact.period),
            -item.ingested_at.timestamp(),
            fact.stored_id,
        )

    groups: dict[tuple[object, ...], int] = {}
    ordered = []
    for item in sorted(items, key=key):
        known = [groups[k] for k in item.same_as if k in groups]
        group = min(known) if known else len(groups)
        groups.update(dict.fromkeys(item.same_as, group))
        ordered.append(replace(item, group=group))
    return tuple(ordered)


def _period_order(period: str | None) -> tuple[int, str]:
    """Latest period first: "2022" before "2021-H1"; a missing period last."""
    if not period:
        return (1, "")
    return (0, "".join(chr(0x10FFFF - ord(c)) for c in period))


class Picked(NamedTuple):
    """What a digest shows, the facts it covers (other periods, copies), and how many more."""

    shown: tuple[CatalogFact, ...]
    covered: tuple[int, ...]
    more: int


def pick(ordered: Iterable[CatalogFact], *, limit: int) -> Picked:
    """The first `limit` measures of `ordered`, one fact each; the rest counted by measure."""
    shown: list[CatalogFact] = []
    shown_groups: set[int] = set()
    waiting: set[int] = set()
    covered: list[int] = []
    for item in ordered:
        if item.group in shown_groups:
            covered.append(item.view.stored_id)
        elif len(shown) < limit:
            shown.append(item)
            shown_groups.add(item.group)
        else:
            waiting.add(item.group)
    return Picked(tuple(shown), tuple(covered), len(waiting - shown_groups))


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
    fresh: bool = True,
) -> Digest:
    """Compose the chat's next digest.

    Args:
        session: an open session (read-only use).
        facts: the catalog's facts (`FactCatalog.facts`), in `rank_order`.
        chat_id: the receiving chat.
        topic: the subscription's topic or region filter, if any.
        cadence: "daily" or "weekly", for the title.
        when: the slot (aware), for the title's local date.
        fits: whether a digest fits in one message; the largest prefix of the chosen facts
            that does is kept.
        max_facts: the most facts one digest shows.
        fresh: whether facts new since the chat's last digest lead (and are said to be new);
            False for the "… and N more" follow-up, which continues the last digest.

    Returns:
        The digest; `empty` when the chat has been sent every matching fact.
    """
    chat = queries.get_chat(session=session, chat_id=chat_id)
    timezone = chat.timezone if chat is not None else "UTC"
    since = None
    if chat is not None and fresh:
        since = chat.last_digest_at or chat.created_at
        since = from_db(since)
    sent = outbox.sent_fact_times(session=session, chat_id=chat_id)
    new: list[CatalogFact] = []
    old: list[CatalogFact] = []
    for item in facts:  # in rank order; what is new to this chat moves to the front
        if item.fragment or item.view.id in sent or not matches_filter(item.view, topic):
            continue
        (new if since is not None and item.ingested_at > since else old).append(item)
    picked = pick(chain(new, old), limit=max_facts)
    fresh_ids = frozenset(
        item.view.stored_id
        for item in picked.shown
        if since is not None and item.ingested_at > since
    )
    day = when.astimezone(ZoneInfo(timezone)).date()
    chosen = tuple(item.view for item in picked.shown)
    digest = _fit(cadence, day, topic, chosen, fresh_ids, fits)
    if digest.empty:
        return digest
    cut = picked.shown[digest.item_count :]  # what did not fit waits for the next digest
    if cut:
        picked = pick(chain(new, old), limit=digest.item_count)
    return replace(digest, more=picked.more, covered=picked.covered)


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
        first = min(subscriptions, key=lambda s: s.next_run) if subscriptions else None
        return compose_digest(
            session=session,
            facts=catalog.facts(session=session),
            chat_id=chat_id,
            topic=first.topic if first else None,
            cadence=first.cadence if first else DAILY,
            when=from_db(first.next_run) if first else now,
            fits=fits,
        )


def compose_from_store(
    *,
    engine: Engine,
    chat_id: int,
    topic: str | None,
    when: datetime,
    fits: Fits,
    cadence: str = DAILY,
    fresh: bool = True,
) -> Digest:
    """`compose_digest` over the store's facts, in a session of its own."""
    catalog = FactCatalog(engine)
    with new_session(engine) as session:
        return compose_digest(
            session=session,
            facts=catalog.facts(session=session),
            chat_id=chat_id,
            topic=topic,
            cadence=cadence,
            when=when,
            fits=fits,
            fresh=fresh,
        )


def compose_topic_preview(
    *, engine: Engine, chat_id: int, topic: str, now: datetime, fits: Fits
) -> Digest:
    """What a digest on `topic` would bring the chat now (a deep link's preview; not sent)."""
    return compose_from_store(
        engine=engine, chat_id=chat_id, topic=topic, when=now, fits=fits, fresh=False
    )


def compose_more(
    *,
    engine: Engine,
    chat_id: int,
    subscription_id: int,
    fits: Fits,
    now: datetime,
    catalog: FactCatalog | None = None,
) -> Digest:
    """The "… and N more" of a digest: the next items of that subscription, marked as sent.

    Empty when nothing more matches (or the subscription is gone or not the chat's).
    """
    catalog = catalog or FactCatalog(engine)
    with new_session(engine) as session:
        subscription = queries.get_subscription(session=session, subscription_id=subscription_id)
        if subscription is None or subscription.chat_id != chat_id:
            return Digest(cadence=DAILY, day=now.date(), topic=None, sections=(), new_count=0)
        digest = compose_digest(
            session=session,
            facts=catalog.facts(session=session),
            chat_id=chat_id,
            topic=subscription.topic,
            cadence=subscription.cadence,
            when=now,
            fits=fits,
            fresh=False,
        )
        if not digest.empty:
            outbox.record_sent_facts(
                session=session, chat_id=chat_id, fact_ids=digest.fact_ids, now=now
            )
            session.commit()
        return digest


def _sections(facts: Iterable[Fact]) -> tuple[Section, ...]:
    groups: dict[Heading, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(HEADINGS.get(fact.kind, Heading.FIGURES), []).append(fact)
    return tuple(
        Section(heading, tuple(groups[heading])) for heading in Heading if heading in groups
    )


@functools.lru_cache(maxsize=256)
def _fit(
    cadence: str,
    day: date,
    topic: str | None,
    facts: tuple[Fact, ...],
    new: frozenset[int],
    fits: Fits,
) -> Digest:
    """The digest of the largest prefix of `facts` that fits in one message."""
    # Pure and cached: in a fan-out most chats get the same facts under the same title.
    for count in range(len(facts), 0, -1):
        shown = facts[:count]
        digest = Digest(
            cadence=cadence,
            day=day,
            topic=topic,
            sections=_sections(shown),
            new_count=sum(1 for fact in shown if fact.stored_id in new),
        )
        if fits(digest):
            return digest
    return Digest(cadence=cadence, day=day, topic=topic, sections=(), new_count=0)
