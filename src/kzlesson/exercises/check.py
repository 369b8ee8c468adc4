"""Pure checking: an exercise and an answer in, a :class:`Feedback` out. No widgets, no files.

Answers are plain JSON-able values, the same ones the store keeps:

* ``choice``: a list of the chosen choice texts (one text is fine for a single choice; a dict,
  or a text that is not one of the choices, is ``invalid`` with a message saying so)
* ``numeric``: the text the student typed
* ``ordering``: the item texts in the student's order
* ``classification``: ``{item text: category or None}``
* ``reflection``: the text

>>> from kzlesson.exercises.spec import Exercise
>>> ex = Exercise("demo", "two", "numeric", "1 + 1?", "Sum.", answer=2.0, tolerance=0.0)
>>> check(ex, "2").message
'Correct — 2 is right.'
>>> check(ex, "").status
'invalid'
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from typing import Any

from kzlesson.exercises.md import inline
from kzlesson.exercises.parse import quoted, read_number, with_unit
from kzlesson.exercises.spec import Exercise

CORRECT = "correct"
PARTIAL = "partial"
WRONG = "wrong"
INVALID = "invalid"  # unreadable or incomplete: not counted as a try
SAVED = "saved"  # reflections
DEFENDED = "defended"  # a reasoned dissent, accepted (kzlesson.exercises.defended): done, not "right"

STATUS_WORDS = {
    CORRECT: "✓ Correct",
    PARTIAL: "✗ Not yet",
    WRONG: "✗ Not yet",
    INVALID: "! Check your input",
    SAVED: "✓ Saved",
    DEFENDED: "◆ Defended",
}


@dataclass(frozen=True)
class Feedback:
    """The result of one check: a status, a one-line message and optional details (lines of text)."""

    status: str
    message: str
    details: tuple[str, ...] = field(default_factory=tuple)
    note: str = ""
    #: the message quotes the student's input: shown as plain text, never as Markdown
    plain: bool = False

    @property
    def correct(self) -> bool:
        return self.status == CORRECT

    @property
    def counts_as_try(self) -> bool:
        """Unreadable or incomplete answers are not counted."""
        return self.status != INVALID

    def text(self) -> str:
        """Everything as plain text, one line each."""
        lines = [self.message]
        if self.note:
            lines.append(f"(I {self.note}.)")
        lines.extend(self.details)
        return "\n".join(lines)


def check(ex: Exercise, answer: Any) -> Feedback:
    """Check one answer against one exercise; never raises on a student's input."""
    if ex.defensible or ex.kind == "source-evaluation":  # kzlesson.exercises.defended / .source_eval
        from kzlesson.exercises import defended, source_eval

        checker = defended.check_defended if ex.defensible else source_eval.check_source
        try:
            return checker(ex, answer)
        except (TypeError, ValueError, AttributeError, KeyError):
            return Feedback(INVALID, "Check your input — I could not read that answer. Please try again.")
    checker = {
        "choice": _check_choice,
        "numeric": _check_numeric,
        "ordering": _check_ordering,
        "classification": _check_classification,
        "reflection": _check_reflection,
    }[ex.kind]
    try:
        return checker(ex, answer)
    except (TypeError, ValueError, AttributeError, KeyError):
        return Feedback(INVALID, "Check your input — I could not read that answer. Please try again.")


# --------------------------------------------------------------------------- kinds


