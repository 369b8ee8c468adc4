"""Issue 16: what an adversarial student types is quoted exactly, read forgivingly and answered in
plain English; hints survive a restart; damaged or misplaced answer files get honest messages."""

from __future__ import annotations

import html
import json
import re
import tempfile
from pathlib import Path

import pytest

import kzlesson as kz
from kzlesson.exercises import registry
from kzlesson.exercises.check import CORRECT, INVALID, PARTIAL, WRONG, check, feedback_html
from kzlesson.exercises.parse import read_number
from kzlesson.exercises.spec import Exercise
from kzlesson.exercises.store import AnswerStore, reset_store
from kzlesson.exercises.widgets import ExerciseView
from tests.test_exercises_fixtures import demo  # noqa: F401 - fixture

# what students typed that Markdown would turn into formatting, links or code
MARKDOWN_INPUTS = ["**5**", "[click me](https://example.org)", "`rm -rf`", "_5_", "*5*", "__init__", "a_b_c",
                   "{term}`CSTO`", "5 **bold** pp", "<b>5</b>", "it's 'quoted' \\ back"]


def _shown_text(markup: str) -> str:
    """The text a reader sees in the feedback HTML (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def _events() -> Exercise:
    return Exercise("demo", "events", "numeric", "How many?", "Count.", answer=7.0, unit="events")


def _years() -> Exercise:
    return Exercise("demo", "years", "numeric", "How long?", "Years.", answer=34.8, tolerance=0.1, unit="years")


def _percent(answer: float = 34.2, mistakes: tuple = ()) -> Exercise:
    return Exercise("demo", "pct", "numeric", "Share?", "Share.", answer=answer, tolerance=0.1, unit="%",
                    mistakes=mistakes)


# --------------------------------------------------------------------------- 1. quoted exactly


@pytest.mark.parametrize("typed", MARKDOWN_INPUTS)
def test_numeric_feedback_quotes_the_input_exactly_as_plain_text(demo: Path, typed: str) -> None:
    for ref in ("demo.share", "demo.money"):
        fb = check(registry.get(ref), typed)
        markup = feedback_html(fb)
        assert "<strong>" not in markup and "<em>" not in markup and "<code>" not in markup, markup
        assert "<a " not in markup and "<b>" not in markup, markup
        if fb.status == INVALID and ("could not read" in fb.message or "but not" in fb.message):
            # the part quoted is exactly what was typed (or the part of it after the number)
            quoted = re.search(r"'(.*)'", fb.message)
            assert quoted and quoted.group(1) in typed.strip().lower() + typed.strip(), fb.message
            assert quoted.group(1) in _shown_text(markup), markup


def test_the_quote_is_not_a_python_repr() -> None:
    fb = check(_percent(), "it's")
    assert "'it's'" in fb.message and '"it\'s"' not in fb.message
    assert "'a\\b'" in check(_percent(), "a\\b").message  # one backslash, as typed


def test_unknown_choice_is_quoted_as_plain_text(demo: Path) -> None:
    fb = check(registry.get("demo.multi"), ["CSTO", "**NATO**"])
    assert fb.status == INVALID and "'**NATO**'" in fb.message
    assert "<strong>" not in feedback_html(fb)


def test_restored_feedback_is_plain_too(demo: Path) -> None:
    store = AnswerStore(tempfile.mkdtemp())
    view = ExerciseView(registry.get("demo.share"), store)
    view.inputs[0].value = "**5** pp"
    view.check_button.click()
    again = ExerciseView(registry.get("demo.share"), AnswerStore(store.folder))
    assert "<strong>5</strong>" not in view.feedback.value + again.feedback.value


# --------------------------------------------------------------------------- 2. percent reading


def test_a_trailing_full_stop_is_not_read_as_points() -> None:
    fb = check(_percent(), "34.2%.")
    assert fb.status == CORRECT and fb.note == ""
    assert check(_percent(), "34.2.").status == CORRECT
    assert read_number("2.9 p.p.", "percentage points").value == 2.9


def test_a_fraction_without_its_leading_zero() -> None:
    assert read_number(".342", "%").value == pytest.approx(0.342)
    fb = check(_percent(), ".342")
    assert fb.status == CORRECT and "as a fraction" in fb.note
    hinted = _percent(mistakes=())
    assert check(hinted, "0.342").status == check(hinted, ".342").status
    assert read_number("-.5", "").value == -0.5


def test_a_value_read_both_ways_says_so() -> None:
    fb = check(_percent(), "0.5")  # 0.5 % is too low; as a fraction, 50 %, too high
    assert fb.status == WRONG
    assert "0.5 %" in fb.message and "50 %" in fb.message
    assert "too low" in fb.message and "too high" in fb.message
    both_low = check(_percent(answer=80.0), "0.5")
    assert "both are too low" in both_low.message


def test_points_spelled_out_count_like_pp() -> None:
    assert check(_percent(), "34.2 points").status == CORRECT
    assert check(_percent(), "34.2 points").note == check(_percent(), "34.2 pp").note != ""
    assert "not 'points'" in read_number("5 points", "events").error  # points are no count of events


# --------------------------------------------------------------------------- 3. units that do not fit


@pytest.mark.parametrize("typed", ["$5", "USD 5", "5 USD", "5$", "US$ 5"])
def test_money_for_a_count_is_rejected_with_the_unit_named(typed: str) -> None:
    fb = check(_events(), typed)
    assert fb.status == INVALID and not fb.counts_as_try
    assert "number of events, not an amount of money" in fb.message


def test_money_for_years_is_rejected_and_money_for_money_still_works(demo: Path) -> None:
    assert "number of years, not an amount of money" in check(_years(), "$34.8").message
    assert check(registry.get("demo.money"), "$24.2 billion").status == CORRECT
    assert check(_events(), "7").status == CORRECT and check(_events(), "7 events").status == CORRECT


# --------------------------------------------------------------------------- 4. ticks in English


def test_tick_counts_are_proper_english(demo: Path) -> None:
    multi = registry.get("demo.multi")  # right: CSTO and SCO
    assert check(multi, ["NATO"]).message == "Not yet — your one tick is not right; 2 right answers are still missing."
    assert check(multi, ["CSTO"]).message == "Not yet — your one tick is right; 1 right answer is still missing."
    assert check(multi, ["CSTO", "SCO", "NATO"]).message == "Not yet — 2 of your 3 ticks are right."
    assert "of your 1 ticks" not in check(multi, ["SCO"]).message


# --------------------------------------------------------------------------- 5. hints after a restart


def test_hint_comes_back_after_a_restart(demo: Path) -> None:
    store = AnswerStore(tempfile.mkdtemp())
    view = ExerciseView(registry.get("demo.share"), store)
    for wrong in ("30", "31"):
        view.inputs[0].value = wrong
        view.check_button.click()
    assert "Then multiply by 100." in view.feedback.value
    restarted = ExerciseView(registry.get("demo.share"), AnswerStore(store.folder))
    assert "Then multiply by 100." in restarted.feedback.value
    assert 'class="kz-hint"' in restarted.feedback.value


def test_no_hint_comes_back_for_a_solved_exercise(demo: Path) -> None:
    store = AnswerStore(tempfile.mkdtemp())
    view = ExerciseView(registry.get("demo.share"), store)
    for answer in ("30", "40.8"):
        view.inputs[0].value = answer
        view.check_button.click()
    restarted = ExerciseView(registry.get("demo.share"), AnswerStore(store.folder))
    assert "Correct" in restarted.feedback.value and "kz-hint" not in restarted.feedback.value


# --------------------------------------------------------------------------- 6. check_answer input


def test_single_choice_rejects_a_dict_and_unknown_choices(demo: Path) -> None:
    single = registry.get("demo.pick")
    fb = kz.exercises.check_answer(single, {"CSTO": True})
    assert fb.status == INVALID and "one choice's text" in fb.message
    mixed = kz.exercises.check_answer(single, ["CSTO", "Warsaw Pact"])
    assert mixed.status == INVALID and "'Warsaw Pact' is not one of the choices" in mixed.message
    multi = registry.get("demo.multi")
    assert check(multi, {"CSTO": 1, "SCO": 1}).status == INVALID
    assert check(multi, ["CSTO", "SCO", "Warsaw Pact"]).status == INVALID
    assert check(multi, ["CSTO", 5]).status == INVALID
    assert check(single, ["CSTO"]).status == CORRECT and check(multi, ["CSTO"]).status == PARTIAL


# --------------------------------------------------------------------------- 7. damaged files


def test_total_loss_does_not_claim_a_fresh_file(tmp_path: Path) -> None:
    (tmp_path / "answers-student.json").write_text("\x00\x01 not json at all", encoding="utf-8")
    store = AnswerStore(tmp_path)
    notice = " ".join(store.take_notices())
    assert "fresh file" not in notice and "are safe" not in notice
    assert "none of its answers could be read" in notice and "damaged-" in notice
    assert not (tmp_path / "answers-student.json").exists()  # as the notice says: no new file yet
    assert list(tmp_path.glob("answers-student.damaged-*.json"))


def test_partial_loss_names_the_new_file_that_was_written(tmp_path: Path) -> None:
    good = {"kind": "numeric", "answer": "2", "status": "correct", "tries": 1}
    (tmp_path / "answers-student.json").write_text(
        '{"answers": {"demo.share": ' + json.dumps(good) + ', "demo.pick": {"tries": -3', encoding="utf-8")
    store = AnswerStore(tmp_path)
    notice = " ".join(store.take_notices())
    assert "1 answer could be read and is safe in a new answers-student.json" in notice
    assert json.loads((tmp_path / "answers-student.json").read_text())["answers"]["demo.share"]["answer"] == "2"


def test_a_file_where_the_answers_folder_should_be(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = demo / "kzlesson-answers"
    blocker.write_text("I am a file", encoding="utf-8")
    monkeypatch.setenv("KZLESSON_ANSWERS_DIR", str(blocker))
    reset_store()
    view = kz.exercise("demo.pick")
    notice = _shown_text(view.notice.value)
    assert "is a file, not a folder" in notice and str(blocker) in notice
    assert "set your name again" not in notice and "KZLESSON_ANSWERS_DIR" in notice
    said = repr(kz.set_student("Aigerim"))
    assert "is a file, not a folder" in said and "Hello" not in said
    view.inputs[0].value = "CSTO"
    view.check_button.click()
    assert "Correct" in view.feedback.value  # the feedback still comes
    assert "is a file, not a folder" in _shown_text(view.feedback.value)
    assert blocker.read_text(encoding="utf-8") == "I am a file"  # nothing overwritten


# --------------------------------------------------------------------------- 12. gradebook CSV


def test_collect_hand_ins_writes_a_gradebook_csv(demo: Path, tmp_path: Path) -> None:
    import csv

    from kzlesson.exercises import collect_hand_ins

    inbox = tmp_path / "inbox"
    kz.set_student("Dana")
    view = kz.exercise("demo.share")
    for typed in ("30", "31", "32"):
        view.inputs[0].value = typed
        view.check_button.click()
    kz.export_answers(inbox / "dana-old.json")
    pick = kz.exercise("demo.pick")
    pick.inputs[0].value = "CSTO"
    pick.check_button.click()
    kz.export_answers(inbox / "dana.json")  # the later hand-in counts
    kz.set_student("Aigerim")
    think = kz.exercise("demo.think")
    think.inputs[0].value = "Several partners and none of them dominant at all"
    think.check_button.click()
    kz.export_answers(inbox / "aigerim.json")
    table = collect_hand_ins(inbox)
    path = table.attrs["gradebook"]
    assert path == inbox / "gradebook.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["student"] for r in rows] == ["Aigerim", "Dana"]  # one row per student
    header = list(rows[0])
    assert header[:2] == ["student", "solved"] and "demo.share" in header and "demo.order" in header
    dana, aigerim = rows[1], rows[0]
    assert dana["demo.share"] == "3" and dana["demo.pick"] == "solved" and dana["solved"] == "1"
    assert dana["demo.order"] == "0" and aigerim["demo.think"] == "saved"
    assert collect_hand_ins(inbox, gradebook=False).attrs["gradebook"] is None
    again = collect_hand_ins(inbox, gradebook=tmp_path / "out" / "marks.csv")
    assert again.attrs["gradebook"].is_file() and len(again) == len(table)  # the CSV is not read as a hand-in


def test_ordering_never_quotes_foreign_text_as_markdown(demo: Path) -> None:
    ex = registry.get("demo.order")
    fb = check(ex, ["**x**"] * len(ex.items))
    assert fb.status == INVALID and "**x**" not in fb.message and "<strong>" not in feedback_html(fb)


def test_adversarial_sweep_over_every_real_exercise() -> None:
    """Every exercise of the module, every Markdown-looking input: nothing typed becomes formatting."""
    registry.clear_cache()
    chapters = registry.all_chapters()
    checked = 0
    for chapter in chapters:
        for ex in chapter.exercises:
            answers: list[object] = []
            if ex.kind == "numeric":
                answers = MARKDOWN_INPUTS
            elif ex.kind == "choice":
                answers = [[t] for t in MARKDOWN_INPUTS] + [[ex.choices[0].text, t] for t in MARKDOWN_INPUTS]
            elif ex.kind == "ordering":
                answers = [[t] * len(ex.items) for t in MARKDOWN_INPUTS]
            elif ex.kind == "classification":
                answers = [{it.text: t for it in ex.class_items} for t in MARKDOWN_INPUTS]
            for answer in answers:
                markup = feedback_html(check(ex, answer))
                for typed in MARKDOWN_INPUTS:
                    inner = re.sub(r"[*_`\[\]]", "", typed).strip()
                    for tag in ("strong", "em", "code"):
                        assert f"<{tag}>{html.escape(inner, quote=False)}</{tag}>" not in markup or inner == "", (
                            ex.ref, answer, markup)
                assert "example.org" not in markup or "&lt;" in markup or "<a " not in markup, (ex.ref, markup)
                checked += 1
    assert checked > 300
    registry.clear_cache()
