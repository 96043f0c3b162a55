"""Passage-tier benchmark: question latency over a large sentence index, against a naive scan.

Run: `.venv/bin/python -m bench.passages [--sentences 100000 1000000] [--facts 100000]
[--postgresql URL]`; `bench.answer` prints the same section through `report`.

For each size it builds a store through the real write path (`db.documents.store_document`
with the analyzer's terms; FTS5 kept by triggers on SQLite, the generated `tsvector` on
PostgreSQL) holding that many generated briefing sentences, and a `FactIndex` of `--facts`
generated facts. Questions are built from stored sentences. It times, per question:

- the full answer path: `Answerer.answer` with the passage tier, as the bot runs it;
- the passage search alone: `PassageSearch.best`;
- in the same run, a naive baseline: one pass over every stored sentence, judged by the same
  rules (`PassageSearch.best_among`), i.e. the same scoring without the full-text index.

It prints p50/p99 (wall clock, and CPU time, which other processes on the machine do not
inflate), the speed-up over the naive scan, how often the search found an answer as good as
the exhaustive scan's, and the process's peak RSS. Figures only; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from briefing.analysis import Analyzer, analyzer_for
from briefing.answer import Answerer
from briefing.index import FactIndex
from briefing.passages import PassageMatch, PassageSearch
from briefing.question import read_question
from core.facts import Passage, Source
from db import documents
from db.engine import create_db_engine
from db.sentences import Hit, NewSentence
from tests.pgschema import fresh_schema

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
SIZES = (100_000, 1_000_000)


@dataclass(frozen=True)
class Latency:
    """Per-question latency in milliseconds: wall clock and CPU time."""

    wall: list[float]
    cpu: list[float]

    def describe(self) -> str:
        return (
            f"p50 {statistics.median(self.wall):.2f} ms, p99 {p99(self.wall):.2f} ms "
            f"(CPU p50 {statistics.median(self.cpu):.2f}, p99 {p99(self.cpu):.2f})"
        )


def sentence(rng: random.Random, regions: Sequence[str]) -> str:
    """One generated briefing sentence."""
    from bench.answer import INDUSTRIES

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


def build(engine: Engine, analyzer: Analyzer, *, sentences: int, seed: int = 5) -> list[str]:
    """Store `sentences` generated sentences through the ingest write path; their texts."""
    from bench.answer import region_names

    rng = random.Random(seed)
    regions = region_names(300, rng)
    texts: list[str] = []
    with engine.connect() as connection:
        for number in range(0, sentences, SENTENCES_PER_DOCUMENT):
            batch = []
            offset = 0
            for position in range(min(SENTENCES_PER_DOCUMENT, sentences - number)):
                text = sentence(rng, regions)
                terms = " ".join(analyzer.terms(text))
                batch.append(NewSentence(position, offset, offset + len(text), text, terms))
                offset += len(text) + 1
                texts.append(text)
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
    return texts


def every_sentence(engine: Engine) -> Iterator[Hit]:
    """Every stored sentence as a search hit, streamed (the naive baseline's input)."""
    statement = text(
        'SELECT s.id, s.position, s.start, s."end", s.text, s.terms, d.slug, d.title, '
        "d.outlet, d.url FROM sentence s JOIN document d ON d.id = s.document_id ORDER BY s.id"
    )
    sources: dict[str, Source] = {}
    with engine.connect() as connection:
        rows = connection.execution_options(yield_per=10_000).execute(statement)
        for sentence_id, position, start, end, body, terms, slug, title, outlet, url in rows:
            source = sources.get(slug)
            if source is None:  # every bench document is published on the same day
                source = sources[slug] = Source(slug, title, outlet, date(2022, 1, 1), url)
            passage = Passage(body, start, end, position, source, sentence_id)
            yield Hit(passage, frozenset(terms.split()), 0.0)


def question_from(text: str, rng: random.Random) -> str:
    """A question a reader might type about a stored sentence: some of its words."""
    words = [w.strip(",.") for w in text.split() if not any(c.isdigit() for c in w)]
    start = rng.randrange(max(1, len(words) - 6))
    return "how much " + " ".join(words[start : start + 6])


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def timed(run: Callable[[int], object], count: int) -> Latency:
    """Time `run(i)` for i in range(count)."""
    wall: list[float] = []
    cpu: list[float] = []
    for i in range(count):
        started, started_cpu = time.perf_counter(), time.process_time()
        run(i)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return Latency(wall, cpu)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def fresh_database(postgresql: str | None) -> Iterator[str]:
    """The URL of an empty store: a temporary SQLite file, or a new PostgreSQL schema."""
    if postgresql is None:
        with tempfile.TemporaryDirectory(prefix="citybrief-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'passages.db'}"
        return
    with fresh_schema(postgresql, prefix="citybrief_bench_") as url:
        yield url


def report(
    *,
    sentences: int,
    index: FactIndex,
    questions: int = 300,
    baseline: int = 10,
    postgresql: str | None = None,
) -> str:
    """The passage tier's section of a benchmark: one store of `sentences` sentences next to
    `index` (its facts), timed as the module docstring says."""
    analyzer = analyzer_for()
    with fresh_database(postgresql) as url:
        engine = create_db_engine(url)
        started = time.perf_counter()
        texts = build(engine, analyzer, sentences=sentences)
        built = time.perf_counter() - started
        search = PassageSearch(engine, index, analyzer)
        answerer = Answerer(index, passages=search)
        rng = random.Random(9)
        asked = [question_from(rng.choice(texts), rng) for _ in range(questions)]
        queries = [read_question(q, index).query for q in asked]
        warm = [question_from(rng.choice(texts), rng) for _ in range(questions)]
        for question in warm:  # a running bot has read the common words' frequencies before
            answerer.answer(question)
        full = timed(lambda i: answerer.answer(asked[i]), len(asked))
        matches = [search.best(query) for query in queries]
        alone = timed(lambda i: search.best(queries[i]), len(queries))
        exhaustive: dict[int, PassageMatch | None] = {}

        def scan(i: int) -> None:
            exhaustive[i] = search.best_among(queries[i], every_sentence(engine))

        naive = timed(scan, baseline)
        engine.dispose()
    as_good = sum(
        (ours.coverage if ours else None) == (best.coverage if best else None)
        for ours, best in zip(matches, exhaustive.values(), strict=False)
    )
    database = "PostgreSQL (tsvector, GIN)" if postgresql else "SQLite (FTS5, bm25)"
    speedup = statistics.median(naive.wall) / statistics.median(alone.wall)
    speedup_p99 = p99(naive.wall) / p99(alone.wall)
    answered = sum(m is not None for m in matches)
    return (
        f"passage tier on {database}: {sentences:,} sentences (built in {built:.0f} s through "
        f"the ingest write path), {len(index):,} facts in the index, {len(asked)} questions\n"
        f"  full answer (Answerer with passages): {full.describe()}\n"
        f"  passage search alone:                 {alone.describe()}; "
        f"answered {answered}/{len(queries)}\n"
        f"  naive scan, same scoring:             {naive.describe()} over {baseline} questions\n"
        f"  speed-up of the passage search over the naive scan: {speedup:.0f}x at p50, "
        f"{speedup_p99:.0f}x at p99; as good an answer as the exhaustive scan on "
        f"{as_good}/{baseline}\n"
        f"  peak RSS of the process so far: {peak_rss_mb():.0f} MB; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n"
    )


def main(argv: Sequence[str] | None = None) -> None:
    from bench.answer import generate_facts

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--baseline", type=int, default=10, help="questions for the naive scan")
    parser.add_argument("--postgresql", help="a PostgreSQL URL to measure on (a temporary schema)")
    args = parser.parse_args(argv)
    index = FactIndex(generate_facts(args.facts))
    for size in args.sentences:
        sys.stdout.write(
            report(
                sentences=size,
                index=index,
                questions=args.questions,
                baseline=args.baseline,
                postgresql=args.postgresql,
            )
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
