"""build_application wiring, the run options, and the file URL the admin upload downloads from."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler

from bot.app import (
    INDEX_REFRESH_JOB,
    WebhookConfigError,
    _file_url,
    build_application,
    command_list,
    handler_list,
    parse_webhook,
    seed_empty_store,
)
from bot.ratelimit import PacedRateLimiter
from briefing.ingest import ingest_text
from briefing.present.commands import COMMANDS
from briefing.service import Briefing
from core.language import Language
from handlers import admin, other_messages
from handlers.context import BotData
from tests.bot.harness import bot_application, running, test_settings
from tests.botapi.server import BotApiServer


def test_the_application_holds_its_briefing_engine_and_limiter(
    botapi: BotApiServer, engine: Engine, tmp_path: Path
) -> None:
    settings = test_settings(botapi, tmp_path / "test.db")
    briefing = Briefing(engine)
    application = build_application(settings, engine=engine, briefing=briefing)
    assert isinstance(application.bot_data, BotData)
    assert application.bot_data.briefing is briefing
    assert application.bot_data.engine is engine
    assert application.bot_data.settings is settings
    assert application.bot_data.commands == COMMANDS
    assert isinstance(application.bot.rate_limiter, PacedRateLimiter)
    assert application.bot.base_url == f"{botapi.base_url}{botapi.token}"
    assert application.bot.base_file_url == f"{botapi.base_file_url}{botapi.token}"
    assert len(application.error_handlers) == 1
    unlimited = build_application(settings, engine=engine, briefing=briefing, rate_limit=False)
    assert unlimited.bot.rate_limiter is None


def test_handlers_come_in_one_order_with_catch_alls_last() -> None:
    handlers = handler_list()
    assert handlers[-len(other_messages.HANDLERS) :] == other_messages.HANDLERS
    commands = {c for h in handlers if isinstance(h, CommandHandler) for c in h.commands}
    assert {"start", "help", "ask", "metric", "initiative", "sources", "topics"} <= commands
    assert {"subscribe", "timezone", "language"} <= commands
    # a button with somebody else's pattern must be tried before the catch-all for stale ones
    buttons = [h for h in handlers if isinstance(h, CallbackQueryHandler)]
    assert buttons[-1].pattern is None and all(b.pattern is not None for b in buttons[:-1])
    # the admin upload handler precedes the generic "I can't read files" reply
    assert handlers.index(admin.HANDLERS[0]) < handlers.index(other_messages.HANDLERS[1])
    assert isinstance(other_messages.HANDLERS[1], MessageHandler)


def test_every_registered_command_has_a_handler() -> None:
    names = [name for name, _ in command_list()]
    handled = {c for h in handler_list() if isinstance(h, CommandHandler) for c in h.commands}
    assert len(names) == len(set(names)) and set(names) <= handled


async def test_post_init_registers_the_commands_with_telegram(
    botapi: BotApiServer, engine: Engine, tmp_path: Path
) -> None:
    application = bot_application(botapi, engine, tmp_path / "test.db")
    async with running(application):
        assert [(c["command"], c["description"]) for c in botapi.commands] == list(command_list())
        chinese = botapi.commands_by_language["zh"]
        assert [(c["command"], c["description"]) for c in chinese] == list(
            command_list(lang=Language.ZH)
        )
        assert chinese[0]["description"] == "我知道什么，附示例问题"
        assert application.bot.username == botapi.bot_username


class ThreadRecordingBriefing(Briefing):
    """A real `Briefing` that notes which thread each reload runs on."""

    reload_threads: list[int]

    def refresh(self) -> None:
        self.reload_threads.append(threading.get_ident())
        super().refresh()


async def test_the_index_refresh_job_rebuilds_off_the_event_loop(
    botapi: BotApiServer, engine: Engine, tmp_path: Path
) -> None:
    """A reload takes seconds on a large store: the job builds it in a worker thread, so the
    event loop keeps handling updates, and swaps it in when it is built."""
    briefing = ThreadRecordingBriefing(engine)
    briefing.reload_threads = []
    question = "Harbourtown cloud computing revenue"
    assert not briefing.answer(question).matched
    ingest_text(
        "Harbourtown's Cloud Sector Grows\n\nHarbour Daily, March 3, 2023\n\n"
        "In 2022, the cloud computing revenue of Harbourtown was 4.2 billion yuan, "
        "up 18.5% year on year.\n",
        engine=engine,
        slug="harbour-cloud",
    )
    application = build_application(
        test_settings(botapi, tmp_path / "test.db"), engine=engine, briefing=briefing
    )
    async with running(application):
        assert application.job_queue is not None
        (job,) = application.job_queue.get_jobs_by_name(INDEX_REFRESH_JOB)
        await job.run(application)
    assert len(briefing.reload_threads) == 1
    assert briefing.reload_threads[0] != threading.get_ident()  # not the event loop's thread
    assert briefing.answer(question).matched


@pytest.mark.parametrize(
    ("base", "files"),
    [
        ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot"),
        ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot"),
        ("http://proxy.local/tg/bot", "http://proxy.local/tg/file/bot"),
    ],
)
def test_the_file_url_follows_the_api_url(base: str, files: str) -> None:
    assert _file_url(base) == files


def test_webhook_options_are_validated() -> None:
    options = parse_webhook("https://bot.example/tg/hook", "0.0.0.0:8443", "s")
    assert (options.listen, options.port, options.url_path) == ("0.0.0.0", 8443, "tg/hook")
    for url, listen in (("ftp://x/y", "0.0.0.0:1"), ("https://x/y", "8443"), ("https://x", "h:0")):
        with pytest.raises(WebhookConfigError):
            parse_webhook(url, listen, None)


def test_an_empty_store_is_seeded_once(engine: Engine, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "news.txt").write_text(
        "Tallinn city news\n\nIn 2021 Tallinn had 120 smart traffic lights, up 20% year on year.\n"
    )
    assert seed_empty_store(engine, str(seeds)) == 1
    assert seed_empty_store(engine, str(seeds)) == 0  # the store is no longer empty
    assert seed_empty_store(engine, str(tmp_path / "missing")) == 0
