"""Browse pages (metrics, initiatives, sources, topics) as plain text and Telegram HTML."""

from __future__ import annotations

from html import escape

from briefing.present import messages
from briefing.views import Page


def page_text(page: Page) -> str:
    """A browse page for a console."""
    counter = messages.PAGE_COUNTER.format(number=page.number, count=page.count)
    lines = [f"{page.title} ({counter})"]
    if page.items:
        lines.extend(f"  • {item}" for item in page.items)
    else:
        lines.append(f"  {messages.NOTHING_YET}")
    return "\n".join(lines)


def page_html(page: Page) -> str:
    """A browse page for Telegram."""
    counter = messages.PAGE_COUNTER.format(number=page.number, count=page.count)
    head = f"<b>{escape(page.title)}</b> <i>({counter})</i>"
    if not page.items:
        return f"{head}\n{messages.NOTHING_YET}"
    return head + "\n" + "\n".join(f"• {escape(item)}" for item in page.items)


def nothing_to_list_html(section: str) -> str:
    """The reply to a listing command when its section is empty."""
    return escape(messages.NOTHING_TO_LIST.format(section=section))
