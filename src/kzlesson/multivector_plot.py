"""Chapter 1's figure: how heavy is each vector? Shares of Kazakhstan's trade turnover by partner group.

The partner groups are the vectors that trade can show (``Russia``, ``China``, ``the West``,
``neighbours``, ``other``), taken from the ``partner_group`` column of the news-quoted trade table ``data/trade_quoted.csv``
(chapter 1's figure; chapter 4 uses the full table ``data/trade.csv``). Shares come
from :func:`kzlesson.trade.partner_shares`, so a missing figure stays missing: trade with partners the
table does not itemise is shown as its own bar, never spread over the vectors.

>>> import pandas as pd
>>> t = pd.DataFrame({"year": [2021] * 4, "partner": ["World", "Russia", "China", "Italy"],
...     "partner_group": ["", "Russia", "China", "the West"],
...     "turnover_usd_m": [100.0, 25.0, 20.0, 15.0], "preferred": [True] * 4, "source_id": ["s"] * 4})
>>> describe_vector_weights(vector_weights(t, [2021]))
'2021: Russia 25%, China 20%, the West 15%, neighbours not listed, other partners not listed, not itemised 40%.'
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure

from kzlesson.style import colour_for

#: The bars, in display order (the trade table's partner groups, then what it does not itemise).
GROUPS: tuple[str, ...] = ("Russia", "China", "the West", "neighbours", "other partners", "not itemised")
_GROUP_OF_CELL = {"Russia": "Russia", "China": "China", "the West": "the West", "neighbours": "neighbours"}


def vector_weights(trade: pd.DataFrame, years: Sequence[int], flow: str = "turnover") -> pd.DataFrame:
    """Percentage of each year's world total of ``flow`` by partner group (rows: years; columns: :data:`GROUPS`).

    ``not itemised`` is the world total minus every partner with a figure. A group with no partner
    listed that year is ``<NA>`` (not listed, which is not the same as zero); a year whose world total
    is missing gives a row of ``<NA>``. The known cells of a row add up to 100.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"year": [2022, 2022], "partner": ["World", "Russia"],
    ...     "partner_group": ["", "Russia"], "turnover_usd_m": [200.0, 50.0], "preferred": [True, True]})
    >>> float(vector_weights(t, [2022]).loc[2022, "not itemised"])
    75.0
    """
    from kzlesson.trade import partner_shares

    rows: dict[int, dict[str, object]] = {}
    for year in years:
        shares = partner_shares(trade, int(year), flow)
        if shares.rest_pct is pd.NA:
            rows[int(year)] = {group: pd.NA for group in GROUPS}
            continue
        row: dict[str, object] = {group: pd.NA for group in GROUPS}
        for _, partner in shares.known.iterrows():
            group = _GROUP_OF_CELL.get(str(partner["group"]), "other partners")
            before = row[group]
            row[group] = float(partner["share_pct"]) + (0.0 if before is pd.NA else float(before))
        row["not itemised"] = float(shares.rest_pct)
        rows[int(year)] = row
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(GROUPS)).astype("Float64")
    frame.index.name = "year"
    return frame


def group_members(trade: pd.DataFrame, year: int, flow: str = "turnover") -> dict[str, list[str]]:
    """The partners with a figure behind each bar of one year, largest first.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"year": [2022] * 3, "partner": ["World", "Italy", "United States"],
    ...     "partner_group": ["", "the West", "the West"], "turnover_usd_m": [100.0, 5.0, 9.0],
    ...     "preferred": [True] * 3})
    >>> group_members(t, 2022)["the West"]
    ['United States', 'Italy']
    """
    from kzlesson.trade import partner_shares

    known = partner_shares(trade, int(year), flow).known.sort_values("share_pct", ascending=False)
    members: dict[str, list[str]] = {group: [] for group in GROUPS}
    for _, partner in known.iterrows():
        members[_GROUP_OF_CELL.get(str(partner["group"]), "other partners")].append(str(partner["partner"]))
    return members


def describe_vector_weights(weights: pd.DataFrame) -> str:
    """The figure in words (a text alternative), one sentence per year.

    >>> import pandas as pd
    >>> w = pd.DataFrame({"Russia": [20.0], "China": [10.0], "the West": [30.0], "neighbours": [5.0],
    ...     "other partners": [0.0], "not itemised": [35.0]}, index=pd.Index([2021], name="year"))
    >>> describe_vector_weights(w)
    '2021: Russia 20%, China 10%, the West 30%, neighbours 5%, other partners 0%, not itemised 35%.'
    """
    sentences = []
    for year, row in weights.iterrows():
        if row.isna().all():
            sentences.append(f"{year}: no world total in the trade table.")
            continue
        parts = [
            f"{group} {float(row[group]):.0f}%" if pd.notna(row[group]) else f"{group} not listed" for group in GROUPS
        ]
        sentences.append(f"{year}: " + ", ".join(parts) + ".")
    return " ".join(sentences)


def plot_vector_weights(
    trade: pd.DataFrame | None = None, years: Sequence[int] = (2022,), flow: str = "turnover"
) -> Figure:
    """Grouped horizontal bars: each vector's share of Kazakhstan's trade, one bar per year.

    With no ``trade`` the news-quoted table (:func:`kzlesson.data.load_trade_quoted`) is used. Colour
    follows the actor, hatching tells the years apart, and every bar carries its percentage.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"year": [2021, 2021], "partner": ["World", "Russia"],
    ...     "partner_group": ["", "Russia"], "turnover_usd_m": [100.0, 20.0], "preferred": [True, True]})
    >>> fig = plot_vector_weights(t, years=[2021])
    >>> fig.axes[0].get_xlabel()
    'share of Kazakhstan’s trade turnover (%)'
    """
    import matplotlib.pyplot as plt

    if trade is None:
        from kzlesson.data import load_trade_quoted

        trade = load_trade_quoted()
    weights = vector_weights(trade, years, flow)
    fig, ax = plt.subplots(figsize=(7.2, 4.6))
    n_years = len(weights.index)
    height = 0.8 / max(n_years, 1)
    year_hatches = ["", "//", "..", "xx"]
    for g, group in enumerate(GROUPS):
        for k, year in enumerate(weights.index):
            value = weights.loc[year, group]
            y = len(GROUPS) - 1 - g + (n_years - 1 - k - (n_years - 1) / 2) * height
            colour = "#DDDDDD" if group == "not itemised" else colour_for(
                "other" if group == "other partners" else group
            )
            if pd.isna(value):
                ax.text(0.5, y, f"{year}: no partner listed", va="center", fontsize=9, color="#555555")
                continue
            ax.barh(
                y, float(value), height=height * 0.92, color=colour, edgecolor="#333333", linewidth=0.6,
                hatch=year_hatches[k % len(year_hatches)],
            )
            text = f"{float(value):.1f}%" if n_years == 1 else f"{year}: {float(value):.1f}%"
            ax.text(float(value) + 0.6, y, text, va="center", fontsize=11)
    members = group_members(trade, int(weights.index[-1]), flow) if n_years else {}
    labels = []
    for group in GROUPS:
        names = members.get(group, [])
        if group == "not itemised":
            labels.append("not itemised\n(rest of world)")
        elif names and names != [group]:
            listed = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
            labels.append(f"{group}\n({listed})")
        else:
            labels.append(group)
    ax.set_yticks(range(len(GROUPS)))
    ax.set_yticklabels(list(reversed(labels)), fontsize=11)
    top = weights.max(axis=None, skipna=True)
    ax.set_xlim(0, (float(top) if pd.notna(top) else 50.0) * 1.3 + 5)
    ax.set_xlabel("share of Kazakhstan’s trade turnover (%)" if flow == "turnover" else f"share of Kazakhstan’s {flow} (%)")
    ax.grid(axis="y", visible=False)
    which = ", ".join(str(y) for y in weights.index)
    ax.set_title(f"Kazakhstan's trade by vector, {which}", loc="left")
    fig.tight_layout()
    return fig
