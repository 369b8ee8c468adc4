"""Drive every kind of exercise widget in-process: set values, click Check, read the feedback."""

from __future__ import annotations

import re
from pathlib import Path

import ipywidgets as w
import pytest

import kzlesson as kz
from kzlesson.exercises import ExerciseView, registry
from kzlesson.exercises.store import AnswerStore
from tests.test_exercises_fixtures import demo  # noqa: F401 - fixture


def _text(view: ExerciseView) -> str:
    """The feedback as a reader hears it: tags removed."""
    return re.sub(r"<[^>]+>", "", view.feedback.value)


def _click(view: ExerciseView) -> str:
    view.check_button.click()
    return _text(view)


def _visible(widget: w.Widget) -> bool:
    return widget.layout.display != "none"


def test_numeric_feedback_for_right_wrong_and_bad_input(demo: Path) -> None:
    view = kz.exercise("demo.share")
    box = view.inputs[0]
    box.value = ""
    assert "Type a number first" in _click(view)
    box.value = "forty"
    assert "could not read a number" in _click(view)
    assert view.tries == 0  # unreadable input is not a try
    box.value = "12.1"
    text = _click(view)
    assert text.startswith("✗ Not yet — that is Russia's share of exports")
    assert "Hint: Divide imports from Russia by all imports." in text
    box.value = "55"
    text = _click(view)
    assert "Not yet — 55 % is too high" in text and "Hint: Then multiply by 100." in text
    assert view.tries == 2
    box.value = "23,7 %"
    assert "too low" in _click(view)
    box.value = "40,8"
    assert _click(view).startswith("✓ Correct — 40.8 % is right")
    assert "Tries: 4" in view.status.value and "solved" in view.status.value


def test_numeric_fraction_read_as_percent_and_said_so(demo: Path) -> None:
    view = kz.exercise("demo.share")
    view.inputs[0].value = " 0.408 "
    text = _click(view)
    assert text.startswith("✓ Correct")
    assert "read 0.408 as a fraction, that is 40.8 %" in text


def test_numeric_units_converted(demo: Path) -> None:
    view = kz.exercise("demo.money")
    for typed in ("24.2bn", "$24.2 billion", "24 200 million"):
        view.inputs[0].value = typed
        assert _click(view).startswith("✓ Correct"), typed
    view.inputs[0].value = "24 200 million"
    assert "read 24 200 million as 24.2 USD bn" in _click(view)
    view.inputs[0].value = "12 %"
    assert "not a percentage" in _click(view)


def test_single_choice_feedback_per_choice(demo: Path) -> None:
    view = kz.exercise("demo.pick")
    radio = view.inputs[0]
    assert isinstance(radio, w.RadioButtons) and radio.value is None  # nothing preselected
    assert "Choose an answer first" in _click(view)
    radio.value = "SCO"
    assert _click(view) == "✗ Not yet — the SCO has no joint force that went in."
    radio.value = "CSTO"
    assert _click(view) == "✓ Correct — yes, at Tokayev's request."


def test_multiple_choice_tick_all_that_apply(demo: Path) -> None:
    view = kz.exercise("demo.multi")
    boxes = {b.description: b for b in view.inputs}
    assert all(isinstance(b, w.Checkbox) for b in boxes.values())
    boxes["CSTO"].value = True
    boxes["NATO"].value = True
    text = _click(view)
    assert text.startswith("✗ Not yet — 1 of your 2 ticks is right; 1 right answer is still missing")
    assert "“NATO”: Kazakhstan is a partner, not a member." in text
    boxes["NATO"].value = False
    boxes["SCO"].value = True
    assert _click(view).startswith("✓ Correct — you found all 2 right answers")


