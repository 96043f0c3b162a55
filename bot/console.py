"""The console side of answering: `citybrief ask` and the `citybrief chat` conversation.

`chat` offers the console's part of the command table (`briefing.present.commands`: /help, the
listings, /quit) and plain questions, with line editing and a history file when it runs on a
terminal, and reads questions line by line until end of input when it does not (scripts, CI).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import TextIO

from briefing.present import commands, messages
from briefing.present.answers import answer_dict, answer_text
from briefing.present.commands import Command
from briefing.present.help import console_help_text
from briefing.present.pages import page_text
from briefing.service import Briefing
from core.language import question_language

HISTORY_FILE = Path("data") / "chat_history"
CONSOLE_CHAT = 0
"""The console is one conversation: a follow-up refers to its last answer."""
HISTORY_LENGTH = 1_000
PROMPT = "you › "
CONSOLE_COMMANDS = commands.console()


def help_text(briefing: Briefing) -> str:
    """What the console understands, with questions this store can answer."""
    return console_help_text(CONSOLE_COMMANDS, briefing.example_questions())


def reply(briefing: Briefing, line: str) -> str | None:
    """The console's reply to one input line; None means the user asked to leave."""
    line = line.strip()
    if not line:
        return ""
    if not line.startswith("/"):
        return answer_text(
            briefing.answer(line, chat_id=CONSOLE_CHAT), lang=question_language(line)
        )
    typed, _, argument = line[1:].partition(" ")
    typed = typed.split("@", 1)[0].lower()
    command = commands.find(typed, CONSOLE_COMMANDS)
    if command is None:
        return messages.UNKNOWN_CONSOLE_COMMAND.format(command=typed)
    if command is commands.QUIT:
        return None
    if command.lists is None:  # /start and /help
        return help_text(briefing)
    return _listing(briefing, command, typed, argument.strip())


def _listing(briefing: Briefing, command: Command, typed: str, argument: str) -> str:
    """A page of the command's listing; a listing that takes a question answers one."""
    assert command.lists is not None
    if argument and not argument.isdigit() and command.usage:
        return answer_text(briefing.answer(argument), lang=question_language(argument))
    number = int(argument) if argument.isdigit() else 1
    page = briefing.browse(command.lists, page=number)
    if page is None:
        first = briefing.browse(command.lists, page=1)
        last = first.count if first else 1
        return messages.NO_SUCH_PAGE.format(number=number, command=typed, last=last)
    text = page_text(page)
    if page.number < page.count:
        text += "\n" + messages.MORE_PAGES.format(command=typed, number=page.number + 1)
    return text


def run_chat(
    briefing: Briefing,
    *,
    stdin: TextIO,
    stdout: TextIO,
    history_file: Path | None = HISTORY_FILE,
) -> None:
    """Converse until /quit or end of input; interactive with history when stdin is a TTY."""
    if stdin.isatty():
        _interactive(briefing, stdout=stdout, history_file=history_file)
        return
    for line in stdin:
        if not line.strip():
            continue
        text = reply(briefing, line)
        if text is None:
            return
        stdout.write(f"{PROMPT}{line.strip()}\n{text}\n\n")
        stdout.flush()


def _interactive(briefing: Briefing, *, stdout: TextIO, history_file: Path | None) -> None:
    readline = _readline(history_file)
    stdout.write(help_text(briefing) + "\n\n")
    try:
        while True:
            try:
                line = input(PROMPT)
            except EOFError:
                stdout.write("\n")
                return
            except KeyboardInterrupt:
                stdout.write("\n")
                continue
            text = reply(briefing, line)
            if text is None:
                return
            if text:
                stdout.write(text + "\n\n")
    finally:
        if readline is not None and history_file is not None:
            with contextlib.suppress(OSError):
                history_file.parent.mkdir(parents=True, exist_ok=True)
                readline.write_history_file(str(history_file))


def _readline(history_file: Path | None) -> ModuleType | None:
    """Enable line editing and load history; None where readline is unavailable."""
    try:
        import readline
    except ImportError:  # e.g. Windows without pyreadline
        return None
    readline.set_history_length(HISTORY_LENGTH)
    if history_file is not None and history_file.exists():
        with contextlib.suppress(OSError):
            readline.read_history_file(str(history_file))
    return readline


def ask_lines(briefing: Briefing, questions: Iterable[str], *, as_json: bool, out: TextIO) -> int:
    """Answer each question; JSON Lines when `as_json`. Returns how many were matched."""
    matched = 0
    for question in questions:
        question = question.rstrip("\n")
        answer = briefing.answer(question)
        matched += answer.matched
        if as_json:
            lang = question_language(question)
            out.write(json.dumps(answer_dict(answer, lang=lang), ensure_ascii=False) + "\n")
        else:
            out.write(answer_text(answer, lang=question_language(question)) + "\n\n")
        out.flush()
    return matched


def read_stdin_questions() -> Iterable[str]:
    """Non-empty lines of stdin, one question each."""
    return (line for line in sys.stdin if line.strip())
