"""`citybrief db`: see a store's schema revision, upgrade it, list the revisions."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from db.migrate import head_revision, history
from tests.db.rows import round1_store

runner = CliRunner()


def citybrief(monkeypatch: pytest.MonkeyPatch, database: Path, *args: str) -> str:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    result = runner.invoke(app, ["db", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_db_upgrade_brings_a_store_from_before_migrations_to_the_newest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    database = tmp_path / "round1.db"
    round1_store(database)
    assert citybrief(monkeypatch, database, "current").startswith("none")
    head = head_revision()
    after_round1 = ", ".join(revision.id for revision in history()[1:])
    assert citybrief(monkeypatch, database, "upgrade") == (
        f"upgraded to revision {head} (applied {after_round1})\n"
    )
    assert (
        citybrief(monkeypatch, database, "upgrade") == f"already at revision {head}, the newest\n"
    )
    assert citybrief(monkeypatch, database, "current") == f"{head} (the newest)\n"


def test_db_history_lists_the_revisions_oldest_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    lines = citybrief(monkeypatch, tmp_path / "x.db", "history").splitlines()
    assert [line.split()[0] for line in lines] == ["0001", "0002"]
