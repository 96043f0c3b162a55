"""The head of a Chinese release: its title, and the dateline with date and outlet.

Chinese news pages put the date and the source on one line under the title, in a few fixed
shapes: "2022年2月15日 10:20  来源：杭州日报", "来源：青岛日报 2021-08-25", "发布时间：
2023-03-06 来源：浙江日报". The English header reader does not know 年月日 dates or 来源, so
without this a Chinese document has no publication date, and "今年" in it no year. A metadata
file, where there is one, still wins over what the header says.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

HEADER_LINES_READ = 5
"""The dateline is looked for among this many non-empty lines at the top."""

_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})(?:年|-|/|\.)(?P<m>\d{1,2})(?:月|-|/|\.)(?P<d>\d{1,2})日?"
)
_SOURCE = re.compile(r"(?:来源|来自|稿源|出处)[：:]\s*(?P<outlet>[^\s\d|｜]+)")
_DATELINE_WORDS = re.compile(r"来源|发布时间|发布日期|时间[：:]|作者|编辑|责任编辑")
_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_STOPS = ("。", "！", "？", "；")
MAX_DATELINE_CHARS = 80
"""A dateline is short; a longer line with a date in it is prose."""


@dataclass(frozen=True)
class ChineseHeader:
    """What the top of a release says about it.

    `title_line` and `dateline` are indexes into the lines given; `body_start` is the first
    line after the header.
    """

    title: str | None
    title_line: int | None
    published: date | None
    outlet: str | None
    dateline: int | None
    body_start: int


def read_chinese_header(lines: Sequence[str]) -> ChineseHeader:
    """Title, date and outlet from the first lines of a Chinese release."""
    filled = [i for i, line in enumerate(lines) if line.strip()][:HEADER_LINES_READ]
    dateline: int | None = None
    for index in filled:
        if is_dateline(lines[index]):
            dateline = index
            break
    title_line = None
    if filled and filled[0] != dateline and not lines[filled[0]].strip().endswith(_STOPS):
        title_line = filled[0]  # a headline has no full stop; a first sentence has
    published = outlet = None
    if dateline is not None:
        line = lines[dateline]
        found = _DATE.search(line)
        if found is not None:
            published = _date(found)
        source = _SOURCE.search(line)
        outlet = source.group("outlet") if source else None
    last = max(i for i in (title_line, dateline, -1) if i is not None)
    return ChineseHeader(
        title=lines[title_line].strip() if title_line is not None else None,
        title_line=title_line,
        published=published,
        outlet=outlet,
        dateline=dateline,
        body_start=last + 1,
    )


def is_dateline(line: str) -> bool:
    """Whether a line is a dateline ("2022年2月15日 10:20 来源：杭州日报"), not prose."""
    text = line.strip()
    if not text or len(text) > MAX_DATELINE_CHARS or text.endswith(_STOPS):
        return False
    if _DATELINE_WORDS.search(text):
        return True
    rest = _TIME.sub("", _DATE.sub("", text)).strip()
    return bool(_DATE.search(text)) and not rest  # a date (and time) alone


def _date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None
