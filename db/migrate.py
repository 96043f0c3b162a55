"""Schema migrations: bring any database to the newest Alembic revision, one process at a time.

Every process that opens the store (the bot, each CLI command) calls `upgrade` first. A store
already at the newest revision costs one read of `alembic_version`; otherwise the process takes
the migration lock, looks again (another process may have just migrated it) and runs what is
left, all in one transaction:

* PostgreSQL: a transaction-scoped advisory lock on `MIGRATION_LOCK_KEY`, released at commit;
  its DDL is transactional.
* SQLite file: an exclusive `flock` on `<database>.migrate.lock` (waiting for it does not run
  into SQLite's busy timeout however long a migration takes), then `BEGIN IMMEDIATE`, with
  foreign keys off: batch mode rebuilds a table by copy, drop and rename, and dropping a table
  with foreign keys on would first cascade-delete the rows that refer to it. The foreign keys
  are checked before the commit instead.
* in-memory SQLite: only this process can see it, so no lock.

A store made before migrations existed (its tables, no `alembic_version`) is stamped at the
first revision, which is exactly the schema that code created, and then upgraded.

Alembic is imported only when there is something to do: whether a store is at the newest
revision is read from the revision files' own `revision`/`down_revision` lines
(`declared_head`), so the usual start (a store already up to date) does not pay Alembic's
import: about ten megabytes of every process and a tenth of a second.
"""

from __future__ import annotations

import fcntl
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from core.errors import StoreError, first_line

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"
FIRST_REVISION = "0001"
"""The schema as `create_all` made it before migrations: what an unversioned store holds."""
MIGRATION_LOCK_KEY = 0x6369_7479_6272_6966
"""PostgreSQL advisory lock key ("citybrif" in ASCII), the same for every citybrief process."""
LOCK_SUFFIX = ".migrate.lock"
_REVISION_LINE = re.compile(r"^revision\s*=\s*[\"']([^\"']+)[\"']\s*$", re.MULTILINE)
_DOWN_REVISION_LINE = re.compile(
    r"^down_revision\s*=\s*(?:None|[\"']([^\"']+)[\"'])\s*$", re.MULTILINE
)


@dataclass(frozen=True)
class Revision:
    """One migration: its id and what it does."""

    id: str
    message: str


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code (no alembic.ini); `env.py` uses `connection`."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@lru_cache(maxsize=1)
def declared_head() -> str | None:
    """The newest revision as the revision files declare it, read without Alembic; None when
    a file does not declare its `revision` and `down_revision` on lines of their own or the
    files do not make one chain with one head (Alembic decides then)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision = _REVISION_LINE.findall(source)
        down = _DOWN_REVISION_LINE.search(source)
        if len(revision) != 1 or down is None:
            return None
        revisions.add(revision[0])
        if down.group(1):
            parents.add(down.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def head_revision() -> str:
    """The newest revision this code knows."""
    head = _scripts().get_current_head()
    assert head is not None, "no migrations found"
    return head


def history() -> list[Revision]:
    """Every revision, oldest first."""
    return [
        Revision(id=script.revision, message=script.doc)
        for script in reversed(list(_scripts().walk_revisions()))
    ]


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None for a store made before migrations, or empty."""
    with engine.connect() as connection:
        return _stored_revision(connection)


def upgrade(engine: Engine) -> list[str]:
    """Bring the database to the newest revision; returns the revisions applied, oldest first.

    Raises:
        StoreError: the database is at a revision this code does not know (a newer release
            migrated it), or a migration failed (nothing of it is kept).
    """
    current = current_revision(engine)
    if current is not None and current == declared_head():
        return []
    from alembic import command

    head = head_revision()
    if current == head:
        return []
    try:
        with migration_lock(engine) as connection, _quiet_alembic():
            current = _stored_revision(connection)
            if current is None and _holds_tables(connection):
                log.info("the store predates migrations: stamping it at %s", FIRST_REVISION)
                command.stamp(alembic_config(connection), FIRST_REVISION)
                current = FIRST_REVISION
            pending = _pending(current, head)
            if pending:
                command.upgrade(alembic_config(connection), head)
                _check_foreign_keys(connection)
            connection.commit()
    except SQLAlchemyError as exc:
        raise StoreError(f"the schema upgrade failed: {first_line(exc)}") from exc
    if current is None:  # a new store: routine, not news
        log.debug("new store created at schema revision %s", head)
    elif pending:
        log.info("database schema upgraded from %s to %s", current, head)
    return pending


@contextmanager
def _quiet_alembic() -> Iterator[None]:
    """Alembic narrates each step at INFO; `upgrade` logs one line of its own instead."""
    alembic_log = logging.getLogger("alembic")
    level = alembic_log.level
    alembic_log.setLevel(logging.WARNING)
    try:
        yield
    finally:
        alembic_log.setLevel(level)


def _pending(current: str | None, head: str) -> list[str]:
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    try:
        scripts = list(_scripts().iterate_revisions(head, current))
    except (CommandError, RevisionError) as exc:
        raise StoreError(
            f"the database is at schema revision {current}, which this version of citybrief "
            f"does not know (its newest is {head}); run a newer citybrief"
        ) from exc
    return [script.revision for script in reversed(scripts)]


def _stored_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    found = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return str(found) if found is not None else None


def _holds_tables(connection: Connection) -> bool:
    """Whether the store already has the tables the first revision creates."""
    return inspect(connection).has_table("document")


def _check_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise StoreError(f"the migration left {len(broken)} rows with dangling foreign keys")


@contextmanager
def migration_lock(engine: Engine) -> Iterator[Connection]:
    """A connection holding the migration lock, in a transaction the caller commits."""
    backend = engine.dialect.name
    database = engine.url.database
    if backend == "postgresql":
        with engine.connect() as connection:
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
            yield connection
        return
    if backend != "sqlite":  # citybrief runs on SQLite or PostgreSQL; others get no lock
        with engine.connect() as connection:
            yield connection
        return
    with _file_lock(database), engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # a no-op inside a transaction
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield connection
        finally:
            connection.rollback()  # nothing left after the caller's commit
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


@contextmanager
def _file_lock(database: str | None) -> Iterator[None]:
    """An exclusive lock on a file beside a SQLite database; none for an in-memory one."""
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        yield
        return
    lock_path = Path(database + LOCK_SUFFIX)
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
