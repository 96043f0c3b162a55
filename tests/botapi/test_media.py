"""The test server checks photos, documents and inline answers' paging and button as Telegram."""

from __future__ import annotations

import io

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from telegram import Bot, InlineQueryResultsButton, InputFile
from telegram.error import BadRequest

from tests.botapi.server import BotApiServer


def small_png() -> bytes:
    figure = Figure(figsize=(2, 1), dpi=50)
    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


async def test_a_png_photo_arrives_with_its_size_and_caption(
    bot: Bot, botapi: BotApiServer
) -> None:
    png = small_png()
    message = await bot.send_photo(
        1001, InputFile(png, filename="c.png"), caption="<b>Chart</b>", parse_mode="HTML"
    )
    assert message.caption == "Chart" and message.photo[-1].width == 100
    (sent,) = botapi.sent_to(1001)
    assert sent.photo == png and sent.text == "Chart"


def corrupted(png: bytes) -> bytes:
    """A byte of the image data changed: the file keeps its size, header and end."""
    middle = len(png) // 2
    return png[:middle] + bytes([png[middle] ^ 0xFF]) + png[middle + 1 :]


@pytest.mark.parametrize(
    "photo",
    [
        b"GIF89a not a png",
        small_png()[:-12],
        b"\x89PNG\r\n\x1a\n" + b"\0" * 30,
        corrupted(small_png()),
    ],
    ids=["not-png", "truncated", "no-header", "corrupted"],
)
async def test_anything_but_a_whole_png_is_refused(
    bot: Bot, botapi: BotApiServer, photo: bytes
) -> None:
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(1001, InputFile(photo, filename="c.png"))
    assert botapi.sent_to(1001) == []


async def test_a_caption_over_1024_characters_is_refused(bot: Bot, botapi: BotApiServer) -> None:
    with pytest.raises(BadRequest, match="caption is too long"):
        await bot.send_photo(1001, InputFile(small_png(), filename="c.png"), caption="x" * 1025)


async def test_a_document_arrives_with_its_name_and_content(
    bot: Bot, botapi: BotApiServer
) -> None:
    message = await bot.send_document(
        1001, InputFile(b"id,kind\n1,metric\n", filename="facts.csv"), caption="2 rows"
    )
    assert message.document is not None and message.document.file_name == "facts.csv"
    (sent,) = botapi.sent_to(1001)
    assert (sent.document, sent.file_name, sent.text) == (
        b"id,kind\n1,metric\n",
        "facts.csv",
        "2 rows",
    )


async def test_inline_answers_check_the_next_offset_and_the_button(
    bot: Bot, botapi: BotApiServer
) -> None:
    ids = [botapi.inline_query("x")["inline_query"]["id"] for _ in range(3)]
    button = InlineQueryResultsButton("Open the bot", start_parameter="inline")
    assert await bot.answer_inline_query(ids[0], [], next_offset="20", button=button)
    assert botapi.inline_answers[ids[0]]["button"]["start_parameter"] == "inline"
    with pytest.raises(BadRequest, match="Next_offset_invalid"):
        await bot.answer_inline_query(ids[1], [], next_offset="9" * 65)
    bad = InlineQueryResultsButton("Open", start_parameter="has spaces")
    with pytest.raises(BadRequest, match="Start_param_invalid"):
        await bot.answer_inline_query(ids[2], [], button=bad)
