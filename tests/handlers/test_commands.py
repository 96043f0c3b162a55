"""Commands: /start, /help, listings and their pages, in private chats and groups."""

from __future__ import annotations

from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer
from tests.factories import FactFactory, metric_series
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


async def test_listings_page_with_buttons_that_edit_in_place(
    botapi: BotApiServer, feed: Feed, app: AnyApplication, fact_factory: FactFactory
) -> None:
    metric_series(fact_factory, 20)
    app.bot_data.briefing.refresh()
    await feed(botapi.send_text("/metric", chat_id=24))
    (page,) = botapi.sent_to(24)
    assert "(page 1/" in page.text and page.buttons() == [("Next ›", "pg:metrics:2")]
    await feed(botapi.press(page, "Next ›"))
    (edited,) = botapi.sent_to(24)
    assert edited.edits == 1 and "(page 2/" in edited.text
    assert [text for text, _ in edited.buttons()] == ["‹ Prev", "Next ›"]
    # a second press on the now-stale "page 2" button of an old copy is harmless
    await feed(botapi.press_data(24, page.message_id, "pg:metrics:2"))
    assert [r.description for r in botapi.client_errors()] == [
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    ]
    assert len(botapi.sent_to(24)) == 1 and not botapi.sent_to(24)[0].text.startswith("Sorry")


async def test_metric_with_a_question_answers_it(botapi: BotApiServer, feed: Feed) -> None:
    await feed(botapi.send_text("/metric 5G base stations Shenzhen", chat_id=25))
    assert "46,000" in botapi.sent_to(25)[0].text


async def test_sources_topics_and_initiatives_list_the_store(
    botapi: BotApiServer, feed: Feed
) -> None:
    for command in ("/sources", "/topics", "/initiative"):
        await feed(botapi.send_text(command, chat_id=26))
    sources, topics, initiatives = botapi.sent_to(26)
    assert "Shenzhen builds out 5G" in sources.text
    assert "revenue" in topics.text
    assert "Industrial Internet platforms" in initiatives.text


async def test_group_commands_answer_when_addressed_to_this_bot_only(
    botapi: BotApiServer, feed: Feed
) -> None:
    await feed(botapi.send_text(f"/help@{botapi.bot_username}", chat_id=-200, user_id=3))
    await feed(botapi.send_text("/help@another_bot", chat_id=-200, user_id=3))
    assert len(botapi.sent_to(-200)) == 1
