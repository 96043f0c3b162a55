"""The console side of answering: `citybrief ask` and the `citybrief chat` conversation.

`chat` understands the bot's whole command table (`briefing.present.commands`): the commands
that make sense in a console are carried out (questions, /ask, listings with a page or a topic
or region, /latest, /search, /chart and /export, which write their PNG or CSV under `data/`,
/digest, /language, /quit); the others (subscriptions, time zones) say they work in Telegram.
A "did you mean" lists numbered choices, and typing a number picks one. Replies wrap at word
boundaries to the terminal's width. With a terminal there is line editing and a history file;
without one (scripts, CI) questions are read line by line until end of input.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from types import ModuleType
from typing import TextIO

from briefing.browse import browse_page
from briefing.charts import Chart, chart_for_request
from briefing.digest import Digest, compose_for_chat, key_chart
from briefing.export import export_facts, write_csv
from briefing.focus import read_listing_request
from briefing.index import FactIndex
from briefing.inline import fact_answer
from briefing.latest import latest_documents
from briefing.present import commands, messages
from briefing.present.answers import answer_dict, answer_text
from briefing.present.charts import chart_caption_html, chart_png, chart_title
from briefing.present.commands import Command
from briefing.present.digests import digest_chart_note, digest_text, fits_one_message
from briefing.present.help import console_help_text
from briefing.present.i18n import gettext
from briefing.present.languages import language_name
from briefing.present.news import export_file_name, latest_text, search_text
from briefing.present.pages import page_text
from briefing.search import SearchPage, search_passages
from briefing.service import Briefing
from briefing.subscriptions import utc_now
from briefing.views import Answer
from core.facts import Fact
from core.language import Language, question_language
from db.engine import Engine

HISTORY_FILE = Path("data") / "chat_history"
OUTPUT_DIR = Path("data")
"""Where /chart and /export write their files (charts/ and exports/ beneath it)."""
CONSOLE_CHAT = 0
"""The console is one conversation: a follow-up refers to its last answer."""
HISTORY_LENGTH = 1_000
PROMPT = "you › "
CONSOLE_COMMANDS = commands.console()
ASKING_LISTINGS = (commands.METRIC, commands.INITIATIVE)
"""Listings whose other words are a question, as in Telegram."""
DEFAULT_WIDTH = 100
"""Replies wrap at this width when the output is not a terminal."""
MIN_WIDTH = 40


def help_text(briefing: Briefing) -> str:
    """What the console understands, with questions this store can answer."""
    return console_help_text(commands.COMMANDS, briefing.example_questions())


@dataclass
class ConsoleChat:
    """One console conversation: its reply language, pending choices and last search."""

    briefing: Briefing
    engine: Engine
    output_dir: Path = OUTPUT_DIR
    language: Language | None = None  # set with /language; else each question's own
    choices: tuple[Fact, ...] = ()  # the last "did you mean", picked by typing its number
    search: SearchPage | None = None  # the last search, continued by /search alone
    table: tuple[Command, ...] = field(default=commands.COMMANDS)

    def reply(self, line: str) -> str | None:
        """The reply to one input line; None means the user asked to leave."""
        line = line.strip()
        if not line:
            return ""
        if line.isdigit() and self.choices:
            return self._pick(int(line))
        if not line.startswith("/"):
            return self._answer(line)
        typed, _, argument = line[1:].partition(" ")
        typed = typed.split("@", 1)[0].lower()
        argument = argument.strip()
        command = commands.find(typed, self.table)
        if command is None:
            return messages.UNKNOWN_CONSOLE_COMMAND.format(command=typed)
        if command is commands.QUIT:
            return None
        if not command.in_console:
            return gettext(messages.TELEGRAM_ONLY, self._lang()).format(
                command=command.name, description=command.describe(self._lang())
            )
        return self._command(command, typed, argument)

    def _command(self, command: Command, typed: str, argument: str) -> str:
        if command.lists is not None:
            return self._listing(command, typed, argument)
        if command is commands.ASK:
            return (
                self._answer(argument)
                if argument
                else _usage(messages.ASK_USAGE_HTML, self._lang())
            )
        if command is commands.LATEST:
            return latest_text(latest_documents(self.briefing.index), lang=self._lang())
        if command is commands.SEARCH:
            return self._search(argument)
        if command is commands.CHART:
            return self._chart(argument)
        if command is commands.EXPORT:
            return self._export(argument)
        if command is commands.DIGEST:
            return self._digest()
        if command is commands.LANGUAGE:
            return self._set_language(argument)
        return help_text(self.briefing)  # /start and /help

    def _answer(self, question: str, answer: Answer | None = None) -> str:
        if answer is None:
            answer = self.briefing.answer(question, chat_id=CONSOLE_CHAT)
        self.choices = () if answer.matched else answer.alternatives[:3]
        lang = self.language or question_language(question)
        text = answer_text(answer, lang=lang)
        if self.choices:
            text += "\n" + gettext(messages.PICK_A_NUMBER, lang)
        return text

    def _pick(self, number: int) -> str:
        if not 1 <= number <= len(self.choices):
            return gettext(messages.NO_SUCH_CHOICE, self._lang()).format(
                number=number, last=len(self.choices)
            )
        fact = self.choices[number - 1]
        return self._answer(fact.subject, fact_answer(fact))

    def _listing(self, command: Command, typed: str, argument: str) -> str:
        """A page of the command's listing, about a topic or region; or an answer."""
        assert command.lists is not None
        request = read_listing_request(argument, self.briefing.index.entries)
        if request.question is not None and command in ASKING_LISTINGS:
            return self._answer(request.question)
        index = self.briefing.index
        page = browse_page(index, command.lists, page=request.page, focus=request.focus)
        if page is None:
            first = browse_page(index, command.lists, focus=request.focus)
            last = first.count if first else 1
            return messages.NO_SUCH_PAGE.format(number=request.page, command=typed, last=last)
        text = page_text(page, lang=self._lang())
        if page.number < page.count:
            more = f"{request.focus.name} {page.number + 1}" if request.focus else page.number + 1
            text += "\n" + messages.MORE_PAGES.format(command=typed, number=more)
        return text

    def _search(self, words: str) -> str:
        if not words and self.search is None:
            return _usage(messages.SEARCH_USAGE_HTML, self._lang())
        if words:
            self.search = search_passages(self.engine, words)
        elif self.search is not None:
            following = self.search.number % max(self.search.count, 1) + 1
            self.search = search_passages(self.engine, self.search.query, page=following)
        assert self.search is not None
        text = search_text(self.search, lang=self._lang())
        if self.search.number < self.search.count:
            text += "\n" + messages.MORE_PAGES.format(command="search", number="").rstrip()
        return text

    def _chart(self, measure: str) -> str:
        if not measure:
            return _usage(messages.CHART_USAGE_HTML, self._lang())
        lang = self.language or question_language(measure)
        answer = self.briefing.answer(measure)
        chart = chart_for_request(self.briefing.index, answer)
        if chart is None:
            text = answer_text(answer, lang=lang)
            return f"{gettext(messages.NO_CHART, lang)}\n{text}" if answer.matched else text
        path = save_chart(chart, self.output_dir / "charts", lang=lang)
        caption = _plain(chart_caption_html(chart, lang=lang))
        return f"{caption}\n{gettext(messages.CHART_SAVED, lang).format(path=path)}"

    def _digest(self) -> str:
        lang = self._lang()
        digest = compose_for_chat(
            engine=self.engine, chat_id=CONSOLE_CHAT, now=utc_now(), fits=fits_one_message
        )
        text = digest_text(digest, lang=lang)
        note = saved_digest_chart(self.briefing.index, digest, self.output_dir / "charts", lang)
        return f"{text}\n\n{note}" if note else text

    def _export(self, about: str) -> str:
        lang = self._lang()
        found = export_facts(self.engine, about)
        if found is None:
            return gettext(messages.EXPORT_UNKNOWN, lang).format(value=f"“{about}”")
        if not found.facts:
            return gettext(messages.EXPORT_NOTHING, lang)
        folder = self.output_dir / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / export_file_name(found.focus)
        with path.open("w", encoding="utf-8", newline="") as out:
            count = write_csv(found.facts, out)
        return gettext(messages.EXPORT_SAVED, lang).format(count=count, path=path)

    def _set_language(self, code: str) -> str:
        if code:
            try:
                self.language = Language(code.lower())
            except ValueError:
                return gettext(messages.LANGUAGE_UNKNOWN, self._lang()).format(value=code)
        lang = self._lang()
        name = language_name(lang, lang=lang)
        return gettext(messages.LANGUAGE_SET, lang).format(language=name)

    def _lang(self) -> Language:
        return self.language or Language.EN


