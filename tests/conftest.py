"""Fixtures shared by the whole suite.

* Every test (and every kernel a test starts) stores exercise answers in a temporary
  folder, never in the repository or the user's home.
* ``built_book`` builds the book once per session, into ``_build/html``, with warnings as
  errors; notebook executions are cached, so a rebuild after ``make book`` is quick.
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
