"""Loaders for the module's tables: one function per file in ``data/``, typed, checked and cached.

Every loader reads its file once per data folder (see :func:`kzlesson.paths.data_dir`), checks
every row and returns a pandas DataFrame with real types. Bad data never gives a half-loaded
table: the loader raises one :class:`kzlesson.errors.DataError` that names the file, the row
(the file line; the header is line 1), the column and what was expected.

>>> from kzlesson.data import load_facts, fact
>>> facts = load_facts()
>>> fact("russia-share-imports-2021")["value"]
40.8
"""

from __future__ import annotations

import collections
import csv
import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pandas as pd
import yaml

from kzlesson.errors import DataError
from kzlesson.paths import data_dir

__all__ = [
    "VECTORS",
    "STANCES",
    "PRECISIONS",
    "PARTNER_GROUPS",
    "SOURCE_KINDS",
    "load_sources",
    "load_facts",
    "load_timeline",
    "load_trade",
    "load_trade_groups",
    "load_trade_totals",
    "load_trade_quoted",
    "load_trade_quoted_links",
    "load_glossary",
    "fact",
    "source",
    "clear_cache",
]

#: Allowed values of ``timeline.csv``'s ``vector`` column (the actors a foreign-policy move points at).
VECTORS: tuple[str, ...] = ("Russia", "China", "the West", "Ukraine", "neighbours", "multilateral", "domestic")
#: Allowed values of ``timeline.csv``'s ``stance`` column: closer to / more distant from Moscow.
STANCES: tuple[str, ...] = ("closer", "distant", "neutral")
#: Allowed values of ``timeline.csv``'s ``precision`` column.
PRECISIONS: tuple[str, ...] = ("day", "month", "year")
#: Allowed values of ``trade.csv``'s ``partner_group`` column (the actor used for colour).
PARTNER_GROUPS: tuple[str, ...] = ("Russia", "China", "the West", "neighbours", "other")
#: Allowed values of ``sources.csv``'s ``kind`` column.
SOURCE_KINDS: tuple[str, ...] = (
    "briefing",  # risk-consultancy or policy briefing
    "commentary",  # signed opinion or academic commentary
    "blog",  # unsigned or personal blog post
    "analysis",  # think-tank or military analysis paper
    "academic",  # peer-reviewed article
    "news",  # news report or news agency
    "official",  # government, parliament, UN or party document
    "data",  # statistical series or reference database
    "encyclopedia",  # Wikipedia and similar
)

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_NUMBER_RE = re.compile(r"-?(\d+(\.\d*)?|\.\d+)")
_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE_RE = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}
#: libyaml's fast parser when PyYAML was built with it, else the pure-Python one (same results).
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


# ----------------------------------------------------------------------------- reading


@dataclass
class _Table:
    """Raw cells of one CSV file, with the file line on which each record starts."""

    path: Path
    header: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def _csv_rows(name: str, columns: tuple[str, ...], directory: Path) -> Iterator[tuple[Path, list[str], int, list[str]]]:
    """Yield ``(path, header, line, cells)`` for each non-blank row of ``name``.

    Refuses a missing file, an empty file, missing or repeated columns and a row with the wrong
    number of cells, each with a :class:`DataError` naming file, line and column. Line numbers are
    file lines (the header is line 1). The header comes first, with ``line`` 1 and no cells.
    """
    path = directory / name
    if not path.is_file():
        raise DataError(path, None, None, f"the file {name} in the data folder {directory}", "no such file")
    with path.open(newline="", encoding="utf-8-sig") as handle:  # -sig: tolerate a BOM (spreadsheet exports)
        reader = csv.reader(handle)
        try:
            header = [cell.strip() for cell in next(reader)]
        except StopIteration:
            raise DataError(path, 1, None, f"a header row with the columns {', '.join(columns)}", "an empty file") from None
        missing = [column for column in columns if column not in header]
        if missing:
            raise DataError(path, 1, missing[0], f"a column named '{missing[0]}' in the header (columns: {', '.join(columns)})",
                            ",".join(header))
        duplicated = sorted({column for column in header if header.count(column) > 1})
        if duplicated:
            raise DataError(path, 1, duplicated[0], "each column name once in the header", ",".join(header))
        yield path, header, 1, []
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if len(cells) != len(header):
                if not any(cell.strip() for cell in cells):
                    continue  # blank line
                raise DataError(path, line, None, f"{len(header)} comma-separated cells (quote cells that contain commas)",
                                f"{len(cells)} cells")
            yield path, header, line, cells


def _read_csv(name: str, columns: tuple[str, ...], directory: Path) -> _Table:
    """Read ``name`` from ``directory`` as strings, refusing a missing file or missing columns."""
    rows = _csv_rows(name, columns, directory)
    path, header, _, _ = next(rows)
    table = _Table(path, header)
    for _, _, line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank line
        table.rows.append({key: value.strip() for key, value in zip(header, cells)})
        table.lines.append(line)
    return table


@dataclass
class _Columns:
    """Cells of one CSV file column by column (for large tables checked a whole column at a time)."""

    path: Path
    cells: dict[str, list[str]]
    lines: list[int]

    def line_of(self, mask: "np.ndarray | pd.Series") -> int | None:
        """The file line of the first row where ``mask`` is true, else None."""
        hits = np.flatnonzero(np.asarray(mask, dtype=bool))
        return self.lines[int(hits[0])] if len(hits) else None


def _read_columns(name: str, columns: tuple[str, ...], directory: Path) -> _Columns:
    """Like :func:`_read_csv` (same refusals, same line numbers), but returns the cells by column."""
    rows = _csv_rows(name, columns, directory)
    path, header, _, _ = next(rows)
    kept, lines = [], []
    for _, _, line, cells in rows:
        kept.append(cells)
        lines.append(line)
    by_column = list(zip(*kept)) if kept else [()] * len(header)
    cells = {column: _stripped(by_column[header.index(column)]) for column in columns}
    return _Columns(path, cells, lines)


