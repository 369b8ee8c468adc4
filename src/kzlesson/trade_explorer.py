"""The trade dependence explorer: partner shares, concentration, asymmetry, trends and a what-if.

Choose a year (2015-2025 in the module's table), a flow (exports, imports or turnover) and a view:
*Partners* shows the N largest partners (N chosen with a slider) and every other partner as one bar;
*Groups* shows the partner groups of ``data/trade_groups.csv`` (Russia, China, EU-27, EAEU, Central
Asia, the rest); *Trend* shows one partner's or group's shares of the three flows in every year, with
the change of source marked. The panel gives the exact HHI over every partner and the asymmetry with
Russia and China; a slider moves part of one partner's trade to others and shows the shares before
and after. On a partial table (news figures) gaps are drawn as gaps and the HHI as a range.

The chart is drawn on one matplotlib Figure that is kept between redraws and rendered as a PNG
inside an ``<img alt="...">`` (so the picture has alt text, also in the static book). A redraw
happens only when something the chart shows has changed, and no combination of controls raises:
problems are written in the message line instead.

>>> from kzlesson.trade_explorer import trade_explorer
>>> ex = trade_explorer()                      # doctest: +SKIP
>>> ex.year.value = 2022; ex.mode.value = "groups"   # doctest: +SKIP

The module also holds the chapter's static figures (:func:`plot_shares`,
:func:`plot_share_shift`, :func:`plot_asymmetry`), drawn with the same colours and hatches.
"""

from __future__ import annotations

import html
import os
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator
from kzlesson import trade as tr
from kzlesson._fast_png import CachingCanvas
from kzlesson._png import chart_img, encode_png
from kzlesson.style import ACTOR_COLOURS, colour_for, hatch_for
from kzlesson.trade import NA, OTHER_PARTNERS, REST_OF_WORLD

FLOW_LABELS = {"exports": "Exports", "imports": "Imports", "turnover": "Turnover"}
PROPORTIONAL = "__proportional__"
STATIC_NOTE = (
    "This is a snapshot of the explorer (2022 turnover by default). Run the chapter as a notebook to "
    "change the year, the flow, the partners and the what-if."
)
#: how many pictures of views shown before are kept, to be shown again without drawing (~60 kB each)
PICTURES_KEPT = 24
FIGSIZE = (7.6, 4.3)
DPI = 100


# --------------------------------------------------------------------------- helpers


def _pct(value: Any, digits: int = 1) -> str:
    return "no figure" if value is NA or value is None or pd.isna(value) else f"{value:.{digits}f} %"


def _usd(value: Any) -> str:
    return "—" if value is NA or value is None or pd.isna(value) else f"{value:,.0f}"


def is_rest(partner: str) -> bool:
    """True for the line that stands for every partner not shown one by one."""
    return partner == REST_OF_WORLD or partner.startswith(OTHER_PARTNERS)


def _colour(group: str, partner: str) -> str:
    if is_rest(partner):
        return ACTOR_COLOURS["other"]
    return colour_for(group) if group else colour_for(partner)


def _hatch(group: str, partner: str) -> str:
    if is_rest(partner):
        return ""
    return hatch_for(group) if group else hatch_for(partner)


def _source_titles() -> dict[str, str]:
    """Source id -> title, from data/sources.csv (empty when the table cannot be read)."""
    try:
        from kzlesson.data import load_sources

        sources = load_sources()
        return {str(i): str(t) for i, t in zip(sources["id"], sources["title"])}
    except Exception:  # the explorer still works, citing ids only
        return {}


def png_from_canvas(fig: Figure) -> bytes:
    """Encode what the Agg canvas holds now as PNG (unfiltered rows at zlib level 1, see
    :mod:`kzlesson._png`: a slightly larger file, encoded about three times faster than Pillow)."""
    return encode_png(np.asarray(fig.canvas.buffer_rgba()))


def render_png(fig: Figure) -> bytes:
    """Render a Figure to PNG bytes: one Agg draw, then the pixel buffer encoded by Pillow.
    (``savefig`` would build a fresh renderer and lay out every text again: two to three times
    the cost for this chart.)"""
    fig.canvas.draw()
    return png_from_canvas(fig)


def img_tag(png: bytes, alt: str) -> str:
    """An ``<img>`` element with the PNG inline, the alt text escaped and its size given
    (:func:`kzlesson._png.chart_img`: no re-layout while a new picture decodes)."""
    return chart_img(png, alt)


# --------------------------------------------------------------------------- drawing


def _rows(shares: tr.Shares, what: tr.WhatIf | None) -> list[dict[str, Any]]:
    """What each bar shows, top to bottom: the partners (largest first, gaps last), then the rest."""
    frame = shares.frame(include_rest=True)
    after: dict[str, Any] = {}
    if what is not None:
        after = dict(zip(what.after["partner"], what.after["share_pct"]))
    rows = [
        {
            "partner": r["partner"],
            "group": r["group"],
            "share": tr._num(r["share_pct"]),
            "status": r["status"],
            "after": tr._num(after.get(r["partner"], NA)),
        }
        for r in frame.to_dict("records")
    ]
    for name in after:  # a partner added by the what-if
        if name not in {row["partner"] for row in rows}:
            rows.append({"partner": name, "group": "", "share": 0.0, "status": "figure", "after": after[name]})

    def key(row: dict[str, Any]) -> tuple[int, float]:
        if is_rest(row["partner"]):
            return (2, 0.0)
        if row["share"] is NA or pd.isna(row["share"]):
            return (1, 0.0)
        return (0, -float(row["share"]))

    return sorted(rows, key=key)


def alt_text(shares: tr.Shares, what: tr.WhatIf | None = None, rows: list[dict[str, Any]] | None = None) -> str:
    """Describe the bars in words, for screen readers and the ``alt`` attribute."""
    flow = shares.flow
    parts = []
    for row in rows if rows is not None else _rows(shares, what):
        text = f"{row['partner']} {_pct(row['share'])}"
        if what is not None and row["after"] is not NA and not pd.isna(row["after"]):
            text += f" (after the what-if {_pct(row['after'])})"
        parts.append(text)
    head = f"Horizontal bar chart of partner shares of Kazakhstan's {flow} in {shares.year}"
    if shares.world_usd_m is NA:
        return f"{head}: no world total for this year, so no shares can be drawn."
    moved = ""
    if what is not None and what.moved_pct > 0:
        moved = f", with {what.moved_pct:.0f} % of {what.partner}'s {flow} moved to other partners"
    return f"{head}{moved}: " + "; ".join(parts) + "."


def _x_limit(rows: list[dict[str, Any]], what: tr.WhatIf | None) -> float:
    """Right end of the share axis. With a what-if it leaves room for any amount moved, so the axis
    (and everything drawn before the what-if) stays the same while the slider moves."""
    known = [float(r["share"]) for r in rows if not (r["share"] is NA or pd.isna(r["share"]))]
    top = max(known, default=0.0)
    if what is not None and what.moved_pct > 0:
        source = [float(r["share"]) for r in rows if r["partner"] == what.partner and r["share"] is not NA]
        top = top + (source[0] if source else 0.0)
        top = max(top, *[float(r["after"]) for r in rows if not (r["after"] is NA or pd.isna(r["after"]))])
    return min(100.0, max(top * 1.25, 10.0)) if top < 90 else 112.0


