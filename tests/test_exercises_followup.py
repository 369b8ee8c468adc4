"""QA follow-up: float noise in computed answers, fraction mistakes in percent exercises,
a % sign in a percentage-points exercise, Enter in the numeric box, unreachable mistakes.

Expected values are worked out by hand from the exercise definitions below.
"""

from __future__ import annotations

import tempfile
import textwrap
from pathlib import Path

import pytest

from kzlesson.exercises.check import CORRECT, WRONG, check
from kzlesson.exercises.spec import Exercise, ExerciseSpecError, Mistake, load_chapter
from kzlesson.exercises.store import AnswerStore
from kzlesson.exercises.widgets import ExerciseView


def _numeric(**kw: object) -> Exercise:
    base: dict = {"answer": 2.9, "tolerance": 0.15, "unit": "%"}
    base.update(kw)
    return Exercise("demo", "n", "numeric", "How much?", "Because.", **base)


# 1 -------------------------------------------------------------- floating-point noise


def test_noisy_computed_answer_typed_as_shown_is_right_not_close() -> None:
    # 0.1 * 348 = 34.800000000000004 in binary floating point; shown with 1 decimal as 34.8
    noisy = 0.1 * 348
    assert noisy != 34.8
    ex = _numeric(answer=noisy, tolerance=0.2, unit="years", computed="kzlesson.x:y", decimals=1)
    fb = check(ex, "34.8")
    assert fb.status == CORRECT
    assert fb.message == "Correct — 34.8 years is right."
    # a value that is inside the tolerance but not the shown answer is still "close enough"
    assert check(ex, "34.9").message == "Correct — the answer is 34.8 years, and yours is close enough."


def test_noisy_answer_without_decimals_uses_the_tolerance_precision() -> None:
    # no `decimals`: tolerance 0.5 -> compared at 1 decimal (40.8 shown, 40.8 typed)
    noisy = 40.8 + 3e-12
    ex = _numeric(answer=noisy, tolerance=0.5, computed="kzlesson.x:y")
    assert check(ex, "40.8").message == "Correct — 40.8 % is right."
    assert check(ex, "41").message == "Correct — the answer is 40.8 %, and yours is close enough."


# 2 -------------------------------------------------------------- fraction mistakes


def test_fraction_mistake_in_percent_exercise_is_reached() -> None:
    ex = _numeric(mistakes=(Mistake(0.029, 0.002, "Right ratio; per cent means times 100."),))
    fb = check(ex, "0.029")
    assert fb.status == WRONG
    assert fb.message == "Not yet — Right ratio; per cent means times 100."
    assert check(ex, "2.9").status == CORRECT


def test_fraction_still_read_as_percent_when_no_mistake_lists_it() -> None:
    fb = check(_numeric(), "0.029")
    assert fb.status == CORRECT
    assert "as a fraction" in fb.note


@pytest.mark.parametrize(
    ("ref", "typed", "start"),
    [
        ("synthesis.quiz-eu-customer", "0.382", "Not yet"),
        ("multivector.uranium-share", "0.43", "Not yet"),
        ("energy.cpc-kazakh-share", "0.889", "Not yet"),
    ],
)
def test_chapter_fraction_mistakes_are_reachable(ref: str, typed: str, start: str) -> None:
    from kzlesson.exercises import registry

    ex = registry.get(ref)
    listed = [m for m in ex.mistakes if abs(m.value - float(typed)) <= m.tolerance]
    assert listed, f"{ref} lists no mistake at {typed}"
    fb = check(ex, typed)
    assert fb.status == WRONG and fb.message == f"{start} — {listed[0].message}"


HEAD = "chapter: bad\nexercises:\n"


def _load(tmp_path: Path, body: str) -> None:
    path = tmp_path / "bad.yml"
    path.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    load_chapter(path)


def test_mistake_hidden_by_an_earlier_one_is_an_error(tmp_path: Path) -> None:
    body = """\
    - id: shadowed
      kind: numeric
      question: "How much?"
      explanation: "Because."
      answer: 50
      tolerance: 1
      unit: "%"
      mistakes:
        - {value: 20, tolerance: 5, message: "Wide one."}
        - {value: 21, tolerance: 1, message: "Never shown."}
    """
    with pytest.raises(ExerciseSpecError) as info:
        _load(tmp_path, body)
    text = str(info.value)
    assert "bad.yml" in text and "shadowed" in text and "mistake 2" in text and "could never be shown" in text


def test_overlapping_but_reachable_mistakes_are_fine(tmp_path: Path) -> None:
    body = """\
    - id: overlap
      kind: numeric
      question: "How much?"
      explanation: "Because."
      answer: 50
      tolerance: 1
      unit: "%"
      mistakes:
        - {value: 20, tolerance: 1, message: "One."}
        - {value: 21, tolerance: 1, message: "Two: 21.5 reaches it."}
    """
    _load(tmp_path, body)


# 3 -------------------------------------------------------------- % in a pp exercise


def test_percent_sign_in_points_exercise_is_accepted_with_a_note() -> None:
    ex = _numeric(answer=23.7, tolerance=0.2, unit="pp")
    fb = check(ex, "23,7 %")
    assert fb.status == CORRECT
    assert "percentage points" in fb.note and "23.7 %" in fb.note
    assert check(ex, "23.7 pp").note == ""
    assert check(ex, "23.7").note == ""


# 4 -------------------------------------------------------------- Enter checks


def _submit(text_widget: object) -> None:
    # what the browser sends on Enter: a custom message {"event": "submit"}
    text_widget._handle_msg({"content": {"data": {"method": "custom", "content": {"event": "submit"}}}, "buffers": []})  # type: ignore[attr-defined]


def test_enter_in_numeric_box_checks_once() -> None:
    ex = _numeric()
    view = ExerciseView(ex, AnswerStore(tempfile.mkdtemp()), static=False)
    box = view.inputs[0]
    box.value = "2.9"
    assert view.tries == 0 and view.feedback.value == ""  # typing alone never checks
    _submit(box)
    assert view.tries == 1
    assert "Correct" in view.feedback.value


def test_enter_does_nothing_in_the_static_book() -> None:
    view = ExerciseView(_numeric(), AnswerStore(tempfile.mkdtemp()), static=True)
    view.inputs[0].value = "2.9"
    _submit(view.inputs[0])
    assert view.tries == 0 and view.feedback.value == ""


def test_points_typed_in_a_percent_exercise_get_a_note() -> None:
    ex = _numeric()  # answer 2.9 %
    fb = check(ex, "2.9 pp")
    assert fb.status == CORRECT
    assert fb.note == "read 2.9 points as 2.9 % — this answer is a percentage, not a gap between two"
    assert check(ex, "2.9 %").note == "" and check(ex, "2.9 percent").note == ""


def test_placeholder_mentions_enter_only_where_it_works() -> None:
    live = ExerciseView(_numeric(), AnswerStore(tempfile.mkdtemp()), static=False)
    book = ExerciseView(_numeric(), AnswerStore(tempfile.mkdtemp()), static=True)
    assert live.inputs[0].placeholder == "e.g. 23.7 (press Enter)"
    assert book.inputs[0].placeholder == "e.g. 23.7"
