"""Printable worksheets and answer keys, one pair per chapter, written by the book build.

For every chapter notebook that shows exercises, the build writes two pages into the site:
``worksheets/<chapter>-worksheet.html`` (the questions with their choices or items, boxes and
lines to write on, a name line; no answers) and ``worksheets/<chapter>-answers.html`` (each
question with its answer and explanation), plus ``worksheets/index.html`` listing them all. They
are plain pages with their own print styles (A4, one exercise never split across two pages),
built from the same exercise files as the chapters, so they never drift apart. The teacher
guide links them with the ``{kz-worksheets}`` directive.

>>> exercise_refs('kz.exercise("trade.hhi")\\nkz.exercise(\\'trade.share\\')')
['trade.hhi', 'trade.share']
>>> worksheet_name("chapters/04_trade_dependence", answers=True)
'worksheets/04_trade_dependence-answers.html'
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from kzlesson.exercises.md import to_html
from kzlesson.static_exercises import head_html, question_html, solution_inner

logger = logging.getLogger(__name__)

FOLDER = "worksheets"
_REF = re.compile(r"""exercise\(\s*(['"])([^'"]+)\1""")


def exercise_refs(code: str) -> list[str]:
    """The exercise references (``"file.id"``) that ``code`` shows, in order."""
    return [m.group(2) for m in _REF.finditer(code)]


def worksheet_name(docname: str, answers: bool = False) -> str:
    """The site path of a chapter's worksheet (or answer key), relative to the site root."""
    stem = docname.rsplit("/", 1)[-1]
    return f"{FOLDER}/{stem}-{'answers' if answers else 'worksheet'}.html"


@dataclass(frozen=True)
class ChapterSheet:
    """One chapter's exercises, as the worksheets need them."""

    docname: str
    number: str
    title: str
    refs: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"Chapter {self.number}: {self.title}" if self.number else self.title


def read_chapter(docname: str, path: Path) -> ChapterSheet | None:
    """The chapter's title, number (from ``NN_`` in the file name) and exercise references."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    title = ""
    code = []
    for cell in nb.get("cells", []):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown" and not title:
            heading = re.search(r"^#\s+(.+)$", source, re.M)
            title = heading.group(1).strip() if heading else ""
        elif cell.get("cell_type") == "code":
            code.append(source)
    refs = tuple(dict.fromkeys(exercise_refs("\n".join(code))))
    if not refs:
        return None
    number = re.match(r"(\d+)_", path.name)
    return ChapterSheet(docname, str(int(number.group(1))) if number else "", title or docname, refs)


def book_chapters(env: Any) -> list[ChapterSheet]:
    """Every notebook of the book that shows exercises, in file-name order."""
    sheets = []
    for doc in sorted(env.found_docs):
        path = Path(env.doc2path(doc))
        if path.suffix == ".ipynb":
            sheet = read_chapter(doc, path)
            if sheet is not None:
                sheets.append(sheet)
    return sheets


CSS = """
:root { color-scheme: light; }
body { font: 12pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #111;
       max-width: 48em; margin: 1.2em auto; padding: 0 1em; }
h1 { font-size: 1.5em; margin: .2em 0 .3em; } h2 { font-size: 1.15em; margin: 1.2em 0 .4em; }
nav.kz-sheet-nav { font-size: .95em; margin-bottom: 1em; } nav.kz-sheet-nav a { margin-right: 1em; }
a { color: #0b55b5; }
.kz-sheet-intro { color: #333; }
.kz-name { display: flex; flex-wrap: wrap; gap: 1.2em; margin: .8em 0 1.2em; }
.kz-name span { flex: 1 1 12em; border-bottom: 1px solid #333; padding-bottom: .1em; }
ol.kz-sheet { padding-left: 0; list-style: none; counter-reset: ex; }
ol.kz-sheet > li { border: 1px solid #999; border-radius: 6px; padding: .5em .9em .7em; margin: 0 0 1em;
                   break-inside: avoid; page-break-inside: avoid; }
.kz-ex-head { font-weight: 700; margin: .2em 0; }
.kz-q p { margin: .3em 0; }
.kz-how { font-weight: 600; margin: .5em 0 .2em; }
ol.kz-choices, ul.kz-items, ul.kz-categories { margin: .2em 0 .4em; padding-left: 1.6em; }
ol.kz-choices li, ul.kz-items li { margin: .35em 0; }
ul.kz-items { list-style: none; padding-left: .2em; }
.kz-box { display: inline-block; width: 1em; height: 1em; border: 1.5px solid #333; margin-right: .5em;
          vertical-align: -.15em; }
.kz-box-wide { width: 2.2em; }
.kz-line { display: inline-block; min-width: 9em; border-bottom: 1px solid #333; }
.kz-lines span { display: block; height: 2.1em; border-bottom: 1px solid #999; }
table.kz-sort { border-collapse: collapse; width: 100%; margin: .3em 0; }
table.kz-sort th, table.kz-sort td { border: 1px solid #888; padding: .35em .5em; text-align: left;
                                      vertical-align: top; }
table.kz-sort td.kz-write { width: 38%; }
.kz-answer { border-left: 4px solid #555; background: #f4f4f4; padding: .2em .8em; margin-top: .5em; }
.kz-answer p, .kz-answer li { margin: .25em 0; }
footer { font-size: .85em; color: #444; margin-top: 2em; }
@page { size: A4; margin: 15mm 14mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  nav.kz-sheet-nav, .kz-screen-only { display: none; }
  a { color: inherit; text-decoration: none; }
  .kz-answer { background: none; }
}
"""


def _page(title: str, body: str, depth_prefix: str = "../") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        f'<link rel="icon" href="{depth_prefix}_static/favicon.svg" type="image/svg+xml">'
        f"<style>{CSS}</style></head><body><main>{body}</main></body></html>\n"
    )


def _nav(sheet: ChapterSheet, answers: bool) -> str:
    other = worksheet_name(sheet.docname, answers=not answers).split("/", 1)[1]
    other_label = "the worksheet" if answers else "the answer key"
    return (
        '<nav class="kz-sheet-nav" aria-label="Worksheets">'
        f'<a href="index.html">All worksheets</a><a href="../teacher_guide.html">Teacher guide</a>'
        f'<a href="../{sheet.docname}.html">The chapter</a><a href="{other}">Open {other_label}</a></nav>'
    )


def worksheet_html(sheet: ChapterSheet, exercises: list[Any], answers: bool = False) -> str:
    """The whole page: a worksheet (space to answer, no answers) or an answer key."""
    kind = "Answer key" if answers else "Worksheet"
    items = []
    for i, ex in enumerate(exercises, start=1):
        if answers:
            inner = head_html(ex, str(i)) + f'<div class="kz-q">{to_html(ex.question)}</div>'
            inner += f'<div class="kz-answer">{solution_inner(ex)}</div>'
        else:
            inner = question_html(ex, str(i), space=True)
        items.append(f'<li id="ex-{i}">{inner}</li>')
    intro = (
        '<p class="kz-sheet-intro">For the teacher: the answers and explanations to the worksheet, in the same order.</p>'
        if answers else
        '<div class="kz-name"><span>Name:</span><span>Class:</span><span>Date:</span></div>'
        '<p class="kz-sheet-intro">Answer on this sheet. The chapter in the online book explains everything '
        "these questions ask about.</p>"
    )
    body = (
        _nav(sheet, answers)
        + f"<h1>{kind} · {html.escape(sheet.label)}</h1>"
        + '<p class="kz-screen-only">Print this page (Ctrl+P or ⌘P); each exercise stays on one page.</p>'
        + intro
        + f'<ol class="kz-sheet">{"".join(items)}</ol>'
        + "<footer>Between Moscow, Beijing and the West, a teaching module on Kazakhstan's multi-vector "
        "foreign policy (text CC BY 4.0).</footer>"
    )
    return _page(f"{kind}: {sheet.label}", body)


def index_html(sheets: list[ChapterSheet]) -> str:
    """``worksheets/index.html``: every chapter's worksheet and answer key."""
    rows = "".join(
        f'<li>{html.escape(s.label)} ({len(s.refs)} exercises): '
        f'<a href="{worksheet_name(s.docname).split("/", 1)[1]}">worksheet</a> · '
        f'<a href="{worksheet_name(s.docname, True).split("/", 1)[1]}">answer key</a></li>'
        for s in sheets
    )
    body = (
        '<nav class="kz-sheet-nav" aria-label="Worksheets"><a href="../teacher_guide.html">Teacher guide</a>'
        '<a href="../intro.html">The book</a></nav>'
        "<h1>Printable worksheets and answer keys</h1>"
        "<p>One worksheet per chapter (the chapter's exercises with space to answer) and its answer key. "
        "Open one and print it.</p>"
        f"<ul>{rows}</ul>"
    )
    return _page("Printable worksheets", body)


def write_worksheets(app: Any, exception: Exception | None) -> None:
    """``build-finished``: write the worksheet pages into the HTML site."""
    if exception is not None or app.builder.format != "html":
        return
    from kzlesson.exercises import registry

    out = Path(app.outdir) / FOLDER
    out.mkdir(parents=True, exist_ok=True)
    sheets = book_chapters(app.env)
    for sheet in sheets:
        exercises = []
        for ref in sheet.refs:
            try:
                exercises.append(registry.get(ref))
            except (KeyError, ValueError, FileNotFoundError) as exc:
                logger.warning(f"[kzlesson] worksheet for {sheet.docname}: {exc}")
        for answers in (False, True):
            path = Path(app.outdir) / worksheet_name(sheet.docname, answers)
            path.write_text(worksheet_html(sheet, exercises, answers), encoding="utf-8")
    (out / "index.html").write_text(index_html(sheets), encoding="utf-8")
    logger.info(f"[kzlesson] {len(sheets)} printable worksheets and answer keys in {FOLDER}/")


class WorksheetsDirective(SphinxDirective):
    """``{kz-worksheets}``: a list linking every chapter's worksheet and answer key."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        prefix = "../" * self.env.docname.count("/")
        items = nodes.bullet_list(classes=["kz-worksheet-links"])
        for sheet in book_chapters(self.env):
            self.env.note_dependency(str(self.env.doc2path(sheet.docname)))  # re-read when a chapter changes
            para = nodes.paragraph()
            para += nodes.Text(f"{sheet.label}: ")
            para += nodes.reference("", "worksheet", refuri=prefix + worksheet_name(sheet.docname))
            para += nodes.Text(" · ")
            para += nodes.reference("", "answer key", refuri=prefix + worksheet_name(sheet.docname, True))
            items += nodes.list_item("", para)
        intro = nodes.paragraph()
        intro += nodes.reference("", "All worksheets on one page", refuri=prefix + f"{FOLDER}/index.html")
        return [intro, items]


def setup(app: Any) -> dict[str, Any]:
    """Register with Sphinx (from :mod:`kzlesson.sphinx_ext`)."""
    app.add_directive("kz-worksheets", WorksheetsDirective)
    app.connect("build-finished", write_worksheets)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
