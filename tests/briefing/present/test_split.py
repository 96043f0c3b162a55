"""Cutting Telegram HTML into messages: short, balanced, nothing lost."""

from __future__ import annotations

import html
import re

from briefing.present.split import MAX_MESSAGE_CHARS, split_message


def _balanced(chunk: str) -> bool:
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-zA-Z]+)[^>]*>", chunk):
        if closing:
            if not stack or stack.pop() != name:
                return False
        else:
            stack.append(name)
    return not stack


def test_split_message_keeps_chunks_short_balanced_and_complete() -> None:
    paragraph = (
        "<b>Head &amp; line</b>\n<blockquote>" + ("word &lt;x&gt; " * 700) + "</blockquote>"
    )
    text = "\n\n".join([paragraph, "<i>short</i>", paragraph])
    chunks = split_message(text)
    assert len(chunks) >= 3
    assert all(len(c) <= MAX_MESSAGE_CHARS for c in chunks)
    assert all(_balanced(c) for c in chunks)
    assert not any(re.search(r"&[a-z]*$", re.sub(r"<[^>]+>", "", c)) for c in chunks)

    def plain(s: str) -> str:
        return "".join(html.unescape(re.sub(r"<[^>]+>", "", s)).split())

    assert plain("".join(chunks)) == plain(text)


def test_split_message_leaves_short_text_alone_and_cuts_overlong_words() -> None:
    assert split_message("<b>hi</b>") == ["<b>hi</b>"]
    assert split_message("   ") == []
    chunks = split_message("<b>" + "x" * 9000 + "</b>", limit=4096)
    assert all(len(c) <= 4096 and _balanced(c) for c in chunks)
    assert "".join(re.sub(r"<[^>]+>", "", c) for c in chunks) == "x" * 9000
