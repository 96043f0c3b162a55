"""Follow-ups: a short question after an answer changes that answer's question, per chat."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefing.followup import Conversations
from briefing.ingest import ingest_paths
from briefing.question import Query
from briefing.render import answer_headline
from briefing.service import Briefing
from db.engine import Engine
from tests.conftest import SEEDS_DIR


@pytest.fixture
def briefing(engine: Engine) -> Briefing:
    ingest_paths([SEEDS_DIR], engine=engine)
    return Briefing(engine)


def test_growth_after_an_answer_asks_the_same_measure(briefing: Briefing) -> None:
    first = briefing.answer("software revenue qingdao", chat_id=1)
    assert first.fact is not None and first.fact.value == 11.25
    again = briefing.answer("growth?", chat_id=1)
    assert again.matched and again.fact == first.fact


def test_another_year_is_refused_for_that_measure_not_read_afresh(briefing: Briefing) -> None:
    briefing.answer("software revenue qingdao", chat_id=1)
    later = briefing.answer("and 2022?", chat_id=1)
    assert not later.matched
    assert later.reason is not None and later.reason.years == (2022,)


def test_a_follow_up_never_reads_another_chats_answer(briefing: Briefing) -> None:
    briefing.answer("software revenue qingdao", chat_id=1)
    assert not briefing.answer("growth?", chat_id=2).matched


def test_a_full_question_starts_afresh(briefing: Briefing) -> None:
    briefing.answer("software revenue qingdao", chat_id=1)
    telecom = briefing.answer("telecom revenue in qingdao", chat_id=1)
    assert telecom.fact is not None and telecom.fact.value == 7.85


def test_conversations_expire_and_stay_bounded(tmp_path: Path) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    clock = [now]
    memory = Conversations(ttl=timedelta(minutes=30), capacity=2, clock=lambda: clock[0])
    query = Query(text="q", terms=("softwar",))
    for chat in (1, 2, 3):
        memory.remember(chat, query)
    assert memory.last(1) is None  # the least recently active chat was forgotten
    assert memory.last(3) == query
    clock[0] = now + timedelta(minutes=31)
    assert memory.last(3) is None


@pytest.mark.parametrize(
    "question",
    [
        "smart communities target in shandong by 2025",
        "how far is shandong from its smart communities goal",
        "progress towards the smart communities target in shandong",
    ],
)
def test_a_target_states_the_progress_towards_it(briefing: Briefing, question: str) -> None:
    answer = briefing.answer(question)
    assert answer.fact is not None and answer.progress is not None
    assert answer.progress.value == 301
    assert "301 of over 5,000 smart communities (6%)" in (answer_headline(answer) or "")
