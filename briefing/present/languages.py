"""Replies to /language: the chat's reply language, how it is chosen, and its change."""

from __future__ import annotations

from html import escape

from briefing.present import messages
from briefing.present.i18n import gettext
from core.language import Language


def language_name(language: Language, *, lang: Language) -> str:
    """A language's name in `lang`: "Chinese", "英文"."""
    return gettext(messages.LANGUAGE_NAMES[language], lang)


def language_html(chosen: Language | None, user_language: Language, *, lang: Language) -> str:
    """The chat's language setting: chosen with /language, or following each user's Telegram."""
    if chosen is not None:
        line = gettext(messages.LANGUAGE_CHOSEN, lang).format(
            language=language_name(chosen, lang=lang)
        )
    else:
        line = gettext(messages.LANGUAGE_AUTOMATIC, lang).format(
            language=language_name(user_language, lang=lang)
        )
    return f"{escape(line)}\n{escape(gettext(messages.LANGUAGE_CHOOSE, lang))}"


def language_set_html(language: Language) -> str:
    """The reply to a change of language, in the new language."""
    name = language_name(language, lang=language)
    return escape(gettext(messages.LANGUAGE_SET, language).format(language=name))


def language_usage_html(value: str, *, lang: Language) -> str:
    """An unknown language was asked for: which ones there are, and the usage line."""
    problem = gettext(messages.LANGUAGE_UNKNOWN, lang).format(value=repr(value))
    return escape(f"{problem}\n{gettext(messages.LANGUAGE_USAGE, lang)}")


def admins_only_text(*, lang: Language) -> str:
    """Why a group member who is not an administrator cannot change the group's language."""
    return gettext(messages.LANGUAGE_ADMINS_ONLY, lang)


def admins_only_html(*, lang: Language) -> str:
    """`admins_only_text` for a message."""
    return escape(admins_only_text(lang=lang))
