"""Trade measures (kzlesson.trade): each against values worked out by hand from small numbers.

The tables here follow the schema of data/trade.csv; the expected values are computed in the
comments next to them, never copied from a run.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kzlesson import trade as tr
from kzlesson.trade import NA, REST_OF_WORLD

COLUMNS = [
    "year", "partner", "partner_group", "reporter", "exports_usd_m", "imports_usd_m",
    "turnover_usd_m", "preferred", "source_id", "locator", "note",
]


def table(rows: list[tuple]) -> pd.DataFrame:
    """rows: (year, partner, exports, imports, turnover[, preferred]) -> a trade table."""
    records = []
    for row in rows:
        year, partner, e, i, t, *rest = row
        records.append(
            {
                "year": year, "partner": partner, "partner_group": "",
                "reporter": "Kazakhstan", "exports_usd_m": e, "imports_usd_m": i,
                "turnover_usd_m": t, "preferred": rest[0] if rest else True,
                "source_id": f"src-{partner.lower()}", "locator": "", "note": "",
            }
        )
    frame = pd.DataFrame(records, columns=COLUMNS)
    for col in ("exports_usd_m", "imports_usd_m", "turnover_usd_m"):
        frame[col] = frame[col].astype("Float64")
    return frame


# World 200 exports / 100 imports; R sells little to us and supplies a lot; C balanced; G gap.
SMALL = table(
    [
        (2021, "World", 200.0, 100.0, 300.0),
        (2021, "R", 20.0, 40.0, None),  # turnover not given: 20 + 40 = 60
        (2021, "C", 30.0, 30.0, 60.0),
        (2021, "G", None, None, 45.0),  # turnover only: the split is missing
        (2022, "World", 250.0, 150.0, 400.0),
        (2022, "R", 25.0, 30.0, 55.0),
        (2022, "C", 50.0, 40.0, 90.0),
    ]
)


# --------------------------------------------------------------------------- scalars


def test_share_is_value_over_total_in_percent() -> None:
    assert tr.share(40, 160) == pytest.approx(25.0)  # 40/160 = 0.25
    assert tr.share(0, 50) == 0.0


def test_share_with_a_gap_or_a_zero_total_is_missing_not_zero() -> None:
    assert tr.share(None, 100) is NA
    assert tr.share(float("nan"), 100) is NA
    assert tr.share(10, pd.NA) is NA
    assert tr.share(10, 0) is NA


def test_share_rejects_negative_figures() -> None:
    with pytest.raises(ValueError, match="negative"):
        tr.share(-1, 10)


def test_hhi_on_both_scales() -> None:
    # 0.6² + 0.4² = 0.36 + 0.16 = 0.52 ; on the 0–10,000 scale 60² + 40² = 5,200
    assert tr.hhi([60, 40]) == pytest.approx(0.52)
    assert tr.hhi([60, 40], scale=10_000) == pytest.approx(5200)


def test_hhi_single_partner_is_complete_concentration() -> None:
    assert tr.hhi([100]) == pytest.approx(1.0)
    assert tr.hhi_normalised(1.0, 1) == 1.0


def test_hhi_equal_shares_is_one_over_n_and_normalises_to_zero() -> None:
    # four partners at 25 %: 4 × 0.0625 = 0.25 = 1/4
    h = tr.hhi([25, 25, 25, 25])
    assert h == pytest.approx(0.25)
    assert tr.hhi_normalised(h, 4) == pytest.approx(0.0)


def test_hhi_normalised_formula() -> None:
    # (0.52 − 1/2) / (1 − 1/2) = 0.02 / 0.5 = 0.04
    assert tr.hhi_normalised(0.52, 2) == pytest.approx(0.04)


def test_hhi_with_a_missing_share_is_missing() -> None:
    assert tr.hhi([50, None]) is NA
    assert tr.hhi_normalised(NA, 3) is NA


def test_hhi_rejects_shares_over_100_percent_and_bad_scales() -> None:
    with pytest.raises(ValueError, match="more than 100"):
        tr.hhi([70, 50])
    with pytest.raises(ValueError, match="scale"):
        tr.hhi([50], scale=100)


def test_hhi_of_nothing_is_zero() -> None:
    assert tr.hhi([]) == 0.0


def test_trade_balance_and_gaps() -> None:
    assert tr.trade_balance(30, 45) == pytest.approx(-15)  # a deficit
    assert tr.trade_balance(None, 45) is NA


def test_change_absolute_and_percent() -> None:
    diff, pct = tr.change(80, 100)  # +20, 20/80 = 25 %
    assert diff == pytest.approx(20) and pct == pytest.approx(25)
    diff, pct = tr.change(0, 5)  # from zero: the percentage is undefined
    assert diff == pytest.approx(5) and pct is NA
    assert tr.change(None, 5) == (NA, NA)


def test_asymmetry_gap_and_ratio() -> None:
    # imports share 40 %, exports share 10 %: gap 30 points, ratio 4
    a = tr.asymmetry(40, 10)
    assert a.gap_pp == pytest.approx(30) and a.ratio == pytest.approx(4)
    assert "supplier" in a.reading("R")


def test_asymmetry_with_gap_or_zero_export_share() -> None:
    a = tr.asymmetry(None, 10)
    assert a.gap_pp is NA and a.ratio is NA
    assert "cannot be measured" in a.reading("R")
    b = tr.asymmetry(5, 0)
    assert b.gap_pp == pytest.approx(5) and b.ratio is NA


def test_mutual_dependence_each_side() -> None:
    # 30 of our 120 = 25 %; 30 of their 600 = 5 %; we depend 5 times more
    m = tr.mutual_dependence(30, 120, 600)
    assert m.reporter_share == pytest.approx(25)
    assert m.partner_share == pytest.approx(5)
    assert m.ratio == pytest.approx(5)


def test_mutual_dependence_unknown_partner_total() -> None:
    m = tr.mutual_dependence(30, 120, None)
    assert m.reporter_share == pytest.approx(25)
    assert m.partner_share is NA and m.ratio is NA


# --------------------------------------------------------------------------- tables


def test_partner_shares_of_exports_with_a_gap() -> None:
    s = tr.partner_shares(SMALL, 2021, "exports", ["R", "C", "G"])
    assert s.share_of("R") == pytest.approx(10.0)  # 20/200
    assert s.share_of("C") == pytest.approx(15.0)  # 30/200
    assert s.share_of("G") is NA  # no split: missing, not zero
    assert s.missing == ("G",)
    assert s.rest_usd_m == pytest.approx(150.0)  # 200 − 20 − 30
    assert s.rest_pct == pytest.approx(75.0)
    assert s.covered_pct == pytest.approx(25.0)


def test_partner_shares_turnover_falls_back_to_exports_plus_imports() -> None:
    s = tr.partner_shares(SMALL, 2021, "turnover", ["R", "C", "G"])
    assert s.share_of("R") == pytest.approx(20.0)  # (20 + 40) / 300
    assert s.share_of("G") == pytest.approx(15.0)  # 45/300
    assert s.missing == ()
    assert s.rest_usd_m == pytest.approx(135.0)  # 300 − 60 − 60 − 45


def test_rest_of_world_row_is_labelled() -> None:
    frame = tr.partner_shares(SMALL, 2021, "exports", ["R", "C", "G"]).frame()
    assert frame["partner"].iloc[-1] == REST_OF_WORLD
    assert "world total" in frame["status"].iloc[-1]
    assert frame.loc[frame["partner"] == "G", "status"].item() == "missing"
    # the missing partner stays <NA>, never 0
    assert frame.loc[frame["partner"] == "G", "value_usd_m"].isna().item()


def test_partner_not_in_table_is_reported_missing() -> None:
    s = tr.partner_shares(SMALL, 2022, "imports", ["R", "Nowhere"])
    assert s.missing == ("Nowhere",)
    assert s.share_of("R") == pytest.approx(20.0)  # 30/150


def test_no_world_total_gives_missing_shares_and_says_why() -> None:
    t = table([(2020, "R", 5.0, 5.0, 10.0)])
    s = tr.partner_shares(t, 2020, "exports", ["R"])
    assert s.share_of("R") is NA
    assert s.rest_pct is NA
    assert any("world total" in w for w in s.warnings)
    c = s.concentration()
    assert c.low is NA and "cannot" in c.describe()


def test_zero_world_total() -> None:
    t = table([(2020, "World", 0.0, 0.0, 0.0), (2020, "R", 0.0, 0.0, 0.0)])
    s = tr.partner_shares(t, 2020, "exports", ["R"])
    assert s.share_of("R") is NA
    assert any("zero" in w for w in s.warnings)


def test_partners_adding_up_to_more_than_the_world_are_flagged() -> None:
    t = table([(2020, "World", 100.0, 100.0, 200.0), (2020, "A", 80.0, 1.0, None), (2020, "B", 40.0, 1.0, None)])
    s = tr.partner_shares(t, 2020, "exports")
    assert s.rest_usd_m is NA
    assert any("more than the world total" in w for w in s.warnings)
    assert s.concentration().low is NA


def test_only_preferred_rows_are_used() -> None:
    t = table(
        [
            (2021, "World", 100.0, 100.0, 200.0),
            (2021, "A", 10.0, 10.0, 20.0, False),  # a second, not preferred, report
            (2021, "A", 30.0, 10.0, 40.0, True),
        ]
    )
    assert tr.partner_shares(t, 2021, "exports", ["A"]).share_of("A") == pytest.approx(30.0)


def test_concentration_range_on_a_partial_list() -> None:
    # exports 2021: R 10 %, C 15 %, rest 75 % (G missing)
    c = tr.partner_shares(SMALL, 2021, "exports", ["R", "C", "G"]).concentration()
    low = 0.10**2 + 0.15**2  # 0.0325: rest spread thinly
    high = low + 0.75**2  # 0.6: rest as a single partner
    assert c.low == pytest.approx(low)
    assert c.high == pytest.approx(high)
    assert c.low_10k == pytest.approx(325)
    assert not c.exact
    assert c.normalised is NA  # partner count unknown on a partial list
    assert "between" in c.describe()


def test_concentration_exact_when_partners_cover_the_total() -> None:
    t = table([(2022, "World", 100.0, 100.0, 200.0), (2022, "A", 50.0, 20.0, None), (2022, "B", 50.0, 80.0, None)])
    c = tr.concentration(t, 2022, "imports")  # 0.2² + 0.8² = 0.04 + 0.64 = 0.68
    assert c.exact
    assert c.low == pytest.approx(0.68) and c.high == pytest.approx(0.68)
    assert c.normalised == pytest.approx((0.68 - 0.5) / 0.5)  # 0.36


def test_concentration_single_partner() -> None:
    t = table([(2022, "World", 70.0, 10.0, 80.0), (2022, "A", 70.0, 10.0, 80.0)])
    c = tr.concentration(t, 2022, "exports")
    assert c.low == pytest.approx(1.0) and c.exact and c.normalised == 1.0


def test_asymmetry_from_the_table() -> None:
    # R 2021: imports 40/100 = 40 %, exports 20/200 = 10 % -> gap 30, ratio 4
    a = tr.asymmetry_for(SMALL, 2021, "R")
    assert a.gap_pp == pytest.approx(30) and a.ratio == pytest.approx(4)
    assert tr.asymmetry_for(SMALL, 2021, "G").gap_pp is NA


def test_balances_keep_gaps() -> None:
    b = tr.balances(SMALL, 2021).set_index("partner")
    assert b.loc["R", "balance_usd_m"] == pytest.approx(-20)  # 20 − 40
    assert b.loc["World", "balance_usd_m"] == pytest.approx(100)  # 200 − 100
    assert pd.isna(b.loc["G", "balance_usd_m"])


def test_year_on_year_never_bridges_a_gap() -> None:
    t = table([(2020, "A", None, None, 50.0), (2021, "A", None, None, 60.0), (2023, "A", None, None, 90.0)])
    y = tr.year_on_year(t, "A")
    assert y["year"].tolist() == [2020, 2021, 2023]
    assert pd.isna(y["change_pct"].iloc[0])
    assert y["change_usd_m"].iloc[1] == pytest.approx(10) and y["change_pct"].iloc[1] == pytest.approx(20)
    assert pd.isna(y["change_pct"].iloc[2])  # 2022 missing: no change reported for 2023


def test_share_shift_between_years() -> None:
    s = tr.share_shift(SMALL, "turnover", 2021, 2022, ["R", "C", "G"]).set_index("partner")
    # R: 60/300 = 20 % -> 55/400 = 13.75 %: −6.25 points; C: 20 % -> 22.5 %: +2.5
    assert s.loc["R", "change_pp"] == pytest.approx(-6.25)
    assert s.loc["C", "change_pp"] == pytest.approx(2.5)
    assert pd.isna(s.loc["G", "change_pp"])  # no 2022 figure for G


def test_flow_names_are_checked() -> None:
    with pytest.raises(ValueError, match="flow must be one of"):
        tr.partner_shares(SMALL, 2021, "re-exports")


# --------------------------------------------------------------------------- what-if


def test_what_if_moves_trade_and_conserves_the_total() -> None:
    # imports 2022: world 150, R 30, C 40, rest 80. Move half of R (15) to C.
    s = tr.partner_shares(SMALL, 2022, "imports", ["R", "C"])
    w = tr.what_if(s, "R", 50, {"C": 1})
    f = w.frame().set_index("partner")
    assert w.moved_usd_m == pytest.approx(15)
    assert f.loc["R", "after_usd_m"] == pytest.approx(15)
    assert f.loc["C", "after_usd_m"] == pytest.approx(55)
    assert f.loc["R", "after_pct"] == pytest.approx(10)  # 15/150
    assert f.loc["C", "after_pct"] == pytest.approx(100 * 55 / 150)
    assert f["after_usd_m"].sum() == pytest.approx(150)
    assert f["before_usd_m"].sum() == pytest.approx(150)
    assert f["after_pct"].sum() == pytest.approx(100)


def test_what_if_concentration_before_and_after() -> None:
    t = table([(2022, "World", 100.0, 100.0, 200.0), (2022, "A", 10.0, 60.0, None), (2022, "B", 10.0, 40.0, None)])
    w = tr.what_if(tr.partner_shares(t, 2022, "imports"), "A", 100 / 6, {"B": 1})  # move 10 of A's 60
    # before 0.6² + 0.4² = 0.52; after 0.5² + 0.5² = 0.5
    assert w.concentration_before.low == pytest.approx(0.52)
    assert w.concentration_after.low == pytest.approx(0.50)


def test_what_if_split_in_proportions_including_rest_of_world() -> None:
    s = tr.partner_shares(SMALL, 2022, "imports", ["R", "C"])
    w = tr.what_if(s, "R", 100, {"C": 1, REST_OF_WORLD: 3})  # 30 moved: C +7.5, rest +22.5
    f = w.frame().set_index("partner")
    assert f.loc["C", "after_usd_m"] == pytest.approx(47.5)
    assert f.loc[REST_OF_WORLD, "after_usd_m"] == pytest.approx(102.5)
    assert f.loc["R", "after_usd_m"] == pytest.approx(0)
    assert f["after_usd_m"].sum() == pytest.approx(150)


def test_what_if_default_goes_to_others_in_proportion() -> None:
    s = tr.partner_shares(SMALL, 2022, "imports", ["R", "C"])  # C 40, rest 80 -> 1 : 2
    w = tr.what_if(s, "R", 30, None)  # 9 moved: C +3, rest +6
    f = w.frame().set_index("partner")
    assert f.loc["C", "after_usd_m"] == pytest.approx(43)
    assert f.loc[REST_OF_WORLD, "after_usd_m"] == pytest.approx(86)


def test_what_if_to_a_new_partner() -> None:
    s = tr.partner_shares(SMALL, 2022, "imports", ["R"])
    w = tr.what_if(s, "R", 10, {"New": 1})
    f = w.frame().set_index("partner")
    assert f.loc["New", "before_usd_m"] == 0 and f.loc["New", "after_usd_m"] == pytest.approx(3)
    assert f["after_usd_m"].sum() == pytest.approx(150)


def test_what_if_zero_percent_changes_nothing() -> None:
    s = tr.partner_shares(SMALL, 2022, "exports", ["R", "C"])
    f = tr.what_if(s, "R", 0).frame()
    assert (f["change_pp"].abs() < 1e-12).all()


@pytest.mark.parametrize(
    ("partner", "pct", "to", "message"),
    [
        ("G", 10, None, "no exports figure for G"),
        ("R", 120, None, "between 0 and 100"),
        ("R", "lots", None, "must be a number"),
        ("R", 10, {"R": 1}, "cannot receive its own"),
        ("R", 10, {"C": 0}, "at least one partner"),
        ("R", 10, {"G": 1}, "choose another recipient"),
        ("Nowhere", 10, None, "not among the partners"),
    ],
)
def test_what_if_bad_requests_say_what_is_wrong(partner, pct, to, message) -> None:
    s = tr.partner_shares(SMALL, 2021, "exports", ["R", "C", "G"])
    with pytest.raises(ValueError, match=message):
        tr.what_if(s, partner, pct, to)


def test_what_if_without_world_total() -> None:
    t = table([(2020, "R", 5.0, 5.0, 10.0)])
    with pytest.raises(ValueError, match="no what-if"):
        tr.what_if(tr.partner_shares(t, 2020, "exports", ["R"]), "R", 10)


def test_a_member_listed_with_its_bloc_is_not_counted_twice() -> None:
    t = table(
        [
            (2022, "World", 100.0, 100.0, 200.0),
            (2022, "European Union", 40.0, 10.0, None),
            (2022, "Italy", 15.0, 2.0, None),  # inside the EU's 40
            (2022, "R", 10.0, 40.0, None),
        ]
    )
    s = tr.partner_shares(t, 2022, "exports")
    assert s.share_of("Italy") == pytest.approx(15.0)  # still shown
    assert s.rest_usd_m == pytest.approx(50.0)  # 100 − 40 − 10, not − 15 again
    assert s.concentration().low == pytest.approx(0.4**2 + 0.1**2)  # 0.17
    assert any("part of the European Union" in w for w in s.warnings)


# --------------------------------------------------------------------------- complete tables
# A complete table: the World row is the sum of every partner (as load_trade() builds it).
COMPLETE = table(
    [
        (2024, "World", 100.0, 100.0, 200.0),
        (2024, "A", 50.0, 20.0, 70.0),
        (2024, "B", 30.0, 30.0, 60.0),
        (2024, "C", 10.0, 40.0, 50.0),
        (2024, "D", 10.0, 10.0, 20.0),
    ]
)


def test_complete_table_gives_an_exact_hhi_even_for_a_top_n() -> None:
    s = tr.partner_shares(COMPLETE, 2024, "exports", tr.top_partners(COMPLETE, 2024, "exports", 2))
    assert s.complete and s.rest_label == "All other partners (2)"
    # exports shares 50, 30, 10, 10 -> 0.25 + 0.09 + 0.01 + 0.01 = 0.36, exact
    conc = s.concentration()
    assert conc.exact and conc.low == pytest.approx(0.36)
    assert s.frame().iloc[-1]["partner"] == "All other partners (2)"
    assert s.frame().iloc[-1]["share_pct"] == pytest.approx(20.0)


def test_partial_table_keeps_the_range_and_its_label() -> None:
    s = tr.partner_shares(SMALL, 2021, "exports")
    assert not s.complete and s.rest_label == REST_OF_WORLD


def test_what_if_on_a_complete_table_keeps_the_hhi_exact() -> None:
    s = tr.partner_shares(COMPLETE, 2024, "exports", ["A", "B"])
    w = tr.what_if(s, "A", 50, {"B": 1})
    # A 50 -> 25, B 30 -> 55, C and D stay 10 each: 0.0625 + 0.3025 + 0.01 + 0.01 = 0.385
    assert w.concentration_after.exact and w.concentration_after.low == pytest.approx(0.385)
    w = tr.what_if(s, "A", 100, {"All other partners (2)": 1})
    # A 0, B 30, C and D grow in proportion from 10 + 10 to 35 + 35: 0.09 + 0.1225 * 2 = 0.335
    assert w.concentration_after.low == pytest.approx(0.335)


def test_top_partners_flow_shares_and_asymmetry_table() -> None:
    assert tr.top_partners(COMPLETE, 2024, "imports", 2) == ["C", "B"]
    assert tr.top_partners(COMPLETE, 2024, "turnover", 1) == ["A"]
    assert tr.flow_shares(COMPLETE, 2024, "imports") == {"A": 20.0, "B": 30.0, "C": 40.0, "D": 10.0}
    row = tr.asymmetry_table(COMPLETE, "C").iloc[0]
    assert (row["import_share_pct"], row["export_share_pct"], row["gap_pp"], row["ratio"]) == (40.0, 10.0, 30.0, 4.0)


def test_series_breaks_and_crossing() -> None:
    t = pd.concat([COMPLETE.assign(year=2019, source_id="wits"), COMPLETE.assign(source_id="bns")], ignore_index=True)
    assert tr.series_breaks(t) == [(2024, "wits", "bns")]
    assert tr.crosses_break(t, 2019, 2024) and not tr.crosses_break(t, 2024, 2024)


def test_group_shares_count_each_partner_once_in_rank_order() -> None:
    t = COMPLETE.assign(partner_iso3=["WLD", "AAA", "BBB", "CCC", "DDD"])
    groups = pd.DataFrame(
        {"group": ["G1", "G2", "G2", "Colour"], "view_rank": [1, 2, 2, None],
         "member_iso3": ["AAA", "AAA", "BBB", "CCC"], "first_year": [None, None, 2025, None], "last_year": [None] * 4}
    )
    assert tr.view_groups(groups) == ["G1", "G2"]
    s = tr.group_shares(t, groups, 2024, "turnover")
    frame = s.frame()
    # G1 = A 70 of 200 = 35 %; G2 loses A to G1 and B joins only in 2025: 0; the rest C + D + B = 130 -> 65 %
    assert frame["partner"].tolist()[:2] == ["G1", "G2 without A"]
    assert frame["share_pct"].tolist() == pytest.approx([35.0, 0.0, 65.0])
    trend = tr.share_trend(t, "G2", "turnover", groups)  # a group's own total: A (B not yet a member)
    assert trend["share_pct"].tolist() == [35.0]


def test_mirror_gap_and_quoted_vs_final() -> None:
    assert tr.mirror_gap(24.2, 31.2)[0] == pytest.approx(7.0)
    assert tr.mirror_gap(0, 5)[1] is NA
    t = COMPLETE.assign(partner_iso3=["WLD", "AAA", "BBB", "CCC", "DDD"])
    facts = pd.DataFrame({"id": ["q"], "value": [0.072], "source_id": ["s"]})
    links = pd.DataFrame({"fact_id": ["q"], "year": [2024], "partner_iso3": ["AAA"], "flow": ["turnover"]})
    row = tr.quoted_vs_final(t, links, facts).iloc[0]
    # quoted 0.072 bn against a final 70 m = 0.070 bn: +2.857 %
    assert row["final_usd_bn"] == pytest.approx(0.07) and row["difference_pct"] == pytest.approx(100 * 0.002 / 0.07)


# --------------------------------------------------------------------------- exercise answers from data/trade.csv
# The figures below are rows of data/trade.csv (the bureau's final tables), as the questions quote them.


def test_exercise_answers_follow_the_trade_table() -> None:
    assert tr.russia_import_share_2021() == pytest.approx(100 * 17_605.5 / 41_415.4, abs=0.01)
    assert tr.russia_import_share_change_2021_2024() == pytest.approx(100 * 18_584 / 60_398 - 100 * 17_605.5 / 41_415.4, abs=0.02)
    assert tr.china_overtakes_russia_year() == 2023  # 30,055 against 27,054 million USD
    assert tr.china_share_after_what_if_2024() == pytest.approx(100 * (30_158 + 28_136 / 2) / 142_072, abs=0.01)
    assert tr.russia_turnover_change_2021_2024() == pytest.approx(100 * (28_136 - 24_624) / 24_624, abs=0.02)
    assert tr.china_turnover_change_2021_2024() == pytest.approx(100 * (30_158 - 18_001) / 18_001, abs=0.02)
    assert tr.china_mirror_ratio_2022() == pytest.approx(31.2 / 24.204, abs=0.001)
    assert 1_000 < tr.hhi_turnover_2024() < 1_300
    assert 40 < tr.eu_export_share_2024() < 50


def test_exercise_files_load_with_computed_answers() -> None:
    from kzlesson.exercises import registry

    for stem, at_least in (("trade", 6), ("forecasts", 2)):
        chapter = registry.load(stem)
        computed = [ex for ex in chapter.exercises if getattr(ex, "computed", None)]
        assert len(computed) >= at_least, stem
        assert all(c.computed.startswith("kzlesson.trade:") for c in computed)


def test_mutual_dependence_describes_a_missing_side() -> None:
    text = tr.mutual_dependence(30, 120, None).describe(partner="R")
    assert "25.0 %" in text and "R's total trade is missing" in text
    assert "5.0 times" in tr.mutual_dependence(30, 120, 600).describe()


def test_what_if_from_a_member_counted_inside_its_bloc_is_refused() -> None:
    t = table([(2022, "World", 100.0, 100.0, 200.0), (2022, "European Union", 40.0, 10.0, None),
               (2022, "Italy", 15.0, 2.0, None)])
    s = tr.partner_shares(t, 2022, "exports")
    with pytest.raises(ValueError, match="inside its bloc"):
        tr.what_if(s, "Italy", 10)
    w = tr.what_if(s, "European Union", 50, {REST_OF_WORLD: 1})  # 20 moved to the rest: 60 + 20
    assert w.frame().set_index("partner").loc[REST_OF_WORLD, "after_usd_m"] == pytest.approx(80)


def test_a_table_edited_in_place_is_measured_afresh() -> None:
    t = COMPLETE.copy()
    assert tr.flow_shares(t, 2024, "exports")["A"] == pytest.approx(50.0)
    t.loc[t["partner"] == "A", "exports_usd_m"] = 40.0  # A 50 -> 40, world still 100
    assert tr.flow_shares(t, 2024, "exports")["A"] == pytest.approx(40.0)
