"""The outbox sender: drains due deliveries through the bot's rate limiter, once each.

A delivery row is claimed (pending -> sending, one UPDATE … RETURNING, see
`outbox.claim_delivery`) when its request is granted a send slot, at most LOOKAHEAD (0.1 s)
before it goes out, so a row is "sending" only while its request is about to go or in flight.
The claim stamps this sender's instance id and a lease, renewed while the request is in flight
(`renew_claims`); only this sender records the row's outcome. A crash leaves at most the rows
in flight behind, and once their lease runs out recovery marks them unknown (see
`outbox.recover_expired`), never a row a live sender is working on. Database work runs off the
event loop: reads in worker threads, writes in one outbox writer thread, each transaction
retried after a transient error (`db.engine.retry_transient`: a PostgreSQL restart, a
deadlock, SQLite busy).

Outcomes:
    200               sent; the chat's fact cursor and last-digest time advance.
    403               the chat blocked the bot: chat marked blocked, its subscriptions paused,
                      its pending deliveries skipped.
    429               the limiter already waited `retry_after` and retried; if it still fails the
                      row goes back to pending, due after `retry_after`.
    5xx, network      back to pending with exponential backoff, failed after MAX_ATTEMPTS.
    timeout           unknown: the message may have arrived, so it is not blindly resent. A pool or
                      connect timeout never reached Telegram and is retried like a network error.
    400               failed (a bad request will not improve by repeating it).
    400 migrated      the group became a supergroup: the chat moves to its new id (this row
                      too) and the row is sent again at once.
    empty digest      skipped: nothing new for that chat, so nothing is sent.

A digest whose key measure has history is followed by its chart (`briefing.digest.key_chart`),
a photo sent right after the digest is recorded sent, by the sender that sent it, and never
again: a failure or a crash in between loses the chart, never repeats it or the digest.
The chart is sent beside the fan-out (it waits its chat's one-second turn without holding a
worker), uploaded once per chart and sent by Telegram's file id to every other chat
(`handlers.charts.ChartPhotos`); a drain ends when its charts are sent. The charts are drawn
from the bot's fact index, reloaded when the store changed (`Briefing.refresh_if_changed`).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, NamedTuple, TypedDict, TypeVar, Unpack

import httpx
from telegram import InlineKeyboardMarkup, InputFile, Message
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import ExtBot

from bot.ratelimit import PacedRateLimiter, RateLimitArgs, retry_after_seconds
from briefing.charts import Chart
from briefing.chat_moves import follow_migration
from briefing.digest import Digest, FactCatalog, compose_digest, key_chart
from briefing.present.charts import chart_caption_html
from briefing.present.digests import digest_html, fits
from briefing.present.split import MAX_MESSAGE_CHARS
from briefing.schedule import from_db, to_db
from briefing.service import Briefing
from briefing.subscriptions import utc_now
from core.errors import CitybriefError
from core.language import DEFAULT_LANGUAGE, Language, stored_language
from db import outbox
from db import subscriptions as chats
from db.engine import Engine, Session, new_session, retry_transient
from db.leases import new_instance_id
from db.models import Delivery
from handlers.charts import ChartPhotos
from handlers.keyboards import digest_keyboard

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 2.0
BACKOFF_CAP_SECONDS = 300.0
DEFAULT_CONCURRENCY = 8
BATCH = 200
DEFAULT_LEASE = timedelta(seconds=30)
"""How long a claim holds unless renewed: how soon after a sender dies its rows are recovered."""


# One writer thread per process: SQLite takes one writer at a time, and writers queued here
# never sit in SQLite's busy handler (which sleeps in steps of up to 100 ms).
_WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox-writer")
T = TypeVar("T")


class _Details(TypedDict, total=False):
    """What an outcome records beside its status (`outbox.finish_delivery`)."""

    error: str | None
    message_id: int | None
    due_at: datetime | None


class AlreadyClaimed(CitybriefError):
    """Another sender claimed this delivery first."""


class Outcome(StrEnum):
    """What became of one delivery a drain took up."""

    SENT = "sent"
    SKIPPED = "skipped"
    RETRIED = "retried"
    FAILED = "failed"
    UNKNOWN = "unknown"
    BLOCKED = "blocked"
    RACED = "raced"  # another sender claimed the row first


class SendReport(Counter[Outcome]):
    """What one drain did: how many deliveries had each outcome."""


class Composed(NamedTuple):
    """A delivery's digest in its chat's language, and the chart that follows it (if any)."""

    digest: Digest
    lang: Language
    chart: Chart | None


def backoff(attempt: int) -> timedelta:
    """Wait before retry number `attempt` (1-based): 2 s, 4 s, 8 s … capped at 5 minutes."""
    return timedelta(seconds=min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempt - 1)))


def never_reached_telegram(exc: TimedOut) -> bool:
    """A timeout waiting for a pooled connection or to connect: the request was never sent."""
    return isinstance(exc.__cause__, httpx.PoolTimeout | httpx.ConnectTimeout)


class DigestSender:
    """Sends due outbox rows; one instance per bot, `drain` may be called repeatedly."""

    def __init__(
        self,
        *,
        engine: Engine,
        bot: ExtBot[Any],
        clock: Callable[[], datetime] = utc_now,
        concurrency: int = DEFAULT_CONCURRENCY,
        owner: str | None = None,
        lease: timedelta = DEFAULT_LEASE,
        briefing: Briefing | None = None,
    ) -> None:
        """Set up the sender: `owner` is the instance id stamped on the rows it claims (default:
        a new one), `lease` how long a claim holds unless `renew_claims` extends it; with a
        `briefing`, digests whose key measure has history are followed by its chart."""
        self._engine = engine
        self._bot = bot
        self._clock = clock
        self._concurrency = concurrency
        self._catalog = FactCatalog(engine)
        self._briefing = briefing
        self._photos = ChartPhotos()
        self._charts: set[asyncio.Task[None]] = set()  # charts on their way, after their digest
        self.claim = outbox.Claim(owner=owner or new_instance_id(), lease=lease)
        # Rows claimed and not finished yet: the writer thread adds and removes them, the
        # heartbeat thread renews their leases.
        self._in_flight: set[int] = set()
        self._in_flight_lock = threading.Lock()

    def renew_claims(self) -> int:
        """Extend the lease of the rows this sender has in flight (from a heartbeat thread)."""
        with self._in_flight_lock:
            ids = list(self._in_flight)
        if not ids:
            return 0

        def renew() -> int:
            with new_session(self._engine) as session:
                count = outbox.renew_claims(
                    session=session, claim=self.claim, delivery_ids=ids, now=to_db(self._clock())
                )
                session.commit()
            return count

        return retry_transient(renew, what="renewing the outbox claims")

    async def drain(self, *, keep_going: Callable[[], bool] = lambda: True) -> SendReport:
        """Send every delivery due now (retries that come due meanwhile included).

        Args:
            keep_going: checked before each row; when it turns False (the bot is stopping) the
                drain ends after the sends in flight, leaving the rest pending for next time.
        """
        report = SendReport()
        try:
            while keep_going():
                rows = await asyncio.to_thread(
                    retry_transient, self._due, what="reading the due deliveries"
                )
                if not rows:
                    break
                await self._drain(rows, report, keep_going)
        finally:
            if self._charts:  # a drain ends when the charts of its digests are sent
                await asyncio.gather(*self._charts, return_exceptions=True)
        return report

    async def _drain(
        self, rows: list[Delivery], report: SendReport, keep_going: Callable[[], bool]
    ) -> None:
        """Send one batch of due rows with up to `concurrency` workers."""
        if self._briefing is not None:  # charts are drawn from the store as it is now
            await asyncio.to_thread(
                retry_transient,
                self._briefing.refresh_if_changed,
                what="reloading the fact index for digest charts",
            )
        queue: asyncio.Queue[Delivery] = asyncio.Queue()
        for row in rows:
            queue.put_nowait(row)
        workers = min(self._concurrency, len(rows))
        await asyncio.gather(*(self._worker(queue, report, keep_going) for _ in range(workers)))

    def _due(self) -> list[Delivery]:
        with new_session(self._engine) as session:
            return outbox.due_deliveries(session=session, now=to_db(self._clock()), limit=BATCH)

    async def _worker(
        self, queue: asyncio.Queue[Delivery], report: SendReport, keep_going: Callable[[], bool]
    ) -> None:
        while not queue.empty() and keep_going():
            delivery = queue.get_nowait()
            try:
                report[await self.send(delivery)] += 1
            except Exception:
                # One bad row must not stop the fan-out; it stays visible in the outbox. If it
                # was claimed, its lease is no longer renewed, so recovery records it unknown.
                log.exception("delivery %s to chat %s failed", delivery.id, delivery.chat_id)
                self._forget(delivery.id or 0)
                report[Outcome.FAILED] += 1

    async def send(self, delivery: Delivery) -> Outcome:
        """Compose and send one delivery; returns what became of it.

        Database work runs off the event loop (reads in worker threads, writes in the one
        outbox writer thread, so SQLite writers never wait on each other's locks): the loop
        stays free to send and to notice replies promptly, which keeps the limiter's pace.
        """
        assert delivery.id is not None
        now = self._clock()
        composed = await asyncio.to_thread(
            retry_transient,
            functools.partial(self._compose, delivery),
            what=f"composing delivery {delivery.id}",
        )
        if composed is None:
            return await self._write(
                self._skip, delivery, now, "subscription paused or chat blocked"
            )
        digest, lang, chart = composed
        if digest.empty:
            return await self._write(self._skip, delivery, now, "nothing new for this chat")
        text = digest_html(digest, lang)
        assert len(text) <= MAX_MESSAGE_CHARS
        try:
            keyboard = digest_keyboard(delivery.subscription_id, lang, more=digest.more)
            message = await self._send(delivery.id, delivery.chat_id, text, keyboard)
        except AlreadyClaimed:
            return Outcome.RACED
        except RetryAfter as exc:
            wait = timedelta(seconds=retry_after_seconds(exc))
            return await self._write(
                self._retry, delivery, str(exc), due=self._clock() + wait, cap=False
            )
        except Forbidden as exc:
            return await self._write(self._block, delivery, str(exc))
        except ChatMigrated as exc:
            return await self._write(self._migrate, delivery, exc.new_chat_id)
        except TimedOut as exc:
            if never_reached_telegram(exc):
                return await self._write(self._retry, delivery, str(exc), due=None, cap=True)
            return await self._write(
                self._finish, delivery, outbox.UNKNOWN, Outcome.UNKNOWN, error=f"timed out: {exc}"
            )
        except BadRequest as exc:
            log.error("Telegram refused the digest for chat %s: %s", delivery.chat_id, exc)
            return await self._write(
                self._finish, delivery, outbox.FAILED, Outcome.FAILED, error=str(exc)
            )
        except NetworkError as exc:  # 5xx and connection errors
            return await self._write(self._retry, delivery, str(exc), due=None, cap=True)
        except TelegramError as exc:  # e.g. the group migrated, or the token was revoked
            log.error("digest for chat %s not sent: %s", delivery.chat_id, exc)
            return await self._write(
                self._finish, delivery, outbox.FAILED, Outcome.FAILED, error=str(exc)
            )
        await self._write(self._record_sent, delivery, digest, message.message_id)
        if chart is not None:
            task = asyncio.create_task(self._send_chart(delivery, chart, lang))
            self._charts.add(task)
            task.add_done_callback(self._charts.discard)
        return Outcome.SENT

    async def _send_chart(self, delivery: Delivery, chart: Chart, lang: Language) -> None:
        """Send the chart that follows a sent digest, once: a failure is logged, never retried
        (the digest it follows went out; a second try could repeat the chart)."""
        caption = chart_caption_html(chart, lang=lang)

        async def send(photo: bytes | str) -> Message:
            upload = InputFile(photo, filename="chart.png") if isinstance(photo, bytes) else photo
            if isinstance(self._bot.rate_limiter, PacedRateLimiter):
                return await self._bot.send_photo(
                    delivery.chat_id,
                    upload,
                    caption=caption,
                    parse_mode=ParseMode.HTML,
                    rate_limit_args=RateLimitArgs(bulk=True),
                )
            return await self._bot.send_photo(
                delivery.chat_id, upload, caption=caption, parse_mode=ParseMode.HTML
            )

        try:
            await self._photos.send(chart, lang, send)
        except TelegramError as exc:
            log.warning(
                "the chart after delivery %s to chat %s was not sent: %s",
                delivery.id,
                delivery.chat_id,
                exc,
            )
        except Exception:
            log.exception("the chart after delivery %s failed", delivery.id)

    async def _write(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a database write in the outbox writer thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(_WRITER, functools.partial(function, *args, **kwargs))

    def _compose(self, delivery: Delivery) -> Composed | None:
        """The digest for this row in the chat's language, with the chart of its key measure
        (with a `briefing`); None if paused or blocked."""
        with new_session(self._engine) as session:
            subscription = chats.get_subscription(
                session=session, subscription_id=delivery.subscription_id
            )
            chat = chats.get_chat(session=session, chat_id=delivery.chat_id)
            if subscription is None or not subscription.active or chat is None or chat.blocked:
                return None
            lang = stored_language(chat.language) or DEFAULT_LANGUAGE
            digest = compose_digest(
                session=session,
                facts=self._catalog.facts(session=session),
                chat_id=delivery.chat_id,
                topic=subscription.topic,
                cadence=subscription.cadence,
                when=from_db(delivery.slot),
                fits=fits(lang),
            )
        index = self._briefing.index if self._briefing is not None else None
        chart = key_chart(index, digest) if index is not None and not digest.empty else None
        return Composed(digest, lang, chart)

    def _record(
        self,
        delivery: Delivery,
        status: str,
        *,
        now: datetime,
        also: Callable[[Session], None] | None = None,
        **details: Unpack[_Details],
    ) -> None:
        """Record a claimed row's outcome; what `also` writes commits with it.

        A transient error retries the whole transaction; the finish is conditional on this
        sender still owning the row, so a retry after a lost commit answer changes nothing.
        """
        assert delivery.id is not None
        delivery_id = delivery.id

        def write() -> bool:
            with new_session(self._engine) as session:
                owned = outbox.finish_delivery(
                    session=session,
                    delivery_id=delivery_id,
                    owner=self.claim.owner,
                    status=status,
                    now=to_db(now),
                    **details,
                )
                if owned and also is not None:
                    also(session)
                session.commit()
            return owned

        try:
            owned = retry_transient(write, what=f"recording delivery {delivery_id}")
        finally:
            self._forget(delivery_id)
        if not owned:
            log.warning(
                "delivery %s (%s): not recorded, the claim's lease ran out and the row was "
                "recovered as unknown",
                delivery_id,
                status,
            )

    def _record_sent(self, delivery: Delivery, digest: Digest, message_id: int) -> None:
        """Mark the row sent and advance the chat's fact cursor, in one transaction."""
        sent_at = to_db(self._clock())

        def advance_cursor(session: Session) -> None:
            outbox.record_sent_facts(
                session=session, chat_id=delivery.chat_id, fact_ids=digest.fact_ids, now=sent_at
            )
            chats.mark_digest_sent(session=session, chat_id=delivery.chat_id, now=sent_at)

        self._record(
            delivery, outbox.SENT, now=sent_at, message_id=message_id, also=advance_cursor
        )

    async def _send(
        self, delivery_id: int, chat_id: int, text: str, keyboard: InlineKeyboardMarkup
    ) -> Message:
        """Send with the row claimed when the request gets its slot (or now, without ours)."""

        def claim_row() -> None:
            if not self._claim(delivery_id):
                raise AlreadyClaimed(f"delivery {delivery_id}")

        async def claim() -> None:
            await self._write(claim_row)

        if isinstance(self._bot.rate_limiter, PacedRateLimiter):
            return await self._bot.send_message(
                chat_id,
                text,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
                rate_limit_args=RateLimitArgs(bulk=True, on_slot=claim),
            )
        await claim()
        return await self._bot.send_message(
            chat_id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard
        )

    def _claim(self, delivery_id: int) -> bool:
        """Claim the row for this sender (retried after a transient error); False if taken.

        The row counts as in flight from just before the claim, so a heartbeat renews its lease
        from the moment it can be ours.
        """

        def claim() -> int | None:
            with new_session(self._engine) as session:
                attempt = outbox.claim_delivery(
                    session=session,
                    delivery_id=delivery_id,
                    claim=self.claim,
                    now=to_db(self._clock()),
                )
                session.commit()
            return attempt

        with self._in_flight_lock:
            self._in_flight.add(delivery_id)
        try:
            claimed = retry_transient(claim, what=f"claiming delivery {delivery_id}") is not None
        except BaseException:
            self._forget(delivery_id)
            raise
        if not claimed:
            self._forget(delivery_id)
        return claimed

    def _forget(self, delivery_id: int) -> None:
        """Stop renewing the row's lease: it is finished, or its fate is left to recovery."""
        with self._in_flight_lock:
            self._in_flight.discard(delivery_id)

    def _skip(self, delivery: Delivery, now: datetime, reason: str) -> Outcome:
        assert delivery.id is not None
        if not self._claim(delivery.id):
            return Outcome.RACED
        return self._finish(delivery, outbox.SKIPPED, Outcome.SKIPPED, error=reason)

    def _finish(
        self, delivery: Delivery, status: str, outcome: Outcome, *, error: str | None
    ) -> Outcome:
        self._record(delivery, status, now=self._clock(), error=error)
        if status == outbox.UNKNOWN:
            log.warning("delivery %s to chat %s: outcome unknown", delivery.id, delivery.chat_id)
        return outcome

    def _retry(
        self, delivery: Delivery, error: str, *, due: datetime | None, cap: bool
    ) -> Outcome:
        """Put a claimed row back to pending; after MAX_ATTEMPTS network failures, fail it."""
        assert delivery.id is not None
        attempt = delivery.attempts + 1  # the claim counted this attempt
        if cap and attempt >= MAX_ATTEMPTS:
            log.error("delivery %s failed after %d attempts: %s", delivery.id, attempt, error)
            return self._finish(delivery, outbox.FAILED, Outcome.FAILED, error=error)
        now = self._clock()
        due_at = to_db(due or now + backoff(attempt))
        self._record(delivery, outbox.PENDING, now=now, error=error, due_at=due_at)
        log.info(
            "delivery %s to chat %s will be retried: %s", delivery.id, delivery.chat_id, error
        )
        return Outcome.RETRIED

    def _migrate(self, delivery: Delivery, new_chat_id: int) -> Outcome:
        """The group became a supergroup: move the chat (this row too), send again now."""
        old_chat_id = delivery.chat_id
        follow_migration(engine=self._engine, old_chat_id=old_chat_id, new_chat_id=new_chat_id)
        error = f"chat {old_chat_id} migrated to {new_chat_id}"
        return self._retry(delivery, error, due=self._clock(), cap=True)

    def _block(self, delivery: Delivery, error: str) -> Outcome:
        now = to_db(self._clock())
        paused = 0

        def block(session: Session) -> None:
            nonlocal paused
            paused = chats.block_chat(
                session=session, chat_id=delivery.chat_id, reason=error, now=now
            )

        self._record(delivery, outbox.FAILED, now=now, error=error, also=block)
        log.info("chat %s blocked the bot; %d subscription(s) paused", delivery.chat_id, paused)
        return Outcome.BLOCKED
