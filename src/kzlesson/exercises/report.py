"""Progress summaries and the hand-in export (JSON plus a readable HTML report next to it).

>>> import tempfile
>>> from kzlesson.exercises.store import AnswerStore
>>> store = AnswerStore(tempfile.mkdtemp())
>>> progress_frame(store, chapters=[]).empty
True
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from kzlesson.exercises.md import to_text
from kzlesson.exercises.spec import Chapter, Exercise
from kzlesson.exercises.store import AnswerStore, slug, write_json_atomic

EXPORT_FORMAT = "kzlesson-hand-in"

#: How progress tables name (and order) the exercise files; a file's own ``title:`` wins.
CHAPTER_TITLES = {
    "multivector": "1. Multi-vector foreign policy",
    "sources": "2. Reading the sources",
    "timeline": "3. 2022, event by event",
    "trade": "4. Trade dependence",
    "energy": "5. Energy, transit and sanctions",
    "society": "6. Society, identity and migration",
    "synthesis": "7. The balancing act",
}


def chapter_title(stem: str, chapters: list[Chapter] | None = None) -> str:
    """A readable name for an exercise file: ``chapter_title("trade")`` -> ``'4. Trade dependence'``."""
    for ch in chapters or []:
        if ch.chapter == stem and ch.title:
            return ch.title
    return CHAPTER_TITLES.get(stem, stem)


def _ordered(chapters: list[Chapter]) -> list[Chapter]:
    order = list(CHAPTER_TITLES)
    return sorted(chapters, key=lambda c: (order.index(c.chapter) if c.chapter in order else len(order), c.chapter))
_COLUMNS = ["chapter", "title", "exercises", "done", "right", "tries", "revealed"]


def _known(chapters: list[Chapter]) -> dict[str, Exercise]:
    return {ex.ref: ex for ch in chapters for ex in ch.exercises}


def exercise_frame(store: AnswerStore, chapters: list[Chapter]) -> pd.DataFrame:
    """One row per exercise (known from the YAML files or saved): status, tries, revealed."""
    saved = store.all()
    chapters = _ordered(chapters)
    known = _known(chapters)
    rows = []
    for ref in list(known) + sorted(set(saved) - set(known)):
        entry = saved.get(ref) or {}
        ex = known.get(ref)
        chapter = ref.split(".", 1)[0]
        status = entry.get("status", "not tried") if entry.get("tries") else "not tried"
        rows.append(
            {
                "ref": ref,
                "chapter": chapter,
                "title": chapter_title(chapter, chapters),
                "kind": ex.kind if ex else entry.get("kind", ""),
                "status": status,
                "done": bool(entry.get("tries")),
                "right": status == "correct",
                "tries": int(entry.get("tries", 0)),
                "revealed": bool(entry.get("revealed", False)),
                "updated": entry.get("updated", ""),
            }
        )
    frame = pd.DataFrame(rows, columns=["ref", "chapter", "title", "kind", "status", "done", "right", "tries", "revealed", "updated"])
    return frame.astype({"done": bool, "right": bool, "tries": "int64", "revealed": bool})


def progress_frame(store: AnswerStore, chapters: list[Chapter]) -> pd.DataFrame:
    """Per chapter: exercises, done (tried at least once), right, tries, answers revealed."""
    ex = exercise_frame(store, chapters)
    if ex.empty:
        return pd.DataFrame({c: pd.Series(dtype="object" if c in ("chapter", "title") else "int64") for c in _COLUMNS})
    out = (
        ex.groupby(["chapter", "title"], sort=False)
        .agg(exercises=("ref", "size"), done=("done", "sum"), right=("right", "sum"), tries=("tries", "sum"), revealed=("revealed", "sum"))
        .reset_index()
    )
    return out.astype({c: "int64" for c in _COLUMNS[2:]})


@dataclass
class Progress:
    """What ``kz.progress()`` returns: shows as a small table; ``.table`` and ``.exercises`` are DataFrames."""

    student: str
    table: pd.DataFrame
    exercises: pd.DataFrame
    notices: list[str]
    static: bool = False

    def _repr_html_(self) -> str:
        head = f"<p><strong>Progress for {html.escape(self.student)}</strong></p>"
        if self.static:
            head = (
                "<p><strong>Your progress</strong> appears here when you run this notebook: it counts the "
                "exercises you have tried and got right in each chapter. Open the page with the launch button.</p>"
            )
        notes = "".join(f'<p role="alert"><strong>Note:</strong> {html.escape(n)}</p>' for n in self.notices)
        if self.table.empty:
            return head + notes + "<p>No exercises yet.</p>"
        total = self.table[["exercises", "done", "right", "tries"]].sum()
        rows = "".join(
            "<tr>" + f'<th scope="row">{html.escape(str(r.title))}</th>'
            + "".join(f"<td>{int(getattr(r, c))}</td>" for c in ("exercises", "done", "right", "tries"))
            + "</tr>"
            for r in self.table.itertuples()
        )
        return (
            head
            + notes
            + '<table class="kz-progress"><caption>Exercises per chapter: done means tried at least once; a different answer you defended with a reason counts as done, not as right.</caption>'
            + '<thead><tr><th scope="col">Chapter</th><th scope="col">Exercises</th><th scope="col">Done</th>'
            + '<th scope="col">Right</th><th scope="col">Tries</th></tr></thead>'
            + f"<tbody>{rows}</tbody>"
            + f'<tfoot><tr><th scope="row">All</th><td>{int(total.exercises)}</td><td>{int(total.done)}</td>'
            + f"<td>{int(total.right)}</td><td>{int(total.tries)}</td></tr></tfoot></table>"
        )

    def __repr__(self) -> str:
        return f"Progress for {self.student}\n{self.table.to_string(index=False)}"


# --------------------------------------------------------------------------- export


def _answer_readable(ex: Exercise | None, answer: Any) -> str:
    if answer is None:
        return ""
    if ex is not None and (ex.defensible or ex.kind == "source-evaluation"):  # kzlesson.exercises.defended/.source_eval
        from kzlesson.exercises import defended, source_eval

        if ex.kind == "source-evaluation":
            return source_eval.readable(answer)
        inner, reason = defended.split_answer(answer)
        return _answer_readable(replace(ex, defensible=False), inner) + (f" | reason: {reason.strip()}" if reason.strip() else "")
    if isinstance(answer, dict):
        return "; ".join(f"{k} → {v if v is not None else '(none)'}" for k, v in answer.items())
    if isinstance(answer, list):
        if ex is not None and ex.kind == "ordering":
            return " | ".join(f"{i}. {a}" for i, a in enumerate(answer, start=1))
        return "; ".join(str(a) for a in answer)
    return str(answer)


def build_export(store: AnswerStore, chapters: list[Chapter], version: str) -> dict[str, Any]:
    """The hand-in document (JSON-able)."""
    chapters = _ordered(chapters)
    known = _known(chapters)
    saved = store.all()
    answers = []
    for ref in list(known) + sorted(set(saved) - set(known)):
        entry = saved.get(ref)
        ex = known.get(ref)
        if entry is None:
            continue
        answers.append(
            {
                "ref": ref,
                "chapter": ref.split(".", 1)[0],
                "kind": ex.kind if ex else entry.get("kind"),
                "question": to_text(ex.question) if ex else "",
                "answer": entry.get("answer"),
                "answer_text": _answer_readable(ex, entry.get("answer")),
                "status": entry.get("status") if entry.get("tries") else "not tried",
                "tries": entry.get("tries", 0),
                "first_correct_try": entry.get("first_correct_try"),
                "revealed": bool(entry.get("revealed", False)),
                "updated": entry.get("updated"),
            }
        )
    table = progress_frame(store, chapters)
    now = datetime.now(timezone.utc).replace(microsecond=0)
    return {
        "format": EXPORT_FORMAT,
        "version": 1,
        "student": store.student,
        "exported_at": now.isoformat(),
        "kzlesson_version": version,
        "summary": table.to_dict(orient="records"),
        "not_tried": [ref for ref in known if not (saved.get(ref) or {}).get("tries")],
        "answers": answers,
    }


def export_html(doc: dict[str, Any]) -> str:
    """A readable report of the hand-in document."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(str(s.get('title') or s['chapter']))}</td><td>{s['exercises']}</td><td>{s['done']}</td>"
        f"<td>{s['right']}</td><td>{s['tries']}</td></tr>"
        for s in doc["summary"]
    )
    items = []
    for a in doc["answers"]:
        status = {"correct": "✓ correct", "saved": "saved (not graded)", "wrong": "✗ not yet right",
                  "partial": "✗ partly right", "not tried": "not tried"}.get(str(a["status"]), str(a["status"]))
        extra = f", answer shown after {a['tries']} tries" if a["revealed"] else ""
        items.append(
            f"<section><h3>{e(a['ref'])}</h3><p>{e(a['question'])}</p>"
            f"<p><strong>Answer:</strong> {e(a['answer_text']) or '<em>(none)</em>'}</p>"
            f"<p><strong>Result:</strong> {e(status)} · tries: {a['tries']}{e(extra)}</p></section>"
        )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>kzlesson answers — {e(doc['student'])}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .6em}</style></head><body>"
        f"<h1>Exercise answers: {e(doc['student'])}</h1>"
        f"<p>Exported {e(doc['exported_at'])} (UTC) with kzlesson {e(doc['kzlesson_version'])}.</p>"
        "<h2>Summary</h2><table><thead><tr><th>Chapter</th><th>Exercises</th><th>Done</th><th>Right</th>"
        f"<th>Tries</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<h2>Answers</h2>{''.join(items) or '<p>No answers yet.</p>'}"
        + (f"<h2>Not tried</h2><p>{e(', '.join(doc['not_tried']))}</p>" if doc["not_tried"] else "")
        + "</body></html>\n"
    )


