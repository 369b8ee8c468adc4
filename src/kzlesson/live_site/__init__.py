"""The live site: every chapter runnable in the reader's browser (JupyterLite + Pyodide), self-hosted.

A Sphinx extension, registered from :mod:`kzlesson.sphinx_ext`. At set-up it lays out the
JupyterLite folder (verified Pyodide runtime and packages, the site's wheels, settings; see
:mod:`.lite_config`); if that is not possible (``KZLESSON_NO_LITE=1``, no ``npm``, no network,
a file that fails its check is *not* among these: that stops the build) it says why in one
line and the book is built without the live control. Otherwise it loads
``jupyterlite-sphinx``, which runs ``jupyter lite build`` into ``_build/html/lite/`` once the
pages are written, puts the live control on each chapter page and fills the explorers'
``a.kz-live-link`` addresses.

Modules: :mod:`.pyodide_files` (fetch and verify Pyodide), :mod:`.site_wheels` (the wheels
piplite installs, kzlesson's included), :mod:`.lite_config` (the JupyterLite folder and its
settings), :mod:`.live_control` (the control and the links), :mod:`.lite_output` (trims the
built JupyterLite site to what the chapters use and sets its cache rules).

Example (what ``kzlesson.sphinx_ext`` does)::

    app.setup_extension("kzlesson.live_site")

>>> OFF_ENV
'KZLESSON_NO_LITE'
"""

from __future__ import annotations

import os
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from sphinx.util import logging

from kzlesson.live_site import lite_config, lite_output, live_control
from kzlesson.live_site.pyodide_files import IntegrityError

OFF_ENV = "KZLESSON_NO_LITE"  # set to 1 to build the book without the live site
CACHE_ENV = "KZLESSON_LITE_CACHE"  # overrides <book>/.cache/live-site

logger = logging.getLogger(__name__)


def _say(message: str) -> None:
    logger.info("[kzlesson] " + message)


def _cache(root: Path) -> Path:
    return Path(os.environ.get(CACHE_ENV) or root / ".cache" / "live-site")


def _npm_cache(root: Path) -> Path:
    from kzlesson.sphinx_ext import CACHE_ENV as NPM_CACHE_ENV

    return Path(os.environ.get(NPM_CACHE_ENV) or root / ".cache" / "npm-assets")


def chapter_notebooks(root: Path) -> list[Path]:
    """The chapter notebooks that get a live copy."""
    return sorted((root / "chapters").glob("[0-9][0-9]_*.ipynb"))


def configure(app: Any, config: Any) -> None:
    """``config-inited`` (before jupyterlite-sphinx's own): where its inputs and output are."""
    lite_dir: Path = app.kzlesson_lite_dir
    config.jupyterlite_dir = str(lite_dir)
    config.jupyterlite_config = str(lite_dir / "jupyter_lite_config.json")
    config.jupyterlite_content_dir = str(lite_dir / "contents")
    config.jupyterlite_overrides = str(lite_dir / "overrides.json")
    config.jupyterlite_bind_ipynb_suffix = False  # myst-nb renders the chapters, not notebooklite
    config.jupyterlite_silence = True
    # jupyterlite-sphinx adds a Google Fonts stylesheet and its directive's CSS/JS to every page;
    # the book uses none of its directives, and loads nothing from other hosts.
    app.registry.css_files = [c for c in app.registry.css_files if "jupyterlite_sphinx" not in c[0]
                              and "fonts.googleapis" not in c[0]]
    app.registry.js_files = [j for j in app.registry.js_files if "jupyterlite_sphinx" not in (j[0] or "")]


def write_contents(app: Any, exception: Exception | None) -> None:
    """``build-finished`` (before the JupyterLite build): the live copies of the chapters."""
    if exception is None and app.builder.format == "html":
        names = lite_config.write_contents(chapter_notebooks(Path(app.srcdir)), app.kzlesson_lite_dir / "contents")
        _say(f"live site: {len(names)} chapter notebooks, JupyterLite build starting")


def page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: the live control on chapter pages, and the explorers' links filled."""
    body = context.get("body")
    if not isinstance(body, str) or not live_control.is_chapter(pagename):
        return
    url = live_control.live_url(pagename)
    context["body"] = live_control.add_control(live_control.fill_live_links(body, url), url)
    app.add_css_file("kz-live.css")  # during html-page-context: this page only


def setup(app: Any) -> dict[str, Any]:
    """Lay out the JupyterLite folder and register jupyterlite-sphinx, or say why not."""
    meta = {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
    app.kzlesson_live = False
    if os.environ.get(OFF_ENV, "").strip() not in ("", "0"):
        _say(f"{OFF_ENV} is set: the book is built without the live (in-browser) chapters.")
        return meta
    from kzlesson.sphinx_ext import OFFLINE_ENV

    if os.environ.get(OFFLINE_ENV):
        _say(f"{OFFLINE_ENV} is set: no live chapters in this build (their Python runtime comes from npm).")
        return meta
    root = Path(app.srcdir)
    lite_dir = Path(app.outdir).parent / "kzlesson-lite"
    try:
        import jupyterlite_sphinx  # noqa: F401
    except ImportError:
        _say("jupyterlite-sphinx is not installed: the book is built without the live chapters.")
        return meta
    try:
        summary = lite_config.prepare_lite_dir(root, lite_dir, _npm_cache(root), _cache(root))
    except IntegrityError:
        raise
    except (OSError, subprocess.SubprocessError, tarfile.TarError, RuntimeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        _say(f"no live chapters in this build: could not get the in-browser Python files ({reason}).")
        return meta
    app.kzlesson_live = True
    app.kzlesson_lite_dir = lite_dir
    app.setup_extension("jupyterlite_sphinx")
    app.connect("config-inited", configure, priority=100)
    app.connect("build-finished", write_contents, priority=100)
    app.connect("build-finished", lite_output.finish, priority=900)
    app.connect("html-page-context", page_context, priority=800)
    _say(f"live chapters on: Pyodide with {len(summary['packages'])} verified packages, "
         f"{len(summary['wheels'])} site wheels")
    return meta
