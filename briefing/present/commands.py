"""The one command table: it drives setMyCommands, /help, the console and the README's list.

Adding a command is one entry here and its handler; `tests/briefing/present/test_commands.py`
checks the README against this table and the usage lines in `messages` against the synopses.
"""

from __future__ import annotations

from typing import NamedTuple

from briefing.present import messages
from briefing.present.i18n import gettext
from core.language import Language


class Command(NamedTuple):
    """A command as users see it."""

    name: str
    description: str  # the menu line Telegram shows, and in /help and the console (a msgid)
    usage: str = ""  # the arguments, e.g. "[daily|weekly] [HH:MM]"
    aliases: tuple[str, ...] = ()  # other names that do the same
    lists: str | None = None  # the browse section it lists, if it is a listing
    in_menu: bool = True  # registered with Telegram (setMyCommands) and listed by /help
    in_console: bool = False  # understood by `citybrief chat`

    @property
    def names(self) -> tuple[str, ...]:
        """The name and its aliases."""
        return (self.name, *self.aliases)

    @property
    def synopsis(self) -> str:
        """How to type it: "/subscribe [daily|weekly] …"."""
        return f"/{self.name} {self.usage}".rstrip()

    def describe(self, lang: Language) -> str:
        """The description in `lang`."""
        return gettext(self.description, lang)


def _asking_listing(name: str, description: str) -> Command:
    """A listing that also answers a question about what it lists: /metric (or /metrics)
    lists the "metrics" section."""
    plural = f"{name}s"
    usage = "[page|topic or region|question]"
    return Command(name, description, usage, aliases=(plural,), lists=plural, in_console=True)


START = Command("start", messages.START_DESCRIPTION, in_console=True)
HELP = Command("help", messages.HELP_DESCRIPTION, in_console=True)
ASK = Command("ask", messages.ASK_DESCRIPTION, "<question>", in_console=True)


METRIC = _asking_listing("metric", messages.METRIC_DESCRIPTION)
INITIATIVE = _asking_listing("initiative", messages.INITIATIVE_DESCRIPTION)
SOURCES = Command(
    "sources", messages.SOURCES_DESCRIPTION, "[page]", lists="sources", in_console=True
)
TOPICS = Command("topics", messages.TOPICS_DESCRIPTION, "[page]", lists="topics", in_console=True)
LATEST = Command("latest", messages.LATEST_DESCRIPTION, in_console=True)
SEARCH = Command("search", messages.SEARCH_DESCRIPTION, "<words>", in_console=True)
CHART = Command("chart", messages.CHART_DESCRIPTION, "<measure>", in_console=True)
EXPORT = Command("export", messages.EXPORT_DESCRIPTION, "[topic or region]", in_console=True)
SUBSCRIBE = Command(
    "subscribe",
    messages.SUBSCRIBE_DESCRIPTION,
    "[daily|weekly] [HH:MM] [weekday] [topic or region]",
)
SUBSCRIPTIONS = Command("subscriptions", messages.SUBSCRIPTIONS_DESCRIPTION)
UNSUBSCRIBE = Command("unsubscribe", messages.UNSUBSCRIBE_DESCRIPTION, "[topic or region|all]")
TIMEZONE = Command(
    "timezone", messages.TIMEZONE_DESCRIPTION, "[city|country|Area/City|UTC offset]"
)
DIGEST = Command("digest", messages.DIGEST_DESCRIPTION, in_console=True)
LANGUAGE = Command("language", messages.LANGUAGE_DESCRIPTION, "[en|zh]", in_console=True)
QUIT = Command(
    "quit", messages.QUIT_DESCRIPTION, aliases=("exit", "q"), in_menu=False, in_console=True
)

COMMANDS: tuple[Command, ...] = (
    START,
    HELP,
    ASK,
    METRIC,
    INITIATIVE,
    SOURCES,
    TOPICS,
    LATEST,
    SEARCH,
    CHART,
    EXPORT,
    SUBSCRIBE,
    SUBSCRIPTIONS,
    UNSUBSCRIBE,
    TIMEZONE,
    DIGEST,
    LANGUAGE,
    QUIT,
)
"""Every command, in the order menus and help list them."""


def menu(commands: tuple[Command, ...] = COMMANDS) -> tuple[Command, ...]:
    """The commands Telegram's menu and /help show."""
    return tuple(c for c in commands if c.in_menu)


def console(commands: tuple[Command, ...] = COMMANDS) -> tuple[Command, ...]:
    """The commands `citybrief chat` understands."""
    return tuple(c for c in commands if c.in_console)


def find(name: str, commands: tuple[Command, ...]) -> Command | None:
    """The command called `name` (or with it as an alias), case-insensitively; None if none."""
    wanted = name.lower()
    return next((c for c in commands if wanted in c.names), None)
