"""What a question's own words fix about the answer, beyond its place and period.

Such words bind as firmly as a year or a city, so an answer that shares the question's other
words is still refused when it breaks them:

- **A dimension named**: a price, a cost, a salary, an age, a population, a distance, a
  temperature, a score, a birthplace or a duration. "The price of a smartphone made in
  Dongguan" is not answered by how many smartphones Dongguan made, nor "how much did the
  computing center cost" by its computing power: the figure must be stated as that
  dimension, by words beside it ("an investment of 2 billion yuan", "aged 52", "index scores
  of 89.6").
- **What is counted**: "how many 5G users" counts users; the "27,500 5G base stations" of a
  sentence that goes on "and 5G users accounted for 61.5%" count something else. A total
  asked ("总数", "in total") is not the count added in one period ("新增11家").

All are read from the question's raw text and checked against the text of a fact or passage
with regular expressions: the words are few, closed and the same in every document. (The rank
of an office asked, "who is the mayor" not answered by the deputy mayor, is
`briefing.scorer.deputy_unasked`'s.)
"""

from __future__ import annotations

import re
from enum import StrEnum

from core.facts import Fact

FIGURE_REACH = 50
"""How many characters either side of a figure may state its dimension ("index scores of
89.6, 87.3 and 85.9": the third score is 30 characters from "scores")."""


class Dimension(StrEnum):
    """A kind of figure a question names outright."""

    PRICE = "price"
    COST = "cost"
    SALARY = "salary"
    AGE = "age"
    POPULATION = "population"
    DISTANCE = "distance"
    TEMPERATURE = "temperature"
    SCORE = "score"
    BIRTHPLACE = "birthplace"
    DURATION = "duration"


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_ASKED: dict[Dimension, re.Pattern[str]] = {
    Dimension.PRICE: _words(
        r"\bprice[sd]?\b|\btickets?\b|\bfares?\b|\bfees?\b|\btariffs?\b|\brents?\b"
        r"|价格|价钱|票价|门票|房价|电价|水价|地价|租金|单价|售价|均价"
    ),
    Dimension.COST: _words(r"\bcost(?:s|ed|ing)?\b|\bspen[dt]\b|\bexpens|成本|花费|造价|耗资"),
    Dimension.SALARY: _words(r"\bsalar|\bwages?\b|工资|薪"),  # "earn" is revenue too
    Dimension.AGE: _words(r"\bhow old\b|\bage\b|\baged\b|年龄|年纪|几岁|多少岁|今年多大|多大了"),
    Dimension.POPULATION: _words(r"\bpopulation|\binhabitants?\b|\bpopulous\b|人口"),
    # "how far is the park from its 2025 target" asks for progress, not a distance
    Dimension.DISTANCE: _words(
        r"\bhow far\b(?!.*\b(?:target|goal|plan|aim)s?\b)|\bdistance|多远|距离"
    ),
    Dimension.TEMPERATURE: _words(
        r"\btemperatures?\b|\bdegrees? celsius\b|\bhow (?:hot|cold|warm)\b|气温|温度|多少度"
    ),
    Dimension.SCORE: _words(r"\bscor(?:e|es|ed|ing)\b|得分|分数|评分|多少分"),
    Dimension.BIRTHPLACE: _words(r"\bhometown\b|\bborn\b|\bwhere\b.*\bfrom\b|哪里人|籍贯|出生"),
    Dimension.DURATION: _words(r"\bhow long\b|\bduration\b|时长|多长时间|多久|耗时"),
}
"""The words that name a dimension in a question."""

_STATED: dict[Dimension, re.Pattern[str]] = {
    Dimension.PRICE: _words(
        r"\bpric|\bticket|\bfares?\b|\bfees?\b|\btariff|\bcost|\brent"
        r"|价格|价钱|票价|售价|单价|房价|电价|租金|均价|元/|费"
    ),
    Dimension.COST: _words(
        r"\bcost|\binvest|\bspen[dt]|\bbudget|\bexpens|\bfund|\bpric|投资|成本|费用|资金|造价|耗资"
    ),
    Dimension.SALARY: _words(r"\bsalar|\bwage|\bpay|\bpaid\b|\bearn|\bincome|工资|薪"),
    Dimension.AGE: _words(r"\baged?\b|\byears? old\b|-year-old\b|\d\s*岁|年龄|年纪"),
    Dimension.POPULATION: _words(r"\bpopulation|\binhabitant|人口"),
    Dimension.DISTANCE: _words(
        r"\bkilomet|\bkm\b|\bmiles?\b|\bdistance|\bmetres?\b|公里|千米|距离"
    ),
    Dimension.TEMPERATURE: _words(r"\btemperature|\bdegrees?\b|°|celsius|气温|温度|℃"),
    Dimension.SCORE: _words(r"\bscor|得分|分数|评分|\d\s*分(?!之)"),
    Dimension.BIRTHPLACE: _words(r"\bborn\b|\bnative of\b|\bhometown|籍贯|出生|人士"),
    Dimension.DURATION: _words(
        r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b|秒|分钟|小时|天|周|个月|时长"
    ),
}
"""The words that state a figure as that dimension in a document."""


