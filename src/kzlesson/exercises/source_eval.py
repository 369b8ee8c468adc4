"""The ``source-evaluation`` kind: judge one source by provenance, purpose, audience, corroboration.

The same four questions work for any text, so the kind is a template: chapter 2 uses it on one
of the five sources, chapter 7 on a primary document. Each criterion is a short choice with
feedback (auto-marked); a final written verdict ("how far would you rely on it, and for what?")
is kept, not marked, and its levelled rubric is shown after checking.

In YAML::

    - id: evaluate-blog
      kind: source-evaluation
      question: "Markdown: what to evaluate, and for what purpose."
      source: {author: "not named", title: "...", publisher: "...", date: "...", url: "https://..."}
      criteria:
        provenance:    {question: "...", choices: [{text: "...", correct: true, feedback: "..."}, ...]}
        purpose:       {question: "...", choices: [...]}
        audience:      {question: "...", choices: [...]}
        corroboration: {question: "...", choices: [...]}
      verdict: "How far would you rely on it, and for what?"   # optional written judgement
      min_words: 30                                            # optional, for the verdict
      rubric: [...]                                            # optional, see kzlesson.exercises.rubric
      explanation: "..."

The answer is ``{"provenance": choice text, ..., "verdict": "text"}``.

>>> crit = {c: {"question": "?", "choices": [{"text": "a", "correct": True}, {"text": "b"}]} for c in CRITERIA}
>>> parsed = parse_source_evaluation({"source": {"title": "T", "date": "2022"}, "criteria": crit}, None)
>>> [c.name for c in parsed["criteria"]]
['provenance', 'purpose', 'audience', 'corroboration']
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from typing import Any, Callable

from kzlesson.exercises.md import to_text
from kzlesson.exercises.rubric import parse_rubric

KIND = "source-evaluation"
CRITERIA = ("provenance", "purpose", "audience", "corroboration")
LABELS = {"provenance": "Provenance", "purpose": "Purpose", "audience": "Audience", "corroboration": "Corroboration"}
KEYS = {"source", "criteria", "verdict", "min_words", "rubric"}
_SOURCE_KEYS = ("author", "title", "publisher", "date", "url")


@dataclass(frozen=True)
class SourceRef:
    """The source being evaluated, named by author, title, publisher and date (never an id)."""

    title: str
    date: str
    author: str = ""
    publisher: str = ""
    url: str = ""

    def html(self) -> str:
        """One line naming the source, with a link if there is one."""
        who = html.escape(self.author) + ", " if self.author else ""
        title = f"<em>{html.escape(self.title)}</em>"
        if self.url:
            title = f'<a href="{html.escape(self.url)}" target="_blank" rel="noopener">{title}</a>'
        pub = f", {html.escape(self.publisher)}" if self.publisher else ""
        return f"{who}{title}{pub}; {html.escape(self.date)}"


@dataclass(frozen=True)
class CriterionChoice:
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Criterion:
    """One of the four questions, with its choices (exactly one right)."""

    name: str
    question: str
    choices: tuple[CriterionChoice, ...]

    @property
    def right(self) -> CriterionChoice:
        return next(c for c in self.choices if c.correct)


def _default_err(key: str | None, expected: str, got: object = None) -> ValueError:
    return ValueError(f"key {key!r}: expected {expected}, got {got!r}")


def parse_source_evaluation(item: dict, err: Callable[..., Exception] | None) -> dict[str, Any]:
    """Validate the kind's keys; returns the fields for :class:`~kzlesson.exercises.spec.Exercise`."""
    err = err or _default_err
    raw_source = item.get("source")
    if not isinstance(raw_source, dict) or not all(isinstance(raw_source.get(k), str) and raw_source[k].strip()
                                                    for k in ("title", "date")):
        raise err("source", "a mapping with at least 'title' and 'date' (and author, publisher, url)", raw_source)
    extra = set(raw_source) - set(_SOURCE_KEYS)
    if extra:
        raise err("source", "only the keys " + ", ".join(_SOURCE_KEYS), sorted(extra))
    for key in _SOURCE_KEYS:
        if key in raw_source and not isinstance(raw_source[key], str):
            raise err("source", f"{key!r} as a text", raw_source[key])
    url = raw_source.get("url", "").strip()
    if url and not url.startswith(("https://", "http://")):
        raise err("source", "a 'url' starting with https://", url)
    source = SourceRef(**{k: " ".join(raw_source.get(k, "").split()) for k in _SOURCE_KEYS if k != "url"}, url=url)

    raw = item.get("criteria")
    if not isinstance(raw, dict) or set(raw) != set(CRITERIA):
        got = sorted(raw) if isinstance(raw, dict) else raw
        raise err("criteria", "a mapping with exactly the four criteria " + ", ".join(CRITERIA), got)
    criteria = []
    for name in CRITERIA:
        crit = raw[name]
        if not isinstance(crit, dict) or set(crit) - {"question", "choices"}:
            raise err("criteria", f"{name} as {{question: ..., choices: [...]}}", crit)
        question = crit.get("question")
        if not isinstance(question, str) or not question.strip():
            raise err("criteria", f"{name} with a 'question' text", question)
        choices_raw = crit.get("choices")
        if not isinstance(choices_raw, list) or len(choices_raw) < 2:
            raise err("criteria", f"{name} with at least two choices", choices_raw)
        choices = []
        for n, c in enumerate(choices_raw, start=1):
            if not isinstance(c, dict) or not isinstance(c.get("text"), str) or not c["text"].strip() \
                    or set(c) - {"text", "correct", "feedback"} or not isinstance(c.get("correct", False), bool) \
                    or not isinstance(c.get("feedback", ""), str):
                raise err("criteria", f"{name} choice {n} as {{text, correct: true/false, feedback}}", c)
            choices.append(CriterionChoice(c["text"].strip(), bool(c.get("correct", False)), c.get("feedback", "").strip()))
        if sum(c.correct for c in choices) != 1:
            raise err("criteria", f"{name} with exactly one choice marked 'correct: true'", [c.text for c in choices if c.correct])
        texts = [c.text for c in choices]
        if len(set(texts)) != len(texts):
            raise err("criteria", f"{name} with each choice text once", texts)
        criteria.append(Criterion(name, " ".join(question.split()), tuple(choices)))

    verdict = item.get("verdict", "")
    if not isinstance(verdict, str):
        raise err("verdict", "a text (the prompt for the written judgement)", verdict)
    min_words = item.get("min_words", 0)
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
        raise err("min_words", "a whole number >= 0", min_words)
    return {
        "source": source,
        "criteria": tuple(criteria),
        "verdict": verdict.strip(),
        "min_words": min_words,
        "rubric": parse_rubric(item.get("rubric"), err),
    }


