"""Chinese text into words: traditional → simplified (OpenCC), then jieba in precise mode.

jieba is made once, lazily, the first time a text is segmented: loading its dictionary takes
about a second and most processes (the worker, an English-only console) never need it. The
segmenter is a private `jieba.Tokenizer`, not jieba's module-level default, so nothing else that
imports jieba sees our user words. Every glossary key is added with one fixed frequency in
sorted order, so the same text always gives the same tokens whatever order threads arrive in;
a lock makes the first use safe from several threads. jieba logs its start-up to stderr at
DEBUG level; its logger is set to WARNING before it loads. Its dictionary cache stays where
jieba puts it (the system temporary directory), written atomically by jieba itself.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Callable
from typing import Any

from briefing.chinese.glossary import load_glossary

DOMAIN_WORD_FREQUENCY = 100_000
"""jieba frequency given to every glossary word. jieba's own entries top out near 3e5 (的);
1e5 makes "软件和信息技术服务业" or "青岛" + "市长" beat any split of their characters, while
staying below the function words the segmenter must still cut off."""
OPENCC_CONFIG = "t2s"
"""OpenCC conversion: traditional characters to simplified, leaving simplified text as is."""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_lock = threading.Lock()
_tokenizer: Any = None
_converter: Callable[[str], str] | None = None


def has_chinese(text: str) -> bool:
    """Whether `text` holds any Chinese character: then the Chinese analyzer should read it.

    Mixed text ("青岛 software revenue 上半年") belongs to the Chinese analyzer too, which
    folds the English in it exactly as the English analyzer does.
    """
    return _HAN.search(text) is not None


def to_simplified(text: str) -> str:
    """`text` with traditional Chinese characters converted to simplified ones."""
    convert = _converter or _make_converter()
    return convert(text)


def segment(text: str) -> list[str]:
    """The words of `text` in order (jieba precise mode with the glossary's words).

    Whitespace and punctuation come back as tokens of their own, as jieba gives them; callers
    skip what they do not need. Traditional characters are not converted here: call
    `to_simplified` first.
    """
    if not text:
        return []
    tokenizer = _tokenizer or _make_tokenizer()
    return list(tokenizer.cut(text, cut_all=False, HMM=True))


def _make_converter() -> Callable[[str], str]:
    global _converter
    with _lock:
        if _converter is None:
            from opencc import OpenCC

            _converter = OpenCC(OPENCC_CONFIG).convert
        return _converter


def _make_tokenizer() -> Any:
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            logging.getLogger("jieba").setLevel(logging.WARNING)
            with warnings.catch_warnings():
                # jieba 0.42 imports pkg_resources, which newer setuptools flags as deprecated.
                warnings.filterwarnings(
                    "ignore", message=r"pkg_resources is deprecated", category=DeprecationWarning
                )
                import jieba
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for word in load_glossary().dictionary_words():
                tokenizer.add_word(word, DOMAIN_WORD_FREQUENCY)
            _tokenizer = tokenizer
        return _tokenizer