def _layout(rows: list[dict[str, Any]], what: tr.WhatIf | None) -> tuple[bool, float]:
    show_after = what is not None and what.moved_pct > 0
    return show_after, (0.38 if show_after else 0.7)


def _bars(
    ax: Axes, ys: Sequence[float], widths: Sequence[float], height: float, colours: Sequence[str],
    hatches: Sequence[str | None], alpha: float = 1.0,
) -> list[Rectangle]:
    """Horizontal bars as plain rectangles. The axes' limits are set by the caller, so unlike
    ``barh`` nothing recomputes data limits for each bar (several times cheaper)."""
    bars = []
    for y, width, colour, hatch in zip(ys, widths, colours, hatches):
        bar = Rectangle((0.0, y - height / 2), width, height, facecolor=colour, alpha=alpha, hatch=hatch,
                        edgecolor="#333333", linewidth=0.6)
        ax.add_artist(bar)
        bars.append(bar)
    return bars


def _after_label(after: float, before: float) -> str:
    """The label of a what-if bar: the new share where it changed, nothing where it did not
    (an unchanged bar speaks for itself, and every label drawn costs time)."""
    return f"→ {after:.1f} %" if abs(after - before) >= 0.05 else ""


def draw_after(
    ax: Axes, rows: list[dict[str, Any]], what: tr.WhatIf | None, animated: bool = False
) -> list[Any]:
    """Draw only the what-if bars (hatched, under each bar) and their labels; return the artists.

    With ``animated=True`` they are left out of a full canvas draw, so the explorer can blit them
    onto a saved background when only the slider or the recipient changes.
    """
    show_after, height = _layout(rows, what)
    if not show_after:
        return []
    n = len(rows)
    drawn = [
        (n - 1 - i - height / 2, float(row["after"]), float(row["share"]), _colour(row["group"], row["partner"]))
        for i, row in enumerate(rows)
        if not (row["after"] is NA or pd.isna(row["after"]) or row["share"] is NA or pd.isna(row["share"]))
    ]
    if not drawn:
        return []
    ys, values, befores, colours = zip(*drawn)
    bars = _bars(ax, ys, values, height, colours, ["////"] * len(ys), alpha=0.45)
    artists: list[Any] = []
    for bar, y, value, before in zip(bars, ys, values, befores):
        label = ax.text(value + 0.6, y, _after_label(value, before), va="center", fontsize=9)
        bar.set_animated(animated)
        label.set_animated(animated)
        artists.extend([bar, label])
    return artists


def draw_shares(
    ax: Axes,
    shares: tr.Shares,
    what: tr.WhatIf | None = None,
    rows: list[dict[str, Any]] | None = None,
    animated: bool = False,
) -> list[Any]:
    """Draw partner shares as horizontal bars on ``ax``; return the artists drawn.

    Each partner has its actor colour and hatch; a partner without a figure gets no bar but the
    words "no figure" (a gap, not a zero); the rest of the world is a grey bar labelled as such.
    With a what-if, the bar after the change is drawn under each bar, outlined and hatched
    (see :func:`draw_after`; ``animated`` is passed on to it).
    """
    rows = rows if rows is not None else _rows(shares, what)
    show_after, height = _layout(rows, what)
    artists: list[Any] = []
    n = len(rows)
    bars_to_draw = []
    for i, row in enumerate(rows):
        y = n - 1 - i
        if row["share"] is NA or pd.isna(row["share"]):
            artists.append(
                ax.text(0.5, y, "no figure (a gap in the data)", va="center", ha="left",
                        fontsize=9, style="italic", color="#555555")
            )
            continue
        share = float(row["share"])
        y_before = y + (height / 2 if show_after else 0)
        bars_to_draw.append((y_before, share, _colour(row["group"], row["partner"]),
                             _hatch(row["group"], row["partner"]) or None))
        label = f"{share:.1f} %" + (" (not itemised)" if row["partner"] == REST_OF_WORLD else "")
        artists.append(ax.text(share + 0.6, y_before, label, va="center", fontsize=9))
    if bars_to_draw:
        ys, widths, colours, hatches = zip(*bars_to_draw)
        artists.extend(_bars(ax, ys, widths, height, colours, hatches))
    artists.extend(draw_after(ax, rows, what, animated))
    ax.set_yticks(range(n))
    ax.set_yticklabels([row["partner"] for row in reversed(rows)])
    ax.set_ylim(-0.6, max(n, 1) - 0.4)
    ax.set_xlim(0, _x_limit(rows, what))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]))  # few ticks: faster to draw
    ax.set_xlabel(f"share of Kazakhstan's {shares.flow} with the world (%)")
    ax.xaxis.set_label_coords(0.5, -0.09)  # fixed places: matplotlib need not measure the tick labels
    ax.yaxis.set_label_coords(-0.35, 0.5)
    title = f"Partner shares of Kazakhstan's {shares.flow}, {shares.year}"
    ax.set_title(title, loc="left", y=1.08 if show_after else 1.01)
    if shares.world_usd_m is NA:
        artists.append(ax.text(0.5, 0.5, "No world total for this year and flow:\nshares cannot be computed.",
                               transform=ax.transAxes, ha="center", va="center", fontsize=11))
    if show_after:
        moved = "part" if animated else f"{what.moved_pct:.0f} %"  # type: ignore[union-attr]
        legend = ax.legend(
            handles=[
                Patch(facecolor="#999999", edgecolor="#333333", label="as reported"),
                Patch(facecolor="#999999", alpha=0.45, hatch="////", edgecolor="#333333",
                      label=f"after moving {moved} of {what.partner}'s {shares.flow}"),  # type: ignore[union-attr]
            ],
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=2,
            fontsize=9,
        )
        artists.append(legend)
    return artists


def plot_shares(shares: tr.Shares, what: tr.WhatIf | None = None, ax: Axes | None = None) -> Figure:
    """A static bar chart of partner shares (for the chapter), with the same look as the explorer.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"year": [2022, 2022], "partner": ["World", "China"],
    ...                   "imports_usd_m": [100.0, 22.0]})
    >>> fig = plot_shares(tr.partner_shares(t, 2022, "imports"))
    >>> fig.axes[0].get_title(loc="left")
    "Partner shares of Kazakhstan's imports, 2022"
    """
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=FIGSIZE, layout="constrained")
    draw_shares(ax, shares, what)
    return ax.figure  # type: ignore[return-value]


