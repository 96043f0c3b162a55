"""Fact extraction from Chinese briefing text: the kinds of facts the English extractor finds.

`extract_chinese_facts` walks a document's sentences (from `split_chinese_sentences`) and
returns the facts a careful reader would list, each with its sentence and offsets:

- amounts ("软件和信息技术服务业营业收入112.5亿元") with the year-on-year change of the same
  clause ("同比增长22.6%"), and changes on their own ("民营经济增加值同比增长19.7%");
- shares ("占GDP比重27.1%", "占全市市场主体总量的96.5%"): a metric in "%" whose subject reads
  "<measure>占<base>比重";
- counts ("建成5G基站2.3万个", "1300个工业互联网赋能场景") and targets (any figure after a
  future cue such as "到2025年", "将", "力争", or in an enumerated plan after one);
- rankings ("位列第7", "居全国第2位"), dated events ("4月28日，…论坛在青岛举行") and people
  with their roles ("市委副书记、市长赵豪志");
- lists ("分别为A和B", "分别增长x、y和z"): one fact per item, values paired in order.

Subjects stay in Chinese as written, cut to the measure's noun phrase; regions are the
glossary's English names so region constraints work across languages; periods use the English
extractor's strings. A sentence without a period takes its paragraph's, else the year the
document has been reporting on, else the document's year of reference. Sentences of one
paragraph are adjacent in the text (Chinese puts no space after 。), so a gap between two
sentences is taken as a paragraph break.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from briefing.chinese.analyzer import ChineseAnalyzer
from briefing.chinese.glossary import load_glossary
from briefing.chinese.numbers import (
    PERCENT,
    PERCENTAGE_POINTS,
    FigureSpan,
    find_figures,
    normalise_width,
    parse_ordinal,
)
from briefing.chinese.periods import BY_PREFIX, find_chinese_period, period_year
from briefing.chinese.places import find_places
from briefing.chinese.segment import segment, to_simplified
from briefing.extract.bounds import without_bounds
from briefing.extract.events import resolve_day
from briefing.extract.maker import FactMaker
from briefing.extract.patterns import longest_first
from briefing.extract.places import Mention, region_near
from briefing.extract.topics import topics_for
from briefing.text import Sentence
from core.facts import Fact, FactKind, Source

MAX_SUBJECT_CHARS = 40
"""A subject is the measure's noun phrase; longer than this it is cut at the end."""
MAX_EVENT_SUBJECT_CHARS = 60
MAX_NOUN_AFTER_CHARS = 20
"""How far a counted noun may run after its classifier ("1300个工业互联网赋能场景")."""
MAX_ROLE_CHARS = 30
EARLIER_SENTENCES_FOR_LISTS = 3
"""A ranking without its list's name looks this many sentences back (then at the title)."""
RANK_UNIT = "rank"
RANKING_WORD = "排名"
MAX_QUOTED_NAME_CHARS = 15
"""A quoted name or slogan (“六个加快”, “最后一公里”) is short; its numbers are no figures."""

