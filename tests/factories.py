"""Facts for tests, stored the way ingest stores them, independent of what extraction produces.

`FactFactory` writes through `db.documents.store_document`, the repository ingest writes with:
a test's facts are real `core.facts.Fact` objects in real rows, with the document's text made
of their quotes and their offsets pointing into it. Adding a fact to a stored document stores
the document again, as a re-ingest would: facts already there keep their rows and ids.

The preset stores below are the ones several test modules share.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import NamedTuple

from briefing.extract.figures import SCALES
from briefing.extract.maker import FactMaker
from briefing.ingest import ingest_paths
from briefing.service import Briefing
from briefing.text import Sentence
from core.facts import Fact, FactKind, Source
from db import documents
from db import facts as stored_facts
from db.engine import Engine, new_session

_UNFILED = Source(slug="", title="", outlet=None, published=None, url=None)
"""The source of a fact not yet added to a document (the factory files it)."""


def draft(
    subject: str,
    *,
    kind: FactKind = FactKind.METRIC,
    region: str | None = None,
    period: str | None = None,
    value: float | None = None,
    value_text: str | None = None,
    unit: str | None = None,
    scale: str | None = None,
    qualifier: str | None = None,
    change: float | None = None,
    event_date: date | None = None,
    quote: str | None = None,
    topics: tuple[str, ...] = (),
) -> Fact:
    """A fact not yet stored, built by the extractor's `FactMaker` from what a test gives.

    `value_text` defaults to the value as written with its scale ("32.99 billion"), the base
    value is the value times its scale, and `quote` defaults to a sentence made of the subject
    and the figure ("Fibre length reached 900 km."). Its offsets are set when it is added.
    """
    if value is not None and value_text is None:
        value_text = f"{value:g} {scale}" if scale else f"{value:g}"
    if quote is None:
        figure = " ".join(part for part in (value_text, unit) if part)
        quote = f"{subject} reached {figure}." if figure else f"{subject}."
    make = _Drafting(Sentence(quote, 0, len(quote)), _UNFILED, main_region=None, topics=topics)
    if value is None:  # an event or a person: what production makes them with
        return make(
            kind=kind,
            subject=subject,
            region=region,
            period=period,
            value_text=value_text,
            unit=unit,
            event_date=event_date,
        )
    base_value = value * SCALES[scale] if scale else value
    return make.amount(
        _Stated(value, unit, scale, base_value, qualifier),
        value_text or "",
        kind=kind,
        subject=subject,
        region=region,
        period=period,
        change=change,
    )


class _Stated(NamedTuple):
    """A figure as a test states it (an `Amount`, as `FactMaker.amount` reads it)."""

    value: float
    unit: str | None
    scale: str | None
    base_value: float
    qualifier: str | None


@dataclass(frozen=True)
class _Drafting(FactMaker):
    """The extractor's fact builder, with the topics a test gives instead of those it reads."""

    topics: tuple[str, ...] = ()

    def topics_of(self, subject: str) -> tuple[str, ...]:
        return self.topics


billion_yuan = partial(draft, unit="yuan", scale="billion")
"""A figure in billions of yuan, as the releases give revenue: `draft` with its unit and scale."""


@dataclass
class _Document:
    source: Source
    ingested_at: datetime
    facts: list[Fact] = field(default_factory=list)
    text: str = ""

    def place(self, fact: Fact) -> Fact:
        """The fact with its offsets in this document's text (a new quote is appended)."""
        start = self.text.find(fact.quote)
        if start < 0:
            start = len(self.text) + 1 if self.text else 0
            self.text = f"{self.text} {fact.quote}" if self.text else fact.quote
        return replace(fact, start=start, end=start + len(fact.quote), source=self.source)


