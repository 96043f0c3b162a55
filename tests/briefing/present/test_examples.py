"""Every example the bot shows a user works on the starting corpus: asked, it is answered."""

from __future__ import annotations

import re

import pytest

from briefing.ingest import ingest_paths
from briefing.present import messages
from briefing.schedule import parse_subscribe_args
from briefing.service import Briefing
from db import facts as stored_facts
from db.engine import Engine, new_session
from tests.conftest import SEEDS_DIR

QUESTION_EXAMPLES = {
    "/ask in the menu": re.search(r"/ask (.+)$", messages.ASK_DESCRIPTION),
    "/ask usage": re.search(r"<code>/ask (.+?)</code>", messages.ASK_USAGE_HTML),
    "a mention": re.search(r"@\{username\} (.+?)</i>", messages.EMPTY_QUESTION_HTML),
}


@pytest.fixture
def seeded(engine: Engine) -> Briefing:
    ingest_paths([SEEDS_DIR], engine=engine)
    return Briefing(engine)


@pytest.mark.parametrize("where", sorted(QUESTION_EXAMPLES))
def test_every_example_question_is_answered(seeded: Briefing, where: str) -> None:
    found = QUESTION_EXAMPLES[where]
    assert found is not None, f"no example found in the {where} text"
    assert seeded.answer(found.group(1)).matched, found.group(1)


def test_the_default_and_the_stores_own_examples_are_answered(seeded: Briefing) -> None:
    for question in (messages.DEFAULT_EXAMPLE_QUESTION, *seeded.example_questions()):
        assert seeded.answer(question).matched, question


def test_every_subscribe_example_is_accepted(engine: Engine) -> None:
    ingest_paths([SEEDS_DIR], engine=engine)
    with new_session(engine) as session:
        known = stored_facts.known_topics(session=session)
    usage = messages.SUBSCRIBE_USAGE
    for example in re.findall(r"/subscribe((?: [^·\n]+)?)", usage.split("e.g.", 1)[1]):
        parse_subscribe_args(example.split(), known_topics=known)
