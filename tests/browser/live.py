"""Driving a live (JupyterLite) chapter in headless Chromium: shared by the browser tests and the bench.

Every request that does not go to the local server is aborted (``route``), and recorded in
``LiveContext.outside`` so a test can say which ones the page tried.

Example::

    with live_context(browser, site) as live:
        page = live.open_chapter("04_trade_dependence")
        errors = live.wait_run(page)  # the notebook runs itself once its kernel is ready
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

#: Chromium flag: no host name resolves except 127.0.0.1 (covers service-worker and worker requests)
NO_OTHER_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"
KERNEL_TIMEOUT_MS = 240_000  # a cold start on a busy 2-core CI machine
RUN_ALL_TIMEOUT_MS = 360_000

_PANEL = "window.jupyterapp && window.jupyterapp.shell.currentWidget"
_KERNEL_IDLE = f"""() => {{ const p = {_PANEL};
  const k = p && p.sessionContext && p.sessionContext.session && p.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && k.connectionStatus === 'connected'; }}"""
_ALL_RUN = f"""() => {{ const p = {_PANEL}; if (!p) return false;
  const k = p.sessionContext.session && p.sessionContext.session.kernel;
  const cells = p.content.widgets.filter(c => c.model.type === 'code');
  const error = cells.some(c => c.model.sharedModel.outputs.some(o => o.output_type === 'error'));
  return (error || cells.every(c => c.model.executionCount !== null)) && !!k && k.status === 'idle'; }}"""
_AUTORUN_OVER = """() => ['done', 'failed', 'skipped'].includes(document.body && document.body.dataset.kzAutorun)"""
_AUTORUN_STARTED = """() => ['running', 'done', 'failed', 'skipped'].includes(document.body && document.body.dataset.kzAutorun)"""
_ERRORS = f"""() => {{ const p = {_PANEL};
  return p.content.widgets.filter(c => c.model.type === 'code')
    .flatMap(c => c.model.sharedModel.outputs.filter(o => o.output_type === 'error')
    .map(o => o.ename + ': ' + o.evalue)); }}"""


@dataclass
class LiveContext:
    """A browser context whose requests are kept on the local server."""

    context: Any
    base: str
    outside: list[str] = field(default_factory=list)
    bytes_in: int = 0

    def open_chapter(self, chapter: str) -> Any:
        """Open the chapter's page and press its live control; returns the live notebook's page."""
        page = self.context.new_page()
        page.goto(f"{self.base}chapters/{chapter}.html")
        button = page.locator("a.kz-live-button")
        assert button.count() == 1, f"chapter {chapter}: no live control on the page"
        button.click()
        return page

    def wait_kernel(self, page: Any) -> float:
        """Wait until the notebook's Pyodide kernel is idle; return the seconds waited."""
        start = time.perf_counter()
        page.wait_for_function(_KERNEL_IDLE, timeout=KERNEL_TIMEOUT_MS, polling=200)
        return time.perf_counter() - start

    def wait_kernel_started(self, page: Any) -> float:
        """Wait until the kernel is ready and the chapter starts running by itself; return the seconds.

        (With the notebook running itself, the kernel is busy from the moment it is ready, so
        :meth:`wait_kernel`, which waits for it to be idle, returns only after the whole run.)"""
        start = time.perf_counter()
        page.wait_for_function(_AUTORUN_STARTED, timeout=KERNEL_TIMEOUT_MS, polling=100)
        return time.perf_counter() - start

    def wait_run(self, page: Any) -> list[str]:
        """Wait until the chapter has run by itself (``kz-autorun.js``; nothing is pressed here);
        return the error outputs. Fails if the page never starts running it."""
        self.wait_kernel(page)
        page.wait_for_function(_AUTORUN_OVER, timeout=RUN_ALL_TIMEOUT_MS, polling=300)
        state = page.evaluate("document.body.dataset.kzAutorun")
        assert state == "done", f"the live notebook did not run by itself (kz-autorun: {state})"
        page.wait_for_function(_ALL_RUN, timeout=RUN_ALL_TIMEOUT_MS, polling=300)
        return page.evaluate(_ERRORS)

    def run_code(self, page: Any, code: str) -> None:
        """Append a cell with ``code`` to the notebook and run it (its output shows in the page)."""
        page.evaluate(
            """async (code) => { const app = window.jupyterapp; const nb = app.shell.currentWidget.content;
                nb.activeCellIndex = nb.widgets.length - 1;
                await app.commands.execute('notebook:insert-cell-below');
                nb.activeCell.model.sharedModel.setSource(code);
                await app.commands.execute('notebook:run-cell'); }""",
            code,
        )


@contextmanager
def live_context(browser: Any, base: str, **kwargs: Any) -> Iterator[LiveContext]:
    """A fresh context (empty browser storage) that aborts every request off ``base``."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True, **kwargs)
    live = LiveContext(context, base)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            live.outside.append(url)
            r.abort()

    context.route("**/*", route)
    try:
        yield live
    finally:
        context.close()


def dropdown(page: Any, label: str) -> Any:
    """The ``<select>`` of the first widget dropdown labelled ``label``."""
    return page.locator(".widget-dropdown", has=page.locator("label", has_text=label)).locator("select").first


def output_around(control: Any) -> Any:
    """The output area of the cell that shows ``control``."""
    return control.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' jp-Cell-outputArea ')]").first


def images(area: Any) -> list[str]:
    """The ``src`` of every PNG picture in ``area``."""
    return area.locator('img[src^="data:image/png"]').evaluate_all("els => els.map(e => e.src)")


def choose_another(select: Any) -> str:
    """Select an option of the ``<select>`` other than the current one; return its value."""
    options = select.evaluate("s => [...s.options].map(o => o.value)")
    current = select.evaluate("s => s.value")
    value = next(o for o in options if o != current)
    select.select_option(value)
    return value


def exercise_box(page: Any, title: str) -> Any:
    """An exercise's box (``.kz-ex``) by its title."""
    return page.locator(".kz-ex", has=page.locator(".kz-head", has_text=f"· {title} —")).first


def menu(box: Any, label: str) -> Any:
    """The ``<select>`` of the dropdown labelled ``label`` inside ``box`` (an exercise's items)."""
    return box.locator(".widget-dropdown", has=box.page.locator(".widget-label", has_text=label)).locator("select").first


def radio_group(box: Any, label: str) -> Any:
    """The radio buttons whose description starts with ``label`` inside ``box``."""
    return box.locator(".widget-radio", has=box.page.locator(".widget-label", has_text=label)).first


def pick(group: Any, text: str) -> None:
    """Tick the radio button of ``group`` whose label holds ``text``."""
    group.locator(".widget-radio-box label", has_text=text).locator("input").check()


def picked(group: Any) -> str:
    """The label of the ticked radio button of ``group`` ('' if none)."""
    return group.evaluate(
        "g => { const i = g.querySelector('.widget-radio-box input:checked'); return i ? i.parentElement.textContent.trim() : ''; }")
