"""Long polling that ends the process on errors no retry can cure, and rides out the rest.

PTB's own polling loop stops for good on a 401 and keeps the process alive and silent (a
zombie no supervisor restarts), and retries a conflicting webhook forever. This loop sorts
every `getUpdates` failure into one of two outcomes:

| failure                                       | outcome                                     |
|-----------------------------------------------|---------------------------------------------|
| 401 Unauthorized, 404 Not Found (InvalidToken)| fatal: the token is wrong or revoked        |
| 409 Conflict: a webhook is active             | fatal: someone set a webhook for this bot   |
| 409 Conflict: another getUpdates, repeatedly  | fatal after CONFLICTS_BEFORE_FATAL in a row |
| 429 RetryAfter                                | wait as asked, poll again                   |
| 5xx, timeouts, connection errors              | back off (1 s doubling to 30 s), poll again |

A fatal failure raises `BotFatalError`, which the CLI prints as one line and turns into a
non-zero exit code, so a supervisor (systemd, Docker) restarts the bot or alerts someone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.ratelimit import retry_after_seconds
from core.errors import CitybriefError

log = logging.getLogger(__name__)

POLL_TIMEOUT = 10.0
"""Seconds Telegram holds a getUpdates call open when there is nothing to deliver."""
FIRST_BACKOFF = 1.0
MAX_BACKOFF = 30.0
CONFLICTS_BEFORE_FATAL = 5
"""Consecutive "terminated by other getUpdates request" conflicts taken as a second bot
polling with this token (one or two happen while a restarted bot's old poll runs out)."""

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Sleep = Callable[[float], Awaitable[None]]


class BotFatalError(CitybriefError):
    """Telegram refuses this bot in a way no retry can fix; the process must end."""


def fatal_reason(exc: TelegramError) -> str | None:
    """Why `exc` (from getUpdates) ends the bot, or None when polling should go on."""
    if isinstance(exc, InvalidToken):
        return (
            "Telegram rejected TELEGRAM_BOT_TOKEN (401/404): it is wrong or was revoked; "
            "check it with @BotFather"
        )
    if isinstance(exc, Conflict) and "webhook" in exc.message.lower():
        return (
            "a webhook was set for this bot while it polled (another instance runs with "
            "--webhook, or `citybrief webhook set` ran); run `citybrief webhook delete` to poll"
        )
    return None


class Poller:
    """Fetches updates into an Application's update queue until stopped or refused."""

    def __init__(
        self,
        application: AnyApplication,
        *,
        timeout: float = POLL_TIMEOUT,
        sleep: Sleep = asyncio.sleep,
        allowed_updates: list[str] | None = None,
    ) -> None:
        self._application = application
        self._timeout = timeout
        self._sleep = sleep
        self._allowed = allowed_updates if allowed_updates is not None else Update.ALL_TYPES
        self._offset: int | None = None
        self._backoff = FIRST_BACKOFF
        self._conflicts = 0
        self.failures = 0  # transient failures ridden out, for logs and tests

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set; then confirm what was fetched.

        Raises:
            BotFatalError: Telegram refused the token or a webhook is set.
        """
        while not stop.is_set():
            updates = await self._fetch(stop)
            for update in updates:
                await self._application.update_queue.put(update)
            if updates:
                self._offset = updates[-1].update_id + 1
        await self._confirm()

    async def _fetch(self, stop: asyncio.Event) -> tuple[Update, ...]:
        poll = asyncio.ensure_future(
            self._application.bot.get_updates(
                offset=self._offset, timeout=self._timeout, allowed_updates=self._allowed
            )
        )
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait((poll, stopped), return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
        if not poll.done():
            poll.cancel()
            with contextlib.suppress(asyncio.CancelledError, TelegramError):
                await poll
            return ()
        try:
            updates = poll.result()
        except TelegramError as exc:
            await self._after_failure(exc)
            return ()
        self._backoff = FIRST_BACKOFF
        self._conflicts = 0
        return tuple(updates)

    async def _after_failure(self, exc: TelegramError) -> None:
        reason = fatal_reason(exc)
        if reason is None and isinstance(exc, Conflict):
            self._conflicts += 1
            if self._conflicts >= CONFLICTS_BEFORE_FATAL:
                reason = f"another process is polling with this token ({exc.message})"
        if reason is not None:
            log.critical("stopping: %s", reason)
            raise BotFatalError(reason) from None
        self.failures += 1
        if isinstance(exc, RetryAfter):
            wait = retry_after_seconds(exc)
        elif isinstance(exc, NetworkError | Conflict):
            wait, self._backoff = self._backoff, min(MAX_BACKOFF, self._backoff * 2)
        else:
            raise exc
        log.warning("getUpdates failed (%s); polling again in %.1f s", exc.message, wait)
        await self._sleep(wait)

    async def _confirm(self) -> None:
        """Tell Telegram the last fetched updates were received, so a restart skips them."""
        if self._offset is None:
            return
        try:
            await self._application.bot.get_updates(offset=self._offset, timeout=0)
        except TelegramError as exc:
            log.warning("could not confirm the last updates: %s", exc.message)


async def serve_polling(
    application: AnyApplication, stop: asyncio.Event, *, poll_seconds: float = POLL_TIMEOUT
) -> None:
    """Initialize `application`, run its post_init, poll until `stop`, then shut it down.

    Raises:
        BotFatalError: Telegram refused the token or a webhook is set (also at start).
    """
    try:
        await application.initialize()
    except InvalidToken as exc:
        raise BotFatalError(fatal_reason(exc) or str(exc)) from None
    try:
        # post_init refuses a webhook set before the start (bot.app.ensure_no_webhook); one
        # set while this bot polls is another instance's, and is fatal (see the table).
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        await Poller(application, timeout=poll_seconds).run(stop)
    finally:
        if application.running:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)


def run_polling(application: AnyApplication) -> None:
    """Serve `application` by long polling until SIGINT/SIGTERM; raises BotFatalError."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await serve_polling(application, stop)

    asyncio.run(main())
