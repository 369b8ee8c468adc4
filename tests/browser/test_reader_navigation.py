"""Issue 15, point 1 and the top bar of point 8: the menu buttons open the chapter list and the
section list on a phone, collapse the sidebar on a desktop, and the page has one search box.
"""

from __future__ import annotations

import pytest

from tests.browser.reader import CHAPTERS, DESKTOP, PHONE, open_page, visible

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = CHAPTERS["timeline"]


def _settled(tab, done, seconds: float = 5.0) -> list[str]:
    """The chapter-4 links on screen once ``done(links)`` holds, or after ``seconds`` (the sidebar slides;
    a loaded machine takes longer than a fixed pause)."""
    links = visible(tab, "a[href$='04_trade_dependence.html']")
    for _ in range(int(seconds * 10)):
        if done(links):
            break
        tab.wait_for_timeout(100)
        links = visible(tab, "a[href$='04_trade_dependence.html']")
    return links


def test_phone_menu_button_opens_and_closes_the_chapter_list(browser, site) -> None:
    with open_page(browser, site, PAGE, PHONE) as tab:
        assert not visible(tab, ".bd-sidebar-primary a[href$='04_trade_dependence.html']"), \
            "the chapter list is on screen before the menu is opened"
        tab.locator(".primary-toggle:visible").first.tap()
        shown = _settled(tab, lambda links: any("Trade dependence" in s for s in links))
        assert any("Trade dependence" in s for s in shown), (
            "tapping the menu button at 390 px did not show the chapter list "
            f"(links to chapter 4 on screen: {shown})"
        )
        tab.keyboard.press("Escape")
        left = _settled(tab, lambda links: not any("Trade dependence" in s for s in links))
        assert not any("Trade dependence" in s for s in left), "Escape did not close the chapter list"
        assert not tab.kz_errors, tab.kz_errors


def test_phone_contents_button_opens_the_section_list(browser, site) -> None:
    with open_page(browser, site, PAGE, PHONE) as tab:
        tab.locator(".secondary-toggle:visible").first.tap()
        tab.wait_for_timeout(400)
        shown = visible(tab, "nav.page-toc a, .bd-toc-nav a, #pst-page-toc-nav a")
        assert any("Summary" in s for s in shown), (
            f"tapping the contents button at 390 px did not show the section list (on screen: {shown[:5]})"
        )


def test_desktop_menu_button_collapses_and_restores_the_sidebar(browser, site) -> None:
    link = ".bd-sidebar-primary a[href$='04_trade_dependence.html']"
    with open_page(browser, site, PAGE, DESKTOP) as tab:
        assert visible(tab, link), "the chapter list is not shown on a desktop"
        tab.locator(".primary-toggle:visible").first.click()
        tab.wait_for_timeout(400)
        assert not visible(tab, link), "the menu button did not collapse the sidebar at 1366 px"
        tab.locator(".primary-toggle:visible").first.click()
        tab.wait_for_timeout(400)
        assert visible(tab, link), "a second click did not bring the sidebar back"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_one_search_box_and_no_empty_top_bar(browser, site, width: int) -> None:
    with open_page(browser, site, PAGE, width) as tab:
        fields = visible(tab, ".search-button-field, .search-button")
        header_height = tab.evaluate(
            "() => { const h = document.querySelector('#pst-header'); return h ? h.getBoundingClientRect().height : 0; }")
    assert len(fields) <= 1, f"{width} px: {len(fields)} search boxes or buttons on screen: {fields}"
    assert header_height == 0, f"{width} px: pydata's top bar is {header_height} px tall (a second bar)"


def test_without_script_a_phone_reader_still_reaches_the_chapter_list(browser, site) -> None:
    with open_page(browser, site, PAGE, PHONE, js=False) as tab:
        link = tab.locator(".bd-sidebar-primary a[href$='04_trade_dependence.html']").first
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        dead = visible(tab, "button.primary-toggle, button.secondary-toggle")
    assert box and box["x"] >= 0 and box["width"] > 0, f"without JavaScript the chapter list is off screen ({box})"
    assert not dead, f"menu buttons that cannot work without JavaScript are shown: {dead}"
