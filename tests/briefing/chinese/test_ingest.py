"""Ingesting Chinese releases and non-UTF-8 files on a real SQLite store, and the CLI summary."""

from __future__ import annotations

import codecs
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from bot.cli import app
from briefing.ingest import DocumentEncoding, IngestReport, ingest_paths, prepare_document
from briefing.metadata import DocumentMetadata
from briefing.present.headlines import answer_headline
from briefing.service import Briefing
from core.language import Language
from db import facts
from db.engine import new_session
from tests.briefing.chinese.releases import ENGLISH, WUHAN
from tests.conftest import REPO_ROOT

ZH_DATA = REPO_ROOT / "tests" / "data" / "zh"
GBK_BRIEFING = ZH_DATA / "gbk_briefing.txt"

runner = CliRunner()


def test_a_gbk_release_is_ingested_and_the_summary_names_its_encoding(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(GBK_BRIEFING, docs / GBK_BRIEFING.name)
    (docs / "wuhan.txt").write_text(ENGLISH, encoding="utf-8")
    with pytest.raises(UnicodeDecodeError):
        GBK_BRIEFING.read_bytes().decode("utf-8")
    result = runner.invoke(app, ["ingest", str(docs)])
    assert result.exit_code == 0, result.stderr
    assert "2 new" in result.stdout and "0 failed" in result.stdout
    assert f"{docs / GBK_BRIEFING.name} (gb18030)" in result.stdout
    assert "wuhan.txt" not in result.stdout  # plain UTF-8 goes unmentioned
    result = runner.invoke(app, ["facts", "--json", "--region", "Guangdong"])
    figures = {record["value_text"] for record in json.loads(result.stdout)}
    assert {"6.41万亿元", "49.7%", "22.5万个"} <= figures


@pytest.fixture
def guangdong(engine: Engine) -> Briefing:
    report = ingest_paths([GBK_BRIEFING], engine=engine)
    assert report.encodings == (DocumentEncoding(str(GBK_BRIEFING), "gb18030"),)
    return Briefing(engine)


def test_the_gbk_release_answers_its_chinese_questions(guangdong: Briefing) -> None:
    expected = json.loads((ZH_DATA / "gbk_briefing.expected.json").read_text(encoding="utf-8"))
    for item in expected["questions"]:
        answer = guangdong.answer(item["q"])
        headline = answer_headline(answer, lang=Language.ZH) or ""  # as a Chinese reader sees it
        for figure in item["expect"]:
            assert any(form in headline for form in figure.split("|")), (item["q"], headline)


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("What is Guangdong's digital economy scale?", "6.41万亿元"),
        ("How many 5G base stations has Guangdong built?", "22.5万个"),
        ("How many 5G base stations will Guangdong have by 2025?", "25万个"),
        ("Guangdong digital economy share of GDP", "49.7%"),
    ],
)
def test_the_gbk_release_answers_english_questions(
    guangdong: Briefing, question: str, figure: str
) -> None:
    answer = guangdong.answer(question)
    assert answer.matched and answer.fact is not None
    assert answer.fact.value_text == figure


def test_an_english_briefing_in_utf16_with_a_byte_order_mark_is_ingested(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "wuhan.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le"))
    report = ingest_paths([path], engine=engine)
    assert (report.new, report.failed) == (1, 0)
    assert report.encodings == (DocumentEncoding(str(path), "utf-16-le"),)
    assert f"{path} (utf-16-le)" in report.summary()
    with new_session(engine) as session:
        stored = facts.facts(session=session, document_slug="wuhan")
    assert {f.value_text for f in stored} == {"1,500 5G base stations", "4.5 billion yuan"}


def test_a_chinese_release_goes_through_the_chinese_reader() -> None:
    prepared = prepare_document(WUHAN, slug="wh", path="wh.txt")
    assert prepared.language == "zh"
    metadata = prepared.metadata
    assert (metadata.title, metadata.outlet) == ("武汉软件业务收入突破2000亿元", "长江日报")
    assert metadata.published == date(2023, 3, 2)
    assert prepared.text.startswith("武汉软件业务收入突破2000亿元\n\n3月1日")
    assert "责任编辑" not in prepared.text and "打印" not in prepared.text
    assert all(prepared.text[f.start : f.end] == f.quote for f in prepared.facts)
    by_figure = {f.value_text: f for f in prepared.facts}
    revenue = by_figure["2180.5亿元"]
    assert (revenue.region, revenue.period, revenue.change) == ("Wuhan", "2022", 12.4)
    assert by_figure["3000亿元"].period == "by 2025"
    assert by_figure["3.6万个"].value == 3.6


def test_an_english_briefing_naming_a_chinese_place_stays_english() -> None:
    text = ENGLISH.replace("Wuhan has", "Wuhan (武汉) has")
    prepared = prepare_document(text, slug="wh", path="wh.txt")
    assert prepared.language == "en"
    assert "4.5 billion yuan" in {f.value_text for f in prepared.facts}


def test_a_metadata_file_beats_the_chinese_header_and_flags_beat_both(
    engine: Engine, tmp_path: Path
) -> None:
    (tmp_path / "wh.txt").write_text(WUHAN, encoding="utf-8")
    (tmp_path / "metadata.json").write_text(
        json.dumps({"wh.txt": {"outlet": "武汉发布", "url": "https://example.org/wh"}}),
        encoding="utf-8",
    )
    ingest_paths([tmp_path], engine=engine)
    ingest_paths(
        [tmp_path / "wh.txt"], engine=engine, overrides=DocumentMetadata(title="软件业快报")
    )
    with new_session(engine) as session:
        source = facts.facts(session=session, document_slug="wh")[0].source
    assert (source.title, source.outlet, source.url) == (
        "软件业快报",
        "武汉发布",
        "https://example.org/wh",
    )
    assert source.published == date(2023, 3, 2)  # only the header says when


def test_the_summary_names_only_documents_not_in_plain_utf8() -> None:
    plain = IngestReport(new=1, facts_added=2)
    assert "encodings" not in plain.summary()
    read = IngestReport(
        new=2,
        facts_added=4,
        encodings=(DocumentEncoding("a.txt", "gb18030"), DocumentEncoding("b.txt", "utf-16-le")),
    )
    assert read.summary().endswith("; encodings: a.txt (gb18030), b.txt (utf-16-le)")


def test_a_short_line_of_prose_is_no_furniture() -> None:
    text = WUHAN.replace("责任编辑：李华", "记者从会上获悉。\n\n责任编辑：李华")
    prepared = prepare_document(text, slug="wh", path="wh.txt")
    assert "记者从会上获悉。" in prepared.text
    assert "李华" not in prepared.text
