"""The wording of a `Refusal`: why an answer claims no fact, and what to ask instead.

Plain text, no HTML: the renderers escape it like any other text. The slash commands a
refusal points to are named here (in the catalog's strings), not in the domain.
"""

from __future__ import annotations

from typing import assert_never

from briefing.present import messages
from briefing.present.formats import zh_list, zh_period, zh_place
from briefing.present.i18n import gettext
from briefing.views import Refusal, RefusalCode, Scope
from core.language import DEFAULT_LANGUAGE, Language

MAX_NAMED_WORDS = 3
"""How many unknown question words a refusal quotes."""


def refusal_text(refusal: Refusal, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """One or two sentences saying why nothing was matched."""

    def say(message: str, **values: str) -> str:
        return gettext(message, lang).format(**values)

    code = refusal.code
    if code is RefusalCode.BLANK_QUESTION:
        text = say(messages.BLANK_QUESTION)
    elif code is RefusalCode.EMPTY_STORE:
        text = say(messages.EMPTY_STORE)
    elif code is RefusalCode.UNKNOWN_PLACE:
        place = _place(refusal.words[0].title(), lang) if refusal.words else None
        text = say(messages.UNKNOWN_PLACE, place=place or say(messages.THAT_PLACE))
    elif code is RefusalCode.UNKNOWN_WORDS:
        missing = [f"“{w}”" for w in refusal.words[:MAX_NAMED_WORDS]]
        text = say(messages.UNKNOWN_WORDS, words=_join(missing, lang))
    elif code is RefusalCode.AMBIGUOUS:
        text = say(messages.AMBIGUOUS)
    elif code is RefusalCode.OTHER_PERIOD:
        text = say(messages.OTHER_PERIOD, period=_period(refusal, lang))
    elif code is RefusalCode.OTHER_REGION:
        region = _place(refusal.words[0], lang) if refusal.words else None
        text = say(messages.OTHER_REGION, region=region or say(messages.THAT_REGION))
    elif code is RefusalCode.NO_MEASURE:
        text = say(messages.NO_MEASURE)
    elif code is RefusalCode.PARTIAL_COMPARISON:
        if refusal.words:
            sides = _join([_place(w, lang) for w in refusal.words], lang)
            text = say(messages.PARTIAL_COMPARISON_NAMED, sides=sides)
        else:
            text = say(messages.PARTIAL_COMPARISON)
    elif code is RefusalCode.NO_MATCH:
        text = say(messages.DONT_KNOW)
    elif code is RefusalCode.GREETING:
        text = say(messages.GREETING)
    elif code is RefusalCode.THANKS:
        text = say(messages.THANKS)
    else:
        assert_never(code)
    if refusal.scope is not None:
        gap = "" if lang is Language.ZH else " "  # Chinese sentences follow without a space
        text = f"{text}{gap}{scope_text(refusal.scope, lang=lang)}"
    return text


def scope_text(scope: Scope, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """One sentence on what the store can answer, and where to browse it."""
    if not scope.has_facts:
        return gettext(messages.NO_FACTS_YET, lang)
    places = _join([_place(p, lang) for p in scope.places], lang)
    places = places or gettext(messages.INGESTED_DOCUMENTS, lang)
    topics = _join(list(scope.topics), lang)
    about = gettext(messages.SCOPE_TOPICS, lang).format(topics=topics) if topics else ""
    return gettext(messages.SCOPE, lang).format(places=places, topics=about)


def _place(name: str, lang: Language) -> str:
    return zh_place(name) if lang is Language.ZH else name


def _join(items: list[str], lang: Language) -> str:
    return zh_list(items) if lang is Language.ZH else ", ".join(items)


def _period(refusal: Refusal, lang: Language) -> str:
    if lang is Language.ZH and refusal.years:
        if refusal.half and len(refusal.years) == 1:
            return zh_period(f"{refusal.years[0]}-H{refusal.half}")
        return zh_list([zh_period(str(year)) for year in refusal.years])
    parts = [f"H{refusal.half}"] if refusal.half else []
    parts += [str(year) for year in refusal.years]
    return " ".join(parts) or gettext(messages.THAT_PERIOD, lang)