# Words a subject never starts with: scope, time and discourse words ("全市", "其中").
_LEADING = re.compile(
    r"^(?:[，,、：:；;\s]+|全市|全省|全国|全区|本市|本省|我市|我省|该市|其中|同时|此外|另外|目前|当前"
    r"|截至[^，,]{0,10}?[底末]|截止[^，,]{0,10}?[底末]|全年|年内|近年来|今年以来|近日|日前|近期"
    r"|[^，,]{0,12}方面|分(?:行业|地区|领域|类别|产业)看|据统计|数据显示|统计显示|共(?![享建同])|已经|已|在(?![线建])"
    r"|对(?![外日接])|从(?![业事])|还|也|并|力争|争取|预计|计划|将|要|各类|各项|各种|以及|和|与|及)"
)
# Linking words between a measure and its figure ("…收入达到", "…基站将达到").
_TRAILING = re.compile(
    r"(?:达到|达|为|是|约为|共计|共|合计|总计|累计|已经|已|将要|将|要|力争|争取|预计|计划|有|分别"
    r"|同比|比上年|较上年|年均|再|进一步|稳定在|保持在|维持在|提高到|提升到|增长到|增加到|上升到"
    r"|达至|至|到|首批|的)$"
)
# Verbs after which the figure's noun phrase is the object ("建成5G基站2.3万个").
_ACTION_VERBS = frozenset(
    {
        "建成", "开通", "新建", "新增", "培育", "汇聚", "形成", "发布", "公布", "拥有",
        "现有", "实有", "共有", "有", "实现", "完成", "引进", "吸引", "签约", "覆盖", "入驻",
        "集聚", "聚集", "建设", "举办", "开展", "组织", "培训", "招引",
    }
)  # fmt: skip
"""Verbs (whole words, as the segmenter cuts them) after which the figure's noun phrase is
the verb's object: "建成5G基站2.3万个", "实现增加值4905亿元"."""
_VERB_PREFIXES = frozenset({"累计", "梳理", "新", "已", "共"})
"""Words that join the verb after them ("累计建成开通")."""
_ADDED = "新增"
_KEPT_VERBS = frozenset({"新建", _ADDED})
"""Verbs that change what is counted ("新建5G基站" is not all 5G基站): kept in the subject."""
_THING_VERBS = frozenset({"实现", "完成", "汇聚"})
"""Verbs whose doer belongs in the subject ("软件和信息技术服务业实现软件业务收入")."""
_GOAL = "目标"
"""A figure followed by this word is a goal ("…的650亿元目标")."""
_TOPIC = re.compile(
    r"(?P<topic>[^，,。；;：:“”\d]{3,20}?)(?<![也还就正但即均都则总这那要别其])是[^，,。；;\d]+[，,]"
)
"""A sentence opening with what it is about: "<name>是<description>，"."""
_PRESENT_TIME = re.compile(r"近日|日前|近期|目前|当前|截至目前")
"""Words that date a statement to the time of publication ("近日，山东公布…")."""
_RISE_WORDS = ("增长", "增加", "提高", "提升", "上升", "上涨")
_FALL_WORDS = ("下降", "减少", "回落", "下滑", "降低", "下跌")
"""The words of a change; a percentage after a fall is a negative change."""
# A change: "同比增长", "分别增长", "年均增长", "下降" directly before a percentage.
_CHANGE_CUE = re.compile(
    r"(?:同比|比上年|较上年|比去年|较去年|比上年同期|较上年同期|年均|平均)?(?:分别)?"
    rf"(?P<word>{'|'.join(_RISE_WORDS + _FALL_WORDS)})了?(?:约|近|超过|超)?$"
)
_ABSOLUTE_CHANGE = re.compile(
    r"(?:比|较)(?:上年|去年|上年末|去年底|上年同期)(?:末|底)?(?:增加|新增|增长|减少|下降)了?$"
)
# A share: "占全市GDP比重达", "占全市市场主体总量的", "占比为".
_SHARE = re.compile(
    r"占(?P<base>[^，,。；;]{0,24}?)(?:的)?(?:比重|比例)?"
    r"(?:将|要|力争|预计)?(?:为|达到|达|是|已达|超过|约为|提高到|提升到|提高|提升|上升|升|增|下降|降)?$"
)
_SHARE_OF = re.compile(r"占比(?:为|达到|达|是)?$")
_BASE_SCOPE = re.compile(r"^(?:全市|全省|全国|全区|本市|本省)")
# A figure inside a quoted or book-titled name is part of the name ("“最后一公里”").
# Quoted speech is longer and its figures count: “到2025年，全市…力争达到6000亿元。”
_QUOTED = re.compile(
    rf"“[^”]{{0,{MAX_QUOTED_NAME_CHARS}}}”|《[^》]{{0,80}}》|「[^」]{{0,{MAX_QUOTED_NAME_CHARS}}}」"
)
_CLAUSE_BOUNDARY = re.compile(r"[，,；;：:。！？!?\s]")
_NOUN_AFTER_STOP = re.compile(
    r"[，,。；;：:！？!?、（(\s]|正在|实施|完成|入选|获评|进行|相继|加快|已经|已|将|被|在|的|是|为"
    r"|达到|实现|获得|纳入|覆盖|落地|开展|参与|推广|建成|上线|投用|占|和|与|以及|及|等|共|，"
)
_MONEY_NOUN_AFTER = re.compile(
    r"(?P<np>[\u4e00-\u9fffA-Za-z0-9]{0,12}?(?:基金|项目|资金|投资|订单|合同|贷款|补贴|债券|融资))"
)
_GENERIC_COUNTED = frozenset(
    {
        "方面", "领域", "方向", "导向", "工程", "举措", "任务", "环节", "问题", "类", "种", "批",
        "工作", "措施", "行动", "要求", "原则", "重点", "机制",
    }
)  # fmt: skip
"""Counted nouns that are only a list's size ("三个方面"): kept only when the list is given."""
_GENERIC_MEASURES = frozenset({"总量", "规模", "数量", "增速", "增幅", "总额", "总数"})
_PARENTHETICAL_END = re.compile(r"[（(][^）)]{1,12}[）)]$")
_FUTURE = re.compile(
    r"(?<!即)(?<!将)将(?!近)|力争|计划|目标|预计|争取|(?<![重主需只想必纲])要(?![求素点])|到\s*(?:19|20)\d{2}\s*年"
    r"|到(?:今年)?年底|到\s*(?:19|20)\d{2}|“十[一二三四五六七八九]五”末"
)
_PRESENT = re.compile(r"目前|现已|已经|已(?!有)|截至")
_ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]是|其[一二三四五]|首先|其次|第[一二三四五六七八九十][，,、])"
)
"""A sentence that goes on with a list of measures ("一是…"): a plan's, if the one before
spoke of the future."""
_CREATION = re.compile(
    r"建设|建成|打造|培育|推动|新增|新建|引进|吸引|实施|开展|推进|发展|完成|达到|突破|壮大|形成"
)
_HEADER_LINE = re.compile(
    r"来源[：:]|^\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}|^\d{4}-\d{1,2}-\d{1,2}(?:\s|$)"
)
_LIST_MARK = "分别"
_LIST_JOINERS = re.compile(r"^\s*(?:、|和|与|及|以及|，|,)\s*$")
_MEASURE_SUFFIX = re.compile(
    r"(?:增加值|营业收入|业务收入|主营业务收入|收入|营收|总产值|产值|规模|进出口额|出口额|进口额|总额"
    r"|投资|利润|税收|增速|用户数|数量)$"
)

# Ranks: "位列第7", "排名第三", "居全国第2位", "连续两年位居…第一", "居全国首位".
_RANK_VERB = r"位列|位居|名列|排名|排行|排在|排|居于|(?<![定家民聚邻安])居(?![民住家])|列"
_ORDINAL = r"第(?:\d+|[一二三四五六七八九十]+)(?:位|名)?|首位|榜首"
_RANK = re.compile(
    rf"(?P<verb>{_RANK_VERB})(?P<among>[^，,。；;、第首“”《》]{{0,30}}?)(?P<ord>{_ORDINAL})"
)
# "苏州、无锡、南京分别位列第一、第三和第五": one rank per item, in order.
_RANK_LIST = re.compile(
    rf"分别(?:{_RANK_VERB})(?P<among>[^，,。；;、第首“”《》]{{0,30}}?)"
    rf"(?P<ords>(?:{_ORDINAL})(?:(?:、|和|与|及)(?:{_ORDINAL}))+)"
)
_ORDINAL_ITEM = re.compile(_ORDINAL)
_NAMED_YEAR = re.compile(r"^((?:19|20)\d{2})(?!\d)")
_STREAK = re.compile(r"连续[一二两三四五六七八九十\d]+年|多年|再次|继续|稳居|跻身[^，,]*")
_IN_EVALUATION = re.compile(r"在(?P<name>[^，,。；;]{2,40}?)中(?=[，,])")
_NAMED_LIST = re.compile(
    r"《(?P<book>[^》]{2,60})》"
    r"|“(?P<quoted>[^”]{2,40})”(?:榜单|榜|排行榜|名单)"
    r"|(?P<plain>[0-9A-Za-z\u4e00-\u9fff]{2,20}?(?:百强榜|百强|排行榜|榜单))"
)

