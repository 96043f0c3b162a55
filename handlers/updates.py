"""Which updates a command handler takes: new messages, and new posts in channels.

In a channel nobody writes but its administrators, and their posts come as `channel_post`
updates: no sender user, the channel itself as `sender_chat` (`author_signature` names the
administrator when posts are signed). So commands are taken from channel posts as well as from
messages, and such a post may change the channel's digests, time zone and language
(`handlers.permissions`). Edits are not commands, nor is a channel's post that Telegram copies
into the channel's discussion group (`is_automatic_forward`): the group asked for nothing.
"""

from __future__ import annotations

from telegram.ext import filters

COMMAND_UPDATES = (
    filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
) & ~filters.IS_AUTOMATIC_FORWARD
"""The updates every `CommandHandler` takes."""
