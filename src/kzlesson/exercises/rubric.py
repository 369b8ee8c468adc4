"""Levelled rubrics: what an answer looks like at each level, with a short example answer.

A reflection (or a source evaluation) may carry a ``rubric``: at least three levels, each with a
name, a descriptor and an example answer. The student sees it after saving (never before, so it
does not write the answer for them); the book's collapsed block and the teacher guide show it too.

In YAML::

    rubric:
      - level: "Beginning"
        descriptor: "Names an item but gives no mechanism."
        example: "Oil is important for Kazakhstan."
      - level: "Developing"
        descriptor: "..."
        example: "..."
      - level: "Secure"
        descriptor: "..."
        example: "..."

>>> levels = parse_rubric([{"level": l, "descriptor": "d", "example": "e"} for l in "ABC"], None)
>>> [lv.level for lv in levels]
['A', 'B', 'C']
>>> "<ol" in rubric_html(levels)
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable

from kzlesson.exercises.md import inline

MIN_LEVELS = 3
_KEYS = ("level", "descriptor", "example")


@dataclass(frozen=True)
class RubricLevel:
    """One level of a rubric: its name, what work at this level does, and a short example."""

    level: str
    descriptor: str
    example: str


def _default_err(key: str | None, expected: str, got: object = None) -> ValueError:
    return ValueError(f"key {key!r}: expected {expected}, got {got!r}")


def parse_rubric(raw: Any, err: Callable[..., Exception] | None) -> tuple[RubricLevel, ...]:
    """Validate a ``rubric`` list (``err(key, expected, got)`` builds the exception to raise).

    >>> parse_rubric([{"level": "A", "descriptor": "d", "example": "e"}], None)
    Traceback (most recent call last):
    ...
    ValueError: key 'rubric': expected at least 3 levels, each {level, descriptor, example}, got 1
    """
    err = err or _default_err
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) < MIN_LEVELS:
        got = len(raw) if isinstance(raw, list) else raw
        raise err("rubric", f"at least {MIN_LEVELS} levels, each {{level, descriptor, example}}", got)
    levels = []
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise err("rubric", f"level {n} as {{level: ..., descriptor: ..., example: ...}}", item)
        extra = set(item) - set(_KEYS)
        if extra:
            raise err("rubric", f"level {n} with only level, descriptor, example", sorted(extra))
        values = []
        for key in _KEYS:
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                raise err("rubric", f"level {n} with a non-empty {key!r} text", value)
            values.append(" ".join(value.split()))
        levels.append(RubricLevel(*values))
    names = [lv.level for lv in levels]
    if len(set(names)) != len(names):
        raise err("rubric", "each level name once", names)
    return tuple(levels)


def rubric_html(levels: tuple[RubricLevel, ...], caption: str = "How your answer could be judged") -> str:
    """The rubric as an ordered list of levels, lowest first (reads well at phone width), or ``""``."""
    if not levels:
        return ""
    items = "".join(
        f"<li><strong>{html.escape(lv.level)}.</strong> {inline(lv.descriptor)}"
        f'<br><span class="kz-rubric-example">Example: “{inline(lv.example)}”</span></li>'
        for lv in levels
    )
    return (
        f'<div class="kz-rubric" role="group" aria-label="{html.escape(caption)}">'
        f'<p class="kz-rubric-caption"><strong>{html.escape(caption)}</strong> (from the lowest level to the highest)</p>'
        f'<ol class="kz-rubric-levels">{items}</ol></div>'
    )


def rubric_lines(levels: tuple[RubricLevel, ...]) -> list[str]:
    """The rubric as plain lines, one per level (for exports and text output).

    >>> rubric_lines((RubricLevel("Secure", "Weighs both sides.", "Yes, but..."),))
    ['Secure: Weighs both sides. Example: “Yes, but...”']
    """
    return [f"{lv.level}: {lv.descriptor} Example: “{lv.example}”" for lv in levels]


def rubric_markdown(levels: tuple[RubricLevel, ...]) -> str:
    """The rubric as a Markdown table (for the teacher guide)."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| Level | What the answer does | A short example |", "| --- | --- | --- |"]
    lines += [f"| {cell(lv.level)} | {cell(lv.descriptor)} | “{cell(lv.example)}” |" for lv in levels]
    return "\n".join(lines)


#: Styles for the rubric table, scoped to it (added once with the first rubric on a page).
RUBRIC_CSS = """<style>
.kz-rubric{margin:.4em 0;border-left:4px solid #555;padding:.1em .6em;background:#f4f4f4;color:#222;max-width:52em}
.kz-rubric p{margin:.2em 0}
.kz-rubric-levels{margin:.2em 0 .3em 1.3em;padding:0}
.kz-rubric-levels li{margin:.25em 0;line-height:1.35}
.kz-rubric-example{font-style:italic}
</style>"""
