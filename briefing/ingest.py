"""Ingest: documents in, cited facts out, stored idempotently one transaction per document.

A document's identity is its slug (the file stem). Its content hash covers the raw text, the
metadata used and the extractor version, so re-running changes nothing, an edited document
(or better extractor) replaces its facts, and a new document adds its own. Facts that come out
identical keep their ids, so citations and digest cursors stay valid across re-ingests (the
write itself is `db.documents.store_document`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from briefing.analysis import Language
from briefing.chinese.decode import UTF8, decode_document
from briefing.chinese.document import is_chinese_document, read_chinese_document
from briefing.chinese.extract import extract_chinese_facts
from briefing.chinese.periods import infer_chinese_year
from briefing.chinese.places import main_place
from briefing.chinese.sentences import split_chinese_sentences
from briefing.extract import DocumentContext, extract_facts, fact_log_line
from briefing.extract.places import main_places
from briefing.forms import Folded, forms_version, sentence_terms, stored_forms
from briefing.limits import MAX_FACTS_PER_DOCUMENT, bound_facts
from briefing.metadata import (
    METADATA_FILE_NAMES,
    DocumentMetadata,
    FolderMetadata,
    MetadataFileError,
    check_published,
    header_lines,
    infer_year,
    load_metadata_file,
    merge_metadata,
    parse_header,
)
from briefing.text import (
    MAX_SENTENCE_CHARS,
    UnreadableDocumentError,
    bound_sentences,
    check_text,
    clean_lines,
    read_document_bytes,
    special_file_kind,
    split_sentences,
    strip_controls,
)
from core.errors import StoreError
from core.facts import Fact, Source
from db import documents
from db.engine import Connection, Engine
from db.sentences import NewSentence

logger = logging.getLogger(__name__)

# Bump when extraction changes so a re-ingest refreshes facts of unchanged documents.
EXTRACTOR_VERSION = "6"  # 6: bounds beside exact figures, "That was X% higher", "up from"


@dataclass(frozen=True)
class DocumentProblem:
    """What went wrong with one document: why it was skipped (a failure), or what it lost to a
    limit when stored (a note, "facts capped at 2,000")."""

    name: str
    reason: str


@dataclass(frozen=True)
class DocumentEncoding:
    """A document read in an encoding other than plain UTF-8 ("gb18030", "utf-16-le")."""

    name: str
    encoding: str


@dataclass(frozen=True)
class IngestReport:
    """What an ingest run did."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failures: tuple[DocumentProblem, ...] = ()
    facts_added: int = 0
    facts_removed: int = 0
    slugs: tuple[str, ...] = field(default=(), compare=False)
    encodings: tuple[DocumentEncoding, ...] = ()
    notes: tuple[DocumentProblem, ...] = ()

    @property
    def failed(self) -> int:
        """How many documents were skipped as bad input."""
        return len(self.failures)

    @property
    def ok(self) -> bool:
        """True when no document failed."""
        return not self.failures

    def summary(self) -> str:
        """One line: documents new/changed/unchanged/failed, facts added/removed, and the
        encoding of every document that was not plain UTF-8."""
        line = (
            f"documents: {self.new} new, {self.changed} changed, {self.unchanged} unchanged, "
            f"{self.failed} failed; facts: {self.facts_added} added, "
            f"{self.facts_removed} removed"
        )
        if self.encodings:
            read_as = ", ".join(f"{e.name} ({e.encoding})" for e in self.encodings)
            line += f"; encodings: {read_as}"
        if self.notes:
            line += "; limits: " + "; ".join(f"{n.name}: {n.reason}" for n in self.notes)
        return line


@dataclass(frozen=True)
class PreparedDocument:
    """A document read, cleaned and extracted, ready to store."""

    slug: str
    path: str
    metadata: DocumentMetadata
    text: str
    content_hash: str
    facts: tuple[Fact, ...]
    language: Language
    sentences: tuple[NewSentence, ...] = ()
    notes: tuple[str, ...] = ()
    """What the limits cut (long sentences cut into pieces, facts refused or over the cap)."""
    forms: tuple[str | None, ...] = ()  # each fact's folded texts, for the index

    @property
    def source(self) -> Source:
        """What the document's facts cite (every fact carries the same one)."""
        return Source(
            slug=self.slug,
            title=self.metadata.title or self.slug,
            outlet=self.metadata.outlet,
            published=self.metadata.published,
            url=self.metadata.url,
        )


