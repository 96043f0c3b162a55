"""What a write did to the row it was for: the one outcome storing a document and subscribing
a chat both report."""

from __future__ import annotations

from enum import StrEnum


class Change(StrEnum):
    """What storing something did: made it, changed it, or found it as it was."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
