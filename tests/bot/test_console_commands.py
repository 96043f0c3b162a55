"""The console carries out the bot's commands: choices by number, files for charts and
exports, Telegram-only commands named as such, and replies wrapped at word boundaries."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from bot.cli import app
from bot.console import ConsoleChat, display_width, wrap
from briefing.ingest import ingest_text
from briefing.service import Briefing
from tests.factories import FactFactory, city_store, revenue_history


@pytest.fixture
def chat(engine: Engine, fact_factory: FactFactory, tmp_path: Path) -> ConsoleChat:
    city_store(fact_factory)
    revenue_history(fact_factory)
    return ConsoleChat(Briefing(engine), engine, output_dir=tmp_path / "out")


def test_a_number_picks_a_did_you_mean_choice(chat: ConsoleChat) -> None:
    choices = chat.reply("revenue Harbourtown")
    assert choices is not None and "Did you mean:" in choices
    assert choices.endswith("Type a number to pick one.")
    listed = [line.strip() for line in choices.splitlines() if line.strip()[:2] in ("1.", "2.")]
    picked = chat.reply("2")
    assert picked is not None and picked.startswith(listed[1][3:].split(":")[0])
    assert chat.choices == ()  # answered: a number is a question again, not a choice
    assert not (chat.reply("7") or "").startswith("There is no choice")


def test_a_number_past_the_choices_says_which_there_are(chat: ConsoleChat) -> None:
    chat.reply("revenue Harbourtown")
    assert chat.reply("9") == f"There is no choice 9; pick 1 to {len(chat.choices)}."


def test_telegram_only_commands_say_where_they_work(chat: ConsoleChat) -> None:
    assert chat.reply("/subscribe daily") == (
        "/subscribe works in Telegram chats: Daily or weekly digest: /subscribe daily 08:00."
    )
    assert chat.reply("/ask telecom revenue") == chat.reply("telecom revenue")


def test_listings_take_a_topic_or_region_and_a_page(chat: ConsoleChat) -> None:
    lakeland = chat.reply("/metrics lakeland")
    assert lakeland is not None and lakeland.startswith("Metrics about Lakeland (page 1/1)")
    assert "Harbourtown" not in lakeland


def test_chart_writes_a_png_and_export_a_csv(chat: ConsoleChat, tmp_path: Path) -> None:
    charted = chat.reply("/chart Harbourtown software revenue")
    assert charted is not None and charted.startswith("Harbourtown, software revenue\n1. 2019")
    path = Path(charted.rsplit("Chart saved to ", 1)[1])
    assert path.parent == tmp_path / "out" / "charts"
    assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")

    exported = chat.reply("/export lakeland")
    assert exported is not None and exported.startswith("3 facts written to ")
    written = Path(exported.rsplit(" to ", 1)[1])
    assert written.name == "citybrief-lakeland.csv"
    rows = list(csv.DictReader(io.StringIO(written.read_text(encoding="utf-8"))))
    assert {r["region"] for r in rows} == {"Lakeland"} and len(rows) == 3


def test_search_alone_shows_the_next_page(chat: ConsoleChat, engine: Engine) -> None:
    halls = "\n\n".join(f"District {n} opened {n + 1} service halls." for n in range(1, 9))
    assert ingest_text(f"Halls\n\n{halls}\n", engine=engine, slug="halls").ok
    first = chat.reply("/search service halls")
    assert first is not None and "(page 1/2)" in first and first.endswith("More: /search")
    second = chat.reply("/search")
    assert second is not None and "(page 2/2)" in second and "District 8" in second


def test_language_switches_the_consoles_replies(chat: ConsoleChat) -> None:
    assert chat.reply("/language zh") == "本聊天今后用中文回复。"
    answer = chat.reply("telecom revenue")
    assert answer is not None and "来源" in answer
    assert chat.reply("/language fr") == "我可以用英文（en）或中文（zh）回复，不支持 fr。"


def test_long_lines_wrap_at_word_boundaries_keeping_their_indent() -> None:
    text = "  • " + "digital economy " * 8 + "\nshort line"
    wrapped = wrap(text, 40).splitlines()
    assert all(len(line) <= 40 for line in wrapped)
    assert wrapped[0].startswith("  • digital") and wrapped[1].startswith("    digital")
    assert wrapped[-1] == "short line"
    assert " ".join(w.strip(" •") for w in wrapped[:-1]).split() == ["digital", "economy"] * 8
    assert wrap("x" * 50, 40) == "x" * 50  # a word longer than the line is not broken


def test_the_cli_export_and_facts_csv_share_one_writer(
    engine: Engine, fact_factory: FactFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    city_store(fact_factory)
    monkeypatch.setenv("DATABASE_URL", str(engine.url))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["facts", "--csv", "--about", "smart city"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["subject"] for r in rows] == ["smart communities unveiled", "smart communities"]
    unknown = CliRunner().invoke(app, ["facts", "--csv", "--about", "football"])
    assert unknown.exit_code == 2 and "no topic or region called 'football'" in unknown.output


def test_digest_previews_the_consoles_next_digest_and_saves_its_chart(
    chat: ConsoleChat, tmp_path: Path
) -> None:
    preview = chat.reply("/digest")
    assert preview is not None and preview.startswith("Daily digest")
    assert "Harbourtown" in preview
    *_, note, saved = preview.splitlines()
    assert note == "📈 Followed by a chart: Harbourtown, software revenue"
    path = Path(saved.removeprefix("Chart saved to "))
    assert path.parent == tmp_path / "out" / "charts" and path.read_bytes()[:4] == b"\x89PNG"


def test_chinese_wraps_between_characters_counting_two_columns_each() -> None:
    line = "  • 青岛 · 软件和信息技术服务业营业收入 · 2021年上半年：112.5亿元，同比增长22.6%"
    wrapped = wrap(line, 30).splitlines()
    assert len(wrapped) > 1 and all(display_width(part) <= 30 for part in wrapped)
    assert "".join(part.strip(" •") for part in wrapped).replace(" ", "") == line.strip(
        " •"
    ).replace(" ", "")
    assert not any(part.lstrip().startswith(("，", "。", "：")) for part in wrapped)
