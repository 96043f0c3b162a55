"""Loading the fact index: on the heap for a small store, built elsewhere and mapped if large.

An index built in the serving process leaves that process's heap fragmented: the build's
short-lived objects are freed, but the allocator cannot give back the pages the long-lived ones
sit among (at 100,000 facts, 16 MB stayed held after a built index was freed, and about 59 MB
when it was written to a file and mapped before the heap copy was freed). So from
`MAPPED_FROM` facts on, another process builds the index and writes it to an unlinked temporary
file (`briefing.mapped`), and this process maps that file: its memory then holds the index's few
small objects and the pages of the file that searches have read.

The other process is a fork of this one when it runs a single thread (nothing to import, no
connection to open but the child's own), else a fresh interpreter (`python -m
briefing.loading`, given the database URL on its standard input): forking a process whose other
threads may hold a lock (SQLite's, a logging handler's) can leave the child waiting forever. If
the other process fails, the index is built here.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import threading
import traceback
from typing import IO, cast

from briefing import mapped
from briefing.analysis import analyzer_for, shared_language
from briefing.index import FactIndex
from db import documents
from db import facts as stored_facts
from db.engine import (
    Engine,
    create_db_engine,
    database_url,
    forget_connections,
    in_memory,
    new_session,
)

logger = logging.getLogger(__name__)

MAPPED_FROM = 20_000
"""From this many facts on, the index is built in another process and mapped (below it, the
fragmentation a build leaves is a few MB: not worth a process)."""


def load_index(
    engine: Engine, *, facts: int | None = None, mapped_from: int = MAPPED_FROM
) -> FactIndex:
    """The index of every stored fact, read from the store row by row with each fact's stored
    forms (no `Fact` objects, no document text); mapped from `mapped_from` facts on (`facts`:
    how many the store holds, if the caller has just counted them)."""
    if facts is None:
        with new_session(engine) as session:
            facts = documents.fact_count(session=session)
    if facts < mapped_from or in_memory(engine):
        index = build_index(engine)
    else:
        index = _built_elsewhere(engine)
    if index.folded:
        logger.info(
            "%d of %d facts had no current stored forms and were folded while loading; "
            "re-running `citybrief ingest` stores them",
            index.folded,
            len(index),
        )
    return index


def build_index(engine: Engine) -> FactIndex:
    """The index of every stored fact, built in this process on its heap."""
    with new_session(engine) as session:
        sources = stored_facts.document_sources(session=session)
        return FactIndex.from_rows(stored_facts.index_batches(session=session), sources)


def _built_elsewhere(engine: Engine) -> FactIndex:
    with tempfile.TemporaryFile(prefix="citybrief-index-") as file:
        try:
            if hasattr(os, "fork") and threading.active_count() == 1:
                _build_in_fork(engine, file)
            else:
                _build_in_interpreter(engine, file)
            mapped.evict(file)
            return cast(FactIndex, mapped.read(file, load=analyzer_for))
        except (OSError, ValueError, subprocess.CalledProcessError) as exc:
            logger.warning("building the index in another process failed (%s); building here", exc)
            return build_index(engine)


def _build_in_fork(engine: Engine, file: IO[bytes]) -> None:
    child = os.fork()
    if child == 0:  # the child: build, write, and leave without running the parent's exit code
        code = 1
        try:
            forget_connections(engine)
            _write(build_index(engine), file)
            code = 0
        except BaseException:  # noqa: BLE001  # reported, and the parent builds instead
            traceback.print_exc()
        finally:
            os._exit(code)
    _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise OSError(f"the index process ended with {os.waitstatus_to_exitcode(status)}")


def _build_in_interpreter(engine: Engine, file: IO[bytes]) -> None:
    subprocess.run(
        [sys.executable, "-m", "briefing.loading", str(file.fileno())],
        input=database_url(engine),  # not an argument: other users may list those
        text=True,
        pass_fds=(file.fileno(),),
        check=True,
    )


def _write(index: FactIndex, file: IO[bytes]) -> None:
    mapped.write(index, file, keep=shared_language)


def main(descriptor: int) -> None:
    """Build the index of the store whose URL is on standard input, written to `descriptor`."""
    engine = create_db_engine(sys.stdin.read().strip(), upgrade=False)
    with os.fdopen(descriptor, "wb", closefd=False) as file:
        _write(build_index(engine), file)


if __name__ == "__main__":
    main(int(sys.argv[1]))
