"""Facts held column by column, each `Fact` made again only when someone asks for it.

A `Fact` object with its strings and floats costs about half a kilobyte; a million of them
would be most of the index's memory. `FactTable` keeps each field in a typed `array` (numbers)
or as an id into a table of distinct strings (subjects, regions, periods, units, topic tags
and sentences repeat across facts), and `fact(position)` builds the frozen `Fact` on demand.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable
from datetime import date
from typing import Generic, TypeVar

from core.facts import Fact, FactKind, Source
from db.facts import IndexRow

_NONE = -1
_KINDS = tuple(FactKind)
_KIND_CODES = {kind: code for code, kind in enumerate(_KINDS)}
_NO_VALUE, _NO_BASE_VALUE, _NO_CHANGE, _FROM_TITLE = 1, 2, 4, 8

T = TypeVar("T", bound=Hashable)


class Interned(Generic[T]):
    """Distinct values, each stored once, by id; `seal` drops the lookup table once no more
    values will be added."""

    def __init__(self) -> None:
        self.values: list[T] = []
        self._ids: dict[T, int] | None = {}

    def id_of(self, value: T) -> int:
        """The id of `value`, added if new."""
        ids = self._ids
        if ids is None:
            raise RuntimeError("sealed: no values can be added")
        found = ids.get(value)
        if found is None:
            found = ids[value] = len(self.values)
            self.values.append(value)
        return found

    @property
    def ids(self) -> dict[T, int]:
        """Value → id (not once sealed)."""
        if self._ids is None:
            raise RuntimeError("sealed: values are looked up by id only")
        return self._ids

    def get(self, value: T) -> int | None:
        """The id of `value`, None if it was never added."""
        return self.ids.get(value)

    def seal(self) -> None:
        """Forget the lookup table (the values stay)."""
        self._ids = None

    def __len__(self) -> int:
        return len(self.values)


class TextBlob:
    """Many texts in one UTF-8 buffer, by id: no object per text, so no per-text overhead and
    no small allocations left between the index's other objects. A text equal to the one
    added just before it shares its id (facts of one sentence come one after another)."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("Q")
        self._last: str | None = None

    def add(self, text: str) -> int:
        """The id of `text`, added unless it repeats the last text added."""
        if text == self._last:
            return len(self._ends) - 1
        self._last = text
        self._data += text.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._data))
        return len(self._ends) - 1

    def get(self, text_id: int) -> str:
        """The text with id `text_id`."""
        start = self._ends[text_id - 1] if text_id else 0
        return self._data[start : self._ends[text_id]].decode("utf-8", "surrogatepass")

    def seal(self) -> None:
        """Done adding: give back the buffer's spare room."""
        self._data = bytearray(self._data)
        self._last = None

    def __len__(self) -> int:
        return len(self._ends)


class FactTable:
    """Every indexed fact's fields, column by column, in load order."""

    def __init__(self) -> None:
        self.ids = array("q")
        self.kinds = bytearray()
        self.flags = bytearray()
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
        self.quote_texts = TextBlob()
        self.figures = TextBlob()
        self.sources: Interned[Source] = Interned()

    def __len__(self) -> int:
        return len(self.ids)

    def append(self, row: IndexRow, *, document: int, from_title: bool = False) -> int:
        """Add one fact's fields (`document` is its source's id in `sources`); returns its
        position."""
        position = len(self.ids)
        string = self.strings.ids
        value, base_value, change = row.value, row.base_value, row.change
        self.ids.append(row.id)
        self.kinds.append(_KIND_CODES[row.kind])
        self.flags.append(
            (_NO_VALUE if value is None else 0)
            | (_NO_BASE_VALUE if base_value is None else 0)
            | (_NO_CHANGE if change is None else 0)
            | (_FROM_TITLE if from_title else 0)
        )
        self.documents.append(document)
        self.values.append(0.0 if value is None else value)
        self.base_values.append(0.0 if base_value is None else base_value)
        self.changes.append(0.0 if change is None else change)
        self.event_days.append(0 if row.event_date is None else row.event_date.toordinal())
        self.starts.append(row.start)
        self.ends.append(row.end)
        add = self.strings.id_of  # `get(t) or add(t)`: adding a known string gives its id
        self.subjects.append(string.get(row.subject) or add(row.subject))
        text = row.region
        self.regions.append(_NONE if text is None else string.get(text) or add(text))
        text = row.period
        self.periods.append(_NONE if text is None else string.get(text) or add(text))
        text = row.unit
        self.units.append(_NONE if text is None else string.get(text) or add(text))
        text = row.scale
        self.scales.append(_NONE if text is None else string.get(text) or add(text))
        text = row.qualifier
        self.qualifiers.append(_NONE if text is None else string.get(text) or add(text))
        self.value_texts.append(
            _NONE if row.value_text is None else self.figures.add(row.value_text)
        )
        self.topics.append(self.topic_tuples.id_of(row.topics))
        self.quotes.append(self.quote_texts.add(row.quote))
        return position

    def seal(self) -> None:
        """Done adding: drop the lookup tables the appends needed."""
        for table in (self.strings, self.topic_tuples, self.sources):
            table.seal()
        self.quote_texts.seal()
        self.figures.seal()

    # -- reading one field -------------------------------------------------------------------

    def text(self, column: array[int], position: int) -> str | None:
        """The string `column` holds for `position`."""
        found = column[position]
        return None if found == _NONE else self.strings.values[found]

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

    def region(self, position: int) -> str | None:
        """The fact's region as stated."""
        return self.text(self.regions, position)

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
        text = self.text
        return Fact(
            id=self.ids[position],
            kind=_KINDS[self.kinds[position]],
            subject=self.strings.values[self.subjects[position]],
            region=text(self.regions, position),
            period=text(self.periods, position),
            value=None if flags & _NO_VALUE else self.values[position],
            value_text=self.value_text(position),
            unit=text(self.units, position),
            scale=text(self.scales, position),
            base_value=None if flags & _NO_BASE_VALUE else self.base_values[position],
            qualifier=text(self.qualifiers, position),
            change=None if flags & _NO_CHANGE else self.changes[position],
            event_date=self.event_date(position),
            quote=self.quote_texts.get(self.quotes[position]),
            start=self.starts[position],
            end=self.ends[position],
            topics=self.topic_tuples.values[self.topics[position]],
            source=self.sources.values[self.documents[position]],
            from_title=bool(flags & _FROM_TITLE),
        )