def temporary_session() -> bool:
    """True on Binder or Colab, whose files are lost when the session ends."""
    import os
    import sys

    return "google.colab" in sys.modules or any(k.startswith("BINDER_") for k in os.environ)


@dataclass
class Export:
    """What ``kz.export_answers()`` returns: the two paths; shows as a message with download links."""

    json_path: Path | None
    html_path: Path | None
    document: dict[str, Any]
    message: str = ""

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(p for p in (self.json_path, self.html_path) if p is not None)

    def _repr_html_(self) -> str:
        if self.json_path is None:
            return f"<p>{html.escape(self.message)}</p>"
        data = json.dumps(self.document, ensure_ascii=False, indent=1).encode("utf-8")
        b64 = base64.b64encode(data).decode("ascii")
        report = base64.b64encode(export_html(self.document).encode("utf-8")).decode("ascii")
        assert self.html_path is not None
        n = len(self.document["answers"])
        return (
            f"<p>✓ Saved {n} answer{'s' if n != 1 else ''} for hand-in.</p><ul>"
            f'<li><a download="{html.escape(self.json_path.name)}" href="data:application/json;base64,{b64}">'
            f"Download the hand-in file ({html.escape(self.json_path.name)})</a></li>"
            f'<li><a download="{html.escape(self.html_path.name)}" href="data:text/html;base64,{report}">'
            f"Download the readable report ({html.escape(self.html_path.name)})</a></li></ul>"
            f"<p>Also saved on this computer: <code>{html.escape(str(self.json_path))}</code> and "
            f"<code>{html.escape(str(self.html_path))}</code>.{self._browser_hint()} Hand in the .json file.</p>"
            + (
                "<p><strong>This is a temporary session</strong> (Binder or Colab): its files vanish when it ends, "
                "so download the hand-in file now.</p>"
                if temporary_session()
                else ""
            )
        )

    def _browser_hint(self) -> str:
        """Where to find the file in Jupyter's file browser (it usually starts in the home folder)."""
        assert self.json_path is not None
        try:
            relative = self.json_path.resolve().parent.relative_to(Path.home().resolve())
        except ValueError:
            return ""
        where = "your home folder" if str(relative) == "." else f"the folder <code>{html.escape(str(relative))}</code>"
        return f" In the file browser on the left, open {where} to download it."

    def __repr__(self) -> str:
        return self.message or f"Export({self.json_path}, {self.html_path})"


