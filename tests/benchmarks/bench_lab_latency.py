"""Benchmark: what a student feels in JupyterLab — from a control's change in the browser to the
explorer's new picture painted (target <= 250 ms median per control), beside the in-kernel time.

A real JupyterLab (``tests/browser/jupyterlab_server.py``: ``make lab``'s settings, a temporary
copy of the chapter) runs in headless Chromium driven by Playwright. Chapters 3 and 4 are run top
to bottom, then every control of the explorer is changed ``ROUNDS`` times through real input
(a choice in a menu, a click, the arrow keys on a slider, typing a word), each change a new view.

* **start**: the browser's input event (capture phase, ``performance.now()``); for the search box
  the last keystroke of the word typed (at ``TYPING_MS`` a key), since the box applies as you type;
* **end**: the last new chart ``<img>`` of that change decoded and the frame after it painted
  (``img.decode()``, then ``requestAnimationFrame`` + a task), once the kernel is idle again and
  no other picture followed within ``SETTLE_MS``. Only the final picture counts: a change that
  draws twice is timed to its second picture.
* **in kernel**: ``ipywidgets.Widget.set_state`` and ``_handle_custom_msg`` (and the timeline's
  debounced search redraw) wrapped in the kernel: the time to apply the browser's update, run the
  explorer's callbacks and send its new state, summed per change, wall-clock and CPU; and the time
  from the change's (last) update arriving to the explorer's chart being set, i.e. sent.

Rows also give the chart's size as sent and the number of kernel messages per change (websocket
frames from the kernel: widget updates, echoes and status messages). Wall-clock figures depend on
the machine's load (reported in the last row); the CPU figures much less.

Usage: ``python -m tests.benchmarks.bench_lab_latency`` (about 4 minutes); add ``timeline`` or
``trade`` to drive only that explorer.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from typing import Any

ROUNDS = 5
TYPING_MS = 100
SETTLE_MS = 400
TARGET = "<= 250 ms median"

TIMELINE = "chapters/03_timeline_2022.ipynb"
TRADE = "chapters/04_trade_dependence.ipynb"

#: installed in the page: times the input event and every new chart picture painted
PROBE_JS = """(cellIndex) => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cell = panel.content.widgets[cellIndex].node;
    const kz = window.__kz = Object.assign(window.__kz || {}, {t0: null, typing: false, paints: [], lastSrc: null, msgs: 0});
    for (const ev of ['pointerdown', 'keydown', 'input', 'change']) {
        document.addEventListener(ev, (e) => {
            if (kz.armed || (kz.typing && ev === 'input')) { kz.t0 = performance.now(); kz.armed = false; }
        }, true);
    }
    const chart = () => Array.from(cell.querySelectorAll('img')).find(
        (i) => (i.src || '').startsWith('data:image/png') || (i.src || '').startsWith('blob:'));
    kz.lastSrc = (chart() || {}).src || null;
    const seen = async () => {
        const img = chart();
        if (!img || img.src === kz.lastSrc) return;
        kz.lastSrc = img.src;
        try { await img.decode(); } catch (e) {}
        requestAnimationFrame(() => setTimeout(() => kz.paints.push(performance.now()), 0));
    };
    new MutationObserver(seen).observe(cell, {subtree: true, childList: true, attributes: true,
                                              attributeFilter: ['src']});
    kz.chartBytes = () => { const i = chart(); return i ? i.src.length : 0; };
    return !!chart();
}"""

KERNEL_PROBE = """
import gc as _kz_gc, time as _kz_time, ipywidgets as _kz_w
from kzlesson import timeline_explorer as _kz_te
_kz_times, _kz_cpu = [], []
def _kz_wrap(owner, name):
    original = getattr(owner, name)
    if getattr(original, "_kz_timed", False):
        return
    def timed(*args, **kwargs):
        t, c = _kz_time.perf_counter(), _kz_time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            _kz_times.append(_kz_time.perf_counter() - t)
            _kz_cpu.append(_kz_time.process_time() - c)
    timed._kz_timed = True
    setattr(owner, name, timed)
_kz_wrap(_kz_w.Widget, "set_state")           # every update from the browser (and its callbacks)
_kz_wrap(_kz_w.Widget, "_handle_custom_msg")   # a click (Clear filters)
_kz_wrap(_kz_te.TimelineExplorer, "_apply_search")  # the search's debounced redraw
def _kz_explorer(name):
    return [o for o in _kz_gc.get_objects() if type(o).__name__ == name][-1]
