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

import pandas as pd

from kzlesson.style import actor_group

FLOWS: tuple[str, ...] = ("exports", "imports", "turnover")
WORLD = "World"
REST_OF_WORLD = "Rest of world (not itemised)"
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
    world = trade[trade["partner"] == WORLD]
    return sorted(int(y) for y in world["year"].unique())


def partner_names(trade: pd.DataFrame, year: int | None = None) -> list[str]:
    """The partners (not ``World``) with a row, in any year or in one year, largest turnover first."""
    rows = _preferred(trade)
    if year is not None:
        rows = rows[rows["year"] == year]
    rows = rows[rows["partner"] != WORLD]
    size: dict[str, float] = {}
    for row in rows.to_dict("records"):
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
            rest = pd.DataFrame(
                {
                    "partner": [REST_OF_WORLD],
                    "group": ["other"],
                    "value_usd_m": [self.rest_usd_m],
                    "share_pct": [self.rest_pct],
                    "reporter": [""],
                    "source_id": [""],
                    "status": ["rest of world = world total − partners with figures"],
                }
            )
            table = pd.concat([table, rest], ignore_index=True)
        return table.astype({"value_usd_m": "Float64", "share_pct": "Float64"})

    def concentration(self) -> Concentration:
        """HHI range over the partners with figures plus the rest of the world."""
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
    rows = _preferred(trade)
    rows = rows[rows["year"] == year]
    by_partner = {str(r["partner"]): r for r in rows.to_dict("records")}
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

    rest: Any = NA
    rest_pct: Any = NA
    if world is not NA and world != 0:
        known_sum = float(table.loc[table["status"] == "figure", "value_usd_m"].sum())
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
    return Shares(year, flow, world, table, tuple(missing), rest, rest_pct, world_source, tuple(warnings))


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
    values[REST_OF_WORLD] = float(shares.rest_usd_m)
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
            weights = {REST_OF_WORLD: 1.0}
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
        named = [100.0 * v / world for n, v in vals.items() if n != REST_OF_WORLD]
        return _concentration(named, 100.0 * vals.get(REST_OF_WORLD, 0.0) / world, ())

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


# --------------------------------------------------------------------------- exercise answers
# No-argument functions that compute an exercise's answer from data/trade.csv, named in
# data/exercises/trade.yml as ``computed: "kzlesson.trade:<name>"``. The data change, the answer follows.


def _trade_table() -> pd.DataFrame:
    from kzlesson.data import load_trade

    return load_trade()


def _required_number(value: Any, what: str) -> float:
    if value is NA:
        raise ValueError(f"data/trade.csv has no figure for {what}: the exercise cannot be computed")
    return float(value)


def russia_import_share_2020() -> float:
    """Russia's share of Kazakhstan's imports in 2020, in per cent (imports from Russia / all imports)."""
    s = partner_shares(_trade_table(), 2020, "imports", ["Russia"])
    return _required_number(s.share_of("Russia"), "imports from Russia in 2020")


def hhi_three_partners_2022() -> float:
    """HHI on the 0–10,000 scale of the 2022 turnover shares of Russia, China and the EU only."""
    names = ["Russia", "China", "European Union"]
    s = partner_shares(_trade_table(), 2022, "turnover", names)
    shares = [_required_number(s.share_of(p), f"{p}'s 2022 turnover") for p in names]
    return float(hhi(shares, scale=10_000))


def china_share_after_what_if_2022() -> float:
    """China's share of 2022 turnover after moving half of Russia's turnover to China (per cent)."""
    s = partner_shares(_trade_table(), 2022, "turnover")
    after = what_if(s, "Russia", 50, {"China": 1}).after.set_index("partner")["share_pct"]
    return float(after["China"])


def russia_share_change_2021_2023() -> float:
    """Change in Russia's share of Kazakhstan's turnover from 2021 to 2023, in percentage points."""
    shift = share_shift(_trade_table(), "turnover", 2021, 2023, ["Russia"])
    return _required_number(_num(shift["change_pp"].iloc[0]), "Russia's turnover in 2021 or 2023")
