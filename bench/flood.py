"""Hostile load: a flooder beside ordinary users, and documents built to be expensive.

`python -m bench.flood` prints three sets of figures (nothing here asserts on time):

1. **Flood.** The real `citybrief run` long-polls the Bot API test server (in this process).
   One user sends questions at 500 messages a second for a few seconds while 20 other users
   ask one question each, spread over the flood. Printed: the other users' p50/p99
   question-to-reply time (goal: p99 under 3 s), the same without the flooder (the baseline,
   in the same run) and their ratio, how many of the flooder's messages were answered, and the
   bot process's peak RSS (VmHWM).
2. **A 1 MB document of 11,000 figure sentences**, ingested by `citybrief ingest` and then
   asked about by `citybrief ask`, each a separate process: their peak RSS (goal: under
   300 MB) and the ingest summary (the per-document fact cap shows there); then the same with
   the cap lifted (`bench.uncapped`), every one of its facts stored and loaded.
3. **A 3 MB one-sentence document** full of figures: its ingest time in this process
   (goal: under 10 s; extraction is linear because long sentences are cut at clause breaks).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.updates import percentile
from tests.botapi.server import BotApiServer
from tests.processes import stop

# The limits' warnings ("... cut into clauses") are in the summaries printed below.
logging.getLogger("briefing.ingest").setLevel(logging.ERROR)

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
CITYBRIEF = str(Path(sys.executable).parent / "citybrief")
TOKEN = "123456789:AAE-fake_token_for_tests_only_123456"
QUESTION = "What was the operating revenue of software and information technology services?"
FLOODER = 999_999
USERS = range(1, 21)


@dataclass
class FloodResult:
    """Figures of one run of the 20 users, with or without the flooder."""

    p50_ms: float
    p99_ms: float
    flood_sent: int
    flood_answered: int
    peak_rss_mb: float


def peak_rss_mb(pid: int) -> float:
    """A live process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def flood_run(env: dict[str, str], *, rate: int, seconds: float) -> FloodResult:
    """Start `citybrief run` against a fresh server; flood (rate > 0) while 20 users ask."""
    async with BotApiServer() as server:
        process = await asyncio.create_subprocess_exec(
            CITYBRIEF,
            "run",
            env={**env, "TELEGRAM_API_BASE_URL": server.base_url},
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            await server.wait_for_polling(within=120)
            server.send_text(QUESTION, chat_id=500)  # warm up: the index is loaded
            await server.wait_for_messages(500, within=60)
            flood_sent = 0

            async def flood() -> None:
                nonlocal flood_sent
                started = time.monotonic()
                total = int(rate * seconds)
                while flood_sent < total:
                    due = int((time.monotonic() - started) * rate) + 1
                    while flood_sent < min(due, total):
                        server.send_text(QUESTION, chat_id=FLOODER)
                        flood_sent += 1
                    await asyncio.sleep(0.002)

            flooding = asyncio.create_task(flood()) if rate else None
            await asyncio.sleep(min(0.5, seconds / 4) if rate else 0)
            asked: dict[int, float] = {}
            spacing = seconds / 2 / len(USERS) if rate else 0.05
            for user in USERS:
                server.send_text(QUESTION, chat_id=user)
                asked[user] = time.monotonic()
                await asyncio.sleep(spacing)
            await server.wait_for(lambda: all(server.sent.get(u) for u in USERS), within=300)
            if flooding is not None:
                await flooding
            times = [server.sent[u][0].at - asked[u] for u in USERS]
            rss = peak_rss_mb(process.pid)
        finally:
            await stop(process, within=30)
        answered = len(server.sent.get(FLOODER, []))
    return FloodResult(percentile(times, 50), percentile(times, 99), flood_sent, answered, rss)


def run_measured(command: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Run `command` to its end: (peak RSS in MB, wall and CPU seconds, its last line)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    out = child.stdout.read().decode()
    err = child.stderr.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    lines = (out.strip() or err.strip()).splitlines()
    cpu = usage.ru_utime + usage.ru_stime
    return usage.ru_maxrss / 1024, time.perf_counter() - started, cpu, lines[-1] if lines else ""


def figure_sentences(count: int) -> str:
    """A document of `count` sentences, each with its own figure, place and year."""
    districts = ("Futian", "Nanshan", "Luohu", "Bao'an", "Longgang", "Yantian")
    body = " ".join(
        f"{districts[i % 6]} had {i + 10:,} data centres with revenue of "
        f"{i % 97 + 1}.{i % 10} billion yuan in 2023, up {i % 40}.{i % 7}%."
        for i in range(count)
    )
    return f"Shenzhen Data Centres by District\n\n2024-01-15 Shenzhen Daily\n\n{body}\n"


def one_sentence(size: int) -> str:
    """A document whose body is one sentence of about `size` characters of figures."""
    parts: list[str] = []
    length = i = 0
    while length < size:
        figure = f"{i % 900 + 1}.{i % 10} billion yuan"
        part = f"the output of sector {i} reached {figure}, up {i % 30}.5%, "
        parts.append(part)
        length += len(part)
        i += 1
    return (
        f"Shenzhen Output by Sector\n\n2024-01-15 Shenzhen Daily\n\nIn 2023 {''.join(parts)}end.\n"
    )


def documents(folder: Path, env: dict[str, str]) -> None:
    """Part 2 and 3: the 11,000-sentence document's memory, the one-sentence document's time."""
    from briefing.ingest import ingest_paths
    from db.engine import create_db_engine

    big = folder / "big" / "figures_11000.txt"
    big.parent.mkdir()
    big.write_text(figure_sentences(11_000), encoding="utf-8")
    size_mb = big.stat().st_size / 1e6
    uncapped = [sys.executable, "-m", "bench.uncapped"]
    runs = (("with the fact cap", [CITYBRIEF], "capped"), ("without the cap", uncapped, "all"))
    for label, command, name in runs:
        store = {**env, "DATABASE_URL": f"sqlite:///{folder / name}.db"}
        ingest_rss, ingest_s, ingest_cpu, summary = run_measured(
            [*command, "ingest", str(big)], store
        )
        ask_rss, ask_s, ask_cpu, _ = run_measured(
            [*command, "ask", "How many data centres did Nanshan have?"], store
        )
        print(
            f"\n{size_mb:.2f} MB document of 11,000 figure sentences, {label} "
            "(separate processes):"
        )
        print(
            f"  citybrief ingest: peak RSS {ingest_rss:6.1f} MB, "
            f"{ingest_s:5.1f} s wall, {ingest_cpu:5.1f} s CPU"
        )
        print(f"    {summary.replace(str(big.parent) + '/', '')}")
        print(
            f"  citybrief ask:    peak RSS {ask_rss:6.1f} MB, {ask_s:5.1f} s wall, "
            f"{ask_cpu:5.1f} s CPU (goal < 300 MB)"
        )

    long = folder / "long" / "one_sentence.txt"
    long.parent.mkdir()
    long.write_text(one_sentence(3_000_000), encoding="utf-8")
    engine = create_db_engine(f"sqlite:///{folder / 'long.db'}")
    started, cpu_started = time.perf_counter(), time.process_time()
    report = ingest_paths([long], engine=engine)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    engine.dispose()
    print(f"\n{long.stat().st_size / 1e6:.2f} MB one-sentence document, ingested in this process:")
    print(f"  ingest time {elapsed:5.1f} s wall, {cpu:5.1f} s CPU (goal < 10 s)")
    print(f"    {report.summary().replace(str(long.parent) + '/', '')}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  bench process peak RSS so far {rss:6.1f} MB")


async def main(args: argparse.Namespace) -> None:
    """All three parts, on fresh stores in a temporary folder."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            DATABASE_URL=f"sqlite:///{folder / 'flood.db'}",
            SEEDS_DIR=str(SEEDS),
            LOG_LEVEL="ERROR",
            PYTHONPATH=str(REPO),
        )
        if not args.documents_only:
            baseline = await flood_run(env, rate=0, seconds=args.seconds)
            flooded = await flood_run(env, rate=args.rate, seconds=args.seconds)
            print(
                f"flood: 1 user at {args.rate} messages/s for {args.seconds:g} s "
                f"({flooded.flood_sent} messages) while 20 users ask one question each; "
                "citybrief run long-polling the test server"
            )
            print(f"{'':<16} {'p50':>9} {'p99':>9} {'peak RSS':>10}")
            for label, result in (("no flood", baseline), ("with flood", flooded)):
                print(
                    f"{label:<16} {result.p50_ms:7.0f}ms {result.p99_ms:7.0f}ms "
                    f"{result.peak_rss_mb:8.1f}MB"
                )
            ratio = flooded.p99_ms / baseline.p99_ms if baseline.p99_ms else float("nan")
            print(
                f"other users' p99 with flood: {flooded.p99_ms / 1000:.2f} s (goal < 3 s), "
                f"x{ratio:.1f} the baseline; flooder's messages answered: "
                f"{flooded.flood_answered} of {flooded.flood_sent}"
            )
        documents(folder, env)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.flood", description=__doc__)
    parser.add_argument("--rate", type=int, default=500, help="flooder messages per second")
    parser.add_argument("--seconds", type=float, default=4.0, help="how long the flood lasts")
    parser.add_argument("--documents-only", action="store_true", help="skip the flood")
    asyncio.run(main(parser.parse_args()))
