"""The "Run this chapter live in your browser" control, and the explorers' live links.

On each chapter page (only when the live site was built) the control goes at the top of the
page body, and every ``<a class="kz-live-link" href="#" hidden>`` that an explorer's snapshot
note printed gets the chapter's live address and loses ``hidden``. Without the live site
nothing is added and those links stay hidden, never broken.

>>> live_url("chapters/04_trade_dependence")
'../lite/notebooks/index.html?path=04_trade_dependence.ipynb'
>>> fill_live_links('<a class="kz-live-link" href="#" hidden>Run live</a>', "x.html")
'<a class="kz-live-link" href="x.html">Run live</a>'
"""

from __future__ import annotations

import html
import re

LITE_DIR = "lite"  # jupyterlite-sphinx builds the JupyterLite site into _build/html/lite/
APP = "notebooks"  # the single-notebook app: one chapter, one page, like the book itself

_LIVE_LINK = re.compile(r"<a\b([^>]*\bclass=\"[^\"]*\bkz-live-link\b[^\"]*\"[^>]*)>")
_HREF = re.compile(r"\s+href=\"[^\"]*\"")
_HIDDEN = re.compile(r"\s+hidden(?:=\"[^\"]*\")?(?=[\s>/]|$)")


def live_url(docname: str) -> str:
    """The address of ``docname``'s live notebook, relative to its page."""
    up = "../" * docname.count("/")
    name = docname.rsplit("/", 1)[-1]
    return f"{up}{LITE_DIR}/{APP}/index.html?path={name}.ipynb"


def fill_live_links(body: str, url: str) -> str:
    """Give every ``a.kz-live-link`` in ``body`` the address ``url`` and show it."""

    def fix(match: re.Match[str]) -> str:
        attrs = _HIDDEN.sub("", _HREF.sub("", match.group(1)))
        return f'<a{attrs} href="{html.escape(url)}">'

    return _LIVE_LINK.sub(fix, body)


def control_html(url: str) -> str:
    """The block put at the top of a chapter page."""
    return (
        '<div class="kz-live" role="note" aria-label="Live version of this chapter">'
        f'<a class="kz-live-button" href="{html.escape(url)}">Run this chapter live in your browser</a>'
        '<p class="kz-live-note">Python then runs in your browser, on your device, with nothing to '
        "install and no account. Starting takes about a minute, longer on a slow computer; the "
        "chapter then runs by itself, and the explorers react and the exercises check your answers. "
        "Your answers are kept <strong>in this browser on this device</strong> (not on a server): "
        "run <code>kz.export_answers()</code> to download your hand-in file. In the live notebook the "
        "glossary words and the source references are plain words, not links: look them up in the book.</p>"
        "</div>"
    )


_FIRST_HEADING = re.compile(r"(<h1\b[^>]*>.*?</h1>)", re.S)


def add_control(body: str, url: str) -> str:
    """Insert :func:`control_html` right after the page's title (or first, if it has none)."""
    block = control_html(url)
    if _FIRST_HEADING.search(body):
        return _FIRST_HEADING.sub(lambda m: m.group(1) + block, body, count=1)
    return block + body


def is_chapter(docname: str) -> bool:
    """Chapter pages are the notebooks under ``chapters/``."""
    return docname.startswith("chapters/")
