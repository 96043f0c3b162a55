"""Decoding Chinese briefing files: UTF-8, UTF-16 with a byte-order mark, or GB18030/GBK.

Many Chinese releases are still saved in GBK, which is not valid UTF-8. The order is fixed so
the answer does not depend on a guess where none is needed: a byte-order mark names its
encoding; valid UTF-8 is UTF-8; only then does charset-normalizer guess, and its guess is
accepted only if it is a Chinese encoding (GB18030 and its subsets GBK/GB2312, or Big5).
GBK text is decoded as GB18030, its superset, so no GBK file can fail on a rare character.
The encoding is returned with the text so that ingest can name it in its summary. Binary,
empty and oversized input is refused with the same error the English reader raises.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from briefing.text import MAX_DOCUMENT_BYTES, UnreadableDocumentError, check_text

UTF8 = "utf-8"
UTF8_WITH_BOM = "utf-8-sig"
GB18030 = "gb18030"
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, UTF8_WITH_BOM, UTF8_WITH_BOM),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
_GB_FAMILY = frozenset({"gb18030", "gbk", "gb2312", "cp936", "hz"})
_BIG5_FAMILY = frozenset({"big5", "big5hkscs", "cp950"})
_CHINESE_ENCODINGS = _GB_FAMILY | _BIG5_FAMILY


def decode_document(raw: bytes) -> tuple[str, str]:
    """Decode a Chinese (or any UTF) briefing file.

    Returns:
        The text and the name of the encoding it was read with: "utf-8", "utf-8-sig",
        "utf-16-le", "utf-16-be", "gb18030" or "big5".

    Raises:
        UnreadableDocumentError: empty, binary, too large, or in no encoding named above.
    """
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise UnreadableDocumentError(f"too large ({len(raw)} bytes)")
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise UnreadableDocumentError(f"not {name} text (byte {exc.start})") from exc
            return _checked(text.removeprefix("\ufeff")), name
    if b"\x00" in raw:
        raise UnreadableDocumentError("binary file (contains NUL bytes)")
    try:
        return _checked(raw.decode(UTF8)), UTF8
    except UnicodeDecodeError:
        pass
    return _detected(raw)


def _detected(raw: bytes) -> tuple[str, str]:
    best = from_bytes(raw).best()
    detected = best.encoding.lower().replace("_", "") if best is not None else None
    if detected is None or detected not in _CHINESE_ENCODINGS:
        found = f" (looks like {best.encoding})" if best is not None else ""
        raise UnreadableDocumentError(f"neither UTF-8 nor a Chinese encoding{found}")
    codec = GB18030 if detected in _GB_FAMILY else detected
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise UnreadableDocumentError(f"not {codec} text (byte {exc.start})") from exc
    return _checked(text), codec


def _checked(text: str) -> str:
    check_text(text)
    return text
