"""Sphinx extension used by the book build (listed in ``_config.yml``).

It does four small jobs:

1. Static rendering mode: the kernels the build starts inherit ``KZLESSON_RENDER=static``,
   so each exercise also prints its answer and explanation in a collapsed block.
2. Self-hosted widget and maths JavaScript: the ipywidgets embed manager, require.js, the
   fonts the widget CSS asks for and MathJax are fetched at build time from the npm registry
   at pinned versions (checked against pinned checksums), cached outside git in
   ``.cache/npm-assets/`` and served from the site itself (``_static/kzwidgets/``,
   ``_static/kzmathjax/``), so a built page makes no request to a CDN. Without ``npm`` or
   without network the build says so and falls back to the public CDNs.
3. Widget scripts load only on pages with widgets (myst-nb decides), and only once a widget
   is on screen or the reader scrolls (``site_js/kz-widgets-loader.js``).
4. Works around a Sphinx 7.4 bug that printed inline scripts twice (the
   ``Identifier 'THEBE_JS_URL' has already been declared`` console error).

It also loads the book's other build modules: :mod:`kzlesson.site_theme` (theme fixes),
:mod:`kzlesson.book_exercises` (exercises as text, once-per-chapter note, print) and
:mod:`kzlesson.worksheets` (printable worksheets and answer keys).

Example (what ``_config.yml`` does)::

    sphinx:
      extra_extensions:
        - kzlesson.sphinx_ext
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sphinx.util import logging

RENDER_ENV = "KZLESSON_RENDER"
CACHE_ENV = "KZLESSON_ASSET_CACHE"  # overrides <book>/.cache/npm-assets
OFFLINE_ENV = "KZLESSON_NO_NPM"  # set to 1 to skip the npm fetch (CDN fallback)

WIDGETS_DIR = "kzwidgets"  # under _static/ in the built site
MATHJAX_DIR = "kzmathjax"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NpmPackage:
    """One npm package pinned by version and tarball checksum.

    Example: ``NpmPackage("requirejs", "2.3.8", "sha512-...")``.
    """

    name: str
    version: str
    integrity: str  # the registry's ``dist.integrity`` (sha512, base64)

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def folder(self) -> str:
        return self.spec.replace("/", "+")


REQUIREJS = NpmPackage(
    "requirejs",
    "2.3.8",
    "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
)
HTML_MANAGER = NpmPackage(
    "@jupyter-widgets/html-manager",
    "1.0.15",
    "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
)
MATHJAX = NpmPackage(
    "mathjax",
    "3.2.2",
    "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
)
PACKAGES = (REQUIREJS, HTML_MANAGER, MATHJAX)

CDN = "https://cdn.jsdelivr.net/npm/"
#: The widget CSS lists each font as woff2, woff, ttf, eot and svg; a browser takes the first it
#: supports (woff2 everywhere since 2016, woff before): the other three (5 MB) were never fetched.
FONT_SUFFIXES = (".woff2", ".woff")
MATHJAX_PARTS = ("tex-mml-chtml.js", "input", "output/chtml", "ui", "a11y", "adaptors", "sre")
#: MathJax's speech rules (loaded only when a reader turns on its explorer): the book is in
#: English, so the other languages' rule files (3.2 MB) are left out.
MATHJAX_SPEECH_RULES = ("base.json", "en.json", "nemeth.json")

# Loads require.js and embed-amd.js on demand, keeps their requests on this site, names
# slider handles for screen readers; see the file's header.
LOADER_JS = Path(__file__).with_name("site_js") / "kz-widgets-loader.js"


class AssetError(RuntimeError):
    """The npm assets could not be fetched or checked."""


def _sri(data: bytes) -> str:
    """Subresource-integrity string of ``data``, e.g. ``sha512-...``."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def fetch_package(pkg: NpmPackage, cache: Path, timeout: float = 180) -> Path:
    """Return the unpacked ``package/`` folder of ``pkg``, fetching it with ``npm pack`` once.

    Example: ``fetch_package(REQUIREJS, Path(".cache/npm-assets")) / "require.js"``.
    """
    target = cache / pkg.folder
    done = target / ".kzlesson-complete"
    if done.is_file() and done.read_text().strip() == pkg.integrity:
        return target / "package"
    cache.mkdir(parents=True, exist_ok=True)
    # two builds starting at once (two checkouts sharing KZLESSON_ASSET_CACHE, parallel tests) take
    # turns: the second finds the first one's complete copy instead of unpacking over it
    try:
        with FileLock(str(cache / f".{pkg.folder}.lock"), timeout=timeout + 60):
            if done.is_file() and done.read_text().strip() == pkg.integrity:
                return target / "package"
            return _fetch_unlocked(pkg, cache, target, done, timeout)
    except Timeout as exc:
        raise AssetError(f"another build held the lock on {cache} for over {timeout + 60:.0f} s") from exc


