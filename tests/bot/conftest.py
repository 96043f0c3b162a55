"""Fixtures of the bot's tests."""

from __future__ import annotations

import pytest

from tests.factories import FactFactory, sample_store


@pytest.fixture
def sample_database(database_url: str, fact_factory: FactFactory) -> str:
    """The URL of this test's store, holding the sample facts (for a `citybrief` process)."""
    sample_store(fact_factory)
    return database_url
