"""Who may change a chat's digests, time zone and language.

In a private chat, its user. In a group, its administrators (and the bot's configured admins,
ADMIN_CHAT_IDS): the digests, zone and language hold for everyone there, so one member must not
change or stop them for all. In a channel, a post (only administrators can post) and an
administrator's button press. Telegram is asked with getChatMember; the answer is kept for
ADMIN_CACHE_SECONDS, so a burst of button presses asks once, and a demotion takes effect within
that time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from telegram import Update
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden

from handlers.context import Context

ADMIN_STATUSES = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})

ADMIN_CACHE_SECONDS = 60.0
"""How long a getChatMember answer is trusted."""

ADMIN_CACHE_SIZE = 10_000
"""Answers kept at most; the oldest are dropped beyond it."""


class ChatAdmins:
    """getChatMember answers per (chat, user), kept briefly; the clock is injectable."""

    def __init__(
        self,
        *,
        ttl: float = ADMIN_CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        size: int = ADMIN_CACHE_SIZE,
    ) -> None:
        self._ttl = ttl
        self._clock = clock
        self._size = size
        self._answers: dict[tuple[int, int], tuple[bool, float]] = {}

    async def is_admin(self, context: Context, *, chat_id: int, user_id: int) -> bool:
        """Whether `user_id` administers `chat_id` (a user Telegram does not know: False)."""
        key, now = (chat_id, user_id), self._clock()
        known = self._answers.get(key)
        if known is not None and now - known[1] < self._ttl:
            return known[0]
        try:
            member = await context.bot.get_chat_member(chat_id, user_id)
            admin = member.status in ADMIN_STATUSES
        except (BadRequest, Forbidden):
            admin = False
        self._answers.pop(key, None)
        self._answers[key] = (admin, now)
        while len(self._answers) > self._size:
            del self._answers[next(iter(self._answers))]
        return admin


async def may_change_chat(update: Update, context: Context) -> bool:
    """Whether the sender may change the chat's digests, time zone or language."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None:
        return False
    if chat.type == chat.PRIVATE or _configured_admin(update, context):
        return True
    if update.callback_query is None and message is not None and message.sender_chat is not None:
        # The chat itself wrote: a channel's post (only its administrators can post there) or
        # a group's anonymous administrator. Another chat (a member posting as their own
        # channel) has no say here.
        return message.sender_chat.id == chat.id
    if user is None:
        return False
    return await context.bot_data.chat_admins.is_admin(context, chat_id=chat.id, user_id=user.id)


def _configured_admin(update: Update, context: Context) -> bool:
    """The sender (or the chat) is one of the bot's admins, ADMIN_CHAT_IDS."""
    admins = context.bot_data.settings.admin_chat_ids
    return any(
        x is not None and x.id in admins for x in (update.effective_user, update.effective_chat)
    )
