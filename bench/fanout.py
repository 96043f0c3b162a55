"""Fan-out benchmark: 10,000 digests due in the same minute, against Telegram's 30 msg/s.

Run: `.venv/bin/python -m bench.fanout [--chats 10000] [--baseline-chats 1000]`.

Several workers: `.venv/bin/python -m bench.fanout --workers 1 2 --chats 3000
--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test` runs the worker role as
that many processes (`tests.bot.worker_process`) against a fresh schema of that server (made
and dropped here), for each count in turn, with a fresh Bot API test server each time. The
workers elect one active sender, so two workers must not exceed the one token's limit: the
server's strict sliding windows answer 429 to anything beyond it. Printed per count: msg/s,
429s, duplicates, lost, and how many workers sent digests.

Several repliers: `.venv/bin/python -m bench.fanout --replicas 2 --replies 300
--database-url postgresql+psycopg://…` runs that many processes that send replies as web
replicas do (each its own `PacedRateLimiter`), all to the same chats at once, first with the
token's window shared through the database (`bot.sharedbudget`, what `--role web` and
`--role worker` use), then with the repliers each on its own limits (as before the shared
window). Add `--workers 1` to fan out 1,000 digests from a worker process (which always uses
the shared window) at the same time. Printed per
mode: msg/s, the busiest second, 429s.

The Bot API test server runs in its own process with strict sliding-window rate enforcement
(30 sendMessage/s overall, 1/s per chat, 20/min per group, 429 + retry_after beyond). This
process is the bot side: the seeds ingested into a fresh SQLite store, one daily subscription per
chat due this minute (made as the crash test makes them), then the same planner, outbox sender
and PTB ExtBot the bot runs, with its PacedRateLimiter. Printed: achieved msg/s (server-side,
first to last accepted message), 429 count, duplicates, lost, peak memory of the bot process.
The baseline is the same sender with PTB's AIORateLimiter at its defaults, over a shorter run,
against a fresh server.

`--charts` gives the store a measure with history (`tests.factories.revenue_history`) and the
sender the bot's `Briefing`, so every digest is followed by its chart (a second message per
chat, drawn once, uploaded once, then sent by file id); no baseline then. Printed as above,
counting two messages per chat.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import col, func, select
from telegram.ext import AIORateLimiter, BaseRateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bot.delivery import DigestSender
from bot.ratelimit import PacedRateLimiter
from bot.sharedbudget import SharedBudget, token_window
from briefing.ingest import ingest_paths
from briefing.service import Briefing
from briefing.subscriptions import plan_due, utc_now
from db import outbox
from db.engine import create_db_engine, new_session
from db.models import Delivery
from tests.chats import add_due_subscribers
from tests.factories import FactFactory, revenue_history
from tests.pgschema import create_schema, drop_schemas, schema_url

REPO_ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAE-fake_token_for_tests_only_123456"


@dataclass
class Result:
    label: str
    chats: int
    sent: int
    seconds: float
    rate: float
    refused: int
    busiest_second: int
    duplicates: int
    lost: int
    statuses: dict[str, int]
    plan_seconds: float


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.botapi", "--port", str(port), "--rate-limits"],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            control(port, "sent_counts")
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the Bot API test server did not start")


def control(port: int, name: str) -> Any:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_test/{name}", timeout=30) as reply:
        return json.load(reply)


def prepare_store(folder: Path, chats: int, *, charts: bool = False) -> Engine:
    engine = create_db_engine(f"sqlite:///{folder / 'fanout.db'}")
    ingest_paths(sorted((REPO_ROOT / "seeds").glob("*.txt")), engine=engine)
    if charts:
        revenue_history(FactFactory(engine))
    add_due_subscribers(engine, range(1, chats + 1), slot=utc_now())
    return engine


async def fan_out(
    label: str, chats: int, limiter: BaseRateLimiter[Any], *, charts: bool = False
) -> Result:
    port = free_port()
    server = start_server(port)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            engine = prepare_store(Path(tmp), chats, charts=charts)
            started = time.perf_counter()
            report = plan_due(engine=engine, now=utc_now(), grace=timedelta(minutes=120))
            plan_seconds = time.perf_counter() - started
            if report.planned != chats:
                raise RuntimeError(f"{label}: planned {report.planned} of {chats} digests")
            bot: ExtBot[Any] = ExtBot(
                token=TOKEN,
                base_url=f"http://127.0.0.1:{port}/bot",
                request=HTTPXRequest(connection_pool_size=64),
                rate_limiter=limiter,
            )
            await bot.initialize()
            briefing = Briefing(engine) if charts else None
            sender = DigestSender(engine=engine, bot=bot, briefing=briefing)
            try:
                while True:  # retries (429s of the baseline) come due after their wait
                    await sender.drain()
                    with new_session(engine) as session:
                        due = outbox.next_due_at(session=session)
                    if due is None:
                        break
                    await asyncio.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()))
            finally:
                await bot.shutdown()
            with new_session(engine) as session:
                statuses = outbox.delivery_counts(session=session)
            engine.dispose()
        summary = control(port, "sent_counts")
    finally:
        server.terminate()
        server.wait(timeout=10)
    per_chat = 2 if charts else 1
    return summarize(label, chats, summary, statuses, plan_seconds=plan_seconds, per_chat=per_chat)


def summarize(
    label: str,
    chats: int,
    summary: dict[str, Any],
    statuses: dict[str, int],
    *,
    plan_seconds: float,
    per_chat: int = 1,
) -> Result:
    """The figures of one run from the server's per-chat counts (`per_chat` messages each)."""
    counts = {int(chat): n for chat, n in summary["counts"].items()}
    sent = sum(counts.values())
    seconds = (summary["last_at"] - summary["first_at"]) if sent > 1 else 0.0
    return Result(
        label=label,
        chats=chats,
        sent=sent,
        seconds=seconds,
        rate=(sent - 1) / seconds if seconds else 0.0,
        refused=int(summary["statuses"].get("429", 0)),
        busiest_second=int(summary.get("max_per_second") or 0),
        duplicates=sum(n - per_chat for n in counts.values() if n > per_chat),
        lost=sum(max(0, per_chat - counts.get(chat, 0)) for chat in range(1, chats + 1)),
        statuses=statuses,
        plan_seconds=plan_seconds,
    )


