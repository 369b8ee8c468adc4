"""``make bench`` rows for the live chapters (JupyterLite + Pyodide) in headless Chromium.

Chapter 4 from its page's live control, on the built site served from 127.0.0.1, every other
request aborted: kernel ready, first explorer figure and the megabytes downloaded before it (cold,
empty browser storage), an exercise's Check and an explorer redraw (measured inside the page,
from the click to the changed DOM), then a second visit in the same browser profile, and the
site's size. Uses ``$KZLESSON_SITE_DIR`` or ``_build/html`` (``make book``), else builds the book.

Run alone: ``python -m tests.benchmarks.bench_live``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from kzlesson.exercises import registry
from tests.book import ROOT, build_book
from tests.browser import live as L
from tests.browser import site as S

Row = dict[str, object]
CHAPTER = "04_trade_dependence"
EXERCISE = registry.get("trade.russia-import-share-2021").title  # the 2020 exercise is gone

_CHECK_MS = """(box) => new Promise(done => {
  const fb = box.querySelector('.kz-fbw'); const before = fb.textContent;
  const button = [...box.querySelectorAll('button')].find(b => b.textContent.includes('Check'));
  const t0 = performance.now();
  const obs = new MutationObserver(() => { if (fb.textContent !== before) { obs.disconnect(); done(performance.now() - t0); } });
  obs.observe(fb, {subtree: true, childList: true, characterData: true});
  button.click();
})"""
_REDRAW_MS = """([select, area]) => new Promise(done => {
  const srcs = () => [...area.querySelectorAll('img[src^="data:image/png"]')].map(e => e.src).join();
  const before = srcs(); const t0 = performance.now();
  const obs = new MutationObserver(() => { if (srcs() !== before) { obs.disconnect(); done(performance.now() - t0); } });
  obs.observe(area, {subtree: true, childList: true, attributes: true});
  const next = [...select.options].find(o => o.value !== select.value);
  select.value = next.value; select.dispatchEvent(new Event('change', {bubbles: true}));
})"""


#: requests that mark the start of Pyodide (the kernel's worker loads pyodide.js) and the end of
#: loadPyodide with its preloaded packages (the kernel then loads micropip, which is not preloaded)
_MARKS = ("static/pyodide/pyodide.js", "static/pyodide/micropip-")


def _row(measure: str, value: float | None, unit: str, target: str = "") -> Row:
    return {"area": "live", "measure": measure, "value": value, "unit": unit, "target": target}


def _folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def visit(live: L.LiveContext, label: str) -> tuple[list[Row], Any]:
    """Open the chapter live, run it, time the first explorer figure; returns rows and the page."""
    finished: list[tuple[float, Any]] = []
    started: dict[str, float] = {}  # first request of each marker file (see _MARKS)

    def on_request(req: Any) -> None:
        for mark in _MARKS:
            if mark in req.url:
                started.setdefault(mark, time.perf_counter())

    live.context.on("requestfinished", lambda req: finished.append((time.perf_counter(), req)))
    live.context.on("request", on_request)
    start = time.perf_counter()
    page = live.open_chapter(CHAPTER)
    live.wait_kernel_started(page)  # no Run All: the notebook runs itself once the kernel is ready (kz-autorun.js)
    kernel = time.perf_counter() - start
    year = L.dropdown(page, "Year")
    year.wait_for(state="attached", timeout=L.RUN_ALL_TIMEOUT_MS)
    area = L.output_around(year)
    page.wait_for_function(
        "el => el.querySelector('img[src^=\"data:image/png\"]')", arg=area.element_handle(), timeout=120_000
    )
    first = time.perf_counter() - start
    upto = time.perf_counter()
    total = 0
    for when, req in list(finished):
        if when <= upto:
            try:
                sizes = req.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            except Exception:  # noqa: BLE001 - a request without sizes (served from memory)
                pass
    live.context.remove_listener("request", on_request)
    worker, runtime = started.get(_MARKS[0]), started.get(_MARKS[1])
    phases = [("JupyterLab starting (click to the kernel fetching pyodide.js)", worker and worker - start),
              ("Pyodide and its preloaded packages (to the kernel fetching micropip)", worker and runtime and runtime - worker),
              ("the kernel starting (micropip, piplite, import IPython and the kernel)", runtime and start + kernel - runtime),
              ("cells up to the explorer's figure (setup, imports, data, earlier figures)", first - kernel)]
    rows = [
        _row(f"{label}: kernel ready after pressing the live control", kernel, "s", "(baseline 14-16 s)"),
        _row(f"{label}: first explorer figure after pressing the live control", first, "s",
             "<= 15 s cold" if label == "cold" else "<= 5 s second visit"),
        *[_row(f"{label}:   of which {what}", value, "s") for what, value in phases],
        _row(f"{label}: fetched before the first explorer figure (network or service-worker cache)", total / 1e6, "MB",
             "<= 35 MB" if label == "cold" else ""),
    ]
    return rows, page


def measure(html: Path) -> list[Row]:
    from playwright.sync_api import sync_playwright

    rows: list[Row] = [
        _row("site size (_build/html)", _folder_mb(html), "MB", "<= 70 MB"),
        _row("of which the live part (lite/)", _folder_mb(html / "lite"), "MB"),
    ]
    server = S.SiteServer(html)
    profile = tempfile.mkdtemp(prefix="kzlesson-bench-live-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=S.chromium_path(), args=[*S.CHROMIUM_FLAGS, L.NO_OTHER_HOSTS], viewport={"width": 1366, "height": 900}
            )
            live = L.LiveContext(context, server.url)
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith((server.url, "data:", "blob:"))
                          else (live.outside.append(r.request.url), r.abort()))
            got, page = visit(live, "cold")
            rows += got
            page.wait_for_function(L._ALL_RUN, timeout=L.RUN_ALL_TIMEOUT_MS, polling=300)
            box = L.exercise_box(page, EXERCISE)
            checks = []
            for wrong in ("50", "51", "52"):  # each a different wrong answer, so the feedback changes
                box.locator("input[type=text]").first.fill(wrong)
                page.wait_for_timeout(300)
                checks.append(page.evaluate(_CHECK_MS, box.element_handle()))
            rows.append(_row("exercise Check, click to feedback (median of 3)", statistics.median(checks) / 1000, "s", "<= 0.3 s"))
            year = L.dropdown(page, "Year")
            area = L.output_around(year)
            redraws = [page.evaluate(_REDRAW_MS, [year.element_handle(), area.element_handle()]) for _ in range(3)]
            rows.append(_row("explorer redraw, new year to new figure (median of 3)", statistics.median(redraws) / 1000, "s", "<= 0.5 s"))
            page.close()
            got, page = visit(live, "second visit")
            rows += got
            rows.append(_row("requests to other hosts (all aborted)", len(live.outside), "count", "0"))
            context.close()
    finally:
        server.close()
    return rows


def run() -> list[Row]:
    if S.chromium_path() is None:
        return [_row("live chapters: NOT MEASURED (Chromium not found)", None, "")]
    given = os.environ.get(S.SITE_ENV)
    html = Path(given) if given else ROOT / "_build" / "html"
    if (html / "lite" / "notebooks" / "index.html").is_file():
        return measure(html)
    with tempfile.TemporaryDirectory(prefix="kzlesson-bench-live-book-") as out:
        built = build_book(Path(out))
        if built.returncode != 0 or not (built.html / "lite").is_dir():
            return [_row("live chapters: NOT MEASURED (the book was built without the live site)", None, "")]
        return measure(built.html)


if __name__ == "__main__":
    for r in run():
        print(f"{r['measure']}: {r['value']} {r['unit']} (target {r['target']})")
