"""The trade explorer widget: every control driven in-process, no combination raises.

The widget is built on a small complete table written here (the schema of load_trade(): every
partner listed, a World row that is their sum, two sources with a change between the years), and
once on the real data/trade.csv to check that every year x flow x view gives a picture. Expected
values are worked out in the comments from the table's numbers.
"""

from __future__ import annotations

import base64
import html
import itertools
import re

import pandas as pd
import pytest

from kzlesson import trade as tr
from kzlesson.trade_explorer import (
    PROPORTIONAL,
    TradeExplorer,
    alt_text,
    plot_asymmetry,
    plot_share_shift,
    plot_shares,
    snapshot_note_html,
    trade_explorer,
)

# (year, iso, partner, colour group, exports, imports)
_ROWS = [
    (2019, "RUS", "Russia", "Russia", 10.0, 40.0),
    (2019, "CHN", "China", "China", 20.0, 20.0),
    (2019, "ITA", "Italy", "the West", 40.0, 5.0),
    (2019, "BLR", "Belarus", "other", 5.0, 10.0),
    (2019, "KGZ", "Kyrgyzstan", "neighbours", 5.0, 5.0),
    (2019, "UZB", "Uzbekistan", "neighbours", 10.0, 10.0),
    (2019, "AAA", "Aland", "other", 10.0, 10.0),
    (2020, "RUS", "Russia", "Russia", 20.0, 30.0),
    (2020, "CHN", "China", "China", 30.0, 30.0),
    (2020, "ITA", "Italy", "the West", 30.0, 10.0),
    (2020, "BLR", "Belarus", "other", 10.0, 10.0),
    (2020, "KGZ", "Kyrgyzstan", "neighbours", 10.0, 10.0),
    (2020, "UZB", "Uzbekistan", "neighbours", 0.0, 10.0),  # no exports to Uzbekistan in 2020
]
# world 2019: exports 100, imports 100; 2020: exports 100, imports 100


def full_table() -> pd.DataFrame:
    records = []
    for year in (2019, 2020):
        rows = [r for r in _ROWS if r[0] == year]
        source = "src-w" if year == 2019 else "src-b"
        records.append({"year": year, "partner_iso3": "WLD", "partner": "World", "partner_group": "other",
                        "exports_usd_m": sum(r[4] for r in rows), "imports_usd_m": sum(r[5] for r in rows),
                        "source_id": source})
        for _, iso, name, group, x, m in rows:
            records.append({"year": year, "partner_iso3": iso, "partner": name, "partner_group": group,
                            "exports_usd_m": x, "imports_usd_m": m, "source_id": source})
    frame = pd.DataFrame(records)
    frame["turnover_usd_m"] = frame["exports_usd_m"] + frame["imports_usd_m"]
    frame["reporter"], frame["preferred"] = "Kazakhstan", True
    return frame


GROUPS = pd.DataFrame(
    [("Russia", 1, "RUS"), ("China", 2, "CHN"), ("EU-27", 3, "ITA"), ("EAEU", 4, "RUS"), ("EAEU", 4, "BLR"),
     ("EAEU", 4, "KGZ"), ("Central Asia", 5, "KGZ"), ("Central Asia", 5, "UZB")],
    columns=["group", "view_rank", "member_iso3"],
).assign(first_year=None, last_year=None)
FULL = full_table()
TITLES = {"src-w": "WITS table", "src-b": "BNS table"}


def explorer(**kwargs) -> TradeExplorer:
    return trade_explorer(FULL, groups=GROUPS, source_titles=TITLES, **kwargs)


def alt_of(ex: TradeExplorer) -> str:
    match = re.search(r'alt="([^"]*)"', ex.chart.value)
    assert match, "the chart must be an <img> with an alt attribute"
    return html.unescape(match.group(1))


def png_of(ex: TradeExplorer) -> bytes:
    match = re.search(r'src="data:image/png;base64,([^"]+)"', ex.chart.value)
    assert match, "the chart must be an inline PNG"
    return base64.b64decode(match.group(1))


