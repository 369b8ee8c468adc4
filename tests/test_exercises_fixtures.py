"""Shared fixture for the exercise tests: a demo exercise file in a temporary data folder.

Other ``test_exercises_*`` modules import :func:`demo` and :data:`DEMO_YAML` from here, so no
test depends on the chapter files other people write. Answers go to the temporary folder the
suite's ``conftest.py`` sets in ``KZLESSON_ANSWERS_DIR``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Iterator

import pytest

from kzlesson.exercises import registry
from kzlesson.exercises.store import reset_store

DEMO_YAML = textwrap.dedent(
    """\
    chapter: demo
    exercises:
      - id: share
        kind: numeric
        question: "What share of Kazakhstan's **imports** came from Russia?"
        answer: 40.8
        tolerance: 0.5
        unit: "%"
        hints: ["Divide imports from Russia by all imports.", "Then multiply by 100."]
        explanation: "Imports from Russia divided by all imports."
        show_answer_after: 2
        mistakes:
          - {value: 12.1, tolerance: 0.2, message: "that is Russia's share of exports, not of imports."}
      - id: money
        kind: numeric
        question: "How large was the turnover?"
        answer: 24.2
        tolerance: 0.1
        unit: "USD bn"
        explanation: "Exports plus imports."
      - id: pick
        kind: choice
        question: "Which organisation sent troops in January 2022?"
        choices:
          - {text: "CSTO", correct: true, feedback: "yes, at Tokayev's request."}
          - {text: "SCO", feedback: "the SCO has no joint force that went in."}
          - {text: "EAEU", feedback: "the EAEU is an economic union."}
        explanation: "The CSTO sent a peacekeeping contingent."
      - id: multi
        kind: choice
        question: "Which are multilateral bodies Kazakhstan belongs to?"
        choices:
          - {text: "CSTO", correct: true}
          - {text: "SCO", correct: true}
          - {text: "NATO", feedback: "Kazakhstan is a partner, not a member."}
        explanation: "CSTO and SCO."
      - id: order
        kind: ordering
        question: "Put the events in order."
        items: ["January unrest", "Invasion of Ukraine", "Mobilisation in Russia", "Snap election"]
        first_label: earliest
        last_label: latest
        hints: ["The unrest came before the war."]
        explanation: "January, February, September, November."
      - id: sort
        kind: classification
        question: "Sort the events."
        categories: ["closer to Moscow", "more distant from Moscow"]
        items:
          - {text: "Asking the CSTO for help", category: "closer to Moscow", feedback: "the request went to a Russia-led alliance."}
          - {text: "Not recognising the people's republics", category: "more distant from Moscow"}
          - {text: "Aid convoys to Ukraine", category: "more distant from Moscow"}
        explanation: "Only the CSTO request moved closer."
      - id: think
        kind: reflection
        question: "What does multi-vector mean to you?"
        min_words: 5
        guidance: "Several partners, none dominant."
    """
)


def write_demo(root: Path, text: str = DEMO_YAML, stem: str = "demo") -> Path:
    """Write an exercise file into ``root/data/exercises`` and return its path."""
    folder = root / "data" / "exercises"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def exercise_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str = DEMO_YAML,
                  stem: str = "demo") -> Iterator[Path]:
    """Point kzlesson at a data folder holding only ``exercises/<stem>.yml``, with fresh state (for fixtures)."""
    write_demo(tmp_path, text, stem=stem)
    monkeypatch.setenv("KZLESSON_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("KZLESSON_RENDER", raising=False)
    registry.clear_cache()
    reset_store()
    yield tmp_path
    registry.clear_cache()
    reset_store()


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder holding only ``exercises/demo.yml``; answers in an empty folder; fresh state."""
    yield from exercise_data(tmp_path, monkeypatch)


def test_demo_file_is_valid(demo: Path) -> None:
    chapter = registry.load("demo")
    assert chapter.ids == ["share", "money", "pick", "multi", "order", "sort", "think"]
    assert {e.kind for e in chapter.exercises} == {"numeric", "choice", "ordering", "classification", "reflection"}
