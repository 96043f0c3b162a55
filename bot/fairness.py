"""Fair handling of incoming updates: one flooder cannot delay anyone else.

Two mechanisms, both in `FairUpdateProcessor` (a PTB `BaseUpdateProcessor`):

* **A budget per user and per chat** (`UpdateBudget`, token buckets on an injectable clock).
  An update beyond its user's or its chat's budget is dropped before any handler runs; the
  first drop of a spell gets one polite "slow down" reply, later drops none, so a flood
  costs the bot almost nothing and never turns into a flood of replies.
* **One update at a time per chat, then a shared slot.** PTB's own processor takes one of
  its slots first, and a handler then waits inside it for its chat's send pace (one message
  a second): 16 of one flooder's updates held every slot while everyone else queued. Here
  an update first waits its turn among its own chat's updates, holding nothing, and only then
  takes one of the `max_concurrent_updates` slots; a chat holds at most one slot, so the
  others stay free for other chats.

Inline queries arrive on every keystroke: they are not counted against the budget, and a
user's inline query still waiting when a newer one arrives is dropped (only the newest one
matters). Nor is a group message or channel post that is not addressed to the bot (no
command, mention or reply): the bot ignores those anyway, and a lively group or a busy channel
must not be told to slow down.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from telegram import MessageEntity, Update
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger(__name__)


class Allowance(NamedTuple):
    """One token bucket: how many updates at once, and how fast the room for them comes back."""

    burst: int
    per_second: float


USER_BURST = 20
"""Updates one user may send at once (a batch of forwarded messages) before the budget bites."""
USER_ALLOWANCE = Allowance(burst=USER_BURST, per_second=1.0)
"""A user's budget refills at one update a second: faster than anyone types."""
CHAT_ALLOWANCE = Allowance(burst=20, per_second=1 / 3)
"""Updates addressed to the bot by one group (all its members together): 20 at once, then a
refill of 20 a minute, as Telegram lets a bot send 20 messages a minute to one group, so
admitting more would only queue replies that cannot go out."""
SLOTS = 16
"""Updates processed at once, across chats (each chat holds at most one)."""
QUEUED_LIMIT = 4096
"""Updates accepted into processing at once (PTB's own bound; dropped ones leave at once)."""
_FORGET_AFTER = 600.0  # seconds after which a full bucket is forgotten
_PRUNE_AT = 50_000

Clock = Callable[[], float]
Notify = Callable[[Update], Awaitable[None]]


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False  # the "slow down" reply of this spell was sent


class UpdateBudget:
    """Token buckets per user and per chat; `admit` says whether an update may be handled."""

    def __init__(
        self,
        *,
        user: Allowance = USER_ALLOWANCE,
        chat: Allowance = CHAT_ALLOWANCE,
        clock: Clock = time.monotonic,
    ) -> None:
        self._limits = {"user": user, "chat": chat}
        self._clock = clock
        self._buckets: dict[tuple[str, int], _Bucket] = {}
        self.dropped = 0

    def admit(self, *, user_id: int | None, chat_id: int | None) -> Admission:
        """Take one update from the user's and the chat's budgets, if both have room.

        A private chat is the user's own: it is counted once, as the user.
        """
        now = self._clock()
        keys = [("user", user_id)] if user_id is not None else []
        if chat_id is not None and chat_id != user_id:
            keys.append(("chat", chat_id))
        buckets = [self._bucket(kind, ident, now) for kind, ident in keys if ident is not None]
        if all(bucket.tokens >= 1.0 for bucket in buckets):
            for bucket in buckets:
                bucket.tokens -= 1.0
            return Admission(admitted=True, warn=False)
        self.dropped += 1
        empty = [bucket for bucket in buckets if bucket.tokens < 1.0]
        warn = not any(bucket.warned for bucket in empty)
        for bucket in empty:
            bucket.warned = True
        return Admission(admitted=False, warn=warn)

    def _bucket(self, kind: str, ident: int, now: float) -> _Bucket:
        limit = self._limits[kind]
        bucket = self._buckets.get((kind, ident))
        if bucket is None:
            if len(self._buckets) >= _PRUNE_AT:
                self._prune(now)
            bucket = self._buckets[(kind, ident)] = _Bucket(float(limit.burst), now)
            return bucket
        refilled = bucket.tokens + (now - bucket.updated) * limit.per_second
        bucket.tokens = min(float(limit.burst), refilled)
        bucket.updated = now
        if bucket.tokens >= limit.burst / 2:
            bucket.warned = False  # a new spell of flooding gets its own one reply
        return bucket

    def _prune(self, now: float) -> None:
        for key, bucket in list(self._buckets.items()):
            if now - bucket.updated > _FORGET_AFTER:
                del self._buckets[key]


