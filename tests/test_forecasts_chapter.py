"""Chapter 8 (The 2022 forecasts tested): objectives, sourced figures with alt text, its exercises
in data/exercises/forecasts.yml (a judging exercise, answers computed from the trade table),
citations that resolve, a summary, and a place in the table of contents after chapter 7."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "chapters" / "08_forecasts_tested.ipynb"


@pytest.fixture(scope="module")
def nb() -> nbformat.NotebookNode:
    return nbformat.read(CHAPTER, as_version=4)


def test_listed_after_chapter_7() -> None:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert toc.index("chapters/07_balancing_act") < toc.index("chapters/08_forecasts_tested")


def test_title_objectives_setup_and_summary(nb) -> None:
    assert nb.cells[0].source.startswith("# The 2022 forecasts tested")
    assert "{admonition} Learning objectives" in nb.cells[0].source
    assert "remove-input" in nb.cells[1].metadata.get("tags", []) and "kz.use_style()" in nb.cells[1].source
    assert nb.cells[-1].source.startswith("## Summary")


def test_figures_have_caption_alt_and_source(nb) -> None:
    figures = [c for c in nb.cells if c.cell_type == "code" and "mystnb" in c.metadata]
    assert figures
    for cell in figures:
        assert "{cite:p}`" in cell.metadata["mystnb"]["figure"]["caption"]
        assert len(cell.metadata["mystnb"]["image"]["alt"].split()) >= 15


def test_exercises_exist_and_include_a_judgement_and_computed_answers(nb) -> None:
    refs = re.findall(r'kz\.exercise\("forecasts\.([a-z0-9-]+)"\)', "\n".join(c.source for c in nb.cells))
    spec = yaml.safe_load((ROOT / "data" / "exercises" / "forecasts.yml").read_text(encoding="utf-8"))
    by_id = {e["id"]: e for e in spec["exercises"]}
    assert set(refs) == set(by_id)
    assert by_id["judge-the-forecasts"]["kind"] == "classification"
    assert sum(str(e.get("computed", "")).startswith("kzlesson.trade:") for e in spec["exercises"]) >= 2


def test_the_three_themes_are_tested_with_sources(nb) -> None:
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for heading in ("## Trade with Russia and China", "## Sanctions compliance and re-exports", "## Lukoil's stakes"):
        assert heading in text
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as handle:
        sources = {row["id"] for row in csv.DictReader(handle)}
    cited = {k.strip() for group in re.findall(r"\{cite:p\}`([^`]+)`", text) for k in group.split(",")}
    assert {"horizon2022", "realignment2022", "nurgozhayeva2022", "vlast2024reexports", "mondaq2025lukoil"} <= cited
    assert cited <= sources, sorted(cited - sources)
