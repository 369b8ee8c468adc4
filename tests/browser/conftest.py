"""Fixtures for the browser tests: the built site on a local server, headless Chromium, axe.

The site is the lead's session fixture ``built_book`` (``_build/html``, built once per session);
set ``KZLESSON_SITE_DIR=/path/to/_build/html`` to test an already built site instead.
Chromium is Debian's ``/usr/bin/chromium`` (or ``KZLESSON_CHROMIUM``), driven by Playwright.
axe-core and Lighthouse come from ``tests/browser/tools/package-lock.json`` (``npm ci
--ignore-scripts`` into ``.cache/npm-tools``, done here on first use when npm is available).

Without a tool the checks that need it are skipped, and the terminal summary says which and
why; with ``KZLESSON_REQUIRE_BROWSER=1`` (set by ``.ci/run``) they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.browser import site as S

pytestmark = pytest.mark.browser

# check -> reason, for the terminal summary
SKIPPED: dict[str, str] = {}


def unavailable(check: str, reason: str) -> None:
    """Skip (on a laptop) or fail (in CI) a check whose tool is missing."""
    if S.require_tools():
        pytest.fail(f"{check}: {reason} ({S.REQUIRE_ENV}=1, so this is a failure)", pytrace=False)
    SKIPPED.setdefault(check, reason)
    pytest.skip(f"{check} skipped: {reason}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not SKIPPED:
        return
    tr = terminalreporter
    tr.section("browser checks skipped", sep="-")
    for check, reason in SKIPPED.items():
        tr.write_line(f"  {check}: NOT RUN, because {reason}.")
    tr.write_line(
        "  These check the built site in a real browser. To run them: install Debian's chromium "
        "(apt-get install chromium chromium-driver) and Node.js with npm, then run `make test` "
        f"again; CI runs them through .ci/run ({S.REQUIRE_ENV}=1 makes a missing tool fail)."
    )


# ----------------------------------------------------------------------------- the site


@pytest.fixture(scope="session")
def site_html(request: pytest.FixtureRequest) -> Path:
    """The built site's folder (``_build/html``)."""
    given = os.environ.get(S.SITE_ENV)
    if given:
        path = Path(given)
        assert (path / "intro.html").is_file(), f"{S.SITE_ENV}={given} holds no built book"
        return path
    return request.getfixturevalue("built_book")


@pytest.fixture(scope="session")
def site(site_html: Path) -> Iterator[S.SiteServer]:
    """The built site on http://127.0.0.1:<free port>/."""
    server = S.SiteServer(site_html)
    yield server
    server.close()


# ----------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def chromium() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("site in a browser", "Playwright for Python is not installed in this environment")
    path = S.chromium_path()
    if path is None:
        unavailable("site in a browser", "Chromium was not found (/usr/bin/chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=S.CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def axe_script() -> Path | None:
    """axe-core's ``axe.min.js`` (pinned), installed on first use; None when impossible."""
    if not S.npm_tools_ready():
        problem = S.install_npm_tools()
        if problem:
            SKIPPED.setdefault("accessibility (axe-core)", problem)
            return None
    return S.AXE_JS


@pytest.fixture(scope="session")
def lighthouse_ready(chromium: str) -> None:
    if S.node_path() is None:
        unavailable("Lighthouse scores", "Node.js (`node`) was not found")
    if not S.npm_tools_ready():
        problem = S.install_npm_tools()
        if problem:
            unavailable("Lighthouse scores", problem)


# ----------------------------------------------------------------------------- one visit per page


@dataclass
class PageVisit:
    """What one load of a page showed (collected once, checked by several tests)."""

    page: str
    requests: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    console_warnings: list[str] = field(default_factory=list)
    expected_widgets: int = 0
    rendered_widgets: int = 0
    widget_elements: int = 0
    images_without_alt: list[str] = field(default_factory=list)
    solutions: int = 0
    solutions_closed_at_first: int = 0
    solutions_opened_by_click: int = 0
    axe_violations: list[dict] | None = None


RENDERED_JS = """() => Array.from(document.querySelectorAll('.widget-subarea'))
    .filter(el => el.querySelector('.jupyter-widgets, [class*="widget-"]')).length"""

ALT_JS = """() => Array.from(document.querySelectorAll('img'))
    .filter(img => !(img.getAttribute('alt') || '').trim())
    .map(img => (img.getAttribute('src') || '').slice(0, 80))"""

SCROLL_JS = """async () => {
    const step = Math.max(300, window.innerHeight * 0.8);
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
        window.scrollTo(0, y);
        await new Promise(r => setTimeout(r, 60));
    }
}"""


def _visit(browser: Any, site: S.SiteServer, html: Path, page: str, axe: Path | None) -> PageVisit:
    v = PageVisit(page, expected_widgets=S.expected_widget_views(html, page))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.on("request", lambda r: v.requests.append(r.url))
    tab.on("response", lambda r: r.status >= 400 and v.bad_responses.append(f"{r.status} {r.url}"))
    tab.on("console", lambda m: (v.console_errors if m.type == "error" else v.console_warnings).append(
        f"{m.text} [{m.location.get('url', '')}]") if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: v.console_errors.append(f"uncaught: {e}"))
    try:
        tab.goto(site.url + page, wait_until="load")
        if v.expected_widgets:
            tab.evaluate(SCROLL_JS)
            try:
                tab.wait_for_function(f"() => ({RENDERED_JS})() >= {v.expected_widgets}", timeout=90_000)
            except Exception:  # noqa: BLE001 - the count below tells the test what is missing
                pass
        tab.wait_for_load_state("networkidle")
        v.rendered_widgets = tab.evaluate(RENDERED_JS)
        v.widget_elements = tab.locator(".jupyter-widgets").count()
        v.images_without_alt = tab.evaluate(ALT_JS)
        tab.evaluate("() => window.scrollTo(0, 0)")
        if axe is not None:
            # Inline: no request. preload=false: axe would fetch the stylesheets itself and resolve
            # their @import against the page, not the sheet (a spurious 404 on /basic.css).
            tab.add_script_tag(path=str(axe))
            result = tab.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations'], preload: false})).violations"
                ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
                " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))"
            )
            v.axe_violations = result
        details = tab.locator("details.kz-solution")
        v.solutions = details.count()
        for i in range(v.solutions):
            d = details.nth(i)
            if d.evaluate("el => el.open"):
                continue
            v.solutions_closed_at_first += 1
            d.locator("summary").first.click(force=True)
            body_visible = d.evaluate(
                "el => el.open && Array.from(el.children).some(c => c.tagName !== 'SUMMARY'"
                " && c.getBoundingClientRect().height > 0)"
            )
            v.solutions_opened_by_click += int(bool(body_visible))
    finally:
        context.close()
    return v


@pytest.fixture(scope="session")
def visit(browser: Any, site: S.SiteServer, site_html: Path, axe_script: Path | None) -> Callable[[str], PageVisit]:
    """``visit("intro.html")``: load the page once per session and report what it showed."""
    cache: dict[str, PageVisit] = {}

    def get(page: str) -> PageVisit:
        if page not in cache:
            cache[page] = _visit(browser, site, site_html, page, axe_script)
        return cache[page]

    return get
