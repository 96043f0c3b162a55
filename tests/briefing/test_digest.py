"""Digests on a real SQLite store: order, grouping, filters, cursor, size, and their rendering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from briefing.charts import ChartStyle
from briefing.digest import (
    DIGEST_MAX_FACTS,
    Digest,
    Heading,
    compose_from_store,
    key_chart,
)
from briefing.present.digests import (
    digest_html,
    digest_preview_html,
    digest_text,
    digest_title,
    fits_one_message,
)
from briefing.present.split import MAX_MESSAGE_CHARS
from briefing.service import Briefing
from core.facts import FactKind
from db import outbox
from db import subscriptions as chats
from db.engine import new_session
from tests.botapi.telegram_html import parse_html
from tests.chats import add_subscriber
from tests.factories import FactFactory, billion_yuan, draft, many_facts

T0 = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


def compose(engine: Engine, chat_id: int, *, topic: str | None = None, when=T0) -> Digest:
    return compose_from_store(
        engine=engine, chat_id=chat_id, topic=topic, when=when, fits=fits_one_message
    )


def mark_sent(engine: Engine, chat_id: int, digest: Digest, at: datetime) -> None:
    with new_session(engine) as session:
        outbox.record_sent_facts(
            session=session, chat_id=chat_id, fact_ids=digest.fact_ids, now=at
        )
        chats.mark_digest_sent(session=session, chat_id=chat_id, now=at)
        session.commit()


def items(digest: Digest) -> list[str]:
    return [fact.subject for section in digest.sections for fact in section.facts]


def test_items_are_grouped_under_a_few_headings_figures_first(
    engine: Engine, fact_factory: FactFactory
) -> None:
    facts = [
        draft("Smart lamp pilot launched", kind=FactKind.EVENT, topics=("lighting",)),
        draft("Broadband users", topics=("broadband",), value=3.2, scale="million"),
        draft("Fibre length", topics=("broadband",), value=900.0, unit="km"),
        draft("Cloud revenue", topics=("software",), value=12.0),
        draft("5G coverage", kind=FactKind.TARGET, period="by 2025", value=95.0, unit="%"),
    ]
    fact_factory.document("a", *facts, ingested_at=T0 - timedelta(days=3))
    add_subscriber(engine, chat_id=1, now=T0 - timedelta(days=2))
    digest = compose(engine, 1)
    assert [s.heading for s in digest.sections] == [Heading.FIGURES, Heading.TARGETS, Heading.NEWS]
    figures = digest.sections[0]
    # Largest first: 900 km, 12, 3.2 million (base value 3,200,000 beats 900).
    assert [f.subject for f in figures.facts] == [
        "Broadband users",
        "Fibre length",
        "Cloud revenue",
    ]
    text = parse_html(digest_html(digest)).text
    assert [line for line in text.splitlines() if line and not line.startswith("• ")] == [
        "Daily digest · Sunday 1 February 2026",
        "Key figures",
        "Targets",
        "Events and people",
    ]
    assert "City Daily" in text  # every line cited
    assert len(digest.fact_ids) == 5


def test_one_line_per_item_plain_with_a_link_when_the_document_has_a_url(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document(
        "linked", draft("Broadband users", value=3.0), url="https://news.example/a?b=1&c=2"
    )
    fact_factory.document("unlinked", draft("Fibre length", value=900.0))
    add_subscriber(engine, chat_id=7, now=T0)
    html = digest_html(compose(engine, 7))
    bullets = [line for line in html.splitlines() if line.startswith("• ")]
    assert len(bullets) == 2 and not any("<b>" in line for line in bullets)
    linked = next(line for line in bullets if "Broadband" in line)
    assert '<a href="https://news.example/a?b=1&amp;c=2">City Daily, 25 Aug 2021</a>' in linked
    unlinked = next(line for line in bullets if "Fibre" in line)
    assert "<i>City Daily, 25 Aug 2021</i>" in unlinked
    parse_html(html)


def test_fragments_that_name_no_measure_are_never_sent(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document(
        "a",
        draft("aspects", kind=FactKind.COUNT, value=6.0, value_text="six aspects"),
        draft("meetings", kind=FactKind.COUNT, value=2.0, value_text="two meetings"),
        draft("5G base stations", kind=FactKind.COUNT, value=46000.0),
    )
    add_subscriber(engine, chat_id=8, now=T0)
    digest = compose(engine, 8)
    assert items(digest) == ["5G base stations"]
    assert "aspects" not in digest_html(digest)


def test_one_measure_appears_once_with_its_latest_period(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document(
        "h1", draft("Haier revenue", region="Qingdao", period="2021-H1", value=120.0)
    )
    fact_factory.document(
        "fy", draft("Haier revenue", region="Qingdao", period="2021", value=250.0)
    )
    fact_factory.document("other", draft("Fibre length", value=9.0))
    add_subscriber(engine, chat_id=9, now=T0)
    digest = compose(engine, 9)
    assert items(digest) == ["Haier revenue", "Fibre length"]
    assert digest.sections[0].facts[0].period == "2021"
    assert len(digest.fact_ids) == 3  # the half-year figure is covered, never sent later
    mark_sent(engine, 9, digest, T0)
    assert compose(engine, 9, when=T0 + timedelta(days=1)).empty


def test_the_largest_and_fastest_moving_measures_lead_and_the_rest_wait_behind_more(
    engine: Engine, fact_factory: FactFactory
) -> None:
    small = [draft(f"Small measure {n}", value=float(n + 1)) for n in range(12)]
    big = billion_yuan("Software revenue", value=45.2, change=25.3)
    fact_factory.document("a", *small, big, ingested_at=T0 - timedelta(days=1))
    add_subscriber(engine, chat_id=10, now=T0 - timedelta(days=2))
    digest = compose(engine, 10)
    assert items(digest)[0] == "Software revenue"
    assert digest.item_count == DIGEST_MAX_FACTS == 10
    assert digest.more == 3


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
    assert items(digest)[0] == "Data centre capacity"  # before larger older measures
    assert "<i>New since your last digest:</i>" in digest_html(digest)


def test_topic_filter_keeps_matching_facts(engine: Engine, fact_factory: FactFactory) -> None:
    facts = [
        draft("Broadband users", region="Qingdao", topics=("broadband",)),
        draft("Broadband speed", region="Shenzhen", topics=("broadband",)),
        draft("Software revenue", region="Qingdao", topics=("software",)),
    ]
    fact_factory.document("a", *facts, ingested_at=T0)
    add_subscriber(engine, chat_id=4, now=T0)
    digest = compose(engine, 4, topic="Broadband")
    assert sorted(items(digest)) == ["Broadband speed", "Broadband users"]
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
    assert "&lt;b&gt;&amp;9" in html  # the largest first
    parse_html(html)  # valid Telegram HTML: raises on a stray tag or entity
    assert digest_text(digest).splitlines()[3].startswith("• <b>&")


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
        "Key figures",
    ]
    assert html.startswith("<b>Daily digest · Sunday 1 February 2026</b>\n<i>New since")
    assert parse_html(html).text == "\n".join(lines)  # Telegram shows what the console prints


def test_the_key_measure_with_history_is_charted(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document(
        "h1", draft("Haier revenue", region="Qingdao", period="2020", value=110.0, unit="yuan")
    )
    fact_factory.document(
        "fy",
        draft("Haier revenue", region="Qingdao", period="2021", value=250.0, unit="yuan"),
        draft("Fibre length", region="Qingdao", period="2021", value=90_000.0, unit="km"),
    )
    add_subscriber(engine, chat_id=21, now=T0)
    digest = compose(engine, 21)
    assert items(digest) == ["Fibre length", "Haier revenue"]  # the larger leads, alone
    chart = key_chart(Briefing(engine).index, digest)
    assert chart is not None and chart.style is ChartStyle.LINE
    assert (chart.subject, [p.label for p in chart.points]) == ("Haier revenue", ["2020", "2021"])
    assert [p.value for p in chart.points] == [110.0, 250.0]


def test_one_measure_across_regions_is_charted_as_bars(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document(
        "a",
        *(
            draft("5G base stations", kind=FactKind.COUNT, region=city, period="2021", value=n)
            for city, n in (("Qingdao", 16_000.0), ("Jinan", 21_000.0))
        ),
    )
    add_subscriber(engine, chat_id=22, now=T0)
    digest = compose(engine, 22)
    chart = key_chart(Briefing(engine).index, digest)
    assert chart is not None and chart.style is ChartStyle.BAR
    assert [p.label for p in chart.points] == ["Jinan", "Qingdao"]


def test_a_digest_without_history_has_no_chart(engine: Engine, fact_factory: FactFactory) -> None:
    fact_factory.document("a", *many_facts("Broadband", 4))
    add_subscriber(engine, chat_id=23, now=T0)
    digest = compose(engine, 23)
    assert digest.item_count == 4 and key_chart(Briefing(engine).index, digest) is None
