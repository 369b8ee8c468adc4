"""The trade explorer widget: every control driven in-process, no combination raises.

The widget is built on small tables written here (same schema as data/trade.csv), and once on
the real data/trade.csv to check that every year x flow x partner choice gives a picture.
"""

from __future__ import annotations

import base64
import itertools
import re

import pandas as pd
import pytest

from kzlesson.trade import REST_OF_WORLD
from kzlesson.trade_explorer import (
    PROPORTIONAL,
    TradeExplorer,
    alt_text,
    plot_asymmetry,
    plot_share_shift,
    plot_shares,
    trade_explorer,
)
from kzlesson import trade as tr
from tests.test_trade import SMALL, table

TITLES = {"src-world": "World totals table", "src-r": "A report on R", "src-c": "A report on C"}


def explorer(**kwargs) -> TradeExplorer:
    return trade_explorer(SMALL, source_titles=TITLES, **kwargs)


def alt_of(ex: TradeExplorer) -> str:
    match = re.search(r'alt="([^"]*)"', ex.chart.value)
    assert match, "the chart must be an <img> with an alt attribute"
    return match.group(1)


def png_of(ex: TradeExplorer) -> bytes:
    match = re.search(r'src="data:image/png;base64,([^"]+)"', ex.chart.value)
    assert match, "the chart must be an inline PNG"
    return base64.b64decode(match.group(1))


def test_first_view_has_chart_caption_and_message() -> None:
    ex = explorer(year=2021, flow="exports")
    assert png_of(ex).startswith(b"\x89PNG")
    # alt text describes the bars: R 20/200 = 10 %, C 30/200 = 15 %, G missing
    alt = alt_of(ex)
    assert "exports in 2021" in alt
    assert "R 10.0 %" in alt and "C 15.0 %" in alt and "G no figure" in alt
    assert "Rest of world (not itemised) 75.0 %" in alt
    assert "A report on R (src-r)" in ex.caption.value
    assert "World totals table (src-world)" in ex.caption.value
    assert "No exports figure for G in 2021" in ex.message.value


def test_every_control_is_labelled() -> None:
    ex = explorer()
    for control in (ex.year, ex.flow, ex.partners, ex.move_from, ex.move_pct, ex.move_to, ex.view):
        assert control.description.strip(), f"{type(control).__name__} has no label"


def test_year_and_flow_update_caption_and_missing_text() -> None:
    ex = explorer(year=2021, flow="exports")
    ex.year.value = 2022
    assert "in 2022" in ex.caption.value
    assert "G" in ex.message.value  # G has no row in 2022
    ex.flow.value = "turnover"
    # 2022 turnover: R 55/400 = 13.75 %, C 90/400 = 22.5 %
    assert "R 13.8 %" in alt_of(ex) and "C 22.5 %" in alt_of(ex)
    ex.year.value = 2021
    assert "Every partner shown has a figure" in ex.message.value  # G has a 2021 turnover


def test_partner_selection_changes_bars_and_what_if_choices() -> None:
    ex = explorer(year=2022, flow="imports")
    ex.partners.value = ("C",)
    assert "R " not in alt_of(ex).split(":", 1)[1]
    assert [v for _, v in ex.move_from.options] == ["", "C"]
    ex.partners.value = ("R", "C")
    assert "R" in [v for _, v in ex.move_from.options]


def test_what_if_slider_shows_before_and_after_and_conserves_total() -> None:
    ex = explorer(year=2022, flow="imports")
    ex.move_from.value = "R"
    ex.move_to.value = "C"
    ex.move_pct.value = 50
    # imports 2022: R 30 -> 15 (10 %), C 40 -> 55 (36.7 %); world 150 unchanged
    alt = alt_of(ex)
    assert "R 20.0 % (after the what-if 10.0 %)" in alt
    assert "C 26.7 % (after the what-if 36.7 %)" in alt
    assert "After the what-if" in ex.stats.value
    assert "world total stays 150" in ex.stats.value


def test_view_toggle_shows_table_without_redrawing() -> None:
    ex = explorer(year=2022, flow="imports")
    redraws = ex.redraws
    ex.view.value = "table"
    assert ex.table.layout.display == "" and ex.chart.layout.display == "none"
    assert "<caption>" in ex.table.value and 'scope="col"' in ex.table.value
    assert REST_OF_WORLD in ex.table.value
    ex.view.value = "chart"
    assert ex.chart.layout.display == ""
    assert ex.redraws == redraws


