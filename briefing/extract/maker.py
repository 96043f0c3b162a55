"""What the facts of one document share, and the builder of one sentence's facts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from briefing.extract.periods import early_report_month
from briefing.extract.topics import topics_for
from briefing.text import Sentence
from core.facts import Fact, FactKind, Source


@dataclass(frozen=True)
class DocumentContext:
    """What extraction needs to know about the whole document."""

    source: Source  # the document, as every fact from it cites it
    ref_year: int | None  # the year "this year" means: published year, else inferred
    main_region: str | None
    main_province: str | None = None  # what "the province's" means when the region is a city

    @property
    def published(self) -> date | None:
        """The document's publication date, when known."""
        return self.source.published

    @property
    def ref_month(self) -> int | None:
        """The month of an early-year report (see `early_report_month`)."""
        return early_report_month(self.source.published, self.ref_year)


@dataclass(frozen=True)
class FactMaker:
    """Builds the facts of one sentence: its source, quote, offsets, topics, fallback region."""

    sentence: Sentence
    source: Source
    main_region: str | None
    inherit: Callable[[FactKind], str | None] | None = None  # the period of a fact with none

    def __call__(
        self,
        *,
        kind: FactKind,
        subject: str,
        region: str | None,
        period: str | None,
        value: float | None = None,
        value_text: str | None = None,
        unit: str | None = None,
        scale: str | None = None,
        base_value: float | None = None,
        qualifier: str | None = None,
        change: float | None = None,
        event_date: date | None = None,
    ) -> Fact:
        text = self.sentence.text
        if period is None and self.inherit is not None:
            period = self.inherit(kind)
        return Fact(
            kind=kind,
            subject=subject,
            region=region or self.main_region,
            period=period,
            value=value,
            value_text=value_text,
            unit=unit,
            scale=scale,
            base_value=base_value,
            qualifier=qualifier,
            change=change,
            event_date=event_date,
            quote=text,
            start=self.sentence.start,
            end=self.sentence.end,
            topics=self.topics_of(subject),
            source=self.source,
            from_title=self.sentence.is_title,
        )

    def topics_of(self, subject: str) -> tuple[str, ...]:
        """A fact's topic tags: from its subject, else from the sentence (English keywords).

        The Chinese extractor's maker reads them through the glossary instead.
        """
        return topics_for(subject, self.sentence.text)

    def amount(
        self,
        figure: Amount,
        written: str,
        *,
        kind: FactKind,
        subject: str,
        region: str | None,
        period: str | None,
        change: float | None,
    ) -> Fact:
        """A fact whose figure is `figure`, as `written` in the sentence."""
        return self(
            kind=kind,
            subject=subject,
            region=region,
            period=period,
            value=figure.value,
            value_text=written,
            unit=figure.unit,
            scale=figure.scale,
            base_value=figure.base_value,
            qualifier=figure.qualifier,
            change=change,
        )


class Amount(Protocol):
    """A figure as an extractor reads it, English or Chinese (its written form goes beside)."""

    @property
    def value(self) -> float: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def scale(self) -> str | None: ...
    @property
    def base_value(self) -> float | None: ...
    @property
    def qualifier(self) -> str | None: ...
