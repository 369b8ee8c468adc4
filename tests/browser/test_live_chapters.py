"""The live chapters (JupyterLite + Pyodide) on the built site, offline, in headless Chromium.

Every request off 127.0.0.1 is aborted, twice over: Playwright's route aborts (and records) what
the pages and workers ask for, and the browser resolves no host name but 127.0.0.1, so requests
that JupyterLite's service worker makes on a page's behalf (which routes may not see) fail too. Chapter 4: open it from its page's live control, wait for
the kernel, run the notebook, change the explorer's year and see the figure change, answer a
numeric exercise wrongly then rightly, reload and find the answer restored, export and download
the hand-in file. Chapter 3: the timeline explorer's vector filter redraws the figure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from collections.abc import Iterator
from typing import Any

import pytest

from kzlesson.exercises import registry
from kzlesson.trade import russia_import_share_2021
from tests.browser import live as L
from tests.browser import site as S

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXERCISE_REF = "trade.russia-import-share-2021"  # answered by kzlesson.trade.russia_import_share_2021
EXERCISE = registry.get(EXERCISE_REF).title


@pytest.fixture(scope="module")
def live_built(site_html: Path) -> Path:
    """The built site, with its live part; skipped only when the build was told to leave it out."""
    lite = site_html / "lite"
    if not (lite / "notebooks" / "index.html").is_file():
        if os.environ.get("KZLESSON_NO_LITE", "").strip() not in ("", "0"):
            pytest.skip("KZLESSON_NO_LITE is set: the book was built without the live chapters")
        pytest.fail(f"the live site is missing from {lite}: see the book build's [kzlesson] lines")
    return site_html


@pytest.fixture(scope="module")
def offline_browser(browser: Any) -> Iterator[Any]:
    """A second Chromium (same Playwright) that cannot resolve any host but 127.0.0.1."""
    b = browser.browser_type.launch(
        executable_path=S.chromium_path(), args=[*S.CHROMIUM_FLAGS, L.NO_OTHER_HOSTS]
    )
    yield b
    b.close()


def _changed(page: Any, area: Any, before: list[str]) -> list[str]:
    page.wait_for_function(
        "([el, before]) => { const now = [...el.querySelectorAll('img[src^=\"data:image/png\"]')].map(e => e.src);"
        " return now.length > 0 && now.join() !== before.join(); }",
        arg=[area.element_handle(), before],
        timeout=30_000,
    )
    return L.images(area)


def test_chapter_4_live_explorer_exercise_reload_and_export(offline_browser: Any, site: Any, live_built: Path, tmp_path: Path) -> None:
    with L.live_context(offline_browser, site.url) as live:
        page = live.open_chapter("04_trade_dependence")
        errors = live.run_all(page)
        assert errors == [], f"chapter 4 raised errors in the browser: {errors}"

        # the explorer: another year gives another figure
        year = L.dropdown(page, "Year")
        area = L.output_around(year)
        before = L.images(area)
        assert before, "the trade explorer drew no figure in the live notebook"
        L.choose_another(year)
        after = _changed(page, area, before)
        assert after != before

        # a numeric exercise: wrong, then right
        box = L.exercise_box(page, EXERCISE)
        box.scroll_into_view_if_needed()
        field = box.locator("input[type=text]").first
        feedback = box.locator(".kz-fbw")
        field.fill("50")
        box.get_by_role("button", name="Check").click()
        feedback.get_by_text("Not yet").wait_for(timeout=30_000)
        live.wait_kernel(page)  # the feedback shows first, then the answer is saved
        right = f"{russia_import_share_2021():.1f}"
        field.fill(right)
        box.get_by_role("button", name="Check").click()
        feedback.get_by_text("Correct").wait_for(timeout=30_000)
        live.wait_kernel(page)  # saved (into JupyterLite's drive) once the kernel is idle again

        # reload: a new kernel reads the answer back from the browser's storage
        page.reload()
        errors = live.run_all(page)
        assert errors == [], f"chapter 4 raised errors after the reload: {errors}"
        box = L.exercise_box(page, EXERCISE)
        box.get_by_text("is restored").wait_for(timeout=30_000)
        assert box.locator("input[type=text]").first.input_value() == right

        # export: the hand-in file downloads and holds the answer
        live.run_code(page, "kz.export_answers()")
        link = page.get_by_role("link", name="Download the hand-in file")
        link.wait_for(timeout=60_000)
        with page.expect_download() as got:
            link.click()
        saved = tmp_path / got.value.suggested_filename
        got.value.save_as(saved)
        doc = json.loads(saved.read_text(encoding="utf-8"))
        entry = next(a for a in doc["answers"] if a["ref"] == EXERCISE_REF)
        assert entry["answer"] == right and entry["status"] == "correct", entry
        assert not live.outside, f"the live chapter tried to reach other hosts: {live.outside[:5]}"


def test_chapter_3_live_timeline_filter_redraws(offline_browser: Any, site: Any, live_built: Path) -> None:
    with L.live_context(offline_browser, site.url) as live:
        page = live.open_chapter("03_timeline_2022")
        errors = live.run_all(page)
        assert errors == [], f"chapter 3 raised errors in the browser: {errors}"
        vector = L.dropdown(page, "Vector")
        area = L.output_around(vector)
        before = L.images(area)
        assert before, "the timeline explorer drew no figure in the live notebook"
        L.choose_another(vector)  # one vector instead of all
        assert _changed(page, area, before) != before
        assert not live.outside, f"the live chapter tried to reach other hosts: {live.outside[:5]}"
