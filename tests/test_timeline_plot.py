"""kzlesson.timeline_plot: the figure renders with many events, one and none; labels never overlap;
stance is carried by marker shape; the marked moments agree with the timeline data."""

from __future__ import annotations

import itertools

import matplotlib.dates as mdates
import pandas as pd
import pytest

from kzlesson import timeline as tl
from kzlesson import timeline_plot as tp
from kzlesson.number_labels import NumberLabels
from kzlesson.style import STANCE_LABELS, STANCE_MARKERS
from tests.test_timeline import make_events, make_sources


def crowded_events(n: int = 48) -> pd.DataFrame:
    """n events in 2022 in clusters of six on consecutive days in one lane, so labels would collide
    if drawn naively; plus one event dated only to a month."""
    vectors = ["Russia", "multilateral", "Ukraine", "the West"]
    stances = ["closer", "distant", "neutral", None]
    rows = []
    for i in range(n):
        cluster, k = divmod(i, 6)
        day = pd.Timestamp("2022-01-03") + pd.Timedelta(days=45 * cluster + k)
        rows.append(
            (
                f"{day.date()}-e{i}",
                str(day.date()),
                "day",
                f"Event {i}",
                ("Tokayev",),
                vectors[cluster % len(vectors)],
                stances[i % len(stances)],
            )
        )
    rows.append(("2022-09-mir", "2022-09", "month", "Banks drop Mir cards", ("Kazakh banks",), "the West", "distant"))
    return make_events(rows)


def number_artists(ax) -> list[NumberLabels]:
    return [a for a in ax.artists if isinstance(a, NumberLabels)]


def number_labels(fig) -> list[str]:
    ax = next(a for a in fig.axes if a.get_label() == "timeline")
    return [text for labels in number_artists(ax) for text in labels.get_texts()]


def test_all_events_are_drawn_and_numbered() -> None:
    events = crowded_events()
    fig = tp.plot_timeline(events)
    labels = sorted(int(t) for t in number_labels(fig))
    assert labels == list(range(1, len(events) + 1))
    png = tp.figure_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


def test_number_labels_never_overlap_with_48_events() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = tp.plot_timeline(crowded_events())
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    ax = next(a for a in fig.axes if a.get_label() == "timeline")
    boxes = [box for labels in number_artists(ax) for box in labels.get_window_extents(renderer)]
    assert len(boxes) == len(crowded_events())
    overlapping = [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]
    assert not overlapping, f"{len(overlapping)} pairs of number labels overlap"


def test_one_lane_per_vector_in_order() -> None:
    fig = tp.plot_timeline(make_events())
    ax = next(a for a in fig.axes if a.get_label() == "before")  # the background panel holds the lane names
    assert [t.get_text() for t in ax.get_yticklabels()] == list(tl.VECTORS)


def test_marker_shape_follows_stance() -> None:
    events = tl.filter_events(make_events(), start="2022")
    fig = tp.plot_timeline(events)
    ax = next(a for a in fig.axes if a.get_label() == "timeline")
    markers: dict[str, set[str]] = {}
    for line in ax.lines:
        gid = line.get_gid() or ""
        if gid.startswith("events:"):
            markers.setdefault(gid.split(":", 1)[1], set()).add(line.get_marker())
    assert markers == {
        "closer": {STANCE_MARKERS["closer"]},
        "distant": {STANCE_MARKERS["distant"]},
        "neutral": {STANCE_MARKERS["neutral"]},
        "none": {STANCE_MARKERS[""]},
    }
    # every event is drawn exactly once
    assert sum(len(line.get_xdata()) for line in ax.lines if (line.get_gid() or "").startswith("events:")) == 10
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    for kind in ("closer", "distant", "neutral"):
        assert STANCE_LABELS[kind] in legend


def test_shape_lookup_is_well_defined() -> None:
    assert len(set(STANCE_MARKERS.values())) == len(STANCE_MARKERS)


def test_one_event_renders() -> None:
    one = make_events()[1:2]
    fig = tp.plot_timeline(one)
    assert number_labels(fig) == ["1"]
    assert tp.figure_png(fig)[:4] == b"\x89PNG"


def test_no_event_renders_a_message_not_an_error() -> None:
    fig = tp.plot_timeline(make_events().iloc[:0])
    ax = next(a for a in fig.axes if a.get_label() == "timeline")
    assert "No events match" in [t.get_text() for t in ax.texts]
    assert tp.figure_png(fig)[:4] == b"\x89PNG"


def test_january_unrest_and_invasion_are_marked() -> None:
    fig = tp.plot_timeline(tl.filter_events(make_events(), start="2022"))
    ax = next(a for a in fig.axes if a.get_label() == "timeline")
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "January unrest" in texts and "Russia invades Ukraine" in texts
    invasion = mdates.date2num(pd.Timestamp("2022-02-24"))
    assert any(line.get_xdata()[0] == invasion for line in ax.lines)


