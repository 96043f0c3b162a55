"""The PTB Application: built and wired in one place, and run in one of three roles.

* `all` (the single-instance default): answers updates, by long polling (or a webhook it sets
  itself with `--webhook`), and plans and sends digests.
* `web` (any number of replicas behind a load balancer): answers updates Telegram posts to
  the webhook (`bot.webhook`); never calls setWebhook or deleteWebhook (`citybrief webhook set`
  does, once) and needs the shared WEBHOOK_SECRET.
* `worker` (any number): plans and sends digests; takes no updates.

Every role can serve `/healthz`, `/readyz` and `/metrics` (`bot.webhook.WebServer`). Roles
`web` and `worker` share the token's send budget through the database (`bot.sharedbudget`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from telegram import Bot, BotCommand, LinkPreviewOptions, Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application, ApplicationBuilder, BaseHandler, Defaults

from bot.fairness import FairUpdateProcessor
from bot.health import Readiness
from bot.instrumentation import CountingRequest, MeasuredUpdateProcessor
from bot.metrics import INSTANCE
from bot.polling import run_polling
from bot.ratelimit import PacedRateLimiter
from bot.scheduling import PLANNER_JOB, SENDER_JOB, start_scheduling
from bot.sharedbudget import SharedBudget, token_window
from bot.webhook import UpdateIntake, WebhookRoute, WebServer
from briefing.present.commands import COMMANDS, Command, menu
from briefing.service import Briefing
from briefing.subscriptions import utc_now
from core.errors import CitybriefError, StoreError
from core.language import DEFAULT_LANGUAGE, Language
from core.settings import WEBHOOK_SECRET_PATTERN, Role, Settings
from db.engine import Engine
from db.storefile import store_problem
from handlers import (
    admin,
    browse,
    buttons,
    channels,
    charts,
    commands,
    errors,
    export,
    inline,
    language,
    migration,
    news,
    other_messages,
    questions,
    subscriptions,
)
from handlers.context import CONTEXT_TYPES, BotData, Context
from handlers.flood import ask_to_slow_down
from handlers.permissions import ChatAdmins

# Opt in to PTB 23's timedelta time periods; without it every RetryAfter emits a warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")

log = logging.getLogger(__name__)

Handler = BaseHandler[Update, Context, None]
BotApplication = Application[Any, Context, Any, Any, BotData, Any]
CONCURRENT_UPDATES = 16
INDEX_REFRESH_JOB = "index-refresh"
INDEX_REFRESH_SECONDS = 30.0
PRUNE_UPDATES_JOB = "processed-updates-prune"
PRUNE_UPDATES_SECONDS = 3600.0
WORKER_JOBS = (PLANNER_JOB, SENDER_JOB)
"""The jobs `/readyz` expects to have run recently in a process that runs the worker role."""


class WebhookConfigError(CitybriefError):
    """The webhook URL or listen address is malformed."""


class BotStartError(CitybriefError):
    """Telegram refused the token or could not be reached when the bot started."""


class WebhookIsSet(CitybriefError):
    """Polling was asked for while Telegram delivers this bot's updates to a webhook."""


def command_list(
    table: tuple[Command, ...] = COMMANDS, lang: Language = DEFAULT_LANGUAGE
) -> tuple[tuple[str, str], ...]:
    """The (command, description) pairs of Telegram's command menu (setMyCommands) in `lang`."""
    return tuple((command.name, command.describe(lang)) for command in menu(table))


