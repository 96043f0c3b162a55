"""Word lists written as one readable string each."""

from __future__ import annotations

# Everything but ASCII letters becomes a space, so split() yields the letter runs.
_TO_SPACE = str.maketrans(
    {chr(c): " " for c in range(128) if not chr(c).isalpha() or not chr(c).isascii()}
)


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text` as a set."""
    return frozenset(text.split())


def word_list(text: str) -> list[str]:
    """The whitespace-separated words of `text`, in order."""
    return text.split()


def tokens_of(text: str) -> frozenset[str]:
    """The lower-case letter runs of `text` ("7th" gives "th"): for cheap word tests."""
    return frozenset(text.lower().translate(_TO_SPACE).split())
