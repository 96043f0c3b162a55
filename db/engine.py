"""Engine and session factory; SQLite gets WAL, a busy timeout and foreign keys.

Opening an engine brings the schema to the newest migration (`db.migrate.upgrade`), so every
process that uses the store works on the schema its code expects.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlmodel import Session, create_engine

from core.errors import CitybriefError, DatabaseConfigError, first_line
from core.settings import DEFAULT_DATABASE_URL
from db.migrate import upgrade as upgrade_schema
from db.storefile import watch as watch_store_file

__all__ = ["Connection", "Engine", "Session", "create_db_engine", "new_session"]

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000


def create_db_engine(
    url: str = DEFAULT_DATABASE_URL, *, echo: bool = False, upgrade: bool = True
) -> Engine:
    """Create an engine for `url` and bring its schema to the newest revision.

    Args:
        url: a SQLAlchemy database URL.
        echo: log every statement.
        upgrade: migrate the schema (False only to inspect a store as it is).

    Raises:
        DatabaseConfigError: the URL is malformed, its driver is missing, or it cannot be opened.
        StoreError: the schema cannot be brought to the newest revision.
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
        if upgrade:
            upgrade_schema(engine)
        else:
            engine.connect().close()
    except CitybriefError:
        engine.dispose()
        raise
    except Exception as exc:  # any driver error: unreachable host, bad path, wrong password
        engine.dispose()
        raise DatabaseConfigError(f"cannot open the database: {first_line(exc)}") from exc
    if is_sqlite and parsed.database and _is_plain_file(parsed.database):
        watch_store_file(engine, parsed.database)  # deleted or read-only: loud (db/storefile)
    return engine


def _is_plain_file(database: str) -> bool:
    return database != ":memory:" and not database.startswith("file:") and Path(database).exists()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError as exc:  # a read-only file or folder: reads still work
        log.error("the database is read-only (%s): answering only, nothing can be stored", exc)
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def new_session(engine: Engine) -> Session:
    """Open a short-lived session; use it as a context manager."""
    return Session(engine, expire_on_commit=False)
