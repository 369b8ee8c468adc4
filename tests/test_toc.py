"""The table of contents and the chapters folder agree, both ways."""

from __future__ import annotations

from tests.book import CHAPTERS, ROOT, resolve, toc_files


def test_every_toc_entry_exists() -> None:
    missing = [entry for entry in toc_files() if resolve(entry) is None]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


def test_every_chapter_notebook_is_in_the_toc() -> None:
    listed = set(toc_files())
    on_disk = {f"chapters/{p.stem}" for p in CHAPTERS.glob("*.ipynb")}
    unlisted = sorted(on_disk - listed)
    assert not unlisted, f"chapter notebooks missing from _toc.yml: {unlisted}"


def test_no_page_is_listed_twice() -> None:
    files = toc_files()
    duplicates = sorted({f for f in files if files.count(f) > 1})
    assert not duplicates, f"_toc.yml lists these more than once: {duplicates}"


def test_no_stray_markdown_pages() -> None:
    """Every top-level .md page is in the book or deliberately excluded (README, CONTRIBUTING)."""
    excluded = {"README", "CONTRIBUTING"}
    listed = set(toc_files())
    stray = sorted(p.stem for p in ROOT.glob("*.md") if p.stem not in excluded and p.stem not in listed)
    assert not stray, f"pages outside the table of contents (they would fail the -W build): {stray}"


def test_chapters_are_numbered_in_book_order() -> None:
    chapters = [f for f in toc_files() if f.startswith("chapters/")]
    assert chapters == sorted(chapters), f"chapters out of numeric order in _toc.yml: {chapters}"
