"""The timeline explorer driven through its controls, in-process: set values, read what it says."""

from __future__ import annotations

import base64
import re

import ipywidgets as w
import pandas as pd
import pytest

from kzlesson import timeline as tl
from kzlesson import timeline_explorer as te
from tests.test_timeline import make_events, make_sources


@pytest.fixture
def explorer() -> te.TimelineExplorer:
    return te.TimelineExplorer(make_events(), sources=make_sources())


def shown_numbers(ex: te.TimelineExplorer) -> list[int]:
    return [value for _, value in ex.pick.options if value is not None]


def test_starts_on_2022_with_a_chart_and_the_first_event(explorer: te.TimelineExplorer) -> None:
    assert explorer.months.value == ("Jan 2022", "Nov 2022")
    assert explorer.status_text() == "10 of 11 events match."
    assert shown_numbers(explorer) == list(range(2, 12))
    assert explorer.pick.value == 2
    assert "CSTO troops arrive" in explorer.detail_text()
    assert '<img src="data:image/png;base64,' in explorer.chart.value


def test_chart_is_a_png_with_alt_text(explorer: te.TimelineExplorer) -> None:
    match = re.search(r'src="data:image/png;base64,([^"]+)" alt="([^"]+)"', explorer.chart.value)
    assert match, "the chart must be an <img> with a data URL and alt text"
    assert base64.b64decode(match.group(1))[:4] == b"\x89PNG"
    assert match.group(2).startswith("Timeline of 10 events, from 6 Jan 2022 to 28 Nov 2022")


def test_vector_filter(explorer: te.TimelineExplorer) -> None:
    explorer.vector.value = "Russia"
    assert explorer.status_text() == "4 of 11 events match."
    titles = [label for label, _ in explorer.pick.options]
    assert all(any(word in t for word in ("Kremlin", "St Petersburg", "CPC", "Moscow")) for t in titles)


def test_actor_filter(explorer: te.TimelineExplorer) -> None:
    explorer.actor.value = "Putin"
    assert shown_numbers(explorer) == [4, 7, 11]


def test_search_box(explorer: te.TimelineExplorer) -> None:
    explorer.search.value = "mir"
    assert explorer.status_text() == "1 of 11 events match."
    assert explorer.pick.options[0][0] == "9. Sep 2022: Banks drop Mir cards"
    assert "Date: Sep 2022" in explorer.detail_text()


def test_month_slider_narrows_and_widens(explorer: te.TimelineExplorer) -> None:
    explorer.months.value = ("Mar 2022", "Jul 2022")
    assert shown_numbers(explorer) == [5, 6, 7, 8]
    explorer.months.index = (0, len(explorer.months.options) - 1)  # "before Jan 2022" to the end
    assert explorer.status_text() == "11 of 11 events match."
    assert explorer.months.value[0] == "before Jan 2022"


def test_no_match_says_so_and_hides_the_chart(explorer: te.TimelineExplorer) -> None:
    explorer.vector.value = "China"
    explorer.search.value = "Putin"
    assert explorer.status_text() == te.NO_MATCH
    assert explorer.chart.value == "" and explorer.chart.layout.display == "none"
    assert explorer.pick.disabled and explorer.pick.options == (("no events match", None),)
    assert explorer.detail_text() == "No event chosen."
    explorer.search.value = ""  # and it comes back
    assert explorer.status_text() == "1 of 11 events match."
    assert explorer.chart.layout.display is None and "<img" in explorer.chart.value


def test_picking_an_event_shows_date_description_stance_and_sources(explorer: te.TimelineExplorer) -> None:
    explorer.pick.value = 7
    text = explorer.detail_text()
    assert text.startswith("7. Tokayev at St Petersburg")
    assert "Date: 17 Jun 2022" in text
    assert "Described: tokayev at st petersburg." in text
    assert "Stance: more distant from Moscow (a reason)" in text
    assert "Sources: Z (CSAG, 3 Jun 2022)" in text


def test_picking_redraws_with_the_event_ringed(explorer: te.TimelineExplorer) -> None:
    before = explorer.chart.value
    explorer.pick.value = 9
    assert explorer.chart.value != before


def test_unknown_source_id_is_shown_as_is() -> None:
    events = make_events()
    events.at[2, "source_ids"] = ("nosuchsource",)
    ex = te.TimelineExplorer(events, sources=make_sources())
    ex.pick.value = 3
    assert "Sources: nosuchsource" in ex.detail_text()


def test_selection_survives_a_filter_that_keeps_it(explorer: te.TimelineExplorer) -> None:
    explorer.pick.value = 7
    explorer.vector.value = "Russia"
    assert explorer.pick.value == 7
    explorer.vector.value = "China"  # no longer shown: the first match is chosen
    assert explorer.pick.value == 10


