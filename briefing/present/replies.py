"""The bot's short replies: fixed notices, unknown commands, overlong or empty questions."""

from __future__ import annotations

from html import escape

from briefing.present import messages
from briefing.present.i18n import gettext
from core.language import DEFAULT_LANGUAGE, Language


def notice(message: str, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A fixed plain-text message (`messages.X`) in `lang`, e.g. for a button's answer."""
    return gettext(message, lang)


def text_html(message: str, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A fixed plain-text message (`messages.X`) in `lang`, escaped for Telegram HTML."""
    return escape(gettext(message, lang))


def fixed_html(message: str, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """A fixed HTML message (`messages.X_HTML`, without placeholders) in `lang`."""
    return gettext(message, lang)


def unknown_command_html(command: str, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """Reply to a command the bot does not have."""
    return escape(gettext(messages.UNKNOWN_COMMAND, lang).format(command=command))


def too_long_html(limit: int, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """Reply to a question longer than `limit` characters."""
    return escape(gettext(messages.TOO_LONG, lang).format(limit=limit))


def empty_question_html(username: str, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """Reply to a mention of the bot with no question after it."""
    return gettext(messages.EMPTY_QUESTION_HTML, lang).format(username=escape(username))
