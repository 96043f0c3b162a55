"""Admin .txt upload: ingested, answerable at once, and in subscribers' next digest."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import select

from db.engine import new_session
from db.models import Document, Subscription
from tests.bot.harness import AnyApplication
from tests.botapi.server import BotApiServer
from tests.clocks import Clock
from tests.conftest import SEEDS_DIR
from tests.handlers.conftest import Feed, Say, send_due_digests

ADMIN = 4242


def make_admin(app: AnyApplication) -> None:
    settings = app.bot_data.settings
    app.bot_data.settings = settings.model_copy(update={"admin_chat_ids": frozenset({ADMIN})})


def seed_bytes() -> bytes:
    return sorted(SEEDS_DIR.glob("*.txt"))[0].read_bytes()


def documents(engine: Engine) -> list[str]:
    with new_session(engine) as session:
        return [d.slug for d in session.exec(select(Document)).all()]


async def test_admin_upload_is_ingested_and_reaches_subscribers_next_digest(
    botapi: BotApiServer, feed: Feed, engine: Engine, app: AnyApplication, say: Say
) -> None:
    make_admin(app)
    await say(501, "/subscribe", "/digest")
    assert "New since your last digest" not in botapi.sent_to(501)[1].text
    before = documents(engine)
    await feed(botapi.send_document(seed_bytes(), file_name="qingdao-briefing.txt", chat_id=ADMIN))
    (reply,) = botapi.sent_to(ADMIN)
    assert "Ingested qingdao-briefing: documents: 1 new" in reply.text
    assert documents(engine) == [*before, "qingdao-briefing"]
    with new_session(engine) as session:
        (sub,) = session.exec(select(Subscription).where(Subscription.chat_id == 501)).all()
    clock = Clock(sub.next_run + timedelta(seconds=10))
    await send_due_digests(app, engine, clock)
    digest = botapi.sent_to(501)[-1].text
    assert "Daily digest" in digest and "New since your last digest" in digest
    assert botapi.client_errors() == []


async def test_non_admin_upload_is_politely_refused_and_not_ingested(
    botapi: BotApiServer, feed: Feed, engine: Engine, app: AnyApplication
) -> None:
    make_admin(app)
    before = documents(engine)
    await feed(botapi.send_document(seed_bytes(), file_name="mine.txt", chat_id=502))
    (reply,) = botapi.sent_to(502)
    assert "Only the bot's administrators can add documents" in reply.text
    assert documents(engine) == before
    assert not any(r.method == "getfile" for r in botapi.requests)


async def test_a_gbk_upload_is_read_reported_with_its_encoding_and_answered(
    botapi: BotApiServer, feed: Feed, engine: Engine, app: AnyApplication
) -> None:
    make_admin(app)
    release = (
        "青岛软件业收入增长\n\n2021年8月25日 来源：青岛日报\n\n"
        "上半年，全市软件和信息技术服务业实现营业收入112.5亿元，同比增长22.6%。\n"
    )
    upload = botapi.send_document(release.encode("gbk"), file_name="qd-gbk.txt", chat_id=ADMIN)
    await feed(upload)
    (reply,) = botapi.sent_to(ADMIN)
    assert "Ingested qd-gbk: documents: 1 new" in reply.text and "Read as GB18030." in reply.text
    assert "qd-gbk" in documents(engine)
    briefing = app.bot_data.briefing
    for question in ("青岛软件业收入是多少", "Qingdao software revenue H1 2021"):
        answer = briefing.answer(question)
        assert answer.fact is not None and answer.fact.value == 112.5, question


async def test_an_upload_in_no_text_encoding_is_refused(
    botapi: BotApiServer, feed: Feed, engine: Engine, app: AnyApplication
) -> None:
    make_admin(app)
    before = documents(engine)
    await feed(botapi.send_document(b"\x00\x01\x02binary", file_name="x.txt", chat_id=ADMIN))
    (reply,) = botapi.sent_to(ADMIN)
    assert "not readable text" in reply.text and documents(engine) == before
