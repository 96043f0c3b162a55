"""All configuration in one pydantic-settings class, read from the environment or `.env`."""

from __future__ import annotations

import os
import re
import socket
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///data/citybrief.db"
"""The embedded default store."""

TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
"""What Telegram accepts as a webhook secret token."""


class Role(StrEnum):
    """What one `citybrief run` process does."""

    WEB = "web"
    """Take updates by webhook and answer them (any number of replicas)."""
    WORKER = "worker"
    """Plan and send digests (any number; one sends at a time)."""
    ALL = "all"
    """Both, in one process: the single-instance default (long polling unless --webhook)."""


def default_instance_id() -> str:
    """`hostname-pid`: tells apart the log lines and metrics of processes on one machine."""
    return f"{socket.gethostname()}-{os.getpid()}"


@dataclass(frozen=True)
class DatabaseOptions:
    """How a server database (PostgreSQL) is used; SQLite ignores them.

    Args:
        pool_size: connections kept open per process (the bot's handlers, jobs and sender
            threads share them).
        max_overflow: extra connections opened under load beyond `pool_size`.
        statement_timeout_ms: a statement running longer is cancelled (0: no limit).
        lock_timeout_ms: a statement waiting longer for a lock fails (0: no limit), so a
            stuck transaction elsewhere turns into a retry instead of a hung worker.
    """

    pool_size: int = 5
    max_overflow: int = 10
    statement_timeout_ms: int = 30_000
    lock_timeout_ms: int = 10_000


class Settings(BaseSettings):
    """Runtime settings; every field maps to an environment variable of the same name."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    database_url: str = DEFAULT_DATABASE_URL
    admin_chat_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    default_timezone: str = "UTC"
    log_level: str = "INFO"
    seeds_dir: str = "seeds"
    digest_grace_minutes: int = Field(default=120, ge=0)
    webhook_secret: SecretStr | None = None
    webhook_url: str | None = None
    role: Role = Role.ALL
    instance_id: str = Field(default_factory=default_instance_id, min_length=1, max_length=128)
    processed_update_retention_hours: int = Field(default=48, ge=24)
    database_pool_size: int = Field(default=DatabaseOptions.pool_size, ge=1)
    database_max_overflow: int = Field(default=DatabaseOptions.max_overflow, ge=0)
    database_statement_timeout_ms: int = Field(default=DatabaseOptions.statement_timeout_ms, ge=0)
    database_lock_timeout_ms: int = Field(default=DatabaseOptions.lock_timeout_ms, ge=0)
    delivery_lease_seconds: float = Field(default=30.0, gt=0)
    delivery_retention_days: int = Field(default=30, ge=1)

    @field_validator("webhook_secret", "webhook_url", mode="before")
    @classmethod
    def _empty_is_unset(cls, raw: object) -> object:
        return None if raw == "" else raw

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, secret: SecretStr | None) -> SecretStr | None:
        if secret is not None and not WEBHOOK_SECRET_PATTERN.match(secret.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z a-z 0-9 _ -")
        return secret

    @field_validator("admin_chat_ids", mode="before")
    @classmethod
    def _split_ids(cls, raw: object) -> object:
        if isinstance(raw, str):
            return frozenset(int(part) for part in re.split(r"[,\s]+", raw.strip()) if part)
        return raw

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {zone!r}") from exc
        return zone

    @field_validator("telegram_api_base_url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        try:
            parts = urlsplit(url)
            port = parts.port  # raises on a port out of range
        except ValueError as exc:
            raise ValueError(f"not a URL: {exc}") from exc
        if parts.scheme not in ("http", "https") or not parts.hostname or port == 0:
            raise ValueError("must be an http:// or https:// URL with a host")
        return url

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, level: str) -> str:
        level = level.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {level!r}")
        return level

    def database_options(self) -> DatabaseOptions:
        """The pool and timeouts of DATABASE_URL's engine."""
        return DatabaseOptions(
            pool_size=self.database_pool_size,
            max_overflow=self.database_max_overflow,
            statement_timeout_ms=self.database_statement_timeout_ms,
            lock_timeout_ms=self.database_lock_timeout_ms,
        )

    def token_is_valid(self) -> bool:
        """Whether a token is set and has Telegram's `<digits>:<secret>` shape."""
        token = self.telegram_bot_token
        return token is not None and bool(TOKEN_PATTERN.match(token.get_secret_value()))
