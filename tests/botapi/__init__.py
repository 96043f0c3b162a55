"""A local Telegram Bot API server for end-to-end tests and benchmarks."""

from tests.botapi.server import (
    DEFAULT_TOKEN,
    ApiError,
    BotApiServer,
    RateCounters,
    RateLimits,
    RequestRecord,
    SentMessage,
)

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotApiServer",
    "RateCounters",
    "RateLimits",
    "RequestRecord",
    "SentMessage",
]
