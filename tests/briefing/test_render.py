"""Fact headlines: region, subject, period, figure and change, one shape per kind."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from briefing.render import comparison_headline, fact_headline
from briefing.views import ComparedSide, Comparison
from core.facts import Source
from tests.factories import billion_yuan, draft

SOURCE = Source(
    slug="harbourtown-review",
    title='Harbourtown <Review> & "Outlook"',
    outlet="Harbour Post",
    published=date(2021, 8, 25),
    url="https://example.org/r?a=1&b=<2>",
)
SOFTWARE = replace(
    billion_yuan(
        "software and IT services revenue",
        region="Harbourtown",
        period="2021-H1",
        value=11.25,
        change=22.6,
        quote="Software <b>and</b> IT services earned 11.25 billion yuan, up 22.6% & more.",
        topics=("software",),
    ),
    id=7,
    end=1,
    source=SOURCE,
)


def test_headline_leads_with_subject_region_period_figure_and_change() -> None:
    assert fact_headline(SOFTWARE) == (
        "Software and IT services revenue, Harbourtown, H1 2021: 11.25 billion yuan, +22.6% y/y"
    )


@pytest.mark.parametrize(
    ("changes", "headline"),
    [
        (
            {
                "kind": "ranking",
                "subject": "Top 100 Digital Cities",
                "period": "2022",
                "value": 9.0,
                "value_text": None,
                "unit": None,
                "change": None,
            },
            "Top 100 Digital Cities, Harbourtown, 2022: 9th",
        ),
        (
            {
                "subject": "digital economy output",
                "region": "Lakeland",
                "period": "2020",
                "value": 3.0,
                "value_text": "3 trillion",
                "qualifier": "over",
                "change": None,
            },
            "Digital economy output, Lakeland, 2020: over 3 trillion yuan",
        ),
        (
            {
                "kind": "event",
                "subject": "forum held",
                "period": None,
                "value": None,
                "value_text": "April 28",
                "unit": None,
                "change": None,
                "event_date": date(2021, 4, 28),
            },
            "Forum held, Harbourtown: 28 April 2021",
        ),
        (
            {
                "kind": "person",
                "subject": "Ada Quill",
                "value": None,
                "value_text": "Mayor of Harbourtown",
                "unit": None,
                "change": None,
            },
            "Ada Quill: Mayor of Harbourtown",
        ),
        (
            {
                "kind": "target",
                "subject": "industrial platforms",
                "period": None,
                "value": 15.0,
                "value_text": "15",
                "unit": "platforms",
                "change": None,
            },
            "Industrial platforms, Harbourtown, target: 15 platforms",
        ),
        (
            {"change": -3.5},
            "Software and IT services revenue, Harbourtown, H1 2021: 11.25 billion yuan, "
            "-3.5% y/y",
        ),
    ],
)
def test_headline_shapes_per_kind(changes, headline) -> None:
    assert fact_headline(replace(SOFTWARE, **changes)) == headline


@pytest.mark.parametrize(
    ("changes", "figure"),
    [
        ({"value": 50.0, "value_text": "50%", "unit": "percent", "qualifier": "over"}, "over 50%"),
        ({"value": 42.0, "value_text": "42 percent", "unit": "percent"}, "42 percent"),
        ({"kind": "ranking", "value": 7.0, "value_text": "7th", "unit": "rank"}, "7th"),
        ({"value": 20.0, "value_text": "20billion yuan", "unit": "yuan"}, "20 billion yuan"),
    ],
)
def test_headline_states_each_unit_once_and_unglues_scales(
    changes: dict[str, Any], figure: str
) -> None:
    fact = replace(SOFTWARE, change=None, **changes)
    assert fact_headline(fact).endswith(f": {figure}")


def test_a_comparison_states_both_amounts_in_one_scale() -> None:
    big = replace(
        draft(
            "software revenue",
            region="Guangdong",
            period="2021",
            value=1.59,
            value_text="1.59 trillion yuan",
            unit="yuan",
            scale="trillion",
            quote="q",
        ),
        end=1,
        source=SOURCE,
    )
    small = replace(
        big,
        subject="internet revenue",
        value=682.4,
        value_text="682.4 billion yuan",
        scale="billion",
        base_value=682.4e9,
    )
    sides = tuple(
        ComparedSide(f.subject, f.value_text or "", f.base_value, False, fact=f)
        for f in (big, small)
    )
    comparison = Comparison(sides, difference=1.59e12 - 682.4e9, ratio=2.33)
    assert comparison_headline(comparison) == (
        "Software revenue 1,590 vs Internet revenue 682.4 billion yuan (2.3x)"
    )


def _placed(subject: str, region: str, period: str, value: float, text: str, **more: Any) -> Any:
    fact = draft(subject, region=region, period=period, value=value, value_text=text, **more)
    return replace(fact, end=1, source=SOURCE)


def test_a_chinese_documents_figure_reads_in_english() -> None:
    added = _placed("数字经济核心产业增加值", "Changchun", "2022", 612.5, "612.5亿元", unit="yuan")
    stations = _placed("5G基站", "Changchun", "2022", 1.86, "1.86万个", unit="个")
    assert fact_headline(replace(added, base_value=612.5e8)).endswith(": 61.25 billion yuan")
    assert fact_headline(replace(stations, base_value=18600)).endswith(": 18,600")


def test_a_comparison_of_places_names_their_periods_when_they_differ() -> None:
    first = _placed("5G base stations", "Taiyuan", "2023-H1", 14100, "14,100")
    second = replace(first, region="Zhuhai", period="2024-H1", value=10510, value_text="10,510")
    sides = tuple(
        ComparedSide(f.subject, f.value_text or "", f.value, False, fact=f)
        for f in (first, second)
    )
    assert comparison_headline(Comparison(sides, ratio=1.34)) == (
        "Taiyuan (H1 2023) 14,100 vs Zhuhai (H1 2024) 10,510 (1.3x)"
    )
