"""Every example in the usage lines and help of /chart, /search and the console's listings
works on the starting corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.console import ConsoleChat
from briefing.charts import chart_for_request
from briefing.ingest import ingest_paths
from briefing.present import messages
from briefing.present.i18n import gettext
from briefing.search import search_passages
from briefing.service import Briefing
from core.language import Language
from tests.conftest import SEEDS_DIR


@pytest.fixture
def seeded(engine: Engine) -> Briefing:
    assert ingest_paths([SEEDS_DIR], engine=engine).ok
    return Briefing(engine)


def examples(message: str, command: str) -> list[str]:
    """The arguments of each `<code>/command …</code>` example, in every language."""
    found = []
    for lang in Language:
        found += re.findall(rf"<code>/{command} (.+?)</code>", gettext(message, lang))
    assert found, f"no /{command} example in {message!r}"
    return found


def test_the_chart_example_draws_a_chart(seeded: Briefing) -> None:
    for measure in examples(messages.CHART_USAGE_HTML, "chart"):
        chart = chart_for_request(seeded.index, seeded.answer(measure))
        assert chart is not None and len(chart.points) >= 2, measure


def test_the_search_examples_find_passages(seeded: Briefing, engine: Engine) -> None:
    for words in examples(messages.SEARCH_USAGE_HTML, "search"):
        assert search_passages(engine, words).passages, words


def test_the_consoles_listing_examples_open_what_they_say(
    seeded: Briefing, engine: Engine, tmp_path: Path
) -> None:
    chat = ConsoleChat(seeded, engine, output_dir=tmp_path)
    typed = re.findall(r"(/\w+ \w+)", messages.CONSOLE_PAGES)
    assert typed == ["/topics 2", "/metrics Qingdao"]
    topics, qingdao = (chat.reply(line) or "" for line in typed)
    assert topics.startswith("Topics (page 2/")
    assert qingdao.startswith("Metrics about Qingdao (page 1/")


def test_the_readmes_listing_examples_open_what_they_say(
    seeded: Briefing, engine: Engine, tmp_path: Path
) -> None:
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    typed = sorted(set(re.findall(r"`(/metrics [^`]+)`", readme)))
    assert typed == [
        "/metrics 2",
        "/metrics Qingdao 2",
        "/metrics Shandong",
        "/metrics smart-city",
    ]
    chat = ConsoleChat(seeded, engine, output_dir=tmp_path)
    replies = {line: chat.reply(line) or "" for line in typed}
    assert replies["/metrics 2"].startswith("Metrics — ") and "(page 2/" in replies["/metrics 2"]
    assert replies["/metrics Qingdao 2"].startswith("Metrics about Qingdao (page 2/")
    assert replies["/metrics Shandong"].startswith("Metrics about Shandong (page 1/1)")
    assert replies["/metrics smart-city"].startswith("Metrics about smart-city — Qingdao, ")
