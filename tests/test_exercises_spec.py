"""Exercise files are validated on load: each problem names the file, the exercise and the key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import kzlesson
from kzlesson.errors import DataError
from kzlesson.exercises import registry, validate_all
from kzlesson.exercises.spec import ExerciseSpecError, load_chapter
from kzlesson.paths import data_dir
from tests.test_exercises_fixtures import DEMO_YAML, demo  # noqa: F401 - fixture

HEAD = "chapter: bad\nexercises:\n"


def _load(tmp_path: Path, body: str, stem: str = "bad") -> None:
    path = tmp_path / f"{stem}.yml"
    path.write_text(HEAD.replace("bad", stem) + textwrap.dedent(body), encoding="utf-8")
    load_chapter(path)


def _error(tmp_path: Path, body: str) -> ExerciseSpecError:
    with pytest.raises(ExerciseSpecError) as info:
        _load(tmp_path, body)
    err = info.value
    assert isinstance(err, DataError)
    assert "bad.yml" in str(err)
    return err


CASES = {
    "missing numeric answer": (
        """\
        - id: no-answer
          kind: numeric
          question: "How much?"
          explanation: "..."
        """,
        "no-answer", "answer", "missing",
    ),
    "choice without a correct one": (
        """\
        - id: no-right
          kind: choice
          question: "Which?"
          explanation: "..."
          choices: [{text: "A"}, {text: "B"}]
        """,
        "no-right", "choices", "answer is missing",
    ),
    "answer not among the choices": (
        """\
        - id: stray
          kind: choice
          question: "Which?"
          explanation: "..."
          answer: "C"
          choices: [{text: "A", correct: true}, {text: "B"}]
        """,
        "stray", "answer", "a text among the choices",
    ),
    "unknown kind": (
        """\
        - id: odd
          kind: essay
          question: "Write"
        """,
        "odd", "kind", "one of choice, numeric",
    ),
    "category not in categories": (
        """\
        - id: cats
          kind: classification
          question: "Sort"
          explanation: "..."
          categories: ["closer", "distant"]
          items:
            - {text: "one", category: "closer"}
            - {text: "two", category: "neutral"}
        """,
        "cats", "items", "one of the categories",
    ),
    "classification item without category": (
        """\
        - id: cats2
          kind: classification
          question: "Sort"
          explanation: "..."
          categories: ["closer", "distant"]
          items:
            - {text: "one"}
        """,
        "cats2", "items", "answer is missing",
    ),
    "computed outside kzlesson": (
        """\
        - id: evil
          kind: numeric
          question: "How much?"
          explanation: "..."
          computed: "os:getpid"
        """,
        "evil", "computed", "inside the kzlesson package",
    ),
    "computed module missing": (
        """\
        - id: gone
          kind: numeric
          question: "How much?"
          explanation: "..."
          computed: "kzlesson.no_such_module:f"
        """,
        "gone", "computed", "module that exists",
    ),
    "computed function missing": (
        """\
        - id: gone2
          kind: numeric
          question: "How much?"
          explanation: "..."
          computed: "kzlesson.paths:no_such_function"
        """,
        "gone2", "computed", "a function 'no_such_function'",
    ),
    "missing question": (
        """\
        - id: mute
          kind: numeric
          answer: 1
          explanation: "..."
        """,
        "mute", "question", "a text",
    ),
    "unknown key (typo)": (
        """\
        - id: typo
          kind: numeric
          question: "How much?"
          answer: 1
          explanation: "..."
          tolerence: 0.5
        """,
        "typo", "tolerence", "only keys",
    ),
    "bad id": (
        """\
        - id: Not_OK
          kind: numeric
          question: "How much?"
          answer: 1
          explanation: "..."
        """,
        "#1", "id", "lowercase-with-dashes",
    ),
    "mistake equal to the answer": (
        """\
        - id: same
          kind: numeric
          question: "How much?"
          answer: 10
          tolerance: 1
          explanation: "..."
          mistakes: [{value: 10.5, message: "no"}]
        """,
        "same", "mistakes", "outside the answer's tolerance",
    ),
    "ordering with a repeated item": (
        """\
        - id: twice
          kind: ordering
          question: "Order"
          explanation: "..."
          items: ["a", "b", "a"]
        """,
        "twice", "items", "each item once",
    ),
    "text answer for a numeric exercise": (
        """\
        - id: words
          kind: numeric
          question: "How much?"
          answer: "forty"
          explanation: "..."
        """,
        "words", "answer", "a number",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_problem_names_file_exercise_and_key(tmp_path: Path, case: str) -> None:
    body, ex_id, key, phrase = CASES[case]
    err = _error(tmp_path, body)
    assert err.exercise_id == ex_id
    assert err.key == key
    message = str(err)
    assert f"exercise {ex_id!r}" in message
    assert phrase in message
    assert ":3:" in message  # the line where the exercise starts


def test_duplicate_id_names_both_lines(tmp_path: Path) -> None:
    body = """\
    - id: same
      kind: numeric
      question: "1?"
      answer: 1
      explanation: "..."
    - id: same
      kind: numeric
      question: "2?"
      answer: 2
      explanation: "..."
    """
    err = _error(tmp_path, body)
    assert err.exercise_id == "same" and err.key == "id"
    assert "bad.yml:8:" in str(err) and "first at line 3" in str(err)


def test_chapter_must_match_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "trade.yml"
    path.write_text(DEMO_YAML, encoding="utf-8")  # says chapter: demo
    with pytest.raises(ExerciseSpecError, match="file stem 'trade'"):
        load_chapter(path)


def test_broken_yaml_names_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yml"
    path.write_text("chapter: broken\nexercises:\n  - id: a\n    question: [unclosed\n", encoding="utf-8")
    with pytest.raises(ExerciseSpecError, match=r"broken\.yml:\d+: expected valid YAML"):
        load_chapter(path)


def test_computed_answer_calls_a_kzlesson_function(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kzlesson.paths

    monkeypatch.setattr(kzlesson.paths, "demo_share", lambda: 40.8123, raising=False)
    path = tmp_path / "ok.yml"
    path.write_text(
        "chapter: ok\nexercises:\n  - id: c\n    kind: numeric\n    question: q\n    explanation: e\n"
        '    computed: "kzlesson.paths:demo_share"\n    tolerance: 0.1\n',
        encoding="utf-8",
    )
    ex = load_chapter(path).get("c")
    assert ex.answer == pytest.approx(40.8123)
    assert ex.computed == "kzlesson.paths:demo_share"


def test_computed_function_that_fails_is_a_data_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kzlesson.paths

    monkeypatch.setattr(kzlesson.paths, "demo_text", lambda: "forty", raising=False)
    path = tmp_path / "ok.yml"
    path.write_text(
        "chapter: ok\nexercises:\n  - id: c\n    kind: numeric\n    question: q\n    explanation: e\n"
        '    computed: "kzlesson.paths:demo_text"\n',
        encoding="utf-8",
    )
    with pytest.raises(ExerciseSpecError, match="returning a finite number"):
        load_chapter(path)


def test_defaults_and_show_answer_never(tmp_path: Path) -> None:
    path = tmp_path / "ok.yml"
    path.write_text(
        "chapter: ok\nexercises:\n  - id: c\n    kind: numeric\n    question: q\n    explanation: e\n"
        "    answer: 3\n    show_answer_after: false\n",
        encoding="utf-8",
    )
    ex = load_chapter(path).get("c")
    assert ex.show_answer_after is None and ex.tolerance == 0.0 and ex.unit == ""


def test_unknown_reference_lists_what_exists(demo: Path) -> None:
    with pytest.raises(KeyError, match="share"):
        registry.get("demo.nope")
    with pytest.raises(FileNotFoundError, match="demo"):
        registry.get("nofile.x")
    with pytest.raises(ValueError, match="file.id"):
        registry.get("just-an-id")


def test_registry_rereads_an_edited_file(demo: Path) -> None:
    assert registry.get("demo.share").answer == 40.8
    path = demo / "data" / "exercises" / "demo.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("answer: 40.8", "answer: 41.25"), encoding="utf-8")
    assert registry.get("demo.share").answer == 41.25


def test_every_exercise_file_in_the_repository_validates() -> None:
    folder = data_dir() / "exercises"
    files = sorted(folder.glob("*.yml"))
    chapters = validate_all()
    assert [c.chapter for c in chapters] == [p.stem for p in files]
    for chapter in chapters:
        assert chapter.exercises, chapter.path
    # the package's lazy export is the same function
    assert kzlesson.exercise is __import__("kzlesson.exercises", fromlist=["exercise"]).exercise


def test_choice_may_name_its_answer_instead_of_marking_it(tmp_path: Path) -> None:
    path = tmp_path / "ok.yml"
    path.write_text(
        "chapter: ok\nexercises:\n  - id: c\n    kind: choice\n    question: q\n    explanation: e\n"
        '    answer: "B"\n    choices: ["A", "B", "C"]\n',
        encoding="utf-8",
    )
    ex = load_chapter(path).get("c")
    assert [c.correct for c in ex.choices] == [False, True, False] and not ex.multiple


def test_choice_answer_and_marks_must_agree(tmp_path: Path) -> None:
    body = """\
    - id: clash
      kind: choice
      question: "Which?"
      explanation: "..."
      answer: "A"
      choices: [{text: "A"}, {text: "B", correct: true}]
    """
    err = _error(tmp_path, body)
    assert err.key == "answer" and "the same right choices" in str(err)
