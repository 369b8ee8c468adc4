"""The exercise engine: questions from YAML, widgets with feedback, saved answers, hand-in export.

In a notebook::

    import kzlesson as kz
    kz.set_student("Aigerim")                  # once; or kz.set_student() for a small name box
    kz.exercise("trade.russia-import-share")   # shows the exercise
    kz.progress()                              # a table: done, right, tries per chapter
    kz.export_answers()                        # one JSON file to hand in (+ a readable HTML report)

A teacher reads a folder of hand-in files into one table with
``kzlesson.exercises.collect_hand_ins("hand-ins/")``.

Content lives in ``data/exercises/<stem>.yml`` (stems: multivector, sources, timeline, trade,
energy, society, synthesis). A file is validated when it is loaded; any problem raises
:class:`~kzlesson.exercises.spec.ExerciseSpecError` (a ``kzlesson.errors.DataError``) naming the
file, the exercise's line, its id and the key. The schema, one example per kind::

    chapter: trade                 # = the file stem
    title: "4. Trade dependence"   # optional: how progress tables name the file
    exercises:
      - id: russia-import-share    # unique in the file; lowercase-with-dashes
        kind: numeric              # choice | numeric | ordering | classification | reflection | source-evaluation
        title: "Optional short title"
        question: "Markdown text"  # every kind; **bold**, *italic*, `code`, [links](https://...), lists
        hints: ["first hint", "second hint"]   # optional, one per wrong try (the last repeats)
        explanation: "Why the answer is right (Show answer, and the book's Solution block)."
        show_answer_after: 3       # optional (default 3): tries before 'Show answer' appears;
                                   # 0 = at once, false = never
        answer: 40.8               # or  computed: "kzlesson.trade:some_function"
                                   #     (a no-argument function inside kzlesson returning a number)
        tolerance: 0.5             # absolute, in the exercise's unit (default 0)
        unit: "%"                  # "%", "percentage points", "USD bn", "USD m", "people", "times", ""...
        decimals: 1                # optional: how many decimals to show the answer with
        mistakes:                  # optional: typical wrong answers with targeted feedback
          - {value: 12.1, tolerance: 0.2, message: "That is the share of exports, not imports."}
      - id: vectors-2
        kind: choice               # one correct choice: radio buttons; several: tick all that apply
        question: "..."
        shuffle: false             # optional: show the choices in a fixed shuffled order
        # answer: "..."            # optional instead of correct: true — the right choice text(s)
        choices:
          - {text: "...", correct: true, feedback: "..."}
          - {text: "...", feedback: "..."}      # correct defaults to false
      - id: order-events
        kind: ordering
        question: "..."
        items: ["earliest ...", "next ...", "latest ..."]   # in the CORRECT order; shown shuffled
        first_label: earliest      # optional words for position 1 and the last position
        last_label: latest
      - id: tag-events
        kind: classification
        question: "..."
        categories: ["closer to Moscow", "more distant from Moscow"]
        items:
          - {text: "...", category: "more distant from Moscow", feedback: "shown when misplaced"}
      - id: reflect-1
        kind: reflection           # kept, never graded; the button says Save
        question: "..."
        min_words: 40              # optional
        guidance: "What a strong answer would mention (shown after saving)."
        rubric:                    # optional: >= 3 levels, shown after saving, in the book and the teacher guide
          - {level: "Beginning", descriptor: "...", example: "a short example answer"}
          - {level: "Developing", descriptor: "...", example: "..."}
          - {level: "Secure", descriptor: "...", example: "..."}
      - id: tag-contested
        kind: classification       # or choice
        defensible: true           # the module's answer is its own judgement: a student who differs and
                                   # gives a reason (>= 8 words) sees "Defended" and the module's reason
                                   # beside theirs, not "wrong" (kzlesson.exercises.defended)
        question: "..."
        categories: ["closer to Moscow", "more distant from Moscow"]
        items:
          - {text: "...", category: "...", feedback: "the module's reason for its tag"}
      - id: evaluate-blog
        kind: source-evaluation    # provenance, purpose, audience, corroboration (kzlesson.exercises.source_eval)
        question: "What to evaluate, and for what."
        source: {author: "...", title: "...", publisher: "...", date: "...", url: "https://..."}
        criteria:                  # all four, each a choice with exactly one right answer
          provenance: {question: "...", choices: [{text: "...", correct: true, feedback: "..."}, {text: "..."}]}
          purpose: {question: "...", choices: [...]}
          audience: {question: "...", choices: [...]}
          corroboration: {question: "...", choices: [...]}
        verdict: "How far would you rely on it, and for what?"   # optional written judgement
        min_words: 30
        rubric: [...]              # as for reflections
        explanation: "..."

Numeric answers are read forgivingly and never evaluated: "23.7", "23,7", "23.7 %", "23.7%." (a
closing full stop), "0.237" or ".237" for a percent answer (read as 23.7 %, and the student is told;
a value wrong both ways, "0.5", is answered for both readings), "24.2bn", "$24.2 billion" or
"24 200 million" for a "USD bn" answer; "23.7 %" in a percentage-points exercise counts, with a
note on why the unit is points, and "23.7 points" or "23.7 pp" in a percent one. A currency mark
where the answer is no amount of money ("$5" events, "$34.8" years) is rejected with a message
naming the unit, like "3bn" for a percentage. Messages quote what was typed exactly, as plain text
(never read as Markdown). Enter in the answer box checks, like the Check button.
The value as typed is compared first (with the answer, then each mistake in order), then its
reading as a fraction: so a percent exercise can list ``{value: 0.237, message: "multiply by
100"}``. A typed value equal to the answer at the shown precision (``decimals``, else the
tolerance's) is "right", never "close enough". A mistake inside the answer's tolerance or inside
an earlier mistake's range could never be shown: the loader reports it.

Answers are saved on every Check in ``KZLESSON_ANSWERS_DIR`` (default ``~/kzlesson-answers``) and
restored when the notebook is run again. While the book is built (``KZLESSON_RENDER=static``)
nothing is written, and each exercise also shows a collapsed ``<details class="kz-solution">``
block with its answer and explanation.

>>> import kzlesson.exercises as exercises
>>> sorted(exercises.KINDS)
['choice', 'classification', 'numeric', 'ordering', 'reflection', 'source-evaluation']
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from kzlesson.exercises import registry
from kzlesson.exercises.check import Feedback
from kzlesson.exercises.check import check as check_answer
from kzlesson.exercises.report import Export, Progress, collect_hand_ins, exercise_frame
from kzlesson.exercises.report import export as _export
from kzlesson.exercises.report import progress_frame as _progress_frame
from kzlesson.exercises.spec import KINDS, Chapter, Exercise, ExerciseSpecError, load_chapter
from kzlesson.exercises.store import AnswerStore, current_store, reset_store, static_mode
from kzlesson.exercises.widgets import ExerciseView

__all__ = [
    "KINDS",
    "AnswerStore",
    "Chapter",
    "Exercise",
    "ExerciseSpecError",
    "ExerciseView",
    "Export",
    "Feedback",
    "Progress",
    "check_answer",
    "collect_hand_ins",
    "exercise",
    "export_answers",
    "load_chapter",
    "progress",
    "progress_frame",
    "set_student",
    "validate_all",
]


def exercise(ref: str) -> ExerciseView:
    """Show one exercise, e.g. ``kz.exercise("trade.russia-import-share")`` (file stem + "." + id).

    Returns an :class:`ExerciseView`; as the last line of a cell it displays itself.
    """
    ex = registry.get(ref)
    static = static_mode()
    return ExerciseView(ex, current_store(), static=static)


class _Message:
    """A short message that shows as HTML in a notebook and as text elsewhere."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_html_(self) -> str:
        return f'<p role="status">{html.escape(self.text)}</p>'

    def __repr__(self) -> str:
        return self.text


