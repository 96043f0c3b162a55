"""The reply language: Telegram's language code, a Chinese question, /language, groups."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from core.language import Language, from_telegram_code, has_chinese, parse_language
from db.engine import new_session
from db.models import Chat
from tests.botapi.server import BotApiServer
from tests.handlers.conftest import Feed, Say

GROUP = -1005001
ADMIN, MEMBER = 71, 72


def stored_language(engine: Engine, chat_id: int) -> str | None:
    with new_session(engine) as session:
        chat = session.get(Chat, chat_id)
        return chat.language if chat is not None else None


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("zh", Language.ZH),
        ("zh-hans", Language.ZH),
        ("zh-CN", Language.ZH),
        ("zh-tw", Language.ZH),
        ("zh-hk", Language.ZH),
        ("zh_Hant", Language.ZH),
        ("en", Language.EN),
        ("en-GB", Language.EN),
        ("de", Language.EN),
        ("", Language.EN),
        (None, Language.EN),
    ],
)
def test_telegram_language_codes(code: str | None, language: Language) -> None:
    assert from_telegram_code(code) is language


@pytest.mark.parametrize(
    ("typed", "language"),
    [
        ("en", Language.EN),
        ("ZH", Language.ZH),
        ("zh-cn", Language.ZH),
        ("中文", Language.ZH),
        ("English", Language.EN),
        ("fr", None),
        ("", None),
    ],
)
def test_languages_users_may_name(typed: str, language: Language | None) -> None:
    assert parse_language(typed) is language


def test_chinese_is_told_by_its_characters() -> None:
    assert has_chinese("青岛 software revenue") and not has_chinese("Qingdao ２０２１ – “revenue”")


async def test_a_chinese_telegram_user_gets_chinese_replies(
    botapi: BotApiServer, say: Say
) -> None:
    botapi.set_user_language(401, "zh-hans")
    help_, sources = await say(401, "/help", "/sources")
    assert help_.text.startswith("如何提问") and "/language — 查看或设置回复语言" in help_.text
    assert sources.text.startswith("资料来源 (第1/1页)\n• Shenzhen builds out 5G — Tech Daily，")
    assert "City News，2021年8月25日" in sources.text and "条事实" in sources.text


async def test_a_question_in_chinese_gets_a_chinese_reply_from_an_english_user(say: Say) -> None:
    chinese, english = await say(402, "世界杯冠军是谁？", "Who won the world cup?")
    assert chinese.text.startswith("这个我不知道") and has_chinese(chinese.text)
    assert english.text.startswith("I don't know that")


async def test_an_english_question_from_a_chinese_user_shows_chinese_figures(
    botapi: BotApiServer, feed: Feed
) -> None:
    botapi.set_user_language(403, "zh-cn")
    await feed(
        botapi.send_text("How many 5G base stations did Shenzhen have in 2020?", chat_id=403)
    )
    (answer,) = botapi.sent_to(403)
    assert answer.text.startswith("深圳 · 5G base stations · 2020年：4.6万个")
    assert "Tech Daily，2021年3月2日" in answer.text
    assert "Shenzhen had built 46,000 5G base stations" in answer.text  # the quote as written
    assert [text for text, _ in answer.buttons()] == ["📄 来源", "🔗 相关"]


async def test_language_shows_the_setting_and_a_button_sets_it(
    botapi: BotApiServer, feed: Feed, engine: Engine, say: Say
) -> None:
    (setting,) = await say(404, "/language")
    assert setting.text.startswith("Replies follow each user's Telegram language (yours: English)")
    assert [text for text, _ in setting.buttons()] == ["✓ English", "中文"]
    press = botapi.press(setting, "中文")
    await feed(press)
    assert botapi.callback_answers[press["callback_query"]["id"]].get("text") is None
    (edited,) = botapi.sent_to(404)
    assert edited.text == "本聊天今后用中文回复。" and edited.buttons()[1][0] == "✓ 中文"
    assert stored_language(engine, 404) == "zh"
    await feed(botapi.send_text("/language", chat_id=404))
    assert botapi.sent_to(404)[1].text.startswith("本聊天用中文回复（通过 /language 设置）。")


async def test_language_with_an_argument_switches_and_an_unknown_one_gets_the_usage(
    botapi: BotApiServer, engine: Engine, say: Say
) -> None:
    botapi.set_user_language(405, "zh-hans")
    await say(405, "/language fr", "/language en", "/unsubscribe")
    usage, switched, after = (m.text for m in botapi.sent_to(405))
    assert usage == (
        "我可以用英文（en）或中文（zh）回复，不支持 'fr'。\n"
        "用法：/language en|zh，例如 /language zh"
    )
    assert switched == "This chat's replies are now in English."
    assert after == "You had no subscriptions."  # the chat's choice wins over the user's app
    assert stored_language(engine, 405) == "en"


async def test_a_chinese_chat_starts_on_shanghai_time_and_subscribes_in_chinese(
    botapi: BotApiServer, engine: Engine, say: Say
) -> None:
    botapi.set_user_language(406, "zh-hans")
    await say(406, "/timezone", "/subscribe weekly friday 18:30", "/subscribe 25:00")
    zone, subscribed, wrong = (m.text for m in botapi.sent_to(406))
    assert zone.startswith("您的时区是 Asia/Shanghai。")
    assert subscribed.startswith("已订阅：每周星期五18:30（Asia/Shanghai）。\n第一期简报：")
    assert "（周五）18:30。" in subscribed
    assert wrong.startswith("'25:00' 不是有效的时间") and "用法：/subscribe" in wrong
    assert stored_language(engine, 406) == "zh"  # digests go out in the language subscribed in


async def test_in_a_group_only_administrators_change_the_language(
    botapi: BotApiServer, feed: Feed, engine: Engine
) -> None:
    botapi.set_admins(GROUP, ADMIN)
    await feed(botapi.send_text("/language zh", chat_id=GROUP, user_id=MEMBER))
    assert stored_language(engine, GROUP) is None
    await feed(botapi.send_text("/language", chat_id=GROUP, user_id=MEMBER))
    refused, setting = botapi.sent_to(GROUP)
    assert refused.text == "Only this group's administrators can change its language."
    press = botapi.press(setting, "中文", user_id=MEMBER)
    await feed(press)
    answered = botapi.callback_answers[press["callback_query"]["id"]]
    assert answered["text"] == refused.text and answered["show_alert"] is True
    assert stored_language(engine, GROUP) is None

    await feed(botapi.send_text("/language zh", chat_id=GROUP, user_id=ADMIN))
    assert botapi.sent_to(GROUP)[-1].text == "本聊天今后用中文回复。"
    assert stored_language(engine, GROUP) == "zh"
    await feed(botapi.send_text("/language en", chat_id=GROUP, user_id=MEMBER))
    assert botapi.sent_to(GROUP)[-1].text == "只有本群管理员可以更改群的语言。"
    assert stored_language(engine, GROUP) == "zh"
    # Each member is asked about once: the answer is kept for a minute.
    assert [r.params["user_id"] for r in botapi.calls("getChatMember")] == [MEMBER, ADMIN]
