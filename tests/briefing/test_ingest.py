"""Ingest on a real SQLite store: idempotent, replacing, adding, skipping bad files, atomic."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

import briefing.ingest as ingest_module
import db.documents
from bot.cli import app
from briefing.extract import extract_facts
from briefing.ingest import ingest_paths, ingest_text
from briefing.metadata import DocumentMetadata
from core.facts import Fact
from db import facts
from db.engine import new_session
from tests.conftest import REPO_ROOT, SEEDS_DIR
from tests.db.rows import document_row

DOC = """Wuhan Builds Out Its Networks

2023-02-01 Hubei Daily

Wuhan has opened 1,500 5G base stations. Its software revenue rose 10% to 4.5 billion yuan.
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def stored(engine: Engine, slug: str | None = None) -> list[Fact]:
    with new_session(engine) as session:
        return facts.facts(session=session, document_slug=slug)


def fact_ids(engine: Engine, slug: str) -> list[int]:
    return [f.stored_id for f in stored(engine, slug)]


def test_second_run_changes_nothing(engine: Engine) -> None:
    first = ingest_paths([SEEDS_DIR], engine=engine)
    before = {slug: fact_ids(engine, slug) for slug in first.slugs}
    second = ingest_paths([SEEDS_DIR], engine=engine)
    assert (first.new, first.facts_added > 0) == (5, True)
    assert (second.new, second.changed, second.unchanged) == (0, 0, 5)
    assert (second.facts_added, second.facts_removed) == (0, 0)
    assert {slug: fact_ids(engine, slug) for slug in second.slugs} == before


def test_changed_document_replaces_only_its_changed_facts(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, "wuhan.txt", DOC)
    write(tmp_path, "other.txt", DOC.replace("Wuhan", "Hefei"))
    ingest_paths([tmp_path], engine=engine)
    kept_id = [i for i in fact_ids(engine, "wuhan")][0]
    path.write_text(DOC.replace("4.5 billion", "4.8 billion"), encoding="utf-8")
    report = ingest_paths([tmp_path], engine=engine)
    assert (report.changed, report.unchanged, report.new) == (1, 1, 0)
    assert (report.facts_added, report.facts_removed) == (1, 1)
    assert sorted(f.value_text or "" for f in stored(engine, "wuhan")) == [
        "1,500 5G base stations",
        "4.8 billion yuan",
    ]
    assert kept_id in fact_ids(engine, "wuhan")  # the unchanged fact keeps its id
    assert len(fact_ids(engine, "other")) == 2


def test_new_document_adds_its_own_facts(engine: Engine, tmp_path: Path) -> None:
    write(tmp_path, "wuhan.txt", DOC)
    ingest_paths([tmp_path], engine=engine)
    write(tmp_path, "hefei.txt", DOC.replace("Wuhan", "Hefei"))
    report = ingest_paths([tmp_path], engine=engine)
    assert (report.new, report.unchanged, report.facts_added) == (1, 1, 2)
    assert {f.region for f in stored(engine, "hefei")} == {"Hefei"}


