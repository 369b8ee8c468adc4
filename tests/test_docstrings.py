"""The examples in every kzlesson module's docstrings run and give what they show.

Every module must have at least one: the docstring example is the first documentation a teacher or
contributor reads, so a stale one is a bug.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import kzlesson

MODULES = sorted(m.name for m in pkgutil.walk_packages(kzlesson.__path__, "kzlesson."))


def test_the_package_is_walked() -> None:
    assert {"kzlesson.timeline_plot", "kzlesson.exercises.check", "kzlesson.trade"} <= set(MODULES)


@pytest.mark.parametrize("name", ["kzlesson", *MODULES])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0, f"{result.failed} example(s) in {name} fail: see the output above"
