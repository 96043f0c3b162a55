"""Document metadata: the per-folder metadata file, and title/outlet/date read from a header.

Precedence, lowest first: the document's own header, the folder's metadata file
(`metadata.json` or `metadata.toml`, keyed by file name), explicit overrides (CLI flags).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dateutil import parser as date_parser

from briefing.extract.patterns import MONTH
from briefing.text import is_navigation, normalise_characters, strip_controls
from core.errors import CitybriefError

METADATA_FILE_NAMES = ("metadata.json", "metadata.toml")
HEADER_SCAN_LINES = 6
MAX_TITLE_CHARS = 200
PUBLISHED_YEARS = range(1900, 2101)
"""Publication years taken as real; "0001-01-01" would make periods like "1-H1"."""
MAX_METADATA_CHARS = 2_000
"""The longest title, outlet, URL or note a metadata file may give."""
MAX_METADATA_FILE_BYTES = 5_000_000
"""A metadata file larger than this is refused unread (a real one is a few KB)."""


class MetadataFileError(CitybriefError):
    """A metadata file exists but cannot be parsed."""


@dataclass(frozen=True)
class DocumentMetadata:
    """What is known about a document besides its text; None means unknown."""

    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    note: str | None = None

    def over(self, base: DocumentMetadata) -> DocumentMetadata:
        """These values where set, `base`'s elsewhere."""
        changes = {f.name: getattr(self, f.name) for f in fields(self)}
        return replace(base, **{k: v for k, v in changes.items() if v is not None})

    def as_dict(self) -> dict[str, str | None]:
        """JSON-ready mapping (dates as ISO strings)."""
        return {
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "url": self.url,
            "note": self.note,
        }


@dataclass(frozen=True)
class Header:
    """Metadata read from a document's first lines, and where its body starts."""

    metadata: DocumentMetadata
    title_line: int | None  # index into the normalised lines, None when no title line
    body_start: int  # first line index after the header
    date_has_year: bool


