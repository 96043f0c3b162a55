"""Ingest with worker processes stores exactly what one process stores, and reports the same."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from bot.cli import app
from briefing.ingest import IngestReport, ingest_paths
from db.engine import create_db_engine

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = [
    *sorted((REPO / "seeds").glob("*.txt")),
    *sorted((REPO / "tests" / "data" / "zh").glob("*.txt")),
]


def stored_rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every fact, document and sentence row as the database holds it (ingest times left out)."""
    path = engine.url.database
    assert path is not None
    with sqlite3.connect(path) as conn:
        documents = conn.execute("SELECT * FROM document ORDER BY id").fetchall()
        columns = [d[1] for d in conn.execute("PRAGMA table_info(document)")]
        at = columns.index("ingested_at")
        found = {
            "fact": conn.execute("SELECT * FROM fact ORDER BY id").fetchall(),
            "sentence": conn.execute("SELECT * FROM sentence ORDER BY id").fetchall(),
            "document": [row[:at] + row[at + 1 :] for row in documents],
        }
    conn.close()
    return found


def ingest(paths: list[Path], engine: Engine, jobs: int) -> tuple[IngestReport, list[str]]:
    done: list[str] = []
    return ingest_paths(paths, engine=engine, jobs=jobs, progress=done.append), done


def test_two_jobs_store_the_same_facts_as_one(tmp_path: Path) -> None:
    # Two SQLite files compared row by row, on either leg: the writer is the same code for
    # every database, and rows of two dialects would differ in their types, not their facts.
    engine = create_db_engine(f"sqlite:///{tmp_path / 'single.db'}")
    other = create_db_engine(f"sqlite:///{tmp_path / 'parallel.db'}")
    try:
        single, single_done = ingest(DOCUMENTS, engine, jobs=1)
        parallel, parallel_done = ingest(DOCUMENTS, other, jobs=2)
        assert parallel == single and parallel.facts_added > 0
        assert parallel.slugs == single.slugs
        assert parallel_done == single_done == [str(p) for p in DOCUMENTS]
        assert stored_rows(other) == stored_rows(engine)
        again, _ = ingest(DOCUMENTS, other, jobs=2)  # idempotent, as with one process
        assert (again.new, again.changed, again.unchanged) == (0, 0, len(DOCUMENTS))
        assert stored_rows(other) == stored_rows(engine)
    finally:
        other.dispose()
        engine.dispose()


def test_a_bad_file_is_reported_the_same_with_workers(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    good = DOCUMENTS[0]
    (folder / good.name).write_bytes(good.read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe" * 40)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    single, _ = ingest([folder], engine, jobs=1)
    other = create_db_engine(f"sqlite:///{tmp_path / 'parallel.db'}")
    try:
        parallel, _ = ingest([folder], other, jobs=2)
    finally:
        other.dispose()
    assert parallel.failures == single.failures and len(single.failures) == 2
    assert parallel == single and single.new == 1


def test_cli_ingest_with_jobs_prints_the_same_summary(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    summaries = []
    for jobs in ("1", "2"):
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / f'jobs{jobs}.db'}")
        result = CliRunner().invoke(app, ["ingest", "--jobs", jobs, *map(str, DOCUMENTS)])
        assert result.exit_code == 0, result.output
        summaries.append(result.stdout)
    assert summaries[0] == summaries[1] and "facts:" in summaries[0]
    bad = CliRunner().invoke(app, ["ingest", "--jobs", "0", str(DOCUMENTS[0])])
    assert bad.exit_code == 2  # at least one job
