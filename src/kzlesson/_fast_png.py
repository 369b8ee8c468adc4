"""Fast PNG rendering for figures redrawn many times: text rasterised once, PNG compressed lightly.

Matplotlib's Agg renderer lays out and rasterises every string glyph by glyph on every draw, and
measures it again with each new renderer. A widget that redraws the same kinds of labels (event
numbers, month names, lane names, the legend) pays that again and again. :class:`CachingRenderer`
keeps, per string, font, angle and dpi, the measured size and the glyph bitmaps positioned relative
to the text's anchor, and stamps them with the Agg renderer's own ``draw_text_image``. Text lands on
whole pixels (matplotlib places it to 1/64 px), which is invisible at this size. Mathtext falls
back to matplotlib. :class:`StampedLegend` goes further for a legend that never moves: drawn once,
then pasted as pixels. The PNG is encoded by :func:`kzlesson._png.encode_png` (unfiltered rows, zlib
level 1: on the 720 x 880 px explorer chart 9 ms and 72 kB, against 29 ms and 59 kB for Pillow).

This leans on matplotlib's private text API (``_layout``, ``_render_glyph``, ``draw_text_image``,
the ``_get_font_height_metrics`` hook of ``Text._get_layout``),
as pinned (3.11.2); :func:`kzlesson.timeline_plot.figure_png` falls back to ``savefig`` if it moves.

>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(2, 1), dpi=50)
>>> _ = fig.text(0.5, 0.5, "42")
>>> render_png(fig, dpi=50)[:4]
b'\\x89PNG'
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager, get_font
from matplotlib.legend import Legend

from kzlesson._png import encode_png

_MAX_ENTRIES = 4096
_GLYPHS: OrderedDict[tuple, list[tuple[np.ndarray, int, int]]] = OrderedDict()
_STAMPS: OrderedDict[tuple, tuple[int, int, np.ndarray]] = OrderedDict()
_METRICS: OrderedDict[tuple, tuple[float, float, float]] = OrderedDict()


def _remember(cache: OrderedDict, key: tuple, value):
    cache[key] = value
    if len(cache) > _MAX_ENTRIES:
        cache.popitem(last=False)
    return value


class CachingRenderer(RendererAgg):
    """An Agg renderer that measures and rasterises each distinct string once (per font, angle, dpi)."""

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        key = (s, hash(prop), self.dpi)
        found = _METRICS.get(key)
        if found is None:
            found = _remember(_METRICS, key, super().get_text_width_height_descent(s, prop, ismath))
        return found

    def _get_font_height_metrics(self, prop) -> tuple[float, float, float]:
        """(ascent, descent, line gap) of the font in pixels, as ``Text._get_layout`` works them out.

        Matplotlib asks a renderer that has this method instead of finding the font file and
        reading its tables again for every text on every draw.
        """
        key = ("height", hash(prop), self.dpi)
        found = _METRICS.get(key)
        if found is not None:
            return found
        font = get_font(fontManager._find_fonts_by_props(prop))
        for table_name, gap_key, ascent_key, descent_key in (
            ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
            ("hhea", "lineGap", "ascent", "descent"),
        ):
            table = font.get_sfnt_table(table_name)
            if table is None:
                continue
            scale = prop.get_size_in_points() * self.dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
            found = (table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale)
            return _remember(_METRICS, key, found)
        return (None, None, None)  # matplotlib then measures "lp" itself

    def _glyphs(self, s: str, prop, angle: float, antialiased: bool) -> list[tuple[np.ndarray, int, int]]:
        """The string's glyph bitmaps with their (left, top) offsets from the anchor, y upwards."""
        key = (s, hash(prop), angle, self.dpi, antialiased)
        found = _GLYPHS.get(key)
        if found is not None:
            return found
        font = self._prepare_font(prop)
        items = font._layout(s, flags=get_hinting_flag())
        size = prop.get_size_in_points()
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        matrix = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
        from matplotlib.ft2font import RenderMode

        glyphs = []
        for item in items:
            item.ft_object.set_size(size, self.dpi)
            item.ft_object._set_transform(
                matrix, [round(0x40 * (item.x * cos - item.y * sin)), round(0x40 * (item.x * sin + item.y * cos))]
            )
            bitmap = item.ft_object._render_glyph(
                item.glyph_index, get_hinting_flag(), RenderMode.NORMAL if antialiased else RenderMode.MONO
            )
            buffer = np.array(bitmap.buffer, dtype=np.uint8, copy=True)
            if not antialiased:
                buffer *= 0xFF
            if buffer.size:
                glyphs.append((buffer, int(bitmap.left), int(bitmap.top)))
        return _remember(_GLYPHS, key, _merged(glyphs))

    def save_stamp(self, key: tuple, bbox) -> None:
        """Keep the pixels inside ``bbox`` (display coordinates, y up) for :meth:`restore_stamp`."""
        x0, y0 = max(int(bbox.x0) - 2, 0), max(int(bbox.y0) - 2, 0)
        x1, y1 = min(math.ceil(bbox.x1) + 2, int(self.width)), min(math.ceil(bbox.y1) + 2, int(self.height))
        if x1 <= x0 or y1 <= y0:
            return
        pixels = np.asarray(self.buffer_rgba())
        rows = slice(int(self.height) - y1, int(self.height) - y0)
        _remember(_STAMPS, key, (x0, y0, pixels[rows, x0:x1].copy()))

    def restore_stamp(self, key: tuple) -> bool:
        """Paste pixels kept by :meth:`save_stamp` at the same display position; False if none."""
        found = _STAMPS.get(key)
        if found is None:
            return False
        x0, y0, block = found
        h, w = block.shape[:2]
        if x0 + w > self.width or y0 + h > self.height:
            return False
        pixels = np.asarray(self.buffer_rgba())
        top = int(self.height) - y0 - h
        pixels[top : top + h, x0 : x0 + w] = block
        return True

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or (mtext is not None and (mtext.get_fontfeatures() or mtext.get_language())):
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        left0 = round(x)
        top0 = round(self.height - y)  # anchor, y upwards
        height = int(self.height)
        for buffer, left, top in self._glyphs(s, prop, angle, gc.get_antialiased()):
            # draw_text_image's y is downwards and names the bitmap's bottom side
            self._renderer.draw_text_image(buffer, left0 + left, height - (top0 + top) + buffer.shape[0], 0, gc)