def _fetch_unlocked(pkg: NpmPackage, cache: Path, target: Path, done: Path, timeout: float) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise AssetError("the `npm` command was not found on this machine")
    with tempfile.TemporaryDirectory(dir=cache, prefix=".fetch-") as tmp:
        cmd = [
            npm, "pack", pkg.spec, "--ignore-scripts", "--silent", "--json",
            "--fetch-retries=1", "--fetch-timeout=30000", "--pack-destination", tmp,
        ]
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired as exc:
            raise AssetError(f"`npm pack {pkg.spec}` took longer than {timeout:.0f} s") from exc
        tarballs = list(Path(tmp).glob("*.tgz"))
        if run.returncode != 0 or len(tarballs) != 1:
            last = (run.stderr.strip().splitlines() or ["no message"])[-1]
            raise AssetError(f"`npm pack {pkg.spec}` failed: {last}")
        data = tarballs[0].read_bytes()
        if _sri(data) != pkg.integrity:
            raise AssetError(f"{pkg.spec}: the downloaded tarball does not match the pinned checksum")
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        with tarfile.open(tarballs[0]) as tar:
            tar.extractall(target, filter="data")
    done.write_text(pkg.integrity + "\n")
    return target / "package"


def _sync(src: Path, dst: Path) -> None:
    """Copy file or folder ``src`` to ``dst``, skipping files that are already identical."""
    if src.is_dir():
        for path in src.rglob("*"):
            if path.is_file() and not path.name.endswith(".map"):
                _sync(path, dst / path.relative_to(src))
        return
    if dst.is_file() and dst.stat().st_size == src.stat().st_size and dst.stat().st_mtime >= src.stat().st_mtime:
        return
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)


def assemble_widgets(cache: Path, site: Path) -> None:
    """Lay out ``site/stage-kzwidgets/kzwidgets``: require.js, the loader, embed-amd.js and its fonts."""
    req = fetch_package(REQUIREJS, cache)
    manager = fetch_package(HTML_MANAGER, cache) / "dist"
    out = site / f"stage-{WIDGETS_DIR}" / WIDGETS_DIR
    _sync(req / "require.js", out / "require.js")
    _sync(manager / "embed-amd.js", out / "embed-amd.js")
    # webpack derives the fonts' folder from the address of the AMD module whose CSS asks for
    # them: "@jupyter-widgets/base" (-> @jupyter-widgets/) or the manager itself (-> its dist/).
    for font in manager.iterdir():
        if font.suffix in FONT_SUFFIXES:
            _sync(font, out / "@jupyter-widgets" / font.name)
            _sync(font, out / "@jupyter-widgets" / "html-manager" / "dist" / font.name)
    for folder in (out / "@jupyter-widgets", out / "@jupyter-widgets" / "html-manager" / "dist"):
        for stale in folder.glob("*"):  # older caches held every format
            if stale.is_file() and stale.suffix in (".ttf", ".eot", ".svg"):
                stale.unlink()
    for lic in (req / "LICENSE", manager.parent / "LICENSE", manager / "embed.js.LICENSE.txt"):
        if lic.is_file():
            _sync(lic, out / "licenses" / f"{lic.parent.name}-{lic.name}.txt")
    _sync(LOADER_JS, out / LOADER_JS.name)


