"""kzlesson.timeline: filters, groupings, stance counts and source placement on hand-built data.

The frames are built here with the loader's documented types (date Timestamp, precision
categorical, actors/source_ids tuples, vector/stance categoricals), so the expected values are
counted by hand, not copied from a run.
"""

from __future__ import annotations

import pandas as pd
import pytest

from kzlesson import timeline as tl

VECTOR_TYPE = pd.CategoricalDtype(list(tl.VECTORS))
STANCE_TYPE = pd.CategoricalDtype(list(tl.STANCES))
PRECISION_TYPE = pd.CategoricalDtype(["day", "month", "year"])

#: (id, date, precision, title, actors, vector, stance)
ROWS = [
    ("1991-12-16-independence", "1991-12-16", "day", "Independence", ("Kazakhstan",), "domestic", None),
    ("2022-01-06-csto", "2022-01-06", "day", "CSTO troops arrive", ("Tokayev", "CSTO"), "multilateral", "closer"),
    ("2022-01-11-pullout", "2022-01-11", "day", "Pull-out announced", ("Tokayev", "CSTO"), "multilateral", "distant"),
    ("2022-02-10-kremlin", "2022-02-10", "day", "Tokayev in the Kremlin", ("Tokayev", "Putin"), "Russia", "closer"),
    ("2022-03-02-unga", "2022-03-02", "day", "Abstention at the UN", ("Kazakhstan", "UN"), "multilateral", "neutral"),
    ("2022-03-rally", "2022-03", "month", "Anti-war rally in Almaty", ("Kazakh citizens",), "Ukraine", "distant"),
    ("2022-06-17-spief", "2022-06-17", "day", "Tokayev at St Petersburg", ("Tokayev", "Putin"), "Russia", "distant"),
    ("2022-07-05-cpc", "2022-07-05", "day", "Court halts the CPC pipeline", ("Russian court",), "Russia", None),
    ("2022-09-mir", "2022-09", "month", "Banks drop Mir cards", ("Kazakh banks", "OFAC"), "the West", "distant"),
    ("2022-09-14-xi", "2022-09-14", "day", "Xi Jinping in Kazakhstan", ("Xi Jinping", "Tokayev"), "China", "distant"),
    ("2022-11-28-moscow", "2022-11-28", "day", "First visit: Moscow", ("Tokayev", "Putin"), "Russia", "closer"),
]


def make_events(rows: list[tuple] | None = None) -> pd.DataFrame:
    """A timeline frame typed like ``load_timeline()``."""
    rows = ROWS if rows is None else rows
    frame = pd.DataFrame(
        {
            "id": [r[0] for r in rows],
            "date": pd.to_datetime([r[1] for r in rows], format="mixed"),
            "precision": pd.Categorical([r[2] for r in rows], dtype=PRECISION_TYPE),
            "title": [r[3] for r in rows],
            "description": [f"Described: {r[3].lower()}." for r in rows],
            "actors": [r[4] for r in rows],
            "vector": pd.Categorical([r[5] for r in rows], dtype=VECTOR_TYPE),
            "stance": pd.Categorical([r[6] for r in rows], dtype=STANCE_TYPE),
            "stance_reason": ["a reason" if r[6] else "" for r in rows],
            "source_ids": [("zanini2022",) for _ in rows],
        }
    )
    return frame


def make_sources() -> pd.DataFrame:
    """Five seed sources and one non-seed, typed like ``load_sources()``."""
    return pd.DataFrame(
        {
            "id": ["horizon2022", "sanchez2022", "realignment2022", "nurgozhayeva2022", "zanini2022", "other"],
            "title": ["H", "S", "R", "N", "Z", "O"],
            "author": ["", "Wilder Alejandro Sanchez", "", "Roza Nurgozhayeva", "Andrea Zanini", "X"],
            "publisher": ["Horizon Engage", "The National Interest", "unsigned blog", "JURIST", "CSAG", "P"],
            "date": pd.to_datetime(["2022-10-10", None, None, "2022-03-22", "2022-06-03", "2022-01-01"]),
            "date_earliest": pd.to_datetime([None, "2022-09-30", "2022-09-15", None, None, None]),
            "date_latest": pd.to_datetime([None, "2022-10-31", "2022-12-31", None, None, None]),
            "url": [""] * 6,
            "is_seed": [True, True, True, True, True, False],
        }
    )


@pytest.fixture
def events() -> pd.DataFrame:
    return make_events()


def ids(frame: pd.DataFrame) -> list[str]:
    return list(frame["id"])


# --- filter_events -------------------------------------------------------------------------------


def test_no_filter_keeps_everything(events: pd.DataFrame) -> None:
    assert ids(tl.filter_events(events)) == ids(events)


def test_date_range_is_inclusive_and_month_end_means_end_of_month(events: pd.DataFrame) -> None:
    found = tl.filter_events(events, start="2022-01-11", end="2022-03")
    assert ids(found) == ["2022-01-11-pullout", "2022-02-10-kremlin", "2022-03-02-unga", "2022-03-rally"]