def _merged(glyphs: list[tuple[np.ndarray, int, int]]) -> list[tuple[np.ndarray, int, int]]:
    """The glyphs of one string as one bitmap (one ``draw_text_image`` call per string, not per
    glyph; where two glyphs overlap, the darker coverage wins).

    >>> a, b = np.full((2, 2), 100, np.uint8), np.full((1, 1), 200, np.uint8)
    >>> [(m.tolist(), left, top) for m, left, top in _merged([(a, 0, 2), (b, 1, 1)])]
    [([[100, 100], [100, 200]], 0, 2)]
    """
    if len(glyphs) < 2:
        return glyphs
    left = min(g[1] for g in glyphs)
    top = max(g[2] for g in glyphs)
    right = max(g[1] + g[0].shape[1] for g in glyphs)
    bottom = min(g[2] - g[0].shape[0] for g in glyphs)
    merged = np.zeros((top - bottom, right - left), dtype=np.uint8)
    for buffer, g_left, g_top in glyphs:
        h, w = buffer.shape
        y, x = top - g_top, g_left - left
        np.maximum(merged[y : y + h, x : x + w], buffer, out=merged[y : y + h, x : x + w])
    return [(merged, left, top)]


class StampedLegend(Legend):
    """A figure legend drawn once and then pasted as pixels by a :class:`CachingRenderer`.

    Only for a legend on the figure's plain background whose place in pixels depends on the
    figure's width alone (anchored to the bottom edge), e.g. ``loc="lower center"`` at ``(0.5, 0)``:
    the pixels are keyed by the labels, the figure's width and the dpi.
    """

    def draw(self, renderer) -> None:
        if not isinstance(renderer, CachingRenderer) or not self.get_visible():
            return super().draw(renderer)
        key = ("legend", tuple(t.get_text() for t in self.get_texts()), int(renderer.width), renderer.dpi)
        if renderer.restore_stamp(key):
            self.stale = False
            return None
        super().draw(renderer)
        renderer.save_stamp(key, self.get_window_extent(renderer))
        return None


def add_stamped_legend(fig: Figure, handles: list, **kwargs) -> StampedLegend:
    """``fig.legend(handles=handles, **kwargs)``, as a :class:`StampedLegend`."""
    kwargs.setdefault("bbox_transform", fig.transSubfigure)
    legend = StampedLegend(fig, handles, [h.get_label() for h in handles], **kwargs)
    fig.legends.append(legend)
    legend._remove_method = fig.legends.remove
    fig.stale = True
    return legend


