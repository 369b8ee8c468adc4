"""Trade measures: partner shares, concentration, asymmetry, balance, change and a what-if.

Pure functions: they read numbers or a trade table (the schema of ``data/trade.csv``) and
return numbers or small result objects; they never plot and never read files.

Two rules hold everywhere:

* **A missing figure stays missing.** It is never read as zero: a share, a sum or a change that
  needs it comes back as ``pd.NA``, and the result says which partners were left out.
* **Partial lists are labelled as partial.** When only some partners have figures, the part of
  the world total they do not cover is reported as its own line, ``Rest of world (not itemised)``
  = world total − the partners with figures; concentration is then given as a range.

>>> s = share(13_300, 38_929.1)        # imports from Russia / all imports, 2020, USD m
>>> round(s, 1)
34.2
>>> hhi([50, 30, 20])                   # three partners with 50 %, 30 % and 20 %
0.38
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from kzlesson.style import actor_group

FLOWS: tuple[str, ...] = ("exports", "imports", "turnover")
WORLD = "World"
REST_OF_WORLD = "Rest of world (not itemised)"
#: The rest line of a complete table: partners with figures that are not shown one by one.
OTHER_PARTNERS = "All other partners"
#: Relative gap below which the partners of a year count as adding up to the world total.
_COMPLETE_TOLERANCE = 1e-6
NA: Any = pd.NA

_COLUMNS = {
    "exports": "exports_usd_m",
    "imports": "imports_usd_m",
    "turnover": "turnover_usd_m",
}
#: Partners that contain other partners: listing both would count the same trade twice.
CONTAINS: dict[str, frozenset[str]] = {
    "European Union": frozenset(
        {
            "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czechia", "Denmark", "Estonia",
            "Finland", "France", "Germany", "Greece", "Hungary", "Ireland", "Italy", "Latvia",
            "Lithuania", "Luxembourg", "Malta", "Netherlands", "Poland", "Portugal", "Romania",
            "Slovakia", "Slovenia", "Spain", "Sweden",
        }
    ),
}
#: Shares may add up to slightly more than 100 % through rounding in the sources.
_ROUNDING_SLACK_PCT = 0.5


# --------------------------------------------------------------------------- scalars


def is_missing(value: object) -> bool:
    """True for ``None``, ``NaN`` and ``pd.NA`` (a figure we do not have).

    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0)
    (True, True, False)
    """
    if value is None or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _num(value: object) -> Any:
    """A float, or ``pd.NA`` when the figure is missing."""
    if is_missing(value):
        return NA
    number = float(value)  # type: ignore[arg-type]
    if math.isinf(number):
        raise ValueError(f"expected a finite number of USD millions, got {value!r}")
    return number


def flow_column(flow: str) -> str:
    """Return the trade-table column that holds a flow.

    >>> flow_column("imports")
    'imports_usd_m'
    """
    try:
        return _COLUMNS[flow]
    except KeyError:
        raise ValueError(f"flow must be one of {', '.join(FLOWS)}; got {flow!r}") from None


def share(value: object, total: object) -> Any:
    """A partner's share of a total, in per cent: ``share = 100 × value / total``.

    Missing value or total, or a total of zero, gives ``pd.NA`` (a share of nothing is undefined).

    >>> share(25, 200)
    12.5
    >>> share(None, 100) is pd.NA, share(5, 0) is pd.NA
    (True, True)
    """
    v, t = _num(value), _num(total)
    if v is NA or t is NA:
        return NA
    if v < 0 or t < 0:
        raise ValueError(f"trade figures cannot be negative (value {v}, total {t})")
    if t == 0:
        return NA
    return 100.0 * v / t


def hhi(shares_pct: Iterable[object], scale: int = 1) -> Any:
    """Herfindahl–Hirschman index of concentration: ``HHI = Σ sᵢ²`` with shares sᵢ as fractions.

    Pass the shares in per cent of the total. ``scale=1`` gives the 0–1 scale (1 = a single
    partner); ``scale=10_000`` gives the 0–10,000 scale used by competition authorities
    (the same as squaring the percentages). Any missing share makes the index missing.
    The index is exact only if the shares cover the whole total; with a partial list it is
    a lower bound (see :func:`concentration`).

    >>> hhi([50, 30, 20])
    0.38
    >>> hhi([50, 30, 20], scale=10_000)
    3800.0
    >>> hhi([60, None]) is pd.NA
    True
    """
    if scale not in (1, 10_000):
        raise ValueError(f"scale must be 1 or 10000, got {scale!r}")
    values = [_num(s) for s in shares_pct]
    if any(v is NA for v in values):
        return NA
    if any(v < 0 for v in values):
        raise ValueError(f"shares cannot be negative: {values}")
    total = sum(values)
    if total > 100 + _ROUNDING_SLACK_PCT:
        raise ValueError(f"shares add up to {total:.1f} %, more than 100 %")
    index = sum((v / 100.0) ** 2 for v in values)
    return round(index * scale, 10)


def hhi_normalised(index: object, n: int) -> Any:
    """Normalised HHI on the 0–1 scale: ``HHI* = (HHI − 1/N) / (1 − 1/N)`` for N partners.

    0 means the N partners have equal shares, 1 that one partner has everything. For a single
    partner (N = 1) concentration is complete by definition and the result is 1.

    >>> round(hhi_normalised(0.38, 3), 3)       # (0.38 − 1/3) / (1 − 1/3)
    0.07
    >>> hhi_normalised(1.0, 1)
    1.0
    """
    h = _num(index)
    if h is NA:
        return NA
    if n < 1:
        raise ValueError(f"the number of partners must be at least 1, got {n}")
    if not 0 <= h <= 1 + 1e-9:
        raise ValueError(f"pass the HHI on the 0–1 scale, got {h}")
    if n == 1:
        return 1.0
    return (h - 1.0 / n) / (1.0 - 1.0 / n)


def trade_balance(exports: object, imports: object) -> Any:
    """Trade balance = exports − imports (USD m); positive is a surplus. Missing stays missing.

    >>> trade_balance(60_321.0, 41_415.4)
    18905.6
    >>> trade_balance(None, 13_300) is pd.NA
    True
    """
    e, i = _num(exports), _num(imports)
    if e is NA or i is NA:
        return NA
    return round(e - i, 6)


def change(before: object, after: object) -> tuple[Any, Any]:
    """Change from one year to the next: ``(after − before, 100 × (after − before) / before)``.

    The percentage is missing when ``before`` is zero or missing.

    >>> change(200, 250)
    (50.0, 25.0)
    >>> change(0, 10)
    (10.0, <NA>)
    """
    b, a = _num(before), _num(after)
    if b is NA or a is NA:
        return NA, NA
    diff = round(a - b, 6)
    return diff, (NA if b == 0 else 100.0 * diff / b)


# --------------------------------------------------------------------------- asymmetry


@dataclass(frozen=True)
class Asymmetry:
    """How lopsided trade with one partner is, from Kazakhstan's side.

    ``gap_pp`` = share of imports − share of exports (percentage points); ``ratio`` = share of
    imports / share of exports. A positive gap (ratio above 1) means the partner matters more as a
    supplier than as a customer.
    """

    import_share: Any
    export_share: Any
    gap_pp: Any
    ratio: Any

    def reading(self, partner: str = "the partner") -> str:
        """One plain sentence a student can check against the numbers."""
        if self.gap_pp is NA:
            return f"Asymmetry with {partner} cannot be measured: a share of imports or of exports is missing."
        if abs(self.gap_pp) < 1:
            return f"{partner} is about as important a supplier as it is a customer."
        side = "supplier than a customer" if self.gap_pp > 0 else "customer than a supplier"
        ratio = "" if self.ratio is NA else f" (ratio {self.ratio:.1f})"
        return (
            f"{partner} matters more as a {side}: {self.import_share:.1f} % of imports against "
            f"{self.export_share:.1f} % of exports, a gap of {abs(self.gap_pp):.1f} points{ratio}."
        )


def asymmetry(import_share: object, export_share: object) -> Asymmetry:
    """Compare a partner's share of imports with its share of exports.

    ``gap = import share − export share`` (points); ``ratio = import share / export share``.

    >>> a = asymmetry(40.8, 12.1)        # Russia, mid-2021, as a seed reports it
    >>> round(a.gap_pp, 1), round(a.ratio, 2)
    (28.7, 3.37)
    """
    imp, exp = _num(import_share), _num(export_share)
    if imp is NA or exp is NA:
        return Asymmetry(imp, exp, NA, NA)
    ratio = NA if exp == 0 else imp / exp
    return Asymmetry(imp, exp, round(imp - exp, 10), ratio)


@dataclass(frozen=True)
class MutualDependence:
    """How much each side depends on the other, from one bilateral figure and both totals."""

    reporter_share: Any  # bilateral / reporter's total trade, %
    partner_share: Any  # bilateral / partner's total trade, %
    ratio: Any  # reporter_share / partner_share: how many times more the reporter depends

    def describe(self, reporter: str = "Kazakhstan", partner: str = "the partner") -> str:
        """The two sides in words; a side without a total says so."""
        mine = "unknown" if self.reporter_share is NA else f"{self.reporter_share:.1f} %"
        theirs = (
            f"unknown ({partner}'s total trade is missing)" if self.partner_share is NA
            else f"{self.partner_share:.1f} %"
        )
        text = f"Share of {reporter}'s trade: {mine}; share of {partner}'s trade: {theirs}"
        return text + ("" if self.ratio is NA else f"; {reporter} depends {self.ratio:.1f} times as much")


def mutual_dependence(bilateral: object, reporter_total: object, partner_total: object) -> MutualDependence:
    """Each side's dependence on the other: the bilateral figure as a share of each side's total.

    ``reporter = 100 × bilateral / reporter total``; ``partner = 100 × bilateral / partner total``;
    ``ratio = reporter / partner``. Where one total is not known, that side (and the ratio) is missing.

    >>> m = mutual_dependence(20, 100, 800)   # 20 is 20 % of one side's trade, 2.5 % of the other's
    >>> m.reporter_share, m.partner_share, m.ratio
    (20.0, 2.5, 8.0)
    """
    mine, theirs = share(bilateral, reporter_total), share(bilateral, partner_total)
    ratio = NA if (mine is NA or theirs is NA or theirs == 0) else mine / theirs
    return MutualDependence(mine, theirs, ratio)


# --------------------------------------------------------------------------- trade tables


def _preferred(trade: pd.DataFrame) -> pd.DataFrame:
    """The rows the measures use: one per year and partner (``preferred`` true)."""
    rows = trade
    if "preferred" in rows.columns:
        rows = rows[rows["preferred"].fillna(False).astype(bool)]
    return rows.drop_duplicates(subset=["year", "partner"], keep="first")


_RECORDS_CACHE: dict[int, tuple[pd.DataFrame, tuple[Any, ...], dict[int, dict[str, dict[str, Any]]]]] = {}


def _records_by_year(trade: pd.DataFrame) -> dict[int, dict[str, dict[str, Any]]]:
    """The preferred rows as plain dicts, ``{year: {partner: row}}``, built once per table object
    (the measures are called many times on the same table by the explorer and the chapters)."""
    stamp = _fingerprint(trade)
    entry = _RECORDS_CACHE.get(id(trade))
    if entry is not None and entry[0] is trade and entry[1] == stamp:
        return entry[2]
    out: dict[int, dict[str, dict[str, Any]]] = {}
    for row in _preferred(trade).to_dict("records"):
        out.setdefault(int(row["year"]), {}).setdefault(str(row["partner"]), row)
    if len(_RECORDS_CACHE) >= 16:
        _RECORDS_CACHE.pop(next(iter(_RECORDS_CACHE)))
    _RECORDS_CACHE[id(trade)] = (trade, stamp, out)  # the table is kept alive, so its id is not reused
    return out


def _fingerprint(trade: pd.DataFrame) -> tuple[Any, ...]:
    """A cheap summary that changes when rows are added or removed or a figure is edited in place."""
    sums = []
    for column in _COLUMNS.values():
        if column in trade.columns:
            values = pd.to_numeric(trade[column], errors="coerce").to_numpy(dtype=float, na_value=float("nan"))
            sums.append((float(np.nansum(values)), int(np.isnan(values).sum())))
    return (len(trade), tuple(trade.columns), tuple(sums))


def _text(value: object) -> str:
    """A table cell as text ('' when empty)."""
    return "" if is_missing(value) else str(value)


def _flow_value(row: Mapping[str, Any], flow: str) -> Any:
    """A row's figure for one flow; turnover falls back to exports + imports when both exist."""
    value = _num(row.get(flow_column(flow)))
    if value is NA and flow == "turnover":
        e, i = _num(row.get("exports_usd_m")), _num(row.get("imports_usd_m"))
        if e is not NA and i is not NA:
            value = e + i
    return value


