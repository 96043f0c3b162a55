"""The bot's own HTTP server: Telegram's webhook, `/healthz`, `/readyz` and `/metrics`.

PTB's built-in webhook server reads a whole request body (up to 100 MB) before it looks at
the secret, and answers malformed JSON with 500. This one (aiohttp, as in PTB's "custom
webhook bot" example) checks in this order, and stops at the first failure:

    wrong or missing X-Telegram-Bot-Api-Secret-Token   403, the body is never read
    Content-Length over MAX_BODY_BYTES                  413, the body is never read
    body over MAX_BODY_BYTES while reading (chunked)    413, reading stops there
    not JSON, nested deeper than MAX_JSON_DEPTH, not
    an object with a 64-bit update_id, not an Update    400
    update_id already taken (this or another replica)   200, not handled again
    database unreachable while taking the update_id     503, Telegram re-sends it later
    otherwise                                           200, queued for the Application

A request with `Expect: 100-continue` gets its 403 or 413 before the client sends the body.

An update is taken (its id recorded in the database, `db.updates.claim_update`) before the 200
goes back: Telegram re-sends only updates it got no 200 for, so a re-send reaching another
replica finds the id taken. A replica that dies between taking an update and handling it loses
that update, as PTB's own webhook (200 first, handling after) would.

The same server runs in every role; a worker serves only the health and metrics paths.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from telegram import Update
from telegram.ext import Application

from bot.health import Readiness
from bot.metrics import OUTBOX_DELIVERIES, OUTBOX_OLDEST_PENDING_SECONDS, WEBHOOK_POSTS
from briefing.schedule import from_db, to_db
from briefing.subscriptions import utc_now
from core.errors import CitybriefError
from db import outbox
from db.engine import Engine, new_session
from db.health import DatabaseError
from db.updates import claim_update, forget_updates_before

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024
"""Telegram's updates are a few KB; a post above 1 MB is not one."""
MAX_JSON_DEPTH = 32
"""Real updates nest about ten levels (update, message, reply, markup rows, buttons…)."""
MAX_UPDATE_ID = 2**63
"""update_id is stored as a 64-bit integer."""
READ_CHUNK_BYTES = 64 * 1024
LINGER_SECONDS = 2.0
"""After an early 403 or 413, how long the server keeps discarding the rest of a body the
client is still sending (so the client can read the answer) before it closes the connection."""
HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
METRICS_PATH = "/metrics"

Clock = Callable[[], datetime]
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class ListenError(CitybriefError):
    """The HTTP server cannot listen where it was told to."""


class BadUpdate(ValueError):
    """The body is not a Telegram update."""


def json_depth(value: object) -> int:
    """How deeply `value` nests lists and objects (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_update_json(body: bytes) -> dict[str, Any]:
    """The update object in a webhook body; raises BadUpdate with the reason."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise BadUpdate(f"not JSON: {type(exc).__name__}") from None
    if json_depth(data) > MAX_JSON_DEPTH:
        raise BadUpdate(f"nested deeper than {MAX_JSON_DEPTH} levels")
    if not isinstance(data, dict):
        raise BadUpdate("not a JSON object")
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        raise BadUpdate("no integer update_id")
    if not 0 <= update_id < MAX_UPDATE_ID:
        raise BadUpdate("update_id out of range")
    return data


class UpdateIntake:
    """Take a valid update once across replicas and queue it for the Application."""

    def __init__(
        self,
        *,
        application: AnyApplication,
        engine: Engine,
        retention: timedelta,
        clock: Clock = utc_now,
    ) -> None:
        self.application = application
        self.engine = engine
        self.retention = retention
        self.clock = clock

    def to_update(self, data: dict[str, Any]) -> Update:
        """The PTB Update of a parsed body; raises BadUpdate if PTB cannot read it."""
        try:
            update = Update.de_json(data, self.application.bot)
        except (
            TypeError,
            ValueError,
            KeyError,
            AttributeError,
            ArithmeticError,  # a date beyond the platform's time_t
            OSError,
            RecursionError,
        ) as exc:
            raise BadUpdate(f"not a Telegram update: {type(exc).__name__}") from None
        if update is None:
            raise BadUpdate("not a Telegram update")
        return update

    def claim(self, update_id: int) -> bool:
        """Record `update_id` as taken by this replica; False if it was taken already."""
        with new_session(self.engine) as session:
            took = claim_update(session=session, update_id=update_id, now=to_db(self.clock()))
            session.commit()
        return took

    async def take(self, update: Update) -> bool:
        """Queue `update` unless it was taken before; True if queued."""
        if not await asyncio.to_thread(self.claim, update.update_id):
            return False
        await self.application.update_queue.put(update)
        return True

    def forget_old(self) -> int:
        """Delete records of updates taken before the retention window; returns how many."""
        with new_session(self.engine) as session:
            forgotten = forget_updates_before(
                session=session, before=to_db(self.clock() - self.retention)
            )
            session.commit()
        return forgotten


@dataclass(frozen=True)
class WebhookRoute:
    """Where Telegram posts, the secret it must echo, and what takes the updates."""

    path: str
    secret: str
    intake: UpdateIntake

    def secret_matches(self, request: web.BaseRequest) -> bool:
        """Whether the request carries the secret (compared in constant time)."""
        given = request.headers.get(SECRET_HEADER, "")
        # aiohttp keeps undecodable header bytes as surrogates: compare them as they came.
        return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), self.secret.encode())