class _Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.failures: list[DocumentProblem] = []
        self.slugs: list[str] = []
        self.encodings: list[DocumentEncoding] = []
        self.notes: list[DocumentProblem] = []

    def report(self) -> IngestReport:
        return IngestReport(
            new=self.counts["new"],
            changed=self.counts["changed"],
            unchanged=self.counts["unchanged"],
            failures=tuple(self.failures),
            facts_added=self.counts["added"],
            facts_removed=self.counts["removed"],
            slugs=tuple(self.slugs),
            encodings=tuple(self.encodings),
            notes=tuple(self.notes),
        )


def collect_paths(
    paths: Iterable[Path], *, refused: list[DocumentProblem] | None = None
) -> list[Path]:
    """Files to ingest: files as given; folders expanded to their non-hidden files, sorted.

    In a folder, a symlink whose target lies outside the folder (a link to /etc/shadow), and
    anything that is not a regular file (a FIFO, whose read would wait forever; a device), is
    left out and added to `refused` with its name and why. A file given by name is taken as
    given; reading it still refuses anything but a regular file.
    """
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        root = path.resolve()
        for entry in _walk(path):
            parts = entry.relative_to(path).parts
            if any(part.startswith(".") for part in parts) or entry.name in METADATA_FILE_NAMES:
                continue
            reason = _refusal(entry, root)
            if reason is None:
                found.append(entry)
            elif reason and refused is not None:
                logger.warning("refused %s: %s", entry, reason)
                refused.append(DocumentProblem(str(entry), reason))
    return found


def _walk(folder: Path) -> list[Path]:
    """Every entry under `folder` but folders, sorted; symlinked folders are not entered."""
    entries: list[Path] = []
    for here, folders, files in os.walk(folder, followlinks=False):
        base = Path(here)
        entries.extend(base / name for name in files)
        entries.extend(base / name for name in folders if (base / name).is_symlink())
    return sorted(entries)


def _refusal(entry: Path, root: Path) -> str | None:
    """Why a folder entry is not ingested ("" to skip it silently), or None to ingest it."""
    try:
        if entry.is_symlink():
            target = entry.resolve()
            if not target.is_relative_to(root):
                return f"symlink to {target}, outside the folder"
            if target.is_dir():
                return ""  # a link to a folder inside: its files are walked there
        kind = special_file_kind(entry.stat().st_mode)
    except (OSError, RuntimeError) as exc:  # a dangling link, a symlink loop
        return f"cannot read: {getattr(exc, 'strerror', None) or exc}"
    if kind is not None:
        return f"not a regular file: a {kind}"
    return None


