"""Chinese extraction on sentences from the Chinese releases in evaluation/zh/dev/docs."""

from __future__ import annotations

from datetime import date

import pytest

from briefing.chinese.extract import extract_chinese_facts
from briefing.chinese.places import main_place
from briefing.chinese.sentences import split_chinese_sentences
from core.facts import Fact, FactKind, Source


def _facts(
    text: str, *, published: date, title: bool = False, region: str | None = None
) -> list[Fact]:
    source = Source(slug="zh", title="t", outlet=None, published=published, url=None)
    sentences = split_chinese_sentences(text, title_first=title)
    first_line = text.split("\n", 1)[0] if title else ""
    facts = extract_chinese_facts(
        sentences,
        source=source,
        ref_year=published.year,
        main_region=region or main_place(first_line, text),
    )
    assert all(text[f.start : f.end] == f.quote for f in facts)
    return facts


def _by_subject(facts: list[Fact]) -> dict[str, Fact]:
    return {f.subject: f for f in facts}


# qd_20210825_h1_digital_economy.txt
QINGDAO_H1 = (
    "上半年，全市计算机、通信和其他电子设备制造业营业收入329.9亿元，同比增长20.1%；"
    "电信、广播电视和卫星传输服务营业收入78.5亿元，同比增长15.3%；"
    "互联网和相关服务营业收入7亿元，同比增长46.6%；"
    "软件和信息技术服务业营业收入112.5亿元，同比增长22.6%。"
    "上半年，全市五个省级数字经济园区实现总产值392.1亿元，同比增长23.3%。"
)


def test_amounts_with_their_changes_and_the_paragraphs_period() -> None:
    facts = _by_subject(_facts(QINGDAO_H1, published=date(2021, 8, 25), region="Qingdao"))
    software = facts["软件和信息技术服务业营业收入"]
    assert software.kind is FactKind.METRIC
    assert (software.value, software.scale, software.unit) == (112.5, "亿", "yuan")
    assert software.base_value == pytest.approx(1.125e10)
    assert (software.value_text, software.change) == ("112.5亿元", 22.6)
    assert (software.period, software.region) == ("2021-H1", "Qingdao")
    assert software.quote == "软件和信息技术服务业营业收入112.5亿元，同比增长22.6%。"
    assert "software" in software.topics
    for subject, value, change in [
        ("计算机、通信和其他电子设备制造业营业收入", 329.9, 20.1),
        ("电信、广播电视和卫星传输服务营业收入", 78.5, 15.3),
        ("互联网和相关服务营业收入", 7, 46.6),
        ("省级数字经济园区总产值", 392.1, 23.3),
    ]:
        assert (facts[subject].value, facts[subject].change) == (value, change)
        assert facts[subject].period == "2021-H1"
    parks = facts["省级数字经济园区"]
    assert (parks.kind, parks.value, parks.value_text) == (FactKind.COUNT, 5, "五个")


# hz_20220215_digital_economy_2021.txt
HANGZHOU_2021 = (
    "2021年，杭州实现数字经济核心产业增加值4905亿元，同比增长11.5%，占全市GDP比重达27.1%，"
    "较上年提高0.5个百分点，对全市经济增长的贡献率接近三成。\n\n"
    "分行业看，电子商务、云计算与大数据、数字内容产业增加值分别增长15.6%、19.4%和12.8%。"
)


def test_a_share_a_worded_percentage_and_a_list_of_changes() -> None:
    facts = _facts(HANGZHOU_2021, published=date(2022, 2, 15))
    by_subject = _by_subject(facts)
    amount = by_subject["数字经济核心产业增加值"]
    assert (amount.value, amount.change, amount.period) == (4905, 11.5, "2021")
    share = by_subject["数字经济核心产业增加值占GDP比重"]
    assert (share.kind, share.value, share.unit) == (FactKind.METRIC, 27.1, "%")
    contribution = by_subject["经济增长的贡献率"]
    assert (contribution.value, contribution.qualifier) == (30, "nearly")
    assert not [f for f in facts if f.unit == "percentage points"]
    changes = [(f.subject, f.change, f.value_text, f.period) for f in facts if f.value is None]
    assert changes == [
        ("电子商务增加值", 15.6, "增长15.6%", "2021"),
        ("云计算与大数据增加值", 19.4, "增长19.4%", "2021"),
        ("数字内容产业增加值", 12.8, "增长12.8%", "2021"),
    ]


