"""Static figures of the full trade table (chapters 4 and 8): concentration, asymmetry, partner
groups, share changes and turnover by year, each marking where the statistics change source.

All figures are sized for a phone as well as a laptop (about 6 inches wide, few labels, large
enough type), take the actor colours and hatches of :mod:`kzlesson.style`, and never draw a gap
as a zero.

>>> import pandas as pd
>>> t = pd.DataFrame({"year": [2019] * 3 + [2020] * 3, "partner": ["World", "A", "B"] * 2,
...     "turnover_usd_m": [100.0, 50.0, 50.0, 100.0, 60.0, 40.0], "source_id": ["w"] * 3 + ["b"] * 3})
>>> fig = plot_hhi_by_year(t, "turnover")     # 50² + 50², then 60² + 40²
>>> [round(y) for y in fig.axes[0].lines[0].get_ydata()]
[5000, 5200]
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from kzlesson import trade as tr
from kzlesson.style import ACTOR_COLOURS, colour_for, hatch_for

WIDTH = 5.6
_FLOW_STYLE = {"imports": ("-", "o"), "exports": (":", "^"), "turnover": ("--", "s")}


def _figure(height: float, rows: int = 1) -> tuple[Figure, list[Axes]]:
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(rows, 1, figsize=(WIDTH, height), layout="constrained", squeeze=False)
    return fig, [row[0] for row in axes]


def mark_breaks(ax: Axes, trade: pd.DataFrame, label: bool = True) -> None:
    """A dashed vertical line between the last year of one source and the first of the next."""
    for year, _old, _new in tr.series_breaks(trade):
        ax.axvline(year - 0.5, color="#333333", linestyle=(0, (4, 3)), linewidth=1)
        if label:
            ax.text(year - 0.4, 0.98, "source\nchanges", transform=ax.get_xaxis_transform(), fontsize=9,
                    va="top", ha="left", color="#333333")


def _year_axis(ax: Axes, years: Sequence[int]) -> None:
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.set_xticks(list(years)[::2] if len(years) > 7 else list(years))
    ax.set_xticklabels([str(y) for y in (list(years)[::2] if len(years) > 7 else years)])


def plot_hhi_by_year(trade: pd.DataFrame, flow: str = "turnover", ax: Axes | None = None) -> Figure:
    """The exact HHI (0–10,000) of one flow over every partner, year by year."""
    if ax is None:
        fig, (ax,) = _figure(3.6)
    years = tr.years(trade)
    values = []
    for year in years:
        conc = tr.partner_shares(trade, year, flow).concentration()
        values.append(conc.low_10k if conc.exact else float("nan"))
    ax.plot(years, values, marker="o", color="#333333", linewidth=2)
    for year, value in zip(years, values):
        if value == value:
            ax.text(year, value + 25, f"{value:,.0f}", ha="center", va="bottom", fontsize=9)
    top = max([v for v in values if v == v], default=1000)
    ax.set_ylim(0, top * 1.3)
    mark_breaks(ax, trade)
    _year_axis(ax, years)
    ax.set_ylabel("HHI (0–10,000)")
    ax.set_title(f"Concentration of Kazakhstan's {flow} by partner", loc="left", fontsize=12)
    return ax.figure  # type: ignore[return-value]


def plot_asymmetry_years(trade: pd.DataFrame, partners: Sequence[str] = ("Russia", "China")) -> Figure:
    """One panel per partner: its share of Kazakhstan's imports and of its exports, every year."""
    fig, axes = _figure(2.9 * len(partners), rows=len(partners))
    years = tr.years(trade)
    top = 0.0
    for ax, partner in zip(axes, partners):
        table = tr.asymmetry_table(trade, partner)
        colour = colour_for(partner)
        for flow, column in (("imports", "import_share_pct"), ("exports", "export_share_pct")):
            style, marker = _FLOW_STYLE[flow]
            ys = [float(v) if not pd.isna(v) else float("nan") for v in table[column]]
            top = max(top, *[y for y in ys if y == y])
            ax.plot(table["year"].astype(int), ys, linestyle=style, marker=marker, color=colour, linewidth=2,
                    label=f"share of imports from {partner}" if flow == "imports" else f"share of exports to {partner}")
            last = ys[-1]
            ax.text(years[-1] + 0.25, last, f"{last:.0f} %", va="center", fontsize=9)
        ax.fill_between(table["year"].astype(int), table["export_share_pct"].astype(float),
                        table["import_share_pct"].astype(float), color=colour, alpha=0.15, linewidth=0)
        mark_breaks(ax, trade, label=ax is axes[0])
        _year_axis(ax, years)
        ax.set_xlim(years[0] - 0.6, years[-1] + 1.2)
        ax.set_ylabel("%")
        ax.set_title(partner, loc="left", fontsize=12)
        ax.legend(loc="upper left", fontsize=9, ncols=1, bbox_to_anchor=(0.0, 1.0))
    for ax in axes:
        ax.set_ylim(0, top * 1.45)
    return fig


