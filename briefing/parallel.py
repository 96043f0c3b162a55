"""Ingest on every core: worker processes read and extract, one writer stores, in order.

Reading, cleaning and extracting a document (and folding its facts' texts) is pure CPU work
on one file, so it runs in a pool of worker processes (`concurrent.futures`). Writing stays
in the calling process, on its one connection, one transaction per document, and in the
files' order: ids are given out in the same order as by a single process, so the stored
facts, their ids, idempotence and the report are the same whatever the number of workers.

At most `IN_FLIGHT_PER_JOB` files per worker are read ahead of the writer, so memory stays
bounded when the writer is the slower side.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path

from briefing.ingest import ReadFile, read_file
from briefing.metadata import DocumentMetadata

IN_FLIGHT_PER_JOB = 4
"""Files handed to each worker ahead of the writer."""

_folders: dict[Path, dict[str, DocumentMetadata]] = {}
"""A worker process's cache of folder metadata files (each worker reads them once)."""


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def read_in_workers(
    files: Sequence[Path], *, overrides: DocumentMetadata | None, jobs: int
) -> Iterator[tuple[Path, ReadFile]]:
    """Each file with what reading and extracting it gave, in the order of `files`, read by
    `jobs` worker processes."""
    ahead = max(1, jobs) * IN_FLIGHT_PER_JOB
    remaining = iter(files)
    pool = ProcessPoolExecutor(max_workers=max(1, jobs))
    try:
        pending: deque[tuple[Path, Future[ReadFile]]] = deque(
            (path, pool.submit(_read, path, overrides)) for path in islice(remaining, ahead)
        )
        while pending:
            path, future = pending.popleft()
            following = next(remaining, None)
            if following is not None:
                pending.append((following, pool.submit(_read, following, overrides)))
            try:
                read = future.result()
            except Exception as exc:  # the worker died (e.g. killed): this file failed
                read = ReadFile(None, error=exc)
            yield path, read
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _read(path: Path, overrides: DocumentMetadata | None) -> ReadFile:
    """Runs in a worker: read and extract one file."""
    read = read_file(path, overrides=overrides, folders=_folders)
    if read.error is not None:
        try:  # an error that cannot cross to the writer is reported by its words
            read.error.__reduce_ex__(2)
        except Exception:
            return ReadFile(read.encoding, error=RuntimeError(repr(read.error)))
    return read