_EDGE_SPACE_RE = re.compile(r"(?:^|\n)\s|\s(?:\n|$)")


def _stripped(values: tuple[str, ...]) -> list[str]:
    """The cells without surrounding spaces (one regex pass finds whether any cell has them)."""
    if _EDGE_SPACE_RE.search("\n".join(values)):
        return [value.strip() for value in values]
    return list(values)


def _check_id(table: _Table, column: str = "id") -> list[str]:
    """Check the id column: a lowercase slug, unique; return the ids in file order."""
    seen: dict[str, int] = {}
    for row, line in zip(table.rows, table.lines):
        value = row[column]
        if not _ID_RE.match(value):
            raise DataError(table.path, line, column, "an id of lowercase letters, digits, '-' or '_'", value)
        if value in seen:
            raise DataError(table.path, line, column, f"a unique id (already used on line {seen[value]})", value)
        seen[value] = line
    return list(seen)


def _required(table: _Table, line: int, row: dict[str, str], column: str, expected: str) -> str:
    value = row[column]
    if not value:
        raise DataError(table.path, line, column, expected, value)
    return value


def _day(table: _Table, line: int, column: str, value: str, *, required: bool = False) -> pd.Timestamp:
    """Parse a ``YYYY-MM-DD`` cell (empty gives NaT unless ``required``)."""
    if not value and not required:
        return pd.NaT
    if not _DAY_RE.match(value):
        raise DataError(table.path, line, column, "a date written YYYY-MM-DD", value)
    try:
        return pd.Timestamp(value)
    except ValueError:
        raise DataError(table.path, line, column, "a real calendar date written YYYY-MM-DD", value) from None