def test_first_view_shows_the_top_partners_and_the_rest_as_one_bar() -> None:
    ex = explorer(year=2020, flow="exports", top_n=3)
    assert png_of(ex).startswith(b"\x89PNG")
    alt = alt_of(ex)
    # exports 2020 (world 100): China 30, Italy 30, Russia 20 are the top 3; Belarus + Kyrgyzstan + Uzbekistan = 20
    assert "China 30.0 %" in alt and "Italy 30.0 %" in alt and "Russia 20.0 %" in alt
    assert "All other partners (3) 20.0 %" in alt
    assert "gap in the data" not in alt and "no figure" not in alt
    assert "BNS table" in ex.caption.value


def test_every_control_is_labelled() -> None:
    ex = explorer()
    for control in (ex.year, ex.flow, ex.mode, ex.top_n, ex.trend_of, ex.move_from, ex.move_pct, ex.move_to, ex.view):
        assert control.description.strip(), f"{type(control).__name__} has no label"


def test_exact_hhi_over_every_partner_and_asymmetry_with_russia_and_china() -> None:
    ex = explorer(year=2019, flow="imports", top_n=3)
    # imports 2019 shares: 40, 20, 5, 10, 5, 10, 10 -> 0.16 + 0.04 + 0.0025 + 0.01 + 0.0025 + 0.01 + 0.01 = 0.235
    assert "over all 7 partners: HHI 0.235 (= 2,350" in ex.stats.value
    # Russia: imports 40 %, exports 10 % -> gap 30 points, ratio 4; China 20 % and 20 %
    assert "Russia" in ex.stats.value and "gap of 30.0 points (ratio 4.0)" in ex.stats.value
    assert "China" in ex.stats.value
    assert "2019 comes from WITS" in ex.message.value  # the year before the change of source is flagged


def test_top_n_changes_the_bars_and_the_rest() -> None:
    ex = explorer(year=2020, flow="turnover", top_n=3)
    ex.top_n.value = 5
    # turnover 2020 (world 200): China 60, Russia 50, Italy 40, Belarus 20, Kyrgyzstan 20; Uzbekistan 10 left
    assert "All other partners (1) 5.0 %" in alt_of(ex)


def test_group_view_counts_each_partner_once() -> None:
    ex = explorer(year=2019, flow="turnover")
    ex.mode.value = "groups"
    alt = alt_of(ex)
    # turnover 2019 (world 200): Russia 50, China 40, EU-27 (Italy) 45, EAEU without Russia (Belarus 15 +
    # Kyrgyzstan 10) 25, Central Asia without Kyrgyzstan (Uzbekistan 20) 20, rest (Aland) 20
    assert "Russia 25.0 %" in alt and "EU-27 22.5 %" in alt
    assert "EAEU without Russia 12.5 %" in alt and "Central Asia without Kyrgyzstan 10.0 %" in alt
    assert "Belarus, Kyrgyzstan" in ex.stats.value  # the members are named
    assert ex.top_n.layout.display == "none" and ex.what_if_box.layout.display == "none"


def test_trend_view_draws_every_year_and_marks_the_change_of_source() -> None:
    ex = explorer(year=2020, flow="imports", partner="Russia")
    ex.mode.value = "trend"
    alt = alt_of(ex)
    assert alt.startswith("Line chart of Russia's share") and "2019 40.0 %" in alt and "2020 30.0 %" in alt
    assert "dashed line" in alt
    assert "2019" in ex.message.value and "2020" in ex.message.value  # the break is stated
    ex.view.value = "table"
    assert "<th scope=\"row\">2019</th>" in ex.table.value
    ex.trend_of.value = "EAEU"  # a group: Russia + Belarus + Kyrgyzstan imports 2019 = 55
    assert "2019 55.0 %" in alt_of(ex)


def test_what_if_slider_shows_before_and_after_and_conserves_total() -> None:
    ex = explorer(year=2020, flow="imports", top_n=3)
    ex.move_from.value = "Russia"
    ex.move_to.value = "China"
    ex.move_pct.value = 50
    # imports 2020: Russia 30 -> 15, China 30 -> 45; world 100 unchanged
    alt = alt_of(ex)
    assert "Russia 30.0 % (after the what-if 15.0 %)" in alt
    assert "China 30.0 % (after the what-if 45.0 %)" in alt
    assert "world total stays 100" in ex.stats.value
    # exact HHI after: 45, 15, 10 and the other three (10, 10, 10) -> 0.2025+0.0225+0.01+0.03 = 0.265
    assert "HHI 0.265" in ex.stats.value


