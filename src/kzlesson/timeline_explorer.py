"""The timeline explorer: filter 2022 event by event and read what each event was and who reported it.

Controls (each labelled, all usable from the keyboard): a month range slider, a vector and an
actor menu, a search box over the events' text, and an event menu. The chart is one matplotlib
figure drawn again for every new view and shown as a PNG inside an ``<img alt=...>``, so it has alt
text in the static book and never flickers. The pictures of views shown before are kept (a few
dozen), and so are a few views' pixels without the ring around the chosen event: going back to a
view, or choosing another event, draws nothing but that ring. No filter combination gives a
traceback: an empty result says so in words.

>>> import pandas as pd
>>> events = pd.DataFrame({"id": ["a", "b"], "date": pd.to_datetime(["2022-01-06", "2022-09-26"]),
...     "precision": ["day", "day"], "title": ["CSTO troops arrive", "Referenda not recognised"],
...     "description": ["At Tokayev's request.", "The MFA says no."],
...     "actors": [("CSTO", "Tokayev"), ("Kazakhstan MFA",)], "vector": ["multilateral", "Russia"],
...     "stance": ["closer", "distant"], "stance_reason": ["", ""], "source_ids": [("s1",), ("s1",)]})
>>> ex = TimelineExplorer(events, sources=pd.DataFrame({"id": ["s1"], "title": ["A source"]}))
>>> ex.search.value = "referenda"
>>> ex.status_text()
'1 of 2 events match.'
>>> ex.search.value = "nothing like this"
>>> ex.status_text()
'No events match these filters. Widen the months, choose "All vectors" or "All actors", or clear the search.'
"""

from __future__ import annotations

import contextlib
import html
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd

from kzlesson._fast_png import drawn, overlay_png
from kzlesson._png import chart_img
from kzlesson.timeline import (
    VECTORS,
    filter_events,
    format_date,
    list_actors,
    month_options,
    number_events,
    period_end,
)
from kzlesson.timeline_plot import RING_STYLE, describe_timeline, event_table_html, figure_png, plot_timeline

NO_MATCH = (
    'No events match these filters. Widen the months, choose "All vectors" or "All actors", or clear the search.'
)
_LABEL = {"description_width": "initial"}
#: how long a keystroke in the search box waits for the next before the explorer redraws (0.12 s
#: made the last key's result 273 ms late in the lab bench, against 250; 0.07 s: 166-170 ms)
SEARCH_DEBOUNCE_S = 0.07
#: how many pictures of views shown before are kept, to be shown again without drawing (~100 kB each)
CHARTS_KEPT = 24
#: how many views' pixels without the ring are kept, to ring another event without drawing (~3 MB each)
BASES_KEPT = 4


