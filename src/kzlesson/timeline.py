"""Timeline helpers: filter events, group them by month or quarter, count stances, place sources.

Pure functions on the frame :func:`kzlesson.data.load_timeline` returns (``date`` a Timestamp at the
start of its period, ``precision`` day/month/year, ``actors`` and ``source_ids`` tuples of str,
``vector`` and ``stance`` categoricals). They never change their input and never read files.

>>> import pandas as pd
>>> events = pd.DataFrame({
...     "id": ["a", "b"], "date": pd.to_datetime(["2022-01-06", "2022-09-26"]),
...     "precision": ["day", "day"], "title": ["CSTO arrives", "Referenda not recognised"],
...     "description": ["", ""], "actors": [("CSTO",), ("Kazakhstan MFA",)],
...     "vector": ["multilateral", "Russia"], "stance": ["closer", "distant"],
...     "stance_reason": ["", ""], "source_ids": [("x",), ("y",)]})
>>> list(filter_events(events, start="2022-06", text="referenda")["id"])
['b']
>>> stance_counts(events, freq="quarter")[["closer", "distant", "net"]].sum().tolist()
[1, 1, 0]
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

#: The vectors of the timeline, in display order (also the lanes of the timeline figure).
VECTORS: tuple[str, ...] = ("Russia", "China", "the West", "Ukraine", "neighbours", "multilateral", "domestic")
#: Stances towards Moscow; an event may also have none (<NA>).
STANCES: tuple[str, ...] = ("closer", "distant", "neutral")
#: Short labels for the two period sizes :func:`group_by_period` understands.
FREQS: dict[str, str] = {"month": "M", "quarter": "Q"}

_PRECISION_OFFSET = {
    "day": pd.DateOffset(days=1),
    "month": pd.DateOffset(months=1),
    "year": pd.DateOffset(years=1),
}


def _as_start(value: str | pd.Timestamp | None) -> pd.Timestamp | None:
    """Read a date bound: ``"2022"``, ``"2022-03"`` or ``"2022-03-14"`` (or a Timestamp)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return pd.Timestamp(value)


