"""Chinese, traditional and mixed questions over English and Chinese documents, and refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from briefing.index import FactIndex
from briefing.ingest import ingest_paths
from briefing.question import read_question
from briefing.service import Briefing
from briefing.views import Answer, RefusalCode
from db.engine import create_db_engine
from tests.briefing.chinese.releases import ENGLISH, QINGDAO_Q1, WUHAN
from tests.conftest import SEEDS_DIR, StoreMaker


def _store(
    folder: Path, url: str, documents: dict[str, str] | None = None
) -> tuple[Briefing, Engine]:
    engine: Engine = create_db_engine(url)
    if documents is None:
        ingest_paths(sorted(SEEDS_DIR.glob("*.txt")), engine=engine)
    else:
        for name, text in documents.items():
            (folder / name).write_text(text, encoding="utf-8")
        ingest_paths([folder], engine=engine)
    return Briefing(engine), engine


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, make_store: StoreMaker) -> Iterator[Briefing]:
    """The English seed documents."""
    briefing, engine = _store(tmp_path_factory.mktemp("seeds"), make_store("seeds"))
    yield briefing
    engine.dispose()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, make_store: StoreMaker) -> Iterator[Briefing]:
    """Two Chinese releases and one English briefing in one store."""
    documents = {
        "wh.txt": WUHAN,
        "qd.txt": QINGDAO_Q1,
        "en.txt": ENGLISH.replace("Wuhan", "Hefei"),
    }
    briefing, engine = _store(tmp_path_factory.mktemp("mixed"), make_store("mixed"), documents)
    yield briefing
    engine.dispose()


def _figure(answer: Answer) -> str | None:
    assert answer.matched and answer.fact is not None, answer.reason
    return answer.fact.value_text


@pytest.mark.parametrize(
    "question",
    [
        "青岛软件业收入是多少？",
        "青島軟件業收入是多少",  # traditional characters
        "青岛 software revenue 上半年",  # mixed
        "青岛 软件 收入 2021",
        "2021年上半年青岛软件和信息技术服务业营业收入是多少",
    ],
)
def test_a_chinese_question_gets_the_english_fact(seeded: Briefing, question: str) -> None:
    assert _figure(seeded.answer(question)) == "11.25 billion yuan"


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("青岛软件业收入同比增长多少", "11.25 billion yuan"),
        ("青岛电信、广播电视和卫星传输服务收入", "7.85 billion yuan"),
        ("山东到2025年要建多少个智慧社区", "5,000 smart communities"),
        ("山東智慧社區目標", "5,000 smart communities"),
        ("青岛2022年数字城市百强排名第几", "7th"),
        ("谁是青岛市长？", "Deputy Secretary of Municipal Party Committee and Mayor of Qingdao"),
    ],
)
def test_chinese_questions_over_the_seeds(seeded: Briefing, question: str, figure: str) -> None:
    assert _figure(seeded.answer(question)) == figure


def test_chinese_numerals_in_a_question_are_numbers(seeded: Briefing) -> None:
    seventh = seeded.answer("青岛数字城市百强排名第七吗")
    assert seventh.matched and seventh.fact is not None and seventh.fact.value == 7
    assert not seeded.answer("青岛数字城市百强排名第一吗").matched
    assert _figure(seeded.answer("青岛召开了两场会议吗")) == "two meetings"


def test_a_comparison_answers_each_side(seeded: Briefing) -> None:
    for question in ("青岛软件和电信哪个增长更快", "对比一下青岛软件业和电信业的营业收入"):
        answer = seeded.answer(question)
        assert answer.matched
        assert [f.change for f in answer.facts] == [22.6, 15.3]


def test_a_list_of_industries_answers_each(seeded: Briefing) -> None:
    answer = seeded.answer("青岛电子设备制造业、电信和软件营业收入分别是多少")
    assert answer.matched
    assert [f.value_text for f in answer.facts] == [
        "32.99 billion yuan",
        "7.85 billion yuan",
        "11.25 billion yuan",
    ]


@pytest.mark.parametrize(
    ("question", "code"),
    [
        ("南京软件业务收入是多少", RefusalCode.UNKNOWN_PLACE),  # no document about Nanjing
        ("青岛2019年软件业收入", RefusalCode.OTHER_PERIOD),
        ("青岛下半年软件业收入", RefusalCode.OTHER_PERIOD),
        ("红烧肉怎么做", RefusalCode.UNKNOWN_WORDS),
        ("？？", RefusalCode.BLANK_QUESTION),
    ],
)
def test_chinese_questions_the_store_cannot_answer_are_refused(
    seeded: Briefing, question: str, code: RefusalCode
) -> None:
    answer = seeded.answer(question)
    assert not answer.matched and answer.fact is None
    assert answer.reason is not None and answer.reason.code is code


def test_a_refusal_names_the_absent_place_in_english(seeded: Briefing) -> None:
    answer = seeded.answer("南京软件业务收入是多少")
    assert answer.reason is not None and answer.reason.words == ("nanjing",)


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("武汉软件业务收入是多少？", "2180.5亿元"),
        ("What was Wuhan's software revenue in 2022?", "2180.5亿元"),
        ("武汉 software revenue 2022", "2180.5亿元"),
        ("武汉到2025年软件业务收入目标", "3000亿元"),
        ("How many 5G base stations does Wuhan have?", "3.6万个"),
        ("武汉有多少个5G基站", "3.6万个"),  # not the new ones, nor those per 10,000 people
        ("武汉新增了多少个5G基站", "0.8万个"),
        ("谁是武汉市经信局局长", "市经信局局长"),
        ("合肥软件收入是多少", "4.5 billion yuan"),  # the English briefing, asked in Chinese
        ("一季度青岛民营经济增加值增长多少", "同比增长19.7%"),
    ],
)
def test_chinese_and_english_facts_share_one_index(
    mixed: Briefing, question: str, figure: str
) -> None:
    assert _figure(mixed.answer(question)) == figure


def test_a_quarter_binds_like_a_half(mixed: Briefing) -> None:
    answer = mixed.answer("三季度青岛民营经济增加值增长多少")
    assert not answer.matched
    assert answer.reason is not None and answer.reason.code is RefusalCode.OTHER_PERIOD


def test_a_chinese_question_is_read_into_english_constraints(mixed: Briefing) -> None:
    index: FactIndex = mixed.index
    reading = read_question("2022年武汉软件业务收入同比增长多少？", index)
    query = reading.query
    assert (query.region, query.years, query.want) == ("wuhan", frozenset({2022}), "growth")
    assert set(query.terms) == {"softwar", "revenu"}
    assert read_question("一季度青岛民营经济增加值", index).query.quarters == "Q1"
    assert read_question("前三季度青岛民营经济增加值", index).query.quarters == "Q1-Q3"
    share = read_question("青岛民营市场主体占比", index).query
    assert "shar" in share.terms  # 占比 asks for a share and names the measure


def test_a_refusal_names_the_words_as_the_user_typed_them(seeded: Briefing) -> None:
    answer = seeded.answer("青岛人工智能企业有多少家")
    assert not answer.matched and answer.reason is not None
    assert answer.reason.code is RefusalCode.UNKNOWN_WORDS
    assert answer.reason.words == ("人工智能",)


def test_a_months_period_answers_for_its_half(tmp_path: Path, database_url: str) -> None:
    release = QINGDAO_Q1.replace("一季度，", "1-6月，")
    briefing, engine = _store(tmp_path, database_url, {"qd.txt": release})
    assert _figure(briefing.answer("上半年青岛民营经济增加值增长多少")) == "同比增长19.7%"
    assert not briefing.answer("一季度青岛民营经济增加值增长多少").matched
    engine.dispose()


def test_the_sides_of_a_chinese_comparison_keep_the_askers_words(seeded: Briefing) -> None:
    reading = read_question("对比一下青岛软件业和电信业的营业收入", seeded.index)
    assert [side.label for side in reading.sides] == ["软件", "电信"]


FORUM = (
    "中国—东盟数字经济论坛在南宁举行 签约项目总投资86.3亿元\n\n"
    "2023年9月18日  来源：南宁日报\n\n"
    "9月17日，2023中国—东盟数字经济论坛在南宁开幕。\n\n"
    "论坛现场共签约数字经济合作项目37个，总投资86.3亿元。\n\n"
    "2022年，广西数字经济规模达到9658亿元，同比增长10.2%。"
    "南宁市数字经济规模达到2398.6亿元，占全区数字经济规模的24.8%。\n"
)


@pytest.fixture(scope="module")
def forum(tmp_path_factory: pytest.TempPathFactory, make_store: StoreMaker) -> Iterator[Briefing]:
    """A forum in Nanning whose release also gives the province's figures."""
    briefing, engine = _store(
        tmp_path_factory.mktemp("forum"), make_store("forum"), {"nn.txt": FORUM}
    )
    yield briefing
    engine.dispose()


