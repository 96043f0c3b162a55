"""`ByPosition`: a read-only sequence whose items are made when they are read."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class ByPosition(Sequence[T]):
    """A sequence that makes its item at a position when it is read (`_at`); indexing and
    slicing behave as a list's."""

    __slots__ = ()

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def _at(self, position: int) -> T:
        """The item at `position` (0 <= position < len)."""

    @overload
    def __getitem__(self, item: int) -> T: ...
    @overload
    def __getitem__(self, item: slice) -> Sequence[T]: ...
    def __getitem__(self, item: int | slice) -> T | Sequence[T]:
        if isinstance(item, slice):
            return [self._at(p) for p in range(len(self))[item]]
        if item < 0:
            item += len(self)
        if not 0 <= item < len(self):
            raise IndexError(item)
        return self._at(item)
