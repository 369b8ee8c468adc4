"""How exercises read in the built book (Sphinx, book build only).

* A code cell that only calls ``kz.exercise("...")`` shows no code to the reader: its input is
  dropped from the page (the notebook keeps it; a teacher still sees it in JupyterLab).
* The note that checking needs a live notebook is said once per chapter, above its first
  exercise, instead of under every exercise.
* Printed, a chapter shows each question where it stands and collects the solutions in a
  "Solutions" section at its end (on screen that section is not shown: the solutions fold
  under each exercise there).

>>> is_exercise_only('kz.exercise("trade.hhi")')
True
>>> is_exercise_only('kz.exercise("a.b")\\nkz.exercise("a.c");  # two in one cell')
True
>>> is_exercise_only('x = 1\\nkz.exercise("a.b")')
False
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes

from kzlesson.static_exercises import LIVE_NOTE

_CALL = re.compile(r"""^\s*(?:kz\.|kzlesson\.)?exercise\(\s*(['"])[^'"]+\1\s*\)\s*;?\s*(?:#.*)?$""")


def is_exercise_only(source: str) -> bool:
    """True when every non-blank, non-comment line of ``source`` is one ``kz.exercise("...")`` call."""
    lines = [ln for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return bool(lines) and all(_CALL.match(ln) for ln in lines)


def note_html() -> str:
    """The once-per-chapter note above the first exercise."""
    return (f'<div class="kz-static-note kz-exercise-note" role="note"><p><strong>Exercises on this page.</strong> '
            f"{html.escape(LIVE_NOTE)}</p></div>")


def _shows_static_exercise(cell: nodes.Element) -> bool:
    return any("kz-ex-static" in raw.astext() for raw in cell.findall(nodes.raw))


def tidy_exercise_cells(app: Any, doctree: nodes.document) -> None:
    """``doctree-read``: drop exercise cells' code, say the live-notebook note once."""
    first = True
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        sources = [c for c in cell.children if isinstance(c, nodes.Element) and c.get("nb_element") == "cell_code_source"]
        if not sources or not is_exercise_only(sources[0].astext()):
            continue
        cell.remove(sources[0])
        cell["classes"].append("kz-exercise-cell")
        if first and _shows_static_exercise(cell):
            cell.parent.insert(cell.parent.index(cell), nodes.raw("", note_html(), format="html"))
            first = False


_HEAD = re.compile(r'<div class="kz-ex-static" id="([^"]+)"[^>]*><p class="kz-ex-head">(.*?)</p>', re.S)
_SOLUTION = re.compile(
    r'<details class="kz-solution"><summary>([^<]*)</summary><div class="kz-solution-body">(.*?)</div></details>', re.S
)


def print_solutions(body: str) -> str:
    """Append a print-only "Solutions" section to a page body that has static exercises.

    >>> page = ('<div class="kz-ex-static" id="kz-ex-a-b"><p class="kz-ex-head">Exercise · One</p></div>'
    ...         '<details class="kz-solution"><summary>Solution</summary><div class="kz-solution-body">'
    ...         '<p>42</p></div></details>')
    >>> out = print_solutions(page)
    >>> 'class="kz-print-solutions"' in out and '<a href="#kz-ex-a-b">' in out and out.count("<p>42</p>") == 2
    True
    """
    heads = _HEAD.findall(body)
    solutions = _SOLUTION.findall(body)
    if not heads or len(heads) != len(solutions):
        return body
    items = []
    for (anchor, head), (summary, inner) in zip(heads, solutions, strict=True):
        items.append(f'<li><p class="kz-print-solution-head"><a href="#{anchor}">{head}</a> — {summary}</p>{inner}</li>')
    section = ('<section class="kz-print-solutions" aria-label="Solutions to the exercises">'
               '<h2>Solutions to the exercises</h2><ol>' + "".join(items) + "</ol></section>")
    return body + section


def add_print_solutions(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: see :func:`print_solutions`."""
    body = context.get("body")
    if isinstance(body, str) and "kz-ex-static" in body:
        context["body"] = print_solutions(body)


def setup(app: Any) -> dict[str, Any]:
    """Register with Sphinx (from :mod:`kzlesson.sphinx_ext`)."""
    app.connect("doctree-read", tidy_exercise_cells)
    app.connect("html-page-context", add_print_solutions)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