def years(trade: pd.DataFrame) -> list[int]:
    """The years that have a world total for at least one flow.

    >>> years(pd.DataFrame({"year": [2021, 2022], "partner": ["World", "Russia"],
    ...                     "exports_usd_m": [1.0, 2.0]}))
    [2021]
    """
    return sorted(year for year, rows in _records_by_year(trade).items() if WORLD in rows)


def partner_names(trade: pd.DataFrame, year: int | None = None) -> list[str]:
    """The partners (not ``World``) with a row, in any year or in one year, largest turnover first."""
    by_year = _records_by_year(trade)
    chosen = [by_year.get(int(year), {})] if year is not None else list(by_year.values())
    size: dict[str, float] = {}
    for row in (r for rows in chosen for name, r in rows.items() if name != WORLD):
        value = _flow_value(row, "turnover")
        size[row["partner"]] = max(size.get(row["partner"], -1.0), -1.0 if value is NA else value)
    return sorted(size, key=lambda p: (-size[p], p))


@dataclass(frozen=True)
class Concentration:
    """HHI of partner concentration, as a range when the partner list is partial.

    ``low`` counts only the partners with figures (the rest of the world spread thinly);
    ``high`` adds the rest of the world as if it were one partner. The true HHI lies between
    them; both are equal when the listed partners cover the whole total. On the 0–1 scale.
    """

    low: Any
    high: Any
    covered_pct: Any
    n_partners: int
    note: str = ""

    @property
    def exact(self) -> bool:
        """True when the listed partners cover the whole total, so ``low == high``."""
        return self.low is not NA and self.high is not NA and abs(self.high - self.low) < 1e-12

    @property
    def low_10k(self) -> Any:
        """``low`` on the 0–10,000 scale."""
        return NA if self.low is NA else self.low * 10_000

    @property
    def high_10k(self) -> Any:
        """``high`` on the 0–10,000 scale."""
        return NA if self.high is NA else self.high * 10_000

    @property
    def normalised(self) -> Any:
        """Normalised HHI, only when the list is complete (otherwise the partner count is unknown)."""
        if not self.exact or self.n_partners < 1:
            return NA
        return hhi_normalised(self.low, self.n_partners)

    def describe(self) -> str:
        """The index in words, e.g. ``HHI between 0.12 and 0.31 (listed partners cover 58 %)``."""
        if self.low is NA:
            return "HHI cannot be computed" + (f": {self.note}" if self.note else ".")
        if self.exact:
            return f"HHI {self.low:.3f} (= {self.low_10k:,.0f} on the 0–10,000 scale)"
        if self.high is NA:
            return f"HHI at least {self.low:.3f} (= {self.low_10k:,.0f}); {self.note}"
        return (
            f"HHI between {self.low:.3f} and {self.high:.3f} "
            f"(= {self.low_10k:,.0f}–{self.high_10k:,.0f} on the 0–10,000 scale); the listed partners "
            f"cover {self.covered_pct:.0f} % of the total"
        )


