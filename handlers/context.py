"""The typed `bot_data` every handler and job reads, and the `Context` type they take.

As in PTB's `contexttypesbot.py` example, `ContextTypes(bot_data=BotData)` makes
`context.bot_data` a `BotData` instead of a dict: services are attributes mypy checks, not
string keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ContextTypes, ExtBot

from briefing.present.commands import Command
from briefing.service import Briefing
from core.settings import Settings
from db.engine import Engine

if TYPE_CHECKING:
    from handlers.permissions import ChatAdmins


@dataclass(init=False)
class BotData:
    """The services handlers need, set once by `bot.app.build_application`.

    PTB creates `bot_data` itself, without arguments, when the Application is built; the
    fields are filled right after, before any update or job runs.
    """

    briefing: Briefing
    engine: Engine
    settings: Settings
    commands: tuple[Command, ...]  # the command table (menu, /help)
    chat_admins: ChatAdmins  # who administers which group (getChatMember, cached)
    clock: Callable[[], datetime]  # now, aware UTC: when subscriptions are scheduled from


Context = CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]
"""What every handler, error handler and job callback receives."""

CONTEXT_TYPES: ContextTypes[Context, dict[Any, Any], dict[Any, Any], BotData] = ContextTypes(
    bot_data=BotData
)