_kz_first, _kz_chart = [], []   # when the first message of a change arrived, when its chart was set
_kz_state = _kz_w.Widget.set_state
def _kz_mark(self, sync_data):
    _kz_first.append(_kz_time.perf_counter())
    return _kz_state(self, sync_data)
_kz_w.Widget.set_state = _kz_mark
for _kz_name in ("TimelineExplorer", "TradeExplorer"):
    try:
        _kz_explorer(_kz_name).chart.observe(lambda c: _kz_chart.append(_kz_time.perf_counter()), names="value")
    except IndexError:
        pass
"""

#: put an explorer back to its first view between two controls (not timed)
RESET = {
    "timeline": "_kz_explorer('TimelineExplorer').reset()",
    "trade": ("_e = _kz_explorer('TradeExplorer'); _e.move_pct.value = 0; _e.move_from.value = ''; "
              "_e.mode.value = 'partners'; _e.top_n.value = 10; _e.year.value = 2022; _e.flow.value = 'turnover'"),
}

EXECUTE_JS = """async ([code, expr]) => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const future = kernel.requestExecute({code, silent: false, store_history: false,
                                          user_expressions: expr ? {out: expr} : {}});
    const reply = await future.done;
    const out = (reply.content.user_expressions || {}).out;
    return out && out.data ? out.data['text/plain'] : (reply.content.status);
}"""

def _kernel(page: Any, code: str, expr: str = "") -> str:
    return page.evaluate(EXECUTE_JS, [code, expr])


def _cell_index(page: Any, needle: str) -> int:
    return page.evaluate(
        """(needle) => window.jupyterapp.shell.currentWidget.content.widgets
            .findIndex(c => c.model.type === 'code' && c.model.sharedModel.getSource().includes(needle))""",
        needle,
    )


def _wait_painted(page: Any, timeout_s: float = 15.0) -> float | None:
    """Latency of the last picture of this change, in ms (None if no new picture came)."""
    deadline = time.monotonic() + timeout_s
    last_count, quiet_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        state = page.evaluate(
            "() => ({n: __kz.paints.length, busy: window.jupyterapp.shell.currentWidget"
            ".sessionContext.session.kernel.status !== 'idle'})"
        )
        if state["n"] != last_count or state["busy"]:
            last_count, quiet_since = state["n"], time.monotonic()
        elif state["n"] and (time.monotonic() - quiet_since) * 1000 >= SETTLE_MS:
            break
        time.sleep(0.05)
    result = page.evaluate("() => ({t0: __kz.t0, paints: __kz.paints})")
    if result["t0"] is None or not result["paints"] or result["paints"][-1] < result["t0"]:
        return None  # no new picture after the change (for a word: the last key changed nothing drawn)
    return result["paints"][-1] - result["t0"]


def _measure(page: Any, act: Callable[[], None], typing: bool = False,
             prepare: Callable[[], None] | None = None) -> tuple[float | None, tuple, int]:
    """(latency ms, in-kernel ms, updates sent) of one change made by ``act`` (after ``prepare``, untimed)."""
    if prepare is not None:
        prepare()
        page.wait_for_timeout(SETTLE_MS * 3)
    _kernel(page, "_kz_times.clear(); _kz_cpu.clear(); _kz_first.clear(); _kz_chart.clear()")
    page.evaluate("(typing) => { __kz.paints = []; __kz.t0 = null; __kz.msgs = 0;"
                  " __kz.armed = !typing; __kz.typing = typing; }", typing)
    act()
    latency = _wait_painted(page)
    page.evaluate("() => { __kz.typing = false; }")
    page.wait_for_timeout(100)
    got = json.loads(_kernel(page, "", "__import__('json').dumps([sum(_kz_times) * 1000, sum(_kz_cpu) * 1000, "
                                       "(_kz_chart[-1] - _kz_first[-1]) * 1000 if _kz_chart and _kz_first and "
                                       "_kz_chart[-1] > _kz_first[-1] else None])").strip("'"))
    msgs = int(page.evaluate("() => __kz.msgs"))
    return latency, (float(got[0]), float(got[1]), got[2]), msgs


def _open(page: Any, lab: Any, notebook: str, needle: str) -> Any:
    from tests.browser.jupyterlab_server import open_notebook, run_all

    page.add_init_script(
        "(() => { const W = window.WebSocket; window.__kzSockets = [];"
        " window.WebSocket = function(...a) { const ws = new W(...a); window.__kzSockets.push(ws);"
        " ws.addEventListener('message', (e) => { const kz = window.__kz; if (!kz) return;"
        " if (typeof e.data === 'string') { if (e.data.includes('\"comm_msg\"') && e.data.includes('\"update\"')) kz.msgs++; }"
        " else { kz.msgs++; } }); return ws; };"
        " window.WebSocket.prototype = W.prototype; Object.assign(window.WebSocket, W); })()"
    )
    open_notebook(page, lab, notebook.split("/")[-1])
    run_all(page)
    index = _cell_index(page, needle)
    cell = page.evaluate(
        "(i) => { const c = window.jupyterapp.shell.currentWidget.content.widgets[i];"
        " c.node.scrollIntoView({block: 'start'}); return i; }", index)
    page.wait_for_timeout(500)
    assert page.evaluate(PROBE_JS, cell), f"no chart image in the explorer's cell of {notebook}"
    _kernel(page, KERNEL_PROBE)
    return page.locator(".jp-Notebook .jp-Cell").nth(index)


def _select(cell: Any, label: str, value_or_label: str) -> Callable[[], None]:
    def act() -> None:
        box = cell.locator(".widget-dropdown", has_text=label).first.locator("select")
        box.select_option(label=value_or_label)
    return act


def _slider_keys(cell: Any, label: str, key: str, handle: int = 0) -> Callable[[], None]:
    def act() -> None:
        slider = cell.locator(".widget-slider", has_text=label).first
        h = slider.locator(".noUi-handle").nth(handle)
        h.focus()
        h.press(key)
        # continuous_update=False: the value is sent when the key is released / the change ends
    return act


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _row(area: str, control: str, values: list[float | None], kernel: list[tuple[float, float, float | None]],
         msgs: list[int]) -> list[dict[str, object]]:
    got = [v for v in values if v is not None]
    missed = len(values) - len(got)
    note = f"; {missed} of {len(values)} changes painted no new picture" if missed else ""
    return [
        {"area": area, "measure": f"{control}: change to picture painted (median of {len(got)}{note})",
         "value": _median(got), "unit": "ms", "target": TARGET},
        {"area": area, "measure": f"{control}: in the kernel, wall (CPU {_median([k[1] for k in kernel])} ms; "
         f"until the new chart was sent {_median([k[2] for k in kernel if k[2] is not None])} ms); "
         f"kernel messages per change: {statistics.median(msgs) if msgs else 0:g}",
         "value": _median([k[0] for k in kernel]), "unit": "ms", "target": ""},
    ]


#: before a control whose change shows only with a what-if running
WHAT_IF_ON = "_e.move_from.value = 'Russia'; _e.move_pct.value = 30"
NEEDS_WHAT_IF = ("move trade from", "share moved slider (arrow key)", "move it to")


def _drive(page: Any, area: str, reset: str,
           steps: dict[str, list[tuple[Callable[[], None], bool]]]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for control, actions in steps.items():
        _kernel(page, reset + ("; " + WHAT_IF_ON if control in NEEDS_WHAT_IF else ""))
        page.wait_for_timeout(SETTLE_MS * 2)
        lat: list[float | None] = []
        ker: list[tuple[float, float, float | None]] = []
        msgs: list[int] = []
        for act, typing, *prepare in actions:
            latency, kernel_ms, n = _measure(page, act, typing, *prepare)
            lat.append(latency)
            ker.append(kernel_ms)
            msgs.append(n)
        print(f"  {area} {control}: " + ", ".join("—" if v is None else f"{v:.0f}" for v in lat)
              + f" ms; kernel wall/CPU/to-chart {', '.join(f'{k[0]:.0f}/{k[1]:.0f}/{k[2] or 0:.0f}' for k in ker)} ms;"
              f" msgs {msgs}", flush=True)
        rows += _row(area, control, lat, ker, msgs)
    return rows


def timeline_steps(page: Any, cell: Any) -> dict[str, list[tuple[Callable[[], None], bool]]]:
    search = cell.locator(".widget-text", has_text="Search").first.locator("input")

    def typed(word: str) -> Callable[[], None]:
        return lambda: search.press_sequentially(word, delay=TYPING_MS)

    def clear_search() -> None:
        search.fill("")

    vectors = ["Russia", "China", "the West", "multilateral", "All vectors"]
    actors = ["Tokayev", "Putin", "CSTO", "Xi Jinping", "All actors"]
    words = ["CPC", "CSTO", "Mir", "pipeline", "sanctions"]

    def pick(i: int) -> Callable[[], None]:
        def act() -> None:
            box = cell.locator(".widget-dropdown", has_text="Event").first.locator("select")
            options = box.locator("option").all_inner_texts()
            box.select_option(label=options[(i * 7 + 3) % len(options)])
        return act

    def narrow() -> None:
        cell.locator(".widget-dropdown", has_text="Vector").first.locator("select").select_option(label="China")

    def clear_button() -> None:
        cell.get_by_role("button", name="Clear filters").click()

    steps: dict[str, list[tuple[Callable[[], None], bool]]] = {
        "month slider (end, arrow key)": [(_slider_keys(cell, "Months", "ArrowLeft", handle=1), False)
                                          for _ in range(ROUNDS)],
        "month slider (start, arrow key)": [(_slider_keys(cell, "Months", "ArrowRight", handle=0), False)
                                            for _ in range(ROUNDS)],
        "vector menu": [(_select(cell, "Vector", v), False) for v in vectors],
        "actor menu": [(_select(cell, "Actor", a), False) for a in actors],
        "search box (typing a word, timed from its last key)": [(typed(wd), True, clear_search) for wd in words],
        "event menu (ring moves)": [(pick(i), False) for i in range(ROUNDS)],
    }
    steps["Clear filters button"] = [(clear_button, False, narrow) for _ in range(3)]
    return steps


def trade_steps(page: Any, cell: Any) -> dict[str, list[tuple[Callable[[], None], bool]]]:
    def flow(label: str) -> Callable[[], None]:
        def act() -> None:
            cell.locator(".widget-toggle-buttons", has_text="Flow").first.get_by_role(
                "button", name=label, exact=True).click()
        return act

    years = ["2019", "2020", "2021", "2023", "2022"]
    return {
        "year menu": [(_select(cell, "Year", y), False) for y in years],
        "flow buttons": [(flow(f), False) for f in ["Exports", "Imports", "Exports", "Turnover", "Imports"]],
        "partners shown slider (arrow key)": [(_slider_keys(cell, "Partners shown", k), False)
                                              for k in ["ArrowRight", "ArrowRight", "ArrowLeft", "ArrowLeft",
                                                        "ArrowLeft"]],
        "move trade from": [(_select(cell, "Move trade from", p), False)
                            for p in ["China", "Russia", "Italy", "China", "Russia"]],
        "share moved slider (arrow key)": [(_slider_keys(cell, "Share moved", k), False)
                                           for k in ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft",
                                                     "ArrowRight"]],
        "move it to": [(_select(cell, "Move it to", t), False)
                       for t in ["China", "all others, in proportion", "Italy",
                                 "all others, in proportion", "China"]],
    }


def run(only: str = "") -> list[dict[str, object]]:
    """Drive both explorers (``only="timeline"`` or ``"trade"``: just that one)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.jupyterlab_server import LabServer
    from tests.browser.site import CHROMIUM_FLAGS, chromium_path

    path = chromium_path()
    if path is None:
        return [{"area": "lab latency", "measure": "NOT RUN: Chromium not found", "value": None, "unit": "",
                 "target": TARGET}]
    import os

    rows: list[dict[str, object]] = []
    load_before = os.getloadavg()[0]
    with LabServer([TIMELINE, TRADE]) as lab, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        for notebook, needle, area, reset, steps in (
            (TIMELINE, "TimelineExplorer(events)", "lab: timeline (ch. 3)", RESET["timeline"], timeline_steps),
            (TRADE, "trade_explorer(", "lab: trade (ch. 4)", RESET["trade"], trade_steps),
        ):
            if only and only not in area:
                continue
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            cell = _open(page, lab, notebook, needle)
            size = page.evaluate("() => __kz.chartBytes()")
            rows += _drive(page, area, reset, steps(page, cell))
            rows.append({"area": area, "measure": "chart as sent (data URL or blob), first view",
                         "value": round(size / 1024, 1), "unit": "kB", "target": ""})
            page.close()
        browser.close()
    rows.append({"area": "lab latency", "measure": f"machine load average (1 min) before / after, on "
                 f"{os.cpu_count()} CPUs: wall-clock figures grow with it", "value": f"{load_before:.1f} / "
                 f"{os.getloadavg()[0]:.1f}", "unit": "", "target": ""})
    return rows


if __name__ == "__main__":
    from tests.bench import format_table

    import sys

    print(format_table(run(sys.argv[1] if len(sys.argv) > 1 else "")))