def test_ordering_numbers_each_item_swaps_and_checks(demo: Path) -> None:
    view = kz.exercise("demo.order")
    ex = registry.get("demo.order")
    drops = view.inputs
    shown = [d.description for d in drops]  # each item's full text is its dropdown's label
    assert sorted(shown) == sorted(ex.items) and shown != list(ex.items)  # listed shuffled
    assert all(d.value == 0 and d.label == "— choose —" for d in drops)  # nothing numbered yet
    assert [label for label, _ in drops[0].options][1:] == ["1 (earliest)", "2", "3", "4 (latest)"]
    assert "Give every item a number (4 left)" in _click(view)
    assert view.tries == 0
    by_text = {d.description: d for d in drops}
    for rank, item in enumerate(ex.items, start=1):
        by_text[item].value = rank
    assert view.answer() == list(ex.items)
    # giving a number another item has swaps the two: no number is used twice
    by_text[ex.items[0]].value = 2
    assert by_text[ex.items[1]].value == 1
    assert sorted(d.value for d in drops) == [1, 2, 3, 4]
    text = _click(view)
    assert text.startswith("✗ Not yet — 2 of 4 items have the right number (3, 4).")
    assert "Hint: The unrest came before the war." in text
    by_text[ex.items[0]].value = 1
    assert _click(view) == "✓ Correct — all 4 items are in the right order."


def test_classification_needs_every_item_then_explains_misplaced(demo: Path) -> None:
    view = kz.exercise("demo.sort")
    drops = view.inputs
    assert [d.description for d in drops][0] == "Asking the CSTO for help"  # the item is the label
    assert all(d.index == 0 and d.label == "— choose —" for d in drops)  # a visible prompt, not a blank box
    assert "Choose a category for every item (3 left)" in _click(view)
    assert view.tries == 0
    for d in drops:
        d.value = "more distant from Moscow"
    text = _click(view)
    assert text.startswith("✗ Not yet — 2 of 3 items are in the right category.")
    assert "“Asking the CSTO for help”: the request went to a Russia-led alliance." in text
    drops[0].value = "closer to Moscow"
    assert _click(view).startswith("✓ Correct — all 3 items")


def test_reflection_is_saved_not_graded(demo: Path) -> None:
    view = kz.exercise("demo.think")
    assert view.check_button.description == "Save"
    assert "Write your answer" in _click(view)
    view.inputs[0].value = "Many partners"
    assert "2 words" in view.controls.count.value  # live word count
    text = _click(view)
    assert text.startswith("✓ Saved — 2 words. Aim for at least 5 words")
    assert "Several partners, none dominant." in text
    assert not _visible(view.answer_button)  # nothing to reveal for a reflection
    assert "Correct" not in text and "Not yet" not in text


def test_show_answer_appears_after_the_set_number_of_tries(demo: Path) -> None:
    view = kz.exercise("demo.share")  # show_answer_after: 2
    assert not _visible(view.answer_button) and not _visible(view.solution)
    assert "40.8" not in view.box.children[0].value  # the answer is not in the question
    view.inputs[0].value = "1"
    _click(view)
    assert not _visible(view.answer_button)
    _click(view)
    assert _visible(view.answer_button) and view.answer_button.description == "Show answer"
    assert not _visible(view.solution)  # never shown unasked
    view.answer_button.click()
    assert _visible(view.solution)
    assert "40.8 %" in view.solution.value and "Imports from Russia divided by all imports." in view.solution.value


def test_default_show_answer_after_three_tries(demo: Path) -> None:
    view = kz.exercise("demo.pick")
    view.inputs[0].value = "SCO"
    for n in range(1, 4):
        _click(view)
        assert _visible(view.answer_button) == (n >= 3)


def test_live_mode_never_shows_a_solution_block(demo: Path) -> None:
    view = kz.exercise("demo.pick")
    assert not view.static
    all_html = " ".join(c.value for c in view.box.children if isinstance(c, w.HTML))
    assert "kz-solution" not in all_html.replace("kz-solution-live", "")
    assert "<details" not in all_html


def test_every_control_has_a_visible_label(demo: Path) -> None:
    for ex in registry.load("demo").exercises:
        view = kz.exercise(ex.ref)
        for control in view.inputs:
            assert control.description.strip(), (ex.ref, control)
        assert view.check_button.description in ("Check", "Save")
        assert view.check_button.tooltip
        assert view.answer_button.description and view.answer_button.tooltip
        # the feedback area is a live region with words, not only colour
        view.check_button.click()
        assert 'role="status"' in view.feedback.value


