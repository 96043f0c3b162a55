"""An object graph written to a file and read back mapped: its arrays and strings stay in the file.

`write` pickles an object (protocol 5) with every `array` and every table of distinct strings
(`Interned[str]`) out of band: their bytes go to the file one after another, 8-byte aligned,
after the pickle of what remains (the small objects; a `bytearray` stays among them, as the
pickler writes those itself, so what should be mapped is kept as an `array("B")`). numpy
arrays go out of band on their own. `read` maps the file and unpickles that remainder with each
buffer a read-only view into the mapping, so an array comes back as a `memoryview` of its
typecode and a table of strings as `MappedStrings`. Nothing is copied: the operating system
reads a page of the file when a search first touches it, so the process's memory holds only
the pages searches have used, and the system may drop those again when memory is short and
read them back later (the file is unlinked: nothing else can open it).

What the graph holds by reference rather than by value (the shared analyzers) goes through the
`keep` (persistent id) and `load` hooks the caller passes.
"""

from __future__ import annotations

import io
import mmap
import os
import pickle
import struct
from array import array
from bisect import bisect_left
from collections.abc import Callable, Hashable, Sequence
from itertools import accumulate
from typing import IO, Any, TypeVar

from briefing.by_position import ByPosition
from briefing.fact_table import Interned, narrowest

_MAGIC = b"citybrief-mapped-1\n"
_COUNT = struct.Struct("<Q")
_SPAN = struct.Struct("<QQ")
_ALIGN = 8

PersistentId = Callable[[Any], Hashable | None]
PersistentLoad = Callable[[Any], Any]
_K = TypeVar("_K", int, str)
_T = TypeVar("_T")


class MappedStrings(ByPosition[str]):
    """Distinct strings by id, held as UTF-8 in one buffer with their end offsets, looked up
    by value through a sorted permutation (binary search): the read side of `Interned[str]`.

    It answers what an `Interned[str]` does: `values[i]`, `len`, iteration, and `get(value)` /
    `ids.get(value)` (None for a string not in the table).
    """

    __slots__ = ("_blob", "_ends", "_found", "_read", "_sorted")

    def __init__(self, blob: memoryview, ends: Sequence[int], by_value: Sequence[int]) -> None:
        self._blob = blob
        self._ends = ends
        self._sorted = by_value
        # The last strings read and looked up (searches read the same few again and again).
        self._read: dict[int, str] = {}
        self._found: dict[str, int | None] = {}

    @classmethod
    def of(cls, strings: Sequence[str]) -> tuple[bytes, array[int], array[int]]:
        """The three buffers `MappedStrings` reads `strings` from: the texts one after
        another, where each ends, and their ids in the order of their bytes (each in the
        narrowest typecode that holds it)."""
        encoded = [s.encode("utf-8", "surrogatepass") for s in strings]
        ends = array("Q", accumulate(map(len, encoded)))
        by_value = array("Q", sorted(range(len(encoded)), key=encoded.__getitem__))
        return b"".join(encoded), narrowest(ends, low=0), narrowest(by_value, low=0)

    @property
    def values(self) -> MappedStrings:
        return self

    @property
    def ids(self) -> MappedStrings:
        return self

    def _bytes(self, number: int) -> memoryview:
        ends = self._ends
        return self._blob[ends[number - 1] if number else 0 : ends[number]]

    def _at(self, position: int) -> str:
        found = self._read.get(position)
        if found is None:
            found = str(self._bytes(position), "utf-8", "surrogatepass")
            _remember(self._read, position, found)
        return found

    def __len__(self) -> int:
        return len(self._ends)

    def get(self, value: str) -> int | None:
        """The id of `value`, None if the table does not hold it."""
        try:
            return self._found[value]
        except KeyError:
            found = self._find(value)
        _remember(self._found, value, found)
        return found

    def _find(self, value: str) -> int | None:
        wanted = value.encode("utf-8", "surrogatepass")
        by_value = self._sorted
        found = bisect_left(
            range(len(by_value)), wanted, key=lambda i: bytes(self._bytes(by_value[i]))
        )
        if found < len(by_value) and self._bytes(by_value[found]) == wanted:
            return by_value[found]
        return None

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and self.get(value) is not None


