"""Progress summaries and the hand-in export."""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path

import pandas as pd

import kzlesson as kz
from kzlesson.exercises import progress_frame
from tests.test_exercises_fixtures import demo  # noqa: F401 - fixture


def _do(ref: str, *values: object) -> None:
    view = kz.exercise(ref)
    for value in values:
        view.inputs[0].value = value
        view.check_button.click()


def test_progress_counts_done_right_and_tries(demo: Path) -> None:
    _do("demo.share", "12.1", "40.8")  # 2 tries, right
    _do("demo.pick", "SCO")  # 1 try, wrong
    _do("demo.think", "Some thoughts here")  # saved
    prog = kz.progress()
    row = prog.table.set_index("chapter").loc["demo"]
    assert (row.exercises, row.done, row.right, row.tries) == (7, 3, 1, 4)
    ex = prog.exercises.set_index("ref")
    assert ex.loc["demo.share", "status"] == "correct" and ex.loc["demo.share", "tries"] == 2
    assert ex.loc["demo.order", "status"] == "not tried" and not ex.loc["demo.order", "done"]
    html = prog._repr_html_()
    assert "<caption>" in html and '<th scope="row">demo</th><td>7</td><td>3</td><td>1</td><td>4</td>' in html
    assert isinstance(progress_frame(), pd.DataFrame)


def test_progress_with_nothing_done(demo: Path) -> None:
    prog = kz.progress()
    assert prog.table.loc[0, "done"] == 0 and prog.table.loc[0, "tries"] == 0
    assert "Progress for student" in prog._repr_html_()


def test_export_writes_json_and_html_with_time_and_version(demo: Path) -> None:
    kz.set_student("Aigerim")
    _do("demo.share", "12.1", "40.8")
    _do("demo.think", "Kazakhstan balances <b>several</b> partners")
    view = kz.exercise("demo.order")
    view.set_answer(list(reversed(view.ex.items)))
    view.check_button.click()
    result = kz.export_answers()
    assert result.json_path is not None and result.html_path is not None
    assert result.json_path.parent == Path(os.environ["KZLESSON_ANSWERS_DIR"])
    assert result.json_path.name.startswith("kzlesson-hand-in-aigerim-")
    assert result.html_path == result.json_path.with_suffix(".html")
    doc = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert doc["format"] == "kzlesson-hand-in"
    assert doc["student"] == "Aigerim"
    assert doc["kzlesson_version"] == kz.__version__
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", doc["exported_at"])
    answers = {a["ref"]: a for a in doc["answers"]}
    assert answers["demo.share"]["answer"] == "40.8" and answers["demo.share"]["status"] == "correct"
    assert answers["demo.share"]["tries"] == 2 and answers["demo.share"]["first_correct_try"] == 2
    assert "imports" in answers["demo.share"]["question"]
    assert answers["demo.think"]["status"] == "saved"
    assert answers["demo.order"]["answer_text"].startswith("1. ")
    assert "demo.pick" in doc["not_tried"]
    assert doc["summary"][0]["chapter"] == "demo"
    report = result.html_path.read_text(encoding="utf-8")
    assert "Aigerim" in report and kz.__version__ in report
    assert "&lt;b&gt;several&lt;/b&gt;" in report  # a student's text is escaped
    # download links carry the same document
    shown = result._repr_html_()
    payload = re.search(r'href="data:application/json;base64,([^"]+)"', shown).group(1)
    assert json.loads(base64.b64decode(payload))["answers"] == doc["answers"]
    assert str(result.json_path) in shown


def test_export_to_a_chosen_path(demo: Path, tmp_path: Path) -> None:
    _do("demo.pick", "CSTO")
    result = kz.export_answers(tmp_path / "handin" / "my-answers")
    assert result.json_path == tmp_path / "handin" / "my-answers.json"
    assert result.html_path is not None and result.html_path.is_file()
    assert json.loads(result.json_path.read_text())["answers"][0]["ref"] == "demo.pick"


def test_progress_and_export_survive_a_broken_exercise_file(demo: Path) -> None:
    _do("demo.pick", "CSTO")
    (demo / "data" / "exercises" / "zz.yml").write_text("chapter: zz\nexercises: [oops\n", encoding="utf-8")
    prog = kz.progress()
    assert "zz.yml could not be read" in prog._repr_html_()
    assert list(prog.table["chapter"]) == ["demo"]
    result = kz.export_answers()
    assert result.json_path is not None and result.json_path.is_file()


def test_export_to_an_unwritable_place_gives_a_message(demo: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = kz.export_answers(blocker / "sub" / "answers.json")
    assert result.json_path is None and "could not be exported" in repr(result)


def test_chapters_are_named_and_ordered_like_the_book(demo: Path) -> None:
    from kzlesson.exercises.report import chapter_title
    from tests.test_exercises_fixtures import write_demo

    assert chapter_title("trade") == "4. Trade dependence"
    text = "chapter: multivector\ntitle: \"1. Vectors\"\nexercises:\n  - {id: a, kind: numeric, question: q, explanation: e, answer: 1}\n"
    write_demo(demo, text, stem="multivector")
    table = kz.progress().table
    assert list(table["chapter"]) == ["multivector", "demo"]  # book order first, others after
    assert list(table["title"]) == ["1. Vectors", "demo"]


def test_export_warns_on_temporary_sessions(demo: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _do("demo.pick", "CSTO")
    for key in [k for k in os.environ if k.startswith("BINDER_")]:
        monkeypatch.delenv(key)
    assert "temporary session" not in kz.export_answers()._repr_html_()
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    assert "temporary session" in kz.export_answers()._repr_html_()


def test_teacher_collects_hand_ins_into_one_table(demo: Path, tmp_path: Path) -> None:
    from kzlesson.exercises import collect_hand_ins

    inbox = tmp_path / "inbox"
    kz.set_student("Aigerim")
    _do("demo.share", "40.8")
    kz.export_answers(inbox / "aigerim.json")
    kz.set_student("Dana")
    _do("demo.pick", "SCO", "CSTO")
    kz.export_answers(inbox / "dana.json")
    (inbox / "notes.json").write_text("{}", encoding="utf-8")
    (inbox / "broken.json").write_text("{", encoding="utf-8")
    table = collect_hand_ins(inbox)
    by = table.set_index(["student", "ref"])
    assert by.loc[("Aigerim", "demo.share"), "status"] == "correct"
    assert by.loc[("Dana", "demo.pick"), "tries"] == 2
    assert ("Dana", "demo.share") not in by.index  # one student's answers never move to another
    assert sorted(table.attrs["problems"]) == ["broken.json: could not be read (JSONDecodeError)",
                                               "notes.json: not a kzlesson hand-in file"]
