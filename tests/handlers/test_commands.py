"""Commands: /start and /help, in private chats and groups (listings: test_browse.py)."""

from __future__ import annotations

from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer
from tests.handlers.conftest import Feed


async def test_start_says_what_the_bot_knows_with_example_buttons(
    botapi: BotApiServer, feed: Feed, app: AnyApplication
) -> None:
    await feed(botapi.send_text("/start", chat_id=21))
    (reply,) = botapi.sent_to(21)
    assert "Hello, User21!" in reply.text
    assert "Digital Qingdao <mid-year> review & outlook" in reply.text  # escaped, then shown
    examples = app.bot_data.briefing.example_questions()
    assert examples and examples[0] in reply.text
    assert [data for _, data in reply.buttons()][:1] == ["ex:0"]


async def test_pressing_an_example_asks_it(
    botapi: BotApiServer, feed: Feed, app: AnyApplication
) -> None:
    await feed(botapi.send_text("/start", chat_id=22))
    press = botapi.press(botapi.sent_to(22)[0], "ex:0")
    await feed(press)
    answer = botapi.sent_to(22)[1]
    assert [d.split(":")[0] for _, d in answer.buttons() if d] == ["src", "rel"]
    assert press["callback_query"]["id"] in botapi.callback_answers


async def test_help_lists_every_command_and_the_bot_name(
    botapi: BotApiServer, feed: Feed, app: AnyApplication
) -> None:
    await feed(botapi.send_text("/help", chat_id=23))
    (reply,) = botapi.sent_to(23)
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
