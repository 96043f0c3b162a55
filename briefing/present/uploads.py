"""Replies to an administrator's document upload."""

from __future__ import annotations

from html import escape

from briefing.chinese.decode import UTF8, UTF8_WITH_BOM
from briefing.ingest import IngestReport
from briefing.present import messages
from briefing.present.i18n import gettext
from core.language import DEFAULT_LANGUAGE, Language


def ingested_html(
    slug: str,
    report: IngestReport,
    *,
    encoding: str = UTF8,
    lang: Language = DEFAULT_LANGUAGE,
) -> str:
    """What an upload stored, the encoding it was read in when not plain UTF-8, and the files
    that failed with why."""
    counts = gettext(messages.INGEST_SUMMARY, lang).format(
        new=report.new,
        changed=report.changed,
        unchanged=report.unchanged,
        failed=report.failed,
        added=report.facts_added,
        removed=report.facts_removed,
    )
    summary = gettext(messages.INGESTED_HTML, lang).format(
        slug=escape(slug), summary=escape(counts)
    )
    if encoding not in (UTF8, UTF8_WITH_BOM):
        summary += escape(gettext(messages.READ_AS, lang).format(encoding=encoding.upper()))
    failure = gettext(messages.INGEST_FAILURE, lang)
    problems = (*report.failures, *report.notes)
    return summary + "".join(
        escape(failure.format(name=p.name, reason=p.reason)) for p in problems
    )


def too_large_html(megabytes: int, *, lang: Language = DEFAULT_LANGUAGE) -> str:
    """Refuse a file over the upload limit."""
    return escape(gettext(messages.UPLOAD_TOO_LARGE, lang).format(megabytes=megabytes))
