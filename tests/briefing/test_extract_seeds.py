"""The five seed documents, ingested into a real SQLite store, against a reviewed gold list.

`seed_gold.toml` lists the facts a careful reader finds in the seeds, written from the
documents, not from the extractor. Each gold fact must be matched by a stored fact of its
document. Facts today's extractor misses or mangles are strict expected failures with the
reason: when a fix makes one pass, the suite reports XPASS and its entry in `KNOWN_MISSES` goes.
Known junk (a headline fragment or a bare noun as subject, a ranking's duration as a count) must
not be stored, under the same rule.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from briefing.ingest import ingest_paths
from core.facts import Fact, FactKind
from db import facts as stored_facts
from db.engine import Engine, create_db_engine, new_session
from db.models import Document
from tests.conftest import SEEDS_DIR, StoreMaker
from tests.db.rows import document_row

GOLD_FILE = Path(__file__).parent / "seed_gold.toml"
SEED_SLUGS = sorted(path.stem for path in SEEDS_DIR.glob("*.txt"))


@dataclass(frozen=True)
class GoldFact:
    """One fact as a reader states it; `None` fields are not checked (see the gold file)."""

    id: str
    doc: str
    kind: FactKind
    subject: tuple[str, ...]
    words: tuple[str, ...]
    region: str | None = None
    period: str | None = None
    value: float | None = None
    change: float | None = None
    scale: str | None = None
    unit: str | None = None
    event_date: date | None = None
    role: str | None = None

    def matches(self, fact: Fact) -> bool:
        """Whether a stored fact says what this gold fact says."""
        subject, quote = fact.subject.lower(), fact.quote.lower()
        stored_role = (fact.value_text or "").lower()  # a person's value_text is the role
        given = {
            "region": (self.region, fact.region),
            "period": (self.period, fact.period),
            "scale": (self.scale, fact.scale),
            "unit": (self.unit, fact.unit),
            "event_date": (self.event_date, fact.event_date),
        }
        return (
            fact.source.slug == self.doc
            and fact.kind == self.kind
            and all(key.lower() in subject for key in self.subject)
            and all(words.lower() in quote for words in self.words)
            and all(want == got for want, got in given.values() if want is not None)
            and _same_number(self.value, fact.value)
            and _same_number(self.change, fact.change)
            and (self.role is None or self.role.lower() in stored_role)
        )


def _same_number(want: float | None, got: float | None) -> bool:
    return want is None or (got is not None and got == pytest.approx(want))


def load_gold(path: Path = GOLD_FILE) -> list[GoldFact]:
    """The gold facts, with unknown keys refused so a misspelt field cannot go unchecked."""
    with path.open("rb") as handle:
        records: list[dict[str, Any]] = tomllib.load(handle)["fact"]
    known = set(GoldFact.__dataclass_fields__)
    gold = []
    for record in records:
        unknown = set(record) - known
        assert not unknown, f"{record.get('id')}: unknown keys {sorted(unknown)}"
        gold.append(
            GoldFact(
                **{
                    **record,
                    "kind": FactKind(record["kind"]),
                    "subject": tuple(record["subject"]),
                    "words": tuple(record["words"]),
                }
            )
        )
    return gold


GOLD = load_gold()

# Why today's extractor fails a gold fact, one reason per failure mode (none today).
KNOWN_MISSES: dict[str, str] = {}


def expected_to_fail(reason: str | None) -> list[pytest.MarkDecorator]:
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


def gold_params() -> list[Any]:
    return [
        pytest.param(gold, id=gold.id, marks=expected_to_fail(KNOWN_MISSES.get(gold.id)))
        for gold in GOLD
    ]


@dataclass(frozen=True)
class Junk:
    """Something stored as a fact that a reader would not list, and why it is still there."""

    subject: str | None = None  # the whole subject, case-insensitive
    unit: str | None = None
    still_stored: str | None = None  # why today's extractor produces it; None once fixed

    def matches(self, fact: Fact) -> bool:
        """Whether `fact` is this junk."""
        return (self.subject is None or fact.subject.strip().lower() == self.subject.lower()) and (
            self.unit is None or fact.unit == self.unit
        )


JUNK: dict[str, Junk] = {
    "headline-fragment": Junk(subject="Mayor Emphasized"),
    "bare-noun": Junk(subject="aspects"),
    "ranking-duration": Junk(unit="consecutive years"),
}


def junk_params() -> list[Any]:
    return [
        pytest.param(junk, id=name, marks=expected_to_fail(junk.still_stored))
        for name, junk in JUNK.items()
    ]


@pytest.fixture(scope="module")
def seeded(make_store: StoreMaker) -> Iterator[Engine]:
    """One real store (each leg's) with the five seeds ingested."""
    engine = create_db_engine(make_store("seeds"))
    report = ingest_paths([SEEDS_DIR], engine=engine)
    assert report.ok and report.new == len(SEED_SLUGS)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def stored(seeded: Engine) -> list[Fact]:
    """Every fact the seeds produced."""
    with new_session(seeded) as session:
        return stored_facts.all_facts(session=session)


@pytest.fixture(scope="module")
def matched(stored: list[Fact]) -> dict[str, Fact]:
    """Gold id -> the stored fact that accounts for it, each stored fact used at most once."""
    return match_one_to_one(GOLD, stored)


def match_one_to_one(gold: list[GoldFact], stored: list[Fact]) -> dict[str, Fact]:
    """A maximum matching of gold facts to stored facts (augmenting paths, in gold order).

    One to one, so a stored fact that runs two statements together (two meetings as one
    event) accounts for one of them, not both.
    """
    candidates = {g.id: [i for i, fact in enumerate(stored) if g.matches(fact)] for g in gold}
    owner: dict[int, str] = {}

    def assign(gold_id: str, seen: set[int]) -> bool:
        for index in candidates[gold_id]:
            if index in seen:
                continue
            seen.add(index)
            if index not in owner or assign(owner[index], seen):
                owner[index] = gold_id
                return True
        return False

    for g in gold:
        assign(g.id, set())
    return {gold_id: stored[index] for index, gold_id in owner.items()}


def facts_of(stored: list[Fact], slug: str) -> list[Fact]:
    return [fact for fact in stored if fact.source.slug == slug]


def document(engine: Engine, slug: str) -> Document:
    return document_row(engine, slug)


def describe(fact: Fact) -> str:
    return (
        f"{fact.kind} {fact.subject!r} value={fact.value} {fact.scale} {fact.unit} "
        f"change={fact.change} period={fact.period} region={fact.region} "
        f"date={fact.event_date} role/value_text={fact.value_text!r}"
    )


def test_gold_list_is_well_formed() -> None:
    ids = [gold.id for gold in GOLD]
    assert len(ids) == len(set(ids)), "duplicate gold ids"
    assert {gold.doc for gold in GOLD} == set(SEED_SLUGS)
    assert set(KNOWN_MISSES) <= set(ids), "a known miss names no gold fact"
    for gold in GOLD:
        assert gold.subject and gold.words, gold.id
        numbered = gold.kind in (FactKind.METRIC, FactKind.COUNT, FactKind.TARGET)
        assert (gold.value is not None) == (numbered or gold.kind == FactKind.RANKING), gold.id


@pytest.mark.parametrize("gold", gold_params())
def test_the_store_holds_the_gold_fact(
    stored: list[Fact], matched: dict[str, Fact], gold: GoldFact
) -> None:
    if gold.id in matched:
        return
    same_kind = [describe(f) for f in facts_of(stored, gold.doc) if f.kind == gold.kind]
    taken = [gold_id for gold_id, f in matched.items() if gold.matches(f)]
    pytest.fail(
        f"no stored fact matches {gold}\n"
        + (f"(the only match accounts for {taken})\n" if taken else "")
        + f"stored {gold.kind} facts:\n"
        + "\n".join(same_kind)
    )


@pytest.mark.parametrize("junk", junk_params())
def test_known_junk_is_not_stored(stored: list[Fact], junk: Junk) -> None:
    assert [describe(f) for f in stored if junk.matches(f)] == []


def test_base_values_use_the_scale(stored: list[Fact]) -> None:
    revenue = [f for f in facts_of(stored, "000_26948ae1af73d2c8") if f.change == 46.6][0]
    assert (revenue.value, revenue.scale, revenue.base_value) == (700, "million", 7e8)
    assert revenue.value_text == "700 million yuan"
    fund = [f for f in facts_of(stored, "002_19f88273aa191c2d") if f.unit == "yuan"][0]
    assert (fund.scale, fund.base_value, fund.value_text) == ("billion", 2e10, "20billion yuan")
    output = [f for f in facts_of(stored, "004_3ea66b8ad71a83fd") if f.unit == "yuan"][0]
    assert (output.qualifier, output.base_value) == ("over", 3e12)


def test_qualifiers_are_kept(stored: list[Fact]) -> None:
    facts = facts_of(stored, "002_19f88273aa191c2d")
    assert {f.value: f.qualifier for f in facts if f.value in (50, 1000)} == {
        50: "over",
        1000: "more than",
    }
    target = [f for f in facts_of(stored, "004_3ea66b8ad71a83fd") if f.kind == "target"][0]
    assert target.qualifier == "over"


def test_stray_list_digits_are_not_facts_but_their_sentences_still_are(
    seeded: Engine, stored: list[Fact]
) -> None:
    facts = facts_of(stored, "002_19f88273aa191c2d")
    assert all(f.value not in (1.0, 3.0) or f.kind == "ranking" for f in facts)
    assert any("1300" in (f.value_text or "") for f in facts)
    text = document(seeded, "002_19f88273aa191c2d").text
    assert "1 it has released 1300 industrial enabling scenarios" in text


def test_page_furniture_is_cleaned_out_of_the_stored_text(seeded: Engine) -> None:
    texts = {slug: document(seeded, slug).text for slug in SEED_SLUGS}
    for text in texts.values():
        for furniture in ("0532-68873099", "9:00am", "copyright", "Copyright", "Disclaimer"):
            assert furniture not in text
        assert "\n01\n" not in f"\n{text}\n" and "HOMEBusiness" not in text
    assert texts["000_26948ae1af73d2c8"].startswith("The Mayor Emphasized More than 60 Times")
    assert "Close" not in texts["000_26948ae1af73d2c8"].split("\n")[0]
    assert "Free Trade Zone" not in texts["001_55b932d46d46f4ab"]


def test_quotes_and_offsets_point_into_the_stored_text(seeded: Engine, stored: list[Fact]) -> None:
    for slug in SEED_SLUGS:
        text = document(seeded, slug).text
        for fact in facts_of(stored, slug):
            assert text[fact.start : fact.end] == fact.quote


def test_documents_carry_metadata_from_the_metadata_file(seeded: Engine) -> None:
    doc = document(seeded, "002_19f88273aa191c2d")
    assert (doc.published, doc.outlet, doc.url) == (date(2021, 4, 28), None, None)
    doc = document(seeded, "000_26948ae1af73d2c8")
    assert (doc.published, doc.outlet) == (date(2021, 8, 25), "markets.financialcontent.com")


def test_topics_come_from_the_vocabulary(stored: list[Fact]) -> None:
    facts = facts_of(stored, "000_26948ae1af73d2c8")
    software = [f for f in facts if f.change == 22.6][0]
    assert "software" in software.topics
    telecom = [f for f in facts if f.change == 15.3][0]
    assert "telecommunications" in telecom.topics
