"""Generated files stay equal to what ``kzlesson.generate`` makes from the tables, and are usable."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from pybtex.database import parse_string

from kzlesson import data, generate
from kzlesson.paths import data_dir, project_root


@pytest.fixture(autouse=True)
def _real_data() -> None:
    data.clear_cache()


def test_references_bib_is_generated_from_sources() -> None:
    on_disk = (data_dir() / "references.bib").read_text(encoding="utf-8")
    assert on_disk == generate.bibtex_text(), "data/references.bib is stale: run `make data` (python -m kzlesson.generate)"


def test_glossary_page_is_generated_from_glossary_yml() -> None:
    root = project_root()
    if root is None:
        pytest.skip("installed without the book's pages")
    on_disk = (root / "glossary.md").read_text(encoding="utf-8")
    assert on_disk == generate.glossary_markdown(), "glossary.md is stale: run `make data` (python -m kzlesson.generate)"


def test_bibtex_has_one_parseable_entry_per_source() -> None:
    bib = parse_string(generate.bibtex_text(), "bibtex")
    sources = data.load_sources()
    assert set(bib.entries) == set(sources["id"])
    seed = bib.entries["nurgozhayeva2022"]
    assert seed.fields["year"] == "2022" and seed.fields["month"] == "March"
    assert "Roza" in str(seed.persons["author"][0])
    undated = bib.entries["sanchez2022"]
    assert undated.fields["year"] == "2022"
    assert "written between 27 Sep 2022 and 31 Oct 2022" in undated.fields["note"]
    assert "One of the five analyses the module is built on" in undated.fields["note"]


def test_organisations_stand_whole_as_authors() -> None:
    bib = parse_string(generate.bibtex_text(), "bibtex")
    horizon = bib.entries["horizon2022"]
    assert len(horizon.persons["author"]) == 1
    assert str(horizon.persons["author"][0]) == "{Horizon Engage}"


def test_special_characters_are_escaped() -> None:
    row = pd.Series({"id": "x", "author": "", "publisher": "A & B", "title": "50% of $10 #1 a_b",
                     "year": 2022, "date": pd.NaT, "date_earliest": pd.NaT, "date_latest": pd.NaT,
                     "is_seed": False, "url": "https://example.org/a%20b"})
    entry = generate.bib_entry(row)
    # "$" stays bare: pybtex printed "\$" as it is (the bibliography showed "\$1 billion")
    assert r"A \& B" in entry and r"50\% of $10 \#1 a\_b" in entry
    assert "url = {https://example.org/a%20b}" in entry  # addresses stay as they are
    assert "No date printed" in entry
    assert parse_string(entry, "bibtex").entries["x"].fields["year"] == "2022"


def test_glossary_page_lists_every_term_sorted_with_links() -> None:
    page = generate.glossary_markdown()
    glossary = data.load_glossary()
    assert page.count("```{glossary}") == 1
    body = page.split("```{glossary}\n", 1)[1]
    heads = [line for line in body.splitlines() if line and not line.startswith(" ") and line != "```"]
    terms = [t for t in heads if t in set(glossary["term"])]
    assert terms == sorted(glossary["term"], key=str.casefold)
    aliases = {a for names in glossary["aliases"] for a in names}
    assert set(heads) == set(glossary["term"]) | aliases
    linked = set(re.findall(r"\{term\}`([^`]+)`", body))
    assert linked and linked <= set(glossary["term"])


def test_generator_writes_both_files(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("sources.csv", "glossary.yml"):
        (folder / name).write_text((data_dir() / name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("KZLESSON_DATA", str(folder))
    data.clear_cache()
    written = generate.write_all(root=tmp_path)
    assert {p.name for p in written} == {"references.bib", "glossary.md"}
    assert (folder / "references.bib").read_text(encoding="utf-8") == generate.bibtex_text()
    assert (tmp_path / "glossary.md").read_text(encoding="utf-8").startswith("# Glossary")
    data.clear_cache()