# Events: "4月28日，…论坛在青岛举行", "…论坛于4月28日在青岛举行", "2月17日，杭州召开…大会".
_DATE = r"(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
_TIME_OF_DAY = r"(?:上午|下午|晚上|晚间|早上|当天|当日)?"
_EVENT_AT_START = re.compile(rf"^(?:[^，,。]{{0,6}}?)?{_DATE}{_TIME_OF_DAY}[，,\s](?P<rest>.+)$")
_EVENT_ON_DATE = re.compile(
    rf"(?P<before>[^，,。；;]{{2,60}}?)(?P<future>将)?于{_DATE}(?P<rest>.*)$"
)
_MANNER = r"(?:正式|隆重|相继|顺利|成功|同时)"
"""How an event went ("隆重举行"): a word between its name and its verb."""
_EVENT_VERB = re.compile(
    rf"{_MANNER}?(?P<verb>举行|举办|召开|开幕|闭幕|发布|签约|上线|启动|揭牌|印发|颁布|公布|落幕"
    r"|成立|致贺信|致信|开班|开通|亮相)"
)
_AGENT_VERBS = frozenset({"致贺信", "致信"})
"""Events named by who did them ("习近平向…致贺信"): the verb is part of the subject."""
_OBJECT_VERBS = frozenset({"召开", "举办", "举行", "发布", "启动", "印发"})
_EVENT_NOUNS = re.compile(
    r"论坛|会议|大会|发布会|博览会|峰会|展会|展览会|仪式|报告|贺信|活动|大赛|比赛|年会|推进会|座谈会"
    r"|研讨会|签约|开幕式|节|周|榜单|清单|白皮书|指数|名单|方案|意见|规划|平台|会"
)
_THEME = re.compile(r"^以“[^”]*”为主题的")
_HELD_AT = re.compile(r"在(?P<place>[\u4e00-\u9fff]{2,8}?)(?:召开|举行|举办|开幕)")
_EVENT_TRIM = re.compile(rf"(?:在[\u4e00-\u9fff]{{2,8}})?{_MANNER}?$")

# People: "市委副书记、市长赵豪志出席", "市经信局局长陈立群表示", "习近平总书记".
_NAME_BOUNDARY = re.compile(
    r"表示|介绍|指出|强调|说|称|认为|透露|出席|主持|致辞|讲话|参加|会见|调研|宣布|在|到|一行|等|同志"
    r"|发布|提出|解读|通报|回答|答|部署|要求|签署|见证|揭牌|启动"
    r"|率|带队|作|就|对|向|与|和|为|也|还|[，,。；;：:、（(\d\s]|$"
)
_ROLE_START = re.compile(r"[，,。；;：:“”\s]")
_ROLE_LEAD = re.compile(r"^(?:据|由|经|会上|会议上|同时)")
_NAME_BEFORE_TITLE = ("总书记", "主席")


@dataclass
class _Found:
    """A figure being read, with what the reading adds to it."""

    span: FigureSpan
    change_sign: int = 0  # +1/-1 when the figure is a year-on-year change
    cue_start: int = -1  # where the change wording starts
    cue_word: str = ""  # the change's verb ("增长", "下降")
    change: float | None = None
    share: bool = False
    done: bool = False  # consumed by a list


@dataclass
class _DocumentState:
    """What extraction remembers while reading one document."""

    source: Source
    ref_year: int | None
    main_region: str | None
    reported_year: int | None = None
    paragraph_period: str | None = None
    plan_context: bool = False
    previous: Sentence | None = None
    previous_future: bool = False
    recent: list[str] = field(default_factory=list)
    title_text: str = ""


def extract_chinese_facts(
    sentences: Sequence[Sentence],
    *,
    source: Source,
    ref_year: int | None,
    main_region: str | None,
) -> list[Fact]:
    """All facts in a Chinese document's sentences, de-duplicated, in document order.

    Args:
        sentences: the document's sentences (`split_chinese_sentences`), title first.
        source: the document the facts cite.
        ref_year: the year "今年" means (the publication year, else inferred).
        main_region: the document's main place as an English name (`main_place`), the
            region of every fact whose sentence names none.
    """
    state = _DocumentState(source=source, ref_year=ref_year, main_region=main_region)
    state.title_text = next((_prepared(s.text) for s in sentences if s.is_title), "")
    facts: list[Fact] = []
    for sentence in sentences:
        facts.extend(_sentence_facts(sentence, state))
        state.previous = sentence
    return without_bounds(_without_title_echoes(_deduplicate(facts)))


def _prepared(text: str) -> str:
    """Simplified, full-width normalised text with the same offsets as `text`."""
    simplified = to_simplified(text)
    if len(simplified) != len(text):
        simplified = text  # a phrase conversion changed the length: keep the offsets
    return normalise_width(simplified)


@dataclass(frozen=True)
class _Maker(FactMaker):
    """Builds the facts of one sentence (`text` is the sentence prepared for reading)."""

    text: str = ""

    def topics_of(self, subject: str) -> tuple[str, ...]:
        return _topics(subject, self.text)

    def figure(
        self,
        found: _Found,
        *,
        kind: FactKind,
        subject: str,
        region: str | None,
        period: str | None,
    ) -> Fact:
        figure = found.span.figure
        return self.amount(
            figure,
            figure.text,
            kind=kind,
            subject=subject,
            region=region,
            period=period,
            change=found.change,
        )

    def rank(
        self, rank: int, written: str, *, subject: str, region: str | None, period: str | None
    ) -> Fact:
        """A ranking fact: place `rank`, as `written` in the sentence ("第三")."""
        return self(
            kind=FactKind.RANKING,
            subject=_short(subject),
            region=region,
            period=period,
            value=float(rank),
            value_text=written,
            unit=RANK_UNIT,
            base_value=float(rank),
        )

    def change_only(
        self, found: _Found, *, subject: str, region: str | None, period: str | None, target: bool
    ) -> Fact:
        figure = found.span.figure
        written = self.text[found.cue_start : found.span.end].replace(_LIST_MARK, "")
        if found.cue_word not in written:
            written = f"{found.cue_word}{written}"  # a later item of "分别增长x、y和z"
        return self(
            kind=FactKind.TARGET if target else FactKind.METRIC,
            subject=subject,
            region=region,
            period=period,
            value_text=written,
            qualifier=figure.qualifier,
            change=found.change_sign * figure.value,
        )


