"""Commands: /start and /help, in private chats and groups (listings: test_browse.py)."""

from __future__ import annotations

from briefing.present.buttons import example_label
from handlers.keyboards import example_key
from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer
from tests.handlers.conftest import Feed, Say

HEADINGS = ("Ask", "Browse", "Digests", "Settings")


async def test_start_is_short_with_three_example_buttons_from_the_store(
    app: AnyApplication, say: Say
) -> None:
    (reply,) = await say(21, "/start")
    assert reply.text.startswith("Hello, User21! I answer questions on digital-city development")
    assert len(reply.text.splitlines()) <= 6
    examples = app.bot_data.briefing.example_questions()[:3]
    assert [text for text, _ in reply.buttons()] == [example_label(q) for q in examples]
    assert len(examples) == 3
    assert [data for _, data in reply.buttons()] == [f"ex:{example_key(q)}" for q in examples]


async def test_pressing_an_example_asks_it(
    botapi: BotApiServer, feed: Feed, app: AnyApplication
) -> None:
    await feed(botapi.send_text("/start", chat_id=22))
    start = botapi.sent_to(22)[0]
    press = botapi.press(start, start.buttons()[0][0])
    await feed(press)
    answer = botapi.sent_to(22)[1]
    assert [d.split(":")[0] for _, d in answer.buttons() if d] == ["src", "rel"]
    assert press["callback_query"]["id"] in botapi.callback_answers


async def test_an_example_button_no_longer_offered_after_an_ingest_is_refused(
    botapi: BotApiServer, feed: Feed, app: AnyApplication
) -> None:
    await feed(botapi.send_text("/start", chat_id=25))
    start = botapi.sent_to(25)[0]
    stale = botapi.press_data(25, start.message_id, f"ex:{example_key('What is gone?')}")
    await feed(stale)
    answer = botapi.callback_answers[stale["callback_query"]["id"]]
    assert answer.get("text") == "That button has expired. Please ask again."
    assert len(botapi.sent_to(25)) == 1  # no other question asked in its place


async def test_deep_links_subscribe_ask_a_fact_and_preview_a_topic(
    botapi: BotApiServer, feed: Feed, app: AnyApplication
) -> None:
    await feed(botapi.send_text("/start subscribe", chat_id=26))
    assert botapi.sent_to(26)[0].text.startswith("Subscribed: daily at 08:00 (UTC).")
    fact = app.bot_data.briefing.index.entries[0].fact
    await feed(botapi.send_text(f"/start ask_{fact.stored_id}", chat_id=26))
    answered = botapi.sent_to(26)[1]
    assert fact.source.title in answered.text or fact.source.outlet in answered.text
    assert [d.split(":")[0] for _, d in answered.buttons() if d] == ["src", "rel"]
    await feed(botapi.send_text("/start topic_qingdao", chat_id=26))
    preview = botapi.sent_to(26)[2].text
    assert "· Qingdao" in preview.splitlines()[0]
    assert preview.endswith("Get this every day: /subscribe Qingdao")
    await feed(botapi.send_text("/start ask_999999", chat_id=26))
    stale, greeting = botapi.sent_to(26)[3:5]
    assert stale.text == "That link is out of date; here is what I can do."
    assert greeting.text.startswith("Hello, User26!")


async def test_a_payload_that_is_no_deep_link_is_a_plain_greeting(
    botapi: BotApiServer, feed: Feed, app: AnyApplication
) -> None:
    await feed(botapi.send_text("/start inline", chat_id=28))  # the inline mode's button
    (greeting,) = botapi.sent_to(28)
    assert greeting.text.startswith("Hello, User28!")
    assert len(greeting.buttons()) == 3


async def test_help_is_grouped(app: AnyApplication, say: Say) -> None:
    (reply,) = await say(27, "/help")
    headings = [line for line in reply.text.splitlines() if line in HEADINGS]
    assert headings == list(HEADINGS)


async def test_help_lists_every_command_and_the_bot_name(
    botapi: BotApiServer, app: AnyApplication, say: Say
) -> None:
    (reply,) = await say(23, "/help")
    for command in ("/start", "/help", "/ask", "/metric", "/initiative", "/sources", "/topics"):
        assert command in reply.text
    assert f"@{botapi.bot_username}" in reply.text
    assert app.bot_data.briefing.example_questions()[0] in reply.text  # asks from the store


async def test_group_commands_answer_when_addressed_to_this_bot_only(
    botapi: BotApiServer, feed: Feed
) -> None:
    await feed(botapi.send_text(f"/help@{botapi.bot_username}", chat_id=-200, user_id=3))
    await feed(botapi.send_text("/help@another_bot", chat_id=-200, user_id=3))
    assert len(botapi.sent_to(-200)) == 1
