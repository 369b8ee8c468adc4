"""Answers persist across kernel restarts, survive damaged files and never land in the repository."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import kzlesson as kz
from kzlesson.exercises import store as store_mod
from kzlesson.exercises.store import AnswerStore, answers_dir, recover_entries, reset_store
from kzlesson.paths import project_root
from tests.test_exercises_fixtures import demo  # noqa: F401 - fixture


def _answers_folder() -> Path:
    return Path(os.environ["KZLESSON_ANSWERS_DIR"])


def _fresh_kernel() -> None:
    """What a kernel restart does to module state: the store is rebuilt from disk."""
    reset_store()


def test_each_check_is_saved_atomically(demo: Path) -> None:
    view = kz.exercise("demo.share")
    view.inputs[0].value = "12.1"
    view.check_button.click()
    path = _answers_folder() / "answers-student.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "kzlesson-answers"
    entry = data["answers"]["demo.share"]
    assert entry["answer"] == "12.1" and entry["status"] == "wrong" and entry["tries"] == 1
    assert [p.name for p in _answers_folder().iterdir() if p.name.endswith(".tmp")] == []


def test_restore_after_a_fresh_kernel_every_kind(demo: Path) -> None:
    answers = {
        "demo.share": lambda v: setattr(v.inputs[0], "value", "40.8"),
        "demo.pick": lambda v: setattr(v.inputs[0], "value", "SCO"),
        "demo.multi": lambda v: setattr(v.inputs[0], "value", True),
        "demo.order": lambda v: [setattr(d, "value", len(v.inputs) - v.ex.items.index(d.description)) for d in v.inputs],
        "demo.sort": lambda v: [setattr(d, "value", "closer to Moscow") for d in v.inputs],
        "demo.think": lambda v: setattr(v.inputs[0], "value", "Many partners, one neighbour."),
    }
    before = {}
    for ref, fill in answers.items():
        view = kz.exercise(ref)
        fill(view)
        view.check_button.click()
        view.check_button.click()
        before[ref] = (view.answer(), view.feedback.value)
    _fresh_kernel()
    for ref, (answer, feedback) in before.items():
        view = kz.exercise(ref)
        assert view.answer() == answer, ref
        assert view.tries == 2, ref
        assert "is restored" in view.feedback.value
        # the same verdict as before the restart
        verdict = feedback.split("</span>", 1)[1][:30]
        assert verdict in view.feedback.value, ref


def test_revealed_answer_stays_revealed(demo: Path) -> None:
    view = kz.exercise("demo.share")
    view.inputs[0].value = "1"
    view.check_button.click()
    view.check_button.click()
    view.answer_button.click()
    _fresh_kernel()
    again = kz.exercise("demo.share")
    assert again.solution.layout.display != "none" and "40.8" in again.solution.value
    assert json.loads((_answers_folder() / "answers-student.json").read_text())["answers"]["demo.share"]["revealed"]


def test_two_notebooks_open_at_once_keep_both_answers(demo: Path) -> None:
    one = AnswerStore(_answers_folder())
    two = AnswerStore(_answers_folder())
    one.record("demo.share", kind="numeric", answer="40", status="correct")
    two.record("demo.pick", kind="choice", answer=["CSTO"], status="correct")
    saved = AnswerStore(_answers_folder()).all()
    assert set(saved) == {"demo.share", "demo.pick"}


def test_truncated_file_is_set_aside_and_readable_entries_recovered(demo: Path) -> None:
    folder = _answers_folder()
    s = AnswerStore(folder)
    s.record("demo.share", kind="numeric", answer="40.8", status="correct")
    s.record("demo.pick", kind="choice", answer=["SCO"], status="wrong")
    path = folder / "answers-student.json"
    text = path.read_text(encoding="utf-8")
    cut = text.index('"demo.share"')  # keep demo.pick (sorted first), cut inside demo.share
    path.write_text(text[: cut + 40], encoding="utf-8")

    _fresh_kernel()
    view = kz.exercise("demo.pick")  # must not crash
    assert view.answer() == ["SCO"]
    assert "damaged" in view.notice.value and view.notice.layout.display != "none"
    aside = sorted(folder.glob("answers-student.damaged-*.json"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == text[: cut + 40]
    fresh = json.loads(path.read_text(encoding="utf-8"))
    assert list(fresh["answers"]) == ["demo.pick"]
    # the notice is shown once, and later checks save normally
    assert kz.exercise("demo.share").notice.layout.display == "none"
    view.inputs[0].value = "CSTO"
    view.check_button.click()
    assert json.loads(path.read_text())["answers"]["demo.pick"]["status"] == "correct"


def test_garbage_file_never_crashes(demo: Path) -> None:
    folder = _answers_folder()
    folder.mkdir(parents=True)
    (folder / "answers-student.json").write_bytes(b"\x00\xff not json at all \xfe")
    view = kz.exercise("demo.pick")
    assert view.tries == 0 and "damaged" in view.notice.value
    view.inputs[0].value = "CSTO"
    view.check_button.click()
    assert "Correct" in view.feedback.value


def test_hand_edited_entries_are_dropped_but_the_rest_kept(demo: Path) -> None:
    folder = _answers_folder()
    folder.mkdir(parents=True)
    good = {"kind": "choice", "answer": ["CSTO"], "status": "correct", "tries": 1, "updated": "2026-01-01T00:00:00+00:00"}
    data = {
        "format": "kzlesson-answers",
        "version": 1,
        "student": "student",
        "answers": {"demo.pick": good, "demo.share": {"kind": "numeric", "tries": "three", "status": "correct"}},
    }
    (folder / "answers-student.json").write_text(json.dumps(data), encoding="utf-8")
    store = AnswerStore(folder)
    assert set(store.all()) == {"demo.pick"}
    assert any("1 entry is damaged" in n for n in store.notices)
    assert len(list(folder.glob("*.damaged-*.json"))) == 1


def test_recover_entries_from_a_fragment() -> None:
    text = '{"answers": {"a.b": {"kind": "numeric", "answer": "1", "status": "wrong", "tries": 2}, "c.d": {"kind": '
    assert list(recover_entries(text)) == ["a.b"]


def test_student_name_is_remembered_and_earlier_answers_move_with_it(demo: Path) -> None:
    view = kz.exercise("demo.pick")
    view.inputs[0].value = "CSTO"
    view.check_button.click()
    message = repr(kz.set_student("Aigerim Nurlanovna"))
    assert "Aigerim Nurlanovna" in message and "1 answer you gave before" in message
    folder = _answers_folder()
    assert json.loads((folder / "student.json").read_text(encoding="utf-8"))["name"] == "Aigerim Nurlanovna"
    _fresh_kernel()
    assert kz.exercises.current_store().student == "Aigerim Nurlanovna"
    assert kz.exercise("demo.pick").answer() == ["CSTO"]
    assert (folder / "answers-aigerim-nurlanovna.json").is_file()
    assert "type your name" in repr(kz.set_student("   "))


def test_name_box_widget(demo: Path) -> None:
    box = kz.set_student()
    box.text.value = "Dana"
    box.button.click()
    assert "Hello, Dana" in box.message.value
    assert box.text.description == "Your name:"


def test_default_folder_is_in_home_not_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KZLESSON_ANSWERS_DIR")
    folder = answers_dir()
    assert folder == Path.home() / "kzlesson-answers"
    root = project_root()
    if root is not None and not str(Path.home()).startswith(str(root)):
        assert not str(folder.resolve()).startswith(str(root.resolve()))


def test_tests_never_write_answers_into_the_repository() -> None:
    root = project_root()
    assert root is not None
    stray = [p for p in root.rglob("answers-*.json") if ".venv" not in p.parts]
    assert stray == []


def test_static_store_is_read_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZLESSON_RENDER", "static")
    folder = tmp_path / "static-answers"
    store = store_mod.AnswerStore(folder)
    assert store.readonly
    store.record("demo.pick", kind="choice", answer=["CSTO"], status="correct")
    store.set_student("Reader")
    assert not folder.exists()


def test_a_name_set_in_another_notebook_is_followed(demo: Path) -> None:
    view = kz.exercise("demo.pick")  # this kernel's store, made before the name was set
    other_kernel = AnswerStore(_answers_folder())
    other_kernel.set_student("Dana")
    view.inputs[0].value = "CSTO"
    view.check_button.click()
    assert (_answers_folder() / "answers-dana.json").is_file()
    assert not (_answers_folder() / "answers-student.json").exists()


def test_book_build_never_reads_the_builders_answers(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    view = kz.exercise("demo.pick")
    view.inputs[0].value = "SCO"
    view.check_button.click()
    kz.set_student("Builder Person")
    monkeypatch.setenv("KZLESSON_RENDER", "static")
    static_view = kz.exercise("demo.pick")
    assert static_view.answer() == [] and static_view.tries == 0
    prog = kz.progress()
    assert "Builder" not in prog._repr_html_() and "appears here when you run this notebook" in prog._repr_html_()
    assert int(prog.table["tries"].sum()) == 0


def test_damaged_name_file_falls_back_with_a_message(demo: Path) -> None:
    folder = _answers_folder()
    folder.mkdir(parents=True)
    (folder / "student.json").write_text("{not json", encoding="utf-8")
    view = kz.exercise("demo.pick")
    assert "set your name again" in view.notice.value
    assert kz.exercises.current_store().student == "student"
    assert "Hello, Aigerim" in repr(kz.set_student("Aigerim"))


def test_export_in_static_mode_writes_nothing(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZLESSON_RENDER", "static")
    result = kz.export_answers()
    assert result.json_path is None and "live notebook" in repr(result)
    assert not _answers_folder().exists()


def test_hand_edited_answers_of_the_wrong_shape_never_crash(demo: Path) -> None:
    folder = _answers_folder()
    folder.mkdir(parents=True)
    base = {"status": "wrong", "tries": 1, "updated": "2026-01-01T00:00:00+00:00"}
    answers = {
        "demo.multi": dict(base, kind="choice", answer="CSTO"),
        "demo.pick": dict(base, kind="choice", answer="SCO"),
        "demo.sort": dict(base, kind="classification", answer=["not", "a", "mapping"]),
        "demo.order": dict(base, kind="ordering", answer="January unrest"),
        "demo.share": dict(base, kind="numeric", answer={"odd": 1}),
    }
    data = {"format": "kzlesson-answers", "version": 1, "student": "student", "answers": answers}
    (folder / "answers-student.json").write_text(json.dumps(data), encoding="utf-8")
    assert kz.exercise("demo.multi").answer() == ["CSTO"]
    assert kz.exercise("demo.pick").answer() == ["SCO"]
    for ref in ("demo.sort", "demo.order", "demo.share"):
        view = kz.exercise(ref)
        view.check_button.click()
        assert "kz-feedback" in view.feedback.value


def _save_many(folder: str, kernel: int, count: int) -> None:
    """One 'kernel': saves ``count`` answers of its own into the shared folder as fast as it can."""
    store = AnswerStore(folder, readonly=False, detached=False)
    for k in range(count):
        store.record(f"race.k{kernel}-q{k}", kind="numeric", answer=str(k), status="saved")


def test_kernels_saving_at_the_same_instant_lose_nothing(tmp_path: Path) -> None:
    """Four processes save 30 answers each into one student's file at once: all 120 are there."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_save_many, args=(str(tmp_path), k, 30)) for k in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    saved = AnswerStore(tmp_path, readonly=True, detached=False).all()
    missing = {f"race.k{k}-q{q}" for k in range(4) for q in range(30)} - set(saved)
    assert not missing, f"{len(missing)} of 120 answers lost, e.g. {sorted(missing)[:3]}"
    assert not list(tmp_path.glob("*.damaged-*")), "a concurrent save was mistaken for a damaged file"


def test_an_unlockable_folder_still_saves_with_a_notice(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from filelock import Timeout

    def refuse(self, *args, **kwargs):
        raise Timeout(str(self.lock_file))

    monkeypatch.setattr(store_mod.FileLock, "acquire", refuse)
    store = AnswerStore(readonly=False, detached=False)
    store.record("trade.x", kind="numeric", answer="1", status="saved")
    assert AnswerStore(readonly=False, detached=False).get("trade.x")["answer"] == "1"
    assert any("could not be locked" in n for n in store.take_notices())
