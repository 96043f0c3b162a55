"""Buttons: "did you mean" choices, citations, related facts, and stale or forged data."""

from __future__ import annotations

from tests.botapi.server import BotApiServer
from tests.factories import SAMPLE_REVENUE
from tests.handlers.conftest import Feed, Say


async def test_pressing_a_did_you_mean_choice_answers_it(
    botapi: BotApiServer, feed: Feed, say: Say
) -> None:
    (choices,) = await say(31, "revenue Qingdao")
    label, data = choices.buttons()[1]
    press = botapi.press(choices, label)
    await feed(press)
    answer = botapi.sent_to(31)[1]
    assert "45.2 billion yuan" in answer.text and "32.99" not in answer.text.split("\n")[0]
    assert data == press["callback_query"]["data"]
    assert press["callback_query"]["id"] in botapi.callback_answers


async def test_source_and_related_buttons(botapi: BotApiServer, feed: Feed, say: Say) -> None:
    (answer,) = await say(32, "electronic equipment revenue Qingdao 2021")
    await feed(botapi.press(answer, "📄 Source"))
    await feed(botapi.press(answer, "🔗 Related"))
    _, citation, related = botapi.sent_to(32)
    assert citation.text.startswith("Digital Qingdao <mid-year> review & outlook")
    assert any(e["type"] == "text_link" for e in citation.entities)
    # The source is the document, with what else it says: not the answer's sentence again.
    assert SAMPLE_REVENUE not in citation.text and SAMPLE_REVENUE in answer.text
    assert "Industrial Internet platforms, Qingdao, by 2025: 100" in citation.text
    assert [(d or "")[:2] for _, d in citation.buttons()] == ["f:"] * 4
    assert related.text.startswith("Related to operating revenue of electronic equipment")
    assert "45.2 billion yuan" in related.text  # same sentence comes first
    assert all(data and data.startswith("f:") for _, data in related.buttons())


async def test_stale_and_forged_buttons_get_a_polite_notice(
    botapi: BotApiServer, feed: Feed, say: Say
) -> None:
    (answer,) = await say(33, "5G base stations Shenzhen")
    gone = botapi.press_data(33, answer.message_id, "src:999999")
    forged = botapi.press_data(33, answer.message_id, "drop table")
    old_page = botapi.press_data(33, answer.message_id, "pg:metrics:99")
    old_example = botapi.press_data(33, answer.message_id, "ex:42")
    for press in (gone, forged, old_page, old_example):
        await feed(press)
    notices = [
        botapi.callback_answers[p["callback_query"]["id"]].get("text")
        for p in (gone, forged, old_page, old_example)
    ]
    assert notices[0] == "That fact is no longer in my sources. Please ask again."
    assert notices[1:] == ["That button has expired. Please ask again."] * 3
    assert len(botapi.sent_to(33)) == 1 and botapi.client_errors() == []
