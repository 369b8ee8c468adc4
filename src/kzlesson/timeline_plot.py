"""The timeline figure: one lane per vector, marker shape by stance, numbered events, a stance strip.

Every event is a numbered marker in its vector's lane; the numbers point into a table
(:func:`event_table_html`), so labels never collide however many events there are: events that
would touch are stacked in extra rows of their lane. Marker *shape* says the stance (``v`` closer to
Moscow, ``^`` more distant, ``o`` neutral, ``s`` none), colour repeats the lane, never alone.

>>> import pandas as pd
>>> events = pd.DataFrame({"id": ["a"], "date": pd.to_datetime(["2022-01-06"]), "precision": ["day"],
...     "title": ["CSTO arrives"], "description": [""], "actors": [("CSTO",)],
...     "vector": ["multilateral"], "stance": ["closer"], "stance_reason": [""], "source_ids": [("x",)]})
>>> fig = plot_timeline(events)
>>> [ax.get_label() for ax in fig.axes]
['timeline', 'stance strip']
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, FuncFormatter

from kzlesson._fast_png import add_stamped_legend, render_png
from kzlesson.number_labels import NumberLabels
from kzlesson.style import STANCE_LABELS, STANCE_MARKERS, colour_for
from kzlesson.timeline import VECTORS, format_date, number_events, period_end


@dataclass(frozen=True)
class Mark:
    """A moment marked on the timeline's axis: a line (``end`` None) or a shaded span."""

    label: str
    start: str
    end: str | None = None


#: The two moments every timeline view marks. Dates as in data/timeline.csv (a data test keeps
#: them equal): the unrest from the first protests in Zhanaozen to the CSTO's departure, and the invasion.
MARKS: tuple[Mark, ...] = (
    Mark("January unrest", "2022-01-02", "2022-01-19"),
    Mark("Russia invades Ukraine", "2022-02-24"),
)

#: Events before this date are background: drawn in a narrow panel of their own.
FOCUS_START = "2022-01-01"
STRIP_COLOURS = {"distant": "#4D4D4D", "closer": "#BDBDBD"}
_ROW = 1.0  # height of one row in a lane, in data units
MARKER_SIZE = 7.5  # points
_LABEL_IN = 0.24  # width of a number label plus its marker, in inches
#: the ring around the highlighted event (the explorer draws the same ring on kept pixels)
RING_STYLE = {"marker": "o", "ms": 16, "mfc": "none", "mec": "black", "mew": 1.8}


class TimelineFigure(Figure):
    """A matplotlib Figure that shows itself as a PNG in a notebook, without pyplot."""

    def _repr_png_(self) -> bytes:
        return figure_png(self, tight=True)


def figure_png(fig: Figure, tight: bool = False, dpi: int = 100, fast: bool = False) -> bytes:
    """Render a figure to PNG bytes (``tight`` crops the margins but draws twice).

    ``fast`` is for figures redrawn again and again (the explorer): text is rasterised once per
    string and reused (:mod:`kzlesson._fast_png`) and the PNG is compressed lightly.

    >>> figure_png(TimelineFigure(figsize=(1, 1)))[:4]
    b'\\x89PNG'
    >>> figure_png(TimelineFigure(figsize=(1, 1)), fast=True)[:4]
    b'\\x89PNG'
    """
    if fast and not tight:
        try:
            return render_png(fig, dpi=dpi, compress_level=1)
        except (AttributeError, TypeError, ImportError):  # matplotlib's private text API moved: plain savefig
            pass
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format="png",
        dpi=dpi,
        # None would mean rcParams["savefig.bbox"], which the module style sets to "tight"
        bbox_inches="tight" if tight else fig.bbox_inches,
        pil_kwargs={"compress_level": 1 if fast else 6},
    )
    return buffer.getvalue()


