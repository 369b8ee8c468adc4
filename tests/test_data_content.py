"""The module's own tables: sourced, consistent, complete enough for the chapters.

These tests read the real ``data/`` folder. They are the data's specification: every row names a
known source and every source is used; dates, sums and shares are plausible; the figures of the five
seed texts are present with a locator; disagreements between sources are recorded both ways.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from kzlesson import data
from kzlesson.paths import data_dir, project_root

ROOT = project_root()
SEEDS = {"horizon2022", "sanchez2022", "realignment2022", "nurgozhayeva2022", "zanini2022"}
CITE_RE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


@pytest.fixture(scope="module", autouse=True)
def _real_data() -> None:
    data.clear_cache()


@pytest.fixture(scope="module")
def sources() -> pd.DataFrame:
    return data.load_sources()


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return data.load_facts()


@pytest.fixture(scope="module")
def timeline() -> pd.DataFrame:
    return data.load_timeline()


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return data.load_trade()


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def book_pages() -> list[Path]:
    """The book's pages: chapter notebooks and Markdown pages (not README or CONTRIBUTING)."""
    if ROOT is None:
        return []
    pages = [*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("chapters/*.md"), *ROOT.glob("*.md")]
    return [page for page in pages if page.name not in {"README.md", "CONTRIBUTING.md"}]


def page_text(page: Path) -> str:
    """A page's text; for a notebook, the sources and metadata of its cells."""
    text = page.read_text(encoding="utf-8")
    if page.suffix == ".ipynb":
        cells = json.loads(text).get("cells", [])
        # cell sources and cell metadata (figure captions live in mystnb metadata)
        text = "\n".join("".join(cell.get("source", "")) + "\n" + json.dumps(cell.get("metadata", {}), ensure_ascii=False)
                         for cell in cells)
    return text


def chapter_citations() -> set[str]:
    """Every key cited with {cite}/{cite:p}/{cite:t} in the book's pages and notebooks."""
    keys: set[str] = set()
    for page in book_pages():
        for match in CITE_RE.finditer(page_text(page)):
            keys.update(key.strip() for key in match.group(1).split(","))
    return keys


def other_data_citations() -> set[str]:
    """Source ids named by other data files (``data/maps/*.yml`` routes, ``*.geojson`` metadata)."""
    keys: set[str] = set()
    for path in data_dir().glob("maps/*.geojson"):
        source_id = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("source_id")
        if source_id:
            keys.add(str(source_id))
    for path in data_dir().glob("maps/*.yml"):
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for route in spec.get("routes", []) or []:
            keys.update(str(key) for key in route.get("source_ids", []) or [])
    return keys


# --------------------------------------------------------------------------- sources


def test_the_five_seeds_are_the_only_seed_rows(sources: pd.DataFrame) -> None:
    assert set(sources.loc[sources["is_seed"], "id"]) == SEEDS


def test_undated_seeds_are_bounded_with_evidence(sources: pd.DataFrame) -> None:
    seeds = sources.set_index("id").loc[sorted(SEEDS)]
    undated = seeds[seeds["date"].isna()]
    assert set(undated.index) == {"sanchez2022", "realignment2022"}
    assert undated["date_earliest"].notna().all() and undated["date_latest"].notna().all()
    assert (undated["date_evidence"].str.len() > 40).all()
    # both were written after the events of September 2022 they report
    assert (undated["date_earliest"] >= pd.Timestamp("2022-09-14")).all()


def test_every_row_cites_a_known_source(sources, facts, timeline, trade) -> None:
    known = set(sources["id"])
    cited = {s for cell in facts["source_id"] for s in _split(cell)}
    cited |= {s for ids in timeline["source_ids"] for s in ids}
    cited |= {s for cell in trade["source_id"] for s in _split(cell)}
    cited |= {s for table in (data.load_trade_quoted(), data.load_trade_totals(), data.load_trade_groups())
              for cell in table["source_id"] for s in _split(cell)}
    assert cited <= known, sorted(cited - known)
    assert facts["source_id"].str.len().gt(0).all() and trade["source_id"].str.len().gt(0).all()
    assert timeline["source_ids"].map(len).gt(0).all()