def _sentence_facts(sentence: Sentence, state: _DocumentState) -> list[Fact]:
    text = _prepared(sentence.text)
    previous = state.previous
    if previous is None or sentence.start > previous.end:
        state.paragraph_period = None
        state.plan_context = False
    if _HEADER_LINE.search(text):
        return []
    continues = previous is not None and previous.text.endswith(("；", ";"))
    explicit = find_chinese_period(
        text, ref_year=state.ref_year, reported_year=state.reported_year
    )
    if explicit is None and state.ref_year is not None and _PRESENT_TIME.search(text):
        explicit = str(state.ref_year)
    if explicit is not None and not explicit.startswith(BY_PREFIX):
        state.paragraph_period = explicit
        state.reported_year = period_year(explicit) or state.reported_year
    future_here = bool(_FUTURE.search(text))
    if _ENUMERATOR.match(text) or continues:
        state.plan_context = state.plan_context or state.previous_future
    else:
        state.plan_context = False
    state.previous_future = future_here or state.plan_context
    fallback = state.reported_year or state.ref_year
    sentence_period = explicit or state.paragraph_period or (str(fallback) if fallback else None)

    make = _Maker(sentence, state.source, state.main_region, text=text)
    mentions = find_places(text)
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    out: list[Fact] = []
    event_facts = _events(text, make, mentions, state)
    out.extend(event_facts)
    ranks = list(_RANK.finditer(text))
    rank_spans = [(m.start("among"), m.end()) for m in ranks]
    found = [
        _Found(span)
        for span in find_figures(text)
        if not _inside(span.num_start, quoted)
        and not _inside(span.num_start, rank_spans)
        and span.figure.unit != PERCENTAGE_POINTS
    ]
    figure_facts = _figure_facts(text, found, make, mentions, state, sentence_period)
    out.extend(figure_facts)
    last_subject = next((f.subject for f in reversed(figure_facts)), "")
    out.extend(_rankings(text, ranks, make, mentions, state, sentence_period, last_subject))
    if not sentence.is_title:
        out.extend(_people(text, make, state))
    state.recent = [text, *state.recent][:EARLIER_SENTENCES_FOR_LISTS]
    return out


# -- figures ---------------------------------------------------------------------------------


def _figure_facts(
    text: str,
    found: list[_Found],
    make: _Maker,
    mentions: list[Mention],
    state: _DocumentState,
    sentence_period: str | None,
) -> list[Fact]:
    if not found:
        return []
    _mark_changes(text, found)
    out: list[Fact] = []
    listed = _lists(text, found, make, mentions, state)
    out.extend(replace(f, period=f.period or sentence_period) for f in listed)
    _pair_changes(text, found)
    periods = _periods_before(text, state)
    topic, topic_end = _topic(text)
    last_subject = ""
    previous_end = 0
    for item in found:
        span = item.span
        figure = span.figure
        if item.done:
            previous_end = span.end
            continue
        period = _period_at(periods, span.num_start) or sentence_period
        target = _is_target(text, span.start, state.plan_context) or (period or "").startswith(
            BY_PREFIX
        )
        goal = bool(last_subject) and text.startswith(_GOAL, span.end)
        target = target or goal
        if target and period and not period.startswith(BY_PREFIX):
            by_period = _period_at(periods, span.num_start, by_only=True)
            period = by_period or period
        start = _clause_start(text, span.start, previous_end)
        segment_text = text[start : item.cue_start if item.change_sign else span.start]
        region = _region_for(mentions, span.num_start)
        previous_end = span.end
        if item.change_sign:
            if item.change is not None:
                continue  # folded into its amount
            subject = _measure(segment_text) or last_subject
            if not subject:
                continue
            out.append(
                make.change_only(
                    item, subject=_short(subject), region=region, period=period, target=target
                )
            )
            last_subject = subject
            continue
        if goal:  # "超额完成年初确定的650亿元目标": the goal for the measure just stated
            subject = last_subject
        elif figure.unit == PERCENT:
            subject = _percent_subject(text, start, span.start, last_subject)
            if not subject:
                continue
        elif figure.is_count:
            subject = _counted(text, item, start, last_subject)
            if not subject:
                continue
        else:
            own = _MONEY_NOUN_AFTER.match(text, span.end) if figure.is_money else None
            doer = topic if start >= topic_end else ""
            subject = own.group("np") if own else _measure(segment_text, doer) or last_subject
            if not subject:
                continue
        kind = (
            FactKind.TARGET if target else (FactKind.COUNT if figure.is_count else FactKind.METRIC)
        )
        out.append(
            make.figure(item, kind=kind, subject=_short(subject), region=region, period=period)
        )
        if not figure.is_count or not _noun_after(text, span.end):
            last_subject = _without_share(subject)
    return out


def _mark_changes(text: str, found: list[_Found]) -> None:
    """Flag percentages worded as year-on-year changes ("同比增长22.6%", "分别增长15.6%、")."""
    previous: _Found | None = None
    for item in found:
        span = item.span
        if span.figure.unit != PERCENT:
            previous = item
            continue
        before = text[max(0, span.start - 16) : span.start]
        cue = _CHANGE_CUE.search(before)
        joined = previous is not None and _LIST_JOINERS.match(text[previous.span.end : span.start])
        if cue and not re.search(r"[到至]$", before):
            item.change_sign = -1 if cue.group("word") in _FALL_WORDS else 1
            item.cue_start = span.start - (len(before) - cue.start())
            item.cue_word = cue.group("word")
        elif joined and previous is not None and previous.change_sign:
            item.change_sign = previous.change_sign  # "分别增长15.6%、19.4%和12.8%"
            item.cue_start = span.start
            item.cue_word = previous.cue_word
        elif _SHARE.search(text, max(0, span.start - 30), span.start) or _SHARE_OF.search(
            text, max(0, span.start - 8), span.start
        ):
            item.share = True
        previous = item


def _pair_changes(text: str, found: list[_Found]) -> None:
    """Give each change to the amount before it whose clause it closes ("…亿元，同比增长…")."""
    for index, item in enumerate(found):
        if not item.change_sign or item.done or item.change is not None:
            continue
        earlier = [f for f in found[:index] if not f.change_sign and not f.share]
        if not earlier:
            continue
        amount = earlier[-1]
        between = text[amount.span.end : item.cue_start]
        if amount.change is None and not amount.done and not _measure(between):
            amount.change = item.change_sign * item.span.figure.value
            item.change = amount.change


