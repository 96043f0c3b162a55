"""The worker role as a process of its own: `python -m tests.bot.worker_process`.

The same as `citybrief run --role worker` (`bot.app.run_worker` through `run_bot`), without
the CLI. Settings come from the environment, as for `citybrief run`. The end-to-end tests and
`bench/fanout.py` start workers this way.
"""

from __future__ import annotations

from bot.app import run_bot
from bot.logs import configure_logging
from core.settings import Role, Settings

if __name__ == "__main__":
    settings = Settings()
    configure_logging(settings.log_level, instance_id=settings.instance_id)
    run_bot(settings, role=Role.WORKER)
