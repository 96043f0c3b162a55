"""A Chinese release read whole: which documents are Chinese, its cleaned text and its header.

Ingest sends a document down the Chinese path when most of its letters are Chinese characters:
an English briefing that names 青岛 once stays English, and a Chinese release that says "5G" or
"GDP" stays Chinese. The cleaned text follows the English reader's convention (title first,
paragraphs joined by blank lines, page furniture dropped), so facts' offsets mean the same
thing in both languages; unlike the English reader it keeps Chinese quotation marks (“…”, 《…》),
which the extractor reads names from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from briefing.chinese.header import read_chinese_header
from briefing.metadata import DocumentMetadata
from briefing.text import is_navigation

CHINESE_SHARE = 0.5
"""A document is Chinese when at least this share of its letters are Chinese characters."""
MAX_FURNITURE_CHARS = 40
"""Page furniture is a short line; a longer one is prose, whatever words it holds."""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_INVISIBLE = str.maketrans({"\ufeff": "", "\u200b": "", "\r": "", "\t": " "})
# Site chrome of Chinese news pages: editor credits, print/close/share links, font pickers.
_FURNITURE = re.compile(
    r"^(?:【[^】]{0,10}】\s*)+$|^(?:责任编辑|编辑|审核|校对|作者|记者|通讯员)[：:]|^分享到|^扫一扫"
    r"|^(?:打印本页|关闭窗口|打印|关闭|返回顶部|上一篇|下一篇|相关阅读|相关新闻)$"
    r"|^字体[：:]|^【字体"
)


@dataclass(frozen=True)
class ChineseDocument:
    """A Chinese release's cleaned text and what its header says.

    Args:
        text: title and body lines joined by blank lines (what facts' offsets index into).
        title: the title line, or "" when the release has none.
        header: title, date and outlet as the release's head states them.
    """

    text: str
    title: str
    header: DocumentMetadata


def is_chinese_document(text: str) -> bool:
    """Whether most letters of `text` are Chinese characters."""
    han = len(_HAN.findall(text))
    latin = len(_LATIN.findall(text))
    return han > 0 and han >= CHINESE_SHARE * (han + latin)


def read_chinese_document(raw_text: str) -> ChineseDocument:
    """Clean a Chinese release and read its title and dateline."""
    lines = [
        " ".join(line.split())
        for line in unicodedata.normalize("NFC", raw_text).translate(_INVISIBLE).split("\n")
    ]
    header = read_chinese_header(lines)
    kept: list[str] = []
    if header.title_line is not None:
        kept.append(lines[header.title_line])
    kept.extend(line for line in lines[header.body_start :] if line and not is_furniture(line))
    return ChineseDocument(
        text="\n\n".join(kept),
        title=header.title or "",
        header=DocumentMetadata(
            title=header.title, outlet=header.outlet, published=header.published
        ),
    )


def is_furniture(line: str) -> bool:
    """Whether a line of a Chinese page is site chrome rather than prose."""
    if len(line) > MAX_FURNITURE_CHARS:
        return False
    return bool(_FURNITURE.search(line)) or is_navigation(line)
