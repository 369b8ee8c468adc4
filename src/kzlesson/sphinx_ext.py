"""Sphinx extension used by the book build (listed in ``_config.yml``).

It switches kzlesson into *static* rendering mode for the notebooks the build executes:
the kernels inherit ``KZLESSON_RENDER=static`` from the build process, so each exercise
also prints its answer and explanation in a collapsed block for readers of the web site.
"""

from __future__ import annotations

import os
from typing import Any

RENDER_ENV = "KZLESSON_RENDER"


def setup(app: Any) -> dict[str, Any]:
    """Register the extension with Sphinx."""
    os.environ[RENDER_ENV] = "static"
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
