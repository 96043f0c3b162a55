"""Building a dataclass from another object that has its fields under the same names.

A stored row and the domain record it becomes (a document and its `Source`, a subscription row
and its view) share field names; the field list is written once, in the dataclass.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Record = TypeVar("Record", bound="DataclassInstance")


def from_attributes(cls: type[Record], obj: object, **overrides: Any) -> Record:
    """A `cls` whose fields are `obj`'s attributes of the same names, but for `overrides`."""
    values = {f.name: getattr(obj, f.name) for f in fields(cls) if f.name not in overrides}
    return cls(**values, **overrides)
