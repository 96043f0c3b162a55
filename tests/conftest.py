"""Shared fixtures: a real SQLite database per test."""

from __future__ import annotations

import os

# Opt in to PTB 23's timedelta time periods now: without it every RetryAfter warns, and
# warnings are errors here. The bot sets the same in bot/app.py.
os.environ["PTB_TIMEDELTA"] = "1"

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from db.engine import create_db_engine

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A fresh SQLite database file for one test."""
    engine = create_db_engine(f"sqlite:///{tmp_path / 'test.db'}")
    yield engine
    engine.dispose()


from tests.botapi.fixtures import botapi  # noqa: E402  (the Bot API test server fixture)

__all__ = ["botapi", "engine"]
