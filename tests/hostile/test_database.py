"""Database trouble and bad settings are loud: clear errors by name, nothing lost or faked."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from bot.cli import app
from bot.logs import configure_logging
from briefing.ingest import ingest_text
from core.errors import StoreError
from db import subscriptions
from db.engine import create_db_engine, new_session
from db.storefile import store_problem
from tests.conftest import SEEDS_DIR

NOW = datetime(2025, 1, 1, tzinfo=UTC)
DOC = "Wuhan Networks\n\n2023-02-01 Hubei Daily\n\nWuhan has opened 1,500 5G base stations.\n"


def database_path(engine: Engine) -> Path:
    assert engine.url.database is not None
    return Path(engine.url.database)


@pytest.mark.sqlite_only(reason="a SQLite store file deleted or replaced under the process")
def test_a_deleted_store_refuses_writes_loudly_and_keeps_reading(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    with new_session(engine) as session:
        subscriptions.ensure_chat(
            session=session, chat_id=1, chat_type="private", timezone="UTC", now=NOW
        )
        session.commit()
    path = database_path(engine)
    path.unlink()
    with (
        caplog.at_level(logging.ERROR),
        pytest.raises(StoreError, match="was deleted"),
        new_session(engine) as session,
    ):
        subscriptions.ensure_chat(
            session=session, chat_id=2, chat_type="private", timezone="UTC", now=NOW
        )
        session.commit()
    assert any("was deleted" in r.getMessage() for r in caplog.records)
    with new_session(engine) as session:  # the open connection still reads the old file
        assert subscriptions.get_chat(session=session, chat_id=1) is not None
    assert not path.exists()  # no empty database was made in its place
    assert store_problem(engine) == "was deleted while in use"


@pytest.mark.sqlite_only(reason="a SQLite store file deleted or replaced under the process")
def test_an_ingest_into_a_deleted_store_is_a_failure_not_a_success(engine: Engine) -> None:
    database_path(engine).unlink()
    report = ingest_text(DOC, engine=engine, slug="wuhan")
    assert report.new == 0 and report.failed == 1
    assert "was deleted" in report.failures[0].reason


@pytest.mark.sqlite_only(reason="a SQLite store file deleted or replaced under the process")
def test_a_replaced_store_refuses_writes(engine: Engine, tmp_path: Path) -> None:
    path = database_path(engine)
    other = tmp_path / "other.db"
    create_db_engine(f"sqlite:///{other}").dispose()
    os.replace(other, path)
    report = ingest_text(DOC, engine=engine, slug="wuhan")
    assert report.failed == 1 and "replaced" in report.failures[0].reason


def test_facts_search_matches_wildcards_literally_and_limits_its_length(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(SEEDS_DIR)]).exit_code == 0
    every = runner.invoke(app, ["facts"]).stdout.splitlines()[-1]
    for wildcard in ("%", "_", "%%_%"):
        result = runner.invoke(app, ["facts", "--search", wildcard])
        assert result.exit_code == 0
        assert result.stdout.splitlines()[-1] != every
    assert runner.invoke(app, ["facts", "--search", "_"]).stdout.splitlines()[-1] == "0 facts"
    result = runner.invoke(app, ["facts", "--search", "x" * 60_000])
    assert result.exit_code == 2 and "at most 200 characters" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "url", ["notaurl", "http://[::1", "ftp://example.org/bot", "http://127.0.0.1:99999/bot"]
)
def test_a_malformed_api_url_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:AAE-fake_token_for_tests_only_123456")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", url)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 2
    assert "TELEGRAM_API_BASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_a_read_only_store_answers_and_refuses_writes_by_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, read_only: Callable[[Path], None]
) -> None:
    store = tmp_path / "store.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{store}")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(SEEDS_DIR)]).exit_code == 0
    read_only(store)
    asked = runner.invoke(app, ["ask", "How fast did telecom revenue grow?"])
    assert asked.exit_code == 0 and "%" in asked.stdout
    (tmp_path / "new.txt").write_text(DOC)
    stored = runner.invoke(app, ["ingest", str(tmp_path / "new.txt")])
    assert stored.exit_code == 1
    assert f"{store} is read-only" in stored.stderr and "0 new" in stored.stdout


def test_log_lines_carry_no_terminal_escapes(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("INFO")
        logging.getLogger("briefing.ingest").warning("refused %s", "evil\x1b]0;owned\x07.txt")
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    err = capsys.readouterr().err
    assert "refused evil]0;owned.txt" in err and "\x1b" not in err and "\x07" not in err
