"""A change to data/ or the package re-runs every notebook, although the execution cache keys on code cells."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from kzlesson import sphinx_ext


def make_project(root: Path) -> None:
    (root / "data").mkdir()
    (root / "src" / "kzlesson").mkdir(parents=True)
    (root / "chapters").mkdir()
    (root / "data" / "facts.csv").write_text("id,value\nx,1\n", encoding="utf-8")
    (root / "src" / "kzlesson" / "m.py").write_text("X = 1\n", encoding="utf-8")
    (root / "chapters" / "01_a.ipynb").write_text("{}", encoding="utf-8")
    (root / "intro.md").write_text("# Intro\n", encoding="utf-8")


def run(root: Path) -> tuple[list[str], Path]:
    cache = root / "_build" / ".jupyter_cache"
    app = SimpleNamespace(srcdir=str(root), outdir=str(root / "_build" / "html"))
    env = SimpleNamespace(found_docs={"intro", "chapters/01_a"}, mystnb_config=SimpleNamespace(execution_cache_path=str(cache)))
    return sphinx_ext.rerun_notebooks_when_inputs_change(app, env, set(), set(), set()), cache


def test_unchanged_inputs_keep_the_cache(tmp_path: Path) -> None:
    make_project(tmp_path)
    run(tmp_path)
    _, cache = run(tmp_path)
    cache.mkdir(parents=True)
    again, cache = run(tmp_path)
    assert again == [] and cache.is_dir()


def test_a_data_edit_clears_the_cache_and_rereads_only_notebooks(tmp_path: Path) -> None:
    make_project(tmp_path)
    run(tmp_path)
    _, cache = run(tmp_path)
    cache.mkdir(parents=True)
    (tmp_path / "data" / "facts.csv").write_text("id,value\nx,2\n", encoding="utf-8")
    docs, cache = run(tmp_path)
    assert docs == ["chapters/01_a"]
    assert not cache.exists()


def test_a_package_edit_counts_too(tmp_path: Path) -> None:
    make_project(tmp_path)
    run(tmp_path)
    (tmp_path / "src" / "kzlesson" / "m.py").write_text("X = 2\n", encoding="utf-8")
    docs, _ = run(tmp_path)
    assert docs == ["chapters/01_a"]
