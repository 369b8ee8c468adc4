"""Chapter 2's table and figure: the five seed sources, and where they sit on 2022.

* :func:`seed_table` lists the seeds (author, publisher, kind, date or date window, evidence).
* :func:`plot_sources_2022` draws the seeds on a 2022 axis above a row of key events: a diamond
  for a printed date, a hatched bar for the window of an undated source. Each source's label also
  says how it characterises Astana (:data:`READINGS`), so the reading never rests on fill alone.

Dates come from ``data/sources.csv`` (through :func:`kzlesson.timeline.place_sources`) and events from
``data/timeline.csv``; this module only chooses which events to show (:data:`KEY_EVENT_IDS`).

>>> import pandas as pd
>>> src = pd.DataFrame({"id": ["a", "b"], "title": ["T1", "T2"], "author": ["Ann Writer", ""],
...     "publisher": ["P", "Blog"], "kind": ["commentary", "blog"],
...     "date": pd.to_datetime(["2022-03-22", None]),
...     "date_earliest": pd.to_datetime([None, "2022-09-15"]),
...     "date_latest": pd.to_datetime([None, "2022-12-31"]), "date_evidence": ["", "Xi's visit"],
...     "is_seed": [True, True]})
>>> seed_table(src)["written"].tolist()
['22 Mar 2022', '15 Sep – 31 Dec 2022 (undated)']
"""

from __future__ import annotations

import re

from collections.abc import Mapping, Sequence

import matplotlib.dates as mdates
from matplotlib.lines import Line2D
import pandas as pd
from matplotlib.figure import Figure

from kzlesson.style import STANCE_MARKERS, colour_for
from kzlesson.timeline_plot import stack_rows

#: Events drawn under the sources: what each author could (or could not yet) know. Ids of data/timeline.csv.
KEY_EVENT_IDS: tuple[str, ...] = (
    "2022-01-06-csto-arrives",
    "2022-02-24-invasion",
    "2022-03-02-unga-vote",
    "2022-06-17-spief",
    "2022-08-01-medvedev-post",
    "2022-09-14-xi-visit",
    "2022-09-21-mobilisation",
    "2022-09-26-non-recognition",
    "2022-10-14-central-asia-russia-summit",
    "2022-11-28-moscow-visit",
)

#: How each seed characterises Kazakhstan's position: chapter 2's reading (also exercise sources.place-on-timeline).
READINGS: dict[str, str] = {
    "nurgozhayeva2022": "ambivalent",
    "zanini2022": "ambivalent",
    "horizon2022": "independent",
    "sanchez2022": "independent",
    "realignment2022": "independent",
}
READING_LABELS: dict[str, str] = {
    "ambivalent": "cautious, ambivalent",
    "independent": "independent, leaning away from Moscow",
}


#: Short stance words for the figure's key (the x-axis label says "stance towards Moscow").
_SHORT_STANCE: dict[str, str] = {"closer": "closer", "distant": "more distant", "neutral": "neutral", "": "no stance"}


def _day(ts: pd.Timestamp) -> str:
    return f"{ts.day} {ts.strftime('%b %Y')}"


def _window(start: pd.Timestamp, end: pd.Timestamp) -> str:
    if start.year == end.year:
        return f"{start.day} {start.strftime('%b')} – {_day(end)} (undated)"
    return f"{_day(start)} – {_day(end)} (undated)"


