"""Defended alternatives: where the module's answer is its own judgement, a reasoned dissent counts.

Some exercises auto-mark judgements the module itself makes (was an event "closer to Moscow"?
where did the course turn?). Marking ``defensible: true`` on such a ``choice`` or
``classification`` exercise adds a box for the student's reason. An answer that differs from the
module's is then:

* without a reason: "Not yet", as usual, with a line inviting the student to give one;
* with a reason of at least :data:`MIN_REASON_WORDS` words: **defended** — not "wrong"; the
  student's reason (exactly as typed) is shown beside the module's reason for each item where the
  two differ, so the student can weigh them.

The answer is stored as ``{"answer": <the usual answer>, "reason": "text"}``; a plain answer
(saved before the exercise became defensible) still reads.

>>> from kzlesson.exercises.spec import Choice, Exercise
>>> ex = Exercise("demo", "turn", "choice", "When?", "Because.", defensible=True, choices=(
...     Choice("June", False, "One signal."), Choice("September", True, "Most events.")))
>>> check_defended(ex, {"answer": ["June"], "reason": ""}).status
'wrong'
>>> check_defended(ex, {"answer": ["June"], "reason": "The remark beside Putin was the first open refusal."}).status
'defended'
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from typing import Any

from kzlesson.exercises.check import DEFENDED
from kzlesson.exercises.md import inline
_YES = re.compile(r"^(?:yes|right|correct)\b[.,:;!]?\s*", re.IGNORECASE)
MIN_REASON_WORDS = 8
KINDS_ALLOWED = ("choice", "classification")


@dataclass(frozen=True)
class Difference:
    """One place where the student's answer and the module's differ."""

    item: str  # the item (classification) or "" (a choice exercise)
    yours: str
    modules: str
    module_reason: str  # why the module answers as it does
    reply: str = ""  # the module's note on the student's own choice, if any


def split_answer(answer: Any) -> tuple[Any, str]:
    """``({"answer": a, "reason": r})`` -> ``(a, r)``; any other answer -> ``(answer, "")``.

    >>> split_answer({"answer": ["June"], "reason": " why "})
    (['June'], ' why ')
    >>> split_answer(["June"])
    (['June'], '')
    """
    if isinstance(answer, dict) and set(answer) <= {"answer", "reason"} and "answer" in answer:
        reason = answer.get("reason")
        return answer["answer"], reason if isinstance(reason, str) else ""
    return answer, ""


def differences(ex: Any, inner: Any) -> list[Difference]:
    """Where the student's (complete) answer differs from the module's."""
    out: list[Difference] = []
    if ex.kind == "choice":
        picked = [inner] if isinstance(inner, str) else list(inner or [])
        right = [c for c in ex.choices if c.correct]
        module_text = "; ".join(c.text for c in right)
        # a right choice's feedback often opens with "Yes." (said to a student who chose it): drop that here
        module_reason = " ".join(_YES.sub("", c.feedback) for c in right if c.feedback) or ex.explanation
        for choice in ex.choices:
            if choice.text in picked and not choice.correct:
                out.append(Difference("", choice.text, module_text, module_reason, choice.feedback))
        if ex.multiple:
            for choice in right:
                if choice.text not in picked:
                    out.append(Difference("", "(not ticked) " + choice.text, choice.text, choice.feedback or ex.explanation))
    elif ex.kind == "classification":
        placed = dict(inner or {})
        for item in ex.class_items:
            yours = placed.get(item.text)
            if yours in ex.categories and yours != item.category:
                out.append(Difference(item.text, str(yours), item.category, item.feedback or ex.explanation))
    return out


def check_defended(ex: Any, answer: Any) -> Any:
    """Check a ``defensible`` exercise: the usual check, then accept a reasoned dissent."""
    from kzlesson.exercises import check as chk

    inner, reason = split_answer(answer)
    fb = chk.check(replace(ex, defensible=False), inner)
    if fb.status in (chk.INVALID, chk.CORRECT):
        return fb
    words = chk.word_count(reason)
    diffs = differences(ex, inner)
    if words >= MIN_REASON_WORDS and diffs:
        n = len(diffs)
        where = "on this question" if ex.kind == "choice" else f"on {n} item{'s' if n != 1 else ''}"
        details = tuple(
            (f"“{d.item}”: you chose “{d.yours}”; the module chose “{d.modules}”." if d.item
             else f"You chose “{d.yours}”; the module chose “{d.modules}”.")
            for d in diffs
        )
        return chk.Feedback(
            DEFENDED,
            f"Defended — your answer differs from the module's {where}, and you gave a reason. "
            "That can be a fair reading: compare your reason with the module's below, and weigh the evidence.",
            details,
        )
    if words:
        tail = (f"Your reason has {words} word{'s' if words != 1 else ''}: to defend a different answer, "
                f"say which evidence supports it (at least {MIN_REASON_WORDS} words), then press Check again.")
    else:
        tail = ("Disagree with the module on purpose? Write your reason in the box under the question and "
                "press Check again: you will see the module's reason beside yours.")
    return replace(fb, details=fb.details + (tail,))


def comparison_html(ex: Any, answer: Any, fb: Any) -> str:
    """For a defended answer: the student's reason (exactly as typed) beside the module's reasons."""
    if getattr(fb, "status", None) != DEFENDED:
        return ""
    inner, reason = split_answer(answer)
    rows = []
    for d in differences(ex, inner):
        head = f"<strong>{inline(d.item)}</strong>: " if d.item else ""
        reply = f" <em>On your choice:</em> {inline(d.reply)}" if d.reply else ""
        rows.append(f"<li>{head}{inline(d.module_reason)}{reply}</li>")
    return (
        '<div class="kz-defended" role="group" aria-label="Your reason and the module\'s">'
        '<div class="kz-defended-yours"><p><strong>Your reason</strong> (as you typed it)</p>'
        f'<p class="kz-defended-text">{html.escape(reason.strip())}</p></div>'
        '<div class="kz-defended-module"><p><strong>The module\'s reason</strong></p>'
        f"<ul>{''.join(rows)}</ul></div></div>"
    )


#: Two columns side by side, stacked on a narrow screen.
DEFENDED_CSS = """<style>
.kz-defended{display:flex;flex-wrap:wrap;gap:.6em;margin:.4em 0}
.kz-defended>div{flex:1 1 16em;border-left:4px solid #555;padding:.1em .6em;background:#f4f4f4;color:#222}
.kz-defended p{margin:.2em 0}
.kz-defended ul{margin:.2em 0 .2em 1.1em;padding:0}
.kz-defended-text{white-space:pre-wrap;overflow-wrap:anywhere}
</style>"""


class DefendedControls:
    """Wraps a kind's controls and adds the reason box; ``get``/``set`` use ``{"answer", "reason"}``."""

    def __init__(self, base: Any) -> None:
        from kzlesson.exercises.widgets import text_box

        self.base = base
        self.ex = base.ex
        self.area = text_box(
            "Your reason (if you disagree with the module):",
            "Optional. If your answer differs from the module's on purpose, say which evidence supports it.",
            rows=3,
        )
        self.inputs = [*base.inputs, self.area]
        self.widgets = [*base.widgets, self.area]

    def get(self) -> dict[str, Any]:
        return {"answer": self.base.get(), "reason": self.area.value}

    def set(self, answer: Any) -> None:
        inner, reason = split_answer(answer)
        self.base.set(inner)
        self.area.value = reason
