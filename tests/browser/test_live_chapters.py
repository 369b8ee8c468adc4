"""The live chapters (JupyterLite + Pyodide) on the built site, offline, in headless Chromium.

Every request off 127.0.0.1 is aborted, twice over: Playwright's route aborts (and records) what
the pages and workers ask for, and the browser resolves no host name but 127.0.0.1, so requests
that JupyterLite's service worker makes on a page's behalf (which routes may not see) fail too.
Nothing here presses Run All: each live notebook runs by itself once its kernel is ready
(``kz-autorun.js``), and every test waits for that.

Chapter 4: open it from its page's live control, change the explorer's year and see the figure
change, answer a numeric exercise wrongly then rightly, reload and find the answer restored,
export and download the hand-in file. Chapter 3: the timeline explorer's vector filter redraws
the figure. Chapter 2: one exercise of each other kind (classification, ordering, choice,
source evaluation, reflection) answered oddly or wrongly, then rightly, the rubric shown; the
page reloaded the moment the last answer's feedback shows, and every answer found restored; and
MyST rendered (jupyterlab-myst): a titled box, glossary words, no raw roles.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from collections.abc import Iterator
from typing import Any

import pytest

from kzlesson.exercises import registry
from kzlesson.exercises.md import to_text
from kzlesson.exercises.source_eval import LABELS
from kzlesson.trade import russia_import_share_2021
from tests.browser import live as L
from tests.browser import site as S

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXERCISE_REF = "trade.russia-import-share-2021"  # answered by kzlesson.trade.russia_import_share_2021
EXERCISE = registry.get(EXERCISE_REF).title
RAW_MYST = re.compile(r":::\{|\{term\}`|\{cite:p\}`|\{admonition\}")


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
        errors = live.wait_run(page)
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
        errors = live.wait_run(page)
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
        errors = live.wait_run(page)
        assert errors == [], f"chapter 3 raised errors in the browser: {errors}"
        vector = L.dropdown(page, "Vector")
        area = L.output_around(vector)
        before = L.images(area)
        assert before, "the timeline explorer drew no figure in the live notebook"
        L.choose_another(vector)  # one vector instead of all
        assert _changed(page, area, before) != before
        assert not live.outside, f"the live chapter tried to reach other hosts: {live.outside[:5]}"


# chapter 2 holds every exercise kind but numeric (chapter 4's test above answers a numeric one)
SORT, ORDER, CHOICE, SOURCE, REFLECT = (registry.get(f"sources.{i}") for i in (
    "evidence-or-claim", "order-001-evidence", "date-002", "evaluate-blog", "reflect-vantage"))
VERDICT = ("I could use it as one reading of the autumn of 2022, a turn towards China, but not for facts: "
           "before repeating its claim about sanctions I would check the foreign minister's statement "
           "of 5 April 2022, and the date of the oil deal with Azerbaijan, in named and dated records.")
REFLECTION = ("Each of the five sources sees Kazakhstan from somewhere: a law blog in March, a military "
              "research paper in June, a business briefing and an American magazine in October, and an "
              "unsigned blog late in the year. Where a writer stands and when they write decides what "
              "they can know and what they want to stress, so I read each as a witness to its own "
              "moment and check its facts against dated public records before I rely on them.")


def _label(text: str) -> str:
    """How a choice or item reads on screen (Markdown removed), cut to a safe substring."""
    return " ".join(to_text(text).split())[:40]


def _check(live: L.LiveContext, page: Any, box: Any, expect: str, *, button: str = "Check") -> Any:
    box.get_by_role("button", name=button).click()
    feedback = box.locator(".kz-fbw")
    feedback.get_by_text(expect).first.wait_for(timeout=30_000)
    return feedback


def _set_menus(live: L.LiveContext, page: Any, box: Any, wanted: dict[str, int]) -> None:
    """Choose option ``wanted[label]`` (an index) in each dropdown of ``box``, until all hold.

    The kernel may move another menu when one changes (an ordering swaps numbers), so each
    choice waits for the kernel and the menus are checked again afterwards."""
    for _ in range(3):
        late = [label for label, index in wanted.items()
                if L.menu(box, label).evaluate("s => s.selectedIndex") != index]
        if not late:
            return
        for label in late:
            L.menu(box, label).select_option(index=wanted[label])
            page.wait_for_timeout(100)
            live.wait_kernel(page)
    got = {label: L.menu(box, label).evaluate("s => s.selectedIndex") for label in wanted}
    assert got == wanted, f"the menus did not take the choices: {got}"


def test_chapter_2_every_exercise_kind_live_and_restored_after_an_immediate_reload(
        offline_browser: Any, site: Any, live_built: Path) -> None:
    with L.live_context(offline_browser, site.url) as live:
        page = live.open_chapter("02_reading_sources")
        errors = live.wait_run(page)
        assert errors == [], f"chapter 2 raised errors in the browser: {errors}"

        # MyST (jupyterlab-myst in the live site): the learning objectives are a titled box, the
        # glossary terms are words, and no markdown cell shows raw MyST
        first = page.locator(".jp-MarkdownCell").first
        assert "Learning objectives" in first.locator("aside, .admonition, [class*='admonition']").first.inner_text()
        texts = page.locator(".jp-MarkdownCell").evaluate_all("cells => cells.map(c => c.innerText)")
        raw = [t[:120] for t in texts if RAW_MYST.search(t)]
        assert len(texts) > 5 and not raw, f"raw MyST in the live notebook: {raw}"
        assert any("vantage point" in t for t in texts)

        # classification: every item in the wrong category, then each in its own
        box = L.exercise_box(page, SORT.title)
        box.scroll_into_view_if_needed()
        cats = list(SORT.categories)
        right_sort = {_label(it.text): 1 + cats.index(it.category) for it in SORT.class_items}
        _set_menus(live, page, box, {k: 1 + (v % len(cats)) for k, v in right_sort.items()})
        _check(live, page, box, "Not yet")
        _set_menus(live, page, box, right_sort)
        _check(live, page, box, "Correct")

        # ordering: the items in reverse, then in order (option i is rank i)
        box = L.exercise_box(page, ORDER.title)
        box.scroll_into_view_if_needed()
        n = len(ORDER.items)
        right_order = {_label(text): rank for rank, text in enumerate(ORDER.items, start=1)}
        _set_menus(live, page, box, {k: n + 1 - v for k, v in right_order.items()})
        _check(live, page, box, "Not yet")
        _set_menus(live, page, box, right_order)
        _check(live, page, box, "Correct")

        # choice: nothing chosen (a friendly note, not a try), a wrong choice, the right one
        box = L.exercise_box(page, CHOICE.title)
        box.scroll_into_view_if_needed()
        _check(live, page, box, "Choose an answer first")
        group = box.locator(".widget-radio").first
        wrong = next(c.text for c in CHOICE.choices if not c.correct)
        right_choice = next(c.text for c in CHOICE.choices if c.correct)
        L.pick(group, _label(wrong))
        _check(live, page, box, "Not yet")
        L.pick(group, _label(right_choice))
        _check(live, page, box, "Correct")

        # source evaluation: one criterion wrong and no judgement written, then all right with one
        box = L.exercise_box(page, SOURCE.title)
        box.scroll_into_view_if_needed()
        for n_, crit in enumerate(SOURCE.criteria, start=1):
            group = L.radio_group(box, f"{n_}. {LABELS[crit.name]}")
            choice = crit.right if n_ > 1 else next(c for c in crit.choices if not c.correct)
            L.pick(group, _label(choice.text))
        _check(live, page, box, "Write your judgement")
        box.locator("textarea").fill(VERDICT)
        _check(live, page, box, "3 of 4 parts")
        L.pick(L.radio_group(box, "1. Provenance"), _label(SOURCE.criteria[0].right.text))
        feedback = _check(live, page, box, "Correct")
        assert feedback.locator(".kz-rubric").count() == 1, "no rubric after the source evaluation"

        # reflection: an empty save is refused kindly; a text is saved with the rubric beside it,
        # and the page is reloaded the moment that shows (no wait for the kernel to finish)
        box = L.exercise_box(page, REFLECT.title)
        box.scroll_into_view_if_needed()
        _check(live, page, box, "Write your answer in the box first", button="Save")
        box.locator("textarea").fill(REFLECTION)
        feedback = _check(live, page, box, "Saved", button="Save")
        assert feedback.locator(".kz-rubric").count() == 1, "no rubric after saving the reflection"
        page.reload()

        errors = live.wait_run(page)
        assert errors == [], f"chapter 2 raised errors after the reload: {errors}"
        restored = {}
        for ex in (SORT, ORDER, CHOICE, SOURCE, REFLECT):
            box = L.exercise_box(page, ex.title)
            box.scroll_into_view_if_needed()
            try:
                box.get_by_text("is restored").wait_for(timeout=30_000)
                restored[ex.kind] = True
            except Exception:  # noqa: BLE001 - reported for all five below
                restored[ex.kind] = False
        assert all(restored.values()), f"answers not restored after the reload: {restored}"

        box = L.exercise_box(page, SORT.title)
        assert {k: L.menu(box, k).evaluate("s => s.selectedIndex") for k in right_sort} == right_sort
        box = L.exercise_box(page, ORDER.title)
        assert {k: L.menu(box, k).evaluate("s => s.selectedIndex") for k in right_order} == right_order
        box = L.exercise_box(page, CHOICE.title)
        assert L.picked(box.locator(".widget-radio").first).startswith(_label(right_choice))
        box = L.exercise_box(page, SOURCE.title)
        for n_, crit in enumerate(SOURCE.criteria, start=1):
            assert L.picked(L.radio_group(box, f"{n_}. {LABELS[crit.name]}")).startswith(_label(crit.right.text)), crit.name
        assert box.locator("textarea").input_value() == VERDICT
        box = L.exercise_box(page, REFLECT.title)
        assert box.locator("textarea").input_value() == REFLECTION  # saved just before the reload
        assert box.locator(".kz-rubric").count() == 1
        assert not live.outside, f"the live chapter tried to reach other hosts: {live.outside[:5]}"
