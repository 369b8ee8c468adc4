"""The vector scorecard of chapter 7 counts the right events and draws what it counts."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from kzlesson.synthesis_plot import (
    STANCE_COLUMNS,
    VECTORS,
    describe_scorecard,
    plot_vector_scorecard,
    vector_stance_counts,
)


def _timeline(rows: list[tuple[str, str, str | None]]) -> pd.DataFrame:
    """A small timeline with the loader's dtypes (stance as a nullable category)."""
    dates, vectors, stances = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "date": pd.to_datetime(list(dates)),
            "vector": pd.Categorical(list(vectors), categories=list(VECTORS)),
            "stance": pd.Categorical(list(stances), categories=["closer", "distant", "neutral"]),
        }
    )


EVENTS = _timeline(
    [
        ("2022-01-06", "multilateral", "closer"),
        ("2022-03-02", "multilateral", "neutral"),
        ("2022-09-26", "Russia", "distant"),
        ("2022-10-05", "Russia", "distant"),
        ("2022-02-10", "Russia", "closer"),
        ("2022-09-14", "China", None),
        ("2014-03-27", "multilateral", "neutral"),  # another year: left out by default
    ]
)


def test_counts_only_the_chosen_year() -> None:
    counts = vector_stance_counts(EVENTS, year=2022)
    assert counts["total"].sum() == 6
    assert counts.loc["multilateral", "neutral"] == 1
    assert vector_stance_counts(EVENTS, year=None).loc["multilateral", "neutral"] == 2


def test_counts_per_vector_and_stance() -> None:
    counts = vector_stance_counts(EVENTS)
    assert counts.loc["Russia", "more distant from Moscow"] == 2
    assert counts.loc["Russia", "closer to Moscow"] == 1
    assert counts.loc["China", "not applicable"] == 1
    assert counts.loc["Russia", "total"] == 3


def test_every_vector_has_a_row_even_without_events() -> None:
    counts = vector_stance_counts(EVENTS)
    assert list(counts.index) == list(VECTORS)
    assert list(counts.columns) == [*STANCE_COLUMNS.values(), "total"]
    assert counts.loc["the West"].sum() == 0


def test_total_is_the_row_sum() -> None:
    counts = vector_stance_counts(EVENTS)
    assert (counts[list(STANCE_COLUMNS.values())].sum(axis=1) == counts["total"]).all()


def test_unknown_vector_is_named() -> None:
    bad = pd.DataFrame({"date": pd.to_datetime(["2022-05-01"]), "vector": ["Mars"], "stance": ["closer"]})
    with pytest.raises(ValueError, match="Mars"):
        vector_stance_counts(bad)


def test_unknown_stance_is_named() -> None:
    bad = pd.DataFrame({"date": pd.to_datetime(["2022-05-01"]), "vector": ["China"], "stance": ["warmer"]})
    with pytest.raises(ValueError, match="warmer"):
        vector_stance_counts(bad)


def test_missing_column_is_named() -> None:
    with pytest.raises(ValueError, match="stance"):
        vector_stance_counts(pd.DataFrame({"date": [], "vector": []}))


def test_description_names_vectors_and_numbers() -> None:
    text = describe_scorecard(vector_stance_counts(EVENTS))
    assert text.startswith("Of 6 events dated 2022")
    assert "Russia 3 (1 closer to Moscow, 2 more distant from Moscow)" in text
    assert "the West" not in text  # no events, so not mentioned
    assert describe_scorecard(vector_stance_counts(EVENTS, year=1999), year=1999) == (
        "The timeline has no events dated 1999."
    )


def test_figure_prints_each_nonzero_count_and_totals() -> None:
    fig = plot_vector_scorecard(EVENTS)
    ax = fig.axes[0]
    texts = [t.get_text() for t in ax.texts]
    # Russia: 1 closer, 2 distant, total 3; multilateral: 1 + 1, total 2; China: 1, total 1.
    assert texts.count("3") == 1
    assert texts.count("2") == 2
    # one marker per non-zero stance cell: Russia 2, multilateral 2, China 1
    assert len(ax.collections) == 5
    assert [t.get_text() for t in ax.get_yticklabels()] == list(reversed(VECTORS))
    assert "2022" in ax.get_title(loc="left")
    plt.close(fig)


def test_marker_colour_follows_the_vector() -> None:
    from matplotlib.colors import to_hex

    from kzlesson.style import colour_for

    fig = plot_vector_scorecard(_timeline([("2022-09-14", "China", None)]))
    (marker,) = fig.axes[0].collections
    assert to_hex(marker.get_facecolor()[0]).lower() == colour_for("China").lower()
    plt.close(fig)


def test_computed_exercise_answer_reads_the_timeline(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    from kzlesson.synthesis_plot import russia_more_distant_2022

    fake = types.ModuleType("kzlesson.data")
    fake.load_timeline = lambda: EVENTS  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kzlesson.data", fake)
    assert russia_more_distant_2022() == 2.0


def test_chapter_7_shows_the_scorecard_with_caption_alt_text_and_existing_exercises() -> None:
    """The chapter's figure cell carries a caption and alt text; every exercise it shows exists."""
    import re
    from pathlib import Path

    import nbformat

    from kzlesson.exercises.registry import get

    path = Path(__file__).resolve().parents[1] / "chapters" / "07_balancing_act.ipynb"
    nb = nbformat.read(path, as_version=4)
    figure_cells = [c for c in nb.cells if c.cell_type == "code" and "plot_vector_scorecard(" in c.source]
    assert len(figure_cells) == 1
    meta = figure_cells[0].metadata["mystnb"]
    assert "data/timeline.csv" in meta["figure"]["caption"]
    assert len(meta["image"]["alt"]) > 80
    refs = [r for c in nb.cells if c.cell_type == "code" for r in re.findall(r'kz\.exercise\("([^"]+)"\)', c.source)]
    assert len(refs) >= 3
    assert len(refs) == len(set(refs)), "an exercise is shown twice"
    for ref in refs:
        assert get(ref).ref == ref
    quiz = [r for r in refs if r.startswith("synthesis.quiz-")]
    assert len(quiz) == 8
    kinds = {get(r).kind for r in quiz}
    assert {"choice", "numeric", "ordering", "classification"} <= kinds
