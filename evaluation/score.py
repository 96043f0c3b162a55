"""Matching rules: does an answer's headline (or a baseline sentence) contain the expected figures.

An expected string must appear in the text, case-insensitively, after both sides are normalised:
thousands separators between digits are removed ("4,905" matches "4905"), trailing zeros of a
decimal fraction are dropped ("14.0" matches "14") and runs of whitespace become one space. A
string that starts or ends with a digit must not be glued to a longer number there: "5" does not
match "15", "1.5" or "5.8", but it does match "5th" and "5%".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

QUESTION_TYPES = (
    "amount",
    "growth",
    "share",
    "count",
    "rank",
    "target",
    "when",
    "who",
    "compare",
    "latest",
    "list",
    "refuse",
)

_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_TRAILING_ZEROS = re.compile(r"(?<![\d.])(\d+)\.(\d*?)0+(?![\d])")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower-case text with thousands separators, trailing decimal zeros and extra spaces gone."""
    text = _THOUSANDS.sub("", text.casefold())
    text = _TRAILING_ZEROS.sub(lambda m: m[1] + (f".{m[2]}" if m[2] else ""), text)
    return _SPACES.sub(" ", text).strip()


def _pattern(needle: str) -> re.Pattern[str]:
    pattern = re.escape(needle)
    if needle[0].isdigit():
        pattern = r"(?<!\d)(?<!\d\.)" + pattern
    if needle[-1].isdigit():
        pattern += r"(?!\d)(?!\.\d)"
    return re.compile(pattern)


def contains(text: str, expected: str) -> bool:
    """Whether `expected` appears in `text` under the rules above; "a|b" accepts either form
    (a figure a Chinese reply may write as 112.5亿 or the English document as 11.25 billion)."""
    if "|" in expected:
        return any(contains(text, option) for option in expected.split("|"))
    needle = normalize(expected)
    if not needle:
        return True
    return _pattern(needle).search(normalize(text)) is not None


def contains_all(text: str | None, expected: Iterable[str]) -> bool:
    """Whether every expected string appears in `text` (None contains nothing)."""
    if text is None:
        return False
    return all(contains(text, e) for e in expected)


def bot_correct(qtype: str, expected: Iterable[str], matched: bool, headline: str | None) -> bool:
    """A refusal question is right iff the bot did not match; any other iff it matched and its
    headline holds every expected string."""
    if qtype == "refuse":
        return not matched
    return matched and contains_all(headline, expected)
