"""The loaders: real types, caching, fact(), and bad data refused with one clear message.

Each refusal test writes a tiny, otherwise valid data folder into a temporary directory, breaks
one cell, points ``KZLESSON_DATA`` at it and checks that the single ``DataError`` names the file,
the file line (header = line 1), the column and what was expected.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kzlesson import data
from kzlesson.errors import DataError

# --------------------------------------------------------------------------- a tiny valid data set

SOURCES = """\
id,title,author,publisher,kind,date,date_earliest,date_latest,date_evidence,url,is_seed
seed2022,A seed,Ann Author,A Journal,commentary,2022-03-22,,,,https://example.org/a,true
undated2022,An undated post,,A Blog,blog,,2022-09-15,2022-12-31,It mentions a September visit.,https://example.org/b,false
"""
FACTS = """\
id,topic,statement,value,unit,as_of,source_id,locator,disagrees_with,note
share-imports,trade,Russia's share of imports,40.8,%,2021-06,seed2022,para. 6,,
deal-month-a,energy,Month of the deal per the blog,,,2022-09,undated2022,para. 4,deal-month-b,
deal-month-b,energy,Month of the deal per the seed,,,2022-11,seed2022,para. 2,deal-month-a,
trade-china,trade,Trade with China as first quoted,18.0,USD bn,2021,seed2022,para. 7,,
"""
TIMELINE = """\
id,date,precision,title,description,actors,vector,stance,stance_reason,source_ids
2022-09-21-mobilisation,2022-09-21,day,Mobilisation,Russia calls up reservists.,Putin;Russia,Russia,,,seed2022
2022-09-mir,2022-09,month,Mir cards dropped,Banks stop serving Mir.,Kazakh banks,the West,distant,Follows US sanctions risk.,seed2022;undated2022
1995-concept,1995,year,Concept,First concept.,Kazakhstan,domestic,neutral,Balances partners.,undated2022
"""
QUOTED = """\
year,partner,partner_group,reporter,exports_usd_m,imports_usd_m,turnover_usd_m,preferred,source_id,locator,note
2022,World,other,Kazakhstan,84593.1,50934.4,135527.5,true,seed2022,table 1,derived
2022,China,China,Kazakhstan,13200,11000,24100,true,seed2022,para. 1,
2022,China,China,China,,,31200,false,undated2022,para. 2,mirror
"""
TRADE = """\
year,partner_iso3,partner,exports_usd_m,imports_usd_m,turnover_usd_m,exports_thousand_usd,imports_thousand_usd,source_id,exports_locator,imports_locator,derivation
2021,CHN,China,9772.50563304,8232.5,18005.00563304,9772505.63304,8232500,seed2022,x.csv@4384ebd481396b3425986e024c69934f4f20c6b5,m.csv@826002bcfdb4eb42d65d24e83a0846b38e53bdd7,/ 1000
2021,RUS,Russia,7018.74576433,17605.5,24624.24576433,7018745.76433,17605500,seed2022,x.csv@4384ebd481396b3425986e024c69934f4f20c6b5,m.csv@826002bcfdb4eb42d65d24e83a0846b38e53bdd7,/ 1000
2021,AGO,Angola,0.1065787,0.0,0.1065787,106.5787,,seed2022,x.csv@4384ebd481396b3425986e024c69934f4f20c6b5,m.csv@826002bcfdb4eb42d65d24e83a0846b38e53bdd7,/ 1000
"""
GROUPS = """\
group,view_rank,member_iso3,first_year,last_year,source_id,note
Russia,1,RUS,,,,a single country
EAEU,2,RUS,,,seed2022,
EAEU,2,ARM,2015,,seed2022,joined 2015
the West,,DEU,,,,colour group
"""
TOTALS = """\
year,exports_usd_m,imports_usd_m,source_id,exports_locator,imports_locator,note
2021,16791.3,25838.0,seed2022,rows of x.csv,rows of m.csv,sum of months
"""
LINKS = """\
fact_id,year,partner_iso3,flow,note
trade-china,2021,CHN,turnover,
"""
GLOSSARY = """\
- term: CSTO
  definition: A Russia-led military alliance.
  related: [EAEU]
- term: EAEU
  definition: A customs union.
  related: []
  aliases: [Eurasian Economic Union]
"""
FILES = {"sources.csv": SOURCES, "facts.csv": FACTS, "timeline.csv": TIMELINE, "trade.csv": TRADE,
         "trade_groups.csv": GROUPS, "trade_totals.csv": TOTALS, "trade_quoted.csv": QUOTED,
         "trade_quoted_vs_final.csv": LINKS, "glossary.yml": GLOSSARY}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write the tiny data set, point KZLESSON_DATA at it; yield a function that replaces one file's text."""
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("KZLESSON_DATA", str(tmp_path))
    data.clear_cache()

    def write(name: str, text: str) -> Path:
        (tmp_path / name).write_text(text, encoding="utf-8")
        data.clear_cache()
        return tmp_path / name

    yield write
    data.clear_cache()