@dataclass(frozen=True)
class Admission:
    """Whether an update is handled, and whether its sender is to be asked to slow down."""

    admitted: bool
    warn: bool


class FairUpdateProcessor(BaseUpdateProcessor):
    """Budgets, then one update per chat at a time, then one of `slots` shared slots."""

    def __init__(
        self,
        *,
        slots: int = SLOTS,
        budget: UpdateBudget | None = None,
        notify: Notify | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates=QUEUED_LIMIT)
        self.budget = budget if budget is not None else UpdateBudget()
        self.notify = notify
        self._slots = asyncio.Semaphore(slots)
        self._lanes: dict[int | tuple[str, int], _Lane] = {}
        self._newest_inline: dict[int, str] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Handle `update` if its budget allows, after its chat's earlier updates."""
        if not isinstance(update, Update):
            await coroutine
            return
        user = update.effective_user
        chat = update.effective_chat
        inline = update.inline_query
        if inline is not None and user is not None:
            self._newest_inline[user.id] = inline.id
        elif counts_against_budget(update):
            admission = self.budget.admit(
                user_id=user.id if user else None, chat_id=chat.id if chat else None
            )
            if not admission.admitted:
                _discard(coroutine)
                if not admission.warn:  # a spell already logged (and told) once
                    log.debug("dropped update %s: over budget", update.update_id)
                    return
                log.info(
                    "user %s in chat %s is over the update budget: dropping updates",
                    user.id if user else None,
                    chat.id if chat else None,
                )
                if self.notify is not None:
                    await self._tell(update)
                return
        key: int | tuple[str, int] | None = (
            chat.id if chat is not None else ("user", user.id) if user is not None else None
        )
        if key is None:
            async with self._slots:
                await coroutine
            return
        lane = self._lanes.setdefault(key, _Lane())
        lane.users += 1
        try:
            async with lane.lock:
                if inline is not None and user and self._newest_inline.get(user.id) != inline.id:
                    _discard(coroutine)  # a newer query from this user supersedes it
                    return
                async with self._slots:
                    await coroutine
        finally:
            lane.users -= 1
            if not lane.users:
                del self._lanes[key]
            if inline is not None and user and self._newest_inline.get(user.id) == inline.id:
                del self._newest_inline[user.id]

    async def _tell(self, update: Update) -> None:
        assert self.notify is not None
        try:
            await self.notify(update)
        except Exception:  # the reply is a courtesy; its failure must not reach PTB
            log.warning("could not ask a flooding user to slow down", exc_info=True)


def counts_against_budget(update: Update) -> bool:
    """Whether `update` asks something of the bot: anything but an inline query, or a group
    message or channel post that carries no command, no mention and is no reply (the bot
    ignores those)."""
    if update.inline_query is not None:
        return False
    message = update.message or update.edited_message
    message = message or update.channel_post or update.edited_channel_post
    chat = update.effective_chat
    if message is None or chat is None or chat.type == chat.PRIVATE:
        return True
    if message.reply_to_message is not None:
        return True
    entities = (*message.entities, *message.caption_entities)
    addressed = {MessageEntity.BOT_COMMAND, MessageEntity.MENTION, MessageEntity.TEXT_MENTION}
    return any(entity.type in addressed for entity in entities)


class _Lane:
    """One chat's queue: its lock, and how many of its updates hold or wait for it."""

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


def _discard(coroutine: Awaitable[Any]) -> None:
    """Drop an update's handler coroutine unrun (closing it avoids "never awaited")."""
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()