# zj_20230306_digital_economy_2022.txt
ZHEJIANG_REGIONS = "分地区看，杭州、宁波数字经济核心产业增加值分别为5076亿元和1450.6亿元。"


def test_a_list_of_places_gives_each_its_own_region() -> None:
    facts = _facts(f"2022年浙江数字经济\n\n{ZHEJIANG_REGIONS}", published=date(2023, 3, 6))
    pairs = [(f.region, f.value, f.subject) for f in facts if f.value]
    assert pairs == [
        ("Hangzhou", 5076, "数字经济核心产业增加值"),
        ("Ningbo", 1450.6, "数字经济核心产业增加值"),
    ]


# sd_20210719_digital_shandong.txt
SHANDONG = (
    "近日，山东公布首批301个省级智慧社区（小区），统筹推进城乡数字化发展。"
    "据鲁秀敏介绍，到2025年，山东将建成5000个以上智慧社区（小区）。"
)


def test_a_count_now_and_a_target_by_2025() -> None:
    facts = _facts(SHANDONG, published=date(2021, 7, 19))
    assert [(f.kind, f.subject, f.value, f.qualifier, f.period, f.region) for f in facts] == [
        (FactKind.COUNT, "省级智慧社区", 301, None, "2021", "Shandong"),
        (FactKind.TARGET, "智慧社区", 5000, "over", "by 2025", "Shandong"),
    ]


# jn_20230118_software_2022.txt
JINAN = (
    "2022年，全市软件和信息技术服务业实现软件业务收入3851.2亿元，同比增长11.8%，"
    "总量居全国副省级城市第七位。\n\n"
    "市工业和信息化局局长刘建国介绍，全市现有软件企业3200余家，"
    "其中业务收入过亿元企业达到386家。"
)


def test_a_ranking_of_a_measure_and_a_person_with_a_role() -> None:
    facts = _facts(JINAN, published=date(2023, 1, 18))
    [rank] = [f for f in facts if f.kind is FactKind.RANKING]
    assert (rank.value, rank.value_text, rank.unit, rank.period) == (7, "第七位", "rank", "2022")
    assert rank.subject.startswith("全国副省级城市")
    [person] = [f for f in facts if f.kind is FactKind.PERSON]
    assert (person.subject, person.value_text) == ("刘建国", "市工业和信息化局局长")
    counts = {f.subject: (f.value, f.qualifier) for f in facts if f.kind is FactKind.COUNT}
    assert counts == {"软件企业": (3200, "over"), "业务收入过亿元企业": (386, None)}


# qd_20210428_industrial_internet_forum.txt
QINGDAO_FORUM = (
    "青岛发布1300个工业互联网赋能场景 加快赋能千行百业\n\n"
    "4月28日，以“拥抱数字产业 创造智能未来”为主题的2021数字产业高层论坛在青岛举行。"
    "市委副书记、市长赵豪志出席论坛并致辞。他表示，青岛已发布1300个工业互联网赋能场景。"
)


def test_a_dated_event_a_mayor_and_no_headline_echo() -> None:
    facts = _facts(QINGDAO_FORUM, published=date(2021, 4, 28), title=True)
    [event] = [f for f in facts if f.kind is FactKind.EVENT]
    assert event.subject == "2021数字产业高层论坛"
    assert (event.event_date, event.value_text, event.region) == (
        date(2021, 4, 28),
        "4月28日",
        "Qingdao",
    )
    [mayor] = [f for f in facts if f.kind is FactKind.PERSON]
    assert (mayor.subject, mayor.value_text, mayor.region) == (
        "赵豪志",
        "市委副书记、市长",
        "Qingdao",
    )
    [scenarios] = [f for f in facts if f.kind is FactKind.COUNT]
    assert (scenarios.subject, scenarios.value, scenarios.from_title) == (
        "工业互联网赋能场景",
        1300,
        False,
    )


