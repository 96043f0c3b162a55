"""The fact factory stores what ingest would: real rows, offsets into the text, stable ids."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from db.engine import new_session
from db.facts import facts
from tests.db.rows import document_row
from tests.factories import FactFactory, draft


def test_facts_get_their_defaults_and_offsets_into_the_document_text(
    engine: Engine, fact_factory: FactFactory
) -> None:
    fact_factory.document(
        "a",
        draft("Fibre length", value=900, unit="km"),
        draft("Lamps", value=2.5, scale="million"),
    )
    with new_session(engine) as session:
        fibre, lamps = facts(session=session, document_slug="a")
    text = document_row(engine, "a").text
    assert text[fibre.start : fibre.end] == fibre.quote == "Fibre length reached 900 km."
    assert text[lamps.start : lamps.end] == lamps.quote == "Lamps reached 2.5 million."
    assert (lamps.value_text, lamps.base_value) == ("2.5 million", 2_500_000)
    assert fibre.source.title == "Report a"


def test_adding_to_a_document_keeps_the_ids_of_its_facts(fact_factory: FactFactory) -> None:
    first = fact_factory.document("a", draft("Fibre length", value=900, unit="km"))
    second = fact_factory.add("a", draft("Lamps", value=3))
    assert fact_factory.add("a") == []
    assert len(first) == len(second) == 1 and first != second
    again = fact_factory.add("a", draft("Fibre length", value=900, unit="km"))
    assert len(again) == 1 and set(again).isdisjoint(first + second)  # an identical twin
