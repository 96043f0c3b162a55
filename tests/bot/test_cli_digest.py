"""`citybrief digest --preview CHAT_ID` prints the chat's next digest as plain text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import app
from db.engine import create_db_engine, new_session
from db.models import SentFact
from tests.chats import add_subscriber
from tests.factories import FactFactory, draft

NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


def test_digest_preview_prints_plain_text_and_sends_nothing(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = database_url
    engine = create_db_engine(url)
    FactFactory(engine).document(
        "a", draft("Software revenue <core> & cloud", topics=("software",)), ingested_at=NOW
    )
    add_subscriber(engine, chat_id=77, now=NOW, timezone="Europe/London")
    monkeypatch.setenv("DATABASE_URL", url)
    result = CliRunner().invoke(app, ["digest", "--preview", "77"])
    assert result.exit_code == 0, result.output
    assert "Daily digest" in result.stdout
    assert "Software revenue <core> & cloud" in result.stdout  # unescaped, no tags
    assert "<b>" not in result.stdout
    assert "daily at 08:00 (Europe/London)" in result.stderr
    with new_session(engine) as session:
        assert session.exec(select(SentFact)).all() == []
    engine.dispose()


def test_digest_preview_saves_the_chart_that_would_follow_it(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    engine = create_db_engine(database_url)
    factory = FactFactory(engine)
    for year, value in (("2020", 38.5), ("2021", 45.2)):
        figure = draft("software revenue", region="Qingdao", period=year, value=value, unit="yuan")
        factory.document(f"software-{year}", figure, ingested_at=NOW)
    add_subscriber(engine, chat_id=78, now=NOW)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["digest", "--preview", "78"])
    assert result.exit_code == 0, result.output
    *_, note, saved = result.stdout.strip().splitlines()
    assert note == "📈 Followed by a chart: Qingdao, software revenue"
    path = tmp_path / saved.removeprefix("Chart saved to ")
    assert path.parent == tmp_path / "data" / "charts"
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    engine.dispose()
