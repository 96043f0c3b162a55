"""Regex pieces that several readers share: month names and ordinal words.

Each is a non-capturing group, so a reader can put it in a named group or give it a suffix.
"""

from __future__ import annotations

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
"""A month's name, in full or cut to three letters (and "Sept")."""
FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
"""A month's name in full."""
MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
"""A month's number by the first three letters of its name, lower case."""
ORDINAL_WORD = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
"""An ordinal from first to tenth, in words."""
