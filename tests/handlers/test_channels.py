"""Channels: commands arrive as posts made by the channel; buttons are its administrators'."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

from db.engine import new_session
from db.models import Chat, Subscription
from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer
from tests.handlers.conftest import Feed

CHANNEL, ADMIN, READER = -1002223334, 91, 92
DISCUSSION = -1002223335
READERS_REFUSED = (
    "Only this channel's administrators can use its buttons: what they post, every reader sees."
)


def channel_subscriptions(engine: Engine, chat_id: int = CHANNEL) -> list[Subscription]:
    with new_session(engine) as session:
        return list(
            session.exec(select(Subscription).where(Subscription.chat_id == chat_id)).all()
        )


async def test_commands_posted_in_a_channel_change_its_digests_zone_and_language(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    async def post(text: str, signature: str | None = None) -> str:
        await feed(botapi.post_in_channel(text, chat_id=CHANNEL, signature=signature))
        return botapi.sent_to(CHANNEL)[-1].text

    assert (await post("/subscribe weekly friday 09:00 Qingdao")).startswith(
        "Subscribed: weekly on Friday at 09:00 (UTC) · Qingdao."
    )
    assert (await post("/subscribe@citybrief_test_bot software")).startswith("Subscribed: daily")
    assert (await post("/timezone shanghai", signature="Ann Editor")).startswith(
        "Time zone set to Asia/Shanghai. 2 subscription(s) now follow it."
    )
    listing = await post("/subscriptions")
    assert listing.startswith("This chat's digests\n1. ")
    assert (await post("/unsubscribe 青岛")) == "已停止：每周星期五09:00（Asia/Shanghai） · 青岛。"
    assert (await post("/language zh")) == "本聊天今后用中文回复。"
    assert (await post("/digest")).startswith("每日简报")
    assert [s.topic for s in channel_subscriptions(engine)] == ["software"]
    with new_session(engine) as session:
        chat = session.get(Chat, CHANNEL)
        assert chat is not None and (chat.type, chat.language) == ("channel", "zh")
    # A post is the channel's own: nobody is asked whether its author administers it.
    assert botapi.calls("getChatMember") == []
    replies = botapi.sent_to(CHANNEL)
    assert all(m.reply_markup is None or m.buttons() for m in replies)
    assert botapi.client_errors() == []


async def test_in_a_channel_only_administrators_buttons_do_anything(
    botapi: BotApiServer, feed: Feed, engine: Engine, app: AnyApplication
) -> None:
    botapi.set_admins(CHANNEL, ADMIN)
    await feed(botapi.post_in_channel("/subscribe", chat_id=CHANNEL))
    await feed(botapi.post_in_channel("/subscriptions", chat_id=CHANNEL))
    await feed(botapi.post_in_channel("/sources", chat_id=CHANNEL))
    _, listing, sources = botapi.sent_to(CHANNEL)

    for message, button in ((listing, "✖ Remove 1"), (listing, "⏸ Pause 1"), (sources, 0)):
        label = button if isinstance(button, str) else message.buttons()[button][0]
        press = botapi.press(message, label, user_id=READER)
        await feed(press)
        answered = botapi.callback_answers[press["callback_query"]["id"]]
        assert (answered["text"], answered["show_alert"]) == (READERS_REFUSED, True)
    assert len(botapi.sent_to(CHANNEL)) == 3 and listing.edits == 0 and sources.edits == 0
    (subscription,) = channel_subscriptions(engine)
    assert subscription.active

    await feed(botapi.press(listing, "⏸ Pause 1", user_id=ADMIN))
    assert listing.edits == 1 and "(paused)" in listing.text
    assert not channel_subscriptions(engine)[0].active
    asked = [r.params["user_id"] for r in botapi.calls("getChatMember")]
    assert asked == [READER, ADMIN]  # each answer kept for a minute
    assert botapi.client_errors() == []


async def test_channel_chatter_and_its_copies_in_the_discussion_group_are_left_alone(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    await feed(botapi.post_in_channel("Qingdao software revenue grew 25%", chat_id=CHANNEL))
    post = botapi.post_in_channel("/subscribe", chat_id=CHANNEL)
    await feed(post)
    await feed(botapi.forward_to_discussion(post, group_id=DISCUSSION))
    (subscribed,) = botapi.sent_to(CHANNEL)  # the command only, not the chatter
    assert subscribed.text.startswith("Subscribed: daily at 08:00 (UTC).")
    assert botapi.sent_to(DISCUSSION) == []  # no "only administrators" there, and no digest
    assert channel_subscriptions(engine, DISCUSSION) == []
    assert len(channel_subscriptions(engine)) == 1