def _lists(
    text: str, found: list[_Found], make: _Maker, mentions: list[Mention], state: _DocumentState
) -> list[Fact]:
    """Facts of "A、B和C…分别为x、y和z" (and "分别增长"): one per item, in order (the caller
    gives those without a period of their own the sentence's)."""
    out: list[Fact] = []
    at = text.find(_LIST_MARK)
    while at != -1:
        run = _run_after(text, found, at + len(_LIST_MARK))
        if len(run) >= 2:
            start = _clause_start(text, at, 0)
            items = _list_items(text[start:at], len(run))
            if items is not None:
                out.extend(_list_facts(text, items, run, found, make, mentions, state, at))
        at = text.find(_LIST_MARK, at + 1)
    return out


def _run_after(text: str, found: list[_Found], position: int) -> list[_Found]:
    """The figures right after `position`, joined only by "、", "和", "与", "及"."""
    run: list[_Found] = []
    last = position
    for item in found:
        if item.span.num_start < position or item.done:
            continue
        gap = text[last : item.span.start if not item.change_sign else item.cue_start]
        if run and not _LIST_JOINERS.match(gap) and gap.strip():
            break
        if run and bool(item.change_sign) != bool(run[0].change_sign):
            break  # "分别达到x和y，同比分别增长p和q": the amounts, then their changes
        if not run and (len(gap) > 8 or _CLAUSE_BOUNDARY.search(gap)):
            break
        run.append(item)
        last = item.span.end
    return run


def _list_items(segment_text: str, count: int) -> list[str] | None:
    """The items a list names before "分别", split on "、" (then "和/与/及" if needed)."""
    body = segment_text.strip()
    leading = _LEADING.match(body)
    while leading and leading.end():
        body = body[leading.end() :]
        leading = _LEADING.match(body)
    items = [p for p in body.split("、") if p]
    if len(items) < count and items:
        last = re.split(r"和|与|及", items[-1], maxsplit=count - len(items))
        items = items[:-1] + [p for p in last if p]
    return items if len(items) == count else None


def _list_facts(
    text: str,
    items: list[str],
    run: list[_Found],
    found: list[_Found],
    make: _Maker,
    mentions: list[Mention],
    state: _DocumentState,
    at: int,
) -> list[Fact]:
    glossary = load_glossary()
    places = [glossary.place(item) for item in items[:-1]]
    last_places = find_places(items[-1])
    if all(places) and last_places and last_places[0].start == 0:
        regions: list[str | None] = [*places, last_places[0].name]
        measure = items[-1][last_places[0].end :]
        subjects = [measure] * len(items)
    else:
        suffix = _MEASURE_SUFFIX.search(items[-1])
        measure = suffix.group() if suffix and suffix.start() > 0 else ""
        if measure and any(_MEASURE_SUFFIX.search(item) for item in items[:-1]):
            measure = ""
        names = [*items[:-1], items[-1][: len(items[-1]) - len(measure)]]
        subjects = [f"{name}{measure}" for name in names]
        regions = [None] * len(items)
    target = _is_target(text, at, state.plan_context)
    periods = _periods_before(text, state)
    out: list[Fact] = []
    following = _run_after(text, found, run[-1].span.end + 1) if not run[0].change_sign else []
    changes = following if following and all(f.change_sign for f in following) else []
    for index, item in enumerate(run):
        item.done = True
        subject = _short(subjects[index])
        if not subject:
            continue
        period = _period_at(periods, item.span.num_start)
        region = regions[index] or _region_for(mentions, at)
        if item.change_sign:
            out.append(
                make.change_only(
                    item, subject=subject, region=region, period=period, target=target
                )
            )
            continue
        if len(changes) == len(run):
            change = changes[index]
            change.done = True
            item.change = change.change_sign * change.span.figure.value
        kind = (
            FactKind.TARGET
            if target
            else (FactKind.COUNT if item.span.figure.is_count else FactKind.METRIC)
        )
        out.append(make.figure(item, kind=kind, subject=subject, region=region, period=period))
    return out


def _percent_subject(text: str, clause_start: int, figure_start: int, last_subject: str) -> str:
    """The subject of a percentage: "<measure>占<base>比重" for a share, else its measure."""
    before = _strip_trailing(text[clause_start:figure_start])
    share = _SHARE.search(before)
    if share is not None:
        measure = _measure(before[: share.start()]) or last_subject
        base = _BASE_SCOPE.sub("", share.group("base")).removesuffix("的")
        if not measure:
            return ""
        return f"{_without_share(measure)}占{base}比重" if base else f"{measure}占比"
    if _SHARE_OF.search(before):
        measure = _measure(_SHARE_OF.sub("", before)) or last_subject
        return f"{_without_share(measure)}占比" if measure else ""
    return _measure(before)


def _counted(text: str, item: _Found, clause_start: int, last_subject: str) -> str:
    """What a count counts: the noun after its classifier, else the noun phrase before."""
    span = item.span
    after = _noun_after(text, span.end)
    if after:
        if after.startswith(tuple(_GENERIC_COUNTED)):
            listed = _strip_leading(text[clause_start : span.start]).removeprefix("从")
            if listed.count("、") + 1 != span.figure.value:
                return ""  # "三个方面": a list's size with no list
            tail = _CLAUSE_BOUNDARY.split(text[span.end + len(after) :], maxsplit=1)[0]
            return f"{after}{tail}" if tail else after
        return after
    before = _strip_trailing(text[clause_start : span.start])
    noun = last_subject
    for kept in _KEPT_VERBS:
        noun = noun.removeprefix(kept)
    if _ABSOLUTE_CHANGE.search(before):
        # "4.2万家，比上年增加3000家": the year's additions to the noun just counted
        return f"{_ADDED}{noun}" if noun else ""
    if not _strip_leading(before):
        return noun  # "…58.5万户，累计达到398.3万户": the noun just counted
    verb = _last_action(before)
    if verb is not None and not _strip_leading(before[verb.end :]):
        # "累计建成17.1万个": the counted noun is the one this sentence just counted
        if not noun:
            return ""
        return f"{verb.word}{noun}" if verb.word in _KEPT_VERBS else noun
    return _measure(before)


