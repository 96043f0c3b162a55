"""The Briefing facade follows the store when another process ingests documents."""

from __future__ import annotations

import gc
import weakref

from sqlalchemy.engine import Engine

from briefing.ingest import ingest_text
from briefing.service import Briefing

HARBOUR_REPORT = """Harbourtown's Cloud Sector Grows

Harbour Daily, March 3, 2023

In 2022, the cloud computing revenue of Harbourtown was 4.2 billion yuan, up 18.5% year on year.
"""


def test_refresh_if_changed_picks_up_a_document_ingested_elsewhere(engine: Engine) -> None:
    briefing = Briefing(engine)
    assert not briefing.answer("Harbourtown cloud computing revenue").matched
    assert briefing.refresh_if_changed() is False  # nothing changed yet

    ingest_text(HARBOUR_REPORT, engine=engine, slug="harbour-cloud")

    assert briefing.refresh_if_changed() is True
    answer = briefing.answer("Harbourtown cloud computing revenue")
    assert answer.matched and answer.fact is not None
    assert answer.fact.value == 4.2 and answer.fact.change == 18.5
    assert briefing.refresh_if_changed() is False


def test_a_reload_swaps_in_the_new_index_and_frees_the_old(engine: Engine) -> None:
    ingest_text(HARBOUR_REPORT, engine=engine, slug="harbour-cloud")
    briefing = Briefing(engine)
    old = weakref.ref(briefing.index)
    before = len(briefing.index)
    ingest_text(HARBOUR_REPORT.replace("Harbourtown", "Riverton"), engine=engine, slug="river")

    briefing.refresh()

    assert len(briefing.index) > before
    assert briefing.answer("Riverton cloud computing revenue").matched
    assert briefing.answer("Harbourtown cloud computing revenue").matched
    gc.collect()
    assert old() is None  # nothing holds the old index once the new one is in