def test_clear_filters_button(explorer: te.TimelineExplorer) -> None:
    explorer.vector.value = "China"
    explorer.search.value = "zzz"
    explorer.clear.click()
    assert explorer.vector.value == "" and explorer.search.value == ""
    assert explorer.status_text() == "10 of 11 events match."


def test_an_error_while_drawing_becomes_a_message(explorer: te.TimelineExplorer, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(te, "plot_timeline", broken)
    explorer.vector.value = "Russia"  # must not raise
    assert "could not show this view" in explorer.status_text()
    assert "boom" in explorer.status_text()


def test_every_control_is_labelled(explorer: te.TimelineExplorer) -> None:
    controls = [explorer.months, explorer.vector, explorer.actor, explorer.search, explorer.pick]
    assert all(c.description.strip() for c in controls)
    assert explorer.clear.description == "Clear filters"
    assert isinstance(explorer.months, w.SelectionRangeSlider)
    assert explorer.status.value.startswith('<p role="status"')
    # the key scrolls: it must take keyboard focus so arrow keys can scroll it
    assert explorer.key.layout.overflow == "auto" and explorer.key.tabbable is True


def test_key_table_lists_the_numbers_shown(explorer: te.TimelineExplorer) -> None:
    explorer.vector.value = "Russia"
    numbers = re.findall(r"<tr><td>(\d+)</td>", explorer.key.value)
    assert numbers == ["4", "7", "8", "11"]


def test_reuses_one_figure(explorer: te.TimelineExplorer) -> None:
    fig = explorer._figure
    explorer.vector.value = "Russia"
    explorer.search.value = "Tokayev"
    assert explorer._figure is fig


def test_with_the_module_data() -> None:
    """On the real tables: it opens on 2022 and counts what the timeline functions count."""
    from kzlesson.data import load_sources, load_timeline

    events = load_timeline()
    ex = te.TimelineExplorer()
    expected = len(tl.filter_events(events, start="2022-01-01", end="2022-12"))
    assert ex.status_text() == f"{expected} of {len(events)} events match."
    assert expected >= 30
    ex.search.value = "CSTO"
    assert ex.status_text().split()[0].isdigit()
    assert "Sources:" in ex.detail_text() and "Sources: none" not in ex.detail_text()
    assert set(load_sources()["id"]) >= {sid for ids in events["source_ids"] for sid in ids}


def test_dates_in_the_options_follow_precision() -> None:
    ex = te.TimelineExplorer(make_events(), sources=make_sources(), start="before Jan 2022")
    labels = [label for label, _ in ex.pick.options]
    assert labels[0] == "1. 16 Dec 1991: Independence"
    assert any(label.startswith("5. Mar 2022: Anti-war rally") for label in labels)
    assert isinstance(ex.period()[0], pd.Timestamp)


def test_only_background_events_are_still_drawn() -> None:
    """Searching for a pre-2022 event with the whole range selected shows it, not an empty 2022 axis."""
    import matplotlib.dates as mdates

    ex = te.TimelineExplorer(make_events(), sources=make_sources(), start="before Jan 2022")
    ex.search.value = "independence"
    assert ex.status_text() == "1 of 11 events match."
    ax = next(a for a in ex._figure.axes if a.get_label() == "timeline")
    lo, hi = ax.get_xlim()
    assert lo <= mdates.date2num(pd.Timestamp("1991-12-16")) <= hi


def test_broken_timeline_table_gives_a_message_not_a_traceback(tmp_path, monkeypatch) -> None:
    """explore_timeline() on a broken timeline.csv shows the loader's file:line:column message."""
    import shutil

    from kzlesson import data
    from kzlesson.paths import data_dir

    for name in ("sources.csv", "timeline.csv"):
        shutil.copy(data_dir() / name, tmp_path / name)
    lines = (tmp_path / "timeline.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",day,", ",fortnight,", 1)
    (tmp_path / "timeline.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("KZLESSON_DATA", str(tmp_path))
    for loader in (data.load_timeline, data.load_sources):
        if hasattr(loader, "cache_clear"):
            loader.cache_clear()
    try:
        shown = te.explore_timeline()
    finally:
        monkeypatch.delenv("KZLESSON_DATA")
        for loader in (data.load_timeline, data.load_sources):
            if hasattr(loader, "cache_clear"):
                loader.cache_clear()
    assert isinstance(shown, w.HTML)
    assert "timeline.csv:4" in shown.value and "precision" in shown.value


def test_a_change_that_keeps_the_view_does_not_draw_again(explorer: te.TimelineExplorer) -> None:
    """Same events, months, lanes and ring: the chart shown stays (no redraw); a real change redraws."""
    explorer.vector.value = "Russia"
    png = explorer._last_png
    explorer.search.value = "a"  # every Russia event's text has an "a": the same view
    assert explorer.status_text() == "4 of 11 events match."
    assert explorer._last_png is png and "<img" in explorer.chart.value
    explorer.search.value = "Tokayev"
    assert explorer._last_png is not png


def _count_draws(monkeypatch) -> list[str]:
    """Record every figure built ("plot"), drawn to pixels ("draw") and ringed on kept pixels ("ring")."""
    drawn: list[str] = []
    for name, label in (("plot_timeline", "plot"), ("drawn", "draw"), ("overlay_png", "ring")):
        original = getattr(te, name)
        monkeypatch.setattr(te, name, lambda *a, _o=original, _l=label, **k: (drawn.append(_l), _o(*a, **k))[1])
    return drawn


def test_clear_filters_shows_the_first_picture_again_without_drawing(explorer: te.TimelineExplorer,
                                                                     monkeypatch) -> None:
    """Clear filters goes back to a view already shown: its picture is sent again, not drawn (the
    full year is the most expensive picture); a view never shown is drawn once, one redraw per click."""
    first, first_pick = explorer.chart.value, explorer.pick.value
    drawn = _count_draws(monkeypatch)
    explorer.vector.value = "China"
    explorer.search.value = "a"
    assert drawn.count("plot") <= 2 and drawn.count("draw") == drawn.count("plot")
    drawn.clear()
    explorer.clear.click()
    # the full year's pixels are kept: the event chosen under "China" (still shown) is only ringed
    assert drawn == ["ring"] and explorer.pick.value == 10
    assert alt(explorer.chart.value) == alt(first)
    assert explorer.status_text() == "10 of 11 events match."
    explorer.pick.value = first_pick
    assert explorer.chart.value == first  # the first picture, as it was sent
    explorer.actor.value = "Putin"
    drawn.clear()
    explorer.clear.click()
    assert drawn in ([], ["ring"]) and alt(explorer.chart.value) == alt(first)


def alt(markup: str) -> str:
    return re.search(r'alt="([^"]*)"', markup).group(1)


def test_a_view_shown_before_comes_back_without_drawing(explorer: te.TimelineExplorer, monkeypatch) -> None:
    explorer.vector.value = "Russia"
    russia = explorer.chart.value
    explorer.vector.value = "China"
    china = explorer.chart.value
    drawn = _count_draws(monkeypatch)
    explorer.vector.value = "Russia"
    assert drawn == [] and explorer.chart.value == russia and explorer.status_text() == "4 of 11 events match."
    explorer.pick.value = 11  # another event ringed on Russia's kept pixels: the figure (China's) is not drawn
    assert drawn == ["ring"] and explorer.chart.value not in (russia, china)
    assert 'alt="Timeline of 4 events' in explorer.chart.value


def test_kept_pictures_are_bounded_and_keep_the_opening_view(explorer: te.TimelineExplorer, monkeypatch) -> None:
    monkeypatch.setattr(te, "CHARTS_KEPT", 2)
    monkeypatch.setattr(te, "BASES_KEPT", 2)
    for vector in ("Russia", "China", "the West", "", "Russia"):
        explorer.vector.value = vector
    assert len(explorer._charts) == 2 and len(explorer._bases) == 2
    explorer.vector.value = "China"
    explorer.vector.value = "the West"
    drawn = _count_draws(monkeypatch)
    explorer.clear.click()  # the opening view's pixels were kept through five other views
    assert "plot" not in drawn and "draw" not in drawn


def test_explorer_draws_and_rings_if_matplotlibs_private_text_api_moves(explorer: te.TimelineExplorer,
                                                                        monkeypatch) -> None:
    """The caching renderer leans on private matplotlib calls (they differ in Pyodide's matplotlib);
    if they break, Agg's own renderer draws, and a ring move still draws only the ring."""
    from kzlesson import _fast_png

    def moved(*_args, **_kwargs):
        raise AttributeError("'Text' object has no attribute 'get_fontfeatures'")

    monkeypatch.setattr(_fast_png, "_PLAIN", [])
    monkeypatch.setattr(_fast_png.CachingRenderer, "draw_text", moved)
    explorer.vector.value = "Russia"
    assert _fast_png._PLAIN and "<img" in explorer.chart.value and explorer.status_text() == "4 of 11 events match."
    drawn = _count_draws(monkeypatch)
    explorer.pick.value = 11
    assert drawn == ["ring"] and 'alt="Timeline of 4 events' in explorer.chart.value