def test_what_if_choice_survives_a_change_of_flow_or_year_and_says_when_it_cannot() -> None:
    ex = explorer(year=2020, flow="imports", top_n=3)
    assert "Uzbekistan" not in [v for _, v in ex.move_from.options]  # only the partners shown are offered
    ex.top_n.value = 6
    ex.move_from.value = "Uzbekistan"
    ex.move_pct.value = 50
    ex.top_n.value = 3  # Uzbekistan leaves the top 3 but stays shown, because the what-if uses it
    assert ex.move_from.value == "Uzbekistan" and "Uzbekistan" in alt_of(ex)
    ex.year.value = 2019
    assert ex.move_from.value == "Uzbekistan"  # still has imports in 2019
    ex.year.value = 2020
    ex.flow.value = "exports"  # no exports to Uzbekistan in 2020: the choice cannot be kept
    assert ex.move_from.value == ""
    message = html.unescape(ex.message.value)
    assert "could not keep 'Uzbekistan'" in message and "no exports in 2020" in message
    ex.flow.value = "imports"  # the note is said once, after the change that caused it
    assert "could not keep" not in ex.message.value


def test_view_toggle_shows_table_without_redrawing() -> None:
    ex = explorer(year=2020, flow="imports")
    redraws = ex.redraws
    ex.view.value = "table"
    assert ex.table.layout.display == "" and ex.chart.layout.display == "none"
    assert "<caption>" in ex.table.value and 'scope="col"' in ex.table.value
    assert "All other partners" in ex.table.value
    ex.view.value = "chart"
    assert ex.chart.layout.display == "" and ex.redraws == redraws


def test_no_redraw_when_nothing_shown_changes() -> None:
    ex = explorer(year=2020, flow="imports")
    before = ex.redraws
    ex.update()
    ex.move_pct.value = 20  # no partner chosen to move from: the picture does not change
    assert ex.redraws == before


def test_partial_tables_still_show_gaps_as_gaps() -> None:
    t = FULL.copy()
    t.loc[(t["partner"] == "Italy") & (t["year"] == 2020), "exports_usd_m"] = None
    ex = trade_explorer(t, groups=GROUPS, source_titles=TITLES, year=2020, flow="exports")
    assert "No exports figure for" not in ex.message.value or "Italy" in ex.message.value
    shares = tr.partner_shares(t, 2020, "exports", ["Italy", "China"])
    assert "Italy no figure" in alt_text(shares) and not shares.complete