class _NameBox:
    """A small widget to type one's name (``kz.set_student()`` without a name)."""

    def __init__(self) -> None:
        import ipywidgets as w

        store = current_store()
        current = "" if store.student == "student" else store.student
        self.text = w.Text(value=current, description="Your name:", placeholder="First and last name",
                           style={"description_width": "initial"})
        self.button = w.Button(description="Save name", button_style="primary", tooltip="Save your name",
                               layout=w.Layout(width="auto"))
        self.message = w.HTML("")
        self.button.on_click(self._save)
        self.box = w.VBox([w.HBox([self.text, self.button]), self.message])

    def _save(self, _button: object = None) -> None:
        try:
            text = current_store().set_student(self.text.value)
        except OSError as exc:
            text = f"Your name could not be saved ({exc})."
        self.message.value = f'<p role="status">{html.escape(text)}</p>'

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


def set_student(name: str | None = None) -> _Message | _NameBox:
    """Set the student's name once (it is remembered); without a name, show a name box.

    >>> set_student("")  # doctest: +SKIP
    Please type your name (it goes on your hand-in file).
    """
    if name is None:
        return _NameBox()
    try:
        return _Message(current_store().set_student(name))
    except OSError as exc:
        return _Message(f"Your name could not be saved ({exc}).")


def progress_frame() -> pd.DataFrame:
    """Per chapter: exercises, done, right, tries, revealed — a pandas DataFrame."""
    return _progress_frame(current_store(), registry.readable_chapters()[0])


def progress() -> Progress:
    """A summary of the student's work; shows as a small table (``.table``, ``.exercises`` are DataFrames)."""
    store = current_store()
    chapters, problems = registry.readable_chapters()
    notices = store.take_notices() + problems
    return Progress(
        store.student, _progress_frame(store, chapters), exercise_frame(store, chapters), notices, static=store.detached
    )


def export_answers(path: str | Path | None = None) -> Export:
    """Write one hand-in file (JSON) and a readable HTML report next to it; returns their paths.

    Without ``path`` both go to the answers folder, named after the student and the time.
    """
    from kzlesson import __version__

    try:
        return _export(current_store(), registry.readable_chapters()[0], __version__, path)
    except OSError as exc:
        return Export(None, None, {}, f"Your answers could not be exported ({exc}). Try another folder: "
                      "kz.export_answers('my-answers.json').")


def validate_all() -> list[Chapter]:
    """Load and validate every ``data/exercises/*.yml`` (raises the first error)."""
    registry.clear_cache()
    return registry.all_chapters()


# keep the names importable for tests and power users
_ = (check_answer, Feedback, reset_store, AnswerStore, load_chapter, ExerciseSpecError)
