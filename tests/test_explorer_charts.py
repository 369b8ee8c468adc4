"""Issue 16, speed a student feels: what each explorer change sends to the browser.

The chart's ``<img>`` gives its size (the notebook keeps the picture's box while the next one
decodes); the picture goes out before the texts; the timeline's event menu changes in one message.
Timings themselves are in ``make bench`` (tests/benchmarks/bench_lab_latency.py).
"""

from __future__ import annotations

import base64
import re
from typing import Any

import ipywidgets as w
import pytest

from kzlesson import timeline_explorer as te
from kzlesson._png import png_size
from kzlesson.trade_explorer import trade_explorer


def _img_size(markup: str) -> tuple[tuple[int, int], tuple[int, int]]:
    data = re.search(r'src="data:image/png;base64,([^"]+)"', markup).group(1)
    width = int(re.search(r'width="(\d+)"', markup).group(1))
    height = int(re.search(r'height="(\d+)"', markup).group(1))
    return (width, height), png_size(base64.b64decode(data))


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, list[str]]]:
    """Every state update a widget sends, in order: (widget, keys)."""
    log: list[tuple[Any, list[str]]] = []
    original = w.Widget._send

    def record(self: w.Widget, msg: dict, buffers: Any = None) -> None:
        if msg.get("method") == "update":
            log.append((self, sorted(msg.get("state", {}))))
        return original(self, msg, buffers)

    monkeypatch.setattr(w.Widget, "_send", record)
    return log


def test_both_charts_give_their_size() -> None:
    timeline = te.TimelineExplorer()
    given, actual = _img_size(timeline.chart.value)
    assert given == actual and actual[0] > 300
    trade = trade_explorer(flow="turnover", year=2022)
    trade = getattr(trade, "explorer", trade)
    given, actual = _img_size(trade.chart.value)
    assert given == actual and actual[0] > 300


def test_timeline_sends_the_picture_first_and_the_event_menu_once(sent: list) -> None:
    ex = te.TimelineExplorer()
    sent.clear()
    ex.vector.value = "China"
    after_control = [(widget, keys) for widget, keys in sent if widget is not ex.vector]
    assert after_control[0][0] is ex.chart, [type(x).__name__ for x, _ in after_control]
    pick = [keys for widget, keys in sent if widget is ex.pick]
    assert pick == [["_options_labels", "index"]], pick


def test_moving_the_ring_redraws_no_more_than_the_ring() -> None:
    """Choosing another event moves the ring on the figure shown; the picture equals a full redraw."""
    import numpy as np
    from PIL import Image
    import io

    from kzlesson import timeline_explorer as module

    ex = te.TimelineExplorer()
    ex.vector.value = "Russia"
    rebuilt: list[int] = []
    original = module.plot_timeline

    def counting(*args: Any, **kwargs: Any) -> Any:
        rebuilt.append(kwargs.get("highlight"))
        return original(*args, **kwargs)

    module.plot_timeline = counting
    try:
        for choice in [v for _, v in ex.pick.options][1:4]:
            rebuilt.clear()
            ex.pick.value = choice
            assert rebuilt == [], "the figure was built again for a ring move"
            moved = np.asarray(Image.open(io.BytesIO(ex._last_png)).convert("RGB")).astype(int)
            fresh = te.TimelineExplorer()
            fresh.vector.value = "Russia"
            fresh._plain = True  # the whole figure drawn with its ring, as without kept pixels
            rebuilt.clear()
            fresh.pick.value = choice
            assert rebuilt == [choice]
            full = np.asarray(Image.open(io.BytesIO(fresh._last_png)).convert("RGB")).astype(int)
            assert moved.shape == full.shape
            assert (np.abs(moved - full).max(axis=2) > 64).mean() < 0.001, choice  # the same picture
    finally:
        module.plot_timeline = original


def test_clear_filters_sends_the_picture_before_the_controls(sent: list) -> None:
    ex = te.TimelineExplorer()
    ex.vector.value = "China"
    ex.actor.value = ex.actor.options[1][1]
    sent.clear()
    ex.reset()
    order = [widget for widget, _ in sent]
    assert ex.chart in order and ex.vector in order
    assert order.index(ex.chart) < order.index(ex.vector) and order.index(ex.chart) < order.index(ex.actor)
    assert ex.vector.value == "" and "match" in ex.status_text()
