"""The vector scorecard for chapter 7: how many of a year's timeline events fall on each vector, by stance.

The scorecard is a grid: one row per vector (Russia, China, the West, ...), one column per stance
towards Moscow (closer, more distant, neutral, not applicable) and a total. Each cell shows the
number of events; a marker whose area grows with the count uses the vector's colour and the
stance's marker shape, so neither colour nor shape alone carries the meaning.

>>> import pandas as pd
>>> events = pd.DataFrame({
...     "date": pd.to_datetime(["2022-03-02", "2022-09-14", "2021-05-01"]),
...     "vector": ["multilateral", "China", "Russia"],
...     "stance": pd.array(["neutral", pd.NA, "closer"], dtype="string"),
... })
>>> table = vector_stance_counts(events, year=2022)
>>> int(table.loc["China", "not applicable"]), int(table.loc["multilateral", "total"])
(1, 1)
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from kzlesson.style import STANCE_LABELS, STANCE_MARKERS, colour_for

#: Vectors in the order the module always shows them.
VECTORS: tuple[str, ...] = ("Russia", "China", "the West", "Ukraine", "neighbours", "multilateral", "domestic")

#: Stance codes in the timeline table -> column labels of the scorecard ("" = no stance given).
STANCE_COLUMNS: dict[str, str] = {
    "closer": "closer to Moscow",
    "distant": "more distant from Moscow",
    "neutral": "neutral",
    "": "not applicable",
}


def vector_stance_counts(timeline: pd.DataFrame, year: int | None = 2022) -> pd.DataFrame:
    """Count timeline events per vector and stance (rows: vectors; columns: stances and ``total``).

    ``timeline`` needs the columns ``date`` (datetime), ``vector`` and ``stance`` (missing = no
    stance). ``year=None`` counts every event. Every known vector gets a row, even with no events;
    a vector the module does not know raises ``ValueError`` naming it.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"date": pd.to_datetime(["2022-01-06"]), "vector": ["multilateral"],
    ...                   "stance": ["closer"]})
    >>> vector_stance_counts(t).loc["multilateral"].tolist()
    [1, 0, 0, 0, 1]
    """
    missing = {"date", "vector", "stance"} - set(timeline.columns)
    if missing:
        raise ValueError(f"the timeline table lacks the column(s) {sorted(missing)}")
    events = timeline
    if year is not None:
        events = events[pd.to_datetime(events["date"]).dt.year == year]
    vectors = events["vector"].astype("string")
    unknown = sorted(set(vectors.dropna()) - set(VECTORS))
    if unknown or vectors.isna().any():
        raise ValueError(
            f"unknown vector(s) {unknown or ['<empty>']}: expected one of {', '.join(VECTORS)}"
        )
    stances = events["stance"].astype("string").fillna("").str.strip()
    unknown_stances = sorted(set(stances) - set(STANCE_COLUMNS))
    if unknown_stances:
        raise ValueError(f"unknown stance(s) {unknown_stances}: expected closer, distant, neutral or empty")
    table = pd.crosstab(vectors.to_numpy(), stances.map(STANCE_COLUMNS).to_numpy())
    table = table.reindex(index=list(VECTORS), columns=list(STANCE_COLUMNS.values()), fill_value=0)
    table = table.astype("int64")
    table["total"] = table.sum(axis=1)
    table.index.name = "vector"
    table.columns.name = "stance"
    return table


def describe_scorecard(counts: pd.DataFrame, year: int | None = 2022) -> str:
    """Say in words what the scorecard shows (a text alternative to the figure).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"date": pd.to_datetime(["2022-01-06", "2022-09-26"]),
    ...                   "vector": ["multilateral", "Russia"], "stance": ["closer", "distant"]})
    >>> describe_scorecard(vector_stance_counts(t))
    'Of 2 events dated 2022 in the timeline: Russia 1 (1 more distant from Moscow); multilateral 1 (1 closer to Moscow).'
    """
    when = f"dated {year}" if year is not None else "in all years"
    parts = []
    for vector, row in counts.iterrows():
        if row["total"] == 0:
            continue
        detail = ", ".join(
            f"{int(row[label])} {label}" for label in STANCE_COLUMNS.values() if row[label] > 0
        )
        parts.append(f"{vector} {int(row['total'])} ({detail})")
    total = int(counts["total"].sum())
    if not parts:
        return f"The timeline has no events {when}."
    return f"Of {total} events {when} in the timeline: " + "; ".join(parts) + "."


def plot_vector_scorecard(
    timeline: pd.DataFrame | None = None, year: int | None = 2022, ax: Axes | None = None
) -> Figure:
    """Draw the vector scorecard and return its figure.

    With no ``timeline`` the module's own table (``kzlesson.data.load_timeline()``) is used.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"date": pd.to_datetime(["2022-09-14"]), "vector": ["China"], "stance": [None]})
    >>> fig = plot_vector_scorecard(t)
    >>> fig.axes[0].get_title(loc="left")
    'Timeline events of 2022, by vector and stance towards Moscow'
    """
    import matplotlib.pyplot as plt

    if timeline is None:
        from kzlesson.data import load_timeline

        timeline = load_timeline()
    counts = vector_stance_counts(timeline, year=year)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.5, 4.8))
    else:
        fig = ax.figure
    stance_codes = list(STANCE_COLUMNS)
    columns = [*STANCE_COLUMNS.values(), "total"]
    biggest = max(int(counts[list(STANCE_COLUMNS.values())].to_numpy().max()), 1)
    for row, vector in enumerate(VECTORS):
        y = len(VECTORS) - 1 - row
        for col, label in enumerate(columns):
            n = int(counts.loc[vector, label])
            if label == "total":
                ax.text(col, y, str(n), ha="center", va="center", fontsize=12, fontweight="bold")
                continue
            if n == 0:
                ax.text(col, y, "·", ha="center", va="center", color="#999999", fontsize=14)
                continue
            code = stance_codes[col]
            ax.scatter(
                [col - 0.12],
                [y],
                s=80 + 520 * n / biggest,
                marker=STANCE_MARKERS[code],
                color=colour_for(vector),
                edgecolor="#222222",
                linewidth=0.8,
                zorder=3,
            )
            ax.text(col + 0.22, y, str(n), ha="left", va="center", fontsize=11)
    ax.set_xticks(range(len(columns)))
    ax.set_xticklabels(
        [STANCE_LABELS[c].replace(" from ", "\nfrom ").replace(" to ", "\nto ") for c in stance_codes]
        + ["all events"],
        fontsize=10,
    )
    ax.set_yticks(range(len(VECTORS)))
    ax.set_yticklabels(list(reversed(VECTORS)))
    ax.set_xlim(-0.6, len(columns) - 0.4)
    ax.set_ylim(-0.6, len(VECTORS) - 0.4)
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.axvline(len(columns) - 1.5, color="#CCCCCC", linewidth=1)
    when = f"of {year}" if year is not None else "(all years)"
    ax.set_title(f"Timeline events {when}, by vector and stance towards Moscow", loc="left")
    ax.set_xlabel("stance towards Moscow (marker shape) — number of events beside each marker")
    ax.set_ylabel("vector (marker colour)")
    fig.tight_layout()
    return fig


def russia_more_distant_2022() -> float:
    """Number of 2022 timeline events on the Russia vector marked *more distant from Moscow*.

    The computed answer of the exercise ``synthesis.scorecard-count`` (it reads the module's
    own timeline table, so it follows any edit to that table).

    >>> russia_more_distant_2022() >= 0  # doctest: +SKIP
    True
    """
    from kzlesson.data import load_timeline

    return float(vector_stance_counts(load_timeline(), year=2022).loc["Russia", "more distant from Moscow"])