def save_chart(chart: Chart, folder: Path, *, lang: Language) -> Path:
    """Draw `chart` into a PNG file in `folder`, named after its title and data; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", chart_title(chart).lower()).strip("-")[:40]
    digest = hashlib.sha256(repr(chart.key).encode()).hexdigest()[:8]
    path = folder / f"chart-{slug or 'measure'}-{digest}.png"
    path.write_bytes(chart_png(chart, lang=lang))
    return path


def saved_digest_chart(index: FactIndex, digest: Digest, folder: Path, lang: Language) -> str:
    """For a preview: the chart that would follow `digest`, saved in `folder`, in two lines;
    empty when none would."""
    chart = key_chart(index, digest) if not digest.empty else None
    if chart is None:
        return ""
    path = save_chart(chart, folder, lang=lang)
    saved = gettext(messages.CHART_SAVED, lang).format(path=path)
    return f"{digest_chart_note(chart, lang=lang)}\n{saved}"


def reply(briefing: Briefing, line: str, *, engine: Engine) -> str | None:
    """The reply to one line in a fresh conversation (None: the user asked to leave)."""
    return ConsoleChat(briefing, engine).reply(line)


def wrap(text: str, width: int) -> str:
    """Wrap each line of `text` at word boundaries to `width` terminal columns, keeping its
    indent (and a bullet's hanging indent). Chinese breaks between characters, which are two
    columns wide; a word longer than a line is not broken."""
    lines = []
    for line in text.splitlines():
        if display_width(line) <= width:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        body = line[len(indent) :]
        hanging = indent + " " * (len(body) - len(body.lstrip("•-0123456789. ")))
        lines.extend(_fill(line, width, hanging))
    return "\n".join(lines)


_UNITS = re.compile(
    r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef][，。、；：！？）》」』]*|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+"
)


def _fill(line: str, width: int, hanging: str) -> list[str]:
    """Greedy filling of one line's units (words, single Chinese characters)."""
    body = line.lstrip()
    out: list[str] = []
    current, filled, spaced = line[: len(line) - len(body)], False, False
    for unit in _UNITS.findall(body):
        if unit.isspace():
            spaced = True
            continue
        piece = f" {unit}" if spaced and filled else unit
        if filled and display_width(current + piece) > width:
            out.append(current)
            current = hanging + unit
        else:
            current += piece
        filled, spaced = True, False
    out.append(current)
    return out


def display_width(text: str) -> int:
    """How many terminal columns `text` takes (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def output_width(stdout: TextIO) -> int:
    """The terminal's width, or DEFAULT_WIDTH when the output is not a terminal."""
    if not stdout.isatty():
        return DEFAULT_WIDTH
    return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns - 1)