@dataclass(frozen=True)
class Shares:
    """Partner shares of one flow in one year, with what is missing said out loud.

    ``table`` has one row per partner asked for: ``partner, group, value_usd_m, share_pct,
    reporter, source_id, status`` (status ``"figure"``, ``"missing"``, or ``"part of ..."`` for a
    country whose bloc, e.g. the European Union, is listed too and counted instead). ``missing`` lists the
    partners without a figure; ``rest_usd_m``/``rest_pct`` = world total − partners with figures.
    """

    year: int
    flow: str
    world_usd_m: Any
    table: pd.DataFrame
    missing: tuple[str, ...]
    rest_usd_m: Any
    rest_pct: Any
    world_source: str = ""
    warnings: tuple[str, ...] = field(default=())
    #: Shares (per cent) of the partners with a figure that were not asked for; with them the list is complete.
    others_pct: tuple[float, ...] = field(default=())
    #: True when the partners asked for plus ``others_pct`` add up to the world total: the HHI is exact.
    complete: bool = False

    @property
    def rest_label(self) -> str:
        """The name of the rest line: ``All other partners (N)`` for a complete table, else ``Rest of world (not itemised)``."""
        if self.complete:
            return f"{OTHER_PARTNERS} ({len(self.others_pct)})"
        return REST_OF_WORLD

    @property
    def covered_pct(self) -> Any:
        """Share of the world total covered by partners with figures."""
        if self.world_usd_m is NA or self.world_usd_m == 0:
            return NA
        return 100.0 * float(self.known["value_usd_m"].sum()) / self.world_usd_m

    @property
    def source_ids(self) -> list[str]:
        """Every source id behind the figures (world total first), without repeats."""
        ids: list[str] = []
        for cell in [self.world_source, *self.known["source_id"].tolist()]:
            for sid in str(cell or "").split(";"):
                sid = sid.strip()
                if sid and sid not in ids:
                    ids.append(sid)
        return ids

    def frame(self, include_rest: bool = True) -> pd.DataFrame:
        """The table, plus a labelled ``Rest of world (not itemised)`` row when asked."""
        return (self._with_rest if include_rest else self.table).copy()

    @cached_property
    def _with_rest(self) -> pd.DataFrame:
        table = self.table
        if self.rest_usd_m is not NA:
            status = (f"rest: the other {len(self.others_pct)} partners together" if self.complete
                      else "rest of world = world total − partners with figures")
            rest = pd.DataFrame(
                {
                    "partner": [self.rest_label],
                    "group": ["other"],
                    "value_usd_m": [self.rest_usd_m],
                    "share_pct": [self.rest_pct],
                    "reporter": [""],
                    "source_id": [""],
                    "status": [status],
                }
            )
            table = pd.concat([table, rest], ignore_index=True)
        return table.astype({"value_usd_m": "Float64", "share_pct": "Float64"})

    def concentration(self) -> Concentration:
        """HHI over the partners with figures: exact when the table lists every partner
        (``complete``), else a range (the rest of the world spread thinly, or as one partner)."""
        if self.complete:
            return _exact_concentration([*self.known["share_pct"].tolist(), *self.others_pct])
        return _concentration(self.known["share_pct"].tolist(), self.rest_pct, self.warnings)

    def share_of(self, partner: str) -> Any:
        """One partner's share (``pd.NA`` when missing or not asked for)."""
        return self._share_map.get(partner, NA)

    @cached_property
    def _share_map(self) -> dict[str, Any]:
        return {p: _num(v) for p, v in zip(self.table["partner"], self.table["share_pct"])}

    @cached_property
    def known(self) -> pd.DataFrame:
        """The rows with a figure (a bloc member counted inside its bloc is left out)."""
        return self.table[self.table["status"] == "figure"]


