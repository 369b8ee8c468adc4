"""The pure-Python wheels the live site serves to piplite (its ``pypi/`` folder).

* ``kzlesson`` itself, with its data tables, built from this checkout. Its ``Requires-Dist``
  names the Pyodide stack's versions (numpy 2.0.2, pandas 2.2.3, matplotlib 3.8.4, ...), which
  micropip takes from the verified Pyodide files, and the wheels below, which it takes from here.
* ipywidgets 8.1.8 and what it needs (comm 0.2.2, jupyterlab_widgets 3.0.16), filelock, Jinja2
  (pandas' table styling), and pure-Python PyYAML and MarkupSafe built from their PyPI sources
  (the Pyodide builds of these two are not among the files we can obtain, see
  :mod:`.pyodide_files`): each downloaded with ``pip`` and checked against a pinned sha256.
  They are pinned to versions other than the Pyodide lock's, so micropip takes them from here.

Why ipywidgets 8.1.8 and not the native stack's 8.1.9: JupyterLite 0.6.4 ships JupyterLab
4.4.5, and jupyterlab_widgets 3.0.17 (which ipywidgets 8.1.9 requires) wants JupyterLab
^4.6.2. These wheels are files the site serves, not packages of the build's environment,
so the native pins (for JupyterLab 4.6.6) stay as they are.

>>> lite_requirements()[:2]
['numpy==2.0.2', 'pandas==2.2.3']
"""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kzlesson import __version__
from kzlesson.live_site.pyodide_files import IntegrityError, sha256_of


@dataclass(frozen=True)
class PinnedFile:
    """A file on PyPI pinned by version and sha256, e.g. ``PinnedFile("comm", "0.2.2", "comm-...whl", "e6fb...")``."""

    name: str
    version: str
    file: str
    sha256: str
    source: bool = False  # a source archive (built here into a pure-Python wheel)


IPYWIDGETS = PinnedFile("ipywidgets", "8.1.8", "ipywidgets-8.1.8-py3-none-any.whl",
                        "ecaca67aed704a338f88f67b1181b58f821ab5dc89c1f0f5ef99db43c1c2921e")
COMM = PinnedFile("comm", "0.2.2", "comm-0.2.2-py3-none-any.whl",
                  "e6fb86cb70ff661ee8c9c14e7d36d6de3b4066f1441be4063df9c5009f0a64d3")
JUPYTERLAB_WIDGETS = PinnedFile("jupyterlab_widgets", "3.0.16", "jupyterlab_widgets-3.0.16-py3-none-any.whl",
                                "45fa36d9c6422cf2559198e4db481aa243c7a32d9926b500781c830c80f7ecf8")
FILELOCK = PinnedFile("filelock", "4.2.11", "filelock-4.2.11-py3-none-any.whl",
                      "020e229e4bb9d410fc799c07ddf45fa217cba970278f40b30751d94f309b69e2")
PYYAML = PinnedFile("PyYAML", "6.0.3", "pyyaml-6.0.3.tar.gz",
                    "d76623373421df22fb4cf8817020cbb7ef15c725b9d5e45f17e189bfc384190f", source=True)
JINJA2 = PinnedFile("Jinja2", "3.1.6", "jinja2-3.1.6-py3-none-any.whl",
                    "85ece4451f492d0c13c5dd7c13a64681a86afae63a5f347908daf103ce6d2f67")
MARKUPSAFE = PinnedFile("MarkupSafe", "3.0.2", "markupsafe-3.0.2.tar.gz",
                        "ee55d3edf80167e48ea11a923c7386f4669df67d7994554387f84e7d8b0a2bf0", source=True)
#: The Pyodide kernel's JupyterLab extension (its wheel also carries piplite and the kernel).
PYODIDE_KERNEL = PinnedFile("jupyterlite-pyodide-kernel", "0.6.1", "jupyterlite_pyodide_kernel-0.6.1-py3-none-any.whl",
                            "d16f2e44dedd60d7a5578cd901a4de1ac34d30c80671abba7ec1ac70a65e2972")

SITE_WHEELS = (IPYWIDGETS, COMM, JUPYTERLAB_WIDGETS, FILELOCK, PYYAML, JINJA2, MARKUPSAFE)
#: JupyterLab extensions of the live site, taken from their wheels (not from the build's env).
LAB_EXTENSIONS = (PYODIDE_KERNEL, JUPYTERLAB_WIDGETS)

#: kzlesson's requirements in the browser: the versions of the Pyodide 0.27.7 stack.
PYODIDE_STACK = {"numpy": "2.0.2", "pandas": "2.2.3", "matplotlib": "3.8.4", "pillow": "10.2.0"}


