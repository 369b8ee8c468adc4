"""Issue 15, points 3 and 5: exercises are text in the page (no script needed), the widget takes
their place when it loads, no ``kz.exercise(...)`` code is shown, the live-notebook note is said
once per chapter, and a printed chapter shows the questions with the solutions at its end.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from kzlesson.exercises import registry
from kzlesson.exercises.md import to_text
from kzlesson.worksheets import exercise_refs
from tests.book import ROOT
from tests.browser.reader import CHAPTERS, DESKTOP, PHONE, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def refs_of(page: str) -> list[str]:
    """The exercises the chapter notebook shows, in order."""
    import json

    nb = json.loads((ROOT / page.replace(".html", ".ipynb")).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    return list(dict.fromkeys(exercise_refs(code)))


WITH_EXERCISES = [p for p in CHAPTERS.values() if (ROOT / p.replace(".html", ".ipynb")).is_file() and refs_of(p)]


def words(text: str, n: int = 8) -> str:
    """The first ``n`` words of a text, spaces normalised (what must appear on the page)."""
    return " ".join(to_text(text).split()[:n])


def page_text(tab) -> str:
    return re.sub(r"\s+", " ", tab.evaluate("() => document.querySelector('main, article').innerText"))


@pytest.mark.parametrize("page", WITH_EXERCISES)
def test_without_script_every_question_and_its_choices_are_on_the_page(browser, site, page: str) -> None:
    with open_page(browser, site, page, PHONE, js=False) as tab:
        text = page_text(tab)
    missing = []
    for ref in refs_of(page):
        ex = registry.get(ref)
        wanted = [words(ex.question)]
        wanted += [words(c.text, 6) for c in ex.choices] + [words(i, 6) for i in ex.items]
        wanted += [words(i.text, 6) for i in ex.class_items] + [words(c, 6) for c in ex.categories]
        missing += [f"{ref}: {w!r}" for w in wanted if w not in text]
    assert not missing, f"{page} without JavaScript lacks {len(missing)} question/choice texts: {missing[:6]}"


@pytest.mark.parametrize("page", WITH_EXERCISES)
@pytest.mark.parametrize("js", [True, False])
def test_no_exercise_code_and_the_live_note_once(browser, site, page: str, js: bool) -> None:
    with open_page(browser, site, page, DESKTOP, js=js) as tab:
        text = page_text(tab)
        notes = tab.evaluate("""() => Array.from(document.querySelectorAll('.kz-static-note'))
            .filter(el => /live notebook/.test(el.textContent)).length""")
    assert "kz.exercise(" not in text, f"{page}: a reader sees kz.exercise(...) code"
    assert notes == 1, f"{page}: the 'needs a live notebook' note is shown {notes} times (expected once)"


@pytest.mark.parametrize("page", [CHAPTERS["multivector"], CHAPTERS["energy"]])
def test_the_widget_takes_the_plain_copy_s_place_once_drawn(browser, site, page: str) -> None:
    with open_page(browser, site, page, DESKTOP) as tab:
        cell = tab.locator(".kz-exercise-cell").first
        cell.scroll_into_view_if_needed()
        tab.mouse.wheel(0, 200)
        tab.wait_for_function(
            "() => document.querySelector('.kz-exercise-cell .kz-ex') !== null", timeout=90_000)
        tab.wait_for_timeout(400)
        state = cell.evaluate("""c => ({widget: c.querySelector('.kz-ex').getBoundingClientRect().height,
            plain: c.querySelector('.kz-ex-static').getBoundingClientRect().height})""")
    assert state["widget"] > 0, f"{page}: the exercise widget was not drawn"
    assert state["plain"] == 0, f"{page}: the plain copy stays on screen beside the widget ({state})"


@pytest.mark.parametrize("page", [CHAPTERS["sources"], CHAPTERS["synthesis"]])
def test_printed_chapter_shows_questions_and_collects_solutions_at_the_end(browser, site, page: str) -> None:
    refs = refs_of(page)
    with open_page(browser, site, page, DESKTOP, js=False, media="print") as tab:
        shown = tab.evaluate("""() => Array.from(document.querySelectorAll('.kz-ex-static'))
            .filter(e => e.getBoundingClientRect().height > 0).length""")
        inline_solutions = tab.evaluate("""() => Array.from(document.querySelectorAll('details.kz-solution'))
            .filter(e => e.getBoundingClientRect().height > 0).length""")
        at_end = tab.evaluate("""() => { const s = document.querySelector('.kz-print-solutions');
            return s && s.getBoundingClientRect().height > 0 ? s.querySelectorAll(':scope > ol > li').length : 0; }""")
        code = tab.evaluate("() => document.querySelector('article').innerText.includes('kz.exercise(')")
        pdf = tab.pdf(format="A4")
    assert shown == len(refs), f"{page}: {shown} of {len(refs)} questions are printed"
    assert inline_solutions == 0, f"{page}: {inline_solutions} solution blocks print inside the chapter"
    assert at_end == len(refs), f"{page}: the printed 'Solutions' section has {at_end} of {len(refs)} entries"
    assert not code
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages)))
    first = registry.get(refs[0])
    assert " ".join(to_text(first.question).split()[:5]) in text, "the printed PDF lacks the first question"
    assert "Solutions to the exercises" in text
