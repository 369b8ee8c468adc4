"""Exercise content: load ``data/exercises/<stem>.yml``, validate it, return dataclasses.

Every problem is reported as an :class:`ExerciseSpecError` (a :class:`~kzlesson.errors.DataError`)
that names the file, the line of the exercise, the exercise id and the key.

>>> from kzlesson.exercises.spec import parse_chapter
>>> chapter = parse_chapter({"chapter": "demo", "exercises": [
...     {"id": "two", "kind": "numeric", "question": "1 + 1?", "answer": 2, "explanation": "Sum."}]},
...     path="demo.yml")
>>> chapter.get("two").answer
2.0
"""

from __future__ import annotations

import importlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kzlesson.errors import DataError
from kzlesson.exercises import source_eval
from kzlesson.exercises.rubric import RubricLevel, parse_rubric

KINDS = ("choice", "numeric", "ordering", "classification", "reflection", "source-evaluation")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFAULT_SHOW_ANSWER_AFTER = 3

_COMMON_KEYS = {"id", "kind", "question", "hints", "explanation", "show_answer_after", "title"}
_KIND_KEYS = {
    "choice": {"choices", "shuffle", "answer", "defensible"},
    "numeric": {"answer", "computed", "tolerance", "unit", "mistakes", "decimals"},
    "ordering": {"items", "first_label", "last_label"},
    "classification": {"categories", "items", "defensible"},
    "reflection": {"min_words", "guidance", "rubric"},
    "source-evaluation": source_eval.KEYS,
}


class ExerciseSpecError(DataError):
    """An exercise file is malformed: names the file, the exercise's line and id, and the key.

    >>> str(ExerciseSpecError("trade.yml", 4, "share", "answer", "a number"))
    "trade.yml:4: exercise 'share', key 'answer': expected a number"
    """

    def __init__(
        self,
        path: str | Path,
        row: int | None,
        exercise_id: str | None,
        key: str | None,
        expected: str,
        got: object = None,
    ) -> None:
        self.exercise_id = exercise_id
        self.key = key
        column = None
        if exercise_id is not None:
            column = f" exercise {exercise_id!r}"
            if key:
                column += f", key {key!r}"
        elif key:
            column = f" key {key!r}"
        super().__init__(path, row, column, expected, got)
        # DataError joins with ':'; keep its fields but make the message read naturally.
        where = f"{self.path}:{row}" if row is not None else self.path
        message = f"{where}:{column}: expected {expected}" if column else f"{where}: expected {expected}"
        if got is not None:
            message += f", got {got!r}"
        self.args = (message,)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Choice:
    """One option of a ``choice`` exercise."""

    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Mistake:
    """A typical wrong numeric answer and the message it earns."""

    value: float
    tolerance: float
    message: str


@dataclass(frozen=True)
class ClassItem:
    """One item of a ``classification`` exercise, with its right category."""

    text: str
    category: str
    feedback: str = ""


@dataclass(frozen=True)
class Exercise:
    """One exercise, validated. Kind-specific fields are empty for other kinds.

    ``ref`` is ``"<chapter>.<id>"``, the string a notebook passes to ``kz.exercise``.
    """

    chapter: str
    id: str
    kind: str
    question: str
    explanation: str = ""
    hints: tuple[str, ...] = ()
    show_answer_after: int | None = DEFAULT_SHOW_ANSWER_AFTER
    title: str = ""
    path: str = ""
    line: int | None = None
    # choice
    choices: tuple[Choice, ...] = ()
    shuffle: bool = False
    # numeric
    answer: float | None = None
    computed: str | None = None
    tolerance: float = 0.0
    unit: str = ""
    mistakes: tuple[Mistake, ...] = ()
    decimals: int | None = None
    # ordering (items in the right order) and classification (item texts)
    items: tuple[str, ...] = ()
    first_label: str = ""
    last_label: str = ""
    # classification
    categories: tuple[str, ...] = ()
    class_items: tuple[ClassItem, ...] = ()
    # reflection
    min_words: int = 0
    guidance: str = ""
    # judgement (kzlesson.exercises.rubric, .defended, .source_eval)
    rubric: tuple[RubricLevel, ...] = ()
    defensible: bool = False
    source: source_eval.SourceRef | None = None
    criteria: tuple[source_eval.Criterion, ...] = ()
    verdict: str = ""

    @property
    def ref(self) -> str:
        """``"chapter.id"``, e.g. ``"trade.russia-import-share"``."""
        return f"{self.chapter}.{self.id}"

    @property
    def multiple(self) -> bool:
        """True for a ``choice`` exercise with several right answers (tick all that apply)."""
        return sum(c.correct for c in self.choices) > 1

    @property
    def graded(self) -> bool:
        """Reflections are kept, never graded."""
        return self.kind != "reflection"


