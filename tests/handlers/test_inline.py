"""Inline mode: answer cards for `@bot question`."""

from __future__ import annotations

from tests.botapi.server import BotApiServer
from tests.botapi.telegram_html import parse_html
from tests.handlers.conftest import Feed


async def test_an_inline_query_gets_an_html_answer_card(botapi: BotApiServer, feed: Feed) -> None:
    query = botapi.inline_query("5G base stations Shenzhen")
    await feed(query)
    (card,) = botapi.inline_answers[query["inline_query"]["id"]]["results"]
    assert card["type"] == "article" and card["title"].startswith("5G base stations, Shenzhen")
    content = card["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert "46,000" in parse_html(content["message_text"]).text


async def test_an_uncertain_inline_query_offers_one_card_per_candidate(
    botapi: BotApiServer, feed: Feed
) -> None:
    query = botapi.inline_query("revenue Qingdao")
    await feed(query)
    cards = botapi.inline_answers[query["inline_query"]["id"]]["results"]
    assert 2 <= len(cards) <= 3 and len({c["id"] for c in cards}) == len(cards)


async def test_an_empty_inline_query_suggests_examples_and_nonsense_gets_none(
    botapi: BotApiServer, feed: Feed
) -> None:
    empty = botapi.inline_query("")
    nonsense = botapi.inline_query("qwertyuiop zxcv")
    await feed(empty)
    await feed(nonsense)
    assert botapi.inline_answers[empty["inline_query"]["id"]]["results"]
    assert botapi.inline_answers[nonsense["inline_query"]["id"]]["results"] == []
    assert botapi.client_errors() == []


async def test_a_chinese_user_gets_chinese_cards_kept_to_themselves(
    botapi: BotApiServer, feed: Feed
) -> None:
    botapi.set_user_language(1002, "zh-hans")
    query = botapi.inline_query("5G base stations Shenzhen", user_id=1002)
    await feed(query)
    answered = botapi.inline_answers[query["inline_query"]["id"]]
    (card,) = answered["results"]
    assert card["title"] == "深圳 · 5G base stations · 2020年：4.6万个"
    assert (
        "Tech Daily，2021年3月2日"
        in parse_html(card["input_message_content"]["message_text"]).text
    )
    assert answered["is_personal"] is True
