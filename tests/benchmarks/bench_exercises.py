"""Benchmark: Check click -> feedback, median over 60 clicks per kind (target <= 50 ms).

Each click runs the whole path a student triggers: read the controls, check, update feedback,
tries and Show answer, then save the answers file atomically (temp file + fsync + os.replace).
A second figure is the time until the feedback is set (it goes out before the save).
Runs on a demo exercise file in a temporary folder; nothing is written elsewhere.

Usage: ``python -m tests.benchmarks.bench_exercises``
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

CLICKS = 60

# one wrong and one right answer per exercise, alternated so both paths are timed
ANSWERS: dict[str, tuple[object, object]] = {
    "demo.share": ("12.1", "40,8 %"),
    "demo.pick": ("SCO", "CSTO"),
    "demo.multi": (None, None),  # set through the checkboxes below
    "demo.order": (None, None),
    "demo.sort": (None, None),
    "demo.think": ("Short.", "Kazakhstan keeps several partners and none dominant."),
}


def _fill(view: object, ref: str, i: int) -> None:
    right = i % 2 == 1
    if ref == "demo.multi":
        for box in view.inputs:  # type: ignore[attr-defined]
            box.value = (box.description in ("CSTO", "SCO")) if right else box.description == "NATO"
    elif ref == "demo.order":
        items = list(view.ex.items)  # type: ignore[attr-defined]
        order = items if right else items[::-1]
        view.set_answer(order)  # type: ignore[attr-defined]
    elif ref == "demo.sort":
        for d in view.inputs:  # type: ignore[attr-defined]
            d.value = "more distant from Moscow" if not right else ""
        if right:
            view.set_answer({it.text: it.category for it in view.ex.class_items})  # type: ignore[attr-defined]
    else:
        view.inputs[0].value = ANSWERS[ref][1 if right else 0]  # type: ignore[attr-defined]


def run() -> list[dict]:
    """Median and worst click time per kind."""
    from kzlesson.exercises import registry
    from kzlesson.exercises.store import reset_store
    from tests.test_exercises_fixtures import write_demo

    saved_env = {k: os.environ.get(k) for k in ("KZLESSON_DATA", "KZLESSON_ANSWERS_DIR", "KZLESSON_RENDER")}
    rows = []
    with tempfile.TemporaryDirectory(prefix="kzlesson-bench-exercises-") as tmp:
        root = Path(tmp)
        write_demo(root)
        os.environ["KZLESSON_DATA"] = str(root / "data")
        os.environ["KZLESSON_ANSWERS_DIR"] = str(root / "answers")
        os.environ.pop("KZLESSON_RENDER", None)
        registry.clear_cache()
        reset_store()
        try:
            import kzlesson as kz

            for ref in ANSWERS:
                view = kz.exercise(ref)
                times, shown = [], []
                seen: list[float] = []
                view.feedback.observe(lambda _c: seen.append(time.perf_counter()), names="value")
                for i in range(CLICKS):
                    _fill(view, ref, i)
                    seen.clear()
                    start = time.perf_counter()
                    view.check_button.click()
                    end = time.perf_counter()
                    times.append((end - start) * 1000)
                    shown.append(((seen[0] if seen else end) - start) * 1000)
                    assert "kz-feedback" in view.feedback.value
                kind = view.ex.kind + (" (several right)" if getattr(view.ex, "multiple", False) else "")
                rows.append({
                    "area": "exercises",
                    "measure": f"Check click -> feedback + save, median of {CLICKS}: {kind}",
                    "value": round(statistics.median(times), 2),
                    "unit": "ms",
                    "target": "<= 50 ms",
                })
                rows.append({
                    "area": "exercises",
                    "measure": f"Check click -> feedback shown (before the save), median of {CLICKS}: {kind}",
                    "value": round(statistics.median(shown), 2),
                    "unit": "ms",
                    "target": "",
                })
                rows.append({
                    "area": "exercises",
                    "measure": f"Check click, slowest of {CLICKS}: {kind}",
                    "value": round(max(times), 2),
                    "unit": "ms",
                    "target": "",
                })
            # Enter in the numeric box: the browser's "submit" message, then check + save
            view = kz.exercise("demo.share")
            box = view.inputs[0]
            enter = {"content": {"data": {"method": "custom", "content": {"event": "submit"}}}, "buffers": []}
            times = []
            for i in range(CLICKS):
                box.value = ANSWERS["demo.share"][i % 2]
                before = view.tries
                start = time.perf_counter()
                box._handle_msg(enter)
                times.append((time.perf_counter() - start) * 1000)
                assert view.tries == before + 1
            rows.append({
                "area": "exercises",
                "measure": f"Enter in the numeric box -> feedback + save, median of {CLICKS}",
                "value": round(statistics.median(times), 2),
                "unit": "ms",
                "target": "<= 50 ms",
            })
            start = time.perf_counter()
            kz.exercise("demo.order")
            rows.append({
                "area": "exercises",
                "measure": "create an exercise widget (restoring a saved answer)",
                "value": round((time.perf_counter() - start) * 1000, 2),
                "unit": "ms",
                "target": "",
            })
        finally:
            for key, value in saved_env.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            registry.clear_cache()
            reset_store()
    return rows


if __name__ == "__main__":
    for r in run():
        print(f"{r['measure']:<70} {r['value']:>8} {r['unit']}  {r['target']}")
