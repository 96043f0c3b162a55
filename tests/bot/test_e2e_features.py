"""End to end on the starting corpus: an analyst charts, searches, browses and exports.

The real bot long-polls the Bot API test server; everything is checked from what the server
received: a chart is a PNG that decodes whole, an export a CSV whose rows are those of
`citybrief facts --csv` for the same topic or region.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from bot.cli import app
from briefing.ingest import ingest_paths
from tests.bot.harness import polling_bot
from tests.botapi.server import BotApiServer, read_png
from tests.conftest import SEEDS_DIR

ANALYST = 301
CHINESE_READER = 302


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    assert ingest_paths([SEEDS_DIR], engine=engine).ok
    return engine


def cli_csv(engine: Engine, about: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    monkeypatch.setenv("DATABASE_URL", str(engine.url))
    result = CliRunner().invoke(app, ["facts", "--csv", "--about", about])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


async def test_an_analyst_charts_searches_browses_and_exports(
    botapi: BotApiServer,
    seeded: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    async with polling_bot(botapi, seeded, tmp_path / "test.db"):
        assert {"chart", "latest", "search", "export"} <= {c["command"] for c in botapi.commands}

        botapi.send_text("/chart industry growth in Qingdao", chat_id=ANALYST)
        (chart,) = await botapi.wait_for_messages(ANALYST)
        assert chart.photo is not None
        assert read_png(chart.photo) == (960, 540)  # whole: every chunk's CRC, rows inflate
        assert chart.text.startswith("Year-on-year growth — Qingdao, 2021-H1\n1. Internet")

        botapi.send_text("/export Qingdao", chat_id=ANALYST)
        _, export = await botapi.wait_for_messages(ANALYST, 2)
        assert export.file_name == "citybrief-qingdao.csv" and export.document is not None
        sent_rows = list(csv.DictReader(io.StringIO(export.document.decode("utf-8-sig"))))
        assert sent_rows == cli_csv(seeded, "qingdao", monkeypatch)
        assert len(sent_rows) > 20 and {r["region"] for r in sent_rows} == {"Qingdao"}

        botapi.send_text("/search digital economy", chat_id=ANALYST)
        *_, results = await botapi.wait_for_messages(ANALYST, 3)
        assert results.text.startswith("Search: digital economy (page 1/")
        botapi.press(results, "Next ›")
        await botapi.wait_for(lambda: botapi.sent_to(ANALYST)[2].edits == 1)
        assert "(page 2/" in botapi.sent_to(ANALYST)[2].text

        botapi.send_text("/metrics Qingdao 2", chat_id=ANALYST)
        *_, page = await botapi.wait_for_messages(ANALYST, 4)
        assert page.text.startswith("Metrics about Qingdao (page 2/")
        item, _ = page.buttons()[0]
        botapi.press(page, item)
        *_, opened = await botapi.wait_for_messages(ANALYST, 5)
        subject = item.split(", Qingdao")[0].rstrip("…")
        assert opened.text.lower().startswith(f"{subject}, qingdao".lower()) and opened.buttons()

        botapi.send_text("Which industry grew fastest in Qingdao?", chat_id=ANALYST)
        *_, ranking = await botapi.wait_for_messages(ANALYST, 6)
        botapi.press(ranking, "📈 Chart")
        *_, charted = await botapi.wait_for_messages(ANALYST, 7)
        assert charted.photo is not None and charted.text == chart.text

        botapi.set_user_language(CHINESE_READER, "zh-hans")
        botapi.send_text("/chart industry growth in Qingdao", chat_id=CHINESE_READER)
        (chinese,) = await botapi.wait_for_messages(CHINESE_READER)
        assert chinese.photo is not None
        assert chinese.text.startswith("同比增长 — 青岛 · 2021年上半年")

        query = botapi.inline_query("football world cup", user_id=ANALYST)
        answered = await botapi.wait_for_inline_answer(query)
        assert answered["results"] == [] and answered["button"]["start_parameter"] == "inline"
    failures = [(r.method, r.status, r.description) for r in botapi.requests if r.status >= 400]
    assert failures == []
