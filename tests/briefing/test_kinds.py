"""The fact-kind registry: every kind has one entry, and the entry is what the code reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from briefing.extract import KINDS as KIND_NAMES
from briefing.kinds import KINDS, HeadlineStyle, Want, person_key
from briefing.views import Section
from core.facts import FactKind, Source
from tests.factories import billion_yuan

SOURCE = Source(slug="doc", title="Doc", outlet=None, published=date(2021, 8, 25), url=None)
FACT = replace(
    billion_yuan(
        "software revenue",
        region="Harbourtown",
        period="2021",
        value=11.25,
        change=22.6,
        quote="Software revenue was 11.25 billion yuan.",
        topics=("software",),
    ),
    source=SOURCE,
)


def test_every_fact_kind_has_exactly_its_own_registry_entry() -> None:
    assert set(KINDS) == set(FactKind)
    for kind, spec in KINDS.items():
        assert spec.kind is kind
    assert set(KIND_NAMES) == {kind.value for kind in FactKind}


def test_browse_sections_split_measurements_from_initiatives() -> None:
    sections = {kind: spec.section for kind, spec in KINDS.items()}
    assert set(sections.values()) == {Section.METRICS, Section.INITIATIVES}
    assert sections[FactKind.METRIC] is Section.METRICS
    assert sections[FactKind.TARGET] is Section.INITIATIVES


def test_each_want_is_answered_outright_by_at_most_one_kind() -> None:
    answering = [want for spec in KINDS.values() for want in spec.answers]
    assert len(answering) == len(set(answering))
    assert Want.DATE in KINDS[FactKind.EVENT].answers
    assert KINDS[FactKind.PERSON].headline is HeadlineStyle.PERSON


def test_example_templates_take_subject_place_and_period() -> None:
    for spec in KINDS.values():
        for template in (spec.example, spec.growth_example):
            if template is not None:
                question = template.format(subject="s", where=" in W", when=" in 2021")
                assert question.endswith("?") and "s" in question


def test_dedup_keys_tell_one_fact_from_another() -> None:
    key = KINDS[FactKind.METRIC].dedup_key
    assert key(FACT) == key(replace(FACT, subject="software and IT revenue"))
    assert key(FACT) != key(replace(FACT, change=10.0))
    assert key(FACT) != key(replace(FACT, kind=FactKind.TARGET))
    assert person_key("Zhao Haozhi") == person_key("Zhaohaozhi")
