"""Places named in Chinese text, as the English canonical names facts and questions share.

A region constraint works across languages only if "青岛" in a Chinese release and "Qingdao" in
an English one are one name, so every mention is returned under the glossary's English name
(the spelling of `briefing.extract.places`). Two things are not mentions: a place inside a
quoted or book-titled name (“数字山东”, 《…》) or inside a glossary "not a place" name
(上海合作组织); and 中国 directly followed by more of a name (中国城市数字经济发展评估,
中国软件名城), as "China" in English counts only where the text is about the country.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from briefing.chinese.glossary import PLACE_SUFFIXES, load_glossary
from briefing.extract.patterns import longest_first
from briefing.extract.places import COUNTRY, Mention

TITLE_WEIGHT = 3
"""A place named in the title counts as much as three mentions in the body."""
_COUNTRY_WORD = "中国"
_NAME_SPANS = re.compile(r"“[^”\n]{1,60}”|《[^》\n]{1,80}》|「[^」\n]{1,60}」")
# After 中国, these keep it a mention of the country ("中国的", "中国，").
_COUNTRY_FOLLOWERS = frozenset("的，。、；：！？ ,.;:")


def find_places(text: str) -> list[Mention]:
    """Places named in `text` in order, under their English names."""
    glossary = load_glossary()
    blocked = [m.span() for m in _NAME_SPANS.finditer(text)]
    blocked.extend(m.span() for m in _not_place_pattern().finditer(text))
    found: list[Mention] = []
    for match in _place_pattern().finditer(text):
        start, end = match.span()
        if any(lo <= start < hi for lo, hi in blocked):
            continue
        word = match.group("place")
        if word == _COUNTRY_WORD and end < len(text) and text[end] not in _COUNTRY_FOLLOWERS:
            continue
        name = glossary.places[word]
        found.append(Mention(name, start, end))
    return found


def main_place(title: str, body: str) -> str | None:
    """The document's main place: the one named most often (title thrice), China last."""
    counts: Counter[str] = Counter()
    for weight, text in ((TITLE_WEIGHT, title), (1, body)):
        for mention in find_places(text):
            counts[mention.name] += weight
    ranked = [name for name, _ in counts.most_common() if name != COUNTRY]
    if ranked:
        return ranked[0]
    return COUNTRY if counts else None


@cache
def _place_pattern() -> re.Pattern[str]:
    suffixes = "|".join(map(re.escape, PLACE_SUFFIXES))
    return re.compile(rf"(?P<place>{longest_first(load_glossary().places)})(?:{suffixes})?")


@cache
def _not_place_pattern() -> re.Pattern[str]:
    return re.compile(longest_first(load_glossary().not_places))
