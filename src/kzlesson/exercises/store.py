"""Students' answers on disk: one JSON file per student, written atomically, robust to damage.

Folder: ``KZLESSON_ANSWERS_DIR`` or ``~/kzlesson-answers/``. Files there:

* ``student.json`` — ``{"name": "Aigerim"}`` (set once with ``kz.set_student``)
* ``answers-<name>.json`` — ``{"format": "kzlesson-answers", "version": 1, "student": ...,
  "answers": {"trade.russia-import-share": {entry}, ...}}``

Each save takes a lock on the student's file (``.answers-<name>.json.lock``, with the
``filelock`` library), re-reads the file, then writes a temporary file and ``os.replace``-s it
over the old one: two notebooks (two kernels) saving at the same instant never lose each other's
answers. If the folder cannot be locked (some network drives), the save goes ahead unlocked. A damaged or
hand-edited file is renamed aside with a timestamp (``answers-x.damaged-20261121-231500.json``);
the entries that can still be read are kept, and :attr:`AnswerStore.notices` says what happened.

In static rendering mode (``KZLESSON_RENDER=static``, the book build) nothing is ever written.

>>> import tempfile
>>> store = AnswerStore(tempfile.mkdtemp())
>>> store.record("demo.two", kind="numeric", answer="2", status="correct")["tries"]
1
>>> AnswerStore(store.folder).get("demo.two")["answer"]
'2'
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

FORMAT = "kzlesson-answers"
VERSION = 1
ENV_DIR = "KZLESSON_ANSWERS_DIR"
ENV_RENDER = "KZLESSON_RENDER"
LITE_DRIVE = "/drive"  # JupyterLite's drive, persisted in the browser (IndexedDB)
DEFAULT_STUDENT = "student"
HISTORY_LIMIT = 20
LOCK_TIMEOUT = 10.0  # seconds to wait for another kernel's save (a save takes milliseconds)
_REF = re.compile(r"^[a-z0-9][a-z0-9-]*\.[a-z0-9]+(?:-[a-z0-9]+)*$")
_STATUSES = {"correct", "partial", "wrong", "saved", "invalid", "defended"}  # defended: kzlesson.exercises.defended


def static_mode() -> bool:
    """True while the book is built (answers are shown, nothing is written)."""
    return os.environ.get(ENV_RENDER, "").strip().lower() == "static"


def answers_dir() -> Path:
    """The answers folder: ``KZLESSON_ANSWERS_DIR`` or ``~/kzlesson-answers``.

    In the live (JupyterLite) book it is ``/drive/kzlesson-answers``: JupyterLite keeps the files
    under its drive in the browser's storage, across reloads, while ``~`` is lost on reload.
    """
    override = os.environ.get(ENV_DIR, "").strip()
    if override:
        return Path(override).expanduser()
    if sys.platform == "emscripten" and Path(LITE_DRIVE).is_dir():
        return Path(LITE_DRIVE) / "kzlesson-answers"
    return Path.home() / "kzlesson-answers"


def now_iso() -> str:
    """The time now, UTC, ISO 8601 to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def slug(name: str) -> str:
    """A file-name-safe form of a name: ``slug("Aigerim K.")`` -> ``'aigerim-k'``."""
    text = re.sub(r"[^\w]+", "-", name.strip().lower(), flags=re.UNICODE).strip("-_")
    return text[:60] or DEFAULT_STUDENT


def valid_entry(entry: Any) -> bool:
    """Is this a well-formed saved answer? (Hand edits that break it are set aside.)"""
    if not isinstance(entry, dict):
        return False
    tries = entry.get("tries", 0)
    if isinstance(tries, bool) or not isinstance(tries, int) or tries < 0:
        return False
    if entry.get("status") not in _STATUSES or not isinstance(entry.get("kind"), str):
        return False
    answer = entry.get("answer")
    return answer is None or isinstance(answer, (str, list, dict))


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to ``path`` via a temporary file in the same folder and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def recover_entries(text: str) -> dict[str, dict]:
    """Pull every readable ``"chapter.id": {...}`` entry out of a damaged answers file."""
    decoder = json.JSONDecoder()
    found: dict[str, dict] = {}
    for m in re.finditer(r'"([a-z0-9][a-z0-9-]*\.[a-z0-9-]+)"\s*:\s*(?=\{)', text):
        try:
            obj, _ = decoder.raw_decode(text, m.end())
        except ValueError:
            continue
        if valid_entry(obj):
            found[m.group(1)] = obj
    return found