def _check_choice(ex: Exercise, answer: Any) -> Feedback:
    if isinstance(answer, dict) or (answer is not None and not isinstance(answer, (str, list, tuple))):
        what = "one choice's text" if not ex.multiple else "a list of the chosen choices' texts"
        return Feedback(INVALID, f"Check your input — the answer to this exercise is {what}.", plain=True)
    picked = [answer] if isinstance(answer, str) else list(answer or [])
    known = {c.text: c for c in ex.choices}
    unknown = [p for p in picked if not isinstance(p, str) or p not in known]
    if unknown:
        first = unknown[0] if isinstance(unknown[0], str) else str(unknown[0])
        return Feedback(INVALID, f"{quoted(first)} is not one of the choices of this exercise. "
                        "Choose among the answers shown, then press Check.", plain=True)
    if not picked:
        what = "at least one answer" if ex.multiple else "an answer"
        return Feedback(INVALID, f"Choose {what} first, then press Check.")
    if not ex.multiple:
        if len(set(picked)) > 1:
            return Feedback(INVALID, "Choose only one answer.")
        choice = known[picked[0]]
        if choice.correct:
            return Feedback(CORRECT, _join("Correct —", choice.feedback or "that is the right answer."))
        return Feedback(WRONG, _join("Not yet —", choice.feedback or "that is not the best answer."))
    right = {c.text for c in ex.choices if c.correct}
    chosen = set(picked)
    good = chosen & right
    bad = [c for c in ex.choices if c.text in chosen and not c.correct]
    missed = right - chosen
    if not bad and not missed:
        details = tuple(known[t].feedback for t in dict.fromkeys(picked) if known[t].feedback)
        return Feedback(CORRECT, f"Correct — you found all {len(right)} right answers.", details)
    parts = [ticks_right(len(good), len(chosen))]
    if missed:
        parts.append(f"{len(missed)} right answer{'s are' if len(missed) > 1 else ' is'} still missing")
    details = tuple(f"“{c.text}”: {c.feedback}" for c in bad if c.feedback)
    return Feedback(PARTIAL if good else WRONG, "Not yet — " + "; ".join(parts) + ".", details)


def ticks_right(good: int, ticked: int) -> str:
    """How many ticks are right, in plain English.

    >>> ticks_right(0, 1), ticks_right(1, 1), ticks_right(0, 3), ticks_right(1, 2), ticks_right(2, 3)
    ('your one tick is not right', 'your one tick is right', 'none of your 3 ticks is right', '1 of your 2 ticks is right', '2 of your 3 ticks are right')
    >>> ticks_right(2, 2), ticks_right(3, 3)
    ('both your ticks are right', 'all 3 of your ticks are right')
    """
    if ticked == 1:
        return "your one tick is right" if good else "your one tick is not right"
    if good == 0:
        return f"none of your {ticked} ticks is right"
    if good == ticked:
        return "both your ticks are right" if ticked == 2 else f"all {ticked} of your ticks are right"
    return f"{good} of your {ticked} ticks {'is' if good == 1 else 'are'} right"


def _check_numeric(ex: Exercise, answer: Any) -> Feedback:
    reading = read_number(answer, ex.unit)
    if not reading.ok:
        return Feedback(INVALID, reading.error, plain=True)
    assert ex.answer is not None
    value, note = reading.value, reading.note
    assert value is not None

    def near(target: float, tol: float, v: float) -> bool:
        return abs(v - target) <= tol + 1e-9 * max(1.0, abs(target))

    # The value as typed comes first: a mistake listed as a fraction (0.029 in a percent
    # exercise) is then reached before the fraction is read as a percentage (2.9 %).
    candidates = [(value, note)]
    if reading.maybe_fraction:
        as_percent = value * 100
        candidates.append((as_percent, f"read {_num(value)} as a fraction, that is {with_unit(as_percent, '%')}"))
    shown = with_unit(ex.answer, ex.unit, shown_decimals(ex))
    for v, n in candidates:
        if near(ex.answer, ex.tolerance, v):
            exact = ex.tolerance == 0 or same_as_shown(ex, v)
            tail = f"{shown} is right" if exact else f"the answer is {shown}, and yours is close enough"
            return Feedback(CORRECT, f"Correct — {tail}.", note=n)
        for mistake in ex.mistakes:
            if near(mistake.value, mistake.tolerance, v):
                return Feedback(WRONG, _join("Not yet —", mistake.message), note=n)
    v, n = candidates[0]
    direction = "too high" if v > ex.answer else "too low"
    if len(candidates) > 1:  # a bare 0.5 in a percent exercise: 0.5 % or, as a fraction, 50 %
        f = candidates[1][0]
        other = "too high" if f > ex.answer else "too low"
        both = f"both are {direction}" if other == direction else f"{with_unit(v, ex.unit)} is {direction} and {with_unit(f, ex.unit)} is {other}"
        return Feedback(
            WRONG,
            f"Not yet — I read {_num(v)} both as {with_unit(v, ex.unit)} and as a fraction, "
            f"{with_unit(f, ex.unit)}: {both}.",
            note=n,
        )
    return Feedback(WRONG, f"Not yet — {with_unit(v, ex.unit)} is {direction}.", note=n)


