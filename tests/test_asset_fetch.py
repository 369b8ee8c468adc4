"""kzlesson.sphinx_ext.fetch_package: pinned npm assets, fetched once even by builds starting together."""

from __future__ import annotations

import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from kzlesson import sphinx_ext

needs_npm = pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed (CI installs it)")


def _fetch(cache: str) -> str:
    return str(sphinx_ext.fetch_package(sphinx_ext.REQUIREJS, Path(cache)))


@needs_npm
def test_two_builds_fetching_at_once_share_one_complete_copy(tmp_path: Path) -> None:
    with ProcessPoolExecutor(max_workers=3) as pool:
        folders = list(pool.map(_fetch, [str(tmp_path)] * 3))
    assert len(set(folders)) == 1
    package = Path(folders[0])
    assert (package / "require.js").stat().st_size > 10_000
    marker = package.parent / ".kzlesson-complete"
    assert marker.read_text().strip() == sphinx_ext.REQUIREJS.integrity
    assert not list(tmp_path.glob(".fetch-*")), "a temporary download folder was left behind"


def test_a_cached_copy_is_used_without_npm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / sphinx_ext.REQUIREJS.folder
    (target / "package").mkdir(parents=True)
    (target / ".kzlesson-complete").write_text(sphinx_ext.REQUIREJS.integrity + "\n")
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    assert sphinx_ext.fetch_package(sphinx_ext.REQUIREJS, tmp_path) == target / "package"


def test_without_npm_the_message_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(sphinx_ext.AssetError, match="`npm` command was not found"):
        sphinx_ext.fetch_package(sphinx_ext.REQUIREJS, tmp_path)