def show(result: Result) -> None:
    print(f"--- {result.label}: {result.chats:,} subscribers due in the same minute")
    if result.plan_seconds:
        print(f"planned outbox rows   {result.chats:,} in {result.plan_seconds:.2f} s")
    print(f"messages accepted     {result.sent:,} over {result.seconds:.1f} s")
    print(f"achieved              {result.rate:.2f} msg/s (limit 30)")
    print(f"busiest second        {result.busiest_second} messages (limit 30)")
    print(f"429 answers           {result.refused}")
    print(f"duplicates            {result.duplicates}")
    print(f"lost                  {result.lost}")
    print(f"outbox                {result.statuses}")


def finished(engine: Engine) -> int:
    """Outbox rows that reached a final state."""
    with new_session(engine) as session:
        return int(
            session.exec(
                select(func.count()).where(col(Delivery.status).in_(outbox.FINISHED))
            ).one()
        )


def senders(engine: Engine) -> int:
    """How many distinct worker instances claimed rows."""
    with new_session(engine) as session:
        return int(session.exec(select(func.count(func.distinct(col(Delivery.claimed_by))))).one())


def start_worker(port: int, url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot",
        DATABASE_URL=url,
        LOG_LEVEL="WARNING",
    )
    with log.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.bot.worker_process"],
            cwd=REPO_ROOT,
            env=env,
            stdout=sink,
            stderr=sink,
        )


@dataclass
class Setting:
    """A fresh PostgreSQL schema, a strict Bot API test server, and the processes started."""

    url: str
    port: int
    processes: list[subprocess.Popen[bytes]]