def _exact_concentration(all_pct: Sequence[float]) -> Concentration:
    """The HHI of a complete partner list (the shares add up to 100 %)."""
    index = round(sum((float(v) / 100.0) ** 2 for v in all_pct), 10)
    return Concentration(index, index, float(sum(all_pct)), len([v for v in all_pct if v > 0]))


def _concentration(known_pct: Sequence[float], rest_pct: Any, warnings: Sequence[str]) -> Concentration:
    n = len(known_pct)
    if rest_pct is NA:
        note = warnings[0] if warnings else "the world total is missing"
        return Concentration(NA, NA, NA, n, note)
    low = hhi(known_pct) if n else 0.0
    covered = float(sum(known_pct))
    high = round(low + (rest_pct / 100.0) ** 2, 10)
    if rest_pct < 1e-9:
        high = low
    note = "" if rest_pct < 1e-9 else f"{rest_pct:.1f} % of the total is not itemised by partner"
    return Concentration(low, high, covered, n, note)


def partner_shares(
    trade: pd.DataFrame,
    year: int,
    flow: str = "turnover",
    partners: Sequence[str] | None = None,
) -> Shares:
    """Each partner's share of Kazakhstan's exports, imports or turnover in one year.

    ``share = 100 × partner's flow / world total of that flow``; the world total is the
    ``World`` row. Partners asked for but without a figure are listed in ``.missing`` (never
    counted as zero) and their trade stays inside the rest-of-world line.

    >>> t = pd.DataFrame({"year": [2021] * 3, "partner": ["World", "A", "B"],
    ...                   "exports_usd_m": [100.0, 30.0, None]})
    >>> s = partner_shares(t, 2021, "exports")
    >>> s.share_of("A"), s.missing, s.rest_pct
    (30.0, ('B',), 70.0)
    """
    flow_column(flow)  # checks the flow name
    by_partner = _records_by_year(trade).get(int(year), {})
    warnings: list[str] = []

    world: Any = NA
    world_source = ""
    world_row = by_partner.get(WORLD)
    if world_row is None:
        warnings.append(f"no world total for {year}: shares cannot be computed")
    else:
        world = _flow_value(world_row, flow)
        world_source = _text(world_row.get("source_id"))
        if world is NA:
            warnings.append(f"the world total of {flow} for {year} is missing: shares cannot be computed")
        elif world == 0:
            warnings.append(f"the world total of {flow} for {year} is zero: shares are undefined")

    wanted = list(partners) if partners is not None else partner_names(trade, year)
    records = []
    missing: list[str] = []
    for name in wanted:
        if name == WORLD:
            continue
        row = by_partner.get(name)
        value = NA if row is None else _flow_value(row, flow)
        if value is NA:
            missing.append(name)
        group = "" if row is None else _text(row.get("partner_group"))
        if not group:
            group = actor_group(name)
        records.append(
            {
                "partner": name,
                "group": group,
                "value_usd_m": value,
                "share_pct": share(value, world) if world is not NA and world != 0 else NA,
                "reporter": "" if row is None else _text(row.get("reporter")),
                "source_id": "" if row is None else _text(row.get("source_id")),
                "status": "missing" if value is NA else "figure",
            }
        )
    with_figure = {r["partner"] for r in records if r["status"] == "figure"}
    for whole, members in CONTAINS.items():
        if whole not in with_figure:
            continue
        for record in records:
            if record["partner"] in members and record["status"] == "figure":
                record["status"] = f"part of {whole}"
                warnings.append(
                    f"{record['partner']} is part of the {whole}: its share is shown, but it is not "
                    "counted again in the rest of the world or in the HHI"
                )
    table = pd.DataFrame(
        records, columns=["partner", "group", "value_usd_m", "share_pct", "reporter", "source_id", "status"]
    ).astype({"value_usd_m": "Float64", "share_pct": "Float64"})

    asked = set(wanted)
    others = [] if world is NA or world == 0 else [
        _flow_value(r, flow) for name, r in by_partner.items() if name != WORLD and name not in asked
    ]
    others = [float(v) for v in others if v is not NA]
    rest: Any = NA
    rest_pct: Any = NA
    complete = False
    others_pct: tuple[float, ...] = ()
    if world is not NA and world != 0:
        known_sum = float(table.loc[table["status"] == "figure", "value_usd_m"].sum())
        if not missing and not any(r["status"].startswith("part of") for r in records) and not any(
            name in CONTAINS for name in by_partner
        ):
            complete = abs(world - known_sum - sum(others)) <= _COMPLETE_TOLERANCE * world
            if complete:
                others_pct = tuple(100.0 * v / world for v in others)
        rest = round(world - known_sum, 6)
        if rest < -0.005 * world:
            warnings.append(
                f"the listed partners add up to {known_sum:,.0f} USD m, more than the world total "
                f"({world:,.0f}): figures from different reporters (mirror data) do not add up"
            )
            rest = NA
        else:
            rest = max(rest, 0.0)
            rest_pct = 100.0 * rest / world
    return Shares(year, flow, world, table, tuple(missing), rest, rest_pct, world_source, tuple(warnings),
                  others_pct, complete)


def concentration(trade: pd.DataFrame, year: int, flow: str = "turnover") -> Concentration:
    """HHI range of partner concentration for one year and flow (all partners with figures).

    >>> t = pd.DataFrame({"year": [2022] * 3, "partner": ["World", "A", "B"],
    ...                   "imports_usd_m": [100.0, 50.0, 50.0]})
    >>> concentration(t, 2022, "imports").low
    0.5
    """
    return partner_shares(trade, year, flow).concentration()


def asymmetry_for(trade: pd.DataFrame, year: int, partner: str) -> Asymmetry:
    """Asymmetry of trade with one partner in one year, from the trade table.

    >>> t = pd.DataFrame({"year": [2020] * 2, "partner": ["World", "A"],
    ...                   "exports_usd_m": [200.0, 20.0], "imports_usd_m": [100.0, 40.0]})
    >>> asymmetry_for(t, 2020, "A").gap_pp
    30.0
    """
    imp = partner_shares(trade, year, "imports", [partner]).share_of(partner)
    exp = partner_shares(trade, year, "exports", [partner]).share_of(partner)
    return asymmetry(imp, exp)


