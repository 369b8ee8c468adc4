"""Helpers for the reader-facing browser tests: open a page of the built site at a given width,
with JavaScript on or off, and measure what is on screen.

Used by ``tests/browser/test_reader_*.py`` with the ``browser`` and ``site`` fixtures of
``tests/browser/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

PHONE = 390
DESKTOP = 1366
HEIGHT = {PHONE: 844, DESKTOP: 900}

CHAPTERS = {
    "multivector": "chapters/01_multivector.html",
    "sources": "chapters/02_reading_sources.html",
    "timeline": "chapters/03_timeline_2022.html",
    "trade": "chapters/04_trade_dependence.html",
    "energy": "chapters/05_energy_sanctions.html",
    "society": "chapters/06_society_migration.html",
    "synthesis": "chapters/07_balancing_act.html",
}

# elements (by CSS selector) that stick out of the viewport on the right, ignoring those inside
# an element that scrolls sideways itself (a wide table in a scrolling wrapper is fine)
OVERFLOW_JS = """(sel) => {
    const vw = document.documentElement.clientWidth;
    function scrollsAside(el) {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const s = getComputedStyle(p);
            if (/(auto|scroll)/.test(s.overflowX) && p.clientWidth < vw) return true;
        }
        return false;
    }
    return Array.from(document.querySelectorAll(sel)).filter(el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > vw + 1 && !scrollsAside(el);
    }).map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '')
              + ' right=' + Math.round(el.getBoundingClientRect().right));
}"""


@contextmanager
def open_page(browser: Any, site: Any, page: str, width: int = PHONE, js: bool = True,
              media: str | None = None) -> Iterator[Any]:
    """A tab on ``page`` of the site, ``width`` px wide, JavaScript on or off; closed afterwards.

    Example: ``with open_page(browser, site, "intro.html", 390, js=False) as tab: ...``.
    """
    context = browser.new_context(
        viewport={"width": width, "height": HEIGHT.get(width, 900)},
        java_script_enabled=js,
        is_mobile=width < 600,
        has_touch=width < 600,
    )
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.kz_errors = errors  # type: ignore[attr-defined]
    try:
        tab.goto(site.url + page, wait_until="load")
        if media:
            tab.emulate_media(media=media)
        yield tab
    finally:
        context.close()


def visible(tab: Any, selector: str) -> list[str]:
    """Text of every element matching ``selector`` that a reader can see (non-zero box, in the viewport)."""
    return tab.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel)).filter(el => {
            const r = el.getBoundingClientRect(), s = getComputedStyle(el);
            return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && r.right > 0
                && r.left < document.documentElement.clientWidth && r.bottom > 0 && r.top < window.innerHeight;
        }).map(el => (el.innerText || el.getAttribute('aria-label') || el.tagName).trim())""",
        selector,
    )
