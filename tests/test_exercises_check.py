"""Pure checking logic (no widgets) and the safe Markdown used for questions and feedback."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzlesson.exercises import registry
from kzlesson.exercises.check import (
    CORRECT,
    INVALID,
    PARTIAL,
    SAVED,
    WRONG,
    answer_available,
    answer_text,
    check,
    feedback_html,
    hint_for,
    word_count,
)
from kzlesson.exercises.md import inline, to_html, to_text
from tests.test_exercises_fixtures import demo  # noqa: F401 - fixture


def test_numeric(demo: Path) -> None:
    ex = registry.get("demo.share")
    assert check(ex, "40.8").status == CORRECT
    assert check(ex, "41.3").status == CORRECT  # inside the tolerance
    assert check(ex, "41.4").status == WRONG
    assert check(ex, "12.2").message == "Not yet — that is Russia's share of exports, not of imports."
    assert check(ex, "0.121").message.startswith("Not yet — that is Russia's share of exports")  # as a fraction too
    assert check(ex, "").status == INVALID and not check(ex, "").counts_as_try
    assert check(ex, None).status == INVALID
    assert check(ex, ["40.8"]).status == INVALID  # a wrong type never raises


def test_choice(demo: Path) -> None:
    single = registry.get("demo.pick")
    assert check(single, ["CSTO"]).status == CORRECT
    assert check(single, "CSTO").status == CORRECT
    assert check(single, ["SCO"]).status == WRONG
    assert check(single, []).status == INVALID
    assert check(single, ["not a choice"]).status == INVALID
    multi = registry.get("demo.multi")
    assert check(multi, ["CSTO", "SCO"]).status == CORRECT
    assert check(multi, ["CSTO"]).status == PARTIAL
    assert check(multi, ["NATO"]).status == WRONG
    assert check(multi, ["SCO", "CSTO", "NATO"]).message == "Not yet — 2 of your 3 ticks are right."


def test_ordering(demo: Path) -> None:
    ex = registry.get("demo.order")
    assert check(ex, list(ex.items)).status == CORRECT
    reverse = check(ex, list(reversed(ex.items)))
    assert reverse.status == WRONG and reverse.details == ("0 of 6 pairs are in the right order relative to each other.",)
    assert check(ex, list(ex.items[:-1])).status == INVALID
    dup = check(ex, [ex.items[0]] * len(ex.items))
    assert dup.status == INVALID and "used twice" in dup.message


def test_classification(demo: Path) -> None:
    ex = registry.get("demo.sort")
    right = {it.text: it.category for it in ex.class_items}
    assert check(ex, right).status == CORRECT
    one_off = dict(right, **{"Aid convoys to Ukraine": "closer to Moscow"})
    fb = check(ex, one_off)
    assert fb.status == PARTIAL and fb.details == ("“Aid convoys to Ukraine” is not in the right category.",)
    assert check(ex, {k: "not a category" for k in right}).status == INVALID


def test_reflection(demo: Path) -> None:
    ex = registry.get("demo.think")
    fb = check(ex, "One two three four five six")
    assert fb.status == SAVED and fb.message == "Saved — 6 words."
    assert check(ex, "   ").status == INVALID
    assert word_count("Kazakhstan’s multi-vector policy, in 2022.") == 5


def test_hints_and_show_answer(demo: Path) -> None:
    ex = registry.get("demo.share")
    assert hint_for(ex, 0) == ""
    assert hint_for(ex, 1) == "Divide imports from Russia by all imports."
    assert hint_for(ex, 2) == hint_for(ex, 9) == "Then multiply by 100."
    assert not answer_available(ex, 1) and answer_available(ex, 2)
    assert not answer_available(registry.get("demo.think"), 99)


def test_answer_text_for_each_kind(demo: Path) -> None:
    assert answer_text(registry.get("demo.multi")) == ["The right answers:", "• CSTO", "• SCO"]
    assert answer_text(registry.get("demo.order"))[0] == "The right order (earliest to latest):"
    assert answer_text(registry.get("demo.sort"))[:2] == ["closer to Moscow:", "• Asking the CSTO for help"]
    assert answer_text(registry.get("demo.money")) == ["The answer: 24.2 USD bn (answers within ±0.1 USD bn count as right)"]


def test_feedback_html_is_escaped_and_worded(demo: Path) -> None:
    fb = check(registry.get("demo.share"), "<script>alert(1)</script>")
    out = feedback_html(fb)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'role="status"' in out and 'aria-live="polite"' in out


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**bold** and *it*", "<strong>bold</strong> and <em>it</em>"),
        ("`x < y`", "<code>x &lt; y</code>"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("[bad](javascript:alert(1))", "[bad](javascript:alert(1))"),
        ("{term}`CSTO`", "CSTO"),
        ("{cite:p}`zanini2022`", "zanini2022"),
    ],
)
def test_markdown_inline(source: str, expected: str) -> None:
    assert inline(source) == expected


def test_markdown_blocks() -> None:
    assert to_html("Intro\n\n- one\n- two\n\n1. first") == "<p>Intro</p><ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>"
    assert to_text("See **this** [UN](https://un.org)") == "See this UN (https://un.org)"
