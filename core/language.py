"""The languages the bot replies in, and how a reply's language is read from what users send.

Every layer may need it: the store keeps a chat's choice, the domain picks a chat's default
time zone by it, handlers decide it per update and presentation words replies in it. Telegram
sends a user's interface language as an IETF tag (`zh-hans`, `zh-hk`, `en-gb`); Simplified and
Traditional Chinese users alike read Simplified Chinese more readily than English, so every
`zh…` tag is Chinese.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Language(StrEnum):
    """A language the bot speaks; the value is its code in catalogs and in `chat.language`."""

    EN = "en"
    ZH = "zh"


DEFAULT_LANGUAGE = Language.EN
"""The language of the source strings and of users whose language the bot does not speak."""

NAMES: dict[Language, str] = {Language.EN: "English", Language.ZH: "中文"}
"""Each language's name in itself, as a button or a setting shows it."""

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ALIASES = {"english": Language.EN, "chinese": Language.ZH, "中文": Language.ZH}


def from_telegram_code(code: str | None) -> Language:
    """The language for a Telegram `language_code` ("zh-hans" → zh); English for the rest."""
    primary = (code or "").strip().lower().replace("_", "-").split("-", 1)[0]
    return Language.ZH if primary == Language.ZH else DEFAULT_LANGUAGE


def parse_language(text: str) -> Language | None:
    """The language a user named ("en", "zh", "zh-cn", "English", "中文"); None if none."""
    word = text.strip().lower()
    if word in _ALIASES:
        return _ALIASES[word]
    primary = word.replace("_", "-").split("-", 1)[0]
    return next((language for language in Language if language.value == primary), None)


def stored_language(value: str | None) -> Language | None:
    """A language as `chat.language` holds it; None for no choice (or one no longer spoken)."""
    return next((language for language in Language if language.value == value), None)


def has_chinese(text: str) -> bool:
    """Whether `text` contains a Chinese (CJK unified) character."""
    return _CJK.search(text) is not None


def question_language(text: str) -> Language:
    """The language to answer a question in when nothing else says: Chinese if it has any."""
    return Language.ZH if has_chinese(text) else DEFAULT_LANGUAGE
