"""Exercises as plain HTML (book pages without script, print, worksheets): every kind in the
repository, and a kind the renderer has never heard of, show their question and their options."""

from __future__ import annotations

from dataclasses import replace

from kzlesson.exercises import registry, validate_all
from kzlesson.exercises.md import to_text
from kzlesson.static_exercises import question_html, shown_items, solution_block, static_exercise_html


def test_every_repository_exercise_shows_its_question_and_options() -> None:
    for chapter in validate_all():
        for ex in chapter.exercises:
            page = static_exercise_html(ex)
            assert to_text(ex.question).split()[0] in page, ex.ref
            for text in [c.text for c in ex.choices] + list(ex.items) + list(ex.categories):
                assert text.split()[0] in page, (ex.ref, text)
            assert "kz-solution" not in page, f"{ex.ref}: the question must not carry its solution"
            assert "<details class=\"kz-solution\">" in solution_block(ex)


def test_orderings_are_never_shown_in_their_answer_order() -> None:
    for chapter in validate_all():
        for ex in chapter.exercises:
            if ex.kind == "ordering":
                assert shown_items(ex) != list(ex.items), ex.ref


def test_a_new_kind_still_shows_its_question_and_items() -> None:
    base = next(ex for ch in validate_all() for ex in ch.exercises if ex.kind == "ordering")
    new = replace(base, kind="matching_pairs")
    page = static_exercise_html(new)
    assert "Matching pairs" in page and to_text(base.question).split()[0] in page
    assert all(item.split()[0] in page for item in base.items)
    sheet = question_html(new, "1", space=True)
    assert "kz-box" in sheet  # space to answer on a worksheet


def test_worksheet_version_has_space_to_answer_for_each_kind() -> None:
    kinds = {}
    for chapter in validate_all():
        for ex in chapter.exercises:
            kinds.setdefault(ex.kind, ex)
    for kind, ex in kinds.items():
        sheet = question_html(ex, "1", space=True)
        assert any(mark in sheet for mark in ("kz-box", "kz-line", "kz-lines", "kz-write")), kind


def test_each_exercise_gets_an_anchor_named_after_its_reference() -> None:
    ex = validate_all()[0].exercises[0]
    assert f'id="kz-ex-{ex.chapter}-{ex.id}"' in static_exercise_html(registry.get(ex.ref))
