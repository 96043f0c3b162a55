"""Stopping a child process the way an operator would: a signal first, a kill if it hangs."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Mapping
from pathlib import Path


async def stop(
    process: asyncio.subprocess.Process, *, within: float, signum: int = signal.SIGINT
) -> None:
    """Send `signum` and wait up to `within` seconds for the process to exit; kill it if not."""
    process.send_signal(signum)
    try:
        async with asyncio.timeout(within):
            await process.communicate()
    except TimeoutError:
        process.kill()
        await process.communicate()


async def run_to_end(
    *command: str, cwd: Path, env: Mapping[str, str], within: float
) -> tuple[int, str]:
    """Run `command` to its end, its errors into its output; returns its exit code and output."""
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=cwd,
        env=dict(env),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    async with asyncio.timeout(within):
        out, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode()
