"""Benchmark: loading the data tables, cold (parse and check every row) and cached.

A notebook's set-up cell and every widget call the loaders, so a cold load of all five tables
should stay well under a second and a cached call should cost next to nothing.

Usage: ``python -m tests.benchmarks.bench_data``
"""

from __future__ import annotations

import statistics
import time

REPEATS = 15


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def run() -> list[dict]:
    """Median cold load of all tables, median cached call, median ``fact()`` lookup."""
    from kzlesson import data

    loaders = (data.load_sources, data.load_facts, data.load_timeline, data.load_trade, data.load_glossary)

    def load_all() -> None:
        for loader in loaders:
            loader()

    cold, cold_cpu = [], []
    for _ in range(REPEATS):
        data.clear_cache()
        cpu = time.process_time()
        cold.append(_timed(load_all))
        cold_cpu.append((time.process_time() - cpu) * 1000)
    cached = [_timed(load_all) for _ in range(REPEATS)]
    trade_cold = []
    for _ in range(REPEATS):  # the full trade table alone (every partner 2015-2025), sources already read
        data.clear_cache()
        data.load_sources()
        trade_cold.append(_timed(data.load_trade))
    lookups = [_timed(lambda: data.fact("russia-share-imports-2021")) for _ in range(REPEATS * 4)]
    rows = {name: len(loader()) for name, loader in zip(("sources", "facts", "timeline", "trade", "glossary"), loaders)}
    counts = ", ".join(f"{n} {name}" for name, n in rows.items())
    return [
        {"area": "data", "measure": f"cold load of all five tables ({counts}), median", "value": round(statistics.median(cold), 1),
         "unit": "ms", "target": "<= 250 ms"},
        {"area": "data", "measure": "  the same, CPU time of this process (less sensitive to other programs), median",
         "value": round(statistics.median(cold_cpu), 1), "unit": "ms", "target": ""},
        {"area": "data", "measure": "cold load of the full trade table (with its partner groups), median",
         "value": round(statistics.median(trade_cold), 1), "unit": "ms", "target": "<= 250 ms"},
        {"area": "data", "measure": "cached call of all five loaders, median", "value": round(statistics.median(cached), 2),
         "unit": "ms", "target": "<= 10 ms"},
        {"area": "data", "measure": "fact(id) lookup, median", "value": round(statistics.median(lookups), 2),
         "unit": "ms", "target": "<= 5 ms"},
    ]


if __name__ == "__main__":  # pragma: no cover
    for row in run():
        print(f"{row['area']:>8}  {row['measure']:<80} {row['value']:>8} {row['unit']:<3} (target {row['target']})")
