"""Facts held column by column, each `Fact` made again only when someone asks for it.

A `Fact` object with its strings and floats costs about half a kilobyte; a million of them
would be most of the index's memory. `FactTable` keeps each field in a typed `array` (numbers)
or as an id into a table of distinct strings (subjects, regions, periods, units, topic tags
and sentences repeat across facts), and `fact(position)` builds the frozen `Fact` on demand.

Facts are added a batch at a time, column by column (`extend`): each column is one C-level
pass (`array.extend` over a `map`), not a Python statement per field per fact. The distinct
strings the batches met are handed over (`pending`) and given back (`seal`) once the load's
short-lived objects are gone, so the few long-lived ones sit together rather than pin pages
of the allocator's memory among the freed ones.
"""

from __future__ import annotations

import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from datetime import date
from itertools import count
from typing import Generic, NamedTuple, TypeVar

from core.facts import Fact, FactKind, Source
from db.facts import IndexColumns
from db.mapping import topics_of

_NONE = -1
_KINDS = tuple(FactKind)
_KIND_CODES: dict[str, int] = {kind: code for code, kind in enumerate(_KINDS)}
"""A kind's code by its value (a `FactKind` is its value)."""
_NO_VALUE, _NO_BASE_VALUE, _NO_CHANGE, _FROM_TITLE = 1, 2, 4, 8

T = TypeVar("T", bound=Hashable)
K = TypeVar("K", bound=Hashable)

Topics = str | tuple[str, ...]
"""A fact's topic tags: stored (joined by commas) or as a `Fact` holds them."""


_SIGNED, _UNSIGNED = "bhiq", "BHIQ"


def narrowest(values: array[int], *, below: int | None = None, low: int = _NONE) -> array[int]:
    """`values` in the smallest typecode that holds them all, when that is smaller than theirs
    (most columns number a few hundred distinct strings: one or two bytes, not four). With
    `below` (and `low`), the range they are known to lie in, they are not scanned for it."""
    if not values:
        return values
    high = below - 1 if below is not None else max(values)
    low = low if below is not None else min(values)
    for code in _SIGNED if low < 0 else _UNSIGNED:
        size = array(code).itemsize
        limit = 1 << (size * 8 - 1 if low < 0 else size * 8)
        if -limit <= low and high < limit:
            return array(code, values) if size < values.itemsize else values
    return values


def _byte_array(data: bytes | bytearray | array[int]) -> array[int]:
    """`data` as an `array("B")`, copied at once (not byte by byte)."""
    found = array("B")
    found.frombytes(data)
    return found


class Numbering(dict[K, int]):
    """Numbers keys in the order they are first looked up: `numbering[key]` is the key's
    number, a new one for a key not seen before (so `map(numbering.__getitem__, keys)` numbers
    a whole column in C). Numberings sharing a `counter` share one sequence of numbers."""

    __slots__ = ("_counter",)

    def __init__(
        self, known: Iterable[tuple[K, int]] = (), *, counter: Iterator[int] | None = None
    ) -> None:
        super().__init__(known)
        self._counter = count(len(self)) if counter is None else counter

    def __missing__(self, key: K) -> int:
        number = self[key] = next(self._counter)
        return number


class Interned(Generic[T]):
    """Distinct values, each stored once, by id (sealed: looked up by id only, no table of
    ids kept)."""

    def __init__(self) -> None:
        self.values: list[T] = []
        self._ids: dict[T, int] | None = {}

    @classmethod
    def of(cls, values: list[T], *, sealed: bool = False) -> Interned[T]:
        """`values`, distinct, by their positions (sealed: no lookup table)."""
        interned: Interned[T] = cls()
        interned.values = values
        interned._ids = None if sealed else dict(zip(values, range(len(values)), strict=True))
        return interned

    @property
    def ids(self) -> dict[T, int]:
        """Value → id (not once sealed)."""
        if self._ids is None:
            raise RuntimeError("sealed: values are looked up by id only")
        return self._ids

    def get(self, value: T) -> int | None:
        """The id of `value`, None if it was never added."""
        return self.ids.get(value)

    def add(self, value: T) -> int:
        """The id of `value`, added if new."""
        ids = self.ids
        found = ids.get(value)
        if found is None:
            found = ids[value] = len(self.values)
            self.values.append(value)
        return found

    def __len__(self) -> int:
        return len(self.values)

    def __contains__(self, value: object) -> bool:
        return value in self.ids