def seed_table(sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The seed sources, oldest first: ``source, title, publisher, kind, written, evidence for the date``.

    ``written`` is the printed date, or the window an undated source's own evidence allows.

    >>> import pandas as pd
    >>> src = pd.DataFrame({"id": ["x"], "title": ["T"], "author": [""], "publisher": ["Blog"],
    ...     "kind": ["blog"], "date": pd.to_datetime([None]), "date_earliest": pd.to_datetime([None]),
    ...     "date_latest": pd.to_datetime([None]), "date_evidence": [""], "is_seed": [True]})
    >>> seed_table(src)["written"].tolist()
    ['not known']
    """
    if sources is None:
        from kzlesson.data import load_sources

        sources = load_sources()
    seeds = sources[sources["is_seed"].fillna(False).astype(bool)]
    rows = []
    for _, row in seeds.iterrows():
        date, lo, hi = row.get("date"), row.get("date_earliest"), row.get("date_latest")
        if pd.notna(date):
            written, order = _day(pd.Timestamp(date)), pd.Timestamp(date)
        elif pd.notna(lo) or pd.notna(hi):
            start = pd.Timestamp(lo if pd.notna(lo) else hi)
            end = pd.Timestamp(hi if pd.notna(hi) else lo)
            written, order = _window(start, end), start
        else:
            written, order = "not known", pd.Timestamp.max
        author = str(row.get("author") or "").strip()
        rows.append(
            {
                "source": f"{row['id']}" + (f" ({author})" if author else ""),
                "title": str(row.get("title") or ""),
                "publisher": str(row.get("publisher") or ""),
                "kind": str(row.get("kind") or ""),
                "written": written,
                "evidence for the date": str(row.get("date_evidence") or "printed on the text"),
                "_order": order,
            }
        )
    table = pd.DataFrame(rows, columns=["source", "title", "publisher", "kind", "written", "evidence for the date", "_order"])
    table = table.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    table.index = pd.RangeIndex(1, len(table) + 1, name="#")
    return table


def show_seed_table(sources: pd.DataFrame | None = None):
    """:func:`seed_table` as a styled table for a notebook: full text (no ``...``), no index or ``kind`` column.

    Readers see each source's author (not its citation key) and capitalised column names.

    >>> import pandas as pd
    >>> src = pd.DataFrame({"id": ["x2022"], "title": ["A long title " * 8], "author": [""], "publisher": ["Blog"],
    ...     "kind": ["blog"], "date": pd.to_datetime(["2022-10-10"]), "date_earliest": pd.to_datetime([None]),
    ...     "date_latest": pd.to_datetime([None]), "date_evidence": [""], "is_seed": [True]})
    >>> html = show_seed_table(src).to_html()
    >>> "A long title A long title A long title A long title A long title" in html, "..." in html
    (True, False)
    >>> "x2022" in html, "no author named" in html, ">Evidence for the date<" in html
    (False, True, True)
    """
    table = seed_table(sources).drop(columns=["kind"])
    table["source"] = table["source"].map(_author_of)
    table = table.rename(columns={c: c[:1].upper() + c[1:] for c in table.columns})
    return (
        table.style.hide(axis="index")
        .set_caption("The five sources, oldest first (data/sources.csv)")
        .set_properties(**{"text-align": "left", "vertical-align": "top", "font-size": "0.85em"})
        .set_properties(subset=["Evidence for the date"], **{"min-width": "16em"})
        .set_table_styles([{"selector": "th", "props": [("text-align", "left"), ("font-size", "0.85em")]}])
    )


def _author_of(source: str) -> str:
    """``"zanini2022 (Andrea Zanini)"`` -> ``"Andrea Zanini"``; a key alone -> ``"no author named"``."""
    found = re.match(r"^\S+ \((.+)\)$", source)
    return found.group(1) if found else "no author named"


def key_events(events: pd.DataFrame | None = None, ids: Sequence[str] = KEY_EVENT_IDS) -> pd.DataFrame:
    """The timeline rows named in ``ids`` (in date order); an id missing from the table is skipped.

    >>> import pandas as pd
    >>> ev = pd.DataFrame({"id": ["b", "a"], "date": pd.to_datetime(["2022-09-21", "2022-01-06"])})
    >>> key_events(ev, ids=["a", "b", "zzz"])["id"].tolist()
    ['a', 'b']
    """
    if events is None:
        from kzlesson.data import load_timeline

        events = load_timeline()
    chosen = events[events["id"].isin(list(ids))]
    return chosen.sort_values("date", kind="stable").reset_index(drop=True)


def _levels(dates: Sequence[pd.Timestamp], min_days: int = 12) -> list[int]:
    """Stack events closer than ``min_days`` on separate levels so their labels do not collide.

    >>> import pandas as pd
    >>> _levels(pd.to_datetime(["2022-09-14", "2022-09-21", "2022-09-26", "2022-11-28"]))
    [0, 1, 0, 0]
    """
    days = [float(mdates.date2num(d)) for d in dates]
    return stack_rows(days, days, gap=min_days)


def describe_sources_2022(
    sources: pd.DataFrame | None = None, readings: Mapping[str, str] = READINGS
) -> str:
    """The figure in words: each seed, when it was written, and how it characterises Astana.

    >>> import pandas as pd
    >>> src = pd.DataFrame({"id": ["zanini2022"], "author": ["LTC Andrea Zanini"], "publisher": ["CSAG"],
    ...     "date": pd.to_datetime(["2022-06-03"]), "date_earliest": pd.to_datetime([None]),
    ...     "date_latest": pd.to_datetime([None]), "is_seed": [True]})
    >>> describe_sources_2022(src)
    'Zanini: 3 Jun 2022, cautious, ambivalent.'
    """
    from kzlesson.timeline import place_sources

    if sources is None:
        from kzlesson.data import load_sources

        sources = load_sources()
    placed = place_sources(sources)
    parts = []
    for _, src in placed.iterrows():
        when = _day(src["start"]) if src["exact"] else _window(src["start"], src["end"])
        reading = READING_LABELS.get(readings.get(src["id"], ""), "not characterised")
        parts.append(f"{src['label']}: {when}, {reading}")
    return "; ".join(parts) + "."


def plot_sources_2022(
    sources: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    readings: Mapping[str, str] = READINGS,
    event_ids: Sequence[str] = KEY_EVENT_IDS,
) -> Figure:
    """Draw the seeds on a 2022 axis above the key events, and return the figure.

    Top panel: one row per seed, oldest at the top; a black diamond for a printed date, a hatched bar
    for an undated source's window; the label gives the author, the date and the reading (filled
    marks: "independent"; open: "ambivalent"). Bottom panel: numbered key events, marker colour by
    vector and shape by stance towards Moscow, with a numbered key under the axis.

    >>> fig = plot_sources_2022()
    >>> [ax.get_label() for ax in fig.axes]
    ['sources', 'events']
    """
    import matplotlib.pyplot as plt

    from kzlesson.timeline import place_sources

    if sources is None:
        from kzlesson.data import load_sources

        sources = load_sources()
    placed = place_sources(sources)
    chosen = key_events(events, event_ids)
    lo, hi = pd.Timestamp("2022-01-01"), pd.Timestamp("2022-12-31")

    fig, (ax, ev_ax) = plt.subplots(
        2, 1, figsize=(8.2, 6.4), sharex=True, gridspec_kw={"height_ratios": [3, 1.6], "hspace": 0.08}
    )
    ax.set_label("sources")
    ev_ax.set_label("events")
    n = len(placed)
    for i, (_, src) in enumerate(placed.iterrows()):
        y = n - 1 - i
        reading = readings.get(src["id"], "")
        filled = reading == "independent"
        x0, x1 = mdates.date2num(src["start"]), mdates.date2num(src["end"])
        if src["exact"]:
            ax.plot([x0], [y], marker="D", ms=10, ls="", mec="black", mfc="black" if filled else "white", mew=1.5)
            when = _day(src["start"])
        else:
            ax.barh(y, max(x1 - x0, 1.0), left=x0, height=0.45, color="#555555" if filled else "white",
                    edgecolor="black", hatch="////", lw=1.0, alpha=0.9)
            when = _window(src["start"], src["end"])
        label = f"{src['label']}, {when}\n→ {READING_LABELS.get(reading, 'not characterised')}"
        mid = mdates.date2num(lo + (hi - lo) / 2)
        if x1 < mid:
            ax.text(x1 + 5, y, label, va="center", ha="left", fontsize=10)
        else:
            ax.text(x0 - 5, y, label, va="center", ha="right", fontsize=10)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_yticks([])
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    ax.set_title("The five sources on 2022, with the events around them", loc="left")

    # Key events: vertical guides through both panels, numbered markers in the lower one.
    levels = _levels(list(chosen["date"]))
    key_lines = []
    for k, (_, event) in enumerate(chosen.iterrows(), start=1):
        x = mdates.date2num(event["date"])
        stance = "" if pd.isna(event.get("stance")) else str(event["stance"])
        vector = "" if pd.isna(event.get("vector")) else str(event["vector"])
        for axis in (ax, ev_ax):
            axis.axvline(x, color="#BBBBBB", lw=0.8, ls="--", zorder=0)
        y = -levels[k - 1]
        ev_ax.plot([x], [y], marker=STANCE_MARKERS.get(stance, "s"), ms=9, ls="",
                   color=colour_for(vector) if vector else "#777777", mec="#222222")
        ev_ax.text(x + 3, y, str(k), va="center", ha="left", fontsize=10, fontweight="bold")
        key_lines.append(f"{k}. {event['date'].day} {event['date'].strftime('%b')}: {event['title']} ({_SHORT_STANCE.get(stance, '')})")
    depth = max(levels, default=0)
    ev_ax.set_ylim(-depth - 0.7, 0.7)
    ev_ax.set_yticks([])
    ev_ax.grid(axis="y", visible=False)
    ev_ax.spines["left"].set_visible(False)
    ev_ax.set_xlim(mdates.date2num(lo), mdates.date2num(hi))
    ev_ax.xaxis.set_major_locator(mdates.MonthLocator())
    ev_ax.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
    ev_ax.set_xlabel("2022 — key events: marker shape = stance towards Moscow, colour = vector")

    half = (len(key_lines) + 1) // 2
    for col, chunk in enumerate((key_lines[:half], key_lines[half:])):
        fig.text(0.01 + 0.52 * col, -0.01, "\n".join(chunk), va="top", ha="left", fontsize=9.5, linespacing=1.4)
    # Name the colours too, so "colour = vector" can be read without guessing.
    vectors = [v for v in dict.fromkeys(str(v) for v in chosen["vector"].dropna())]
    handles = [Line2D([], [], marker="s", ls="", ms=8, color=colour_for(v), mec="#222222", label=v) for v in vectors]
    if handles:
        fig.legend(handles=handles, title="colour = vector", loc="upper center", ncol=len(handles),
                   bbox_to_anchor=(0.5, -0.01 - 0.03 * (half + 0.5)), fontsize=9.5, title_fontsize=9.5, frameon=False)
    return fig