def _check_ordering(ex: Exercise, answer: Any) -> Feedback:
    order = [str(a) if a is not None else None for a in list(answer or [])]
    if len(order) != len(ex.items):
        return Feedback(INVALID, "Give every item a number, then press Check.")
    missing = sum(1 for a in order if a is None)
    if missing:
        return Feedback(INVALID, f"Give every item a number ({missing} left), then press Check.")
    if sorted(order) != sorted(ex.items):
        dupes = sorted({a for a in order if order.count(a) > 1 and a in ex.items})  # item texts only
        if dupes:
            return Feedback(INVALID, f"Each item goes in one position only: “{dupes[0]}” is used twice.")
        return Feedback(INVALID, "Some items are not from this exercise; please re-run the cell.")
    right = [i for i, (a, b) in enumerate(zip(order, ex.items)) if a == b]
    n = len(ex.items)
    if len(right) == n:
        return Feedback(CORRECT, f"Correct — all {n} items are in the right order.")
    if right:
        where = ", ".join(str(i + 1) for i in right)
        verb = "has" if len(right) == 1 else "have"
        msg = f"Not yet — {len(right)} of {n} items {verb} the right number ({where})."
    else:
        msg = f"Not yet — none of the {n} items has the right number yet."
    # pairs in the right relative order, a gentler measure of closeness
    rank = {t: i for i, t in enumerate(ex.items)}
    pairs = sum(1 for i in range(n) for j in range(i + 1, n) if rank[order[i]] < rank[order[j]])
    total = n * (n - 1) // 2
    details = (f"{pairs} of {total} pairs are in the right order relative to each other.",)
    return Feedback(PARTIAL if right else WRONG, msg, details)


def _check_classification(ex: Exercise, answer: Any) -> Feedback:
    placed = dict(answer or {})
    missing = [it.text for it in ex.class_items if placed.get(it.text) not in ex.categories]
    if missing:
        left = len(missing)
        return Feedback(INVALID, f"Choose a category for every item ({left} left), then press Check.")
    wrong = [it for it in ex.class_items if placed[it.text] != it.category]
    n = len(ex.class_items)
    if not wrong:
        return Feedback(CORRECT, f"Correct — all {n} items are in the right category.")
    details = tuple(
        f"“{it.text}”: {it.feedback}" if it.feedback else f"“{it.text}” is not in the right category."
        for it in wrong
    )
    status = PARTIAL if len(wrong) < n else WRONG
    good = n - len(wrong)
    verb = "is" if good == 1 else "are"
    return Feedback(status, f"Not yet — {good} of {n} items {verb} in the right category.", details)


def _check_reflection(ex: Exercise, answer: Any) -> Feedback:
    text = str(answer or "").strip()
    words = word_count(text)
    if not words:
        return Feedback(INVALID, "Write your answer in the box first, then press Save.")
    msg = f"Saved — {words} word{'s' if words != 1 else ''}."
    if ex.min_words and words < ex.min_words:
        msg += f" Aim for at least {ex.min_words} words; you can add more and save again."
    details = (f"What a strong answer mentions: {ex.guidance}",) if ex.guidance else ()
    return Feedback(SAVED, msg, details)


# --------------------------------------------------------------------------- helpers


def word_count(text: str) -> int:
    """Words in a text: ``word_count("Two words")`` -> 2."""
    return len(re.findall(r"\w[\w'’-]*", text or ""))


def _join(prefix: str, text: str) -> str:
    return f"{prefix} {text}".strip()


def _num(v: float) -> str:
    return f"{v:g}"


def shown_decimals(ex: Exercise) -> int | None:
    """Decimals to show the answer with: ``decimals`` if set; a written answer as written;
    a computed one as precise as its tolerance (40.81234 with tolerance 0.5 shows as 40.8).
    """
    if ex.decimals is not None:
        return ex.decimals
    if ex.computed is None or ex.tolerance <= 0 or ex.answer is None:
        return None
    return max(0, min(6, -math.floor(math.log10(ex.tolerance))))