def lite_requirements() -> list[str]:
    """The ``Requires-Dist`` lines of the site's kzlesson wheel."""
    pins = [f"{n}=={v}" for n, v in PYODIDE_STACK.items()]
    return pins + [f"{p.name}=={p.version}" for p in (IPYWIDGETS, PYYAML, FILELOCK, JINJA2, MARKUPSAFE)]


def _pip(*args: str, timeout: float = 600) -> None:
    cmd = [sys.executable, "-m", "pip", *args, "--quiet", "--disable-pip-version-check"]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no message"])[-1]
        raise OSError(f"`pip {args[0]} {args[-1]}` failed: {last}")


def download(pin: PinnedFile, cache: Path) -> Path:
    """The pinned file, downloaded with pip into ``cache`` once and checked on every call."""
    target = cache / pin.file
    if not target.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache, prefix=".pip-") as tmp:
            kind = ["--no-binary", ":all:"] if pin.source else ["--only-binary", ":all:"]
            _pip("download", "--no-deps", *kind, "--dest", tmp, f"{pin.name}=={pin.version}")
            got = Path(tmp) / pin.file
            if not got.is_file():
                raise OSError(f"pip did not download {pin.file}")
            got.replace(target)
    if sha256_of(target) != pin.sha256:
        raise IntegrityError(f"{target} does not match its pinned sha256 {pin.sha256}")
    return target


def pure_wheel_from_source(pin: PinnedFile, cache: Path) -> Path:
    """Build ``pin``'s source archive into a pure-Python wheel (PyYAML without libyaml)."""
    sdist = download(pin, cache)
    built = cache / "built"
    found = sorted(built.glob(f"{pin.name.lower()}-{pin.version}-py3-none-any.whl"))
    stamp = built / f".{pin.file}.sha256"
    if found and stamp.is_file() and stamp.read_text().strip() == pin.sha256:
        return found[0]
    built.mkdir(parents=True, exist_ok=True)
    # no C compiler: PyYAML and MarkupSafe then build their pure-Python fallbacks
    env = {**os.environ, "PYYAML_FORCE_LIBYAML": "0", "PYYAML_FORCE_CYTHON": "0", "CC": "false"}
    cmd = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check",
           "--wheel-dir", str(built), str(sdist)]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env)
    found = sorted(built.glob(f"{pin.name.lower()}-{pin.version}-py3-none-any.whl"))
    if run.returncode != 0 or not found:
        last = (run.stderr.strip().splitlines() or ["no message"])[-1]
        raise OSError(f"could not build a pure-Python wheel of {pin.name} {pin.version}: {last}")
    stamp.write_text(pin.sha256 + "\n")
    return found[0]


def site_wheels(cache: Path) -> list[Path]:
    """Every third-party wheel of the site's ``pypi/`` folder, verified."""
    return [pure_wheel_from_source(p, cache) if p.source else download(p, cache) for p in SITE_WHEELS]


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def kzlesson_wheel(root: Path, out_dir: Path) -> Path:
    """Build ``kzlesson-<version>-py3-none-any.whl`` (package + ``data/``) into ``out_dir``.

    The same files as the hatchling wheel (``pyproject.toml``), with the Pyodide stack's
    requirements. Files are stored in sorted order with a fixed date, so equal inputs give
    an equal wheel (the browser's cache keeps it across builds).
    """
    files: list[tuple[str, Path]] = []
    for folder, prefix in ((root / "src" / "kzlesson", "kzlesson"), (root / "data", "kzlesson/data")):
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            if path.is_file() and "__pycache__" not in rel.parts and path.suffix != ".pyc":
                files.append((f"{prefix}/{rel.as_posix()}", path))
    dist = f"kzlesson-{__version__}.dist-info"
    metadata = "\n".join([
        "Metadata-Version: 2.1", "Name: kzlesson", f"Version: {__version__}",
        "Summary: kzlesson for the live (in-browser) chapters",
        *[f"Requires-Dist: {r}" for r in lite_requirements()], "",
    ])
    wheel_meta = "Wheel-Version: 1.0\nGenerator: kzlesson.live_site\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"kzlesson-{__version__}-py3-none-any.whl"
    records = []
    part = target.with_suffix(".part")
    with zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED) as zf:
        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
            records.append(_record_line(name, data))

        for name, path in files:
            add(name, path.read_bytes())
        add(f"{dist}/METADATA", metadata.encode())
        add(f"{dist}/WHEEL", wheel_meta.encode())
        record = "\n".join([*records, f"{dist}/RECORD,,", ""])
        info = zipfile.ZipInfo(f"{dist}/RECORD", date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, record)
    part.replace(target)
    return target
