"""The console side of answering: `citybrief ask` and the `citybrief chat` conversation.

`chat` offers the bot's command set in a terminal (/help, /metrics, /initiatives, /sources,
/topics, plain questions, /quit) with line editing and a history file when it runs on a
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

from briefing.browse import SECTIONS
from briefing.render import answer_dict, answer_text, page_text
from briefing.service import Briefing

HISTORY_FILE = Path("data") / "chat_history"
HISTORY_LENGTH = 1_000
PROMPT = "you › "
QUIT_COMMANDS = frozenset({"quit", "exit", "q"})


def help_text(briefing: Briefing) -> str:
    """What the console (and the bot) understands, with questions this store can answer."""
    examples = "\n".join(f"  {q}" for q in briefing.example_questions())
    lines = [
        "Ask a question in your own words, or use a command:",
        "  /metrics [page]      figures: revenue, growth, counts, rankings",
        "  /initiatives [page]  initiatives, targets and events",
        "  /sources [page]      the documents the facts come from",
        "  /topics [page]       topics covered",
        "  /help                this text",
        "  /quit                leave",
    ]
    if examples:
        lines += ["For example:", examples]
    return "\n".join(lines)


def reply(briefing: Briefing, line: str) -> str | None:
    """The console's reply to one input line; None means the user asked to leave."""
    line = line.strip()
    if not line:
        return ""
    if not line.startswith("/"):
        return answer_text(briefing.answer(line))
    command, _, argument = line[1:].partition(" ")
    command = command.split("@", 1)[0].lower()
    if command in QUIT_COMMANDS:
        return None
    if command in {"help", "start"}:
        return help_text(briefing)
    if command in SECTIONS:
        argument = argument.strip()
        number = int(argument) if argument.isdigit() else 1
        page = briefing.browse(command, page=number)
        if page is None:
            first = briefing.browse(command, page=1)
            last = first.count if first else 1
            return f"There is no page {number} of /{command}; pages run 1 to {last}."
        text = page_text(page)
        if page.number < page.count:
            text += f"\nMore: /{command} {page.number + 1}"
        return text
    return f"Unknown command /{command}. Type /help for the list."


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
            out.write(json.dumps(answer_dict(answer), ensure_ascii=False) + "\n")
        else:
            out.write(answer_text(answer) + "\n\n")
        out.flush()
    return matched


def read_stdin_questions() -> Iterable[str]:
    """Non-empty lines of stdin, one question each."""
    return (line for line in sys.stdin if line.strip())
