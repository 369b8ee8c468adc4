"""What the tests know about the book: its root, its table of contents, how to build it.

Shared by the test modules and by ``python -m tests.bench``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TOC = ROOT / "_toc.yml"
CHAPTERS = ROOT / "chapters"
BUILD_FLAGS = ["-W", "-n", "--keep-going"]


def toc_files() -> list[str]:
    """Every file named in ``_toc.yml`` (root first), without extension, relative to the root."""
    toc = yaml.safe_load(TOC.read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))

    for part in toc.get("parts", []):
        walk(part.get("chapters", []))
    walk(toc.get("chapters", []))
    return files


def resolve(entry: str) -> Path | None:
    """The source file for a toc entry (``.ipynb`` or ``.md``), or ``None`` when it is missing."""
    for suffix in (".ipynb", ".md"):
        path = ROOT / f"{entry}{suffix}"
        if path.is_file():
            return path
    return None


def toc_notebooks() -> list[Path]:
    """The notebooks the table of contents lists, in book order."""
    return [p for p in (resolve(e) for e in toc_files()) if p is not None and p.suffix == ".ipynb"]


@dataclass
class BuildResult:
    returncode: int
    output: str
    seconds: float
    html: Path


def jupyter_book() -> str:
    """The jupyter-book executable of the running interpreter's environment."""
    candidate = Path(sys.executable).with_name("jupyter-book")
    return str(candidate) if candidate.exists() else "jupyter-book"


def build_book(path_output: Path | None = None, extra_env: dict[str, str] | None = None) -> BuildResult:
    """Build the book with warnings as errors; ``path_output`` defaults to the repository root."""
    args = [jupyter_book(), "build", str(ROOT), *BUILD_FLAGS]
    if path_output is not None:
        args += ["--path-output", str(path_output)]
    env = {**os.environ, **(extra_env or {})}
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    out_root = path_output if path_output is not None else ROOT
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, seconds, out_root / "_build" / "html")