class FactFactory:
    """Documents and facts stored through the repository, for one test's store."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._documents: dict[str, _Document] = {}

    def document(
        self,
        slug: str,
        *facts: Fact,
        title: str | None = None,
        outlet: str | None = "City Daily",
        published: date | None = date(2021, 8, 25),
        url: str | None = None,
        ingested_at: datetime | None = None,
    ) -> list[int]:
        """Store a new document with these facts (`draft`s); returns their ids, in order.

        Args:
            title: defaults to "Report <slug>".
            ingested_at: when the document was ingested (digests look at it); default now.
        """
        if slug in self._documents:
            raise ValueError(f"document {slug!r} is stored already: add facts to it instead")
        source = Source(slug, title or f"Report {slug}", outlet, published, url)
        self._documents[slug] = _Document(source, ingested_at or datetime.now(UTC))
        return self.add(slug, *facts)

    def add(self, slug: str, *facts: Fact) -> list[int]:
        """Add facts to a stored document (one made with defaults if `slug` is new)."""
        if slug not in self._documents:
            self.document(slug)
        document = self._documents[slug]
        document.facts.extend(document.place(fact) for fact in facts)
        before = set(self._ids(slug))
        with self._engine.connect() as connection:
            documents.store_document(
                connection=connection,
                source=document.source,
                path=f"{slug}.txt",
                content_hash=_content_hash(document),
                text=document.text,
                facts=document.facts,
                now=document.ingested_at,
            )
        return [fact_id for fact_id in self._ids(slug) if fact_id not in before]

    def _ids(self, slug: str) -> list[int]:
        with new_session(self._engine) as session:
            found = stored_facts.facts(session=session, document_slug=slug)
        return sorted(fact.stored_id for fact in found)


def _content_hash(document: _Document) -> str:
    digest = hashlib.sha256(document.text.encode())
    for fact in document.facts:
        digest.update(repr(fact).encode())
    return digest.hexdigest()


# --- preset stores -------------------------------------------------------------------------


def many_facts(prefix: str, count: int, *, topics: Sequence[str] = ("software",)) -> list[Fact]:
    """`count` distinct metrics of Qingdao in 2021, spread over `topics` (for digests)."""
    return [
        draft(
            f"{prefix} measure {n}",
            region="Qingdao",
            period="2021",
            value=float(n),
            unit="billion yuan",
            topics=(topics[n % len(topics)],),
        )
        for n in range(count)
    ]


SAMPLE_REVENUE = (
    "In the first half of this year, the operating revenue of the electronic equipment "
    "manufacturing industry in Qingdao was 32.99 billion yuan, up 20.1% year on year; "
    "software and information technology services earned 45.2 billion yuan, up 25.3%."
)


def sample_store(factory: FactFactory) -> None:
    """Two documents with metrics, a count, a target and a ranking (the bot tests' store)."""
    factory.document(
        "qingdao-digital",
        billion_yuan(
            "operating revenue of electronic equipment manufacturing",
            region="Qingdao",
            period="2021-H1",
            value=32.99,
            value_text="32.99 billion yuan",
            change=20.1,
            quote=SAMPLE_REVENUE,
            topics=("industry", "revenue"),
        ),
        billion_yuan(
            "operating revenue of software and information technology services",
            region="Qingdao",
            period="2021-H1",
            value=45.2,
            value_text="45.2 billion yuan",
            change=25.3,
            quote=SAMPLE_REVENUE,
            topics=("software", "revenue"),
        ),
        draft(
            "industrial Internet platforms",
            kind=FactKind.TARGET,
            region="Qingdao",
            period="by 2025",
            value=100.0,
            quote="By 2025 Qingdao aims to build 100 industrial Internet platforms "
            "with R&D centres <b>across</b> the city.",
            topics=("industrial internet",),
        ),
        draft(
            "digital city ranking",
            kind=FactKind.RANKING,
            region="Qingdao",
            period="2020",
            value=6.0,
            value_text="6th",
            quote="Qingdao ranked 6th among Chinese cities in the 2020 digital index.",
            topics=("ranking",),
        ),
        title="Digital Qingdao <mid-year> review & outlook",
        outlet="City News",
        published=date(2021, 8, 25),
        url="https://news.example/qingdao",
    )
    factory.document(
        "shenzhen-5g",
        draft(
            "5G base stations",
            kind=FactKind.COUNT,
            region="Shenzhen",
            period="2020",
            value=46000.0,
            value_text="46,000",
            quote="Shenzhen had built 46,000 5G base stations by the end of 2020.",
            topics=("5g", "telecommunications"),
        ),
        title="Shenzhen builds out 5G",
        outlet="Tech Daily",
        published=date(2021, 3, 2),
    )


def metric_series(factory: FactFactory, count: int) -> None:
    """`count` broadband metrics, one per district: enough to need several listing pages."""
    factory.document(
        "districts",
        *(
            draft(
                "broadband coverage",
                region=f"District {n + 1}",
                period="2021",
                value=50.0 + n,
                value_text=f"{50 + n}%",
                unit="%",
                quote=f"District {n + 1} reached {50 + n}% broadband coverage in 2021.",
                topics=("broadband",),
            )
            for n in range(count)
        ),
        title="District broadband survey",
        outlet="Survey Office",
        published=date(2022, 1, 10),
    )


CITY_REVENUE = (
    "In the first half of this year, the operating revenue of the computer, communication and "
    "other electronic equipment manufacturing industry in Harbourtown was 32.99 billion yuan, "
    "with a year-on-year growth rate of 20.1%; the operating revenue of telecommunications "
    "services was 7.85 billion yuan, with a year-on-year growth rate of 15.3%; the operating "
    "revenue of Internet and related services was 700 million yuan, with a year-on-year growth "
    "rate of 46.6%; the operating revenue of software and information technology service "
    "industry was 11.25 billion yuan, with a year-on-year growth rate of 22.6%."
)


def city_store(factory: FactFactory) -> dict[str, int]:
    """An invented city's industries (one sentence, four figures), a ranking, a count, a
    target, an event and a person; returns fact ids by a short name."""
    industries = {
        "electronics": (
            "computer, communication and other electronic equipment manufacturing revenue",
            32.99,
            "billion",
            20.1,
        ),
        "telecom": ("telecommunications services revenue", 7.85, "billion", 15.3),
        "internet": ("Internet and related services revenue", 700, "million", 46.6),
        "software": (
            "software and information technology services revenue",
            11.25,
            "billion",
            22.6,
        ),
    }
    harbour = factory.document(
        "harbour",
        *(
            draft(
                subject,
                region="Harbourtown",
                period="2021-H1",
                value=value,
                unit="yuan",
                scale=scale,
                change=change,
                quote=CITY_REVENUE,
                topics=("digital economy", "industry"),
            )
            for subject, value, scale, change in industries.values()
        ),
        title="Harbourtown digital review",
        outlet="Harbour Post",
        published=date(2021, 8, 25),
        url="https://example.org/harbour?a=1&b=2",
    )
    ids = dict(zip(industries, harbour, strict=True))
    (ids["ranking"],) = factory.document(
        "ranks",
        draft(
            "Top 100 Digital Cities ranking",
            kind=FactKind.RANKING,
            region="Harbourtown",
            period="2022",
            value=9,
            value_text="9th",
            quote="Harbourtown ranked 9th among the 2022 Top 100 Digital Cities.",
            topics=("digital city", "ranking"),
        ),
        title="Harbourtown ranks 9th",
        outlet="Wire",
        published=date(2022, 11, 10),
    )
    ids["communities"], ids["communities_target"] = factory.document(
        "prov",
        draft(
            "smart communities unveiled",
            kind=FactKind.COUNT,
            region="Lakeland",
            period="2021",
            value=301,
            unit="smart communities",
            quote="Lakeland has unveiled the first 301 smart communities.",
            topics=("smart city",),
        ),
        draft(
            "smart communities",
            kind=FactKind.TARGET,
            region="Lakeland",
            period="by 2025",
            value=5000,
            value_text="5,000",
            unit="smart communities",
            qualifier="over",
            quote="Lakeland will build over 5,000 smart communities by 2025.",
            topics=("smart city", "target"),
        ),
        title="Lakeland province digital economy",
        outlet="Lake News",
        published=date(2021, 7, 19),
    )
    ids["forum"], ids["mayor"] = factory.add(
        "harbour",
        draft(
            "digital industry forum held",
            kind=FactKind.EVENT,
            region="Harbourtown",
            period="2021",
            event_date=date(2021, 4, 28),
            quote="On April 28, the 2021 digital industry forum was held in Harbourtown.",
            topics=("events",),
        ),
        draft(
            "mayor of Harbourtown",
            kind=FactKind.PERSON,
            region="Harbourtown",
            value_text="Ada Quill",
            quote="Ada Quill, mayor of Harbourtown, delivered a speech.",
            topics=("people",),
        ),
    )
    return ids


def revenue_history(factory: FactFactory) -> dict[str, int]:
    """Harbourtown's software revenue for three years (the 2019 figure in hundred millions, as
    a Chinese release writes it) and Lakeland's for 2021; returns fact ids by year or place."""
    years = {
        "2019": (92.0, "hundred million", None, None),
        "2020": (10.1, "billion", None, 9.8),
        "2021": (11.25, "billion", None, 11.4),
    }
    ids: dict[str, int] = {}
    for year, (value, scale, written, change) in years.items():
        (ids[year],) = factory.document(
            f"harbour-{year}",
            draft(
                "software revenue",
                region="Harbourtown",
                period=year,
                value=value,
                value_text=written,
                unit="yuan",
                scale=scale,
                change=change,
                quote=f"Harbourtown software revenue reached {value:g} {scale} yuan in {year}.",
                topics=("software",),
            ),
            title=f"Harbourtown software {year}",
            outlet="Harbour Post",
            published=date(int(year) + 1, 2, 1),
        )
    (ids["Lakeland"],) = factory.document(
        "lakeland-2021",
        billion_yuan(
            "software revenue",
            region="Lakeland",
            period="2021",
            value=4.5,
            quote="Lakeland software revenue reached 4.5 billion yuan in 2021.",
            topics=("software",),
        ),
        title="Lakeland software 2021",
        outlet="Lake News",
        published=date(2022, 2, 3),
    )
    return ids


def briefing_of(engine: Engine, under: Path, documents: Mapping[str, str]) -> Briefing:
    """The briefing over `documents` (file name → text) written into a folder `docs` under
    `under` and ingested as a user would: from files, through the whole pipeline."""
    folder = under / "docs"
    folder.mkdir(exist_ok=True)
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert ingest_paths([folder], engine=engine).ok
    return Briefing(engine)
