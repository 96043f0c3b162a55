"""Migrations: a store made before them keeps every row; Telegram ids fit; the models match.

`data/round1_schema.sql` is a dump of a SQLite store made by the code before migrations
(commit 415d12a), with rows in every table. PostgreSQL runs when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import BigInteger, DateTime, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlmodel import SQLModel

import db.migrate
from briefing.subscriptions import list_subscriptions
from core.errors import StoreError
from db import outbox
from db import subscriptions as chats
from db.engine import create_db_engine, new_session
from db.facts import all_facts
from db.migrate import (
    LOCK_SUFFIX,
    alembic_config,
    current_revision,
    declared_head,
    head_revision,
    history,
    upgrade,
)
from db.sentences import is_full_text_object
from tests.db.rows import round1_store
from tests.threads import run_at_once

REPO = Path(__file__).resolve().parents[2]
TABLES = ("document", "fact", "chat", "subscription", "delivery", "sentfact")
SUPERGROUP = -1001234567890
USER = 6123456789
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
TELEGRAM_ID_COLUMNS = {
    ("chat", "id"),
    ("subscription", "chat_id"),
    ("delivery", "chat_id"),
    ("delivery", "message_id"),
    ("sentfact", "chat_id"),
}


def table_columns(path: Path) -> dict[str, list[str]]:
    """The columns of every table, as SQLite holds them."""
    with sqlite3.connect(path) as conn:
        found = {
            t: [row[0] for row in conn.execute(f"SELECT name FROM pragma_table_info('{t}')")]
            for t in TABLES
        }
    conn.close()
    return found


def table_rows(
    path: Path, columns: dict[str, list[str]] | None = None
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table as SQLite holds it: all columns, or `columns` (a later
    revision adds columns, and a row keeps what it had)."""
    columns = columns or table_columns(path)
    with sqlite3.connect(path) as conn:
        found = {
            t: conn.execute(f"SELECT {', '.join(columns[t])} FROM {t} ORDER BY 1, 2").fetchall()
            for t in TABLES
        }
    conn.close()
    return found


def stored_forms(path: Path) -> set[object]:
    """The distinct values of the fact table's `forms` column."""
    with sqlite3.connect(path) as conn:
        found = {row[0] for row in conn.execute("SELECT forms FROM fact")}
    conn.close()
    return found


