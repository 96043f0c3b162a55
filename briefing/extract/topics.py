"""Topic tags from a small keyword vocabulary, applied to a fact's subject and sentence."""

from __future__ import annotations

import re
from functools import lru_cache

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

_KEYWORD = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(k) + (r"\b" if len(k) <= 3 else "")
        for k in sorted({k for keys in TOPIC_KEYWORDS.values() for k in keys}, key=len)[::-1]
    )
    + r")"
)  # matched against lower-cased text
# Each keyword's tags, including those of shorter keywords it contains ("smart communit").
_TAGS_OF: dict[str, frozenset[str]] = {
    keyword: frozenset(
        tag
        for tag, keys in TOPIC_KEYWORDS.items()
        if any(re.search(r"\b" + re.escape(k), keyword) for k in keys)
    )
    for keyword in {k for keys in TOPIC_KEYWORDS.values() for k in keys}
}
_ORDER = {tag: i for i, tag in enumerate(TOPIC_KEYWORDS)}


@lru_cache(maxsize=512)
def _tags(text: str) -> tuple[str, ...]:
    found: set[str] = set()
    for match in _KEYWORD.finditer(text.lower()):
        found |= _TAGS_OF[match.group()]
    return tuple(sorted(found, key=_ORDER.__getitem__))


def topics_for(subject: str, sentence: str) -> tuple[str, ...]:
    """Tags whose keywords occur in the subject, else in the sentence (vocabulary order)."""
    return _tags(subject) or _tags(sentence)