def export(
    store: AnswerStore, chapters: list[Chapter], version: str, path: str | Path | None = None
) -> Export:
    """Write the hand-in JSON and an HTML report next to it; returns an :class:`Export`."""
    doc = build_export(store, chapters, version)
    if store.readonly:
        return Export(None, None, doc, "Exporting needs a live notebook (nothing is written while the book is built).")
    if path is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        json_path = store.folder / f"kzlesson-hand-in-{slug(store.student)}-{stamp}.json"
    else:
        json_path = Path(path).expanduser()
        if json_path.is_dir():
            stamp = datetime.now().strftime("%Y%m%d-%H%M")
            json_path = json_path / f"kzlesson-hand-in-{slug(store.student)}-{stamp}.json"
        elif json_path.suffix.lower() != ".json":
            json_path = json_path.with_suffix(json_path.suffix + ".json") if json_path.suffix else json_path.with_suffix(".json")
    html_path = json_path.with_suffix(".html")
    write_json_atomic(json_path, doc)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = html_path.with_name(f".{html_path.name}.tmp")
    tmp.write_text(export_html(doc), encoding="utf-8")
    tmp.replace(html_path)
    message = f"Saved {len(doc['answers'])} answers to {json_path} (and a readable report {html_path.name})."
    return Export(json_path, html_path, doc, message)