def _noun_after(text: str, position: int) -> str:
    """The counted noun phrase right after a classifier ("个工业互联网赋能场景" → …)."""
    rest = text[position : position + MAX_NOUN_AFTER_CHARS + 1]
    stop = _NOUN_AFTER_STOP.search(rest)
    noun = rest[: stop.start()] if stop else rest[:MAX_NOUN_AFTER_CHARS]
    noun = _PARENTHETICAL_END.sub("", noun)
    if len(noun) < 2 or not re.search(r"[\u4e00-\u9fff]", noun):
        return ""
    return noun


def _measure(segment_text: str, doer: str = "") -> str:
    """The measure's noun phrase in the words before a figure ("杭州实现…增加值" → "…增加值");
    `doer` is whose it is when the words do not say (the sentence's topic)."""
    body = _strip_trailing(segment_text)
    if _LIST_JOINERS.match(body) or not body:
        return ""
    verb = _last_action(body)
    if verb is None:
        return _strip_leading(body)
    before = body[: verb.start]
    noun = _strip_leading(body[verb.end :])
    if not noun:
        return _strip_leading(body)
    if _strip_leading(before).startswith("每"):
        return _strip_leading(body)  # "每万人拥有5G基站": per head, not a count
    if verb.word in _KEPT_VERBS:
        return f"{verb.word}{noun}"
    thing = _strip_leading(before) or doer
    if verb.word in _THING_VERBS and thing:
        return f"{thing}{noun}"
    return noun


def _topic(text: str) -> tuple[str, int]:
    """The sentence's topic and where its clause ends, when it opens with "<name>是…，"
    ("中国（南京）软件谷是全市软件产业的核心载体，2023年实现软件业务收入…": the park's
    revenue); ("", len(text)) otherwise."""
    found = _TOPIC.match(text)
    if found is None:
        return "", len(text)
    topic = found.group("topic")
    if _LEADING.match(topic) or _leading_period(topic) or _ENUMERATOR.match(topic):
        return "", len(text)  # "目前是…", "2023年是…", "一是…": no name
    return topic, found.end()


@dataclass(frozen=True)
class _Verb:
    """An action verb in a subject's words: its span and its last word."""

    start: int
    end: int
    word: str


def _last_action(text: str) -> _Verb | None:
    """The last action verb in `text`, as a whole word, with the words that lead into it."""
    offsets: list[tuple[int, int, str]] = []
    position = 0
    for token in segment(text):
        offsets.append((position, position + len(token), token))
        position += len(token)
    for index in range(len(offsets) - 1, -1, -1):
        start, end, token = offsets[index]
        if token not in _ACTION_VERBS:
            continue
        first = index
        while first > 0 and (
            offsets[first - 1][2] in _ACTION_VERBS or offsets[first - 1][2] in _VERB_PREFIXES
        ):
            first -= 1
        return _Verb(offsets[first][0], end, token)
    return None


def _strip_leading(text: str) -> str:
    """Drop scope, period, place and discourse words from the front of a subject."""
    glossary = load_glossary()
    previous = None
    text = text.strip()
    while previous != text:
        previous = text
        leading = _LEADING.match(text)
        if leading and leading.end():
            text = text[leading.end() :]
        period = _leading_period(text)
        if period:
            text = text[period:]
        for mention in find_places(text[:12]):
            if mention.start == 0 and glossary.place(text[: mention.end]) is not None:
                text = text[mention.end :]
                break
        text = text.strip(" ，,、：:；;")
    return text


def _strip_trailing(text: str) -> str:
    previous = None
    text = text.rstrip(" ，,、：:")
    while previous != text:
        previous = text
        text = _TRAILING.sub("", text).rstrip(" ，,、：:")
    return text


@cache
def _period_prefix() -> re.Pattern[str]:
    glossary = load_glossary()
    alternation = longest_first(glossary.periods.words)
    return re.compile(
        rf"^(?:(?:19|20)\d{{2}}年(?:度|底|末)?(?:{alternation})?|(?:{alternation})"
        rf"|到(?:(?:19|20)\d{{2}}年|今年)?年?底?|截至[^，,]{{0,10}}?[底末])"
    )


def _leading_period(text: str) -> int:
    match = _period_prefix().match(text)
    return match.end() if match else 0


def _without_share(subject: str) -> str:
    cut = subject.find("占")
    return subject[:cut] if cut > 0 and subject.endswith(("比重", "占比")) else subject


def _clause_start(text: str, position: int, floor: int) -> int:
    """Where the clause holding `position` starts: after the last ，；： before it."""
    start = floor
    for match in _CLAUSE_BOUNDARY.finditer(text, floor, position):
        if match.group() not in " \t":
            start = match.end()
    return start


def _is_target(text: str, position: int, plan_context: bool) -> bool:
    """Whether the figure at `position` is planned: a future cue before it and no "已" since."""
    future = [m.end() for m in _FUTURE.finditer(text, 0, position)]
    present = [m.end() for m in _PRESENT.finditer(text, 0, position)]
    if future and (not present or future[-1] > present[-1]):
        return True
    if plan_context:
        start = _clause_start(text, position, 0)
        return bool(_CREATION.search(text, start, position))
    return False


def _periods_before(text: str, state: _DocumentState) -> list[tuple[int, str]]:
    """(clause start, period) for every clause of the sentence that states a period."""
    found: list[tuple[int, str]] = []
    for clause in re.finditer(r"[^，,；;。]+", text):
        period = find_chinese_period(
            clause.group(), ref_year=state.ref_year, reported_year=state.reported_year
        )
        if period is not None:
            found.append((clause.start(), period))
    return found


def _period_at(
    periods: list[tuple[int, str]], position: int, *, by_only: bool = False
) -> str | None:
    """The last period stated before `position` (a target's "by" period if `by_only`)."""
    chosen = None
    for start, period in periods:
        if start > position:
            break
        if not by_only or period.startswith(BY_PREFIX):
            chosen = period
    return chosen


def _region_for(mentions: list[Mention], position: int) -> str | None:
    """The region a figure is about: the nearest place named before it in the sentence."""
    before = [m for m in mentions if m.end <= position]
    return region_near(before, position) if before else None


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= position < hi for lo, hi in spans)


def _short(subject: str) -> str:
    subject = subject.strip(" ，,、：:；;")
    return subject[:MAX_SUBJECT_CHARS]


# -- rankings --------------------------------------------------------------------------------


