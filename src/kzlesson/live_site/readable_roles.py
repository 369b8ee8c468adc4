"""The book's Sphinx-only MyST roles, written out as plain words in the live notebooks.

In the built book, Sphinx turns ``{cite:p}`sanchez2022``` into "(Sanchez 2022)" with a link to
the bibliography, ``{term}`CSTO``` into a link to the glossary and ``{numref}`` into "Fig. 5.1".
jupyterlab-myst in the live site has neither the bibliography nor the glossary: it showed each
citation as its bare key (an internal id such as ``sanchez2022``) and each term as a link to
``#``. The live copies of the chapters therefore carry the words instead: citations as the
sources' short labels (author or publisher and year, as in the explorers' source notes), terms
as their text, a figure reference as "the figure". The chapter files themselves are unchanged.

>>> readable("As {cite:t}`sanchez2022` argues {cite:p}`sanchez2022,nosuch2020`.", lambda k: {"sanchez2022": "Sanchez 2022"}.get(k, k))
'As Sanchez (2022) argues (Sanchez 2022; nosuch2020).'
>>> readable("{term}`secondary powers <secondary power>` and {term}`CSTO`; {numref}`fig-routes` shows it.")
'secondary powers and CSTO; the figure shows it.'
>>> readable("{numref}`fig-routes` shows the pipeline.")
'The figure shows the pipeline.'
"""

from __future__ import annotations

import re
from typing import Callable

_ROLE = re.compile(r"\{(cite:p|cite:t|term|numref)\}`([^`]*)`")
_YEAR = re.compile(r"^(.*\S)\s+(\d{4})$")


def _source_label(key: str) -> str:
    from kzlesson.fact_table import source_label

    return source_label(key)


def _keys(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


def _narrative(label: str) -> str:
    """"Sanchez 2022" -> "Sanchez (2022)", as a textual citation reads."""
    m = _YEAR.match(label)
    return f"{m.group(1)} ({m.group(2)})" if m else label


def readable(markdown: str, label: Callable[[str], str] = _source_label) -> str:
    """``markdown`` with its ``{cite:p}``, ``{cite:t}``, ``{term}`` and ``{numref}`` roles as words."""

    def one(m: re.Match[str]) -> str:
        role, body = m.group(1), m.group(2)
        if role == "cite:p":
            return "(" + "; ".join(label(k) for k in _keys(body)) + ")"
        if role == "cite:t":
            return "; ".join(_narrative(label(k)) for k in _keys(body))
        if role == "term":
            return body.split("<", 1)[0].strip() if "<" in body else body
        before = markdown[: m.start()].rstrip(" *_")
        return "The figure" if not before or before.endswith((".", "\n", ":", "!", "?")) else "the figure"

    return _ROLE.sub(one, markdown)


def readable_cell(cell: dict) -> dict:
    """A copy of a notebook cell whose Markdown has the roles written out (other cells unchanged)."""
    if cell.get("cell_type") != "markdown":
        return cell
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    return {**cell, "source": readable(text)}
