"""A chapter opened in a real JupyterLab, as a teacher runs it with ``make lab`` (issue 16, items 8, 11).

MyST renders (jupyterlab-myst, pinned in pyproject.toml, requirements/constraints.txt and binder/):
the learning objectives are a box with a title, not ``:::{admonition}`` text, and glossary terms
are words, not ``{term}`...``` text. JupyterLab's "notified about official Jupyter news?" pop-up
does not appear (``binder/lab-settings/overrides.json``, used by ``make lab`` and Binder).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.jupyterlab_server import LAB_SETTINGS, ROOT, LabServer, lab_command, open_notebook

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHAPTER = "chapters/03_timeline_2022.ipynb"
RAW_MYST = re.compile(r":::\{|\{term\}`|\{cite:p\}`|\{admonition\}")


@pytest.fixture(scope="module")
def lab_page(browser: Any) -> Any:
    with LabServer([CHAPTER]) as lab:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        open_notebook(page, lab, Path(CHAPTER).name)
        page.wait_for_timeout(4000)  # the news question comes once the app is restored
        yield page
        context.close()


def test_make_lab_and_binder_use_the_pinned_myst_and_the_settings() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"--LabApp.app_settings_dir=$(CURDIR)/binder/lab-settings" in makefile
    assert re.search(r"^jupyterlab-myst==\d", (ROOT / "requirements/constraints.txt").read_text(), re.M)
    assert re.search(r"^jupyterlab-myst$", (ROOT / "binder/requirements.txt").read_text(), re.M)
    assert "lab-settings/overrides.json" in (ROOT / "binder/postBuild").read_text()
    assert f"--LabApp.app_settings_dir={LAB_SETTINGS}" in lab_command(1, ROOT)


def test_learning_objectives_render_as_a_box(lab_page: Any) -> None:
    first = lab_page.locator(".jp-Notebook .jp-MarkdownCell").first
    text = first.inner_text()
    assert "Learning objectives" in text
    assert not RAW_MYST.search(text), f"raw MyST shown in JupyterLab: {text[:300]!r}"
    title = first.locator("aside, .admonition, [class*='admonition']").first
    assert title.count() and "Learning objectives" in title.inner_text()


def test_no_raw_myst_in_any_markdown_cell(lab_page: Any) -> None:
    cells = lab_page.locator(".jp-Notebook .jp-MarkdownCell")
    raw = []
    for i in range(cells.count()):
        cell = cells.nth(i)
        cell.scroll_into_view_if_needed()
        text = cell.inner_text()
        if RAW_MYST.search(text):
            raw.append(text[:160])
    assert cells.count() > 5 and not raw, raw
    # a glossary term shows as its word
    assert "multi-vector foreign policy" in cells.first.inner_text() or any(
        "multi-vector" in cells.nth(i).inner_text() for i in range(cells.count()))


def test_no_news_pop_up(lab_page: Any) -> None:
    # the overrides become the defaults JupyterLab serves for the notification plugin
    schema = lab_page.evaluate(
        "async () => (await window.jupyterapp.serviceManager.settings.fetch("
        "'@jupyterlab/apputils-extension:notification')).schema.properties")
    assert schema["fetchNews"]["default"] == "false", schema["fetchNews"]
    assert schema["checkForUpdates"]["default"] is False
    lab_page.wait_for_timeout(2000)
    toasts = lab_page.locator(".jp-toast-message")
    texts = [toasts.nth(i).inner_text() for i in range(toasts.count())]
    assert not [t for t in texts if "news" in t.lower()], texts
