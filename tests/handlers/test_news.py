"""/latest and /search in Telegram: documents with their facts, passages with page buttons."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from briefing.ingest import ingest_text
from tests.botapi.server import BotApiServer
from tests.handlers.conftest import Feed, Say

DISTRICTS = "District halls briefing\n\n" + "\n\n".join(
    f"Smart district {n} opened {n + 1} digital service halls." for n in range(1, 13)
)


async def test_latest_lists_the_newest_documents_with_buttons_to_open_them(
    botapi: BotApiServer, feed: Feed, say: Say
) -> None:
    (latest,) = await say(50, "/latest")
    lines = latest.text.splitlines()
    assert lines[0] == "Latest documents"
    assert lines[2].startswith("1. Digital Qingdao <mid-year> review & outlook — City News")
    assert "• Revenue of software & IT services, Qingdao, H1 2021: 45.2 billion" in latest.text
    assert [text for text, _ in latest.buttons()] == [
        "Digital Qingdao <mid-year> review & outlook",
        "Shenzhen builds out 5G",
    ]
    await feed(botapi.press(latest, "Shenzhen builds out 5G"))
    assert "46,000" in botapi.sent_to(50)[-1].text


async def test_search_pages_through_passages_in_place(
    botapi: BotApiServer, feed: Feed, engine: Engine, say: Say
) -> None:
    assert ingest_text(DISTRICTS, engine=engine, slug="districts").ok
    (first,) = await say(51, "/search digital service halls")
    assert first.text.startswith("Search: digital service halls (page 1/3)")
    assert "1. Smart district 1 opened 2 digital service halls." in first.text
    assert first.buttons() == [("Next ›", "sr:2:digital service halls")]
    assert "<b>digital</b>" in first.raw  # the searched words stand out

    await feed(botapi.press(first, "Next ›"))
    (second,) = botapi.sent_to(51)
    assert second.edits == 1 and "(page 2/3)" in second.text and "6. Smart district" in second.text
    assert [text for text, _ in second.buttons()] == ["‹ Prev", "Next ›"]
    await feed(botapi.press(second, "Next ›"))
    assert [text for text, _ in botapi.sent_to(51)[0].buttons()] == ["‹ Prev"]
    assert botapi.client_errors() == []


async def test_search_without_words_shows_usage_and_without_hits_says_so(say: Say) -> None:
    usage, nothing = await say(52, "/search", "/search zzyzx")
    assert usage.text.startswith("Usage: /search <words>, e.g. /search smart communities")
    assert nothing.text == "No sentence in my documents matches “zzyzx”."


async def test_in_a_group_results_reply_to_the_asker_and_pages_turn_in_place(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    assert ingest_text(DISTRICTS, engine=engine, slug="districts").ok
    asked = botapi.send_text("/search service halls", chat_id=-5100, user_id=7)
    await feed(asked)
    (results,) = botapi.sent_to(-5100)
    stored = botapi.stored_message(-5100, results.message_id)
    assert stored["reply_to_message"]["message_id"] == asked["message"]["message_id"]
    await feed(botapi.press(results, "Next ›", user_id=8))
    assert botapi.sent_to(-5100)[0].edits == 1 and len(botapi.sent_to(-5100)) == 1
