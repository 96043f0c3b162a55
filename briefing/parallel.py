"""Ingest on every core: worker processes read and extract, one writer stores, in order.

Reading, cleaning and extracting a document (and folding its facts' texts) is pure CPU work
on one file, so it runs in a pool of worker processes (`concurrent.futures`). Writing stays
in the calling process, on its one connection, one transaction per document, and in the
files' order: ids are given out in the same order as by a single process, so the stored
facts, their ids, idempotence and the report are the same whatever the number of workers.

Files go to the workers `CHUNK` at a time (each handover costs the writer a wake-up and an
unpickling under the GIL), and at most `IN_FLIGHT_PER_JOB` chunks per worker are read ahead
of the writer, so memory stays bounded when the writer is the slower side.
"""

from __future__ import annotations

import os
import pickle
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path

from briefing.ingest import ReadFile, read_file
from briefing.metadata import DocumentMetadata, FolderMetadata

CHUNK = 8
"""Files a worker reads per task."""
IN_FLIGHT_PER_JOB = 2
"""Chunks handed to each worker ahead of the writer."""

_folders: dict[Path, FolderMetadata] = {}
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
    jobs = max(1, jobs)
    chunks = iter([list(files[at : at + CHUNK]) for at in range(0, len(files), CHUNK)])
    pool = ProcessPoolExecutor(max_workers=jobs)
    try:
        pending: deque[tuple[list[Path], Future[list[ReadFile]]]] = deque(
            (chunk, pool.submit(_read, chunk, overrides))
            for chunk in islice(chunks, jobs * IN_FLIGHT_PER_JOB)
        )
        while pending:
            chunk, future = pending.popleft()
            following = next(chunks, None)
            if following is not None:
                pending.append((following, pool.submit(_read, following, overrides)))
            try:
                reads = future.result()
            except Exception as exc:  # the worker died (e.g. killed): these files failed
                reads = [ReadFile(None, error=exc) for _ in chunk]
            yield from zip(chunk, reads, strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _read(paths: list[Path], overrides: DocumentMetadata | None) -> list[ReadFile]:
    """Runs in a worker: read and extract some files."""
    return [_crossable(read_file(p, overrides=overrides, folders=_folders)) for p in paths]


def _crossable(read: ReadFile) -> ReadFile:
    """`read`, with an error that cannot be pickled to the writer replaced by its words."""
    if read.error is not None:
        try:
            pickle.dumps(read.error)
        except Exception:
            return ReadFile(read.encoding, error=RuntimeError(repr(read.error)))
    return read
