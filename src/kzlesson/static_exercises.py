"""Exercises as plain HTML, written at build time from ``data/exercises/*.yml``.

The book shows each exercise's question and its choices, items or categories as ordinary HTML,
so a reader without JavaScript, a search engine and a printer all see them; the widget, when it
loads, takes their place on screen (``_static/kzlesson.js``). The same pieces make the printable
worksheets (with space to answer) and answer keys (:mod:`kzlesson.worksheets`).

A kind this module does not know (a new one added to the engine) is still shown: its question,
then whatever choices, items or categories it has.

>>> from kzlesson.exercises.spec import Exercise, Choice
>>> ex = Exercise("demo", "pick", "choice", "Which **one**?", "Because.",
...               choices=(Choice("A", True), Choice("B")))
>>> html = question_html(ex)
>>> "<strong>one</strong>" in html and "<li>A</li>" in html and "Choose one answer" in html
True
>>> "Because." in solution_block(ex)
True
"""

from __future__ import annotations

import html
from typing import Any

from kzlesson.exercises.md import inline, to_html

KIND_WORDS = {
    "choice": "Multiple choice",
    "numeric": "Number",
    "ordering": "Put in order",
    "classification": "Sort into categories",
    "reflection": "Reflection (not graded)",
}

#: The note a static exercise needs, said once per chapter (placed by :mod:`kzlesson.book_exercises`).
LIVE_NOTE = (
    "Each one is shown with its solution folded away under it. To type or choose an answer and "
    "have it checked, open the chapter as a live notebook with the launch button (the rocket icon "
    "at the top of the page): JupyterLab, Binder or Colab."
)


def kind_word(ex: Any) -> str:
    """The kind as a reader reads it, e.g. ``"Tick all that apply"``; unknown kinds by their name."""
    if ex.kind == "choice" and _multiple(ex):
        return "Tick all that apply"
    return KIND_WORDS.get(ex.kind) or str(ex.kind).replace("_", " ").replace("-", " ").capitalize()


def anchor(ex: Any) -> str:
    """An HTML id for the exercise, e.g. ``kz-ex-trade-hhi``."""
    return f"kz-ex-{ex.chapter}-{ex.id}".replace(".", "-")


def _multiple(ex: Any) -> bool:
    return sum(bool(getattr(c, "correct", False)) for c in getattr(ex, "choices", ()) or ()) > 1


def _text(item: Any) -> str:
    """The text of a choice or item, whether it is a string or an object with ``text``."""
    return item if isinstance(item, str) else str(getattr(item, "text", item))


def shown_choices(ex: Any) -> list[str]:
    """The choice texts in the order the widget shows them."""
    texts = [_text(c) for c in getattr(ex, "choices", ()) or ()]
    if texts and getattr(ex, "shuffle", False):
        from kzlesson.exercises.widgets import _shuffled

        return _shuffled(texts, ex.ref, allow_same=True)
    return texts


def shown_items(ex: Any) -> list[str]:
    """The items to order or sort, in the order the widget shows them (never the answer's order)."""
    from kzlesson.exercises.widgets import _shuffled

    if ex.kind == "classification" or (getattr(ex, "class_items", ()) and not getattr(ex, "items", ())):
        return [_text(i) for i in getattr(ex, "class_items", ()) or ()]
    items = [_text(i) for i in getattr(ex, "items", ()) or ()]
    return _shuffled(items, ex.ref) if items else []


def head_html(ex: Any, number: str = "") -> str:
    """``Exercise 3 · Title — Put in order``."""
    title = f" · {html.escape(ex.title)}" if getattr(ex, "title", "") else ""
    num = f" {html.escape(number)}" if number else ""
    return f'<p class="kz-ex-head">Exercise{num}{title} — {html.escape(kind_word(ex))}</p>'


