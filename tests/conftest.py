"""Fixtures shared by the whole suite.

* Every test (and every kernel a test starts) stores exercise answers in a temporary
  folder, never in the repository or the user's home.
* ``built_book`` builds the book once per session, into ``_build/html``, with warnings as
  errors; notebook executions are cached, so a rebuild after ``make book`` is quick.
* ``make test`` runs the suite on several processes (pytest-xdist, ``--dist loadgroup``): every
  test that needs the built book (the book and browser tests) is put in one group, so one worker
  builds the book once and drives the browser while the others run everything else.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.book import BuildResult, build_book

_ANSWERS = tempfile.mkdtemp(prefix="kzlesson-test-answers-")
os.environ["KZLESSON_ANSWERS_DIR"] = _ANSWERS
os.environ.pop("KZLESSON_RENDER", None)
os.environ.pop("KZLESSON_DATA", None)


BOOK_GROUP = "book"


def needs_the_built_book(item: pytest.Item) -> bool:
    """Does this test use the book built in ``_build`` (directly, or through the browser fixtures)?"""
    fixtures = set(getattr(item, "fixturenames", ()))
    under_browser = Path(str(item.path)).parent.name == "browser"
    return bool({"built_book", "book_build"} & fixtures) or under_browser or item.get_closest_marker("book") is not None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the tests on the built book together on one xdist worker (one build, one browser)."""
    for item in items:
        if needs_the_built_book(item):
            item.add_marker(pytest.mark.xdist_group(BOOK_GROUP))


@pytest.fixture(autouse=True)
def _answers_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own empty answers folder."""
    folder = tmp_path / "answers"
    monkeypatch.setenv("KZLESSON_ANSWERS_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def book_build() -> BuildResult:
    """Build the book once (``jupyter-book build . -W -n --keep-going``)."""
    return build_book()


@pytest.fixture(scope="session")
def built_book(book_build: BuildResult) -> Path:
    """The ``_build/html`` folder of a successful build; fails with the build's log otherwise."""
    if book_build.returncode != 0:
        tail = "\n".join(book_build.output.splitlines()[-60:])
        pytest.fail(f"the book did not build (exit {book_build.returncode}):\n{tail}", pytrace=False)
    return book_build.html
