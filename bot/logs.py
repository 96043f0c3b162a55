"""Logging set-up: one format naming the instance, httpx kept quiet, and secrets redacted as a
last line of defence.

Several instances log to one place when they run side by side (web replicas, workers), so every
line carries the instance id (`INSTANCE_ID`, by default `hostname-pid`).
"""

from __future__ import annotations

import logging
import re

from core.settings import default_instance_id

# Telegram tokens travel in request URLs (".../bot<token>/sendMessage").
_TOKEN_RE = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")
# A file name or a document's text may carry ESC/BEL sequences meant for a terminal.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class RedactTokens(logging.Filter):
    """Replace anything shaped like a bot token in a record with a placeholder, and drop
    control characters (terminal escape sequences) from the message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN_RE.search(message) or _CONTROL_RE.search(message):
            record.msg = _CONTROL_RE.sub("", _TOKEN_RE.sub("<redacted-token>", message))
            record.args = None
        # Tracebacks too: PTB's InvalidToken message quotes the token. Formatters print a
        # cached exc_text instead of formatting exc_info again, so caching it redacted is enough.
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _TOKEN_RE.sub("<redacted-token>", record.exc_text)
        if record.stack_info:
            record.stack_info = _TOKEN_RE.sub("<redacted-token>", record.stack_info)
        return True


class StampInstance(logging.Filter):
    """Give every record the `instance` attribute the format prints."""

    def __init__(self, instance_id: str) -> None:
        super().__init__()
        self.instance_id = instance_id

    def filter(self, record: logging.LogRecord) -> bool:
        record.instance = self.instance_id
        return True


_FORMATTER = logging.Formatter()
LOG_FORMAT = "%(asctime)s %(levelname)s [%(instance)s] %(name)s: %(message)s"


def configure_logging(level: str = "INFO", *, instance_id: str | None = None) -> None:
    """Configure the root logger once for the CLI and the bot.

    Args:
        level: the root level (LOG_LEVEL).
        instance_id: printed on every line (INSTANCE_ID); `hostname-pid` when not given.
    """
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(StampInstance(instance_id or default_instance_id()))
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and those URLs carry the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