def _stance(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def stack_rows(starts: Sequence[float], ends: Sequence[float], gap: float) -> list[int]:
    """Give each interval the lowest row where it keeps ``gap`` clear of the row's previous interval.

    Intervals must come sorted by start. Greedy interval packing: rows never hold two items closer
    than ``gap``, so their labels cannot overlap.

    >>> stack_rows([0, 1, 10], [0, 1, 10], gap=2)
    [0, 1, 0]
    """
    row_ends: list[float] = []
    rows = []
    for start, end in zip(starts, ends, strict=True):
        for index, last in enumerate(row_ends):
            if start - last >= gap:
                row_ends[index] = end
                rows.append(index)
                break
        else:
            row_ends.append(end)
            rows.append(len(row_ends) - 1)
    return rows


def layout(
    events: pd.DataFrame, lanes: Sequence[str], gap_days: float
) -> tuple[pd.DataFrame, dict[str, tuple[float, int]]]:
    """Where each event goes: its x (midpoint date, as a matplotlib date number) and its y.

    Returns the events with columns ``x, x0, x1, y`` and, per lane, ``(y of its first row, rows)``.
    Lanes are drawn top to bottom in the order given.
    """
    x0 = mdates.date2num(events["date"]) if not events.empty else np.array([], dtype=float)
    x1 = mdates.date2num(_period_ends(events)) if not events.empty else np.array([], dtype=float)
    vector = [str(v) if v is not None and not pd.isna(v) else "" for v in events["vector"]]
    ids = [str(i) for i in events["id"]] if "id" in events.columns else [""] * len(events)
    by_lane: dict[str, list[int]] = {lane: [] for lane in lanes}
    for position, lane in enumerate(vector):
        if lane in by_lane:
            by_lane[lane].append(position)
    row_of = [0] * len(vector)
    counts: dict[str, int] = {}
    for lane, positions in by_lane.items():
        positions.sort(key=lambda k: (x0[k], ids[k]))
        rows = stack_rows([x0[k] for k in positions], [x1[k] for k in positions], gap_days)
        for k, r in zip(positions, rows, strict=True):
            row_of[k] = r
        counts[lane] = max(rows, default=0) + 1
    lane_rows: dict[str, tuple[float, int]] = {}
    top = 0.0
    for lane in lanes:
        lane_rows[lane] = (top, counts[lane])
        top -= counts[lane] * _ROW + 0.4
    ys = [lane_rows[v][0] - row_of[k] * _ROW if v in lane_rows else np.nan for k, v in enumerate(vector)]
    return events.assign(x0=x0, x1=x1, x=(np.asarray(x0) + np.asarray(x1)) / 2, y=ys), lane_rows


def _period_ends(events: pd.DataFrame) -> pd.Series:
    """Each event's :func:`kzlesson.timeline.period_end`, read from a ``period_end`` column when the
    events carry one (the explorer works it out once, not on every redraw: a month or a year
    offset is slow to add in pandas).

    >>> ev = pd.DataFrame({"date": pd.to_datetime(["2022-09-01"]), "precision": ["month"]})
    >>> _period_ends(ev).equals(_period_ends(ev.assign(period_end=period_end(ev))))
    True
    """
    return events["period_end"] if "period_end" in events.columns else period_end(events)


def _month_axis(ax, start: pd.Timestamp, end: pd.Timestamp) -> None:
    span_days = (end - start).days
    if span_days > 3 * 366:
        locator = mdates.AutoDateLocator(maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        return
    step = 1 if span_days <= 400 else (2 if span_days <= 800 else 3)
    if step == 1:
        # the month starts in the view (with the margin plot_timeline adds), computed once per view:
        # MonthLocator works them out with dateutil's rrule on every draw of every axis sharing x
        pad = pd.Timedelta(days=max(span_days * 0.015, 1.0))
        months = pd.date_range((start - pad).to_period("M").start_time, end + pad, freq="MS")
        months = months[months >= start - pad]
        names = {float(x): (m.strftime("%b"), m.month == 1, m.year)
                 for x, m in zip(mdates.date2num(months), months, strict=True)}
        ax.xaxis.set_major_locator(FixedLocator(list(names)))
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda x, pos: _month_label(names, x, pos))
        )
        return
    ax.xaxis.set_major_locator(mdates.MonthLocator(interval=step))
    ax.xaxis.set_major_formatter(
        FuncFormatter(
            lambda x, _pos: (
                mdates.num2date(x).strftime("%b\n%Y")
                if mdates.num2date(x).month == 1 or _pos == 0
                else mdates.num2date(x).strftime("%b")
            )
        )
    )


def _month_label(names: dict[float, tuple[str, bool, int]], x: float, pos: int | None) -> str:
    """``Jan\\n2022`` for January and the first tick shown, else the month's short name."""
    found = names.get(float(x))
    if found is None:
        when = mdates.num2date(x)
        found = (when.strftime("%b"), when.month == 1, when.year)
    name, january, year = found
    return f"{name}\n{year}" if january or pos == 0 else name


