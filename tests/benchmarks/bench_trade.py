"""Benchmark: the trade explorer's redraw after a control change (target <= 150 ms median, and
no slower than 1.5 x a bare matplotlib redraw of the same chart measured in the same run).

Each change sets one control of the explorer built on the full data/trade.csv (year, flow, view
mode, number of partners, trend partner or the what-if slider), which recomputes shares, HHI and asymmetry, redraws the bars on the kept Figure, renders
the PNG and updates the HTML outputs. The baseline, timed right after each change on the same
chart (same artists, size and dpi) in a second Figure, is what matplotlib alone costs:
``fig.canvas.draw()`` then ``fig.savefig(buffer, format="png")`` with default settings. A second
baseline, a single ``savefig`` to PNG, is reported too for transparency, as are the two kinds of
change apart (a year/flow change redraws everything; a slider move blits only the what-if bars onto
the saved background) and the CPU time of this process (less sensitive than wall time to other
programs sharing the machine).

Usage: ``python -m tests.benchmarks.bench_trade``
"""

from __future__ import annotations

import io
import statistics
import time

ROUNDS = 2


def _changes(ex) -> list[tuple[object, object]]:
    """(control, value) pairs: each one changes what the chart shows."""
    steps: list[tuple[object, object]] = []
    for year in ex.year.options[-3:]:
        for flow in ("turnover", "imports", "exports"):
            steps.append((ex.year, year))
            steps.append((ex.flow, flow))
    steps.append((ex.mode, "groups"))
    steps.append((ex.year, 2021))
    steps.append((ex.mode, "trend"))
    steps.append((ex.trend_of, "China"))
    steps.append((ex.flow, "imports"))
    steps.append((ex.mode, "partners"))
    steps.append((ex.year, 2022))
    steps.append((ex.flow, "turnover"))
    steps.append((ex.top_n, 12))
    steps.append((ex.top_n, 8))
    steps.append((ex.move_from, "Russia"))
    for pct in (10, 25, 40, 55, 70, 85, 100, 50, 5):
        steps.append((ex.move_pct, pct))
    return steps


def run() -> list[dict]:
    """Median and worst redraw, the bare matplotlib baselines and the ratio."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    import kzlesson as kz
    from kzlesson.trade_explorer import draw_shares, trade_explorer  # (kz.trade_explorer is the function)

    kz.use_style()
    ex = trade_explorer(flow="turnover")
    widget_ms: list[float] = []
    bare_ms: list[float] = []
    single_ms: list[float] = []
    widget_cpu_ms: list[float] = []
    bare_cpu_ms: list[float] = []
    slider_ms: list[float] = []
    full_ms: list[float] = []
    for _ in range(ROUNDS):
        for control, value in _changes(ex):
            if control.value == value:
                continue
            before = ex.redraws
            start, cpu = time.perf_counter(), time.process_time()
            control.value = value
            elapsed = (time.perf_counter() - start) * 1000
            cpu_elapsed = (time.process_time() - cpu) * 1000
            if ex.redraws == before:
                continue  # nothing shown changed: not a redraw
            widget_ms.append(elapsed)
            widget_cpu_ms.append(cpu_elapsed)
            (slider_ms if control is ex.move_pct else full_ms).append(elapsed)

            if ex.mode.value == "trend":
                continue  # the baseline below is the bar chart only
            # the same chart, drawn by matplotlib alone
            shares = ex._shares()
            what, _ = ex._what_if(shares)
            fig = Figure(figsize=ex.fig.get_size_inches(), dpi=ex.fig.dpi)
            FigureCanvasAgg(fig)
            ax = fig.add_axes(ex.ax.get_position().bounds)
            draw_shares(ax, shares, what)
            start, cpu = time.perf_counter(), time.process_time()
            fig.canvas.draw()
            fig.savefig(io.BytesIO(), format="png")
            bare_ms.append((time.perf_counter() - start) * 1000)
            bare_cpu_ms.append((time.process_time() - cpu) * 1000)
            start = time.perf_counter()
            fig.savefig(io.BytesIO(), format="png", dpi=fig.dpi, bbox_inches=None)
            single_ms.append((time.perf_counter() - start) * 1000)

    median = statistics.median(widget_ms)
    bare = statistics.median(bare_ms)
    ratio = median / bare if bare else float("nan")
    return [
        {"area": "trade", "measure": f"explorer redraw after a control change, median of {len(widget_ms)}",
         "value": round(median, 1), "unit": "ms", "target": "<= 150 ms"},
        {"area": "trade", "measure": "explorer redraw, worst", "value": round(max(widget_ms), 1), "unit": "ms",
         "target": ""},
        {"area": "trade", "measure": "bare matplotlib redraw of the same chart (canvas.draw + PNG save), median",
         "value": round(bare, 1), "unit": "ms", "target": ""},
        {"area": "trade", "measure": "bare matplotlib single savefig to PNG of the same chart, median",
         "value": round(statistics.median(single_ms), 1), "unit": "ms", "target": ""},
        {"area": "trade", "measure": "explorer redraw / bare matplotlib redraw", "value": round(ratio, 2),
         "unit": "x", "target": "<= 1.5 x"},
        {"area": "trade", "measure": "  of which: year/flow/partner change (full redraw), median",
         "value": round(statistics.median(full_ms), 1), "unit": "ms", "target": ""},
        {"area": "trade", "measure": "  of which: what-if slider move (blitted), median",
         "value": round(statistics.median(slider_ms), 1), "unit": "ms", "target": ""},
        {"area": "trade", "measure": "explorer redraw, CPU time of this process, median",
         "value": round(statistics.median(widget_cpu_ms), 1), "unit": "ms", "target": ""},
        {"area": "trade", "measure": "bare matplotlib redraw, CPU time of this process, median",
         "value": round(statistics.median(bare_cpu_ms), 1), "unit": "ms", "target": ""},
    ]


if __name__ == "__main__":
    for r in run():
        print(f"{r['measure']}: {r['value']} {r['unit']}  (target {r['target'] or '-'})")