REMEMBERED = 4096
"""How many strings a mapped table keeps decoded, and how many lookups it keeps."""


def _remember(memory: dict[_K, _T], key: _K, value: _T) -> None:
    """Keep `key` → `value`, forgetting everything once REMEMBERED are kept."""
    if len(memory) >= REMEMBERED:
        memory.clear()
    memory[key] = value


def _array_view(typecode: str, buffer: memoryview) -> memoryview:
    return buffer.cast(typecode)  # type: ignore[call-overload, no-any-return]  # any typecode


def _strings_view(
    blob: memoryview, ends: memoryview, by_value: memoryview, codes: str
) -> MappedStrings:
    return MappedStrings(blob, _array_view(codes[0], ends), _array_view(codes[1], by_value))


class _Pickler(pickle.Pickler):
    def __init__(self, file: IO[bytes], buffers: list[pickle.PickleBuffer], keep: PersistentId):
        super().__init__(file, protocol=5, buffer_callback=buffers.append)
        self._keep = keep

    def persistent_id(self, obj: Any) -> Hashable | None:
        return self._keep(obj)

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is array:
            return _array_view, (obj.typecode, pickle.PickleBuffer(obj))
        if type(obj) is Interned and all(isinstance(v, str) for v in obj.values):
            blob, ends, by_value = MappedStrings.of(obj.values)
            buffers = tuple(pickle.PickleBuffer(b) for b in (blob, ends, by_value))
            return _strings_view, (*buffers, ends.typecode + by_value.typecode)
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: IO[bytes], buffers: list[memoryview], load: PersistentLoad):
        super().__init__(file, buffers=buffers)
        self._load = load

    def persistent_load(self, pid: Any) -> Any:
        return self._load(pid)


def write(obj: object, file: IO[bytes], *, keep: PersistentId) -> None:
    """Write `obj` to the open binary `file`: the pickle of its small objects, then its
    arrays (numpy's too) and string tables, each 8-byte aligned."""
    buffers: list[pickle.PickleBuffer] = []
    stream = io.BytesIO()
    _Pickler(stream, buffers, keep).dump(obj)
    raws = [b.raw() for b in buffers]
    head = len(_MAGIC) + _COUNT.size + _SPAN.size * (len(raws) + 1)
    spans: list[tuple[int, int]] = []
    at = _aligned(head)
    for raw in [stream.getbuffer(), *raws]:
        spans.append((at, raw.nbytes))
        at = _aligned(at + raw.nbytes)
    file.write(_MAGIC + _COUNT.pack(len(raws)))
    for span in spans:
        file.write(_SPAN.pack(*span))
    written = head
    for (start, _), raw in zip(spans, [stream.getbuffer(), *raws], strict=True):
        file.write(bytes(start - written))
        file.write(raw)
        written = start + raw.nbytes
    file.flush()


def read(file: IO[bytes], *, load: PersistentLoad) -> Any:
    """The object `write` wrote to `file`, its buffers views of the file mapped read-only."""
    mapping = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    if hasattr(mmap, "MADV_RANDOM"):  # a search reads a few scattered pages: no read-ahead
        mapping.madvise(mmap.MADV_RANDOM)
    view = memoryview(mapping)
    if bytes(view[: len(_MAGIC)]) != _MAGIC:
        raise ValueError("not a mapped index file")
    (count,) = _COUNT.unpack_from(view, len(_MAGIC))
    first = len(_MAGIC) + _COUNT.size
    spans = [_SPAN.unpack_from(view, first + i * _SPAN.size) for i in range(count + 1)]
    (start, size), rest = spans[0], spans[1:]
    buffers = [view[at : at + length] for at, length in rest]
    with io.BytesIO(view[start : start + size]) as stream:
        return _Unpickler(stream, buffers, load).load()


def evict(file: IO[bytes]) -> None:
    """Put `file` on disk and drop its pages from the system's cache (where the system can),
    so that a mapping of it reads a page only when a search first touches it. Written pages
    stay cached in large blocks, and touching one byte would map a whole block."""
    os.fsync(file.fileno())
    if hasattr(os, "posix_fadvise"):
        os.posix_fadvise(file.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def _aligned(at: int) -> int:
    return (at + _ALIGN - 1) // _ALIGN * _ALIGN
