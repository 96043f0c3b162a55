"""Regex pieces that several readers share: month names, ordinal words, lists of words.

Each is a non-capturing group, so a reader can put it in a named group or give it a suffix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def any_of(alternatives: str) -> str:
    """A non-capturing group of the comma-separated `alternatives`, tried in the order written.

    A word list reads as a list: `any_of("has, have, so far")` is `(?:has|have|so far)`. Each
    alternative is a regex piece (`increased?` is allowed), so none may hold a comma.
    """
    return "(?:" + "|".join(part.strip() for part in alternatives.split(",")) + ")"


def longest_first(words: Iterable[str]) -> str:
    """The literal `words` as regex alternatives, longest first, so a word is never matched
    short by a shorter one it starts with ("上半年" before "上半")."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
"""A month's name, in full or cut to three letters (and "Sept")."""
FULL_MONTH = any_of(
    "January, February, March, April, May, June, July, August, September, October, November,"
    " December"
)
"""A month's name in full."""
MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
"""A month's number by the first three letters of its name, lower case."""
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
"""The ordinals from first to tenth, in words, with their numbers."""
ORDINAL_WORD = any_of(", ".join(ORDINALS))
"""An ordinal from first to tenth, in words."""