def plot_share_shift(
    trade: pd.DataFrame, flow: str, years: Sequence[int], partners: Sequence[str], ax: Axes | None = None
) -> Figure:
    """Each partner's share of one flow across years, as grouped bars; a gap year has no bar.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"year": [2021, 2021, 2023, 2023], "partner": ["World", "A"] * 2,
    ...                   "turnover_usd_m": [100.0, 20.0, 100.0, 25.0]})
    >>> fig = plot_share_shift(t, "turnover", [2021, 2023], ["A"])
    >>> len(fig.axes[0].patches)
    2
    """
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=FIGSIZE, layout="constrained")
    width = 0.8 / max(len(years), 1)
    mirrored = False
    shades = [0.45, 0.7, 1.0, 0.85, 0.6]
    for j, year in enumerate(years):
        s = tr.partner_shares(trade, year, flow, partners)
        for i, partner in enumerate(partners):
            x = i - 0.4 + width * (j + 0.5)
            value = s.share_of(partner)
            group = s.table.loc[s.table["partner"] == partner, "group"]
            group_name = str(group.iloc[0]) if not group.empty else ""
            if value is NA:
                ax.text(x, 0.5, f"{year}: no figure", rotation=90, ha="center", va="bottom",
                        fontsize=8, color="#555555", style="italic")
                continue
            ax.bar([x], [value], width=width * 0.95, color=_colour(group_name, partner),
                   alpha=shades[j % len(shades)], hatch=_hatch(group_name, partner), edgecolor="#333333",
                   linewidth=0.6)
            reporter = s.table.loc[s.table["partner"] == partner, "reporter"]
            foreign = not reporter.empty and str(reporter.iloc[0]) not in ("", "Kazakhstan")
            mirrored = mirrored or foreign
            ax.text(x, value + 0.4, f"{year}{'†' if foreign else ''}\n{value:.1f}", ha="center", va="bottom",
                    fontsize=8)
    ax.set_xticks(range(len(partners)))
    ax.set_xticklabels(list(partners))
    ax.set_ylabel(f"share of Kazakhstan's {flow} (%)")
    ax.set_title(f"Share of Kazakhstan's {flow} by partner, {years[0]}–{years[-1]}", loc="left")
    ax.margins(y=0.2)
    if mirrored:
        ax.text(1.0, -0.12, "† figure from the partner's own statistics (mirror data), not Kazakhstan's",
                transform=ax.transAxes, ha="right", va="top", fontsize=8)
    return ax.figure  # type: ignore[return-value]


def plot_asymmetry(
    import_share: float, export_share: float, partner: str, label: str = "", ax: Axes | None = None
) -> Figure:
    """Two bars: a partner's share of imports against its share of exports, with the gap marked.

    >>> fig = plot_asymmetry(40.8, 12.1, "Russia")
    >>> [round(float(p.get_width()), 1) for p in fig.axes[0].patches]
    [12.1, 40.8]
    """
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7.0, 2.8), layout="constrained")
    a = tr.asymmetry(import_share, export_share)
    colour, hatch = colour_for(partner), hatch_for(partner)
    ax.barh([0], [export_share], color=colour, alpha=0.55, hatch="////", edgecolor="#333333", height=0.6)
    ax.barh([1], [import_share], color=colour, hatch=hatch, edgecolor="#333333", height=0.6)
    ax.set_yticks([0, 1])
    ax.set_yticklabels([f"share of Kazakhstan's\nexports going to {partner}",
                        f"share of Kazakhstan's\nimports coming from {partner}"])
    ax.text(export_share + 0.8, 0, f"{export_share:.1f} %", va="center")
    ax.text(import_share + 0.8, 1, f"{import_share:.1f} %", va="center")
    ax.set_xlim(0, max(import_share, export_share) * 1.35)
    ax.set_xlabel("share (%)")
    gap = "" if a.gap_pp is NA else f": gap {a.gap_pp:.1f} points, ratio {a.ratio:.1f}"
    ax.set_title(f"{partner} as supplier and as customer{(', ' + label) if label else ''}{gap}",
                 loc="left", fontsize=11)
    return ax.figure  # type: ignore[return-value]


def plot_hhi_ranges(trade: pd.DataFrame, flow: str, years: Sequence[int], ax: Axes | None = None) -> Figure:
    """The HHI of partner concentration per year as a range (lower to upper bound), with the share
    of the world total that the partners with figures cover written beside each range.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"year": [2022] * 3, "partner": ["World", "A", "B"],
    ...                   "turnover_usd_m": [100.0, 60.0, 20.0]})
    >>> fig = plot_hhi_ranges(t, "turnover", [2022])
    >>> fig.axes[0].get_ylabel()
    'HHI (0–10,000 scale)'
    """
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7.6, 3.8), layout="constrained")
    grey = ACTOR_COLOURS["other"]
    for i, year in enumerate(years):
        c = tr.partner_shares(trade, year, flow).concentration()
        if c.low is NA:
            ax.text(i, 500, "no world total", ha="center", fontsize=8, style="italic", color="#555555")
            continue
        low, high = c.low_10k, c.high_10k
        ax.add_artist(Rectangle((i - 0.18, low), 0.36, max(high - low, 15.0), facecolor=grey, alpha=0.6,
                                hatch="..", edgecolor="#333333", linewidth=0.6))
        ax.plot([i - 0.25, i + 0.25], [low, low], color="#333333", linewidth=1.5)
        ax.plot([i - 0.25, i + 0.25], [high, high], color="#333333", linewidth=1.5)
        # bounds closer than a label's height: push the labels apart so both stay readable
        apart = max(0.0, 420 - (high - low)) / 2
        ax.text(i + 0.28, high + apart, f"{high:,.0f}", va="center", fontsize=8)
        ax.text(i + 0.28, low - apart, f"{low:,.0f}", va="center", fontsize=8)
        ax.text(i, high + 350, f"partners cover\n{c.covered_pct:.0f} %", ha="center", va="bottom", fontsize=8)
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.set_ylim(0, 10_000)
    ax.set_xticks(range(len(years)))
    ax.set_xticklabels([str(y) for y in years])
    ax.set_ylabel("HHI (0–10,000 scale)")
    ax.set_title(f"Partner concentration of Kazakhstan's {flow}: lower and upper bound", loc="left")
    return ax.figure  # type: ignore[return-value]