def check_source(ex: Any, answer: Any) -> Any:
    """Check the four criteria; the verdict is kept (required when the exercise asks for one)."""
    from kzlesson.exercises import check as chk

    if not isinstance(answer, dict):
        return chk.Feedback(chk.INVALID, "Choose an answer for each of the four questions, then press Check.")
    missing = [c for c in ex.criteria if answer.get(c.name) not in {ch.text for ch in c.choices}]
    if missing:
        left = len(missing)
        return chk.Feedback(chk.INVALID, f"Choose an answer for each of the four questions ({left} left), then press Check.")
    verdict = answer.get("verdict") if isinstance(answer.get("verdict"), str) else ""
    words = chk.word_count(verdict)
    if ex.verdict and not words:
        return chk.Feedback(chk.INVALID, "Write your judgement in the last box (a few sentences), then press Check.")
    wrong = [c for c in ex.criteria if answer[c.name] != c.right.text]
    note = ""
    if ex.verdict and ex.min_words and words < ex.min_words:
        note = f" Your judgement has {words} words; aim for at least {ex.min_words} (you can add more and check again)."
    if not wrong:
        details = tuple(f"{c.name.capitalize()}: {c.right.feedback}" for c in ex.criteria if c.right.feedback)
        saved = " Your judgement is saved: compare it with the levels below." if ex.verdict else ""
        return chk.Feedback(chk.CORRECT, "Correct — all four parts are right." + saved + note, details)
    details = []
    for c in wrong:
        chosen = next(ch for ch in c.choices if ch.text == answer[c.name])
        details.append(f"{c.name.capitalize()}: {chosen.feedback or 'look at this part again.'}")
    good = len(ex.criteria) - len(wrong)
    status = chk.PARTIAL if good else chk.WRONG
    verb = "is" if good == 1 else "are"
    return chk.Feedback(status, f"Not yet — {good} of {len(ex.criteria)} parts {verb} right." + note, tuple(details))


