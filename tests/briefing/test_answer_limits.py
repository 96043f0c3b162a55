"""What an answer must not stretch to: a deputy for the office, a count of other things for
"how much", a growth rate for an amount, a whole a share is of for its value, an organisation's
capitalised words for a person."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.service import Briefing
from db.engine import Engine
from tests.factories import briefing_of

ENGLISH = """Riverton digital economy in 2022

February 20, 2023 | Riverton Daily

Riverton, the capital of Eastland Province, said on Monday that the added value of its digital \
economy reached 88.6 billion yuan in 2022, up 7.9 percent from a year earlier and equal to 28.3 \
percent of the city's GDP.

Some 41 quarries in the area had completed intelligent upgrades.

The Riverton Data Harbor, launched in 2016, now hosts 310 companies.

The electronics industry, which includes laptops, phones and chips, saw output drop 3.1 percent.

International data traffic through the Riverton gateway rose 35 percent.

Li Ming, deputy mayor of Riverton, said the city would open a computing center in 2024.

Contact: Office of the Riverton Big Data Administration, tel. 0100-1234567
"""

CHINESE = """河源市数字经济发展情况

2023年02月20日 09:00  来源：河源日报

河源市副市长周强表示，2022年河源市数字经济规模达到410亿元。

河源市委副书记、市长陈伟出席会议。

全年全市网上零售额182.3亿元，比上年增长9.6%，占社会消费品零售总额的比重为12.8%。
"""


@pytest.fixture
def briefing(engine: Engine, tmp_path: Path) -> Briefing:
    return briefing_of(engine, tmp_path, {"riverton.txt": ENGLISH, "heyuan.txt": CHINESE})


@pytest.mark.parametrize(
    "question",
    [
        "who is the mayor of Riverton",  # the sentence names the deputy mayor
        "Riverton GDP 2022",  # 28.3% of the city's GDP does not say what the GDP was
        "how much stone did Riverton produce in 2022",  # 41 quarries are no amount of stone
        "how much international data traffic went through the Riverton gateway",  # only +35%
        "who heads the Riverton big data administration",  # "Big Data" is nobody's name
        "河源社会消费品零售总额",  # online sales' share of retail sales does not say the total
        "how many phones did Riverton make",  # a fall in output is no count of phones
    ],
)
def test_what_the_documents_do_not_say_is_refused(briefing: Briefing, question: str) -> None:
    assert not briefing.answer(question).matched


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("who is the deputy mayor of Riverton", "Li Ming"),
        ("who is Li Ming", "Li Ming"),
        ("Riverton digital economy share of GDP", "28.3"),
        ("how many quarries completed intelligent upgrades", "41"),
        ("河源副市长是谁", "周强"),
        ("河源市长是谁", "陈伟"),  # 市委副书记、市长: the deputy is of another office
        ("河源网上零售额占社会消费品零售总额比重", "12.8"),
    ],
)
def test_what_they_say_is_answered(briefing: Briefing, question: str, expected: str) -> None:
    fact = briefing.answer(question).fact
    assert fact is not None
    assert expected in f"{fact.subject} {fact.value_text}"


def test_the_year_a_thing_was_launched_answers_when(briefing: Briefing) -> None:
    answer = briefing.answer("when was the Riverton Data Harbor launched")
    assert answer.matched and answer.passage is not None
    assert "launched in 2016" in answer.passage.clause


def test_a_word_no_document_holds_does_not_veto_the_only_answer(
    engine: Engine, tmp_path: Path
) -> None:
    port = (
        "Ningbo port\n\nMay 2, 2023 | Port Daily\n\nNingbo-Zhoushan Port moved 410 million "
        "metric tons of cargo in 2022.\n"
    )
    briefing = briefing_of(engine, tmp_path, {"port.txt": port})
    answer = briefing.answer("how much cargo did ningbo-zhoushan port handle in 2022")
    # "handle": they say "moved"; Zhoushan, hyphened into the port's name, is no place asked
    assert answer.fact is not None and answer.fact.value == 410