__all__ = [
    "Export", "Progress", "build_export", "collect_hand_ins", "export", "export_html", "exercise_frame",
    "gradebook_frame", "progress_frame",
]


# --------------------------------------------------------------------------- for teachers


GRADEBOOK_NAME = "gradebook.csv"


def collect_hand_ins(
    source: str | Path | list[str | Path], gradebook: str | Path | bool = True
) -> pd.DataFrame:
    """Read students' hand-in files (a folder of them, or a list) into one table for marking, and
    write a gradebook CSV that a learning platform can import.

    The table has one row per student and exercise: ``student, ref, chapter, kind, status, tries,
    revealed, answer_text, exported_at, file``. Files that are not hand-ins (or are damaged) are
    skipped and listed in ``frame.attrs["problems"]``.

    The gradebook (``gradebook.csv`` in the folder, or beside the first file; ``gradebook=`` another
    path, or ``False`` for none; its path is in ``frame.attrs["gradebook"]``) has one row per student
    (from that student's latest hand-in) and the columns: ``student``; ``solved``, how many
    exercises were answered right; then one column per exercise, headed by its reference
    (``trade.russia-import-share``), holding ``solved`` when it was answered right, ``saved`` for a
    reflection that was saved, ``defended`` for a different answer defended with a reason, or else the number of tries without a right answer (``0``: not
    tried). UTF-8, comma-separated, one header row.

    >>> collect_hand_ins([]).empty
    True
    """
    if isinstance(source, (str, Path)):
        folder = Path(source)
        files = sorted(folder.glob("*.json")) if folder.is_dir() else [folder]
        home = folder if folder.is_dir() else folder.parent
    else:
        files = [Path(p) for p in source]
        home = files[0].parent if files else None
    columns = ["student", "ref", "chapter", "kind", "status", "tries", "revealed", "answer_text", "exported_at", "file"]
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    docs: list[tuple[dict[str, Any], str]] = []
    for path in files:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{path.name}: could not be read ({exc.__class__.__name__})")
            continue
        if not isinstance(doc, dict) or doc.get("format") != EXPORT_FORMAT or not isinstance(doc.get("answers"), list):
            problems.append(f"{path.name}: not a kzlesson hand-in file")
            continue
        docs.append((doc, path.name))
        for a in doc["answers"]:
            if not isinstance(a, dict) or "ref" not in a:
                problems.append(f"{path.name}: an entry without 'ref' was skipped")
                continue
            rows.append(
                {
                    "student": str(doc.get("student", "")),
                    "ref": a["ref"],
                    "chapter": a.get("chapter", str(a["ref"]).split(".", 1)[0]),
                    "kind": a.get("kind", ""),
                    "status": a.get("status", ""),
                    "tries": int(a.get("tries") or 0),
                    "revealed": bool(a.get("revealed", False)),
                    "answer_text": a.get("answer_text", ""),
                    "exported_at": doc.get("exported_at", ""),
                    "file": path.name,
                }
            )
    frame = pd.DataFrame(rows, columns=columns).astype({"tries": "int64", "revealed": bool})
    frame.attrs["problems"] = problems
    frame.attrs["gradebook"] = None
    if gradebook is not False and docs:
        target = (home / GRADEBOOK_NAME) if gradebook is True and home is not None else Path(str(gradebook))
        if gradebook is True and home is None:
            target = Path(GRADEBOOK_NAME)
        table = gradebook_frame(docs)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp")
            table.to_csv(tmp, index=False, encoding="utf-8")
            tmp.replace(target)
            frame.attrs["gradebook"] = target
        except OSError as exc:
            problems.append(f"the gradebook {target} could not be written ({exc})")
    return frame