def plot_year_on_year(trade: pd.DataFrame, partner: str, flow: str = "turnover", ax: Axes | None = None) -> Figure:
    """One partner's flow by year (bars, USD bn) with the change from the year before; a year
    without a figure is a labelled gap and no change is computed across it.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"year": [2021, 2022], "partner": ["A", "A"], "turnover_usd_m": [100.0, 120.0]})
    >>> [t.get_text() for t in plot_year_on_year(t, "A").axes[0].texts][-1]
    '+20.0 %'
    """
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7.6, 3.6), layout="constrained")
    table = tr.year_on_year(trade, partner, flow)
    if table.empty:
        ax.text(0.5, 0.5, f"No {flow} figures for {partner}", transform=ax.transAxes, ha="center")
        return ax.figure  # type: ignore[return-value]
    years = list(range(int(table["year"].min()), int(table["year"].max()) + 1))
    by_year = {int(r["year"]): r for r in table.to_dict("records")}
    top = max(float(v) for v in table["value_usd_m"].dropna()) / 1000 if table["value_usd_m"].notna().any() else 1
    for i, year in enumerate(years):
        row = by_year.get(year)
        value = NA if row is None else tr._num(row["value_usd_m"])
        if value is NA:
            ax.text(i, top * 0.05, "no figure", ha="center", fontsize=8, style="italic", color="#555555")
            continue
        bn = value / 1000
        ax.add_artist(Rectangle((i - 0.3, 0), 0.6, bn, facecolor=colour_for(partner), hatch=hatch_for(partner),
                                edgecolor="#333333", linewidth=0.6))
        ax.text(i, bn + top * 0.02, f"{bn:.1f}", ha="center", va="bottom", fontsize=9)
        pct = tr._num(row["change_pct"])
        if pct is not NA:
            ax.text(i, bn / 2, f"{pct:+.1f} %", ha="center", va="center", fontsize=9, color="white",
                    fontweight="bold")
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.set_ylim(0, top * 1.2)
    ax.set_xticks(range(len(years)))
    ax.set_xticklabels([str(y) for y in years])
    ax.set_ylabel(f"{flow}, USD bn")
    ax.set_title(f"Kazakhstan's {flow} with {partner}, and change on the year before", loc="left")
    return ax.figure  # type: ignore[return-value]


# --------------------------------------------------------------------------- the widget


def plot_share_trend(
    trade: pd.DataFrame, partner: str, flow: str = "turnover", groups: pd.DataFrame | None = None,
    ax: Axes | None = None,
) -> Figure:
    """A partner's (or a group's) share of exports, imports and turnover in every year, with the
    change of source marked (see :func:`draw_trend`).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"year": [2019, 2019, 2020, 2020], "partner": ["World", "A"] * 2,
    ...     "exports_usd_m": [100.0, 10.0, 100.0, 20.0], "imports_usd_m": [50.0, 5.0, 50.0, 25.0],
    ...     "turnover_usd_m": [150.0, 15.0, 150.0, 45.0], "source_id": ["w", "w", "b", "b"]})
    >>> fig = plot_share_trend(t, "A")
    >>> [line.get_label() for line in fig.axes[0].lines][:3]
    ['imports', 'turnover', 'exports']
    """
    if ax is None:
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7.6, 4.0), layout="constrained")
    draw_trend(ax, trade, partner, flow, groups)
    return ax.figure  # type: ignore[return-value]


_TREND_STYLES = {"imports": ("-", "o"), "turnover": ("--", "s"), "exports": (":", "^")}


def draw_trend(
    ax: Axes, trade: pd.DataFrame, partner: str, flow: str = "turnover", groups: pd.DataFrame | None = None,
    colour: str | None = None,
) -> list[Any]:
    """Draw a partner's shares of the three flows across years on ``ax`` (the chosen ``flow``
    thicker), a dashed line where the source changes, and return the artists drawn."""
    artists: list[Any] = []
    colour = colour or colour_for(partner)
    top = 0.0
    all_years: list[int] = []
    for name in ("imports", "turnover", "exports"):
        trend = tr.share_trend(trade, partner, name, groups)
        xs = [int(y) for y, v in zip(trend["year"], trend["share_pct"]) if not pd.isna(v)]
        ys = [float(v) for v in trend["share_pct"] if not pd.isna(v)]
        all_years = sorted(set(all_years) | set(int(y) for y in trend["year"]))
        if not xs:
            continue
        top = max(top, *ys)
        style, marker = _TREND_STYLES[name]
        (line,) = ax.plot(xs, ys, linestyle=style, marker=marker, color=colour, label=name,
                          linewidth=2.6 if name == flow else 1.2, markersize=6 if name == flow else 4,
                          alpha=1.0 if name == flow else 0.75)
        artists.append(line)
        artists.append(ax.text(xs[-1] + 0.15, ys[-1], f"{name} {ys[-1]:.1f} %", va="center", fontsize=8,
                               fontweight="bold" if name == flow else "normal"))
    top = max(top * 1.18, 5.0)
    for year, old, new in tr.series_breaks(trade):
        artists.append(ax.axvline(year - 0.5, color="#333333", linestyle=(0, (4, 3)), linewidth=1))
        artists.append(ax.text(year - 0.45, top * 0.97, "source changes\n(WITS → BNS)" if (old, new) == (
            "witstradepartner", "bnstradepartner") else "source changes", fontsize=8, va="top", ha="left",
            color="#333333"))
    if all_years:
        ax.set_xlim(all_years[0] - 0.5, all_years[-1] + 1.9)
        ax.set_xticks(all_years[::2] if len(all_years) > 8 else all_years)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{int(x)}"))
    ax.set_ylim(0, top)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:.0f}"))
    ax.set_ylabel("share of Kazakhstan's total (%)")
    ax.set_xlabel("")
    ax.set_title(f"{partner}: share of Kazakhstan's exports, imports and turnover", loc="left", y=1.01)
    legend = ax.legend(loc="upper left", fontsize=8, ncols=3, frameon=False)
    artists.append(legend)
    return artists


# --------------------------------------------------------------------------- the widget


def _choose(menu: widgets.Dropdown, options: list[tuple[str, Any]], value: Any) -> None:
    """Give ``menu`` these options and this value, sent to the browser as at most one message: the
    options only when they changed, nothing at all when neither did (each assignment on its own is
    a message, and the browser rebuilds the menu for each)."""
    with menu.hold_sync():
        if tuple(menu.options) != tuple(options):
            menu.options = options
        if menu.value != value:
            menu.value = value


def _label(description: str) -> dict[str, Any]:
    """Common keyword arguments: a visible label wide enough to read."""
    return {"description": description, "style": {"description_width": "120px"}}


MODES = {"partners": "Partners", "groups": "Groups", "trend": "Trend"}
SNAPSHOT_TEXT = (
    "The controls below do not respond in the online book: they show the explorer as this chapter "
    "opens it. Run the chapter as a notebook to change the year, the flow, the view and the what-if."
)


def snapshot_note_html(text: str = SNAPSHOT_TEXT) -> str:
    """The note shown above a snapshot of the explorer in the static book (the shared contract:
    ``div.kz-snapshot-note`` with a hidden ``a.kz-live-link`` that the build fills in)."""
    return (
        '<div class="kz-snapshot-note" role="note"><p><strong>This is a snapshot.</strong> '
        f'{html.escape(text)} <a class="kz-live-link" href="#" hidden>Run this chapter live in your browser</a></p></div>'
    )


