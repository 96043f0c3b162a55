"""The benchmark's probe loads a store both ways and answers: the figures it prints stay real.

`bench.answer`'s memory section runs `bench.probe` once per approach in a fresh process; a
change to the index's interface that only the compact index follows would break the baseline's
run, found only by running the benchmark. This runs both probes on a small generated store.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.answer import generate_facts, generated_probes, probe, write_store
from bench.probe import APPROACHES


@pytest.mark.sqlite_only(reason="the benchmark measures the embedded SQLite store")
@pytest.mark.parametrize("approach", APPROACHES)
def test_probe_loads_the_store_and_answers(tmp_path: Path, approach: str) -> None:
    store, questions = tmp_path / "generated.db", tmp_path / "questions.json"
    facts = generate_facts(300)
    write_store(store, facts)
    questions.write_text(json.dumps([p.question for p in generated_probes(facts, 5)]))

    loaded = probe(approach, store, questions)

    assert loaded.approach == approach
    assert loaded.facts == 300
    assert loaded.empty_mb > 0 and 0 < loaded.kept_mb <= loaded.peak_mb
    assert loaded.questions == 5 and 0 < loaded.settled_mb <= loaded.peak_mb
    assert loaded.build_s >= loaded.index_s > 0
