"""Inline mode: answer cards for `@bot question`."""

from __future__ import annotations

from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer
from tests.botapi.telegram_html import parse_html
from tests.factories import FactFactory, city_store, metric_series
from tests.handlers.conftest import Feed


async def test_an_inline_query_gets_an_html_answer_card(botapi: BotApiServer, feed: Feed) -> None:
    query = botapi.inline_query("5G base stations Shenzhen")
    await feed(query)
    (card,) = botapi.inline_answers[query["inline_query"]["id"]]["results"]
    assert card["type"] == "article" and card["title"].startswith("Shenzhen, 5G base stations")
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


async def test_a_long_title_keeps_its_figure_and_growth_and_the_description_its_source(
    botapi: BotApiServer, feed: Feed, app: AnyApplication, fact_factory: FactFactory
) -> None:
    city_store(fact_factory)
    app.bot_data.briefing.refresh()
    query = botapi.inline_query("electronic equipment manufacturing revenue Harbourtown")
    await feed(query)
    card = botapi.inline_answers[query["inline_query"]["id"]]["results"][0]
    assert len(card["title"]) <= 100
    assert card["title"].startswith("Harbourtown, computer, communication")
    assert card["title"].endswith("…, 2021-H1: 32.99 billion yuan, +20.1% year on year")
    assert card["description"] == "2021-H1 · Source: Harbour Post, 25 Aug 2021"


async def test_many_matches_come_twenty_to_a_page_with_the_next_offset(
    botapi: BotApiServer, feed: Feed, app: AnyApplication, fact_factory: FactFactory
) -> None:
    metric_series(fact_factory, 30)
    app.bot_data.briefing.refresh()
    first = botapi.inline_query("broadband coverage")
    await feed(first)
    page = botapi.inline_answers[first["inline_query"]["id"]]
    assert len(page["results"]) == 20 and page["next_offset"] == "20"
    second = botapi.inline_query("broadband coverage", offset="20")
    await feed(second)
    rest = botapi.inline_answers[second["inline_query"]["id"]]
    assert len(rest["results"]) == 10 and not rest.get("next_offset")
    titles = [c["title"] for c in page["results"] + rest["results"]]
    assert len(set(titles)) == 30 and all("broadband coverage" in t for t in titles)
    assert botapi.client_errors() == []


async def test_nothing_found_offers_a_button_that_opens_the_bot(
    botapi: BotApiServer, feed: Feed
) -> None:
    query = botapi.inline_query("Who won the football world cup?")
    await feed(query)
    answered = botapi.inline_answers[query["inline_query"]["id"]]
    assert answered["results"] == []
    assert answered["button"] == {
        "text": "Nothing found: open the bot",
        "start_parameter": "inline",
    }
    assert botapi.client_errors() == []