def test_an_event_dated_to_a_month_matches_a_range_inside_that_month(events: pd.DataFrame) -> None:
    found = tl.filter_events(events, start="2022-09-20", end="2022-09-25")
    assert ids(found) == ["2022-09-mir"]  # Xi's visit (14 Sep) is outside, Mir cards (Sep) overlaps


def test_year_bound_covers_the_whole_year(events: pd.DataFrame) -> None:
    assert len(tl.filter_events(events, start="2022")) == len(events) - 1
    assert ids(tl.filter_events(events, end="1991")) == ["1991-12-16-independence"]


def test_vectors_one_or_several(events: pd.DataFrame) -> None:
    assert ids(tl.filter_events(events, vectors="China")) == ["2022-09-14-xi"]
    assert len(tl.filter_events(events, vectors=["Russia", "China"])) == 5
    assert ids(tl.filter_events(events, vectors=[])) == ids(events)  # empty means any


def test_actor_matches_any_of_an_events_actors(events: pd.DataFrame) -> None:
    found = tl.filter_events(events, actors="Putin")
    assert ids(found) == ["2022-02-10-kremlin", "2022-06-17-spief", "2022-11-28-moscow"]
    assert len(tl.filter_events(events, actors=["Putin", "OFAC"])) == 4


def test_stances_including_events_without_one(events: pd.DataFrame) -> None:
    assert len(tl.filter_events(events, stances="distant")) == 5
    assert len(tl.filter_events(events, stances="closer")) == 3
    assert ids(tl.filter_events(events, stances=["none"])) == ["1991-12-16-independence", "2022-07-05-cpc"]


def test_text_search_is_case_insensitive_all_words_and_covers_actors(events: pd.DataFrame) -> None:
    assert ids(tl.filter_events(events, text="cpc")) == ["2022-07-05-cpc"]
    assert ids(tl.filter_events(events, text="TOKAYEV kremlin")) == ["2022-02-10-kremlin"]
    assert ids(tl.filter_events(events, text="xi jinping")) == ["2022-09-14-xi"]
    assert ids(tl.filter_events(events, text="ofac")) == ["2022-09-mir"]  # found among the actors
    assert ids(tl.filter_events(events, text="   ")) == ids(events)


def test_text_search_is_literal_not_a_regex(events: pd.DataFrame) -> None:
    assert tl.filter_events(events, text="(").empty
    assert tl.filter_events(events, text=".*").empty


def test_filters_combine_and_an_empty_result_keeps_the_columns(events: pd.DataFrame) -> None:
    found = tl.filter_events(events, start="2022-06", vectors="Russia", stances="closer")
    assert ids(found) == ["2022-11-28-moscow"]
    none = tl.filter_events(events, vectors="China", text="Putin")
    assert none.empty and list(none.columns) == list(events.columns)


def test_filters_do_not_change_their_input(events: pd.DataFrame) -> None:
    before = events.copy()
    tl.filter_events(events, start="2022-06", text="x", vectors="Russia")
    pd.testing.assert_frame_equal(events, before)


# --- numbering, actors, dates ------------------------------------------------------------------


def test_numbers_follow_dates_and_survive_filtering(events: pd.DataFrame) -> None:
    shuffled = events.sample(frac=1, random_state=3)
    numbered = tl.number_events(shuffled)
    assert numbered.set_index("id").loc["1991-12-16-independence", "n"] == 1
    assert numbered.set_index("id").loc["2022-11-28-moscow", "n"] == len(events)
    xi = tl.filter_events(numbered, vectors="China")
    assert xi["n"].tolist() == [10]


def test_list_actors_sorted_without_duplicates(events: pd.DataFrame) -> None:
    actors = tl.list_actors(events)
    assert actors[:3] == ["CSTO", "Kazakh banks", "Kazakh citizens"]
    assert actors.count("Tokayev") == 1 and len(actors) == len(set(actors))


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [("2022-01-06", "day", "6 Jan 2022"), ("2022-09-01", "month", "Sep 2022"), ("1995-01-01", "year", "1995")],
)
def test_format_date_shows_only_what_is_known(date: str, precision: str, expected: str) -> None:
    assert tl.format_date(pd.Timestamp(date), precision) == expected


def test_period_end_by_precision(events: pd.DataFrame) -> None:
    ends = tl.period_end(events).set_axis(events["id"])
    assert ends["2022-09-mir"].date() == pd.Timestamp("2022-09-30").date()
    assert ends["2022-09-14-xi"].date() == pd.Timestamp("2022-09-14").date()


# --- group_by_period and stance_counts ----------------------------------------------------------