def _partial_date(table: _Table, line: int, column: str, value: str) -> tuple[pd.Timestamp, str | None]:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; return the start of the period and its precision."""
    if not value:
        return pd.NaT, None
    for precision, pattern in _PARTIAL_DATE_RE.items():
        if pattern.match(value):
            try:
                return pd.Timestamp(value if precision != "year" else f"{value}-01-01"), precision
            except ValueError:
                raise DataError(table.path, line, column, "a real calendar date (YYYY-MM-DD, YYYY-MM or YYYY)", value) from None
    raise DataError(table.path, line, column, "a date written YYYY-MM-DD, YYYY-MM or YYYY", value)


def _number(table: _Table, line: int, column: str, value: str, *, minimum: float | None = None, what: str = "a number") -> float | None:
    if not value:
        return None
    if not _NUMBER_RE.fullmatch(value):  # plain decimals only: no units, no thousands separators, no decimal comma
        raise DataError(table.path, line, column, what, value)
    number = float(value)
    if minimum is not None and number < minimum:
        raise DataError(table.path, line, column, what, value)
    return number


def _bool(table: _Table, line: int, column: str, value: str) -> bool:
    low = value.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise DataError(table.path, line, column, "true or false", value)


def _choice(table: _Table, line: int, column: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise DataError(table.path, line, column, f"one of {', '.join(allowed)}", value)
    return value


def _multi(value: str) -> tuple[str, ...]:
    """Split a ``;``-separated cell into a tuple of stripped, non-empty parts."""
    return tuple(part.strip() for part in value.split(";") if part.strip())


def _source_ids(table: _Table, line: int, column: str, value: str, known: set[str]) -> tuple[str, ...]:
    ids = _multi(value)
    if not ids:
        raise DataError(table.path, line, column, "at least one source id from sources.csv (every row names its source)", value)
    for source_id in ids:
        if source_id not in known:
            hint = difflib.get_close_matches(source_id, sorted(known), n=1)
            expected = "a source id listed in sources.csv" + (f" (did you mean '{hint[0]}'?)" if hint else "")
            raise DataError(table.path, line, column, expected, source_id)
    return ids


def _lookup(frame: pd.DataFrame, key: str, what: str, file: str) -> pd.Series:
    """The row whose ``id`` is ``key``, as plain Python values; a KeyError naming close ids otherwise."""
    indexed = frame.set_index("id", drop=False)
    if key not in indexed.index:
        hint = difflib.get_close_matches(key, indexed.index.tolist(), n=3)
        raise KeyError(f"no {what} with id {key!r} in {file}" + (f"; close ids: {', '.join(hint)}" if hint else ""))
    return _plain_row(indexed, key)


def _plain_row(frame: pd.DataFrame, key: str) -> pd.Series:
    """One row as an object Series of plain Python values (``40.8``, not ``np.float64(40.8)``)."""
    row = frame.loc[key]
    values = {column: (value.item() if isinstance(value, np.generic) else value) for column, value in row.items()}
    return pd.Series(values, name=key, dtype=object)


def _categorical(values: list, categories: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical(values, categories=list(categories))


# ----------------------------------------------------------------------------- caching


_PANDAS_MAJOR = int(pd.__version__.split(".")[0])


def _cached(loader: Callable[[Path], pd.DataFrame]) -> Callable[[], pd.DataFrame]:
    """Cache ``loader`` per resolved data folder; callers get a copy-on-write copy, never the cache."""
    cached = functools.lru_cache(maxsize=8)(loader)
    _CACHES.append(cached)

    @functools.wraps(loader)
    def wrapper() -> pd.DataFrame:
        # a shallow copy is copy-on-write only from pandas 3; pandas 2.2 (the live book's Pyodide)
        # would share the cached data with the caller
        return cached(data_dir().resolve()).copy(deep=_PANDAS_MAJOR < 3)

    wrapper.cached = cached  # type: ignore[attr-defined]
    return wrapper


_CACHES: list = []


def clear_cache() -> None:
    """Forget every loaded table (after editing a file, or after changing ``KZLESSON_DATA``).

    >>> clear_cache()
    """
    for cached in _CACHES:
        cached.cache_clear()


# ----------------------------------------------------------------------------- sources

SOURCE_COLUMNS = ("id", "title", "author", "publisher", "kind", "date", "date_earliest", "date_latest", "date_evidence", "url", "is_seed")


@_cached
def load_sources(directory: Path) -> pd.DataFrame:
    """Return ``sources.csv``: every source the module cites, one row each, indexed by nothing (use ``id``).

    Columns: ``id`` (str, unique lowercase slug, also the BibTeX key), ``title``, ``author``
    (str, may be empty for organisations), ``publisher``, ``kind`` (categorical, one of
    :data:`SOURCE_KINDS`), ``date`` (datetime64, NaT when the source prints none),
    ``date_earliest``/``date_latest`` (datetime64 bounds for an undated source),
    ``date_evidence`` (str, why the bounds hold; required when ``date`` is empty), ``url``
    (str, may be empty), ``is_seed`` (bool), and the derived ``year`` (Int64: the year of
    ``date``, else the year both bounds fall in, else <NA> when the year is not certain).

    >>> load_sources().set_index("id").loc["zanini2022", "date"]
    Timestamp('2022-06-03 00:00:00')
    """
    table = _read_csv("sources.csv", SOURCE_COLUMNS, directory)
    _check_id(table)
    records = []
    for row, line in zip(table.rows, table.lines):
        _required(table, line, row, "title", "a title")
        kind = _choice(table, line, "kind", row["kind"], SOURCE_KINDS)
        date = _day(table, line, "date", row["date"])
        earliest = _day(table, line, "date_earliest", row["date_earliest"])
        latest = _day(table, line, "date_latest", row["date_latest"])
        if pd.notna(earliest) and pd.notna(latest) and earliest > latest:
            raise DataError(table.path, line, "date_latest", f"a date on or after date_earliest ({row['date_earliest']})", row["date_latest"])
        if pd.isna(date) and not row["date_evidence"]:
            raise DataError(table.path, line, "date_evidence", "a reason for the date bounds when 'date' is empty", "")
        url = row["url"]
        if url and not url.startswith(("http://", "https://")):
            raise DataError(table.path, line, "url", "an address starting with http:// or https://", url)
        if pd.notna(date):
            year = date.year
        elif pd.notna(earliest) and pd.notna(latest) and earliest.year == latest.year:
            year = earliest.year
        else:
            year = None  # the year is not known for sure: cite it as n.d.
        records.append({
            "id": row["id"], "title": row["title"], "author": row["author"], "publisher": row["publisher"],
            "kind": kind, "date": date, "date_earliest": earliest, "date_latest": latest,
            "date_evidence": row["date_evidence"], "url": url, "is_seed": _bool(table, line, "is_seed", row["is_seed"]),
            "year": year,
        })
    frame = pd.DataFrame.from_records(records, columns=[*SOURCE_COLUMNS, "year"])
    frame["kind"] = _categorical(frame["kind"].tolist(), SOURCE_KINDS)
    for column in ("date", "date_earliest", "date_latest"):
        frame[column] = pd.to_datetime(frame[column])
    frame["is_seed"] = frame["is_seed"].astype(bool)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def _sources_at(directory: Path) -> pd.DataFrame:
    """The (cached) sources table of ``directory``, shared by the loaders that check source ids."""
    return load_sources.cached(directory)  # type: ignore[attr-defined]


def source(source_id: str) -> pd.Series:
    """Return one source's row as a Series.

    >>> source("nurgozhayeva2022")["publisher"]
    'JURIST - Academic Commentary'
    """
    return _lookup(load_sources(), source_id, "source", "sources.csv")


# ----------------------------------------------------------------------------- facts

FACT_COLUMNS = ("id", "topic", "statement", "value", "unit", "as_of", "source_id", "locator", "disagrees_with", "note")


@_cached
def load_facts(directory: Path) -> pd.DataFrame:
    """Return ``facts.csv``: every figure and dated claim the chapters use, with its source.

    Columns: ``id`` (str, unique), ``topic`` (categorical, free set), ``statement`` (str, in our
    own words), ``value`` (Float64, <NA> for a non-numeric fact such as a month), ``unit`` (str),
    ``as_of`` (datetime64: start of the period the figure describes; NaT when unknown),
    ``as_of_precision`` (categorical day/month/year, derived from how ``as_of`` is written),
    ``source_id`` (str; several ids separated by ``;`` all must be in ``sources.csv``),
    ``locator`` (str, where in the source the figure stands), ``disagrees_with`` (tuple of fact
    ids this fact conflicts with; each must exist), ``note`` (str).

    >>> float(load_facts().set_index("id").loc["census-population-2021", "value"])
    19186015.0
    """
    table = _read_csv("facts.csv", FACT_COLUMNS, directory)
    ids = set(_check_id(table))
    known = set(_sources_at(directory)["id"])
    records = []
    for row, line in zip(table.rows, table.lines):
        _required(table, line, row, "topic", "a topic")
        _required(table, line, row, "statement", "a statement in our own words")
        value = _number(table, line, "value", row["value"], what="a plain number (digits, optional '-' and '.'), or empty")
        if value is not None and not row["unit"]:
            raise DataError(table.path, line, "unit", "a unit for the value (e.g. %, USD bn, people)", "")
        as_of, precision = _partial_date(table, line, "as_of", row["as_of"])
        sources = _source_ids(table, line, "source_id", row["source_id"], known)
        links = _multi(row["disagrees_with"])
        for other in links:
            if other not in ids:
                raise DataError(table.path, line, "disagrees_with", "the id of another fact in facts.csv", other)
            if other == row["id"]:
                raise DataError(table.path, line, "disagrees_with", "another fact's id, not the fact's own", other)
        records.append({
            "id": row["id"], "topic": row["topic"], "statement": row["statement"], "value": value, "unit": row["unit"],
            "as_of": as_of, "as_of_precision": precision, "source_id": ";".join(sources), "locator": row["locator"],
            "disagrees_with": links, "note": row["note"],
        })
    columns = ["id", "topic", "statement", "value", "unit", "as_of", "as_of_precision", "source_id", "locator", "disagrees_with", "note"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame["topic"] = frame["topic"].astype("category")
    frame["value"] = pd.array(frame["value"].tolist(), dtype="Float64")
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    frame["as_of_precision"] = _categorical(frame["as_of_precision"].tolist(), PRECISIONS)
    return frame


def fact(fact_id: str) -> pd.Series:
    """Return one fact's row (``value``, ``unit``, ``statement``, ``source_id``, ...).

    >>> row = fact("russia-share-imports-2021")
    >>> row["value"], row["unit"], row["source_id"]
    (40.8, '%', 'nurgozhayeva2022')
    """
    return _lookup(load_facts(), fact_id, "fact", "facts.csv")


# ----------------------------------------------------------------------------- timeline

TIMELINE_COLUMNS = ("id", "date", "precision", "title", "description", "actors", "vector", "stance", "stance_reason", "source_ids")


@_cached
def load_timeline(directory: Path) -> pd.DataFrame:
    """Return ``timeline.csv``: dated events, sorted by date (ties keep file order).

    Columns: ``id`` (str, unique, starts with the date as written, e.g.
    ``2022-09-21-mobilisation``), ``date`` (datetime64: start of the day, month or year),
    ``precision`` (categorical day/month/year; ``date`` is written ``YYYY-MM-DD``, ``YYYY-MM``
    or ``YYYY`` to match), ``title``, ``description`` (str), ``actors`` (tuple of str),
    ``vector`` (categorical, one of :data:`VECTORS`), ``stance`` (categorical closer/distant/
    neutral, <NA> where it does not apply), ``stance_reason`` (str, required with a stance),
    ``source_ids`` (tuple of source ids, at least one).

    >>> load_timeline().set_index("id").loc["2022-09-21-mobilisation", "precision"]
    'day'
    """
    table = _read_csv("timeline.csv", TIMELINE_COLUMNS, directory)
    _check_id(table)
    known = set(_sources_at(directory)["id"])
    records = []
    for row, line in zip(table.rows, table.lines):
        precision = _choice(table, line, "precision", row["precision"], PRECISIONS)
        value = row["date"]
        if not _PARTIAL_DATE_RE[precision].match(value):
            pattern = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}[precision]
            raise DataError(table.path, line, "date", f"a date written {pattern} (precision is '{precision}')", value)
        date, _ = _partial_date(table, line, "date", value)
        if not row["id"].startswith(value + "-"):
            raise DataError(table.path, line, "id", f"an id that starts with the date as written, e.g. '{value}-short-name'", row["id"])
        _required(table, line, row, "title", "a short title")
        _required(table, line, row, "description", "a description in our own words")
        vector = _choice(table, line, "vector", row["vector"], VECTORS)
        stance = row["stance"] or None
        if stance is not None:
            _choice(table, line, "stance", stance, STANCES)
            _required(table, line, row, "stance_reason", "a one-line reason for the stance")
        records.append({
            "id": row["id"], "date": date, "precision": precision, "title": row["title"], "description": row["description"],
            "actors": _multi(row["actors"]), "vector": vector, "stance": stance, "stance_reason": row["stance_reason"],
            "source_ids": _source_ids(table, line, "source_ids", row["source_ids"], known), "_line": line,
        })
    frame = pd.DataFrame.from_records(records, columns=[*TIMELINE_COLUMNS, "_line"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["precision"] = _categorical(frame["precision"].tolist(), PRECISIONS)
    frame["vector"] = _categorical(frame["vector"].tolist(), VECTORS)
    frame["stance"] = _categorical(frame["stance"].tolist(), STANCES)
    frame = frame.sort_values(["date", "_line"], kind="stable").drop(columns="_line").reset_index(drop=True)
    return frame


# ----------------------------------------------------------------------------- trade

TRADE_COLUMNS = ("year", "partner_iso3", "partner", "exports_usd_m", "imports_usd_m", "turnover_usd_m",
                 "exports_thousand_usd", "imports_thousand_usd", "source_id", "exports_locator", "imports_locator",
                 "derivation")
TRADE_TOTALS_COLUMNS = ("year", "exports_usd_m", "imports_usd_m", "source_id", "exports_locator", "imports_locator", "note")
TRADE_GROUPS_COLUMNS = ("group", "view_rank", "member_iso3", "first_year", "last_year", "source_id", "note")
QUOTED_TRADE_COLUMNS = ("year", "partner", "partner_group", "reporter", "exports_usd_m", "imports_usd_m", "turnover_usd_m",
                        "preferred", "source_id", "locator", "note")
_MONEY = ("exports_usd_m", "imports_usd_m", "turnover_usd_m")
_YEAR_RE = re.compile(r"\d{4}")
_ISO3_RE = re.compile(r"[A-Z]{3}")
_LOCATOR_RE = re.compile(r"[\w./-]+@[0-9a-f]{40}")
_AMOUNT_RE = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")
_OPTIONAL_AMOUNT_RE = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)?")


def _all_match(pattern: re.Pattern[str], joined: str) -> bool:
    """True when every line of ``joined`` (cells joined by newlines) matches ``pattern`` in full."""
    return re.fullmatch(f"(?:{pattern.pattern})(?:\n(?:{pattern.pattern}))*", joined) is not None
#: The ``partner_iso3`` and ``partner`` of the rows :func:`load_trade` adds: each year's sum of all partners.
WORLD_ISO3, WORLD = "WLD", "World"


def _year(table: _Table, line: int, column: str, value: str) -> int:
    if not _YEAR_RE.fullmatch(value):
        raise DataError(table.path, line, column, "a year written YYYY", value)
    return int(value)


def _groups_at(directory: Path) -> pd.DataFrame:
    return load_trade_groups.cached(directory)  # type: ignore[attr-defined]


@_cached
def load_trade_groups(directory: Path) -> pd.DataFrame:
    """Return ``trade_groups.csv``: which partner (ISO 3166 alpha-3 code) belongs to which group, in which years.

    Columns: ``group`` (str), ``view_rank`` (Int64: the groups of the explorer's group view, a
    partner in several of them counted in the one ranked first; <NA> for a colour group such as
    ``the West``, which only decides a bar's colour), ``member_iso3`` (str), ``first_year`` /
    ``last_year`` (Int64, <NA> = no limit), ``source_id`` (str; required for a ranked group of
    several members: the membership is a claim), ``note``.

    >>> groups = load_trade_groups()
    >>> sorted(groups.loc[groups.group.eq("EAEU"), "member_iso3"])
    ['ARM', 'BLR', 'KGZ', 'RUS']
    """
    table = _read_csv("trade_groups.csv", TRADE_GROUPS_COLUMNS, directory)
    known = set(_sources_at(directory)["id"])
    records = []
    rank_of: dict[str, tuple[int | None, int]] = {}
    seen: dict[tuple[str, str], int] = {}
    colour_of: dict[str, tuple[str, int]] = {}
    for row, line in zip(table.rows, table.lines):
        group = _required(table, line, row, "group", "a group name, e.g. EU-27")
        rank_text = row["view_rank"]
        if rank_text and not rank_text.isdigit():
            raise DataError(table.path, line, "view_rank", "a whole number (the group's place in the group view), or empty for a colour group", rank_text)
        rank = int(rank_text) if rank_text else None
        if group in rank_of and rank_of[group][0] != rank:
            raise DataError(table.path, line, "view_rank", f"the same view_rank on every row of {group} ({rank_of[group][0]} on line {rank_of[group][1]})", rank_text)
        rank_of.setdefault(group, (rank, line))
        member = row["member_iso3"]
        if not _ISO3_RE.fullmatch(member):
            raise DataError(table.path, line, "member_iso3", "an ISO 3166 alpha-3 code in capitals, e.g. KAZ", member)
        if (group, member) in seen:
            raise DataError(table.path, line, "member_iso3", f"each member once per group ({member} already on line {seen[group, member]})", member)
        seen[group, member] = line
        if rank is None:
            if member in colour_of and colour_of[member][0] != group:
                raise DataError(table.path, line, "member_iso3", f"a partner in one colour group only ({member} is in {colour_of[member][0]} on line {colour_of[member][1]})", member)
            colour_of[member] = (group, line)
        first = _year(table, line, "first_year", row["first_year"]) if row["first_year"] else None
        last = _year(table, line, "last_year", row["last_year"]) if row["last_year"] else None
        if first is not None and last is not None and last < first:
            raise DataError(table.path, line, "last_year", f"a year on or after first_year ({first})", row["last_year"])
        sources = _multi(row["source_id"])
        if sources:
            _source_ids(table, line, "source_id", row["source_id"], known)
        records.append({"group": group, "view_rank": rank, "member_iso3": member, "first_year": first,
                        "last_year": last, "source_id": ";".join(sources), "note": row["note"], "_line": line})
    members = collections.Counter(r["group"] for r in records)
    for r in records:
        if r["view_rank"] is not None and members[r["group"]] > 1 and not r["source_id"]:
            raise DataError(table.path, r["_line"], "source_id", f"a source for the membership of {r['group']} (a group of several countries)", "")
    frame = pd.DataFrame.from_records(records, columns=[*TRADE_GROUPS_COLUMNS, "_line"]).drop(columns="_line")
    for column in ("view_rank", "first_year", "last_year"):
        frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
    return frame


@_cached
def load_trade(directory: Path) -> pd.DataFrame:
    """Return ``trade.csv``: Kazakhstan's goods trade with every partner, by year, in USD millions,
    plus one ``World`` row a year (the sum of all partners, ``partner_iso3`` ``WLD``).

    Columns: ``year`` (Int64), ``partner_iso3`` (str, ISO 3166 alpha-3), ``partner`` (str, English
    name), ``partner_group`` (categorical, one of :data:`PARTNER_GROUPS`: the actor whose colour
    the partner takes, from the colour groups of ``trade_groups.csv``), ``reporter``
    (``Kazakhstan``: every figure is Kazakh-reported), ``exports_usd_m`` / ``imports_usd_m`` /
    ``turnover_usd_m`` (Float64 >= 0; turnover = exports + imports), ``preferred`` (True: one row
    per year and partner), ``source_id`` (one source per year), ``locator`` (the archived files
    the two flows were read from, ``path@commit``), ``note`` (how the figure was derived; for
    ``World``: the sum of partners), ``exports_thousand_usd`` / ``imports_thousand_usd`` (str, the
    figures as published, empty = no flow).

    >>> trade = load_trade()
    >>> world = trade[trade.partner.eq("World")].set_index("year")
    >>> round(float(world.loc[2022, "exports_usd_m"]), 1)
    84593.1
    """
    table = _read_columns("trade.csv", TRADE_COLUMNS, directory)
    known = set(_sources_at(directory)["id"])
    cells = table.cells

    def refuse_first(column: str, bad: Callable[[int], bool], expected: str | Callable[[int], str]) -> None:
        """Raise for the first row where ``bad(row)``: called only once a whole-column check failed."""
        for index in range(len(table.lines)):
            if bad(index):
                text = expected(index) if callable(expected) else expected
                raise DataError(table.path, table.lines[index], column, text, cells[column][index])

    def check(column: str, pattern: re.Pattern[str], expected: str, reject: str | None = None) -> None:
        """Every cell of ``column`` matches ``pattern`` (one regex pass over the whole column)."""
        values = cells[column]
        joined = "\n".join(values)
        if _all_match(pattern, joined) and (reject is None or reject not in values):
            return
        refuse_first(column, lambda i: not pattern.fullmatch(values[i]) or values[i] == reject, expected)

    check("year", _YEAR_RE, "a year written YYYY")
    check("partner_iso3", _ISO3_RE, "an ISO 3166 alpha-3 code in capitals (not WLD: the loader adds the totals)", reject=WORLD_ISO3)
    years, isos, names = [int(y) for y in cells["year"]], cells["partner_iso3"], cells["partner"]
    keys = list(zip(years, isos))
    if len(set(keys)) != len(keys):
        first: dict[tuple[int, str], int] = {}
        for index, key in enumerate(keys):
            if key in first:
                raise DataError(table.path, table.lines[index], "partner_iso3",
                                f"one row per year and partner ({key[0]}, {key[1]} already on line {first[key]})", key[1])
            first[key] = table.lines[index]
    if "" in names:
        refuse_first("partner", lambda i: names[i] == "", "the partner's name in English")
    name_of: dict[str, tuple[str, int]] = {}
    for index, (iso, name) in enumerate(zip(isos, names)):
        if name_of.setdefault(iso, (name, table.lines[index]))[0] != name:
            raise DataError(table.path, table.lines[index], "partner",
                            f"the same name for {iso} in every year ('{name_of[iso][0]}' on line {name_of[iso][1]})", name)
    money = {}
    for column in _MONEY:
        if "" in cells[column]:
            refuse_first(column, lambda i, c=column: cells[c][i] == "", "an amount in USD millions >= 0 (0 for no flow, never empty)")
        check(column, _AMOUNT_RE, "an amount in USD millions >= 0 (digits and '.', no units)")
        money[column] = np.array(cells[column], dtype=float)
    exports, imports, turnover = (money[column] for column in _MONEY)
    off = np.abs(exports + imports - turnover) > 1e-5 + 1e-9 * turnover
    if off.any():
        refuse_first("turnover_usd_m", lambda i: bool(off[i]), lambda i: f"exports + imports = {exports[i] + imports[i]:.6f}")
    for flow, values in (("exports", exports), ("imports", imports)):
        column = f"{flow}_thousand_usd"
        published = cells[column]
        if not _all_match(_OPTIONAL_AMOUNT_RE, "\n".join(published)):
            refuse_first(column, lambda i, p=published: bool(p[i]) and not _AMOUNT_RE.fullmatch(p[i]),
                         "the figure in thousand USD as published, or empty for no flow")
        thousands = np.array([float(v) if v else np.nan for v in published])
        empty = np.isnan(thousands)
        wrong = (empty & (values != 0)) | (~empty & (np.abs(np.nan_to_num(thousands) / 1000 - values) > 1e-6 + 1e-9 * values))
        if wrong.any():
            refuse_first(f"{flow}_usd_m", lambda i, w=wrong: bool(w[i]),
                         lambda i, t=thousands, f=flow: f"{f}_thousand_usd / 1000 ({'no flow: 0' if np.isnan(t[i]) else t[i] / 1000})")
    sources = cells["source_id"]
    for source in set(sources) - known:
        _source_ids(_Table(table.path, []), table.lines[sources.index(source)], "source_id", source, known)  # raises
    source_of_year: dict[int, tuple[str, int]] = {}
    for index, (year, source) in enumerate(zip(years, sources)):
        first_source = source_of_year.setdefault(year, (source, table.lines[index]))
        if first_source[0] != source:
            raise DataError(table.path, table.lines[index], "source_id", f"one source per year ({year} is {first_source[0]} on "
                            f"line {first_source[1]}): a series never mixes sources within a year", source)
    for column in ("exports_locator", "imports_locator"):
        check(column, _LOCATOR_RE, "the archived file the figure was read from, written path@commit (40 hex digits)")
    frame = pd.DataFrame({"year": years, "partner_iso3": isos, "partner": names, **money, "source_id": sources})
    frame["locator"] = [f"exports: {x}; imports: {m}" for x, m in zip(cells["exports_locator"], cells["imports_locator"])]
    frame["note"] = cells["derivation"]
    frame["exports_thousand_usd"] = cells["exports_thousand_usd"]
    frame["imports_thousand_usd"] = cells["imports_thousand_usd"]
    first_source = pd.Series({year: source for year, (source, _) in source_of_year.items()})

    colour = {}
    groups = _groups_at(directory)
    for group, member in zip(groups.loc[groups["view_rank"].isna(), "group"], groups.loc[groups["view_rank"].isna(), "member_iso3"]):
        colour[member] = group if group in PARTNER_GROUPS else "other"
    colour.update({"RUS": "Russia", "CHN": "China"})
    world = frame.groupby("year", sort=True)[list(_MONEY)].sum().reset_index()
    world["partner_iso3"], world["partner"] = WORLD_ISO3, WORLD
    world["source_id"] = world["year"].map(first_source)
    world["locator"], world["note"] = "", "DERIVED: the sum of all partners that year"
    world["exports_thousand_usd"] = world["imports_thousand_usd"] = ""
    frame = frame.sort_values("year", kind="stable")
    frame = pd.concat([world, frame], ignore_index=True).sort_values("year", kind="stable").reset_index(drop=True)
    frame["partner_group"] = _categorical([colour.get(iso, "other") for iso in frame["partner_iso3"]], PARTNER_GROUPS)
    frame["reporter"] = "Kazakhstan"
    frame["preferred"] = True
    frame["year"] = frame["year"].astype("Int64")
    for column in _MONEY:
        frame[column] = frame[column].astype("Float64")
    columns = ["year", "partner_iso3", "partner", "partner_group", "reporter", *_MONEY, "preferred", "source_id",
               "locator", "note", "exports_thousand_usd", "imports_thousand_usd"]
    return frame[columns]


@_cached
def load_trade_totals(directory: Path) -> pd.DataFrame:
    """Return ``trade_totals.csv``: Kazakhstan's national totals of exports and imports per year
    (the BNS monthly series summed over twelve months), used to check the partner table.

    Columns: ``year`` (Int64, unique), ``exports_usd_m`` / ``imports_usd_m`` (Float64, <NA> where
    the archived series has no figure), ``source_id``, ``exports_locator``, ``imports_locator``, ``note``.

    >>> totals = load_trade_totals().set_index("year")
    >>> float(totals.loc[2020, "imports_usd_m"])
    38929.076
    """
    table = _read_csv("trade_totals.csv", TRADE_TOTALS_COLUMNS, directory)
    known = set(_sources_at(directory)["id"])
    records, seen = [], {}
    for row, line in zip(table.rows, table.lines):
        year = _year(table, line, "year", row["year"])
        if year in seen:
            raise DataError(table.path, line, "year", f"one row per year ({year} already on line {seen[year]})", row["year"])
        seen[year] = line
        amounts = {column: _number(table, line, column, row[column], minimum=0, what="an amount in USD millions >= 0, or empty")
                   for column in ("exports_usd_m", "imports_usd_m")}
        sources = _source_ids(table, line, "source_id", row["source_id"], known)
        records.append({"year": year, **amounts, "source_id": ";".join(sources), "exports_locator": row["exports_locator"],
                        "imports_locator": row["imports_locator"], "note": row["note"]})
    frame = pd.DataFrame.from_records(records, columns=list(TRADE_TOTALS_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    for column in ("exports_usd_m", "imports_usd_m"):
        frame[column] = pd.array(frame[column].tolist(), dtype="Float64")
    return frame


QUOTED_LINK_COLUMNS = ("fact_id", "year", "partner_iso3", "flow", "note")


@_cached
def load_trade_quoted_links(directory: Path) -> pd.DataFrame:
    """Return ``trade_quoted_vs_final.csv``: which fact (a figure as quoted) matches which row and
    flow of the trade table (the final statistics), so the two can be shown side by side.

    Columns: ``fact_id`` (an id of ``facts.csv`` whose unit is ``USD bn``), ``year`` (Int64),
    ``partner_iso3``, ``flow`` (exports, imports or turnover), ``note``.

    >>> links = load_trade_quoted_links()
    >>> links.loc[links.fact_id.eq("china-exports-2022-quoted"), "flow"].item()
    'exports'
    """
    table = _read_csv("trade_quoted_vs_final.csv", QUOTED_LINK_COLUMNS, directory)
    facts = load_facts.cached(directory).set_index("id")  # type: ignore[attr-defined]
    trade = load_trade.cached(directory)  # type: ignore[attr-defined]
    rows = set(zip(trade["year"].astype(int), trade["partner_iso3"]))
    records = []
    for row, line in zip(table.rows, table.lines):
        fact_id = row["fact_id"]
        if fact_id not in facts.index:
            hint = difflib.get_close_matches(fact_id, facts.index.tolist(), n=1)
            raise DataError(table.path, line, "fact_id", "the id of a fact in facts.csv" + (f" (did you mean '{hint[0]}'?)" if hint else ""), fact_id)
        if facts.loc[fact_id, "unit"] != "USD bn" or pd.isna(facts.loc[fact_id, "value"]):
            raise DataError(table.path, line, "fact_id", "a fact with a value in USD bn", fact_id)
        year = _year(table, line, "year", row["year"])
        if (year, row["partner_iso3"]) not in rows:
            raise DataError(table.path, line, "partner_iso3", f"a partner with a row in trade.csv for {year}", row["partner_iso3"])
        flow = _choice(table, line, "flow", row["flow"], ("exports", "imports", "turnover"))
        records.append({"fact_id": fact_id, "year": year, "partner_iso3": row["partner_iso3"], "flow": flow, "note": row["note"]})
    frame = pd.DataFrame.from_records(records, columns=list(QUOTED_LINK_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    return frame


@_cached
def load_trade_quoted(directory: Path) -> pd.DataFrame:
    """Return ``trade_quoted.csv``: trade figures as news reports and officials quoted them
    (partial, some from partners' mirror statistics), in USD millions.

    Chapter 1's vector chart still draws on it; the measures of chapter 4 use :func:`load_trade`.
    Columns: ``year`` (Int64), ``partner`` (str; ``World`` holds the totals), ``partner_group``
    (categorical, one of :data:`PARTNER_GROUPS`), ``reporter`` (str: ``Kazakhstan``, or whose
    mirror statistics), ``exports_usd_m``/``imports_usd_m``/``turnover_usd_m`` (Float64 >= 0,
    <NA> where no source gives the figure; at least one is given), ``preferred`` (bool, exactly
    one per year and partner), ``source_id`` (str, in ``sources.csv``), ``locator``, ``note``.

    >>> quoted = load_trade_quoted()
    >>> bool(quoted.loc[quoted.partner.eq("World") & quoted.year.eq(2022), "preferred"].all())
    True
    """
    table = _read_csv("trade_quoted.csv", QUOTED_TRADE_COLUMNS, directory)
    known = set(_sources_at(directory)["id"])
    records = []
    preferred_at: dict[tuple[int, str], int] = {}
    for row, line in zip(table.rows, table.lines):
        year = _year(table, line, "year", row["year"])
        partner = _required(table, line, row, "partner", "a partner name (World for the totals)")
        group = _choice(table, line, "partner_group", row["partner_group"], PARTNER_GROUPS)
        _required(table, line, row, "reporter", "whose statistics: Kazakhstan or the partner (mirror data)")
        amounts = {column: _number(table, line, column, row[column], minimum=0,
                                   what="an amount in USD millions >= 0 (digits and '.', no units), or empty")
                   for column in _MONEY}
        if all(value is None for value in amounts.values()):
            raise DataError(table.path, line, "turnover_usd_m", "at least one of exports_usd_m, imports_usd_m, turnover_usd_m", "")
        preferred = _bool(table, line, "preferred", row["preferred"])
        if preferred:
            key = (year, partner)
            if key in preferred_at:
                raise DataError(table.path, line, "preferred", f"one preferred row per year and partner ({year}, {partner} already on line {preferred_at[key]})", row["preferred"])
            preferred_at[key] = line
        sources = _source_ids(table, line, "source_id", row["source_id"], known)
        records.append({"year": year, "partner": partner, "partner_group": group, "reporter": row["reporter"], **amounts,
                        "preferred": preferred, "source_id": ";".join(sources), "locator": row["locator"], "note": row["note"]})
    for row, line in zip(table.rows, table.lines):
        key = (int(row["year"]), row["partner"])
        if key not in preferred_at:
            raise DataError(table.path, line, "preferred", f"exactly one row marked preferred for {key[0]}, {key[1]}", row["preferred"])
    frame = pd.DataFrame.from_records(records, columns=list(QUOTED_TRADE_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    frame["partner_group"] = _categorical(frame["partner_group"].tolist(), PARTNER_GROUPS)
    for column in _MONEY:
        frame[column] = pd.array(frame[column].tolist(), dtype="Float64")
    frame["preferred"] = frame["preferred"].astype(bool)
    return frame


# ----------------------------------------------------------------------------- glossary


@_cached
def load_glossary(directory: Path) -> pd.DataFrame:
    """Return ``glossary.yml`` as a table sorted by term (case-insensitive).

    Columns: ``term`` (str, unique), ``definition`` (str, in our own words), ``related``
    (tuple of other terms; each must be a term of the glossary), ``aliases`` (tuple of other
    names the same entry answers to in ``{term}`` links, e.g. ``HHI``; optional in the file).

    >>> "CSTO" in set(load_glossary()["term"])
    True
    """
    path = directory / "glossary.yml"
    if not path.is_file():
        raise DataError(path, None, None, f"the file glossary.yml in the data folder {directory}", "no such file")
    text = path.read_text(encoding="utf-8")
    loader = _YamlLoader(text)
    try:
        root = loader.get_single_node()  # parse once: the nodes carry line numbers ...
        entries = loader.construct_document(root) if root is not None else None  # ... and give the values
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DataError(path, mark.line + 1 if mark else None, None, "valid YAML", str(getattr(error, "problem", error))) from None
    finally:
        loader.dispose()
    if not isinstance(entries, list) or root is None:
        raise DataError(path, 1, None, "a list of entries '- term: ...' with definition and related", type(entries).__name__)
    records = []
    lines: dict[str, int] = {}
    names: dict[str, int] = {}  # every term and alias, case-folded (Sphinx matches terms case-insensitively)
    for node, entry in zip(root.value, entries):
        line = node.start_mark.line + 1
        if not isinstance(entry, dict):
            raise DataError(path, line, None, "an entry with keys term, definition, related", entry)
        unknown = sorted(set(entry) - {"term", "definition", "related", "aliases"})
        if unknown:
            raise DataError(path, line, unknown[0], "only the keys term, definition, related and aliases", unknown[0])
        term = entry.get("term")
        if not isinstance(term, str) or not term.strip():
            raise DataError(path, line, "term", "a term (text)", term)
        term = term.strip()
        if term in lines:
            raise DataError(path, line, "term", f"a unique term (already on line {lines[term]})", term)
        definition = entry.get("definition")
        if not isinstance(definition, str) or not definition.strip():
            raise DataError(path, line, "definition", "a definition (text)", definition)
        related = entry.get("related") or []
        if not isinstance(related, list) or not all(isinstance(item, str) for item in related):
            raise DataError(path, line, "related", "a list of terms, e.g. [CSTO, EAEU]", related)
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(item, str) and item.strip() for item in aliases):
            raise DataError(path, line, "aliases", "a list of other names, e.g. [HHI]", aliases)
        for name in (term, *aliases):
            if name.casefold() in names:
                raise DataError(path, line, "aliases" if name != term else "term",
                                f"a name not used by another entry (already on line {names[name.casefold()]})", name)
            names[name.casefold()] = line
        lines[term] = line
        records.append({"term": term, "definition": " ".join(definition.split()), "related": tuple(related),
                        "aliases": tuple(alias.strip() for alias in aliases)})
    for record in records:
        for other in record["related"]:
            if other not in lines:
                hint = difflib.get_close_matches(other, sorted(lines), n=1)
                raise DataError(path, lines[record["term"]], "related",
                                "a term defined in the glossary" + (f" (did you mean '{hint[0]}'?)" if hint else ""), other)
    frame = pd.DataFrame.from_records(records, columns=["term", "definition", "related", "aliases"])
    return frame.sort_values("term", key=lambda terms: terms.str.casefold()).reset_index(drop=True)
