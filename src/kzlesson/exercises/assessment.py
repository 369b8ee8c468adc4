"""The assessment map: which exercises assess each learning objective, and the rubrics, for teachers.

``data/assessment_map.yml`` lists, per chapter and per learning objective (in the order of the
chapter's "Learning objectives" box), the exercises that assess it. From that file, the objectives
as the notebooks state them and the rubrics in ``data/exercises/*.yml``, :func:`section_markdown`
writes the teacher guide's section "Assessment map and rubrics"; ``python -m kzlesson.generate``
(``make data``) puts it into ``teacher_guide.md`` between two marker comments, so it never drifts
from the data.

>>> objectives_from_markdown(":::{admonition} Learning objectives\\n- explain X;\\n- name\\n  Y.\\n:::")
['explain X;', 'name Y.']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from kzlesson.errors import DataError
from kzlesson.exercises.rubric import rubric_markdown
from kzlesson.exercises.spec import Chapter, Exercise
from kzlesson.paths import data_dir

MAP_FILE = "assessment_map.yml"
HEADING = "## Assessment map and rubrics"
BEGIN = "<!-- BEGIN GENERATED: assessment map (python -m kzlesson.generate; edit data/assessment_map.yml) -->"
END = "<!-- END GENERATED: assessment map -->"
_REF = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ChapterMap:
    """One chapter of the map: its exercise file stem, notebook and one list of refs per objective."""

    chapter: str
    notebook: str
    objectives: tuple[tuple[str, ...], ...]


def map_path() -> Path:
    """``data/assessment_map.yml``."""
    return data_dir() / MAP_FILE


def load_map(path: str | Path | None = None) -> list[ChapterMap]:
    """Read and validate the map (a :class:`~kzlesson.errors.DataError` names what is wrong).

    >>> [c.chapter for c in load_map()][:2]
    ['multivector', 'sources']
    """
    path = Path(path) if path is not None else map_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(path, None, None, "the assessment map file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(path, mark.line + 1 if mark else None, None, "valid YAML", getattr(exc, "problem", str(exc))) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("chapters"), list):
        raise DataError(path, None, "chapters", "a top-level 'chapters' list")
    out = []
    for n, entry in enumerate(raw["chapters"], start=1):
        where = f"chapters[{n}]"
        if not isinstance(entry, dict) or set(entry) != {"chapter", "notebook", "objectives"}:
            raise DataError(path, None, where, "a mapping with exactly chapter, notebook, objectives", entry)
        objectives = entry["objectives"]
        if not isinstance(objectives, list) or not objectives:
            raise DataError(path, None, f"{where}.objectives", "one list of exercises per learning objective", objectives)
        lists = []
        for k, refs in enumerate(objectives, start=1):
            if not isinstance(refs, list) or not all(isinstance(r, str) and _REF.match(r) for r in refs):
                raise DataError(path, None, f"{where}.objectives[{k}]", "a list of exercises named 'file.id'", refs)
            lists.append(tuple(refs))
        out.append(ChapterMap(str(entry["chapter"]), str(entry["notebook"]), tuple(lists)))
    return out


def objectives_from_markdown(text: str) -> list[str]:
    """The bullets of a ``Learning objectives`` admonition, one string each (wrapped lines joined)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "Learning objectives" in line), None)
    if start is None:
        return []
    bullets: list[str] = []
    for line in lines[start + 1:]:
        if line.strip().startswith(":::"):
            break
        if line.startswith("- "):
            bullets.append(line[2:].strip())
        elif bullets and line.startswith(" ") and line.strip():
            bullets[-1] += " " + line.strip()
    return bullets


def notebook_info(path: str | Path) -> tuple[str, list[str]]:
    """A chapter notebook's title (its first heading) and its learning objectives."""
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    first = next(("".join(c["source"]) for c in cells if c["cell_type"] == "markdown"), "")
    title = next((line[2:].strip() for line in first.splitlines() if line.startswith("# ")), Path(path).stem)
    return title, objectives_from_markdown(first)


def problems(chapter_maps: list[ChapterMap], chapters: list[Chapter], root: str | Path) -> list[str]:
    """What is wrong with the map: objectives miscounted or unassessed, unknown exercises."""
    known = {ex.ref for ch in chapters for ex in ch.exercises}
    out = []
    for cm in chapter_maps:
        nb = Path(root) / cm.notebook
        if not nb.is_file():
            out.append(f"{cm.chapter}: notebook {cm.notebook} not found")
            continue
        _, objectives = notebook_info(nb)
        if len(objectives) != len(cm.objectives):
            out.append(f"{cm.chapter}: {cm.notebook} has {len(objectives)} learning objectives, "
                       f"the map lists {len(cm.objectives)}")
        for k, refs in enumerate(cm.objectives, start=1):
            if not refs:
                out.append(f"{cm.chapter}: objective {k} has no exercise")
            out.extend(f"{cm.chapter}: objective {k} names {r}, which is not an exercise" for r in refs if r not in known)
    return out


