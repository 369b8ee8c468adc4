"""Where the module's data lives.

The tables travel inside the wheel as ``kzlesson/data``; in a source checkout (or an
editable install) they are the repository's top-level ``data/`` folder. The environment
variable ``KZLESSON_DATA`` overrides both (tests use it to feed broken tables).

>>> from kzlesson.paths import data_dir
>>> (data_dir() / "sources.csv").name
'sources.csv'
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Return the folder holding ``sources.csv``, ``facts.csv`` and the other tables."""
    override = os.environ.get("KZLESSON_DATA")
    if override:
        return Path(override).expanduser().resolve()
    bundled = _PACKAGE_DIR / "data"
    if bundled.is_dir():
        return bundled
    checkout = _PACKAGE_DIR.parents[1] / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        "kzlesson cannot find its data folder: looked in "
        f"{bundled} and {checkout}. Set KZLESSON_DATA to the folder that holds sources.csv."
    )


def data_file(name: str) -> Path:
    """Return the path of one file in the data folder, e.g. ``data_file("trade.csv")``."""
    return data_dir() / name


def project_root() -> Path | None:
    """Return the repository root in a source checkout, or ``None`` in an installed wheel."""
    root = _PACKAGE_DIR.parents[1]
    return root if (root / "_toc.yml").is_file() else None
