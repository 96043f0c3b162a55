"""Hostile documents and folders: each is refused or bounded by name, the others are stored."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner, Result

from bot.cli import app
from briefing.ingest import ingest_paths, ingest_text, prepare_document
from briefing.limits import MAX_FACTS_PER_DOCUMENT
from briefing.text import MAX_SENTENCE_CHARS
from core.facts import Fact
from db import facts
from db.engine import new_session
from tests.conftest import REPO_ROOT

T = TypeVar("T")

GOOD = """Wuhan Builds Out Its Networks

2023-02-01 Hubei Daily

Wuhan has opened 1,500 5G base stations. Its software revenue rose 10% to 4.5 billion yuan.
"""


def cli_ingest(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, text: str) -> Result:
    """`citybrief ingest` of a folder holding only `name` with `text`, into a new store file in
    `tmp_path` (which later `citybrief` calls in the test use too)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(app, ["ingest", str(folder)])


def stored(engine: Engine, slug: str | None = None) -> list[Fact]:
    with new_session(engine) as session:
        return facts.facts(session=session, document_slug=slug)


def one_sentence(figures: int) -> str:
    items = ", ".join(f"{i + 1} enterprises in district {i}" for i in range(figures))
    return f"Shenzhen Counts Everything\n\n2023-05-01 Daily\n\nIn 2023 Shenzhen had {items}.\n"


def test_a_one_sentence_document_is_cut_into_clauses_and_its_figures_kept(
    engine: Engine,
) -> None:
    text = one_sentence(1_500)
    prepared = prepare_document(text, slug="flood", path="flood.txt")
    assert max(len(s.text) for s in prepared.sentences) <= MAX_SENTENCE_CHARS
    report = ingest_text(text, engine=engine, slug="flood")
    assert report.ok and report.new == 1
    assert f"over {MAX_SENTENCE_CHARS:,} characters cut into clauses" in report.summary()
    kept = stored(engine, "flood")
    assert len(kept) > 1_000  # the figures of every piece, not just the first
    assert {fact.value for fact in kept} >= {1.0, 750.0, 1_500.0}


def test_a_document_with_too_many_facts_keeps_the_first_ones_and_says_so(
    engine: Engine,
) -> None:
    sentences = " ".join(
        f"District {i} had {i + 10} data centres." for i in range(MAX_FACTS_PER_DOCUMENT + 300)
    )
    report = ingest_text(
        f"Data Centres\n\n2023-05-01 Daily\n\n{sentences}\n", engine=engine, slug="many"
    )
    assert report.ok
    assert f"only the first {MAX_FACTS_PER_DOCUMENT:,} kept" in report.summary()
    assert report.facts_added == MAX_FACTS_PER_DOCUMENT
    assert len(stored(engine, "many")) == MAX_FACTS_PER_DOCUMENT


