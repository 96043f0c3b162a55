"""Logging set-up: one format, httpx kept quiet, and secrets redacted as a last line of defence."""

from __future__ import annotations

import logging
import re

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


_FORMATTER = logging.Formatter()


def configure_logging(level: str = "INFO") -> None:
    """Configure the root logger once for the CLI and the bot."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and those URLs carry the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