def test_a_name_joined_to_china_by_a_dash_is_no_question_about_china(forum: Briefing) -> None:
    assert _figure(forum.answer("中国—东盟数字经济论坛签约了多少个项目")) == "37个"


def test_a_growth_question_is_answered_neither_by_a_share_nor_by_another_region(
    forum: Briefing,
) -> None:
    # Nanning's only percentage is a share, and the province's growth is in a sentence of a
    # release whose title names Nanning: neither is Nanning's growth.
    assert not forum.answer("南宁数字经济增速是多少").matched
    assert _figure(forum.answer("广西数字经济增速是多少")) == "9658亿元"


def test_a_word_ending_in_number_of_asks_for_that_number(
    tmp_path: Path, make_store: StoreMaker
) -> None:
    briefing, engine = _store(
        tmp_path,
        make_store("count-suffix"),
        {
            "cd.txt": "成都5G发展\n\n2024年7月26日 07:30  来源：四川日报\n\n"
            "截至6月底，全市5G基站达到8.9万个，5G用户达到1756万户，占移动电话用户的比重为61.2%。\n"
        },
    )
    for question, figure in (("成都5G用户数", "1756万户"), ("成都5G基站数量", "8.9万个")):
        answer = briefing.answer(question)
        assert _figure(answer) == figure, question
        assert answer.query is not None and not answer.query.unknown
    engine.dispose()
