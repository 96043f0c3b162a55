"""`briefing.mapped`: an object graph written to a file and read back with its arrays, byte
arrays and string tables as views of the mapped file."""

from __future__ import annotations

import tempfile
from array import array
from dataclasses import dataclass
from typing import Any

import pytest

from briefing import mapped
from briefing.fact_table import Interned
from briefing.mapped import MappedStrings

STRINGS = ["software", "", "杭州", "x" * 300, "surrogate \udcff", "apple", "Apple", "软件"]


@dataclass
class Shared:
    """Stands for an object kept by reference (the index's analyzers)."""

    name: str


SHARED = Shared("the one")


def round_trip(obj: object) -> Any:
    with tempfile.TemporaryFile() as file:
        mapped.write(obj, file, keep=lambda o: "shared" if o is SHARED else None)
        return mapped.read(file, load=lambda pid: SHARED if pid == "shared" else None)


@pytest.mark.parametrize("typecode", ["b", "B", "h", "H", "i", "I", "q", "Q", "d"])
def test_arrays_come_back_as_views_of_the_same_values(typecode: str) -> None:
    values = array(typecode, range(0, 120, 3)) if typecode != "d" else array("d", [0.5, -2.0])
    found = round_trip({"column": values, "empty": array(typecode)})
    assert isinstance(found["column"], memoryview)
    assert found["column"].tolist() == values.tolist()
    assert len(found["empty"]) == 0


def test_a_string_table_reads_and_finds_every_string() -> None:
    found = round_trip(Interned.of(list(STRINGS)))
    assert isinstance(found, MappedStrings)
    assert list(found.values) == STRINGS
    assert len(found) == len(STRINGS)
    assert [found.get(s) for s in STRINGS] == list(range(len(STRINGS)))
    assert all(s in found for s in STRINGS)
    assert found.get("softwar") is None and "missing" not in found
    assert found.ids.get("杭州") == 2
    assert found[-1] == "软件" and found[1:3] == ["", "杭州"]
    with pytest.raises(IndexError):
        found[len(STRINGS)]


def test_small_objects_and_shared_ones_come_back_as_they_were() -> None:
    graph = {"shared": SHARED, "numbers": [1, 2.5, None], "tags": Interned.of([("a", "b")])}
    found = round_trip(graph)
    assert found["shared"] is SHARED
    assert found["numbers"] == [1, 2.5, None]
    assert found["tags"].values == [("a", "b")]


def test_a_file_not_written_here_is_refused() -> None:
    with tempfile.TemporaryFile() as file:
        file.write(b"not an index" * 10)
        file.flush()
        with pytest.raises(ValueError, match="not a mapped index"):
            mapped.read(file, load=lambda pid: None)
