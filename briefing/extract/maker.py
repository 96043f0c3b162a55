"""Building one sentence's facts: what every fact of a sentence shares, set in one place.

Both extractors (English in `briefing.extract`, Chinese in `briefing.chinese.extract`) read a
sentence and state what it says; `FactMaker` adds what all of that sentence's facts carry: the
sentence as their quote, its offsets and title flag, the document's source, its main region
for a fact whose clause names none, and the topic tags of the fact's subject.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from briefing.text import Sentence
from core.facts import Fact, FactKind, Source


class Amount(Protocol):
    """A figure as an extractor reads it (its written form is passed alongside)."""

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


@dataclass(frozen=True)
class FactMaker:
    """Builds the facts of one sentence.

    `topics` gives a subject's topic tags (an extractor reads them from the subject, else from
    the sentence, in its own language).
    """

    sentence: Sentence
    source: Source
    main_region: str | None
    topics: Callable[[str], tuple[str, ...]]

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
        """A fact of this sentence; `region` None falls back to the document's main region."""
        sentence = self.sentence
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
            quote=sentence.text,
            start=sentence.start,
            end=sentence.end,
            topics=self.topics(subject),
            source=self.source,
            from_title=sentence.is_title,
        )

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
