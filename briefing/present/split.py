"""Cutting Telegram HTML into messages Telegram will take (4,096 characters each)."""

from __future__ import annotations

import re

MAX_MESSAGE_CHARS = 4096
_TAG_OR_ENTITY_RE = re.compile(r"<(/?)([a-zA-Z]+)[^>]*>|&[#a-zA-Z0-9]+;")
_PARAGRAPH_RE = re.compile(r"(?<=\n\n)")


def split_message(text: str, *, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Cut HTML into chunks of at most `limit` characters.

    Cuts between paragraphs where it can, else between words; never inside a tag or an
    entity. Tags open at a cut are closed at the end of one chunk and reopened in the next.
    """
    if limit < 64:
        raise ValueError("limit too small to hold a chunk with its tags")
    if len(text) <= limit:
        return [text] if text.strip() else []
    chunks: list[str] = []
    current = ""
    stack: list[tuple[str, str]] = []  # open tags: (name, opening tag as written)
    for unit in _units(text, limit):
        after = _apply_tags(stack, unit)
        if current.strip() and len(current) + len(unit) + len(_closing(after)) > limit:
            chunks.append(current.rstrip() + _closing(stack))
            current = "".join(opening for _, opening in stack)
            unit = unit.lstrip()
        while len(current) + len(unit) + len(_closing(after)) > limit:  # one overlong word
            room = max(1, limit - len(current) - len(_closing(stack)))
            chunks.append(current + unit[:room] + _closing(stack))
            current = "".join(opening for _, opening in stack)
            unit = unit[room:]
        current += unit
        stack = after
    if current.strip():
        chunks.append(current.rstrip())
    return chunks


def _units(text: str, limit: int) -> list[str]:
    """Paragraphs that fit comfortably; longer ones broken into words, tags and entities."""
    units: list[str] = []
    for paragraph in _PARAGRAPH_RE.split(text):
        if len(paragraph) <= limit // 2:
            units.append(paragraph)
            continue
        position = 0
        for match in _TAG_OR_ENTITY_RE.finditer(paragraph):
            units.extend(re.findall(r"\s*[^\s]+|\s+", paragraph[position : match.start()]))
            units.append(match.group(0))
            position = match.end()
        units.extend(re.findall(r"\s*[^\s]+|\s+", paragraph[position:]))
    return [u for u in units if u]


def _apply_tags(stack: list[tuple[str, str]], unit: str) -> list[tuple[str, str]]:
    after = list(stack)
    for match in _TAG_OR_ENTITY_RE.finditer(unit):
        name = (match.group(2) or "").lower()
        if not name:
            continue
        if match.group(1):
            if after and after[-1][0] == name:
                after.pop()
        else:
            after.append((name, match.group(0)))
    return after


def _closing(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))
