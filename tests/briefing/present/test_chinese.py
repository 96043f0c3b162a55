"""Every kind of reply in Chinese, and English worded from data exactly as before."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from briefing.digest import Digest, FactCatalog, Heading, Section, compose_digest
from briefing.ingest import DocumentProblem, IngestReport
from briefing.present.answers import answer_html, answer_text, related_html
from briefing.present.commands import menu
from briefing.present.digests import digest_html, digest_text, fits
from briefing.present.help import help_html, start_html
from briefing.present.pages import nothing_to_list_html, page_html, page_items, page_title
from briefing.present.refusals import refusal_text, scope_text
from briefing.present.subscriptions import (
    schedule_summary,
    subscribed_html,
    timezone_set_html,
    unsubscribed_html,
    usage_error_html,
)
from briefing.present.uploads import ingested_html
from briefing.schedule import UsageError, parse_subscribe_args
from briefing.service import Briefing
from briefing.subscriptions import Subscribed
from briefing.views import Answer, Page, Refusal, RefusalCode, Scope
from core.changes import Change
from core.language import Language, has_chinese
from db.engine import new_session
from tests.briefing.present.test_subscriptions import view
from tests.briefing.test_render import SOFTWARE
from tests.chats import add_subscriber
from tests.factories import FactFactory, billion_yuan, metric_series, sample_store

ZH = Language.ZH
SCOPE = Scope(has_facts=True, places=("Qingdao", "Hangzhou"), topics=("software", "5G"))
T0 = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("section", ["metrics", "initiatives", "sources", "topics"])
def test_english_pages_worded_from_data_are_the_domains_wording(
    engine: Engine, section: str
) -> None:
    factory = FactFactory(engine)
    sample_store(factory)
    metric_series(factory, 12)
    briefing = Briefing(engine)
    first = briefing.browse(section)
    assert first is not None
    for number in range(1, first.count + 1):
        page = briefing.browse(section, page=number)
        assert page is not None and page.entries
        assert page_title(page, lang=Language.EN) == page.title
        assert page_items(page, lang=Language.EN) == page.items


def test_chinese_pages(engine: Engine) -> None:
    sample_store(FactFactory(engine))
    briefing = Briefing(engine)
    metrics, initiatives, topics = (
        briefing.browse(s) for s in ("metrics", "initiatives", "topics")
    )
    assert metrics is not None and initiatives is not None and topics is not None
    assert page_html(metrics, lang=ZH).startswith("<b>指标 — 青岛、深圳</b> <i>(第1/1页)</i>\n")
    assert "• 深圳 · 5G base stations · 2020年：4.6万个（Tech Daily，2021年3月2日）" in page_html(
        metrics, lang=ZH
    )
    assert page_title(initiatives, lang=ZH) == "举措与目标 — 目标"
    assert "5g：1条事实，涉及深圳" in page_items(topics, lang=ZH)
    assert nothing_to_list_html("initiatives", lang=ZH) == "举措下暂无可列出的内容。"


def test_a_hand_made_page_shows_its_own_words() -> None:
    page = Page("Metrics", ("a <b>", "c"), 1, 2)
    assert page_html(page, lang=ZH) == "<b>Metrics</b> <i>(第1/2页)</i>\n• a &lt;b&gt;\n• c"


def test_a_chinese_answer_quotes_its_source_as_written() -> None:
    answer = Answer(question="q", matched=True, confidence=0.9, fact=SOFTWARE, history=(SOFTWARE,))
    html = answer_html(answer, lang=ZH)
    assert html.startswith(
        "<b>Harbourtown · Software and IT services revenue · "
        "2021年上半年：112.5亿元，同比增长22.6%</b>"
    )
    assert "Harbour Post，2021年8月25日" in html and "\n\n此前：\n• " in html
    assert "Software &lt;b&gt;and&lt;/b&gt; IT services earned 11.25 billion yuan" in html
    text = answer_text(answer, lang=ZH)
    assert text.splitlines()[1] == (
        '来源：Harbourtown <Review> & "Outlook" — Harbour Post，2021年8月25日'
    )


def test_did_you_mean_and_related_in_chinese() -> None:
    refused = Answer(
        "q", False, 0.4, alternatives=(SOFTWARE,), reason=Refusal(RefusalCode.AMBIGUOUS)
    )
    assert answer_html(refused, lang=ZH).startswith(
        "我不确定您指的是哪个数字。\n\n您是不是想问：\n1. Harbourtown · Software"
    )
    assert related_html(SOFTWARE, (), lang=ZH) == (
        "我的资料中没有与 <i>software and IT services revenue</i> 相关的内容。"
    )
    assert related_html(SOFTWARE, (SOFTWARE,), lang=ZH).startswith(
        "<b>相关内容</b> <i>software and IT services revenue</i>\n• <b>Harbourtown · "
    )


@pytest.mark.parametrize("code", list(RefusalCode))
def test_every_refusal_has_chinese_words(code: RefusalCode) -> None:
    text = refusal_text(Refusal(code, scope=SCOPE), lang=ZH)
    assert has_chinese(text) and "<" not in text
    assert text.endswith(
        "我可以回答有关青岛、杭州（software、5G）的问题；"
        "请查看 /metrics、/initiatives、/sources 或 /topics。"
    )


@pytest.mark.parametrize(
    ("refusal", "text"),
    [
        (
            Refusal(RefusalCode.UNKNOWN_PLACE, words=("shandong",)),
            "这个我不知道：我没有关于山东的事实。",
        ),
        (
            Refusal(RefusalCode.UNKNOWN_WORDS, words=("gdp", "weather", "tax", "rain")),
            "这个我不知道：我的文件中没有提到“gdp”、“weather”、“tax”。",
        ),
        (
            Refusal(RefusalCode.OTHER_PERIOD, years=(2019,), half=1),
            "我不知道2019年上半年的这项数据；我只有其他时期的。",
        ),
        (Refusal(RefusalCode.OTHER_PERIOD), "我不知道该时期的这项数据；我只有其他时期的。"),
        (
            Refusal(RefusalCode.OTHER_REGION, words=("Qingdao",)),
            "我不知道青岛的这项数据；我只有其他地区的。",
        ),
    ],
)
def test_refusals_name_places_and_periods_the_chinese_way(refusal: Refusal, text: str) -> None:
    assert refusal_text(refusal, lang=ZH) == text


def test_scope_without_facts() -> None:
    assert scope_text(Scope(has_facts=False), lang=ZH) == "我还没有任何事实。"


def test_greeting_and_help_in_chinese() -> None:
    start = start_html("小王", lang=ZH)
    assert start.startswith("<b>小王，您好！</b>我用有出处的数据回答有关数字城市发展的问题。")
    assert len(start.splitlines()) <= 6
    help_ = help_html("citybrief_bot", menu(), None, lang=ZH)
    assert help_.startswith(
        "<b>如何提问</b>\n用平常的话写下问题，例如 <i>2021年软件业收入增长了多少？</i>"
    )
    assert "<b>提问</b>\n/ask — " in help_ and "<b>设置</b>\n/timezone — " in help_
    assert "<b>在群组中</b>请提及我（@citybrief_bot）" in help_


def test_subscription_replies_in_chinese() -> None:
    weekly = view()
    # A topic the glossary names is written in Chinese (宽带 is broadband), as /subscribe reads it.
    assert schedule_summary(weekly, lang=ZH) == "每周星期五18:30（Asia/Shanghai） · 宽带"
    assert schedule_summary(weekly, lang=Language.EN) == weekly.summary
    daily = replace(weekly, cadence="daily", weekday=None, topic=None)
    assert schedule_summary(daily, lang=Language.EN) == daily.summary
    assert subscribed_html(Subscribed(weekly, Change.NEW), lang=ZH).splitlines()[:2] == [
        "已订阅：每周星期五18:30（Asia/Shanghai） · 宽带。",
        "第一期简报：1月16日（周五）18:30。",
    ]
    assert timezone_set_html("Asia/Shanghai", moved=2, lang=ZH) == (
        "时区已设为 Asia/Shanghai。2项订阅已随之调整。"
    )
    assert unsubscribed_html(1, lang=ZH).startswith("已退订：删除了1项订阅。")
    with pytest.raises(UsageError) as caught:
        parse_subscribe_args(["astrology"], known_topics={"software", "<b>"})
    assert usage_error_html(caught.value, lang=ZH) == (
        "我没有名为 &#x27;astrology&#x27; 的主题或地区。"
        "已知的主题和地区包括：&lt;b&gt;, software。\n"
        "用法：/subscribe [daily|weekly] [HH:MM] [星期] [主题或地区]\n"
        "例如 /subscribe · /subscribe 07:30 · /subscribe weekly friday 18:00 Qingdao"
    )


def test_a_digest_in_chinese_is_composed_to_fit_and_names_regions_in_chinese(
    engine: Engine,
) -> None:
    facts = [
        billion_yuan(
            f"Cloud revenue {n}", region="Qingdao", period="2021", value=12.0, topics=("software",)
        )
        for n in range(3)
    ]
    ingested = T0 - timedelta(days=3)
    FactFactory(engine).document("a", *facts, ingested_at=ingested, published=ingested.date())
    add_subscriber(engine, chat_id=1, now=T0 - timedelta(days=2))
    with new_session(engine) as session:
        digest = compose_digest(
            session=session,
            facts=FactCatalog(engine).facts(session=session),
            chat_id=1,
            topic="Qingdao",
            cadence="weekly",
            when=T0,
            fits=fits(ZH),
        )
    html = digest_html(digest, ZH)
    assert html.startswith("<b>每周简报 · 2026年2月1日星期日 · 青岛</b>\n")
    assert "• 青岛 · Cloud revenue 0 · 2021年：120亿元 — <i>City Daily，2026年1月29日</i>" in html
    assert digest_text(digest, lang=ZH).splitlines()[0] == "每周简报 · 2026年2月1日星期日 · 青岛"
    assert digest_text(Digest("daily", date(2026, 2, 1), None, (), 0), lang=ZH).startswith(
        "没有新内容可发送"
    )
    other = Digest("daily", date(2026, 2, 1), None, (Section(Heading.FIGURES, (SOFTWARE,)),), 1)
    assert "\n\n<b>关键数据</b>\n• " in digest_html(other, ZH)
    assert "<i>自上期简报以来的新内容：</i>" in digest_html(other, ZH)


def test_the_upload_summary_in_chinese() -> None:
    report = IngestReport(new=1, facts_added=4, failures=(DocumentProblem("b.txt", "empty"),))
    assert ingested_html("a", report, lang=ZH) == (
        "已导入 <b>a</b>：文件：新增1份，更新0份，未变0份，失败1份；事实：新增4条，删除0条"
        "\n• b.txt：empty"
    )
    assert ingested_html("a", report, lang=Language.EN) == (
        f"Ingested <b>a</b>: {report.summary()}\n• b.txt: empty"
    )
