"""Chapter 4 (Trade dependence) keeps its promises: objectives, sourced figures with alt text,
exercises through the engine, citations and glossary terms that resolve, a summary, and a length
of 1,200-2,500 words of prose. Execution itself is covered by tests/test_notebooks.py."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "04_trade_dependence.ipynb"


@pytest.fixture(scope="module")
def nb() -> nbformat.NotebookNode:
    return nbformat.read(CHAPTER, as_version=4)


def markdown(nb: nbformat.NotebookNode) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_opens_with_title_and_learning_objectives(nb) -> None:
    first = nb.cells[0].source
    assert first.startswith("# Trade dependence")
    assert "{admonition} Learning objectives" in first


def test_hidden_setup_cell(nb) -> None:
    setup = nb.cells[1]
    assert setup.cell_type == "code" and "remove-input" in setup.metadata.get("tags", [])
    assert "import kzlesson as kz" in setup.source and "kz.use_style()" in setup.source


def test_figures_have_caption_alt_name_and_source(nb) -> None:
    figures = [c for c in nb.cells if c.cell_type == "code" and "mystnb" in c.metadata]
    assert len(figures) >= 3
    for cell in figures:
        fig = cell.metadata["mystnb"]["figure"]
        alt = cell.metadata["mystnb"]["image"]["alt"]
        assert fig["name"].startswith("fig-trade-")
        assert "{cite:p}`" in fig["caption"], f"{fig['name']}: the caption must cite its data"
        assert len(alt.split()) >= 15, f"{fig['name']}: alt text should describe the bars"


def test_at_least_five_exercises_and_all_exist(nb) -> None:
    refs = re.findall(r'kz\.exercise\("trade\.([a-z0-9-]+)"\)', "\n".join(c.source for c in nb.cells))
    spec = yaml.safe_load((ROOT / "data" / "exercises" / "trade.yml").read_text(encoding="utf-8"))
    ids = {e["id"] for e in spec["exercises"]}
    assert len(refs) >= 5
    assert set(refs) <= ids
    computed = [e for e in spec["exercises"] if str(e.get("computed", "")).startswith("kzlesson.trade:")]
    assert len(computed) >= 2


def test_citations_and_terms_resolve(nb) -> None:
    text = "\n".join(c.source for c in nb.cells) + "\n".join(
        str(c.metadata.get("mystnb", "")) for c in nb.cells
    )
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as handle:
        sources = {row["id"] for row in csv.DictReader(handle)}
    cited = {k.strip() for group in re.findall(r"\{cite:p\}`([^`]+)`", text) for k in group.split(",")}
    assert cited and cited <= sources, sorted(cited - sources)
    glossary = yaml.safe_load((ROOT / "data" / "glossary.yml").read_text(encoding="utf-8"))
    names = {g["term"] for g in glossary} | {a for g in glossary for a in g.get("aliases", [])}
    terms = {m[1] or m[0] for m in re.findall(r"\{term\}`([^`<]+?)\s*(?:<([^>]+)>)?`", text)}
    assert terms and terms <= names, sorted(terms - names)


def test_sources_disagree_box_and_summary(nb) -> None:
    text = markdown(nb)
    assert "{admonition} Where the sources disagree" in text
    assert nb.cells[-1].source.startswith("## Summary")
    assert "## Discussion" in text


def test_prose_length(nb) -> None:
    text = markdown(nb)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$", " x ", text)
    text = re.sub(r"\{cite:p\}`[^`]*`", "", text)
    text = re.sub(r"\{term\}`([^`<]*)(<[^>]*>)?`", r"\1", text)
    text = re.sub(r"^(:::.*|:class:.*)$", "", text, flags=re.M)
    words = re.findall(r"[A-Za-z0-9][\w'’.,%-]*", text)
    assert 1200 <= len(words) <= 2500, len(words)


def test_explorer_shows_a_snapshot_note_in_static_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_trade import SMALL

    from kzlesson.trade_explorer import trade_explorer

    shown: list[object] = []
    monkeypatch.setattr("IPython.display.display", lambda *objs, **kw: shown.extend(objs))
    monkeypatch.setenv("KZLESSON_RENDER", "static")
    ex = trade_explorer(SMALL, source_titles={})
    ex._ipython_display_()
    # the shared contract (coord/COMMON.md): the note comes BEFORE the controls, the box is marked
    assert shown[1] is ex.widget and "kz-snapshot" in ex.widget._dom_classes
    note = shown[0].data
    assert note.startswith('<div class="kz-snapshot-note" role="note"><p><strong>This is a snapshot.</strong> ')
    assert note.endswith('<a class="kz-live-link" href="#" hidden>Run this chapter live in your browser</a></p></div>')
    assert 'alt="Horizontal bar chart' in ex.chart.value  # the embedded picture has its alt text
