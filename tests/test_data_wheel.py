"""The tables travel inside the wheel and load from an installed copy (no repository around it).

Builds the wheel once (``pip wheel --no-deps``, about 15 s), checks every file of ``data/`` is in
it as ``kzlesson/data/...``, unpacks it as site-packages would and loads every table in a fresh
interpreter that cannot see the repository.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kzlesson.paths import project_root

ROOT = project_root()
pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if ROOT is None:
        pytest.skip("needs the source checkout to build a wheel")
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0 and ("Could not find a version" in result.stderr or "NewConnectionError" in result.stderr):
        pytest.skip(f"cannot fetch the build backend (offline?): {result.stderr.strip().splitlines()[-1]}")
    assert result.returncode == 0, result.stderr
    wheels = list(out.glob("kzlesson-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


def test_every_data_file_is_in_the_wheel(wheel: Path) -> None:
    assert ROOT is not None
    expected = {
        "kzlesson/data/" + path.relative_to(ROOT / "data").as_posix()
        for path in (ROOT / "data").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.startswith(".")
    }
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"kzlesson/data/sources.csv", "kzlesson/data/facts.csv", "kzlesson/data/timeline.csv",
            "kzlesson/data/trade.csv", "kzlesson/data/glossary.yml", "kzlesson/data/references.bib"} <= names
    assert expected <= names, sorted(expected - names)
    assert "kzlesson/data.py" in names and "kzlesson/generate.py" in names


def test_tables_load_from_an_installed_copy(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    script = (
        "import kzlesson, kzlesson.data as d, kzlesson.paths as p\n"
        "assert kzlesson.__file__.startswith(%r), kzlesson.__file__\n"
        "assert p.project_root() is None\n"
        "assert p.data_dir() == p.Path(kzlesson.__file__).parent / 'data', p.data_dir()\n"
        "sizes = [len(f()) for f in (d.load_sources, d.load_facts, d.load_timeline, d.load_trade, d.load_glossary)]\n"
        "assert min(sizes) > 0, sizes\n"
        "print(d.fact('russia-share-imports-2021')['value'], sizes)\n"
    ) % str(site)
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONNOUSERSITE": "1"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("40.8 ")
