"""Charts, exports and inline answers on the starting corpus: what a user waits for.

Run: `.venv/bin/python -m bench.features [--repeat 20]`.

Ingests `seeds/` into a temporary SQLite store, then times: drawing the `/chart industry
growth in Qingdao` chart the first time and from the cache (English and Chinese), its PNG
size; finding whether an answer has a chart (done for every answer, for the "📈 Chart"
button); writing every fact as CSV; a `/search` page; the inline answers for a question.
Prints medians. Figures only; nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from briefing.charts import chart_for_answer, chart_for_request
from briefing.export import csv_bytes, export_facts
from briefing.ingest import ingest_paths
from briefing.inline import inline_answers
from briefing.present import charts as drawing
from briefing.search import search_passages
from briefing.service import Briefing
from core.language import Language
from db.engine import create_db_engine

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """The median wall time of `action` in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory() as folder:
        engine = create_db_engine(f"sqlite:///{folder}/bench.db")
        ingest_paths([SEEDS], engine=engine)
        briefing = Briefing(engine)
        answer = briefing.answer("industry growth in Qingdao")
        chart = chart_for_request(briefing.index, answer)
        assert chart is not None
        for lang in Language:
            drawing._cached_png.cache_clear()
            started = time.perf_counter()
            png = drawing.chart_png(chart, lang=lang)
            cold = (time.perf_counter() - started) * 1000
            cached = median_ms(partial(drawing.chart_png, chart, lang=lang), repeat)
            print(
                f"chart ({lang.value}): first draw {cold:.1f} ms, cached {cached:.4f} ms, "
                f"PNG {len(png) / 1024:.1f} KiB"
            )
        has_chart = median_ms(lambda: chart_for_answer(briefing.index, answer), repeat)
        print(f"chart button check per answer: {has_chart:.3f} ms")
        found = export_facts(engine)
        assert found is not None
        export = median_ms(lambda: csv_bytes(found.facts if found else ()), repeat)
        print(f"/export CSV of all {len(found.facts)} facts: {export:.2f} ms")
        search = median_ms(lambda: search_passages(engine, "digital economy"), repeat)
        print(f"/search digital economy, page 1: {search:.2f} ms")
        offered = inline_answers(briefing, "revenue Qingdao")
        inline = median_ms(lambda: inline_answers(briefing, "revenue Qingdao"), repeat)
        print(f"inline 'revenue Qingdao': {len(offered)} cards in {inline:.2f} ms")
        engine.dispose()


if __name__ == "__main__":
    main()
