"""Chapters 1 and 2: the vector-weights figure, the seed table and the sources-on-2022 figure.

Hand-built tables give the expected numbers (counted by hand); the tests on the module's own data
check that what the chapters promise holds for the committed tables: every key event exists, every
seed has a reading that agrees with the exercise, and exercise answers follow from the facts table.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from kzlesson.data import fact, load_sources, load_timeline, load_trade
from kzlesson.exercises.spec import load_chapter
from kzlesson.multivector_plot import GROUPS, describe_vector_weights, group_members, plot_vector_weights, vector_weights
from kzlesson.paths import data_dir
from kzlesson.sources_plot import (
    KEY_EVENT_IDS,
    READING_LABELS,
    READINGS,
    describe_sources_2022,
    key_events,
    plot_sources_2022,
    seed_table,
    show_seed_table,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


TRADE = pd.DataFrame(
    {
        "year": [2022] * 6 + [2021] * 2,
        "partner": ["World", "Russia", "China", "European Union", "Uzbekistan", "Republic of Korea", "World", "Russia"],
        "partner_group": ["other", "Russia", "China", "the West", "neighbours", "other", "other", "Russia"],
        "turnover_usd_m": [200.0, 40.0, 30.0, 50.0, 10.0, 6.0, None, 20.0],
        "preferred": [True] * 8,
        "source_id": ["s"] * 8,
    }
)


# ----------------------------------------------------------------------------- chapter 1


def test_vector_weights_are_shares_of_the_world_total() -> None:
    w = vector_weights(TRADE, [2022])
    row = w.loc[2022]
    assert float(row["Russia"]) == pytest.approx(20.0)  # 40 / 200
    assert float(row["the West"]) == pytest.approx(25.0)  # 50 / 200
    assert float(row["neighbours"]) == pytest.approx(5.0)
    assert float(row["other partners"]) == pytest.approx(3.0)  # Korea's group is "other"
    assert float(row["not itemised"]) == pytest.approx((200 - 136) / 2)  # 64 of 200 = 32 %
    assert float(row.sum()) == pytest.approx(100.0)
    assert list(w.columns) == list(GROUPS)


def test_a_year_without_world_total_is_missing_not_zero() -> None:
    w = vector_weights(TRADE, [2021])
    assert w.loc[2021].isna().all()
    assert describe_vector_weights(w) == "2021: no world total in the trade table."


def test_a_group_without_partners_is_not_listed_rather_than_zero() -> None:
    only_russia = TRADE[TRADE["partner"].isin(["World", "Russia"])]
    w = vector_weights(only_russia, [2022])
    assert pd.isna(w.loc[2022, "China"])
    assert "China not listed" in describe_vector_weights(w)


def test_group_members_are_largest_first() -> None:
    members = group_members(TRADE, 2022)
    assert members["the West"] == ["European Union"]
    assert members["other partners"] == ["Republic of Korea"]
    assert members["not itemised"] == []


def test_vector_weights_figure_draws_one_bar_per_group_with_its_share() -> None:
    fig = plot_vector_weights(TRADE, years=[2022])
    ax = fig.axes[0]
    widths = sorted(round(p.get_width(), 6) for p in ax.patches if isinstance(p, Rectangle))
    assert widths == sorted([20.0, 15.0, 25.0, 5.0, 3.0, 32.0])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(GROUPS)
    assert any("European Union" in label for label in labels)
    assert any(t.get_text() == "25.0%" for t in ax.texts)


def test_module_trade_table_2022_shares_add_up_and_match_the_rows() -> None:
    trade = load_trade()
    rows = trade[(trade["year"] == 2022) & trade["preferred"]]
    world = float(rows.loc[rows["partner"] == "World", "turnover_usd_m"].iloc[0])
    russia = float(rows.loc[rows["partner"] == "Russia", "turnover_usd_m"].iloc[0])
    w = vector_weights(trade, [2022]).loc[2022]
    assert float(w["Russia"]) == pytest.approx(100 * russia / world)
    assert float(w.sum(skipna=True)) == pytest.approx(100.0, abs=0.01)


def test_chapter1_numeric_answers_follow_from_the_facts_table() -> None:
    chapter = load_chapter(data_dir() / "exercises" / "multivector.yml")
    uranium = chapter.get("uranium-share")
    share = 100 * fact("uranium-output-2022")["value"] / fact("uranium-world-2022")["value"]
    assert abs(uranium.answer - share) <= uranium.tolerance
    # the route across the Caspian is measured once, in chapter 5 (the chapter-1 twin was removed)
    route = load_chapter(data_dir() / "exercises" / "energy.yml").get("btc-vs-cpc")
    years = fact("cpc-shipped-kz-2022")["value"] / fact("btc-volume")["value"]
    assert abs(route.answer - years) <= route.tolerance


# ----------------------------------------------------------------------------- chapter 2


def test_seed_table_lists_the_five_seeds_oldest_first() -> None:
    table = seed_table()
    assert len(table) == 5
    assert table["source"].iloc[0].startswith("nurgozhayeva2022")
    assert table["source"].iloc[1].startswith("zanini2022")
    undated = table[table["written"].str.contains("undated")]
    assert sorted(s.split()[0] for s in undated["source"]) == ["realignment2022", "sanchez2022"]
    assert (undated["evidence for the date"] != "printed on the text").all()


def test_every_key_event_is_in_the_timeline() -> None:
    ids = set(load_timeline()["id"])
    assert set(KEY_EVENT_IDS) <= ids, sorted(set(KEY_EVENT_IDS) - ids)
    chosen = key_events()
    assert list(chosen["date"]) == sorted(chosen["date"])


def test_every_seed_has_a_reading_and_it_agrees_with_the_exercise() -> None:
    seeds = set(load_sources().query("is_seed")["id"])
    assert set(READINGS) == seeds
    exercise = load_chapter(data_dir() / "exercises" / "sources.yml").get("place-on-timeline")
    by_name = {"Nurgozhayeva": "nurgozhayeva2022", "Zanini": "zanini2022", "Horizon Engage": "horizon2022",
               "Sanchez": "sanchez2022", "Unsigned blog": "realignment2022"}
    category_of = {"ambivalent": exercise.categories[0], "independent": exercise.categories[1]}
    seen = set()
    for item in exercise.class_items:
        seed = next(sid for name, sid in by_name.items() if item.text.startswith(name))
        assert item.category == category_of[READINGS[seed]], item.text
        seen.add(seed)
    assert seen == seeds


def test_sources_figure_draws_a_diamond_per_dated_seed_and_a_bar_per_undated_one() -> None:
    fig = plot_sources_2022()
    src_ax = next(ax for ax in fig.axes if ax.get_label() == "sources")
    sources = load_sources().query("is_seed")
    dated = int(sources["date"].notna().sum())
    diamonds = [line for line in src_ax.lines if line.get_marker() == "D"]
    bars = [p for p in src_ax.patches if isinstance(p, Rectangle)]
    assert len(diamonds) == dated
    assert len(bars) == len(sources) - dated
    labels = " ".join(t.get_text() for t in src_ax.texts)
    for reading in READING_LABELS.values():
        assert reading in labels
    key = " ".join(t.get_text() for t in fig.texts)
    assert key.count(". ") >= len(KEY_EVENT_IDS)


def test_sources_figure_has_a_text_alternative_naming_each_seed() -> None:
    text = describe_sources_2022()
    for name in ("Nurgozhayeva", "Zanini", "Sanchez", "Horizon Engage"):
        assert name in text
    assert text.count("(undated)") == 2


def test_chapter2_migration_answer_follows_from_the_facts_table() -> None:
    exercise = load_chapter(data_dir() / "exercises" / "sources.yml").get("russians-stayed")
    entered = fact("mobilisation-entered-2022-10-04")["value"]
    left = fact("mobilisation-left-2022-10-04")["value"]
    right = next(c for c in exercise.choices if c.correct)  # a judgement now; its figures follow the facts
    assert f"{entered - left:,.0f} of {entered:,.0f}" in right.text
    assert f"{100 * (entered - left) / entered:.1f}%" in right.feedback


def test_shown_seed_table_keeps_full_titles_and_hides_the_index() -> None:
    html = show_seed_table().to_html()
    for title in load_sources().query("is_seed")["title"]:
        assert title.replace("'", "&#x27;") in html or title in html
    assert "..." not in html
    assert "<th" in html and ">#<" not in html
