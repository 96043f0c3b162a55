"""Topic tags from a small keyword vocabulary, applied to a fact's subject and sentence."""

from __future__ import annotations

import re

# tag -> keyword stems (matched at word starts, case-insensitively).
TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "industry": ("industr", "manufactur", "factor", "enterprise", "output value", "cluster"),
    "software": ("software", "information technology service", "it service"),
    "telecommunications": (
        "telecom", "communication", "5g", "base station", "broadband", "radio and television",
        "satellite", "network",
    ),
    "internet": ("internet", "online", "e-commerce", "industrial interconnection"),
    "electronics": ("electronic", "computer", "semiconductor", "chip", "integrated circuit"),
    "digital-economy": ("digital econom", "digital industr", "digitalization", "digitization"),
    "smart-city": ("smart cit", "smart communit", "digital cit", "urban", "smart home"),
    "government": ("government", "governance", "administrative", "public service", "party"),
    "data": ("big data", "data", "cloud", "computing power"),
    "ai": ("artificial intelligence", "ai"),
    "finance": ("fund", "investment", "financ", "venture capital", "capital"),
    "livelihood": ("livelihood", "education", "healthcare", "medical", "transport", "communit"),
    "innovation": ("innovation", "research", "technolog", "scientific"),
    "events": ("forum", "conference", "meeting", "expo", "summit", "report"),
}  # fmt: skip

_TOPIC_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (tag, re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")", re.IGNORECASE))
    for tag, keys in TOPIC_KEYWORDS.items()
)


def topics_for(subject: str, sentence: str) -> tuple[str, ...]:
    """Tags whose keywords occur in the subject, else in the sentence (vocabulary order)."""
    tags = tuple(tag for tag, pattern in _TOPIC_RES if pattern.search(subject))
    if tags:
        return tags
    return tuple(tag for tag, pattern in _TOPIC_RES if pattern.search(sentence))