def handler_list() -> list[Handler]:
    """Every handler in the order PTB tries them; the first match in the list wins."""
    return [
        # A group's migration first: a service message no other handler should take.
        *migration.HANDLERS,
        # Admin uploads first: a .txt from an admin is ingested, not met with "can't read files".
        *admin.HANDLERS,
        *commands.HANDLERS,
        # Listings, charts, news and export: commands, and buttons matched by their callback
        # data's pattern, before the catch-all button handler.
        *browse.HANDLERS,
        *charts.HANDLERS,
        *news.HANDLERS,
        *export.HANDLERS,
        # Subscription and language commands/buttons before the catch-alls for unknown commands
        # and buttons.
        *subscriptions.HANDLERS,
        *language.HANDLERS,
        *buttons.HANDLERS,
        *inline.HANDLERS,
        *questions.HANDLERS,
        # Last: anything not handled above (unknown commands, media, edits) in private chats.
        *other_messages.HANDLERS,
    ]


async def _post_init(application: BotApplication) -> None:
    """Start everything of the `all` role: answering (menus, index refresh) and digests."""
    await start_answering(application)
    try:
        await start_scheduling(application)
    except StoreError as exc:  # a read-only or vanished store: answer questions all the same
        log.error("digests are off until the store can be written: %s", exc)


async def start_answering(application: BotApplication) -> None:
    """Register the command menus with Telegram and follow the store (roles `all` and `web`).

    The default menu is English; users whose Telegram is in another language the bot speaks
    get that language's menu (Telegram picks it by the user's language code).
    """
    table = application.bot_data.commands
    for lang in Language:
        shown = [BotCommand(name, text) for name, text in command_list(table, lang)]
        code = None if lang is DEFAULT_LANGUAGE else lang.value
        await application.bot.set_my_commands(shown, language_code=code)
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            _refresh_index, interval=INDEX_REFRESH_SECONDS, name=INDEX_REFRESH_JOB
        )


async def _refresh_index(context: Context) -> None:
    """Job: pick up documents another process ingested (`citybrief ingest` while running)."""
    briefing = context.bot_data.briefing
    if store_problem(context.bot_data.engine) is not None:
        return  # logged by db.storefile; the index in memory keeps answering
    if await asyncio.to_thread(briefing.refresh_if_changed):
        log.info("fact index reloaded: %d facts", len(briefing.index))


def build_application(
    settings: Settings,
    *,
    engine: Engine,
    briefing: Briefing | None = None,
    rate_limit: bool = True,
    concurrent_updates: int = CONCURRENT_UPDATES,
    polling: bool = True,
    shared_budget: SharedBudget | None = None,
) -> BotApplication:
    """Build the bot: token and API URLs from `settings`, handlers, error handler, bot_data.

    Args:
        settings: runtime settings; the token must be set.
        engine: the database engine handlers and jobs open short sessions on.
        briefing: the answering facade; built from `engine` when not given.
        rate_limit: pace sends to Telegram's limits (the limiter digests share).
        concurrent_updates: how many updates are processed at once.
        polling: give it an Updater for long polling; False when updates come by webhook
            (`bot.webhook` feeds `update_queue`) or not at all (workers).
        shared_budget: the token's send window shared with the other processes that send
            (roles `web` and `worker`); None when this process is the token's only sender.
    """
    if settings.telegram_bot_token is None:
        raise CitybriefError("TELEGRAM_BOT_TOKEN is not set")
    base = settings.telegram_api_base_url.rstrip("/")
    builder: ApplicationBuilder[Any, Context, Any, Any, BotData, Any] = (
        ApplicationBuilder()
        .context_types(CONTEXT_TYPES)
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(base)
        .base_file_url(_file_url(base))
        .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .request(CountingRequest())
        # Budgets per user and chat, one update at a time per chat (bot/fairness.py), measured.
        .concurrent_updates(
            MeasuredUpdateProcessor(
                FairUpdateProcessor(slots=concurrent_updates, notify=ask_to_slow_down)
            )
        )
        .post_init(_post_init)
    )
    if rate_limit:
        builder = builder.rate_limiter(PacedRateLimiter(shared=shared_budget))
    if not polling:
        builder = builder.updater(None)
    application = builder.build()
    services = application.bot_data
    services.briefing = briefing if briefing is not None else Briefing(engine)
    services.engine = engine
    services.settings = settings
    services.commands = COMMANDS
    services.chat_admins = ChatAdmins()
    services.clock = utc_now
    application.add_handlers(handler_list())
    # Tried before every handler above: a channel reader's button press stops there.
    application.add_handlers(channels.GATE, group=-1)
    application.add_error_handler(errors.on_error)
    return application


