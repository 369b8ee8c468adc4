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
    assert cited <= known, sorted(cited - known)
    assert facts["source_id"].str.len().gt(0).all() and trade["source_id"].str.len().gt(0).all()
    assert timeline["source_ids"].map(len).gt(0).all()


def test_every_source_is_cited_somewhere(sources, facts, timeline, trade) -> None:
    used = {s for cell in facts["source_id"] for s in _split(cell)}
    used |= {s for ids in timeline["source_ids"] for s in ids}
    used |= {s for cell in trade["source_id"] for s in _split(cell)}
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


def test_turnover_is_exports_plus_imports(trade: pd.DataFrame) -> None:
    full = trade.dropna(subset=MONEY)
    assert len(full) >= 10
    gap = (full["exports_usd_m"] + full["imports_usd_m"] - full["turnover_usd_m"]).abs()
    tolerance = 0.01 * full["turnover_usd_m"] + 1  # sources round to 0.1 bn
    bad = full.loc[gap > tolerance, ["year", "partner", "source_id"]]
    assert bad.empty, bad.to_string()


def test_partners_never_exceed_the_world_total(trade: pd.DataFrame) -> None:
    world = trade[trade["partner"].eq("World") & trade["preferred"]].set_index("year")
    partners = trade[trade["partner"].ne("World")]
    assert set(partners["year"]) <= set(world.index)
    for column in MONEY:
        totals = partners["year"].map(world[column])
        over = partners[partners[column].notna() & (partners[column] > totals)]
        assert over.empty, f"{column} above the world total: {over[['year', 'partner', 'source_id']].to_string()}"


def test_one_world_row_per_year_2019_to_2023(trade: pd.DataFrame) -> None:
    world = trade[trade["partner"].eq("World")]
    assert sorted(world["year"].tolist()) == [2019, 2020, 2021, 2022, 2023]
    assert world["preferred"].all() and world[MONEY].notna().all().all()
    assert world["note"].str.contains("DERIVED").all()


def test_each_year_and_partner_has_exactly_one_preferred_row(trade: pd.DataFrame) -> None:
    counts = trade.groupby(["year", "partner"])["preferred"].sum()
    assert (counts == 1).all(), counts[counts != 1].to_string()


def test_preferred_rows_are_kazakh_reported_where_a_kazakh_figure_exists(trade: pd.DataFrame) -> None:
    for (year, partner), rows in trade.groupby(["year", "partner"]):
        if rows["reporter"].eq("Kazakhstan").any():
            chosen = rows[rows["preferred"]]
            assert chosen["reporter"].iloc[0] == "Kazakhstan", (year, partner)


def test_partner_groups_follow_the_style_module(trade: pd.DataFrame) -> None:
    from kzlesson.style import actor_group

    partners = trade[trade["partner"].ne("World")]
    for partner, group in zip(partners["partner"], partners["partner_group"]):
        expected = actor_group(partner)
        if expected in data.PARTNER_GROUPS:
            assert group == expected, (partner, group, expected)


def test_russia_has_figures_for_2020_to_2023(trade: pd.DataFrame) -> None:
    russia = trade[trade["partner"].eq("Russia") & trade["preferred"]]
    assert set(russia["year"]) >= {2020, 2021, 2022, 2023}


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
