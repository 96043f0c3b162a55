"""The Chinese analyzer meets the English analyzer on the same terms; questions are read."""

from __future__ import annotations

import pytest

from briefing.analysis import english as normalize
from briefing.chinese.analyzer import ChineseAnalyzer, compared_sides, read_chinese_question

# From seeds/000_26948ae1af73d2c8.txt (the English version of the Qingdao H1 2021 release).
SEED_SOFTWARE = (
    "the operating revenue of software and information technology service industry was 11.25 "
    "billion yuan, with a year-on-year growth rate of 22.6%"
)
SEED_TELECOM = (
    "the operating revenue of telecommunications, radio and television and satellite "
    "transmission services was 7.85 billion yuan, with a year-on-year growth rate of 15.3%"
)
# From seeds/004_3ea66b8ad71a83fd.txt.
SEED_SMART_COMMUNITIES = (
    "According to Lu Xiumin, Shandong will strive to build over 5,000 smart communities "
    "(residential quarters) by 2025."
)


@pytest.fixture(scope="module")
def analyzer() -> ChineseAnalyzer:
    return ChineseAnalyzer()


def test_a_chinese_question_meets_the_english_sentence(analyzer: ChineseAnalyzer) -> None:
    question = set(analyzer.terms("青岛软件业收入是多少"))
    assert question >= {"softwar", "revenu"}
    assert {"softwar", "revenu"} <= question & set(normalize.terms(SEED_SOFTWARE))
    assert not {"softwar"} & set(normalize.terms(SEED_TELECOM))


def test_the_matching_seed_sentence_shares_more_terms_than_another(
    analyzer: ChineseAnalyzer,
) -> None:
    question = set(analyzer.terms("青岛电信、广播电视和卫星传输服务收入"))
    telecom = question & set(normalize.terms(SEED_TELECOM))
    software = question & set(normalize.terms(SEED_SOFTWARE))
    telecommunications = normalize.stem("telecommunications")
    assert {telecommunications, "radio", "television", "satellit"} <= telecom
    assert len(telecom) > len(software)


def test_an_english_question_meets_a_chinese_sentence(analyzer: ChineseAnalyzer) -> None:
    chinese = set(analyzer.terms("到2025年，山东将建成5000个以上智慧社区（小区）"))
    english = set(normalize.terms("How many smart communities will Shandong build by 2025?"))
    assert {"shandong", "smart", "community", "2025"} <= chinese & english
    assert {"smart", "community"} <= chinese & set(normalize.terms(SEED_SMART_COMMUNITIES))


def test_a_measure_folds_like_its_english_name(analyzer: ChineseAnalyzer) -> None:
    assert analyzer.words("营业收入") == normalize.words("operating revenue") == ["revenue"]
    assert analyzer.words("上半年") == normalize.words("first half") == ["h1"]
    assert analyzer.words("青岛") == ["qingdao"]
    assert analyzer.words("青岛市") == ["qingdao"]


def test_mixed_chinese_and_english_go_through_one_analyzer(analyzer: ChineseAnalyzer) -> None:
    assert analyzer.terms("青岛 software revenue 上半年") == analyzer.terms("青岛软件收入上半年")


def test_traditional_text_folds_like_simplified(analyzer: ChineseAnalyzer) -> None:
    assert analyzer.terms("青島軟件業收入是多少") == analyzer.terms("青岛软件业收入是多少")


def test_numbers_become_digits(analyzer: ChineseAnalyzer) -> None:
    assert analyzer.words("营业收入112.5亿元") == ["revenue", "11250000000", "yuan"]
    assert analyzer.words("建成5G基站2.3万个") == ["built", "5g", "base", "stations", "23000"]
    assert analyzer.words("位列第七") == ["ranking", "7"]
    assert "2" in analyzer.words("两个产业集群")
    assert analyzer.words("同比增长22.6%")[-2:] == ["22.6", "percent"]


def test_unknown_chinese_words_stay_chinese(analyzer: ChineseAnalyzer) -> None:
    terms = analyzer.terms("卡奥斯平台")
    assert terms == ["卡奥斯", "platform"]


def test_question_words_and_particles_are_stopwords(analyzer: ChineseAnalyzer) -> None:
    assert analyzer.terms("请问一下是多少呢") == []
    assert analyzer.is_stopword("的")
    assert analyzer.is_stopword("the")
    assert not analyzer.is_stopword("软件")


def test_the_analyzer_says_its_language(analyzer: ChineseAnalyzer) -> None:
    assert analyzer.language == "zh"
    assert analyzer.fold("青岛 软件") == "qingdao software"


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("青岛软件业收入是多少？", "amount"),
        ("青岛软件和信息技术服务业营业收入同比增长了多少？", "growth"),
        ("杭州数字经济核心产业增加值占GDP比重", "share"),
        ("青岛有几个省级数字经济园区", "count"),
        ("青岛在2022数字城市百强中排第几？", "rank"),
        ("到2025年，山东要建成多少个智慧社区？", "target"),
        ("习近平主席的贺信是哪天发的", "date"),
        ("谁是青岛市长", "person"),
        ("济南市工信局局长叫什么", "person"),
    ],
)
def test_what_a_question_asks(question: str, want: str) -> None:
    assert read_chinese_question(question).want == want