def prepare_document(
    raw_text: str, *, slug: str, path: str, metadata: DocumentMetadata | None = None
) -> PreparedDocument:
    """Clean a document's text, read its header, merge metadata and extract its facts.

    A document that is mostly Chinese is read by `briefing.chinese`, any other by the
    English reader; both give the same kinds of facts.

    Args:
        raw_text: the decoded document.
        slug: the document's stable identity (file stem).
        path: where it came from, for the record.
        metadata: file/override metadata; wins over what the header says.
    """
    raw_text = strip_controls(raw_text)
    language = Language.CHINESE if is_chinese_document(raw_text) else Language.ENGLISH
    read = (_read_chinese if language is Language.CHINESE else _read_english)(raw_text)
    text, title_text = read.text, read.title
    merged = check_published(merge_metadata([read.header, metadata]), where=slug)
    if merged.title is None:
        merged = DocumentMetadata(title=slug.replace("_", " ")).over(merged)
    source = Source(
        slug=slug,
        title=merged.title or slug,
        outlet=merged.outlet,
        published=merged.published,
        url=merged.url,
    )
    found: list[Fact]
    if language is Language.CHINESE:
        sentences, cut = bound_sentences(
            split_chinese_sentences(text, title_first=bool(title_text))
        )
        found = list(
            extract_chinese_facts(
                sentences,
                source=source,
                ref_year=merged.published.year if merged.published else infer_chinese_year(text),
                main_region=main_place(title_text, text),
            )
        )
    else:
        sentences, cut = bound_sentences(split_sentences(text, title_first=bool(title_text)))
        places = main_places(title_text, text)
        context = DocumentContext(
            source=source,
            ref_year=merged.published.year if merged.published else infer_year(text),
            main_region=places.region,
            main_province=places.province,
        )
        found = extract_facts(sentences, context=context)
    bounded = bound_facts(found)
    facts = bounded.facts
    if logger.isEnabledFor(logging.DEBUG):
        for fact in facts:
            logger.debug("%s: %s", slug, fact_log_line(fact))
    digest = hashlib.sha256()
    digest.update(EXTRACTOR_VERSION.encode())
    digest.update(forms_version().encode())  # new analyzers: refresh the stored forms
    digest.update(json.dumps(merged.as_dict(), sort_keys=True).encode())
    digest.update(raw_text.encode("utf-8", "surrogatepass"))
    folded: Folded = {}  # each sentence folded once, for its terms and its facts' forms
    stored_sentences = tuple(
        NewSentence(position, s.start, s.end, s.text, " ".join(sentence_terms(s.text, folded)))
        for position, s in enumerate(sentences)
    )
    notes = _limit_notes(cut, bounded.out_of_range, bounded.over_cap, len(found))
    for note in notes:
        logger.warning("%s: %s", slug, note)
    return PreparedDocument(
        slug,
        path,
        merged,
        text,
        digest.hexdigest(),
        facts,
        language,
        stored_sentences,
        notes,
        forms=stored_forms(facts, folded=folded),
    )


def _limit_notes(cut: int, out_of_range: int, over_cap: int, found: int) -> tuple[str, ...]:
    """The ingest summary's words for what the limits took from one document."""
    notes: list[str] = []
    if cut:
        notes.append(f"{cut} sentence(s) over {MAX_SENTENCE_CHARS:,} characters cut into clauses")
    if out_of_range:
        notes.append(f"{out_of_range} fact(s) with numbers out of range refused")
    if over_cap:
        notes.append(
            f"{found - out_of_range:,} facts found, only the first {MAX_FACTS_PER_DOCUMENT:,} kept"
        )
    return tuple(notes)


class _Read(NamedTuple):
    """A document's cleaned text, its title line ("" if none) and what its header says."""

    text: str
    title: str
    header: DocumentMetadata


def _read_english(raw_text: str) -> _Read:
    """An English document, cleaned, with its header read."""
    lines = header_lines(raw_text)
    cleaned = clean_lines(lines)
    header = parse_header(lines, body_text="\n".join(line for line in cleaned if line))
    kept: list[str] = []
    if header.title_line is not None:
        kept.append(lines[header.title_line].strip())
    kept.extend(line for line in cleaned[header.body_start :] if line)
    title_text = kept[0] if header.title_line is not None else ""
    return _Read("\n\n".join(kept), title_text, header.metadata)


def _read_chinese(raw_text: str) -> _Read:
    """A Chinese release, cleaned, with its title and dateline read."""
    document = read_chinese_document(raw_text)
    return _Read(document.text, document.title, document.header)


