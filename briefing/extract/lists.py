"""Lists whose figures go to their items by order: "... respectively".

"The added value of e-commerce, cloud computing and big data, and digital security grew by
18.3%, 27.5% and 13.6% respectively" states three facts, one per item, each with the list's
measure ("e-commerce added value", +18.3%). The figures before "respectively" form runs of
numbers joined by commas and "and"; a list has one run (amounts or changes) or two of the same
length ("was X and Y, up P% and Q% respectively"). The items are the names joined the same way
before the verb: after the measure's "of" or "in" ("the 5G users of China Mobile, China Telecom
and China Unicom in Chengdu"), or at the start of the clause ("Nantong, Wuxi and Changzhou had
...", "Beijing, Shenzhen and Hangzhou took the top three places, with index scores of ...").

Everything here is one pass over the clause's figures and a few splits of the words before
them: linear in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.extract.figures import Figure
from briefing.extract.patterns import any_of
from briefing.extract.places import REGION_NAMES, find_regions

MAX_ITEM_WORDS = 7
"""Longer "items" are clauses, not names: the list is not read."""

_RUN_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
_RUN_TO_RESPECTIVELY = re.compile(r"[^\d;]{0,80}")
_RUNS_GAP = re.compile(r"[^\d;]{1,40}")
_LIST_VERBS = any_of(
    "was, were, is, are, reached, reach, rose, grew, grow, increased, amounted, totaled, totalled,"
    " stood, came, hit, had, have, has, recorded, registered, achieved, generated, posted,"
    " accounted, accounting, account, took, take, made, make, saw, scored, contributed, ranked,"
    " built, added, opened, installed, deployed, signed, attracted, served, employed, exported,"
    " produced, completed, respectively"
)
"""The verbs that end the items ("... digital security grew by", "... Changzhou had")."""
_LIST_VERB = re.compile(rf"\s{_LIST_VERBS}\b", re.IGNORECASE)
_MEASURE_AFTER_VERB = re.compile(
    r"\bwith\s+(?:an?\s+)?(?P<measure>[a-z][\w\s-]{2,40}?)\s+of\s*$", re.IGNORECASE
)
_LEAD_IN = re.compile(
    r"^(?:(?:in|within|among|by|for|during|at|as of|on|meanwhile|of these|of which|of the)\b"
    r"[^,]{0,50}"
    r",\s+|and\s+|while\s+|whereas\s+)",
    re.IGNORECASE,
)
# "Of the base stations, A, B and C built ...": the lead-in names what the figures count.
_OF_THE = re.compile(r"^of (?:the|these|which)\s+(?P<measure>[a-z][\w\s-]{2,40}?)\s*,", re.I)
_CHANGES_AFTER = re.compile(r",?\s+(?:up|down|rising|growing|increasing|an increase of)\s+")
CONTRAST = re.compile(r",\s+(?:while|whereas|but)\s+")
"""Where a clause turns to other things: "..., while A and B recorded ..."."""
_LIST_START = re.compile(r"\s(?:of|in)\s")
_TRAILING_REGION = re.compile(r"\s+in\s+(?:the\s+)?(?P<place>[A-Z][\w']+(?:\s+[A-Z][\w']+)?)$")
_MEASURE_EDGES = re.compile(
    r"^(?:the\s+)?(?:numbers?\s+of\s+|total\s+(?:number\s+)?of\s+)?(?:the\s+)?|\s+(?:of|in)$",
    re.IGNORECASE,
)
_TOTAL_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:for|with|bringing)\s+)?(?:(?:a|the)\s+)?(?:combined\s+)?total\s+(?:of\s+)?$"
    r"|^\s*,?\s*totall?ing\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RespectiveList:
    """A "respectively" list: its items, their measure and the runs of figures they take."""

    items: tuple[str, ...]
    measure: str  # what every figure measures ("added value"), "" when the figures say it
    runs: tuple[tuple[Figure, ...], ...]  # one or two runs of len(items) figures, in order
    region: str | None  # a region the list phrase names ("... in Chengdu")
    end: int  # where "respectively" ends
    total: Figure | None  # "..., for a total of 13.18 million"


def find_respective(text: str, lo: int, hi: int, figures: list[Figure]) -> RespectiveList | None:
    """The "respectively" list of the clause text[lo:hi], if it has one that reads cleanly."""
    at = text.find("respectively", lo, hi)
    if at == -1:
        return None
    before = [f for f in figures if f.num_start < at]
    runs = _runs(text, before)
    if not runs or len(runs[-1]) < 2:
        return None
    last = runs[-1]
    if not _RUN_TO_RESPECTIVELY.fullmatch(text, last[-1].end, at):
        return None
    count = len(last)
    used = [last]
    if (
        len(runs) >= 2
        and len(runs[-2]) == count
        and _RUNS_GAP.fullmatch(text, runs[-2][-1].end, last[0].start)
    ):
        used.insert(0, runs[-2])
    first = used[0][0]
    start = min(first.start, first.num_start)
    # After the last turn of the clause: "..., while A and B recorded X and Y respectively".
    turns = [m.end() for m in CONTRAST.finditer(text, lo, start)]
    items_and_measure = _items(text[turns[-1] if turns else lo : start], count)
    if items_and_measure is None:
        return None
    items, measure, region = items_and_measure
    end = at + len("respectively")
    after = [f for f in figures if f.num_start > end]
    if len(used) == 1 and len(after) >= count and _CHANGES_AFTER.match(text, end, after[0].start):
        trailing = _runs(text, after)[0]
        if len(trailing) == count and all(f.is_percent for f in trailing):
            used.append(trailing)  # "... 63.5 and 112.8 billion yuan respectively, up 14% and 3%"
            end = trailing[-1].end
    total = next(
        (f for f in figures if f.num_start > end and _TOTAL_AFTER.match(text[end : f.start])),
        None,
    )
    return RespectiveList(
        items=tuple(items),
        measure=measure,
        runs=tuple(tuple(run) for run in used),
        region=region,
        end=end,
        total=total,
    )


def _runs(text: str, figures: list[Figure]) -> list[list[Figure]]:
    """Figures joined only by commas and "and", in order ("18.3%, 27.5% and 13.6%")."""
    runs: list[list[Figure]] = []
    for figure in figures:
        if runs and _RUN_GAP.fullmatch(text, runs[-1][-1].end, figure.start):
            runs[-1].append(figure)
        else:
            runs.append([figure])
    return runs


def _items(pre: str, count: int) -> tuple[list[str], str, str | None] | None:
    """(items, measure, region) from the words before a list's first figure."""
    # The verb follows the list's last "and" ("... registered users of A, B and C apps were").
    verb = _LIST_VERB.search(pre, max(0, pre.rfind(" and "))) or _LIST_VERB.search(pre)
    if verb is None:
        return None
    head, tail = pre[: verb.start()], pre[verb.start() :]
    lead = _LEAD_IN.match(head)
    lead_measure = ""
    while lead:
        of_these = _OF_THE.match(lead.group())
        lead_measure = lead_measure or (of_these.group("measure") if of_these else "")
        head = head[lead.end() :]
        lead = _LEAD_IN.match(head)
    measure_after = _MEASURE_AFTER_VERB.search(tail)
    starts = [m.end() for m in _LIST_START.finditer(head)]
    for start in [*reversed(starts), 0]:
        names, region = _without_region(head[start:].strip(" ,"))
        items = split_items(names, count)
        if items is None:
            continue
        measure = _MEASURE_EDGES.sub("", head[:start].strip(" ,")).strip()
        if (
            measure[:1].isupper()
            and measure[1:2].islower()
            and measure.split()[0] not in REGION_NAMES
        ):
            measure = measure[0].lower() + measure[1:]  # "Output of ...": capital of the sentence
        if not measure and measure_after:
            measure = measure_after.group("measure").strip()
        return items, measure or lead_measure, region
    return None


