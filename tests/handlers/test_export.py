"""/export: the facts about a topic or region as a CSV document with their citations."""

from __future__ import annotations

import csv
import io

from tests.handlers.conftest import Say


def rows(content: bytes | None) -> list[dict[str, str]]:
    assert content is not None and content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


async def test_export_sends_the_regions_facts_as_a_csv_document(say: Say) -> None:
    (sent,) = await say(60, "/export shenzhen")
    assert sent.file_name == "citybrief-shenzhen.csv"
    assert sent.text == "Facts about Shenzhen: 1, with their sources."
    (row,) = rows(sent.document)
    assert (row["subject"], row["value_text"], row["outlet"], row["published"]) == (
        "5G base stations",
        "46,000",
        "Tech Daily",
        "2021-03-02",
    )
    assert row["quote"] == "Shenzhen had built 46,000 5G base stations by the end of 2020."


async def test_export_alone_sends_every_fact_and_an_unknown_name_is_explained(say: Say) -> None:
    everything, unknown = await say(61, "/export", "/export football")
    assert len(rows(everything.document)) == 5 and everything.file_name == "citybrief-facts.csv"
    assert unknown.document is None
    assert unknown.text.startswith("I have no topic or region called “football”.")
