"""In a real kernel: create an exercise, click Check, read the feedback; restore after a restart."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.test_exercises_fixtures import demo  # noqa: F401 - fixture

pytestmark = pytest.mark.slow


def _notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def _run(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def _stdout(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


def test_check_in_a_real_kernel_then_restore_after_restart(demo: Path, tmp_path: Path) -> None:
    # the kernel inherits KZLESSON_DATA and KZLESSON_ANSWERS_DIR from this process
    nb = _notebook(
        "import kzlesson as kz\nex = kz.exercise('demo.share')\nex",
        "ex.inputs[0].value = '0,408'\nex.check_button.click()\nprint(ex.feedback.value)",
    )
    _run(nb, tmp_path)
    shown = nb.cells[0].outputs
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in shown)
    assert "Correct — 40.8 % is right." in _stdout(nb.cells[1])
    saved = json.loads((Path(os.environ["KZLESSON_ANSWERS_DIR"]) / "answers-student.json").read_text())
    assert saved["answers"]["demo.share"]["answer"] == "0,408"

    again = _notebook("import kzlesson as kz\nex = kz.exercise('demo.share')\nprint(ex.inputs[0].value, ex.tries)")
    _run(again, tmp_path)
    assert _stdout(again.cells[0]).strip() == "0,408 1"


def test_static_render_in_a_real_kernel(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZLESSON_RENDER", "static")
    nb = _notebook("import kzlesson as kz\nkz.exercise('demo.pick')")
    _run(nb, tmp_path)
    outputs = nb.cells[0].outputs
    kinds = [sorted(o.get("data", {})) for o in outputs]
    # plain HTML of the question first (readers without script, print), then the widget, then the solution
    assert "text/html" in kinds[0] and "kz-ex-static" in outputs[0]["data"]["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in kinds[1]
    html = outputs[2]["data"]["text/html"]
    assert '<details class="kz-solution"><summary>Solution</summary>' in html and "CSTO" in html
    assert not Path(os.environ["KZLESSON_ANSWERS_DIR"]).exists()
