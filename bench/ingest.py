"""Ingest benchmark: 2,000 generated briefing documents of about 5 KB into a fresh SQLite file.

Prints documents/s and facts/s at 500/1,000/2,000 documents, peak memory (ru_maxrss for the
timed run; tracemalloc peak per 500-document chunk in a second run), and the ratio against a
naive baseline in the same run: the same extraction, but every fact inserted through the ORM
with its own commit (what the ingest would cost without bulk inserts and one transaction per
document). Run: `.venv/bin/python -m bench.ingest`.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from briefing.ingest import ingest_paths, prepare_document
from briefing.text import read_document
from db.engine import create_db_engine, new_session
from db.models import Document, Fact

DOCUMENTS = 2_000
CHECKPOINTS = (500, 1_000, 2_000)
BASELINE_DOCUMENTS = 100
TARGET_BYTES = 5_000

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
FILLER = [
    "The city has made digital transformation a core part of its development strategy, "
    "bringing government services, industry and daily life onto shared platforms.",
    "Officials said the work would continue to focus on people's livelihood, urban governance "
    "and the deep integration of the digital and the real economy.",
    "Experts at the forum noted that data sharing between departments remains the key to "
    "better services, and called for common standards across the region.",
    "Enterprises in the sector have accelerated the adoption of cloud services, and more small "
    "firms are moving their production systems online.",
]


def _figure(rng: random.Random) -> str:
    whole = rng.randint(1, 900)
    return f"{whole}.{rng.randint(1, 99):02d}" if rng.random() < 0.6 else str(whole)


def _paragraph(rng: random.Random, city: str, province: str) -> str:
    kind = rng.randrange(6)
    industry, measure = rng.choice(INDUSTRIES), rng.choice(MEASURES)
    if kind == 0:
        items = []
        for _ in range(rng.randint(2, 4)):
            items.append(
                f"the {rng.choice(MEASURES)} of the {rng.choice(INDUSTRIES)} industry in {city} "
                f"was {_figure(rng)} billion yuan, with a year-on-year growth rate of "
                f"{rng.randint(1, 40)}.{rng.randint(0, 9)}%"
            )
        return f"{rng.choice(PERIODS)}, " + "; ".join(items) + "."
    if kind == 1:
        return (
            f"{city}'s {industry} {measure} rose {rng.randint(1, 30)}.{rng.randint(0, 9)} percent "
            f"year on year to {_figure(rng)} billion yuan, while {province}'s total was "
            f"{_figure(rng)} billion yuan, down {rng.randint(1, 9)}%. {rng.choice(FILLER)}"
        )
    if kind == 2:
        return (
            f"{city} has built {rng.choice(['nearly', 'more than', 'about', 'over'])} "
            f"{rng.randint(20, 9000):,} {rng.choice(THINGS)} and released "
            f"{rng.randint(10, 2000)} {rng.choice(THINGS)}. {rng.choice(FILLER)}"
        )
    if kind == 3:
        return (
            f"According to the plan, {city} will build more than {rng.randint(100, 9000):,} "
            f"{rng.choice(THINGS)} by {rng.randint(2024, 2030)}, and {province} will strive to "
            f"cultivate {rng.randint(5, 90)} leading enterprises. {rng.choice(FILLER)}"
        )
    if kind == 4:
        return (
            f"On {rng.choice(['May', 'June', 'April', 'March'])} {rng.randint(1, 28)}, the "
            f"{rng.randint(2021, 2024)} {city} Digital Economy Forum was held in {city}. "
            f"{city} ranked {rng.choice(['third', '5th', 'second', '12th'])} among the top 100 "
            f"digital cities in China. {rng.choice(FILLER)}"
        )
    return " ".join(rng.sample(FILLER, 3))


def generate(folder: Path, count: int, *, seed: int = 7) -> list[Path]:
    """Write `count` varied briefing documents of about 5 KB; return their paths."""
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
            paragraph = _paragraph(rng, city, province)
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
        prepared = prepare_document(read_document(path), slug=path.stem, path=str(path))
        with new_session(engine) as session:
            meta = prepared.metadata
            document = Document(
                slug=prepared.slug,
                path=prepared.path,
                title=meta.title or prepared.slug,
                outlet=meta.outlet,
                published=meta.published,
                url=meta.url,
                content_hash=prepared.content_hash,
                text=prepared.text,
                ingested_at=datetime.now(UTC),
            )
            session.add(document)
            session.commit()
            assert document.id is not None
            for fact in prepared.facts:
                session.add(
                    Fact(
                        document_id=document.id,
                        kind=fact.kind,
                        subject=fact.subject,
                        region=fact.region,
                        period=fact.period,
                        value=fact.value,
                        value_text=fact.value_text,
                        unit=fact.unit,
                        scale=fact.scale,
                        base_value=fact.base_value,
                        qualifier=fact.qualifier,
                        change=fact.change,
                        event_date=fact.event_date,
                        quote=fact.quote,
                        start=fact.start,
                        end=fact.end,
                        topics=",".join(fact.topics),
                    )
                )
                session.commit()
    return len(paths) / (time.perf_counter() - start)


def main() -> None:
    """Generate, ingest, print figures."""
    with tempfile.TemporaryDirectory(prefix="citybrief-bench-") as tmp:
        folder = Path(tmp)
        docs = folder / "docs"
        docs.mkdir()
        paths = generate(docs, DOCUMENTS)
        sizes = [p.stat().st_size for p in paths]
        print(
            f"generated {len(paths)} documents, {sum(sizes) / len(sizes) / 1000:.1f} KB "
            f"on average ({min(sizes)}-{max(sizes)} bytes); load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        print("timed run (fresh SQLite file, one transaction per document, bulk fact inserts):")
        engine = create_db_engine(f"sqlite:///{folder / 'timed.db'}")
        rate, cpu_rate = _timed_run(paths, engine)
        engine.dispose()
        print("memory run (tracemalloc, fresh SQLite file):")
        engine = create_db_engine(f"sqlite:///{folder / 'traced.db'}")
        _traced_run(paths, engine)
        engine.dispose()
        engine = create_db_engine(f"sqlite:///{folder / 'baseline.db'}")
        baseline = _baseline(paths[:BASELINE_DOCUMENTS], engine)
        engine.dispose()
        print(
            f"baseline (ORM, one commit per fact, first {BASELINE_DOCUMENTS} documents): "
            f"{baseline:.1f} documents/s; ingest is {rate / baseline:.1f}x the baseline"
        )
        verdict = "meets" if rate >= 200 else "MISSES"
        print(
            f"goal >= 200 documents/s on one core: {verdict} ({rate:.1f} documents/s wall, "
            f"{cpu_rate:.1f}/s of CPU time)"
        )


if __name__ == "__main__":
    main()
