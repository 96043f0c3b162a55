"""Digests on a real SQLite store: order, grouping, filters, cursor, size, and their rendering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from briefing.digest import DIGEST_MAX_FACTS, Digest, FactCatalog, compose_digest
from briefing.present.digests import (
    digest_html,
    digest_preview_html,
    digest_text,
    digest_title,
    fits_one_message,
)
from briefing.present.split import MAX_MESSAGE_CHARS
from core.facts import FactKind
from db import outbox
from db import subscriptions as chats
from db.engine import new_session
from tests.botapi.telegram_html import parse_html
from tests.chats import add_subscriber
from tests.factories import FactFactory, draft, many_facts

T0 = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


def compose(engine: Engine, chat_id: int, *, topic: str | None = None, when=T0) -> Digest:
    catalog = FactCatalog(engine)
    with new_session(engine) as session:
        return compose_digest(
            session=session,
            facts=catalog.facts(session=session),
            chat_id=chat_id,
            topic=topic,
            cadence="daily",
            when=when,
            fits=fits_one_message,
        )


def mark_sent(engine: Engine, chat_id: int, digest: Digest, at: datetime) -> None:
    with new_session(engine) as session:
        outbox.record_sent_facts(
            session=session, chat_id=chat_id, fact_ids=digest.fact_ids, now=at
        )
        chats.mark_digest_sent(session=session, chat_id=chat_id, now=at)
        session.commit()


def test_headline_figures_come_first_grouped_by_topic(
    engine: Engine, fact_factory: FactFactory
) -> None:
    facts = [
        draft("Smart lamp pilot launched", kind=FactKind.EVENT, topics=("lighting",)),
        draft("Broadband users", topics=("broadband",), value=3.2, unit="million"),
        draft("Fibre length", topics=("broadband",), value=900.0, unit="km"),
        draft("Cloud revenue", topics=("software",), value=12.0),
    ]
    fact_factory.document("a", *facts, ingested_at=T0 - timedelta(days=3))
    add_subscriber(engine, chat_id=1, now=T0 - timedelta(days=2))
    digest = compose(engine, 1)
    titles = [s.title for s in digest.sections]
    assert titles[-1] == "Lighting"  # the section without a figure comes last
    assert set(titles[:2]) == {"Broadband", "Software"}
    broadband = next(s for s in digest.sections if s.title == "Broadband")
    assert [f.subject for f in broadband.facts] == ["Broadband users", "Fibre length"]
    assert "City Daily" in digest_html(digest)  # every line cited
    assert len(digest.fact_ids) == 4


def test_rotation_never_repeats_a_fact_until_new_material_arrives(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document("a", *many_facts("M", 20, topics=("x", "y")), ingested_at=T0)
    add_subscriber(engine, chat_id=2, now=T0)
    seen: list[int] = []
    day = T0
    while not (digest := compose(engine, 2, when=day)).empty:
        assert len(digest.fact_ids) <= DIGEST_MAX_FACTS
        seen.extend(digest.fact_ids)
        mark_sent(engine, 2, digest, day)
        day += timedelta(days=1)
    assert len(seen) == len(set(seen)) == 20
    assert digest_text(digest).startswith("Nothing new")
    assert digest_html(digest) == ""
    assert digest_preview_html(digest).startswith("Nothing new to send")


def test_facts_from_documents_new_since_the_last_digest_come_first(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document("old", *many_facts("Old", 30), ingested_at=T0)
    add_subscriber(engine, chat_id=3, now=T0)
    mark_sent(engine, 3, compose(engine, 3), T0 + timedelta(hours=1))
    news = [draft("Data centre capacity", topics=("cloud",), value=40.0, unit="MW")]
    fact_factory.document("new", *news, ingested_at=T0 + timedelta(hours=5))
    digest = compose(engine, 3, when=T0 + timedelta(days=1))
    assert digest.new_count == 1
    assert [f.subject for s in digest.sections for f in s.facts] == ["Data centre capacity"]
    assert "<i>New since your last digest:</i>" in digest_html(digest)


def test_topic_filter_keeps_matching_facts_grouped_by_region(
    engine: Engine, fact_factory: FactFactory
) -> None:
    facts = [
        draft("Broadband users", region="Qingdao", topics=("broadband",)),
        draft("Broadband speed", region="Shenzhen", topics=("broadband",)),
        draft("Software revenue", region="Qingdao", topics=("software",)),
    ]
    fact_factory.document("a", *facts, ingested_at=T0)
    add_subscriber(engine, chat_id=4, now=T0)
    digest = compose(engine, 4, topic="Broadband")
    assert {s.title for s in digest.sections} == {"Qingdao", "Shenzhen"}
    assert "Software revenue" not in digest_html(digest)
    assert digest_title(digest) == "Daily digest · Sunday 1 February 2026 · Broadband"


def test_digest_fits_one_message_and_escapes_document_text(
    engine: Engine, fact_factory: FactFactory
) -> None:
    long = [
        draft(f"<b>&{n} " + "very long subject " * 40, region="Qingdao", value=n, topics=("t",))
        for n in range(DIGEST_MAX_FACTS)
    ]
    fact_factory.document("a", *long, ingested_at=T0)
    add_subscriber(engine, chat_id=5, now=T0)
    digest = compose(engine, 5)
    assert 0 < len(digest.fact_ids) <= DIGEST_MAX_FACTS  # headlines are clipped: more fit
    html = digest_html(digest)
    assert len(html) <= MAX_MESSAGE_CHARS
    assert "&lt;b&gt;&amp;0" in html
    parse_html(html)  # valid Telegram HTML: raises on a stray tag or entity
    assert digest_text(digest).splitlines()[3].startswith("• <b>&0 very long subject")


def test_the_console_preview_is_the_message_without_its_markup(
    engine: Engine, fact_factory: FactFactory
) -> None:
    facts = [
        draft("Broadband users", region="Qingdao", topics=("broadband",), value=3.0),
        draft("Lamp <pilot> & more", topics=()),
    ]
    fact_factory.document("a", *facts, ingested_at=T0 - timedelta(days=1))
    add_subscriber(engine, chat_id=6, now=T0 - timedelta(days=2))
    digest = compose(engine, 6)
    html = digest_html(digest)
    lines = digest_text(digest).splitlines()
    assert lines[:4] == [
        "Daily digest · Sunday 1 February 2026",
        "New since your last digest:",
        "",
        "Broadband",
    ]
    assert html.startswith("<b>Daily digest · Sunday 1 February 2026</b>\n<i>New since")
    assert lines[-2] == "Other"  # facts with neither a topic nor a region
    assert parse_html(html).text == "\n".join(lines)  # Telegram shows what the console prints