def asked_dimension(question: str) -> Dimension | None:
    """The dimension `question` names ("price", "how old", "人口"), if any."""
    return next((d for d, pattern in _ASKED.items() if pattern.search(question)), None)


_CLAUSE_END = re.compile(r"[,;，；。]")


def states_dimension(dimension: Dimension, text: str, *, figure: str | None = None) -> bool:
    """Whether `text` states `dimension`: when `figure` is in the text, within FIGURE_REACH
    before it or after it in its clause ("an investment of 2 billion yuan", "52 years old";
    not "78.6 million smartphones, although the price of components rose"); anywhere in the
    text otherwise."""
    at = text.find(figure) if figure else -1
    if at >= 0:
        end = at + len(figure or "")
        after = _CLAUSE_END.split(text[end : end + FIGURE_REACH], maxsplit=1)[0]
        text = f"{text[max(0, at - FIGURE_REACH) : end]} {after}"
    return _STATED[dimension].search(text) is not None


def fact_states_dimension(dimension: Dimension, fact: Fact) -> bool:
    """Whether `fact` is a figure of `dimension`: its subject or unit says so, or its sentence
    does beside its figure."""
    named = " ".join(filter(None, (fact.subject, fact.unit, fact.value_text)))
    return states_dimension(dimension, named) or states_dimension(
        dimension, fact.quote or "", figure=fact.value_text
    )


_HOW_MANY = re.compile(r"\bhow many\s+(?P<phrase>[^?.!,;]*)", re.IGNORECASE)
_AFTER_COUNTED = frozenset(
    {
        *("does", "do", "did", "are", "is", "were", "was", "has", "have", "had", "will"),
        *("would", "can", "could", "there", "that", "which", "who", "work", "works", "live"),
        *("use", "used", "visit", "in", "of", "at", "for", "on", "from", "with", "by"),
        *("under", "across", "to", "per"),
    }
)
"""Words that end the words naming what is counted: verbs and prepositions."""
MAX_COUNTED_WORDS = 4
"""How many words after "how many" may name what is counted ("provincial-level industrial
internet platforms")."""


def counted_words(question: str) -> list[str]:
    """The words naming what "how many" counts, up to a verb or preposition ("how many 5G
    users does …": "5G users"; "how many Dongguan enterprises completed …": "Dongguan
    enterprises"); none when they run longer than MAX_COUNTED_WORDS."""
    found = _HOW_MANY.search(question)
    if found is None:
        return []
    words: list[str] = []
    for word in found.group("phrase").split():
        lowered = word.lower()
        if lowered in _AFTER_COUNTED or (words and lowered.endswith("ed")):
            break
        words.append(word)
    return words if len(words) <= MAX_COUNTED_WORDS else []


def counted_word(question: str) -> str | None:
    """The word naming what "how many" counts: the last of `counted_words` ("users")."""
    words = counted_words(question)
    return words[-1] if words else None


_TOTAL = re.compile(
    r"\b(?:total|in all|altogether|cumulative|cumulatively)\b|总数|总共|累计|共有", re.IGNORECASE
)
_ADDED = re.compile(r"\b(?:added|add|adds|newly)\b|新增|新建|新认定|新开通", re.IGNORECASE)


def asks_total(question: str) -> bool:
    """Whether the question asks for a whole count ("in total", "总数")."""
    return _TOTAL.search(question) is not None


def added_for_total(question: str, text: str) -> bool:
    """Whether `text` counts what was added ("全年新增省级智能制造示范工厂11家") where the
    question asks for a total ("示范工厂总数") and `text` states no total."""
    return (
        asks_total(question)
        and _ADDED.search(question) is None
        and _ADDED.search(text) is not None
        and _TOTAL.search(text) is None
    )