def answer_lines(ex: Any) -> list[str]:
    """The right answers as plain lines (Show answer, the book's solution block, exports)."""
    lines = ["The right answers:"]
    lines += [f"• {c.name.capitalize()}: {c.right.text}" for c in ex.criteria]
    return lines


def readable(answer: Any) -> str:
    """A hand-in's answer as one line: ``provenance → ...; verdict → ...``."""
    if not isinstance(answer, dict):
        return "" if answer is None else str(answer)
    parts = [f"{name} → {answer.get(name) or '(none)'}" for name in CRITERIA]
    if answer.get("verdict"):
        parts.append(f"verdict → {answer['verdict']}")
    return "; ".join(parts)


class SourceEvalControls:
    """The source card, one set of radio buttons per criterion (choices in a fixed shuffled order),
    and the verdict box."""

    instruction = ""

    def __init__(self, ex: Any) -> None:
        import ipywidgets as w

        from kzlesson.exercises.widgets import text_box

        self.ex = ex
        self.card = w.HTML(f'<div class="kz-source-card"><p><strong>The source:</strong> {ex.source.html()}</p></div>')
        self.radios: dict[str, w.RadioButtons] = {}
        for n, c in enumerate(ex.criteria, start=1):
            shown = list(c.choices)
            random.Random(f"{ex.ref}.{c.name}").shuffle(shown)  # the same order every run; the right one not always first
            radio = w.RadioButtons(
                options=[(to_text(ch.text), ch.text) for ch in shown],
                value=None,
                description=f"{n}. {LABELS[c.name]}: {to_text(c.question)}",
                style={"description_width": "initial"},
                layout=w.Layout(width="100%"),
            )
            radio.add_class("kz-stack")
            self.radios[c.name] = radio
        n = len(ex.criteria) + 1
        prompt = html.escape(to_text(ex.verdict)) if ex.verdict else "Notes for yourself (optional)."
        self.prompt = w.HTML(f'<p class="kz-verdict"><strong>{n}. Your judgement.</strong> {prompt}</p>')
        self.area = text_box("Your judgement:", "Write your judgement here…", rows=4)
        self.inputs = [*self.radios.values(), self.area]
        self.widgets = [self.card, *self.radios.values(), self.prompt, self.area]

    def get(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: radio.value for name, radio in self.radios.items()}
        out["verdict"] = self.area.value
        return out

    def set(self, answer: Any) -> None:
        answer = answer if isinstance(answer, dict) else {}
        for name, radio in self.radios.items():
            values = [o[1] for o in radio.options]
            radio.value = answer.get(name) if answer.get(name) in values else None
        verdict = answer.get("verdict")
        self.area.value = verdict if isinstance(verdict, str) else ""


def source_html(ex: Any) -> str:
    """The source line for the book's solution block."""
    return f"<p><strong>The source:</strong> {ex.source.html()}</p>" if getattr(ex, "source", None) else ""

