"""The timeline explorer in the built book: a snapshot note above it, and the snapshot class that
greys out its controls (the contract in the project's notes: note first, live link hidden)."""

from __future__ import annotations

import pytest

from kzlesson.timeline_explorer import SNAPSHOT_NOTE, TimelineExplorer


def _shown(monkeypatch: pytest.MonkeyPatch, render: str) -> tuple[TimelineExplorer, list[object]]:
    import IPython.display

    monkeypatch.setenv("KZLESSON_RENDER", render)
    shown: list[object] = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **_k: shown.extend(objs))
    explorer = TimelineExplorer()
    explorer._ipython_display_()
    return explorer, shown


def test_book_shows_the_snapshot_note_before_the_explorer(monkeypatch: pytest.MonkeyPatch) -> None:
    explorer, shown = _shown(monkeypatch, "static")
    assert getattr(shown[0], "data", "") == SNAPSHOT_NOTE and shown[1] is explorer.widget
    assert "kz-snapshot" in explorer.widget._dom_classes
    assert SNAPSHOT_NOTE.startswith('<div class="kz-snapshot-note" role="note"><p><strong>This is a snapshot.</strong>')
    assert '<a class="kz-live-link" href="#" hidden>' in SNAPSHOT_NOTE


def test_live_notebook_shows_the_explorer_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    explorer, shown = _shown(monkeypatch, "")
    assert shown == [explorer.widget]
    assert "kz-snapshot" not in explorer.widget._dom_classes
