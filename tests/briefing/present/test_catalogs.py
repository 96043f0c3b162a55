"""The message catalogs: complete, in step with the source strings, and compiled from the .po."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from briefing.present import messages
from briefing.present.i18n import DOMAIN, LOCALE_DIR, catalog, gettext
from core.language import DEFAULT_LANGUAGE, Language

PRESENT = Path(messages.__file__).parent
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
TRANSLATED = [language for language in Language if language is not DEFAULT_LANGUAGE]
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?[a-z]+[^>]*>|&[a-z]+;")


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def po_path(lang: Language) -> Path:
    return LOCALE_DIR / lang.value / "LC_MESSAGES" / f"{DOMAIN}.po"


def source_msgids() -> set[str]:
    """Every string marked with N_ in briefing/present, as `make messages` extracts them."""
    found: set[str] = set()
    for path in sorted(PRESENT.rglob("*.py")):
        for _, message, _, _ in extract_from_file("python", str(path), keywords={"N_": None}):
            assert isinstance(message, str)
            found.add(message)
    return found


def msgids(catalog_: Catalog) -> set[str]:
    return {str(m.id) for m in catalog_ if m.id}


def test_the_template_holds_exactly_the_source_strings() -> None:
    assert msgids(read(TEMPLATE)) == source_msgids(), "run `make messages`"


def test_every_message_constant_is_a_msgid() -> None:
    constants = {
        value
        for name, value in vars(messages).items()
        if name.isupper() and isinstance(value, str)
    }
    assert constants <= msgids(read(TEMPLATE))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_msgid_has_a_translation(lang: Language) -> None:
    translations = read(po_path(lang))
    assert msgids(translations) == msgids(read(TEMPLATE))
    untranslated = [m.id for m in translations if m.id and not str(m.string).strip()]
    fuzzy = [m.id for m in translations if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == [] and not translations.fuzzy


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders_and_markup(lang: Language) -> None:
    for message in read(po_path(lang)):
        if not message.id:
            continue
        source, translated = str(message.id), str(message.string)
        assert Counter(PLACEHOLDER.findall(translated)) == Counter(PLACEHOLDER.findall(source)), (
            source
        )
        assert sorted(TAG.findall(translated)) == sorted(TAG.findall(source)), source
        assert translated.startswith("\n") == source.startswith("\n"), source


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalog_is_the_po_file(lang: Language) -> None:
    """A stale .mo (the .po changed without `make catalogs`) would show old wording."""
    for message in read(po_path(lang)):
        if message.id:
            assert catalog(lang).gettext(str(message.id)) == message.string, message.id


def test_english_is_the_msgid_itself() -> None:
    assert gettext(messages.DONT_KNOW, Language.EN) == "I don't know that."
    assert gettext(messages.DONT_KNOW, Language.ZH) == "这个我不知道。"


def test_chinese_command_descriptions_fit_telegram() -> None:
    from briefing.present.commands import menu

    for command in menu():
        assert 3 <= len(command.describe(Language.ZH)) <= 256


def test_a_catalog_that_was_not_compiled_is_an_error_not_english(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from briefing.present import i18n

    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    with pytest.raises(i18n.CatalogMissingError, match="make catalogs"):
        i18n.catalog.__wrapped__(Language.ZH)