def _file_url(api_base: str) -> str:
    """The file download base matching an API base (".../bot" -> ".../file/bot")."""
    scheme, netloc, path, _, _ = urlsplit(api_base)
    prefix = path.removesuffix("/bot") if path.endswith("/bot") else path
    return f"{scheme}://{netloc}{prefix}/file/bot"


@dataclass(frozen=True)
class WebhookOptions:
    """Where Telegram posts updates and where this process listens for them."""

    url: str
    listen: str = "0.0.0.0"
    port: int = 8443
    secret_token: str | None = None

    @property
    def url_path(self) -> str:
        """The path part of the public URL, which the local server must serve."""
        return urlsplit(self.url).path.lstrip("/")


@dataclass(frozen=True)
class ListenAddress:
    """Where this process's HTTP server (health, metrics, webhook) listens."""

    host: str
    port: int


def parse_listen(listen: str) -> ListenAddress:
    """Validate `--listen HOST:PORT`; raises WebhookConfigError."""
    host, sep, port = listen.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise WebhookConfigError(f"--listen must be HOST:PORT, got {listen!r}")
    return ListenAddress(host or "0.0.0.0", int(port))


def parse_webhook(url: str, listen: str, secret_token: str | None) -> WebhookOptions:
    """Validate `--webhook URL --listen HOST:PORT`; raises WebhookConfigError."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise WebhookConfigError(f"--webhook must be an https:// URL, got {url!r}")
    if secret_token is not None and not WEBHOOK_SECRET_PATTERN.match(secret_token):
        raise WebhookConfigError("the webhook secret must be 1-256 characters of A-Z a-z 0-9 _ -")
    address = parse_listen(listen)
    return WebhookOptions(url, address.host, address.port, secret_token)


def seed_empty_store(engine: Engine, seeds_dir: str) -> int:
    """Ingest SEEDS_DIR into a store that holds no documents yet; returns files ingested."""
    from briefing.ingest import ingest_paths
    from briefing.store import document_count

    seeds = sorted(Path(seeds_dir).glob("*.txt"))
    if document_count(engine=engine) or not seeds:
        return 0
    log.info("empty store: ingesting %d seed documents from %s", len(seeds), seeds_dir)
    ingest_paths(seeds, engine=engine)
    return len(seeds)


def run_bot(
    settings: Settings,
    *,
    role: Role = Role.ALL,
    webhook: WebhookOptions | None = None,
    listen: ListenAddress | None = None,
    drop_webhook: bool = False,
) -> None:
    """Run one role until interrupted (SIGINT or SIGTERM).

    Args:
        settings: runtime settings; the token must be set.
        role: what this process does (see the module docstring).
        webhook: role `web`: the public URL (its path is served) and the shared secret; role
            `all`: serve a webhook and set it with Telegram instead of polling.
        listen: role `worker`, or `all` by polling: serve health and metrics here.
        drop_webhook: role `all` by polling: delete a webhook that is set instead of refusing.
    """
    from db.engine import create_db_engine  # the CLI's other commands do not need the engine

    INSTANCE.info({"instance_id": settings.instance_id, "role": role.value})
    # Brings the schema to the newest revision first, under the migration lock (db/migrate.py).
    engine = create_db_engine(settings.database_url, options=settings.database_options())
    try:
        if role is not Role.WORKER:
            seed_empty_store(engine, settings.seeds_dir)
        if role is Role.WEB:
            if webhook is None:
                raise WebhookConfigError("--role web needs the webhook URL whose path it serves")
            run_web_replica(settings, engine=engine, webhook=webhook)
        elif role is Role.WORKER:
            run_worker(settings, engine=engine, listen=listen)
        elif webhook is not None:
            run_single_by_webhook(settings, engine=engine, webhook=webhook)
        else:
            run_single_by_polling(
                settings, engine=engine, listen=listen, drop_webhook=drop_webhook
            )
    # PTB's InvalidToken message quotes the token: never let it reach a traceback.
    except InvalidToken:
        raise BotStartError(
            "Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized); check it with @BotFather"
        ) from None
    except NetworkError as exc:
        raise BotStartError(
            f"the Bot API at {settings.telegram_api_base_url} failed at start: {exc.message}"
        ) from None
    finally:
        engine.dispose()


def run_single_by_polling(
    settings: Settings, *, engine: Engine, listen: ListenAddress | None, drop_webhook: bool
) -> None:
    """Role `all`, long polling: refuses to start while a webhook is set, unless told to drop it.

    Polling would silently end webhook mode (getUpdates needs deleteWebhook), so a webhook
    left set by `citybrief webhook set` stops this start with a message instead.
    """
    application = build_application(settings, engine=engine)
    server = WebServer(readiness=Readiness(engine, jobs=WORKER_JOBS)) if listen else None

    async def start(app: BotApplication) -> None:
        await ensure_no_webhook(app.bot, drop=drop_webhook)
        await _post_init(app)
        if server is not None and listen is not None:
            await server.start(listen.host, listen.port)

    async def stop(_app: BotApplication) -> None:
        if server is not None:
            await server.stop()

    application.post_init = start
    application.post_stop = stop
    log.info("starting long polling against %s", settings.telegram_api_base_url)
    run_polling(application)  # ends with BotFatalError on a revoked token or a webhook


async def ensure_no_webhook(bot: Bot, *, drop: bool) -> None:
    """Raise WebhookIsSet if Telegram has a webhook for this bot, or delete it when `drop`."""
    url = (await bot.get_webhook_info()).url
    if not url:
        return
    if not drop:
        raise WebhookIsSet(
            f"a webhook is set ({url}): Telegram delivers this bot's updates there, and polling "
            "would switch that off. Run `citybrief webhook delete` first, or start with "
            "--drop-webhook to switch this bot to polling"
        )
    log.warning("deleting the webhook %s: this bot switches to long polling", url)
    await bot.delete_webhook()


def run_web_replica(settings: Settings, *, engine: Engine, webhook: WebhookOptions) -> None:
    """Role `web`: answer the updates Telegram posts to the webhook; one of many replicas.

    The webhook itself is set once with `citybrief webhook set`: a replica never calls
    setWebhook or deleteWebhook, so replicas starting and stopping leave Telegram alone.
    """
    if not webhook.secret_token:
        raise WebhookConfigError(
            "--role web needs WEBHOOK_SECRET: every replica must check the secret "
            "`citybrief webhook set` gave Telegram"
        )
    application = build_application(
        settings, engine=engine, polling=False, shared_budget=_shared_budget(settings, engine)
    )
    intake = _intake(settings, application, engine)
    route = WebhookRoute(webhook.url_path, webhook.secret_token, intake)
    server = WebServer(readiness=Readiness(engine), webhook=route)

    async def start(app: BotApplication) -> None:
        await start_answering(app)
        schedule_update_pruning(app, intake)

    log.info("web replica %s serving the webhook path /%s", settings.instance_id, route.path)
    asyncio.run(serve(application, start=start, server=server, listen=_address(webhook)))


def run_worker(settings: Settings, *, engine: Engine, listen: ListenAddress | None) -> None:
    """Role `worker`: plan digests and, while this process is the elected active sender, send
    them (`bot.scheduling`, `db.leases`); it takes no updates.

    Any number of workers may run against one database: one sends, the others stand by and take
    over when it dies; a clean stop gives the role up at once. With `listen`, it serves
    `/healthz`, `/readyz` (a standby is ready too: its jobs run) and `/metrics`.
    """
    application = build_application(
        settings, engine=engine, polling=False, shared_budget=_shared_budget(settings, engine)
    )
    server = WebServer(readiness=Readiness(engine, jobs=WORKER_JOBS)) if listen else None

    async def start(app: BotApplication) -> None:
        await start_scheduling(app)

    log.info("worker %s planning digests, sending while elected", settings.instance_id)
    asyncio.run(serve(application, start=start, server=server, listen=listen))


def run_single_by_webhook(settings: Settings, *, engine: Engine, webhook: WebhookOptions) -> None:
    """Role `all` by webhook: one process serves the webhook, sets it itself, sends digests.

    Without a configured secret it makes a random one for this run: fine for one instance,
    which is why several instances run as `--role web` replicas instead.
    """
    secret = webhook.secret_token or secrets.token_urlsafe(32)
    if not webhook.secret_token:
        log.info("no webhook secret configured; generated a random one for this run")
    application = build_application(settings, engine=engine, polling=False)
    intake = _intake(settings, application, engine)
    route = WebhookRoute(webhook.url_path, secret, intake)
    server = WebServer(readiness=Readiness(engine, jobs=WORKER_JOBS), webhook=route)

    async def start(app: BotApplication) -> None:
        await _post_init(app)
        schedule_update_pruning(app, intake)

    async def listening(app: BotApplication) -> None:
        await app.bot.set_webhook(
            webhook.url, secret_token=secret, allowed_updates=Update.ALL_TYPES
        )
        log.info("webhook set to %s", webhook.url)

    asyncio.run(
        serve(
            application,
            start=start,
            server=server,
            listen=_address(webhook),
            listening=listening,
        )
    )


def _shared_budget(settings: Settings, engine: Engine) -> SharedBudget:
    """Roles `web` and `worker`: the token's limits kept across every process that sends."""
    return SharedBudget(token_window(engine, holder=settings.instance_id))


