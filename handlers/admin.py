"""Admin upload: an admin (ADMIN_CHAT_IDS) sends a .txt document and the bot ingests it.

The new facts go into the answering index at once and reach subscribers at their next digest.
Anyone else who sends a .txt file gets a polite refusal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from html import escape
from pathlib import Path

from telegram import Update
from telegram.ext import BaseHandler, ContextTypes, MessageHandler, filters

from briefing.ingest import ingest_text
from db.engine import Engine
from handlers.replying import ENGINE_KEY, SETTINGS_KEY, briefing_of, send_html

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
REFUSAL = "Thanks! Only the bot's administrators can add documents to the briefing."


def is_admin(update: Update, admin_ids: Collection[int]) -> bool:
    """Whether the sender (or the chat) is listed in ADMIN_CHAT_IDS."""
    ids = {x.id for x in (update.effective_user, update.effective_chat) if x is not None}
    return any(i in admin_ids for i in ids)


def upload_slug(file_name: str | None, file_unique_id: str) -> str:
    """A stable document slug from the uploaded file name (its stem), else the file's id."""
    stem = Path(file_name or "").stem.strip()
    return stem or f"upload-{file_unique_id}"


async def ingest_upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ingest an admin's .txt upload and reply with what was stored."""
    message = update.effective_message
    # Read by attribute: handlers do not import the bot package (bot -> handlers -> briefing).
    admin_ids: Collection[int] = getattr(
        context.bot_data[SETTINGS_KEY], "admin_chat_ids", frozenset()
    )
    if message is None or message.document is None:
        return
    if not is_admin(update, admin_ids):
        if message.chat.type == message.chat.PRIVATE:  # in groups, other people's files
            await send_html(update, context, REFUSAL)
        return
    document = message.document
    if (document.file_size or 0) > MAX_UPLOAD_BYTES:
        await send_html(update, context, "That file is too large (5 MB at most).")
        return
    content = await (await document.get_file()).download_as_bytearray()
    engine = context.bot_data[ENGINE_KEY]
    assert isinstance(engine, Engine)
    slug = upload_slug(document.file_name, document.file_unique_id)
    try:
        text = bytes(content).decode("utf-8-sig")
    except UnicodeDecodeError:
        await send_html(update, context, "That file is not UTF-8 text; nothing was ingested.")
        return
    # Extraction is CPU work; a thread keeps the bot answering meanwhile.
    report = await asyncio.to_thread(ingest_text, text, engine=engine, slug=slug)
    await asyncio.to_thread(briefing_of(context).refresh)
    problems = "".join(f"\n• {escape(f.name)}: {escape(f.reason)}" for f in report.failures)
    summary = f"Ingested <b>{escape(slug)}</b>: {escape(report.summary())}{problems}"
    await send_html(update, context, summary)


HANDLERS: list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, None]] = [
    MessageHandler(filters.Document.FileExtension("txt"), ingest_upload),
]
