"""Passage-tier benchmark: question latency over a large sentence index, against a naive scan.

Run: `.venv/bin/python -m bench.passages [--sentences 1000000] [--facts 100000]`.

Builds a SQLite store through the real write path (`db.documents.store_document` with the
analyzer's terms, FTS5 kept by triggers) holding `--sentences` generated briefing sentences,
and a `FactIndex` of `--facts` generated facts (what `PassageSearch` reads its documents'
places and years from). Then it times `PassageSearch.best` on questions built from stored
sentences, and, in the same run, a naive baseline: a Python scan of every sentence's terms
for the one holding most of the question's words. Prints p50/p99 latency, the speed-up, the
build time and the process's peak RSS. Figures only; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from bench.answer import INDUSTRIES, generate_facts, region_names
from briefing.analysis import analyzer_for
from briefing.index import FactIndex
from briefing.passages import PassageSearch
from briefing.question import read_question
from core.facts import Source
from db import documents
from db.engine import create_db_engine
from db.sentences import NewSentence

SENTENCES_PER_DOCUMENT = 1_000
TEMPLATES = (
    "In {year}, the {measure} of the {industry} industry in {region} reached {value} billion "
    "yuan, up {change}% year on year.",
    "{region} has built {count} {thing} and plans to build {target} more by 2025.",
    "The {industry} sector of {region} ranked {rank}th among the cities evaluated in {year}.",
    "On {month} {day}, {region} signed {count} {industry} projects worth {value} billion yuan.",
)
MEASURES = ("operating revenue", "output value", "added value", "investment")
THINGS = ("5G base stations", "smart communities", "data centers", "industrial platforms")
MONTHS = ("March", "May", "July", "September", "November")


def sentence(rng: random.Random, regions: Sequence[str]) -> str:
    """One generated briefing sentence."""
    return rng.choice(TEMPLATES).format(
        year=rng.choice(range(2018, 2025)),
        measure=rng.choice(MEASURES),
        industry=rng.choice(INDUSTRIES),
        region=rng.choice(regions),
        value=round(rng.uniform(1, 900), 1),
        change=round(rng.uniform(-5, 40), 1),
        count=rng.randint(2, 5000),
        thing=rng.choice(THINGS),
        target=rng.randint(100, 9000),
        rank=rng.randint(4, 99),
        month=rng.choice(MONTHS),
        day=rng.randint(1, 28),
    )


def build(path: Path, *, sentences: int, seed: int = 5) -> tuple[list[str], list[set[str]]]:
    """A store of `sentences` generated sentences; returns their texts and term sets."""
    engine = create_db_engine(f"sqlite:///{path}")
    analyzer = analyzer_for()
    rng = random.Random(seed)
    regions = region_names(300, rng)
    texts: list[str] = []
    held: list[set[str]] = []
    with engine.connect() as connection:
        for number in range(0, sentences, SENTENCES_PER_DOCUMENT):
            batch = []
            offset = 0
            for position in range(min(SENTENCES_PER_DOCUMENT, sentences - number)):
                text = sentence(rng, regions)
                terms = analyzer.terms(text)
                batch.append(
                    NewSentence(position, offset, offset + len(text), text, " ".join(terms))
                )
                offset += len(text) + 1
                texts.append(text)
                held.append(set(terms))
            documents.store_document(
                connection=connection,
                source=Source(
                    f"bench-{number}", f"Bulletin {number}", "Bench Wire", date(2022, 1, 1), None
                ),
                path=f"bench-{number}.txt",
                content_hash=str(number),
                text="",
                facts=(),
                sentences=batch,
                now=datetime.now(UTC),
            )
    engine.dispose()
    return texts, held


def question_from(text: str, rng: random.Random) -> str:
    """A question a reader might type about a stored sentence: some of its words."""
    words = [w.strip(",.") for w in text.split() if not any(c.isdigit() for c in w)]
    start = rng.randrange(max(1, len(words) - 6))
    return "how much " + " ".join(words[start : start + 6])


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--baseline", type=int, default=20)
    args = parser.parse_args(argv)
    analyzer = analyzer_for()
    with tempfile.TemporaryDirectory(prefix="citybrief-bench-") as tmp:
        path = Path(tmp) / "passages.db"
        started = time.perf_counter()
        texts, held = build(path, sentences=args.sentences)
        built = time.perf_counter() - started
        index = FactIndex(generate_facts(args.facts))
        engine = create_db_engine(f"sqlite:///{path}")
        search = PassageSearch(engine, index, analyzer)
        rng = random.Random(9)
        questions = [question_from(rng.choice(texts), rng) for _ in range(args.questions)]
        queries = [read_question(q, index).query for q in questions]
        search.best(queries[0])  # warm the page cache once, as a running bot has it
        ours: list[float] = []
        found = 0
        for query in queries:
            started = time.perf_counter()
            found += search.best(query) is not None
            ours.append((time.perf_counter() - started) * 1000)
        naive: list[float] = []
        for query in queries[: args.baseline]:
            started = time.perf_counter()
            wanted = set(query.terms)
            max(range(len(held)), key=lambda i: len(wanted & held[i]))
            naive.append((time.perf_counter() - started) * 1000)
        engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(
        f"passage tier: {args.sentences:,} sentences (built in {built:.0f} s through the ingest "
        f"write path), {args.facts:,} facts in the index\n"
        f"  ours (FTS5 bm25 + constraints): p50 {statistics.median(ours):.2f} ms, "
        f"p99 {p99(ours):.2f} ms over {len(ours)} questions; answered {found}/{len(ours)}\n"
        f"  naive scan of every sentence:  p50 {statistics.median(naive):.1f} ms, "
        f"p99 {p99(naive):.1f} ms over {len(naive)} questions\n"
        f"  speed-up at p50: {statistics.median(naive) / statistics.median(ours):.0f}x; "
        f"peak RSS of the process {peak_mb:.0f} MB (includes the naive scan's term sets)\n"
    )


if __name__ == "__main__":
    main()
