"""`citybrief` with the per-document fact cap lifted: `python -m bench.uncapped ingest FILE`.

The cap (`briefing.limits.MAX_FACTS_PER_DOCUMENT`) keeps a hostile document small; the flood
benchmark (`bench/flood.py`) runs ingest and ask through this too, to show what memory a
document of 11,000 figure sentences costs when every one of its facts is stored.
"""

from __future__ import annotations

import sys

from briefing import limits

if __name__ == "__main__":
    limits.MAX_FACTS_PER_DOCUMENT = sys.maxsize
    from bot.cli import main

    sys.argv[0] = "citybrief"
    main()