def ingest_paths(
    paths: Sequence[Path | str],
    *,
    engine: Engine,
    overrides: DocumentMetadata | None = None,
    progress: Callable[[str], None] | None = None,
    jobs: int = 1,
) -> IngestReport:
    """Ingest files and folders; bad files are reported by name and skipped.

    Args:
        paths: files or folders (folders are walked).
        engine: the store.
        overrides: metadata that wins over the header and the metadata file.
        progress: called with each file's name once it is done.
        jobs: worker processes that read and extract (`briefing.parallel`); this process
            alone writes, in the files' order, so the stored facts are the same for any
            number of jobs.
    """
    tally = _Tally()
    files = collect_paths((Path(p) for p in paths), refused=tally.failures)
    if jobs > 1 and len(files) > 1:
        from briefing.parallel import read_in_workers  # it builds on this module

        reads = read_in_workers(files, overrides=overrides, jobs=jobs)
    else:
        folder_metadata: dict[Path, FolderMetadata] = {}
        reads = ((p, read_file(p, overrides=overrides, folders=folder_metadata)) for p in files)
    with engine.connect() as connection:  # one connection; one transaction per document
        for path, read in reads:
            name = str(path)
            try:
                if read.encoding is not None and read.encoding != UTF8:
                    tally.encodings.append(DocumentEncoding(name, read.encoding))
                _store(read.prepared(), connection=connection, tally=tally)
            except (UnreadableDocumentError, MetadataFileError) as exc:
                logger.warning("skipped %s: %s", name, exc)
                tally.failures.append(DocumentProblem(name, str(exc)))
            except StoreError as exc:
                logger.error("could not store %s: %s", name, exc)
                tally.failures.append(DocumentProblem(name, str(exc)))
            except Exception as exc:  # an extractor bug must not stop the other documents
                logger.exception("could not extract facts from %s", name)
                tally.failures.append(DocumentProblem(name, f"extraction failed: {exc!r}"))
            if progress is not None:
                progress(name)
    return tally.report()


@dataclass(frozen=True)
class ReadFile:
    """A file read and extracted, or what went wrong doing so (raised where it is stored)."""

    encoding: str | None
    document: PreparedDocument | None = None
    error: Exception | None = None

    def prepared(self) -> PreparedDocument:
        """The prepared document; raises what reading or extracting it raised."""
        if self.error is not None:
            raise self.error
        assert self.document is not None
        return self.document


def read_file(
    path: Path,
    *,
    overrides: DocumentMetadata | None,
    folders: dict[Path, FolderMetadata],
) -> ReadFile:
    """Read, decode and extract one file (no database): the part of ingest a worker does.

    `folders` caches each folder's metadata file.
    """
    encoding: str | None = None
    try:
        folder = path.parent.resolve()
        if folder not in folders:
            folders[folder] = load_metadata_file(folder)
        layered = merge_metadata([folders[folder].for_file(path.name), overrides])
        raw_text, encoding = decode_document(read_document_bytes(path))
        document = prepare_document(raw_text, slug=path.stem, path=str(path), metadata=layered)
    except Exception as exc:  # raised again where the file is stored, and reported there
        return ReadFile(encoding, error=exc)
    return ReadFile(encoding, document)


def ingest_text(
    text: str, *, engine: Engine, slug: str, metadata: DocumentMetadata | None = None
) -> IngestReport:
    """Ingest one document given as text (the admin upload path); same rules as files."""
    tally = _Tally()
    try:
        check_text(text)
        prepared = prepare_document(text, slug=slug, path=f"upload:{slug}", metadata=metadata)
        with engine.connect() as connection:
            _store(prepared, connection=connection, tally=tally)
    except (UnreadableDocumentError, MetadataFileError) as exc:
        tally.failures.append(DocumentProblem(slug, str(exc)))
    except StoreError as exc:
        logger.error("could not store %s: %s", slug, exc)
        tally.failures.append(DocumentProblem(slug, str(exc)))
    return tally.report()


def _store(prepared: PreparedDocument, *, connection: Connection, tally: _Tally) -> None:
    """Store one document and its facts (one transaction) and count what happened."""
    stored = documents.store_document(
        connection=connection,
        source=prepared.source,
        path=prepared.path,
        content_hash=prepared.content_hash,
        text=prepared.text,
        facts=prepared.facts,
        forms=prepared.forms,
        sentences=prepared.sentences,
        now=datetime.now(UTC),
    )
    tally.counts[stored.status] += 1
    tally.counts["added"] += stored.facts_added
    tally.counts["removed"] += stored.facts_removed
    tally.slugs.append(prepared.slug)
    tally.notes.extend(DocumentProblem(prepared.path, note) for note in prepared.notes)
