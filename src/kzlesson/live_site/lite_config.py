"""The JupyterLite folder (``lite_dir``) the live site is built from, and its settings.

``prepare_lite_dir`` lays out, under the book's ``_build/kzlesson-lite/``:

* ``static/pyodide/`` — the runtime and the verified package files (:mod:`.pyodide_files`);
* ``pypi/`` — kzlesson's wheel and the pure-Python wheels piplite installs (:mod:`.site_wheels`);
* ``static/preload/<digest>/`` — kzlesson's wheel again, in a folder named after its bytes (a
  rebuilt kzlesson is never taken from a stale browser cache). Pyodide loads it and the other
  site wheels (from ``pypi/``: pinned, so their names never change content) with the verified
  packages while the page starts (in parallel, before the kernel exists), so the chapter's
  ``%pip install`` finds them installed;
* ``jupyter-lite.json`` — the page settings: no PyPI fallback (nothing is fetched from outside),
  the packages every chapter imports preloaded while the page starts, the app exposed as
  ``window.jupyterapp`` for the browser tests;
* ``jupyter_lite_config.json`` — the build settings: the JupyterLab extensions come from their
  pinned wheels (the Pyodide kernel, the widget manager 3.0.16, jupyterlab-myst 2.7.0), not from the build's
  environment, and no source maps;
* ``overrides.json`` — JupyterLab settings (every cell rendered, no news fetched);
* ``contents/`` — a copy of each chapter notebook with one collapsed cell first that installs
  kzlesson from the site, and citations and glossary terms written as words
  (:mod:`.readable_roles`); the chapter files themselves are never changed.

>>> live_notebook({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})["cells"][0]["source"].splitlines()[1]
'%pip install -q kzlesson'
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from kzlesson.live_site import pyodide_files, site_wheels
from kzlesson.live_site.readable_roles import readable_cell

SETUP_TAG = "kzlesson-live-setup"
# MarkupSafe first: Jinja2 (a kzlesson requirement) would otherwise ask micropip for the Pyodide
# lock's compiled MarkupSafe, whose file the site does not carry. filelock warns that only a soft
# lock exists in the browser: true, and harmless there (one kernel per tab), so not shown.
SETUP_SOURCE = (
    "%pip install -q MarkupSafe==3.0.2\n"
    "%pip install -q kzlesson\n"
    "import warnings\n"
    'warnings.filterwarnings("ignore", message="only soft file lock")'
)
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
#: loaded by loadPyodide while the page starts, in parallel, instead of one by one later
PRELOAD = ["ssl", "sqlite3", "ipython", "jedi", "numpy", "pandas", "matplotlib", "pillow"]
#: MyST in the live notebooks (admonitions, ``{term}`` roles), as in ``make lab``: the pinned wheel's
#: prebuilt JupyterLab extension (requirements/constraints.txt), checked by sha256
JUPYTERLAB_MYST = site_wheels.PinnedFile("jupyterlab-myst", "2.7.0", "jupyterlab_myst-2.7.0-py3-none-any.whl",
                                         "7c66aae898a5b0db84b1d4b83fa68d5d37f846b4f891621de78abb960678e70e")
PRELOAD_DIR = "static/preload"  # under lite_dir, then under the built lite/
#: Pyodide resolves a package URL against the kernel worker's script, which runs from
#: ``lite/extensions/@jupyterlite/pyodide-kernel-extension/static/``: four levels below ``lite/``.
WORKER_TO_LITE = "../../../../"
#: site wheels not preloaded: jupyterlab_widgets is the widgets' JupyterLab extension (0.9 MB),
#: whose Python side the kernel never imports
NOT_PRELOADED = ("jupyterlab_widgets-",)
#: JupyterLite plugins a chapter does not need (each one is JavaScript a student downloads)
DISABLED = [
    "@jupyterlab/apputils-extension:announcements",
    "@jupyterlite/application-extension:share-file",
    "@jupyterlab/help-extension:about",
]


def live_notebook(nb: dict[str, Any]) -> dict[str, Any]:
    """A copy of notebook ``nb`` that starts by installing kzlesson from the site, with the book's
    Sphinx-only roles (citations, glossary terms) written out as words (:mod:`.readable_roles`)."""
    setup = {
        "cell_type": "code",
        "execution_count": None,
        "id": "kzlesson-live-setup",
        "metadata": {"tags": [SETUP_TAG], "jupyter": {"source_hidden": True}},
        "outputs": [],
        "source": SETUP_SOURCE,
    }
    out = dict(nb)
    out["cells"] = [setup, *(readable_cell(c) for c in nb.get("cells", []))]
    meta = dict(nb.get("metadata", {}))
    meta["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
    out["metadata"] = meta
    return out


def write_contents(chapters: list[Path], target: Path) -> list[str]:
    """Write the live copies of ``chapters`` into ``target``; return their file names."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    names = []
    for path in chapters:
        nb = json.loads(path.read_text(encoding="utf-8"))
        (target / path.name).write_text(json.dumps(live_notebook(nb), indent=1, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
        names.append(path.name)
    return names


def page_settings(preload_wheels: list[str] | None = None) -> dict[str, Any]:
    """The ``jupyter-lite.json`` of ``lite_dir``; ``preload_wheels`` are paths under ``lite/``.

    >>> page_settings(["static/preload/ab12/comm-0.2.2-py3-none-any.whl"])["jupyter-config-data"][
    ...     "litePluginSettings"][KERNEL_PLUGIN]["loadPyodideOptions"]["packages"][-1]
    '../../../../static/preload/ab12/comm-0.2.2-py3-none-any.whl'
    """
    packages = PRELOAD + [WORKER_TO_LITE + w for w in preload_wheels or []]
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "kzlesson live",
            "exposeAppInBrowser": True,
            # JupyterLite's service worker answers from its cache (and refreshes it behind the
            # page): a second visit does not wait for the 40 MB of Python again
            "enableServiceWorkerCache": True,
            "disabledExtensions": DISABLED,
            "litePluginSettings": {
                KERNEL_PLUGIN: {
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": packages},
                }
            },
        },
    }


