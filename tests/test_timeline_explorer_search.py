"""Issue 16, item 9: the timeline explorer's search applies as you type, debounced, and its hint fits."""

from __future__ import annotations

import asyncio

import pytest

from kzlesson import timeline_explorer as te


@pytest.fixture(scope="module")
def explorer() -> te.TimelineExplorer:
    return te.TimelineExplorer()


def _typed(ex: te.TimelineExplorer, text: str) -> None:
    """What a keystroke in the browser does: the front end sends the box's new value."""
    ex.search.set_state({"value": text})


def test_the_box_sends_every_keystroke_and_promises_no_enter(explorer: te.TimelineExplorer) -> None:
    assert explorer.search.continuous_update is True
    assert "Enter" not in explorer.search.placeholder
    assert len(explorer.search.placeholder) <= 26  # fits the box without being cut off


def test_typing_applies_after_a_pause_and_draws_once(explorer: te.TimelineExplorer) -> None:
    explorer.reset()
    before = explorer.status_text()
    draws: list[str] = []
    original = explorer._draw

    def counting(found, ring=None):  # noqa: ANN001, ANN202
        draws.append(explorer.search.value)
        return original(found, ring)

    explorer._draw = counting  # type: ignore[method-assign]

    async def student() -> tuple[str, str]:
        for i, _ in enumerate("CSTO"):
            _typed(explorer, "CSTO"[: i + 1])
            await asyncio.sleep(te.SEARCH_DEBOUNCE_S / 4)  # faster than the debounce
        typing = explorer.status_text()
        await asyncio.sleep(te.SEARCH_DEBOUNCE_S * 3)
        return typing, explorer.status_text()

    try:
        during, after = asyncio.run(student())
    finally:
        del explorer._draw
    assert during == before  # nothing redrawn while the keys came faster than the debounce
    assert after != before and "match" in after  # then it applied, without Enter
    assert draws == ["CSTO"]  # once, for the word typed
    explorer.search.value = "CSTO"
    assert explorer.status_text() == after  # the same result as a value set from Python


def test_a_value_set_from_python_applies_at_once(explorer: te.TimelineExplorer) -> None:
    async def inside_a_running_loop() -> str:
        explorer.search.value = "nothing like this at all"
        return explorer.status_text()

    assert asyncio.run(inside_a_running_loop()).startswith("No events match")
    explorer.reset()


def test_a_filter_change_overtakes_a_waiting_search(explorer: te.TimelineExplorer) -> None:
    explorer.reset()

    async def student() -> str:
        _typed(explorer, "zzzz no such event")
        explorer.vector.value = "China"  # before the search's pause ends
        await asyncio.sleep(te.SEARCH_DEBOUNCE_S * 3)
        return explorer.status_text()

    assert asyncio.run(student()).startswith("No events match")  # the search still applies
    explorer.reset()
