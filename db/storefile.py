"""Loud database trouble: a SQLite store file deleted, replaced or made read-only under us.

SQLite keeps writing to a deleted file through the connections that had it open: every write
"succeeds" into a file nobody will ever read again, and the next new connection silently
creates an empty database in its place. So a file engine remembers which file it opened
(device and inode) and checks it before every write statement and every new connection:

* deleted, replaced or read-only: the write raises `StoreError` saying so (nothing is
  reported as stored) and the first sighting is logged at ERROR;
* reads go on through the connections already open (they still see the old file's data);
  a new connection to a deleted file is refused instead of creating an empty database.

`problem` is also what a health job asks, so trouble is logged even when nothing writes.
"""

from __future__ import annotations

import logging
import os
import re
import weakref
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from core.errors import StoreError

log = logging.getLogger(__name__)

_WRITE = re.compile(
    r"^\s*(?:INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|UPSERT)\b", re.IGNORECASE
)


_WATCHED: weakref.WeakKeyDictionary[Engine, StoreFile] = weakref.WeakKeyDictionary()


def store_problem(engine: Engine) -> str | None:
    """What is wrong with `engine`'s store file, or None (also for engines without a file)."""
    store = _WATCHED.get(engine)
    return store.problem() if store is not None else None


class StoreFile:
    """The file a SQLite engine opened, and whether it is still there and writable."""

    def __init__(self, path: str) -> None:
        self.path = os.path.abspath(path)
        self._identity: tuple[int, int] | None = None
        self._reported: str | None = None

    def remember(self) -> None:
        """Take the file as it is now as the store's file."""
        stat = os.stat(self.path)
        self._identity = (stat.st_dev, stat.st_ino)

    def problem(self) -> str | None:
        """What is wrong with the store's file ("was deleted"), or None; logs a new problem."""
        found = self._check()
        if found is not None and found != self._reported:
            log.error("the database file %s %s", self.path, found)
        elif found is None and self._reported is not None:
            log.warning("the database file %s is usable again", self.path)
        self._reported = found
        return found

    def _check(self) -> str | None:
        if self._identity is None:
            return None
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return "was deleted while in use"
        except OSError as exc:
            return f"cannot be checked: {exc.strerror or exc}"
        if (stat.st_dev, stat.st_ino) != self._identity:
            return "was replaced by another file while in use"
        if not os.access(self.path, os.W_OK):
            return "is read-only"
        return None

    def refuse_write(self) -> None:
        """Raise StoreError if a write now would be lost or refused."""
        found = self.problem()
        if found is not None:
            raise StoreError(
                f"the database file {self.path} {found}: nothing was written; "
                "restore the file (or its permissions) and restart"
            )


def watch(engine: Engine, path: str) -> StoreFile:
    """Check `path` before every write statement and every new connection of `engine`.

    Call after the store exists (the first connection may create it).
    """
    store = StoreFile(path)
    store.remember()
    _WATCHED[engine] = store

    @event.listens_for(engine, "before_cursor_execute")
    def _before_write(
        _conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        if _WRITE.match(statement):
            store.refuse_write()

    @event.listens_for(engine, "do_connect")
    def _before_connect(_dialect: Any, _record: Any, _cargs: Any, _cparams: Any) -> None:
        if not os.path.exists(store.path):
            store.problem()
            raise StoreError(
                f"the database file {store.path} was deleted while in use; restore it and restart"
            )

    return store
