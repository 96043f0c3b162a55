"""Decoding Chinese files: UTF-8, UTF-16 with a BOM, GB18030/GBK; binary is refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from briefing.chinese.decode import decode_document
from briefing.text import UnreadableDocumentError

GBK_BRIEFING = Path(__file__).resolve().parents[2] / "data" / "zh" / "gbk_briefing.txt"
TEXT = "青岛软件和信息技术服务业营业收入112.5亿元，同比增长22.6%。"


def test_a_gbk_file_is_detected_and_named() -> None:
    raw = GBK_BRIEFING.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text, encoding = decode_document(raw)
    assert encoding == "gb18030"
    assert text.startswith("广东数字经济规模达6.41万亿元")
    assert "累计建成5G基站22.5万个" in text


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
)
def test_each_encoding_gives_the_same_text(raw: bytes, encoding: str) -> None:
    assert decode_document(raw) == (TEXT, encoding)


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # an image
        bytes(range(1, 256)) * 8,  # binary without a NUL byte
        "Café crème brûlée, naïve façade.".encode("latin-1"),  # not Chinese
        b"",
        b" \n \n",
    ],
)
def test_what_is_not_a_chinese_text_is_refused(raw: bytes) -> None:
    with pytest.raises(UnreadableDocumentError):
        decode_document(raw)
