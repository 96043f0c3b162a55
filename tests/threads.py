"""Running calls side by side in threads, for tests of what happens when they race."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any


def run_at_once(target: Callable[..., object], arguments: Iterable[tuple[Any, ...]]) -> None:
    """Call `target` with each tuple of `arguments`, each call in its own thread; every thread
    is started before any is waited for."""
    threads = [threading.Thread(target=target, args=args) for args in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
