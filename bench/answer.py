"""Answering benchmark: latency and throughput on the seed store and a generated 100k store.

Run: `.venv/bin/python -m bench.answer [--facts 100000] [--questions 400] [--baseline 40]`.

For each store it prints p50/p99 latency and questions per second of `Briefing`-style answering
(`Answerer.answer`: reading the question, prefiltering with the inverted index, rapidfuzz
scoring, deciding), side by side with a naive baseline measured in the same run: rapidfuzz
`process.extractOne` of the question over every fact's sentence. It also prints how much memory
building the index allocated (tracemalloc) and, on the generated store whose questions have a
known answer, how often each method found it. Figures only; nothing here asserts on time.

The memory section (`--memory-facts`, default 100,000 and 1,000,000) stores generated facts in
SQLite as ingest does (with their folded forms) and, for each size, starts one fresh process
per approach (`bench.probe`, which imports what answering needs and nothing of this benchmark):
the compact index (`briefing.loading.load_index`: from 20,000 facts on, built by another
process and mapped from a file) and today's approach before it (`bench.baseline_index`, built
from `Fact` objects loaded with their documents). Each process prints the whole process's RSS
with no facts loaded, after the build and the first answer (kept), after 400 more generated
questions (after: what it keeps once searches have read more of the index) and its peak, the
build time, and the seconds from its start to its first answer. Per
fact: (RSS − RSS with no facts) / facts, and the whole RSS / facts. The baseline at a million
facts needs several GB and minutes; it runs with `--baseline-million`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import rapidfuzz
from rapidfuzz import fuzz, process, utils

from bench.probe import APPROACHES, Loaded
from briefing import loading
from briefing.answer import Answerer
from briefing.forms import stored_forms
from briefing.index import FactIndex
from briefing.ingest import ingest_paths
from briefing.loading import load_index
from briefing.parallel import default_jobs
from briefing.service import load_facts
from core.facts import Fact, FactKind, Source
from db import documents
from db.engine import create_db_engine

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
QUESTIONS = REPO / "tests" / "briefing" / "questions.json"

INDUSTRIES = (
    "software and information technology services", "telecommunications services",
    "internet and related services", "electronic equipment manufacturing", "cloud computing",
    "big data", "artificial intelligence", "smart logistics", "e-commerce", "fintech",
    "digital media", "semiconductor", "5G network construction", "industrial internet",
    "smart manufacturing", "new energy vehicles", "biomedicine", "robotics", "cybersecurity",
    "data centers", "satellite navigation", "smart healthcare", "online education",
    "smart agriculture", "digital tourism", "blockchain", "virtual reality",
    "integrated circuits", "optoelectronics", "smart home appliances", "rail transit equipment",
    "marine economy", "green energy", "digital government", "smart transportation",
    "software outsourcing", "animation and games", "e-sports", "quantum information",
    "high-end equipment",
)  # fmt: skip
MEASURES = (  # (measure, unit, scale, kind)
    ("operating revenue", "yuan", "billion", FactKind.METRIC),
    ("output value", "yuan", "billion", FactKind.METRIC),
    ("fixed-asset investment", "yuan", "billion", FactKind.METRIC),
    ("exports", "dollars", "million", FactKind.METRIC),
    ("registered enterprises", "enterprises", None, FactKind.COUNT),
    ("employees", "people", "thousand", FactKind.COUNT),
)
SYLLABLES = (
    "an", "bei", "chang", "dao", "fen", "gang", "hai", "heng", "jia", "jin", "kai", "lan", "lin",
    "long", "mei", "nan", "ning", "pu", "qian", "rong", "sha", "shui", "tai", "tong", "wan",
    "wei", "xia", "xin", "yang", "yi", "yong", "yuan", "ze", "zhou",
)  # fmt: skip
YEARS = range(2016, 2025)


@dataclass(frozen=True)
class Probe:
    """A question with the id of the fact that answers it (None: must abstain)."""

    question: str
    expected: int | None


def region_names(count: int, rng: random.Random) -> list[str]:
    """`count` invented place names: two syllables, or three when two cannot make enough."""
    syllables = 2 if count <= len(SYLLABLES) ** 2 // 2 else 3
    names: set[str] = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize())
    return sorted(names)


def generate_facts(count: int, seed: int = 7) -> list[Fact]:
    """`count` distinct facts over invented regions, industries, measures and periods."""
    rng = random.Random(seed)
    regions = region_names(max(50, count // 250), rng)
    sources = [
        Source(slug=f"bulletin-{i}", title=f"Digital economy bulletin no. {i}",
                   outlet="Bench Wire",
                   published=date(2016 + i % 9, 1 + i % 12, 1 + i % 28), url=None)
        for i in range(1, 2_001)
    ]  # fmt: skip
    seen: set[tuple[str, str, str, str]] = set()
    facts: list[Fact] = []
    while len(facts) < count:
        region, industry = rng.choice(regions), rng.choice(INDUSTRIES)
        measure, unit, scale, kind = rng.choice(MEASURES)
        year = rng.choice(YEARS)
        period = f"{year}-H1" if rng.random() < 0.5 else str(year)
        key = (region, industry, measure, period)
        if key in seen:
            continue
        seen.add(key)
        value = round(rng.uniform(1, 900), 2)
        change = round(rng.uniform(-15, 60), 1)
        when = f"the first half of {year}" if period.endswith("H1") else str(year)
        figure = f"{value:g} {scale} {unit}" if scale else f"{value:g} {unit}"
        facts.append(
            Fact(
                id=len(facts) + 1,
                kind=kind,
                subject=f"{industry} {measure}",
                region=region,
                period=period,
                value=value,
                value_text=f"{value:g} {scale}" if scale else f"{value:g}",
                unit=unit,
                scale=scale,
                base_value=value,
                qualifier=None,
                change=change,
                event_date=None,
                quote=f"In {when}, the {measure} of the {industry} sector in {region} was "
                f"{figure}, a year-on-year change of {change}%.",
                start=0,
                end=1,
                topics=(industry.split()[0], "digital economy"),
                source=rng.choice(sources),
            )
        )
    return facts


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1 :]


def generated_probes(facts: Sequence[Fact], count: int, seed: int = 11) -> list[Probe]:
    """Questions about sampled facts in several phrasings, plus unanswerable ones."""
    rng = random.Random(seed)
    probes: list[Probe] = []
    for fact in rng.sample(list(facts), count - count // 10):
        assert fact.period is not None and fact.region is not None
        year = fact.period[:4]
        when = f"in the first half of {year}" if fact.period.endswith("H1") else f"in {year}"
        subject = fact.subject
        style = rng.randrange(4)
        if style == 0:
            question = f"How fast did {subject} grow in {fact.region} {when}?"
        elif style == 1:
            question = f"{fact.region} {subject} {fact.period}"
        elif style == 2:
            words = subject.split()
            words[0] = typo(words[0], rng)
            question = f"what was {fact.region.lower()} {' '.join(words)} {when}"
        else:
            question = f"What was the {subject} of {fact.region} {when}?"
        probes.append(Probe(question, fact.id))
    regions = sorted({f.region for f in facts if f.region})
    for _ in range(count // 10):
        question = rng.choice(
            [
                f"What is the weather in {rng.choice(regions)}?",
                f"{rng.choice(regions)} GDP {rng.choice(list(YEARS))}",
                f"How many hospitals does {rng.choice(regions)} have?",
                f"Beijing {rng.choice(INDUSTRIES)} revenue",
            ]
        )
        probes.append(Probe(question, None))
    rng.shuffle(probes)
    return probes


@dataclass(frozen=True)
class Timing:
    p50_ms: float
    p99_ms: float
    per_second: float
    correct: float | None
    cpu_p50_ms: float  # this process's CPU time per question: what other processes cannot add
    cpu_p99_ms: float


def measure(
    run: Callable[[str], int | None], probes: Sequence[Probe], *, repeat: int = 1
) -> Timing:
    """Time `run` per question; `correct` is the share of probes it answers as expected."""
    samples: list[float] = []
    cpu: list[float] = []
    right = 0
    started = time.perf_counter()
    for _ in range(repeat):
        for probe in probes:
            c0, t0 = time.process_time(), time.perf_counter()
            got = run(probe.question)
            samples.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            right += got == probe.expected
    elapsed = time.perf_counter() - started
    known = any(p.expected is not None for p in probes)
    return Timing(
        p50_ms=statistics.median(samples),
        p99_ms=_p99(samples),
        per_second=len(samples) / elapsed,
        correct=right / len(samples) if known else None,
        cpu_p50_ms=statistics.median(cpu),
        cpu_p99_ms=_p99(cpu),
    )


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def engine_runner(
    answerer: Answerer, generated: Sequence[Fact] = ()
) -> Callable[[str], int | None]:
    """Answer with the engine; the answer's id among `generated` (stored facts get other ids
    than the generator gave them) or, without `generated`, its stored id."""
    ids = {_identity(f): f.id for f in generated}

    def run(question: str) -> int | None:
        answer = answerer.answer(question)
        if not (answer.matched and answer.fact):
            return None
        return ids.get(_identity(answer.fact)) if ids else answer.fact.id

    return run


def _identity(fact: Fact) -> tuple[str | None, str, str | None]:
    """What makes a generated fact unique: its region, subject (industry and measure), period."""
    return (fact.region, fact.subject, fact.period)


def baseline_runner(facts: Sequence[Fact]) -> Callable[[str], int | None]:
    """The naive way: best fuzzy match of the question over every fact sentence."""
    sentences = [f.quote for f in facts]
    ids = [f.id for f in facts]

    def run(question: str) -> int | None:
        best = process.extractOne(
            question, sentences, scorer=fuzz.WRatio, processor=utils.default_process
        )
        return ids[best[2]] if best else None

    return run


def build_index(store: Path) -> tuple[Answerer, float]:
    """The answerer over the compact index loaded from `store`, and the seconds it took to
    load and build (untraced)."""
    engine = create_db_engine(f"sqlite:///{store}")
    t0 = time.perf_counter()
    answerer = Answerer(load_index(engine))
    took = time.perf_counter() - t0
    engine.dispose()
    return answerer, took


def index_memory(store: Path) -> tuple[float, float]:
    """MB that building the index on the heap allocates and keeps, and its peak (tracemalloc,
    a second build so that tracing does not slow the timed one; a large store's index is
    built by another process and mapped, which tracing here would not see)."""
    engine = create_db_engine(f"sqlite:///{store}")
    gc.collect()
    tracemalloc.start()
    index = loading.build_index(engine)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del index
    engine.dispose()
    return current / 2**20, peak / 2**20


def row(name: str, facts: int, build_s: float, mem: tuple[float, float], ours: Timing,
        base: Timing) -> str:  # fmt: skip
    speedup = base.p50_ms / ours.p50_ms if ours.p50_ms else float("inf")
    return (
        f"{name:<16}{facts:>8}  {build_s:>6.2f}s {mem[0]:>7.1f}/{mem[1]:<6.1f}MB"
        f"  {ours.p50_ms:>7.2f} {ours.p99_ms:>7.2f} {ours.per_second:>8.0f}"
        f"  {base.p50_ms:>8.2f} {base.p99_ms:>8.2f} {base.per_second:>7.1f}  {speedup:>7.1f}x"
    )


# -- memory, build and first answer, one process per approach ------------------------------


def write_store(path: Path, facts: Sequence[Fact]) -> float:
    """Store `facts` as ingest does (one transaction per document, forms folded on every
    core); the seconds it took."""
    started = time.perf_counter()
    by_document: dict[Source, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_document[fact.source].append(fact)
    groups = list(by_document.items())
    with ProcessPoolExecutor(default_jobs()) as pool:
        forms = list(pool.map(stored_forms, [group for _, group in groups], chunksize=16))
    engine = create_db_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        for (source, group), group_forms in zip(groups, forms, strict=True):
            documents.store_document(
                connection=connection,
                source=source,
                path=source.slug,
                content_hash=source.slug,
                text="",
                facts=group,
                forms=group_forms,
                now=datetime.now(UTC),
            )
    engine.dispose()
    return time.perf_counter() - started


def probe(approach: str, store: Path, questions: Path) -> Loaded:
    """Run one approach on `store` in a fresh process (`bench.probe`), asking it `questions`
    after the first, and read what it measured."""
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-m", "bench.probe", approach, str(store), str(started), str(questions)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return Loaded(**json.loads(done.stdout.strip().splitlines()[-1]))


KEPT_PER_FACT = 1024
"""Issue #14: the whole process's RSS per fact kept at most this (bytes, 100k and 1M facts)."""
PEAK_PER_FACT = 2 * KEPT_PER_FACT
"""Issue #14: the whole process's peak RSS per fact at most this (bytes)."""
TARGET_FACTS = 100_000
"""The store size the time targets are set at."""
INDEX_S = 3.0
"""Issue #14: the index built within this many seconds at TARGET_FACTS."""
SETTLING_QUESTIONS = 400
"""Generated questions each memory probe answers after its first, before its RSS is read again
(what it keeps once searches have read more of the index)."""
FIRST_ANSWER_S = 5.0
"""Issue #14: the first answer within this many seconds of the process's start at TARGET_FACTS."""


