"""`citybrief webhook set | delete | info`: Telegram's webhook, managed once for all replicas.

Web replicas never call setWebhook or deleteWebhook: with several of them, each setting its own
secret would make Telegram's posts fail on every other replica, and one stopping would switch
the bot off. The operator sets the webhook here, once, with the secret every replica shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from telegram import Bot, Update

from bot.app import _file_url
from core.errors import CitybriefError
from core.settings import Settings


@dataclass(frozen=True)
class WebhookState:
    """What Telegram reports of the bot's webhook (getWebhookInfo)."""

    url: str
    pending_update_count: int
    max_connections: int | None
    last_error_date: datetime | None
    last_error_message: str | None

    def lines(self) -> list[str]:
        """Readable lines for the terminal."""
        if not self.url:
            return [
                "no webhook set: updates are fetched by long polling",
                f"pending updates: {self.pending_update_count}",
            ]
        found = [
            f"url: {self.url}",
            f"pending updates: {self.pending_update_count}",
            f"max connections: {self.max_connections or 'default'}",
        ]
        if self.last_error_message:
            when = (
                f"{self.last_error_date:%Y-%m-%d %H:%M:%S} UTC: " if self.last_error_date else ""
            )
            found.append(f"last error: {when}{self.last_error_message}")
        return found


def _bot(settings: Settings) -> Bot:
    if settings.telegram_bot_token is None:
        raise CitybriefError("TELEGRAM_BOT_TOKEN is not set")
    base = settings.telegram_api_base_url.rstrip("/")
    return Bot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=base,
        base_file_url=_file_url(base),
    )


async def set_webhook(
    settings: Settings,
    *,
    url: str,
    secret: str,
    max_connections: int | None = None,
    drop_pending_updates: bool = False,
) -> WebhookState:
    """Point Telegram at `url` with `secret`; returns the state Telegram reports after."""
    async with _bot(settings) as bot:
        await bot.set_webhook(
            url,
            secret_token=secret,
            max_connections=max_connections,
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=drop_pending_updates,
        )
        return await _state(bot)


async def delete_webhook(
    settings: Settings, *, drop_pending_updates: bool = False
) -> WebhookState:
    """Stop webhook delivery (the bot can then poll); returns the state after."""
    async with _bot(settings) as bot:
        await bot.delete_webhook(drop_pending_updates=drop_pending_updates)
        return await _state(bot)


async def webhook_info(settings: Settings) -> WebhookState:
    """The webhook as Telegram reports it."""
    async with _bot(settings) as bot:
        return await _state(bot)


async def _state(bot: Bot) -> WebhookState:
    info = await bot.get_webhook_info()
    return WebhookState(
        url=info.url,
        pending_update_count=info.pending_update_count,
        max_connections=info.max_connections,
        last_error_date=info.last_error_date,
        last_error_message=info.last_error_message,
    )
