"""Judgement exercises, driven as a student would: rubrics after saving, defended alternatives,
and the source-evaluation kind (right, wrong and odd answers; restore; static book; hand-in)."""

from __future__ import annotations

import csv
import json
import re
import textwrap
from pathlib import Path
from typing import Iterator

import pytest

import kzlesson as kz
from kzlesson.exercises import ExerciseView, registry
from kzlesson.exercises.check import check
from kzlesson.exercises.report import build_export, collect_hand_ins, exercise_frame
from kzlesson.exercises.spec import ExerciseSpecError, parse_chapter
from kzlesson.exercises.store import AnswerStore, current_store, reset_store
from tests.test_exercises_fixtures import exercise_data, write_demo

LEVELS = textwrap.indent(textwrap.dedent("""\
    rubric:
      - {level: "Beginning", descriptor: "Names a fact only.", example: "Oil matters."}
      - {level: "Developing", descriptor: "One side, with a fact.", example: "The CPC crosses Russia."}
      - {level: "Secure", descriptor: "Both sides, each with a dated source.", example: "Shared owners; a court order in July 2022."}
    """), "    ")

CRITERIA = textwrap.indent(textwrap.dedent("""\
    criteria:
      provenance:
        question: "Who made it?"
        choices:
          - {text: "No author is named", correct: true, feedback: "yes, unsigned."}
          - {text: "A minister", feedback: "no minister is named anywhere."}
      purpose:
        question: "Why?"
        choices:
          - {text: "To argue a case", correct: true, feedback: "its headline is its thesis."}
          - {text: "To report news", feedback: "it argues; it does not report one day."}
      audience:
        question: "For whom?"
        choices:
          - {text: "Outside readers", correct: true}
          - {text: "Military planners", feedback: "that is another paper's readership."}
      corroboration:
        question: "Does it check out?"
        choices:
          - {text: "Partly", correct: true, feedback: "some facts match, some do not."}
          - {text: "Fully", feedback: "agreement in tone is not corroboration."}
    """), "    ")

JUDGEMENT_YAML = f"""\
chapter: judge
exercises:
  - id: reflect
    kind: reflection
    question: "Asset or constraint?"
    min_words: 5
    guidance: "Both sides."
{LEVELS}
  - id: tag
    kind: classification
    defensible: true
    question: "Closer or more distant?"
    categories: ["closer to Moscow", "more distant from Moscow"]
    items:
      - {{text: "Asking the CSTO for troops", category: "closer to Moscow", feedback: "a Moscow-led force was called in."}}
      - {{text: "Xi Jinping's visit", category: "more distant from Moscow", feedback: "the module reads it as another partner's backing."}}
    explanation: "The tags are the module's judgement."
  - id: turn
    kind: choice
    defensible: true
    question: "When did the course turn?"
    choices:
      - {{text: "June", feedback: "a striking but single signal."}}
      - {{text: "September", correct: true, feedback: "the most 'more distant' events fall here."}}
    explanation: "September."
  - id: evaluate
    kind: source-evaluation
    question: "Judge the blog post."
    source: {{author: "no author named", title: "A Realignment", publisher: "a blog", date: "late 2022", url: "https://example.org/post"}}
{CRITERIA}
    verdict: "What would you use it for?"
    min_words: 6
{LEVELS}
    explanation: "Use it for its argument; check its facts."
"""

REASON = "The remark beside Putin on 17 June was the first open refusal, <b>in public</b> & **on camera**."


def _text(view: ExerciseView) -> str:
    return re.sub(r"<[^>]+>", "", view.feedback.value)


@pytest.fixture
def judge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from exercise_data(tmp_path, monkeypatch, JUDGEMENT_YAML, stem="judge")


# --------------------------------------------------------------------------- rubrics


def test_rubric_appears_only_after_saving(judge: Path) -> None:
    view = kz.exercise("judge.reflect")
    assert "kz-rubric" not in view.feedback.value  # not before: it must not write the answer
    view.check_button.click()  # empty: not saved
    assert "Write your answer" in _text(view) and "kz-rubric" not in view.feedback.value
    view.inputs[0].value = "The pipeline both protects and exposes Kazakhstan."
    view.check_button.click()
    assert _text(view).startswith("✓ Saved")
    assert "kz-rubric" in view.feedback.value
    for level in ("Beginning", "Developing", "Secure"):
        assert f"<strong>{level}.</strong>" in view.feedback.value
    assert "Example: “Shared owners; a court order in July 2022.”" in view.feedback.value
    levels = re.findall(r"<strong>(\w+)\.</strong>", view.feedback.value)
    assert levels == ["Beginning", "Developing", "Secure"]  # lowest first, in an ordered list


