"""Browsing the store so a user discovers what to ask: metrics, initiatives, sources, topics.

Each section is a sorted, grouped listing cut into `Page`s of `PAGE_SIZE` items; items are
plain text (the renderers escape them) and, for fact listings, `Page.fact_ids` holds the
fact behind each item in the same order so a caller can offer a button per fact. A listing is
sorted and counted from the index's columns; only the facts of the page shown are made.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from briefing.fact_table import FactTable
from briefing.focus import Focus
from briefing.index import FactIndex
from briefing.kinds import KINDS
from briefing.render import fact_headline, short_cite, source_line
from briefing.views import Page, PageEntry, Section
from core.facts import Fact, Source

PAGE_SIZE = 8
SECTIONS: tuple[Section, ...] = tuple(Section)
SECTION_TITLES = {
    Section.METRICS: "Metrics",
    Section.INITIATIVES: "Initiatives and targets",
    Section.SOURCES: "Sources",
    Section.TOPICS: "Topics",
}


@dataclass(frozen=True)
class _Item:
    text: str
    group: str
    entry: PageEntry
    fact_id: int | None = None


def browse_page(
    index: FactIndex, section: str, *, page: int = 1, focus: Focus | None = None
) -> Page | None:
    """Page `page` (1-based) of `section`, of the facts about `focus` when given; None for an
    unknown section or a page past the end."""
    if section not in SECTIONS:
        return None
    table = index.table
    positions = [e.position for e in index.entries if focus is None or focus.holds(e)]
    if section in (Section.SOURCES, Section.TOPICS):
        listed = (_source_items if section == Section.SOURCES else _topic_items)(table, positions)
        total = len(listed)

        def make(window: slice) -> list[_Item]:
            return listed[window]

    else:
        by_kind = section == Section.INITIATIVES
        order = _fact_order(table, positions, Section(section), by_kind=by_kind)
        total = len(order)

        def make(window: slice) -> list[_Item]:
            return [_fact_item(table, p, by_kind=by_kind) for p in order[window]]

    count = max(1, -(-total // PAGE_SIZE))
    if not 1 <= page <= count:
        return None
    chunk = make(slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE))
    groups = list(dict.fromkeys(i.group for i in chunk if i.group))
    title = SECTION_TITLES[Section(section)] + (f" — {', '.join(groups)}" if groups else "")
    return Page(
        title=title,
        items=tuple(i.text for i in chunk),
        number=page,
        count=count,
        fact_ids=tuple(i.fact_id for i in chunk if i.fact_id is not None),
        section=Section(section),
        groups=tuple(groups),
        entries=tuple(i.entry for i in chunk),
        focus=focus.name if focus is not None else None,
    )


def _fact_order(
    table: FactTable, positions: list[int], section: Section, *, by_kind: bool
) -> list[int]:
    """The facts of `section` among `positions` as listed: grouped (by region, or by kind),
    each group by subject, the latest first; read from the table's columns."""

    def latest(position: int) -> tuple[str, int]:
        return (table.period(position) or "", table.ids[position])

    def grouped(position: int) -> tuple[str, str]:
        return (_group(table, position, by_kind=by_kind), table.subject(position).lower())

    listed = [p for p in positions if KINDS[table.kind(p)].section == section]
    return sorted(sorted(listed, key=latest, reverse=True), key=grouped)


def _group(table: FactTable, position: int, *, by_kind: bool) -> str:
    return table.kind(position) if by_kind else table.region(position) or "elsewhere"


def _fact_item(table: FactTable, position: int, *, by_kind: bool) -> _Item:
    fact = table.fact(position)
    return _Item(
        text=f"{fact_headline(fact)} ({short_cite(fact.source)})",
        group=_group(table, position, by_kind=by_kind),
        entry=PageEntry(fact=fact),
        fact_id=fact.id,
    )


def _source_items(table: FactTable, positions: list[int]) -> list[_Item]:
    counts: Counter[str] = Counter()
    sources: dict[str, Source] = {}
    for position in positions:
        source = table.source(position)
        counts[source.slug] += 1
        sources[source.slug] = source
    ordered = sorted(
        sources.values(), key=lambda s: (s.published is None, s.published), reverse=False
    )
    return [
        _Item(
            text=f"{source_line(s)} — {counts[s.slug]} facts",
            group="",
            entry=PageEntry(source=s, count=counts[s.slug]),
        )
        for s in ordered
    ]


def _topic_items(table: FactTable, positions: list[int]) -> list[_Item]:
    by_topic: dict[str, list[int]] = defaultdict(list)
    for position in positions:
        for topic in table.topic_tags(position):
            by_topic[topic].append(position)
    ordered = sorted(by_topic.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    items = []
    for topic, members in ordered:
        names = tuple(sorted({r for p in members if (r := table.region(p))}))
        where = f" in {', '.join(names)}" if names else ""
        entry = PageEntry(topic=topic, count=len(members), regions=names)
        items.append(_Item(text=f"{topic}: {len(members)} facts{where}", group="", entry=entry))
    return items


def example_questions(index: FactIndex) -> list[str]:
    """Candidate questions built from the store's facts, one or two per kind of fact."""
    questions: list[str] = []
    seen_kinds: Counter[str] = Counter()
    growth_groups: Counter[tuple[str | None, str | None]] = Counter()
    table = index.table  # read column by column: only the facts asked about are made
    for position in _shortest_subjects_first(index):
        if table.change(position) is not None:
            growth_groups[(table.region(position), table.period(position))] += 1
        if seen_kinds[table.kind(position)] >= 1:
            continue
        fact = table.fact(position)
        question = _question_for(fact)
        if question:
            questions.append(question)
            seen_kinds[fact.kind] += 1
    for (region, _period), size in growth_groups.most_common(1):
        if size >= 2:
            where = f" in {region}" if region else ""
            questions.insert(1, f"Which industry grew fastest{where}?")
    return questions


def _shortest_subjects_first(index: FactIndex) -> list[int]:
    """Positions of the facts, the most readable examples first: subjects of two words or
    more before one-word ones, shorter before longer, then by fact id."""
    table = index.table
    ranks: dict[str, int] = {}

    def key(position: int) -> int:  # one int, not a tuple per fact
        subject = table.subject(position)
        rank = ranks.get(subject)
        if rank is None:
            rank = ranks[subject] = (len(subject.split()) < 2) << 32 | len(subject)
        return rank << 64 | table.ids[position]

    return sorted(range(len(index)), key=key)


def _question_for(fact: Fact) -> str | None:
    """The kind's example question about `fact`, if the kind has one."""
    spec = KINDS[fact.kind]
    template = spec.growth_example if fact.change is not None else None
    template = template or spec.example
    if template is None:
        return None
    where = f" in {fact.region}" if fact.region and fact.region not in fact.subject else ""
    when = f" in {fact.period}" if fact.period and not fact.period.startswith("by") else ""
    return template.format(subject=fact.subject, where=where, when=when)