def _text(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


class TimelineExplorer:
    """A widget over the timeline: filters, the chart, an event menu and the chosen event's details.

    ``events`` defaults to :func:`kzlesson.data.load_timeline`, ``sources`` to
    :func:`kzlesson.data.load_sources` (used to print each event's sources). ``start``/``end`` choose the
    months shown first (labels such as ``"Jan 2022"``).
    """

    def __init__(
        self,
        events: pd.DataFrame | None = None,
        sources: pd.DataFrame | None = None,
        start: str = "Jan 2022",
        end: str = "Dec 2022",
        dpi: int = 80,
    ) -> None:
        if events is None or sources is None:
            from kzlesson import data

            events = data.load_timeline() if events is None else events
            sources = data.load_sources() if sources is None else sources
        events = events if "n" in events.columns else number_events(events)
        # each event's last instant, worked out once (the month filter and the figure need it)
        self.events = events.assign(period_end=period_end(events))
        self.sources = sources
        self.dpi = dpi
        self._figure = None
        self._last_png = b""
        self._last_view: tuple | None = None  # the view the figure holds
        self._shown_view: tuple | None = None  # the view of the chart shown (maybe a kept picture)
        self._charts: OrderedDict[tuple, tuple[bytes, str]] = OrderedDict()  # view -> (PNG, <img>)
        # view without its ring -> (RGBA pixels of the figure drawn without a ring, ring places)
        self._bases: OrderedDict[tuple, tuple[Any, dict[int, tuple]]] = OrderedDict()
        self._home: tuple | None = None  # the opening view, whose pixels are never dropped
        self._plain = False  # True once the caching renderer failed: figures drawn whole by savefig
        self._options = month_options(self.events)
        labels = [label for label, _ in self._options]
        first = labels.index(start) if start in labels else 0
        last = labels.index(end) if end in labels else len(labels) - 1

        self.months = w.SelectionRangeSlider(
            options=labels,
            index=(first, max(first, last)),
            description="Months shown",
            continuous_update=False,
            style=_LABEL,
            layout=w.Layout(width="98%"),
        )
        present = set(self.events["vector"].astype("string").dropna())
        self.vector = w.Dropdown(
            options=[("All vectors", "")] + [(v, v) for v in VECTORS if v in present],
            value="",
            description="Vector",
            style=_LABEL,
        )
        self.actor = w.Dropdown(
            options=[("All actors", "")] + [(a, a) for a in list_actors(self.events)],
            value="",
            description="Actor",
            style=_LABEL,
        )
        self.search = w.Text(
            value="",
            placeholder="e.g. CSTO, pipeline, Mir",
            description="Search the events",
            continuous_update=True,  # results as you type: see _on_search (debounced)
            style=_LABEL,
        )
        self.clear = w.Button(description="Clear filters", tooltip="Show every event of 2022 again")
        self.status = w.HTML()
        self.chart = w.HTML(layout=w.Layout(min_height="120px"))
        self.pick = w.Dropdown(description="Event", style=_LABEL, layout=w.Layout(width="98%"))
        self.detail = w.HTML()
        # a scrolling box: focusable, so a keyboard user can scroll it with the arrow keys
        self.key = w.HTML(layout=w.Layout(max_height="260px", overflow="auto"), tabbable=True,
                          tooltip="Key to the numbers on the chart (scrolls)")
        self.widget = w.VBox(
            [
                self.months,
                w.HBox([self.vector, self.actor]),
                w.HBox([self.search, self.clear]),
                self.status,
                self.chart,
                self.pick,
                self.detail,
                w.HTML("<strong>Key to the numbers on the chart</strong>"),
                self.key,
            ]
        )
        self._busy = False
        self._pending: Any = None  # the search's scheduled refresh (an asyncio TimerHandle)
        for control in (self.months, self.vector, self.actor):
            control.observe(self._guard(self.refresh), names="value")
        self.search.observe(self._guard(self._on_search), names="value")
        self.pick.observe(self._guard(self._on_pick), names="value")
        self.clear.on_click(self._guard(lambda _b: self.reset()))
        self.refresh()

    # --- what the filters select -------------------------------------------------------------
    def period(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        """The first and last instant of the months chosen on the slider."""
        i0, i1 = self.months.index
        return self._options[i0][1][0], self._options[i1][1][1]

    def matching(self) -> pd.DataFrame:
        """The events the current filters select, in date order."""
        start, end = self.period()
        found = filter_events(
            self.events,
            end=end,
            vectors=self.vector.value or None,
            actors=self.actor.value or None,
            text=self.search.value,
        )
        # filter_events' start bound (an event's period reaches into the months), on the ends kept
        return found[found["period_end"] >= start].sort_values("n")

    def status_text(self) -> str:
        """What the status line says: how many events match, or that none do."""
        return _strip_tags(self.status.value)

    def detail_text(self) -> str:
        """The chosen event's details as plain text (for tests and screen-reader checks)."""
        return _strip_tags(self.detail.value)

    # --- drawing ------------------------------------------------------------------------------
    def _on_search(self, _change: Any = None) -> None:
        """The search applies as you type. A keystroke from the browser waits ``SEARCH_DEBOUNCE_S``
        for the next one (a fast typist's "CPC" draws once, not three times; at a student's usual
        pace each letter's result shows as it is typed); a value set from Python, or a
        kernel without a running event loop, applies at once."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        loop = _running_loop()
        if loop is None or "value" not in self.search._property_lock:
            self.refresh()
            return
        self._pending = loop.call_later(SEARCH_DEBOUNCE_S, self._guard(self._apply_search))

    def _apply_search(self) -> None:
        self._pending = None
        self.refresh()

    def refresh(self, _change: Any = None) -> None:
        """Apply the filters: chart first (the picture goes out before the texts), then the status
        line, the event menu and the key."""
        if self._pending is not None:  # a filter change overtakes a search still waiting
            self._pending.cancel()
            self._pending = None
        found = self.matching()
        if found.empty:
            self.status.value = f'<p role="status" aria-live="polite"><strong>{html.escape(NO_MATCH)}</strong></p>'
            self.chart.value = ""
            self.chart.layout.display = "none"
            self._shown_view = None
            self._set_pick(found)
            self.key.value = ""
            return
        total = len(self.events)
        self._draw(found, self._ring_for(found))
        self.status.value = (
            f'<p role="status" aria-live="polite">{len(found)} of {total} event{"s" if total != 1 else ""} '
            f"match.</p>"
        )
        self._set_pick(found)
        self.key.value = event_table_html(found, caption="Events shown, by number")

    def _ring_for(self, found: pd.DataFrame) -> int | None:
        """The event the chart rings: the one chosen if it is still shown, else the first shown."""
        numbers = [int(n) for n in found["n"]]
        return self.pick.value if self.pick.value in numbers else (numbers[0] if numbers else None)

    def _draw(self, found: pd.DataFrame, ring: int | None = None) -> None:
        start, end = self.period()
        lanes = [self.vector.value] if self.vector.value else None
        focus = pd.Timestamp("2022-01-01")
        if (found["date"] < focus).all():
            start = end = None  # only background events: let the figure fit them
        elif start < focus:
            start = focus  # older events go in the figure's narrow "before 2022" panel
        ring = self.pick.value if ring is None else ring
        view = (tuple(found["n"].tolist()), start, end, tuple(lanes or ()), ring)
        self.chart.layout.display = None
        if view == self._shown_view and self._last_png:
            # the same events, months, lanes and ring as the chart shown: nothing to draw again
            return
        kept = self._charts.get(view)
        if kept is not None:
            # a view shown before (Clear filters, "All vectors" again, a search cleared): its picture
            # is sent again as it was, not drawn again
            self._charts.move_to_end(view)
            self._last_png, markup = kept
            self._shown_view = view
            self.chart.value = markup
            return
        base = self._bases.get(view[:4]) if not self._plain else None
        if base is None:
            self._figure = plot_timeline(found, start=start, end=end, lanes=lanes,
                                         highlight=ring if self._plain else None, fig=self._figure, width=9.0)
            base = self._render_base(view[:4])
        if base is None:  # matplotlib's private text API moved: the whole figure, drawn by savefig
            self._last_png = figure_png(self._figure, dpi=self.dpi, fast=True)
        else:
            # the ring around the chosen event is drawn on the kept pixels of the rest: choosing
            # another event, or a view shown before with another event chosen, draws only the ring
            self._bases.move_to_end(view[:4])
            pixels, spots = base
            self._last_png = overlay_png(pixels, _ring(spots.get(ring)), dpi=self.dpi)
        self._last_view = self._shown_view = view
        markup = chart_img(self._last_png, describe_timeline(found))
        self._charts[view] = (self._last_png, markup)
        if len(self._charts) > CHARTS_KEPT:
            self._charts.popitem(last=False)
        self.chart.value = markup

    def _render_base(self, key: tuple) -> tuple[Any, dict[int, tuple]] | None:
        """Draw the figure (without a ring) and keep its pixels with where each event's ring goes;
        None if the caching renderer cannot draw (then every view is drawn whole, ring included)."""
        try:
            with drawn(self._figure, self.dpi) as renderer:
                import numpy as np

                base = (np.asarray(renderer.buffer_rgba()).copy(), _ring_spots(self._figure))
        except (AttributeError, TypeError, ImportError):
            self._plain = True
            return None
        self._bases[key] = base
        self._home = self._home or key  # the opening view: kept, Clear filters comes back to it
        while len(self._bases) > BASES_KEPT:
            oldest = next(k for k in self._bases if k != self._home)
            del self._bases[oldest]
        return base

    def _set_pick(self, found: pd.DataFrame) -> None:
        current = self.pick.value
        options = [
            (f"{n}. {format_date(d, str(p))}: {_text(t)}", int(n))
            for n, d, p, t in zip(found["n"], found["date"], found["precision"], found["title"], strict=True)
        ]
        self._busy = True
        try:
            with self.pick.hold_sync():  # options, value and state go to the browser as one message
                if not options:
                    self.pick.options = [("no events match", None)]
                    self.pick.value = None
                    self.pick.disabled = True
                else:
                    self.pick.disabled = False
                    self.pick.options = options
                    values = [v for _, v in options]
                    self.pick.value = current if current in values else values[0]
        finally:
            self._busy = False
        self._show_detail(self.pick.value)

    def _on_pick(self, change: Any) -> None:
        if self._busy:
            return
        self._show_detail(change["new"])
        found = self.matching()
        if not found.empty:
            self._draw(found)

    def _show_detail(self, number: int | None) -> None:
        if number is None:
            self.detail.value = "<p>No event chosen.</p>"
            return
        row = self.events.loc[self.events["n"] == number].iloc[0]
        stance = _text(row.get("stance"))
        reason = _text(row.get("stance_reason"))
        stance_line = {
            "closer": "closer to Moscow",
            "distant": "more distant from Moscow",
            "neutral": "neutral",
        }.get(stance, "no stance towards Moscow recorded")
        if reason:
            stance_line += f" ({reason})"
        parts = [
            f"<p style='font-size:1.1em;margin:0.3em 0'><strong>{number}. {html.escape(_text(row['title']))}</strong></p>",
            f"<p><strong>Date:</strong> {html.escape(format_date(row['date'], _text(row['precision'])))}"
            f" &middot; <strong>Vector:</strong> {html.escape(_text(row['vector']))}"
            f" &middot; <strong>Actors:</strong> {html.escape(', '.join(row['actors'] or ()))}</p>",
            f"<p>{html.escape(_text(row.get('description')))}</p>",
            f"<p><strong>Stance:</strong> {html.escape(stance_line)}</p>",
            f"<p><strong>Sources:</strong> {self._sources_html(row.get('source_ids') or ())}</p>",
        ]
        self.detail.value = "".join(parts)

    def _sources_html(self, ids: tuple[str, ...]) -> str:
        if not ids:
            return "none recorded"
        table = self.sources.set_index("id") if self.sources is not None and "id" in self.sources else None
        items = []
        for sid in ids:
            if table is None or sid not in table.index:
                items.append(html.escape(sid))
                continue
            src = table.loc[sid]
            title = html.escape(_text(src.get("title")) or sid)
            publisher = _text(src.get("publisher"))
            when = src.get("date")
            extra = ", ".join(x for x in (publisher, format_date(when, "day") if pd.notna(when) else "") if x)
            url = _text(src.get("url"))
            label = f'<a href="{html.escape(url, quote=True)}">{title}</a>' if url else title
            items.append(label + (f" ({html.escape(extra)})" if extra else ""))
        return "; ".join(items)

    # --- control --------------------------------------------------------------------------------
    def reset(self) -> None:
        """Clear every filter (all of 2022, all vectors and actors, no search)."""
        labels = [label for label, _ in self._options]
        first = labels.index("Jan 2022") if "Jan 2022" in labels else 0
        controls = (self.months, self.vector, self.actor, self.search)
        with contextlib.ExitStack() as held:
            for control in controls:  # the controls' new values go out after the new picture
                held.enter_context(control.hold_sync())
            self._busy = True
            try:
                self.months.index = (first, len(labels) - 1)
                self.vector.value = ""
                self.actor.value = ""
                self.search.value = ""
            finally:
                self._busy = False
            self.refresh()

    def _guard(self, handler: Callable[..., None]) -> Callable[..., None]:
        """Wrap a callback: during a reset do nothing; on any error say so instead of a traceback."""

        def run(*args: Any) -> None:
            if self._busy:
                return
            try:
                handler(*args)
            except Exception as exc:  # a student must never see a traceback
                self.status.value = (
                    '<p role="status" aria-live="polite"><strong>The explorer could not show this view '
                    f"({html.escape(type(exc).__name__)}: {html.escape(str(exc))}). Try other filters or "
                    "press Clear filters.</strong></p>"
                )

        return run

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        from kzlesson.exercises.store import static_mode

        if static_mode():  # the book has no kernel: say so above the controls, and grey them out
            self.widget.add_class("kz-snapshot")
            display(HTML(SNAPSHOT_NOTE))
        display(self.widget)


#: Shown above the explorer in the built book (contract in the project's COMMON notes: the live
#: link is filled in by the build when the site has a live version, and stays hidden otherwise).
SNAPSHOT_NOTE = (
    '<div class="kz-snapshot-note" role="note"><p><strong>This is a snapshot.</strong> '
    "On this page the explorer shows all of 2022 and cannot be changed: its menus, slider and search "
    "need a running notebook. Open the chapter with the launch button (the rocket icon at the top) "
    "to filter the events yourself. "
    '<a class="kz-live-link" href="#" hidden>Run this chapter live in your browser</a></p></div>'
)


def explore_timeline(**kwargs: Any) -> TimelineExplorer | w.HTML:
    """Open the timeline explorer on the module's data (shows itself when it is a cell's last line).

    If a data table is broken, it shows the loader's message (file, line, column, what was expected)
    instead of a traceback.

    >>> ex = explore_timeline()  # doctest: +SKIP
    """
    from kzlesson.errors import DataError

    try:
        return TimelineExplorer(**kwargs)
    except DataError as exc:
        return w.HTML(
            '<p role="alert"><strong>The timeline explorer cannot start: a data table is broken.</strong> '
            f"{html.escape(str(exc))}</p>"
        )


def _ring_spots(fig: Any) -> dict[int, tuple[float, float, Any]]:
    """Where the ring around each numbered event goes in the figure as drawn now: event number ->
    (x, y) in pixels (y up) and the pixel box of its axes (the ring is clipped to it, as on the axes).
    The event's marker is the point at its label's x, right below the label."""
    from matplotlib.lines import Line2D

    from kzlesson.number_labels import NumberLabels

    spots: dict[int, tuple[float, float, Any]] = {}
    for ax in fig.axes:
        points: dict[float, list[float]] = {}
        for line in ax.get_children():
            if isinstance(line, Line2D) and str(line.get_gid() or "").startswith("events:"):
                for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
                    points.setdefault(float(x), []).append(float(y))
        box = ax.bbox.frozen()
        for labels in (a for a in ax.get_children() if isinstance(a, NumberLabels)):
            for text, (x, label_y) in zip(labels.get_texts(), labels._xy, strict=True):
                below = [y for y in points.get(float(x), []) if y <= label_y]
                if below:
                    px, py = ax.transData.transform((x, max(below)))
                    spots[int(text)] = (float(px), float(py), box)
    return spots


def _ring(spot: tuple[float, float, Any] | None) -> list[Any]:
    """The ring of :data:`kzlesson.timeline_plot.RING_STYLE` at a spot of :func:`_ring_spots`, in pixels."""
    if spot is None:
        return []
    from matplotlib.lines import Line2D
    from matplotlib.transforms import IdentityTransform

    x, y, box = spot
    ring = Line2D([x], [y], ls="", transform=IdentityTransform(), **RING_STYLE)
    ring.set_clip_box(box)
    return [ring]


def _running_loop() -> Any:
    """The kernel's running asyncio loop (ipykernel runs one), or None outside it."""
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _strip_tags(markup: str) -> str:
    import re

    text = re.sub(r"</(p|tr|caption)>|<br\s*/?>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
