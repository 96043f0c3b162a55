"""Loading the index: a large store's index is built in another process and mapped from a file,
and answers exactly as one built on the heap."""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.engine import Engine

from briefing import loading
from briefing.answer import Answerer
from briefing.index import FactIndex
from briefing.ingest import ingest_paths
from briefing.loading import build_index, load_index
from briefing.passages import PassageSearch
from tests.briefing.test_index_compact import CHINESE, QUESTIONS, SEEDS, assert_same_index


@pytest.fixture
def ingested(engine: Engine) -> Engine:
    """The seeds and two Chinese releases ingested."""
    assert ingest_paths([*SEEDS, *CHINESE], engine=engine).ok
    return engine


@pytest.fixture
def another_thread() -> Iterator[threading.Thread]:
    """A second thread running while the test does (as the bot's are while it reloads)."""
    done = threading.Event()
    thread = threading.Thread(target=done.wait, daemon=True)
    thread.start()
    yield thread
    done.set()
    thread.join()


def answers(index: FactIndex, engine: Engine) -> list[str]:
    answerer = Answerer(index, passages=PassageSearch(engine, index, index.analyzer))
    return [repr(answerer.answer(question)) for question in QUESTIONS]


def test_a_small_store_is_indexed_on_the_heap(ingested: Engine) -> None:
    assert isinstance(load_index(ingested).table.ids, array)


def test_a_mapped_index_answers_as_one_built_on_the_heap(ingested: Engine) -> None:
    mapped = load_index(ingested, mapped_from=0)
    heap = build_index(ingested)
    assert isinstance(mapped.table.ids, memoryview)  # read from the file, not copied
    assert_same_index(mapped, heap)
    assert answers(mapped, ingested) == answers(heap, ingested)


def raising(error: Exception) -> Callable[..., None]:
    """A stand-in for a way of building that fails with `error`."""

    def build(*_: object) -> None:
        raise error

    return build


def test_with_other_threads_running_the_index_is_built_by_a_fresh_interpreter(
    ingested: Engine, another_thread: threading.Thread, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_fork = raising(AssertionError("forked although another thread runs"))
    monkeypatch.setattr(loading, "_build_in_fork", no_fork)
    mapped = load_index(ingested, mapped_from=0)
    assert isinstance(mapped.table.ids, memoryview)
    assert_same_index(mapped, build_index(ingested))


def test_if_the_other_process_fails_the_index_is_built_here(
    ingested: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(loading, "_build_in_fork", raising(OSError("no process for you")))
    monkeypatch.setattr(loading, "_build_in_interpreter", raising(OSError("nor for you")))
    index = load_index(ingested, mapped_from=0)
    assert isinstance(index.table.ids, array)
    assert "building here" in caplog.text
    assert_same_index(index, build_index(ingested))