def balances(trade: pd.DataFrame, year: int) -> pd.DataFrame:
    """Exports, imports and balance (exports − imports) per partner in one year; gaps stay gaps.

    >>> t = pd.DataFrame({"year": [2022], "partner": ["A"], "exports_usd_m": [5.0],
    ...                   "imports_usd_m": [2.0]})
    >>> balances(t, 2022)["balance_usd_m"].tolist()
    [3.0]
    """
    rows = _preferred(trade)
    rows = rows[rows["year"] == year]
    out = pd.DataFrame(
        {
            "partner": rows["partner"].tolist(),
            "exports_usd_m": [_num(v) for v in rows.get("exports_usd_m", pd.Series([NA] * len(rows)))],
            "imports_usd_m": [_num(v) for v in rows.get("imports_usd_m", pd.Series([NA] * len(rows)))],
        }
    )
    out["balance_usd_m"] = [trade_balance(e, i) for e, i in zip(out["exports_usd_m"], out["imports_usd_m"])]
    return out.astype({c: "Float64" for c in ("exports_usd_m", "imports_usd_m", "balance_usd_m")})


def year_on_year(trade: pd.DataFrame, partner: str, flow: str = "turnover") -> pd.DataFrame:
    """A partner's flow year by year with the change from the year before (never across a gap).

    >>> t = pd.DataFrame({"year": [2021, 2022, 2024], "partner": ["A"] * 3,
    ...                   "turnover_usd_m": [100.0, 120.0, 130.0]})
    >>> year_on_year(t, "A")["change_pct"].tolist()
    [<NA>, 20.0, <NA>]
    """
    rows = _preferred(trade)
    rows = rows[rows["partner"] == partner].sort_values("year")
    values = {int(r["year"]): _flow_value(r, flow) for r in rows.to_dict("records")}
    records = []
    for y in sorted(values):
        before = values.get(y - 1, NA)
        diff, pct = change(before, values[y])
        records.append({"year": y, "value_usd_m": values[y], "change_usd_m": diff, "change_pct": pct})
    out = pd.DataFrame(records, columns=["year", "value_usd_m", "change_usd_m", "change_pct"])
    return out.astype({"value_usd_m": "Float64", "change_usd_m": "Float64", "change_pct": "Float64"})


def share_shift(
    trade: pd.DataFrame, flow: str, year_from: int, year_to: int, partners: Sequence[str] | None = None
) -> pd.DataFrame:
    """Who gained and who lost share between two years: shares in each and the change in points.

    >>> t = pd.DataFrame({"year": [2021, 2021, 2023, 2023], "partner": ["World", "A"] * 2,
    ...                   "turnover_usd_m": [100.0, 20.0, 200.0, 30.0]})
    >>> share_shift(t, "turnover", 2021, 2023)["change_pp"].tolist()
    [-5.0]
    """
    names = list(partners) if partners is not None else sorted(
        set(partner_names(trade, year_from)) | set(partner_names(trade, year_to))
    )
    a = partner_shares(trade, year_from, flow, names)
    b = partner_shares(trade, year_to, flow, names)
    out = pd.DataFrame(
        {
            "partner": names,
            f"share_{year_from}_pct": [a.share_of(p) for p in names],
            f"share_{year_to}_pct": [b.share_of(p) for p in names],
        }
    )
    out["change_pp"] = [
        NA if (x is NA or y is NA) else round(y - x, 10)
        for x, y in zip(out.iloc[:, 1].tolist(), out.iloc[:, 2].tolist())
    ]
    return out.astype({c: "Float64" for c in out.columns[1:]})


# --------------------------------------------------------------------------- what-if


@dataclass(frozen=True)
class WhatIf:
    """A what-if: part of one partner's flow moved to others. Totals are conserved."""

    partner: str
    moved_pct: float
    moved_usd_m: float
    recipients: dict[str, float]
    before: pd.DataFrame  # partner, value_usd_m, share_pct (rest of world included)
    after: pd.DataFrame
    concentration_before: Concentration
    concentration_after: Concentration
    world_usd_m: float

    def frame(self) -> pd.DataFrame:
        """Before and after side by side: ``partner, before_pct, after_pct, change_pp``."""
        out = pd.DataFrame(
            {
                "partner": self.before["partner"],
                "before_usd_m": self.before["value_usd_m"],
                "after_usd_m": self.after["value_usd_m"],
                "before_pct": self.before["share_pct"],
                "after_pct": self.after["share_pct"],
            }
        )
        out["change_pp"] = out["after_pct"] - out["before_pct"]
        return out.astype({c: "Float64" for c in out.columns[1:]})


