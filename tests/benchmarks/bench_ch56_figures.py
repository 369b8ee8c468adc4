"""Benchmark: drawing the figures of chapters 5 and 6 (export-routes map, composition, crossings).

Each figure is one call in a notebook cell; it should draw in well under a second so a class
running the notebook top to bottom does not wait on it.

Usage: ``python -m tests.benchmarks.bench_ch56_figures``
"""

from __future__ import annotations

import statistics
import time

REPEATS = 7


def _median_ms(function) -> float:
    import matplotlib.pyplot as plt

    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fig = function()
        fig.canvas.draw()  # render, as the notebook's inline backend will
        times.append((time.perf_counter() - start) * 1000)
        plt.close(fig)
    return statistics.median(times)


def run() -> list[dict]:
    """Median time to build and render each figure (data already cached after the first call)."""
    import matplotlib

    matplotlib.use("Agg")
    from kzlesson.routes_map import plot_export_routes
    from kzlesson.society_plot import plot_composition, plot_crossings
    from kzlesson.style import use_style

    use_style()
    figures = {
        "export-routes map (ch. 5), draw": plot_export_routes,
        "composition chart (ch. 6), draw": plot_composition,
        "crossings chart (ch. 6), draw": plot_crossings,
    }
    return [
        {"area": "chapters 5-6 figures", "measure": name, "value": round(_median_ms(fn), 1), "unit": "ms",
         "target": "<= 1000 ms"}
        for name, fn in figures.items()
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