class AnswersFolderError(OSError):
    """The answers folder cannot be used (e.g. a file stands where it should be); the message says what to do."""


class AnswerStore:
    """The answers of one student in one folder.

    ``detached=True`` (the default while the book is built) neither reads nor writes anything:
    the published pages never show the answers of whoever built them.

    ``save_before_feedback`` is True in the live book (Pyodide): there each file operation on
    JupyterLite's drive is a round trip to the page, which keeps the drive in the browser's
    storage (IndexedDB); a save takes 0.3-0.9 s, and a reload or a closed tab in that time
    loses it. So the exercise widget saves first and shows the feedback after: feedback on
    screen means the answer is in the browser's storage. Elsewhere the feedback comes first.
    """

    save_before_feedback: bool = sys.platform == "emscripten"

    def __init__(
        self, folder: str | Path | None = None, *, readonly: bool | None = None, detached: bool | None = None
    ) -> None:
        self.folder = Path(folder) if folder is not None else answers_dir()
        self.detached = static_mode() if detached is None else detached
        self.readonly = self.detached or (static_mode() if readonly is None else readonly)
        self.notices: list[str] = []
        self._student_stamp = None if self.detached else self._stamp_of(self.folder / "student.json")
        self._student = DEFAULT_STUDENT if self.detached else self._read_student()
        self._answers: dict[str, dict] = {}
        self._stamp: tuple[int, int] | None = None
        self._load()

    # ------------------------------------------------------------------ student

    @property
    def student(self) -> str:
        """The student's name (``'student'`` until one is set)."""
        self._sync_student()
        return self._student

    @property
    def path(self) -> Path:
        """This student's answers file."""
        return self.folder / f"answers-{slug(self._student)}.json"

    def folder_problem(self) -> str:
        """Why nothing can be saved in the answers folder ('' when it is usable or not made yet).

        >>> import tempfile, pathlib
        >>> blocker = pathlib.Path(tempfile.mkdtemp()) / "kzlesson-answers"; _ = blocker.write_text("x")
        >>> AnswerStore(blocker).folder_problem().startswith("the answers folder")
        True
        """
        for place in (self.folder, *self.folder.parents):
            if place.exists():
                if place.is_dir():
                    return ""
                return (
                    f"the answers folder {self.folder} cannot be made, because {place} is a file, not a folder: "
                    f"rename or remove that file, or set {ENV_DIR} to another folder and restart the kernel"
                )
        return ""

    def _read_student(self) -> str:
        path = self.folder / "student.json"
        problem = self.folder_problem()
        if problem:
            self.notices.append(f"Nothing can be saved: {problem}.")
            return DEFAULT_STUDENT
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            name = data.get("name") if isinstance(data, dict) else None
            if isinstance(name, str) and name.strip():
                return name.strip()[:80]
        except FileNotFoundError:
            pass
        except (OSError, ValueError):
            self.notices.append(
                f"The file with your name ({path}) could not be read; set your name again with kz.set_student(...)."
            )
        return DEFAULT_STUDENT

    def set_student(self, name: str) -> str:
        """Set and remember the student's name; answers saved before it are carried over. Returns a message."""
        clean = re.sub(r"\s+", " ", str(name or "")).strip()[:80]
        if not clean:
            return "Please type your name (it goes on your hand-in file)."
        self._load()
        # only answers given before any name was set move to the new name (never one student's to another's)
        old_answers = dict(self._answers) if self._student == DEFAULT_STUDENT else {}
        old_path, old_student = self.path, self._student
        self._student = clean
        if self.readonly:
            self._answers = {}
            return (
                f"In a live notebook this puts the name '{clean}' on your saved answers; "
                "nothing is saved on this web page."
            )
        problem = self.folder_problem()
        if problem:
            self._student = old_student
            raise AnswersFolderError(problem)
        write_json_atomic(self.folder / "student.json", {"name": clean, "set": now_iso()})
        self._student_stamp = self._stamp_of(self.folder / "student.json")
        self._stamp = None
        self._answers = {}
        self._load()
        moved = 0
        if old_path != self.path and old_answers:
            with self._locked():
                for ref, entry in old_answers.items():
                    mine = self._answers.get(ref)
                    if mine is None or str(mine.get("updated", "")) < str(entry.get("updated", "")):
                        self._answers[ref] = entry
                        moved += 1
                if moved:
                    self._write()
        msg = f"Hello, {clean}: your answers are saved in {self.path}."
        if moved:
            msg += f" {moved} answer{'s' if moved != 1 else ''} you gave before setting your name moved there too."
        return msg

    # ------------------------------------------------------------------ reading

    @staticmethod
    def _stamp_of(path: Path) -> tuple[int, int] | None:
        try:
            st = path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _file_stamp(self) -> tuple[int, int] | None:
        return self._stamp_of(self.path)

    def _sync_student(self) -> None:
        """Follow a name set in another notebook (another kernel) since this store was made."""
        if self.detached:
            return
        stamp = self._stamp_of(self.folder / "student.json")
        if stamp != self._student_stamp:
            self._student_stamp = stamp
            name = self._read_student()
            if name != self._student:
                self._student = name
                self._stamp = None
                self._answers = {}

    def _load(self) -> None:
        """(Re)read the answers file if it changed on disk."""
        if self.detached:
            return
        self._sync_student()
        stamp = self._file_stamp()
        if stamp is None:
            self._answers = {}
            self._stamp = None
            return
        if stamp == self._stamp:
            return
        try:
            text = self.path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            text = self.path.read_bytes().decode("utf-8", errors="replace")
        except OSError as exc:
            self.notices.append(f"Your answers file {self.path} could not be read ({exc}).")
            self._answers = {}
            return
        answers, problem = self._parse(text)
        self._answers = answers
        self._stamp = stamp
        if problem:
            self._set_aside(problem, answers)

    @staticmethod
    def _parse(text: str) -> tuple[dict[str, dict], str]:
        """Return the readable entries and a description of any problem ('' if none)."""
        try:
            data = json.loads(text)
        except ValueError as exc:
            return recover_entries(text), f"it is not valid JSON ({exc.__class__.__name__}: {exc})"
        if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
            found = recover_entries(text)
            return found, "it does not have the expected layout (an 'answers' mapping)"
        good = {k: v for k, v in data["answers"].items() if isinstance(k, str) and _REF.match(k) and valid_entry(v)}
        bad = len(data["answers"]) - len(good)
        if bad:
            return good, f"{bad} entr{'y is' if bad == 1 else 'ies are'} damaged"
        return good, ""

    def _set_aside(self, problem: str, kept: dict[str, dict]) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.damaged-{stamp}.json")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.stem}.damaged-{stamp}-{n}.json")
        message = f"Your answers file {self.path.name} was damaged ({problem}). "
        readable = f"{len(kept)} answer{'s' if len(kept) != 1 else ''} could be read"
        if self.readonly:
            self.notices.append(message + f"{readable if kept else 'None of its answers could be read'}.")
            return
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            self.notices.append(message + f"It could not be moved aside ({exc}).")
            return
        self._stamp = None
        kept_as = f"The damaged file is kept as {aside.name} (in {self.folder})"
        if not kept:
            self.notices.append(
                message + f"{kept_as}; none of its answers could be read. Your next answer starts a new "
                f"{self.path.name}; ask your teacher if you need the old answers from the damaged file."
            )
            return
        try:
            self._write()
        except OSError as exc:
            self.notices.append(
                message + f"{kept_as}; {readable}, but a new {self.path.name} could not be written ({exc}). "
                "They are used while this notebook runs; the next answer you check tries to save them again."
            )
            return
        self.notices.append(message + f"{kept_as}; {readable} and {'are' if len(kept) != 1 else 'is'} "
                            f"safe in a new {self.path.name}.")

    def get(self, ref: str) -> dict | None:
        """The saved entry for ``"chapter.id"`` or ``None``."""
        self._load()
        entry = self._answers.get(ref)
        return dict(entry) if entry is not None else None

    def all(self) -> dict[str, dict]:
        """Every saved entry, by reference."""
        self._load()
        return {k: dict(v) for k, v in self._answers.items()}

    # ------------------------------------------------------------------ writing

    def record(
        self,
        ref: str,
        *,
        kind: str,
        answer: Any,
        status: str,
        counted: bool = True,
        revealed: bool | None = None,
    ) -> dict:
        """Save one check (and count it as a try if ``counted``); returns the updated entry."""
        with self._locked():
            return self._record(ref, kind=kind, answer=answer, status=status, counted=counted, revealed=revealed)

    def _record(self, ref: str, *, kind: str, answer: Any, status: str, counted: bool, revealed: bool | None) -> dict:
        entry = dict(self._answers.get(ref) or {"tries": 0, "history": []})
        stamp = now_iso()
        entry["kind"] = kind
        entry["answer"] = answer
        entry["status"] = status
        entry["updated"] = stamp
        if counted:
            entry["tries"] = int(entry.get("tries", 0)) + 1
            history = list(entry.get("history") or [])
            kept = f"({len(str(answer).split())} words)" if kind == "reflection" else answer  # text kept once
            history.append({"at": stamp, "answer": kept, "status": status})
            entry["history"] = history[-HISTORY_LIMIT:]
            if status == "correct" and not entry.get("first_correct_try"):
                entry["first_correct_try"] = entry["tries"]
        if revealed is not None:
            entry["revealed"] = bool(entry.get("revealed")) or revealed
        self._answers[ref] = entry
        self._write()
        return dict(entry)

    def mark_revealed(self, ref: str, kind: str) -> None:
        """Remember that the student asked to see the answer."""
        with self._locked():
            self._mark_revealed(ref, kind)

    def _mark_revealed(self, ref: str, kind: str) -> None:
        entry = dict(self._answers.get(ref) or {"tries": 0, "history": [], "status": "invalid", "answer": None})
        entry["kind"] = kind
        entry["revealed"] = True
        entry["updated"] = now_iso()
        self._answers[ref] = entry
        self._write()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        problem = "" if self.readonly else self.folder_problem()
        if problem:
            raise AnswersFolderError(problem)
        with self._locked_folder():
            yield

    @contextlib.contextmanager
    def _locked_folder(self) -> Iterator[None]:
        """Hold the lock on this student's file and read it afresh: the read-change-write of a save
        cannot interleave with another kernel's."""
        if self.readonly:
            self._load()
            yield
            return
        self._sync_student()
        # In the live book (Pyodide) there is one kernel per tab and JupyterLite's drive keeps a
        # released lock file, so every later save would wait LOCK_TIMEOUT: no lock there.
        lock = None if sys.platform == "emscripten" else FileLock(str(self.folder / f".{self.path.name}.lock"), timeout=LOCK_TIMEOUT)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if lock is not None:
                lock.acquire()
        except (Timeout, OSError) as exc:
            self.notices.append(f"Your answers file could not be locked ({type(exc).__name__}); saved without a lock.")
            lock = None
        try:
            self._stamp = None  # whatever the file's time stamp says, read it again under the lock
            self._load()
            yield
        finally:
            if lock is not None:
                lock.release()

    def _write(self) -> None:
        if self.readonly:
            return
        data = {
            "format": FORMAT,
            "version": VERSION,
            "student": self._student,
            "updated": now_iso(),
            "answers": self._answers,
        }
        write_json_atomic(self.path, data)
        self._stamp = self._file_stamp()

    def take_notices(self) -> list[str]:
        """Return and clear the messages about damaged files (each is shown once)."""
        out, self.notices = self.notices, []
        return out


_STORE: AnswerStore | None = None
_STORE_KEY: tuple[str, bool] | None = None


def current_store() -> AnswerStore:
    """The process's store for the current folder and mode (re-made when either changes)."""
    global _STORE, _STORE_KEY
    key = (str(answers_dir()), static_mode())
    if _STORE is None or _STORE_KEY != key:
        _STORE = AnswerStore(key[0], readonly=key[1], detached=key[1])
        _STORE_KEY = key
    return _STORE


def reset_store() -> None:
    """Forget the process's store (as a fresh kernel would)."""
    global _STORE, _STORE_KEY
    _STORE, _STORE_KEY = None, None


__all__ = [
    "AnswerStore",
    "AnswersFolderError",
    "answers_dir",
    "current_store",
    "recover_entries",
    "reset_store",
    "slug",
    "static_mode",
    "write_json_atomic",
]
