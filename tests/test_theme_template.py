"""The book's copy of pydata-sphinx-theme's ``webpack-macros.html`` (``_templates/static/``) is the
installed theme's file minus the one ``<script>`` that loads ``scripts/fontawesome.js``. When the
pinned theme is upgraded and its file changes, this fails and says what to do, instead of the book
silently keeping the old theme's asset digests and markup.
"""

from __future__ import annotations

from pathlib import Path

import pydata_sphinx_theme

from tests.book import ROOT

OURS = ROOT / "_templates" / "static" / "webpack-macros.html"
THEIRS = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "webpack-macros.html"


def _without_header(text: str) -> str:
    """Our file starts with a Jinja comment ``{#- ... -#}`` that explains the copy."""
    assert text.startswith("{#-"), f"{OURS} lost its explaining comment"
    return text.split("-#}\n", 1)[1]


def _without_fontawesome(text: str) -> str:
    lines = text.splitlines(keepends=True)
    keep = [line for line in lines if "scripts/fontawesome.js" not in line and "users can add custom icons" not in line]
    return "".join(keep)


def test_copied_theme_template_matches_the_installed_theme_without_fontawesome() -> None:
    ours = _without_header(OURS.read_text(encoding="utf-8"))
    theirs = THEIRS.read_text(encoding="utf-8")
    assert "scripts/fontawesome.js" in theirs, "the theme no longer loads fontawesome.js: drop our copy"
    assert "fontawesome.js" not in ours, "our copy loads fontawesome.js again"
    assert ours == _without_fontawesome(theirs), (
        f"pydata-sphinx-theme {pydata_sphinx_theme.__version__} changed {THEIRS.name}: copy it to {OURS} "
        "again, keep the comment at the top and remove the <script> that loads scripts/fontawesome.js"
    )