def test_group_by_month_fills_empty_months(events: pd.DataFrame) -> None:
    in_2022 = tl.filter_events(events, start="2022")
    months = tl.group_by_period(in_2022, "month")
    assert months["label"].tolist()[:3] == ["Jan 2022", "Feb 2022", "Mar 2022"]
    assert len(months) == 11  # Jan to Nov 2022
    by_label = months.set_index("label")["events"]
    assert (by_label["Jan 2022"], by_label["Mar 2022"], by_label["Apr 2022"], by_label["Sep 2022"]) == (2, 2, 0, 2)
    assert months["events"].sum() == len(in_2022)
    assert months.set_index("label").loc["Jan 2022", "ids"] == ("2022-01-06-csto", "2022-01-11-pullout")


def test_group_by_quarter(events: pd.DataFrame) -> None:
    quarters = tl.group_by_period(tl.filter_events(events, start="2022"), "quarter")
    assert quarters["label"].tolist() == ["2022 Q1", "2022 Q2", "2022 Q3", "2022 Q4"]
    assert quarters["events"].tolist() == [5, 1, 3, 1]


def test_group_without_fill_and_bad_freq(events: pd.DataFrame) -> None:
    # Jan, Feb, Mar, Jun, Jul, Sep, Nov
    assert len(tl.group_by_period(tl.filter_events(events, start="2022"), "month", fill=False)) == 7
    with pytest.raises(ValueError, match="freq"):
        tl.group_by_period(events, "week")


def test_stance_counts_per_quarter(events: pd.DataFrame) -> None:
    counts = tl.stance_counts(tl.filter_events(events, start="2022"), "quarter").set_index("label")
    # Q1: CSTO closer, pull-out distant, Kremlin closer, UN neutral, rally distant
    assert counts.loc["2022 Q1", ["closer", "distant", "neutral", "unclassified"]].tolist() == [2, 2, 1, 0]
    assert counts.loc["2022 Q3", ["closer", "distant", "unclassified"]].tolist() == [0, 2, 1]
    assert counts.loc["2022 Q3", "net"] == 2 and counts.loc["2022 Q4", "net"] == -1
    assert counts["total"].sum() == 10


def test_stance_counts_empty_frame_has_the_columns(events: pd.DataFrame) -> None:
    empty = tl.stance_counts(events.iloc[:0])
    assert empty.empty
    assert {"closer", "distant", "neutral", "net", "total"} <= set(empty.columns)


# --- place_sources and month_options ------------------------------------------------------------


def test_place_sources_uses_dates_or_bounds_and_keeps_seeds(events: pd.DataFrame) -> None:
    placed = tl.place_sources(make_sources())
    assert placed["id"].tolist() == ["nurgozhayeva2022", "zanini2022", "realignment2022", "sanchez2022", "horizon2022"]
    row = placed.set_index("id")
    assert row.loc["zanini2022", "exact"] and row.loc["zanini2022", "start"] == pd.Timestamp("2022-06-03")
    assert not row.loc["sanchez2022", "exact"]
    assert (row.loc["sanchez2022", "start"], row.loc["sanchez2022", "end"]) == (
        pd.Timestamp("2022-09-30"),
        pd.Timestamp("2022-10-31"),
    )
    assert row.loc["nurgozhayeva2022", "label"] == "Nurgozhayeva"
    assert row.loc["horizon2022", "label"] == "Horizon Engage"


def test_place_sources_counts_what_each_author_could_know(events: pd.DataFrame) -> None:
    placed = tl.place_sources(make_sources(), tl.filter_events(events, start="2022")).set_index("id")
    # by 22 Mar 2022: CSTO, pull-out, Kremlin, UN vote, the March rally (dated 1 Mar)
    assert placed.loc["nurgozhayeva2022", "events_before"] == 5
    assert placed.loc["nurgozhayeva2022", ["closer_before", "distant_before"]].tolist() == [2, 2]
    assert placed.loc["horizon2022", "events_before"] == 9
    assert placed.loc["realignment2022", "events_in_window"] == 1  # the Moscow visit, 28 Nov


def test_place_sources_by_ids_and_skips_unplaceable() -> None:
    sources = make_sources()
    sources.loc[sources["id"] == "sanchez2022", ["date_earliest", "date_latest"]] = pd.NaT
    placed = tl.place_sources(sources, ids=["sanchez2022", "other"])
    assert placed["id"].tolist() == ["other"]


def test_month_options_start_with_the_background_then_each_month(events: pd.DataFrame) -> None:
    options = tl.month_options(events)
    labels = [label for label, _ in options]
    assert labels[0] == "before Jan 2022" and labels[1] == "Jan 2022" and labels[-1] == "Nov 2022"
    assert len(labels) == 12
    start, end = options[0][1]
    assert start == pd.Timestamp("1991-12-16") and end < pd.Timestamp("2022-01-01")
    march = dict(options)["Mar 2022"]
    assert march[0] == pd.Timestamp("2022-03-01") and march[1].date() == pd.Timestamp("2022-03-31").date()


def test_month_options_without_background(events: pd.DataFrame) -> None:
    labels = [label for label, _ in tl.month_options(tl.filter_events(events, start="2022"), focus_end="2022-12")]
    assert labels[0] == "Jan 2022" and labels[-1] == "Dec 2022" and len(labels) == 12
