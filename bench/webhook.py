"""What hostile webhook posts cost a web replica: memory and time of forged and oversized posts.

`python -m bench.webhook` starts the Bot API test server in this process and a real
`citybrief run --role web` replica as a child process, then sends it, from 8 connections at
once, 100 MB bodies: first without the secret (403 expected), then with the secret but over
the 1 MB cap (413 expected). It prints, per wave, the answers, the slowest answer, how much of
the bodies the clients got to send before the server closed the connection, and the replica's
resident memory before and after (VmRSS, and VmHWM: its peak since start). Figures only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp

from tests.botapi.server import BotApiServer

REPO = Path(__file__).resolve().parent.parent
CITYBRIEF = Path(sys.executable).parent / "citybrief"
SECRET = "bench-secret"
CHUNK = b"x" * (1024 * 1024)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


async def wait_ready(base: str, process: asyncio.subprocess.Process) -> None:
    async with aiohttp.ClientSession() as session:
        while True:
            if process.returncode is not None:
                raise SystemExit("the replica exited before it was ready")
            try:
                async with session.get(f"{base}/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)


async def hostile_post(
    url: str, headers: dict[str, str], megabytes: int
) -> tuple[str, float, int]:
    """Stream a `megabytes` body; returns (answer, seconds to the answer, MB sent)."""
    sent = 0

    async def body() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(megabytes):
            sent += 1
            yield CHUNK

    started = time.perf_counter()
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, data=body(), headers=headers) as response,
        ):
            answer = str(response.status)
            elapsed = time.perf_counter() - started
            await response.read()
    except aiohttp.ClientError as exc:
        answer, elapsed = f"closed ({type(exc).__name__})", time.perf_counter() - started
    return answer, elapsed, sent


async def wave(
    label: str, url: str, headers: dict[str, str], pid: int, *, parallel: int, megabytes: int
) -> None:
    rss_before, _ = memory_mb(pid)
    results = await asyncio.gather(
        *(hostile_post(url, headers, megabytes) for _ in range(parallel))
    )
    await asyncio.sleep(3)  # let the server's lingering close finish before reading memory
    rss_after, peak = memory_mb(pid)
    answers = sorted({answer for answer, _, _ in results})
    print(
        f"{label}: {parallel} x {megabytes} MB -> answers {answers}, slowest answer "
        f"{max(e for _, e, _ in results):.3f} s, MB sent before close "
        f"{sum(s for _, _, s in results)} of {parallel * megabytes}; replica RSS "
        f"{rss_before:.0f} -> {rss_after:.0f} MB, peak since start {peak:.0f} MB"
    )


async def main(parallel: int, megabytes: int) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    async with BotApiServer() as botapi:
        with tempfile.TemporaryDirectory() as tmp:
            env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
            env.update(
                TELEGRAM_BOT_TOKEN=botapi.token,
                TELEGRAM_API_BASE_URL=botapi.base_url,
                DATABASE_URL=f"sqlite:///{tmp}/bench.db",
                SEEDS_DIR=str(REPO / "seeds"),
                WEBHOOK_URL=f"{base}/hook",
                WEBHOOK_SECRET=SECRET,
                LOG_LEVEL="WARNING",
            )
            process = await asyncio.create_subprocess_exec(
                str(CITYBRIEF),
                "run",
                "--role",
                "web",
                "--listen",
                f"127.0.0.1:{port}",
                cwd=tmp,
                env=env,
            )
            try:
                await wait_ready(base, process)
                rss, peak = memory_mb(process.pid)
                print(f"replica ready: RSS {rss:.0f} MB, peak since start {peak:.0f} MB")
                forged = {"X-Telegram-Bot-Api-Secret-Token": "forged"}
                await wave(
                    "wrong secret",
                    f"{base}/hook",
                    forged,
                    process.pid,
                    parallel=parallel,
                    megabytes=megabytes,
                )
                right = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
                await wave(
                    "right secret, over 1 MB",
                    f"{base}/hook",
                    right,
                    process.pid,
                    parallel=parallel,
                    megabytes=megabytes,
                )
            finally:
                process.send_signal(signal.SIGTERM)
                await process.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--megabytes", type=int, default=100)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.parallel, arguments.megabytes))
