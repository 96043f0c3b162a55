"""`citybrief ask`, `citybrief chat` and the no-token fallback, run through the real CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from bot.cli import app
from bot.console import reply as console_reply
from bot.console import run_chat
from briefing.service import Briefing
from db.engine import create_db_engine
from tests.conftest import SEEDS_DIR
from tests.factories import FactFactory, city_store

JSON_KEYS = ["question", "matched", "confidence", "headline", "answer", "alternatives", "text"]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """A filled store named by DATABASE_URL, run from an empty folder with no token."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    engine = create_db_engine(url)
    city_store(FactFactory(engine))
    return engine


def test_ask_json_reads_one_question_per_line(store: Engine) -> None:
    stdin = "software revenue in Harbourtown\n\nBeijing GDP\n🙂 <b>x</b>\n"
    result = CliRunner().invoke(app, ["ask", "--json", "-"], input=stdin)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in rows] == [
        "software revenue in Harbourtown",
        "Beijing GDP",
        "🙂 <b>x</b>",
    ]
    assert all(list(r) == JSON_KEYS for r in rows)
    assert rows[0]["matched"] and rows[0]["answer"]["value"] == 11.25
    assert rows[0]["headline"].startswith("Harbourtown, software")
    assert rows[0]["text"].startswith(rows[0]["headline"])
    assert not rows[1]["matched"] and rows[1]["answer"] is None
    assert not rows[2]["matched"] and 0 <= rows[2]["confidence"] <= 1


def test_ask_prints_the_plain_answer(store: Engine) -> None:
    result = CliRunner().invoke(app, ["ask", "How fast did telecom revenue grow?"])
    assert result.exit_code == 0
    first, second = result.stdout.splitlines()[:2]
    assert first.startswith("Harbourtown, telecommunications services revenue, 2021-H1: 7.85")
    assert second.startswith("Source: Harbourtown digital review — Harbour Post")


def test_chat_without_a_terminal_answers_lines_until_quit(store: Engine) -> None:
    stdin = "/help\nwhich industry grew fastest\n/metrics\n/sources 9\n/nope\n/quit\nnot read\n"
    result = CliRunner().invoke(app, ["chat"], input=stdin)
    assert result.exit_code == 0
    out = result.stdout
    assert "  /metric [page|topic or region|question]      Metrics: /metric alone lists" in out
    assert "In Telegram chats only: /subscribe, /subscriptions, /unsubscribe, /timezone." in out
    assert "Fastest growth of 4: Harbourtown, Internet and related services revenue" in out
    assert "Metrics — Harbourtown" in out
    assert "There is no page 9 of /sources; pages run 1 to 1." in out
    assert "Unknown command /nope" in out
    assert "not read" not in out


def test_no_token_runs_the_console_chat_after_ingesting_the_seeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("SEEDS_DIR", str(SEEDS_DIR))
    result = CliRunner().invoke(
        app, [], input="How many smart communities will Shandong build by 2025?\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [
        f"citybrief: no TELEGRAM_BOT_TOKEN set, so running the console chat; ingesting "
        f"{SEEDS_DIR} into the empty store first"
    ]
    assert "Shandong, smart communities, by 2025: over 5,000" in result.stdout


def test_reply_handles_commands_pages_and_blank_lines(store: Engine) -> None:
    briefing = Briefing(store)

    def reply(briefing: Briefing, line: str) -> str | None:
        return console_reply(briefing, line, engine=store)

    assert reply(briefing, "   ") == ""
    assert reply(briefing, "/quit") is None
    assert reply(briefing, "/EXIT") is None
    topics = reply(briefing, "/topics@citybrief_bot")
    assert topics is not None and topics.startswith("Topics (page 1/1)")
    assert reply(briefing, "/metric 1") == reply(briefing, "/metrics")  # an alias; a page number
    asked = reply(briefing, "/metric telecom revenue")  # a question, as in Telegram
    assert asked is not None and asked.startswith("Harbourtown, telecommunications services")
    assert reply(briefing, "/start") == reply(briefing, "/help")
    out = io.StringIO()
    run_chat(
        briefing,
        engine=store,
        stdin=io.StringIO("who is the mayor of harbourtown\n"),
        stdout=out,
        history_file=None,
    )
    assert "Ada Quill" in out.getvalue()


def test_chat_on_a_terminal_has_a_prompt_and_keeps_history(store: Engine, tmp_path: Path) -> None:
    """Run `chat` on a real pseudo-terminal: prompt, answer, /quit, history file written."""
    import os
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "dumb", "PYTHONPATH": str(Path(__file__).parents[2])}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat", "--no-seed"],
        stdin=follower,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
        env=env,
    )
    os.close(follower)
    os.write(leader, b"telecom revenue\n/quit\n")
    output = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the process exits
            break
        if not chunk:
            break
        output += chunk
    assert process.wait(timeout=60) == 0
    os.close(leader)
    text = output.decode("utf-8", "replace")
    assert "you › " in text
    assert "Harbourtown, telecommunications services revenue, 2021-H1: 7.85" in text
    history = tmp_path / "data" / "chat_history"
    assert "telecom revenue" in history.read_text(encoding="utf-8")
