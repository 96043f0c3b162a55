"""Run the evaluation: `python -m evaluation [--split SPLIT] [--lang en|zh] [--failures]
[--dump FILE]`.

The bot is a black box. For each language folder under evaluation/ and each split, the split's
documents are ingested into a fresh SQLite store (`python -m bot ingest DOCS`) and the split's
questions are asked in one batch (`python -m bot ask --json -`). A BM25 top-sentence baseline
answers the same questions from the same documents. The report is printed; the exit code is 0
unless the bot could not be run at all. `--dump FILE` also writes every question's answer, one
JSON object a line, so two runs (before and after a change) can be compared answer by answer.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluation.bm25 import BM25, split_sentences
from evaluation.score import QUESTION_TYPES, bot_correct, contains_all

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
DEV_SPLITS = tuple(["dev"] + [f"dev{n}" for n in range(2, 18)])
SPLITS = (*DEV_SPLITS, "heldout")
LANGUAGES = ("en", "zh")


class EvalError(Exception):
    """A problem with the evaluation data or with running the bot."""


@dataclass(frozen=True)
class Question:
    q: str
    type: str
    expect: tuple[str, ...]
    corpus: str | None = None  # "seeds": asked of a store holding seeds/, not the split's docs


@dataclass(frozen=True)
class Outcome:
    question: Question
    matched: bool
    headline: str | None
    bot_ok: bool
    bm25_sentence: str | None
    bm25_ok: bool


@dataclass(frozen=True)
class SplitResult:
    lang: str
    split: str
    outcomes: list[Outcome]


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def err(line: str) -> None:
    sys.stderr.write(f"evaluation: {line}\n")


def load_questions(path: Path) -> list[Question]:
    """Questions of a questions.json, checked: known type, expect strings, refusals expect none."""
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    items = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise EvalError(f'{path}: expected {{"questions": [...]}}')
    questions = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise EvalError(f"{path}: question {n} is not an object")
        q, qtype, expect = item.get("q"), item.get("type"), item.get("expect")
        if not isinstance(q, str) or not q.strip() or "\n" in q:
            raise EvalError(f"{path}: question {n} needs a one-line non-empty 'q'")
        if qtype not in QUESTION_TYPES:
            raise EvalError(f"{path}: question {n} has unknown type {qtype!r}")
        if not isinstance(expect, list) or not all(isinstance(e, str) for e in expect):
            raise EvalError(f"{path}: question {n} needs 'expect' as a list of strings")
        if (qtype == "refuse") != (not expect):
            raise EvalError(f"{path}: question {n}: refusals expect nothing, others something")
        corpus = item.get("corpus")
        if corpus not in (None, "seeds"):
            raise EvalError(f"{path}: question {n} has unknown corpus {corpus!r}")
        questions.append(Question(q.strip(), qtype, tuple(expect), corpus))
    return questions


def document_sentences(docs: Path) -> list[str]:
    """Sentences of every .txt document under `docs`."""
    sentences: list[str] = []
    for path in sorted(docs.rglob("*.txt")):
        sentences.extend(split_sentences(path.read_text(encoding="utf-8")))
    return sentences


def run_bot(docs: Path, questions: Sequence[Question], timeout: float) -> list[dict[str, Any]]:
    """Ingest `docs` into a fresh store and ask the questions; one JSON object per question."""
    with tempfile.TemporaryDirectory(prefix="citybrief-eval-") as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(tmp) / 'eval.db'}"}

        def bot(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "bot", *args],
                input=stdin,
                capture_output=True,
                text=True,
                env=env,
                cwd=REPO,
                timeout=timeout,
                check=False,
            )

        ingest = bot("ingest", str(docs))
        if ingest.returncode != 0:
            err(f"`bot ingest {docs}` exited with {ingest.returncode}:")
            sys.stderr.write(ingest.stderr[-4000:])
        asked = bot("ask", "--json", "-", stdin="".join(q.q + "\n" for q in questions))
    answers = []
    for line in asked.stdout.splitlines():
        if line.startswith("{"):
            try:
                answer = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(answer, dict):
                answers.append(answer)
    if not answers and questions:
        sys.stderr.write(asked.stderr[-4000:])
        raise EvalError(f"`bot ask --json -` gave no answers (exit code {asked.returncode})")
    if len(answers) != len(questions):
        err(f"{len(answers)} answers for {len(questions)} questions; missing ones count as wrong")
    return answers


def evaluate(lang: str, split: str, timeout: float) -> SplitResult:
    folder = ROOT / lang / split
    docs = folder / "docs"
    questions = load_questions(folder / "questions.json")
    corpora = {None: docs, "seeds": REPO / "seeds"}
    answers_by: dict[str | None, dict[int, dict[str, Any]]] = {}
    baselines: dict[str | None, BM25] = {}
    for corpus, corpus_docs in corpora.items():
        picked = [(i, q) for i, q in enumerate(questions) if q.corpus == corpus]
        if not picked:
            continue
        answered_here = run_bot(corpus_docs, [q for _, q in picked], timeout)
        answers_by[corpus] = {i: a for (i, _), a in zip(picked, answered_here, strict=False)}
        baselines[corpus] = BM25(document_sentences(corpus_docs))
    outcomes = []
    for i, question in enumerate(questions):
        answer = answers_by.get(question.corpus, {}).get(i, {})
        baseline = baselines[question.corpus]
        if answer and str(answer.get("question", "")).strip() != question.q:
            err(f"answer {i + 1} is for {answer.get('question')!r}, not {question.q!r}")
        matched = answer.get("matched") is True
        headline = answer.get("headline")
        headline = headline if isinstance(headline, str) else None
        sentence = baseline.best(question.q)
        answered = "matched" in answer  # a missing answer is wrong, even for a refusal
        outcomes.append(
            Outcome(
                question=question,
                matched=matched,
                headline=headline,
                bot_ok=answered and bot_correct(question.type, question.expect, matched, headline),
                bm25_sentence=sentence,
                bm25_ok=question.type != "refuse" and contains_all(sentence, question.expect),
            )
        )
    return SplitResult(lang, split, outcomes)


def pct(good: int, total: int) -> float:
    return 100.0 * good / total if total else 0.0


def cell(good: int, total: int) -> str:
    return f"{good}/{total} ({pct(good, total):.1f}%)" if total else "-"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    rows = [list(header), *map(list, rows)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for n, row in enumerate(rows):
        out(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if n == 0:
            out("  ".join("-" * w for w in widths))


def summary_row(label: str, outcomes: Sequence[Outcome]) -> list[str]:
    answerable = [o for o in outcomes if o.question.type != "refuse"]
    refusals = [o for o in outcomes if o.question.type == "refuse"]
    bot_ans = sum(o.bot_ok for o in answerable)
    bm25_ans = sum(o.bm25_ok for o in answerable)
    bot_all = bot_ans + sum(o.bot_ok for o in refusals)
    diff = pct(bot_ans, len(answerable)) - pct(bm25_ans, len(answerable))
    return [
        label,
        cell(bot_ans, len(answerable)),
        cell(sum(o.bot_ok for o in refusals), len(refusals)),
        cell(bot_all, len(outcomes)),
        cell(bm25_ans, len(answerable)),
        cell(bm25_ans, len(outcomes)),
        f"{diff:+.1f}",
    ]


def report(results: Sequence[SplitResult], failures: bool) -> None:
    out("Bot vs BM25 top sentence (BM25 never refuses: its refusal questions count as wrong;")
    out("the last column is bot minus BM25 answerable accuracy, in percentage points)")
    out()
    header = [
        "lang/split",
        "bot answerable",
        "bot refused",
        "bot all",
        "BM25 answerable",
        "BM25 all",
        "bot-BM25 ans (pts)",
    ]
    table(header, (summary_row(f"{r.lang}/{r.split}", r.outcomes) for r in results))
    for r in results:
        out()
        out(f"{r.lang}/{r.split} by question type")
        rows = []
        for qtype in QUESTION_TYPES:
            group = [o for o in r.outcomes if o.question.type == qtype]
            if group:
                bot_ok, bm25_ok = sum(o.bot_ok for o in group), sum(o.bm25_ok for o in group)
                bm25 = "-" if qtype == "refuse" else cell(bm25_ok, len(group))
                rows.append([qtype, str(len(group)), cell(bot_ok, len(group)), bm25])
        table(["type", "n", "bot", "BM25"], rows)
    if failures:
        for r in results:
            failed = [o for o in r.outcomes if not o.bot_ok]
            out()
            out(f"{r.lang}/{r.split} failures ({len(failed)})")
            for o in failed:
                expect = ", ".join(o.question.expect) or "(refusal)"
                shown = o.headline if o.matched else f"(no match) {o.headline or ''}".rstrip()
                out(f"- [{o.question.type}] {o.question.q}")
                out(f"    expect: {expect}")
                out(f"    bot:    {shown}")


def available(langs: Sequence[str], splits: Sequence[str]) -> list[tuple[str, str]]:
    """(language, split) pairs that have both a docs folder and a questions.json."""
    return [
        (lang, split)
        for lang in langs
        for split in splits
        if (ROOT / lang / split / "docs").is_dir()
        and (ROOT / lang / split / "questions.json").is_file()
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__)
    parser.add_argument("--split", choices=SPLITS, help="only this split")
    parser.add_argument("--lang", choices=LANGUAGES, help="only this language")
    parser.add_argument("--failures", action="store_true", help="list every failing question")
    parser.add_argument(
        "--timeout", type=float, default=1800.0, help="seconds per bot command (default 1800)"
    )
    parser.add_argument(
        "--dump", type=Path, metavar="FILE", help="write every answer to FILE (JSON lines)"
    )
    args = parser.parse_args(argv)
    langs = [args.lang] if args.lang else sorted(p.name for p in ROOT.iterdir() if p.is_dir())
    pairs = available(langs, [args.split] if args.split else SPLITS)
    if not pairs:
        err("no <lang>/<split>/docs with a questions.json to evaluate")
        return 2
    results = []
    for lang, split in pairs:
        try:
            results.append(evaluate(lang, split, args.timeout))
        except (EvalError, subprocess.TimeoutExpired, OSError) as exc:
            err(f"{lang}/{split}: {exc}")
    if not results:
        err("the bot could not be run")
        return 2
    report(results, args.failures)
    if args.dump is not None:
        dump(results, args.dump)
    return 0


def dump(results: Sequence[SplitResult], path: Path) -> None:
    """Every question's answer as one JSON object a line, in the order asked."""
    with path.open("w", encoding="utf-8") as file:
        for r in results:
            for o in r.outcomes:
                record = {
                    "lang": r.lang,
                    "split": r.split,
                    "question": o.question.q,
                    "matched": o.matched,
                    "headline": o.headline,
                    "bot_ok": o.bot_ok,
                }
                file.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
