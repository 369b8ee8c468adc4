"""Issue 15: every page stays at or under 1.2 MB (compressed, as sent) before its first paint,
with the exercises written into the pages as HTML and the print-only solutions added.
"""

from __future__ import annotations

import pytest

from tests.browser.reader import DESKTOP, PHONE, open_page
from tests.browser.test_site import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LIMIT = 1_200_000

BEFORE_PAINT_JS = """async () => {
    for (let i = 0; i < 100 && !performance.getEntriesByName('first-contentful-paint').length; i++)
        await new Promise(r => setTimeout(r, 50));
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const nav = performance.getEntriesByType('navigation')[0];
    const until = fcp ? fcp.startTime : Infinity;
    const before = performance.getEntriesByType('resource').filter(r => r.startTime < until);
    return {fcp: fcp ? fcp.startTime : null,
            bytes: nav.transferSize + before.reduce((s, r) => s + r.transferSize, 0),
            files: before.length + 1};
}"""


def bytes_before_paint(browser, site, page: str, width: int) -> dict:
    with open_page(browser, site, page, width) as tab:
        return tab.evaluate(BEFORE_PAINT_JS)


@pytest.mark.parametrize("page", PAGES)
def test_page_weight_before_first_paint(browser, site, page: str) -> None:
    for width in (PHONE, DESKTOP):
        got = bytes_before_paint(browser, site, page, width)
        assert got["fcp"] is not None, f"{page} at {width} px: no first paint recorded"
        assert 0 < got["bytes"] <= LIMIT, (
            f"{page} at {width} px: {got['bytes'] / 1e6:.2f} MB in {got['files']} files before the first paint"
        )
