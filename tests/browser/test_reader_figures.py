"""Issue 15, point 2: every figure can be read on a phone (a tap opens it full size, to pinch-zoom
and pan), and the explorer's chart too.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.reader import CHAPTERS, DESKTOP, PHONE, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIGURE_PAGES = [CHAPTERS[k] for k in ("sources", "timeline", "energy", "society", "synthesis")]


@pytest.mark.parametrize("page", FIGURE_PAGES)
@pytest.mark.parametrize("js", [True, False])
def test_each_figure_opens_full_size_on_a_tap(browser, site, page: str, js: bool) -> None:
    with open_page(browser, site, page, PHONE, js=js) as tab:
        figures = tab.evaluate("""() => Array.from(document.querySelectorAll('article .cell_output img[src*="_images/"]'))
            .map(img => ({src: img.getAttribute('src'), link: img.closest('a') ? img.closest('a').getAttribute('href') : null,
                          shown: img.getBoundingClientRect().width, natural: img.naturalWidth,
                          hint: img.closest('a') && img.closest('a').querySelector('.kz-zoom-hint')
                                ? img.closest('a').querySelector('.kz-zoom-hint').getBoundingClientRect().height : 0}))""")
        assert figures, f"{page}: no figure found"
        unlinked = [f["src"] for f in figures if f["link"] != f["src"]]
        assert not unlinked, f"{page}: figures a phone reader cannot open full size: {unlinked}"
        shrunk = [f for f in figures if f["natural"] > f["shown"] * 1.3]
        assert all(f["hint"] > 0 for f in shrunk), f"{page}: shrunk figures without the 'tap to open' hint"
        first = tab.locator("article a.kz-zoom").first
        first.scroll_into_view_if_needed()
        with tab.expect_navigation():
            first.tap()
        opened = tab.evaluate("() => [document.contentType, document.images[0] ? document.images[0].naturalWidth : 0]")
    assert opened[0].startswith("image/"), f"{page}: the tap opened {opened}"
    assert opened[1] >= PHONE, f"{page}: the full-size figure is only {opened[1]} px wide"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_timeline_explorer_chart_opens_full_size(browser, site, width: int) -> None:
    with open_page(browser, site, CHAPTERS["timeline"], width) as tab:
        tab.locator("#explore-the-timeline-yourself").scroll_into_view_if_needed()
        tab.mouse.wheel(0, 300)
        tab.wait_for_function("() => document.querySelector('.kz-snapshot img[data-kz-zoom]')", timeout=90_000)
        chart = tab.locator(".kz-snapshot img").first
        hint = tab.locator(".kz-snapshot .kz-zoom-hint").first
        if width == PHONE:
            assert hint.is_visible(), "no 'tap to open' hint under the explorer's chart at 390 px"
        with tab.context.expect_page() as new:
            chart.click(force=True)
        page = new.value
        page.wait_for_url(re.compile(r"^blob:"), timeout=15_000)
        page.wait_for_load_state()
        width = page.evaluate("() => document.images[0] ? document.images[0].naturalWidth : 0")
    assert width > 390, f"the explorer's chart opened at {width} px"


def test_figure_3_1_and_its_key_are_seen_together_on_a_desktop(browser, site) -> None:
    with open_page(browser, site, CHAPTERS["timeline"], DESKTOP) as tab:
        figure = tab.locator("#fig-timeline-2022 img")
        figure.scroll_into_view_if_needed()
        tab.locator("details:has(table.kz-event-key) > summary").first.click()
        tab.wait_for_timeout(300)
        figure.evaluate("img => img.scrollIntoView({block: 'start'})")
        tab.wait_for_timeout(300)
        boxes = tab.evaluate("""() => {
            const f = document.querySelector('#fig-timeline-2022 img').getBoundingClientRect();
            const k = document.querySelector('table.kz-event-key').getBoundingClientRect();
            return {fig: [f.left, f.top, f.right, f.bottom], key: [k.left, k.top, k.right, Math.min(k.bottom, innerHeight)],
                    vw: innerWidth, vh: innerHeight};
        }""")
    fl, ft, fr, fb = boxes["fig"]
    kl, kt, kr, kb = boxes["key"]
    assert ft < boxes["vh"] and fb > 0, f"figure 3.1 is off screen: {boxes}"
    assert kt < boxes["vh"] and kb > kt + 100 and kr <= boxes["vw"], f"the key is not on screen beside the figure: {boxes}"
    overlap = max(0, min(fr, kr) - max(fl, kl))
    assert overlap <= 0.05 * (fr - fl), f"the key covers {overlap:.0f} px of the figure's width: {boxes}"
