"""Which answers an inline query (`@bot question` in any chat) offers, best first.

The answer to the question comes first (a "did you mean" offers each candidate instead); then
each fact of a ranking or comparison on its own, the earlier values of the answered measure,
and the index's other facts that score as well as a "did you mean" candidate for the
question's words and constraints. A question the bot refuses offers nothing: an inline card
never shows an unrelated figure.
"""

from __future__ import annotations

from briefing.question import read_question
from briefing.scorer import SUGGEST_SCORE
from briefing.service import Briefing
from briefing.views import Answer
from core.facts import Fact

MAX_ANSWERS = 50
"""Answers one inline query offers at most, over all its pages (Telegram shows 50 at most)."""


def fact_answer(fact: Fact, question: str | None = None) -> Answer:
    """A confident answer naming one fact (a card for a candidate the user may pick)."""
    return Answer(question=question or fact.subject, matched=True, confidence=1.0, fact=fact)


def inline_answers(briefing: Briefing, question: str, *, limit: int = MAX_ANSWERS) -> list[Answer]:
    """The answers a non-empty inline query offers, best first, each fact once."""
    answer = briefing.answer(question)
    offered: list[Answer] = []
    seen: set[int] = set()

    def offer(candidate: Answer) -> None:
        single = candidate.fact if not candidate.facts else None
        if len(offered) >= limit or (single is not None and single.stored_id in seen):
            return
        if single is not None:
            seen.add(single.stored_id)
        offered.append(candidate)

    if answer.matched:
        offer(answer)  # a ranking or comparison as a whole, then each of its facts
        for fact in (*answer.facts, *answer.history):
            offer(fact_answer(fact))
    elif not answer.alternatives:
        return []
    for fact in answer.alternatives:
        offer(fact_answer(fact))
    reading = read_question(question, briefing.index)
    for scored in briefing.index.search(reading.query, limit=limit):
        if scored.score >= SUGGEST_SCORE:
            offer(fact_answer(scored.fact))
    return offered
