"""Every notebook in the table of contents runs top to bottom in a fresh kernel.

One test per notebook; a failure names the notebook, the cell and the error.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from tests.book import ROOT, toc_notebooks

CELL_TIMEOUT = 120


def execute(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """Run ``nb`` (read from ``path``) in a fresh ``python3`` kernel from its folder, as a student would.

    Outputs are written into ``nb`` itself, so after a failure it shows where the run stopped.
    """
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb


def describe_failure(path: Path, nb: nbformat.NotebookNode, exc: Exception) -> str:
    """Name the notebook, the failing cell (number and first line) and the error."""
    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    for index, cell in enumerate(nb.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return (
                    f"{rel}, cell {index} ({first_line!r}): "
                    f"{output.get('ename')}: {output.get('evalue')}"
                )
    return f"{rel}: {type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"


NOTEBOOKS = toc_notebooks()


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    try:
        execute(nb, path)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        pytest.fail(describe_failure(path, nb, exc), pytrace=False)
    errors = [
        output
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors, describe_failure(path, nb, RuntimeError("error output"))


def test_a_failing_cell_is_named_with_its_notebook_and_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0  # oops")]
    nbformat.write(nb, path)
    nb = nbformat.read(path, as_version=4)
    with pytest.raises(CellExecutionError) as caught:
        execute(nb, path)
    message = describe_failure(path, nb, caught.value)
    assert "broken.ipynb" in message
    assert "cell 2" in message and "1 / 0" in message
    assert "ZeroDivisionError" in message


def test_the_toc_lists_notebooks() -> None:
    assert NOTEBOOKS, "_toc.yml lists no notebook: the book would teach nothing live"