def assemble_mathjax(cache: Path, site: Path) -> None:
    """Lay out ``site/stage-kzmathjax/kzmathjax``: MathJax's TeX+MathML to CHTML bundle and what it loads lazily."""
    es5 = fetch_package(MATHJAX, cache) / "es5"
    out = site / f"stage-{MATHJAX_DIR}" / MATHJAX_DIR
    for part in MATHJAX_PARTS:
        _sync(es5 / part, out / part)
    for rules in (out / "sre" / "mathmaps").glob("*.json"):
        if rules.name not in MATHJAX_SPEECH_RULES:
            rules.unlink()
    _sync(es5.parent / "LICENSE", out / "LICENSE.txt")


def local_widget_js() -> dict[str, dict[str, str]]:
    """``nb_ipywidgets_js`` for the self-hosted files (path relative to ``_static/``).

    One small deferred loader; it fetches require.js and embed-amd.js itself once a widget
    is on screen or the reader scrolls.
    """
    return {f"{WIDGETS_DIR}/{LOADER_JS.name}": {"defer": "defer"}}


def cdn_widget_js() -> dict[str, dict[str, str]]:
    """``nb_ipywidgets_js`` falling back to the CDN, at the same pinned versions."""
    return {
        f"{CDN}{REQUIREJS.spec}/require.js": {"defer": "defer", "crossorigin": "anonymous"},
        f"{CDN}{HTML_MANAGER.spec}/dist/embed-amd.js": {
            "defer": "defer",
            "crossorigin": "anonymous",
            "data-jupyter-widgets-cdn": CDN,
        },
    }


def _cache_dir(app: Any) -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path(app.srcdir) / ".cache" / "npm-assets")


def _say(message: str) -> None:
    # A Sphinx *warning* would fail the build under -W: this is information for the reader.
    logger.info("\n[kzlesson] " + message)


def configure_assets(app: Any, config: Any) -> None:
    """``config-inited``: fetch the npm assets and point myst-nb and MathJax at them."""
    app.kzlesson_site_assets = None
    if os.environ.get(OFFLINE_ENV):
        _say(f"{OFFLINE_ENV} is set: widget pages and maths will load their JavaScript from {CDN}.")
        config.nb_ipywidgets_js = cdn_widget_js()
        return
    cache = _cache_dir(app)
    site = cache / "site"
    try:
        assemble_widgets(cache, site)
        assemble_mathjax(cache, site)
    except (AssetError, OSError, tarfile.TarError) as exc:
        _say(
            f"could not fetch the widget/MathJax files from the npm registry ({exc}). "
            f"The site will still build, but pages with widgets or maths will load "
            f"require.js, the ipywidgets embed manager and MathJax from {CDN} "
            f"(they need a network connection to show widgets and equations)."
        )
        config.nb_ipywidgets_js = cdn_widget_js()
        return
    config.nb_ipywidgets_js = local_widget_js()
    config.mathjax_path = f"{MATHJAX_DIR}/tex-mml-chtml.js"
    # Typeset an equation only when it comes near the screen (MathJax's ui/lazy, served here too):
    # a chapter full of formulas no longer blocks the page for half a second on opening.
    mj = dict(getattr(config, "mathjax3_config", None) or {})
    loader = dict(mj.get("loader") or {})
    loader["load"] = sorted({*loader.get("load", []), "ui/lazy"})
    mj["loader"] = loader
    config.mathjax3_config = mj
    app.kzlesson_site_assets = site
    _say(f"widget and MathJax files are served from the site itself (cached in {cache}).")


