"""The PTB Application: built and wired in one place, and run by polling or webhook."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application, ApplicationBuilder, BaseHandler, Defaults

from bot.fairness import FairUpdateProcessor
from bot.polling import run_polling
from bot.ratelimit import PacedRateLimiter
from bot.scheduling import start_scheduling
from briefing.present.commands import COMMANDS, Command, menu
from briefing.service import Briefing
from core.errors import CitybriefError, StoreError
from core.language import DEFAULT_LANGUAGE, Language
from core.settings import Settings
from db.engine import Engine
from db.storefile import store_problem
from handlers import (
    admin,
    buttons,
    commands,
    errors,
    inline,
    language,
    migration,
    other_messages,
    questions,
    subscriptions,
)
from handlers.context import CONTEXT_TYPES, BotData, Context
from handlers.flood import ask_to_slow_down

# Opt in to PTB 23's timedelta time periods; without it every RetryAfter emits a warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")

log = logging.getLogger(__name__)

Handler = BaseHandler[Update, Context, None]
BotApplication = Application[Any, Context, Any, Any, BotData, Any]
CONCURRENT_UPDATES = 16
INDEX_REFRESH_JOB = "index-refresh"
INDEX_REFRESH_SECONDS = 30.0


class WebhookConfigError(CitybriefError):
    """The webhook URL or listen address is malformed."""


class BotStartError(CitybriefError):
    """Telegram refused the token or could not be reached when the bot started."""


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
    """Register the command menus with Telegram, follow the store, start the digest scheduler.

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
    try:
        await start_scheduling(application)
    except StoreError as exc:  # a read-only or vanished store: answer questions all the same
        log.error("digests are off until the store can be written: %s", exc)


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
) -> BotApplication:
    """Build the bot: token and API URLs from `settings`, handlers, error handler, bot_data.

    Args:
        settings: runtime settings; the token must be set.
        engine: the database engine handlers and jobs open short sessions on.
        briefing: the answering facade; built from `engine` when not given.
        rate_limit: pace sends to Telegram's limits (the limiter digests share).
        concurrent_updates: how many updates are processed at once.
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
        # Budgets per user and chat, one update at a time per chat (bot/fairness.py).
        .concurrent_updates(FairUpdateProcessor(slots=concurrent_updates, notify=ask_to_slow_down))
        .post_init(_post_init)
    )
    if rate_limit:
        builder = builder.rate_limiter(PacedRateLimiter())
    application = builder.build()
    services = application.bot_data
    services.briefing = briefing if briefing is not None else Briefing(engine)
    services.engine = engine
    services.settings = settings
    services.commands = COMMANDS
    application.add_handlers(handler_list())
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


def parse_webhook(url: str, listen: str, secret_token: str | None) -> WebhookOptions:
    """Validate `--webhook URL --listen HOST:PORT`; raises WebhookConfigError."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise WebhookConfigError(f"--webhook must be an https:// URL, got {url!r}")
    host, sep, port = listen.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise WebhookConfigError(f"--listen must be HOST:PORT, got {listen!r}")
    return WebhookOptions(url, host or "0.0.0.0", int(port), secret_token)


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


def run_bot(settings: Settings, *, webhook: WebhookOptions | None = None) -> None:
    """Run the bot until interrupted: long polling, or a webhook server when given."""
    from db.engine import create_db_engine  # the CLI's other commands do not need the engine

    # Brings the schema to the newest revision first, under the migration lock (db/migrate.py).
    engine = create_db_engine(settings.database_url)
    seed_empty_store(engine, settings.seeds_dir)
    application = build_application(settings, engine=engine)
    try:
        if webhook is None:
            log.info("starting long polling against %s", settings.telegram_api_base_url)
            run_polling(application)  # ends with BotFatalError on a revoked token or a webhook
            return
        secret = webhook.secret_token or secrets.token_urlsafe(32)
        if not webhook.secret_token:
            log.info("no webhook secret configured; generated a random one for this run")
        log.info("starting webhook on %s:%s/%s", webhook.listen, webhook.port, webhook.url_path)
        application.run_webhook(
            listen=webhook.listen,
            port=webhook.port,
            url_path=webhook.url_path,
            webhook_url=webhook.url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
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
