"""Engine and session factory; SQLite gets WAL, a busy timeout and foreign keys.

Opening an engine brings the schema to the newest migration (`db.migrate.upgrade`), so every
process that uses the store works on the schema its code expects.

PostgreSQL is a first-class store for several instances: its pool checks a connection before
handing it out (`pool_pre_ping`: a server restart costs one reconnect, not a failed job), has a
bounded size, and every session runs with a statement timeout and a lock timeout, so a stuck
transaction elsewhere turns into an error a caller retries (`retry_transient`) instead of a
worker hung for good. Migrations run without those timeouts, on a connection of their own: a
long migration, or waiting for another process's, is not an error.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import NullPool, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.engine.url import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlmodel import Session, create_engine

from core.errors import CitybriefError, DatabaseConfigError, first_line
from core.settings import DEFAULT_DATABASE_URL, DatabaseOptions
from db.migrate import upgrade as upgrade_schema
from db.storefile import watch as watch_store_file

__all__ = [
    "Connection",
    "Engine",
    "Session",
    "create_db_engine",
    "database_url",
    "forget_connections",
    "in_memory",
    "is_transient",
    "new_session",
    "retry_transient",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000
POOL_RECYCLE_SECONDS = 1800
"""A pooled server connection older than this is replaced (servers and proxies drop idle ones)."""
TRANSIENT_ATTEMPTS = 4
"""How often `retry_transient` tries an operation whose error may pass on its own."""
TRANSIENT_BACKOFF_SECONDS = 0.25
"""The wait before the first retry; it doubles each time (0.25 s, 0.5 s, 1 s)."""
STATEMENT_CANCELLED = "57014"
"""PostgreSQL's SQLSTATE for a statement that hit statement_timeout: retrying will not help."""


def create_db_engine(
    url: str = DEFAULT_DATABASE_URL,
    *,
    echo: bool = False,
    upgrade: bool = True,
    options: DatabaseOptions | None = None,
) -> Engine:
    """Create an engine for `url` and bring its schema to the newest revision.

    Args:
        url: a SQLAlchemy database URL.
        echo: log every statement.
        upgrade: migrate the schema (False only to inspect a store as it is).
        options: pool size and timeouts of a server database (default `DatabaseOptions()`).

    Raises:
        DatabaseConfigError: the URL is malformed, its driver is missing, or it cannot be opened.
        StoreError: the schema cannot be brought to the newest revision.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseConfigError(f"DATABASE_URL is not a valid database URL: {url!r}") from exc
    options = options or DatabaseOptions()
    backend = parsed.get_backend_name()
    connect_args: dict[str, Any] = {}
    engine_args: dict[str, Any] = {}
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            try:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseConfigError(f"cannot create the database folder: {exc}") from exc
        connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    else:
        engine_args = {
            "pool_pre_ping": True,
            "pool_size": options.pool_size,
            "max_overflow": options.max_overflow,
            "pool_recycle": POOL_RECYCLE_SECONDS,
        }
    timed = with_timeouts(parsed, options) if backend == "postgresql" else parsed
    try:
        engine = create_engine(timed, echo=echo, connect_args=connect_args, **engine_args)
    except (NoSuchModuleError, ModuleNotFoundError, ArgumentError) as exc:
        raise DatabaseConfigError(f"DATABASE_URL names an unavailable driver: {exc}") from exc
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        if upgrade:
            _upgrade(engine, parsed if backend == "postgresql" else None)
        else:
            engine.connect().close()
    except CitybriefError:
        engine.dispose()
        raise
    except Exception as exc:  # any driver error: unreachable host, bad path, wrong password
        engine.dispose()
        raise DatabaseConfigError(f"cannot open the database: {first_line(exc)}") from exc
    if backend == "sqlite" and parsed.database and _is_plain_file(parsed.database):
        watch_store_file(engine, parsed.database)  # deleted or read-only: loud (db/storefile)
    return engine


def with_timeouts(url: URL, options: DatabaseOptions) -> URL:
    """`url` with the statement and lock timeouts added to its libpq `options`."""
    settings = (
        f"-c statement_timeout={options.statement_timeout_ms} "
        f"-c lock_timeout={options.lock_timeout_ms}"
    )
    given = url.query.get("options")
    if isinstance(given, tuple):
        given = " ".join(given)
    return url.update_query_dict({"options": f"{given} {settings}" if given else settings})


def _upgrade(engine: Engine, untimed: URL | None) -> None:
    """Migrate; a server database on a connection without the timeouts (see the docstring)."""
    if untimed is None:
        upgrade_schema(engine)
        return
    migrator = create_engine(untimed, poolclass=NullPool)
    try:
        upgrade_schema(migrator)
    finally:
        migrator.dispose()


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


def database_url(engine: Engine) -> str:
    """The URL `engine` was made for, password included (never log it)."""
    return engine.url.render_as_string(hide_password=False)


def in_memory(engine: Engine) -> bool:
    """Whether `engine`'s store lives in this process's memory (SQLite `:memory:`)."""
    database = engine.url.database
    return engine.url.get_backend_name() == "sqlite" and (
        not database or database == ":memory:" or "mode=memory" in database
    )


def forget_connections(engine: Engine) -> None:
    """In a forked child: drop the pool the parent's connections sit in, without closing them
    (they are the parent's), so the child opens its own."""
    engine.dispose(close=False)


def new_session(engine: Engine) -> Session:
    """Open a short-lived session; use it as a context manager."""
    return Session(engine, expire_on_commit=False)


def is_transient(exc: BaseException) -> bool:
    """Whether a database error may pass if the operation is tried again.

    Transient: a lost or refused connection (a server restart), a deadlock, a serialization
    failure, a lock timeout, SQLite's "database is locked". Not transient: a statement that ran
    into statement_timeout (it would again), constraint violations, programming errors.
    """
    if not isinstance(exc, DBAPIError):
        return False
    if getattr(exc.orig, "sqlstate", None) == STATEMENT_CANCELLED:
        return False
    return isinstance(exc, OperationalError) or exc.connection_invalidated


def retry_transient(
    operation: Callable[[], T],
    *,
    what: str,
    attempts: int = TRANSIENT_ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Run `operation` (one whole transaction), again after a transient error, with backoff.

    The operation must be safe to repeat: it opens its own session and its writes are
    conditional (a claim, an advance from an expected value), so a retry after a commit whose
    answer was lost changes nothing twice. Runs in a worker thread, never on the event loop.

    Raises:
        the last error, when every attempt failed or an error is not transient.
    """
    for attempt in range(1, attempts + 1):
        try:
            return operation()
        except DBAPIError as exc:
            if attempt == attempts or not is_transient(exc):
                raise
            wait = TRANSIENT_BACKOFF_SECONDS * 2 ** (attempt - 1)
            log.warning("%s: %s; retrying in %.2f s", what, first_line(exc), wait)
            sleep(wait)
    raise AssertionError("unreachable: the last attempt returns or raises")
