"""Ingest: documents in, cited facts out, stored idempotently one transaction per document.

A document's identity is its slug (the file stem). Its content hash covers the raw text, the
metadata used and the extractor version, so re-running changes nothing, an edited document
(or better extractor) replaces its facts, and a new document adds its own. Facts that come out
identical keep their ids, so citations and digest cursors stay valid across re-ingests.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.compiler import IdentifierPreparer

from briefing.extract import DocumentContext, extract_facts, fact_log_line
from briefing.extract.places import main_region
from briefing.metadata import (
    METADATA_FILE_NAMES,
    DocumentMetadata,
    MetadataFileError,
    header_lines,
    infer_year,
    load_metadata_file,
    merge_metadata,
    parse_header,
)
from briefing.text import (
    UnreadableDocumentError,
    check_text,
    clean_lines,
    read_document,
    split_sentences,
)
from core.facts import Fact, Source
from db.models import Document, FactRow

logger = logging.getLogger(__name__)

# Bump when extraction changes so a re-ingest refreshes facts of unchanged documents.
EXTRACTOR_VERSION = "1"
# What makes a stored fact "the same" on re-ingest: every extracted field but the title flag.
_COMPARED_FIELDS = tuple(
    f.name for f in fields(Fact) if f.name not in {"from_title", "source", "id"}
)


@dataclass(frozen=True)
class IngestFailure:
    """A document that was skipped, and why."""

    name: str
    reason: str


@dataclass(frozen=True)
class IngestReport:
    """What an ingest run did."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failures: tuple[IngestFailure, ...] = ()
    facts_added: int = 0
    facts_removed: int = 0
    slugs: tuple[str, ...] = field(default=(), compare=False)

    @property
    def failed(self) -> int:
        """How many documents were skipped as bad input."""
        return len(self.failures)

    @property
    def ok(self) -> bool:
        """True when no document failed."""
        return not self.failures

    def summary(self) -> str:
        """One line: documents new/changed/unchanged/failed, facts added/removed."""
        return (
            f"documents: {self.new} new, {self.changed} changed, {self.unchanged} unchanged, "
            f"{self.failed} failed; facts: {self.facts_added} added, "
            f"{self.facts_removed} removed"
        )


@dataclass(frozen=True)
class PreparedDocument:
    """A document read, cleaned and extracted, ready to store."""

    slug: str
    path: str
    metadata: DocumentMetadata
    text: str
    content_hash: str
    facts: tuple[Fact, ...]


class _Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.failures: list[IngestFailure] = []
        self.slugs: list[str] = []

    def report(self) -> IngestReport:
        return IngestReport(
            new=self.counts["new"],
            changed=self.counts["changed"],
            unchanged=self.counts["unchanged"],
            failures=tuple(self.failures),
            facts_added=self.counts["added"],
            facts_removed=self.counts["removed"],
            slugs=tuple(self.slugs),
        )


def collect_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: files as given; folders expanded to their non-hidden files, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.name not in METADATA_FILE_NAMES
            )
        else:
            found.append(path)
    return found


def prepare_document(
    raw_text: str, *, slug: str, path: str, metadata: DocumentMetadata | None = None
) -> PreparedDocument:
    """Clean a document's text, read its header, merge metadata and extract its facts.

    Args:
        raw_text: the decoded document.
        slug: the document's stable identity (file stem).
        path: where it came from, for the record.
        metadata: file/override metadata; wins over what the header says.
    """
    lines = header_lines(raw_text)
    cleaned = clean_lines(lines)
    header = parse_header(lines, body_text="\n".join(line for line in cleaned if line))
    kept: list[str] = []
    if header.title_line is not None:
        kept.append(lines[header.title_line].strip())
    kept.extend(line for line in cleaned[header.body_start :] if line)
    text = "\n\n".join(kept)
    merged = merge_metadata([header.metadata, metadata])
    if merged.title is None:
        merged = DocumentMetadata(title=slug.replace("_", " ")).over(merged)
    ref_year = merged.published.year if merged.published else infer_year(text)
    title_text = kept[0] if header.title_line is not None else ""
    source = Source(
        slug=slug,
        title=merged.title or slug,
        outlet=merged.outlet,
        published=merged.published,
        url=merged.url,
    )
    context = DocumentContext(
        source=source,
        ref_year=ref_year,
        main_region=main_region(title_text, text),
    )
    sentences = split_sentences(text, title_first=header.title_line is not None)
    facts = tuple(extract_facts(sentences, context=context))
    if logger.isEnabledFor(logging.DEBUG):
        for fact in facts:
            logger.debug("%s: %s", slug, fact_log_line(fact))
    digest = hashlib.sha256()
    digest.update(EXTRACTOR_VERSION.encode())
    digest.update(json.dumps(merged.as_dict(), sort_keys=True).encode())
    digest.update(raw_text.encode("utf-8", "surrogatepass"))
    return PreparedDocument(slug, path, merged, text, digest.hexdigest(), facts)


