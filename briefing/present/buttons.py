"""Button labels: plain text, short enough for a phone screen."""

from __future__ import annotations

from briefing.present import messages
from core.facts import Fact

MAX_BUTTON_LABEL = 48


def fact_label(fact: Fact) -> str:
    """A short label naming a fact: subject, region and period."""
    parts = [fact.subject]
    if fact.region and fact.region.lower() not in fact.subject.lower():
        parts.append(fact.region)
    if fact.period:
        parts.append(fact.period)
    label = ", ".join(p.strip() for p in parts if p and p.strip())
    if len(label) > MAX_BUTTON_LABEL:
        label = label[: MAX_BUTTON_LABEL - 1].rstrip() + "…"
    return label or messages.UNNAMED_FACT.format(id=fact.id)


def cited_fact_label(fact: Fact) -> str:
    """A button that shows one of an aggregate answer's sources."""
    return messages.CITED_FACT_BUTTON.format(label=fact_label(fact))


def example_label(question: str) -> str:
    """A button that asks an example question."""
    if len(question) <= MAX_BUTTON_LABEL:
        return question
    return question[: MAX_BUTTON_LABEL - 1].rstrip() + "…"


def pause_or_resume_label(number: int, *, active: bool) -> str:
    """Pause an active subscription, resume a paused one."""
    label = messages.PAUSE_BUTTON if active else messages.RESUME_BUTTON
    return label.format(number=number)


def remove_label(number: int) -> str:
    """Remove a subscription."""
    return messages.REMOVE_BUTTON.format(number=number)
