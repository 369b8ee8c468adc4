"""A small, safe Markdown-to-HTML converter for exercise texts (no dependency, no raw HTML).

Supports paragraphs, ``-``/``*`` and ``1.`` lists, ``**bold**``, ``*italic*``, ``` `code` ```,
``[links](https://...)`` and MyST roles such as ``{term}`CSTO``` (shown as their text).
Everything else is escaped, so a question can never inject markup.

>>> to_html("Is **this** right?")
'<p>Is <strong>this</strong> right?</p>'
>>> inline("See {term}`CSTO` and [UN](https://un.org)")
'See CSTO and <a href="https://un.org" target="_blank" rel="noopener">UN</a>'
"""

from __future__ import annotations

import html
import re

_ROLE = re.compile(r"\{[a-z:]+\}`([^`<]*?)(?:\s*<[^>]*>)?`")
_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^\s)]+)\)")


def inline(text: str) -> str:
    """Inline Markdown of one line to HTML (escaped)."""
    text = _ROLE.sub(lambda m: m.group(1), text)
    codes: list[str] = []

    def keep_code(m: re.Match[str]) -> str:
        codes.append(f"<code>{html.escape(m.group(1))}</code>")
        return f"\x00{len(codes) - 1}\x00"

    text = _CODE.sub(keep_code, text)
    links: list[tuple[str, str]] = []

    def keep_link(m: re.Match[str]) -> str:
        links.append((m.group(1), m.group(2)))
        return f"\x01{len(links) - 1}\x01"

    text = _LINK.sub(keep_link, text)
    out = html.escape(text, quote=False)
    out = _BOLD.sub(lambda m: f"<strong>{m.group(1) or m.group(2)}</strong>", out)
    out = _ITALIC.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", out)
    out = re.sub(
        "\x01(\\d+)\x01",
        lambda m: '<a href="{1}" target="_blank" rel="noopener">{0}</a>'.format(
            html.escape(links[int(m.group(1))][0], quote=False), html.escape(links[int(m.group(1))][1])
        ),
        out,
    )
    out = re.sub("\x00(\\d+)\x00", lambda m: codes[int(m.group(1))], out)
    return out


def to_html(text: str) -> str:
    """Block Markdown (paragraphs and lists) to HTML."""
    blocks: list[str] = []
    para: list[str] = []
    items: list[str] = []
    list_tag = ""

    def flush_para() -> None:
        if para:
            blocks.append("<p>" + inline(" ".join(para)) + "</p>")
            para.clear()

    def flush_list() -> None:
        nonlocal list_tag
        if items:
            blocks.append(f"<{list_tag}>" + "".join(f"<li>{inline(i)}</li>" for i in items) + f"</{list_tag}>")
            items.clear()
        list_tag = ""

    for raw in (text or "").splitlines():
        line = raw.strip()
        bullet = re.match(r"^[-*+]\s+(.*)$", line)
        number = re.match(r"^\d+[.)]\s+(.*)$", line)
        if not line:
            flush_para()
            flush_list()
        elif bullet or number:
            flush_para()
            tag = "ul" if bullet else "ol"
            if list_tag and list_tag != tag:
                flush_list()
            list_tag = tag
            items.append((bullet or number).group(1))  # type: ignore[union-attr]
        elif items and raw[:1].isspace():
            items[-1] += " " + line
        else:
            flush_list()
            para.append(line)
    flush_para()
    flush_list()
    return "".join(blocks)


def to_text(text: str) -> str:
    """Markdown to plain text (roles and emphasis marks removed), for exports."""
    text = _ROLE.sub(lambda m: m.group(1), text or "")
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    text = _ITALIC.sub(lambda m: m.group(1) or m.group(2), text)
    text = _CODE.sub(lambda m: m.group(1), text)
    return re.sub(r"\s+", " ", text).strip()