def test_every_source_is_cited_somewhere(sources, facts, timeline, trade) -> None:
    used = {s for cell in facts["source_id"] for s in _split(cell)}
    used |= {s for ids in timeline["source_ids"] for s in ids}
    used |= {s for cell in trade["source_id"] for s in _split(cell)}
    used |= {s for table in (data.load_trade_quoted(), data.load_trade_totals(), data.load_trade_groups())
             for cell in table["source_id"] for s in _split(cell)}
    used |= chapter_citations() | other_data_citations()
    unused = sorted(set(sources["id"]) - used)
    assert not unused, f"sources nobody cites (cite them or remove them): {unused}"


def test_chapter_citations_name_known_sources(sources) -> None:
    unknown = sorted(chapter_citations() - set(sources["id"]))
    assert not unknown, f"chapters cite keys missing from data/sources.csv: {unknown}"


def test_public_sources_have_an_address(sources: pd.DataFrame) -> None:
    public = sources[~sources["is_seed"]]
    assert public["url"].str.startswith(("http://", "https://")).all(), list(public.loc[~public["url"].str.startswith("http"), "id"])


# --------------------------------------------------------------------------- facts


def test_every_fact_from_a_seed_has_a_locator(facts: pd.DataFrame) -> None:
    from_seeds = facts[facts["source_id"].map(lambda cell: bool(set(_split(cell)) & SEEDS))]
    assert len(from_seeds) >= 30
    missing = from_seeds.loc[from_seeds["locator"].str.len() < 5, "id"].tolist()
    assert not missing, f"seed facts without a locator: {missing}"


def test_every_seed_gives_facts(facts: pd.DataFrame) -> None:
    cited = {s for cell in facts["source_id"] for s in _split(cell)}
    assert SEEDS <= cited


SEED_FIGURES = [
    # (fact id, value, source) — the figures as printed in the seed texts
    ("russia-share-turnover-2021", 23.7, "nurgozhayeva2022"),
    ("russia-share-imports-2021", 40.8, "nurgozhayeva2022"),
    ("russia-share-exports-2021", 12.1, "nurgozhayeva2022"),
    ("russia-trade-volume-2021-seed", 24.2, "nurgozhayeva2022"),
    ("russian-companies-2021", 7800, "nurgozhayeva2022"),
    ("blue-chips-loss-low", 25, "nurgozhayeva2022"),
    ("blue-chips-loss-high", 45, "nurgozhayeva2022"),
    ("aid-trucks-cargo", 40, "nurgozhayeva2022"),
    ("aid-air-cargo", 25, "nurgozhayeva2022"),
    ("aid-el-bolashagy", 150, "nurgozhayeva2022"),
    ("january-deaths-seed", 238, "realignment2022"),
    ("lukoil-karachaganak-seed", 13.5, "realignment2022"),
    ("lukoil-tengiz-seed", 5, "realignment2022"),
    ("lukoil-zhenis-seed", 50, "realignment2022"),
    ("lukoil-alfarabi-seed", 49.9, "realignment2022"),
    ("russians-share-1991-seed", 37, "sanchez2022"),
    ("kazakhs-share-seed", 69, "sanchez2022"),
    ("russians-share-seed", 18, "sanchez2022"),
    ("population-seed", 19, "sanchez2022"),
    ("russians-staying-seed", 353000, "sanchez2022"),
    ("russians-working-seed", 6940, "sanchez2022"),
    ("mobilisation-crossings-week-seed", 98000, "sanchez2022"),
    ("mobilisation-crossings-horizon", 200000, "horizon2022"),
    ("unga-es11-1-for-seed", 141, "zanini2022"),
    ("unga-es11-1-abstain-seed", 35, "zanini2022"),
]


@pytest.mark.parametrize(("fact_id", "value", "source_id"), SEED_FIGURES, ids=[f[0] for f in SEED_FIGURES])
def test_seed_figures_are_recorded(fact_id: str, value: float, source_id: str) -> None:
    row = data.fact(fact_id)
    assert row["value"] == pytest.approx(value)
    assert row["source_id"] == source_id


