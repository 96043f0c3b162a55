"""Facts written straight into a real SQLite store, for answering tests that must not depend
on what extraction happens to produce."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.engine import Engine

from core.facts import FactKind
from db.engine import new_session
from db.models import Document, FactRow

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

REVENUE_SENTENCE = (
    "In the first half of this year, the operating revenue of the computer, communication and "
    "other electronic equipment manufacturing industry in Harbourtown was 32.99 billion yuan, "
    "with a year-on-year growth rate of 20.1%; the operating revenue of telecommunications "
    "services was 7.85 billion yuan, with a year-on-year growth rate of 15.3%; the operating "
    "revenue of Internet and related services was 700 million yuan, with a year-on-year growth "
    "rate of 46.6%; the operating revenue of software and information technology service "
    "industry was 11.25 billion yuan, with a year-on-year growth rate of 22.6%."
)


def add_document(
    engine: Engine,
    *,
    slug: str,
    title: str,
    outlet: str | None = "Daily",
    published: date | None = date(2021, 8, 25),
    url: str | None = None,
) -> int:
    """Store one document and return its id."""
    with new_session(engine) as session:
        document = Document(
            slug=slug,
            path=f"{slug}.txt",
            title=title,
            outlet=outlet,
            published=published,
            url=url,
            content_hash=slug,
            text="",
            ingested_at=datetime.now(UTC),
        )
        session.add(document)
        session.commit()
        assert document.id is not None
        return document.id


def add_fact(engine: Engine, document_id: int, **fields: Any) -> int:
    """Store one fact; base_value is derived from value and scale when not given."""
    fields.setdefault("kind", FactKind.METRIC)
    fields.setdefault("quote", fields.get("subject", ""))
    fields.setdefault("start", 0)
    fields.setdefault("end", len(fields["quote"]))
    if "base_value" not in fields and fields.get("value") is not None:
        fields["base_value"] = fields["value"] * _SCALES.get(fields.get("scale") or "", 1.0)
    with new_session(engine) as session:
        fact = FactRow(document_id=document_id, **fields)
        session.add(fact)
        session.commit()
        assert fact.id is not None
        return fact.id


def add_city_store(engine: Engine) -> dict[str, int]:
    """An invented city's industries (one sentence, four figures), a ranking, a count, a
    target, an event and a person; returns fact ids by a short name."""
    doc = add_document(
        engine,
        slug="harbour",
        title="Harbourtown digital review",
        outlet="Harbour Post",
        published=date(2021, 8, 25),
        url="https://example.org/harbour?a=1&b=2",
    )
    ranks = add_document(
        engine,
        slug="ranks",
        title="Harbourtown ranks 9th",
        outlet="Wire",
        published=date(2022, 11, 10),
    )
    prov = add_document(
        engine,
        slug="prov",
        title="Lakeland province digital economy",
        outlet="Lake News",
        published=date(2021, 7, 19),
    )
    ids: dict[str, int] = {}
    common = {
        "region": "Harbourtown",
        "period": "2021-H1",
        "unit": "yuan",
        "quote": REVENUE_SENTENCE,
        "topics": "digital economy,industry",
    }
    for name, subject, value, text, scale, change in (
        (
            "electronics",
            "computer, communication and other electronic equipment manufacturing revenue",
            32.99,
            "32.99 billion",
            "billion",
            20.1,
        ),
        ("telecom", "telecommunications services revenue", 7.85, "7.85 billion", "billion", 15.3),
        ("internet", "Internet and related services revenue", 700, "700 million", "million", 46.6),
        (
            "software",
            "software and information technology services revenue",
            11.25,
            "11.25 billion",
            "billion",
            22.6,
        ),
    ):
        ids[name] = add_fact(
            engine,
            doc,
            subject=subject,
            value=value,
            value_text=text,
            scale=scale,
            change=change,
            **common,
        )
    ids["ranking"] = add_fact(
        engine,
        ranks,
        kind=FactKind.RANKING,
        subject="Top 100 Digital Cities ranking",
        region="Harbourtown",
        period="2022",
        value=9,
        value_text="9th",
        quote="Harbourtown ranked 9th among the 2022 Top 100 Digital Cities.",
        topics="digital city,ranking",
    )
    ids["communities"] = add_fact(
        engine,
        prov,
        kind=FactKind.COUNT,
        subject="smart communities unveiled",
        region="Lakeland",
        period="2021",
        value=301,
        value_text="301",
        unit="smart communities",
        quote="Lakeland has unveiled the first 301 smart communities.",
        topics="smart city",
    )
    ids["communities_target"] = add_fact(
        engine,
        prov,
        kind=FactKind.TARGET,
        subject="smart communities",
        region="Lakeland",
        period="by 2025",
        value=5000,
        value_text="5,000",
        unit="smart communities",
        qualifier="over",
        quote="Lakeland will build over 5,000 smart communities by 2025.",
        topics="smart city,target",
    )
    ids["forum"] = add_fact(
        engine,
        doc,
        kind=FactKind.EVENT,
        subject="digital industry forum held",
        region="Harbourtown",
        period="2021",
        event_date=date(2021, 4, 28),
        quote="On April 28, the 2021 digital industry forum was held in Harbourtown.",
        topics="events",
    )
    ids["mayor"] = add_fact(
        engine,
        doc,
        kind=FactKind.PERSON,
        subject="mayor of Harbourtown",
        region="Harbourtown",
        value_text="Ada Quill",
        quote="Ada Quill, mayor of Harbourtown, delivered a speech.",
        topics="people",
    )
    return ids
