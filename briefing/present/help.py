"""The greeting and the help: /start and /help in Telegram, the console's help."""

from __future__ import annotations

from html import escape

from briefing.present import messages
from briefing.present.commands import Command


def start_html(first_name: str | None, examples: tuple[str, ...], sources: tuple[str, ...]) -> str:
    """The greeting: what the bot knows, its sources and questions to try."""
    hello = messages.HELLO_NAMED.format(name=first_name) if first_name else messages.HELLO
    lines = [escape(f"{hello} {messages.INTRODUCTION}")]
    for heading, items in ((messages.MY_SOURCES, sources), (messages.TRY_ASKING, examples)):
        if items:
            lines += ["", f"<b>{escape(heading)}</b>", *(f"• {escape(item)}" for item in items)]
    lines += ["", escape(messages.START_FOOTER)]
    return "\n".join(lines)


def help_html(username: str, commands: tuple[Command, ...], example: str | None = None) -> str:
    """How to ask, the commands given, and how to reach the bot in groups and inline."""
    how = messages.HOW_TO_ASK_HTML.format(
        example=escape(example or messages.DEFAULT_EXAMPLE_QUESTION)
    )
    lines = [
        escape(messages.HELP_COMMAND_LINE.format(name=c.name, description=c.description))
        for c in commands
    ]
    chats = messages.IN_CHATS_HTML.format(username=escape(username))
    return (
        f"{how}\n\n<b>{escape(messages.COMMANDS_HEADING)}</b>\n"
        + "\n".join(lines)
        + (f"\n\n{chats}")
    )


def console_help_text(commands: tuple[Command, ...], examples: tuple[str, ...]) -> str:
    """The console's help: its commands, aligned, and questions this store can answer."""
    width = max((len(c.synopsis) for c in commands), default=0)
    lines = [messages.CONSOLE_INTRODUCTION]
    lines += [f"  {c.synopsis:<{width}}  {c.description}" for c in commands]
    lines.append(messages.CONSOLE_PAGES)
    if examples:
        lines.append(messages.CONSOLE_EXAMPLES)
        lines += [f"  {q}" for q in examples]
    return "\n".join(lines)
