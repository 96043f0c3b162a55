"""People a sentence names, with the role it gives them (or none, when it cites them by name)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.extract.places import REGION_NAMES
from briefing.extract.wordlists import tokens_of, words

_ROLE_WORDS = (
    r"(?i:secretary|mayor|vice[- ]mayor|governor|vice[- ]governor|director|director-general"
    r"|chairman|chairwoman|chair|president|premier|minister|head|chief|ceo|cto|professor"
    r"|dean|manager|founder|commissioner|deputy|member|spokesperson|spokesman|academician"
    r"|researcher|engineer|analyst|economist|expert|official|scientist|leader)"
)
_NAME = r"[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2}"
# "Zhao Haozhi, Deputy Secretary of ... and Mayor of Qingdao, has made ..."
_NAME_THEN_ROLE = re.compile(
    rf"(?<![\w'])(?P<name>{_NAME}),\s+(?P<role>(?i:the\s+)?(?i:(?:deputy|vice|executive|general"
    rf"|party|first|standing)\s+)*{_ROLE_WORDS}\b[^;]*?)"
    r"(?=,\s|\.\s|\.$|;|\s(?:said|says|attended|noted|stressed|pointed|added|has|had|was)\b)"
)
# "President Xi Jinping", "General Secretary Xi Jinping", "Mayor Zhao Haozhi"
_ROLE_THEN_NAME = re.compile(
    r"\b(?P<role>(?:General\s+|Deputy\s+|Vice\s+|Party\s+)?(?:Secretary|President|Premier"
    r"|Mayor|Governor|Chairman|Minister|Director|Professor|Academician))\s+"
    r"(?P<name>[A-Z][a-z]+\s[A-Z][a-z]+)\b"
)
_NOT_NAMES = words(
    """The This That These Those It In On At By For With From And But Meanwhile According
    Municipal Provincial Party Committee Government People Council City Province"""
)


@dataclass(frozen=True)
class PersonMatch:
    """A person named in a sentence, with their role when the sentence gives one."""

    name: str
    role: str | None


_ROLE_TOKENS = words(
    """secretary mayor governor director chairman chairwoman chair president premier minister
    head chief ceo cto professor dean manager founder commissioner deputy member spokesperson
    spokesman academician researcher engineer analyst economist expert official scientist
    leader"""
)


def find_people(sentence: str, *, tokens: frozenset[str] | None = None) -> list[PersonMatch]:
    """People a sentence names (`tokens`: its `tokens_of`, if known).

    With a role: "Zhao Haozhi, Mayor of Qingdao, ...", "said Chen Dong, chief researcher of
    ...", "Mayor Zhao Haozhi". Without one, only "According to Lu Xiumin, ...": a name of two
    or three words led by a common Chinese surname, so "According to China Daily" or
    "According to Chen" (a person named before) is no new person.
    """
    found: list[PersonMatch] = []
    if "According to " in sentence:
        found.extend(_sources_named(sentence))
    if not (tokens_of(sentence) if tokens is None else tokens) & _ROLE_TOKENS:
        return found
    for match in _NAME_THEN_ROLE.finditer(sentence):
        name = match.group("name")
        if not _is_person_name(name):
            continue
        role = match.group("role").strip(" ,")
        if not role[0].isalpha() or _ROLE_THEN_NAME.match(role):
            continue  # "X, General Secretary Xi Jinping": the title belongs to the next name
        found.append(PersonMatch(name, role))
    for match in _ROLE_THEN_NAME.finditer(sentence):
        name = match.group("name")
        if _is_person_name(name):
            found.append(PersonMatch(name, match.group("role")))
    return found


def _is_person_name(name: str) -> bool:
    words = name.split()
    if any(w in _NOT_NAMES or w in REGION_NAMES or w.endswith("ed") for w in words):
        return False
    return name not in REGION_NAMES


_ACCORDING_TO = re.compile(
    r"\bAccording to (?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+){1,2})(?=,|\s+(?:said|says)\b|\.|$)"
)
# Common Chinese surnames in pinyin: a name led by one of these is a person's.
_SURNAMES = words(
    """Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng
    Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Cai Jiang Yu Du Ye
    Cheng Wei Su Lu Ding Ren Shen Yao Jin Fu Zhong Cui Tan Fan Wan Shi Qin Qian Jia Xia Fang
    Dai Kong Bai Mao Qiu Gu Hou Shao Meng Long Duan Lei Tao Yin Hao Kang Gong Xiong Yan Qi Wen
    Niu Chang Xing Hong Mo Yi Lai Ning Hua Ou Pang Geng Zuo Gan Ji Mei Qu Bao Shang Nie Chai
    Yue Xue Yi Wei Zou Shi Jiao Lyu"""
)


def _sources_named(sentence: str) -> list[PersonMatch]:
    """People a sentence cites by name alone ("According to Lu Xiumin, ...")."""
    found: list[PersonMatch] = []
    for match in _ACCORDING_TO.finditer(sentence):
        name = match.group("name")
        if name.split()[0] in _SURNAMES and _is_person_name(name):
            found.append(PersonMatch(name, None))
    return found
