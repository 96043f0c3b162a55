"""Shared fixtures: a real store per test, and the fact factory that fills it.

The suite runs on two legs. The SQLite leg (the default, `make test`) gives each test a fresh
SQLite file. The PostgreSQL leg runs when TEST_DATABASE_URL names a server
(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test; `.ci/run` runs both legs): every
store fixture is then a PostgreSQL store, in a schema made fresh for this run and dropped at its
end; a test's rows are emptied after it. A test that cannot apply to PostgreSQL says why with
`@pytest.mark.sqlite_only(reason=...)` and is skipped on that leg.
"""

from __future__ import annotations

import os

# Opt in to PTB 23's timedelta time periods now: without it every RetryAfter warns, and
# warnings are errors here. The bot sets the same in bot/app.py.
os.environ["PTB_TIMEDELTA"] = "1"

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import SQLModel

from db.engine import create_db_engine
from tests.factories import FactFactory
from tests.pgschema import create_schema, drop_schemas, schema_url

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or None
"""The PostgreSQL server of the PostgreSQL leg; None on the SQLite leg."""
ON_POSTGRESQL = TEST_DATABASE_URL is not None
SCHEMA_PREFIX = "citybrief_test_"

StoreMaker = Callable[[str], str]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): the test is about SQLite itself; skipped on the PostgreSQL leg",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not ON_POSTGRESQL:
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.kwargs.get("reason", "about SQLite itself")
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if ON_POSTGRESQL:
        url = make_url(TEST_DATABASE_URL or "")
        terminalreporter.write_line(
            f"PostgreSQL leg: stores on {url.host}:{url.port}/{url.database}"
        )
    else:
        terminalreporter.write_line(
            "PostgreSQL leg skipped: TEST_DATABASE_URL is not set (this run used SQLite; "
            "`make test-postgres` or .ci/run runs the suite on PostgreSQL too)"
        )


def postgres_schema_url(schema: str) -> str:
    """TEST_DATABASE_URL with its connections working in `schema`."""
    assert TEST_DATABASE_URL is not None
    return schema_url(TEST_DATABASE_URL, schema)


@pytest.fixture(scope="session")
def make_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreMaker]:
    """Make a new, empty store at the newest revision and return its URL (`make_store(name)`).

    SQLite: a file in a temporary folder. PostgreSQL leg: a new schema, dropped at the end of
    the run. For stores that outlive one test (module fixtures); a test's own store is
    `database_url`.
    """
    schemas: list[str] = []

    def make(name: str) -> str:
        if not ON_POSTGRESQL:
            url = f"sqlite:///{tmp_path_factory.mktemp(name) / f'{name}.db'}"
        else:
            assert TEST_DATABASE_URL is not None
            schema = create_schema(TEST_DATABASE_URL, prefix=SCHEMA_PREFIX)
            schemas.append(schema)
            url = postgres_schema_url(schema)
        create_db_engine(url).dispose()
        return url

    try:
        yield make
    finally:
        if TEST_DATABASE_URL is not None and schemas:
            drop_schemas(TEST_DATABASE_URL, schemas)


@pytest.fixture(scope="session")
def schema_template(make_store: StoreMaker) -> str:
    """An empty store at the newest schema revision, made once per test run.

    SQLite: running every migration costs about 40 ms a database (SQLite rebuilds tables in
    batch mode), a copy of the file about 1 ms, and the suite makes hundreds of stores. Each
    copy still goes through the production `create_db_engine`, which finds it at the newest
    revision. PostgreSQL: the run's schema, emptied after each test.
    """
    return make_store("template")


@pytest.fixture(scope="session")
def store_cleaner(schema_template: str) -> Iterator[Engine | None]:
    """PostgreSQL leg: an engine on the run's schema that empties it after each test."""
    if not ON_POSTGRESQL:
        yield None
        return
    cleaner = create_engine(schema_template)
    yield cleaner
    cleaner.dispose()


@pytest.fixture
def database_url(
    schema_template: str, store_cleaner: Engine | None, tmp_path: Path
) -> Iterator[str]:
    """The URL of an empty store at the newest revision, for this test alone."""
    if store_cleaner is None:
        path = tmp_path / "test.db"
        shutil.copyfile(make_url(schema_template).database or "", path)
        yield f"sqlite:///{path}"
        return
    yield schema_template
    _empty(store_cleaner)


def _empty(cleaner: Engine) -> None:
    """Delete every row of every table (the schema and its revision stay), ids from 1 again.

    DELETE, not TRUNCATE: a test leaves a few rows, which DELETE removes in milliseconds, where
    TRUNCATE rewrites every table's files (a tenth of a second per test).
    """
    with cleaner.begin() as conn:
        conn.execute(text("SET LOCAL lock_timeout = '20s'"))  # a leaked transaction: fail
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())
        conn.execute(
            text(
                "SELECT setval(c.oid, 1, false) FROM pg_class c "
                "WHERE c.relkind = 'S' AND c.relnamespace = current_schema()::regnamespace"
            )
        )


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A fresh store for one test (SQLite file, or PostgreSQL on that leg)."""
    engine = create_db_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def fact_factory(engine: Engine) -> FactFactory:
    """Documents and facts stored in this test's database as ingest stores them."""
    return FactFactory(engine)


from tests.botapi.fixtures import botapi  # noqa: E402  (the Bot API test server fixture)

__all__ = [
    "botapi",
    "database_url",
    "engine",
    "fact_factory",
    "make_store",
    "schema_template",
    "store_cleaner",
]