def test_errors_inside_a_redraw_become_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    ex = explorer(year=2020)

    def boom(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr("kzlesson.trade_explorer.draw_shares", boom)
    ex.flow.value = "exports"  # must not raise
    assert "could not be shown" in ex.message.value and "simulated failure" in ex.message.value


@pytest.mark.slow
def test_every_combination_of_controls_on_the_small_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """All controls x all values. Rendering is stubbed (matplotlib's job, checked in other tests)."""
    monkeypatch.setattr("kzlesson.trade_explorer.png_from_canvas", lambda fig: b"\x89PNG stub")
    ex = explorer()
    ex.fig.canvas.draw = lambda: None
    for year, flow, mode, n in itertools.product(ex.year.options, ("exports", "imports", "turnover"),
                                                 ("partners", "groups", "trend"), (3, 6)):
        ex.year.value, ex.flow.value, ex.mode.value, ex.top_n.value = year, flow, mode, n
        assert "could not be shown" not in ex.message.value, (year, flow, mode, n)
        if mode != "partners":
            continue
        for source in [v for _, v in ex.move_from.options]:
            ex.move_from.value = source
            for target in [v for _, v in ex.move_to.options]:
                ex.move_to.value = target
                for pct in (35, 100):
                    ex.move_pct.value = pct
                    assert "could not be shown" not in ex.message.value, (year, flow, source, target, pct)
                    assert f"in {year}" in alt_of(ex)


@pytest.mark.slow
def test_every_year_flow_and_view_on_the_real_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kzlesson.trade_explorer.png_from_canvas", lambda fig: b"\x89PNG stub")
    ex = trade_explorer()
    ex.fig.canvas.draw = lambda: None
    assert ex.year.options[0] == 2015 and ex.year.options[-1] == 2025
    for year, flow in itertools.product(ex.year.options, ("exports", "imports", "turnover")):
        for mode in ("partners", "groups"):
            ex.year.value, ex.flow.value, ex.mode.value = year, flow, mode
            assert "could not be shown" not in ex.message.value, (year, flow, mode)
            assert f"{flow} in {year}" in alt_of(ex)
            assert "no figure" not in alt_of(ex)  # the full table has no gaps
            assert "Bureau of National Statistics" in ex.caption.value or "WITS" in ex.caption.value
            assert "over all" in ex.stats.value and "Russia" in ex.stats.value and "China" in ex.stats.value
    ex.mode.value = "trend"
    for partner in ("Russia", "China", "EU-27", "EAEU", "Central Asia", "Italy"):
        ex.trend_of.value = partner
        assert "could not be shown" not in ex.message.value and "2015" in alt_of(ex) and "2025" in alt_of(ex)


def test_every_year_and_flow_renders_a_real_png() -> None:
    ex = explorer()
    for year, flow in itertools.product(ex.year.options, ("exports", "imports", "turnover")):
        ex.year.value, ex.flow.value = year, flow
        assert png_of(ex).startswith(b"\x89PNG"), (year, flow)
        assert f"{flow} in {year}" in alt_of(ex)


def test_static_figures() -> None:
    s = tr.partner_shares(FULL, 2020, "imports", ["Russia", "China"])
    fig = plot_shares(s, tr.what_if(s, "Russia", 50, {"China": 1}))
    assert fig.axes[0].get_title(loc="left").startswith("Partner shares")
    fig = plot_share_shift(FULL, "turnover", [2019, 2020], ["Russia", "China"])
    assert len(fig.axes[0].patches) == 4
    fig = plot_asymmetry(40.0, 10.0, "R")
    assert "gap 30.0 points, ratio 4.0" in fig.axes[0].get_title(loc="left")
    import matplotlib.pyplot as plt

    plt.close("all")


def test_proportional_is_the_default_recipient() -> None:
    assert explorer(year=2020, flow="imports").move_to.value == PROPORTIONAL


def test_slider_redraw_blits_onto_the_same_background_and_matches_a_full_draw() -> None:
    """Moving the slider redraws only the what-if bars; the picture equals a fresh full draw."""
    import io

    import numpy as np
    from PIL import Image

    def chosen() -> TradeExplorer:
        ex = explorer(year=2020, flow="imports")
        ex.move_from.value = "Russia"
        ex.move_to.value = "China"
        return ex

    ex = chosen()
    ex.move_pct.value = 50
    background = ex._background
    ex.move_pct.value = 80
    assert ex._background is background  # no full redraw for a slider move
    blitted = np.asarray(Image.open(io.BytesIO(png_of(ex))))
    fresh = chosen()
    fresh.move_pct.value = 80
    full = np.asarray(Image.open(io.BytesIO(png_of(fresh))))
    assert blitted.shape == full.shape
    assert (blitted != full).any(axis=-1).mean() < 0.001
    # imports 2020: Russia 30 -> 6 (6 %), China 30 -> 54 (54 %)
    assert "Russia 30.0 % (after the what-if 6.0 %)" in alt_of(ex)


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
    ex = TradeExplorer(year=2022, flow="turnover")
    ex.view.value = "table"
    assert "bnstradepartner" not in re.sub(r'title="[^"]*"', "", ex.table.value)
    assert "Bureau of National Statistics of Kazakhstan" in ex.table.value


def test_snapshot_note_follows_the_shared_contract() -> None:
    note = snapshot_note_html("Some text.")
    assert note == ('<div class="kz-snapshot-note" role="note"><p><strong>This is a snapshot.</strong> Some text. '
                    '<a class="kz-live-link" href="#" hidden>Run this chapter live in your browser</a></p></div>')


def test_explorer_still_draws_if_matplotlibs_private_text_api_moves(monkeypatch) -> None:
    """The caching renderer leans on private matplotlib calls; if they break, plain Agg takes over."""
    from kzlesson import _fast_png

    def moved(*_args, **_kwargs):
        raise AttributeError("'FT2Font' object has no attribute '_layout'")

    monkeypatch.setattr(_fast_png.CachingRenderer, "_glyphs", moved)
    ex = trade_explorer(flow="turnover")
    assert ex.fig.canvas.plain is True
    assert 'src="data:image/png;base64,' in ex.chart.value
    ex.year.value = ex.year.options[0]
    assert 'src="data:image/png;base64,' in ex.chart.value and "could not be" not in ex.message.value


def _sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, tuple[str, ...]]]:
    """Record every state update the widgets send to the browser: (widget, keys)."""
    import ipywidgets

    sent: list[tuple[object, tuple[str, ...]]] = []
    monkeypatch.setattr(ipywidgets.Widget, "_send",
                        lambda self, msg, buffers=None: sent.append((self, tuple(sorted(msg.get("state", {}))))))
    return sent