def _as_end(value: str | pd.Timestamp | None) -> pd.Timestamp | None:
    """Read an inclusive upper bound: ``"2022-03"`` means up to the end of March 2022."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        text = value.strip()
        start = pd.Timestamp(text)
        if len(text) == 4:
            return start + pd.DateOffset(years=1) - pd.Timedelta(1, "ns")
        if len(text) == 7:
            return start + pd.DateOffset(months=1) - pd.Timedelta(1, "ns")
        return start + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
    return pd.Timestamp(value)


def period_end(events: pd.DataFrame) -> pd.Series:
    """The last instant of each event's period (a day, a month or a year after ``date``).

    >>> ev = pd.DataFrame({"date": pd.to_datetime(["2022-09-01"]), "precision": ["month"]})
    >>> str(period_end(ev).iloc[0].date())
    '2022-09-30'
    """
    if events.empty:
        return pd.Series([], index=events.index, dtype="datetime64[ns]")
    precision = events["precision"].astype("string").fillna("day").to_numpy()
    dates = pd.to_datetime(events["date"])
    ends = dates + _PRECISION_OFFSET["day"]  # also for an unknown precision
    for name in ("month", "year"):  # one vectorised step per precision, not one per row
        chosen = precision == name
        if chosen.any():
            ends[chosen] = dates[chosen] + _PRECISION_OFFSET[name]
    return ends - pd.Timedelta(1, "ns")


def _as_set(values: str | Iterable[str] | None) -> set[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return {values}
    chosen = set(values)
    return chosen or None


def filter_events(
    events: pd.DataFrame,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    vectors: str | Iterable[str] | None = None,
    actors: str | Iterable[str] | None = None,
    stances: str | Iterable[str] | None = None,
    text: str | None = None,
) -> pd.DataFrame:
    """Return the events that match every filter given (``None`` or empty means "any").

    * ``start``/``end``: inclusive bounds; ``"2022-03"`` as ``end`` means the end of March. An event
      dated only to a month or a year matches when its period overlaps the range.
    * ``vectors``, ``actors``, ``stances``: one value or several; an event matches when its vector,
      any of its actors, or its stance is among them. ``stances`` may include ``"none"`` for events
      without a stance.
    * ``text``: every word must occur (case-insensitive) in the title, description or actors.

    >>> ev = pd.DataFrame({"date": pd.to_datetime(["2022-09-01"]), "precision": ["month"],
    ...     "title": ["Mir cards"], "description": ["Banks stop Mir"], "actors": [("Halyk Bank",)],
    ...     "vector": ["Russia"], "stance": ["distant"]})
    >>> len(filter_events(ev, start="2022-09-15", end="2022-09-20"))  # September overlaps
    1
    """
    mask = pd.Series(True, index=events.index)
    lo, hi = _as_start(start), _as_end(end)
    if lo is not None:
        mask &= period_end(events) >= lo
    if hi is not None:
        mask &= events["date"] <= hi
    chosen_vectors = _as_set(vectors)
    if chosen_vectors is not None:
        mask &= events["vector"].astype("string").isin(chosen_vectors).fillna(False).astype(bool)
    chosen_actors = _as_set(actors)
    if chosen_actors is not None:
        mask &= events["actors"].map(lambda names: bool(chosen_actors.intersection(names or ()))).astype(bool)
    chosen_stances = _as_set(stances)
    if chosen_stances is not None:
        stance = events["stance"].astype("string")
        hit = stance.isin(chosen_stances).fillna(False).astype(bool)
        if "none" in chosen_stances:
            hit |= stance.isna()
        mask &= hit
    words = (text or "").lower().split()
    if words:
        haystack = (
            events["title"].astype("string").fillna("")
            + " "
            + events["description"].astype("string").fillna("")
            + " "
            + events["actors"].map(lambda names: " ".join(names or ()))
        ).str.lower()
        for word in words:
            mask &= haystack.str.contains(word, regex=False).fillna(False).astype(bool)
    return events.loc[mask]


def number_events(events: pd.DataFrame) -> pd.DataFrame:
    """Add a column ``n``: 1, 2, ... in date order (ties by ``id``), the number the figures show.

    Number the *whole* timeline once, then filter, so an event keeps its number in every view.

    >>> ev = pd.DataFrame({"id": ["b", "a"], "date": pd.to_datetime(["2022-02-01", "2022-01-01"])})
    >>> number_events(ev)["n"].tolist()
    [2, 1]
    """
    order = events.sort_values(["date", "id"], kind="stable").index
    numbers = pd.Series(range(1, len(order) + 1), index=order, dtype="int64")
    return events.assign(n=numbers.reindex(events.index))


def list_actors(events: pd.DataFrame) -> list[str]:
    """Every actor named in the events, sorted alphabetically (case-insensitive).

    >>> list_actors(pd.DataFrame({"actors": [("Tokayev", "Putin"), ("CSTO",)]}))
    ['CSTO', 'Putin', 'Tokayev']
    """
    names = {name for names in events["actors"] for name in (names or ())}
    return sorted(names, key=str.casefold)


def _period_index(dates: pd.Series, freq: str) -> pd.PeriodIndex:
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {sorted(FREQS)}, got {freq!r}")
    return pd.PeriodIndex(dates, freq=FREQS[freq])


def group_by_period(events: pd.DataFrame, freq: str = "month", fill: bool = True) -> pd.DataFrame:
    """Count events per period (``freq`` = ``"month"`` or ``"quarter"``), with their ids.

    Columns: ``period`` (a pandas Period), ``label`` (``"Jan 2022"`` or ``"2022 Q1"``), ``events`` (count),
    ``ids`` (tuple of event ids). With ``fill``, empty periods between the first and last event appear
    with a count of 0. An event dated only to a year falls in its year's first period.

    >>> ev = pd.DataFrame({"id": ["a", "b"], "date": pd.to_datetime(["2022-01-06", "2022-03-02"])})
    >>> group_by_period(ev)["events"].tolist()
    [1, 0, 1]
    """
    columns = ["period", "label", "events", "ids"]
    if events.empty:
        return pd.DataFrame({c: pd.Series([], dtype="object") for c in columns}).astype({"events": "int64"})
    periods = _period_index(events["date"], freq)
    ids = pd.Series(events["id"].to_numpy(), index=periods)
    grouped = ids.groupby(level=0).agg(tuple)
    if fill:
        full = pd.period_range(grouped.index.min(), grouped.index.max(), freq=FREQS[freq])
        grouped = grouped.reindex(full)
    ids_col = [tup if isinstance(tup, tuple) else () for tup in grouped]
    return pd.DataFrame(
        {
            "period": list(grouped.index),
            "label": [period_label(p) for p in grouped.index],
            "events": [len(t) for t in ids_col],
            "ids": ids_col,
        }
    )


def period_label(period: pd.Period) -> str:
    """``"Jan 2022"`` for a month, ``"2022 Q1"`` for a quarter.

    >>> period_label(pd.Period("2022-03", freq="M"))
    'Mar 2022'
    """
    if period.freqstr.startswith("Q"):
        return f"{period.year} Q{period.quarter}"
    return period.strftime("%b %Y")


def stance_counts(events: pd.DataFrame, freq: str = "month", fill: bool = True) -> pd.DataFrame:
    """Count, per period, the events that moved Astana closer to or more distant from Moscow.

    Columns: ``period``, ``label``, ``closer``, ``distant``, ``neutral``, ``unclassified`` (no stance),
    ``net`` (= distant - closer: above 0, the period leaned away from Moscow), ``total``.

    >>> ev = pd.DataFrame({"id": ["a", "b", "c"],
    ...     "date": pd.to_datetime(["2022-01-06", "2022-01-19", "2022-03-02"]),
    ...     "stance": ["closer", "distant", None]})
    >>> stance_counts(ev)[["label", "closer", "distant", "net"]].values.tolist()
    [['Jan 2022', 1, 1, 0], ['Feb 2022', 0, 0, 0], ['Mar 2022', 0, 0, 0]]
    """
    kinds = [*STANCES, "unclassified"]
    base = group_by_period(events, freq=freq, fill=fill)[["period", "label"]].reset_index(drop=True)
    if events.empty:
        for kind in [*kinds, "net", "total"]:
            base[kind] = pd.Series([], dtype="int64")
        return base
    # a few dozen rows: counting in plain Python is faster than a pandas crosstab
    row_of = {period: i for i, period in enumerate(base["period"])}
    table = {kind: [0] * len(base) for kind in kinds}
    stance = events["stance"] if "stance" in events.columns else pd.Series([None] * len(events))
    for period, value in zip(_period_index(events["date"], freq), stance, strict=True):
        kind = "unclassified" if value is None or pd.isna(value) or str(value) not in STANCES else str(value)
        table[kind][row_of[period]] += 1
    for kind in kinds:
        base[kind] = pd.Series(table[kind], dtype="int64")
    base["net"] = base["distant"] - base["closer"]
    base["total"] = base[kinds].sum(axis=1)
    return base


def short_source_label(row: pd.Series) -> str:
    """A short label for a source: the author's surname (or the publisher) and the year.

    >>> short_source_label(pd.Series({"author": "Roza Nurgozhayeva", "publisher": "JURIST", "id": "x"}))
    'Nurgozhayeva'
    """
    author = str(row.get("author") or "").strip()
    if author and author.lower() not in {"unsigned", "anonymous", "nan", "<na>"}:
        return author.replace("LTC ", "").split(",")[0].split()[-1]
    publisher = str(row.get("publisher") or "").strip()
    if publisher and publisher.lower() not in {"nan", "<na>"}:
        return publisher
    return str(row.get("id"))


def place_sources(
    sources: pd.DataFrame,
    events: pd.DataFrame | None = None,
    ids: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Place sources on the timeline by their publication date, or by the bounds that date them.

    ``sources`` is :func:`kzlesson.data.load_sources` (columns ``id, author, publisher, date,
    date_earliest, date_latest``); only seed sources are kept unless ``ids`` names others. Columns
    returned: ``id, label, start, end, exact`` (``exact`` False when only bounds are known), ``midpoint``
    and, with ``events``, what the author could have known: ``events_before`` (events up to ``start``),
    ``closer_before``, ``distant_before``, and ``events_in_window`` (events between ``start`` and ``end``,
    the ones the author may or may not have seen). Sorted by ``start``.

    >>> src = pd.DataFrame({"id": ["a", "b"], "author": ["A Writer", ""], "publisher": ["P", "Blog"],
    ...     "date": pd.to_datetime(["2022-03-22", None]),
    ...     "date_earliest": pd.to_datetime([None, "2022-09-14"]),
    ...     "date_latest": pd.to_datetime([None, "2022-12-31"]), "is_seed": [True, True]})
    >>> place_sources(src)[["id", "exact"]].values.tolist()
    [['a', True], ['b', False]]
    """
    frame = sources
    if ids is not None:
        wanted = list(ids)
        frame = frame[frame["id"].isin(wanted)]
    elif "is_seed" in frame.columns:
        frame = frame[frame["is_seed"].fillna(False).astype(bool)]
    rows = []
    for _, row in frame.iterrows():
        date = row.get("date")
        if pd.notna(date):
            start = end = pd.Timestamp(date)
            exact = True
        else:
            lo, hi = row.get("date_earliest"), row.get("date_latest")
            if pd.isna(lo) and pd.isna(hi):
                continue  # an undated source with no bounds cannot be placed
            start = pd.Timestamp(lo if pd.notna(lo) else hi)
            end = pd.Timestamp(hi if pd.notna(hi) else lo)
            exact = False
        rows.append(
            {
                "id": row["id"],
                "label": short_source_label(row),
                "start": start,
                "end": end,
                "exact": exact,
                "midpoint": start + (end - start) / 2,
            }
        )
    placed = pd.DataFrame(rows, columns=["id", "label", "start", "end", "exact", "midpoint"])
    if events is not None:
        dated = events["date"]
        stance = events["stance"].astype("string")
        placed["events_before"] = [int((dated <= s).sum()) for s in placed["start"]]
        placed["closer_before"] = [int(((dated <= s) & (stance == "closer")).sum()) for s in placed["start"]]
        placed["distant_before"] = [int(((dated <= s) & (stance == "distant")).sum()) for s in placed["start"]]
        placed["events_in_window"] = [
            int(((dated > s) & (dated <= e)).sum()) for s, e in zip(placed["start"], placed["end"], strict=True)
        ]
    return placed.sort_values(["start", "end", "id"], kind="stable").reset_index(drop=True)