def view_range(
    events: pd.DataFrame,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The x range a view shows: the range asked for, else whole months around the events.

    >>> ev = pd.DataFrame({"date": pd.to_datetime(["2022-01-06", "2022-03-02"]), "precision": ["day", "day"]})
    >>> [str(t.date()) for t in view_range(ev)]
    ['2022-01-01', '2022-04-01']
    """
    if start is not None:
        lo = pd.Timestamp(start)
    elif events.empty:
        lo = pd.Timestamp("2022-01-01")
    else:
        lo = pd.Timestamp(events["date"].min()).to_period("M").start_time
    if end is not None:
        hi = pd.Timestamp(end)
    elif events.empty:
        hi = lo + pd.DateOffset(years=1)
    else:
        hi = (pd.Timestamp(_period_ends(events).max()).to_period("M") + 1).start_time
    if hi <= lo:
        hi = lo + pd.DateOffset(months=1)
    return lo, hi


def plot_timeline(
    events: pd.DataFrame,
    *,
    sources: pd.DataFrame | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    lanes: Sequence[str] | None = None,
    marks: Sequence[Mark] = MARKS,
    strip: bool = True,
    title: str | None = None,
    highlight: int | None = None,
    focus_start: str = FOCUS_START,
    fig: Figure | None = None,
    width: float = 10.0,
) -> Figure:
    """Draw the timeline: a lane per vector, numbered markers shaped by stance, a month axis.

    * ``events``: rows of :func:`kzlesson.data.load_timeline`; numbered with
      :func:`kzlesson.timeline.number_events` unless they already have an ``n`` column.
    * ``sources``: rows of :func:`kzlesson.timeline.place_sources`, drawn as a band above the lanes
      (a diamond for a printed date, a hatched bar for the bounds of an undated source).
    * ``start``/``end``: the x range (default: whole months around the events).
    * ``lanes``: the vectors to draw (default all seven, in :data:`kzlesson.timeline.VECTORS` order).
    * ``strip``: add the "stance over time" strip (events per month, closer below, distant above).
    * ``highlight``: an event number to ring.
    * ``focus_start``: events before it (the background since 1991) go in a narrow panel on the
      left, evenly spaced, so three decades do not squash 2022 into a sliver.
    * ``fig``: a figure to clear and draw on again (the explorer reuses one).

    >>> import pandas as pd
    >>> empty = pd.DataFrame({c: [] for c in ["id", "date", "precision", "title", "vector", "stance"]})
    >>> fig = plot_timeline(empty.astype({"date": "datetime64[ns]"}))
    >>> fig.axes[0].texts[-1].get_text()
    'No events match'
    """
    if "n" not in events.columns:
        events = number_events(events)
    lanes = list(lanes) if lanes is not None else list(VECTORS)
    focus = pd.Timestamp(focus_start)
    early = events[events["date"] < focus]
    late = events[events["date"] >= focus]
    broken = not early.empty and not late.empty
    main = late if broken else events
    lo, hi = view_range(main, focus if broken else start, end)
    if broken and start is None and end is None:
        lo, hi = view_range(late)
    span_days = max((hi - lo).days, 1)
    early_w = min(0.3 * len(early) + 0.4, 0.3 * width) if broken else 0.0
    axes_width_in = width - 1.8 - early_w
    gap_days = span_days * _LABEL_IN / axes_width_in
    placed, lane_rows = layout(main, lanes, gap_days)
    total_rows = sum(rows for _, rows in lane_rows.values())
    if sources is not None:
        sources = sources[(sources["end"] >= lo) & (sources["start"] <= hi)]
    n_sources = 0 if sources is None else len(sources)

    main_h = 0.3 * total_rows + 0.3 * len(lanes) + 0.75
    src_h = 0.22 * n_sources + 0.3 if n_sources else 0.0
    strip_h = 0.9 if strip else 0.0
    height = main_h + src_h + strip_h + 1.55
    if fig is None:
        fig = TimelineFigure(figsize=(width, height), layout=None)
    else:
        fig.set_size_inches(width, height, forward=False)
    ratios = [r for r in (src_h, main_h, strip_h) if r]
    left = 1.3 / width
    grid = fig.add_gridspec(
        len(ratios), 2 if broken else 1, height_ratios=ratios,
        width_ratios=[early_w, axes_width_in] if broken else None,
        hspace=0.3 / max(sum(ratios) / len(ratios), 0.5), wspace=0.25 / max((early_w + axes_width_in) / 2, 0.1),
        left=left, right=1 - 0.5 / width, top=1 - 0.45 / height, bottom=1.1 / height,
    )
    src_ax, ax, early_ax, strip_ax = _panels(fig, grid, bool(n_sources), broken, strip)

    # lanes
    bottom = min((top - (rows - 1) * _ROW - 0.5 for top, rows in lane_rows.values()), default=0.5)
    for target in (ax, early_ax):
        if target is not None:
            _lane_bands(target, lane_rows)
    label_ax = early_ax if early_ax is not None else ax
    label_ax.set_yticks([lane_rows[lane][0] - (lane_rows[lane][1] - 1) * _ROW / 2 for lane in lanes])
    label_ax.set_yticklabels(lanes)
    for label, lane in zip(label_ax.get_yticklabels(), lanes, strict=True):
        label.set_color(colour_for(lane) if lane != "multilateral" else "#8A5F00")
        label.set_fontweight("bold")
    for target in (ax, early_ax):
        if target is not None and not getattr(target, "_kz_styled", False):
            # once per axes: kept axes keep these settings (each call restyles every tick, ~1 ms)
            target.tick_params(axis="y", length=0)
            target.grid(axis="y", visible=False)
    if early_ax is not None and not getattr(ax, "_kz_styled", False):
        ax.tick_params(axis="y", labelleft=False)
        ax.spines["left"].set_visible(False)
    ax.set_ylim(bottom - 0.2, 2.1)
    ax.set_xlim(mdates.date2num(lo), mdates.date2num(hi))

    # marks
    for index, mark in enumerate(marks):
        m0 = pd.Timestamp(mark.start)
        if not (lo <= m0 <= hi or (mark.end and lo <= pd.Timestamp(mark.end) <= hi)):
            continue
        x0 = mdates.date2num(m0)
        ytext = 1.75 - 0.5 * (index % 2)
        right_side = (m0 - lo) / (hi - lo) > 0.7
        if mark.end:
            x1 = mdates.date2num(pd.Timestamp(mark.end))
            ax.axvspan(x0, x1, color="#999999", alpha=0.18, hatch="///", lw=0, zorder=0)
        else:
            ax.axvline(x0, color="#333333", ls="--", lw=1, zorder=1)
        ax.text(x0, ytext, mark.label + " " if right_side else " " + mark.label, fontsize=8, va="center",
                ha="right" if right_side else "left", color="#222222", zorder=5,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})

    # events
    if not placed.empty:
        _draw_events(ax, placed, highlight)
    else:
        ax.text(0.5, 0.5, "No events match", transform=ax.transAxes, ha="center", va="center",
                fontsize=13, color="#444444")
    if early_ax is not None:
        ordered = early.sort_values(["date", "n"], kind="stable")
        tops = {lane: lane_rows[lane][0] for lane in lanes}
        before = ordered.assign(
            x=np.arange(len(ordered), dtype=float),
            x0=np.arange(len(ordered), dtype=float),
            x1=np.arange(len(ordered), dtype=float),
            y=[tops.get(str(v), np.nan) for v in ordered["vector"]],
        )
        _draw_events(early_ax, before, highlight)
        early_ax.set_xlim(-0.6, len(before) - 0.4)
        early_ax.set_xticks(before["x"].to_list())
        early_ax.set_xticklabels([str(d.year) for d in before["date"]], rotation=90, fontsize=8)
        early_ax.grid(axis="x", visible=False)
        early_ax.set_title("before " + str(focus.year), fontsize=9, loc="left", fontweight="normal")
        early_ax.spines["right"].set_visible(True)
        early_ax.spines["right"].set_linestyle((0, (2, 2)))

    if title:
        (src_ax or ax).set_title(title, loc="left")
    handles = [
        Line2D([], [], marker=STANCE_MARKERS[k], ls="", mfc="white", mec="black", ms=7, label=STANCE_LABELS[k])
        for k in ("closer", "distant", "neutral", "")
    ]
    if not placed.empty and placed["x1"].sub(placed["x0"]).gt(1.5).any():
        handles.append(Line2D([], [], color="#777777", lw=3, alpha=0.6, label="dated to a month or a year"))

    if src_ax is not None:
        _draw_sources(src_ax, sources, lo, hi)
    _month_axis(ax, lo, hi)

    if strip:
        plot_stance_strip(main, ax=strip_ax, start=lo, end=hi)
        if not getattr(ax, "_kz_styled", False):
            ax.tick_params(axis="x", labelbottom=False)
        _month_axis(strip_ax, lo, hi)
        handles += [
            Patch(fc=STRIP_COLOURS["distant"], label="strip: events more distant (up)"),
            Patch(fc=STRIP_COLOURS["closer"], ec="#333333", lw=0.8, label="strip: events closer (down)"),
        ]
    pad = max(span_days * 0.015, 1.0)
    ax.set_xlim(mdates.date2num(lo) - pad, mdates.date2num(hi) + pad)
    for target in (ax, early_ax):
        if target is not None:
            target._kz_styled = True
    kept = fig.legends[0] if len(fig.legends) == 1 else None
    if kept is None or [t.get_text() for t in kept.get_texts()] != [h.get_label() for h in handles]:
        for legend in list(fig.legends):
            legend.remove()
        # anchored to the bottom edge: the same pixels on every redraw, pasted rather than laid out again
        add_stamped_legend(fig, handles, loc="lower center", ncol=3, fontsize=8, frameon=False,
                           bbox_to_anchor=(0.5, 0.0), handletextpad=0.4, columnspacing=1.2)
    return fig


def _panels(fig: Figure, grid, sources: bool, broken: bool, strip: bool) -> list:
    """The axes (sources, timeline, before, strip; None where absent), placed on ``grid``.

    A figure drawn before with the same panels keeps its axes (and their tick artists): only what
    they show is removed, which is much cheaper than clearing the figure and building new axes.
    """
    shape = (sources, broken, strip)
    col = 1 if broken else 0
    spots = [grid[0, col] if sources else None, grid[int(sources), col], grid[int(sources), 0] if broken else None,
             grid[int(sources) + 1, col] if strip else None]
    kept = getattr(fig, "_kz_panels", None)
    if kept is not None and kept[0] == shape and [a for a in kept[1] if a is not None] == fig.axes:
        panels = kept[1]
        for axes, spot in zip(panels, spots, strict=True):
            if axes is None:
                continue
            for artist in [*axes.lines, *axes.texts, *axes.patches, *axes.collections, *axes.images, *axes.artists]:
                artist.remove()
            axes.containers.clear()
            axes.set_title("")
            axes.set_title("", loc="left")
            axes.set_subplotspec(spot)
        return panels
    fig.clear()
    src_ax = fig.add_subplot(spots[0], label="sources") if sources else None
    ax = fig.add_subplot(spots[1], label="timeline", sharex=src_ax)
    early_ax = fig.add_subplot(spots[2], label="before", sharey=ax) if broken else None
    strip_ax = fig.add_subplot(spots[3], label="stance strip", sharex=ax) if strip else None
    panels = [src_ax, ax, early_ax, strip_ax]
    for axes in panels:
        if axes is not None:
            # the panels have no axis labels: fixing where they would go spares matplotlib measuring
            # every tick label of every panel sharing the axis, on each draw, to place nothing
            axes.xaxis.set_label_coords(0.5, -0.1)
            axes.yaxis.set_label_coords(-0.1, 0.5)
    fig._kz_panels = (shape, panels)
    return panels


def _lane_bands(ax, lane_rows: dict[str, tuple[float, int]]) -> None:
    """A pale band of each lane's colour across the axes, behind its rows (one collection: a patch
    per lane costs a millisecond each on every explorer redraw)."""
    bands = []
    for top, rows in lane_rows.values():
        y0, y1 = top - (rows - 1) * _ROW - 0.5, top + 0.5
        bands.append([(0, y0), (1, y0), (1, y1), (0, y1)])
    colours = [to_rgba(colour_for(lane), 0.07) for lane in lane_rows]
    ax.add_collection(
        PolyCollection(bands, facecolors=colours, edgecolors="none", linewidths=0, zorder=1,
                       transform=ax.get_yaxis_transform(), gid="lanes"),
        autolim=False,
    )


def _draw_events(ax, placed: pd.DataFrame, highlight: int | None) -> None:
    """Markers grouped by (lane, stance), a bar for events dated to a month or year, the numbers."""
    # artists are added without updating the data limits (the caller sets them): plot() and hlines()
    # would recompute them for every group, a good part of the explorer's redraw
    wide = placed[(placed["x1"] - placed["x0"]) > 1.5]
    if not wide.empty:
        spans = [[(x0, y), (x1, y)] for x0, x1, y in zip(wide["x0"], wide["x1"], wide["y"], strict=True)]
        ax.add_collection(LineCollection(spans, colors=[colour_for(str(v)) for v in wide["vector"]], lw=3,
                                         alpha=0.45, zorder=2, gid="periods"), autolim=False)
    groups: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    for x, y, vector, kind in zip(placed["x"], placed["y"], placed["vector"], placed["stance"], strict=True):
        xs, ys = groups.setdefault((str(vector), _stance(kind)), ([], []))
        xs.append(x)
        ys.append(y)
    for (vector, kind), (xs, ys) in groups.items():
        ax.add_artist(Line2D(xs, ys, ls="", marker=STANCE_MARKERS.get(kind, "s"), ms=MARKER_SIZE,
                             mfc=colour_for(vector), mec="black", mew=0.6, zorder=3, gid=f"events:{kind or 'none'}"))
    ax.add_artist(NumberLabels(placed["x"].to_numpy(), placed["y"].to_numpy(), placed["n"].astype(int).tolist(),
                               offset=0.36, fontsize=7))
    if highlight is not None:
        ring = placed[placed["n"] == highlight]
        if not ring.empty:
            ax.add_artist(Line2D(ring["x"].to_numpy(), ring["y"].to_numpy(), ls="", zorder=5, gid="highlight",
                                 **RING_STYLE))


def _draw_sources(ax, sources: pd.DataFrame, lo: pd.Timestamp, hi: pd.Timestamp) -> None:
    """The sources band: one row per source, a diamond at a printed date, a hatched bar for bounds."""
    n = len(sources)
    mid = mdates.date2num(lo + (hi - lo) / 2)
    hi = max(hi, lo + pd.Timedelta(days=1))
    for index, (_, src) in enumerate(sources.iterrows()):
        y = n - 1 - index
        x0, x1 = mdates.date2num(src["start"]), mdates.date2num(src["end"])
        if src["exact"]:
            ax.plot([x0], [y], marker="D", ms=7, mfc="black", mec="black", ls="")
            when = format_date(src["start"], "day")
        else:
            ax.barh(y, max(x1 - x0, 1), left=x0, height=0.5, color="white", edgecolor="black",
                    hatch="////", lw=0.8)
            when = f"{format_date(src['start'], 'day')} – {format_date(src['end'], 'day')} (undated)"
        text = f"{src['label']}, {when}"
        span = mdates.date2num(hi) - mdates.date2num(lo)
        nudge = span * 0.01
        room_right = (mdates.date2num(hi) - x1) / span
        room_left = (x0 - mdates.date2num(lo)) / span
        if room_right >= 0.45 or (x1 < mid and room_right >= room_left):
            ax.text(x1 + nudge, y, text, va="center", ha="left", fontsize=8)
        elif room_left >= 0.45:
            ax.text(x0 - nudge, y, text, va="center", ha="right", fontsize=8)
        else:  # no room either side: write it on the bar, on a white ground
            ax.text((max(x0, mdates.date2num(lo)) + min(x1, mdates.date2num(hi))) / 2, y, text, va="center",
                    ha="center", fontsize=8, bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none"})
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_yticks([(n - 1) / 2])
    ax.set_yticklabels(["sources"])
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labelbottom=False)
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)


def _monthly_stances(events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per month with events (x = the 16th as a date number): events closer to and more distant from Moscow.

    The same counts as :func:`kzlesson.timeline.stance_counts` (a test keeps them equal), in numpy:
    the strip is drawn on every explorer redraw.

    >>> ev = pd.DataFrame({"date": pd.to_datetime(["2022-01-06", "2022-03-02"]), "stance": ["closer", "distant"]})
    >>> [a.tolist() for a in _monthly_stances(ev)[1:]]
    [[1, 0], [0, 1]]
    """
    if events.empty:
        empty = np.array([], dtype=float)
        return empty, empty.astype(int), empty.astype(int)
    month = pd.to_datetime(events["date"]).to_numpy().astype("datetime64[M]")
    if "stance" in events.columns:
        stance = events["stance"].astype("string").fillna("").to_numpy()
    else:
        stance = np.full(len(events), "", dtype=object)
    months, where = np.unique(month, return_inverse=True)
    closer = np.bincount(where, weights=stance == "closer", minlength=len(months)).astype(int)
    distant = np.bincount(where, weights=stance == "distant", minlength=len(months)).astype(int)
    sixteenth = months.astype("datetime64[D]") + np.timedelta64(15, "D")
    return mdates.date2num(sixteenth), closer, distant


