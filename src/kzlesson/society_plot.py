"""Chapter 6 figures: who lives in Kazakhstan, and the Russians who crossed after 21 September 2022.

Every number comes from ``data/facts.csv`` through :func:`kzlesson.data.fact`, by the ids in
:data:`COMPOSITION_FACTS` and :data:`CROSSING_FACTS`; nothing is typed into the code. The two
exercise answers of chapter 6 are computed here from the same facts.

>>> table = crossings_table()
>>> list(table["label"])
['27 Sep 2022', '4 Oct 2022', 'late Nov 2022']
>>> round(share_still_in_kazakhstan_nov_2022())
25
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from kzlesson.data import fact


@dataclass(frozen=True)
class SharePoint:
    """One population share on the composition chart."""

    group: str  # "Kazakhs" or "Russians"
    year: int
    fact_id: str
    kind: str  # "census", "approximate" (a commentator's round figure) or "commentator"


#: The composition chart's points, by fact id. A census point is drawn solid, the others hollow.
COMPOSITION_FACTS: tuple[SharePoint, ...] = (
    SharePoint("Kazakhs", 1991, "kazakhs-share-1991-wapo", "approximate"),
    SharePoint("Kazakhs", 2009, "kazakhs-share-census-2009", "census"),
    SharePoint("Kazakhs", 2021, "kazakhs-share-census-2021", "census"),
    SharePoint("Kazakhs", 2022, "kazakhs-share-seed", "commentator"),
    SharePoint("Russians", 1991, "russians-share-1991-seed", "approximate"),
    SharePoint("Russians", 2021, "russians-share-census-2021", "census"),
    SharePoint("Russians", 2022, "russians-share-seed", "commentator"),
)

#: Running totals since 21 Sep 2022: (label, entered id, left id, stated "still in the country" id or None).
CROSSING_FACTS: tuple[tuple[str, str, str, str | None], ...] = (
    ("27 Sep 2022", "mobilisation-entered-2022-09-27", "mobilisation-left-2022-09-27", None),
    ("4 Oct 2022", "mobilisation-entered-2022-10-04", "mobilisation-left-2022-10-04", None),
    ("late Nov 2022", "mobilisation-entered-2022-11", "mobilisation-left-2022-11", "mobilisation-still-here-2022-11"),
)

#: Horizon Engage's "up to a third stayed" (a percentage) and the total it refers to.
HORIZON_STAYED_FACT = "mobilisation-stayed-horizon"
HORIZON_TOTAL_FACT = "mobilisation-crossings-horizon"

_GROUP_LOOK: dict[str, dict[str, str]] = {
    "Kazakhs": {"color": "#333333", "marker": "o", "linestyle": "-"},
    "Russians": {"color": "#8C8C8C", "marker": "s", "linestyle": "--"},
}


def _value(fact_id: str) -> float:
    return float(fact(fact_id)["value"])


def composition_table() -> pd.DataFrame:
    """The composition chart's points: group, year, share (%), kind and source id.

    >>> t = composition_table()
    >>> t.query("group == 'Kazakhs' and year == 2021")["share"].item()
    70.4
    """
    rows = []
    for point in COMPOSITION_FACTS:
        row = fact(point.fact_id)
        rows.append({"group": point.group, "year": point.year, "share": float(row["value"]),
                     "kind": point.kind, "fact_id": point.fact_id, "source_id": str(row["source_id"])})
    return pd.DataFrame(rows)


def crossings_table() -> pd.DataFrame:
    """Entered, left and still in Kazakhstan at each reported date, with how 'still' was obtained.

    ``still_stated`` is True where a minister gave the number still in the country, False where
    it is entered minus left.

    >>> t = crossings_table()
    >>> int(t.loc[1, "still"])
    53000
    """
    rows = []
    for label, entered_id, left_id, still_id in CROSSING_FACTS:
        entered, left = _value(entered_id), _value(left_id)
        still = _value(still_id) if still_id else entered - left
        rows.append({"label": label, "entered": entered, "left": left, "still": still,
                     "still_stated": still_id is not None,
                     "source_id": str(fact(entered_id)["source_id"])})
    return pd.DataFrame(rows)


def kazakh_share_change_2009_2021() -> float:
    """Change in the Kazakh share between the 2009 and 2021 censuses, in percentage points.

    >>> round(kazakh_share_change_2009_2021(), 1)
    7.3
    """
    return _value("kazakhs-share-census-2021") - _value("kazakhs-share-census-2009")


def share_still_in_kazakhstan_nov_2022() -> float:
    """Percentage of the Russians who entered after 21 Sep 2022 still in Kazakhstan in late November.

    >>> share_still_in_kazakhstan_nov_2022()
    25.0
    """
    return 100 * _value("mobilisation-still-here-2022-11") / _value("mobilisation-entered-2022-11")


def plot_composition(ax: Axes | None = None) -> Figure:
    """Kazakh and Russian shares of the population: census points solid, others hollow.

    >>> fig = plot_composition()
    >>> fig.axes[0].get_ylabel()
    'share of the population (%)'
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.0, 4.6))
    else:
        fig = ax.figure
    table = composition_table()
    for group, look in _GROUP_LOOK.items():
        points = table[table["group"] == group].sort_values("year")
        trend = points[points["kind"] != "commentator"]
        # join consecutive points: solid between two census results, dotted where one is approximate
        for (_, a), (_, b) in zip(trend.iloc[:-1].iterrows(), trend.iloc[1:].iterrows()):
            both_census = a["kind"] == "census" and b["kind"] == "census"
            ax.plot([a["year"], b["year"]], [a["share"], b["share"]], color=look["color"], linewidth=1.8,
                    linestyle="-" if both_census else ":")
        for _, p in points.iterrows():
            solid = p["kind"] == "census"
            ax.plot(p["year"], p["share"], marker=look["marker"], markersize=8, linestyle="none",
                    color=look["color"], markerfacecolor=look["color"] if solid else "white",
                    markeredgewidth=1.6)
            if p["kind"] == "commentator":
                text, offset, align = f"{p['share']:g}% (Sanchez)", (8, 0), "left"
            else:
                prefix = "about " if p["kind"] == "approximate" else ""
                text, offset, align = f"{prefix}{p['share']:g}%", (0, 9 if group == "Kazakhs" else -15), "center"
            ax.annotate(text, (p["year"], p["share"]), xytext=offset, textcoords="offset points",
                        ha=align, va="center" if p["kind"] == "commentator" else "baseline",
                        fontsize=9, color=look["color"])
        first, second = trend.iloc[0], trend.iloc[1]
        mid_year = (first["year"] + second["year"]) / 2
        mid_share = (first["share"] + second["share"]) / 2
        ax.annotate(group, (mid_year, mid_share), xytext=(0, 10 if group == "Kazakhs" else -18),
                    textcoords="offset points", ha="center", fontsize=11, fontweight="bold", color=look["color"])
    # legend entries that explain the marker fill (the groups are labelled on the lines)
    ax.plot([], [], "o", color="#555555", label="census result (2009, 2021)")
    ax.plot([], [], "o", color="#555555", markerfacecolor="white", markeredgewidth=1.6,
            label="commentators' figures (1991: approximate)")
    ax.plot([], [], ":", color="#555555", label="joins an approximate point (no data between)")
    ax.legend(loc="upper left", fontsize=9)
    ax.set_xlim(1988, 2030)
    ax.set_ylim(0, 85)
    ax.set_xticks([1991, 2009, 2021], ["1991", "2009", "2021\n(2022: Sanchez)"])
    ax.set_ylabel("share of the population (%)")
    ax.set_title("Kazakhs and Russians in Kazakhstan's population", loc="left")
    return fig