def test_month_axis_for_2022() -> None:
    fig = tp.plot_timeline(tl.filter_events(make_events(), start="2022"))
    strip = next(a for a in fig.axes if a.get_label() == "stance strip")
    fig.canvas.draw()
    labels = [t.get_text() for t in strip.get_xticklabels()]
    assert labels[0] == "Jan\n2022" and "Jun" in labels and len(labels) == 12


def test_background_events_get_their_own_narrow_panel() -> None:
    fig = tp.plot_timeline(make_events())
    labels = [a.get_label() for a in fig.axes]
    assert "before" in labels
    before = fig.axes[labels.index("before")]
    assert [t.get_text() for t in before.get_xticklabels()] == ["1991"]
    main = fig.axes[labels.index("timeline")]
    assert mdates.num2date(main.get_xlim()[0]).year == 2021  # 2022 not squashed by 1991 (only a small pad)


def test_sources_band_diamond_for_dates_bar_for_bounds() -> None:
    events = tl.filter_events(make_events(), start="2022")
    placed = tl.place_sources(make_sources())
    fig = tp.plot_timeline(events, sources=placed)
    band = next(a for a in fig.axes if a.get_label() == "sources")
    assert len(band.patches) == 2  # sanchez and the blog: undated, drawn as hatched spans
    assert len([line for line in band.lines if line.get_marker() == "D"]) == 3
    assert any("undated" in t.get_text() for t in band.texts)


def test_stance_strip_up_for_distant_down_for_closer() -> None:
    events = tl.filter_events(make_events(), start="2022")
    ax = tp.plot_stance_strip(events)
    heights = sorted(
        float(path.vertices[2, 1]) for bars in ax.collections if bars.get_gid() in ("closer", "distant")
        for path in bars.get_paths()
    )
    # Jan: 1 closer & 1 distant; Feb: 1 closer; Mar: 1 distant (rally); Jun: 1; Sep: 2; Nov: 1 closer
    assert heights == [-1, -1, -1, 1, 1, 1, 2]


def test_stance_strip_each_side_as_deep_as_its_tallest_bar() -> None:
    events = tl.filter_events(make_events(), start="2022")  # at most 2 distant and 1 closer in a month
    ax = tp.plot_stance_strip(events)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "2"]
    low, high = ax.get_ylim()
    assert (low, high) == (-1.5, 2.5)


def test_figure_is_reused_not_multiplied() -> None:
    fig = tp.plot_timeline(make_events())
    again = tp.plot_timeline(make_events()[1:4], fig=fig)
    assert again is fig
    assert len(fig.axes) == 2  # timeline and strip: the old axes were cleared


def test_highlight_rings_one_event() -> None:
    fig = tp.plot_timeline(tl.filter_events(make_events(), start="2022"), highlight=3)
    ax = next(a for a in fig.axes if a.get_label() == "timeline")
    rings = [line for line in ax.lines if line.get_gid() == "highlight"]
    assert len(rings) == 1 and len(rings[0].get_xdata()) == 1
    events_numbered = tl.number_events(tl.filter_events(make_events(), start="2022"))
    third = events_numbered.loc[events_numbered["n"] == 3, "date"].item()
    assert abs(rings[0].get_xdata()[0] - mdates.date2num(third)) < 1  # ringed where event 3 is


def test_notebook_shows_the_figure_as_png() -> None:
    fig = tp.plot_timeline(make_events())
    assert fig._repr_png_()[:4] == b"\x89PNG"


def test_alt_text_counts_events_and_stances() -> None:
    text = tp.describe_timeline(tl.filter_events(make_events(), start="2022"))
    assert text.startswith("Timeline of 10 events, from 6 Jan 2022 to 28 Nov 2022")
    assert "3 closer to Moscow, 5 more distant, 1 neutral, 1 without a stance" in text
    assert tp.describe_timeline(make_events().iloc[:0]).endswith("no events match the filters.")


def test_event_key_table_is_accessible_and_escaped() -> None:
    events = make_events()
    events.loc[3, "title"] = "Tokayev <b>in</b> the Kremlin"
    table = tp.event_table_html(events)
    assert "<caption>" in table and table.count('scope="col"') == 5
    assert "&lt;b&gt;in&lt;/b&gt;" in table and "<b>in</b>" not in table
    key = tp.event_table(events)
    assert key["No."].tolist() == list(range(1, 12))
    assert key.loc[key["No."] == 9, "Date"].item() == "Sep 2022"


@pytest.mark.parametrize("mark", tp.MARKS, ids=[m.label for m in tp.MARKS])
def test_marked_dates_are_events_of_the_timeline(mark: tp.Mark) -> None:
    """The figure's marks are not free-standing facts: each date is an event in data/timeline.csv."""
    from kzlesson.data import load_timeline

    dates = set(load_timeline()["date"].dt.normalize())
    assert pd.Timestamp(mark.start) in dates
    if mark.end:
        assert pd.Timestamp(mark.end) in dates