class WebServer:
    """The aiohttp server of one process: webhook (web roles) plus health and metrics."""

    def __init__(
        self,
        *,
        readiness: Readiness,
        webhook: WebhookRoute | None = None,
        clock: Clock = utc_now,
    ) -> None:
        self.readiness = readiness
        self.webhook = webhook
        self.clock = clock
        self._runner: web.AppRunner | None = None

    def web_app(self) -> web.Application:
        """The aiohttp application with every route of this process."""
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.router.add_get(HEALTH_PATH, self.healthz)
        app.router.add_get(READY_PATH, self.readyz)
        app.router.add_get(METRICS_PATH, self.metrics)
        if self.webhook is not None:
            app.router.add_post(
                "/" + self.webhook.path.lstrip("/"),
                self.receive_update,
                expect_handler=self.expect_update,
            )
        return app

    async def start(self, host: str, port: int) -> int:
        """Listen on `host:port` (0: any free port); returns the bound port."""
        runner = web.AppRunner(
            self.web_app(), access_log=None, lingering_time=LINGER_SECONDS, shutdown_timeout=5.0
        )
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise ListenError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        self._runner = runner
        bound: int = runner.addresses[0][1]
        log.info("serving HTTP on %s:%d (webhook: %s)", host, bound, self._webhook_path())
        return bound

    async def stop(self) -> None:
        """Stop listening and close open connections."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _webhook_path(self) -> str:
        return "/" + self.webhook.path.lstrip("/") if self.webhook else "none"

    # ----------------------------------------------------------------- webhook

    async def expect_update(self, request: web.Request) -> web.StreamResponse | None:
        """`Expect: 100-continue`: refuse before the client sends the body."""
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        expect = request.headers.get("Expect", "")
        if expect.lower() != "100-continue":
            return web.Response(status=417, text=f"Unknown Expect: {expect}")
        if request.version >= (1, 1):  # as aiohttp's default expect handler does
            await request.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            request.writer.output_size = 0  # the 100 is not part of the response's size
        return None

    def _refusal(self, request: web.Request) -> web.Response | None:
        """The 403 or 413 a request gets from its headers alone, if any."""
        assert self.webhook is not None
        if not self.webhook.secret_matches(request):
            WEBHOOK_POSTS.labels("forbidden").inc()
            log.debug("webhook post without the right secret from %s", request.remote)
            return _closing(web.Response(status=403, text="Forbidden"))
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            WEBHOOK_POSTS.labels("too_large").inc()
            return _closing(web.Response(status=413, text="Request Entity Too Large"))
        return None

    async def receive_update(self, request: web.Request) -> web.Response:
        """Telegram's POST: check the secret and size, parse, take the update once, queue it."""
        assert self.webhook is not None
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        body = await _read_capped(request)
        if body is None:
            WEBHOOK_POSTS.labels("too_large").inc()
            return _closing(web.Response(status=413, text="Request Entity Too Large"))
        intake = self.webhook.intake
        try:
            update = intake.to_update(parse_update_json(body))
        except BadUpdate as exc:
            WEBHOOK_POSTS.labels("malformed").inc()
            log.warning("webhook post refused: %s", exc)
            return web.Response(status=400, text=f"Bad Request: {exc}")
        try:
            queued = await intake.take(update)
        except DatabaseError as exc:
            log.error("cannot record update %d: %s", update.update_id, exc)
            return web.Response(status=503, text="Service Unavailable")
        if not queued:
            WEBHOOK_POSTS.labels("duplicate").inc()
            log.info("update %d was taken before: not handled again", update.update_id)
            return web.Response(status=200)
        WEBHOOK_POSTS.labels("accepted").inc()
        return web.Response(status=200)

    # ----------------------------------------------------------------- health and metrics

    async def healthz(self, request: web.Request) -> web.Response:
        """Live: this process answers."""
        return web.json_response({"status": "ok"})

    async def readyz(self, request: web.Request) -> web.Response:
        """Ready: the database answers and (workers) the planner and sender ran recently."""
        problems = await self.readiness.problems()
        if problems:
            return web.json_response({"status": "unavailable", "problems": problems}, status=503)
        return web.json_response({"status": "ok"})

    async def metrics(self, request: web.Request) -> web.Response:
        """Prometheus text format, the outbox gauges refreshed from the database first."""
        try:
            await asyncio.to_thread(self._refresh_outbox_gauges)
        except DatabaseError as exc:
            log.warning("metrics: outbox gauges not refreshed: %s", exc)
        response = web.Response(body=generate_latest())
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    def _refresh_outbox_gauges(self) -> None:
        now = self.clock()
        with new_session(self.readiness.engine) as session:
            counts = outbox.delivery_counts(session=session)
            oldest = outbox.next_due_at(session=session)
        for status in outbox.STATUSES:
            OUTBOX_DELIVERIES.labels(status).set(counts.get(status, 0))
        waited = (now - from_db(oldest)).total_seconds() if oldest is not None else 0.0
        OUTBOX_OLDEST_PENDING_SECONDS.set(max(0.0, waited))


def _closing(response: web.Response) -> web.Response:
    """`response`, with the connection closed after it (the body was not read)."""
    response.force_close()
    return response


async def _read_capped(request: web.Request) -> bytes | None:
    """The request body, or None as soon as it passes MAX_BODY_BYTES."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await request.content.read(READ_CHUNK_BYTES):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
