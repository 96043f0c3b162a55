"""Document and fact queries on a real SQLite store."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from briefing.ingest import ingest_text
from db import queries
from db.engine import new_session

DOC = """Suzhou builds out

2022-06-01 Jiangsu Daily

Suzhou has built 900 5G base stations. Its software revenue rose 8% to 3.2 billion yuan.
By 2025, Suzhou will build 2,000 smart factories. Nanjing ranked second among cities in Jiangsu.
"""


def test_filters_select_by_kind_region_document_and_text(engine: Engine) -> None:
    ingest_text(DOC, engine=engine, slug="suzhou")
    ingest_text(DOC.replace("Suzhou", "Wuxi"), engine=engine, slug="wuxi")
    with new_session(engine) as session:
        targets = queries.facts(session=session, kind="target")
        suzhou = queries.facts(session=session, region="SUZHOU")
        wuxi_doc = queries.facts(session=session, document_slug="wuxi")
        software = queries.facts(session=session, search="software")
        capped = queries.facts(session=session, limit=2)
        first_id = capped[0][0].id
        assert first_id is not None
        after = queries.facts(session=session, after_id=first_id)
    assert {(f.value, d.slug) for f, d in targets} == {(2000.0, "suzhou"), (2000.0, "wuxi")}
    assert {d.slug for _, d in suzhou} == {"suzhou"}
    assert all(d.slug == "wuxi" for _, d in wuxi_doc) and len(wuxi_doc) == 4
    assert {f.base_value for f, _ in software} == {3.2e9}
    assert len(capped) == 2 and all(f.id and f.id > first_id for f, _ in after)


def test_document_lookups(engine: Engine) -> None:
    ingest_text(DOC, engine=engine, slug="suzhou")
    with new_session(engine) as session:
        doc = queries.document_by_slug(session=session, slug="suzhou")
        missing = queries.document_by_slug(session=session, slug="nope")
        identity = queries.document_identity(session=session, slug="suzhou")
        listed = queries.documents(session=session)
        count = queries.fact_count(session=session)
    assert doc is not None and missing is None
    assert identity == (doc.id, doc.content_hash)
    assert [d.slug for d in listed] == ["suzhou"] and count == 4


def test_fact_by_id_returns_fact_and_document_or_none(engine: Engine) -> None:
    ingest_text(DOC, engine=engine, slug="suzhou")
    with new_session(engine) as session:
        fact, _ = queries.facts(session=session, kind="ranking")[0]
        assert fact.id is not None
        found = queries.fact_by_id(session=session, fact_id=fact.id)
        none = queries.fact_by_id(session=session, fact_id=10_000)
    assert found is not None and found[0].value == 2.0 and found[1].slug == "suzhou"
    assert none is None
