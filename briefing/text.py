"""Reading and cleaning briefing documents, and splitting them into sentences.

Decoding (UTF-8, UTF-16 with a byte-order mark, GB18030) is `briefing.chinese.decode`.

The cleaned text is what `Document.text` stores and what every `Fact.start/end` indexes into:
paragraphs joined by blank lines, page furniture (menus, contact blocks, opening hours,
copyright and disclaimer lines, section numbers, captions) removed, whitespace normalised.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from core.errors import CitybriefError

MAX_DOCUMENT_BYTES = 5_000_000
MAX_SENTENCE_CHARS = 2_000
"""A longer "sentence" (no full stop for pages) is cut into pieces of at most this length at
clause breaks, so extraction, which looks around each figure within its sentence, stays
linear in the document's size. The longest sentence of the seeds is under 900 characters."""


class UnreadableDocumentError(CitybriefError):
    """A document file cannot be read as text (missing, binary, empty, unknown encoding)."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of the cleaned text with its offsets into it."""

    text: str
    start: int
    end: int
    is_title: bool = False


def read_document_bytes(path: Path) -> bytes:
    """Read a document file's bytes (`briefing.chinese.decode.decode_document` decodes them:
    UTF-8, UTF-16 with a byte-order mark, GB18030).

    Only a regular file is read: the file is opened without blocking and checked before any
    read, so a FIFO (whose open or read would wait for a writer forever) or a device (endless
    /dev/zero) is refused by name. A file is read to at most one byte past the size limit.

    Raises:
        UnreadableDocumentError: the file is missing, unreadable or not a regular file.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise UnreadableDocumentError(f"cannot read: {exc.strerror or exc}") from exc
    try:
        kind = special_file_kind(os.fstat(fd).st_mode)
        if kind is not None:
            raise UnreadableDocumentError(f"not a regular file: a {kind}")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise UnreadableDocumentError(f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def special_file_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("FIFO", "character device"), or None."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in (
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISDIR, "folder"),
    ):
        if test(mode):
            return kind
    return "special file"


def check_text(text: str) -> None:
    """Refuse text that is empty or mostly control characters.

    Raises:
        UnreadableDocumentError: nothing readable in it.
    """
    if not text.strip():
        raise UnreadableDocumentError("empty document")
    if len(_CONTROL.findall(text)) > max(8, len(text) // 100):
        raise UnreadableDocumentError("binary file (control characters)")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_STRIPPED_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORM_FEED = re.compile(r"[\x0c]")


def strip_controls(text: str) -> str:
    """`text` without control characters: ESC, BEL and the like would reach an operator's
    terminal (a stored sentence printed by `citybrief facts`), and bidi overrides make a
    quote read backwards. Tabs, newlines and carriage returns stay; a form feed (a page
    break) becomes a line break."""
    return _STRIPPED_CONTROLS.sub("", _FORM_FEED.sub("\n", text))


_CHAR_MAP = str.maketrans(
    {
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2026": "...",
        "\u2013": "-",
        "\t": " ",
        "\r": "",
    }
)

_SPACES = re.compile(r"[ ]{2,}")
_SECTION_NUMBER = re.compile(r"^(?:\d{1,3}|[IVX]{1,4})\.?$")
_PHONE = re.compile(r"^(?:(?:tel|phone|fax)\s*:?\s*)?\(?\+?\d[\d\s()./+-]{6,}\d$", re.IGNORECASE)
_HOURS = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b.*\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b"
    r"|\b(?:monday|mon)\s*[-–to]+\s*(?:friday|fri|sunday|sun|saturday|sat)\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^\W*(?:©|\(c\)\s|copyright\b)|©|\ball rights reserved\b|^disclaimer\s*:", re.IGNORECASE
)
_BYLINE = re.compile(r"^\((?:by|source|editor|reporter|translated by)\b[^)]*\)$", re.IGNORECASE)
_GLUED_MENU = re.compile(r"^HOME[A-Z][a-z]")
_NAV_WORDS = frozenset(
    {
        "close",
        "home",
        "menu",
        "share",
        "print",
        "detail",
        "details",
        "contact us",
        "sitemap",
        "site map",
        "back",
        "next",
        "previous",
        "login",
        "log in",
        "search",
        "subscribe",
        "more",
        "read more",
        "top",
        "back to top",
        "text",
        "related",
        "related news",
    }
)
# Small words that stay lower case in a Title Case line.
_MINOR_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the"}
    | {"to", "with", "via", "&", "-", "vs"}
)
_TERMINAL = (".", "!", "?", ":", ";", ",", '"', "'", ")")


def is_navigation(line: str) -> bool:
    """Whether a line is site chrome: menus, contacts, hours, copyright, bylines, numbers."""
    bare = line.strip(" •·*|-").strip()
    if not bare:
        return True
    lower = bare.lower()
    short = len(bare) <= 40
    if short and (lower in _NAV_WORDS or _SECTION_NUMBER.match(bare) or _PHONE.match(bare)):
        return True
    # Cheap substring tests guard the costlier patterns; most lines are prose.
    if _may_name_hours(lower) and _HOURS.search(bare):
        return True
    if (
        "©" in bare
        or "copyright" in lower
        or "rights reserved" in lower
        or "disclaimer" in lower
        or lower.startswith("(c)")
    ) and _COPYRIGHT.search(bare):
        return True
    if bare[0] == "(" and _BYLINE.match(bare):
        return True
    return bare.startswith("HOME") and bool(_GLUED_MENU.match(bare))


def _may_name_hours(lower: str) -> bool:
    """A cheap test that `_HOURS` can match: a digit before "am"/"pm", or a weekday span.

    Prose holds "am" ("same", "team") and "mon" ("month") often, but not after a digit.
    """
    if "mon" in lower:
        folded = lower.casefold()  # as IGNORECASE compares ("ſat" matches "sat")
        if "fri" in folded or "sun" in folded or "sat" in folded:
            return True
    for marker in ("am", "pm"):
        at = lower.find(marker, 1)
        while at != -1:
            before = at - 1
            while before > 0 and lower[before].isspace():
                before -= 1
            if lower[before].isdigit():
                return True
            at = lower.find(marker, at + 2)
    return False


def is_furniture(line: str) -> bool:
    """Whether a body line is page furniture rather than prose (chrome, captions, menus)."""
    return is_navigation(line) or _is_caption(line.strip(" •·*|-").strip())


def _is_caption(line: str) -> bool:
    """Short Title Case lines without sentence punctuation: menus, captions, contact blocks."""
    if len(line) > 120 or line.endswith(_TERMINAL) or any(ch.isdigit() for ch in line):
        return False
    words = re.findall(r"[A-Za-z][\w'&-]*", line)
    if not words or len(words) > 9:
        return False
    return all(w[0].isupper() or w.lower() in _MINOR_WORDS for w in words)


def normalise_characters(text: str) -> str:
    """Map typographic quotes, dashes and odd spaces to plain ASCII equivalents."""
    return unicodedata.normalize("NFC", text).translate(_CHAR_MAP)


def clean_lines(lines: list[str]) -> list[str | None]:
    """Each line with spaces collapsed, or None where it is empty or page furniture."""
    cleaned: list[str | None] = []
    for raw in lines:
        line = _SPACES.sub(" ", raw).strip() if "  " in raw else raw.strip()
        cleaned.append(line if line and not is_furniture(line) else None)
    return cleaned


_SENTENCE_END = re.compile(
    r"""([.!?]["')]?)\s+(?=["'(]?[A-Z0-9])"""  # end punctuation, space, capital/digit
)
# Abbreviations after which a full stop does not end a sentence.
_NO_BREAK_BEFORE = re.compile(
    r"(?:\b(?:No|Nos|Mr|Mrs|Ms|Dr|Prof|St|Co|Ltd|Inc|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept"
    r"|Oct|Nov|Dec|vs|etc|e\.g|i\.e|U\.S|approx|est)\.|\b[A-Z]\.)$"
)


def split_sentences(text: str, *, title_first: bool = False) -> list[Sentence]:
    """Split cleaned text into sentences with offsets; paragraph breaks always end one."""
    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        pstart = para.start()
        ptext = para.group()
        cut = 0
        for match in _SENTENCE_END.finditer(ptext):
            if _NO_BREAK_BEFORE.search(ptext, max(cut, match.end(1) - 8), match.end(1)):
                continue
            _append(sentences, ptext, pstart, cut, match.end(1))
            cut = match.end()
        _append(sentences, ptext, pstart, cut, len(ptext))
    if title_first and sentences:
        first = sentences[0]
        sentences[0] = Sentence(first.text, first.start, first.end, is_title=True)
    return sentences


def _append(out: list[Sentence], ptext: str, pstart: int, lo: int, hi: int) -> None:
    piece = ptext[lo:hi]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    start = pstart + lo + lead
    out.append(Sentence(stripped, start, start + len(stripped)))


_CLAUSE_BREAKS = ("; ", ", ", " ")


def bound_sentences(
    sentences: list[Sentence], *, limit: int = MAX_SENTENCE_CHARS
) -> tuple[list[Sentence], int]:
    """Sentences with every one longer than `limit` cut into pieces at clause breaks.

    A piece ends at the last "; " within the limit, else the last ", ", else the last space,
    else at the limit itself; offsets stay offsets into the cleaned text.

    Returns:
        The sentences (pieces in place of long ones) and how many sentences were cut.
    """
    if all(len(s.text) <= limit for s in sentences):
        return sentences, 0
    out: list[Sentence] = []
    cut = 0
    for sentence in sentences:
        if len(sentence.text) <= limit:
            out.append(sentence)
            continue
        cut += 1
        text, pos = sentence.text, 0
        while pos < len(text):
            end = min(len(text), pos + limit)
            if end < len(text):
                end = _clause_end(text, pos, end)
            piece = text[pos:end].strip()
            if piece:
                lead = len(text[pos:end]) - len(text[pos:end].lstrip())
                start = sentence.start + pos + lead
                is_title = sentence.is_title and pos == 0
                out.append(Sentence(piece, start, start + len(piece), is_title=is_title))
            pos = end
    return out, cut


def _clause_end(text: str, lo: int, hi: int) -> int:
    """Where a piece of `text[lo:hi]` ends: just after its last clause break, or at `hi`."""
    floor = lo + (hi - lo) // 2  # a break in the first half would make many tiny pieces
    for mark in _CLAUSE_BREAKS:
        at = text.rfind(mark, floor, hi)
        if at != -1:
            return at + len(mark)
    return hi
