"""Benchmark: the timeline explorer's redraw after a filter change (target <= 150 ms median, and no
slower than 1.5 x a bare matplotlib redraw of the same chart measured in the same run).

Each change sets one control of the explorer built on data/timeline.csv (month range, vector, actor
or search), which filters the events, lays out the lanes, draws the figure again on the kept Figure,
renders the PNG and updates the HTML (status, chart, event menu, details, key).

The baseline, timed right after each change, draws the *same chart* with plain matplotlib: a new
Figure of the same size, the same axes, lane bands, markers, number labels, marks, stance strip and
legend (markers as one Line2D per lane and stance, as kzlesson draws them), from positions computed
beforehand, then ``savefig`` to PNG at the same dpi and compression. A second
baseline, only rendering the explorer's own figure to PNG, is reported for transparency.

The explorer renders with ``figure_png(fast=True)`` (text rasterised once per string, the legend pasted
as pixels, RGB PNG at zlib level 1) on axes kept from the previous redraw; the baseline does not get
any of that: it clears its figure and calls ``savefig``. A change that leaves the view as it was
(same events, months, lanes and ring) is not redrawn by the explorer; such changes are counted and
left out of the median, so the median only times real redraws.

The CPU time of the redraw (``time.process_time``) is reported too: on a shared 2-core machine the
wall-clock time mostly measures the other processes.

Usage: ``python -m tests.benchmarks.bench_timeline``
"""

from __future__ import annotations

import io
import statistics
import time

ROUNDS = 2


def _changes(ex) -> list[tuple[object, str, object]]:
    """(control, attribute, value) steps; each one changes what the chart shows."""
    labels = list(ex.months.options)
    jan = labels.index("Jan 2022")
    steps: list[tuple[object, str, object]] = []
    for vector in ("Russia", "China", "the West", "Ukraine", "multilateral", "domestic", ""):
        steps.append((ex.vector, "value", vector))
    for first, last in ((jan, jan + 2), (jan + 3, jan + 8), (jan + 8, len(labels) - 1), (jan, len(labels) - 1)):
        steps.append((ex.months, "index", (first, last)))
    for word in ("CSTO", "Tokayev", "pipeline", "UN", ""):
        steps.append((ex.search, "value", word))
    for actor in ("Tokayev", "Putin", ""):
        steps.append((ex.actor, "value", actor))
    return steps


