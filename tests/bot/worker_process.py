"""The worker role as a process of its own: `python -m tests.bot.worker_process`.

Settings come from the environment, as for `citybrief run`. The end-to-end tests and
`bench/fanout.py` start workers this way.
"""

from __future__ import annotations

from bot.app import run_worker
from bot.logs import configure_logging
from core.settings import Settings

if __name__ == "__main__":
    settings = Settings()
    configure_logging(settings.log_level)
    run_worker(settings)
