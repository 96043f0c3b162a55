"""Questions: private text, /ask, and group messages addressed to the bot."""

from __future__ import annotations

from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer
from tests.handlers.conftest import Feed, Say

GROUP = -100500


async def test_a_private_question_gets_the_cited_figure_with_buttons(
    botapi: BotApiServer, say: Say
) -> None:
    (reply,) = await say(11, "How many 5G base stations in Shenzhen?")
    assert "46,000" in reply.text and "Tech Daily" in reply.text
    assert reply.parse_mode == "HTML" and any(e["type"] == "bold" for e in reply.entities)
    assert [data.split(":")[0] for _, data in reply.buttons() if data] == ["src", "rel"]
    assert botapi.client_errors() == []


async def test_a_misspelled_question_is_still_answered(say: Say) -> None:
    (reply,) = await say(12, "elektronic equipmnt revenu qingdao")
    assert "32.99 billion yuan" in reply.text


async def test_an_uncertain_question_offers_at_most_three_choices(say: Say) -> None:
    (reply,) = await say(13, "revenue Qingdao")
    assert "Did you mean" in reply.text
    choices = [data for _, data in reply.buttons() if data and data.startswith("f:")]
    assert 2 <= len(choices) <= 3
    assert all(len(data.encode()) <= 64 for _, data in reply.buttons() if data)


async def test_an_out_of_scope_question_says_so_without_buttons(say: Say) -> None:
    (reply,) = await say(14, "who won the football world cup?")
    assert "don't know" in reply.text and reply.buttons() == []


async def test_user_markup_is_escaped(botapi: BotApiServer, say: Say) -> None:
    (reply,) = await say(15, "<b>&" * 40)
    assert reply.text and botapi.client_errors() == []


async def test_an_overlong_message_is_refused_with_a_hint(say: Say) -> None:
    (reply,) = await say(16, "broadband " * 500)
    assert "too long for a question" in reply.text


async def test_ask_answers_its_argument_and_explains_itself_without_one(say: Say) -> None:
    answer, usage = await say(17, "/ask 5G base stations Shenzhen", "/ask")
    assert "46,000" in answer.text
    assert usage.text.startswith("Usage: /ask <question>")


async def test_groups_answer_mentions_and_replies_and_ignore_chatter(
    botapi: BotApiServer, feed: Feed, app: AnyApplication
) -> None:
    await feed(botapi.send_text("5G base stations Shenzhen", chat_id=GROUP, user_id=5))
    assert botapi.sent_to(GROUP) == []
    mention = botapi.send_text(
        f"@{botapi.bot_username} 5G base stations Shenzhen", chat_id=GROUP, user_id=5
    )
    await feed(mention)
    (answer,) = botapi.sent_to(GROUP)
    assert "46,000" in answer.text
    stored = botapi._messages[(GROUP, answer.message_id)]
    assert stored["reply_to_message"]["message_id"] == mention["message"]["message_id"]
    follow_up = botapi.send_text(
        "and electronic equipment revenue in Qingdao?",
        chat_id=GROUP,
        user_id=6,
        reply_to_message_id=answer.message_id,
    )
    await feed(follow_up)
    assert "32.99 billion yuan" in botapi.sent_to(GROUP)[1].text
    await feed(botapi.send_text("@someone_else 5G base stations", chat_id=GROUP, user_id=5))
    assert len(botapi.sent_to(GROUP)) == 2


async def test_a_bare_mention_asks_for_a_question(botapi: BotApiServer, feed: Feed) -> None:
    await feed(botapi.send_text(f"@{botapi.bot_username}", chat_id=GROUP, user_id=5))
    (reply,) = botapi.sent_to(GROUP)
    assert "Ask me something" in reply.text
