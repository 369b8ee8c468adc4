"""The full trade table's loaders (trade.csv, trade_groups.csv, trade_totals.csv and the links of
quoted figures to final ones): real types, the derived World rows, and bad cells refused with one
DataError naming file, line, column and what was expected (the tiny folder of test_data_loaders)."""

from __future__ import annotations

import pandas as pd
import pytest

from kzlesson import data
from tests.test_data_loaders import GROUPS, LINKS, TOTALS, TRADE, folder, refused  # noqa: F401 (fixture)


def test_full_table_types_world_rows_and_colours(folder) -> None:
    trade = data.load_trade()
    world = trade[trade["partner"].eq("World")]
    assert len(world) == 1 and world["partner_iso3"].item() == "WLD"
    # the three partners add up: 9772.50563304 + 7018.74576433 + 0.1065787
    assert float(world["exports_usd_m"].item()) == pytest.approx(16791.35797607)
    assert str(trade["exports_usd_m"].dtype) == "Float64" and str(trade["year"].dtype) == "Int64"
    colours = dict(zip(trade["partner"], trade["partner_group"]))
    assert colours["Russia"] == "Russia" and colours["China"] == "China" and colours["Angola"] == "other"
    assert trade["locator"].iloc[1].startswith("exports: x.csv@")
    groups = data.load_trade_groups()
    assert groups.loc[groups["member_iso3"].eq("ARM"), "first_year"].item() == 2015
    assert pd.isna(groups.loc[groups["group"].eq("the West"), "view_rank"]).all()
    totals = data.load_trade_totals()
    assert float(totals["imports_usd_m"].item()) == 25838.0
    links = data.load_trade_quoted_links()
    assert links["flow"].tolist() == ["turnover"]


@pytest.mark.parametrize(
    ("old", "new", "parts"),
    [
        ("2021,CHN,China", "2021,CN,China", ("trade.csv:2:partner_iso3", "ISO 3166", "'CN'")),
        ("2021,AGO,Angola", "2021,CHN,Angola", ("trade.csv:4:partner_iso3", "one row per year and partner", "line 2")),
        ("2021,AGO,Angola", "21,AGO,Angola", ("trade.csv:4:year", "YYYY")),
        ("2021,RUS,Russia", "2021,RUS,", ("trade.csv:3:partner", "name")),
        ("7018.74576433,17605.5", "-7018.74576433,17605.5", ("trade.csv:3:exports_usd_m", ">= 0")),
        ("0.1065787,0.0,0.1065787", "0.1065787,,0.1065787", ("trade.csv:4:imports_usd_m", "never empty")),
        ("0.1065787,0.0,0.1065787", "0.1065787,0.0,0.2", ("trade.csv:4:turnover_usd_m", "exports + imports")),
        ("9772.50563304,8232.5,18005.00563304", "9772.6,8232.5,18005.1", ("trade.csv:2:exports_usd_m", "exports_thousand_usd / 1000")),
        ("106.5787,,seed2022", "106.5787,12,seed2022", ("trade.csv:4:imports_usd_m", "imports_thousand_usd / 1000 (0.012)")),
        ("0.1065787,0.0,0.1065787,", "0.1065787,0.5,0.6065787,", ("trade.csv:4:imports_usd_m", "no flow: 0")),
        ("106.5787,,seed2022", "106.5787,,undated2022", ("trade.csv:4:source_id", "one source per year", "line 2")),
        ("106.5787,,seed2022", "106.5787,,nosuch", ("trade.csv:4:source_id", "sources.csv", "nosuch")),
        ("x.csv@4384ebd481396b3425986e024c69934f4f20c6b5,m.csv@826002bcfdb4eb42d65d24e83a0846b38e53bdd7,/ 1000\n2021,AGO",
         "x.csv@4384ebd,m.csv@826002bcfdb4eb42d65d24e83a0846b38e53bdd7,/ 1000\n2021,AGO", ("trade.csv:3:exports_locator", "path@commit")),
    ],
)
def test_bad_trade_cells_are_refused(folder, old: str, new: str, parts: tuple[str, ...]) -> None:
    assert old in TRADE
    folder("trade.csv", TRADE.replace(old, new, 1))
    refused(data.load_trade, *parts)


def test_world_row_in_the_file_is_refused(folder) -> None:
    folder("trade.csv", TRADE.replace("2021,AGO,Angola", "2021,WLD,World"))
    refused(data.load_trade, "trade.csv:4:partner_iso3", "not WLD")


@pytest.mark.parametrize(
    ("old", "new", "parts"),
    [
        ("EAEU,2,ARM", "EAEU,3,ARM", ("trade_groups.csv:4:view_rank", "same view_rank", "line 3")),
        ("EAEU,2,ARM", "EAEU,second,ARM", ("trade_groups.csv:4:view_rank", "whole number")),
        ("EAEU,2,ARM", "EAEU,2,RUS", ("trade_groups.csv:4:member_iso3", "each member once", "line 3")),
        ("ARM,2015,,", "ARM,2015,2014,", ("trade_groups.csv:4:last_year", "on or after first_year")),
        ("EAEU,2,RUS,,,seed2022", "EAEU,2,RUS,,,", ("trade_groups.csv:3:source_id", "a source for the membership")),
        ("the West,,DEU", "the West,,Germany", ("trade_groups.csv:5:member_iso3", "alpha-3")),
    ],
)
def test_bad_group_cells_are_refused(folder, old: str, new: str, parts: tuple[str, ...]) -> None:
    assert old in GROUPS
    folder("trade_groups.csv", GROUPS.replace(old, new, 1))
    refused(data.load_trade_groups, *parts)


def test_a_partner_in_two_colour_groups_is_refused(folder) -> None:
    folder("trade_groups.csv", GROUPS + "neighbours,,DEU,,,,\n")
    refused(data.load_trade_groups, "trade_groups.csv:6:member_iso3", "one colour group only", "line 5")


def test_bad_totals_and_links_are_refused(folder) -> None:
    folder("trade_totals.csv", TOTALS.replace("16791.3", "16,791.3"))
    refused(data.load_trade_totals, "trade_totals.csv:2", "quote cells that contain commas")
    folder("trade_totals.csv", TOTALS.replace("16791.3", "16.8bn"))
    refused(data.load_trade_totals, "trade_totals.csv:2:exports_usd_m", "USD millions", "16.8bn")
    folder("trade_totals.csv", TOTALS)
    folder("trade_quoted_vs_final.csv", LINKS.replace("trade-china", "trade-chin"))
    refused(data.load_trade_quoted_links, "trade_quoted_vs_final.csv:2:fact_id", "did you mean 'trade-china'")
    folder("trade_quoted_vs_final.csv", LINKS.replace("share-imports", "x").replace("trade-china", "share-imports"))
    refused(data.load_trade_quoted_links, "trade_quoted_vs_final.csv:2:fact_id", "USD bn")
    folder("trade_quoted_vs_final.csv", LINKS.replace("CHN", "KOR"))
    refused(data.load_trade_quoted_links, "trade_quoted_vs_final.csv:2:partner_iso3", "a row in trade.csv for 2021")
    folder("trade_quoted_vs_final.csv", LINKS.replace("turnover", "transit"))
    refused(data.load_trade_quoted_links, "trade_quoted_vs_final.csv:2:flow", "exports, imports, turnover")


def test_missing_groups_file_is_named_when_the_trade_table_loads(folder, tmp_path) -> None:
    (tmp_path / "trade_groups.csv").unlink()
    refused(data.load_trade, "trade_groups.csv", "no such file")