def refused(loader, *parts: str) -> str:
    """Call ``loader``; it must raise one DataError whose message contains every part."""
    with pytest.raises(DataError) as caught:
        loader()
    message = str(caught.value)
    for part in parts:
        assert part in message, f"{part!r} not in the message {message!r}"
    return message


# --------------------------------------------------------------------------- types and caching


def test_tiny_folder_loads_with_real_types(folder) -> None:
    sources = data.load_sources()
    assert sources["date"].dtype.kind == "M"
    assert sources["is_seed"].dtype == bool
    assert sources.set_index("id").loc["undated2022", "year"] == 2022
    assert pd.isna(sources.set_index("id").loc["undated2022", "date"])

    facts = data.load_facts()
    assert str(facts["value"].dtype) == "Float64"
    assert pd.isna(facts.set_index("id").loc["deal-month-a", "value"])
    assert facts.set_index("id").loc["deal-month-a", "disagrees_with"] == ("deal-month-b",)
    assert facts.set_index("id").loc["share-imports", "as_of"] == pd.Timestamp("2021-06-01")
    assert facts.set_index("id").loc["share-imports", "as_of_precision"] == "month"

    timeline = data.load_timeline()
    assert list(timeline["id"]) == ["1995-concept", "2022-09-mir", "2022-09-21-mobilisation"], "sorted by date"
    assert isinstance(timeline["precision"].dtype, pd.CategoricalDtype)
    assert list(timeline["vector"].cat.categories) == list(data.VECTORS)
    assert list(timeline["stance"].cat.categories) == ["closer", "distant", "neutral"]
    assert timeline.set_index("id").loc["2022-09-mir", "source_ids"] == ("seed2022", "undated2022")
    assert timeline.set_index("id").loc["2022-09-mir", "actors"] == ("Kazakh banks",)
    assert pd.isna(timeline.set_index("id").loc["2022-09-21-mobilisation", "stance"])
    assert timeline.set_index("id").loc["1995-concept", "date"] == pd.Timestamp("1995-01-01")

    trade = data.load_trade_quoted()
    for column in ("exports_usd_m", "imports_usd_m", "turnover_usd_m"):
        assert str(trade[column].dtype) == "Float64"
    assert str(trade["year"].dtype) == "Int64"
    assert trade["preferred"].dtype == bool
    assert pd.isna(trade.loc[2, "exports_usd_m"])

    glossary = data.load_glossary()
    assert list(glossary["term"]) == ["CSTO", "EAEU"]
    assert glossary.loc[1, "aliases"] == ("Eurasian Economic Union",)


def test_loaders_cache_per_folder_and_clear_cache_rereads(folder) -> None:
    first = data.load_facts()
    again = data.load_facts()
    assert first is not again, "callers get their own copy"
    again.loc[0, "statement"] = "changed by a caller"
    assert data.load_facts().loc[0, "statement"] == "Russia's share of imports", "a caller's edit never reaches the cache"
    folder("facts.csv", FACTS.replace("40.8", "41.0"))  # clears the cache
    assert data.fact("share-imports")["value"] == 41.0