def schema_differences(engine: Engine) -> list[object]:
    """What autogenerate would change to make the database match the models."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_name": lambda name, *_: not is_full_text_object(name),
            },
        )
        return list(compare_metadata(context, SQLModel.metadata))


def store_big_ids(engine: Engine) -> None:
    """A supergroup and a newer user subscribe, get a delivery and a fact cursor."""
    with new_session(engine) as session:
        for chat_id in (SUPERGROUP, USER):
            chats.ensure_chat(
                session=session, chat_id=chat_id, chat_type="group", timezone="UTC", now=NOW
            )
            subscription, _ = chats.add_subscription(
                session=session,
                chat_id=chat_id,
                cadence="daily",
                weekday=None,
                local_time="08:00",
                timezone="UTC",
                topic=None,
                next_run=NOW,
                now=NOW,
            )
            assert subscription.id is not None
            row = outbox.add_delivery(
                session=session,
                subscription_id=subscription.id,
                chat_id=chat_id,
                slot=NOW,
                now=NOW,
            )
            assert row.id is not None
            claim = outbox.Claim(owner="test", lease=timedelta(seconds=30))
            assert outbox.claim_delivery(session=session, delivery_id=row.id, claim=claim, now=NOW)
            assert outbox.finish_delivery(
                session=session,
                delivery_id=row.id,
                owner=claim.owner,
                status=outbox.SENT,
                now=NOW,
                message_id=USER,
            )
            outbox.record_sent_facts(session=session, chat_id=chat_id, fact_ids=[1], now=NOW)
        session.commit()


def assert_big_ids_read_back(engine: Engine) -> None:
    with new_session(engine) as session:
        for chat_id in (SUPERGROUP, USER):
            chat = chats.get_chat(session=session, chat_id=chat_id)
            assert chat is not None and chat.id == chat_id
            (subscription,) = chats.chat_subscriptions(session=session, chat_id=chat_id)
            assert subscription.chat_id == chat_id
            assert outbox.sent_fact_times(session=session, chat_id=chat_id) == {1: NOW}
        assert outbox.delivery_counts(session=session)[outbox.SENT] >= 2
    with engine.connect() as conn:
        message_ids = conn.execute(
            text("SELECT chat_id, message_id FROM delivery WHERE message_id = :m"), {"m": USER}
        ).all()
    assert sorted(message_ids) == [(SUPERGROUP, USER), (USER, USER)]


AFTER_ROUND1 = [revision.id for revision in history()][1:]
"""The revisions a store made before migrations (stamped 0001) is upgraded through."""


def test_the_history_has_the_two_revisions() -> None:
    revisions = [revision.id for revision in history()]
    assert revisions[:2] == ["0001", "0002"]
    assert head_revision() == revisions[-1]


@pytest.mark.sqlite_only(reason="a SQLite store from round 1; the PostgreSQL case is below")
def test_a_store_made_before_migrations_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "round1.db"
    url = round1_store(path)
    columns = table_columns(path)
    before = table_rows(path, columns)
    assert all(before[table] for table in TABLES), "the dump must have rows in every table"
    engine = create_db_engine(url)
    try:
        assert current_revision(engine) == head_revision()
        assert table_rows(path, columns) == before
        assert stored_forms(path) == {None}  # fact.forms (0008): folded at load until re-ingest
        assert schema_differences(engine) == []
        (daily,) = list_subscriptions(engine=engine, chat_id=424242)
        assert (daily.summary, daily.next_run) == (
            "daily at 08:00 (Europe/London)",
            datetime(2024, 5, 4, 7, 0, tzinfo=UTC),
        )
        with new_session(engine) as session:
            stored = all_facts(session=session)
        assert {(fact.source.slug, fact.kind) for fact in stored} == {
            ("suzhou", "count"),
            ("suzhou", "metric"),
            ("suzhou", "target"),
            ("hefei", "ranking"),
        }
    finally:
        engine.dispose()
    assert Path(f"{path}{LOCK_SUFFIX}").exists()  # the upgrade ran under the file lock


@pytest.mark.sqlite_only(reason="a SQLite store from round 1 (PostgreSQL: test_big_ids.py)")
def test_an_upgraded_store_takes_64_bit_telegram_ids(tmp_path: Path) -> None:
    engine = create_db_engine(round1_store(tmp_path / "round1.db"))
    try:
        columns = {
            (table, column["name"]): column["type"]
            for table in TABLES
            for column in inspect(engine).get_columns(table)
        }
        assert all(isinstance(columns[key], BigInteger) for key in TELEGRAM_ID_COLUMNS)
        store_big_ids(engine)
        assert_big_ids_read_back(engine)
    finally:
        engine.dispose()


@pytest.mark.sqlite_only(reason="SQLite batch mode rebuilds tables by copy")
def test_a_failed_upgrade_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "round1.db"
    url = round1_store(path)
    columns = table_columns(path)
    before = table_rows(path, columns)

    def fail_at_the_end(_: object) -> None:  # every table has been rebuilt by now
        raise StoreError("the migration left 1 rows with dangling foreign keys")

    monkeypatch.setattr(db.migrate, "_check_foreign_keys", fail_at_the_end)
    with pytest.raises(StoreError, match="dangling"):
        create_db_engine(url)
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        chat_id_type = conn.execute("SELECT type FROM pragma_table_info('chat')").fetchone()
    conn.close()
    assert "alembic_version" not in tables and not any("_alembic_tmp" in t for t in tables)
    assert chat_id_type == ("INTEGER",)
    assert table_rows(path, columns) == before
    monkeypatch.undo()
    create_db_engine(url).dispose()  # and the next start upgrades it
    assert table_rows(path, columns) == before


def test_the_revision_files_declare_the_head_alembic_finds() -> None:
    assert declared_head() == head_revision()


def test_opening_an_up_to_date_store_does_not_import_alembic(
    engine: Engine, database_url: str
) -> None:
    """Every start opens the store; one at the newest revision reads the revision files only."""
    script = (
        "import sys\n"
        "from db.engine import create_db_engine\n"
        f"create_db_engine({database_url!r}).dispose()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert done.stdout.strip() == "[]"


def test_a_new_store_matches_the_models_and_a_second_upgrade_does_nothing(
    engine: Engine,
) -> None:
    assert current_revision(engine) == head_revision()
    assert schema_differences(engine) == []
    assert upgrade(engine) == []


@pytest.mark.sqlite_only(reason="in-memory stores are SQLite's")
def test_an_in_memory_store_is_migrated_without_a_lock() -> None:
    engine = create_db_engine("sqlite://")
    try:
        assert current_revision(engine) == head_revision()
        with new_session(engine) as session:
            chats.ensure_chat(
                session=session,
                chat_id=SUPERGROUP,
                chat_type="supergroup",
                timezone="UTC",
                now=NOW,
            )
            session.commit()
            assert chats.get_chat(session=session, chat_id=SUPERGROUP) is not None
    finally:
        engine.dispose()


@pytest.mark.sqlite_only(reason="edits a SQLite file's alembic_version")
def test_a_store_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    create_db_engine(url).dispose()
    with sqlite3.connect(tmp_path / "newer.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    with pytest.raises(StoreError, match="revision 9999"):
        create_db_engine(url)


@pytest.mark.sqlite_only(reason="the SQLite migration file lock")
def test_processes_starting_together_migrate_once(tmp_path: Path) -> None:
    url = round1_store(tmp_path / "round1.db")
    engines = [create_db_engine(url, upgrade=False) for _ in range(3)]
    start = threading.Barrier(len(engines))
    applied: list[list[str]] = []

    def start_up(engine: Engine) -> None:
        start.wait()
        applied.append(upgrade(engine))

    run_at_once(start_up, [(engine,) for engine in engines])
    for engine in engines:
        engine.dispose()
    assert sorted(applied) == [[], [], AFTER_ROUND1]


# --- PostgreSQL ---------------------------------------------------------------------------

ROUND1_ROWS = """
INSERT INTO document (slug, path, title, content_hash, text, ingested_at)
    VALUES ('suzhou', 'suzhou.txt', 'Suzhou', 'h', 'Suzhou has built 900 5G base stations.',
            '2024-05-01 06:30:00+00');
