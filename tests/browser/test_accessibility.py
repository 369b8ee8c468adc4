"""axe-core (pinned, injected inline from .cache/npm-tools) reports no violation on any page."""

from __future__ import annotations

import pytest

from tests.browser.conftest import unavailable
from tests.browser.test_site import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("page", PAGES)
def test_axe_finds_no_violations(visit, axe_script, page: str) -> None:
    if axe_script is None:
        unavailable("accessibility (axe-core)", "axe-core could not be installed with npm")
    v = visit(page)
    assert v.axe_violations is not None, f"{page}: axe did not run"
    report = [f"{x['id']} ({x['impact']}): {x['help']} at {x['nodes']}" for x in v.axe_violations]
    assert not report, f"{page}: axe-core found:\n  " + "\n  ".join(report)
