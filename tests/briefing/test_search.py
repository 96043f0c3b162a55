"""`FactIndex.search`: bounded scoring gives what scoring every candidate gives.

The index scores candidates from the most to the least of the question they hold and stops
once none left could reach the floor or the last kept score; many seeds are ranked with numpy
over the postings at once. Neither shortcut may change a result: both are checked here
against the plain way on the seeds and two Chinese releases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import briefing.index
from briefing.index import FactIndex, Scored
from briefing.ingest import ingest_paths
from briefing.loading import load_index
from briefing.question import Query, read_question
from briefing.scorer import score
from db.engine import create_db_engine
from tests.conftest import StoreMaker

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = [
    *sorted((REPO / "seeds").glob("*.txt")),
    *sorted((REPO / "tests" / "data" / "zh").glob("hz_*.txt")),
]
QUESTIONS = (
    "Qingdao software revenue 2021",
    "How fast did electronic equipment manufacturing grow in Qingdao?",
    "software revenue growth",
    "how many 5G base stations",
    "Which city has the most 5G base stations?",
    "digital economy added value 2021",
    "industry revenue",
    "杭州数字经济核心产业增加值是多少？",
    "smart city",
    "billion yuan",
    "What is the weather in Qingdao?",
)


@pytest.fixture(scope="module")
def index(make_store: StoreMaker) -> FactIndex:
    engine = create_db_engine(make_store("search"))
    report = ingest_paths(DOCUMENTS, engine=engine)
    assert report.ok and report.facts_added
    loaded = load_index(engine)
    engine.dispose()
    return loaded


def scored_plainly(index: FactIndex, query: Query, *, limit: int, floor: float) -> list[Scored]:
    """Every fact scored, then the best `limit` at or above `floor` (no candidates, no bound)."""
    scored = [Scored(entry, score(query, entry, index=index)) for entry in index.entries]
    kept = [s for s in scored if s.score > 0 and s.score >= floor]
    kept.sort(key=lambda s: (-s.score, -s.entry.period_rank.year, -s.entry.period_rank.month))
    return kept[:limit]


def outcome(results: list[Scored]) -> tuple[list[float], set[int]]:
    """The scores in order, and which facts beat the last one (ties at the end may differ)."""
    scores = [s.score for s in results]
    last = scores[-1] if scores else 0.0
    return scores, {s.entry.position for s in results if s.score > last}


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize(("limit", "floor"), [(3, 0.0), (20, 0.0), (20, 30.0), (20, 45.0)])
def test_bounded_scoring_finds_what_scoring_every_fact_finds(
    index: FactIndex, question: str, limit: int, floor: float
) -> None:
    query = read_question(question, index).query
    assert len(index._candidates(query)) < briefing.index.MAX_CANDIDATES  # no cut-off here
    found = index.search(query, limit=limit, floor=floor)
    assert outcome(found) == outcome(scored_plainly(index, query, limit=limit, floor=floor))
    assert all(s.score >= floor for s in found)


@pytest.mark.parametrize("question", QUESTIONS)
def test_ranking_many_seeds_with_numpy_keeps_the_same_candidates(
    index: FactIndex, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = read_question(question, index).query
    monkeypatch.setattr(briefing.index, "VECTOR_SEEDS", 10**9)
    plain = index._candidates(query)
    monkeypatch.setattr(briefing.index, "VECTOR_SEEDS", 0)
    vectored = index._candidates(query)
    assert sorted(p for p, _ in vectored) == sorted(p for p, _ in plain)
    held = dict(plain)
    assert all(weight == pytest.approx(held[p]) for p, weight in vectored)
