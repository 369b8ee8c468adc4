"""After ``jupyter lite build``: keep only what the chapters use, finish the pages, report the size.

jupyterlite-sphinx always builds six JupyterLite apps; a chapter opens in ``notebooks`` (and a
student who browses files lands in ``tree``), so the others are removed from the built site.
The notebooks page gets the script that runs a chapter by itself (:mod:`.autorun`), and the
tab icons JupyterLab asks for (``static/favicons/``, from the ``jupyter_server`` package; the
build leaves them out because it ignores the build environment's files).

>>> KEEP_APPS
('notebooks', 'tree')
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.util import logging

from kzlesson.live_site import autorun
from kzlesson.live_site.live_control import LITE_DIR

KEEP_APPS = ("notebooks", "tree")
UNUSED_APPS = ("lab", "repl", "consoles", "edit")
#: Font Awesome in the formats no current browser picks (its CSS lists woff2 first): 2.6 MB
UNUSED_FONTS = ("fa-*.svg", "fa-*.eot", "fa-*.ttf")
CSS = Path(__file__).with_name("kz-live.css")

logger = logging.getLogger(__name__)


def folder_mb(path: Path) -> float:
    """Size of the files under ``path`` in MB (10^6 bytes)."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def prune(lite: Path) -> list[str]:
    """Remove the apps no chapter opens from the built JupyterLite site ``lite``."""
    removed = []
    for name in UNUSED_APPS:
        if (lite / name).is_dir():
            shutil.rmtree(lite / name)
            removed.append(name)
    for pattern in UNUSED_FONTS:
        for font in (lite / "build").glob(pattern):
            font.unlink()
            removed.append(f"build/{font.name}")
    return removed


def copy_favicons(lite: Path) -> int:
    """Copy Jupyter's tab icons into ``lite/static/favicons``; returns how many (0 without jupyter_server)."""
    try:
        from importlib.resources import files

        source = files("jupyter_server") / "static" / "favicons"
        icons = [p for p in source.iterdir() if p.name.endswith(".ico")]
    except (ImportError, OSError):
        return 0
    target = lite / "static" / "favicons"
    target.mkdir(parents=True, exist_ok=True)
    for icon in icons:
        (target / icon.name).write_bytes(icon.read_bytes())
    return len(icons)


def copy_preload(lite_dir: Path, lite: Path) -> None:
    """Put the preloaded wheels (``static/preload/``, not copied by ``jupyter lite build``) in place."""
    from kzlesson.live_site.lite_config import PRELOAD_DIR

    source, target = lite_dir / PRELOAD_DIR, lite / PRELOAD_DIR
    if target.exists():
        shutil.rmtree(target)
    if source.is_dir():
        shutil.copytree(source, target)


def finish(app: Any, exception: Exception | None) -> None:
    """``build-finished`` (after jupyterlite-sphinx's build): CSS, pruning, preloaded wheels, size in the log."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    (out / "_static").mkdir(parents=True, exist_ok=True)
    shutil.copy2(CSS, out / "_static" / CSS.name)
    lite = out / LITE_DIR
    if not lite.is_dir():
        return
    prune(lite)
    copy_favicons(lite)
    if not autorun.install(lite):
        logger.info("[kzlesson] live site: no notebooks page found, so the chapters will not run by themselves")
    copy_preload(app.kzlesson_lite_dir, lite)
    logger.info(f"[kzlesson] live site built: {LITE_DIR}/ is {folder_mb(lite):.1f} MB, the whole site {folder_mb(out):.1f} MB")