def test_no_redraw_when_nothing_shown_changes() -> None:
    ex = explorer(year=2022, flow="imports")
    before = ex.redraws
    ex.update()
    assert ex.redraws == before
    ex.move_pct.value = 20  # no partner chosen to move from: the picture does not change
    ex.move_pct.value = 20
    assert ex.redraws <= before + 1


def test_what_if_on_a_partner_without_figure_is_explained_not_raised() -> None:
    ex = explorer(year=2021, flow="exports")
    # G has no exports figure: it is not offered as a source of the what-if
    assert "G" not in [v for _, v in ex.move_from.options]
    assert "G" not in [v for _, v in ex.move_to.options]


def test_year_without_world_total_says_so() -> None:
    t = pd.concat([SMALL, table([(2019, "R", 1.0, 2.0, 3.0)])], ignore_index=True)
    ex = trade_explorer(t, source_titles=TITLES, year=2022)
    assert 2019 not in ex.year.options  # only years with a world total are offered
    shares = tr.partner_shares(t, 2019, "exports", ["R"])
    assert "no world total" in alt_text(shares)


def test_empty_partner_selection_still_draws() -> None:
    ex = explorer(year=2022, flow="turnover")
    ex.partners.value = ()
    assert "Rest of world (not itemised) 100.0 %" in alt_of(ex)


