"""Issue 15, point 4: a snapshot explorer (no kernel in the book) says so above its controls, and
its menus, slider, search box and buttons are visibly inactive instead of ignoring input.
"""

from __future__ import annotations

import pytest

from tests.browser.reader import CHAPTERS, DESKTOP, PHONE, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE = CHAPTERS["timeline"]

DRAWN = "() => { const s = document.querySelector('.kz-snapshot'); return s && s.querySelector('select'); }"


def _draw(tab) -> None:
    tab.locator("#explore-the-timeline-yourself").scroll_into_view_if_needed()
    tab.mouse.wheel(0, 300)
    tab.wait_for_function(DRAWN, timeout=90_000)
    tab.wait_for_timeout(500)


@pytest.mark.parametrize("js", [True, False])
def test_the_snapshot_note_comes_before_the_explorer(browser, site, js: bool) -> None:
    with open_page(browser, site, PAGE, PHONE, js=js) as tab:
        order = tab.evaluate("""() => {
            const note = document.querySelector('.kz-snapshot-note');
            if (!note) return 'no note';
            const cell = note.closest('.cell_output') || note.parentElement;
            const view = cell.querySelector('script[type="application/vnd.jupyter.widget-view+json"], .kz-snapshot');
            if (!view) return 'no explorer after the note in its cell';
            return note.compareDocumentPosition(view) & Node.DOCUMENT_POSITION_FOLLOWING ? 'before' : 'after';
        }""")
        role = tab.evaluate("() => document.querySelector('.kz-snapshot-note')?.getAttribute('role')")
        link = tab.evaluate("""() => { const a = document.querySelector('.kz-snapshot-note a.kz-live-link');
            return a ? {hidden: a.hidden, href: a.getAttribute('href')} : null; }""")
    assert order == "before", f"the timeline explorer's snapshot note: {order}"
    assert role == "note"
    assert link is not None, "the snapshot note has no live link"
    if (site.root / "lite").is_dir():  # the live site was built: the link shows and opens this chapter live
        assert link["hidden"] is False and "lite/" in link["href"] and "03_timeline_2022.ipynb" in link["href"], link
    else:  # no live site: the link stays hidden, never broken
        assert link["hidden"] is True, link


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_snapshot_controls_are_visibly_inactive(browser, site, width: int) -> None:
    with open_page(browser, site, PAGE, width) as tab:
        _draw(tab)
        controls = tab.evaluate("""() => Array.from(document.querySelectorAll(
                '.kz-snapshot select, .kz-snapshot input, .kz-snapshot button, .kz-snapshot textarea'))
            .map(el => ({tag: el.tagName, disabled: el.disabled, tab: el.tabIndex,
                         faded: parseFloat(getComputedStyle(el).opacity) < 0.8 ||
                                parseFloat(getComputedStyle(el.closest('.widget-inline-hbox, .widget-hslider, .widget-button') || el).opacity) < 0.8}))""")
        handles = tab.evaluate("""() => Array.from(document.querySelectorAll('.kz-snapshot [role="slider"]'))
            .map(el => el.getAttribute('aria-disabled'))""")
        vector = tab.locator(".kz-snapshot select").first
        before = vector.evaluate("el => el.value")
        try:
            vector.select_option(index=1, timeout=2_000, force=True)
        except Exception:  # noqa: BLE001 - a disabled menu refuses the change: that is the point
            pass
        after = vector.evaluate("el => el.value")
    assert controls, "no controls found in the snapshot explorer"
    active = [c for c in controls if not c["disabled"]]
    assert not active, f"{width} px: {len(active)} snapshot controls still accept input: {active[:4]}"
    assert all(c["faded"] for c in controls), f"{width} px: controls that do not look inactive: {controls}"
    assert all(c["tab"] == -1 for c in controls)
    assert all(h == "true" for h in handles), f"slider handles not marked inactive: {handles}"
    assert before == after, "a snapshot menu changed its value"
