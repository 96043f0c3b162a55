"""Shared fixtures: a real SQLite database per test, and the fact factory that fills it."""

from __future__ import annotations

import os

# Opt in to PTB 23's timedelta time periods now: without it every RetryAfter warns, and
# warnings are errors here. The bot sets the same in bot/app.py.
os.environ["PTB_TIMEDELTA"] = "1"

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from db.engine import create_db_engine
from tests.factories import FactFactory

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite store at the newest schema revision, made once per test run.

    Running every migration costs about 40 ms a database (SQLite rebuilds tables in batch
    mode), a copy of this file about 1 ms, and the suite makes hundreds of stores. Each copy
    still goes through the production `create_db_engine`, which finds it at the newest revision.
    """
    path = tmp_path_factory.mktemp("schema") / "template.db"
    create_db_engine(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def engine(schema_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """A fresh SQLite database file for one test."""
    path = tmp_path / "test.db"
    shutil.copyfile(schema_template, path)
    engine = create_db_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def fact_factory(engine: Engine) -> FactFactory:
    """Documents and facts stored in this test's database as ingest stores them."""
    return FactFactory(engine)


from tests.botapi.fixtures import botapi  # noqa: E402  (the Bot API test server fixture)

__all__ = ["botapi", "engine", "fact_factory", "schema_template"]