def _bars(x: np.ndarray, heights: np.ndarray, width: float = 24, **style: object) -> PolyCollection:
    """Bars of ``width`` (in days) centred on ``x``, from 0 to ``heights``, as one PolyCollection
    (``style``: PolyCollection keywords).

    >>> [p.vertices[:4].tolist() for p in _bars(np.array([100.0]), np.array([-2])).get_paths()]
    [[[88.0, 0.0], [112.0, 0.0], [112.0, -2.0], [88.0, -2.0]]]
    """
    boxes = [[(x0 - width / 2, 0), (x0 + width / 2, 0), (x0 + width / 2, h), (x0 - width / 2, h)]
             for x0, h in zip(x.tolist(), heights.tolist(), strict=True)]
    return PolyCollection(boxes, **style)


def plot_stance_strip(
    events: pd.DataFrame,
    ax=None,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
):
    """A compact strip: per month, events more distant from Moscow above the line, closer below.

    Bars differ in direction *and* shade (the closer ones pale with a dark outline), so the strip
    reads in greyscale and without colour. (They are not hatched: Agg draws a hatch at about 2 ms a
    bar, a fifth of the explorer's redraw budget.) Returns the axes.

    >>> ev = pd.DataFrame({"id": ["a"], "date": pd.to_datetime(["2022-01-06"]), "stance": ["closer"]})
    >>> ax = plot_stance_strip(ev)
    >>> [(c.get_gid(), len(c.get_paths())) for c in ax.collections]
    [('distant', 0), ('closer', 1)]
    """
    if ax is None:
        ax = TimelineFigure(figsize=(10, 1.6), layout="constrained").add_subplot(label="stance strip")
    x, closer, distant = _monthly_stances(events)
    if len(x):
        keep_d, keep_c = distant > 0, closer > 0
        # bars as one collection per kind: a patch per bar costs ~0.5 ms on each explorer redraw
        ax.add_collection(_bars(x[keep_d], distant[keep_d], facecolors=STRIP_COLOURS["distant"],
                                edgecolors="none", gid="distant"), autolim=False)
        ax.add_collection(_bars(x[keep_c], -closer[keep_c], facecolors=STRIP_COLOURS["closer"],
                                edgecolors="#333333", linewidths=0.8, gid="closer"), autolim=False)
        up, down = max(int(distant.max(initial=0)), 1), max(int(closer.max(initial=0)), 1)
    else:
        up = down = 1
    ax.axhline(0, color="black", lw=0.8)
    # one scale both ways, each side only as deep as its own tallest bar (no empty half to squash the other)
    ax.set_ylim(-down - 0.5, up + 0.5)
    # bare counts at the ends of the scale: words would run into the "before" panel on its left
    ax.set_yticks([-down, up])  # (no "0": with one closer event it would sit on the "1" below)
    ax.set_yticklabels([str(down), str(up)], fontsize=8)
    ax.set_title("Tagged events per month (up: more distant, down: closer)",
                 fontsize=8, loc="left", pad=3, fontweight="normal")
    ax.grid(axis="x", visible=False)
    if start is not None and end is not None:
        ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
    return ax