def targets(p: Loaded) -> str:
    """Issue #14's targets for one compact probe, each met or missed."""

    def verdict(name: str, value: float, limit: float, unit: str) -> str:
        return f"{name} {value:,.{0 if unit == 'B' else 2}f}{unit} <= {limit:,g}{unit} " + (
            "met" if value <= limit else "MISSED"
        )

    found = [
        verdict("kept", p.kept_mb * 2**20 / p.facts, KEPT_PER_FACT, "B"),
        verdict(f"kept after {p.questions} more questions", p.settled_mb * 2**20 / p.facts,
                KEPT_PER_FACT, "B"),
        verdict("peak", p.peak_mb * 2**20 / p.facts, PEAK_PER_FACT, "B"),
    ]  # fmt: skip
    if p.facts == TARGET_FACTS:
        found += [
            verdict("index", p.index_s, INDEX_S, "s") + f" (CPU {p.index_cpu_s:.2f}s)",
            verdict("1st answer", p.first_answer_s, FIRST_ANSWER_S, "s")
            + f" (CPU {p.first_answer_cpu_s:.2f}s)",
        ]
    return "  targets at " + f"{p.facts:,}: " + "; ".join(found)


def memory_section(sizes: Sequence[int], *, baseline_million: bool) -> None:
    """Memory per fact, build time and first-answer time of both approaches, per store size."""
    print()
    print(
        "memory per fact: whole-process RSS, one fresh process per approach and store "
        "(marginal = (RSS - RSS with no facts) / facts); index = loading the index, build = "
        "that and the rest answering needs; 1st answer = from the process's start"
    )
    print(
        f"{'approach':<10}{'facts':>10}  {'index':>7} {'build':>7}  {'1st answer':>10}  "
        f"{'RSS MB empty/kept/after/peak':>28}  {'B/fact kept':>11} {'peak':>6}  "
        f"{'whole RSS/fact kept':>19} {'after':>6} {'peak':>6}"
    )
    print(f"  (after = after {SETTLING_QUESTIONS} more generated questions)")
    with tempfile.TemporaryDirectory(prefix="citybrief-bench-") as folder:
        for size in sizes:
            store = Path(folder) / f"generated-{size}.db"
            facts = generate_facts(size)
            took = write_store(store, facts)
            questions = Path(folder) / f"questions-{size}.json"
            asked = [p.question for p in generated_probes(facts, SETTLING_QUESTIONS)]
            questions.write_text(json.dumps(asked), encoding="utf-8")
            del facts
            print(f"  ({size:,} generated facts stored with their forms in {took:.0f}s)")
            for approach in APPROACHES:
                if approach == "baseline" and size > 100_000 and not baseline_million:
                    print(f"{approach:<10}{size:>10}  (skipped: --baseline-million runs it)")
                    continue
                p = probe(approach, store, questions)
                kept = (p.kept_mb - p.empty_mb) * 2**20 / p.facts
                peak = (p.peak_mb - p.empty_mb) * 2**20 / p.facts
                print(
                    f"{approach:<10}{p.facts:>10}  {p.index_s:>6.2f}s {p.build_s:>6.2f}s  "
                    f"{p.first_answer_s:>9.2f}s  "
                    f"{p.empty_mb:>8.0f}/{p.kept_mb:>6.0f}/{p.settled_mb:>6.0f}"
                    f"/{p.peak_mb:>6.0f}  "
                    f"{kept:>11.0f} {peak:>6.0f}  {p.kept_mb * 2**20 / p.facts:>19.0f} "
                    f"{p.settled_mb * 2**20 / p.facts:>6.0f} {p.peak_mb * 2**20 / p.facts:>6.0f}"
                )
                if approach == "compact":
                    print(targets(p))
    print(f"load average after: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=400)
    parser.add_argument("--baseline", type=int, default=40, help="questions for the baseline")
    parser.add_argument(
        "--memory-facts",
        type=int,
        nargs="*",
        default=[100_000, 1_000_000],
        help="store sizes of the memory section (none: skip it)",
    )
    parser.add_argument(
        "--baseline-million", action="store_true", help="also run today's approach above 100k"
    )
    parser.add_argument(
        "--memory-only", action="store_true", help="only the memory, build and first-answer part"
    )
    args = parser.parse_args(argv)
    if args.memory_only:
        memory_section(args.memory_facts, baseline_million=args.baseline_million)
        return

    header = (
        f"{'store':<16}{'facts':>8}  {'build':>7} {'index MB (kept/peak)':>20}"
        f"  {'p50 ms':>7} {'p99 ms':>7} {'q/s':>8}  {'base p50':>8} {'base p99':>8}"
        f" {'base q/s':>7}  {'p50 gain':>8}"
    )
    print(f"citybrief answering benchmark — python {sys.version.split()[0]}, "
          f"rapidfuzz {rapidfuzz.__version__}")  # fmt: skip
    print(header)

    folder = tempfile.TemporaryDirectory(prefix="citybrief-bench-")
    seed_store = Path(folder.name) / "seeds.db"
    engine = create_db_engine(f"sqlite:///{seed_store}")
    ingest_paths(sorted(SEEDS.glob("*.txt")), engine=engine)
    seed_facts = load_facts(engine)
    engine.dispose()
    data = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    seed_probes = [Probe(i["q"], None) for i in data["answerable"]] + [
        Probe(q, None) for q in data["out_of_scope"]
    ]
    answerer, build_s = build_index(seed_store)
    ours = measure(engine_runner(answerer), seed_probes, repeat=20)
    base = measure(baseline_runner(seed_facts), seed_probes, repeat=20)
    print(row("seed store", len(seed_facts), build_s, index_memory(seed_store), ours, base))
    seed_cpu = (ours, base)

    facts = generate_facts(args.facts)
    probes = generated_probes(facts, args.questions)
    generated_store = Path(folder.name) / "generated.db"
    write_store(generated_store, facts)
    answerer, build_s = build_index(generated_store)
    ours = measure(engine_runner(answerer, facts), probes)
    base = measure(baseline_runner(facts), probes[: args.baseline])
    del answerer
    memory = index_memory(generated_store)
    print(row("generated store", len(facts), build_s, memory, ours, base))
    folder.cleanup()
    for name, (mine, naive) in (("seed store", seed_cpu), ("generated store", (ours, base))):
        print(
            f"{name}: CPU time per question p50/p99 {mine.cpu_p50_ms:.2f}/{mine.cpu_p99_ms:.2f} ms"
            f" (baseline {naive.cpu_p50_ms:.2f}/{naive.cpu_p99_ms:.2f} ms)"
        )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(
        f"generated store, expected answer found (incl. abstaining on {args.questions // 10} "
        f"unanswerable): engine {ours.correct:.1%} of {len(probes)}, "
        f"baseline {base.correct:.1%} of {args.baseline}"
    )
    print(f"{len(seed_probes)} seed questions x20 (development set); generated questions mix "
          "paraphrases, typos and periods; latency is per question, single thread")  # fmt: skip
    if args.memory_facts:
        memory_section(args.memory_facts, baseline_million=args.baseline_million)

    # The passage tier next to the generated facts: 100k and 1M stored sentences.
    from bench.passages import SIZES, report  # here: bench.passages reads this module's data

    passage_index = FactIndex(facts)
    for size in SIZES:
        sys.stdout.write(report(sentences=size, index=passage_index))


if __name__ == "__main__":
    main()