def test_rubric_comes_back_when_the_answer_is_restored(judge: Path) -> None:
    view = kz.exercise("judge.reflect")
    view.inputs[0].value = "Five words are just enough here."
    view.check_button.click()
    reset_store()
    again = kz.exercise("judge.reflect")
    assert again.inputs[0].value == "Five words are just enough here."
    assert "kz-rubric" in again.feedback.value


@pytest.mark.parametrize(
    ("rubric", "expected"),
    [
        ("[{level: A, descriptor: d, example: e}]", "at least 3 levels"),
        ("[{level: A, descriptor: d, example: e}, {level: B, descriptor: d, example: e}, {level: C, descriptor: d}]",
         "level 3 with a non-empty 'example' text"),
        ("[{level: A, descriptor: d, example: e}, {level: A, descriptor: d, example: e}, {level: C, descriptor: d, example: e}]",
         "each level name once"),
        ("[{level: A, descriptor: d, example: e, score: 3}, {level: B, descriptor: d, example: e}, {level: C, descriptor: d, example: e}]",
         "only level, descriptor, example"),
    ],
)
def test_bad_rubrics_are_reported_with_file_exercise_and_key(tmp_path: Path, rubric: str, expected: str) -> None:
    text = f"chapter: bad\nexercises:\n  - id: r\n    kind: reflection\n    question: q\n    rubric: {rubric}\n"
    path = write_demo(tmp_path, text, stem="bad")
    from kzlesson.exercises.spec import load_chapter

    with pytest.raises(ExerciseSpecError) as err:
        load_chapter(path)
    message = str(err.value)
    assert "bad.yml:3: exercise 'r', key 'rubric'" in message and expected in message


