"""`TextBlob` gives back every text it was given, compressed in blocks or not."""

from __future__ import annotations

import pytest

from briefing.fact_table import TextBlob


@pytest.mark.parametrize("block", [0, 1, 3, 32])
def test_texts_read_back_as_added_across_blocks(block: int) -> None:
    texts = [f"Sentence {i} of a document, déjà vu 数字经济 {'x' * (i % 7)}" for i in range(100)]
    given = [texts[0], texts[0], None, *texts[1:50], texts[49], None, *texts[50:]]
    blob = TextBlob(block=block)
    ids = blob.extend(given[:40])  # in two batches, the first ending inside a block
    assert blob.get(ids[-1]) == given[39]  # readable while texts are still being added
    ids += blob.extend(given[40:])
    blob.seal()
    assert [None if i == -1 else blob.get(i) for i in ids] == given
    assert ids[0] == ids[1] and len(blob) == len(texts)  # a repeated text shares its id
    assert [blob.get(i) for i in reversed(range(len(blob)))] == texts[::-1]