@dataclass(frozen=True)
class Chapter:
    """All exercises of one file, in file order."""

    chapter: str
    path: str
    exercises: tuple[Exercise, ...] = field(default_factory=tuple)
    title: str = ""

    def get(self, exercise_id: str) -> Exercise:
        """Return one exercise by id; ``KeyError`` naming the ids there are."""
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        known = ", ".join(e.id for e in self.exercises) or "none"
        raise KeyError(f"no exercise {exercise_id!r} in {self.path} (exercises there: {known})")

    @property
    def ids(self) -> list[str]:
        """The exercise ids in file order."""
        return [e.id for e in self.exercises]


# --------------------------------------------------------------------------- YAML with line numbers


def _exercise_lines(text: str) -> list[int]:
    """Line numbers (1-based) where each item of the ``exercises`` list starts."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.MappingNode):
        return []
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "exercises" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def load_chapter(path: str | Path) -> Chapter:
    """Read and validate one exercise file.

    >>> load_chapter("does-not-exist.yml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kzlesson.exercises.spec.ExerciseSpecError: does-not-exist.yml: expected an exercise file that exists...
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExerciseSpecError(path, None, None, None, "an exercise file that exists") from None
    except UnicodeDecodeError as exc:
        raise ExerciseSpecError(path, None, None, None, "UTF-8 text", str(exc)) from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ExerciseSpecError(path, line, None, None, "valid YAML", problem) from None
    return parse_chapter(raw, path=path, lines=_exercise_lines(text))


def parse_chapter(raw: Any, path: str | Path = "<exercises>", lines: list[int] | None = None) -> Chapter:
    """Validate already-parsed YAML (a dict with ``chapter`` and ``exercises``)."""
    path = Path(path)
    lines = lines or []
    if not isinstance(raw, dict):
        raise ExerciseSpecError(path, None, None, None, "a mapping with keys 'chapter' and 'exercises'", type(raw).__name__)
    unknown = set(raw) - {"chapter", "exercises", "title"}
    if unknown:
        raise ExerciseSpecError(
            path, None, None, None, "only the keys 'chapter', 'title' and 'exercises' at the top", sorted(unknown)
        )
    title = raw.get("title", "")
    if not isinstance(title, str):
        raise ExerciseSpecError(path, None, None, "title", "the chapter's title as a text", title)
    chapter = raw.get("chapter")
    if not isinstance(chapter, str) or not chapter:
        raise ExerciseSpecError(path, None, None, "chapter", "the file stem as a string", chapter)
    if path.suffix in (".yml", ".yaml") and chapter != path.stem:
        raise ExerciseSpecError(path, None, None, "chapter", f"the file stem {path.stem!r}", chapter)
    items = raw.get("exercises")
    if not isinstance(items, list) or not items:
        raise ExerciseSpecError(path, None, None, "exercises", "a non-empty list of exercises", items)
    seen: dict[str, int | None] = {}
    out: list[Exercise] = []
    for index, item in enumerate(items):
        line = lines[index] if index < len(lines) else None
        ex = _parse_exercise(item, chapter, path, line, index)
        if ex.id in seen:
            where = f" (first at line {seen[ex.id]})" if seen[ex.id] else ""
            raise ExerciseSpecError(path, line, ex.id, "id", f"an id used once in the file{where}", ex.id)
        seen[ex.id] = line
        out.append(ex)
    return Chapter(chapter=chapter, path=str(path), exercises=tuple(out), title=title.strip())


# --------------------------------------------------------------------------- one exercise


def _parse_exercise(item: Any, chapter: str, path: Path, line: int | None, index: int) -> Exercise:
    if not isinstance(item, dict):
        raise ExerciseSpecError(path, line, f"#{index + 1}", None, "a mapping (id, kind, question, ...)", item)
    ex_id = item.get("id")
    if not isinstance(ex_id, str) or not ID_PATTERN.match(ex_id):
        raise ExerciseSpecError(path, line, f"#{index + 1}", "id", "an id in lowercase-with-dashes", ex_id)

    def err(key: str | None, expected: str, got: object = None) -> ExerciseSpecError:
        return ExerciseSpecError(path, line, ex_id, key, expected, got)

    kind = item.get("kind")
    if kind not in KINDS:
        raise err("kind", "one of " + ", ".join(KINDS), kind)
    unknown = set(item) - _COMMON_KEYS - _KIND_KEYS[kind]
    if unknown:
        allowed = ", ".join(sorted(_COMMON_KEYS | _KIND_KEYS[kind]))
        raise err(sorted(unknown)[0], f"only keys a {kind} exercise knows ({allowed})", sorted(unknown))

    question = _text(item, "question", err, required=True)
    explanation = _text(item, "explanation", err, required=kind != "reflection")
    hints_raw = item.get("hints", [])
    if isinstance(hints_raw, str):
        hints_raw = [hints_raw]
    if not isinstance(hints_raw, list) or not all(isinstance(h, str) and h.strip() for h in hints_raw):
        raise err("hints", "a list of non-empty texts", hints_raw)
    show_after = item.get("show_answer_after", DEFAULT_SHOW_ANSWER_AFTER)
    if show_after is False:
        show_after = None
    elif isinstance(show_after, bool) or not isinstance(show_after, int) or show_after < 0:
        raise err("show_answer_after", "a whole number of tries >= 0 (or false for never)", show_after)
    common: dict[str, Any] = {
        "chapter": chapter,
        "id": ex_id,
        "kind": kind,
        "question": question,
        "explanation": explanation,
        "hints": tuple(h.strip() for h in hints_raw),
        "show_answer_after": show_after,
        "title": _text(item, "title", err),
        "path": str(path),
        "line": line,
    }
    parser = {
        "choice": _choice,
        "numeric": _numeric,
        "ordering": _ordering,
        "classification": _classification,
        "reflection": _reflection,
        "source-evaluation": source_eval.parse_source_evaluation,
    }[kind]
    fields = parser(item, err)
    if "defensible" in item:
        if not isinstance(item["defensible"], bool):
            raise err("defensible", "true or false", item["defensible"])
        fields["defensible"] = item["defensible"]
    return Exercise(**common, **fields)


def _text(item: dict, key: str, err: Any, required: bool = False) -> str:
    value = item.get(key)
    if value is None:
        if required:
            raise err(key, "a text")
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or (required and not value.strip()):
        raise err(key, "a non-empty text" if required else "a text", value)
    return value.strip()


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _choice(item: dict, err: Any) -> dict[str, Any]:
    raw = item.get("choices")
    if not isinstance(raw, list) or len(raw) < 2:
        raise err("choices", "a list of at least two choices", raw)
    choices = []
    for n, c in enumerate(raw, start=1):
        if isinstance(c, str):
            c = {"text": c}
        if not isinstance(c, dict) or not isinstance(c.get("text"), (str, int, float)) or not str(c["text"]).strip():
            raise err("choices", f"choice {n} as {{text: ..., correct: true/false, feedback: ...}}", c)
        extra = set(c) - {"text", "correct", "feedback"}
        if extra:
            raise err("choices", f"choice {n} with only text, correct, feedback", sorted(extra))
        if not isinstance(c.get("correct", False), bool):
            raise err("choices", f"choice {n} 'correct' as true or false", c.get("correct"))
        feedback = c.get("feedback", "")
        if not isinstance(feedback, str):
            raise err("choices", f"choice {n} 'feedback' as a text", feedback)
        choices.append(Choice(str(c["text"]).strip(), bool(c.get("correct", False)), feedback.strip()))
    texts = [c.text for c in choices]
    if len(set(texts)) != len(texts):
        raise err("choices", "each choice text once", [t for t in texts if texts.count(t) > 1][0])
    if "answer" in item:  # optional alternative to 'correct: true': the right choice text(s)
        raw_answer = item["answer"]
        named = [raw_answer] if isinstance(raw_answer, (str, int, float)) else raw_answer
        if not isinstance(named, list) or not named:
            raise err("answer", "the text of the right choice (or a list of texts)", raw_answer)
        named = [str(a).strip() for a in named]
        for a in named:
            if a not in texts:
                raise err("answer", f"a text among the choices {texts}", a)
        marked = [c.text for c in choices if c.correct]
        if marked and sorted(marked) != sorted(named):
            raise err("answer", "the same right choices as those marked 'correct: true'", named)
        choices = [Choice(c.text, c.text in named, c.feedback) for c in choices]
    if not any(c.correct for c in choices):
        raise err("choices", "at least one choice with 'correct: true' (the answer is missing)")
    shuffle = item.get("shuffle", False)
    if not isinstance(shuffle, bool):
        raise err("shuffle", "true or false", shuffle)
    return {"choices": tuple(choices), "shuffle": shuffle}


def _numeric(item: dict, err: Any) -> dict[str, Any]:
    has_answer, has_computed = "answer" in item, "computed" in item
    if has_answer and has_computed:
        raise err("answer", "either 'answer' or 'computed', not both")
    if not has_answer and not has_computed:
        raise err("answer", "an 'answer' (a number) or 'computed: \"kzlesson.module:function\"' (the answer is missing)")
    computed = None
    if has_computed:
        computed = item["computed"]
        answer = resolve_computed(computed, err)
    else:
        answer = _number(item["answer"])
        if answer is None:
            raise err("answer", "a number", item["answer"])
    tolerance = item.get("tolerance", 0)
    if _number(tolerance) is None or tolerance < 0:
        raise err("tolerance", "a number >= 0 (absolute, in the exercise's unit)", tolerance)
    unit = item.get("unit", "")
    if unit is None:
        unit = ""
    if not isinstance(unit, str):
        raise err("unit", 'a text such as "%", "USD bn", "USD m", "people" or ""', unit)
    decimals = item.get("decimals")
    if decimals is not None and (isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0):
        raise err("decimals", "a whole number of decimals >= 0", decimals)
    if not isinstance(item.get("mistakes") or [], list):
        raise err("mistakes", "a list of {value, tolerance, message}", item.get("mistakes"))
    mistakes = []
    for n, m in enumerate(item.get("mistakes") or [], start=1):
        if not isinstance(m, dict) or _number(m.get("value")) is None or not isinstance(m.get("message"), str):
            raise err("mistakes", f"mistake {n} as {{value: number, tolerance: number, message: text}}", m)
        extra = set(m) - {"value", "tolerance", "message"}
        if extra:
            raise err("mistakes", f"mistake {n} with only value, tolerance, message", sorted(extra))
        mtol = m.get("tolerance", tolerance)
        if _number(mtol) is None or mtol < 0:
            raise err("mistakes", f"mistake {n} tolerance as a number >= 0", mtol)
        if abs(float(m["value"]) - answer) <= float(tolerance):
            raise err("mistakes", f"mistake {n} value outside the answer's tolerance (it would count as right)", m["value"])
        value, mtol = float(m["value"]), float(mtol)
        for k, earlier in enumerate(mistakes, start=1):
            # mistakes are tried in order: one inside an earlier one's range is never reached
            if earlier.value - earlier.tolerance <= value - mtol and value + mtol <= earlier.value + earlier.tolerance:
                raise err(
                    "mistakes",
                    f"mistake {n} to differ from mistake {k} ({earlier.value:g} ± {earlier.tolerance:g}), "
                    "which is checked first, so this one could never be shown",
                    m["value"],
                )
        mistakes.append(Mistake(value, mtol, m["message"].strip()))
    return {
        "answer": float(answer),
        "computed": computed,
        "tolerance": float(tolerance),
        "unit": unit.strip(),
        "mistakes": tuple(mistakes),
        "decimals": decimals,
    }


def resolve_computed(target: Any, err: Any) -> float:
    """Call ``"kzlesson.module:function"`` (no arguments) and return its finite number."""
    if not isinstance(target, str) or ":" not in target:
        raise err("computed", 'a target "kzlesson.module:function"', target)
    module_name, _, func_name = target.partition(":")
    if module_name != "kzlesson" and not module_name.startswith("kzlesson."):
        raise err("computed", "a function inside the kzlesson package (kzlesson.*)", target)
    if not re.fullmatch(r"[A-Za-z_][\w.]*", module_name) or not re.fullmatch(r"[A-Za-z_]\w*", func_name):
        raise err("computed", 'a target "kzlesson.module:function"', target)
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise err("computed", "a module that exists in kzlesson", f"{target} ({exc})") from None
    func = getattr(module, func_name, None)
    if not callable(func):
        raise err("computed", f"a function {func_name!r} in {module_name}", target)
    try:
        value = func()
    except Exception as exc:  # noqa: BLE001 - report any failure as a data error
        raise err("computed", "a function that runs without arguments", f"{target} raised {exc!r}") from None
    number = _number(value)
    if number is None:
        try:
            number = _number(float(value))  # numpy scalars and the like
        except (TypeError, ValueError):
            number = None
    if number is None:
        raise err("computed", "a function returning a finite number", f"{target} returned {value!r}")
    return number


def _ordering(item: dict, err: Any) -> dict[str, Any]:
    raw = item.get("items")
    if not isinstance(raw, list) or len(raw) < 2:
        raise err("items", "a list of at least two items, written in the correct order (the answer)", raw)
    texts = []
    for n, t in enumerate(raw, start=1):
        if not isinstance(t, (str, int, float)) or isinstance(t, bool) or not str(t).strip():
            raise err("items", f"item {n} as a non-empty text", t)
        texts.append(str(t).strip())
    if len(set(texts)) != len(texts):
        raise err("items", "each item once", [t for t in texts if texts.count(t) > 1][0])
    out: dict[str, Any] = {"items": tuple(texts)}
    for key in ("first_label", "last_label"):
        value = item.get(key, "")
        if not isinstance(value, str):
            raise err(key, "a text such as 'earliest'", value)
        out[key] = value.strip()
    return out


def _classification(item: dict, err: Any) -> dict[str, Any]:
    cats = item.get("categories")
    if not isinstance(cats, list) or len(cats) < 2 or not all(isinstance(c, str) and c.strip() for c in cats):
        raise err("categories", "a list of at least two category names", cats)
    cats = [c.strip() for c in cats]
    if len(set(cats)) != len(cats):
        raise err("categories", "each category once", cats)
    raw = item.get("items")
    if not isinstance(raw, list) or not raw:
        raise err("items", "a list of {text, category, feedback} items", raw)
    out = []
    for n, it in enumerate(raw, start=1):
        if not isinstance(it, dict) or not isinstance(it.get("text"), str) or not it["text"].strip():
            raise err("items", f"item {n} as {{text: ..., category: ..., feedback: ...}}", it)
        extra = set(it) - {"text", "category", "feedback"}
        if extra:
            raise err("items", f"item {n} with only text, category, feedback", sorted(extra))
        category = it.get("category")
        if category is None:
            raise err("items", f"item {n} ({it['text'][:40]!r}) with a category (the answer is missing)")
        if not isinstance(category, str) or category.strip() not in cats:
            raise err("items", f"item {n} category to be one of the categories {cats}", category)
        feedback = it.get("feedback", "")
        if not isinstance(feedback, str):
            raise err("items", f"item {n} feedback as a text", feedback)
        out.append(ClassItem(it["text"].strip(), category.strip(), feedback.strip()))
    texts = [i.text for i in out]
    if len(set(texts)) != len(texts):
        raise err("items", "each item text once", [t for t in texts if texts.count(t) > 1][0])
    return {"categories": tuple(cats), "class_items": tuple(out), "items": tuple(texts)}


def _reflection(item: dict, err: Any) -> dict[str, Any]:
    min_words = item.get("min_words", 0)
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
        raise err("min_words", "a whole number >= 0", min_words)
    guidance = _text(item, "guidance", err)
    return {"min_words": min_words, "guidance": guidance, "rubric": parse_rubric(item.get("rubric"), err)}
