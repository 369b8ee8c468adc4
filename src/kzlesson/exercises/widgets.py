"""The exercise widget: question, controls, Check button, feedback, tries, hint, Show answer.

Every control has a visible label (its ``description`` or a text above it); feedback is a
sentence that starts with "Correct —" or "Not yet —" (never colour alone) in a live region.

>>> from kzlesson.exercises.spec import Exercise
>>> from kzlesson.exercises.store import AnswerStore
>>> import tempfile
>>> ex = Exercise("demo", "two", "numeric", "1 + 1?", "Sum.", answer=2.0)
>>> view = ExerciseView(ex, AnswerStore(tempfile.mkdtemp()), static=False)
>>> view.inputs[0].value = "2"
>>> view.check_button.click()
>>> "Correct" in view.feedback.value
True
"""

from __future__ import annotations

import html
import random
from typing import Any, Callable

import ipywidgets as w

from kzlesson.exercises import check as chk
from kzlesson.exercises import judgement
from kzlesson.exercises.md import inline, to_html, to_text
from kzlesson.exercises.spec import Exercise
from kzlesson.exercises.store import AnswerStore

#: Styles scoped to the exercise box: let long labels wrap, keep the layout compact.
CSS = """<style>
.kz-ex{border:1px solid #b0b0b0;border-radius:6px;padding:.6em .9em;margin:.6em 0;max-width:52em;box-sizing:border-box}
.kz-ex .kz-q p{margin:.2em 0 .5em 0}
.kz-ex .kz-head{font-size:.85em;color:var(--jp-content-font-color2,var(--pst-color-text-muted,#444));margin-bottom:.2em}
.kz-ex .widget-label,.kz-ex .widget-label-basic,.kz-ex .widget-label-basic span,.kz-ex .widget-radio-box label,
.kz-ex .widget-checkbox label{white-space:normal!important;overflow:visible!important;text-overflow:clip!important;height:auto!important;line-height:1.35}
.kz-ex .widget-inline-hbox,.kz-ex .widget-checkbox{height:auto!important;min-height:var(--jp-widgets-inline-height,28px)}
.kz-ex .kz-stack{flex-direction:column!important;align-items:flex-start!important}
.kz-ex .kz-stack>.widget-label{width:auto!important;max-width:none!important;font-weight:600;margin-bottom:.2em}
.kz-ex .widget-radio-box label{display:flex!important;align-items:flex-start;margin:.15em 0}
.kz-ex .widget-radio-box input{float:none!important;order:-1;flex:0 0 auto;margin:.2em .5em 0 1px!important;height:auto!important}
.kz-ex .widget-checkbox .widget-label-basic{display:flex!important;align-items:flex-start}
.kz-ex .widget-checkbox input{flex:0 0 auto;align-self:flex-start;margin:.25em .5em 0 1px!important}
.kz-ex .widget-dropdown>.widget-label{align-self:center;text-align:left!important;padding-right:.6em}
.kz-ex .widget-dropdown select{min-height:var(--jp-widgets-inline-height,28px)}
.kz-ex .widget-dropdown{margin-bottom:.3em}
.kz-ex .kz-solution-live p,.kz-ex .kz-solution-live li{margin:.2em 0}
.kz-ex .kz-solution-live ul,.kz-ex .kz-solution-live ol{margin:.2em 0 .4em 1.2em;padding:0}
.kz-ex .kz-fbw,.kz-ex .kz-fbw .widget-html-content{min-height:0!important;height:auto!important;line-height:1.35}
.kz-ex .kz-feedback p{margin:.25em 0}
.kz-ex .kz-feedback ul{margin:.2em 0 .2em 1.2em;padding:0}
.kz-ex .kz-feedback-main{font-weight:600}
.kz-ex .kz-note,.kz-ex .kz-status{color:var(--jp-content-font-color2,var(--pst-color-text-muted,#444));font-size:.9em}
.kz-ex .kz-notice{border-left:4px solid #8a6d00;padding:.2em .6em;background:#fff8e1;color:#222}
.kz-ex .kz-solution-live{border-left:4px solid #555;padding:.2em .6em;background:#f4f4f4;color:#222}
</style>"""

