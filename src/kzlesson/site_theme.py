"""Fixes to how sphinx-book-theme 1.3 and pydata-sphinx-theme 0.17 fit together (book build only).

Why the menu button was dead: pydata-sphinx-theme 0.17 sets ``navbar_persistent`` to
``["search-button-field"]`` whenever the theme options do not name it (older versions took the
theme's own empty default). The book then got pydata's top bar too: a second search box
(redundant beside the sidebar's) and, hidden, a second "Site navigation" button placed
*before* the book theme's. Both themes wire their sidebar toggle with
``document.querySelector(".primary-toggle")``, which finds the first one: the hidden button got
the click handlers and the visible one did nothing but show its tooltip. With
``navbar_persistent`` set to ``[]`` the top bar is empty, the book theme's buttons are the first
``.primary-toggle`` / ``.secondary-toggle`` of the page, and they open the chapter list and the
section list on a phone and collapse the sidebar on a desktop.

Also, in every page body: each table scrolls sideways inside its own box (notebook outputs were
not wrapped the way Markdown tables are), so a wide table never pushes a phone's page sideways;
and each figure is a link to its image file, so a phone reader taps it to open it full size and
pinch-zooms and pans there (a 950 px wide figure shrunk to 358 px cannot be read in place).

>>> class Config: html_theme_options = {"launch_buttons": {}}
>>> config = Config(); no_second_top_bar(None, config)
>>> config.html_theme_options["navbar_persistent"]
[]
"""

from __future__ import annotations

import re
from typing import Any

SCROLL_BOX = '<div class="pst-scrollable-table-container">'
_SCRIPT = re.compile(r"(<script\b.*?</script>)", re.S | re.I)
_TABLE_TAG = re.compile(r"<table\b|</table>", re.I)


def no_second_top_bar(app: Any, config: Any) -> None:
    """``config-inited``: keep pydata's top bar empty (see the module docstring)."""
    options = dict(getattr(config, "html_theme_options", None) or {})
    options.setdefault("navbar_persistent", [])
    config.html_theme_options = options


def _wrap_part(text: str) -> str:
    out: list[str] = []
    depth = 0
    pos = 0
    wrapped_stack: list[bool] = []
    for m in _TABLE_TAG.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        if m.group(0).lower().startswith("<table"):
            wrap = depth == 0 and not "".join(out).rstrip().endswith(SCROLL_BOX)
            wrapped_stack.append(wrap)
            depth += 1
            out.append((SCROLL_BOX if wrap else "") + m.group(0))
        else:
            depth = max(0, depth - 1)
            wrap = wrapped_stack.pop() if wrapped_stack else False
            out.append(m.group(0) + ("</div>" if wrap else ""))
    out.append(text[pos:])
    return "".join(out)


def scrolling_tables(body: str) -> str:
    """Wrap each top-level ``<table>`` not yet in a scrolling box (script contents left alone).

    >>> scrolling_tables('<table><tr><td>1</td></tr></table>')
    '<div class="pst-scrollable-table-container"><table><tr><td>1</td></tr></table></div>'
    >>> scrolling_tables(SCROLL_BOX + '<table></table></div>') == SCROLL_BOX + '<table></table></div>'
    True
    >>> scrolling_tables('<script>var s = "<table>";</script>')
    '<script>var s = "<table>";</script>'
    """
    parts = _SCRIPT.split(body)
    return "".join(p if i % 2 else _wrap_part(p) for i, p in enumerate(parts))


_FIGURE_IMG = re.compile(r'<img\b[^>]*\bsrc="((?:\.\./)*_images/[^"]+)"[^>]*>')
ZOOM_HINT = "Tap to open the figure full size"


def _zoom_part(text: str) -> str:
    def link(m: re.Match[str]) -> str:
        before = text[:m.start()]
        if before.rfind("<a ") > before.rfind("</a>"):
            return m.group(0)  # already inside a link
        img = m.group(0)
        if "loading=" not in img:  # a figure below the fold waits until the reader scrolls near it
            img = img.replace("<img ", '<img loading="lazy" ', 1)
        return (f'<a class="kz-zoom" href="{m.group(1)}" title="Open the figure full size">{img}'
                f'<span class="kz-zoom-hint">{ZOOM_HINT}</span></a>')

    return _FIGURE_IMG.sub(link, text)


def zoomable_figures(body: str) -> str:
    """Make each figure image (``_images/...``) a link to itself (script contents left alone).

    >>> zoomable_figures('<img alt="A map" src="../_images/map.png" />').startswith(
    ...     '<a class="kz-zoom" href="../_images/map.png"')
    True
    >>> 'loading="lazy"' in zoomable_figures('<img alt="A map" src="../_images/map.png" />')
    True
    >>> zoomable_figures('<a href="x"><img src="_images/a.png"></a>')
    '<a href="x"><img src="_images/a.png"></a>'
    """
    parts = _SCRIPT.split(body)
    return "".join(p if i % 2 else _zoom_part(p) for i, p in enumerate(parts))


def fix_page_body(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """``html-page-context``: see :func:`scrolling_tables` and :func:`zoomable_figures`."""
    body = context.get("body")
    if not isinstance(body, str):
        return
    if "<table" in body:
        body = scrolling_tables(body)
    if "_images/" in body:
        body = zoomable_figures(body)
    context["body"] = body


def setup(app: Any) -> dict[str, Any]:
    """Register with Sphinx (from :mod:`kzlesson.sphinx_ext`)."""
    app.connect("config-inited", no_second_top_bar)
    app.connect("html-page-context", fix_page_body)
    return {"version": "0.1.0", "parallel_read_safe": True, "parallel_write_safe": True}