def what_if(shares: Shares, partner: str, moved_pct: float, to: Mapping[str, float] | None = None) -> WhatIf:
    """Move ``moved_pct`` % of one partner's flow to other partners, in the proportions ``to``.

    ``to`` maps recipient → weight (weights are rescaled to add up to 1); a name not in the
    table (for example ``REST_OF_WORLD`` or a new partner) is added. By default the moved trade
    goes to the other partners and the rest of the world in proportion to their current size.
    Each recipient gains ``moved × weight``; the world total does not change.

    >>> t = pd.DataFrame({"year": [2021] * 3, "partner": ["World", "A", "B"],
    ...                   "imports_usd_m": [100.0, 60.0, 40.0]})
    >>> w = what_if(partner_shares(t, 2021, "imports"), "A", 50, {"B": 1})
    >>> w.frame()["after_pct"].tolist()         # A, B, rest of world
    [30.0, 70.0, 0.0]
    """
    try:
        moved_pct = float(moved_pct)
    except (TypeError, ValueError):
        raise ValueError(f"the share to move must be a number between 0 and 100, got {moved_pct!r}") from None
    if not 0 <= moved_pct <= 100:
        raise ValueError(f"the share to move must be between 0 and 100 %, got {moved_pct}")
    if shares.world_usd_m is NA or shares.rest_usd_m is NA or shares.world_usd_m == 0:
        reason = shares.warnings[0] if shares.warnings else "the world total is missing"
        raise ValueError(f"no what-if for {shares.flow} in {shares.year}: {reason}")
    known = shares.known
    values = {p: float(v) for p, v in zip(known["partner"], known["value_usd_m"])}
    rest_key = shares.rest_label
    values[rest_key] = float(shares.rest_usd_m)
    if to is not None and REST_OF_WORLD in to and rest_key != REST_OF_WORLD:
        to = {(rest_key if name == REST_OF_WORLD else name): w for name, w in to.items()}
    if partner not in values:
        if partner in shares.table["partner"].tolist() and partner not in shares.missing:
            raise ValueError(f"{partner} is counted inside its bloc here: move trade from the bloc instead")
        if partner in shares.missing:
            raise ValueError(
                f"there is no {shares.flow} figure for {partner} in {shares.year}, so none of it can be moved"
            )
        raise ValueError(f"{partner} is not among the partners shown")

    if to is None:
        weights = {p: v for p, v in values.items() if p != partner}
        if sum(weights.values()) <= 0:
            weights = {rest_key: 1.0}
    else:
        weights = {}
        for name, w in to.items():
            w = _num(w)
            if w is NA or w < 0:
                raise ValueError(f"the weight for {name} must be a number ≥ 0, got {w!r}")
            if name == partner:
                raise ValueError(f"{partner} cannot receive its own trade")
            if name in shares.missing:
                raise ValueError(f"there is no {shares.flow} figure for {name} in {shares.year}: choose another recipient")
            if w > 0:
                weights[name] = float(w)
        if not weights:
            raise ValueError("choose at least one partner to receive the moved trade (a weight above 0)")
    total_w = sum(weights.values())
    moved = values[partner] * moved_pct / 100.0
    after = dict(values)
    after[partner] -= moved
    for name, w in weights.items():
        after[name] = after.get(name, 0.0) + moved * w / total_w
    names = list(values) + [n for n in after if n not in values]
    world = float(shares.world_usd_m)

    def table(vals: Mapping[str, float]) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "partner": pd.array(names, dtype="str"),
                "value_usd_m": pd.array([vals.get(n, 0.0) for n in names], dtype="Float64"),
                "share_pct": pd.array([100.0 * vals.get(n, 0.0) / world for n in names], dtype="Float64"),
            }
        )

    t_before, t_after = table(values), table(after)
    if abs(sum(after.values()) - sum(values.values())) > 1e-6 * max(world, 1.0):
        raise AssertionError("what-if did not conserve the total")  # pragma: no cover

    def conc(vals: Mapping[str, float]) -> Concentration:
        named = [100.0 * v / world for n, v in vals.items() if n != rest_key]
        if shares.complete:  # the other partners grow or shrink together, each in proportion to its size
            scale = vals.get(rest_key, 0.0) / values[rest_key] if values[rest_key] > 0 else 0.0
            return _exact_concentration([*named, *(v * scale for v in shares.others_pct)])
        return _concentration(named, 100.0 * vals.get(rest_key, 0.0) / world, ())

    return WhatIf(
        partner,
        moved_pct,
        moved,
        {n: w / total_w for n, w in weights.items()},
        t_before,
        t_after,
        conc(values),
        conc(after),
        world,
    )


# --------------------------------------------------------------------------- the full table: top N, groups, trends


def top_partners(trade: pd.DataFrame, year: int, flow: str = "turnover", n: int = 10) -> list[str]:
    """The ``n`` largest partners of one year by ``flow`` (ties by name), without ``World``.

    >>> t = pd.DataFrame({"year": [2024] * 4, "partner": ["World", "A", "B", "C"],
    ...                   "imports_usd_m": [100.0, 20.0, 50.0, 30.0]})
    >>> top_partners(t, 2024, "imports", 2)
    ['B', 'C']
    """
    flow_column(flow)
    rows = _records_by_year(trade).get(int(year), {})
    values = [(float(v), name) for name, r in rows.items() if name != WORLD for v in [_flow_value(r, flow)] if v is not NA]
    return [name for _, name in sorted(values, key=lambda item: (-item[0], item[1]))[: max(int(n), 0)]]


def flow_shares(trade: pd.DataFrame, year: int, flow: str = "turnover") -> dict[str, float]:
    """Every partner's share (per cent) of one year's flow, as a plain dict (fast; no gaps reported:
    use :func:`partner_shares` for that). Empty when the year has no world total.

    >>> t = pd.DataFrame({"year": [2024] * 3, "partner": ["World", "A", "B"], "imports_usd_m": [100.0, 60.0, 40.0]})
    >>> flow_shares(t, 2024, "imports")
    {'A': 60.0, 'B': 40.0}
    """
    flow_column(flow)
    rows = _records_by_year(trade).get(int(year), {})
    world = _flow_value(rows[WORLD], flow) if WORLD in rows else NA
    if world is NA or world == 0:
        return {}
    out = {}
    for name, row in rows.items():
        if name != WORLD:
            value = _flow_value(row, flow)
            if value is not NA:
                out[name] = 100.0 * float(value) / float(world)
    return out


def series_breaks(trade: pd.DataFrame) -> list[tuple[int, str, str]]:
    """Years where the source of the world total changes: ``(first year of the new source, old, new)``.

    A comparison across such a year compares two statistics, not only two years.

    >>> t = pd.DataFrame({"year": [2019, 2020], "partner": ["World"] * 2, "source_id": ["wits", "bns"]})
    >>> series_breaks(t)
    [(2020, 'wits', 'bns')]
    """
    world = trade[trade["partner"] == WORLD].sort_values("year")
    breaks, previous = [], None
    for year, source in zip(world["year"], world["source_id"]):
        if previous is not None and source != previous:
            breaks.append((int(year), str(previous), str(source)))
        previous = source
    return breaks


def crosses_break(trade: pd.DataFrame, year_from: int, year_to: int) -> bool:
    """True when a comparison between the two years crosses a change of source.

    >>> t = pd.DataFrame({"year": [2019, 2020], "partner": ["World"] * 2, "source_id": ["wits", "bns"]})
    >>> crosses_break(t, 2019, 2024), crosses_break(t, 2020, 2024)
    (True, False)
    """
    low, high = sorted((year_from, year_to))
    return any(low < year <= high for year, _, _ in series_breaks(trade))


def members_in(groups: pd.DataFrame, group: str, year: int) -> list[str]:
    """The ISO codes of a group's members in one year (``first_year``/``last_year`` respected).

    >>> g = pd.DataFrame({"group": ["G", "G"], "member_iso3": ["AAA", "BBB"],
    ...                   "first_year": [None, 2021], "last_year": [None, None]})
    >>> members_in(g, "G", 2020), members_in(g, "G", 2021)
    (['AAA'], ['AAA', 'BBB'])
    """
    rows = groups[groups["group"] == group]
    keep = []
    for iso, first, last in zip(rows["member_iso3"], rows["first_year"], rows["last_year"]):
        if (is_missing(first) or int(first) <= year) and (is_missing(last) or year <= int(last)):
            keep.append(str(iso))
    return keep


def view_groups(groups: pd.DataFrame) -> list[str]:
    """The groups of the group view, in their ``view_rank`` order (colour groups left out)."""
    ranked = groups.dropna(subset=["view_rank"]).drop_duplicates("group").sort_values("view_rank", kind="stable")
    return ranked["group"].astype(str).tolist()


