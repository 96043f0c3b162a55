"""Stickers, media, files, edits and unknown commands: a hint in private, silence in groups."""

from __future__ import annotations

from tests.botapi.server import BotApiServer
from tests.handlers.conftest import Feed, Say


async def test_non_text_messages_get_a_short_hint_in_private(
    botapi: BotApiServer, feed: Feed
) -> None:
    await feed(botapi.send_sticker(chat_id=41))
    await feed(botapi.send_photo(chat_id=41))
    await feed(botapi.send_voice(chat_id=41))
    await feed(botapi.send_document(b"%PDF", file_name="report.pdf", chat_id=41))
    sticker, photo, voice, document = botapi.sent_to(41)
    assert sticker.text.startswith("I can only read text") and photo.text == sticker.text
    assert voice.text == sticker.text
    assert document.text.startswith("I can't read files here")


async def test_edits_and_unknown_commands_are_pointed_elsewhere(
    botapi: BotApiServer, feed: Feed, say: Say
) -> None:
    question = botapi.send_text("5G base stations Shenzhen", chat_id=42)
    await feed(question)
    await feed(botapi.edit_text(question, "5G base stations Qingdao"))
    _, edited, unknown = await say(42, "/frobnicate now")
    assert edited.text.startswith("I answer new messages only")
    assert unknown.text == "I don't know /frobnicate. See /help for what I can do."


async def test_groups_ignore_everything_not_addressed_to_the_bot(
    botapi: BotApiServer, feed: Feed
) -> None:
    group = -300
    await feed(botapi.send_sticker(chat_id=group, user_id=2))
    await feed(botapi.send_photo(chat_id=group, user_id=2))
    await feed(botapi.send_text("/frobnicate", chat_id=group, user_id=2))
    message = botapi.send_text("hello all", chat_id=group, user_id=2)
    await feed(message)
    await feed(botapi.edit_text(message, "hello everyone"))
    assert botapi.sent_to(group) == [] and botapi.requests == [
        r for r in botapi.requests if r.method == "getme"
    ]