def _rankings(
    text: str,
    ranks: list[re.Match[str]],
    make: _Maker,
    mentions: list[Mention],
    state: _DocumentState,
    sentence_period: str | None,
    last_subject: str,
) -> list[Fact]:
    out = _ranking_lists(text, make, state, sentence_period)
    list_spans = [m.span() for m in _RANK_LIST.finditer(text)]
    for match in ranks:
        rank = parse_ordinal(match.group("ord"))
        if rank is None or _inside(match.start("ord"), list_spans):
            continue
        clause = text[_clause_start(text, match.start(), 0) : match.start()]
        entity = _STREAK.sub("", _strip_leading(clause)).strip()
        entity_region = None
        entity_places = find_places(clause)
        if entity_places:
            entity_region = entity_places[-1].name
        if load_glossary().place(entity) is not None:
            entity = ""
        if entity in _GENERIC_MEASURES and last_subject:
            measure = _without_share(last_subject)
            entity = measure if measure.endswith(entity) else f"{measure}{entity}"
        elif not entity and not entity_places and last_subject:
            # "每万人拥有5G基站41个，位居全国第一": a rank right after a figure ranks its measure
            entity = _without_share(last_subject)
        among = _among(text, match, state)
        if not among and not entity:
            continue
        if entity and among and entity != among:
            subject = (
                f"{among}{entity}{RANKING_WORD}"
                if _is_measure(entity)
                else f"{entity}在{among}中的{RANKING_WORD}"
            )
        else:
            subject = f"{among or entity}{RANKING_WORD}"
        period = _list_period(among, state) or sentence_period
        outside = [m for m in mentions if not match.start("among") <= m.start < match.end()]
        region = entity_region or _region_for(outside, match.start())
        out.append(
            make.rank(rank, match.group("ord"), subject=subject, region=region, period=period)
        )
    return out


def _ranking_lists(
    text: str, make: _Maker, state: _DocumentState, sentence_period: str | None
) -> list[Fact]:
    """Ranks of "A、B和C分别位列第一、第三和第五": one per item, paired in order."""
    glossary = load_glossary()
    out: list[Fact] = []
    for match in _RANK_LIST.finditer(text):
        ordinals = [m.group() for m in _ORDINAL_ITEM.finditer(match.group("ords"))]
        start = _clause_start(text, match.start(), 0)
        items = _list_items(text[start : match.start()], len(ordinals))
        if items is None:
            continue
        among = _among(text, match, state)
        period = _list_period(among, state) or sentence_period
        for item, ordinal in zip(items, ordinals, strict=True):
            rank = parse_ordinal(ordinal)
            if rank is None:
                continue
            region = glossary.place(item)
            if region is not None:
                subject = f"{among}{RANKING_WORD}" if among else RANKING_WORD
            else:
                subject = (
                    f"{item}在{among}中的{RANKING_WORD}" if among else f"{item}{RANKING_WORD}"
                )
            out.append(make.rank(rank, ordinal, subject=subject, region=region, period=period))
    return out


def _list_period(among: str, state: _DocumentState) -> str | None:
    """The year a list or evaluation is of: "2021年度…评估", "2022数字城市百强"."""
    if not among:
        return None
    named = _NAMED_YEAR.match(among)
    if named is not None:
        return named.group(1)
    return find_chinese_period(among, ref_year=state.ref_year)


def _is_measure(entity: str) -> bool:
    return bool(_MEASURE_SUFFIX.search(entity)) or entity.endswith(tuple(_GENERIC_MEASURES))


def _among(text: str, match: re.Match[str], state: _DocumentState) -> str:
    """What a rank is among: an evaluation or list the sentence (or one before it) names."""
    among = match.group("among").strip()
    evaluations = list(_IN_EVALUATION.finditer(text, 0, match.start()))
    if evaluations:
        return evaluations[-1].group("name").strip("《》“”")
    if among and among not in {"全国", "全省", "全市", "国内", "国际"}:
        return among
    for earlier in (text, *state.recent, state.title_text):
        name = _NAMED_LIST.search(earlier)
        if name is not None:
            return (name.group("book") or name.group("quoted") or name.group("plain")).strip()
    return among


# -- events ----------------------------------------------------------------------------------


def _events(text: str, make: _Maker, mentions: list[Mention], state: _DocumentState) -> list[Fact]:
    at_start = _EVENT_AT_START.match(text)
    on_date = None if at_start else _EVENT_ON_DATE.search(text)
    match = at_start or on_date
    if match is None:
        return []
    rest = match.group("rest")
    verb = _EVENT_VERB.search(rest)
    if verb is None:
        return []
    if on_date is None and _CLAUSE_BOUNDARY.search(rest[: verb.start()].replace(" ", "")):
        return []  # the verb belongs to a later clause, not to the dated one
    body = match.group("before") if on_date else rest[: verb.start()]
    held = _HELD_AT.search(text)
    place = None
    if held is not None:
        places = find_places(held.group("place"))
        place = places[0].name if places else None
    body = _EVENT_TRIM.sub("", _THEME.sub("", body.strip()))
    name = verb.group("verb")
    if name in _OBJECT_VERBS and not _EVENT_NOUNS.search(body):
        object_text = _CLAUSE_BOUNDARY.split(rest[verb.end() :], maxsplit=1)[0]
        parts = [object_text] if _EVENT_NOUNS.search(object_text) else []
    elif name in _AGENT_VERBS:
        whole = f"{body}{name}"
        agent = body.split("向", 1)[0]
        parts = [whole if len(whole) <= MAX_EVENT_SUBJECT_CHARS else f"{agent}{name}"]
    else:
        parts = [p for p in body.split("、") if _EVENT_NOUNS.search(p)]
        if len(parts) <= 1:
            parts = [body] if _EVENT_NOUNS.search(body) else []
    groups = match.groupdict()
    explicit_year = int(groups["y"]) if groups.get("y") else None
    inline_year = re.search(r"(?:19|20)\d{2}", body)
    if explicit_year is None and inline_year is not None:
        explicit_year = int(inline_year.group())
    published = state.source.published
    if explicit_year is None and groups.get("future") and published is not None:
        explicit_year = published.year  # "将于11月15日": later this year, not last year
    when = resolve_day(
        int(groups["m"]),
        int(groups["d"]),
        year=explicit_year,
        published=published,
        fallback_year=state.ref_year,
    )
    when_start = match.start("y") if groups.get("y") else match.start("m")
    when_text = text[when_start : match.end("d") + 1]  # through "日"
    out: list[Fact] = []
    for part in parts:
        subject = part.strip(" ，,、").removeprefix("《").removesuffix("》")
        subject = subject.replace("《", "").replace("》", "")
        if not subject:
            continue
        part_places = find_places(part)
        region = place or (part_places[0].name if part_places else None)
        if region is None:
            region = _region_for(mentions, len(text))
        out.append(
            make(
                kind=FactKind.EVENT,
                subject=subject[:MAX_EVENT_SUBJECT_CHARS],
                region=region,
                period=str(when.year) if when else None,
                value_text=when_text,
                event_date=when,
            )
        )
    return out


