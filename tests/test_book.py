"""The book builds with warnings as errors, and every page of the toc is in the site."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book import BuildResult, toc_files

pytestmark = pytest.mark.book


def test_book_builds_with_warnings_as_errors(book_build: BuildResult) -> None:
    log = "\n".join(book_build.output.splitlines()[-60:])
    # -W turns every Sphinx warning (broken reference, missing citation, stray page) into a failure.
    assert book_build.returncode == 0, f"jupyter-book build -W -n --keep-going failed:\n{log}"


def test_every_toc_page_is_in_the_site(built_book: Path) -> None:
    missing = [entry for entry in toc_files() if not (built_book / f"{entry}.html").is_file()]
    assert not missing, f"pages listed in _toc.yml but absent from _build/html: {missing}"


def test_front_page_exists(built_book: Path) -> None:
    index = built_book / "index.html"
    assert index.is_file(), "_build/html/index.html is missing"
    assert "intro.html" in index.read_text(encoding="utf-8"), "index.html does not lead to the intro page"
    assert "Between Moscow, Beijing and the West" in (built_book / "intro.html").read_text(encoding="utf-8")


def test_nothing_outside_the_book_leaks_into_the_site(built_book: Path) -> None:
    leaked = [
        p.relative_to(built_book)
        for p in built_book.rglob("*.html")
        if any(part in {".venv", "src", "tests", "node_modules", ".pytest_cache"} for part in p.parts)
        or p.stem in {"README", "CONTRIBUTING"}
    ]
    assert not leaked, f"files that are not part of the book were built: {leaked[:10]}"


def test_executed_notebooks_show_no_error_output(built_book: Path) -> None:
    pages = [built_book / f"{entry}.html" for entry in toc_files() if entry.startswith("chapters/")]
    broken = [p.name for p in pages if p.is_file() and "Traceback (most recent call last)" in p.read_text(encoding="utf-8")]
    assert not broken, f"pages with a Python traceback in their output: {broken}"
