"""What the widget adds under the feedback for judgement exercises, and to the solution block.

* after a reflection is saved, or a source evaluation checked: the levelled rubric;
* after a defended answer: the student's reason beside the module's.

Nothing is added before the student has answered (the rubric must not write the answer).

>>> from kzlesson.exercises.spec import Exercise
>>> from kzlesson.exercises.rubric import RubricLevel
>>> from kzlesson.exercises.check import check
>>> ex = Exercise("demo", "why", "reflection", "Why?", rubric=tuple(RubricLevel(n, "d", "e") for n in "ABC"))
>>> after_feedback_html(ex, "", check(ex, ""))  # nothing saved yet
''
>>> "kz-rubric" in after_feedback_html(ex, "Because.", check(ex, "Because."))
True
"""

from __future__ import annotations

from typing import Any

from kzlesson.exercises.defended import DEFENDED_CSS, comparison_html
from kzlesson.exercises.rubric import RUBRIC_CSS, rubric_html
from kzlesson.exercises.source_eval import source_html


def after_feedback_html(ex: Any, answer: Any, fb: Any) -> str:
    """HTML to show under the feedback of one check (``""`` for most exercises)."""
    if fb is None or fb.status == "invalid":
        return ""
    parts = []
    if ex.defensible:
        comparison = comparison_html(ex, answer, fb)
        if comparison:
            parts.append(DEFENDED_CSS + comparison)
    if ex.rubric:
        parts.append(RUBRIC_CSS + rubric_html(ex.rubric))
    return "".join(parts)


def solution_extra_html(ex: Any) -> str:
    """Added to the solution block (Show answer, and the book's collapsed block): source and rubric."""
    parts = []
    if ex.kind == "source-evaluation":
        parts.append(source_html(ex))
    if ex.rubric:
        parts.append(RUBRIC_CSS + rubric_html(ex.rubric, caption="Levels for the written answer, with examples"))
    return "".join(parts)