def plot_crossings(ax: Axes | None = None) -> Figure:
    """Grouped bars: entered, left and still in Kazakhstan at three dates, with Horizon's 'up to a third'.

    >>> fig = plot_crossings()
    >>> len(fig.axes[0].patches) >= 9
    True
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.5, 4.8))
    else:
        fig = ax.figure
    table = crossings_table()
    width = 0.26
    series = (
        ("entered", "entered since 21 Sep", "#444444", ""),
        ("left", "left again", "#BBBBBB", ".."),
        ("still", "still in Kazakhstan", "#009E73", "//"),
    )
    for offset, (column, label, colour, hatch) in zip((-width, 0.0, width), series):
        xs = [i + offset for i in range(len(table))]
        bars = ax.bar(xs, table[column], width=width * 0.95, color=colour, hatch=hatch,
                      edgecolor="white" if column == "entered" else "#333333", linewidth=0.6, label=label)
        for bar, (_, row) in zip(bars, table.iterrows()):
            text = f"{row[column] / 1000:,.0f}k"
            if column == "still":
                text += "\n(stated)" if row["still_stated"] else "\n(in − out)"
            ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 3),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8.5)
    share = _value(HORIZON_STAYED_FACT)
    total = _value(HORIZON_TOTAL_FACT)
    october = int(table.index[table["label"] == "4 Oct 2022"][0])
    bound = share / 100 * total
    ax.bar(october + 2 * width, bound, width=width * 0.95, facecolor="white", edgecolor="#333333",
           linestyle="--", linewidth=1.2, label="Horizon Engage (10 Oct): 'up to a third' of 200k stayed")
    ax.annotate(f"up to\n{bound / 1000:,.0f}k", (october + 2 * width, bound), xytext=(0, 3),
                textcoords="offset points", ha="center", va="bottom", fontsize=8.5)
    ax.set_xticks(range(len(table)), list(table["label"]))
    ax.set_ylabel("Russians (running total)")
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v / 1000:,.0f}k"))
    ax.set_ylim(0, table["entered"].max() * 1.18)
    ax.set_title("Russians crossing into Kazakhstan after 21 September 2022", loc="left")
    ax.legend(loc="upper left", fontsize=9)
    return fig
