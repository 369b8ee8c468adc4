"""Driving a live (JupyterLite) chapter in headless Chromium: shared by the browser tests and the bench.

Every request that does not go to the local server is aborted (``route``), and recorded in
``LiveContext.outside`` so a test can say which ones the page tried.

Example::

    with live_context(browser, site) as live:
        page = live.open_chapter("04_trade_dependence")
        live.run_all(page)
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

    def run_all(self, page: Any) -> list[str]:
        """Run every cell (stopping at an error); return the error outputs."""
        self.wait_kernel(page)
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
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
    return page.locator(".kz-ex", has_text=title).first