def describe_timeline(events: pd.DataFrame, sources: pd.DataFrame | None = None) -> str:
    """Alt text for a timeline view: how many events, from when to when, how they lean.

    >>> ev = pd.DataFrame({"id": ["a"], "date": pd.to_datetime(["2022-01-06"]), "precision": ["day"],
    ...     "vector": ["multilateral"], "stance": ["closer"]})
    >>> describe_timeline(ev)
    'Timeline of 1 event, 6 Jan 2022, in 1 lane (multilateral): 1 closer to Moscow, 0 more distant, 0 neutral, 0 without a stance.'
    """
    if events.empty:
        return "Timeline with no events: no events match the filters."
    first = events.loc[events["date"].idxmin()]
    last = events.loc[events["date"].idxmax()]
    when = format_date(first["date"], str(first["precision"]))
    if len(events) > 1:
        when = f"from {when} to {format_date(last['date'], str(last['precision']))}"
    stance = events["stance"].astype("string")
    present = set(events["vector"].astype("string").dropna())
    vectors = [v for v in VECTORS if v in present]
    lanes = f"{len(vectors)} lane{'s' if len(vectors) != 1 else ''} ({', '.join(vectors)})"
    text = (
        f"Timeline of {len(events)} event{'s' if len(events) != 1 else ''}, {when}, in {lanes}: "
        f"{int((stance == 'closer').sum())} closer to Moscow, {int((stance == 'distant').sum())} more distant, "
        f"{int((stance == 'neutral').sum())} neutral, {int(stance.isna().sum())} without a stance."
    )
    if sources is not None and len(sources):
        text += f" Above the lanes, {len(sources)} sources placed by their publication dates."
    return text


