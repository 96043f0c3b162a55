"""The bot's own fixed wording (Telegram HTML), and the few replies composed around domain text.

Everything derived from documents or users is escaped here or by `briefing.render`.
"""

from __future__ import annotations

from html import escape

from briefing.render import fact_line_html
from briefing.views import Answer
from core.facts import Fact

MAX_QUESTION_CHARS = 500

COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "What I know, with example questions"),
    ("help", "How to ask and what the commands do"),
    ("ask", "Ask a question: /ask broadband coverage 2021"),
    ("metric", "Metrics: /metric alone lists them, or ask about one"),
    ("initiative", "Initiatives: /initiative alone lists them, or ask"),
    ("sources", "The documents my answers come from"),
    ("topics", "Topics I can brief you on"),
)

# The digest commands (handled in handlers/subscriptions.py), as the command menu shows them.
SUBSCRIPTION_COMMANDS: tuple[tuple[str, str], ...] = (
    ("subscribe", "Daily or weekly digest: /subscribe daily 08:00"),
    ("subscriptions", "Your digests, with pause and remove buttons"),
    ("unsubscribe", "Stop all digests in this chat"),
    ("timezone", "Show or set this chat's time zone"),
    ("digest", "Preview your next digest now"),
)


def help_html(
    username: str, commands: tuple[tuple[str, str], ...], example: str | None = None
) -> str:
    """/help: how to ask, every command the bot registered, groups and inline mode."""
    name = escape(username)
    example = example or "How much did software revenue grow in 2021?"
    return (
        "<b>How to ask</b>\n"
        f"Write a question in plain words, e.g. <i>{escape(example)}</i> "
        "I answer with the figure, its period and the document it comes from.\n\n"
        "<b>Commands</b>\n"
        + "\n".join(f"/{command} — {escape(text)}" for command, text in commands)
        + f"\n\n<b>In groups</b> mention me (@{name}) or reply to my message; "
        f"commands work as /ask@{name}.\n"
        f"<b>In any chat</b> type <code>@{name} your question</code> to share an answer card."
    )


NOT_FOUND_HTML = "I found nothing on that."
STALE_BUTTON = "That button has expired. Please ask again."
GONE_FACT = "That fact is no longer in my sources. Please ask again."
ERROR_HTML = "Sorry, something went wrong on my side. Please try again in a moment."
EDITED_HTML = "I answer new messages only. Send the corrected question as a new message."
NON_TEXT_HTML = (
    "I can only read text. Ask me a question in words, e.g. "
    "<i>What is the target for 5G coverage?</i> — or see /help."
)
DOCUMENT_HTML = "I can't read files here. Ask me a question in words, or see /help."
TOO_LONG_HTML = (
    f"That is too long for a question. Please ask in a sentence or two "
    f"(at most {MAX_QUESTION_CHARS} characters)."
)
EMPTY_QUESTION_HTML = "Ask me something after the mention, e.g. <i>@{username} broadband 2021</i>."


def usage_html(command: str, example: str) -> str:
    """A usage line for a command that needs an argument."""
    return f"Usage: /{command} &lt;question&gt;, e.g. <code>/{command} {escape(example)}</code>"


def unknown_command_html(command: str) -> str:
    """Reply to a command the bot does not have."""
    return f"I don't know {escape(command)}. See /help for what I can do."


def start_html(first_name: str | None, examples: tuple[str, ...], sources: tuple[str, ...]) -> str:
    """The /start greeting: what the bot knows and questions to try."""
    name = f", {escape(first_name)}" if first_name else ""
    lines = [
        f"Hello{name}! I answer briefing questions on digital-city development — metrics, "
        "initiatives, targets and rankings — with the figure and the document it comes from.",
    ]
    if sources:
        lines += ["", "<b>My sources</b>"] + [f"• {escape(s)}" for s in sources]
    if examples:
        lines += ["", "<b>Try asking</b>"] + [f"• {escape(q)}" for q in examples]
    lines += ["", "/help lists the commands; /sources and /topics show what I cover."]
    return "\n".join(lines)


def related_html(fact: Fact, related: tuple[Fact, ...]) -> str:
    """Related facts under a heading naming the fact they relate to."""
    if not related:
        return f"Nothing related to <i>{escape(fact.subject)}</i> in my sources."
    lines = [f"<b>Related to</b> <i>{escape(fact.subject)}</i>"]
    lines += [f"• {fact_line_html(f)}" for f in related]
    return "\n".join(lines)


def fact_answer(fact: Fact) -> Answer:
    """A confident answer for a fact the user picked (a "did you mean" button)."""
    return Answer(question=fact.subject, matched=True, confidence=1.0, fact=fact)
