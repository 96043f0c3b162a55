"""Updates answered per second end to end, and update→reply latency, over loopback HTTP.

`python -m bench.updates` starts the Bot API test server in this process and the bot as a
separate process long-polling it, like production. Questions come from the seed store's own
example questions plus misspelled and out-of-scope ones, each update from its own chat.

Three bots answer the same workload in one run:

* `echo`: a PTB Application whose one handler replies "ok" (the floor: HTTP, polling, PTB);
* `citybrief`: the real handlers (`build_application`) with the rate limiter off, so the
  figures show what answering costs on top of the floor;
* `citybrief run`: the real command, whose limiter keeps Telegram's ~30 messages/s overall,
  so bursts are paced by the limit rather than by the bot.

For each: sequential latency (one update at a time: p50/p99 update→reply) and a burst (all
updates injected at once: updates/s from first injection to last reply, p50/p99 including
queueing). Figures only; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.botapi.server import BotApiServer
from tests.processes import stop

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
OUT_OF_SCOPE = ("who won the football world cup?", "best pizza in town", "<b>&amp; hello")


@dataclass
class Result:
    """Figures for one bot."""

    name: str
    sequential_p50: float
    sequential_p99: float
    burst_count: int
    burst_rate: float
    burst_p50: float
    burst_p99: float
    errors: int


def misspell(question: str) -> str:
    """Swap two letters in each word longer than five characters."""
    words = []
    for word in question.split():
        if len(word) > 5:
            word = word[:2] + word[3] + word[2] + word[4:]
        words.append(word)
    return " ".join(words)


def build_store(database: Path) -> list[str]:
    """Ingest the seeds into `database`; return the question mix the bench sends."""
    from briefing.ingest import ingest_paths
    from briefing.service import Briefing
    from db.engine import create_db_engine

    engine = create_db_engine(f"sqlite:///{database}")
    ingest_paths([SEEDS], engine=engine)
    examples = list(Briefing(engine).example_questions())
    engine.dispose()
    return examples + [misspell(q) for q in examples] + list(OUT_OF_SCOPE)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of `values`, in milliseconds."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index] * 1000


async def one_run(
    name: str, command: list[str], env: dict[str, str], questions: list[str], args: Any
) -> Result:
    """Start one bot against a fresh server and measure it."""
    server = BotApiServer()
    async with server:
        env = {**env, "TELEGRAM_API_BASE_URL": server.base_url}
        process = await asyncio.create_subprocess_exec(
            *command, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
        )
        try:
            await server.wait_for_polling(within=60)
            chat = 0

            async def ask(question: str) -> tuple[int, float]:
                nonlocal chat
                chat += 1
                server.send_text(question, chat_id=chat)
                return chat, time.monotonic()

            for question in questions[:10]:  # warm up
                chat_id, _ = await ask(question)
                await server.wait_for_messages(chat_id, within=30)
            sequential = []
            for i in range(args.sequential):
                chat_id, sent = await ask(questions[i % len(questions)])
                (reply, *_) = await server.wait_for_messages(chat_id, within=30)
                sequential.append(reply.at - sent)
            count = args.burst_limited if name == "citybrief run" else args.burst
            started = time.monotonic()
            burst = [await ask(questions[i % len(questions)]) for i in range(count)]
            burst_chats = {c for c, _ in burst}
            await server.wait_for(
                lambda: all(server.sent.get(c) for c in burst_chats), within=count + 60
            )
            firsts = [(server.sent[c][0].at - t) for c, t in burst]
            finished = max(server.sent[c][0].at for c in burst_chats)
        finally:
            await stop(process, within=20)
        errors = sum(1 for r in server.requests if r.status >= 400)
    return Result(
        name,
        percentile(sequential, 50),
        percentile(sequential, 99),
        count,
        count / (finished - started),
        percentile(firsts, 50),
        percentile(firsts, 99),
        errors,
    )


def serve(kind: str) -> None:
    """Run a bench bot (in the child process) until SIGINT: `echo` or `citybrief`."""
    from telegram import Update
    from telegram.ext import Application, MessageHandler, filters

    from bot.app import build_application
    from core.settings import Settings
    from db.engine import create_db_engine

    settings = Settings()
    token = settings.telegram_bot_token
    assert token is not None
    if kind == "echo":

        async def echo(update: Update, context: Any) -> None:
            assert update.effective_chat is not None
            await context.bot.send_message(update.effective_chat.id, "ok")

        application: Any = (
            Application.builder()
            .token(token.get_secret_value())
            .base_url(settings.telegram_api_base_url)
            .concurrent_updates(16)
            .build()
        )
        application.add_handler(MessageHandler(filters.ALL, echo))
    else:
        engine = create_db_engine(settings.database_url)
        application = build_application(settings, engine=engine, rate_limit=False)
    application.run_polling(allowed_updates=Update.ALL_TYPES)


async def main(args: argparse.Namespace) -> list[Result]:
    """Measure the three bots on one store and question mix."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.db"
        questions = build_store(database)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
        env.update(
            TELEGRAM_BOT_TOKEN="123456789:AAE-fake_token_for_tests_only_123456",
            DATABASE_URL=f"sqlite:///{database}",
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(REPO),
        )
        python = sys.executable
        citybrief = str(Path(python).parent / "citybrief")
        runs = [
            ("echo", [python, "-m", "bench.updates", "--serve", "echo"]),
            ("citybrief", [python, "-m", "bench.updates", "--serve", "citybrief"]),
            ("citybrief run", [citybrief, "run"]),
        ]
        return [await one_run(name, cmd, env, questions, args) for name, cmd in runs]


def report(results: list[Result], args: argparse.Namespace) -> None:
    """Print the figures and the ratios to the echo floor."""
    echo = results[0]
    print(
        f"updates end to end over loopback HTTP (bot process long-polling the test server; "
        f"{args.sequential} sequential, bursts of {args.burst} / {args.burst_limited})"
    )
    print(
        f"{'bot':<14} {'seq p50':>9} {'seq p99':>9} {'burst':>6} {'upd/s':>8} "
        f"{'burst p50':>10} {'burst p99':>10} {'4xx/5xx':>8}"
    )
    for r in results:
        print(
            f"{r.name:<14} {r.sequential_p50:7.1f}ms {r.sequential_p99:7.1f}ms {r.burst_count:>6} "
            f"{r.burst_rate:8.1f} {r.burst_p50:8.1f}ms {r.burst_p99:8.1f}ms {r.errors:>8}"
        )
    bot = results[1]
    print(
        f"answering cost vs echo: sequential p50 x{bot.sequential_p50 / echo.sequential_p50:.2f}, "
        f"burst throughput x{bot.burst_rate / echo.burst_rate:.2f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.updates", description=__doc__)
    parser.add_argument("--serve", choices=["echo", "citybrief"], help=argparse.SUPPRESS)
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--burst-limited", type=int, default=300)
    options = parser.parse_args()
    if options.serve:
        serve(options.serve)
    else:
        report(asyncio.run(main(options)), options)