def _intake(settings: Settings, application: BotApplication, engine: Engine) -> UpdateIntake:
    retention = timedelta(hours=settings.processed_update_retention_hours)
    return UpdateIntake(application=application, engine=engine, retention=retention)


def _address(webhook: WebhookOptions) -> ListenAddress:
    return ListenAddress(webhook.listen, webhook.port)


def schedule_update_pruning(application: BotApplication, intake: UpdateIntake) -> None:
    """Forget processed update ids older than the retention window, every hour."""

    async def prune(_context: Context) -> None:
        forgotten = await asyncio.to_thread(intake.forget_old)
        if forgotten:
            log.info("forgot %d processed update id(s) past the retention window", forgotten)

    if application.job_queue is not None:
        application.job_queue.run_repeating(
            prune, interval=PRUNE_UPDATES_SECONDS, first=0.0, name=PRUNE_UPDATES_JOB
        )


Hook = Callable[[BotApplication], Awaitable[None]]


async def serve(
    application: BotApplication,
    *,
    start: Hook,
    server: WebServer | None,
    listen: ListenAddress | None,
    listening: Hook | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Run `application` without an Updater until `stop` is set (by default: SIGINT/SIGTERM).

    Order: initialize (getMe), `start`, the Application (handlers, job queue), the HTTP server,
    `listening`; on the way out the server stops taking requests before the Application
    finishes the updates it queued, then `post_stop` runs (as `run_polling` would run it:
    `bot.scheduling` gives the digest sender role up there).
    """
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    async with application:  # initialize ... shutdown
        await start(application)
        await application.start()
        try:
            if server is not None and listen is not None:
                await server.start(listen.host, listen.port)
            if listening is not None:
                await listening(application)
            await stop.wait()
            log.info("stopping")
        finally:
            if server is not None:
                await server.stop()
            await application.stop()
            if application.post_stop is not None:  # e.g. gives the digest sender role up
                await application.post_stop(application)