def group_shares(trade: pd.DataFrame, groups: pd.DataFrame, year: int, flow: str = "turnover") -> Shares:
    """Shares of the partner groups of the group view, plus the rest of the world.

    Each partner counts once, in the first group (by ``view_rank``) it belongs to that year, so the
    bars add up to 100 %. A group that loses members to an earlier one is labelled so, e.g.
    ``EAEU without Russia``.

    >>> t = pd.DataFrame({"year": [2024] * 4, "partner": ["World", "R", "B", "X"],
    ...                   "partner_iso3": ["WLD", "RUS", "BLR", "XXX"], "turnover_usd_m": [100.0, 40.0, 10.0, 50.0]})
    >>> g = pd.DataFrame({"group": ["Russia", "EAEU", "EAEU"], "view_rank": [1, 2, 2],
    ...                   "member_iso3": ["RUS", "RUS", "BLR"], "first_year": [None] * 3, "last_year": [None] * 3})
    >>> group_shares(t, g, 2024).frame()[["partner", "share_pct"]].values.tolist()
    [['Russia', 40.0], ['EAEU without R', 10.0], ['All other partners (1)', 50.0]]
    """
    flow_column(flow)
    rows = _records_by_year(trade).get(int(year), {})
    world_row = rows.get(WORLD)
    world = _flow_value(world_row, flow) if world_row is not None else NA
    source = _text(world_row.get("source_id")) if world_row is not None else ""
    partners = [r for name, r in rows.items() if name != WORLD]
    value_of = {str(r["partner_iso3"]): (_flow_value(r, flow), str(r["partner"])) for r in partners}
    colour_of = {str(r["partner_iso3"]): _text(r.get("partner_group")) for r in partners}
    taken: dict[str, str] = {}
    records = []
    for group in view_groups(groups):
        members = [iso for iso in members_in(groups, group, year) if iso in value_of]
        earlier = [value_of[iso][1] for iso in members if iso in taken]
        own = [iso for iso in members if iso not in taken]
        for iso in own:
            taken[iso] = group
        total = sum(float(value_of[iso][0]) for iso in own if value_of[iso][0] is not NA)
        label = group + (f" without {', '.join(earlier)}" if earlier else "")
        records.append({"partner": label, "group": _group_colour(group, [colour_of[iso] for iso in own]),
                        "value_usd_m": total, "share_pct": share(total, world), "reporter": "Kazakhstan",
                        "source_id": source, "status": "figure", "members": tuple(value_of[iso][1] for iso in own)})
    rest_values = [float(v) for iso, (v, _) in value_of.items() if iso not in taken and v is not NA]
    table = pd.DataFrame(records, columns=["partner", "group", "value_usd_m", "share_pct", "reporter", "source_id",
                                           "status", "members"])
    table = table.astype({"value_usd_m": "Float64", "share_pct": "Float64"})
    warnings: tuple[str, ...] = ()
    if world is NA or world == 0:
        return Shares(year, flow, NA, table, (), NA, NA, source, (f"no world total of {flow} for {year}",))
    rest = max(world - float(table["value_usd_m"].sum()), 0.0)
    shares = Shares(year, flow, world, table, (), rest, 100.0 * rest / world, source, warnings,
                    tuple(100.0 * v / world for v in rest_values), True)
    return shares


def _group_colour(group: str, member_colours: Sequence[str]) -> str:
    """A group's colour: its own actor colour if it has one (Russia, China, EAEU), else its members' most common one."""
    own = actor_group(group)
    if own != "other":
        return own
    counted = [c for c in member_colours if c]
    return max(set(counted), key=counted.count) if counted else "other"


def share_trend(trade: pd.DataFrame, partner: str, flow: str = "turnover", groups: pd.DataFrame | None = None) -> pd.DataFrame:
    """One partner's (or one group's) share of a flow in every year: ``year, value_usd_m, share_pct, source_id``.

    A group counts all its members of that year (``EAEU`` includes Russia here). Years without
    a world total give <NA>.

    >>> t = pd.DataFrame({"year": [2021, 2021, 2022, 2022], "partner": ["World", "A"] * 2,
    ...                   "turnover_usd_m": [100.0, 20.0, 200.0, 30.0], "source_id": ["s"] * 4})
    >>> share_trend(t, "A")["share_pct"].tolist()
    [20.0, 15.0]
    """
    by_year = _records_by_year(trade)
    out = []
    is_group = groups is not None and partner in set(groups["group"])
    for year in years(trade):
        in_year = by_year.get(year, {})
        world_row = in_year.get(WORLD)
        world = _flow_value(world_row, flow) if world_row is not None else NA
        if is_group:
            members = set(members_in(groups, partner, year))  # type: ignore[arg-type]
            chosen = [r for name, r in in_year.items() if name != WORLD and str(r.get("partner_iso3")) in members]
        else:
            chosen = [in_year[partner]] if partner in in_year else []
        values = [_flow_value(r, flow) for r in chosen]
        value = NA if not values or any(v is NA for v in values) else float(sum(values))
        source = _text(world_row.get("source_id")) if world_row is not None else ""
        out.append({"year": year, "value_usd_m": value, "share_pct": share(value, world), "source_id": source})
    frame = pd.DataFrame(out, columns=["year", "value_usd_m", "share_pct", "source_id"])
    return frame.astype({"value_usd_m": "Float64", "share_pct": "Float64"})


def asymmetry_table(trade: pd.DataFrame, partner: str) -> pd.DataFrame:
    """Asymmetry with one partner in every year: shares of imports and exports, gap and ratio.

    >>> t = pd.DataFrame({"year": [2020] * 2, "partner": ["World", "A"],
    ...                   "exports_usd_m": [200.0, 20.0], "imports_usd_m": [100.0, 40.0]})
    >>> asymmetry_table(t, "A")[["import_share_pct", "export_share_pct", "gap_pp", "ratio"]].values.tolist()
    [[40.0, 10.0, 30.0, 4.0]]
    """
    records = []
    for year in years(trade):
        a = asymmetry(flow_shares(trade, year, "imports").get(partner, NA), flow_shares(trade, year, "exports").get(partner, NA))
        records.append({"year": year, "import_share_pct": a.import_share, "export_share_pct": a.export_share,
                        "gap_pp": a.gap_pp, "ratio": a.ratio})
    frame = pd.DataFrame(records, columns=["year", "import_share_pct", "export_share_pct", "gap_pp", "ratio"])
    return frame.astype({c: "Float64" for c in frame.columns[1:]})