def _describe(ex: Exercise, home: str, titles: dict[str, str]) -> str:
    kind = ex.kind
    if ex.defensible:
        kind += ", defended alternative accepted"
    if ex.rubric:
        kind += ", rubric below"
    where = "" if ex.chapter == home else f"{titles.get(ex.chapter, ex.chapter)}: "
    return f"{where}`{ex.id}` ({kind})"


def section_markdown(root: str | Path, chapters: list[Chapter], chapter_maps: list[ChapterMap] | None = None) -> str:
    """The whole generated section, markers included."""
    chapter_maps = chapter_maps if chapter_maps is not None else load_map()
    by_ref = {ex.ref: ex for ch in chapters for ex in ch.exercises}
    titles: dict[str, str] = {}
    infos = {}
    for n, cm in enumerate(chapter_maps, start=1):
        title, objectives = notebook_info(Path(root) / cm.notebook)
        titles[cm.chapter] = f"chapter {n}"
        infos[cm.chapter] = (n, title, objectives)
    out = [BEGIN, HEADING, "",
           "Every learning objective of every chapter is assessed by at least one exercise. The tables "
           "give, for each objective as the chapter states it, the exercises that assess it (by their "
           "`id` in the chapter's exercise file; an exercise of another chapter is named with its "
           "chapter). Essays and reflections carry a levelled rubric with a short example answer at each "
           "level; students see it after they save, and the rubrics are repeated below. Where an exercise "
           "accepts a *defended alternative*, a student whose answer differs from the module's own "
           "judgement and who gives a reason sees the module's reason beside theirs instead of being "
           "marked wrong; read those reasons in the hand-in report.", ""]
    mapped: set[str] = set()
    for cm in chapter_maps:
        n, title, objectives = infos[cm.chapter]
        out += [f"### {n}. {title}", "", "| # | Learning objective | Assessed by |", "| --- | --- | --- |"]
        for k, refs in enumerate(cm.objectives, start=1):
            text = objectives[k - 1] if k <= len(objectives) else "(not in the notebook)"
            cells = ", ".join(_describe(by_ref[r], cm.chapter, titles) if r in by_ref else f"`{r}` (missing)" for r in refs)
            mapped.update(refs)
            out.append(f"| {k} | {text.replace('|', '/')} | {cells} |")
        out.append("")
    unmapped = [ex for ch in chapters for ex in ch.exercises if ex.ref not in mapped]
    if unmapped:
        out += ["Exercises not yet mapped to an objective: " + ", ".join(f"`{ex.ref}`" for ex in unmapped) + ".", ""]
    out += ["### Rubrics", ""]
    lacking = [ex for ch in chapters for ex in ch.exercises if ex.kind in ("reflection", "source-evaluation") and not ex.rubric]
    if lacking:
        out += ["Reflections without a rubric yet: " + ", ".join(f"`{ex.ref}`" for ex in lacking) + ".", ""]
    order = {cm.chapter: i for i, cm in enumerate(chapter_maps)}
    with_rubric = sorted((ex for ch in chapters for ex in ch.exercises if ex.rubric),
                         key=lambda e: (order.get(e.chapter, len(order)), 0))
    for ex in with_rubric:
        where = titles.get(ex.chapter, ex.chapter).capitalize()
        out += [f"**{where}, `{ex.id}`: {ex.title or ex.kind}**", "", rubric_markdown(ex.rubric), ""]
    out.append(END)
    return "\n".join(out) + "\n"


def replace_section(text: str, section: str) -> str:
    """Put ``section`` between the markers in ``text`` (appended at the end if there are none)."""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        return head + section.rstrip("\n") + tail
    return text.rstrip("\n") + "\n\n" + section


def write_teacher_guide(root: str | Path, chapters: list[Chapter]) -> Path:
    """Regenerate the section in ``teacher_guide.md`` of the book at ``root``; returns the path."""
    path = Path(root) / "teacher_guide.md"
    path.write_text(replace_section(path.read_text(encoding="utf-8"), section_markdown(root, chapters)), encoding="utf-8")
    return path
