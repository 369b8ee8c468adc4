"""After ``jupyter lite build``: keep only what the chapters use, and report the size.

jupyterlite-sphinx always builds six JupyterLite apps; a chapter opens in ``notebooks`` (and a
student who browses files lands in ``tree``), so the others are removed from the built site.

>>> KEEP_APPS
('notebooks', 'tree')
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.util import logging

from kzlesson.live_site.live_control import LITE_DIR

KEEP_APPS = ("notebooks", "tree")
UNUSED_APPS = ("lab", "repl", "consoles", "edit")
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
    return removed


def finish(app: Any, exception: Exception | None) -> None:
    """``build-finished`` (after jupyterlite-sphinx's build): CSS, pruning, size in the log."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    (out / "_static").mkdir(parents=True, exist_ok=True)
    shutil.copy2(CSS, out / "_static" / CSS.name)
    lite = out / LITE_DIR
    if not lite.is_dir():
        return
    prune(lite)
    logger.info(f"[kzlesson] live site built: {LITE_DIR}/ is {folder_mb(lite):.1f} MB, the whole site {folder_mb(out):.1f} MB")
