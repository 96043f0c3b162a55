"""A dimension or a role's rank the question names binds the answer like its place and year."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.analysis import terms_in_own_language
from briefing.dimensions import (
    Dimension,
    added_for_total,
    asked_dimension,
    counted_word,
    states_dimension,
)
from briefing.render import answer_headline
from briefing.service import Briefing
from db.engine import Engine
from tests.factories import briefing_of

BRIEFING = """Harbourtown Manufacturing Review

Source: Harbour Post 2023-02-10 09:00

Harbourtown's digital economy reached 552.7 billion yuan in 2022, an increase of 11.6 percent, \
accounting for 21.6% of the city's GDP, the municipal bureau said on February 9.

Harbourtown produced 78.6 million smartphones in 2022, although the price of components rose \
for the second year in a row.

The computing power of the Harbourtown Artificial Intelligence Computing Center, which opened \
in June, reached 300 PFlops.

By the end of 2022, Harbourtown had 27,500 5G base stations, and 5G users accounted for 61.5% of \
mobile phone users. The port area had built 2,160 5G base stations and had 1.26 million gigabit \
broadband users.

Hangzhou has registered 19 large models, the third-most among Chinese cities after Beijing \
and Shanghai, and revenue from large model applications doubled to 6.4 billion yuan. Jiangbei \
New Area and Yuhuatai District contributed 28% and 19% of the city's software revenue \
respectively.

The city has 2,157 software enterprises above designated size. In the first eight months of \
2022, the city's industrial internet industry generated revenue of 21.3 billion yuan. Kylin \
Software has held the largest share of the operating system market for 12 consecutive years. \
The Harbourtown Digital Summit was held on September 12. In 2022, 1,035 enterprises completed \
digital transformation projects, bringing the total since 2020 to 2,180.

"Smart manufacturing is the way forward," said Zhang Wei, director of the bureau. According to \
Li Ming, deputy mayor of Harbourtown, the city will build 40 smart factories and 10 AI industry \
parks by 2025.
"""

WEST_COAST = """West Coast New Area Builds 5G Network

Source: Qingdao Daily 2020-09-10 08:00

By the end of August, Qingdao's West Coast New Area had built 3,260 5G base stations, accounting \
for 28.7% of Qingdao's total.
"""

HARBIN = """Harbin Speeds Up 5G

Source: Harbin Daily 2024-01-10 08:00

Harbin's 5G base station density ranks first in Heilongjiang province.
"""

NANJING = """Nanjing Software Revenue Tops 1 Trillion Yuan

Source: Xinhua Daily 2025-01-22 09:40