class TradeExplorer:
    """The trade dependence explorer (see the module docstring). Display it in a notebook cell.

    Controls (all labelled, all reachable with the keyboard): ``year``, ``flow``, ``mode``
    (partners / groups / trend), ``top_n``, ``trend_of``, ``move_from``, ``move_pct``,
    ``move_to``, ``view``. Outputs: ``chart`` (an ``<img>``), ``stats``, ``table``, ``caption``,
    ``message``.
    """

    def __init__(
        self,
        trade: pd.DataFrame | None = None,
        *,
        year: int | None = None,
        flow: str = "turnover",
        mode: str = "partners",
        top_n: int = 10,
        partner: str = "Russia",
        groups: pd.DataFrame | None = None,
        source_titles: Mapping[str, str] | None = None,
    ) -> None:
        self.load_problem = ""
        if trade is None:
            try:
                from kzlesson.data import load_trade, load_trade_groups

                trade = load_trade()
                groups = load_trade_groups() if groups is None else groups
            except Exception as exc:  # bad data: say what is wrong (file, row, column), no traceback
                self.load_problem = f"The trade table could not be read: {exc}"
                trade = pd.DataFrame(columns=["year", "partner", "exports_usd_m", "imports_usd_m", "turnover_usd_m"])
        self.trade = trade
        self.groups = groups if groups is not None else pd.DataFrame(
            columns=["group", "view_rank", "member_iso3", "first_year", "last_year"])
        self.titles = dict(source_titles) if source_titles is not None else _source_titles()
        years = tr.years(trade)
        if year is None or year not in years:
            year = years[-1] if years else 0
        self.redraws = 0
        self._busy = False
        self._chart_key: tuple[Any, ...] | None = None
        self._background_key: tuple[Any, ...] | None = None
        self._background: Any = None
        self._animated: list[Any] = []
        self._artists: list[Any] = []
        self._cache: dict[tuple[Any, ...], tr.Shares] = {}
        self._pictures: OrderedDict[tuple[Any, ...], str] = OrderedDict()  # view -> the <img> drawn for it
        self._option_note = ""
        self._extra: tuple[str, ...] = ()  # partners the what-if uses, shown even outside the top N

        self.fig = Figure(figsize=FIGSIZE, dpi=DPI)
        CachingCanvas(self.fig)  # text measured and rasterised once per string (kzlesson._fast_png)
        self.ax = self.fig.add_axes(self._axes_box("partners"))

        self.year = widgets.Dropdown(options=years, value=year if years else None, **_label("Year"))
        self.flow = widgets.ToggleButtons(
            options=[(label, key) for key, label in FLOW_LABELS.items()],
            value=flow if flow in FLOW_LABELS else "turnover",
            tooltips=["Kazakhstan's sales abroad", "Kazakhstan's purchases", "exports + imports"],
            description="Flow",
            style={"description_width": "120px", "button_width": "88px"},
        )
        self.mode = widgets.ToggleButtons(
            options=[(label, key) for key, label in MODES.items()], value=mode if mode in MODES else "partners",
            tooltips=["the largest partners one by one", "Russia, China, EU-27, EAEU, Central Asia, rest of world",
                      "one partner's shares across all years"],
            description="Show", style={"description_width": "120px", "button_width": "88px"},
        )
        self.top_n = widgets.IntSlider(value=min(max(int(top_n), 3), 15), min=3, max=15, step=1,
                                       continuous_update=False, **_label("Partners shown"))
        trend_options = tr.view_groups(self.groups)[2:] + tr.partner_names(trade)
        self.trend_of = widgets.Dropdown(
            options=trend_options, value=partner if partner in trend_options else (trend_options[0] if trend_options else None),
            layout=widgets.Layout(width="340px"), **_label("Partner or group"),
        )
        self.move_from = widgets.Dropdown(
            options=[("(none)", "")], value="", layout=widgets.Layout(width="340px"), **_label("Move trade from")
        )
        self.move_pct = widgets.IntSlider(
            value=0, min=0, max=100, step=5, continuous_update=False, readout_format="d",
            **_label("Share moved (%)"),
        )
        self.move_to = widgets.Dropdown(
            options=[("all others, in proportion", PROPORTIONAL)], value=PROPORTIONAL,
            layout=widgets.Layout(width="340px"), **_label("Move it to"),
        )
        self.view = widgets.ToggleButtons(
            options=[("Chart", "chart"), ("Table", "table")], value="chart", description="View",
            style={"description_width": "120px", "button_width": "88px"},
        )
        self.chart = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.table = widgets.HTML(layout=widgets.Layout(display="none"))
        self.stats = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.caption = widgets.HTML()
        self.message = widgets.HTML()

        for control in (self.year, self.flow, self.mode, self.top_n, self.trend_of, self.move_from, self.move_pct,
                        self.move_to):
            control.observe(self._on_change, names="value")
        self.view.observe(self._on_view, names="value")

        self.what_if_box = widgets.VBox([
            widgets.HTML("<strong>What if…</strong> part of one partner's trade went elsewhere?"),
            self.move_from, self.move_pct, self.move_to,
        ])
        controls = widgets.VBox(
            [self.year, self.flow, self.mode, self.top_n, self.trend_of, self.what_if_box, self.view],
            layout=widgets.Layout(min_width="300px", flex="0 1 380px"),
        )
        outputs = widgets.VBox([self.chart, self.table, self.stats], layout=widgets.Layout(flex="1 1 520px"))
        self.widget = widgets.VBox(
            [widgets.HBox([controls, outputs], layout=widgets.Layout(flex_flow="row wrap")), self.message, self.caption]
        )
        if is_static():
            self.widget.add_class("kz-snapshot")
        self._show_controls()
        self._refresh_options()
        self.update()

    # ---------------------------------------------------------------- display

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        if is_static():
            display(HTML(snapshot_note_html()))
        display(self.widget)

    # ---------------------------------------------------------------- events

    @staticmethod
    def _axes_box(mode: str) -> tuple[float, float, float, float]:
        return (0.09, 0.08, 0.72, 0.82) if mode == "trend" else (0.30, 0.12, 0.66, 0.74)

    def _show_controls(self) -> None:
        mode = self.mode.value
        self.top_n.layout.display = "" if mode == "partners" else "none"
        self.trend_of.layout.display = "" if mode == "trend" else "none"
        self.what_if_box.layout.display = "" if mode == "partners" else "none"
        self.ax.set_position(self._axes_box(mode))

    def _on_change(self, change: dict[str, Any]) -> None:
        if self._busy:
            return
        owner = change.get("owner")
        if owner is self.mode:
            self._show_controls()
            self._background = None
        if owner in (self.year, self.flow, self.top_n, self.mode):
            self._refresh_options()
        elif owner is self.move_from:
            self._refresh_options()
        self.update()

    def _on_view(self, change: dict[str, Any]) -> None:
        show_table = self.view.value == "table"
        self.table.layout.display = "" if show_table else "none"
        self.chart.layout.display = "none" if show_table else ""

    def _has_figure(self, partner: str, positive: bool = False) -> bool:
        """True when ``partner`` has a figure for the current year and flow (above zero if ``positive``:
        trade can only be moved from a partner that has some)."""
        if not partner or self.year.value is None:
            return False
        shares = self._flow_shares(int(self.year.value), self.flow.value)
        return partner in shares and (shares[partner] > 0 or not positive)

    def _refresh_options(self) -> None:
        """Offer as sources and recipients the partners shown; keep the what-if's choices when they
        still have a figure (a chosen partner outside the top N is then shown as its own bar), and
        say so when one cannot be kept (no redraw here)."""
        self._busy = True
        try:
            old_from, old_to = self.move_from.value, self.move_to.value
            notes = []
            for role, old, positive in (("move trade from", old_from, True), ("move it to", old_to, False)):
                if old and old != PROPORTIONAL and not is_rest(old) and not self._has_figure(old, positive):
                    notes.append(f"The what-if could not keep '{old}' ({role}): it has no {self.flow.value} "
                                 f"in {self.year.value}, so that choice was reset")
            keep_from = old_from if self._has_figure(old_from, positive=True) else ""
            keep_to = old_to if (old_to == PROPORTIONAL or self._has_figure(old_to)) else PROPORTIONAL
            self._extra = tuple(p for p in (keep_from, keep_to) if p and p != PROPORTIONAL and not is_rest(p))
            shares = self._shares() if self.mode.value == "partners" else None
            known = shares.known["partner"].tolist() if shares is not None else []
            _choose(self.move_from, [("(none)", "")] + [(p, p) for p in known], keep_from if keep_from in known else "")
            targets = [("all others, in proportion", PROPORTIONAL)]
            targets += [(p, p) for p in known if p != self.move_from.value]
            if shares is not None and shares.rest_usd_m is not NA:
                targets.append((shares.rest_label, shares.rest_label))
            values = [v for _, v in targets]
            if is_rest(old_to) and shares is not None and shares.rest_label in values:
                keep_to = shares.rest_label
            _choose(self.move_to, targets, keep_to if keep_to in values else PROPORTIONAL)
            self._option_note = ". ".join(notes)  # said once, after the change that caused it
        finally:
            self._busy = False

    # ---------------------------------------------------------------- state

    def _flow_shares(self, year: int, flow: str) -> dict[str, float]:
        """Every partner's share of one year's flow (the exact HHI and the asymmetry need them all)."""
        key = ("flow", year, flow)
        if key not in self._cache:
            self._cache[key] = tr.flow_shares(self.trade, year, flow)  # type: ignore[assignment]
        return self._cache[key]  # type: ignore[return-value]

    def shown_partners(self) -> list[str]:
        """The partners drawn one by one: the top N of the year and flow, plus the what-if's partners."""
        if self.year.value is None:
            return []
        year, flow = int(self.year.value), self.flow.value
        key = ("top", year, flow, self.top_n.value)
        if key not in self._cache:
            self._cache[key] = tr.top_partners(self.trade, year, flow, self.top_n.value)  # type: ignore[assignment]
        names = list(self._cache[key])  # type: ignore[arg-type]
        return names + [p for p in self._extra if p not in names]

    def _shares(self) -> tr.Shares | None:
        if self.year.value is None:
            return None
        year, flow = int(self.year.value), self.flow.value
        if self.mode.value == "groups":
            key = ("groups", year, flow)
            if key not in self._cache:
                self._cache[key] = tr.group_shares(self.trade, self.groups, year, flow)
            return self._cache[key]
        names = tuple(self.shown_partners())
        key = ("partners", year, flow, names)
        if key not in self._cache:
            self._cache[key] = tr.partner_shares(self.trade, year, flow, list(names))
        return self._cache[key]

    def asymmetries(self) -> dict[str, tr.Asymmetry]:
        """Asymmetry (share of imports against share of exports) with Russia and China, this year."""
        if self.year.value is None:
            return {}
        year = int(self.year.value)
        imports, exports = self._flow_shares(year, "imports"), self._flow_shares(year, "exports")
        return {p: tr.asymmetry(imports.get(p, NA), exports.get(p, NA)) for p in ("Russia", "China")}

    def _what_if(self, shares: tr.Shares) -> tuple[tr.WhatIf | None, str]:
        source = self.move_from.value
        if self.mode.value != "partners" or not source or self.move_pct.value == 0:
            return None, ""
        to = None if self.move_to.value in (PROPORTIONAL, source) else {self.move_to.value: 1.0}
        try:
            return tr.what_if(shares, source, self.move_pct.value, to), ""
        except ValueError as exc:
            return None, f"What-if not possible: {exc}."

    # ---------------------------------------------------------------- redraw

    def update(self) -> None:
        """Recompute and redraw what changed. Never raises: problems go to ``message``."""
        try:
            self._update()
        except Exception as exc:  # a student must never see a traceback
            self.message.value = (
                '<div role="status" style="color:#8a1c00">Something in this combination could not be '
                f"shown ({html.escape(type(exc).__name__)}: {html.escape(str(exc))}). Try another "
                "year, flow or view.</div>"
            )

    def _clear(self) -> None:
        for artist in self._artists + self._animated:
            artist.remove()
        self._artists, self._animated = [], []
        self._background = None

    def _update(self) -> None:
        shares = self._shares()
        if shares is None:
            problem = self.load_problem or "There is no trade table with a world total to show."
            self.message.value = f'<div role="status">{html.escape(problem)}</div>'
            self.chart.value = ""
            return
        if self.mode.value == "trend":
            self._update_trend(shares)
            return
        what, problem = self._what_if(shares)
        chosen = (what.partner, what.moved_pct, self.move_to.value) if what is not None else ("", 0, "")
        key = (self.mode.value, shares.year, shares.flow, tuple(shares.table["partner"]), *chosen, problem)
        if key == self._chart_key:
            return  # nothing the outputs show has changed
        rows = _rows(shares, what)
        kept = self._pictures.get(key)
        if kept is not None:  # a view shown before (a flow or year chosen again): its picture, not drawn again
            self._pictures.move_to_end(key)
            self.chart.value = kept
        else:
            show_after = what is not None and what.moved_pct > 0
            # the background: everything but the what-if bars; it changes with year, flow, partners and
            # the partner trade moves from, not with the slider or the recipient
            background_key = (self.mode.value, shares.year, shares.flow, tuple(shares.table["partner"]),
                              what.partner if show_after else "", show_after, round(_x_limit(rows, what), 6))
            if background_key != self._background_key or self._background is None:
                self._clear()
                self._artists = draw_shares(self.ax, shares, what, rows, animated=True)
                self._animated = [a for a in self._artists if a.get_animated()]
                self._artists = [a for a in self._artists if not a.get_animated()]
                if self.mode.value == "groups":
                    self.ax.set_title(f"Partner groups' shares of Kazakhstan's {shares.flow}, {shares.year}", loc="left")
                self.fig.canvas.draw()
                self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
                self._background_key = background_key
            else:
                self._update_after(rows, what)
                self.fig.canvas.restore_region(self._background)
            for artist in self._animated:
                self.ax.draw_artist(artist)
            self.chart.value = self._keep(key, img_tag(png_from_canvas(self.fig), alt_text(shares, what, rows)))
            self.redraws += 1
        self._chart_key = key
        self.stats.value = self._stats_html(shares, what)
        self.table.value = self._table_html(shares, what)
        self.caption.value = self._caption_html(shares)
        self.message.value = self._message_html(shares, problem)

    def _update_trend(self, shares: tr.Shares) -> None:
        partner, flow = self.trend_of.value, self.flow.value
        # a group's colour follows its members in the chosen year (see _draw_trend), so the year is
        # part of a group's view
        year = int(self.year.value) if partner in set(self.groups["group"]) else None
        key = ("trend", partner, flow, year)
        if key == self._chart_key:
            return
        trend = {name: tr.share_trend(self.trade, partner, name, self.groups) for name in ("exports", "imports", "turnover")}
        kept = self._pictures.get(key)
        if kept is not None:
            self._pictures.move_to_end(key)
            self.chart.value = kept
        else:
            self._draw_trend(partner, flow, trend, key)
        self._chart_key = key
        self.stats.value = self._trend_stats_html(partner, trend)
        self.table.value = self._trend_table_html(partner, trend)
        self.caption.value = self._caption_html(shares, trend=True)
        self.message.value = '<div role="status">' + html.escape(self._break_note()) + "</div>"

    def _keep(self, key: tuple[Any, ...], markup: str) -> str:
        """Remember the picture of the view ``key`` (the last :data:`PICTURES_KEPT`); return it."""
        self._pictures[key] = markup
        while len(self._pictures) > PICTURES_KEPT:
            self._pictures.popitem(last=False)
        return markup

    def _draw_trend(self, partner: str, flow: str, trend: Mapping[str, pd.DataFrame], key: tuple[Any, ...]) -> None:
        self._clear()
        self._background_key = None
        colour = None
        if partner in set(self.groups["group"]) and "partner_group" in self.trade.columns:
            members = set(tr.members_in(self.groups, partner, int(self.year.value)))
            member_colours = self.trade.loc[self.trade["partner_iso3"].isin(members), "partner_group"].astype(str).tolist()
            colour = colour_for(tr._group_colour(partner, member_colours))
        self._artists = draw_trend(self.ax, self.trade, partner, flow, self.groups, colour=colour)
        self.fig.canvas.draw()
        alt = (f"Line chart of {partner}'s share of Kazakhstan's exports, imports and turnover, "
               f"{int(trend[flow]['year'].iloc[0])}–{int(trend[flow]['year'].iloc[-1])}; {flow}: "
               + "; ".join(f"{int(y)} {_pct(v)}" for y, v in zip(trend[flow]["year"], trend[flow]["share_pct"]))
               + ". A dashed line marks where the statistics change source.")
        self.chart.value = self._keep(key, img_tag(png_from_canvas(self.fig), alt))
        self.redraws += 1

    def _update_after(self, rows: list[dict[str, Any]], what: tr.WhatIf | None) -> None:
        """Slider or recipient moved: update the what-if bars' widths and labels in place
        (recreate them only if the set of bars changed)."""
        values = [
            (float(r["after"]), float(r["share"])) for r in rows
            if not (r["after"] is NA or pd.isna(r["after"]) or r["share"] is NA or pd.isna(r["share"]))
        ]
        pairs = list(zip(self._animated[0::2], self._animated[1::2]))
        if len(pairs) == len(values) and len(self._animated) == 2 * len(values):
            for (bar, label), (value, before) in zip(pairs, values):
                bar.set_width(value)
                label.set_x(value + 0.6)
                label.set_text(_after_label(value, before))
            return
        for artist in self._animated:
            artist.remove()
        self._animated = draw_after(self.ax, rows, what, animated=True)

    # ---------------------------------------------------------------- texts

    def _series_breaks(self) -> list[Any]:
        """Where the table changes source (:func:`kzlesson.trade.series_breaks`), worked out once per
        explorer (like its shares: ~3 ms over the whole table, on every redraw before)."""
        if "breaks" not in self._cache:
            self._cache["breaks"] = tr.series_breaks(self.trade)  # type: ignore[index,assignment]
        return self._cache["breaks"]  # type: ignore[index,return-value]

    def _break_note(self) -> str:
        breaks = self._series_breaks()
        if not breaks:
            return ""
        year = breaks[0][0]
        return (f"The figures up to {year - 1} are Kazakhstan's own data as stored by the World Bank's WITS "
                f"(UN Comtrade); from {year} they are the final tables of Kazakhstan's Bureau of National Statistics. "
                f"A change between {year - 1} and {year} is partly a change of statistics.")

    def _stats_html(self, shares: tr.Shares, what: tr.WhatIf | None) -> str:
        full = self._flow_shares(shares.year, shares.flow)
        n = sum(1 for v in full.values() if v > 0)
        index = tr.hhi(list(full.values())) if full else NA
        described = "cannot be computed" if index is NA else f"HHI {index:.3f} (= {index * 10_000:,.0f} on the 0–10,000 scale)"
        items = [f"<li><strong>Concentration</strong> over all {n} partners: {html.escape(described)}.</li>"]
        if what is not None:
            items.append(
                f"<li><strong>After the what-if</strong>: {html.escape(what.concentration_after.describe())} "
                f"(moved {what.moved_usd_m:,.0f} USD m; the world total stays {what.world_usd_m:,.0f}).</li>"
            )
        for partner, a in self.asymmetries().items():
            items.append(f"<li><strong>Asymmetry</strong>, {shares.year}: {html.escape(a.reading(partner))}</li>")
        if "members" in shares.table.columns:
            for label, members in zip(shares.table["partner"], shares.table["members"]):
                if len(members) > 1:
                    items.append(f"<li><strong>{html.escape(label)}</strong>: {html.escape(', '.join(members))}.</li>")
        return f'<ul aria-label="Measures for {shares.year}">' + "".join(items) + "</ul>"

    def _trend_stats_html(self, partner: str, trend: Mapping[str, pd.DataFrame]) -> str:
        items = []
        for flow in ("imports", "exports", "turnover"):
            t = trend[flow].dropna(subset=["share_pct"])
            if len(t) >= 2:
                first, last = t.iloc[0], t.iloc[-1]
                items.append(f"<li><strong>{FLOW_LABELS[flow]}</strong>: {float(first['share_pct']):.1f} % in "
                             f"{int(first['year'])}, {float(last['share_pct']):.1f} % in {int(last['year'])}.</li>")
        if partner in ("Russia", "China"):
            asym = tr.asymmetry_table(self.trade, partner).dropna()
            if len(asym):
                items.append(f"<li><strong>Asymmetry</strong> with {partner}: import share minus export share from "
                             f"{float(asym['gap_pp'].min()):.1f} to {float(asym['gap_pp'].max()):.1f} points over these years.</li>")
        return f'<ul aria-label="Measures for {html.escape(partner)}">' + "".join(items) + "</ul>"

    def _trend_table_html(self, partner: str, trend: Mapping[str, pd.DataFrame]) -> str:
        head = ["Year", "Exports share (%)", "Imports share (%)", "Turnover share (%)", "Source"]
        body = []
        for i, year in enumerate(trend["turnover"]["year"]):
            cells = [f'<th scope="row">{int(year)}</th>']
            cells += [f"<td>{_pct(trend[f]['share_pct'].iloc[i])}</td>" for f in ("exports", "imports", "turnover")]
            cells.append(f"<td>{self._source_cell(trend['turnover']['source_id'].iloc[i])}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        caption = f"{partner}: share of Kazakhstan's trade by year"
        return (f"<table><caption>{html.escape(caption)}</caption><thead><tr>"
                + "".join(f'<th scope="col">{h}</th>' for h in head) + "</tr></thead><tbody>" + "".join(body)
                + "</tbody></table>")

    def _table_html(self, shares: tr.Shares, what: tr.WhatIf | None) -> str:
        after = {} if what is None else dict(zip(what.after["partner"], what.after["share_pct"]))
        head = ["Group" if self.mode.value == "groups" else "Partner", f"{FLOW_LABELS[shares.flow]} (USD m)", "Share (%)"]
        if what is not None:
            head.append("After what-if (%)")
        head += ["Reported by", "Source"]
        body = []
        for r in shares.frame(include_rest=True).to_dict("records"):
            cells = [
                f'<th scope="row">{html.escape(str(r["partner"]))}</th>',
                f"<td>{_usd(r['value_usd_m'])}</td>",
                f"<td>{_pct(r['share_pct'])}</td>",
            ]
            if what is not None:
                cells.append(f"<td>{_pct(after.get(r['partner'], NA))}</td>")
            source = r["source_id"] if r["source_id"] else shares.world_source
            cells += [f"<td>{html.escape(str(r['reporter'] or 'Kazakhstan'))}</td>", f"<td>{self._source_cell(source)}</td>"]
            body.append("<tr>" + "".join(cells) + "</tr>")
        world = _usd(shares.world_usd_m)
        caption = f"Kazakhstan's {shares.flow} by {'partner group' if self.mode.value == 'groups' else 'partner'}, {shares.year} (world total {world} USD m)"
        return (
            f"<table><caption>{html.escape(caption)}</caption><thead><tr>"
            + "".join(f'<th scope="col">{h}</th>' for h in head)
            + "</tr></thead><tbody>" + "".join(body) + "</tbody></table>"
        )

    def _source_cell(self, source_id: Any) -> str:
        """Short source labels (author or publisher, year) with the full title on hover; ids if unknown."""
        ids = [i for i in str(source_id if isinstance(source_id, str) else "").split(";") if i]
        try:
            from kzlesson.fact_table import source_label
        except Exception:  # noqa: BLE001 - the explorer still works, citing ids only
            return html.escape("; ".join(ids))
        parts = []
        labels = self.__dict__.setdefault("_labels", {})
        for sid in ids:
            if sid not in labels:
                try:
                    labels[sid] = source_label(sid).split(", archived")[0]
                except Exception:  # noqa: BLE001 - a source table that cannot be read: cite the id
                    labels[sid] = sid
            title = self.titles.get(sid, sid)
            parts.append(f'<span title="{html.escape(title, quote=True)}">{html.escape(labels[sid])}</span>')
        return "; ".join(parts)

    def _caption_html(self, shares: tr.Shares, trend: bool = False) -> str:
        ids = sorted({str(s) for s in self.trade.loc[self.trade["partner"] == tr.WORLD, "source_id"]}) if trend else shares.source_ids
        cited = []
        for sid in ids:
            title = self.titles.get(sid)
            label = re.sub(r"<[^>]+>", "", self._source_cell(sid))
            cited.append(f"{html.escape(title)} ({label})" if title else label)
        if trend:
            text = ("<strong>What the chart shows</strong>: the chosen partner's (or group's) share of Kazakhstan's "
                    "exports, imports and turnover in every year; the flow chosen above is drawn thicker. ")
        elif self.mode.value == "groups":
            text = (f"<strong>What the chart shows</strong>: each partner group's share of Kazakhstan's {shares.flow} "
                    f"in {shares.year}. Each partner counts once, in the first group listed that it belongs to; groups "
                    "are defined in data/trade_groups.csv. ")
        else:
            text = (f"<strong>What the chart shows</strong>: the largest partners' shares of Kazakhstan's {shares.flow} "
                    f"in {shares.year}, as a percentage of its trade with the world; the grey bar adds up every other "
                    "partner. Colours and hatches mark the actor (Russia, China, the West, neighbours, other). ")
        text += "Every figure is Kazakhstan's own statistics. "
        text += "<strong>Data</strong>: " + ("; ".join(cited) if cited else "no source for this selection") + "."
        return f"<p>{text}</p>"

    def _message_html(self, shares: tr.Shares, problem: str) -> str:
        notes = list(shares.warnings)
        if shares.missing:
            notes.append(
                f"No {shares.flow} figure for {', '.join(shares.missing)} in {shares.year}: shown as a gap, "
                "not as zero; their trade sits inside the rest of the world"
            )
        if self._option_note:
            notes.append(self._option_note)
        if problem:
            notes.append(problem.rstrip("."))
        breaks = self._series_breaks()
        if breaks and shares.year < breaks[0][0]:
            notes.append(f"{shares.year} comes from WITS (UN Comtrade data as reported by Kazakhstan), not from the "
                         f"Bureau of National Statistics' tables used from {breaks[0][0]}: compare across "
                         f"{breaks[0][0] - 1}/{breaks[0][0]} with care")
        if not notes:
            return '<div role="status">Every partner of this year and flow has a figure; the exact HHI uses them all.</div>'
        return '<div role="status">' + "<br>".join(html.escape(n) + "." for n in notes) + "</div>"


def trade_explorer(
    trade: pd.DataFrame | None = None,
    *,
    year: int | None = None,
    flow: str = "turnover",
    mode: str = "partners",
    top_n: int = 10,
    partner: str = "Russia",
    groups: pd.DataFrame | None = None,
    source_titles: Mapping[str, str] | None = None,
) -> TradeExplorer:
    """Build the explorer on ``data/trade.csv`` (or on the table given) and return it for display."""
    return TradeExplorer(trade, year=year, flow=flow, mode=mode, top_n=top_n, partner=partner, groups=groups,
                         source_titles=source_titles)


def is_static() -> bool:
    """True when the book build renders the notebook (``KZLESSON_RENDER=static``)."""
    return os.environ.get("KZLESSON_RENDER", "") == "static"


def explore_trade(
    trade: pd.DataFrame | None = None,
    *,
    year: int | None = None,
    flow: str = "turnover",
    mode: str = "partners",
    top_n: int = 10,
) -> TradeExplorer:
    """Same as :func:`trade_explorer`, under a name that does not shadow this module when exported
    from the package top level (like ``explore_timeline``).

    >>> explore_trade(flow="turnover", year=2022).flow.value
    'turnover'
    """
    return TradeExplorer(trade, year=year, flow=flow, mode=mode, top_n=top_n)
