"""The one command table agrees with the README, the usage lines and Telegram's rules."""

from __future__ import annotations

import re
from html import unescape
from itertools import dropwhile, takewhile
from pathlib import Path
from typing import NamedTuple

from briefing.present import commands, messages
from briefing.present.commands import COMMANDS, Command

README = Path(__file__).parents[3] / "README.md"
README_HEADING = "### Chat commands"
TELEGRAM_NAME = re.compile(r"^[a-z0-9_]{1,32}$")  # what setMyCommands accepts


class ReadmeRow(NamedTuple):
    synopsis: str
    aliases: tuple[str, ...]
    where: frozenset[str]
    description: str


def readme_rows() -> list[ReadmeRow]:
    """The rows of the README's command table (the one under README_HEADING)."""
    section = README.read_text(encoding="utf-8").split(README_HEADING, 1)[1].splitlines()
    in_table = dropwhile(lambda line: not line.startswith("|"), section)
    table = list(takewhile(lambda line: line.startswith("|"), in_table))
    rows = []
    for line in table[2:]:  # after the header and its --- line
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        synopsis, also, where, description = cells
        rows.append(
            ReadmeRow(
                synopsis=synopsis.strip("`"),
                aliases=tuple(re.findall(r"`/([^`]+)`", also)),
                where=frozenset(w.strip() for w in where.split(",") if w.strip()),
                description=description,
            )
        )
    return rows


def table_row(command: Command) -> ReadmeRow:
    where = {"Telegram"} if command.in_menu else set()
    return ReadmeRow(
        synopsis=command.synopsis,
        aliases=command.aliases,
        where=frozenset(where | ({"console"} if command.in_console else set())),
        description=command.description,
    )


def test_the_readme_lists_exactly_the_command_table() -> None:
    assert readme_rows() == [table_row(c) for c in COMMANDS]


def test_names_are_unique_and_telegram_accepts_the_menu() -> None:
    names = [name for c in COMMANDS for name in c.names]
    assert len(names) == len(set(names))
    for command in commands.menu():
        assert TELEGRAM_NAME.match(command.name)
        assert 3 <= len(command.description) <= 256


def test_usage_lines_begin_with_the_commands_synopsis() -> None:
    assert unescape(messages.ASK_USAGE_HTML).startswith(f"Usage: {commands.ASK.synopsis},")
    assert messages.SUBSCRIBE_USAGE.startswith(f"Usage: {commands.SUBSCRIBE.synopsis}\n")
    assert messages.TIMEZONE_USAGE.startswith(f"Usage: {commands.TIMEZONE.synopsis},")
    assert unescape(messages.CHART_USAGE_HTML).startswith(f"Usage: {commands.CHART.synopsis},")
    assert unescape(messages.SEARCH_USAGE_HTML).startswith(f"Usage: {commands.SEARCH.synopsis},")


def test_find_knows_names_and_aliases_within_the_commands_given() -> None:
    assert commands.find("METRICS", COMMANDS) is commands.METRIC
    assert commands.find("q", commands.console()) is commands.QUIT
    assert commands.find("subscribe", commands.console()) is None  # a Telegram chat's only
