"""Engine and session factory; SQLite gets WAL, a busy timeout and foreign keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

__all__ = ["Engine", "Session", "create_db_engine", "new_session"]
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlmodel import Session, SQLModel, create_engine

from core.errors import DatabaseConfigError
from core.settings import DEFAULT_DATABASE_URL
from db import models  # noqa: F401  (registers the tables on SQLModel.metadata)

SQLITE_BUSY_TIMEOUT_MS = 10_000


def create_db_engine(url: str = DEFAULT_DATABASE_URL, *, echo: bool = False) -> Engine:
    """Create an engine for `url` and make sure the schema exists.

    Raises:
        DatabaseConfigError: the URL is malformed, its driver is missing, or it cannot be opened.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseConfigError(f"DATABASE_URL is not a valid database URL: {url!r}") from exc
    is_sqlite = parsed.get_backend_name() == "sqlite"
    connect_args: dict[str, Any] = {}
    if is_sqlite:
        if parsed.database and parsed.database != ":memory:":
            try:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseConfigError(f"cannot create the database folder: {exc}") from exc
        connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    try:
        engine = create_engine(parsed, echo=echo, connect_args=connect_args)
    except (NoSuchModuleError, ModuleNotFoundError, ArgumentError) as exc:
        raise DatabaseConfigError(f"DATABASE_URL names an unavailable driver: {exc}") from exc
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        SQLModel.metadata.create_all(engine)
    except Exception as exc:  # any driver error: unreachable host, bad path, wrong password
        engine.dispose()
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DatabaseConfigError(f"cannot open the database: {first_line}") from exc
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def new_session(engine: Engine) -> Session:
    """Open a short-lived session; use it as a context manager."""
    return Session(engine, expire_on_commit=False)