def test_static_book_shows_the_rubric_in_the_collapsed_block(judge: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZLESSON_RENDER", "static")
    reset_store()
    view = kz.exercise("judge.reflect")
    html = view.static_html()
    assert '<details class="kz-solution"><summary>Guidance</summary>' in html
    assert "kz-rubric" in html and "Both sides, each with a dated source." in html
    assert view.check_button.disabled


# --------------------------------------------------------------------------- defended alternatives


def test_defended_classification_without_reason_is_not_yet_with_an_invitation(judge: Path) -> None:
    view = kz.exercise("judge.tag")
    drops = view.inputs[:2]
    drops[0].value = "closer to Moscow"
    drops[1].value = "closer to Moscow"
    view.check_button.click()
    text = _text(view)
    assert text.startswith("✗ Not yet — 1 of 2 items is in the right category")
    assert "Disagree with the module on purpose? Write your reason" in text
    assert view.last.status == "partial"


def test_short_reason_is_counted_and_asked_for_more(judge: Path) -> None:
    view = kz.exercise("judge.tag")
    view.inputs[0].value = "closer to Moscow"
    view.inputs[1].value = "closer to Moscow"
    view.inputs[-1].value = "China backs Russia."
    view.check_button.click()
    assert "Your reason has 3 words" in _text(view)
    assert view.last.status == "partial"


def test_reasoned_dissent_is_defended_and_quoted_exactly_beside_the_modules_reason(judge: Path) -> None:
    view = kz.exercise("judge.tag")
    view.inputs[0].value = "closer to Moscow"
    view.inputs[1].value = "closer to Moscow"
    view.inputs[-1].value = REASON
    view.check_button.click()
    text = _text(view)
    assert text.lstrip().startswith("◆ Defended — your answer differs from the module's on 1 item")
    assert "“Xi Jinping's visit”: you chose “closer to Moscow”; the module chose “more distant from Moscow”." in text
    # the module's reason, and the student's words escaped, not rendered (no bold, no tag)
    assert "the module reads it as another partner's backing." in view.feedback.value
    assert "&lt;b&gt;in public&lt;/b&gt; &amp; **on camera**" in view.feedback.value
    assert "<strong>on camera</strong>" not in view.feedback.value
    entry = current_store().get("judge.tag")
    assert entry["status"] == "defended"
    assert entry["answer"] == {"answer": {"Asking the CSTO for troops": "closer to Moscow",
                                          "Xi Jinping's visit": "closer to Moscow"}, "reason": REASON}
    assert "solved" not in view.status.value  # defended is not "right"


def test_defended_answer_restores_and_counts_as_done_not_right(judge: Path) -> None:
    view = kz.exercise("judge.turn")
    view.inputs[0].value = "June"
    view.inputs[-1].value = REASON
    view.check_button.click()
    assert view.last.status == "defended"
    assert "a striking but single signal." in view.feedback.value  # the module's reply to the choice
    assert "the most 'more distant' events fall here." in view.feedback.value  # the module's reason
    reset_store()
    again = kz.exercise("judge.turn")
    assert again.inputs[0].value == "June" and again.inputs[-1].value == REASON
    assert "Defended" in _text(again)
    frame = exercise_frame(current_store(), [registry.load("judge")]).set_index("ref")
    assert bool(frame.loc["judge.turn", "done"]) and not bool(frame.loc["judge.turn", "right"])
    doc = build_export(current_store(), [registry.load("judge")], "test")
    row = next(a for a in doc["answers"] if a["ref"] == "judge.turn")
    assert row["status"] == "defended" and row["answer_text"] == f"June | reason: {REASON}"


def test_defended_verdict_has_its_own_icon_status_and_gradebook_word(judge: Path, tmp_path: Path) -> None:
    view = kz.exercise("judge.turn")
    view.inputs[0].value = "June"
    view.inputs[-1].value = REASON
    view.check_button.click()
    main = view.feedback.value.split('class="kz-feedback-main">', 1)[1]
    assert main.startswith('<span aria-hidden="true">◆</span> Defended'), main[:80]
    assert "Tries: 1 · defended" in view.status.value
    hand_in = tmp_path / "hand_ins" / "dana.json"
    hand_in.parent.mkdir()
    hand_in.write_text(json.dumps(build_export(current_store(), [registry.load("judge")], "Dana")), encoding="utf-8")
    collect_hand_ins(hand_in.parent)
    with (hand_in.parent / "gradebook.csv").open(encoding="utf-8") as f:
        dana = next(csv.DictReader(f))
    assert dana["judge.turn"] == "defended" and dana["solved"] == "0"


def test_right_answer_stays_correct_and_odd_answers_stay_friendly(judge: Path) -> None:
    ex = registry.get("judge.turn")
    assert check(ex, {"answer": ["September"], "reason": ""}).status == "correct"
    assert check(ex, ["September"]).status == "correct"  # saved before the exercise was defensible
    assert check(ex, {"answer": [], "reason": REASON}).status == "invalid"
    for odd in (None, 42, {"answer": 7, "reason": None}, {"reason": "x"}, "Septembre"):
        fb = check(ex, odd)
        assert fb.status in ("invalid", "wrong"), odd
        assert "Traceback" not in fb.text()


def test_defensible_only_on_choice_and_classification() -> None:
    bad = {"chapter": "x", "exercises": [{"id": "n", "kind": "numeric", "question": "?", "answer": 1,
                                          "explanation": "e", "defensible": True}]}
    with pytest.raises(ExerciseSpecError, match="key 'defensible'"):
        parse_chapter(bad)
    bad["exercises"][0] = {"id": "c", "kind": "choice", "question": "?", "explanation": "e", "defensible": "yes",
                           "choices": [{"text": "a", "correct": True}, {"text": "b"}]}
    with pytest.raises(ExerciseSpecError, match="true or false"):
        parse_chapter(bad)


# --------------------------------------------------------------------------- source evaluation


def _answer(view: ExerciseView, picks: dict[str, str], verdict: str) -> None:
    for name, radio in view.controls.radios.items():
        radio.value = picks.get(name)
    view.controls.area.value = verdict


RIGHT = {"provenance": "No author is named", "purpose": "To argue a case", "audience": "Outside readers",
         "corroboration": "Partly"}


def test_source_evaluation_shows_the_source_and_four_questions(judge: Path) -> None:
    view = kz.exercise("judge.evaluate")
    assert "Evaluate a source" in view.question.value
    card = view.controls.card.value
    assert "no author named" in card and "<em>A Realignment</em>" in card and 'href="https://example.org/post"' in card
    labels = [r.description for r in view.controls.radios.values()]
    assert [lbl.split(":")[0] for lbl in labels] == ["1. Provenance", "2. Purpose", "3. Audience", "4. Corroboration"]
    assert all(r.value is None for r in view.controls.radios.values())  # nothing preselected


def test_source_evaluation_right_wrong_and_incomplete(judge: Path) -> None:
    view = kz.exercise("judge.evaluate")
    _answer(view, {"provenance": "A minister"}, "")
    view.check_button.click()
    assert "(3 left)" in _text(view) and view.tries == 0
    _answer(view, RIGHT, "")
    view.check_button.click()
    assert "Write your judgement in the last box" in _text(view) and view.tries == 0
    _answer(view, {**RIGHT, "provenance": "A minister", "audience": "Military planners"}, "I would use it for its argument only.")
    view.check_button.click()
    text = _text(view)
    assert text.startswith("✗ Not yet — 2 of 4 parts are right.")
    assert "Provenance: no minister is named anywhere." in text and "Audience: that is another paper's readership." in text
    assert "kz-rubric" in view.feedback.value  # the verdict was written, so the levels are shown
    _answer(view, RIGHT, "Short.")
    view.check_button.click()
    text = _text(view)
    assert text.startswith("✓ Correct — all four parts are right.")
    assert "Your judgement has 1 words; aim for at least 6" in text
    assert view.tries == 2 and "solved" in view.status.value
    entry = current_store().get("judge.evaluate")
    assert entry["status"] == "correct" and entry["answer"]["verdict"] == "Short."


def test_source_evaluation_restores_and_exports(judge: Path) -> None:
    view = kz.exercise("judge.evaluate")
    _answer(view, RIGHT, "Use it for its argument, and check each fact first.")
    view.check_button.click()
    reset_store()
    again = kz.exercise("judge.evaluate")
    assert again.controls.radios["purpose"].value == "To argue a case"
    assert again.controls.area.value.startswith("Use it for its argument")
    doc = build_export(current_store(), [registry.load("judge")], "test")
    row = next(a for a in doc["answers"] if a["ref"] == "judge.evaluate")
    assert row["answer_text"].startswith("provenance → No author is named; purpose → To argue a case")
    assert row["answer_text"].endswith("verdict → Use it for its argument, and check each fact first.")


def test_source_evaluation_odd_answers_never_raise(judge: Path) -> None:
    ex = registry.get("judge.evaluate")
    for odd in (None, "Partly", ["Partly"], {"provenance": 3}, {**RIGHT, "verdict": 12}, {**RIGHT, "purpose": "to argue a case"}):
        fb = check(ex, odd)
        assert fb.status == "invalid", odd


def test_source_evaluation_in_the_static_book(judge: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZLESSON_RENDER", "static")
    reset_store()
    view = kz.exercise("judge.evaluate")
    html = view.static_html()
    assert '<details class="kz-solution"><summary>Solution</summary>' in html
    for line in ("Provenance: No author is named", "Corroboration: Partly", "<em>A Realignment</em>", "kz-rubric"):
        assert line in html
    assert "Judge the blog post." in view.question.value
    assert view.check_button.disabled


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace("      corroboration:", "      corroborashun:"), "exactly the four criteria"),
        (lambda t: t.replace('{text: "Fully", feedback', '{text: "Fully", correct: true, feedback'), "exactly one choice"),
        (lambda t: t.replace('url: "https://example.org/post"', 'url: "example.org"'), "https://"),
        (lambda t: t.replace('title: "A Realignment", ', ""), "at least 'title' and 'date'"),
    ],
)
def test_bad_source_evaluations_are_reported(tmp_path: Path, change, expected: str) -> None:
    path = write_demo(tmp_path, change(JUDGEMENT_YAML), stem="judge")
    from kzlesson.exercises.spec import load_chapter

    with pytest.raises(ExerciseSpecError) as err:
        load_chapter(path)
    assert "exercise 'evaluate'" in str(err.value) and expected in str(err.value)


def test_store_accepts_the_new_statuses_after_reload(tmp_path: Path) -> None:
    store = AnswerStore(tmp_path)
    store.record("judge.tag", kind="classification", answer={"answer": {"a": "b"}, "reason": "r"}, status="defended")
    assert AnswerStore(tmp_path).get("judge.tag")["status"] == "defended"


def test_source_evaluation_choices_are_shuffled_the_same_way_every_run(judge: Path) -> None:
    from kzlesson.exercises.source_eval import SourceEvalControls

    ex = registry.get("judge.evaluate")
    first = [[o[1] for o in r.options] for r in SourceEvalControls(ex).radios.values()]
    again = [[o[1] for o in r.options] for r in SourceEvalControls(ex).radios.values()]
    assert first == again
    rights = [c.right.text for c in ex.criteria]
    assert sorted(map(sorted, first)) == sorted(sorted(ch.text for ch in c.choices) for c in ex.criteria)
    assert [opts[0] for opts in first] != rights or len(rights) < 2  # not every right answer on top
