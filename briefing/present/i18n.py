"""Message catalogs: every fixed text the bot shows, translated with gettext through Babel.

The English strings in `briefing.present.messages` are the msgids (marked with `N_` so
`pybabel extract` finds them); `locale/citybrief.pot` is the template they make and
`locale/<lang>/LC_MESSAGES/citybrief.po` a translation. The compiled `.mo` files are built from
the `.po` files by `make catalogs` (every make target that runs the bot or its tests depends
on it) and are not committed. English needs no catalog: its translation is the msgid itself.

A catalog that should exist but was not compiled is an error, not a silent fall back to
English: a Chinese user would otherwise get English replies and nobody would notice.
"""

from __future__ import annotations

from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel.support import Translations

from core.errors import CitybriefError
from core.language import DEFAULT_LANGUAGE, Language

DOMAIN = "citybrief"
"""The gettext domain: the catalogs' file name."""
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
"""Where the catalogs live: `<lang>/LC_MESSAGES/citybrief.po` and its compiled `.mo`."""


class CatalogMissingError(CitybriefError):
    """A language's compiled catalog (.mo) is missing: run `make catalogs`."""


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it (it is translated where shown)."""
    return message


@cache
def catalog(lang: Language) -> NullTranslations:
    """The translations for `lang` (English: none, the msgids are English).

    Raises:
        CatalogMissingError: the language's .mo file has not been compiled.
    """
    if lang is DEFAULT_LANGUAGE:
        return NullTranslations()
    translations = Translations.load(str(LOCALE_DIR), [lang.value], DOMAIN)
    if not isinstance(translations, Translations):  # Babel's "not found" is a NullTranslations
        mo = LOCALE_DIR / lang.value / "LC_MESSAGES" / f"{DOMAIN}.mo"
        raise CatalogMissingError(f"no compiled catalog {mo}; run `make catalogs`")
    return translations


def gettext(message: str, lang: Language) -> str:
    """`message` (an English msgid from `messages`) in `lang`."""
    return catalog(lang).gettext(message)