def settings_overrides() -> dict[str, Any]:
    """JupyterLab settings of the live site (``overrides.json``).

    Every cell is kept rendered (no windowing): a chapter is a few dozen cells, and a widget
    scrolled out of view then keeps its state and stays reachable for tests and screen readers.
    """
    return {
        "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    }


def build_settings(extension_wheels: list[Path]) -> dict[str, Any]:
    """The ``jupyter_lite_config.json`` (passed to ``jupyter lite build --config``)."""
    return {
        "LiteBuildConfig": {
            "federated_extensions": [str(p) for p in extension_wheels],
            "ignore_sys_prefix": True,
            "no_sourcemaps": True,
            "no_unused_shared_packages": True,
        }
    }


def copy_preload(wheels: list[Path], lite_dir: Path) -> list[str]:
    """Copy ``wheels`` into ``lite_dir/static/preload/<digest of their bytes>/``; their paths there."""
    digest = hashlib.sha256()
    for wheel in wheels:
        digest.update(wheel.name.encode() + b"\0" + pyodide_files.sha256_of(wheel).encode())
    root = lite_dir / PRELOAD_DIR
    if root.exists():
        shutil.rmtree(root)
    folder = root / digest.hexdigest()[:16]
    folder.mkdir(parents=True)
    for wheel in wheels:
        shutil.copy2(wheel, folder / wheel.name)
    return [f"{PRELOAD_DIR}/{folder.name}/{w.name}" for w in wheels]


def prepare_lite_dir(root: Path, lite_dir: Path, npm_cache: Path, cache: Path) -> dict[str, Any]:
    """Lay out ``lite_dir`` (everything but the contents); return a summary for the build log."""
    lite_dir.mkdir(parents=True, exist_ok=True)
    packages = pyodide_files.lay_out(lite_dir / "static" / "pyodide", npm_cache, cache)
    wheels_cache = cache / "site-wheels"
    pypi = lite_dir / "pypi"
    if pypi.exists():
        shutil.rmtree(pypi)
    pypi.mkdir()
    wheels = site_wheels.site_wheels(wheels_cache)
    for wheel in wheels:
        shutil.copy2(wheel, pypi / wheel.name)
    extensions = [site_wheels.download(p, wheels_cache) for p in (*site_wheels.LAB_EXTENSIONS, JUPYTERLAB_MYST)]
    own = site_wheels.kzlesson_wheel(root, pypi)
    others = [w for w in sorted(pypi.glob("*.whl")) if w != own and not w.name.startswith(NOT_PRELOADED)]
    preload = [f"pypi/{w.name}" for w in others] + copy_preload([own], lite_dir)
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(page_settings(preload), indent=2) + "\n", encoding="utf-8")
    (lite_dir / "overrides.json").write_text(json.dumps(settings_overrides(), indent=2) + "\n", encoding="utf-8")
    config = lite_dir / "jupyter_lite_config.json"
    config.write_text(json.dumps(build_settings(extensions), indent=2) + "\n", encoding="utf-8")
    return {"packages": packages, "wheels": sorted(p.name for p in pypi.iterdir()), "config": config}
