"""Regenerate the files derived from the tables: ``data/references.bib``, ``glossary.md`` and the
teacher guide's "Assessment map and rubrics" section (:mod:`kzlesson.exercises.assessment`).

Run ``python -m kzlesson.generate`` (or ``make data``) after editing ``data/sources.csv`` or
``data/glossary.yml``. The tests compare both files with what this module produces, so they
cannot drift from the tables.

>>> "@misc{zanini2022," in bibtex_text()
True
>>> glossary_markdown().startswith("# Glossary")
True
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from kzlesson.data import load_glossary, load_sources
from kzlesson.paths import data_dir, project_root

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# "$" stays bare: pybtex (sphinxcontrib-bibtex) reads it as a plain character, but printed "\$" for
# "\$" (the bibliography showed "\$1 billion"); Sphinx escapes it again for any LaTeX output.
_BIB_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_",
                "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bib_escape(text: str) -> str:
    r"""Escape LaTeX's special characters in a BibTeX field value (not ``$``: see ``_BIB_ESCAPES``).

    >>> print(_bib_escape("13% to $1 billion & more"))
    13\% to $1 billion \& more
    """
    return "".join(_BIB_ESCAPES.get(char, char) for char in " ".join(str(text).split()))


def _day_text(value: pd.Timestamp) -> str:
    return f"{value.day} {value.strftime('%b')} {value.year}"


def organisation(publisher: str) -> str:
    """The organisation's short name that stands as author: the publisher up to a comma or bracket.

    >>> organisation("AFP, via The Phnom Penh Post")
    'AFP'
    >>> organisation("Wikipedia (mirror perceptiopt.com)")
    'Wikipedia'
    """
    return re.split(r",\s| \(", publisher, maxsplit=1)[0].strip()


def bib_entry(row: pd.Series) -> str:
    """Return one ``@misc`` BibTeX entry for a row of :func:`kzlesson.data.load_sources`.

    Organisations without a personal author stand as the author by their short name (in
    braces, so BibTeX keeps the name whole). An undated source gets the year its date bounds
    agree on (``n.d.`` when they do not) and a note giving the bounds.
    """
    fields: list[tuple[str, str]] = []
    publisher = row["publisher"] or ""
    if row["author"]:
        fields.append(("author", "{" + _bib_escape(row["author"]) + "}"))
    else:
        fields.append(("author", "{{" + _bib_escape(organisation(publisher) or row["title"]) + "}}"))
    fields.append(("title", "{{" + _bib_escape(row["title"]) + "}}"))
    if publisher and (row["author"] or organisation(publisher) != publisher):
        fields.append(("howpublished", "{" + _bib_escape(publisher) + "}"))
    year = row["year"]
    fields.append(("year", "{" + (str(int(year)) if pd.notna(year) else "n.d.") + "}"))
    if pd.notna(row["date"]):
        fields.append(("month", _MONTHS[row["date"].month - 1]))
        fields.append(("day", "{" + str(row["date"].day) + "}"))
    notes = []
    if row["is_seed"]:
        notes.append("One of the five analyses the module is built on")
    if pd.isna(row["date"]):
        earliest, latest = row["date_earliest"], row["date_latest"]
        if pd.notna(earliest) and pd.notna(latest):
            notes.append(f"No exact date printed; written between {_day_text(earliest)} and {_day_text(latest)}")
        elif pd.notna(earliest):
            notes.append(f"No exact date printed; written after {_day_text(earliest)}")
        elif pd.notna(latest):
            notes.append(f"No exact date printed; written before {_day_text(latest)}")
        else:
            notes.append("No date printed")
    if notes:
        fields.append(("note", "{" + _bib_escape(". ".join(notes)) + "}"))
    if row["url"]:
        fields.append(("url", "{" + row["url"].replace("{", "%7B").replace("}", "%7D") + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{row['id']},\n{body}\n}}\n"


def bibtex_text() -> str:
    """Return the whole of ``references.bib``, generated from ``sources.csv`` (sorted by id)."""
    sources = load_sources().sort_values("id")
    header = (
        "% GENERATED from data/sources.csv by `python -m kzlesson.generate` (make data).\n"
        "% Do not edit by hand: edit sources.csv and regenerate; a test keeps the two equal.\n\n"
    )
    return header + "\n".join(bib_entry(row) for _, row in sources.iterrows())


GLOSSARY_INTRO = """\
# Glossary

The words below recur across the chapters. Each definition is short and written for this module;
where a term has a partner concept, the entry points to it. In the chapters, a term links here
the first time it appears.

<!-- GENERATED from data/glossary.yml by `python -m kzlesson.generate` (make data). Do not edit by hand. -->
"""


def glossary_markdown() -> str:
    """Return the whole of ``glossary.md``: a short intro and one ``{glossary}`` directive, terms sorted."""
    glossary = load_glossary()
    lines = [GLOSSARY_INTRO, "```{glossary}"]
    for _, entry in glossary.iterrows():
        lines.append(entry["term"])
        lines.extend(f"{alias}" for alias in entry["aliases"])
        lines.append(f"  {entry['definition']}")
        if entry["related"]:
            links = ", ".join(f"{{term}}`{other}`" for other in entry["related"])
            lines.append("")
            lines.append(f"  See also: {links}.")
        lines.append("")
    lines[-1] = "```"
    return "\n".join(lines) + "\n"


def write_all(root: Path | None = None) -> list[Path]:
    """Write ``references.bib`` into the data folder and ``glossary.md`` into the book's root.

    Returns the paths written. In an installed wheel (no book next to the package) only the
    BibTeX file is written, unless ``root`` names the book's folder.
    """
    written = []
    bib = data_dir() / "references.bib"
    bib.write_text(bibtex_text(), encoding="utf-8")
    written.append(bib)
    root = root or project_root()
    if root is not None:
        page = Path(root) / "glossary.md"
        page.write_text(glossary_markdown(), encoding="utf-8")
        written.append(page)
        if (Path(root) / "teacher_guide.md").is_file():  # its "Assessment map and rubrics" section
            from kzlesson.exercises import registry
            from kzlesson.exercises.assessment import write_teacher_guide

            written.append(write_teacher_guide(root, registry.all_chapters()))
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: regenerate and say what was written."""
    for path in write_all():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