STATIC_CSS = """<style>
.kz-static-note{font-size:.9em;border-left:3px solid #888;padding:.1em .7em;margin:.1em 0 .4em 0;max-width:52em}
.kz-static-note p{margin:.2em 0}
details.kz-solution{border:1px solid #b0b0b0;border-radius:6px;padding:.3em .9em;margin:.2em 0 1.2em 0;max-width:52em}
details.kz-solution>summary{cursor:pointer;font-weight:600;padding:.2em 0}
details.kz-solution[open]>summary{margin-bottom:.4em}
</style>"""

STATIC_NOTE = (
    "Checking an answer needs a live notebook: open this page with the launch button "
    "(the rocket icon at the top) in JupyterLab, Binder or Colab."
)

_LABEL_STYLE = {"description_width": "initial"}
CHOOSE = "— choose —"


def _hide(widget: w.Widget) -> None:
    widget.layout.display = "none"


def _show(widget: w.Widget) -> None:
    widget.layout.display = None


class _Controls:
    """Controls for one kind: ``widgets`` to lay out, ``inputs`` to read, ``get``/``set`` an answer."""

    instruction = ""

    def __init__(self, ex: Exercise) -> None:
        self.ex = ex
        self.inputs: list[w.Widget] = []
        self.widgets: list[w.Widget] = []

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, answer: Any) -> None:
        raise NotImplementedError


class _SingleChoice(_Controls):
    def __init__(self, ex: Exercise) -> None:
        super().__init__(ex)
        texts = _choice_order(ex)
        self.radio = w.RadioButtons(
            options=[(to_text(t), t) for t in texts],
            value=None,
            description="Choose one answer:",
            style=_LABEL_STYLE,
            layout=w.Layout(width="100%"),
        )
        self.radio.add_class("kz-stack")
        self.inputs = [self.radio]
        self.widgets = [self.radio]

    def get(self) -> list[str]:
        return [self.radio.value] if self.radio.value is not None else []

    def set(self, answer: Any) -> None:
        values = [o[1] for o in self.radio.options]
        picked = [a for a in ([answer] if isinstance(answer, str) else (answer or [])) if a in values]
        self.radio.value = picked[0] if picked else None


class _MultiChoice(_Controls):
    def __init__(self, ex: Exercise) -> None:
        super().__init__(ex)
        texts = _choice_order(ex)
        self.label = w.HTML("<strong>Tick every right answer:</strong>")
        self.keys = texts
        self.boxes = [
            w.Checkbox(value=False, description=to_text(t), indent=False, layout=w.Layout(width="100%")) for t in texts
        ]
        self.inputs = list(self.boxes)
        self.widgets = [self.label, *self.boxes]

    def get(self) -> list[str]:
        return [key for key, b in zip(self.keys, self.boxes) if b.value]

    def set(self, answer: Any) -> None:
        chosen = {answer} if isinstance(answer, str) else set(answer or [])
        for key, b in zip(self.keys, self.boxes):
            b.value = key in chosen