QUOTE_BLOCK = 64
"""Sentences compressed together: most repeat their document's wording, so a block of them
shrinks to about a quarter (a fact's sentence is read only when its `Fact` is made, one or two
per answer, each a block's decompression of a few microseconds)."""


class TextBlob:
    """Many texts in one UTF-8 buffer, by id: no object per text, so no per-text overhead and
    no small allocations left between the index's other objects. A text equal to the one
    added just before it shares its id (facts of one sentence come one after another).

    With `block`, every `block` texts are compressed together (zlib) as soon as they are
    added, so the whole buffer is never held uncompressed.
    """

    def __init__(self, *, block: int = 0) -> None:
        self._data: bytearray | array[int] = bytearray()  # with `block`: the open block's texts
        self._ends = array("Q")  # where each text ends in the texts one after another
        self._last: str | None = None
        self._block = block
        self._packed: bytearray | array[int] = bytearray()  # compressed blocks, one by one
        self._packed_ends = array("Q")
        self._unpacked: tuple[int, bytes] = (_NONE, b"")  # the last block read

    def extend(self, texts: Iterable[str | None]) -> list[int]:
        """The ids of `texts` (`_NONE` for None), each added unless it repeats the text
        added just before it."""
        ids: list[int] = []
        append = ids.append
        data, ends, last, block = self._data, self._ends, self._last, self._block
        last_id = len(ends) - 1
        for text in texts:
            if text is None:
                append(_NONE)
                continue
            if text != last:
                last = text
                data.extend(text.encode("utf-8", "surrogatepass"))
                ends.append(self._base() + len(data))
                last_id += 1
                if block and len(ends) % block == 0:
                    self._pack()
            append(last_id)
        self._last = last
        return ids

    def _base(self) -> int:
        """Where the texts not yet compressed start in the texts one after another."""
        ends = self._ends
        if not self._block:
            return 0
        first = len(ends) - len(ends) % self._block  # the first text of the open block
        return ends[first - 1] if first else 0

    def _pack(self) -> None:
        """Compress the open block's texts (zlib's fastest level: a build's time matters)."""
        self._packed.extend(zlib.compress(self._data, 1))
        self._packed_ends.append(len(self._packed))
        del self._data[:]

    def get(self, text_id: int) -> str:
        """The text with id `text_id`."""
        ends = self._ends
        start = ends[text_id - 1] if text_id else 0
        if not self._block:
            return str(self._data[start : ends[text_id]], "utf-8", "surrogatepass")
        number = text_id // self._block
        first = number * self._block
        base = ends[first - 1] if first else 0
        if number == len(self._packed_ends):  # the open block (while texts are added)
            texts: bytes | bytearray | array[int] = self._data
        else:
            found, texts = self._unpacked
            if found != number:
                packed_ends = self._packed_ends
                begin = packed_ends[number - 1] if number else 0
                texts = zlib.decompress(self._packed[begin : packed_ends[number]])
                self._unpacked = (number, texts)
        return str(texts[start - base : ends[text_id] - base], "utf-8", "surrogatepass")

    def seal(self) -> None:
        """Done adding: the last block compressed, the buffers' spare room given back."""
        if self._block and self._data:
            self._pack()
        total = self._ends[-1] if self._ends else 0
        # Byte arrays as `array`s: a mapped index maps those (`briefing.mapped`).
        self._data, self._packed = _byte_array(self._data), _byte_array(self._packed)
        self._ends = narrowest(self._ends, below=total + 1, low=0)
        self._packed_ends = narrowest(self._packed_ends, below=len(self._packed) + 1, low=0)
        self._last = None

    def __len__(self) -> int:
        return len(self._ends)


class _Texts:
    """A table's distinct strings by id, None for `_NONE`."""

    __slots__ = ("_strings",)

    def __init__(self, strings: Interned[str]) -> None:
        self._strings = strings  # the table itself: a mapped index maps it (`briefing.mapped`)

    def __getitem__(self, string_id: int) -> str | None:
        return None if string_id == _NONE else self._strings.values[string_id]


class TablePending(NamedTuple):
    """What a table's batches numbered and `FactTable.seal` makes its lookup tables of."""

    strings: list[str]  # by id
    topics: list[Topics]  # by id, as the batches gave them
    documents: list[Hashable]  # by id, as the batches named them