def test_a_number_beyond_any_sane_range_is_refused_alone(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    huge = "9" * 400
    text = (
        "Shenzhen Output\n\n2023-05-01 Daily\n\n"
        f"Shenzhen's software revenue reached {huge} billion yuan in 2023. "
        "Shenzhen opened 1,500 5G base stations in 2023.\n"
    )
    result = cli_ingest(monkeypatch, tmp_path, "huge.txt", text)
    assert result.exit_code == 0 and "out of range refused" in result.stdout
    result = CliRunner().invoke(app, ["facts", "--json"])
    records = json.loads(result.stdout)  # strict JSON: no Infinity
    values = [r["value"] for r in records if r["value"] is not None]
    assert values and all(math.isfinite(v) for v in values)
    assert any("base stations" in r["subject"] for r in records)  # the sane fact is kept


def test_control_characters_never_reach_the_store_or_the_terminal(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = (
        "Wuhan\x1b]0;owned\x07 Networks\n\n2023-02-01 Hubei\x1b[2J Daily\n\n"
        "Wuhan has opened 1,500 5G\x1b[31m base stations.\x07\n"
    )
    assert cli_ingest(monkeypatch, tmp_path, "esc.txt", text).exit_code == 0
    result = CliRunner().invoke(app, ["facts"])
    assert "base stations" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_utf16_with_a_byte_order_mark_is_read(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "wide.txt").write_bytes(GOOD.encode("utf-16"))
    report = ingest_paths([tmp_path / "wide.txt"], engine=engine)
    assert report.ok and report.new == 1
    assert any(f.value == 1500 for f in stored(engine, "wide"))
    assert "utf-16" in report.summary()


def test_a_year_one_date_makes_no_period_like_1_h1(engine: Engine, tmp_path: Path) -> None:
    tmp_path = tmp_path / "docs"  # the store lives in the test's own folder
    tmp_path.mkdir()
    (tmp_path / "header.txt").write_text(
        "Wuhan Networks\n\n0001-01-01 Hubei Daily\n\n"
        "In the first half, Wuhan's software revenue rose 10% to 4.5 billion yuan.\n",
        encoding="utf-8",
    )
    (tmp_path / "meta.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "metadata.json").write_text(json.dumps({"meta.txt": {"published": "0001-06-01"}}))
    report = ingest_paths([tmp_path], engine=engine)
    assert [f.name for f in report.failures] == [str(tmp_path / "meta.txt")]
    assert "published year 1" in report.failures[0].reason
    periods = [f.period for f in stored(engine)]
    assert periods and not any(p and p.startswith("1-") for p in periods)


def test_a_bad_metadata_entry_fails_only_its_own_file(engine: Engine, tmp_path: Path) -> None:
    tmp_path = tmp_path / "docs"  # the store lives in the test's own folder
    tmp_path.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(GOOD.replace("Wuhan", name[0].upper() + "uhan"))
    entries = {"a.txt": {"title": 5}, "b.txt": "not an object", "c.txt": {"outlet": "Wire"}}
    (tmp_path / "metadata.json").write_text(json.dumps(entries))
    report = ingest_paths([tmp_path], engine=engine)
    assert sorted(Path(f.name).name for f in report.failures) == ["a.txt", "b.txt"]
    assert "title must be a string" in report.failures[0].reason
    assert report.new == 1
    assert {f.source.outlet for f in stored(engine, "c")} == {"Wire"}


def test_symlinks_out_of_the_folder_fifos_and_devices_are_refused_by_name(
    engine: Engine, tmp_path: Path
) -> None:
    outside = tmp_path / "secret"
    outside.write_text("root:$6$hash:19000:0:99999:7:::\n")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "shadow.txt").symlink_to(outside)
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "inside.txt").symlink_to(folder / "good.txt")  # stays in the folder: fine
    os.mkfifo(folder / "pipe.txt")
    report = _within(lambda: ingest_paths([folder], engine=engine))
    reasons = {Path(f.name).name: f.reason for f in report.failures}
    assert set(reasons) == {"shadow.txt", "zero.txt", "pipe.txt"}
    assert "outside the folder" in reasons["shadow.txt"]
    assert "FIFO" in reasons["pipe.txt"]
    assert report.new == 2  # good.txt and the link to it
    with new_session(engine) as session:
        quotes = " ".join(f.quote for f in facts.facts(session=session))
    assert "root:" not in quotes


def test_a_fifo_or_device_named_directly_is_refused_not_read(
    engine: Engine, tmp_path: Path
) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    report = _within(lambda: ingest_paths([tmp_path / "pipe.txt", "/dev/zero"], engine=engine))
    reasons = [f.reason for f in report.failures]
    assert reasons == ["not a regular file: a FIFO", "not a regular file: a character device"]


def test_two_ingests_on_a_new_database_both_succeed(tmp_path: Path) -> None:
    """Both create the schema at once (the migration lock): neither fails on it."""
    database = tmp_path / "new" / "store.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    seeds = sorted((REPO_ROOT / "seeds").glob("*.txt"))
    halves = [[str(p) for p in seeds[::2]], [str(p) for p in seeds[1::2]]]
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "ingest", *half],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for half in halves
    ]
    results = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err.decode()[-2000:]
        assert b"0 failed" in out


def _within(action: Callable[[], T], seconds: float = 60.0) -> T:
    """Run `action` in a thread; a hang (a FIFO read) fails the test instead of the suite."""
    result: list[T] = []
    thread = threading.Thread(target=lambda: result.append(action()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert result, "ingest hung"
    return result[0]


def test_a_metadata_file_nested_too_deeply_is_named_not_a_crash(
    engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    (folder / "metadata.json").write_text("[" * 100_000 + "]" * 100_000)
    report = ingest_paths([folder], engine=engine)
    assert [f.reason for f in report.failures] == [
        f"{folder / 'metadata.json'}: nested too deeply"
    ]