def publish_assets(app: Any, env: Any) -> None:
    """``env-updated``: copy the cached files into ``_static/`` only when some page needs them."""
    site: Path | None = getattr(app, "kzlesson_site_assets", None)
    if site is None or app.builder.format != "html":
        return
    needs_widgets = any(
        meta.get("js_files") for meta in getattr(env, "nb_metadata", {}).values()
    )
    needs_maths = env.get_domain("math").has_equations()
    # html_static_path copies a folder's *contents* into _static/: one staging folder per need.
    app.kzlesson_published = []
    for flag, name in ((needs_widgets, WIDGETS_DIR), (needs_maths, MATHJAX_DIR)):
        stage = str(site / f"stage-{name}")
        if flag:
            app.kzlesson_published.append(site / f"stage-{name}" / name)
            if stage not in app.config.html_static_path:
                app.config.html_static_path.append(stage)


def sync_published_assets(app: Any, exception: Exception | None) -> None:
    """``build-finished``: make sure ``_static/kzwidgets`` and ``_static/kzmathjax`` are complete.

    Sphinx copies static files only when it writes at least one page, so a rebuild in which no
    page changed would otherwise keep an old or partial copy.
    """
    if exception is not None or app.builder.format != "html":
        return
    for folder in getattr(app, "kzlesson_published", []):
        _sync(folder, Path(app.outdir) / "_static" / folder.name)


#: Files under ``_static/`` no browser fetches: the theme's source maps (2 MB, read only by
#: developer tools), its translation catalogues (0.7 MB, read at build time) and Font Awesome's
#: ttf copies (0.7 MB; its CSS lists woff2 first, which every current browser takes).
UNFETCHED_STATIC = ("**/*.map", "locales/**/*", "vendor/fontawesome/webfonts/*.ttf")