INSERT INTO fact (document_id, kind, subject, region, value, quote, start, "end", topics)
    SELECT id, 'count', '5G base stations', 'Suzhou', 900,
           'Suzhou has built 900 5G base stations.', 0, 38, 'telecommunications'
    FROM document;
INSERT INTO chat (id, type, timezone, blocked, created_at)
    VALUES (424242, 'private', 'Europe/London', false, '2024-05-01 06:30:00+00');
INSERT INTO subscription (chat_id, cadence, local_time, timezone, active, next_run, created_at)
    VALUES (424242, 'daily', '08:00', 'Europe/London', true, '2024-05-04 07:00:00+00',
            '2024-05-01 06:30:00+00');
INSERT INTO delivery (subscription_id, chat_id, slot, status, due_at, attempts, message_id,
                      created_at, updated_at)
    SELECT id, 424242, '2024-05-01 07:00:00+00', 'sent', '2024-05-01 07:00:00+00', 1, 77,
           '2024-05-01 07:05:00+00', '2024-05-01 07:05:00+00'
    FROM subscription;
INSERT INTO sentfact (chat_id, fact_id, sent_at)
    SELECT 424242, id, '2024-05-01 07:05:00+00' FROM fact;
"""


def drop_time_zones(conn: Connection) -> list[str]:
    """Make every timestamp column one without time zone, as SQLModel < 0.0.45 declared them.

    Returns:
        The columns changed, as `table.column`.
    """
    inspector = inspect(conn)
    changed: list[str] = []
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            if isinstance(column["type"], DateTime) and column["type"].timezone:
                name = column["name"]
                conn.execute(
                    text(
                        f"ALTER TABLE {table} ALTER COLUMN {name} TYPE timestamp "
                        f"USING {name} AT TIME ZONE 'UTC'"
                    )
                )
                changed.append(f"{table}.{name}")
    return changed


def in_zone(url: str, zone: str) -> str:
    """`url` with connections in time zone `zone` (a literal without offset is read in it)."""
    parsed = make_url(url)
    options = f"{parsed.query.get('options', '')} -ctimezone={zone}".strip()
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


@pytest.mark.parametrize("naive_timestamps", [False, True], ids=["timestamptz", "timestamp"])
def test_a_postgresql_store_made_before_migrations_upgrades_with_its_rows(
    postgres_url: str, naive_timestamps: bool
) -> None:
    # Connections in a zone far from UTC: the conversion must not depend on the session's zone.
    url = in_zone(postgres_url, "America/New_York")
    engine = create_db_engine(url, upgrade=False)
    try:
        with engine.begin() as conn:  # what create_all made: revision 0001, unversioned
            command.upgrade(alembic_config(conn), "0001")
            conn.execute(text("DROP TABLE alembic_version"))
            if naive_timestamps:
                assert "subscription.next_run" in drop_time_zones(conn)
            for statement in ROUND1_ROWS.split(";"):
                if statement.strip():
                    conn.execute(text(statement))
        assert current_revision(engine) is None
        assert upgrade(engine) == AFTER_ROUND1
        assert current_revision(engine) == head_revision()
        assert schema_differences(engine) == []
        with new_session(engine) as session:
            chat = chats.get_chat(session=session, chat_id=424242)
            assert chat is not None
            assert chat.created_at == datetime(2024, 5, 1, 6, 30, tzinfo=UTC)
            (daily,) = chats.chat_subscriptions(session=session, chat_id=424242)
            assert daily.next_run == datetime(2024, 5, 4, 7, 0, tzinfo=UTC)
            assert outbox.delivery_counts(session=session) == {outbox.SENT: 1}
            assert list(outbox.sent_fact_times(session=session, chat_id=424242).values()) == [
                datetime(2024, 5, 1, 7, 5, tzinfo=UTC)
            ]
        store_big_ids(engine)
        assert_big_ids_read_back(engine)
    finally:
        engine.dispose()


def test_a_new_postgresql_store_is_created_at_the_newest_revision(postgres_url: str) -> None:
    engine = create_db_engine(postgres_url)
    try:
        assert current_revision(engine) == head_revision()
        assert schema_differences(engine) == []
        assert upgrade(engine) == []
    finally:
        engine.dispose()