def test_a_change_of_year_or_flow_sends_each_what_if_menu_at_most_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The what-if menus' new options and choice go to the browser as one message per menu (they
    went as two each, options then value, before the picture), and not at all when unchanged."""
    ex = explorer(year=2020, flow="imports", top_n=3)
    ex.move_from.value = "Russia"
    ex.move_pct.value = 30
    sent = _sent(monkeypatch)
    for control, value in ((ex.year, 2019), (ex.flow, "exports"), (ex.year, 2020), (ex.top_n, 4)):
        sent.clear()
        setattr(control, "value", value)
        for menu in (ex.move_from, ex.move_to):
            assert sum(1 for widget, _ in sent if widget is menu) <= 1, (control.description, menu.description)
        assert any(widget is ex.chart for widget, _ in sent)
    assert ex.move_from.value == "Russia"  # kept: Russia has exports in 2020
    sent.clear()
    ex._refresh_options()  # options worked out again, the same as shown: nothing sent
    assert [keys for widget, keys in sent if widget in (ex.move_from, ex.move_to)] == []


def test_a_view_shown_before_comes_back_without_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flow, year, partners shown or trend chosen again: the picture drawn for that view is sent
    again (no canvas draw), with its own alt text and the texts of that view."""
    ex = explorer(year=2020, flow="imports", top_n=3)
    imports = ex.chart.value
    ex.flow.value = "exports"
    exports, drawn = ex.chart.value, ex.redraws
    draws: list[int] = []
    original = type(ex.fig.canvas).draw
    monkeypatch.setattr(type(ex.fig.canvas), "draw", lambda self: (draws.append(1), original(self))[1])
    ex.flow.value = "imports"
    assert ex.chart.value == imports and draws == [] and ex.redraws == drawn
    assert "Kazakhstan's imports in 2020" in alt_of(ex) and "imports" in ex.caption.value
    ex.flow.value = "exports"
    assert ex.chart.value == exports and draws == []
    ex.mode.value = "trend"
    trend = ex.chart.value
    ex.mode.value = "partners"
    assert ex.chart.value == exports
    ex.mode.value = "trend"
    assert ex.chart.value == trend and len(draws) == 1  # the trend drawn once
    ex.mode.value = "partners"
    ex.move_from.value = "Russia"
    ex.move_pct.value = 50  # a new view: drawn (the background after a trend is drawn again)
    assert len(draws) == 2 and "after the what-if" in alt_of(ex)


def test_kept_pictures_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import kzlesson.trade_explorer as module

    monkeypatch.setattr(module, "PICTURES_KEPT", 2)
    ex = explorer(year=2020, flow="imports")
    for flow in ("exports", "turnover", "imports"):
        ex.flow.value = flow
    assert len(ex._pictures) == 2


def test_the_change_of_source_is_worked_out_once_per_explorer(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = tr.series_breaks
    monkeypatch.setattr(tr, "series_breaks", lambda trade: (calls.append(1), original(trade))[1])
    ex = explorer(year=2019, flow="imports")
    for year, flow in ((2020, "imports"), (2020, "exports"), (2019, "turnover")):
        ex.year.value, ex.flow.value = year, flow
    assert len(calls) == 1
    assert "2019 comes from WITS" in html.unescape(ex.message.value)  # the note still says so