def test_cache_is_keyed_on_the_data_folder(folder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(data.load_sources()) == 2
    monkeypatch.delenv("KZLESSON_DATA")
    assert len(data.load_sources()) > 2, "the module's own folder is a different cache entry"


def test_fact_returns_one_row_and_names_close_ids(folder) -> None:
    row = data.fact("share-imports")
    assert (row["value"], row["unit"], row["source_id"]) == (40.8, "%", "seed2022")
    assert type(row["value"]) is float, "plain Python values, not numpy scalars"
    assert pd.isna(data.fact("deal-month-a")["value"])
    assert data.fact("deal-month-a")["disagrees_with"] == ("deal-month-b",)
    with pytest.raises(KeyError, match="share-imports"):
        data.fact("share-import")


def test_source_returns_one_row(folder) -> None:
    assert data.source("seed2022")["publisher"] == "A Journal"
    with pytest.raises(KeyError):
        data.source("nosuch")


def test_a_spreadsheet_export_with_bom_and_crlf_loads(folder, tmp_path: Path) -> None:
    (tmp_path / "facts.csv").write_bytes(b"\xef\xbb\xbf" + FACTS.replace("\n", "\r\n").encode("utf-8"))
    data.clear_cache()
    assert data.fact("share-imports")["value"] == 40.8
    assert data.fact("deal-month-b")["note"] == ""


# --------------------------------------------------------------------------- refusals


def test_missing_column_is_refused(folder) -> None:
    folder("facts.csv", FACTS.replace(",unit,", ",units,", 1))
    refused(data.load_facts, "facts.csv:1:unit", "column named 'unit'")


def test_missing_file_is_refused(folder, tmp_path: Path) -> None:
    (tmp_path / "trade.csv").unlink()
    refused(data.load_trade, "trade.csv", "no such file")


def test_malformed_timeline_date_is_refused(folder) -> None:
    folder("timeline.csv", TIMELINE.replace("2022-09-21,day", "21/09/2022,day"))
    refused(data.load_timeline, "timeline.csv:2:date", "YYYY-MM-DD", "21/09/2022")


def test_date_that_does_not_match_its_precision_is_refused(folder) -> None:
    folder("timeline.csv", TIMELINE.replace("2022-09,month", "2022-09,day"))
    refused(data.load_timeline, "timeline.csv:3:date", "precision is 'day'")


def test_impossible_calendar_date_is_refused(folder) -> None:
    folder("sources.csv", SOURCES.replace("2022-03-22", "2022-02-30"))
    refused(data.load_sources, "sources.csv:2:date", "real calendar date")


def test_malformed_fact_date_is_refused(folder) -> None:
    folder("facts.csv", FACTS.replace("2021-06", "June 2021"))
    refused(data.load_facts, "facts.csv:2:as_of", "YYYY-MM", "June 2021")


def test_negative_amount_is_refused(folder) -> None:
    folder("trade_quoted.csv", QUOTED.replace("13200,11000", "13200,-11000"))
    refused(data.load_trade_quoted, "trade_quoted.csv:3:imports_usd_m", ">= 0", "-11000")


def test_non_numeric_amount_is_refused(folder) -> None:
    folder("trade_quoted.csv", QUOTED.replace("84593.1", "84.6bn"))
    refused(data.load_trade_quoted, "trade_quoted.csv:2:exports_usd_m", "USD millions", "84.6bn")


def test_decimal_comma_is_refused_not_misread(folder) -> None:
    folder("facts.csv", FACTS.replace("40.8,%", '"40,8",%'))
    refused(data.load_facts, "facts.csv:2:value", "plain number", "40,8")


def test_impossible_month_in_the_timeline_is_refused(folder) -> None:
    folder("timeline.csv", TIMELINE.replace("2022-09-mir,2022-09,", "2022-13-mir,2022-13,"))
    refused(data.load_timeline, "timeline.csv:3:date", "real calendar date", "2022-13")


def test_non_numeric_fact_value_is_refused(folder) -> None:
    folder("facts.csv", FACTS.replace("40.8", "about 40"))
    refused(data.load_facts, "facts.csv:2:value", "plain number", "about 40")


def test_duplicate_id_is_refused(folder) -> None:
    folder("sources.csv", SOURCES.replace("undated2022,An", "seed2022,An"))
    refused(data.load_sources, "sources.csv:3:id", "unique id", "line 2")


def test_unknown_source_id_is_refused(folder) -> None:
    folder("facts.csv", FACTS.replace("%,2021-06,seed2022", "%,2021-06,seed2021"))
    refused(data.load_facts, "facts.csv:2:source_id", "sources.csv", "did you mean 'seed2022'", "seed2021")


def test_unknown_source_id_among_several_is_refused(folder) -> None:
    folder("timeline.csv", TIMELINE.replace("seed2022;undated2022", "seed2022;nosuch"))
    refused(data.load_timeline, "timeline.csv:3:source_ids", "nosuch")


def test_row_with_empty_source_is_refused(folder) -> None:
    folder("timeline.csv", TIMELINE.replace("Balances partners.,undated2022", "Balances partners.,"))
    refused(data.load_timeline, "timeline.csv:4:source_ids", "at least one source id")


def test_trade_row_with_empty_source_is_refused(folder) -> None:
    folder("trade_quoted.csv", QUOTED.replace("false,undated2022", "false,"))
    refused(data.load_trade_quoted, "trade_quoted.csv:4:source_id", "at least one source id")


def test_unknown_vector_is_refused(folder) -> None:
    folder("timeline.csv", TIMELINE.replace("Putin;Russia,Russia,", "Putin;Russia,Moscow,"))
    refused(data.load_timeline, "timeline.csv:2:vector", "one of Russia, China, the West", "Moscow")


def test_unknown_stance_is_refused(folder) -> None:
    folder("timeline.csv", TIMELINE.replace("the West,distant,", "the West,far,"))
    refused(data.load_timeline, "timeline.csv:3:stance", "closer, distant, neutral", "far")


def test_stance_without_reason_is_refused(folder) -> None:
    folder("timeline.csv", TIMELINE.replace("distant,Follows US sanctions risk.,", "distant,,"))
    refused(data.load_timeline, "timeline.csv:3:stance_reason", "reason")


def test_timeline_id_must_start_with_its_date(folder) -> None:
    folder("timeline.csv", TIMELINE.replace("2022-09-mir,", "2022-10-mir,"))
    refused(data.load_timeline, "timeline.csv:3:id", "starts with the date")


def test_two_preferred_rows_for_one_partner_and_year_are_refused(folder) -> None:
    folder("trade_quoted.csv", QUOTED.replace("31200,false", "31200,true"))
    refused(data.load_trade_quoted, "trade_quoted.csv:4:preferred", "one preferred row", "line 3")


def test_partner_and_year_without_a_preferred_row_is_refused(folder) -> None:
    folder("trade_quoted.csv", QUOTED.replace("24100,true", "24100,false"))
    refused(data.load_trade_quoted, "trade_quoted.csv:3:preferred", "exactly one row marked preferred for 2022, China")


def test_trade_row_without_any_figure_is_refused(folder) -> None:
    folder("trade_quoted.csv", QUOTED.replace(",,31200,", ",,,"))
    refused(data.load_trade_quoted, "trade_quoted.csv:4", "at least one of")


def test_unknown_partner_group_is_refused(folder) -> None:
    folder("trade_quoted.csv", QUOTED.replace("China,China,China", "China,Asia,China"))
    refused(data.load_trade_quoted, "trade_quoted.csv:4:partner_group", "Russia, China, the West, neighbours, other", "Asia")


def test_bad_boolean_is_refused(folder) -> None:
    folder("sources.csv", SOURCES.replace("commentary,2022-03-22,,,,https://example.org/a,true", "commentary,2022-03-22,,,,https://example.org/a,seed"))
    refused(data.load_sources, "sources.csv:2:is_seed", "true or false")


def test_unknown_source_kind_is_refused(folder) -> None:
    folder("sources.csv", SOURCES.replace(",blog,", ",tweet,"))
    refused(data.load_sources, "sources.csv:3:kind", "one of briefing", "tweet")


def test_undated_source_without_evidence_is_refused(folder) -> None:
    folder("sources.csv", SOURCES.replace("It mentions a September visit.", ""))
    refused(data.load_sources, "sources.csv:3:date_evidence", "reason")


def test_bounds_in_the_wrong_order_are_refused(folder) -> None:
    folder("sources.csv", SOURCES.replace("2022-09-15,2022-12-31", "2022-12-31,2022-09-15"))
    refused(data.load_sources, "sources.csv:3:date_latest", "on or after")


def test_disagreement_with_an_unknown_fact_is_refused(folder) -> None:
    folder("facts.csv", FACTS.replace("para. 4,deal-month-b", "para. 4,deal-month-c"))
    refused(data.load_facts, "facts.csv:3:disagrees_with", "another fact", "deal-month-c")


def test_value_without_unit_is_refused(folder) -> None:
    folder("facts.csv", FACTS.replace("40.8,%", "40.8,"))
    refused(data.load_facts, "facts.csv:2:unit", "unit")


def test_row_with_a_stray_comma_is_refused(folder) -> None:
    folder("facts.csv", FACTS.replace("Russia's share of imports", "Russia's share, of imports"))
    refused(data.load_facts, "facts.csv:2", "quote cells that contain commas")


def test_glossary_related_term_must_exist(folder) -> None:
    folder("glossary.yml", GLOSSARY.replace("related: [EAEU]", "related: [EAU]"))
    refused(data.load_glossary, "glossary.yml:1:related", "a term defined in the glossary", "EAU")


def test_glossary_duplicate_term_is_refused(folder) -> None:
    folder("glossary.yml", GLOSSARY.replace("- term: EAEU", "- term: csto"))
    refused(data.load_glossary, "glossary.yml:4:term", "not used by another entry", "line 1")


def test_glossary_entry_without_definition_is_refused(folder) -> None:
    folder("glossary.yml", GLOSSARY.replace("  definition: A customs union.\n", ""))
    refused(data.load_glossary, "glossary.yml:4:definition", "a definition")


def test_broken_yaml_is_refused(folder) -> None:
    folder("glossary.yml", GLOSSARY + "- term: [unclosed\n")
    refused(data.load_glossary, "glossary.yml", "valid YAML")


def test_error_is_a_value_error_with_parts(folder) -> None:
    folder("trade_quoted.csv", QUOTED.replace("13200,11000", "13200,-11000"))
    with pytest.raises(ValueError) as caught:
        data.load_trade_quoted()
    error = caught.value
    assert isinstance(error, DataError)
    assert (Path(error.path).name, error.row, error.column) == ("trade_quoted.csv", 3, "imports_usd_m")