def test_disagreement_links_exist_and_are_mutual(facts: pd.DataFrame) -> None:
    links = facts.set_index("id")["disagrees_with"]
    assert links.map(len).sum() >= 10, "the known disagreements are recorded"
    for fact_id, others in links.items():
        for other in others:
            assert other in links.index, f"{fact_id} disagrees with unknown fact {other}"
            assert fact_id in links[other], f"{fact_id} -> {other} is not mirrored by {other} -> {fact_id}"


@pytest.mark.parametrize(("seed_fact", "public_fact"), [
    ("kazakhs-share-seed", "kazakhs-share-census-2021"),
    ("russians-share-seed", "russians-share-census-2021"),
    ("btc-deal-month-seed", "btc-deal-month-newsaz"),
    ("mobilisation-stayed-horizon", "mobilisation-still-here-2022-11"),
    ("russia-trade-volume-2021-seed", "russia-trade-volume-2021-tokayev"),
])
def test_known_disagreements_with_the_seeds_are_linked(seed_fact: str, public_fact: str) -> None:
    assert public_fact in data.fact(seed_fact)["disagrees_with"]
    assert seed_fact in data.fact(public_fact)["disagrees_with"]


def test_percentages_are_percentages(facts: pd.DataFrame) -> None:
    """Shares lie between 0 and 100; a growth rate says so in its unit ('% change')."""
    shares = facts[facts["unit"].str.startswith("%") & ~facts["unit"].str.contains("change") & facts["value"].notna()]
    assert shares["value"].between(0, 100).all(), shares.loc[~shares["value"].between(0, 100), "id"].tolist()


# --------------------------------------------------------------------------- timeline


def test_timeline_is_long_enough_and_in_range(timeline: pd.DataFrame) -> None:
    assert len(timeline) >= 40
    assert timeline["date"].min() >= pd.Timestamp("1991-01-01")
    assert timeline["date"].max() <= pd.Timestamp("2022-12-31")


def test_timeline_file_is_in_date_order() -> None:
    """Rows are kept in chronological order in the file too: insert a new event where it belongs."""
    frame = pd.read_csv(data_dir() / "timeline.csv", dtype=str, keep_default_na=False)
    starts = pd.to_datetime(frame["date"].map(lambda d: d if len(d) == 10 else (d + "-01" if len(d) == 7 else d + "-01-01")))
    late = [frame.loc[i, "id"] for i in range(1, len(frame)) if starts[i] < starts[i - 1]]
    assert not late, f"events out of date order in timeline.csv: {late}"


MUST_COVER = [
    "1991-12-16", "2014-03", "2019-03-19", "2022-01-02", "2022-01-06", "2022-01-13", "2022-02-10", "2022-02-22",
    "2022-02-24", "2022-03-01", "2022-03-02", "2022-03-14", "2022-04-05", "2022-04-07", "2022-06-17", "2022-07-05",
    "2022-07-11", "2022-08-01", "2022-08-23", "2022-09-01", "2022-09-14", "2022-09-17", "2022-09-20", "2022-09-21",
    "2022-09-23", "2022-09-26", "2022-09-27", "2022-09-30", "2022-10-14", "2022-11-20", "2022-11-28", "2022-11",
    "2022-12-09",
]


@pytest.mark.parametrize("date", MUST_COVER)
def test_timeline_covers_the_key_dates(timeline: pd.DataFrame, date: str) -> None:
    assert timeline["id"].str.startswith(date + "-").any(), f"no event dated {date}"


def test_stances_are_mixed_and_explained(timeline: pd.DataFrame) -> None:
    with_stance = timeline[timeline["stance"].notna()]
    assert set(with_stance["stance"]) == {"closer", "distant", "neutral"}
    assert (with_stance["stance_reason"].str.len() > 10).all()
    assert set(timeline["vector"]) >= {"Russia", "China", "the West", "Ukraine", "multilateral", "domestic"}


def test_seed_reported_events_cite_the_seed(timeline: pd.DataFrame) -> None:
    events = timeline.set_index("id")["source_ids"]
    assert "zanini2022" in events["2022-03-01-amanat-congress"]
    assert "zanini2022" in events["2022-03-02-unga-vote"]
    assert "sanchez2022" in events["2022-09-26-non-recognition"]
    assert "realignment2022" in events["2022-09-14-xi-visit"]
    assert "horizon2022" in events["2022-09-21-mobilisation"]


# --------------------------------------------------------------------------- trade

