"""Facts as CSV, with their citations: one writer for `citybrief facts --csv` and `/export`.

Each row is a fact's flat record (`briefing.store.RECORD_FIELDS`): its figure, period and
region, the quoted sentence, and the document it comes from (title, outlet, date, URL). An
export is limited to a topic or a region (`briefing.focus`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from briefing.focus import Focus, find_focus, in_focus
from briefing.store import RECORD_FIELDS, fact_record
from core.facts import Fact
from db import facts as stored_facts
from db.engine import Engine, new_session


@dataclass(frozen=True)
class Export:
    """The facts an export sends, and what they were limited to (None: everything)."""

    focus: Focus | None
    facts: tuple[Fact, ...]


def export_facts(engine: Engine, about: str | None = None) -> Export | None:
    """Every stored fact, or those about the topic or region `about` names, in the order of
    `citybrief facts`; None when `about` names no topic or region of the store."""
    with new_session(engine) as session:
        found = stored_facts.facts(session=session)
    focus = None
    if about and about.strip():
        focus = find_focus(about, found)
        if focus is None:
            return None
    return Export(focus, tuple(in_focus(found, focus)))


def write_csv(facts: Iterable[Fact], out: TextIO) -> int:
    """Write a header and one row per fact; returns how many rows were written."""
    writer = csv.DictWriter(out, fieldnames=RECORD_FIELDS, lineterminator="\n")
    writer.writeheader()
    rows = 0
    for fact in facts:
        record = fact_record(fact)
        writer.writerow({**record, "topics": ",".join(record["topics"])})
        rows += 1
    return rows


def csv_bytes(facts: Iterable[Fact]) -> bytes:
    """The CSV as a file to send: UTF-8 with a byte-order mark, so spreadsheets read Chinese."""
    out = io.StringIO()
    write_csv(facts, out)
    return out.getvalue().encode("utf-8-sig")
