"""Ingest benchmark: 2,000 generated briefing documents of about 5 KB into a fresh SQLite file.

Two document sets: "seed-like" (figures at about the seeds' density, ~2 facts per KB, the rest
prose) and "dense" (figures in every paragraph, ~7 facts per KB). For each it prints
documents/s (wall clock and per CPU second) and facts/s at 500/1,000/2,000 documents with the
peak RSS; for the seed-like set also the tracemalloc peak per chunk (memory must stay flat) and
the ratio against a naive baseline in the same run: the same extraction, but every fact
inserted through the ORM with its own commit. Then, for each set, documents/s with one
process and with N worker processes (`ingest --jobs N`, N = this machine's cores) in the same
run, each into a fresh SQLite file, and whether the two stores hold identical facts (every
column of every fact row compared). Run: `.venv/bin/python -m bench.ingest [--jobs-only]`.
"""

from __future__ import annotations

import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from briefing.chinese.decode import decode_document
from briefing.ingest import ingest_paths, prepare_document
from briefing.parallel import default_jobs
from briefing.text import read_document_bytes
from db.engine import create_db_engine, new_session
from db.mapping import fact_values
from db.models import Document, FactRow

DOCUMENTS = 2_000
CHECKPOINTS = (500, 1_000, 2_000)
BASELINE_DOCUMENTS = 100
TARGET_BYTES = 5_000
# Share of paragraphs carrying figures. 40% gives about the seeds' density (33 facts in 16 KB,
# ~2 per KB); "dense" (every paragraph) is a stress case with ~7 facts per KB.
DENSITIES = (("seed-like", 0.4), ("dense", 1.0))

CITIES = [
    "Shenzhen", "Hangzhou", "Chengdu", "Wuhan", "Nanjing", "Suzhou", "Qingdao", "Jinan", "Xiamen",
    "Hefei", "Changsha", "Zhengzhou", "Ningbo", "Dalian", "Fuzhou", "Kunming", "Guiyang", "Xi'an",
]  # fmt: skip
PROVINCES = ["Guangdong", "Zhejiang", "Sichuan", "Hubei", "Jiangsu", "Shandong", "Fujian", "Anhui"]
INDUSTRIES = [
    "software and information technology services", "electronic information manufacturing",
    "cloud computing", "big data", "artificial intelligence", "industrial internet",
    "e-commerce", "integrated circuit", "telecommunications services", "smart logistics",
]  # fmt: skip
MEASURES = ["operating revenue", "added value", "output value", "investment", "exports"]
THINGS = [
    "5G base stations", "smart communities", "data centers", "industrial platforms",
    "high-tech enterprises", "application scenarios", "smart factories", "charging piles",
]  # fmt: skip
PERIODS = [
    "In the first half of this year", "In the first three quarters", "Last year", "In 2022",
    "In the third quarter", "From January to October",
]  # fmt: skip
# Prose without figures, as most of a real briefing is; {city}, {province} and {industry} vary.
FILLER = [
    "{city} has made digital transformation a core part of its development strategy, bringing "
    "government services, industry and daily life onto shared platforms.",
    "Officials in {city} said the work would continue to focus on people's livelihood, urban "
    "governance and the deep integration of the digital and the real economy.",
    "Experts at the meeting noted that data sharing between departments remains the key to "
    "better services, and called for common standards across {province}.",
    "Enterprises in the {industry} sector have accelerated the adoption of cloud services, and "
    "more small firms are moving their production systems online.",
    "The municipal government has set up a working group to coordinate the {industry} "
    "projects, simplify approvals and help companies recruit engineers.",
    "Residents can now handle most common errands through a single mobile app, which links "
    "records from hospitals, schools and the tax office.",
    "Analysts expect {province} to keep investing in new infrastructure, with a growing share "
    "of the money going to computing power and industrial software.",
    "Universities in {city} have opened new courses on {industry}, and several research "
    "institutes signed cooperation agreements with local companies.",
    "The city also plans to improve the business environment, protect data security and "
    "attract more talent to its high-tech zones.",
    "Local media reported strong interest from investors, although some firms said finding "
    "skilled staff remained difficult.",
]


def _filler(rng: random.Random, city: str, province: str, count: int) -> str:
    return " ".join(
        sentence.format(city=city, province=province, industry=rng.choice(INDUSTRIES))
        for sentence in rng.sample(FILLER, count)
    )


def _figure(rng: random.Random) -> str:
    whole = rng.randint(1, 900)
    return f"{whole}.{rng.randint(1, 99):02d}" if rng.random() < 0.6 else str(whole)


