"""Digests as Telegram HTML (one message) and as plain text for the console's preview.

`fits_one_message` is what the domain's composer is given to cut a digest to one message; the
rendering it measures is cached, so the sender's own rendering of the same digest is free.
"""

from __future__ import annotations

import functools
from html import escape

from briefing.digest import Digest, Section
from briefing.present import messages
from briefing.present.answers import fact_line_html
from briefing.present.split import MAX_MESSAGE_CHARS
from briefing.render import fact_headline, short_cite
from briefing.schedule import WEEKLY


def digest_title(digest: Digest) -> str:
    """E.g. "Weekly digest · Friday 9 July 2021 · broadband"."""
    kind = messages.WEEKLY_DIGEST if digest.cadence == WEEKLY else messages.DAILY_DIGEST
    title = messages.DIGEST_TITLE.format(kind=kind, day=digest.day)
    return title + (messages.DIGEST_TOPIC.format(topic=digest.topic) if digest.topic else "")


def section_title(section: Section) -> str:
    """The region or topic a digest section groups."""
    return section.title if section.title is not None else messages.OTHER_FACTS


@functools.lru_cache(maxsize=256)
def digest_html(digest: Digest) -> str:
    """The digest as one Telegram HTML message; empty for an empty digest."""
    if digest.empty:
        return ""
    lines = [f"<b>{escape(digest_title(digest))}</b>"]
    if digest.new_count:
        lines.append(f"<i>{escape(messages.NEW_SINCE_LAST_DIGEST)}</i>")
    for section in digest.sections:
        lines.append("")
        lines.append(f"<b>{escape(section_title(section))}</b>")
        lines.extend(f"• {fact_line_html(fact)}" for fact in section.facts)
    return "\n".join(lines)


def fits_one_message(digest: Digest) -> bool:
    """Whether the digest's HTML fits in one Telegram message."""
    return len(digest_html(digest)) <= MAX_MESSAGE_CHARS


def digest_text(digest: Digest) -> str:
    """The digest as plain text (the console's preview)."""
    if digest.empty:
        return messages.NOTHING_NEW
    lines = [digest_title(digest)]
    if digest.new_count:
        lines.append(messages.NEW_SINCE_LAST_DIGEST)
    for section in digest.sections:
        lines.append("")
        lines.append(section_title(section))
        lines.extend(
            f"• {fact_headline(fact)} — {short_cite(fact.source)}" for fact in section.facts
        )
    return "\n".join(lines)


def digest_preview_html(digest: Digest) -> str:
    """The digest as the chat would receive it, or why there is nothing to receive."""
    return digest_html(digest) or escape(messages.NOTHING_NEW)
