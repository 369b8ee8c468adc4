"""A readable table of facts from ``data/facts.csv``, for a chapter page.

Each row shows the statement, the value with its unit, the period it describes (written at the
precision of ``as_of``: ``2021``, ``Jun 2021`` or ``8 Dec 2022``) and a short label of each source
(author or publisher and year) linked to the source. No index column and no empty header cell.

>>> from kzlesson.fact_table import fact_table
>>> table = fact_table(["russia-share-imports-2021"], caption="The seed's figure")
>>> table.to_frame().loc[0, "Value"]
'40.8 %'
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kzlesson.data import load_facts, load_sources

_COLUMNS = ("Figure", "Value", "As of", "Source")


def format_value(value: Any, unit: str) -> str:
    """Write a value with its unit, without spurious decimals.

    A fact without a value and without a unit is a dated claim (an event, a statement), not a gap.

    >>> format_value(24.2, "USD bn"), format_value(7800.0, "companies"), format_value(23.7, "%")
    ('USD 24.2 bn', '7,800 companies', '23.7 %')
    >>> format_value(None, "")
    'dated claim'
    """
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return "no figure" if (unit or "").strip() else "dated claim"
    number = float(value)
    text = f"{number:,.0f}" if number.is_integer() else f"{number:,.10g}"
    unit = (unit or "").strip()
    if unit.startswith("USD "):
        return f"USD {text} {unit[4:]}"
    if unit == "% change":
        return f"+{text} %" if number > 0 else f"{text} %"
    if unit.startswith("%"):
        return f"{text} {unit}"
    return f"{text} {unit}".strip()


def format_as_of(when: Any, precision: Any) -> str:
    """Write a date at its precision.

    >>> format_as_of(pd.Timestamp("2021-06-01"), "month"), format_as_of(pd.Timestamp("2021-01-01"), "year")
    ('Jun 2021', '2021')
    """
    if when is None or pd.isna(when):
        return "undated"
    when = pd.Timestamp(when)
    if precision == "year":
        return f"{when.year}"
    if precision == "month":
        return when.strftime("%b %Y")
    return f"{when.day} {when.strftime('%b %Y')}"


#: (the loader's cached sources table, its rows by id): rebuilt only when that table changes
_SOURCE_ROWS: list[tuple[Any, dict[str, dict[str, Any]]]] = []


def _source_rows() -> dict[str, dict[str, Any]]:
    """Each source's row by id, indexed once per loaded ``sources.csv`` (not once per label).

    ``load_sources`` hands out a copy of its cached table on every call; the index here is keyed on
    the cached table itself, so it is built again only after :func:`kzlesson.data.clear_cache`
    (or another data folder) gives a new one.

    >>> _source_rows()["nurgozhayeva2022"]["year"]
    2022
    """
    cached = getattr(load_sources, "cached", None)
    if cached is None:  # a loader without a cache (replaced in a test): index what it returns
        return {str(r["id"]): r for r in load_sources().to_dict("records")}
    from kzlesson.paths import data_dir

    table = cached(data_dir().resolve())
    if not _SOURCE_ROWS or _SOURCE_ROWS[0][0] is not table:
        _SOURCE_ROWS[:] = [(table, {str(r["id"]): r for r in table.to_dict("records")})]
    return _SOURCE_ROWS[0][1]


def source_label(source_id: str) -> str:
    """A short label for one source: author's surname (or the publisher) and year.

    >>> source_label("nurgozhayeva2022")
    'Nurgozhayeva 2022'
    """
    row = _source_rows().get(source_id)
    if row is None:
        return source_id
    author = row["author"] if isinstance(row["author"], str) and row["author"].strip() else ""
    name = author.split()[-1] if author else str(row["publisher"])
    year = row["year"] if not pd.isna(row["year"]) else None
    return f"{name} {year}" if year is not None else name


def _source_link(source_id: str) -> str:
    label = html.escape(source_label(source_id))
    row = _source_rows().get(source_id)
    if row is None:
        return label
    title = html.escape(str(row["title"]), quote=True)
    url = row["url"] if isinstance(row["url"], str) and row["url"].startswith("http") else ""
    if url:
        return f'<a href="{html.escape(url, quote=True)}" title="{title}">{label}</a>'
    return f'<span title="{title}">{label}</span>'


#: Scoped to ``.kz-fact-table``: below 600 px the rows stack as cards (label before each value).
_NARROW_CSS = (
    "<style>@media (max-width: 600px){"
    ".kz-fact-table table,.kz-fact-table tbody,.kz-fact-table tr,.kz-fact-table td{display:block;width:auto!important;}"
    ".kz-fact-table thead tr{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden;}"
    ".kz-fact-table caption{display:block;width:auto;}"
    ".kz-fact-table tr{border-bottom:1px solid #ccc;padding:0.3em 0;}"
    ".kz-fact-table td{border-bottom:none!important;text-align:left!important;padding:0.1em 0.4em!important;white-space:normal!important;}"
    ".kz-fact-table td.kz-fact{font-weight:600;}"
    ".kz-fact-table td[data-label]::before{content:attr(data-label) \": \";font-weight:600;color:#444;}"
    "}</style>"
)


@dataclass(frozen=True)
class FactTable:
    """Facts ready to show: ``to_frame()`` for code, an HTML table in a notebook or the book."""

    rows: tuple[dict[str, str], ...]
    source_ids: tuple[tuple[str, ...], ...]
    caption: str = ""

    def to_frame(self) -> pd.DataFrame:
        """The formatted rows as a DataFrame of strings (columns Figure, Value, As of, Source)."""
        return pd.DataFrame(list(self.rows), columns=list(_COLUMNS))

    def _repr_html_(self) -> str:
        cell = "padding:0.3em 0.6em;vertical-align:top;border-bottom:1px solid #ccc;"
        # On a narrow screen (a phone) each row becomes a small card: the figure, then its value,
        # date and source on lines of their own, each named, so no column is squeezed.
        head = "".join(
            f'<th scope="col" style="{cell}text-align:{"right" if name == "Value" else "left"};">{name}</th>'
            for name in _COLUMNS
        )
        body = []
        for row, ids in zip(self.rows, self.source_ids):
            sources = "; ".join(_source_link(i) for i in ids)
            body.append(
                "<tr>"
                f'<td class="kz-fact" style="{cell}">{html.escape(row["Figure"])}</td>'
                f'<td data-label="Value" style="{cell}text-align:right;white-space:nowrap;">{html.escape(row["Value"])}</td>'
                f'<td data-label="As of" style="{cell}white-space:nowrap;">{html.escape(row["As of"])}</td>'
                f'<td data-label="Source" style="{cell}min-width:7em;">{sources}</td>'
                "</tr>"
            )
        caption = (
            f'<caption style="caption-side:top;text-align:left;font-weight:bold;padding-bottom:0.3em;">'
            f"{html.escape(self.caption)}</caption>"
            if self.caption
            else ""
        )
        return (
            _NARROW_CSS + '<div class="kz-fact-table" style="overflow-x:auto;max-width:100%;">'
            '<table style="width:100%;border-collapse:collapse;font-size:0.9em;">'
            f"{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )

    def _repr_markdown_(self) -> None:  # keep the HTML form in the book
        return None


def fact_table(ids: Sequence[str], caption: str = "") -> FactTable:
    """Format the facts ``ids`` (in that order) as a readable table.

    Unknown ids raise ``KeyError`` naming them, so a typo shows at once.

    >>> fact_table(["russia-trade-volume-2021-seed"]).to_frame().loc[0, "As of"]
    '2021'
    """
    facts = load_facts().set_index("id")
    missing = [i for i in ids if i not in facts.index]
    if missing:
        raise KeyError(f"data/facts.csv has no fact with id {', '.join(missing)}")
    rows = []
    source_ids = []
    for fact_id in ids:
        row = facts.loc[fact_id]
        ids_here = tuple(s for s in str(row["source_id"]).split(";") if s)
        rows.append({
            "Figure": str(row["statement"]),
            "Value": format_value(row["value"], str(row["unit"])),
            "As of": format_as_of(row["as_of"], row["as_of_precision"]),
            "Source": "; ".join(source_label(s) for s in ids_here),
        })
        source_ids.append(ids_here)
    return FactTable(tuple(rows), tuple(source_ids), caption)


def readable(frame: pd.DataFrame, labels: dict[str, str], digits: int = 1, caption: str = "") -> Any:
    """Show a results frame for readers: named columns, no index, fixed decimals, gaps as 'no figure'.

    ``labels`` maps the columns to show (in that order) to their headings.

    >>> readable(pd.DataFrame({"partner": ["China"], "x": [2200.0]}), {"partner": "Partner", "x": "USD m"}).data.shape
    (1, 2)
    """
    shown = frame.loc[:, list(labels)].rename(columns=labels).reset_index(drop=True)
    numeric = [labels[c] for c in labels if pd.api.types.is_numeric_dtype(frame[c])]
    styler = (
        shown.style.hide(axis="index")
        .format(subset=numeric, precision=digits, thousands=",", na_rep="no figure")
        .set_properties(subset=numeric, **{"text-align": "right"})
        .set_table_styles([
            {"selector": "th, td", "props": [("padding", "0.25em 0.8em")]},
            {"selector": "th.col_heading", "props": [("text-align", "left")]},
        ])
    )
    if caption:
        styler = styler.set_caption(caption)
    return styler


@dataclass(frozen=True)
class Note:
    """Lines of text that wrap with the page (a ``print`` would run past the text column)."""

    lines: tuple[str, ...]

    def _repr_html_(self) -> str:
        return "".join(f'<p class="kz-note" style="margin:0.2em 0;">{html.escape(line)}</p>' for line in self.lines)

    def __repr__(self) -> str:
        return "\n".join(self.lines)


def note(*lines: str) -> Note:
    """Show one or more lines of text as wrapping paragraphs.

    >>> note("HHI between 0.16 and 0.19").lines
    ('HHI between 0.16 and 0.19',)
    """
    return Note(tuple(str(line) for line in lines))
