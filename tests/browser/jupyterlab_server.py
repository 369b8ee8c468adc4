"""A real JupyterLab for browser tests and benchmarks: started on a free port, stopped after.

It runs as ``make lab`` runs it (the same ``binder/lab-settings`` overrides, so no news pop-up),
with the app exposed to the page (``window.jupyterapp``) so a test can run a notebook's cells,
answers written to a temporary folder and the chapters copied into a temporary root, so nothing
in the repository is changed (JupyterLab saves checkpoints and may autosave).

>>> LAB_SETTINGS.name
'lab-settings'
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LAB_SETTINGS = ROOT / "binder" / "lab-settings"
TOKEN = "kzlesson-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def lab_command(port: int, root: Path) -> list[str]:
    """The ``jupyter lab`` command line: ``make lab``'s settings plus a fixed token and the app exposed."""
    return [
        sys.executable, "-m", "jupyterlab",
        "--no-browser", f"--port={port}", "--ip=127.0.0.1", f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={TOKEN}", f"--LabApp.app_settings_dir={LAB_SETTINGS}",
        "--LabApp.expose_app_in_browser=True", "--ServerApp.disable_check_xsrf=True",
        "--ServerApp.log_level=WARN", "--allow-root",
    ]


class LabServer:
    """``with LabServer(["chapters/03_timeline_2022.ipynb"]) as lab: page.goto(lab.url_for(name))``."""

    def __init__(self, notebooks: list[str], timeout: float = 90.0) -> None:
        self.notebooks = notebooks
        self.timeout = timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self.tmp = Path(tempfile.mkdtemp(prefix="kzlesson-lab-"))
        self.root = self.tmp / "chapters"
        self.port = free_port()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url_for(self, notebook: str) -> str:
        return f"{self.base}/lab/tree/{Path(notebook).name}?token={TOKEN}&reset"

    def __enter__(self) -> LabServer:
        self.root.mkdir()
        for nb in self.notebooks:
            shutil.copy(ROOT / nb, self.root / Path(nb).name)
        env = dict(os.environ)
        env["KZLESSON_ANSWERS_DIR"] = str(self.tmp / "answers")
        env["JUPYTER_CONFIG_DIR"] = str(self.tmp / "config")  # no personal config of whoever runs it
        env["JUPYTERLAB_SETTINGS_DIR"] = str(self.tmp / "user-settings")
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(self.tmp / "workspaces")
        env["JUPYTER_RUNTIME_DIR"] = str(self.tmp / "runtime")
        env.pop("KZLESSON_RENDER", None)
        self.log = open(self.tmp / "lab.log", "wb")  # noqa: SIM115 - closed in __exit__
        self.proc = subprocess.Popen(lab_command(self.port, self.root), cwd=self.root, env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab stopped at start: {self.log_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={TOKEN}", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer in {self.timeout:.0f} s: {self.log_text()[-2000:]}")

    def log_text(self) -> str:
        try:
            return (self.tmp / "lab.log").read_text(errors="replace")
        except OSError:
            return ""

    def __exit__(self, *exc: Any) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


#: run every cell of the open notebook and wait until the kernel is idle again
RUN_ALL_JS = """async () => {
    const app = window.jupyterapp;
    const panel = app.shell.currentWidget;
    await panel.sessionContext.ready;
    await app.commands.execute('notebook:run-all-cells');
    const kernel = () => panel.sessionContext.session.kernel;
    const t0 = Date.now();
    await new Promise(r => setTimeout(r, 500));
    while (kernel().status !== 'idle' && Date.now() - t0 < 170000) {
        await new Promise(r => setTimeout(r, 200));
    }
    return kernel().status;
}"""


def open_notebook(page: Any, lab: LabServer, notebook: str) -> None:
    """Open a notebook in JupyterLab and wait until it is shown with a kernel ready."""
    page.goto(lab.url_for(notebook), wait_until="domcontentloaded")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext", timeout=90_000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.evaluate("async () => { await window.jupyterapp.shell.currentWidget.sessionContext.ready; }")


def run_all(page: Any) -> str:
    """Run every cell of the open notebook; returns the kernel's status afterwards ('idle')."""
    return page.evaluate(RUN_ALL_JS)