def run_chat(
    briefing: Briefing,
    *,
    engine: Engine,
    stdin: TextIO,
    stdout: TextIO,
    history_file: Path | None = HISTORY_FILE,
) -> None:
    """Converse until /quit or end of input; interactive with history when stdin is a TTY."""
    chat = ConsoleChat(briefing, engine)
    width = output_width(stdout)
    if stdin.isatty():
        _interactive(chat, stdout=stdout, history_file=history_file, width=width)
        return
    for line in stdin:
        if not line.strip():
            continue
        text = chat.reply(line)
        if text is None:
            return
        stdout.write(f"{PROMPT}{line.strip()}\n{wrap(text, width)}\n\n")
        stdout.flush()


def _interactive(
    chat: ConsoleChat, *, stdout: TextIO, history_file: Path | None, width: int
) -> None:
    readline = _readline(history_file)
    stdout.write(wrap(help_text(chat.briefing), width) + "\n\n")
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
            text = chat.reply(line)
            if text is None:
                return
            if text:
                stdout.write(wrap(text, width) + "\n\n")
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


def _usage(message: str, lang: Language) -> str:
    """A usage line (worded as HTML for Telegram) as plain text."""
    return _plain(gettext(message, lang))


def _plain(html: str) -> str:
    """Telegram HTML of our own making as plain text: tags dropped, entities unescaped."""
    return unescape(re.sub(r"<[^>]+>", "", html))


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
