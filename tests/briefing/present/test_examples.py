"""Every example the bot shows a user works on the starting corpus: asked, it is answered."""

from __future__ import annotations

import re

import pytest

from briefing.ingest import ingest_paths
from briefing.present import messages
from briefing.schedule import match_topic, parse_subscribe_args, parse_timezone
from briefing.service import Briefing
from db import facts as stored_facts
from db.engine import Engine, new_session
from handlers.commands import START_EXAMPLES
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


def test_every_timezone_and_unsubscribe_example_is_accepted(engine: Engine) -> None:
    ingest_paths([SEEDS_DIR], engine=engine)
    with new_session(engine) as session:
        known = stored_facts.known_topics(session=session)
    texts = (
        messages.TIMEZONE_USAGE,
        messages.TIMEZONE_DESCRIPTION,
        messages.CHOOSE_TIMEZONE,
        messages.UNSUBSCRIBE_DESCRIPTION,
        messages.SUBSCRIBE_DESCRIPTION,
    )
    zones = [z for text in texts for z in re.findall(r"/timezone ([A-Z][^\s,]*)", text)]
    assert zones == ["Shanghai", "UTC+8", "Europe/London", "Shanghai"]
    for zone in zones:
        parse_timezone(zone)
    topics = re.findall(r"/unsubscribe (\w+)", messages.UNSUBSCRIBE_DESCRIPTION)
    assert topics and all(match_topic(topic, known) for topic in topics)
    for example in re.findall(r"/subscribe ([^:\n]+?)(?:$| ·)", messages.SUBSCRIBE_DESCRIPTION):
        parse_subscribe_args(example.split(), known_topics=known)


def test_the_start_buttons_ask_the_stores_current_examples(seeded: Briefing) -> None:
    examples = seeded.example_questions()[:START_EXAMPLES]
    assert len(examples) == START_EXAMPLES
    for question in examples:
        answer = seeded.answer(question)
        assert answer.matched and answer.reason is None, question
        # Answered with the fact it asks about (or, for "which … fastest", a ranking).
        if answer.ranking is None:
            assert answer.fact is not None, question
            assert answer.fact.subject.lower() in question.lower(), question
