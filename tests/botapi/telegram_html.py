"""Telegram's `parse_mode=HTML`: validate markup the way the Bot API does and extract entities.

The tag set and entity rules follow https://core.telegram.org/bots/api#html-style. One rule is
stricter than Telegram on purpose: a bare `&` that does not start a supported entity is an error
(Telegram keeps it as text), because in a bot it nearly always means a string was not escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# tag -> MessageEntity type
ENTITY_TYPES: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}

_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9-]*")
_ATTR_RE = re.compile(
    r"\s+([A-Za-z][A-Za-z0-9_-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?"
)


class HtmlParseError(ValueError):
    """Markup Telegram would refuse; the message is the part after "can't parse entities: "."""


@dataclass
class ParsedText:
    """The visible text of a message and its entities (offsets in UTF-16 code units)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entities(value: str, source: str, base: int, *, strict: bool) -> str:
    out: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch != "&":
            out.append(ch)
            i += 1
            continue
        match = _ENTITY_RE.match(value, i)
        if match is None:
            if strict:
                raise HtmlParseError(
                    f"character '&' at byte offset {_byte_offset(source, base + i)} "
                    "must be escaped as &amp;"
                )
            out.append("&")
            i += 1
            continue
        named, decimal, hexa = match.groups()
        if named:
            out.append(_NAMED_ENTITIES[named])
        else:
            code = int(decimal) if decimal else int(hexa, 16)
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                raise HtmlParseError(
                    f"invalid character reference at byte offset {_byte_offset(source, base + i)}"
                )
            out.append(chr(code))
        i = match.end()
    return "".join(out)


def parse_html(source: str, *, strict_entities: bool = True) -> ParsedText:
    """Parse Telegram HTML into visible text and entities.

    Raises:
        HtmlParseError: unsupported or unbalanced tags, a bad attribute, an unescaped `<`, or
            (with `strict_entities`) an unescaped `&`.
    """
    text: list[str] = []
    length = 0  # UTF-16 length of the text so far
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[dict[str, Any]] = []
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "&":
            match = _ENTITY_RE.match(source, i)
            chunk_end = match.end() if match else i + 1
            decoded = _decode_entities(source[i:chunk_end], source, i, strict=strict_entities)
            text.append(decoded)
            length += utf16_len(decoded)
            i = chunk_end
            continue
        if ch != "<":
            j = i
            while j < n and source[j] not in "<&":
                j += 1
            chunk = source[i:j]
            text.append(chunk)
            length += utf16_len(chunk)
            i = j
            continue
        offset = _byte_offset(source, i)
        if source.startswith("</", i):
            close = source.find(">", i)
            if close < 0:
                raise HtmlParseError(f"Unclosed end tag at byte offset {offset}")
            name = source[i + 2 : close].strip().lower()
            if not stack:
                raise HtmlParseError(f"Unexpected end tag at byte offset {offset}")
            open_name, start, attrs = stack.pop()
            if name != open_name:
                raise HtmlParseError(
                    f'Unmatched end tag at byte offset {offset}, expected "</{open_name}>", '
                    f'found "</{name}>"'
                )
            entity = _entity(open_name, start, length - start, attrs, stack)
            if entity is not None:
                entities.append(entity)
            i = close + 1
            continue
        name_match = _NAME_RE.match(source, i + 1)
        if name_match is None:
            raise HtmlParseError(f'Unsupported start tag "" at byte offset {offset}')
        name = name_match.group(0).lower()
        if name not in ENTITY_TYPES:
            raise HtmlParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
        j = name_match.end()
        attrs = {}
        while True:
            attr = _ATTR_RE.match(source, j)
            if attr is None:
                break
            raw = next((g for g in attr.groups()[1:] if g is not None), "")
            attrs[attr.group(1).lower()] = _decode_entities(
                raw, source, attr.start(), strict=strict_entities
            )
            j = attr.end()
        while j < n and source[j].isspace():
            j += 1
        if j >= n or source[j] != ">":
            raise HtmlParseError(f"Unclosed start tag at byte offset {offset}")
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
            )
        if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            raise HtmlParseError(f'Tag "tg-emoji" must have attribute "emoji-id" at {offset}')
        stack.append((name, length, attrs))
        i = j + 1
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText(text="".join(text), entities=entities)


def _entity(
    name: str,
    offset: int,
    length: int,
    attrs: dict[str, str],
    outer: list[tuple[str, int, dict[str, str]]],
) -> dict[str, Any] | None:
    if length <= 0:
        return None
    kind = ENTITY_TYPES[name]
    if name == "code" and outer and outer[-1][0] == "pre":
        return None  # <pre><code class="language-x"> becomes one pre entity with a language
    entity: dict[str, Any] = {"type": kind, "offset": offset, "length": length}
    if kind == "text_link":
        href = attrs.get("href", "")
        if not href:
            return None  # Telegram drops links without a target
        entity["url"] = href
    elif kind == "pre":
        language = attrs.get("class", "")
        if language.startswith("language-"):
            entity["language"] = language.removeprefix("language-")
    elif kind == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = attrs["emoji-id"]
    return entity
