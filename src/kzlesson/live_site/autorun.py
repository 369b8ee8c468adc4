"""The live notebook runs itself: ``kz-autorun.js`` wired into the notebooks app's page.

After ``jupyter lite build`` (from :func:`kzlesson.live_site.lite_output.finish`), the script is
copied to ``lite/kz-autorun.js`` and one ``<script>`` tag pointing at it (with a content hash,
so a browser or the service worker never keeps an old copy) goes into the ``<head>`` of
``lite/notebooks/index.html``, the page a chapter's live control opens. In the browser it waits
for the kernel, then runs JupyterLab's "Run All Cells" once (see the script's own comment).
JupyterLite has no setting for this, and copies no page of ``lite_dir`` over its apps' pages,
so the built page is edited in place; running :func:`install` again only refreshes the copy
and the hash (an incremental build may keep the page of the previous one).

>>> script_tag("0123abcd")
'<script src="../kz-autorun.js?_=0123abcd" defer></script>'
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

SCRIPT = Path(__file__).with_name("kz-autorun.js")
PAGE = Path("notebooks") / "index.html"  # relative to the built JupyterLite site
MARK = "kz-autorun.js"
_TAG = re.compile(r'<script src="\.\./kz-autorun\.js\?_=[^"]*" defer></script>')


def script_tag(digest: str) -> str:
    """The tag that loads the script from ``lite/`` (the page is one folder below it)."""
    return f'<script src="../{MARK}?_={digest}" defer></script>'


def install(lite: Path) -> bool:
    """Copy the script into the built site ``lite`` and load it from the notebooks page.

    Returns False (and changes nothing) when the site has no notebooks page or it has no
    ``</head>``; True once the page loads the current script (an older tag is replaced).
    """
    page = lite / PAGE
    if not page.is_file():
        return False
    text = page.read_text(encoding="utf-8")
    digest = hashlib.sha256(SCRIPT.read_bytes()).hexdigest()[:12]
    if MARK in text:
        text = _TAG.sub(script_tag(digest), text)
    elif "</head>" in text:
        text = text.replace("</head>", f"    {script_tag(digest)}\n  </head>", 1)
    else:
        return False
    shutil.copy2(SCRIPT, lite / SCRIPT.name)
    page.write_text(text, encoding="utf-8")
    return True