@contextmanager
def setting(server_url: str) -> Iterator[Setting]:
    """A fresh schema and test server; on the way out the processes get SIGTERM, the server
    stops and the schema is dropped."""
    schema = create_schema(server_url, prefix="citybrief_bench_")
    url = schema_url(server_url, schema)
    port = free_port()
    server = start_server(port)
    world = Setting(url, port, [])
    try:
        yield world
    finally:
        for process in world.processes:
            process.send_signal(signal.SIGTERM)
        for process in world.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        server.terminate()
        server.wait(timeout=10)
        drop_schemas(server_url, [schema])


def fan_out_workers(workers: int, chats: int, server_url: str) -> Result:
    """The worker role in `workers` processes on a fresh PostgreSQL schema."""
    label = f"{workers} worker process(es) on PostgreSQL"
    with setting(server_url) as world, tempfile.TemporaryDirectory() as tmp:
        engine = prepare_store_at(world.url, chats)
        log = Path(tmp) / "workers.log"
        world.processes += [start_worker(world.port, world.url, log) for _ in range(workers)]
        deadline = time.monotonic() + chats / 10 + 120
        while finished(engine) < chats:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{label}: the fan-out did not finish")
            if any(p.poll() is not None for p in world.processes):
                raise RuntimeError(f"{label}: a worker exited; see {log}")
            time.sleep(0.5)
        with new_session(engine) as session:
            statuses = outbox.delivery_counts(session=session)
        sending = senders(engine)
        engine.dispose()
        summary = control(world.port, "sent_counts")
    result = summarize(label, chats, summary, statuses, plan_seconds=0.0)
    result.statuses["workers that sent"] = sending
    return result


def prepare_store_at(url: str, chats: int) -> Engine:
    engine = create_db_engine(url)
    ingest_paths(sorted((REPO_ROOT / "seeds").glob("*.txt")), engine=engine)
    add_due_subscribers(engine, range(1, chats + 1), slot=utc_now())
    return engine


def reply_child(port: int, url: str, *, replies: int, shared: bool, name: str) -> None:
    """One replier process: `replies` messages to chats 1..replies, as fast as its limits let."""

    async def run() -> None:
        engine = create_db_engine(url)
        budget = SharedBudget(token_window(engine, holder=name)) if shared else None
        bot: ExtBot[Any] = ExtBot(
            token=TOKEN,
            base_url=f"http://127.0.0.1:{port}/bot",
            request=HTTPXRequest(connection_pool_size=64),
            rate_limiter=PacedRateLimiter(shared=budget),
        )
        await bot.initialize()
        try:
            await asyncio.gather(
                *(
                    bot.send_message(chat_id=REPLY_CHATS + n, text=f"answer {n} from {name}")
                    for n in range(replies)
                )
            )
        finally:
            await bot.shutdown()
            engine.dispose()

    asyncio.run(run())


REPLY_CHATS = 100_000
"""Replies go to chats from here on, apart from the digest chats (1, 2, …)."""


def replicas_run(
    replicas: int, replies: int, server_url: str, *, shared: bool, workers: int, chats: int
) -> Result:
    """`replicas` replier processes (and `workers` worker processes fanning out `chats` digests)
    against one strict test server, with the token's window shared or not."""
    mode = "one shared window" if shared else "the repliers on their own limits"
    label = f"{replicas} repliers x {replies} replies, {workers} worker(s), {mode}"
    with setting(server_url) as world, tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "processes.log"
        engine = prepare_store_at(world.url, chats if workers else 0)
        if workers:
            world.processes += [start_worker(world.port, world.url, log) for _ in range(workers)]
            while senders(engine) == 0:  # the fan-out is under way
                time.sleep(0.2)
        repliers = [
            start_replier(
                world.port, world.url, log, replies=replies, shared=shared, name=f"web-{n}"
            )
            for n in range(replicas)
        ]
        for replier in repliers:
            if replier.wait(timeout=replies + 120) != 0:
                raise RuntimeError(f"{label}: a replier failed; see {log}")
        deadline = time.monotonic() + chats / 10 + 120
        while workers and finished(engine) < chats:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{label}: the fan-out did not finish")
            time.sleep(0.5)
        with new_session(engine) as session:
            statuses = outbox.delivery_counts(session=session)
        engine.dispose()
        summary = control(world.port, "sent_counts")
    digests = chats if workers else 0
    result = summarize(label, digests, summary, statuses, plan_seconds=0.0)
    counts = {int(chat): n for chat, n in summary["counts"].items()}
    result.duplicates = sum(n - 1 for chat, n in counts.items() if chat < REPLY_CHATS and n > 1)
    result.lost = replicas * replies + digests - result.sent
    return result