def test_a_question_with_period_and_place() -> None:
    reading = read_chinese_question("2021年上半年青岛互联网和相关服务营业收入增长多少")
    assert reading.want == "growth"
    assert reading.years == (2021,)
    assert reading.half == 1
    assert reading.places == ("Qingdao",)
    assert reading.terms == ("internet", "relat", "servic", "revenu")


def test_a_target_question_names_its_year() -> None:
    reading = read_chinese_question("济南到2025年软件业务收入目标")
    assert (reading.want, reading.by_year, reading.years) == ("target", 2025, (2025,))
    assert reading.places == ("Jinan",)


def test_relative_years_need_the_current_year() -> None:
    assert read_chinese_question("青岛今年年底5G基站要达到多少").years == ()
    reading = read_chinese_question("青岛今年年底5G基站要达到多少", current_year=2021)
    assert (reading.want, reading.by_year, reading.years) == ("target", 2021, (2021,))


def test_comparison_and_superlative_cues() -> None:
    compare = read_chinese_question("对比一下青岛软件业和电信业的营业收入")
    assert compare.compare and compare.superlative is None
    assert {"softwar", normalize.stem("telecommunications"), "revenu"} <= set(compare.terms)
    fastest = read_chinese_question("青岛上半年哪个行业增长最快")
    assert (fastest.superlative, fastest.want, fastest.half) == ("fastest", "growth", 1)


def test_a_list_name_is_no_superlative() -> None:
    assert read_chinese_question("青岛数字城市百强排名").superlative is None


def test_mixed_and_traditional_questions_name_their_place() -> None:
    assert read_chinese_question("Qingdao 5G基站多少个").places == ("Qingdao",)
    reading = read_chinese_question("山東智慧社區目標")
    assert (reading.places, reading.want) == (("Shandong",), "target")
    assert reading.terms == ("smart", "community")


def test_the_country_is_no_place_beside_a_province() -> None:
    reading = read_chinese_question("浙江数字经济核心产业增加值全国排第几")
    assert reading.places == ("Zhejiang",)
    assert "china" not in reading.terms


def test_a_question_about_nothing_held_has_only_its_own_words() -> None:
    reading = read_chinese_question("红烧肉怎么做")
    assert reading.want is None and reading.places == ()
    assert reading.terms == ("红烧肉", "做")


@pytest.mark.parametrize("sentence", [SEED_SOFTWARE, SEED_TELECOM, SEED_SMART_COMMUNITIES])
def test_english_text_folds_exactly_as_the_english_analyzer_folds_it(
    analyzer: ChineseAnalyzer, sentence: str
) -> None:
    assert analyzer.words(sentence) == normalize.words(sentence)


@pytest.mark.parametrize(
    ("question", "sides"),
    [
        # places, the second an area the glossary lacks, the measure after them shared
        (
            "贵州全省和贵阳贵安数字经济占比对比",
            ("贵州全省数字经济占比对比", "贵阳贵安数字经济占比对比"),
        ),
        # each side with its own measure ending in the same word
        (
            "海南2022年数字经济增加值增速和互联网信息技术服务业增速对比",
            ("海南2022年数字经济增加值增速对比", "海南2022年互联网信息技术服务业增速对比"),
        ),
        (
            "长沙软件产品收入和信息技术服务收入增速对比",
            ("长沙软件产品收入增速对比", "长沙信息技术服务收入增速对比"),
        ),
        ("成都软件业收入与西安软件业收入相比", ("成都软件业收入相比", "西安软件业收入相比")),
        # measures before a 的, periods, and one word each
        (
            "对比一下青岛软件业和电信业的营业收入",
            ("对比一下青岛软件业的营业收入", "对比一下青岛电信业的营业收入"),
        ),
        (
            "武汉光谷和东湖高新区的企业数量比较",
            ("武汉光谷的企业数量比较", "武汉东湖高新区的企业数量比较"),
        ),
        (
            "杭州2021年和2022年数字经济核心产业增加值比较",
            ("杭州2021年数字经济核心产业增加值比较", "杭州2022年数字经济核心产业增加值比较"),
        ),
        ("郑州5G基站6月底和年底比较", ("郑州5G基站6月底比较", "郑州5G基站年底比较")),
        ("软件和电信哪个增长得快", ("软件哪个增长得快", "电信哪个增长得快")),
        # a name the glossary lacks runs on to the shared measure
        (
            "南京软件谷和江北新区软件园业务收入比较",
            ("南京软件谷业务收入比较", "南京江北新区软件园业务收入比较"),
        ),
    ],
)
def test_a_comparison_splits_into_whole_noun_phrases(
    analyzer: ChineseAnalyzer, question: str, sides: tuple[str, str]
) -> None:
    assert compared_sides(question, compare=True, analyzer=analyzer) == sides
