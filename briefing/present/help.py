"""The greeting and the help: /start and /help in Telegram, the console's help."""

from __future__ import annotations

from html import escape

from briefing.present import messages
from briefing.present.commands import Command
from briefing.present.i18n import gettext
from core.language import DEFAULT_LANGUAGE, Language


def start_html(
    first_name: str | None,
    examples: tuple[str, ...],
    sources: tuple[str, ...],
    *,
    lang: Language = DEFAULT_LANGUAGE,
) -> str:
    """The greeting: what the bot knows, its sources and questions to try."""
    if first_name:
        hello = gettext(messages.HELLO_NAMED, lang).format(name=first_name)
    else:
        hello = gettext(messages.HELLO, lang)
    gap = "" if lang is Language.ZH else " "
    lines = [escape(f"{hello}{gap}{gettext(messages.INTRODUCTION, lang)}")]
    for heading, items in ((messages.MY_SOURCES, sources), (messages.TRY_ASKING, examples)):
        if items:
            heading_html = f"<b>{escape(gettext(heading, lang))}</b>"
            lines += ["", heading_html, *(f"• {escape(item)}" for item in items)]
    lines += ["", escape(gettext(messages.START_FOOTER, lang))]
    return "\n".join(lines)


def help_html(
    username: str,
    commands: tuple[Command, ...],
    example: str | None = None,
    *,
    lang: Language = DEFAULT_LANGUAGE,
) -> str:
    """How to ask, the commands given, and how to reach the bot in groups and inline."""
    how = gettext(messages.HOW_TO_ASK_HTML, lang).format(
        example=escape(example or gettext(messages.DEFAULT_EXAMPLE_QUESTION, lang))
    )
    line = gettext(messages.HELP_COMMAND_LINE, lang)
    lines = [escape(line.format(name=c.name, description=c.describe(lang))) for c in commands]
    chats = gettext(messages.IN_CHATS_HTML, lang).format(username=escape(username))
    heading = escape(gettext(messages.COMMANDS_HEADING, lang))
    return f"{how}\n\n<b>{heading}</b>\n" + "\n".join(lines) + f"\n\n{chats}"


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
