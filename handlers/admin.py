"""Admin upload: an admin (ADMIN_CHAT_IDS) sends a .txt document and the bot ingests it.

The new facts go into the answering index at once and reach subscribers at their next digest.
Anyone else who sends a .txt file gets a polite refusal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from pathlib import Path

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from briefing.chinese.decode import decode_document
from briefing.ingest import ingest_text
from briefing.present import messages
from briefing.present.replies import text_html
from briefing.present.uploads import ingested_html, too_large_html
from briefing.text import UnreadableDocumentError
from handlers.context import Context
from handlers.language import reply_language
from handlers.replying import send_html

MAX_UPLOAD_MEGABYTES = 5
MAX_UPLOAD_BYTES = MAX_UPLOAD_MEGABYTES * 1024 * 1024


def is_admin(update: Update, admin_ids: Collection[int]) -> bool:
    """Whether the sender (or the chat) is listed in ADMIN_CHAT_IDS."""
    ids = {x.id for x in (update.effective_user, update.effective_chat) if x is not None}
    return any(i in admin_ids for i in ids)


def upload_slug(file_name: str | None, file_unique_id: str) -> str:
    """A stable document slug from the uploaded file name (its stem), else the file's id."""
    stem = Path(file_name or "").stem.strip()
    return stem or f"upload-{file_unique_id}"


async def ingest_upload(update: Update, context: Context) -> None:
    """Ingest an admin's .txt upload and reply with what was stored."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    lang = reply_language(update, context)
    if not is_admin(update, context.bot_data.settings.admin_chat_ids):
        if message.chat.type == message.chat.PRIVATE:  # in groups, other people's files
            await send_html(update, context, text_html(messages.UPLOAD_REFUSED, lang=lang))
        return
    document = message.document
    if (document.file_size or 0) > MAX_UPLOAD_BYTES:
        await send_html(update, context, too_large_html(MAX_UPLOAD_MEGABYTES, lang=lang))
        return
    content = await (await document.get_file()).download_as_bytearray()
    try:  # UTF-8, UTF-16 with a byte-order mark, GB18030/GBK or Big5, as `citybrief ingest`
        text, encoding = decode_document(bytes(content))
    except UnreadableDocumentError:
        await send_html(update, context, text_html(messages.UPLOAD_UNREADABLE, lang=lang))
        return
    slug = upload_slug(document.file_name, document.file_unique_id)
    # Extraction is CPU work; a thread keeps the bot answering meanwhile.
    report = await asyncio.to_thread(ingest_text, text, engine=context.bot_data.engine, slug=slug)
    await asyncio.to_thread(context.bot_data.briefing.refresh)
    await send_html(update, context, ingested_html(slug, report, encoding=encoding, lang=lang))


HANDLERS: list[BaseHandler[Update, Context, None]] = [
    MessageHandler(filters.Document.FileExtension("txt"), ingest_upload),
]
