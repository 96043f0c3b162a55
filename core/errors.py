"""The project's error hierarchy; it lives at the bottom layer so every package can use it."""


class CitybriefError(Exception):
    """Base of every error citybrief raises on purpose."""


class DatabaseConfigError(CitybriefError):
    """The configured database cannot be used."""