def test_errors_inside_a_redraw_become_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    ex = explorer(year=2022)

    def boom(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr("kzlesson.trade_explorer.draw_shares", boom)
    ex.flow.value = "exports"  # must not raise
    assert "could not be shown" in ex.message.value and "simulated failure" in ex.message.value


@pytest.mark.slow
def test_every_combination_of_controls_on_small_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """All controls x all values. Rendering is stubbed here (it is matplotlib's and Pillow's job, and
    real renders are checked in the other tests); the bars, texts and measures are all computed."""
    monkeypatch.setattr("kzlesson.trade_explorer.png_from_canvas", lambda fig: b"\x89PNG stub")
    ex = explorer()
    ex.fig.canvas.draw = lambda: None  # matplotlib's own rendering is not under test here
    partner_sets = [(), ("G",), ("R", "C", "G")]
    for year, flow, chosen in itertools.product(ex.year.options, ("exports", "imports", "turnover"), partner_sets):
        ex.year.value = year
        ex.flow.value = flow
        ex.partners.value = chosen
        for source in [v for _, v in ex.move_from.options]:
            ex.move_from.value = source
            for target in [v for _, v in ex.move_to.options]:
                ex.move_to.value = target
                for pct in (35, 100):
                    ex.move_pct.value = pct
                    assert "could not be shown" not in ex.message.value, (year, flow, chosen, source, target, pct)
                    assert f"in {year}" in alt_of(ex)


def test_every_year_and_flow_renders_a_real_png() -> None:
    ex = explorer()
    for year, flow in itertools.product(ex.year.options, ("exports", "imports", "turnover")):
        ex.year.value = year
        ex.flow.value = flow
        assert png_of(ex).startswith(b"\x89PNG"), (year, flow)
        assert f"{flow} in {year}" in alt_of(ex)


@pytest.mark.slow
def test_every_year_flow_and_partner_on_the_real_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kzlesson.trade_explorer.png_from_canvas", lambda fig: b"\x89PNG stub")
    ex = trade_explorer()
    ex.fig.canvas.draw = lambda: None
    every = tuple(ex.partners.options)
    for year in ex.year.options:
        for flow in ("exports", "imports", "turnover"):
            ex.year.value = year
            ex.flow.value = flow
            for chosen in (every, every[:1]):
                ex.partners.value = chosen
                assert "could not be shown" not in ex.message.value, (year, flow, chosen)
                assert f"{flow} in {year}" in alt_of(ex)
                assert "Bureau of National Statistics" in ex.caption.value  # the world totals' source is cited
                for partner in chosen:
                    shown = tr.partner_shares(ex.trade, year, flow, [partner]).share_of(partner)
                    if pd.isna(shown):
                        assert partner in ex.message.value  # a gap is named


def test_static_figures() -> None:
    s = tr.partner_shares(SMALL, 2022, "imports", ["R", "C"])
    fig = plot_shares(s, tr.what_if(s, "R", 50, {"C": 1}))
    assert fig.axes[0].get_title(loc="left").startswith("Partner shares")
    fig = plot_share_shift(SMALL, "turnover", [2021, 2022], ["R", "C", "G"])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "2022: no figure" in texts  # G's 2022 gap is drawn as a gap
    fig = plot_asymmetry(40.0, 10.0, "R")
    assert "gap 30.0 points, ratio 4.0" in fig.axes[0].get_title(loc="left")
    import matplotlib.pyplot as plt

    plt.close("all")


def test_proportional_is_the_default_recipient() -> None:
    ex = explorer(year=2022, flow="imports")
    assert ex.move_to.value == PROPORTIONAL


def test_slider_redraw_blits_onto_the_same_background_and_matches_a_full_draw() -> None:
    """Moving the slider redraws only the what-if bars; the picture equals a fresh full draw."""
    import numpy as np
    from PIL import Image
    import io

    ex = explorer(year=2022, flow="imports")
    ex.move_from.value = "R"
    ex.move_to.value = "C"
    ex.move_pct.value = 50
    background = ex._background
    ex.move_pct.value = 80
    assert ex._background is background  # no full redraw for a slider move
    blitted = np.asarray(Image.open(io.BytesIO(png_of(ex))))
    fresh = explorer(year=2022, flow="imports")
    fresh.move_from.value = "R"
    fresh.move_to.value = "C"
    fresh.move_pct.value = 80
    full = np.asarray(Image.open(io.BytesIO(png_of(fresh))))
    assert blitted.shape == full.shape
    assert (blitted != full).any(axis=-1).mean() < 0.001  # the same picture, pixel for pixel (almost)
    # R 30 -> 6 (4 %), C 40 -> 64 (42.7 %)
    assert "R 20.0 % (after the what-if 4.0 %)" in alt_of(ex)


def test_hhi_range_and_year_on_year_figures_show_gaps() -> None:
    import matplotlib.pyplot as plt

    from kzlesson.trade_explorer import plot_hhi_ranges, plot_year_on_year

    # exports 2021: R 10 %, C 15 %, rest 75 % -> bounds 325 and 325 + 5,625 = 5,950
    fig = plot_hhi_ranges(SMALL, "exports", [2020, 2021])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "no world total" in texts  # 2020 has no World row in SMALL
    assert "325" in texts and "5,950" in texts
    assert any("cover\n25 %" in t for t in texts)
    t = table([(2020, "A", None, None, 50.0), (2022, "A", None, None, 60.0)])
    fig = plot_year_on_year(t, "A")
    texts = [x.get_text() for x in fig.axes[0].texts]
    assert "no figure" in texts  # 2021 is a gap
    assert not any(x.endswith("%") for x in texts)  # no change computed across the gap
    plt.close("all")


def test_unreadable_trade_table_gives_a_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from kzlesson.errors import DataError

    def broken():
        raise DataError("data/trade.csv", 7, "imports_usd_m", "a number of USD millions >= 0", "-5")

    monkeypatch.setattr("kzlesson.data.load_trade", broken)
    ex = trade_explorer(source_titles={})
    assert "data/trade.csv:7:imports_usd_m" in ex.message.value
    ex.flow.value = "exports"  # the controls still do not raise
    assert "could not be read" in ex.message.value


def test_table_view_names_sources_by_label_not_id() -> None:
    ex = TradeExplorer(year=2022, flow="turnover", partners=["Russia"])
    ex.view.value = "table"
    assert "urdupoint2023russia" not in re.sub(r'title="[^"]*"', "", ex.table.value)
    assert "UrduPoint" in ex.table.value and "2023" in ex.table.value


def test_no_partner_chosen_says_so() -> None:
    ex = TradeExplorer(year=2022, flow="turnover")
    ex.partners.value = ()
    assert "No partner chosen" in ex.message.value


def test_explorer_still_draws_if_matplotlibs_private_text_api_moves(monkeypatch) -> None:
    """The caching renderer leans on private matplotlib calls; if they break, plain Agg takes over."""
    from kzlesson import _fast_png
    from kzlesson.trade_explorer import trade_explorer

    def moved(*_args, **_kwargs):
        raise AttributeError("'FT2Font' object has no attribute '_layout'")

    monkeypatch.setattr(_fast_png.CachingRenderer, "_glyphs", moved)
    ex = trade_explorer(flow="turnover")
    assert ex.fig.canvas.plain is True
    assert 'src="data:image/png;base64,' in ex.chart.value
    ex.year.value = ex.year.options[0]
    assert 'src="data:image/png;base64,' in ex.chart.value and "could not be" not in ex.message.value