class CachingCanvas(FigureCanvasAgg):
    """An Agg canvas that draws with a :class:`CachingRenderer`: for a figure kept and redrawn on
    every click with ``canvas.draw()`` (blitting works as on any Agg canvas).

    >>> from matplotlib.figure import Figure
    >>> canvas = CachingCanvas(Figure(figsize=(1, 1)))
    >>> canvas.draw(); type(canvas.get_renderer()).__name__
    'CachingRenderer'
    """

    plain = False  #: set once the caching renderer failed: from then on, matplotlib's own

    def get_renderer(self) -> RendererAgg:
        if self.plain:
            return super().get_renderer()
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        if self._lastKey != key or not isinstance(getattr(self, "renderer", None), CachingRenderer):
            self.renderer = CachingRenderer(width, height, self.figure.dpi)
            self._lastKey = key
        return self.renderer

    def draw(self) -> None:
        """Draw with the caching renderer; if matplotlib's private text API it uses has moved (a
        newer matplotlib), draw again with matplotlib's own renderer, and keep to it."""
        try:
            super().draw()
        except (AttributeError, TypeError, ImportError):
            if self.plain:
                raise
            self.plain = True
            self._lastKey = None
            super().draw()


_RENDERERS: dict[tuple[int, int, float], CachingRenderer] = {}
_PLAIN: list[bool] = []  #: not empty once the caching renderer failed: :func:`drawn` uses Agg's own


def _renderer(width: float, height: float, dpi: float) -> CachingRenderer:
    """The caching renderer of this size, cleared (one size kept at a time: its buffer is several MB)."""
    key = (int(width), int(height), float(dpi))
    renderer = _RENDERERS.get(key)
    if renderer is None:
        _RENDERERS.clear()
        renderer = _RENDERERS[key] = CachingRenderer(width, height, dpi)
    else:
        renderer.clear()
    return renderer


@contextmanager
def drawn(fig: Figure, dpi: float) -> Iterator[RendererAgg]:
    """Draw ``fig`` at ``dpi`` with a :class:`CachingRenderer` and yield the renderer; inside the
    block the figure stays at ``dpi``, so its transforms give the pixels of this picture. If the
    caching renderer cannot draw with this matplotlib, matplotlib's own Agg renderer does.

    >>> from matplotlib.figure import Figure
    >>> with drawn(Figure(figsize=(2, 1)), dpi=50) as renderer:
    ...     np.asarray(renderer.buffer_rgba()).shape
    (50, 100, 4)
    """
    original = fig.dpi
    if original != dpi:
        fig._set_dpi(dpi, forward=False)
    try:
        width, height = fig.bbox.size
        renderer: RendererAgg | None = None
        if not _PLAIN:
            renderer = _renderer(width, height, dpi)
            try:
                fig.draw(renderer)
            except (AttributeError, TypeError, ImportError):
                # matplotlib's private text API moved (another matplotlib, e.g. Pyodide's):
                # matplotlib's own Agg renderer from now on
                _PLAIN.append(True)
                renderer = None
        if renderer is None:
            renderer = RendererAgg(int(width), int(height), dpi)
            fig.draw(renderer)
        yield renderer  # type: ignore[misc]
    finally:
        if original != dpi:
            fig._set_dpi(original, forward=False)


def render_png(fig: Figure, dpi: float, compress_level: int = 1) -> bytes:
    """Draw ``fig`` at ``dpi`` with a :class:`CachingRenderer` and encode it as an RGB PNG.

    Same pixels size as ``fig.savefig(..., dpi=dpi)`` with the whole figure (no tight crop).
    """
    with drawn(fig, dpi) as renderer:
        return encode_png(np.asarray(renderer.buffer_rgba()), compress_level)


def overlay_png(base: np.ndarray, artists: Sequence[Artist], dpi: float, compress_level: int = 1) -> bytes:
    """A PNG of the pixels ``base`` (an RGBA array kept from a drawing) with ``artists`` drawn on top,
    in pixel coordinates (``transform=IdentityTransform()``, y up): e.g. the explorer's ring around
    the chosen event, without drawing the whole figure again.

    >>> from matplotlib.lines import Line2D
    >>> from matplotlib.transforms import IdentityTransform
    >>> white = np.full((20, 20, 4), 255, dtype=np.uint8)
    >>> dot = Line2D([10], [10], marker="o", color="black", transform=IdentityTransform())
    >>> import io
    >>> from PIL import Image
    >>> picture = Image.open(io.BytesIO(overlay_png(white, [dot], dpi=72)))
    >>> picture.getpixel((10, 10))[0] < 100, picture.getpixel((1, 1)), int(white.min())  # base kept as it was
    (True, (255, 255, 255), 255)
    """
    height, width = base.shape[:2]
    renderer = _renderer(width, height, dpi)
    np.asarray(renderer.buffer_rgba())[...] = base
    for artist in artists:
        artist.draw(renderer)
    return encode_png(np.asarray(renderer.buffer_rgba()), compress_level)