def _bare_redraw(fig, placed, lane_rows, counts, lo, hi, size, dpi) -> bytes:
    """The same chart with matplotlib alone (positions precomputed), rendered to PNG."""
    import matplotlib.dates as mdates
    import numpy as np
    from matplotlib.lines import Line2D

    from kzlesson.style import STANCE_MARKERS, colour_for

    fig.clear()
    fig.set_size_inches(*size)
    grid = fig.add_gridspec(2, 1, height_ratios=[size[1] - 2.5, 0.9], left=0.14, right=0.95, top=0.95, bottom=0.12)
    ax = fig.add_subplot(grid[0, 0])
    strip = fig.add_subplot(grid[1, 0], sharex=ax)
    for lane, (top, rows) in lane_rows.items():
        ax.axhspan(top - (rows - 1) - 0.5, top + 0.5, color=colour_for(lane), alpha=0.07, lw=0)
    ax.set_yticks([top - (rows - 1) / 2 for top, rows in lane_rows.values()])
    ax.set_yticklabels(list(lane_rows))
    ax.axvspan(mdates.date2num(np.datetime64("2022-01-02")), mdates.date2num(np.datetime64("2022-01-19")),
               color="#999999", alpha=0.18, hatch="///", lw=0)
    ax.axvline(mdates.date2num(np.datetime64("2022-02-24")), color="#333333", ls="--", lw=1)
    ax.text(mdates.date2num(np.datetime64("2022-01-02")), 1.38, " January unrest", fontsize=8)
    ax.text(mdates.date2num(np.datetime64("2022-02-24")), 1.02, " Russia invades Ukraine", fontsize=8)
    for (vector, stance), part in placed.groupby([placed["vector"].astype("string"),
                                                  placed["stance"].astype("string").fillna("")]):
        ax.plot(part["x"], part["y"], ls="", marker=STANCE_MARKERS.get(stance, "s"), ms=7.5,
                mfc=colour_for(vector), mec="black", mew=0.6)
    wide = placed[(placed["x1"] - placed["x0"]) > 1.5]
    ax.hlines(wide["y"], wide["x0"], wide["x1"], colors="#888888", lw=3, alpha=0.45)
    for x, y, n in zip(placed["x"], placed["y"], placed["n"], strict=True):
        ax.text(x, y + 0.36, str(n), fontsize=7, ha="center", va="bottom")
    x = mdates.date2num([p.start_time for p in counts["period"]]) + 15
    strip.bar(x, counts["distant"], width=24, color="#4D4D4D")
    strip.bar(x, -counts["closer"], width=24, color="#BDBDBD", edgecolor="#333333", lw=0.8)
    strip.xaxis.set_major_locator(mdates.MonthLocator())
    strip.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
    ax.set_xlim(mdates.date2num(lo), mdates.date2num(hi))
    fig.legend(handles=[Line2D([], [], marker=m, ls="", label=k or "none") for k, m in STANCE_MARKERS.items()],
               loc="lower center", ncol=3, fontsize=8)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches=fig.bbox_inches, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def run() -> list[dict]:
    """Median and worst redraw, the bare matplotlib baselines and the ratio."""
    import pandas as pd
    from matplotlib.figure import Figure

    import kzlesson as kz
    from kzlesson import timeline as tl
    from kzlesson import timeline_plot as tp
    from kzlesson.timeline_explorer import TimelineExplorer

    kz.use_style()
    ex = TimelineExplorer()
    bare_fig = Figure()
    widget_ms: list[float] = []
    bare_ms: list[float] = []
    render_ms: list[float] = []
    widget_cpu_ms: list[float] = []
    unchanged = 0
    for _ in range(ROUNDS):
        for control, attribute, value in _changes(ex):
            if getattr(control, attribute) == value:
                continue
            shown = ex._last_png
            start, cpu = time.perf_counter(), time.process_time()
            setattr(control, attribute, value)
            elapsed = (time.perf_counter() - start) * 1000
            cpu_elapsed = (time.process_time() - cpu) * 1000
            found = ex.matching()
            if found.empty:
                continue  # "no events match": no chart to compare with
            if ex._last_png is shown:
                unchanged += 1  # the same view as before: nothing was drawn, so nothing to time
                continue
            widget_ms.append(elapsed)
            widget_cpu_ms.append(cpu_elapsed)

            # the same chart, by matplotlib alone: layout computed before the clock starts
            lo, hi = ex.period()
            lo = max(lo, pd.Timestamp("2022-01-01"))
            lo, hi = tp.view_range(found, lo, hi)
            lanes = [ex.vector.value] if ex.vector.value else list(tl.VECTORS)
            placed, lane_rows = tp.layout(found[found["date"] >= lo], lanes, (hi - lo).days * 0.24 / 7.2)
            counts = tl.stance_counts(found[found["date"] >= lo])
            size = tuple(ex._figure.get_size_inches())
            start = time.perf_counter()
            _bare_redraw(bare_fig, placed, lane_rows, counts, lo, hi, size, ex.dpi)
            bare_ms.append((time.perf_counter() - start) * 1000)

            start = time.perf_counter()
            tp.figure_png(ex._figure, dpi=ex.dpi, fast=True)
            render_ms.append((time.perf_counter() - start) * 1000)

    median = statistics.median(widget_ms)
    bare = statistics.median(bare_ms)
    ratio = median / bare if bare else float("nan")
    return [
        {"area": "timeline", "measure": f"explorer redraw after a filter change, median of {len(widget_ms)}",
         "value": round(median, 1), "unit": "ms", "target": "<= 150 ms"},
        {"area": "timeline", "measure": "filter changes that left the view unchanged (not drawn, not counted)",
         "value": unchanged, "unit": "changes", "target": ""},
        {"area": "timeline", "measure": "explorer redraw, CPU time of this process, median",
         "value": round(statistics.median(widget_cpu_ms), 1), "unit": "ms", "target": "(less sensitive to load)"},
        {"area": "timeline", "measure": "explorer redraw, worst", "value": round(max(widget_ms), 1), "unit": "ms",
         "target": ""},
        {"area": "timeline", "measure": "bare matplotlib redraw of the same chart, median", "value": round(bare, 1),
         "unit": "ms", "target": ""},
        {"area": "timeline", "measure": "explorer / bare matplotlib", "value": round(ratio, 2), "unit": "x",
         "target": "<= 1.5 x"},
        {"area": "timeline", "measure": "PNG render of the explorer's figure alone, median",
         "value": round(statistics.median(render_ms), 1), "unit": "ms", "target": ""},
    ]


if __name__ == "__main__":
    for result in run():
        print(f"{result['measure']}: {result['value']} {result['unit']} (target {result['target'] or '-'})")
