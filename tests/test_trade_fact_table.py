"""The chapter 4 fact table: readable values, dates at their precision, sources by label, no index."""

import re

import pandas as pd
import pytest

from kzlesson.fact_table import fact_table, format_as_of, format_value, readable, source_label


def test_values_carry_their_unit_without_float_noise():
    assert format_value(24.3, "USD bn") == "USD 24.3 bn"
    assert format_value(7800.0, "companies") == "7,800 companies"
    assert format_value(66.7, "% (lower bound)") == "66.7 % (lower bound)"
    assert format_value(6.0, "% change") == "+6 %"
    assert format_value(pd.NA, "%") == "no figure"


def test_dates_are_written_at_their_precision():
    assert format_as_of(pd.Timestamp("2021-01-01"), "year") == "2021"
    assert format_as_of(pd.Timestamp("2021-06-01"), "month") == "Jun 2021"
    assert format_as_of(pd.Timestamp("2022-12-08"), "day") == "8 Dec 2022"
    assert format_as_of(pd.NaT, "day") == "undated"


def test_rows_follow_the_facts_and_name_sources_by_label():
    frame = fact_table(["russia-share-imports-2021", "russia-trade-volume-2022-kz"]).to_frame()
    assert list(frame.columns) == ["Figure", "Value", "As of", "Source"]
    assert frame.loc[0, "Value"] == "40.8 %" and frame.loc[0, "As of"] == "Jun 2021"
    assert frame.loc[0, "Source"] == "Nurgozhayeva 2022"
    assert ";" in frame.loc[1, "Source"]  # two sources, both named
    assert "00:00:00" not in frame.to_string()
    assert source_label("nurgozhayeva2022") == "Nurgozhayeva 2022"


def test_html_has_no_empty_header_cell_and_links_sources():
    html = fact_table(["russia-share-imports-2021"], caption="c")._repr_html_()
    headers = re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", html)
    assert headers == ["Figure", "Value", "As of", "Source"]
    assert '<a href="https://' in html and "<caption" in html


def test_unknown_fact_is_named():
    with pytest.raises(KeyError, match="no-such-fact"):
        fact_table(["no-such-fact"])


def test_readable_hides_index_and_writes_gaps():
    frame = pd.DataFrame({"partner": ["Russia", "China"], "x": pd.array([pd.NA, 2200.0], dtype="Float64")})
    html = readable(frame, {"partner": "Partner", "x": "Balance (USD m)"}, digits=0).to_html()
    headers = [h.strip() for h in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", html)]
    assert headers == ["Partner", "Balance (USD m)"]
    assert "no figure" in html and "2,200" in html


def test_note_wraps_as_paragraphs_and_escapes():
    from kzlesson.fact_table import note

    shown = note("a < b", "second")
    assert shown._repr_html_().count("<p") == 2 and "a &lt; b" in shown._repr_html_()
    assert repr(shown) == "a < b\nsecond"


def test_source_label_indexes_the_sources_once_not_on_every_call(monkeypatch):
    """The trade explorer labels sources on every redraw: the table is indexed once per load
    (``set_index`` on every call cost about 15 ms a redraw), and again after the data change."""
    from kzlesson import data

    calls = []
    original = pd.DataFrame.set_index

    def counted(self, *args, **kwargs):
        if "author" in self.columns:  # the sources table (facts.csv is indexed once per table)
            calls.append(args)
        return original(self, *args, **kwargs)

    source_label("zanini2022")  # the index of the table as loaded now
    monkeypatch.setattr(pd.DataFrame, "set_index", counted)
    labels = {source_label(i) for i in ["nurgozhayeva2022", "zanini2022", "no-such-source"] * 10}
    html = fact_table(["russia-share-imports-2021"])._repr_html_()
    assert calls == []
    assert labels == {"Nurgozhayeva 2022", source_label("zanini2022"), "no-such-source"}
    assert "Nurgozhayeva 2022</a>" in html
    data.clear_cache()  # a new table (e.g. sources.csv edited): labelled from the new one
    assert source_label("nurgozhayeva2022") == "Nurgozhayeva 2022"


def test_source_label_follows_an_edited_sources_table(tmp_path, monkeypatch):
    from kzlesson import data
    from kzlesson.paths import data_dir

    for path in data_dir().iterdir():
        if path.is_file():
            (tmp_path / path.name).write_bytes(path.read_bytes())
    text = (tmp_path / "sources.csv").read_text(encoding="utf-8")
    (tmp_path / "sources.csv").write_text(text.replace("Roza Nurgozhayeva", "Roza Testname"), encoding="utf-8")
    assert source_label("nurgozhayeva2022") == "Nurgozhayeva 2022"
    monkeypatch.setenv("KZLESSON_DATA", str(tmp_path))
    data.clear_cache()
    try:
        assert source_label("nurgozhayeva2022") == "Testname 2022"
    finally:
        monkeypatch.delenv("KZLESSON_DATA")
        data.clear_cache()
    assert source_label("nurgozhayeva2022") == "Nurgozhayeva 2022"
