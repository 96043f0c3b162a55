"""Stopping a child process the way an operator would: a signal first, a kill if it hangs."""

from __future__ import annotations

import asyncio
import signal


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