def test_bad_files_are_reported_by_name_and_skipped(engine: Engine, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs, "good.txt", DOC)
    write(docs, "empty.txt", "  \n\n")
    write(docs, "latin1.txt", "Caf\xe9 revenue was 5 billion yuan.".encode("latin-1"))
    write(docs, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    missing = docs / "missing.txt"
    report = ingest_paths([docs, missing], engine=engine)
    assert report.new == 1
    reasons = {Path(f.name).name: f.reason for f in report.failures}
    assert set(reasons) == {"empty.txt", "latin1.txt", "image.txt", "missing.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "binary" in reasons["image.txt"]
    assert not report.ok and "4 failed" in report.summary()


def test_failure_mid_document_leaves_its_previous_facts(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "wuhan.txt", DOC)
    ingest_paths([path], engine=engine)
    before = fact_ids(engine, "wuhan")
    path.write_text(DOC.replace("1,500", "2,000").replace("4.5", "5.5"), encoding="utf-8")

    def failing_insert(*_: object) -> None:  # the old facts are deleted by now
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(db.documents, "_insert_facts", failing_insert)
    report = ingest_paths([path], engine=engine)
    assert report.failed == 1 and "database error" in report.failures[0].reason
    assert fact_ids(engine, "wuhan") == before
    assert "1,500" in document_row(engine, "wuhan").text
    values = sorted(f.value_text or "" for f in stored(engine))
    assert values == ["1,500 5G base stations", "4.5 billion yuan"]


def test_metadata_file_beats_header_and_overrides_beat_both(
    engine: Engine, tmp_path: Path
) -> None:
    write(tmp_path, "wuhan.txt", DOC)
    write(tmp_path, "hefei.txt", DOC.replace("Wuhan", "Hefei"))
    meta = {
        "hefei.txt": {
            "title": "Hefei networks",
            "outlet": "Anhui News",
            "published": "2023-03-05",
            "url": "https://example.org/hefei",
        }
    }  # noqa: E501
    write(tmp_path, "metadata.json", json.dumps(meta))
    ingest_paths([tmp_path], engine=engine)
    ingest_paths(
        [tmp_path / "wuhan.txt"],
        engine=engine,
        overrides=DocumentMetadata(outlet="Changjiang Daily"),
    )
    wuhan, hefei = document_row(engine, "wuhan"), document_row(engine, "hefei")
    assert (wuhan.title, wuhan.outlet, wuhan.published) == (
        "Wuhan Builds Out Its Networks",
        "Changjiang Daily",
        date(2023, 2, 1),
    )
    assert (hefei.title, hefei.outlet, hefei.published, hefei.url) == (
        "Hefei networks",
        "Anhui News",
        date(2023, 3, 5),
        "https://example.org/hefei",
    )


def test_year_is_inferred_when_the_date_line_has_none(engine: Engine) -> None:
    text = "Jinan in numbers\n\n03-15 example.com\n\nIn 2022, Jinan opened 40 data centers.\n"
    ingest_text(text, engine=engine, slug="jinan")
    doc = document_row(engine, "jinan")
    assert (doc.published, doc.outlet) == (date(2022, 3, 15), "example.com")


def test_ingest_text_rejects_empty_text(engine: Engine) -> None:
    report = ingest_text("   ", engine=engine, slug="blank")
    assert report.failed == 1 and report.failures[0].name == "blank"


runner = CliRunner()


def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_ingest_then_facts_json_is_one_array(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    code, out, _ = cli(monkeypatch, tmp_path, "ingest")
    assert code == 0 and "5 new" in out
    code, out, _ = cli(monkeypatch, tmp_path, "ingest", str(seeds))
    assert code == 0 and "5 unchanged" in out and "0 added" in out
    code, out, _ = cli(monkeypatch, tmp_path, "facts", "--json", "--kind", "target")
    records = json.loads(out)
    assert isinstance(records, list) and {r["kind"] for r in records} == {"target"}
    first = records[0]
    for key in ("id", "subject", "region", "period", "value", "unit", "change", "quote"):
        assert key in first
    assert first["title"] and first["published"]
    code, out, _ = cli(monkeypatch, tmp_path, "facts", "--csv", "--region", "shandong")
    lines = out.strip().splitlines()
    assert lines[0].startswith("id,kind,subject,region,period,value")
    assert len(lines) == 1 + 5  # its figures, the person it cites, one taking its region


def test_cli_ingest_exits_non_zero_when_a_file_is_bad(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs, "good.txt", DOC)
    write(docs, "bad.txt", b"\xff\xfe\x00binary")
    code, out, err = cli(monkeypatch, tmp_path, "ingest", str(docs))
    assert code == 1
    assert "bad.txt" in err and "1 new" in out and "1 failed" in out


def test_cli_overrides_need_exactly_one_document(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, _, err = cli(monkeypatch, tmp_path, "ingest", str(SEEDS_DIR), "--outlet", "X")
    assert code == 2 and "one document" in err
    code, out, _ = cli(
        monkeypatch, tmp_path, "ingest", str(SEEDS_DIR / "001_55b932d46d46f4ab.txt"),
        "--title", "Two meetings", "--date", "2021-05-23",
    )  # fmt: skip
    assert code == 0
    code, out, _ = cli(monkeypatch, tmp_path, "facts", "--json")
    assert {(r["title"], r["published"]) for r in json.loads(out)} == {
        ("Two meetings", "2021-05-23")
    }


def test_cli_bad_database_url_is_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": "nosuchdb://user@host/db"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "facts", "--json"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DATABASE_URL" in lines[0] and "Traceback" not in result.stderr


def test_an_extraction_error_skips_only_that_document(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs, "a.txt", DOC)
    write(docs, "b.txt", DOC.replace("Wuhan", "Hefei"))
    real = extract_facts

    def broken_for_hefei(sentences, *, context):
        if context.main_region == "Hefei":
            raise ValueError("extractor bug")
        return real(sentences, context=context)

    monkeypatch.setattr(ingest_module, "extract_facts", broken_for_hefei)
    report = ingest_paths([docs], engine=engine)
    assert report.new == 1 and report.failed == 1
    assert (
        report.failures[0].name.endswith("b.txt") and "extractor bug" in report.failures[0].reason
    )
