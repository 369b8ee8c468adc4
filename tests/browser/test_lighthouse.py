"""Lighthouse 12.8.2 (desktop) on a representative set of pages: accessibility and best
practices at least 0.95. Every page type (a prose page, the bibliography, the search page, a
notebook page without widgets) and every widget page; ``make bench`` scores all pages,
performance included. ~15-40 s a page, so the set is kept small.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.book import toc_files
from tests.browser import site as S

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MIN_SCORE = 0.95
CHAPTERS = [f"{e}.html" for e in toc_files() if e.startswith("chapters/")]
PROSE_SAMPLE = ["intro.html", "bibliography.html", "search.html"]


WIDGET_CHAPTERS = [p for p in CHAPTERS if S.source_makes_widgets(p)]
PAGES = PROSE_SAMPLE + [p for p in CHAPTERS if p not in WIDGET_CHAPTERS][:1] + WIDGET_CHAPTERS


WORKERS = 2  # two Lighthouse runs at a time: about half the wall time on 2 cores


@pytest.fixture(scope="module")
def lighthouse_results(site, lighthouse_ready) -> dict[str, dict]:
    """Accessibility and best-practices scores of every page in PAGES (run two at a time)."""

    def one(page: str) -> dict:
        # A Lighthouse run that crashes (its Chrome dying under load) gets one more try;
        # a run that finishes with low scores is never retried.
        error = ""
        for _attempt in range(2):
            try:
                return S.lighthouse(site.url + page, categories=("accessibility", "best-practices"))
            except Exception as exc:  # noqa: BLE001 - reported by the page's test
                error = str(exc)
        return {"scores": {}, "failing": [], "error": error}

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        return dict(zip(PAGES, pool.map(one, PAGES)))


@pytest.mark.parametrize("page", PAGES)
def test_lighthouse_accessibility_and_best_practices(lighthouse_results, page: str) -> None:
    result = lighthouse_results[page]
    assert result["scores"], f"{page}: Lighthouse gave no scores: {result.get('error')}"
    low = {cat: result["scores"].get(cat) for cat in ("accessibility", "best-practices")}
    low = {cat: score for cat, score in low.items() if score is None or score < MIN_SCORE}
    assert not low, f"{page}: {low} below {MIN_SCORE}; audits not passed: {result['failing']}"
