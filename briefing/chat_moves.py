"""A group that Telegram migrated to a supergroup takes its digests along to the new chat id.

Telegram announces a migration with a service message (`migrate_to_chat_id` in the old
group, `migrate_from_chat_id` in the new supergroup) and answers any later send to the old
id with 400 ChatMigrated carrying the new id; whichever the bot sees first moves the chat.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from db import subscriptions
from db.engine import Engine, new_session

log = logging.getLogger(__name__)


def follow_migration(
    *, engine: Engine, old_chat_id: int, new_chat_id: int, now: datetime | None = None
) -> int:
    """Move the chat's subscriptions, outbox rows and digest cursor to its new id.

    Returns:
        How many subscriptions moved (0 when they already had, so repeating is harmless).
    """
    for attempt in range(2):
        with new_session(engine) as session:
            try:
                moved = subscriptions.move_chat(
                    session=session,
                    old_chat_id=old_chat_id,
                    new_chat_id=new_chat_id,
                    now=now or datetime.now(UTC),
                )
            except subscriptions.ChatCreatedConcurrently:
                if attempt:
                    raise
                session.rollback()
                continue  # the other notice of the same migration made the chat: move again
            session.commit()
            break
    log.info("chat %s migrated to %s: %d subscription(s) moved", old_chat_id, new_chat_id, moved)
    return moved