def _list_of_figures(rng: random.Random, city: str) -> str:
    """Two to four industries' figures in one sentence, after a period."""
    items = []
    for _ in range(rng.randint(2, 4)):
        items.append(
            f"the {rng.choice(MEASURES)} of the {rng.choice(INDUSTRIES)} industry in {city} "
            f"was {_figure(rng)} billion yuan, with a year-on-year growth rate of "
            f"{rng.randint(1, 40)}.{rng.randint(0, 9)}%"
        )
    return f"{rng.choice(PERIODS)}, " + "; ".join(items) + "."


def _growth(rng: random.Random, city: str, province: str, industry: str, measure: str) -> str:
    return (
        f"{city}'s {industry} {measure} rose {rng.randint(1, 30)}.{rng.randint(0, 9)} percent "
        f"year on year to {_figure(rng)} billion yuan, while {province}'s total was "
        f"{_figure(rng)} billion yuan, down {rng.randint(1, 9)}%."
    )


def _counts(rng: random.Random, city: str, province: str, industry: str, measure: str) -> str:
    built = rng.choice(["nearly", "more than", "about", "over"])
    return (
        f"{city} has built {built} {rng.randint(20, 9000):,} {rng.choice(THINGS)} and released "
        f"{rng.randint(10, 2000)} {rng.choice(THINGS)}."
    )


def _targets(rng: random.Random, city: str, province: str, industry: str, measure: str) -> str:
    return (
        f"According to the plan, {city} will build more than {rng.randint(100, 9000):,} "
        f"{rng.choice(THINGS)} by {rng.randint(2024, 2030)}, and {province} will strive to "
        f"cultivate {rng.randint(5, 90)} leading enterprises."
    )


def _event_and_rank(
    rng: random.Random, city: str, province: str, industry: str, measure: str
) -> str:
    day = f"{rng.choice(['May', 'June', 'April', 'March'])} {rng.randint(1, 28)}"
    return (
        f"On {day}, the {rng.randint(2021, 2024)} {city} Digital Economy Forum was held in "
        f"{city}. {city} ranked {rng.choice(['third', '5th', 'second', '12th'])} among the top "
        "100 digital cities in China."
    )


_FIGURE_SENTENCES = (_growth, _counts, _targets, _event_and_rank)
"""The kinds of figure sentence a paragraph opens with, before one sentence of prose."""


def _paragraph(rng: random.Random, city: str, province: str, figure_share: float) -> str:
    if rng.random() >= figure_share:
        return _filler(rng, city, province, rng.randint(2, 4))
    kind = rng.randrange(len(_FIGURE_SENTENCES) + 1)
    industry, measure = rng.choice(INDUSTRIES), rng.choice(MEASURES)
    if kind == 0:
        return _list_of_figures(rng, city)
    sentence = _FIGURE_SENTENCES[kind - 1](rng, city, province, industry, measure)
    return f"{sentence} {_filler(rng, city, province, 1)}"


def generate(folder: Path, count: int, *, seed: int = 7, figure_share: float = 1.0) -> list[Path]:
    """Write `count` varied briefing documents of about 5 KB; return their paths.

    `figure_share` is the share of paragraphs that carry figures (the rest is prose).
    """
    rng = random.Random(seed)
    paths: list[Path] = []
    for index in range(count):
        city, province = rng.choice(CITIES), rng.choice(PROVINCES)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        parts = [
            f"{city} Pushes Ahead with Digital City Building ({index})",
            f"{rng.randint(2021, 2024)}-{month:02d}-{day:02d} {city} Daily",
        ]
        size = sum(len(p) for p in parts)
        while size < TARGET_BYTES:
            paragraph = _paragraph(rng, city, province, figure_share)
            parts.append(paragraph)
            size += len(paragraph) + 2
        path = folder / f"doc_{index:05d}.txt"
        path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _timed_run(paths: list[Path], engine: Engine) -> tuple[float, float]:
    """Ingest in checkpoints; return (wall-clock, CPU-time) documents/s for the whole run."""
    done = facts = 0
    wall = cpu = 0.0
    for stop in CHECKPOINTS:
        chunk = paths[done:stop]
        start, start_cpu = time.perf_counter(), time.process_time()
        report = ingest_paths(chunk, engine=engine)
        wall += time.perf_counter() - start
        cpu += time.process_time() - start_cpu
        assert report.ok and report.new == len(chunk)
        done, facts = stop, facts + report.facts_added
        print(
            f"  {done:>5} documents: {done / wall:7.1f} documents/s wall "
            f"({done / cpu:.1f}/s of CPU time), {facts / wall:8.1f} facts/s, "
            f"{facts / done:.1f} facts/document, peak RSS {_rss_mb():.1f} MB"
        )
    return done / wall, done / cpu


