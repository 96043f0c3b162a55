"""A fresh PostgreSQL schema per test, when TEST_DATABASE_URL names a server to use."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.pgschema import fresh_schema

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
"""e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test (needs the `postgres` extra)."""


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections work in a new, empty schema, dropped after the test."""
    if not TEST_DATABASE_URL:
        pytest.skip("TEST_DATABASE_URL is not set: no PostgreSQL server to test against")
    with fresh_schema(TEST_DATABASE_URL, prefix="citybrief_test_") as url:
        yield url
