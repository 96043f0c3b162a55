"""The project's error hierarchy; it lives at the bottom layer so every package can use it."""


class CitybriefError(Exception):
    """Base of every error citybrief raises on purpose."""


class DatabaseConfigError(CitybriefError):
    """The configured database cannot be used."""


class StoreError(CitybriefError):
    """The store refused or failed a read or write (the database's own message says why)."""


class DuplicateDeliveryError(StoreError):
    """The outbox already holds a row for this subscription and slot."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (driver messages run on), or its type."""
    message = str(exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__
