"""Follow-ups: a short question after an answer is read as a change to that answer's question.

"growth?" asks the last question again for its growth, "and 2022?" for another year, "and
Hangzhou?" for another place, "source?" for the same answer again (with its citation), and
"and the internet one?" for a sibling measure. Each chat keeps only its own last question,
for a while: `Conversations` is bounded (least recently used chats are forgotten first) and
expires turns after `FOLLOW_UP_TTL`, so nothing leaks between chats or lingers.
"""

from __future__ import annotations

import statistics
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from briefing.index import FactIndex
from briefing.question import Query, Reading

FOLLOW_UP_TTL = timedelta(minutes=30)
"""A question more than this long after the last answer starts afresh."""
MAX_CONVERSATIONS = 10_000
"""How many chats' last questions are kept; the least recently active are forgotten."""
MAX_FOLLOW_UP_WORDS = 6
"""A follow-up is short: a longer message is a question of its own."""
_CUES = frozenset({"and", "what", "how", "also", "then"})


class Conversations:
    """The last answered question of each chat, bounded and expiring."""

    def __init__(
        self,
        *,
        ttl: timedelta = FOLLOW_UP_TTL,
        capacity: int = MAX_CONVERSATIONS,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._ttl = ttl
        self._capacity = capacity
        self._clock = clock
        self._turns: OrderedDict[int, tuple[Query, datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def last(self, chat_id: int) -> Query | None:
        """The chat's last answered question, unless it has expired."""
        with self._lock:
            found = self._turns.get(chat_id)
            if found is None:
                return None
            query, at = found
            if self._clock() - at > self._ttl:
                del self._turns[chat_id]
                return None
            return query

    def remember(self, chat_id: int, query: Query) -> None:
        """Keep `query` as the chat's last answered question."""
        with self._lock:
            self._turns[chat_id] = (query, self._clock())
            self._turns.move_to_end(chat_id)
            while len(self._turns) > self._capacity:
                self._turns.popitem(last=False)


def follow_up(reading: Reading, previous: Query, index: FactIndex) -> Query | None:
    """`previous` changed by what the short question `reading` says, or None when `reading`
    is a question of its own."""
    new = reading.query
    words = index.analyzer.words(new.text)
    if reading.sides or reading.superlative is not None or len(words) > MAX_FOLLOW_UP_WORDS:
        return None
    period_given = bool(new.years) or new.half is not None
    changes = replace(
        previous,
        text=new.text,
        want=new.want or previous.want,
        years=new.years if period_given else previous.years,
        half=new.half if period_given else previous.half,
        region=new.region or previous.region,
    )
    if not new.terms:
        return changes  # "growth?", "and 2022?", "and Hangzhou?", "source?"
    if words[0] in _CUES and len(new.terms) <= 2 and new.region is None:
        # "and the internet one?": the new words replace the subject, the measure stays.
        weights = {t: index.weight(t) for t in previous.terms}
        common = statistics.median(weights.values()) if weights else 0.0
        kept = tuple(t for t in previous.terms if weights[t] <= common and t not in new.terms)
        return replace(changes, terms=new.terms + kept, unknown=new.unknown)
    return None
