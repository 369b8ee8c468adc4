"""What the browser tests and ``bench_site`` need: the tools, a local server, the site's pages.

Shared by ``tests/browser/`` and ``tests/benchmarks/bench_site.py``. Nothing here reaches the
network except :func:`install_npm_tools` (``npm ci`` from the pinned lock file, once, into
``.cache/npm-tools``).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from tests.book import ROOT, resolve, toc_files

REQUIRE_ENV = "KZLESSON_REQUIRE_BROWSER"  # "1": a missing tool fails the browser tests
CHROMIUM_ENV = "KZLESSON_CHROMIUM"  # another Chromium binary than /usr/bin/chromium
SITE_ENV = "KZLESSON_SITE_DIR"  # test an already built _build/html instead of building

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TOOLS_SRC = Path(__file__).with_name("tools")  # package.json + package-lock.json (pinned)
TOOLS_DIR = ROOT / ".cache" / "npm-tools"
AXE_JS = TOOLS_DIR / "node_modules" / "axe-core" / "axe.min.js"
LIGHTHOUSE_JS = TOOLS_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
WIDGET_VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]'
# A chapter whose code makes widgets: an exercise, an explorer, or ipywidgets itself.
WIDGET_CODE = re.compile(r"kz\.exercise\(|explorer\(|ipywidgets|\bwidgets\.")


def require_tools() -> bool:
    """True when a missing browser tool must fail the tests (CI), not skip them."""
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def chromium_path() -> str | None:
    """The Chromium binary to drive, or None when there is none."""
    path = os.environ.get(CHROMIUM_ENV) or "/usr/bin/chromium"
    return path if Path(path).is_file() else shutil.which("chromium")


def node_path() -> str | None:
    return shutil.which("node")


def npm_tools_ready() -> bool:
    """True when axe-core and Lighthouse are installed at the pinned versions."""
    lock = TOOLS_DIR / "package-lock.json"
    return (
        AXE_JS.is_file() and LIGHTHOUSE_JS.is_file() and lock.is_file()
        and lock.read_bytes() == (TOOLS_SRC / "package-lock.json").read_bytes()
    )


def install_npm_tools(timeout: float = 600) -> str | None:
    """``npm ci --ignore-scripts`` the pinned axe-core and Lighthouse; return an error or None."""
    if npm_tools_ready():
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "the `npm` command was not found"
    TOOLS_DIR.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(TOOLS_SRC / name, TOOLS_DIR / name)
    try:
        run = subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=TOOLS_DIR, capture_output=True, text=True, timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return f"`npm ci` in {TOOLS_DIR} took longer than {timeout:.0f} s"
    if run.returncode != 0 or not npm_tools_ready():
        last = (run.stderr.strip().splitlines() or ["no message"])[-1]
        return f"`npm ci` in {TOOLS_DIR} failed: {last}"
    return None


# ----------------------------------------------------------------------------- the local server

COMPRESSIBLE = {".html", ".js", ".css", ".svg", ".json", ".txt", ".map", ".inv", ".xml"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed like any real web host (GitHub Pages, Netlify) does."""

    _gz_cache: dict[tuple[str, float], bytes] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep tests quiet
        return

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        key = (str(path), path.stat().st_mtime)
        body = self._gz_cache.get(key)
        if body is None:
            body = gzip.compress(path.read_bytes(), compresslevel=6)
            self._gz_cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


@dataclass
class SiteServer:
    """A local HTTP server on 127.0.0.1 (random free port) serving one folder."""

    root: Path

    def __post_init__(self) -> None:
        handler = functools.partial(_Handler, directory=str(self.root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# ----------------------------------------------------------------------------- the pages

PROSE_EXTRA = ["search", "genindex"]  # Sphinx's own pages


def site_pages(html: Path) -> list[str]:
    """Every page of the site to check: each toc entry, then the search and index pages."""
    pages = [f"{entry}.html" for entry in toc_files()]
    pages += [f"{name}.html" for name in PROSE_EXTRA if (html / f"{name}.html").is_file()]
    return pages


def expected_widget_views(html: Path, page: str) -> int:
    """How many widget views the built page embeds (the snapshots the browser must draw)."""
    text = (html / page).read_text(encoding="utf-8")
    return text.count('type="application/vnd.jupyter.widget-view+json"')


def source_makes_widgets(page: str) -> bool:
    """True when the page's notebook has code that displays widgets."""
    src = resolve(page.removesuffix(".html"))
    if src is None or src.suffix != ".ipynb":
        return False
    nb = json.loads(src.read_text(encoding="utf-8"))
    code = "\n".join("".join(c.get("source", "")) for c in nb.get("cells", []) if c.get("cell_type") == "code")
    return bool(WIDGET_CODE.search(code))


def source_has_exercises(page: str) -> bool:
    """True when the page's notebook shows at least one exercise (``kz.exercise(...)``)."""
    src = resolve(page.removesuffix(".html"))
    if src is None or src.suffix != ".ipynb":
        return False
    return "kz.exercise(" in src.read_text(encoding="utf-8")


def page_kind(html: Path, page: str) -> str:
    """``widgets`` when the built page embeds widgets, else ``prose``."""
    return "widgets" if expected_widget_views(html, page) else "prose"


# ----------------------------------------------------------------------------- Lighthouse

CATEGORIES = ("performance", "accessibility", "best-practices")


def lighthouse(url: str, categories: tuple[str, ...] = CATEGORIES, timeout: float = 240) -> dict:
    """Run Lighthouse 12 (desktop preset) on ``url``; return ``{category: score}`` and failures.

    Example: ``lighthouse("http://127.0.0.1:8000/intro.html")["scores"]["accessibility"]``.
    """
    node = node_path()
    chromium = chromium_path()
    if node is None or chromium is None or not LIGHTHOUSE_JS.is_file():
        raise RuntimeError("Lighthouse needs node, Chromium and `npm ci` in .cache/npm-tools")
    cmd = [
        node, str(LIGHTHOUSE_JS), url, "--preset=desktop", "--output=json", "--output-path=stdout",
        "--quiet", f"--only-categories={','.join(categories)}", "--max-wait-for-load=60000",
        "--disable-full-page-screenshot",
        "--chrome-flags=" + " ".join(CHROMIUM_FLAGS),
    ]
    env = {**os.environ, "CHROME_PATH": chromium}
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    if run.returncode != 0:
        raise RuntimeError(f"Lighthouse failed on {url}: {run.stderr.strip()[-500:]}")
    report = json.loads(run.stdout)
    scores = {k: v["score"] for k, v in report["categories"].items()}
    failing = []
    for cat in report["categories"].values():
        for ref in cat["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{cat['id']}: {ref['id']} ({audit.get('displayValue') or audit['score']})")
    return {"scores": scores, "failing": failing, "error": report.get("runtimeError")}
