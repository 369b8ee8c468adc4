"""Chapters 5 and 6: the export-routes map and the society figures.

What these promise: the map's outlines and routes load from ``data/maps``, every route joins known
places and names a source that exists in ``sources.csv``, the drawn map has one labelled line per
route in its route's colour and line style, and a broken routes file gives a message naming the
file and the place that is wrong.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from kzlesson import routes_map  # noqa: E402
from kzlesson.errors import DataError  # noqa: E402
from kzlesson.paths import data_file  # noqa: E402
from kzlesson.style import colour_for  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- the map --------------------------------------------------------------------------------


def test_outlines_cover_kazakhstan_and_its_transit_neighbours() -> None:
    outlines = routes_map.load_outlines()
    for country in ("Kazakhstan", "Russia", "China", "Azerbaijan", "Georgia", "Turkey"):
        assert country in outlines, f"{country} missing from the map outlines"
    # Kazakhstan's outline lies inside the box the file was cut to, around 46-87 E, 40-56 N.
    lons = [x for ring in outlines["Kazakhstan"] for x, _ in ring]
    lats = [y for ring in outlines["Kazakhstan"] for _, y in ring]
    assert 45 < min(lons) < 48 and 86 < max(lons) < 88
    assert 40 < min(lats) < 42 and 55 < max(lats) < 56


def test_outlines_name_natural_earth_as_their_source() -> None:
    assert "Natural Earth" in routes_map.outlines_source()
    assert "world-atlas" in routes_map.outlines_source()


def test_routes_join_known_places_and_name_sources() -> None:
    places = routes_map.load_places()
    routes = routes_map.load_routes()
    assert {r.id for r in routes} >= {"cpc", "trans-caspian", "china"}
    for route in routes:
        assert all(p in places for p in route.path)
        assert route.source_ids
    cpc = next(r for r in routes if r.id == "cpc")
    assert cpc.path[0] == "Tengiz" and cpc.path[-1] == "Novorossiysk"
    caspian = next(r for r in routes if r.id == "trans-caspian")
    assert caspian.path[-3:] == ("Baku", "Tbilisi", "Ceyhan")


def test_every_route_source_is_in_sources_csv() -> None:
    sources = data_file("sources.csv")
    if not sources.exists():
        pytest.fail("data/sources.csv is missing")
    import csv

    with sources.open(encoding="utf-8") as handle:
        ids = {row["id"] for row in csv.DictReader(handle)}
    missing = {s for r in routes_map.load_routes() for s in r.source_ids} - ids
    assert not missing, f"route sources not in data/sources.csv: {sorted(missing)}"
    assert "naturalearthworldatlas" in ids


def test_map_draws_one_labelled_line_per_route_in_its_colour_and_style() -> None:
    fig = routes_map.plot_export_routes()
    ax = fig.axes[0]
    routes = routes_map.load_routes()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [r.label for r in routes]
    lines = {line.get_label(): line for line in ax.get_lines()}
    for route in routes:
        line = lines[route.label]
        assert matplotlib.colors.same_color(line.get_color(), colour_for(route.actor))
        assert line.get_linestyle() == routes_map.LINE_STYLES[route.style]
        assert len(line.get_xdata()) == len(route.path)
    names = {t.get_text() for t in ax.texts}
    assert {"Novorossiysk", "Baku", "Ceyhan", "Alashankou", "Tengiz"} <= names
    assert not {"bend-astrakhan", "bend-kumkol"} & names, "bends of a line must not be labelled"


def test_routes_do_not_share_colour_and_style() -> None:
    # colour is never the only clue: no two routes may look the same (the CPC line and its
    # Karachaganak/Kashagan feeder did, on map 5.1)
    looks: dict[tuple[str, str], list[str]] = {}
    for route in routes_map.load_routes():
        looks.setdefault((route.actor, route.style), []).append(route.short)
    assert all(len(shorts) == 1 for shorts in looks.values()), looks


def test_unknown_place_in_a_route_names_file_and_route(tmp_path: Path) -> None:
    bad = tmp_path / "routes.yml"
    bad.write_text(
        "places:\n  A: {lon: 50, lat: 45}\n"
        "routes:\n  - {id: x, label: X, actor: Russia, style: solid, path: [A, Nowhere], source_ids: [s]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        routes_map.load_routes(bad)
    message = str(info.value)
    assert "routes.yml" in message and "routes[1].path" in message and "Nowhere" in message


def test_place_with_impossible_latitude_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "routes.yml"
    bad.write_text("places:\n  A: {lon: 50, lat: 145}\nroutes: []\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"places\.A"):
        routes_map.load_places(bad)


def test_route_with_unknown_line_style_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "routes.yml"
    bad.write_text(
        "places:\n  A: {lon: 50, lat: 45}\n  B: {lon: 51, lat: 45}\n"
        "routes:\n  - {id: x, label: X, actor: Russia, style: wiggly, path: [A, B], source_ids: [s]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="wiggly"):
        routes_map.load_routes(bad)


# --- chapter 5's computed answers --------------------------------------------------------------


def test_kazakh_share_of_cpc_is_kazakh_volume_over_total() -> None:
    from kzlesson.data import fact

    kazakh = float(fact(routes_map.CPC_KAZAKH_2022)["value"])
    total = float(fact(routes_map.CPC_TOTAL_2022)["value"])
    assert kazakh < total
    share = routes_map.kazakh_share_of_cpc_2022()
    assert share == pytest.approx(100 * kazakh / total)
    # the published volumes are 52.2 of 58.7 Mt: just under nine tenths
    assert 85 < share < 92


def test_caspian_route_is_a_few_percent_of_cpc() -> None:
    value = routes_map.caspian_route_vs_cpc_2022()
    assert value == pytest.approx(100 * 1.5 / 52.2, abs=0.05)


def test_caspian_route_would_need_decades_to_carry_one_year_of_cpc() -> None:
    years = routes_map.cpc_vs_caspian_route_years_2022()
    assert years == pytest.approx(52.2 / 1.5, abs=0.05)
    # the same two facts, read the other way round, give the percentage of the chapter 1 exercise
    assert years * routes_map.caspian_route_vs_cpc_2022() == pytest.approx(100)


# --- chapter 6: society figures ----------------------------------------------------------------

from kzlesson import society_plot  # noqa: E402


def test_composition_table_reads_census_and_commentators_from_facts() -> None:
    table = society_plot.composition_table()
    census = table[table["kind"] == "census"]
    assert set(census["year"]) == {2009, 2021}
    kazakhs = table[(table["group"] == "Kazakhs") & (table["kind"] != "commentator")].sort_values("year")
    assert list(kazakhs["share"]) == sorted(kazakhs["share"]), "the Kazakh share rises over time"
    assert ((table["share"] > 0) & (table["share"] < 100)).all()
    assert table["source_id"].str.len().gt(0).all()


def test_crossings_still_is_entered_minus_left_unless_stated() -> None:
    table = society_plot.crossings_table()
    assert list(table["label"]) == ["27 Sep 2022", "4 Oct 2022", "late Nov 2022"]
    derived = table[~table["still_stated"]]
    assert (derived["still"] == derived["entered"] - derived["left"]).all()
    assert table["entered"].is_monotonic_increasing
    assert (table["left"] < table["entered"]).all()


def test_chapter6_computed_answers() -> None:
    assert society_plot.kazakh_share_change_2009_2021() == pytest.approx(70.4 - 63.1)
    assert society_plot.share_still_in_kazakhstan_nov_2022() == pytest.approx(25.0)


def test_composition_figure_separates_census_from_commentators() -> None:
    fig = society_plot.plot_composition()
    ax = fig.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("census" in text for text in legend) and any("commentators" in text for text in legend)
    texts = {t.get_text() for t in ax.texts}
    assert "Kazakhs" in texts and "Russians" in texts, "groups are labelled on the lines, not by colour alone"
    assert any("70.4%" in t for t in texts) and any("Sanchez" in t for t in texts)
    hollow = [line for line in ax.get_lines() if line.get_marker() in ("o", "s")
              and line.get_markerfacecolor() == "white" and len(line.get_xdata()) == 1]
    assert len(hollow) == 4, "1991 (two) and Sanchez's 2022 (two) are hollow"


def test_crossings_figure_has_three_groups_and_horizons_bound() -> None:
    fig = society_plot.plot_crossings()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["27 Sep 2022", "4 Oct 2022", "late Nov 2022"]
    heights = sorted(round(p.get_height()) for p in ax.patches)
    assert 400000 in heights and 53000 in heights and 100000 in heights
    assert any(abs(h - 200000 / 3) < 1000 for h in heights), "Horizon's 'up to a third' of 200,000"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("Horizon" in text for text in labels)


# --- the two chapter notebooks keep their promises -----------------------------------------------

import re  # noqa: E402

import nbformat  # noqa: E402

from kzlesson.data import load_glossary, load_sources  # noqa: E402
from kzlesson.exercises import load_chapter  # noqa: E402

_CHAPTERS = {"05_energy_sanctions": "energy", "06_society_migration": "society"}
_ROOT = Path(__file__).resolve().parents[1]


def _notebook(stem: str) -> nbformat.NotebookNode:
    return nbformat.read(_ROOT / "chapters" / f"{stem}.ipynb", as_version=4)


def _markdown(nb: nbformat.NotebookNode) -> str:
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("stem", sorted(_CHAPTERS))
def test_chapter_figures_have_caption_alt_text_and_source(stem: str) -> None:
    nb = _notebook(stem)
    figures = [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("mystnb", {}).get("figure")]
    assert figures, f"{stem} shows no figure"
    for cell in figures:
        caption = cell.metadata["mystnb"]["figure"]["caption"]
        alt = cell.metadata["mystnb"]["image"]["alt"]
        assert "{cite:p}" in caption, f"{stem}: a caption must cite its data source"
        assert len(alt.split()) >= 25, f"{stem}: alt text should describe what the figure shows"


@pytest.mark.parametrize("stem", sorted(_CHAPTERS))
def test_chapter_citations_and_terms_resolve(stem: str) -> None:
    nb = _notebook(stem)
    text = _markdown(nb) + "".join(
        c.metadata.get("mystnb", {}).get("figure", {}).get("caption", "") for c in nb.cells
    )
    keys = {k.strip() for group in re.findall(r"\{cite:[pt]\}`([^`]*)`", text) for k in group.split(",")}
    missing = keys - set(load_sources()["id"])
    assert keys and not missing, f"{stem}: citation keys not in data/sources.csv: {sorted(missing)}"
    glossary = load_glossary()
    known = set(glossary["term"])
    if "aliases" in glossary.columns:
        known |= {a for aliases in glossary["aliases"] for a in (aliases or ())}
    terms = {m[1] or m[0] for m in re.findall(r"\{term\}`([^`<]*?)\s*(?:<([^>]*)>)?`", text)}
    assert terms and not terms - known, f"{stem}: glossary terms missing: {sorted(terms - known)}"


@pytest.mark.parametrize("stem", sorted(_CHAPTERS))
def test_chapter_structure_and_exercises(stem: str) -> None:
    nb = _notebook(stem)
    text = _markdown(nb)
    assert nb.cells[0].source.startswith("# ") and "Learning objectives" in nb.cells[0].source
    assert "Where the sources disagree" in text
    assert "## Summary" in text and "## Discussion" in text
    setup = nb.cells[1]
    assert setup.cell_type == "code" and "remove-input" in setup.metadata.get("tags", [])
    shown = re.findall(r'kz\.exercise\("([a-z]+)\.([a-z0-9-]+)"\)',
                       "\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    chapter = load_chapter(_ROOT / "data" / "exercises" / f"{_CHAPTERS[stem]}.yml")
    ids = {e.id for e in chapter.exercises}
    assert len(shown) >= 3
    assert all(stem_ == _CHAPTERS[stem] and ex in ids for stem_, ex in shown), shown
    assert any(e.kind == "numeric" and e.computed for e in chapter.exercises), "a numeric answer computed from the facts"
