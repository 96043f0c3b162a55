"""The passage tier: a sentence answers where no fact does, under the same constraints."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing import passages
from briefing.index import FactIndex
from briefing.ingest import ingest_paths
from briefing.present.answers import answer_html
from briefing.question import read_question
from briefing.render import answer_headline
from briefing.service import Briefing, load_facts
from db.engine import Engine
from tests.factories import briefing_of

BRIEFING = """Harbourtown Digital Review

May 3, 2022 By Harbour Post

In 2021, the number of registered drone delivery routes in Harbourtown reached 37, while the \
quantum key distribution backbone finally served some 12 hospitals.

The Harbourtown Artificial Intelligence Computing Center went into operation on June 30, with \
computing power of 120 PFLOPS. The city is one of the pilots of the "Sea Cloud Link" programme \
launched in March 2020.

Software product revenue was 71.2 billion yuan, up 9.4%; information technology service \
revenue was 176.8 billion yuan, up 14.9%.

Harbourtown has 1,523 high-tech firms. Among them, 67 were recognized as national-level "little \
giant" firms. The Harbourtown Data Exchange has put 152,000 records on sale, and its trading \
volume reached 3.16 billion yuan.

By the end of 2021, the port had 7,920 5G base stations, and the number of gigabit broadband \
subscribers reached 356,000.
"""


@pytest.fixture
def briefing(engine: Engine, tmp_path: Path) -> Briefing:
    return briefing_of(engine, tmp_path, {"harbour.txt": BRIEFING})


def test_a_sentence_answers_when_no_fact_was_extracted(briefing: Briefing) -> None:
    answer = briefing.answer("how many hospitals are on the quantum key distribution backbone")
    assert answer.matched
    headline = answer_headline(answer) or ""
    assert "12" in headline and len(headline) <= 100
    if answer.passage is not None:
        assert "<b>12" in answer_html(answer)  # the figure is bold in the quoted clause


def test_a_when_question_gets_the_date_with_its_year(briefing: Briefing) -> None:
    answer = briefing.answer("when did the harbourtown ai computing center go into operation")
    assert answer.matched
    assert (answer_headline(answer) or "").startswith(
        "30 June 2021"
    )  # the paragraph before is about 2021


def test_a_when_question_gets_a_month_of_a_year(briefing: Briefing) -> None:
    answer = briefing.answer("When was the Sea Cloud Link programme launched?")
    assert answer.matched
    assert "March 2020" in (answer_headline(answer) or "")


def test_a_count_followed_by_a_verb_is_a_figure(briefing: Briefing) -> None:
    answer = briefing.answer("how many little giant firms are there in harbourtown")
    assert answer.matched
    assert "67" in (answer_headline(answer) or "")


def test_a_clause_opening_with_its_belongs_to_the_clause_before(
    briefing: Briefing, engine: Engine
) -> None:
    index = FactIndex(load_facts(engine))
    search = passages.PassageSearch(engine, index, index.analyzer)
    match = search.best(read_question("Harbourtown Data Exchange trading volume", index).query)
    assert match is not None
    assert "3.16 billion" in match.clause and "152,000" not in match.clause


def test_a_clause_answers_only_for_the_words_it_holds(briefing: Briefing, engine: Engine) -> None:
    """The sentence holds "5G" and "subscribers", but its 5G counts base stations: the
    subscribers' clause is no answer to how many 5G subscribers there are."""
    index = FactIndex(load_facts(engine))
    search = passages.PassageSearch(engine, index, index.analyzer)
    gigabit = search.best(read_question("port gigabit broadband subscribers", index).query)
    assert gigabit is not None and "356,000" in gigabit.clause
    assert search.best(read_question("port 5G subscribers", index).query) is None


def test_the_same_constraints_bind_passages(briefing: Briefing) -> None:
    assert not briefing.answer("how many hospitals are on the quantum backbone in 2019").matched
    assert not briefing.answer(
        "how many hospitals are on the quantum backbone in Lakeland"
    ).matched


def test_a_comparison_computes_the_gap(briefing: Briefing) -> None:
    answer = briefing.answer("compare software product and IT service revenue growth")
    assert answer.matched and answer.comparison is not None
    headline = answer_headline(answer) or ""
    assert "9.4%" in headline and "14.9%" in headline and "5.5 points" in headline


def test_a_comparison_of_two_places_or_periods_keeps_the_measure(
    engine: Engine, tmp_path: Path
) -> None:
    cities = (
        "Two Cities Report\n\nMarch 3, 2022 By Wire\n\n"
        "In 2021, the software revenue of Rivertown reached 300 billion yuan, up 12.5%.\n\n"
        "In 2021, the software revenue of Lakeland reached 200 billion yuan, up 9.5%.\n\n"
        "In the first half of 2021, the software revenue of Rivertown reached 140 billion yuan, "
        "up 15.0%.\n"
    )
    briefing = briefing_of(engine, tmp_path, {"cities.txt": cities})
    places = briefing.answer("compare Rivertown and Lakeland software revenue growth in 2021")
    assert places.comparison is not None
    assert "12.5%" in (answer_headline(places) or "") and "9.5%" in (answer_headline(places) or "")
    periods = briefing.answer(
        "Rivertown software revenue growth in H1 2021 compared with the full year"
    )
    assert periods.comparison is not None
    headline = answer_headline(periods) or ""
    assert "15%" in headline and "12.5%" in headline


@pytest.mark.parametrize(("postings", "matches"), [(0, 500), (1, 500), (10_000, 1)])
def test_words_too_common_to_rank_still_find_their_sentence(
    briefing: Briefing,
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    postings: int,
    matches: int,
) -> None:
    """In a large store the database ranks only selective words, and only the newest matches:
    a question whose words are all too common to rank is answered from the sentences holding
    them all, as one whose words are ranked is."""
    monkeypatch.setattr(passages, "RANKED_POSTINGS", postings)
    monkeypatch.setattr(passages, "RANKED_MATCHES", matches)
    index = FactIndex(load_facts(engine))
    search = passages.PassageSearch(engine, index, index.analyzer)
    asked = read_question("when did the harbourtown ai computing center go into operation", index)
    match = search.best(asked.query)
    assert match is not None and "June 30" in match.clause
    in_2019 = read_question("when did the ai computing center go into operation in 2019", index)
    assert search.best(in_2019.query) is None


def test_a_place_only_the_sentences_name_is_not_taken_for_a_typo(
    engine: Engine, tmp_path: Path
) -> None:
    """A word the facts lack but a stored sentence holds is the reader's word, not a typo of
    a similar one ("Riverdon" is not "Riverton")."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "river.txt").write_text(
        "Riverton Digital Notes\n\nMay 3, 2022 By River Post\n\n"
        "In 2021, the software revenue of Riverton reached 71.2 billion yuan.\n\n"
        "Delegates from Riverdon toured the new data centre.\n",
        encoding="utf-8",
    )
    assert ingest_paths([folder], engine=engine).ok
    index = FactIndex(load_facts(engine))
    search = passages.PassageSearch(engine, index, index.analyzer)
    question = "software revenue of riverdon"
    assert "riverton" in read_question(question, index).query.terms  # taken for a typo
    assert search.holds_word("riverdon") and not search.holds_word("rivertun")
    kept = read_question(question, index, in_documents=search.holds_word).query
    assert "riverdon" in kept.terms and "riverton" not in kept.terms
    read = Briefing(engine).answer(question).query  # as the bot reads it
    assert read is not None and "riverdon" in read.terms