# qd_20221110_top100_digital_cities.txt
TOP_100 = (
    "2022数字城市百强榜发布 青岛位列第7\n\n"
    "11月8日，《2022中国数字城市竞争力研究报告》正式发布。报告从信息基础、城市治理、民生服务、"
    "产业经济、科技创新、低碳发展六个方面进行评价，形成“2022数字城市百强”榜单。"
    "青岛跻身第一梯队，位列第7。"
)


def test_a_rank_takes_its_list_from_the_sentence_before() -> None:
    facts = _facts(TOP_100, published=date(2022, 11, 10), title=True)
    [rank] = [f for f in facts if f.kind is FactKind.RANKING]
    assert (rank.subject, rank.value, rank.region, rank.from_title) == (
        "2022数字城市百强排名",
        7,
        "Qingdao",
        False,
    )
    [report] = [f for f in facts if f.kind is FactKind.EVENT]
    assert (report.subject, report.event_date) == (
        "2022中国数字城市竞争力研究报告",
        date(2022, 11, 8),
    )
    [aspects] = [f for f in facts if f.kind is FactKind.COUNT]
    assert aspects.value == 6  # the six aspects are listed, so their number is a fact


def test_no_facts_from_a_list_size_without_its_list_or_a_date_line() -> None:
    text = "2022年2月15日 10:20  来源：杭州日报\n\n会议要求，重点抓好三个方面工作，一是加强统筹。"
    assert _facts(text, published=date(2022, 2, 15)) == []


def test_a_year_reported_on_carries_into_later_paragraphs() -> None:
    text = (
        "2021年，杭州实现数字经济核心产业增加值4905亿元。\n\n"
        "新型基础设施方面，全年新建5G基站1.1万个，累计建成5G基站3.2万个。"
    )
    facts = _facts(text, published=date(2022, 2, 15))
    assert [(f.subject, f.value, f.period) for f in facts if f.kind is FactKind.COUNT] == [
        ("新建5G基站", 1.1, "2021"),
        ("5G基站", 3.2, "2021"),
    ]


def test_a_share_that_rises_to_its_figure_is_named_as_a_share() -> None:
    text = "2022年，深圳数字经济核心产业增加值达9880.1亿元，同比增长8.9%，占全市GDP比重升至30.6%。"
    facts = _by_subject(_facts(text, published=date(2023, 4, 11), region="Shenzhen"))
    assert facts["数字经济核心产业增加值占GDP比重"].value == 30.6


def test_a_rank_right_after_a_figure_ranks_that_figures_measure() -> None:
    text = "截至2022年底，全市5G基站总数达到7.3万个，每万人拥有5G基站41个，位居全国第一。"
    facts = _facts(text, published=date(2023, 4, 11), region="Shenzhen")
    (rank,) = [f for f in facts if f.kind is FactKind.RANKING]
    assert rank.value == 1 and rank.subject.startswith("每万人拥有5G基站")


def test_a_subject_keeps_a_word_that_starts_like_a_scope_word() -> None:
    facts = _facts(
        "全市规模以上软件企业达到689家，从业人员16.8万人。", published=date(2022, 1, 26)
    )
    assert any(f.subject == "从业人员" and f.value_text == "16.8万人" for f in facts)


def test_a_unit_of_measurement_makes_a_measured_figure_and_a_target() -> None:
    text = (
        "截至2024年3月底，全市已累计开放智能网联汽车测试道路1250.5公里，算力规模达到200PFlops。"
        "到2025年，测试道路里程突破3000公里。"
    )
    facts = _facts(text, published=date(2024, 4, 2), region="Wuhan")
    measured = [(f.kind, f.value, f.unit) for f in facts]
    assert (FactKind.METRIC, 1250.5, "km") in measured
    assert (FactKind.METRIC, 200, "PFlops") in measured
    assert (FactKind.TARGET, 3000, "km") in measured