The city has 42 software companies with annual revenue above 10 billion yuan and 1,036 above \
100 million yuan.
"""


@pytest.fixture
def briefing(engine: Engine, tmp_path: Path) -> Briefing:
    return briefing_of(engine, tmp_path, {"harbour.txt": BRIEFING})


@pytest.mark.parametrize(
    ("question", "dimension"),
    [
        ("average price of a smartphone made in harbourtown", Dimension.PRICE),
        ("how much did the computing center cost", Dimension.COST),
        ("how old is zhang wei", Dimension.AGE),
        ("harbourtown population", Dimension.POPULATION),
        ("how far is the port from the airport", Dimension.DISTANCE),
        ("洛阳到郑州距离多远", Dimension.DISTANCE),
        ("长春冬季平均气温", Dimension.TEMPERATURE),
        ("孙立民多大年纪", Dimension.AGE),
        ("harbourtown index score", Dimension.SCORE),
        ("陈晓峰是哪里人", Dimension.BIRTHPLACE),
        ("李明今年多大", Dimension.AGE),
        ("昆明数据中心电价", Dimension.PRICE),
        ("沈阳一网统管平台平均处置时长是多少", Dimension.DURATION),
        ("how far is the park from its 2025 target", None),  # progress, not a distance
        ("how many smartphones did harbourtown make", None),
    ],
)
def test_the_dimension_a_question_names(question: str, dimension: Dimension | None) -> None:
    assert asked_dimension(question) is dimension


def test_a_dimension_is_stated_beside_its_figure() -> None:
    sentence = (
        "It made 78.6 million smartphones in the first six months of the year under review, "
        "although the price of parts rose sharply."
    )
    assert states_dimension(Dimension.PRICE, sentence)
    assert not states_dimension(Dimension.PRICE, sentence, figure="78.6 million")
    scores = "Beijing, Shenzhen and Hangzhou had index scores of 89.6, 87.3 and 85.9 respectively."
    assert states_dimension(Dimension.SCORE, scores, figure="85.9")


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("How many 5G users does Changsha have?", "users"),
        ("How many Dongguan enterprises completed digital transformation in 2023?", "enterprises"),
        ("how many people work in changsha software", "people"),
        ("harbourtown 5g users", None),
    ],
)
def test_what_how_many_counts(question: str, counted: str | None) -> None:
    assert counted_word(question) == counted


def test_a_count_added_is_no_total() -> None:
    added = "全年新增省级智能制造示范工厂11家"
    assert added_for_total("徐州智能制造示范工厂总数", added)
    assert not added_for_total("徐州新增智能制造示范工厂", added)
    assert not added_for_total("how many base stations in total", "base stations, total 9,400")


@pytest.mark.parametrize(
    "question",
    [
        "average price of a smartphone made in harbourtown",
        "how much did the harbourtown ai computing center cost",
        "how old is zhang wei",
        "who is the mayor of harbourtown",
        "Harbourtown GDP 2022",
        "How many 5G users does Harbourtown have?",
        "port area 5g users",
        "how many large models has beijing registered",  # Beijing is only compared with
        "how many ai industry parks does harbourtown have now",  # a plan is not what is
        "how many ai industry parks does harbourtown have",
        "jiangbei new area software revenue",  # a share of the city's is not its revenue
        "harbourtown software revenue",  # nor is a count of software enterprises
        "how many people attended the harbourtown digital summit",  # nor a date
        "harbourtown industrial internet revenue full year 2022",  # nor eight months
        "kylin software revenue",  # nor years a share was held
        "kylin software market share",  # which is no share stated
    ],
)
def test_a_figure_of_another_kind_is_refused(briefing: Briefing, question: str) -> None:
    assert not briefing.answer(question).matched


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how many smartphones did harbourtown make in 2022", "78.6"),
        ("computing power of the harbourtown ai computing center", "300"),
        ("who is the deputy mayor of harbourtown", "Li Ming"),
        ("Harbourtown digital economy share of GDP", "21.6"),
        ("Harbourtown digital economy 2022", "552.7"),
        ("how many 5G base stations does harbourtown have", "27,500"),
        ("port area gigabit broadband users", "1.26"),
        ("how many large models has hangzhou registered", "19"),
        ("harbourtown ai industry parks target", "10"),
        ("how many ai industry parks does harbourtown want to build", "10"),
        ("jiangbei new area share of software revenue", "28"),
        ("how many software enterprises does harbourtown have", "2,157"),
        ("when was the harbourtown digital summit held", "September"),
        ("harbourtown industrial internet revenue 2022", "21.3"),
        ("total digitally transformed enterprises in harbourtown since 2020", "2,180"),
    ],
)
def test_the_figure_of_the_kind_asked_still_answers(
    briefing: Briefing, question: str, expected: str
) -> None:
    answer = briefing.answer(question)
    assert answer.matched
    assert expected in (answer_headline(answer) or "")


def test_a_macro_region_is_one_word_with_or_without_its_suffix() -> None:
    assert terms_in_own_language("东北") == terms_in_own_language("东北地区")


def test_a_part_of_the_place_asked_is_not_its_total(engine: Engine, tmp_path: Path) -> None:
    briefing = briefing_of(engine, tmp_path, {"west_coast.txt": WEST_COAST})
    assert not briefing.answer("How many 5G base stations does Qingdao have in total?").matched
    share = briefing.answer("what share of qingdao's 5g base stations are in the west coast area")
    assert share.matched and "28.7" in (answer_headline(share) or "")


def test_a_scaled_figure_asked_picks_its_sentence(engine: Engine, tmp_path: Path) -> None:
    briefing = briefing_of(engine, tmp_path, {"nanjing.txt": NANJING})
    asked = "how many nanjing software companies have revenue above {} yuan"
    assert not briefing.answer(asked.format("1 billion")).matched
    answer = briefing.answer(asked.format("10 billion"))
    assert answer.matched and "42" in (answer_headline(answer) or "")


def test_a_ranking_is_no_total(engine: Engine, tmp_path: Path) -> None:
    briefing = briefing_of(engine, tmp_path, {"harbin.txt": HARBIN})
    assert not briefing.answer("heilongjiang 5g base stations total").matched
    ranked = briefing.answer("harbin 5g base station density rank")
    assert ranked.matched and "first" in (answer_headline(ranked) or "").lower()