def _grade(answer: dict[str, Any]) -> str:
    status = answer.get("status")
    if status == "correct":
        return "solved"
    if status in ("saved", "defended"):
        return status
    return str(int(answer.get("tries") or 0))


def _exercise_order() -> dict[str, int]:
    """Each known exercise's place in its chapter file (so the gradebook follows the chapters)."""
    try:
        from kzlesson.exercises import registry

        chapters = registry.readable_chapters()[0]
    except Exception:  # noqa: BLE001 - without the exercise files, first-seen order is kept
        return {}
    return {ex.ref: i for ch in chapters for i, ex in enumerate(ch.exercises)}


def gradebook_frame(docs: list[tuple[dict[str, Any], str]]) -> pd.DataFrame:
    """The gradebook table (see :func:`collect_hand_ins`) from ``(hand-in document, file name)`` pairs.

    >>> doc = {"student": "Dana", "exported_at": "2026-01-02T10:00:00+00:00", "not_tried": ["x.b"],
    ...        "answers": [{"ref": "x.a", "status": "correct", "tries": 2}, {"ref": "x.c", "status": "wrong", "tries": 3}]}
    >>> gradebook_frame([(doc, "dana.json")]).to_dict(orient="records")
    [{'student': 'Dana', 'solved': 1, 'x.a': 'solved', 'x.c': '3', 'x.b': '0'}]
    """
    latest: dict[str, dict[str, Any]] = {}
    for doc, _name in docs:
        student = str(doc.get("student", ""))
        if student not in latest or str(doc.get("exported_at", "")) >= str(latest[student].get("exported_at", "")):
            latest[student] = doc
    refs: list[str] = []
    for doc in latest.values():
        for a in doc.get("answers", []):
            if isinstance(a, dict) and "ref" in a and a["ref"] not in refs:
                refs.append(str(a["ref"]))
        refs += [str(r) for r in doc.get("not_tried", []) or [] if str(r) not in refs]
    order = list(CHAPTER_TITLES)
    known = _exercise_order()
    refs.sort(key=lambda r: (order.index(r.split(".")[0]) if r.split(".")[0] in order else len(order),
                             r.split(".")[0], known.get(r, len(known))))
    out = []
    for student in sorted(latest, key=str.casefold):
        doc = latest[student]
        grades = {ref: "0" for ref in refs}
        for a in doc.get("answers", []):
            if isinstance(a, dict) and "ref" in a:
                grades[str(a["ref"])] = _grade(a)
        out.append({"student": student, "solved": sum(g == "solved" for g in grades.values()), **grades})
    return pd.DataFrame(out, columns=["student", "solved", *refs])