def _traced_run(paths: list[Path], engine: Engine) -> None:
    tracemalloc.start()
    done = 0
    for stop in CHECKPOINTS:
        tracemalloc.reset_peak()
        ingest_paths(paths[done:stop], engine=engine)
        current, peak = tracemalloc.get_traced_memory()
        print(
            f"  documents {done + 1:>5}-{stop:>5}: tracemalloc peak {peak / 1e6:6.2f} MB, "
            f"still held after {current / 1e6:6.2f} MB"
        )
        done = stop
    tracemalloc.stop()


def _baseline(paths: list[Path], engine: Engine) -> float:
    """The naive store: ORM objects and one commit per fact; wall-clock documents/s."""
    start = time.perf_counter()
    for path in paths:
        prepared = prepare_document(
            decode_document(read_document_bytes(path))[0], slug=path.stem, path=str(path)
        )
        with new_session(engine) as session:
            document = Document(
                **asdict(prepared.source),  # slug, title, outlet, published, url
                path=prepared.path,
                content_hash=prepared.content_hash,
                text=prepared.text,
                ingested_at=datetime.now(UTC),
            )
            session.add(document)
            session.commit()
            assert document.id is not None
            for fact in prepared.facts:
                session.add(FactRow(**fact_values(fact, document_id=document.id)))
                session.commit()
    return len(paths) / (time.perf_counter() - start)


def _fact_rows(path: Path) -> list[tuple[object, ...]]:
    """Every fact row of the SQLite store at `path`, in id order."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT * FROM fact ORDER BY id").fetchall()
    conn.close()
    return rows


def _jobs_run(paths: list[Path], store: Path, jobs: int) -> float:
    """Ingest `paths` into a fresh store with `jobs` processes; wall-clock documents/s."""
    engine = create_db_engine(f"sqlite:///{store}")
    start = time.perf_counter()
    report = ingest_paths(paths, engine=engine, jobs=jobs)
    rate = len(paths) / (time.perf_counter() - start)
    engine.dispose()
    assert report.ok and report.new == len(paths)
    return rate


def jobs_section(label: str, paths: list[Path], folder: Path) -> None:
    """Documents/s with one process and with every core, and whether the facts are identical."""
    jobs = default_jobs()
    one = _jobs_run(paths, folder / f"{label}-jobs1.db", 1)
    many = _jobs_run(paths, folder / f"{label}-jobs{jobs}.db", jobs)
    same = _fact_rows(folder / f"{label}-jobs1.db") == _fact_rows(
        folder / f"{label}-jobs{jobs}.db"
    )
    print(
        f"{label}: ingest --jobs 1: {one:.1f} documents/s; --jobs {jobs}: {many:.1f} documents/s "
        f"({many / one:.2f}x; goal with 2 jobs >= 1.7x); stored facts identical: {same} "
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )


def main() -> None:
    """Generate, ingest, print figures (`--jobs-only`: only the 1 and N jobs comparison)."""
    jobs_only = "--jobs-only" in sys.argv[1:]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="citybrief-bench-") as tmp:
        folder = Path(tmp)
        rates: dict[str, float] = {}
        for label, share in DENSITIES:
            docs = folder / label
            docs.mkdir()
            paths = generate(docs, DOCUMENTS, figure_share=share)
            if jobs_only:
                jobs_section(label, paths, folder)
                continue
            sizes = [p.stat().st_size for p in paths]
            print(
                f"{label}: {len(paths)} documents, {sum(sizes) / len(sizes) / 1000:.1f} KB on "
                f"average ({min(sizes)}-{max(sizes)} bytes), {share:.0%} of paragraphs with "
                "figures; timed run (fresh SQLite file, one transaction per document):"
            )
            engine = create_db_engine(f"sqlite:///{folder / (label + '.db')}")
            rates[label], cpu_rate = _timed_run(paths, engine)
            engine.dispose()
            if label == DENSITIES[0][0]:
                print(f"{label}: memory run (tracemalloc, fresh SQLite file):")
                engine = create_db_engine(f"sqlite:///{folder / 'traced.db'}")
                _traced_run(paths, engine)
                engine.dispose()
                engine = create_db_engine(f"sqlite:///{folder / 'baseline.db'}")
                baseline = _baseline(paths[:BASELINE_DOCUMENTS], engine)
                engine.dispose()
                print(
                    f"{label}: baseline (ORM objects, one commit per fact, first "
                    f"{BASELINE_DOCUMENTS} documents): {baseline:.1f} documents/s; ingest is "
                    f"{rates[label] / baseline:.1f}x the baseline"
                )
            jobs_section(label, paths, folder)
            verdict = "meets" if rates[label] >= 200 else "MISSES"
            print(
                f"{label}: goal >= 200 documents/s on one core {verdict}: "
                f"{rates[label]:.1f} documents/s wall, {cpu_rate:.1f}/s of CPU time"
            )


if __name__ == "__main__":
    main()