MONEY = ["exports_usd_m", "imports_usd_m", "turnover_usd_m"]


@pytest.fixture(scope="module")
def quoted() -> pd.DataFrame:
    return data.load_trade_quoted()


@pytest.fixture(scope="module")
def totals() -> pd.DataFrame:
    return data.load_trade_totals().set_index("year")


def test_full_table_has_one_world_row_per_year_2015_to_2025(trade: pd.DataFrame) -> None:
    world = trade[trade["partner"].eq("World")]
    assert sorted(world["year"].tolist()) == list(range(2015, 2026))
    assert world["note"].str.contains("DERIVED").all()


def test_every_year_lists_over_170_partners_and_turnover_is_exports_plus_imports(trade: pd.DataFrame) -> None:
    partners = trade[trade["partner"].ne("World")]
    counts = partners.groupby("year").size()
    assert (counts >= 170).all(), counts.to_string()
    gap = (partners["exports_usd_m"] + partners["imports_usd_m"] - partners["turnover_usd_m"]).abs()
    assert (gap < 1e-5).all()


def test_the_source_switches_from_wits_to_bns_at_2020(trade: pd.DataFrame) -> None:
    from kzlesson import trade as tr

    by_year = trade.groupby("year")["source_id"].unique()
    assert all(list(by_year[y]) == ["witstradepartner"] for y in range(2015, 2020))
    assert all(list(by_year[y]) == ["bnstradepartner"] for y in range(2020, 2026))
    assert tr.series_breaks(trade) == [(2020, "witstradepartner", "bnstradepartner")]


def test_partner_sums_equal_the_bns_national_totals(trade: pd.DataFrame, totals: pd.DataFrame) -> None:
    """BNS 2020-2025: the partners add up to the monthly national series (to 0.2 m USD; the 2023
    import tables differ by 0.17 m in the source itself). WITS 2015-2019: within 0.2 %."""
    world = trade[trade["partner"].eq("World")].set_index("year")
    for year in range(2015, 2026):
        for column in ("exports_usd_m", "imports_usd_m"):
            national = totals.loc[year, column]
            if pd.isna(national):
                continue
            ours = float(world.loc[year, column])
            if year >= 2020:
                assert abs(ours - float(national)) < 0.2, (year, column, ours, national)
            else:
                assert abs(ours / float(national) - 1) < 0.002, (year, column, ours, national)


def test_published_thousands_match_the_million_figures(trade: pd.DataFrame) -> None:
    partners = trade[trade["partner"].ne("World")]
    for flow in ("exports", "imports"):
        published = pd.to_numeric(partners[f"{flow}_thousand_usd"].replace("", "0"))
        assert ((published / 1000 - partners[f"{flow}_usd_m"].astype(float)).abs() < 1e-6).all()


def test_no_gap_for_a_main_partner_in_any_year_2015_to_2024(trade: pd.DataFrame) -> None:
    """A main partner = one of the ten largest by turnover in some year; it has both flows every year."""
    partners = trade[trade["partner"].ne("World")]
    main = set()
    for _, rows in partners.groupby("year"):
        main |= set(rows.nlargest(10, "turnover_usd_m")["partner"])
    assert {"Russia", "China", "Italy", "Netherlands", "Türkiye"} <= main
    for partner in sorted(main):
        rows = partners[partners["partner"].eq(partner)].set_index("year")
        for year in range(2015, 2025):
            assert year in rows.index, (partner, year)
            assert rows.loc[year, MONEY].notna().all() and rows.loc[year, "turnover_usd_m"] > 0, (partner, year)


def test_every_row_names_the_archived_files_it_was_read_from(trade: pd.DataFrame) -> None:
    partners = trade[trade["partner"].ne("World")]
    assert partners["locator"].str.match(r"^exports: [\w./-]+@[0-9a-f]{40}; imports: [\w./-]+@[0-9a-f]{40}$").all()


def test_bns_final_figures_behind_the_chapters(trade: pd.DataFrame) -> None:
    """The figures the chapters discuss, against PROVENANCE's transcription (China 2022, Russia 2021)."""
    rows = trade.set_index(["year", "partner"])
    assert round(float(rows.loc[(2022, "China"), "exports_usd_m"]), 1) == 13060.2
    assert round(float(rows.loc[(2022, "China"), "imports_usd_m"]), 1) == 11143.7
    assert round(float(rows.loc[(2021, "Russia"), "turnover_usd_m"]), 1) == 24624.3


