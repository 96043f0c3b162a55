"""`citybrief webhook set | delete | info`: Telegram's webhook, managed once for all replicas.

Web replicas never call setWebhook or deleteWebhook: with several of them, each setting its own
secret would make Telegram's posts fail on every other replica, and one stopping would switch
the bot off. The operator sets the webhook here, once, with the secret every replica shares.
"""

from __future__ import annotations

from telegram import Bot, Update, WebhookInfo

from bot.app import _file_url
from core.errors import CitybriefError
from core.settings import Settings


def state_lines(info: WebhookInfo) -> list[str]:
    """The webhook as Telegram reports it (getWebhookInfo), in readable lines for the terminal."""
    if not info.url:
        return [
            "no webhook set: updates are fetched by long polling",
            f"pending updates: {info.pending_update_count}",
        ]
    found = [
        f"url: {info.url}",
        f"pending updates: {info.pending_update_count}",
        f"max connections: {info.max_connections or 'default'}",
    ]
    if info.last_error_message:
        when = f"{info.last_error_date:%Y-%m-%d %H:%M:%S} UTC: " if info.last_error_date else ""
        found.append(f"last error: {when}{info.last_error_message}")
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
) -> WebhookInfo:
    """Point Telegram at `url` with `secret`; returns the state Telegram reports after."""
    async with _bot(settings) as bot:
        await bot.set_webhook(
            url,
            secret_token=secret,
            max_connections=max_connections,
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=drop_pending_updates,
        )
        return await bot.get_webhook_info()


async def delete_webhook(settings: Settings, *, drop_pending_updates: bool = False) -> WebhookInfo:
    """Stop webhook delivery (the bot can then poll); returns the state after."""
    async with _bot(settings) as bot:
        await bot.delete_webhook(drop_pending_updates=drop_pending_updates)
        return await bot.get_webhook_info()


async def webhook_info(settings: Settings) -> WebhookInfo:
    """The webhook as Telegram reports it."""
    async with _bot(settings) as bot:
        return await bot.get_webhook_info()