def test_a_headline_change_the_body_states_with_its_amount_is_no_second_fact() -> None:
    text = (
        "上半年合肥人工智能产业规模同比增长16.2%\n\n"
        "2023年上半年，合肥人工智能产业规模达到402.3亿元，同比增长16.2%。"
    )
    facts = _facts(text, published=date(2023, 8, 1), title=True)
    assert [(f.value_text, f.change, f.from_title) for f in facts] == [("402.3亿元", 16.2, False)]


def test_a_period_a_change_is_measured_from_is_not_the_sentences() -> None:
    text = (
        "2023年，全市人工智能企业数量达到900家，较上半年末增加80家。\n\n"
        "分领域看，智能硬件收入120.5亿元。"
    )
    facts = _facts(text, published=date(2024, 1, 20), region="Hefei")
    assert {f.period for f in facts} == {"2023"}


def test_a_sentence_that_opens_with_its_topic_names_whose_revenue_it_is() -> None:
    text = (
        "中国（合肥）声谷是全市智能语音产业的核心载体，"
        "2023年实现营业收入1500亿元，占全市比重为40%。"
    )
    facts = _by_subject(_facts(text, published=date(2024, 1, 20), region="Hefei"))
    assert facts["中国（合肥）声谷营业收入"].value == 1500
    assert facts["中国（合肥）声谷营业收入占比"].value == 40


def test_a_figure_named_as_a_goal_is_the_goal_for_the_measure_just_stated() -> None:
    text = "2023年，全市人工智能产业规模达到500亿元，超额完成年初确定的450亿元目标。"
    facts = _facts(text, published=date(2024, 1, 20), region="Hefei")
    goal = next(f for f in facts if f.value == 450)
    assert (goal.kind, goal.subject, goal.period) == (FactKind.TARGET, "人工智能产业规模", "2023")


def test_a_person_who_issues_a_plan_is_named_with_the_role() -> None:
    text = "会上，合肥市数据资源局局长刘晓东发布了《合肥市数据要素三年行动计划》。"
    [person] = [f for f in _facts(text, published=date(2024, 1, 20)) if f.kind is FactKind.PERSON]
    assert (person.subject, person.value_text) == ("刘晓东", "合肥市数据资源局局长")


def test_a_bound_beside_the_exact_figure_is_dropped() -> None:
    facts = _facts(
        "杭州集成电路产业营业收入突破600亿元，达到612亿元。", published=date(2024, 3, 5)
    )
    assert [f.value_text for f in facts if "集成电路" in f.subject] == ["612亿元"]


def test_two_figures_in_percentage_points_named_once_are_no_counts() -> None:
    text = (
        "全年全市规模以上工业增加值比上年增长8.1%。其中，电子信息产业增加值增长15.2%，"
        "高技术制造业增加值增长12.4%，分别高于全市规模以上工业3.9个和4.3个百分点。"
    )
    facts = _facts(text, published=date(2024, 3, 20), region="Luoyang")
    assert all(f.unit != "个" for f in facts)
    assert {f.change for f in facts} == {8.1, 15.2, 12.4}


def test_a_list_of_amounts_then_a_list_of_their_changes() -> None:
    text = (
        "2023年，软件和信息技术服务业、电子信息制造业营业收入分别达到410.5亿元和683.2亿元，"
        "同比分别增长18.2%和7.6%。"
    )
    facts = _facts(text, published=date(2024, 1, 12), region="Guiyang")
    assert {(f.subject, f.value, f.change) for f in facts} == {
        ("软件和信息技术服务业营业收入", 410.5, 18.2),
        ("电子信息制造业营业收入", 683.2, 7.6),
    }
