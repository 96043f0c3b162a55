"""The bot's short replies to what it cannot answer: unknown commands, overlong questions."""

from __future__ import annotations

from html import escape

from briefing.present import messages


def unknown_command_html(command: str) -> str:
    """Reply to a command the bot does not have."""
    return escape(messages.UNKNOWN_COMMAND.format(command=command))


def too_long_html(limit: int) -> str:
    """Reply to a question longer than `limit` characters."""
    return escape(messages.TOO_LONG.format(limit=limit))


def empty_question_html(username: str) -> str:
    """Reply to a mention of the bot with no question after it."""
    return messages.EMPTY_QUESTION_HTML.format(username=escape(username))