def _without_region(names: str) -> tuple[str, str | None]:
    """The names without a closing "in Chengdu", and that region."""
    trailing = _TRAILING_REGION.search(names)
    if trailing:
        found = find_regions(trailing.group("place"))
        if found:
            return names[: trailing.start()], found[0].name
    return names, None


def split_items(names: str, count: int) -> list[str] | None:
    """`names` as exactly `count` items, or None.

    Commas separate items first ("e-commerce, cloud computing and big data, and digital
    security" is three); "and" splits the last item, then every item, only when the commas
    give too few.
    """
    by_comma = [_item(part) for part in names.split(",")]
    candidates = [by_comma]
    if by_comma and " and " in by_comma[-1]:
        candidates.append([*by_comma[:-1], *(_item(p) for p in by_comma[-1].split(" and "))])
    candidates.append([_item(p) for part in by_comma for p in part.split(" and ")])
    if count == 2 and len(by_comma) == 1:
        # "software and information services and smart home appliances": two items, one
        # "and" joining them, the other inside a name; the most even split is read.
        words = names.split(" and ")
        splits = [(" and ".join(words[:i]), " and ".join(words[i:])) for i in range(1, len(words))]
        splits.sort(key=lambda pair: max(len(pair[0].split()), len(pair[1].split())))
        candidates.extend([_item(a), _item(b)] for a, b in splits)
    for items in candidates:
        if len(items) == count and all(
            item and len(item.split()) <= MAX_ITEM_WORDS for item in items
        ):
            return items
    return None


def _item(part: str) -> str:
    part = part.strip()
    for joiner in ("and ", "or ", "of "):
        if part.startswith(joiner):
            part = part[len(joiner) :]
    return part.strip()


def item_region(item: str) -> tuple[str | None, str]:
    """(region, rest) for an item that is a place ("Baohe District" → "Baohe", "Baohe District").

    The rest is "" when the item is exactly a known region name ("Shenzhen").
    """
    if item in REGION_NAMES:
        return item, ""
    found = find_regions(item)
    if found and found[0].start == 0 and len(item.split()) <= 4:
        return found[0].name, item
    return None, item