def plot_group_shares(trade: pd.DataFrame, groups: pd.DataFrame, years: Sequence[int], flow: str = "turnover") -> Figure:
    """Stacked bars, one per year: each partner group's share of ``flow`` (adds up to 100 %)."""
    fig, (ax,) = _figure(0.62 * len(years) + 2.4)
    order: list[str] = []
    data: dict[int, dict[str, tuple[float, str]]] = {}
    for year in years:
        shares = tr.group_shares(trade, groups, year, flow)
        row = {}
        for rec in shares.frame(include_rest=True).to_dict("records"):
            name = "Rest of world" if str(rec["status"]).startswith("rest") else str(rec["partner"])
            row[name] = (float(rec["share_pct"]), str(rec["group"]))
            if name not in order:
                order.append(name)
        data[year] = row
    for i, year in enumerate(years):
        left = 0.0
        for name in order:
            share, group = data[year].get(name, (0.0, "other"))
            colour = ACTOR_COLOURS["other"] if name == "Rest of world" else colour_for(group)
            hatch = "" if name == "Rest of world" else hatch_for(group)
            ax.barh(i, share, left=left, color=colour, hatch=hatch, edgecolor="#333333", linewidth=0.5, height=0.75)
            if share >= 8:
                ax.text(left + share / 2, i, f"{share:.0f}", ha="center", va="center", fontsize=11,
                        color="white" if name in ("Russia", "EU-27") else "black")
            left += share
    ax.set_yticks(range(len(years)))
    ax.set_yticklabels([str(y) for y in years])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"share of Kazakhstan's {flow} (%)")
    ax.grid(axis="y", visible=False)
    handles = []
    for name in order:
        group = next(data[y][name][1] for y in years if name in data[y])
        colour = ACTOR_COLOURS["other"] if name == "Rest of world" else colour_for(group)
        hatch = "" if name == "Rest of world" else hatch_for(group)
        handles.append(Patch(facecolor=colour, hatch=hatch, edgecolor="#333333", label=name))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize=10)
    ax.set_title(f"Kazakhstan's {flow} by partner group", loc="left", fontsize=12)
    for year, _old, _new in tr.series_breaks(trade):
        if year in years and years.index(year) > 0:
            y = years.index(year) - 0.5
            ax.axhline(y, color="#333333", linestyle=(0, (4, 3)), linewidth=1.2)
    return fig


def plot_share_change(trade: pd.DataFrame, year_from: int, year_to: int, flow: str = "turnover", n: int = 8) -> Figure:
    """A dot pair per partner: its share in ``year_from`` (open) and in ``year_to`` (filled), for the
    ``n`` largest partners of either year, sorted by the change."""
    names = list(dict.fromkeys(tr.top_partners(trade, year_to, flow, n) + tr.top_partners(trade, year_from, flow, n)))
    a, b = tr.flow_shares(trade, year_from, flow), tr.flow_shares(trade, year_to, flow)
    rows = sorted(((p, a.get(p, 0.0), b.get(p, 0.0)) for p in names), key=lambda r: r[2] - r[1])
    fig, (ax,) = _figure(0.42 * len(rows) + 1.4)
    for i, (partner, before, after) in enumerate(rows):
        colour = colour_for(_group_of(trade, partner))
        ax.plot([before, after], [i, i], color="#999999", linewidth=2, zorder=1)
        ax.scatter([before], [i], s=46, facecolor="white", edgecolor=colour, linewidth=2, zorder=2)
        ax.scatter([after], [i], s=46, color=colour, zorder=3)
        ax.text(max(before, after) + 0.7, i, f"{after - before:+.1f}", va="center", fontsize=9)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([r[0] for r in rows])
    ax.set_xlim(0, max(max(r[1], r[2]) for r in rows) * 1.18)
    ax.set_xlabel(f"share of Kazakhstan's {flow} (%); ○ {year_from}, ● {year_to}; change in points")
    ax.grid(axis="y", visible=False)
    crossed = tr.crosses_break(trade, year_from, year_to)
    ax.set_title(f"Who gained and who lost share, {year_from} to {year_to}", loc="left", fontsize=12)
    if crossed:
        ax.text(0.0, -0.11 - 0.5 / max(len(rows), 1), f"The two years come from different statistics (see the text).",
                transform=ax.transAxes, fontsize=9, va="top", style="italic", color="#333333")
    return fig


def _group_of(trade: pd.DataFrame, partner: str) -> str:
    match = trade.loc[trade["partner"] == partner, "partner_group"] if "partner_group" in trade.columns else []
    return str(match.iloc[0]) if len(match) else partner


def plot_turnover_by_year(trade: pd.DataFrame, partners: Sequence[str] = ("Russia", "China"),
                          flow: str = "turnover") -> Figure:
    """Kazakhstan's trade with a few partners, USD billion, year by year (one line each)."""
    fig, (ax,) = _figure(3.6)
    years = tr.years(trade)
    markers = ["o", "s", "^", "D"]
    top = 0.0
    for k, partner in enumerate(partners):
        trend = tr.share_trend(trade, partner, flow)
        ys = [float(v) / 1000 if not pd.isna(v) else float("nan") for v in trend["value_usd_m"]]
        top = max(top, *[y for y in ys if y == y])
        ax.plot(trend["year"].astype(int), ys, marker=markers[k % 4], color=colour_for(partner), linewidth=2,
                linestyle=["-", "--", ":", "-."][k % 4], label=partner)
        ax.text(years[-1] + 0.25, ys[-1], f"{ys[-1]:.1f}", va="center", fontsize=9)
    mark_breaks(ax, trade)
    _year_axis(ax, years)
    ax.set_xlim(years[0] - 0.6, years[-1] + 1.1)
    ax.set_ylim(0, top * 1.2)
    ax.set_ylabel(f"{flow}, USD bn")
    ax.legend(loc="upper left", fontsize=10)
    ax.set_title(f"Kazakhstan's {flow} with {' and '.join(partners)}", loc="left", fontsize=12)
    return fig
