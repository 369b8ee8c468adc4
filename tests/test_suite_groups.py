"""The suite's own layout for parallel runs: tests on the built book stay on one xdist worker."""

from __future__ import annotations

import pytest

from tests.conftest import BOOK_GROUP


def _group(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker("xdist_group")
    return marker.args[0] if marker and marker.args else None


def test_book_and_browser_tests_share_one_group_and_nothing_else_joins_it(request: pytest.FixtureRequest) -> None:
    items = request.session.items
    book = [i for i in items if i.path.name == "test_book.py" or i.path.parent.name == "browser"]
    if not book:
        pytest.skip("only part of the suite was collected")
    assert all(_group(i) == BOOK_GROUP for i in book), [i.nodeid for i in book if _group(i) != BOOK_GROUP][:3]
    elsewhere = [i for i in items if i.path.name in ("test_notebooks.py", "test_timeline_plot.py", "test_png.py")]
    assert elsewhere and not any(_group(i) == BOOK_GROUP for i in elsewhere)
    if request.config.pluginmanager.has_plugin("xdist") and getattr(request.config, "workerinput", None):
        # on an xdist worker, the group must have reached xdist (it suffixes the node ids it schedules)
        assert all(i.nodeid.endswith(f"@{BOOK_GROUP}") for i in book), [i.nodeid for i in book][:3]


def test_make_test_and_the_benchmark_run_the_suite_alike() -> None:
    import re

    from tests.bench import PYTEST_PARALLEL
    from tests.book import ROOT

    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^PYTEST_PARALLEL \?= (.+)$", makefile, re.MULTILINE)
    assert found, "the Makefile no longer sets PYTEST_PARALLEL"
    assert found.group(1).split() == list(PYTEST_PARALLEL)
    assert "pytest $(PYTEST_PARALLEL)" in makefile