def drop_unfetched_static(app: Any, exception: Exception | None) -> None:
    """``build-finished``: remove :data:`UNFETCHED_STATIC` from the built ``_static/``."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    for pattern in UNFETCHED_STATIC:
        for path in sorted(static.glob(pattern), reverse=True):
            if path.is_file():
                path.unlink()
    if (static / "locales").is_dir():
        shutil.rmtree(static / "locales")


def fix_duplicate_inline_scripts(app: Any) -> None:
    """``builder-inited``: backport of sphinx-doc/sphinx#13402 (fixed after Sphinx 7.4).

    Inline scripts added after the builder starts (sphinx-thebe's ``THEBE_JS_URL``,
    sphinx-togglebutton's selector) were stored once with filename ``None`` and once
    with ``''`` and so printed twice; the page then threw "Identifier 'THEBE_JS_URL'
    has already been declared". Store them with ``''`` both times.
    """
    builder = app.builder
    original = getattr(builder, "add_js_file", None)
    if original is None or getattr(original, "_kzlesson_fixed", False):
        return

    def add_js_file(filename: str | None, **kwargs: Any) -> None:
        original(filename or "", **kwargs)

    add_js_file._kzlesson_fixed = True  # type: ignore[attr-defined]
    builder.add_js_file = add_js_file


_THEAD = re.compile(r"<thead>.*?</thead>", re.S)
_EMPTY_TH = re.compile(r"<th((?:\s[^>]*)?)>(?:\s|&nbsp;|&#160;)*</th>")


def _corner_cells(match: re.Match[str]) -> str:
    return _EMPTY_TH.sub(r"<td\1></td>", match.group(0))


def accessible_html(body: str) -> str:
    """Fix two things axe-core flags in the HTML that other tools write.

    * pandas tables: the empty top-left header cell (``<th></th>`` above the index) becomes a
      ``<td>`` (axe rule empty-table-header).
    * the bibliography: docutils marks each entry ``role="doc-biblioentry"``, a deprecated role
      that is also not a list item of its ``role="list"`` parent; it becomes ``listitem``.

    >>> accessible_html('<table><thead><tr><th></th><th>x</th></tr></thead></table>')
    '<table><thead><tr><td></td><th>x</th></tr></thead></table>'
    """
    body = _THEAD.sub(_corner_cells, body)
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


def fix_page_html(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: apply :func:`accessible_html` to the page body."""
    if isinstance(context.get("body"), str):
        context["body"] = accessible_html(context["body"])


def mathjax_only_where_used(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context`` (after sphinx.ext.mathjax): no MathJax on a page without maths.

    Sphinx counts the maths of every page in a page's toctree, so the front page (whose toctree
    lists every chapter) loaded MathJax's 1.2 MB for nothing. Keep it only where the page itself
    has an equation.
    """
    builder = app.builder
    files = getattr(builder, "_js_files", None)
    if files is None or doctree is None:
        return
    if app.env.get_domain("math").data.get("has_equations", {}).get(pagename, False):
        return
    path = app.config.mathjax_path
    files[:] = [
        js for js in files
        if not (js.filename and js.filename.endswith(path))
        and not str(js.attributes.get("body", "")).startswith("window.MathJax")
    ]


def defer_own_scripts(app: Any, config: Any) -> None:
    """``config-inited``: load our own ``_static/kzlesson.js`` deferred (Jupyter Book adds it plainly)."""
    config.html_js_files = [
        (entry, {"defer": "defer"}) if entry == "kzlesson.js" else entry
        for entry in config.html_js_files
    ]


INPUTS_STAMP = ".kzlesson-inputs.sha256"


def inputs_digest(root: Path) -> str:
    """A digest of what every chapter's output depends on besides its own cells: ``data/`` and the package.

    >>> len(inputs_digest(Path(__file__).resolve().parents[2]))
    64
    """
    digest = hashlib.sha256()
    for folder in (root / "data", root / "src" / "kzlesson"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def rerun_notebooks_when_inputs_change(app: Any, env: Any, added: Any, changed: Any, removed: Any) -> list[str]:
    """Re-execute every notebook when ``data/`` or the package changed since the last build.

    The execution cache (``execute_notebooks: cache``) only notices changes to a notebook's own
    code cells, so an edited exercise file or data table would otherwise leave stale pages.
    """
    root = Path(app.srcdir)
    if not (root / "data").is_dir() or not (root / "src" / "kzlesson").is_dir():
        return []
    digest = inputs_digest(root)
    stamp = Path(app.outdir).parent / INPUTS_STAMP
    previous = stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else None
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest, encoding="utf-8")
    if previous == digest:
        return []
    config = getattr(env, "mystnb_config", None)
    cache = Path(getattr(config, "execution_cache_path", "") or Path(app.outdir).parent / ".jupyter_cache")
    if cache.is_dir():
        shutil.rmtree(cache, ignore_errors=True)
        logger.info("[kzlesson] data/ or the kzlesson package changed since the last build: re-running every notebook")
    return sorted(doc for doc in env.found_docs if (root / f"{doc}.ipynb").is_file())


def setup(app: Any) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    os.environ[RENDER_ENV] = "static"
    app.setup_extension("kzlesson.site_theme")  # working menu buttons, one search box
    app.setup_extension("kzlesson.book_exercises")  # no exercise code cells, one note, print solutions
    app.setup_extension("kzlesson.worksheets")  # printable worksheets and answer keys per chapter
    app.connect("config-inited", configure_assets)
    app.connect("config-inited", defer_own_scripts)
    app.connect("builder-inited", fix_duplicate_inline_scripts, priority=1)
    app.connect("env-get-outdated", rerun_notebooks_when_inputs_change)
    app.connect("env-updated", publish_assets)
    app.connect("build-finished", sync_published_assets)
    app.connect("build-finished", drop_unfetched_static)
    app.connect("html-page-context", fix_page_html)
    app.connect("html-page-context", mathjax_only_where_used, priority=900)
    app.setup_extension("kzlesson.live_site")  # the live (in-browser) chapters, or a line saying why not
    return {"version": "0.2.0", "parallel_read_safe": True, "parallel_write_safe": True}
