"""Find exercises by reference (``"trade.russia-import-share"``); files are re-read when edited.

>>> split_ref("trade.russia-import-share")
('trade', 'russia-import-share')
"""

from __future__ import annotations

from pathlib import Path

from kzlesson.exercises.spec import Chapter, Exercise, load_chapter
from kzlesson.paths import data_dir

_CACHE: dict[str, tuple[tuple[int, int], Chapter]] = {}


def exercises_dir() -> Path:
    """``data/exercises`` (wherever :func:`kzlesson.paths.data_dir` finds the data)."""
    return data_dir() / "exercises"


def split_ref(ref: str) -> tuple[str, str]:
    """``"stem.id"`` -> ``("stem", "id")``; ``ValueError`` for anything else."""
    if not isinstance(ref, str) or "." not in ref:
        raise ValueError(
            f"an exercise is named 'file.id', e.g. 'trade.russia-import-share' (got {ref!r})"
        )
    stem, _, ex_id = ref.strip().partition(".")
    return stem, ex_id


def chapter_file(stem: str) -> Path:
    """The YAML file for a file stem."""
    folder = exercises_dir()
    for suffix in (".yml", ".yaml"):
        path = folder / f"{stem}{suffix}"
        if path.is_file():
            return path
    known = ", ".join(sorted(p.stem for p in folder.glob("*.y*ml"))) or "none yet"
    raise FileNotFoundError(f"no exercise file {stem}.yml in {folder} (files there: {known})")


def load(stem: str) -> Chapter:
    """Load (or reuse, if unchanged on disk) one chapter's exercises."""
    path = chapter_file(stem)
    st = path.stat()
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _CACHE.get(str(path))
    if hit is not None and hit[0] == stamp:
        return hit[1]
    chapter = load_chapter(path)
    _CACHE[str(path)] = (stamp, chapter)
    return chapter


def get(ref: str) -> Exercise:
    """One exercise by reference."""
    stem, ex_id = split_ref(ref)
    return load(stem).get(ex_id)


def all_chapters() -> list[Chapter]:
    """Every exercise file in the data folder, validated (errors are raised)."""
    folder = exercises_dir()
    if not folder.is_dir():
        return []
    return [load(p.stem) for p in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml"))]


def readable_chapters() -> tuple[list[Chapter], list[str]]:
    """Every exercise file that loads, and one message per file that does not (for progress/export).

    A student's summary never fails because a teacher's edit broke one file.
    """
    folder = exercises_dir()
    chapters: list[Chapter] = []
    problems: list[str] = []
    if not folder.is_dir():
        return chapters, problems
    for path in sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml")):
        try:
            chapters.append(load(path.stem))
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            problems.append(f"The exercises in {path.name} could not be read: {exc}")
    return chapters, problems


def clear_cache() -> None:
    """Forget loaded files."""
    _CACHE.clear()
