"""Charts drawn as PNG images: valid, cached, captioned, and Chinese drawn without warnings."""

from __future__ import annotations

import struct
import warnings
from datetime import date

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from sqlalchemy.engine import Engine

from briefing.charts import Chart, chart_for_fact
from briefing.present import charts
from briefing.present.charts import chart_caption_html, chart_png, chart_title, cjk_font
from briefing.service import Briefing
from core.language import Language
from tests.botapi.telegram_html import parse_html
from tests.factories import FactFactory, draft, revenue_history

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE) and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.fixture
def history(engine: Engine, fact_factory: FactFactory) -> Chart:
    ids = revenue_history(fact_factory)
    chart = chart_for_fact(Briefing(engine).index, ids["2021"])
    assert chart is not None
    return chart


@pytest.fixture
def chinese(engine: Engine, fact_factory: FactFactory) -> Chart:
    for year, value in (("2020", 980.4), ("2021", 1263.5)):
        fact_factory.document(
            f"qd-{year}",
            draft(
                "软件业务收入",
                region="Qingdao",
                period=year,
                value=value,
                value_text=f"{value:g}亿元",
                unit="yuan",
                scale="hundred million",
                quote=f"{year}年青岛市软件业务收入{value:g}亿元。",
            ),
            title=f"青岛软件{year}",
            outlet="青岛日报",
            published=date(int(year) + 1, 1, 20),
        )
    index = Briefing(engine).index
    chart = chart_for_fact(index, index.entries[-1].fact.stored_id)
    assert chart is not None
    return chart


def test_a_chart_is_a_png_image_drawn_once(history: Chart) -> None:
    png = chart_png(history)
    assert png_size(png) == (960, 540)
    assert png.endswith(b"IEND\xaeB`\x82")
    assert chart_png(history) is png  # cached: the same chart is not drawn again
    assert chart_png(history, lang=Language.ZH) is not png


def test_the_caption_names_the_measure_each_figure_and_the_linked_sources(
    history: Chart,
) -> None:
    caption = parse_html(chart_caption_html(history))
    assert caption.text.splitlines() == [
        "Harbourtown, software revenue",
        "1. 2019: 92 hundred million yuan",
        "2. 2020: 10.1 billion yuan",
        "3. 2021: 11.25 billion yuan",
        "Sources: Harbour Post, 1 Feb 2020; Harbour Post, 1 Feb 2021; Harbour Post, 1 Feb 2022",
    ]
    assert len(caption.text) <= 1024


def test_chinese_titles_are_worded_and_drawn_without_missing_glyphs(chinese: Chart) -> None:
    assert chart_title(chinese, lang=Language.ZH) == "青岛 · 软件业务收入"
    caption = parse_html(chart_caption_html(chinese, lang=Language.ZH)).text
    assert "2021年：1263.5亿元" in caption and "来源：青岛日报，2021年1月20日" in caption
    # warnings are errors in this suite: a glyph missing from every font fails the test
    assert png_size(chart_png(chinese, lang=Language.ZH)) == (960, 540)


def test_without_a_chinese_font_the_image_keeps_to_what_it_can_draw(
    chinese: Chart, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    charts._cached_png.cache_clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = chart_png(chinese, lang=Language.ZH)
    charts._cached_png.cache_clear()
    assert png_size(png) == (960, 540)


def test_drawing_chinese_with_a_latin_font_alone_would_warn() -> None:
    """What the two tests above guard against: matplotlib warns for each missing glyph."""
    figure = Figure()
    FigureCanvasAgg(figure)
    figure.text(0.5, 0.5, "软件", fontfamily="DejaVu Sans")
    with pytest.warns(UserWarning, match="missing from font"):
        figure.canvas.draw()


def test_a_chinese_font_is_found_when_one_is_installed() -> None:
    name = cjk_font()
    if name is None:
        pytest.skip("no font with Chinese glyphs on this machine (e.g. fonts-noto-cjk)")
    assert name and "Last Resort" not in name
