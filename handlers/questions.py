"""Questions: plain text in private chats, /ask anywhere, group messages addressed to the bot."""

from __future__ import annotations

from telegram import Message, MessageEntity, Update
from telegram.ext import BaseHandler, MessageHandler, filters

from briefing.charts import chart_for_answer
from briefing.present import commands, messages
from briefing.present.answers import answer_html
from briefing.present.replies import empty_question_html, too_long_html
from briefing.views import Answer
from core.facts import Fact
from handlers.context import Context
from handlers.keyboards import answer_keyboard
from handlers.language import reply_language
from handlers.replying import send_html
from handlers.usage import words_command

MAX_QUESTION_CHARS = 500


class AddressedToBot(filters.MessageFilter):
    """Group messages that @mention the bot or reply to one of its messages."""

    def filter(self, message: Message) -> bool:
        """Whether the message is meant for this bot."""
        bot = message.get_bot()
        replied = message.reply_to_message
        replied_from = replied.from_user if replied is not None else None
        if replied_from is not None and replied_from.id == bot.id:
            return True
        mention = f"@{bot.username}".lower()
        mentions = message.parse_entities([MessageEntity.MENTION]).values()
        return any(text.lower() == mention for text in mentions)


def question_text(message: Message) -> str:
    """The message text without mentions of this bot."""
    text = message.text or ""
    mention = f"@{message.get_bot().username}"
    for value in message.parse_entities([MessageEntity.MENTION]).values():
        if value.lower() == mention.lower():
            text = text.replace(value, " ")
    return " ".join(text.split())


def picked_answer(fact: Fact) -> Answer:
    """A confident answer for a fact the user picked (a "did you mean" button or card)."""
    return Answer(question=fact.subject, matched=True, confidence=1.0, fact=fact)


async def answer_question(update: Update, context: Context, question: str) -> None:
    """Answer one question with its buttons, or say why it cannot be asked."""
    lang = reply_language(update, context)
    if len(question) > MAX_QUESTION_CHARS:
        await send_html(update, context, too_long_html(MAX_QUESTION_CHARS, lang=lang))
        return
    chat_id = update.effective_chat.id if update.effective_chat else None
    briefing = context.bot_data.briefing
    answer = briefing.answer(question, chat_id=chat_id)
    html = answer_html(answer, lang=lang)
    chart = chart_for_answer(briefing.index, answer) is not None
    await send_html(update, context, html, keyboard=answer_keyboard(answer, lang, chart=chart))


async def on_text(update: Update, context: Context) -> None:
    """Treat the message as a question."""
    message = update.effective_message
    if message is None:
        return
    question = question_text(message)
    if not question:
        lang = reply_language(update, context)
        html = empty_question_html(context.bot.username or "", lang=lang)
        await send_html(update, context, html)
        return
    await answer_question(update, context, question)


NEW_TEXT = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND

HANDLERS: list[BaseHandler[Update, Context, None]] = [
    words_command(commands.ASK, messages.ASK_USAGE_HTML, answer_question),
    MessageHandler(NEW_TEXT & filters.ChatType.PRIVATE, on_text),
    MessageHandler(NEW_TEXT & filters.ChatType.GROUPS & AddressedToBot(), on_text),
]