def show_replicas(result: Result) -> None:
    print(f"--- {result.label}")
    print(f"messages accepted     {result.sent:,} over {result.seconds:.1f} s")
    print(f"achieved              {result.rate:.2f} msg/s (limit 30)")
    print(f"busiest second        {result.busiest_second} messages (limit 30)")
    print(f"429 answers           {result.refused}")
    print(f"digest duplicates     {result.duplicates}")
    print(f"not delivered         {result.lost}")
    if result.statuses:
        print(f"outbox                {result.statuses}")


def start_replier(
    port: int, url: str, log: Path, *, replies: int, shared: bool, name: str
) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "bench.fanout", "--reply-child", name]
    command += ["--replies", str(replies), "--port", str(port), "--database-url", url]
    if not shared:
        command.append("--unshared")
    with log.open("ab") as sink:
        return subprocess.Popen(command, cwd=REPO_ROOT, stdout=sink, stderr=sink)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # The baseline's every 429 is logged with a traceback; its count is printed instead.
    logging.getLogger("telegram.ext.AIORateLimiter").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser(prog="python -m bench.fanout", description=__doc__)
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--baseline-chats", type=int, default=1_000)
    parser.add_argument(
        "--charts", action="store_true", help="every digest followed by its chart (no baseline)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        metavar="N",
        help="run the worker role as N processes (each N in turn) on --database-url",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("TEST_DATABASE_URL"),
        help="the PostgreSQL server of --workers (default: TEST_DATABASE_URL)",
    )
    parser.add_argument("--replicas", type=int, help="run N replier processes (see above)")
    parser.add_argument("--replies", type=int, default=300, help="replies per replier process")
    parser.add_argument("--reply-child", metavar="NAME", help=argparse.SUPPRESS)
    parser.add_argument("--unshared", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reply_child:
        reply_child(
            args.port,
            args.database_url,
            replies=args.replies,
            shared=not args.unshared,
            name=args.reply_child,
        )
        return
    if args.replicas:
        if not args.database_url or not args.database_url.startswith("postgresql"):
            parser.error("--replicas needs --database-url (or TEST_DATABASE_URL) on PostgreSQL")
        for shared in (True, False):
            result = replicas_run(
                args.replicas,
                args.replies,
                args.database_url,
                shared=shared,
                workers=(args.workers or [0])[0],
                chats=min(args.chats, 1000),
            )
            show_replicas(result)
        return
    if args.workers:
        if not args.database_url or not args.database_url.startswith("postgresql"):
            parser.error("--workers needs --database-url (or TEST_DATABASE_URL) on PostgreSQL")
        for workers in args.workers:
            result = fan_out_workers(workers, args.chats, args.database_url)
            show(result)
        return
    label = "PacedRateLimiter (citybrief)" + (", digests with charts" if args.charts else "")
    ours = asyncio.run(fan_out(label, args.chats, PacedRateLimiter(), charts=args.charts))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    show(ours)
    print(f"peak memory (bot)     {peak_mb:.0f} MB RSS")
    if args.baseline_chats and not args.charts:
        baseline = asyncio.run(
            fan_out("baseline: PTB AIORateLimiter()", args.baseline_chats, AIORateLimiter())
        )
        show(baseline)
        if baseline.rate:
            print(
                f"ratio                 {ours.rate / baseline.rate:.2f}x the baseline's msg/s; "
                f"429s {ours.refused} vs {baseline.refused}"
            )


if __name__ == "__main__":
    main()
