"""One fresh process loading a store one way and answering: what `bench.answer` measures.

Run by `bench.answer`'s memory section as
`python -m bench.probe APPROACH STORE STARTED [QUESTIONS]` (STARTED: the parent's
`time.time()` just before it started this process; QUESTIONS: a JSON list of questions it
answers after the first, to see what it keeps once searches have read more of the index). It
imports what answering needs and nothing of the benchmark (no ingest, no extraction, no process
pool), so the RSS it prints is that of a process that serves answers: the Python runtime,
SQLAlchemy, the settings, the analyzers and the index. It prints one JSON line: `Loaded`'s
fields.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from briefing.answer import Answerer
from briefing.loading import load_index
from briefing.passages import PassageSearch
from briefing.service import load_facts, release_freed_memory
from db.engine import create_db_engine

APPROACHES = ("compact", "baseline")
"""The compact index, and the approach before it (`bench.baseline_index`)."""
FIRST_QUESTION = "What was the operating revenue of cloud computing in the first half of 2021?"


@dataclass(frozen=True)
class Loaded:
    """What one fresh process measured loading one store with one approach."""

    approach: str
    facts: int
    empty_mb: float  # RSS with everything imported and the store open, no facts loaded
    kept_mb: float  # RSS after the build and the first answer (garbage collected)
    peak_mb: float  # the process's peak RSS (after the questions too)
    index_s: float  # loading the index alone
    build_s: float  # the index and what answering needs (passage tier, refusal scope)
    first_answer_s: float  # from the process's start to its first answer
    index_cpu_s: float  # CPU time of `index_s` (children's too): what other processes cannot add
    first_answer_cpu_s: float  # CPU time up to its first answer (children's too)
    questions: int = 0  # questions answered after the first
    settled_mb: float = 0.0  # RSS after them (garbage collected)


def cpu_time() -> float:
    """CPU seconds of this process and of the children it waited for (a large store's index
    is built by a child process)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def memory_mb() -> tuple[float, float]:
    """This process's RSS and peak RSS, MB (Linux /proc)."""
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(("VmRSS", "VmHWM")):
                found[line.split(":")[0]] = int(line.split()[1]) / 1024
    return found["VmRSS"], found["VmHWM"]


def probe(approach: str, store: Path, started: float, questions: Sequence[str] = ()) -> Loaded:
    """Load `store` the `approach` way, answer once, then `questions`; what it cost."""
    engine = create_db_engine(f"sqlite:///{store}")
    gc.collect()
    empty, _ = memory_mb()
    t0, c0 = time.perf_counter(), cpu_time()
    if approach == "compact":
        index = load_index(engine)
        release_freed_memory()
        index_s, index_cpu = time.perf_counter() - t0, cpu_time() - c0
        answerer = Answerer(index, passages=PassageSearch(engine, index, index.analyzer))
        count = len(index)
    else:
        from bench.baseline_index import FactIndex as BaselineIndex

        baseline = BaselineIndex(load_facts(engine))
        index_s, index_cpu = time.perf_counter() - t0, cpu_time() - c0
        answerer = Answerer(baseline)  # type: ignore[arg-type]  # the same interface
        count = len(baseline)
    build = time.perf_counter() - t0
    answerer.answer(FIRST_QUESTION)
    first, first_cpu = time.time() - started, cpu_time()
    gc.collect()
    release_freed_memory()
    kept, _ = memory_mb()
    for question in questions:
        answerer.answer(question)
    gc.collect()
    release_freed_memory()
    settled, peak = memory_mb()
    return Loaded(
        approach,
        count,
        empty,
        kept,
        peak,
        index_s,
        build,
        first,
        index_cpu,
        first_cpu,
        len(questions),
        settled,
    )


if __name__ == "__main__":
    approach, store, started, *asked = sys.argv[1:]
    questions = json.loads(Path(asked[0]).read_text(encoding="utf-8")) if asked else []
    print(json.dumps(asdict(probe(approach, Path(store), float(started), questions))))