def question_html(ex: Any, number: str = "", space: bool = False) -> str:
    """The exercise as a reader sees it before answering: question, then choices/items/categories.

    ``space=True`` (worksheets) adds boxes and lines to write in.
    """
    parts = [head_html(ex, number), f'<div class="kz-q">{to_html(ex.question)}</div>']
    choices = shown_choices(ex)
    items = shown_items(ex)
    categories = [str(c) for c in getattr(ex, "categories", ()) or ()]
    box = '<span class="kz-box" aria-hidden="true"></span>'
    if choices:
        how = "Tick every right answer:" if _multiple(ex) else "Choose one answer:"
        mark = box if space else ""
        parts.append(f'<p class="kz-how">{how}</p><ol class="kz-choices" type="A">'
                     + "".join(f"<li>{mark}{inline(t)}</li>" for t in choices) + "</ol>")
    if categories:
        parts.append('<p class="kz-how">Categories:</p><ul class="kz-categories">'
                     + "".join(f"<li>{inline(c)}</li>" for c in categories) + "</ul>")
    if items and not (categories or ex.kind == "classification"):
        first = getattr(ex, "first_label", "") or "first"
        last = getattr(ex, "last_label", "") or "last"
        how = (f"Number the items in order: 1 = {html.escape(first)}, {len(items)} = {html.escape(last)}."
               if ex.kind == "ordering" else "Items:")
        mark = '<span class="kz-box kz-box-wide" aria-hidden="true"></span>' if space else ""
        parts.append(f'<p class="kz-how">{how}</p><ul class="kz-items">'
                     + "".join(f"<li>{mark}{inline(t)}</li>" for t in items) + "</ul>")
    elif items:
        how = "Choose a category for each item:"
        if space:
            rows = "".join(f'<tr><td>{inline(t)}</td><td class="kz-write"></td></tr>' for t in items)
            parts.append(f'<p class="kz-how">{how}</p><table class="kz-sort"><thead><tr><th scope="col">Item</th>'
                         f'<th scope="col">Category</th></tr></thead><tbody>{rows}</tbody></table>')
        else:
            parts.append(f'<p class="kz-how">{how}</p><ul class="kz-items">'
                         + "".join(f"<li>{inline(t)}</li>" for t in items) + "</ul>")
    if ex.kind == "numeric":
        unit = html.escape(getattr(ex, "unit", "") or "")
        parts.append(f'<p class="kz-how">Your answer: <span class="kz-line" aria-hidden="true"></span> {unit}</p>'
                     if space else f'<p class="kz-how">Answer with a number{f" (in {unit})" if unit else ""}.</p>')
    elif space and (ex.kind == "reflection" or not (choices or items)):
        words = getattr(ex, "min_words", 0) or 0
        aim = f" (at least {words} words)" if words else ""
        lines = max(6, min(16, words // 12 if words else 6))
        parts.append(f'<p class="kz-how">Your answer{aim}:</p>'
                     + '<div class="kz-lines" aria-hidden="true">' + '<span></span>' * lines + "</div>")
    return "".join(parts)


def solution_inner(ex: Any) -> str:
    """The answer and explanation as HTML; for a kind the engine cannot describe, the explanation."""
    try:
        from kzlesson.exercises.widgets import solution_html

        return solution_html(ex)
    except Exception:  # noqa: BLE001 - a new kind still shows what the YAML says
        text = getattr(ex, "explanation", "") or getattr(ex, "guidance", "")
        return to_html(text) if text else "<p>(No solution is written for this exercise.)</p>"


def solution_block(ex: Any) -> str:
    """The collapsed ``<details class="kz-solution">`` block under an exercise."""
    summary = "Guidance" if ex.kind == "reflection" else "Solution"
    return (f'<details class="kz-solution"><summary>{summary}</summary>'
            f'<div class="kz-solution-body">{solution_inner(ex)}</div></details>')


def static_exercise_html(ex: Any) -> str:
    """The plain-HTML exercise shown in the book before (or without) the widget."""
    return (f'<div class="kz-ex-static" id="{anchor(ex)}" data-kz-kind="{html.escape(str(ex.kind))}">'
            f"{question_html(ex)}</div>")