def ingest_paths(
    paths: Sequence[Path | str],
    *,
    engine: Engine,
    overrides: DocumentMetadata | None = None,
    progress: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest files and folders; bad files are reported by name and skipped.

    Args:
        paths: files or folders (folders are walked).
        engine: the store.
        overrides: metadata that wins over the header and the metadata file.
        progress: called with each file's name once it is done.
    """
    tally = _Tally()
    folder_metadata: dict[Path, dict[str, DocumentMetadata]] = {}
    with engine.connect() as conn:  # one connection; one transaction per document
        for path in collect_paths(Path(p) for p in paths):
            name = str(path)
            try:
                folder = path.parent.resolve()
                if folder not in folder_metadata:
                    folder_metadata[folder] = load_metadata_file(folder)
                layered = merge_metadata([folder_metadata[folder].get(path.name), overrides])
                raw_text = read_document(path)
                prepared = prepare_document(raw_text, slug=path.stem, path=name, metadata=layered)
                _store(prepared, conn=conn, tally=tally)
            except (UnreadableDocumentError, MetadataFileError) as exc:
                logger.warning("skipped %s: %s", name, exc)
                tally.failures.append(IngestFailure(name, str(exc)))
            except SQLAlchemyError as exc:
                reason = f"database error: {_first_line(exc)}"
                logger.error("could not store %s: %s", name, reason)
                tally.failures.append(IngestFailure(name, reason))
            except Exception as exc:  # an extractor bug must not stop the other documents
                logger.exception("could not extract facts from %s", name)
                tally.failures.append(IngestFailure(name, f"extraction failed: {exc!r}"))
            if progress is not None:
                progress(name)
    return tally.report()


def ingest_text(
    text: str, *, engine: Engine, slug: str, metadata: DocumentMetadata | None = None
) -> IngestReport:
    """Ingest one document given as text (the admin upload path); same rules as files."""
    tally = _Tally()
    try:
        check_text(text)
        prepared = prepare_document(text, slug=slug, path=f"upload:{slug}", metadata=metadata)
        with engine.connect() as conn:
            _store(prepared, conn=conn, tally=tally)
    except UnreadableDocumentError as exc:
        tally.failures.append(IngestFailure(slug, str(exc)))
    except SQLAlchemyError as exc:
        logger.error("could not store %s: %s", slug, _first_line(exc))
        tally.failures.append(IngestFailure(slug, f"database error: {_first_line(exc)}"))
    return tally.report()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _fact_row(document_id: int, fact: Fact) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "kind": fact.kind,
        "subject": fact.subject,
        "region": fact.region,
        "period": fact.period,
        "value": fact.value,
        "value_text": fact.value_text,
        "unit": fact.unit,
        "scale": fact.scale,
        "base_value": fact.base_value,
        "qualifier": fact.qualifier,
        "change": fact.change,
        "event_date": fact.event_date,
        "quote": fact.quote,
        "start": fact.start,
        "end": fact.end,
        "topics": ",".join(fact.topics),
    }


def _signature(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[name] for name in _COMPARED_FIELDS)


_DOCUMENTS = Document.__table__  # type: ignore[attr-defined]
_FACTS = FactRow.__table__  # type: ignore[attr-defined]
# Built once: executing a ready statement skips SQLAlchemy's per-call construction work.
# Same query as `db.queries.document_identity`, with the slug bound rather than built in.
_SELECT_IDENTITY = select(_DOCUMENTS.c.id, _DOCUMENTS.c.content_hash).where(
    _DOCUMENTS.c.slug == bindparam("slug_key")
)
_INSERT_DOCUMENT = _DOCUMENTS.insert().returning(_DOCUMENTS.c.id)
_UPDATE_DOCUMENT = _DOCUMENTS.update().where(_DOCUMENTS.c.id == bindparam("document_key"))
_SELECT_FACTS = select(_FACTS).where(_FACTS.c.document_id == bindparam("document_key"))
_INSERT_FACTS = _FACTS.insert()
_FACT_COLUMNS = tuple(c.name for c in _FACTS.columns if c.name != "id")
_FACT_VALUES = itemgetter(*_FACT_COLUMNS)


def _insert_facts(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert fact rows in one executemany.

    On SQLite the rows go straight to the driver (a third of the cost of SQLAlchemy's per-row
    parameter processing), with dates as the ISO text SQLAlchemy itself stores there.
    """
    dialect = conn.dialect
    if dialect.name != "sqlite" or dialect.paramstyle != "qmark":
        conn.execute(_INSERT_FACTS, rows)
        return
    conn.exec_driver_sql(
        _sqlite_insert_facts_sql(dialect.identifier_preparer), [_sqlite_values(r) for r in rows]
    )


@lru_cache(maxsize=4)
def _sqlite_insert_facts_sql(preparer: IdentifierPreparer) -> str:
    quote = preparer.quote
    return (
        f"INSERT INTO {quote(_FACTS.name)} ({', '.join(quote(c) for c in _FACT_COLUMNS)}) "
        f"VALUES ({', '.join('?' for _ in _FACT_COLUMNS)})"
    )


def _sqlite_values(row: dict[str, Any]) -> tuple[Any, ...]:
    """A fact row's values in column order, its event date as ISO text."""
    values: tuple[Any, ...] = _FACT_VALUES(row)
    event_date = row["event_date"]
    if event_date is None:
        return values
    at = _FACT_COLUMNS.index("event_date")
    return (*values[:at], event_date.isoformat(), *values[at + 1 :])


def _store(prepared: PreparedDocument, *, conn: Connection, tally: _Tally) -> None:
    """Write one document and its facts in a single transaction (all or nothing)."""
    meta = prepared.metadata
    now = datetime.now(UTC)
    values = {
        "path": prepared.path,
        "title": meta.title or prepared.slug,
        "outlet": meta.outlet,
        "published": meta.published,
        "url": meta.url,
        "content_hash": prepared.content_hash,
        "text": prepared.text,
        "ingested_at": now,
    }
    # Core statements in one transaction: a single executemany for all facts.
    with conn.begin():
        found = conn.execute(_SELECT_IDENTITY, {"slug_key": prepared.slug}).first()
        existing = (int(found[0]), str(found[1])) if found is not None else None
        if existing is not None and existing[1] == prepared.content_hash:
            tally.counts["unchanged"] += 1
            tally.slugs.append(prepared.slug)
            return
        old: dict[tuple[Any, ...], list[int]] = {}
        if existing is None:
            inserted = conn.execute(_INSERT_DOCUMENT, {"slug": prepared.slug, **values})
            document_id = int(inserted.scalar_one())
            status = "new"
        else:
            document_id = existing[0]
            conn.execute(_UPDATE_DOCUMENT, {"document_key": document_id, **values})
            rows_now = conn.execute(_SELECT_FACTS, {"document_key": document_id}).mappings()
            for row in rows_now:
                old.setdefault(_signature(dict(row)), []).append(int(row["id"]))
            status = "changed"
        rows: list[dict[str, Any]] = []
        for fact in prepared.facts:
            row_values = _fact_row(document_id, fact)
            same = old.get(_signature(row_values)) if old else None
            if same:
                same.pop()  # an identical fact is already stored: keep it, and its id
            else:
                rows.append(row_values)
        stale = [fact_id for ids in old.values() for fact_id in ids]
        if stale:
            conn.execute(delete(_FACTS).where(_FACTS.c.id.in_(stale)))
        if rows:
            _insert_facts(conn, rows)
    tally.counts[status] += 1
    tally.counts["added"] += len(rows)
    tally.counts["removed"] += len(stale)
    tally.slugs.append(prepared.slug)
