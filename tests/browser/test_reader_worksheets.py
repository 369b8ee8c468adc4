"""Issue 15, point 9: each chapter has a printable worksheet (questions, space to answer, no
answers) and an answer key, linked from the teacher guide; checked in Chromium's print to PDF.
"""

from __future__ import annotations

import re
import unicodedata
from io import BytesIO

import pytest

from kzlesson.exercises import registry
from kzlesson.exercises.md import to_text
from kzlesson.worksheets import worksheet_name
from tests.browser.reader import DESKTOP, PHONE, open_page
from tests.browser.test_reader_exercises import WITH_EXERCISES, refs_of

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def pdf_text(pdf: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    # NFKC: the PDF's text comes back with ligatures ("ﬁ" for "fi")
    text = unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in reader.pages))
    return len(reader.pages), re.sub(r"\s+", " ", text)


def start(text: str, n: int = 5) -> str:
    return " ".join(to_text(text).split()[:n])


def test_teacher_guide_links_every_worksheet_and_answer_key(browser, site) -> None:
    with open_page(browser, site, "teacher_guide.html", PHONE, js=False) as tab:
        heading = tab.locator("h2:has-text('Printable worksheets')").count()
        links = tab.locator("article a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert heading == 1, "the teacher guide has no 'Printable worksheets' section"
    for page in WITH_EXERCISES:
        doc = page.removesuffix(".html")
        for answers in (False, True):
            assert worksheet_name(doc, answers) in links, f"the teacher guide does not link {worksheet_name(doc, answers)}"


@pytest.mark.parametrize("page", WITH_EXERCISES)
def test_worksheet_prints_questions_with_space_and_no_answers(browser, site, page: str) -> None:
    doc = page.removesuffix(".html")
    refs = refs_of(page)
    with open_page(browser, site, worksheet_name(doc), DESKTOP, js=False) as tab:
        spaces = tab.locator(".kz-box, .kz-line, .kz-lines, td.kz-write").count()
        tab.emulate_media(media="print")
        unsplit = tab.evaluate("""() => Array.from(document.querySelectorAll('ol.kz-sheet > li'))
            .every(li => getComputedStyle(li).breakInside === 'avoid')""")
        nav = tab.locator("nav").first.is_visible()
        pages, text = pdf_text(tab.pdf(format="A4", prefer_css_page_size=True))
    assert 1 <= pages <= 3 * len(refs), f"{doc}: the worksheet printed on {pages} pages"
    assert spaces >= len(refs), f"{doc}: {spaces} places to write for {len(refs)} exercises"
    assert unsplit and not nav
    assert "Name:" in text
    for ref in refs:
        ex = registry.get(ref)
        assert start(ex.question) in text, f"{doc} worksheet PDF lacks {ref}'s question"
        if ex.explanation and len(to_text(ex.explanation).split()) >= 8:
            assert start(ex.explanation, 8) not in text, f"{doc} worksheet prints {ref}'s explanation"


@pytest.mark.parametrize("page", WITH_EXERCISES)
def test_answer_key_prints_each_answer_and_explanation(browser, site, page: str) -> None:
    doc = page.removesuffix(".html")
    with open_page(browser, site, worksheet_name(doc, answers=True), DESKTOP, js=False, media="print") as tab:
        pages, text = pdf_text(tab.pdf(format="A4", prefer_css_page_size=True))
    assert pages >= 1
    for ref in refs_of(page):
        ex = registry.get(ref)
        assert start(ex.question) in text, f"{doc} answer key lacks {ref}'s question"
        if ex.explanation:
            assert start(ex.explanation, 6) in text, f"{doc} answer key lacks {ref}'s explanation"
