"""The built site in headless Chromium: self-contained, error-free, widgets drawn, figures described.

Each page is loaded once (``visit`` fixture) and the tests below check what that load showed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book import toc_files
from tests.browser import site as S

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = [f"{entry}.html" for entry in toc_files()] + [f"{p}.html" for p in S.PROSE_EXTRA]
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]
NON_NETWORK = ("data:", "blob:", "about:")


@pytest.mark.parametrize("page", PAGES)
def test_every_request_stays_on_the_site(visit, site, page: str) -> None:
    v = visit(page)
    outside = [u for u in v.requests if not u.startswith(site.url) and not u.startswith(NON_NETWORK)]
    assert v.requests, f"{page}: the browser made no request at all (did the page load?)"
    assert not outside, f"{page} asked for files outside the site (a CDN?): {outside[:10]}"


@pytest.mark.parametrize("page", PAGES)
def test_no_missing_files(visit, page: str) -> None:
    v = visit(page)
    assert not v.bad_responses, f"{page}: requests that failed: {v.bad_responses[:10]}"


@pytest.mark.parametrize("page", PAGES)
def test_no_console_errors(visit, page: str) -> None:
    v = visit(page)
    assert not v.console_errors, f"{page}: errors in the browser console: {v.console_errors[:10]}"


@pytest.mark.parametrize("page", PAGES)
def test_known_console_noise_is_gone_at_its_source(visit, page: str) -> None:
    """The two messages every default page used to log (fixed in config/extension, not filtered)."""
    v = visit(page)
    noise = [m for m in v.console_errors + v.console_warnings
             if "THEBE_JS_URL" in m or "invalid theme mode" in m]
    assert not noise, f"{page}: {noise}"


@pytest.mark.parametrize("page", CHAPTERS)
def test_widgets_are_drawn(visit, page: str) -> None:
    v = visit(page)
    if S.source_makes_widgets(page):
        assert v.expected_widgets > 0, (
            f"{page}: the notebook displays widgets but the page embeds no widget view "
            "(was the widget state saved when the book was executed?)"
        )
    assert v.rendered_widgets == v.expected_widgets, (
        f"{page}: {v.rendered_widgets} of {v.expected_widgets} embedded widgets were drawn"
    )
    if v.expected_widgets:
        assert v.widget_elements > 0, f"{page}: no .jupyter-widgets element on the page"


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_alt_text(visit, page: str) -> None:
    v = visit(page)
    assert not v.images_without_alt, f"{page}: images without alt text: {v.images_without_alt[:10]}"


@pytest.mark.parametrize("page", CHAPTERS)
def test_exercise_solutions_open_on_click(visit, page: str) -> None:
    v = visit(page)
    if S.source_has_exercises(page):
        assert v.solutions > 0, f"{page}: the notebook shows exercises but the page has no solution block"
    assert v.solutions_closed_at_first == v.solutions, f"{page}: solutions must start collapsed"
    assert v.solutions_opened_by_click == v.solutions, (
        f"{page}: {v.solutions_opened_by_click} of {v.solutions} solution blocks showed their content on click"
    )


def test_some_chapter_has_exercise_solutions(visit) -> None:
    """The book as a whole shows exercises with solutions (guards against a silent static mode)."""
    with_exercises = [p for p in CHAPTERS if S.source_has_exercises(p)]
    if not with_exercises:
        pytest.skip("no chapter shows an exercise yet")
    assert sum(visit(p).solutions for p in with_exercises) > 0


@pytest.mark.parametrize("word", ["Kazakhstan"])
def test_search_finds_a_known_word(browser, site, site_html: Path, word: str) -> None:
    pages_with_word = [p for p in PAGES if word.lower() in (site_html / p).read_text(encoding="utf-8").lower()
                       and p not in ("search.html", "genindex.html")]
    assert pages_with_word, f"no page of the built site mentions {word!r}"
    context = browser.new_context()
    tab = context.new_page()
    try:
        tab.goto(f"{site.url}search.html?q={word}", wait_until="load")
        results = tab.locator("#search-results ul.search li")
        results.first.wait_for(timeout=30_000)
        links = results.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    finally:
        context.close()
    assert links, f"searching for {word!r} listed no page"
    assert any(p.removesuffix(".html") in (h or "") for h in links for p in pages_with_word), (
        f"the search results {links[:10]} include none of the pages that mention {word!r}"
    )


def test_print_style_hides_navigation_and_prints_solutions_at_the_end(browser, site) -> None:
    """Printed chapters: no sidebars, header or buttons; exercise solutions printed at the chapter's end."""
    page = next((p for p in CHAPTERS if S.source_has_exercises(p)), CHAPTERS[0])
    context = browser.new_context()
    tab = context.new_page()
    try:
        tab.goto(site.url + page, wait_until="load")
        tab.emulate_media(media="print")
        tab.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
        shown = tab.evaluate("""() => ['.bd-sidebar-primary', '.bd-sidebar-secondary', '.bd-header',
            '.prev-next-area', '.article-header-buttons'].filter(sel => {
                const el = document.querySelector(sel);
                return el && el.getBoundingClientRect().height > 0 && getComputedStyle(el).display !== 'none';
            })""")
        solutions = tab.evaluate("() => document.querySelectorAll('details.kz-solution').length")
        at_end = tab.evaluate("""() => { const s = document.querySelector('.kz-print-solutions');
            return s && s.getBoundingClientRect().height > 0 ? s.querySelectorAll(':scope > ol > li').length : 0; }""")
        article_visible = tab.locator("article").first.is_visible()
    finally:
        context.close()
    assert article_visible, f"{page}: the chapter text is not printed"
    assert not shown, f"{page}: printed with {shown}"
    assert at_end == solutions, f"{page}: {at_end} of {solutions} solutions printed at the end of the chapter"
