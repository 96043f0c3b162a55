"""Text analyzers: the English one folds documents and questions onto the same terms."""

from __future__ import annotations

import pytest

from briefing.analysis import ANALYZERS, Analyzer, analyzer_for, language_of
from briefing.analysis.phrases import PhraseMatcher
from briefing.kinds import Want

ENGLISH: Analyzer = analyzer_for("en")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Digitalisation of telecom", "digitalization of telecommunications"),
        ("IT services, AI", "information technology services artificial intelligence"),
        ("IC output, chips", "integrated circuit output integrated circuits"),
        ("ranked seventh; five thousand", "ranked 7 5000"),
        ("3,000 units, 22.6% y/y", "3000 units 22.6 percent year on year"),
        ("operating revenues", "revenue"),
        ("three hundred and one", "301"),
    ],
)
def test_fold_normalises_spelling_synonyms_and_numbers(text: str, folded: str) -> None:
    assert ENGLISH.fold(text) == folded


@pytest.mark.parametrize(
    ("plural", "singular"), [("buses", "bus"), ("taxes", "tax"), ("boxes", "box"), ("uses", "use")]
)
def test_a_plural_meets_its_singular(plural: str, singular: str) -> None:
    assert ENGLISH.terms(plural) == ENGLISH.terms(singular)


def test_document_and_question_wordings_meet_on_the_same_terms() -> None:
    document = ENGLISH.terms("Telecom revenues, y/y")
    question = ENGLISH.terms("telecommunications operating revenue year-on-year")
    assert set(document) == set(question)


@pytest.mark.parametrize(
    ("document", "question"),
    [
        ("completed digital transformation", "digitally transformed"),
        ("information services", "informed services"),
    ],
)
def test_a_noun_in_ation_and_an_adverb_in_ally_meet_their_verb_and_adjective(
    document: str, question: str
) -> None:
    assert set(ENGLISH.terms(question)) <= set(ENGLISH.terms(document)) | {"complet"}
    assert ENGLISH.stem("stations") == "station"  # a short root keeps its -ation
    assert ENGLISH.stem("really") == "really"


def test_stopwords_and_generic_words_are_told_apart() -> None:
    assert ENGLISH.is_stopword("the") and not ENGLISH.is_stopword("software")
    assert ENGLISH.is_soft(ENGLISH.stem("industries")) and not ENGLISH.is_soft("software")


def test_analyzers_are_chosen_by_language_code() -> None:
    assert set(ANALYZERS) == {"en", "zh"}
    assert analyzer_for() is ENGLISH and ENGLISH.language == "en"
    assert analyzer_for("zh").language == "zh"
    with pytest.raises(KeyError):
        analyzer_for("xx")


def test_a_text_with_chinese_characters_is_read_as_chinese() -> None:
    assert language_of("青岛 software revenue 上半年") == "zh"
    assert language_of("Qingdao software revenue") == "en"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_analyzer_keeps_the_contract(language: str) -> None:
    analyzer: Analyzer = analyzer_for(language)
    assert analyzer.terms("software revenue") == ENGLISH.terms("software revenue")
    assert analyzer.vocabulary.wants
    assert analyzer.vocabulary.places


def test_phrase_matcher_takes_the_longest_phrase_with_the_analyzers_folding() -> None:
    matcher = PhraseMatcher(ENGLISH.vocabulary.wants, ENGLISH)
    hits = matcher.find(ENGLISH.words("How many parks, and how fast did they grow?"))
    assert [hit.value for hit in hits] == [Want.COUNT, Want.GROWTH, Want.GROWTH]