def mirror_gap(own: object, mirror: object) -> tuple[Any, Any]:
    """How far a partner's (mirror) figure is from one's own: ``(mirror − own, mirror / own)``.

    >>> mirror_gap(24.2, 31.2)
    (7.0, 1.289...)
    """
    o, m = _num(own), _num(mirror)
    if o is NA or m is NA:
        return NA, NA
    return round(m - o, 6), (NA if o == 0 else m / o)


def quoted_vs_final(trade: pd.DataFrame, links: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Figures as quoted (facts.csv) beside the final statistics (the trade table) for the same year,
    partner and flow: ``fact_id, year, partner, flow, quoted_usd_bn, final_usd_bn, difference_pct``.

    ``links`` has ``fact_id, year, partner_iso3, flow`` (``data/trade_quoted_vs_final.csv``).
    """
    facts = facts.set_index("id")
    rows = _preferred(trade)
    out = []
    for link in links.to_dict("records"):
        fact_row = facts.loc[link["fact_id"]]
        year, flow = int(link["year"]), str(link["flow"])
        match = rows[(rows["year"] == year) & (rows["partner_iso3"] == link["partner_iso3"])]
        final = NA if match.empty else _flow_value(match.iloc[0].to_dict(), flow)
        quoted = float(fact_row["value"])
        final_bn = NA if final is NA else final / 1000
        out.append({
            "fact_id": link["fact_id"], "year": year,
            "partner": "" if match.empty else str(match["partner"].iloc[0]), "flow": flow,
            "quoted_usd_bn": quoted, "final_usd_bn": final_bn,
            "difference_pct": NA if final_bn is NA else 100.0 * (quoted - final_bn) / final_bn,
            "source_id": str(fact_row["source_id"]),
        })
    frame = pd.DataFrame(out, columns=["fact_id", "year", "partner", "flow", "quoted_usd_bn", "final_usd_bn",
                                       "difference_pct", "source_id"])
    return frame.astype({"quoted_usd_bn": "Float64", "final_usd_bn": "Float64", "difference_pct": "Float64"})


# --------------------------------------------------------------------------- exercise answers
# No-argument functions that compute an exercise's answer from data/trade.csv, named in
# data/exercises/trade.yml and forecasts.yml as ``computed: "kzlesson.trade:<name>"``.
# The data change, the answer follows.


def _trade_table() -> pd.DataFrame:
    from kzlesson.data import load_trade

    return load_trade()


def _required_number(value: Any, what: str) -> float:
    if value is NA:
        raise ValueError(f"data/trade.csv has no figure for {what}: the exercise cannot be computed")
    return float(value)


def _share(year: int, flow: str, partner: str) -> float:
    s = partner_shares(_trade_table(), year, flow, [partner])
    return _required_number(s.share_of(partner), f"{partner}'s {flow} in {year}")


def russia_import_share_2021() -> float:
    """Russia's share of Kazakhstan's imports in 2021, in per cent."""
    return _share(2021, "imports", "Russia")


def russia_import_share_change_2021_2024() -> float:
    """Change in Russia's share of Kazakhstan's imports from 2021 to 2024, in percentage points."""
    return _share(2024, "imports", "Russia") - _share(2021, "imports", "Russia")


def hhi_turnover_2024() -> float:
    """Exact HHI (0–10,000 scale) of Kazakhstan's 2024 turnover over every partner."""
    conc = partner_shares(_trade_table(), 2024, "turnover").concentration()
    if not conc.exact:
        raise ValueError("the 2024 partner list is not complete: the HHI is not exact")
    return float(conc.low_10k)


def china_overtakes_russia_year() -> float:
    """The first year in the table in which Kazakhstan's turnover with China exceeds that with Russia."""
    trade = _trade_table()
    for year in years(trade):
        s = partner_shares(trade, year, "turnover", ["China", "Russia"])
        china, russia = s.share_of("China"), s.share_of("Russia")
        if china is not NA and russia is not NA and china > russia:
            return float(year)
    raise ValueError("China never passes Russia in data/trade.csv")


def china_share_after_what_if_2024() -> float:
    """China's share of 2024 turnover after moving half of Russia's turnover to China (per cent)."""
    s = partner_shares(_trade_table(), 2024, "turnover", top_partners(_trade_table(), 2024, "turnover", 10))
    after = what_if(s, "Russia", 50, {"China": 1}).after.set_index("partner")["share_pct"]
    return float(after["China"])


def eu_export_share_2024() -> float:
    """The EU-27's share of Kazakhstan's 2024 exports, in per cent (members from data/trade_groups.csv)."""
    from kzlesson.data import load_trade_groups

    table = group_shares(_trade_table(), load_trade_groups(), 2024, "exports").table
    return _required_number(_num(table.loc[table["partner"] == "EU-27", "share_pct"].iloc[0]), "EU-27 exports 2024")


def china_share_change_2019_2024() -> float:
    """Change in China's share of Kazakhstan's turnover from 2019 (WITS) to 2024 (BNS), in points."""
    return _share(2024, "turnover", "China") - _share(2019, "turnover", "China")


def china_mirror_ratio_2022() -> float:
    """Chinese customs' 2022 trade with Kazakhstan (facts.csv) over the BNS final turnover with China."""
    from kzlesson.data import fact

    chinese = float(fact("china-trade-2022-chinese-customs")["value"]) * 1000
    s = partner_shares(_trade_table(), 2022, "turnover", ["China"])
    own = _required_number(s.table["value_usd_m"].iloc[0], "China's 2022 turnover")
    return chinese / own


def russia_turnover_change_2021_2024() -> float:
    """Per cent change of Kazakhstan's turnover with Russia from 2021 to 2024."""
    trade = _trade_table()
    a = partner_shares(trade, 2021, "turnover", ["Russia"]).table["value_usd_m"].iloc[0]
    b = partner_shares(trade, 2024, "turnover", ["Russia"]).table["value_usd_m"].iloc[0]
    return _required_number(change(a, b)[1], "Russia's turnover in 2021 or 2024")


def china_turnover_change_2021_2024() -> float:
    """Per cent change of Kazakhstan's turnover with China from 2021 to 2024."""
    trade = _trade_table()
    a = partner_shares(trade, 2021, "turnover", ["China"]).table["value_usd_m"].iloc[0]
    b = partner_shares(trade, 2024, "turnover", ["China"]).table["value_usd_m"].iloc[0]
    return _required_number(change(a, b)[1], "China's turnover in 2021 or 2024")