def event_table(events: pd.DataFrame) -> pd.DataFrame:
    """The key to the numbered markers: No., date, event, vector, stance (in date order).

    >>> ev = pd.DataFrame({"id": ["a"], "date": pd.to_datetime(["2022-09-01"]), "precision": ["month"],
    ...     "title": ["Banks stop Mir cards"], "vector": ["Russia"], "stance": ["distant"]})
    >>> event_table(ev).astype(str).iloc[0].tolist()
    ['1', 'Sep 2022', 'Banks stop Mir cards', 'Russia', 'more distant from Moscow']
    """
    if "n" not in events.columns:
        events = number_events(events)
    ordered = events.sort_values("n")
    return pd.DataFrame(
        {
            "No.": ordered["n"].astype("int64").to_numpy(),
            "Date": [format_date(d, str(p)) for d, p in zip(ordered["date"], ordered["precision"], strict=True)],
            "Event": ordered["title"].astype("string").to_numpy(),
            "Vector": ordered["vector"].astype("string").to_numpy(),
            "Stance": [STANCE_LABELS.get(_stance(s), STANCE_LABELS[""]) for s in ordered["stance"]],
        }
    )


def event_table_html(events: pd.DataFrame, caption: str = "Key to the numbered events") -> str:
    """The event key as an accessible HTML table (a caption, column headers with ``scope``).

    >>> ev = pd.DataFrame({"id": ["a"], "date": pd.to_datetime(["2022-09-01"]), "precision": ["month"],
    ...     "title": ["Mir <cards>"], "vector": ["Russia"], "stance": [None]})
    >>> "Mir &lt;cards&gt;" in event_table_html(ev)
    True
    """
    table = event_table(events)
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in table.itertuples(index=False)
    )
    return (
        f'<table class="kz-event-key"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def source_table_html(placed: pd.DataFrame, caption: str = "What each source could know") -> str:
    """The sources on the timeline as an accessible HTML table: date or bounds, and the events before.

    ``placed`` comes from :func:`kzlesson.timeline.place_sources` called with ``events``.

    >>> placed = pd.DataFrame({"id": ["a"], "label": ["Zanini"], "start": [pd.Timestamp("2022-06-03")],
    ...     "end": [pd.Timestamp("2022-06-03")], "exact": [True], "events_before": [30],
    ...     "closer_before": [6], "distant_before": [5], "events_in_window": [0]})
    >>> "<td>3 Jun 2022</td><td>30</td><td>6</td><td>5</td>" in source_table_html(placed)
    True
    """
    columns = ["Source", "Written", "Events before it", "of which closer", "of which more distant",
               "Events inside its date bounds"]
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in columns)
    rows = []
    for src in placed.itertuples(index=False):
        when = format_date(src.start, "day") if src.exact else (
            f"undated: {format_date(src.start, 'day')} to {format_date(src.end, 'day')}"
        )
        window = "" if src.exact else str(src.events_in_window)
        cells = [src.label, when, src.events_before, src.closer_before, src.distant_before, window]
        rows.append(
            f'<tr><th scope="row">{html.escape(str(cells[0]))}</th>'
            + "".join(f"<td>{html.escape(str(v))}</td>" for v in cells[1:])
            + "</tr>"
        )
    return (
        f'<table class="kz-source-key"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