class FactTable:
    """Every indexed fact's fields, column by column, in load order."""

    def __init__(self) -> None:
        self.ids = array("q")
        self.kinds: bytearray | array[int] = bytearray()  # an `array` once sealed
        self.flags: bytearray | array[int] = bytearray()
        self.documents = array("i")
        self.values = array("d")
        self.base_values = array("d")
        self.changes = array("d")
        self.event_days = array("i")  # date ordinal; 0 for none
        self.starts = array("I")  # offsets into a document's text (under 4 GB)
        self.ends = array("I")
        self.subjects = array("i")
        self.regions = array("i")
        self.periods = array("i")
        self.value_texts = array("i")  # id in `figures`
        self.units = array("i")
        self.scales = array("i")
        self.qualifiers = array("i")
        self.topics = array("i")
        self.quotes = array("i")  # id in `quote_texts`
        self.strings: Interned[str] = Interned()
        self.topic_tuples: Interned[tuple[str, ...]] = Interned()
        self.quote_texts = TextBlob(block=QUOTE_BLOCK)
        self.figures = TextBlob()
        self.sources: Interned[Source] = Interned()
        self._texts = _Texts(self.strings)
        # What the batches number, until `pending` hands it over.
        self._string_ids: Numbering[str | None] = Numbering([(None, _NONE)], counter=count())
        self._topic_ids: Numbering[Topics] = Numbering()
        self._document_ids: Numbering[Hashable] = Numbering()

    def __len__(self) -> int:
        return len(self.ids)

    def extend(
        self,
        batch: IndexColumns,
        *,
        documents: Sequence[Hashable],
        topics: Sequence[Topics],
        from_title: Sequence[bool] = (),
    ) -> range:
        """Add a batch of facts, column by column; returns their positions.

        Args:
            batch: the facts' columns (`batch.document_id` and `batch.topics` are not read).
            documents: each fact's document, as any key `seal` can turn into its `Source`.
            topics: each fact's topic tags.
            from_title: whether each fact was read from its document's title (default: no).
        """
        first = len(self.ids)
        self.ids.extend(batch.id)
        self.kinds.extend(map(_KIND_CODES.__getitem__, batch.kind))
        flags = [
            (value is None) | (base_value is None) << 1 | (change is None) << 2
            for value, base_value, change in zip(
                batch.value, batch.base_value, batch.change, strict=True
            )
        ]
        if from_title:
            flags = [f | _FROM_TITLE if t else f for f, t in zip(flags, from_title, strict=True)]
        self.flags.extend(flags)
        self.documents.extend(map(self._document_ids.__getitem__, documents))
        self.values.extend([0.0 if v is None else v for v in batch.value])
        self.base_values.extend([0.0 if v is None else v for v in batch.base_value])
        self.changes.extend([0.0 if v is None else v for v in batch.change])
        self.event_days.extend([0 if d is None else d.toordinal() for d in batch.event_date])
        self.starts.extend(batch.start)
        self.ends.extend(batch.end)
        string_id = self._string_ids.__getitem__
        self.subjects.extend(map(string_id, batch.subject))
        self.regions.extend(map(string_id, batch.region))
        self.periods.extend(map(string_id, batch.period))
        self.units.extend(map(string_id, batch.unit))
        self.scales.extend(map(string_id, batch.scale))
        self.qualifiers.extend(map(string_id, batch.qualifier))
        self.value_texts.extend(self.figures.extend(batch.value_text))
        self.topics.extend(map(self._topic_ids.__getitem__, topics))
        self.quotes.extend(self.quote_texts.extend(batch.quote))
        return range(first, len(self.ids))

    def pending(self) -> TablePending:
        """Hand over the distinct strings, topic tags and documents the batches numbered (in
        number order) and forget them until `seal` gives them back."""
        pending = TablePending(
            [s for s in self._string_ids if s is not None],
            list(self._topic_ids),
            list(self._document_ids),
        )
        self._string_ids = Numbering()
        self._topic_ids = Numbering()
        self._document_ids = Numbering()
        return pending

    def seal(self, pending: TablePending, sources: Callable[[Hashable], Source]) -> None:
        """Done adding: the lookup tables from `pending` (`sources` gives a document key's
        `Source`), and the text buffers' spare room given back."""
        self.strings = Interned.of(pending.strings, sealed=True)
        self._texts = _Texts(self.strings)
        self.topic_tuples = Interned.of(
            [topics_of(t) if isinstance(t, str) else t for t in pending.topics], sealed=True
        )
        self.sources = Interned.of([sources(d) for d in pending.documents], sealed=True)
        self.quote_texts.seal()
        self.figures.seal()
        self.kinds, self.flags = _byte_array(self.kinds), _byte_array(self.flags)
        # Numbers in the narrowest typecode that holds them.
        strings = len(self.strings)
        self.ids = narrowest(self.ids)
        self.documents = narrowest(self.documents, below=len(self.sources), low=0)
        self.starts, self.ends = narrowest(self.starts), narrowest(self.ends)
        self.subjects = narrowest(self.subjects, below=strings, low=0)
        self.regions = narrowest(self.regions, below=strings)
        self.periods = narrowest(self.periods, below=strings)
        self.units = narrowest(self.units, below=strings)
        self.scales = narrowest(self.scales, below=strings)
        self.qualifiers = narrowest(self.qualifiers, below=strings)
        self.value_texts = narrowest(self.value_texts, below=len(self.figures))
        self.quotes = narrowest(self.quotes, below=len(self.quote_texts), low=0)
        self.topics = narrowest(self.topics, below=len(self.topic_tuples), low=0)

    # -- reading one field -------------------------------------------------------------------

    def text(self, column: array[int], position: int) -> str | None:
        """The string `column` holds for `position`."""
        return self._texts[column[position]]

    def kind(self, position: int) -> FactKind:
        """The fact's kind."""
        return _KINDS[self.kinds[position]]

    def source(self, position: int) -> Source:
        """The fact's document."""
        return self.sources.values[self.documents[position]]

    def period(self, position: int) -> str | None:
        """The fact's period as stated."""
        return self.text(self.periods, position)

    def subject(self, position: int) -> str:
        """The fact's subject."""
        return self.strings.values[self.subjects[position]]

    def unit(self, position: int) -> str | None:
        """The fact's unit."""
        return self.text(self.units, position)

    def region(self, position: int) -> str | None:
        """The fact's region as stated."""
        return self.text(self.regions, position)

    def region_counts(self) -> Counter[str]:
        """How many facts state each region (empty ones left out), in the order the facts
        first state them: one count of the column's ids, not a pass per fact."""
        texts = self._texts
        found: Counter[str] = Counter()
        for string_id, facts in Counter(self.regions).items():
            region = texts[string_id]
            if region:
                found[region] += facts
        return found

    def topic_counts(self) -> Counter[str]:
        """How many times facts carry each topic tag, in the order the facts first carry them."""
        tuples = self.topic_tuples.values
        found: Counter[str] = Counter()
        for topics_id, facts in Counter(self.topics).items():
            for tag in tuples[topics_id]:
                found[tag] += facts
        return found

    def topic_tags(self, position: int) -> tuple[str, ...]:
        """The fact's topic tags."""
        return self.topic_tuples.values[self.topics[position]]

    def value(self, position: int) -> float | None:
        """The fact's value."""
        return None if self.flags[position] & _NO_VALUE else self.values[position]

    def change(self, position: int) -> float | None:
        """The fact's year-on-year change."""
        return None if self.flags[position] & _NO_CHANGE else self.changes[position]

    def value_text(self, position: int) -> str | None:
        """The fact's figure as written."""
        found = self.value_texts[position]
        return None if found == _NONE else self.figures.get(found)

    def event_date(self, position: int) -> date | None:
        """The fact's event date."""
        day = self.event_days[position]
        return date.fromordinal(day) if day else None

    def fact(self, position: int) -> Fact:
        """The fact at `position`, as a frozen `Fact` (equal to the one indexed)."""
        flags = self.flags[position]
        texts = self._texts
        day = self.event_days[position]
        return Fact(
            id=self.ids[position],
            kind=_KINDS[self.kinds[position]],
            subject=self.strings.values[self.subjects[position]],
            region=texts[self.regions[position]],
            period=texts[self.periods[position]],
            value=None if flags & _NO_VALUE else self.values[position],
            value_text=self.value_text(position),
            unit=texts[self.units[position]],
            scale=texts[self.scales[position]],
            base_value=None if flags & _NO_BASE_VALUE else self.base_values[position],
            qualifier=texts[self.qualifiers[position]],
            change=None if flags & _NO_CHANGE else self.changes[position],
            event_date=date.fromordinal(day) if day else None,
            quote=self.quote_texts.get(self.quotes[position]),
            start=self.starts[position],
            end=self.ends[position],
            topics=self.topic_tuples.values[self.topics[position]],
            source=self.sources.values[self.documents[position]],
            from_title=bool(flags & _FROM_TITLE),
        )
