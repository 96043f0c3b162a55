"""Word lists written as one readable string each."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[a-z]+")


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` as a set."""
    return frozenset(text.split())


def word_list(text: str) -> list[str]:
    """The whitespace-separated words of `text`, in order."""
    return text.split()


def tokens_of(text: str) -> frozenset[str]:
    """The lower-case letter runs of `text` ("7th" gives "th"): for cheap word tests."""
    return frozenset(_TOKEN.findall(text.lower()))
