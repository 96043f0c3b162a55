"""A small, hand-written fact store for bot tests (independent of the extraction pipeline)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.engine import Engine

from db.engine import new_session
from db.models import Document, FactRow


def _fact(document_id: int, **fields: Any) -> FactRow:
    fields.setdefault("start", 0)
    fields.setdefault("end", len(str(fields["quote"])))
    return FactRow(document_id=document_id, **fields)


def add_sample_facts(engine: Engine) -> None:
    """Two documents with metrics, a count, a target, a ranking and an event."""
    now = datetime.now(UTC)
    with new_session(engine) as session:
        qingdao = Document(
            slug="qingdao-digital",
            path="seeds/qingdao-digital.txt",
            title="Digital Qingdao <mid-year> review & outlook",
            outlet="City News",
            published=date(2021, 8, 25),
            url="https://news.example/qingdao",
            content_hash="h1",
            text="...",
            ingested_at=now,
        )
        shenzhen = Document(
            slug="shenzhen-5g",
            path="seeds/shenzhen-5g.txt",
            title="Shenzhen builds out 5G",
            outlet="Tech Daily",
            published=date(2021, 3, 2),
            url=None,
            content_hash="h2",
            text="...",
            ingested_at=now,
        )
        session.add(qingdao)
        session.add(shenzhen)
        session.flush()
        assert qingdao.id is not None and shenzhen.id is not None
        q, s = qingdao.id, shenzhen.id
        revenue = (
            "In the first half of this year, the operating revenue of the electronic equipment "
            "manufacturing industry in Qingdao was 32.99 billion yuan, up 20.1% year on year; "
            "software and information technology services earned 45.2 billion yuan, up 25.3%."
        )
        session.add_all(
            [
                _fact(
                    q,
                    kind="metric",
                    subject="operating revenue of electronic equipment manufacturing",
                    region="Qingdao",
                    period="2021-H1",
                    value=32.99,
                    value_text="32.99 billion yuan",
                    unit="yuan",
                    scale="billion",
                    base_value=32.99e9,
                    change=20.1,
                    quote=revenue,
                    topics="industry,revenue",
                ),
                _fact(
                    q,
                    kind="metric",
                    subject="operating revenue of software and information technology services",
                    region="Qingdao",
                    period="2021-H1",
                    value=45.2,
                    value_text="45.2 billion yuan",
                    unit="yuan",
                    scale="billion",
                    base_value=45.2e9,
                    change=25.3,
                    quote=revenue,
                    topics="software,revenue",
                ),
                _fact(
                    q,
                    kind="target",
                    subject="industrial Internet platforms",
                    region="Qingdao",
                    period="by 2025",
                    value=100.0,
                    value_text="100",
                    base_value=100.0,
                    quote="By 2025 Qingdao aims to build 100 industrial Internet platforms "
                    "with R&D centres <b>across</b> the city.",
                    topics="industrial internet",
                ),
                _fact(
                    q,
                    kind="ranking",
                    subject="digital city ranking",
                    region="Qingdao",
                    period="2020",
                    value=6.0,
                    value_text="6th",
                    base_value=6.0,
                    quote="Qingdao ranked 6th among Chinese cities in the 2020 digital index.",
                    topics="ranking",
                ),
                _fact(
                    s,
                    kind="count",
                    subject="5G base stations",
                    region="Shenzhen",
                    period="2020",
                    value=46000.0,
                    value_text="46,000",
                    base_value=46000.0,
                    quote="Shenzhen had built 46,000 5G base stations by the end of 2020.",
                    topics="5g,telecommunications",
                ),
            ]
        )
        session.commit()


def add_metric_series(engine: Engine, count: int) -> None:
    """`count` more metrics (one per district), enough to need several listing pages."""
    now = datetime.now(UTC)
    with new_session(engine) as session:
        document = Document(
            slug="districts",
            path="seeds/districts.txt",
            title="District broadband survey",
            outlet="Survey Office",
            published=date(2022, 1, 10),
            content_hash="h3",
            text="...",
            ingested_at=now,
        )
        session.add(document)
        session.flush()
        assert document.id is not None
        for n in range(count):
            quote = f"District {n + 1} reached {50 + n}% broadband coverage in 2021."
            session.add(
                _fact(
                    document.id,
                    kind="metric",
                    subject="broadband coverage",
                    region=f"District {n + 1}",
                    period="2021",
                    value=50.0 + n,
                    value_text=f"{50 + n}%",
                    unit="%",
                    base_value=50.0 + n,
                    quote=quote,
                    topics="broadband",
                )
            )
        session.commit()