# -- people ----------------------------------------------------------------------------------


def _people(text: str, make: _Maker, state: _DocumentState) -> list[Fact]:
    found = [*_role_then_name(text), *_name_then_title(text)]
    return [_person(make, state, name=name, role=role) for role, name in found]


def _person(make: _Maker, state: _DocumentState, *, name: str, role: str) -> Fact:
    places = find_places(role)
    if places:
        region: str | None = places[-1].name
    elif role.startswith(("市", "省")):
        region = state.main_region  # "市委副书记、市长": the document's city
    else:
        region = None
    fact = make(kind=FactKind.PERSON, subject=name, region=None, period=None, value_text=role)
    topics = ("people", *_topics(role, ""))
    return replace(fact, region=region, topics=tuple(dict.fromkeys(topics)))


def _role_then_name(text: str) -> list[tuple[str, str]]:
    """(role, name) for "市委副书记、市长赵豪志" and the like."""
    glossary = load_glossary()
    found: list[tuple[str, str]] = []
    for title in _title_pattern().finditer(text):
        name = _name_at(text, title.end())
        if name is None:
            continue
        role_start = 0
        for boundary in _ROLE_START.finditer(text, 0, title.start()):
            role_start = boundary.end()
        role = _ROLE_LEAD.sub("", text[role_start : title.end()].strip(" 、"))
        if not role or len(role) > MAX_ROLE_CHARS or role in glossary.people.surnames:
            continue
        if found and found[-1][1] == name:
            continue
        found.append((role, name))
    return found


def _name_then_title(text: str) -> list[tuple[str, str]]:
    """(title, name) for "习近平总书记": a name the segmenter sees as one word, then a title."""
    found: list[tuple[str, str]] = []
    if not any(title in text for title in _NAME_BEFORE_TITLE):
        return found
    tokens = segment(text)
    for index, token in enumerate(tokens[1:], start=1):
        if token in _NAME_BEFORE_TITLE and _is_name(tokens[index - 1]):
            found.append((token, tokens[index - 1]))
    return found


def _name_at(text: str, position: int) -> str | None:
    """A 2- or 3-character name starting at `position` and ending at a name boundary."""
    for size in (3, 2):
        name = text[position : position + size]
        if len(name) == size and _is_name(name) and _NAME_BOUNDARY.match(text, position + size):
            return name
    return None


def _is_name(word: str) -> bool:
    glossary = load_glossary()
    if not 2 <= len(word) <= 3 or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
        return False
    if word[0] not in glossary.people.surnames or word in glossary.people.titles:
        return False
    return glossary.english(word) is None and word not in glossary.stopwords


@cache
def _title_pattern() -> re.Pattern[str]:
    titles = sorted(load_glossary().people.titles, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, titles)))


# -- shared ----------------------------------------------------------------------------------


@cache
def _analyzer() -> ChineseAnalyzer:
    return ChineseAnalyzer()


def _topics(subject: str, sentence: str) -> tuple[str, ...]:
    """Topic tags from the English words the glossary gives the subject (else the sentence)."""
    analyzer = _analyzer()
    return topics_for(analyzer.fold(subject), analyzer.fold(sentence) if sentence else "")


def _key(fact: Fact) -> tuple[object, ...]:
    if fact.kind is FactKind.PERSON:
        return (fact.kind, fact.subject)
    if fact.kind is FactKind.EVENT:
        return (fact.kind, fact.event_date, fact.subject)
    if fact.kind is FactKind.RANKING:
        return (fact.kind, fact.value, fact.region, fact.subject)
    return (fact.kind, fact.base_value, fact.unit, fact.change, fact.region)


def _deduplicate(facts: list[Fact]) -> list[Fact]:
    """One fact per measure: a body sentence beats the headline; gaps are filled from both."""
    kept: dict[tuple[object, ...], Fact] = {}
    for fact in facts:
        key = _key(fact)
        existing = kept.get(key)
        if existing is None:
            kept[key] = fact
            continue
        if fact.kind is FactKind.PERSON:
            if len(fact.value_text or "") > len(existing.value_text or ""):
                kept[key] = fact
            continue
        winner, other = (fact, existing) if existing.from_title else (existing, fact)
        kept[key] = replace(winner, period=winner.period or other.period)
    order = {id(f): i for i, f in enumerate(facts)}
    return sorted(kept.values(), key=lambda f: (f.from_title, f.start, order.get(id(f), 0)))


def _without_title_echoes(facts: list[Fact]) -> list[Fact]:
    """Drop headline facts the body states in full ("突破3800亿元" beside 3851.2亿元).

    A headline figure goes when a body fact of the same kind, unit and region shares a
    content term with its subject (a headline change alone, "同比增长18.6%", when a body
    fact states that change with its amount); a headline rank when the body gives the same
    rank for the same region. The body's sentence is the one to cite.
    """
    analyzer = _analyzer()
    body = [f for f in facts if not f.from_title]
    kept: list[Fact] = []
    for fact in facts:
        if (
            fact.from_title
            and fact.kind is FactKind.RANKING
            and any(
                other.kind is fact.kind
                and other.value == fact.value
                and other.region == fact.region
                for other in body
            )
        ):
            continue
        if fact.from_title and fact.kind in {FactKind.METRIC, FactKind.COUNT, FactKind.TARGET}:
            terms = set(analyzer.terms(fact.subject))
            if any(
                other.kind is fact.kind
                and (
                    other.unit == fact.unit
                    or (
                        fact.base_value is None
                        and fact.change is not None
                        and fact.change == other.change
                    )
                )
                and other.region == fact.region
                and terms & set(analyzer.terms(other.subject))
                for other in body
            ):
                continue
        kept.append(fact)
    return kept
