"""The Bot API test server answers a real `telegram.Bot` the way Telegram does."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
import time
from datetime import timedelta

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter, TimedOut

from tests.botapi.server import DEFAULT_TOKEN, BotApiServer, RateLimits
from tests.botapi.telegram_html import HtmlParseError, parse_html


async def test_get_me_parses_as_the_bot_user(bot: Bot, botapi: BotApiServer) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == botapi.bot_username
    assert me.supports_inline_queries


async def test_send_message_returns_a_message_with_html_entities(
    bot: Bot, botapi: BotApiServer
) -> None:
    message = await bot.send_message(
        1001, "<b>Tallinn</b> &amp; <a href='https://x.test/a'>Riga</a>", parse_mode="HTML"
    )
    assert message.text == "Tallinn & Riga"
    assert message.chat.id == 1001 and message.from_user and message.from_user.is_bot
    kinds = [(e.type, e.offset, e.length) for e in message.entities]
    assert kinds == [("bold", 0, 7), ("text_link", 10, 4)]
    assert botapi.sent_to(1001)[0].raw.startswith("<b>Tallinn</b>")


@pytest.mark.parametrize(
    "html",
    ["<b>open", "a <b>x</i>", "<div>x</div>", "AT&T", "1 < 2", "</b>x", "<span>x</span>"],
)
async def test_malformed_html_is_refused_as_unparseable_entities(bot: Bot, html: str) -> None:
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await bot.send_message(1001, html, parse_mode=ParseMode.HTML)


async def test_plain_text_needs_no_escaping(bot: Bot) -> None:
    message = await bot.send_message(1001, "AT&T <b> 1 < 2")
    assert message.text == "AT&T <b> 1 < 2"


async def test_length_is_counted_after_entity_parsing(bot: Bot) -> None:
    visible = "x" * 4096
    message = await bot.send_message(1001, f"<b>{visible}</b>", parse_mode="HTML")
    assert len(message.text or "") == 4096
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(1001, "&amp;" * 4097, parse_mode="HTML")


async def test_empty_text_is_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)text is empty"):
        await bot.send_message(1001, "<b> </b>", parse_mode="HTML")


async def test_callback_data_over_64_bytes_is_refused(bot: Bot) -> None:
    ok = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="é" * 32)]])
    await bot.send_message(1001, "fits", reply_markup=ok)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("no", callback_data="x" * 65)]])
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(1001, "too long", reply_markup=too_long)


async def test_faults_map_to_ptb_exceptions(bot: Bot, botapi: BotApiServer) -> None:
    botapi.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    with pytest.raises(RetryAfter) as retry:
        await bot.send_message(1001, "x")
    assert retry.value.retry_after == timedelta(seconds=7)
    botapi.block_chat(1002)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(1002, "x")
    botapi.fail_next("sendMessage", 400, "Bad Request: chat not found", chat_id=1003)
    await bot.send_message(1001, "other chats are unaffected")
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.send_message(1003, "x")
    assert [r.status for r in botapi.client_errors()] == [403]  # injected faults are marked


async def test_get_updates_conflicts_while_a_webhook_is_set(bot: Bot) -> None:
    await bot.set_webhook("https://bot.example/hook", secret_token="s3cret")
    assert (await bot.get_webhook_info()).url == "https://bot.example/hook"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_wrong_token_is_unauthorized(botapi: BotApiServer) -> None:
    other = Bot("987654321:AAE-some_other_token_for_tests_0", base_url=botapi.base_url)
    with pytest.raises(InvalidToken):
        async with other:
            pass
    assert botapi.requests[-1].status == 401


async def test_long_poll_returns_promptly_when_an_update_arrives(
    bot: Bot, botapi: BotApiServer
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    botapi.send_text("hello", chat_id=7)
    updates = await poll
    assert time.monotonic() - started < 2
    assert updates[0].message and updates[0].message.text == "hello"
    # the offset confirms: a second poll does not see the update again
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()


async def test_injected_updates_parse_as_ptb_objects(bot: Bot, botapi: BotApiServer) -> None:
    botapi.send_text("/start", chat_id=5)
    botapi.send_text(f"@{botapi.bot_username} what is new?", chat_id=-100, user_id=9)
    botapi.send_sticker(chat_id=5)
    botapi.send_photo(chat_id=5)
    botapi.send_voice(chat_id=5)
    first = botapi.send_text("typo", chat_id=5)
    botapi.edit_text(first, "fixed")
    updates = await bot.get_updates()
    command, mention, sticker, photo, voice, _, edited = updates
    assert command.message and command.message.entities[0].type == "bot_command"
    assert mention.message and mention.message.chat.type == "supergroup"
    assert mention.message.entities[0].type == "mention"
    assert sticker.message and sticker.message.sticker
    assert photo.message and len(photo.message.photo) == 2
    assert voice.message and voice.message.voice
    assert edited.edited_message and edited.edited_message.text == "fixed"


async def test_channel_posts_are_the_channels_and_so_are_the_bots_posts_there(
    bot: Bot, botapi: BotApiServer
) -> None:
    channel, group, admin = -1002223334, -1002223335, 91
    botapi.set_admins(channel, admin)
    post = botapi.post_in_channel("/subscribe Qingdao", chat_id=channel, signature="Ann")
    botapi.forward_to_discussion(post, group_id=group)
    posted, copied = await bot.get_updates()
    message = posted.channel_post
    assert message is not None and posted.effective_user is None
    assert message.chat.type == "channel" and message.sender_chat == message.chat
    assert message.author_signature == "Ann" and message.entities[0].type == "bot_command"
    assert copied.message is not None and copied.message.is_automatic_forward
    assert copied.message.sender_chat == message.chat and copied.message.chat.id == group
    assert copied.message.text == "/subscribe Qingdao"

    reply = await bot.send_message(channel, "Subscribed.")
    assert reply.from_user is None and reply.sender_chat == message.chat
    member = await bot.get_chat_member(channel, admin)
    assert member.status == "creator"
    assert (await bot.get_chat_member(channel, 92)).status == "member"


async def test_button_press_reaches_the_bot_and_is_answered(
    bot: Bot, botapi: BotApiServer
) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Source", callback_data="src:4")]])
    await bot.send_message(42, "answer", reply_markup=markup)
    press = botapi.press(botapi.sent_to(42)[0], "Source")
    (update,) = await bot.get_updates()
    assert isinstance(update, Update) and update.callback_query
    assert update.callback_query.data == "src:4"
    assert update.callback_query.message and update.callback_query.message.message_id == 1
    await update.callback_query.answer("ok")
    assert (await botapi.wait_for_callback_answer(press))["text"] == "ok"
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await update.callback_query.answer("twice")


async def test_edits_change_the_stored_message_and_refuse_no_op_edits(
    bot: Bot, botapi: BotApiServer
) -> None:
    sent = await bot.send_message(42, "page 1")
    await bot.edit_message_text("page <i>2</i>", 42, sent.message_id, parse_mode="HTML")
    assert botapi.sent_to(42)[0].text == "page 2"
    with pytest.raises(BadRequest, match="(?i)not modified"):
        await bot.edit_message_text("page <i>2</i>", 42, sent.message_id, parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)message to edit not found"):
        await bot.edit_message_text("x", 42, 999)


async def test_inline_queries_are_answered_with_validated_articles(
    bot: Bot, botapi: BotApiServer
) -> None:
    query = botapi.inline_query("broadband")
    (update,) = await bot.get_updates()
    assert update.inline_query and update.inline_query.query == "broadband"
    good = InlineQueryResultArticle("1", "Card", InputTextMessageContent("<b>ok</b>", "HTML"))
    await update.inline_query.answer([good])
    assert (await botapi.wait_for_inline_answer(query))["results"][0]["title"] == "Card"
    botapi.inline_query("again")
    (second,) = await bot.get_updates(offset=update.update_id + 1)
    assert second.inline_query
    bad = InlineQueryResultArticle("1", "Card", InputTextMessageContent("<b>open", "HTML"))
    with pytest.raises(BadRequest, match="(?i)can't parse entities"):
        await second.inline_query.answer([bad])


async def test_uploaded_documents_can_be_downloaded(bot: Bot, botapi: BotApiServer) -> None:
    botapi.send_document(b"City news\n", file_name="news.txt", chat_id=3)
    (update,) = await bot.get_updates()
    assert update.message and update.message.document
    assert update.message.document.file_name == "news.txt"
    file = await bot.get_file(update.message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"City news\n"


async def test_commands_round_trip(bot: Bot, botapi: BotApiServer) -> None:
    await bot.set_my_commands([BotCommand("start", "Start"), BotCommand("help", "Help")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])


async def test_rate_enforcement_refuses_bursts_with_retry_after(
    bot: Bot, botapi: BotApiServer
) -> None:
    botapi.enforce_rate_limits(RateLimits(overall=(3, 1.0), per_chat=(1, 1.0), per_group=None))
    await bot.send_message(1, "a")
    with pytest.raises(RetryAfter):
        await bot.send_message(1, "b")  # second message to one private chat within a second
    await bot.send_message(2, "c")
    await bot.send_message(3, "d")
    with pytest.raises(RetryAfter):
        await bot.send_message(4, "e")  # fourth message overall within a second
    assert (botapi.rate_counters.accepted, botapi.rate_counters.refused) == (3, 2)


async def test_wait_for_messages_times_out_with_what_arrived(botapi: BotApiServer) -> None:
    with pytest.raises(TimeoutError, match="wanted 1"):
        await botapi.wait_for_messages(99, 1, within=0.05)


def test_parser_decodes_entities_and_counts_utf16_offsets() -> None:
    parsed = parse_html("😀 <b>&lt;b&gt; &#38; &#x41;</b>")
    assert parsed.text == "😀 <b> & A"
    assert parsed.entities == [{"type": "bold", "offset": 3, "length": 7}]
    with pytest.raises(HtmlParseError):
        parse_html("&bogus;")
    assert parse_html("&bogus;", strict_entities=False).text == "&bogus;"


async def test_a_delay_makes_the_bot_time_out(bot: Bot, botapi: BotApiServer) -> None:
    botapi.set_delay("sendMessage", 1.0)
    with pytest.raises(TimedOut):
        await bot.send_message(1001, "slow", read_timeout=0.1)
    botapi.set_delay("sendMessage", 0)
    await bot.send_message(1001, "fast again")


async def test_webhook_delivery_posts_updates_with_the_secret(botapi: BotApiServer) -> None:
    received: list[tuple[str | None, dict[str, object]]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        async with Bot(botapi.token, base_url=botapi.base_url) as bot:
            await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="abc")
        botapi.send_text("hello", chat_id=9)
        await botapi.wait_for(lambda: bool(botapi.webhook_deliveries))
    finally:
        await runner.cleanup()
    ((secret, update),) = received
    assert secret == "abc" and update["message"]["text"] == "hello"  # type: ignore[index]


async def test_the_server_runs_standalone_with_control_endpoints() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.botapi", "--port", str(port), stdout=asyncio.subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        assert b"Bot API test server" in await process.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        async with (
            Bot(DEFAULT_TOKEN, base_url=f"{base}/bot") as bot,
            aiohttp.ClientSession() as http,
        ):
            await http.post(f"{base}/_test/message", json={"chat_id": 5, "text": "ping"})
            (update,) = await bot.get_updates()
            assert update.message and update.message.text == "ping"
            await bot.send_message(5, "<b>pong</b>", parse_mode="HTML")
            async with http.get(f"{base}/_test/sent", params={"chat_id": "5"}) as resp:
                assert [m["text"] for m in await resp.json()] == ["pong"]
    finally:
        process.send_signal(signal.SIGINT)
        await process.wait()