class _Numeric(_Controls):
    def __init__(self, ex: Exercise) -> None:
        super().__init__(ex)
        example = "23.7" if ex.unit == "%" else ("24.2" if ex.unit.lower().startswith("usd") else "42")
        # Enter checks: the browser sends a "submit" message on Enter (ipywidgets 8.1 still does;
        # only the Python ``on_submit`` is deprecated), read with ``on_msg``. The value syncs on
        # every keystroke (continuous_update=True), so it is current when the Enter arrives; with
        # continuous_update=False plus observing ``value``, leaving the box (e.g. to click Check)
        # would also check, and Check would then count a second try.
        self.text = w.Text(
            value="",
            description="Your answer:",
            placeholder=f"e.g. {example} (press Enter)",
            style=_LABEL_STYLE,
            layout=w.Layout(width="20em"),
            continuous_update=True,
        )
        self.on_enter: Callable[[], None] | None = None
        self.text.on_msg(self._on_msg)
        self.unit = w.HTML(html.escape(ex.unit) if ex.unit else "", layout=w.Layout(margin="0 0 0 .4em"))
        self.inputs = [self.text]
        self.widgets = [w.HBox([self.text, self.unit], layout=w.Layout(align_items="center"))]

    def _on_msg(self, _widget: w.Widget, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit" and self.on_enter is not None:
            self.on_enter()

    def get(self) -> str:
        return self.text.value

    def set(self, answer: Any) -> None:
        self.text.value = "" if answer is None else str(answer)


class _Ordering(_Controls):
    """One numbered dropdown per item (the item's full text is its label, so long items stay readable).

    Items are listed in a fixed shuffled order; every number starts empty. Choosing a number that
    another item has swaps the two, so no number is ever used twice. The answer is the item texts
    in the student's order (``None`` where a number is still missing).
    """

    def __init__(self, ex: Exercise) -> None:
        super().__init__(ex)
        self.shown = _shuffled(list(ex.items), ex.ref)
        n = len(ex.items)
        first = ex.first_label or "first"
        last = ex.last_label or "last"
        self.label = w.HTML(
            f"<strong>Number the items in order</strong>: 1 = {html.escape(first)}, {n} = {html.escape(last)}. "
            "Giving a number another item has swaps the two."
        )
        options = [(CHOOSE, 0)] + [(self._rank_label(r), r) for r in range(1, n + 1)]
        self.drops: dict[str, w.Dropdown] = {}
        for text in self.shown:
            d = w.Dropdown(
                options=options,
                value=0,
                description=to_text(text),
                style={"description_width": "76%"},
                layout=w.Layout(width="100%"),
            )
            d.observe(self._swap, names="value")
            self.drops[text] = d
        self._busy = False
        self.inputs = list(self.drops.values())
        self.widgets = [self.label, *self.inputs]

    def _rank_label(self, r: int) -> str:
        n = len(self.ex.items)
        if r == 1:
            return f"1 ({self.ex.first_label or 'first'})"
        if r == n:
            return f"{n} ({self.ex.last_label or 'last'})"
        return str(r)

    def _swap(self, change: dict) -> None:
        """Keep the numbers unique: the item that had the chosen number takes this one's old number."""
        if self._busy or not change["new"]:
            return
        self._busy = True
        try:
            for d in self.drops.values():
                if d is not change["owner"] and d.value == change["new"]:
                    d.value = change["old"]
                    break
        finally:
            self._busy = False

    def get(self) -> list[str | None]:
        order: list[str | None] = [None] * len(self.ex.items)
        for text, d in self.drops.items():
            if d.value:
                order[d.value - 1] = text
        return order

    def set(self, answer: Any) -> None:
        order = list(answer or [])
        if len(order) != len(self.ex.items):
            return  # saved for another version of the exercise: start afresh
        ranks = {text: i for i, text in enumerate(order, start=1) if text in self.drops}
        self._busy = True
        try:
            for text, d in self.drops.items():
                d.value = ranks.get(text, 0)
        finally:
            self._busy = False


class _Classification(_Controls):
    def __init__(self, ex: Exercise) -> None:
        super().__init__(ex)
        self.label = w.HTML("<strong>Choose a category for each item:</strong>")
        # a real first option (not None, which would leave the box blank): "" means not chosen yet
        options = [(CHOOSE, ""), *[(c, c) for c in ex.categories]]
        self.drops = {
            it.text: w.Dropdown(
                options=options,
                value="",
                description=to_text(it.text),
                style={"description_width": "58%"},
                layout=w.Layout(width="100%"),
            )
            for it in ex.class_items
        }
        self.inputs = list(self.drops.values())
        self.widgets = [self.label, *self.drops.values()]

    def get(self) -> dict[str, str | None]:
        return {text: (d.value or None) for text, d in self.drops.items()}

    def set(self, answer: Any) -> None:
        placed = dict(answer or {})
        for text, d in self.drops.items():
            value = placed.get(text)
            d.value = value if value in self.ex.categories else ""


def text_box(description: str, placeholder: str, rows: int) -> w.Textarea:
    """A full-width text box with its label above it (reflections, verdicts, reasons).

    >>> text_box("Your answer:", "Write here…", 3).rows
    3
    """
    area = w.Textarea(value="", description=description, placeholder=placeholder, rows=rows,
                      style=_LABEL_STYLE, layout=w.Layout(width="100%"))
    area.add_class("kz-stack")
    return area


class _Reflection(_Controls):
    def __init__(self, ex: Exercise) -> None:
        super().__init__(ex)
        self.area = text_box("Your answer:", "Write your answer here…", rows=6)
        self.count = w.HTML(self._count_text(""))
        self.area.observe(lambda c: setattr(self.count, "value", self._count_text(c["new"])), names="value")
        self.inputs = [self.area]
        self.widgets = [self.area, self.count]

    def _count_text(self, text: str) -> str:
        n = chk.word_count(text)
        aim = f" (aim for at least {self.ex.min_words})" if self.ex.min_words else ""
        return f'<span class="kz-status">{n} word{"s" if n != 1 else ""}{aim}. Not graded: it is kept for you and your teacher.</span>'

    def get(self) -> str:
        return self.area.value

    def set(self, answer: Any) -> None:
        self.area.value = "" if answer is None else str(answer)


_CONTROL_CLASSES: dict[str, Callable[[Exercise], _Controls]] = {
    "numeric": _Numeric,
    "ordering": _Ordering,
    "classification": _Classification,
    "reflection": _Reflection,
}


def _make_controls(ex: Exercise) -> _Controls:
    if ex.kind == "source-evaluation":
        from kzlesson.exercises.source_eval import SourceEvalControls

        return SourceEvalControls(ex)  # type: ignore[return-value]
    if ex.kind == "choice":
        controls: _Controls = _MultiChoice(ex) if ex.multiple else _SingleChoice(ex)
    else:
        controls = _CONTROL_CLASSES[ex.kind](ex)
    if ex.defensible:  # a box for the reason behind a different answer (kzlesson.exercises.defended)
        from kzlesson.exercises.defended import DefendedControls

        return DefendedControls(controls)  # type: ignore[return-value]
    return controls


def _choice_order(ex: Exercise) -> list[str]:
    texts = [c.text for c in ex.choices]
    return _shuffled(texts, ex.ref, allow_same=True) if ex.shuffle else texts


def _shuffled(items: list[str], seed: str, allow_same: bool = False) -> list[str]:
    """A fixed shuffle per exercise (the same each run), never the answer itself for orderings."""
    rng = random.Random(seed)
    out = list(items)
    for _ in range(20):
        rng.shuffle(out)
        if allow_same or out != items or len(items) < 2:
            return out
    return out[1:] + out[:1]


def solution_html(ex: Exercise) -> str:
    """The answer and the explanation as HTML (for Show answer and the book's solution block)."""
    lines = chk.answer_text(ex)
    parts = []
    bullets: list[str] = []
    for line in lines:
        if line.startswith("• ") or (line[:1].isdigit() and ". " in line[:4]):
            bullets.append(inline(line.split(" ", 1)[1]))
        else:
            if bullets:
                parts.append("<ul>" + "".join(f"<li>{b}</li>" for b in bullets) + "</ul>")
                bullets = []
            parts.append(f"<p><strong>{inline(line)}</strong></p>")
    if bullets:
        tag = "ol" if ex.kind == "ordering" else "ul"
        parts.append(f"<{tag}>" + "".join(f"<li>{b}</li>" for b in bullets) + f"</{tag}>")
    if ex.explanation:
        parts.append(to_html(ex.explanation))
    parts.append(judgement.solution_extra_html(ex))
    return "".join(parts)


class ExerciseView:
    """One exercise on screen. ``box`` is the widget; clicking ``check_button`` checks and saves.

    Attributes tests and notebooks use: ``inputs`` (the input widgets), ``check_button``,
    ``answer_button`` (Show answer), ``feedback`` and ``status`` (HTML widgets), ``solution``.
    """

    def __init__(self, ex: Exercise, store: AnswerStore, static: bool = False) -> None:
        self.ex = ex
        self.store = store
        self.static = static
        self.tries = 0
        self.wrong_tries = 0
        self.revealed = False
        self.last: chk.Feedback | None = None
        self.controls = _make_controls(ex)
        self.inputs = self.controls.inputs

        kind_word = {
            "choice": "Multiple choice" if not ex.multiple else "Tick all that apply",
            "numeric": "Number",
            "ordering": "Put in order",
            "classification": "Sort into categories",
            "reflection": "Reflection (not graded)",
            "source-evaluation": "Evaluate a source",
        }[ex.kind]
        title = f" · {html.escape(ex.title)}" if ex.title else ""
        self.question = w.HTML(
            CSS
            + f'<div class="kz-head">Exercise{title} — {kind_word}</div>'
            + f'<div class="kz-q">{to_html(ex.question)}</div>'
        )
        self.notice = w.HTML("")
        _hide(self.notice)
        verb = "Save" if ex.kind == "reflection" else "Check"
        self.check_button = w.Button(
            description=verb,
            tooltip="Save your answer" if verb == "Save" else "Check your answer",
            button_style="primary",
            icon="save" if verb == "Save" else "check",
            layout=w.Layout(width="auto"),
        )
        self.answer_button = w.Button(
            description="Show answer",
            tooltip="Show the answer and the explanation",
            layout=w.Layout(width="auto"),
        )
        _hide(self.answer_button)
        self.status = w.HTML(self._status_text())
        self.feedback = w.HTML("")
        self.feedback.add_class("kz-fbw")  # always in the page (a live region), no height while empty
        self.solution = w.HTML("")
        _hide(self.solution)
        self.check_button.on_click(self._on_check)
        if isinstance(self.controls, _Numeric):
            if static:  # no kernel in the book: Enter does nothing there, so do not promise it
                self.controls.text.placeholder = self.controls.text.placeholder.replace(" (press Enter)", "")
            else:
                self.controls.on_enter = self._on_check
        self.answer_button.on_click(self._on_show_answer)
        buttons = w.HBox(
            [self.check_button, self.answer_button, self.status],
            layout=w.Layout(align_items="center", margin=".4em 0 0 0", flex_flow="row wrap"),
        )
        self.box = w.VBox(
            [self.question, self.notice, *self.controls.widgets, buttons, self.feedback, self.solution],
            layout=w.Layout(width="100%"),
        )
        self.box.add_class("kz-ex")
        self.box.add_class(f"kz-ex-{ex.kind}")

        if static:
            self.check_button.disabled = True
            self.check_button.tooltip = "Checking needs a live notebook"
        else:
            self._show_notices(store.take_notices())
            self._restore()
            self._update_answer_button()

    # ------------------------------------------------------------------ state

    def _status_text(self) -> str:
        if self.ex.kind == "reflection":
            text = f"Saved {self.tries} time{'s' if self.tries != 1 else ''}" if self.tries else "Not saved yet"
        else:
            text = f"Tries: {self.tries}"
            if self.last is not None and self.last.correct:
                text += " · solved"
            elif self.last is not None and self.last.status == chk.DEFENDED:
                text += " · defended"
        return f'<span class="kz-status" style="margin-left:.8em">{text}</span>'

    def _show_notices(self, notices: list[str]) -> None:
        if notices:
            self.notice.value = "".join(
                f'<div class="kz-notice" role="alert"><strong>Note:</strong> {html.escape(n)}</div>' for n in notices
            )
            _show(self.notice)

    def _restore(self) -> None:
        """Put the last saved answer and its result back (after a kernel restart)."""
        entry = self.store.get(self.ex.ref)
        if not entry:
            return
        try:
            self.controls.set(entry.get("answer"))
        except Exception:  # noqa: BLE001 - a saved answer that no longer fits is simply not restored
            return
        self.tries = int(entry.get("tries", 0))
        history = entry.get("history") or []
        self.wrong_tries = sum(1 for h in history if isinstance(h, dict) and h.get("status") in ("wrong", "partial"))
        self.revealed = bool(entry.get("revealed"))
        when = str(entry.get("updated", ""))[:16].replace("T", " ")
        head = f'<p class="kz-note">Your last answer (saved {html.escape(when)} UTC) is restored.</p>'
        if entry.get("answer") is not None and entry.get("status") != "invalid":
            fb = chk.check(self.ex, entry.get("answer"))
            self.last = fb
            # the hint the last wrong try earned comes back too, as it was before the restart
            hint = chk.hint_for(self.ex, self.wrong_tries) if fb.status in (chk.WRONG, chk.PARTIAL) else ""
            self._set_feedback(head + chk.feedback_html(fb, hint)
                               + judgement.after_feedback_html(self.ex, entry.get("answer"), fb))
        else:
            self._set_feedback(head)
        self._update_answer_button()
        if self.revealed:
            self._reveal()
        self.status.value = self._status_text()

    def _set_feedback(self, value: str) -> None:
        self.feedback.value = value

    def answer(self) -> Any:
        """The answer currently in the controls (as stored)."""
        return self.controls.get()

    def set_answer(self, answer: Any) -> None:
        """Put an answer into the controls (same form as :meth:`answer`)."""
        self.controls.set(answer)

    # ------------------------------------------------------------------ actions

    def check(self) -> chk.Feedback:
        """What the Check button does: check, show feedback, tries, hint and Show answer, and save.

        The feedback goes out first, so a slow disk (a network home folder) never delays it;
        except where the store says ``save_before_feedback`` (the live book in the browser, where
        a reload during a save loses it): there feedback on screen means the answer is saved.
        """
        answer = self.controls.get()
        fb = chk.check(self.ex, answer)
        if fb.counts_as_try:
            self.tries += 1
            if fb.status in (chk.WRONG, chk.PARTIAL):
                self.wrong_tries += 1
            self.last = fb
        hint = chk.hint_for(self.ex, self.wrong_tries) if fb.status in (chk.WRONG, chk.PARTIAL) else ""
        shown = chk.feedback_html(fb, hint) + judgement.after_feedback_html(self.ex, answer, fb)
        to_save = fb.counts_as_try and not self.static
        first = to_save and self.store.save_before_feedback
        problem = self._save(answer, fb) if first else ""
        self._set_feedback(shown + problem)
        self.status.value = self._status_text()
        self._update_answer_button()
        if to_save and not first:
            problem = self._save(answer, fb)
            if problem:
                self._set_feedback(shown + problem)
        return fb

    def _save(self, answer: Any, fb: chk.Feedback) -> str:
        """Record one check; returns a notice to show if it could not be saved ('' if saved)."""
        try:
            entry = self.store.record(self.ex.ref, kind=self.ex.kind, answer=answer, status=fb.status)
        except OSError as exc:
            return (f'<p class="kz-notice" role="alert">Your answer could not be saved '
                    f"({html.escape(str(exc))}). Copy it somewhere safe.</p>")
        tries = int(entry.get("tries", self.tries))  # the same count in every view of it
        if tries != self.tries:
            self.tries = tries
            self.status.value = self._status_text()
            self._update_answer_button()
        return ""

    def _on_check(self, _button: w.Button | None = None) -> None:
        try:
            self.check()
        except Exception as exc:  # noqa: BLE001 - a student never sees a traceback
            self._set_feedback(
                '<div class="kz-feedback kz-invalid" role="status"><p>! Something went wrong while checking '
                f"({html.escape(exc.__class__.__name__)}). Your answer is still in the box; please try again, "
                "and tell your teacher if it keeps happening.</p></div>"
            )

    def _update_answer_button(self) -> None:
        """Show answer appears after ``show_answer_after`` tries, or once solved (to read the explanation)."""
        if self.revealed:
            return
        solved = self.last is not None and self.last.correct
        if chk.answer_available(self.ex, self.tries) or (solved and self.ex.graded):
            self.answer_button.description = "Show explanation" if solved else "Show answer"
            _show(self.answer_button)
        else:
            _hide(self.answer_button)

    def _reveal(self) -> None:
        self.solution.value = f'<div class="kz-solution-live">{solution_html(self.ex)}</div>'
        _show(self.solution)
        self.answer_button.description = "Answer shown"
        self.answer_button.disabled = True

    def _on_show_answer(self, _button: w.Button | None = None) -> None:
        self.revealed = True
        self._reveal()
        if not self.static:
            try:
                self.store.mark_revealed(self.ex.ref, self.ex.kind)
            except OSError:
                pass

    # ------------------------------------------------------------------ display

    def static_html(self) -> str:
        """The collapsed solution block shown under the widget in the book.

        The question with its choices or items is written as plain HTML above the widget
        (:func:`kzlesson.static_exercises.static_exercise_html`), and the "needs a live notebook"
        note once per chapter by the book build (:mod:`kzlesson.book_exercises`).
        """
        from kzlesson.static_exercises import solution_block

        return STATIC_CSS + solution_block(self.ex)

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        if self.static:  # plain HTML first: readers without script, search engines and print see it
            from kzlesson.static_exercises import static_exercise_html

            display(HTML(static_exercise_html(self.ex)))
        display(self.box)
        if self.static:
            display(HTML(self.static_html()))

    def __repr__(self) -> str:
        return f"<kzlesson exercise {self.ex.ref} ({self.ex.kind})>"