def test_feedback_words_not_colour(demo: Path) -> None:
    view = kz.exercise("demo.pick")
    view.inputs[0].value = "SCO"
    view.check_button.click()
    assert "Not yet —" in view.feedback.value and "color" not in view.feedback.value


def test_a_broken_checker_never_shows_a_traceback(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kzlesson.exercises import widgets

    view = kz.exercise("demo.pick")
    view.inputs[0].value = "CSTO"

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(widgets.chk, "check", boom)
    view.check_button.click()
    assert "Something went wrong while checking" in view.feedback.value
    assert "Traceback" not in view.feedback.value


def test_unwritable_answers_folder_still_gives_feedback(demo: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    view = ExerciseView(registry.get("demo.pick"), AnswerStore(blocker / "answers"), static=False)
    view.inputs[0].value = "CSTO"
    text = _click(view)
    assert text.startswith("✓ Correct")
    assert "could not be saved" in text


@pytest.mark.parametrize("first", [False, True])
def test_save_before_feedback_only_where_the_store_asks(demo: Path, tmp_path: Path, first: bool) -> None:
    """Natively the feedback shows before the save; in the live book (``save_before_feedback``,
    True under Pyodide) the save comes first, so a reload right after the feedback loses nothing."""
    store = AnswerStore(tmp_path / "answers")
    store.save_before_feedback = first
    view = ExerciseView(registry.get("demo.pick"), store, static=False)
    seen_at_save: list[str] = []
    record = store.record

    def spy(*args: object, **kwargs: object) -> dict:
        seen_at_save.append(_text(view))
        return record(*args, **kwargs)

    store.record = spy  # type: ignore[method-assign]
    view.inputs[0].value = "CSTO"
    assert _click(view).startswith("✓ Correct")
    assert len(seen_at_save) == 1
    assert (seen_at_save[0] == "") is first, seen_at_save  # the feedback was not yet shown iff saved first
    assert AnswerStore(store.folder).get("demo.pick")["answer"] == ["CSTO"]


def test_static_mode_shows_controls_note_and_collapsed_solution(
    demo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KZLESSON_RENDER", "static")
    answers = Path(__import__("os").environ["KZLESSON_ANSWERS_DIR"])
    for ex in registry.load("demo").exercises:
        view = kz.exercise(ex.ref)
        assert view.static and view.inputs  # the question and controls are still there
        assert view.check_button.disabled
        block = view.static_html()
        # the "needs a live notebook" note is said once per chapter by the book build, not here
        assert "live notebook" not in block
        assert re.search(r'<details class="kz-solution"><summary>(Solution|Guidance)</summary>', block)
        assert "<details open" not in block
        view.check_button.click()  # does nothing harmful
    pick = kz.exercise("demo.pick").static_html()
    assert "CSTO" in pick and "The CSTO sent a peacekeeping contingent." in pick
    order = kz.exercise("demo.order").static_html()
    assert "<ol><li>January unrest</li><li>Invasion of Ukraine</li>" in order
    kz.set_student("Static Reader")
    assert not answers.exists() or not any(answers.iterdir())  # nothing written while the book builds


def test_static_mode_displays_question_as_html_then_widget_then_solution(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import IPython.display

    monkeypatch.setenv("KZLESSON_RENDER", "static")
    shown: list[object] = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **_k: shown.extend(objs))
    view = kz.exercise("demo.money")
    view._ipython_display_()
    assert isinstance(shown[0], IPython.display.HTML) and 'class="kz-ex-static"' in shown[0].data
    assert "kz-solution" not in shown[0].data  # the question only: the answer stays folded below
    assert shown[1] is view.box
    assert isinstance(shown[2], IPython.display.HTML) and "kz-solution" in shown[2].data
    assert "24.2 USD bn" in shown[2].data


def test_every_repository_exercise_renders_live_and_static(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chapter files (whatever has landed): each builds, a blank Check is handled, the solution renders."""
    from kzlesson.exercises import validate_all

    chapters = validate_all()
    for static in (False, True):
        if static:
            monkeypatch.setenv("KZLESSON_RENDER", "static")
        for chapter in chapters:
            for ex in chapter.exercises:
                view = kz.exercise(ex.ref)
                assert view.static is static
                assert all(c.description for c in view.inputs), ex.ref
                view.check_button.click()
                if not static and ex.kind in ("choice", "numeric", "classification", "reflection"):
                    assert "first" in _text(view) or "every item" in _text(view), ex.ref
                block = view.static_html()
                assert "<details class=\"kz-solution\">" in block
                if ex.kind == "numeric":
                    assert str(ex.unit) in block


def test_show_answer_after_zero_offers_it_at_once(demo: Path) -> None:
    path = demo / "data" / "exercises" / "demo.yml"
    text = path.read_text(encoding="utf-8").replace("show_answer_after: 2", "show_answer_after: 0")
    path.write_text(text, encoding="utf-8")
    view = kz.exercise("demo.share")
    assert _visible(view.answer_button) and not _visible(view.solution)


def test_show_answer_never(demo: Path) -> None:
    path = demo / "data" / "exercises" / "demo.yml"
    text = path.read_text(encoding="utf-8").replace("show_answer_after: 2", "show_answer_after: false")
    path.write_text(text, encoding="utf-8")
    view = kz.exercise("demo.share")
    view.inputs[0].value = "1"
    for _ in range(6):
        view.check_button.click()
    assert not _visible(view.answer_button)


def test_computed_answer_is_shown_as_precise_as_its_tolerance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kzlesson.paths
    from kzlesson.exercises.check import answer_text, check
    from kzlesson.exercises.spec import load_chapter

    monkeypatch.setattr(kzlesson.paths, "demo_share", lambda: 40.81234, raising=False)
    path = tmp_path / "c.yml"
    path.write_text(
        "chapter: c\nexercises:\n  - id: c\n    kind: numeric\n    question: q\n    explanation: e\n"
        '    computed: "kzlesson.paths:demo_share"\n    tolerance: 0.5\n    unit: "%"\n',
        encoding="utf-8",
    )
    ex = load_chapter(path).get("c")
    assert answer_text(ex) == ["The answer: 40.8 % (answers within ±0.5 % count as right)"]
    assert check(ex, "41").message == "Correct — the answer is 40.8 %, and yours is close enough."


def test_markdown_in_choices_is_shown_as_text_but_kept_as_the_answer(tmp_path: Path) -> None:
    from kzlesson.exercises.spec import parse_chapter

    chapter = parse_chapter(
        {"chapter": "md", "exercises": [{"id": "m", "kind": "choice", "question": "q", "explanation": "e",
                                         "choices": [{"text": "The **CSTO**", "correct": True},
                                                     {"text": "The {term}`SCO`", "correct": True},
                                                     {"text": "NATO"}]}]},
        path="md.yml",
    )
    view = ExerciseView(chapter.get("m"), AnswerStore(tmp_path / "answers"), static=False)
    assert [b.description for b in view.inputs] == ["The CSTO", "The SCO", "NATO"]
    view.inputs[0].value = view.inputs[1].value = True
    assert view.answer() == ["The **CSTO**", "The {term}`SCO`"]
    assert _click(view).startswith("✓ Correct")


def test_every_repository_exercise_is_solvable_with_its_own_answer() -> None:
    """Typing the shown answer into each chapter exercise earns 'Correct' (content and engine agree)."""
    from kzlesson.exercises import validate_all
    from kzlesson.exercises.check import answer_text

    for chapter in validate_all():
        for ex in chapter.exercises:
            view = kz.exercise(ex.ref)
            if ex.kind == "choice":
                view.set_answer([c.text for c in ex.choices if c.correct])
            elif ex.kind == "numeric":
                shown = answer_text(ex)[0].split(": ", 1)[1].split(" (")[0]  # e.g. "40.8 %"
                view.set_answer(shown)
            elif ex.kind == "ordering":
                view.set_answer(list(ex.items))
            elif ex.kind == "classification":
                view.set_answer({it.text: it.category for it in ex.class_items})
            elif ex.kind == "source-evaluation":
                view.set_answer({**{c.name: c.right.text for c in ex.criteria}, "verdict": "A short judgement of several words."})
            else:
                view.set_answer("A short reflection of several words.")
            text = _click(view)
            expected = "✓ Saved" if ex.kind == "reflection" else "✓ Correct"
            assert text.startswith(expected), (ex.ref, text)
