"""The greeting and the help: /start and /help in Telegram, the console's help."""

from __future__ import annotations

from html import escape

from briefing.present import messages
from briefing.present.commands import Command
from briefing.present.i18n import gettext
from core.language import DEFAULT_LANGUAGE, Language


def start_html(first_name: str | None, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """The greeting, in at most six lines: what the bot does, how to ask, what next.

    The examples are the buttons under it (from the store, so they stay current).
    """
    if first_name:
        hello = gettext(messages.HELLO_NAMED, lang).format(name=first_name)
    else:
        hello = gettext(messages.HELLO, lang)
    gap = "" if lang is Language.ZH else " "
    lines = (
        f"<b>{escape(hello)}</b>{gap}{escape(gettext(messages.START_INTRO, lang))}",
        escape(gettext(messages.START_ASK, lang)),
        escape(gettext(messages.START_NEXT, lang)),
    )
    return "\n".join(lines)


HELP_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (messages.HELP_ASK, ("ask", "start", "help")),
    (
        messages.HELP_BROWSE,
        ("metric", "initiative", "sources", "topics", "latest", "search", "chart", "export"),
    ),
    (messages.HELP_DIGESTS, ("subscribe", "subscriptions", "unsubscribe", "digest")),
    (messages.HELP_SETTINGS, ("timezone", "language")),
)
"""The headings /help groups the commands under; a command in none goes under "More"."""


def help_html(
    username: str,
    commands: tuple[Command, ...],
    example: str | None = None,
    *,
    lang: Language = DEFAULT_LANGUAGE,
) -> str:
    """How to ask, the commands grouped under a few headings, and how to reach the bot."""
    how = gettext(messages.HOW_TO_ASK_HTML, lang).format(
        example=escape(example or gettext(messages.DEFAULT_EXAMPLE_QUESTION, lang))
    )
    line = gettext(messages.HELP_COMMAND_LINE, lang)
    grouped = {name for _, names in HELP_GROUPS for name in names}
    groups = [
        (heading, [c for name in names for c in commands if c.name == name])
        for heading, names in HELP_GROUPS
    ]
    groups.append((messages.HELP_MORE, [c for c in commands if c.name not in grouped]))
    parts = [how]
    for heading, members in groups:
        if members:
            rows = [
                escape(line.format(name=c.name, description=c.describe(lang))) for c in members
            ]
            parts.append(f"<b>{escape(gettext(heading, lang))}</b>\n" + "\n".join(rows))
    parts.append(gettext(messages.IN_CHATS_HTML, lang).format(username=escape(username)))
    return "\n\n".join(parts)


def console_help_text(commands: tuple[Command, ...], examples: tuple[str, ...]) -> str:
    """The console's help (English): the commands it carries out, aligned, those that work in
    Telegram chats only, and questions it can answer."""
    lang = DEFAULT_LANGUAGE
    here = [c for c in commands if c.in_console]
    elsewhere = [c for c in commands if not c.in_console]
    width = max((len(c.synopsis) for c in here), default=0)
    lines = [gettext(messages.CONSOLE_INTRODUCTION, lang)]
    lines += [f"  {c.synopsis:<{width}}  {c.describe(lang)}" for c in here]
    lines.append(gettext(messages.CONSOLE_PAGES, lang))
    if elsewhere:
        names = ", ".join(f"/{c.name}" for c in elsewhere)
        lines.append(gettext(messages.CONSOLE_TELEGRAM_ONLY, lang).format(commands=names))
    if examples:
        lines.append(gettext(messages.CONSOLE_EXAMPLES, lang))
        lines += [f"  {q}" for q in examples]
    return "\n".join(lines)