def metadata_from_mapping(raw: Mapping[str, Any], *, where: str) -> DocumentMetadata:
    """Build metadata from a mapping with optional title/outlet/published/url/note keys.

    Raises:
        MetadataFileError: a value has the wrong type or the date is not ISO (YYYY-MM-DD).
    """
    values: dict[str, Any] = {}
    for key in ("title", "outlet", "url", "note"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise MetadataFileError(f"{where}: {key} must be a string")
        if value is not None and len(value) > MAX_METADATA_CHARS:
            raise MetadataFileError(f"{where}: {key} is over {MAX_METADATA_CHARS} characters")
        values[key] = " ".join(strip_controls(value).split()) or None if value else None
    published = raw.get("published")
    if isinstance(published, datetime):
        published = published.date()
    if isinstance(published, date):
        values["published"] = published
    elif isinstance(published, str) and published:
        try:
            values["published"] = date.fromisoformat(published)
        except ValueError as exc:
            raise MetadataFileError(f"{where}: published must be YYYY-MM-DD") from exc
    elif published is not None:
        raise MetadataFileError(f"{where}: published must be YYYY-MM-DD")
    return check_published(DocumentMetadata(**values), where=where)


def check_published(metadata: DocumentMetadata, *, where: str) -> DocumentMetadata:
    """`metadata` if its publication year is a real one (see PUBLISHED_YEARS).

    Raises:
        MetadataFileError: the year is outside PUBLISHED_YEARS.
    """
    when = metadata.published
    if when is not None and when.year not in PUBLISHED_YEARS:
        raise MetadataFileError(
            f"{where}: published year {when.year} is outside "
            f"{PUBLISHED_YEARS.start}-{PUBLISHED_YEARS.stop - 1}"
        )
    return metadata


@dataclass(frozen=True)
class FolderMetadata:
    """A folder's metadata file: each file's entry, and the entries that were refused."""

    entries: Mapping[str, DocumentMetadata]
    errors: Mapping[str, str]  # file name -> why its entry was refused

    def for_file(self, name: str) -> DocumentMetadata | None:
        """The entry for file `name`, or None.

        Raises:
            MetadataFileError: the file's own entry is malformed (no other file is affected).
        """
        if name in self.errors:
            raise MetadataFileError(self.errors[name])
        return self.entries.get(name)


def load_metadata_file(folder: Path) -> FolderMetadata:
    """Read `metadata.json` or `metadata.toml` in `folder`, keyed by file name (empty if none).

    A malformed entry is kept as that file's error, so one bad entry affects its own file only.

    Raises:
        MetadataFileError: the file exists but is not valid JSON/TOML keyed by file name.
    """
    for name in METADATA_FILE_NAMES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            if path.stat().st_size > MAX_METADATA_FILE_BYTES:
                raise MetadataFileError(f"{path}: over {MAX_METADATA_FILE_BYTES:,} bytes")
            text = path.read_text(encoding="utf-8")
            raw: Any = json.loads(text) if name.endswith(".json") else tomllib.loads(text)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise MetadataFileError(f"{path}: {exc}") from exc
        except RecursionError as exc:  # "[[[[...]]]]" nested beyond the parser's stack
            raise MetadataFileError(f"{path}: nested too deeply") from exc
        if not isinstance(raw, dict):
            raise MetadataFileError(f"{path}: expected an object keyed by file name")
        result: dict[str, DocumentMetadata] = {}
        errors: dict[str, str] = {}
        for key, entry in raw.items():
            try:
                if not isinstance(entry, dict):
                    raise MetadataFileError(f"{path}: entry {key!r} must be an object")
                result[key] = metadata_from_mapping(entry, where=f"{path} [{key}]")
            except MetadataFileError as exc:
                errors[key] = str(exc)
        return FolderMetadata(result, errors)
    return FolderMetadata({}, {})


_MONTHS = rf"{MONTH}\.?"
# Date shapes seen in briefing headers; the first that matches a short line wins.
_DATE_FORMS: tuple[tuple[re.Pattern[str], bool], ...] = (
    (re.compile(r"\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"), True),
    (re.compile(r"\b\d{1,2}-\d{1,2}-\d{4}\b"), True),
    (re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s*\d{{4}}", re.IGNORECASE), True),
    (re.compile(rf"\b\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}\b", re.IGNORECASE), True),
    (re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b", re.IGNORECASE), False),
    (re.compile(r"^\d{1,2}-\d{1,2}\b"), False),
)
# A leap year as the default so a year-less "02-29" parses; the real year is inferred later.
# One separator throughout; mixed ones ("2023-05.12") are left to dateutil.
_YEAR_MONTH_DAY = re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})")
_PLACEHOLDER = datetime(2000, 1, 1)  # noqa: DTZ001  (a calendar placeholder, not a moment)
_TIME = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b")
_OUTLET_NOISE = re.compile(
    r"^(?:source|from|published|posted|updated|date|by)\s*[:：]?\s*|^[|/·•,-]\s*"
    r"|\s*[|/·•,-]\s*$",
    re.IGNORECASE,
)
_GLUED_BY = re.compile(r"(\d{4})\s*By\s*(\S)")
# Outlet handles as they appear after "By" in headers, and their usual spelling.
KNOWN_OUTLETS: dict[str, str] = {
    "iqingdao": "iQingdao",
    "xinhua": "Xinhua",
    "chinadaily": "China Daily",
    "globaltimes": "Global Times",
    "cgtn": "CGTN",
    "ecns": "ECNS",
    "scmp": "South China Morning Post",
}
_YEAR = re.compile(r"(?<![\d,.-])(?P<year>(?:19[89]|20[0-4])\d)(?![\d%-]|[.,]\d)")
_FUTURE_YEAR_CONTEXT = re.compile(
    r"(?:\bby|\buntil|\bbefore|\bto|\bthrough|-)\s+(?:the\s+end\s+of\s+)?$", re.IGNORECASE
)


def parse_header(lines: list[str], *, body_text: str | None = None) -> Header:
    """Read title, outlet and date from the first lines of a document.

    Args:
        lines: the document's lines, already passed through `normalise_characters`.
        body_text: text to infer a missing year from (defaults to all the lines).

    Returns:
        The header's metadata (None where absent) and where the body starts.
    """
    candidates = [i for i, line in enumerate(lines) if line.strip()][: HEADER_SCAN_LINES + 2]
    date_index: int | None = None
    published: date | None = None
    outlet: str | None = None
    has_year = False
    for i in candidates[:HEADER_SCAN_LINES]:
        found = _date_line(lines[i].strip())
        if found is not None:
            date_index = i
            month_day, has_year, outlet = found
            if has_year:
                published = month_day
            else:
                text = body_text if body_text is not None else "\n".join(lines)
                year = infer_year(text)
                published = month_day.replace(year=year) if year else None
            break
    title_line: int | None = None
    for i in candidates:
        if date_index is not None and i >= date_index:
            break
        line = lines[i].strip()
        if _PROSE.match(line):
            break  # the body has begun: a wire story has no title line above its prose
        if not is_navigation(line) and len(line) <= MAX_TITLE_CHARS:
            title_line = i
            break
    if title_line is None and date_index is None and candidates:
        first = lines[candidates[0]].strip()
        if len(first) <= MAX_TITLE_CHARS and not first.endswith("."):
            title_line = candidates[0]
    body_start = max(
        (date_index + 1) if date_index is not None else 0,
        (title_line + 1) if title_line is not None else 0,
    )
    title = lines[title_line].strip() if title_line is not None else None
    return Header(
        DocumentMetadata(title=title, outlet=outlet, published=published),
        title_line,
        body_start,
        has_year,
    )


_PROSE = re.compile(r"(?=.{120})(?:\S+\s+){15}.*[.!?\"。！？”]$")
"""A paragraph of prose, not a title: at least 120 characters and 16 words, ending a sentence."""


def _date_line(line: str) -> tuple[date, bool, str | None] | None:
    """(date, whether it had a year, outlet) when `line` is a header date line."""
    if len(line) > 100 or line.endswith("."):
        return None
    line = _GLUED_BY.sub(r"\1 By \2", line)
    for pattern, has_year in _DATE_FORMS:
        match = pattern.search(line)
        if match is None:
            continue
        parsed = _parse_date(match.group(), has_year=has_year)
        if parsed is None:
            continue
        rest = (line[: match.start()] + " " + line[match.end() :]).strip()
        rest = _TIME.sub("", rest).strip()
        if len(rest.split()) > 6:
            return None  # a sentence that mentions a date, not a date line
        return parsed, has_year, _outlet(rest)
    return None


def _parse_date(text: str, *, has_year: bool) -> date | None:
    """The date a header line states, if it parses and its year is a real publication year."""
    parsed = _parse_any_date(text, has_year=has_year)
    if parsed is None or (has_year and parsed.year not in PUBLISHED_YEARS):
        return None
    return parsed


def _parse_any_date(text: str, *, has_year: bool) -> date | None:
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    try:
        if not has_year:
            return date_parser.parse(cleaned, default=_PLACEHOLDER, fuzzy=False).date()
        if re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}", cleaned):
            month, day, year = (int(p) for p in cleaned.split("-"))
            return date(year, month, day)
        iso = _YEAR_MONTH_DAY.fullmatch(cleaned)
        if iso:
            with suppress(ValueError):  # a valid one is read as dateutil reads it, faster
                return date(int(iso["y"]), int(iso["m"]), int(iso["d"]))
        return date_parser.parse(cleaned, fuzzy=False).date()
    except (ValueError, OverflowError):
        return None


def _outlet(rest: str) -> str | None:
    previous = None
    while previous != rest:
        previous = rest
        rest = _OUTLET_NOISE.sub("", rest).strip()
    if not rest:
        return None
    return KNOWN_OUTLETS.get(rest.lower().replace(" ", ""), rest)


def infer_year(text: str) -> int | None:
    """The latest year the text mentions as past or present (not "by 2025"), or None."""
    years = [
        int(m.group("year"))
        for m in _YEAR.finditer(text)
        if not _FUTURE_YEAR_CONTEXT.search(text[max(0, m.start() - 20) : m.start()])
    ]
    return max(years) if years else None


def header_lines(text: str) -> list[str]:
    """The document's lines with characters normalised, as `parse_header` expects."""
    return normalise_characters(text).split("\n")


def merge_metadata(layers: Iterable[DocumentMetadata | None]) -> DocumentMetadata:
    """Merge metadata layers, later layers winning where they set a value."""
    result = DocumentMetadata()
    for layer in layers:
        if layer is not None:
            result = layer.over(result)
    return result
