"""Replies to an administrator's document upload."""

from __future__ import annotations

from html import escape

from briefing.ingest import IngestReport
from briefing.present import messages


def ingested_html(slug: str, report: IngestReport) -> str:
    """What an upload stored, and the files that failed with why."""
    summary = messages.INGESTED_HTML.format(slug=escape(slug), summary=escape(report.summary()))
    return summary + "".join(
        escape(messages.INGEST_FAILURE.format(name=f.name, reason=f.reason))
        for f in report.failures
    )


def too_large_html(megabytes: int) -> str:
    """Refuse a file over the upload limit."""
    return escape(messages.UPLOAD_TOO_LARGE.format(megabytes=megabytes))
