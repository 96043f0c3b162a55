"""Chinese sentences with offsets: 。！？； and line breaks end one; quotes stay whole."""

from __future__ import annotations

from briefing.chinese.sentences import split_chinese_sentences

RELEASE = (
    "市长今年60余次强调！青岛这项工作一刻不停\n\n"
    "上半年，全市计算机、通信和其他电子设备制造业营业收入329.9亿元，同比增长20.1%；"
    "互联网和相关服务营业收入7亿元，同比增长46.6%。他说：“数字化是系统工程。要加快推进！”"
    "会议强调，要以创一流的标准推进智慧城市建设。"
)


def test_sentences_cover_their_text_exactly() -> None:
    sentences = split_chinese_sentences(RELEASE)
    assert [s.text for s in sentences] == [
        "市长今年60余次强调！",
        "青岛这项工作一刻不停",
        "上半年，全市计算机、通信和其他电子设备制造业营业收入329.9亿元，同比增长20.1%；",
        "互联网和相关服务营业收入7亿元，同比增长46.6%。",
        "他说：“数字化是系统工程。要加快推进！”",
        "会议强调，要以创一流的标准推进智慧城市建设。",
    ]
    assert all(RELEASE[s.start : s.end] == s.text for s in sentences)


def test_the_title_is_marked() -> None:
    sentences = split_chinese_sentences("标题 青岛\n\n正文一句。", title_first=True)
    assert [s.is_title for s in sentences] == [True, False]


def test_a_closing_bracket_stays_with_its_sentence() -> None:
    sentences = split_chinese_sentences("（数据为初步统计。）下一句。")
    assert [s.text for s in sentences] == ["（数据为初步统计。）", "下一句。"]


def test_leading_full_width_spaces_are_not_part_of_a_sentence() -> None:
    text = "\u3000\u3000杭州排名第三。"
    [sentence] = split_chinese_sentences(text)
    assert sentence.text == "杭州排名第三。"
    assert text[sentence.start : sentence.end] == sentence.text


def test_punctuation_alone_is_no_sentence() -> None:
    assert split_chinese_sentences("……\n。") == []
