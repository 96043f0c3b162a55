"""Listings: pages, a topic or region after the command, and items that open when tapped."""

from __future__ import annotations

from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer
from tests.factories import FactFactory, metric_series
from tests.handlers.conftest import Feed, Say


def navigation(buttons: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    return [(text, data) for text, data in buttons if data and data.startswith("ls:")]


async def test_listings_page_with_buttons_that_edit_in_place(
    botapi: BotApiServer, feed: Feed, app: AnyApplication, fact_factory: FactFactory, say: Say
) -> None:
    metric_series(fact_factory, 20)
    app.bot_data.briefing.refresh()
    (page,) = await say(24, "/metric")
    assert "(page 1/" in page.text and navigation(page.buttons()) == [("Next ›", "ls:metrics:2")]
    await feed(botapi.press(page, "Next ›"))
    (edited,) = botapi.sent_to(24)
    assert edited.edits == 1 and "(page 2/" in edited.text
    assert [text for text, _ in navigation(edited.buttons())] == ["‹ Prev", "Next ›"]
    # a second press on the now-stale "page 2" button of an old copy is harmless
    await feed(botapi.press_data(24, page.message_id, "ls:metrics:2"))
    assert [r.description for r in botapi.client_errors()] == [
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    ]
    assert len(botapi.sent_to(24)) == 1 and not botapi.sent_to(24)[0].text.startswith("Sorry")


async def test_a_page_number_after_the_command_opens_that_page(
    app: AnyApplication, fact_factory: FactFactory, say: Say
) -> None:
    metric_series(fact_factory, 20)
    app.bot_data.briefing.refresh()
    (page,) = await say(30, "/metrics 2")
    assert "(page 2/" in page.text
    assert [text for text, _ in navigation(page.buttons())] == ["‹ Prev", "Next ›"]


async def test_a_region_or_topic_after_the_command_lists_only_its_facts(say: Say) -> None:
    shenzhen, software = await say(31, "/metrics shenzhen", "/metrics software")
    assert shenzhen.text.startswith("Metrics about Shenzhen")
    assert "46,000" in shenzhen.text and "Qingdao" not in shenzhen.text
    assert software.text.startswith("Metrics about software")
    assert "45.2 billion yuan" in software.text and "32.99" not in software.text


async def test_metric_with_a_question_answers_it(botapi: BotApiServer, feed: Feed) -> None:
    await feed(botapi.send_text("/metric 5G base stations Shenzhen", chat_id=25))
    assert "46,000" in botapi.sent_to(25)[0].text


async def test_sources_topics_and_initiatives_list_the_store(say: Say) -> None:
    sources, topics, initiatives = await say(26, "/sources", "/topics", "/initiative")
    assert "Shenzhen builds out 5G" in sources.text
    assert "revenue" in topics.text
    assert "Industrial Internet platforms" in initiatives.text


async def test_every_listed_item_is_a_button_that_opens_it(
    botapi: BotApiServer, feed: Feed, say: Say
) -> None:
    sources, topics, metrics = await say(27, "/sources", "/topics", "/metrics")
    for listing in (sources, topics, metrics):  # one button per listed item
        assert len(listing.buttons()) == listing.text.count("\n• ") >= 2

    await feed(botapi.press(sources, "Shenzhen builds out 5G"))
    document = botapi.sent_to(27)[-1]
    assert document.text.startswith("Shenzhen builds out 5G — Tech Daily")
    assert "5G base stations, Shenzhen, 2020: 46,000" in document.text

    revenue = next(text for text, _ in topics.buttons() if text.startswith("revenue"))
    await feed(botapi.press(topics, revenue))
    listed = botapi.sent_to(27)[-1]
    assert listed.text.startswith("Metrics about revenue")
    assert "32.99 billion yuan" in listed.text and "46,000" not in listed.text

    stations = next(text for text, _ in metrics.buttons() if "5G" in text)
    await feed(botapi.press(metrics, stations))
    assert "5G base stations, Shenzhen, 2020: 46,000" in botapi.sent_to(27)[-1].text
    assert botapi.client_errors() == []