def _text_clashes(fig, dpi: float | None = None) -> list[tuple[str, str]]:
    """Pairs of texts that overlap within a panel, and texts that run off the figure (at ``dpi``)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if dpi is not None:
        fig.set_dpi(dpi)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    clashes = []
    for ax in fig.axes:
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts if t.get_text().strip()]
        for labels in number_artists(ax):
            boxes += list(zip(labels.get_texts(), labels.get_window_extents(renderer), strict=True))
        clashes += [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if ba.overlaps(bb)]
        clashes += [("off the figure", a) for a, box in boxes if box.x0 < 0 or box.x1 > fig.bbox.width]
        titles = [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()]
        clashes += [("title off the figure", t.get_text()) for t in titles
                    if t.get_window_extent(renderer).x1 > fig.bbox.width]
    return clashes


@pytest.mark.parametrize(
    ("first", "last", "with_sources"),
    [("2022-01-01", "2022-12-31", True), ("2022-01-01", "2022-02-28", False), ("2022-09-01", "2022-12-31", True)],
)
def test_no_text_collides_on_the_module_data(first: str, last: str, with_sources: bool) -> None:
    """Marks, numbers and source labels stay apart on the real timeline, whole year and zoomed."""
    from kzlesson.data import load_sources, load_timeline

    events = tl.number_events(load_timeline())
    shown = tl.filter_events(events, start=first, end=last)
    sources = tl.place_sources(load_sources(), events) if with_sources else None
    fig = tp.plot_timeline(shown, sources=sources, start=first, end=last)
    assert not _text_clashes(fig)


def test_no_text_runs_off_the_figure_with_the_before_panel() -> None:
    """With the background events (1991-2021) the strip is narrower: its title must still fit."""
    from kzlesson.data import load_timeline

    assert not _text_clashes(tp.plot_timeline(tl.number_events(load_timeline()), width=9.0), dpi=80)  # as the explorer


def test_no_text_collides_with_48_crowded_events() -> None:
    assert not _text_clashes(tp.plot_timeline(crowded_events()))


# --- the fast redraw path (kzlesson._fast_png and figure reuse) ------------------------------------------------


def _pixels(png: bytes):
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_strip_counts_agree_with_stance_counts() -> None:
    """The strip's own monthly counts (numpy) equal kzlesson.timeline.stance_counts on the module data."""
    from kzlesson.data import load_timeline

    events = load_timeline()
    x, closer, distant = tp._monthly_stances(events)
    counts = tl.stance_counts(events)
    counts = counts[counts["total"] > 0]
    assert closer.tolist() == counts["closer"].tolist()
    assert distant.tolist() == counts["distant"].tolist()
    middles = mdates.date2num([p.start_time + pd.Timedelta(days=15) for p in counts["period"]])
    assert x.tolist() == middles.tolist()


def test_fast_png_matches_savefig() -> None:
    """The caching renderer gives the picture savefig gives: same size, text within a pixel of its place."""
    import numpy as np

    fig = tp.plot_timeline(crowded_events(), width=9.0)
    slow = _pixels(tp.figure_png(fig, dpi=80))
    fast = _pixels(tp.figure_png(fig, dpi=80, fast=True))
    assert slow.shape == fast.shape
    different = np.abs(slow - fast).max(axis=2) > 64
    assert different.mean() < 0.02, f"{different.mean():.1%} of the pixels differ"
    # and the text is there: the same amount of dark ink
    assert abs((slow.sum(axis=2) < 200).sum() - (fast.sum(axis=2) < 200).sum()) < 0.1 * (slow.sum(axis=2) < 200).sum()


def test_redraw_on_a_reused_figure_draws_what_a_new_figure_draws() -> None:
    """After other views (other lanes, fewer events), reusing the figure's axes leaves nothing behind."""
    events = tl.filter_events(make_events(), start="2022")
    fig = tp.plot_timeline(events, width=9.0)
    tp.figure_png(fig, dpi=80, fast=True)
    tp.plot_timeline(events[events["vector"] == "Russia"], lanes=["Russia"], fig=fig, width=9.0)
    tp.figure_png(fig, dpi=80, fast=True)
    tp.plot_timeline(events.iloc[:2], fig=fig, width=9.0)
    tp.figure_png(fig, dpi=80, fast=True)
    again = tp.plot_timeline(events, fig=fig, width=9.0)
    assert again is fig and len(fig.axes) == 2 and len(fig.legends) == 1
    new = tp.plot_timeline(events, width=9.0)
    assert (_pixels(tp.figure_png(fig, dpi=80, fast=True)) == _pixels(tp.figure_png(new, dpi=80, fast=True))).all()
