"""Many short labels (the timeline's event numbers) drawn as one matplotlib artist.

A :class:`matplotlib.text.Text` per label costs about 0.2 ms to create and as much again to lay
out and draw; the explorer redraws some 70 of them on every filter change, a third of its time
budget. :class:`NumberLabels` draws each string centred above its point with the renderer's own
``draw_text``, so it works with every backend (PNG, SVG, PDF), and measures each distinct string
once per draw.

>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(2, 1), dpi=50)
>>> ax = fig.add_subplot()
>>> labels = NumberLabels([0.2, 0.8], [0.5, 0.5], ["1", "12"])
>>> _ = ax.add_artist(labels)
>>> labels.get_texts()
['1', '12']
>>> from matplotlib.backends.backend_agg import FigureCanvasAgg
>>> boxes = labels.get_window_extents(FigureCanvasAgg(fig).get_renderer())
>>> bool(boxes[1].width > boxes[0].width)
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.colors import to_rgba
from matplotlib.font_manager import FontProperties
from matplotlib.transforms import Bbox


class NumberLabels(Artist):
    """Strings centred horizontally above data points, the bottom of each string ``offset`` (data
    units) above its point: what ``ax.text(x, y + offset, s, ha="center", va="bottom")`` gives."""

    zorder = 4

    def __init__(
        self,
        xs: Sequence[float],
        ys: Sequence[float],
        texts: Sequence[object],
        *,
        offset: float = 0.0,
        fontsize: float = 7,
        color: str = "black",
    ) -> None:
        super().__init__()
        if not len(xs) == len(ys) == len(texts):
            raise ValueError(f"xs, ys and texts differ in length: {len(xs)}, {len(ys)}, {len(texts)}")
        self._xy = np.column_stack([np.asarray(xs, dtype=float), np.asarray(ys, dtype=float) + offset])
        self._texts = [str(t) for t in texts]
        self._prop = FontProperties(size=fontsize)
        self._color = to_rgba(color)

    def get_texts(self) -> list[str]:
        """The strings, in the order given."""
        return list(self._texts)

    def _placed(self, renderer) -> list[tuple[str, float, float, float, float, float]]:
        """Per label: (text, left, bottom, width, height, descent) in display pixels, y upwards."""
        if self.axes is None or not self._texts:
            return []
        points = self.axes.transData.transform(self._xy)
        _, lp_height, lp_descent = renderer.get_text_width_height_descent("lp", self._prop, ismath=False)
        measured: dict[str, tuple[float, float, float]] = {}
        placed = []
        for text, (x, y) in zip(self._texts, points, strict=True):
            if text not in measured:
                width, height, descent = renderer.get_text_width_height_descent(text, self._prop, ismath=False)
                # as Text lays out one line: at least the font's "lp" ascent and descent
                box_descent = max(descent, lp_descent)
                measured[text] = (width, max(height - descent, lp_height - lp_descent) + box_descent, box_descent)
            width, height, descent = measured[text]
            placed.append((text, x - width / 2, y, width, height, descent))
        return placed

    def get_window_extents(self, renderer=None) -> list[Bbox]:
        """Each label's box in display pixels (for overlap checks)."""
        renderer = renderer or self.get_figure(root=True)._get_renderer()
        return [Bbox.from_bounds(left, bottom, w, h) for _, left, bottom, w, h, _ in self._placed(renderer)]

    def get_window_extent(self, renderer=None) -> Bbox:
        boxes = self.get_window_extents(renderer)
        return Bbox.union(boxes) if boxes else Bbox.null()

    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        renderer.open_group("number-labels", gid=self.get_gid())
        gc = renderer.new_gc()
        gc.set_foreground(self._color, isRGBA=True)
        gc.set_alpha(self.get_alpha())
        gc.set_url(self.get_url())
        canvas_height = renderer.get_canvas_width_height()[1]
        for text, left, bottom, _w, _h, descent in self._placed(renderer):
            baseline = bottom + descent
            y = canvas_height - baseline if renderer.flipy() else baseline
            renderer.draw_text(gc, left, y, text, self._prop, 0.0, ismath=False, mtext=None)
        gc.restore()
        renderer.close_group("number-labels")
        self.stale = False