def test_colour_groups_follow_the_style_module(trade: pd.DataFrame) -> None:
    from kzlesson.style import actor_group

    partners = trade[trade["partner"].ne("World")].drop_duplicates("partner")
    for partner, group in zip(partners["partner"], partners["partner_group"]):
        expected = actor_group(partner)
        if expected in data.PARTNER_GROUPS and expected != "other":
            assert group == expected, (partner, group, expected)


def test_view_groups_and_their_members() -> None:
    from kzlesson import trade as tr

    groups = data.load_trade_groups()
    assert tr.view_groups(groups) == ["Russia", "China", "EU-27", "EAEU", "Central Asia"]
    assert len(tr.members_in(groups, "EU-27", 2024)) == 27 and "GBR" not in tr.members_in(groups, "EU-27", 2016)
    assert sorted(tr.members_in(groups, "EAEU", 2015)) == ["ARM", "BLR", "KGZ", "RUS"]


def test_quoted_vs_final_links_name_real_facts_and_rows(trade: pd.DataFrame, facts: pd.DataFrame) -> None:
    from kzlesson import trade as tr

    table = tr.quoted_vs_final(trade, data.load_trade_quoted_links(), facts).set_index("fact_id")
    assert table["final_usd_bn"].notna().all()
    # China 2022: quoted 13.2 / 11.0 bn, final 13.06 / 11.14 bn
    assert table.loc["china-exports-2022-quoted", "quoted_usd_bn"] == 13.2
    assert round(float(table.loc["china-exports-2022-quoted", "final_usd_bn"]), 2) == 13.06
    assert round(float(table.loc["china-imports-2022-quoted", "final_usd_bn"]), 2) == 11.14
    assert (table["difference_pct"].abs() < 10).all(), "a quoted figure far from the final one: check the link"


def test_quoted_table_keeps_one_preferred_row_and_a_world_row_2019_to_2023(quoted: pd.DataFrame) -> None:
    world = quoted[quoted["partner"].eq("World")]
    assert sorted(world["year"].tolist()) == [2019, 2020, 2021, 2022, 2023]
    counts = quoted.groupby(["year", "partner"])["preferred"].sum()
    assert (counts == 1).all(), counts[counts != 1].to_string()


# --------------------------------------------------------------------------- glossary

REQUIRED_TERMS = [
    "CSTO", "EAEU", "CIS", "SCO", "OSCE", "C5+1", "multi-vector foreign policy", "CPC", "Mir", "mirror statistics",
    "turnover", "Herfindahl-Hirschman index", "asymmetric dependence", "secondary sanctions", "mobilisation",
    "annexation referendum", "Akorda", "Mazhilis", "tenge", "Belt and Road Initiative", "Middle Corridor",
    "BTC pipeline", "partial mobilisation", "non-recognition", "abstention", "quasi-state", "blue chip",
    "sanctions circumvention", "vantage point", "primary source", "secondary source",
]


def test_glossary_has_the_terms_the_chapters_need() -> None:
    glossary = data.load_glossary()
    assert len(glossary) >= 30
    names = {name.casefold() for name in glossary["term"]} | {a.casefold() for aliases in glossary["aliases"] for a in aliases}
    missing = [term for term in REQUIRED_TERMS if term.casefold() not in names]
    assert not missing, missing


def test_glossary_terms_used_in_chapters_exist() -> None:
    if ROOT is None:
        pytest.skip("installed without the book's pages")
    glossary = data.load_glossary()
    names = {name.casefold() for name in glossary["term"]} | {a.casefold() for aliases in glossary["aliases"] for a in aliases}
    used: set[str] = set()
    for page in book_pages():
        for match in re.finditer(r"\{term\}`([^`]+)`", page_text(page)):
            target = re.sub(r"^.*<(.+)>$", r"\1", match.group(1), flags=re.S)  # {term}`text <target>`
            used.add(" ".join(target.split()))
    missing = sorted(term for term in used if term.casefold() not in names)
    assert not missing, f"chapters link to terms the glossary lacks: {missing}"