def compare_decimals(ex: Exercise) -> int | None:
    """Decimals at which a typed value and the answer are compared for "is right" (not "close"):
    the shown precision, else one derived from the tolerance (0.5 -> 1, 0.05 -> 2), else exact.
    """
    shown = shown_decimals(ex)
    if shown is not None:
        return shown
    if ex.tolerance > 0:
        return max(0, min(6, -math.floor(math.log10(ex.tolerance))))
    return None


def same_as_shown(ex: Exercise, value: float) -> bool:
    """True when ``value`` is the answer at the precision the answer is shown with, so that a
    computed 34.800000000000004 shown as 34.8 makes a typed 34.8 right, not "close enough".
    """
    assert ex.answer is not None
    if value == ex.answer:
        return True
    d = compare_decimals(ex)
    if d is None:
        return False
    return f"{value:.{d}f}" == f"{ex.answer:.{d}f}" or abs(round(value, d) - round(ex.answer, d)) < 10 ** -(d + 3)


def hint_for(ex: Exercise, wrong_tries: int) -> str:
    """The hint to show after ``wrong_tries`` wrong tries: one per try, the last one repeats."""
    if not ex.hints or wrong_tries < 1:
        return ""
    return ex.hints[min(wrong_tries, len(ex.hints)) - 1]


def answer_available(ex: Exercise, tries: int) -> bool:
    """True once ``tries`` reach the exercise's ``show_answer_after`` (never if it is ``None``)."""
    return ex.graded and ex.show_answer_after is not None and tries >= ex.show_answer_after


def answer_text(ex: Exercise) -> list[str]:
    """The answer as lines of plain text (for the Show answer box, the solution block and exports)."""
    if ex.kind == "choice":
        right = [c.text for c in ex.choices if c.correct]
        head = "The right answers:" if len(right) > 1 else "The right answer:"
        return [head, *(f"• {t}" for t in right)]
    if ex.kind == "numeric":
        assert ex.answer is not None
        line = f"The answer: {with_unit(ex.answer, ex.unit, shown_decimals(ex))}"
        if ex.tolerance:
            line += f" (answers within ±{with_unit(ex.tolerance, ex.unit)} count as right)"
        return [line]
    if ex.kind == "ordering":
        head = "The right order"
        if ex.first_label or ex.last_label:
            head += f" ({ex.first_label or 'first'} to {ex.last_label or 'last'})"
        return [head + ":", *(f"{i}. {t}" for i, t in enumerate(ex.items, start=1))]
    if ex.kind == "source-evaluation":
        from kzlesson.exercises.source_eval import answer_lines

        return answer_lines(ex)
    if ex.kind == "classification":
        lines = []
        for cat in ex.categories:
            lines.append(f"{cat}:")
            lines.extend(f"• {it.text}" for it in ex.class_items if it.category == cat)
        return lines
    return [f"What a strong answer mentions: {ex.guidance}"] if ex.guidance else ["(Reflections are not graded.)"]


def feedback_html(fb: Feedback, hint: str = "") -> str:
    """The feedback as accessible HTML: a status word (never colour alone), a live region."""
    icon = {CORRECT: "✓", SAVED: "✓", DEFENDED: "◆", PARTIAL: "✗", WRONG: "✗", INVALID: "!"}.get(fb.status, "")
    parts = [f'<div class="kz-feedback kz-{fb.status}" role="status" aria-live="polite">']
    message = html.escape(fb.message, quote=False) if fb.plain else inline(fb.message)
    parts.append(f'<p class="kz-feedback-main"><span aria-hidden="true">{icon}</span> {message}</p>')
    if fb.note:
        parts.append(f'<p class="kz-note">(I {html.escape(fb.note)}.)</p>')
    if fb.details:
        parts.append("<ul>" + "".join(f"<li>{inline(d)}</li>" for d in fb.details) + "</ul>")
    if hint:
        parts.append(f'<p class="kz-hint"><strong>Hint:</strong> {inline(hint)}</p>')
    parts.append("</div>")
    return "".join(parts)