def month_options(
    events: pd.DataFrame, focus_start: str = "2022-01", focus_end: str | None = None
) -> list[tuple[str, tuple[pd.Timestamp, pd.Timestamp]]]:
    """Options for a month range slider: ``[(label, (start, end)), ...]``.

    One option per month from ``focus_start`` to the last event's month (or ``focus_end``), preceded
    by one option ``"before Jan 2022"`` when some events are older (the background since 1991).

    >>> ev = pd.DataFrame({"date": pd.to_datetime(["1991-12-16", "2022-02-24"]), "precision": ["day", "day"]})
    >>> [label for label, _ in month_options(ev)]
    ['before Jan 2022', 'Jan 2022', 'Feb 2022']
    """
    first = pd.Period(focus_start, freq="M")
    if focus_end is not None:
        last = pd.Period(focus_end, freq="M")
    elif events.empty:
        last = first
    else:
        last = max(pd.Period(period_end(events).max(), freq="M"), first)
    options: list[tuple[str, tuple[pd.Timestamp, pd.Timestamp]]] = []
    if not events.empty and events["date"].min() < first.start_time:
        earliest = pd.Timestamp(events["date"].min()).normalize()
        options.append((f"before {period_label(first)}", (earliest, first.start_time - pd.Timedelta(1, "ns"))))
    for period in pd.period_range(first, last, freq="M"):
        options.append((period_label(period), (period.start_time, period.end_time)))
    return options


def format_date(date: pd.Timestamp, precision: str | None) -> str:
    """Print a date as precisely as it is known: ``"6 Jan 2022"``, ``"Sep 2022"`` or ``"2022"``.

    >>> format_date(pd.Timestamp("2022-09-01"), "month")
    'Sep 2022'
    """
    if precision == "year":
        return f"{date.year}"
    if precision == "month":
        return date.strftime("%b %Y")
    return f"{date.day} {date.strftime('%b %Y')}"
