"""The live site's build code: Pyodide integrity checks, the kzlesson wheel, the control, the fallback.

The browser side is in ``tests/browser/test_live_chapters.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import types
import zipfile
from pathlib import Path

import pytest

from kzlesson import live_site
from kzlesson.live_site import lite_config, live_control, pyodide_files, site_wheels
from kzlesson.live_site.pyodide_files import IntegrityError

ROOT = Path(__file__).resolve().parents[1]


def _lock_with(path: Path) -> dict:
    return {"packages": {"demo": {"file_name": path.name, "sha256": pyodide_files.sha256_of(path), "depends": []}}}


def test_a_tampered_byte_fails_the_check_naming_the_file(tmp_path: Path) -> None:
    wheel = tmp_path / "pyodide-packages" / "demo-1.0-py3-none-any.whl"
    wheel.parent.mkdir()
    wheel.write_bytes(b"PK\x03\x04 a wheel's bytes")
    lock = _lock_with(wheel)
    assert pyodide_files.package_files(lock, ["demo"], tmp_path, use_cdn=False) == [wheel]
    data = bytearray(wheel.read_bytes())
    data[5] ^= 0x01
    wheel.write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match=re.escape(wheel.name)):
        pyodide_files.package_files(lock, ["demo"], tmp_path, use_cdn=False)


def test_a_file_the_lock_does_not_list_is_refused(tmp_path: Path) -> None:
    stray = tmp_path / "stray-0.1-py3-none-any.whl"
    stray.write_bytes(b"x")
    with pytest.raises(IntegrityError, match="not listed"):
        pyodide_files.verify(stray, {"packages": {}})


def test_the_real_lock_and_a_real_package_file_tampered(built_book: Path, tmp_path: Path) -> None:
    """On the files the built site serves: all match the official lock; one flipped byte does not."""
    served = built_book / "lite" / "static" / "pyodide"
    if not served.is_dir():
        pytest.skip("the book was built without the live site")
    lock = json.loads((served / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert lock["info"]["version"] == pyodide_files.PYODIDE.version
    packages = sorted(served.glob("*.whl")) + sorted(served.glob("*.zip"))
    packages = [p for p in packages if p.name != "python_stdlib.zip"]
    assert len(packages) >= 20, "the live site serves too few Pyodide packages"
    for path in packages:
        pyodide_files.verify(path, lock)
    numpy = next(p for p in packages if p.name.startswith("numpy-"))
    copy = tmp_path / numpy.name
    shutil.copy2(numpy, copy)
    with copy.open("r+b") as fh:
        fh.seek(1000)
        byte = fh.read(1)
        fh.seek(1000)
        fh.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(IntegrityError, match=re.escape(numpy.name)):
        pyodide_files.verify(copy, lock)


def test_needed_packages_follow_dependencies_and_leave_out_the_rest() -> None:
    lock = {"packages": {
        "matplotlib": {"file_name": "m.whl", "depends": ["numpy", "python-dateutil"]},
        "numpy": {"file_name": "n.whl", "depends": []},
        "python-dateutil": {"file_name": "d.whl", "depends": ["six"]},
        "six": {"file_name": "s.whl", "depends": []},
        "scipy": {"file_name": "sc.whl", "depends": ["numpy"]},
    }}
    assert pyodide_files.needed_packages(lock, ["matplotlib"]) == ["matplotlib", "numpy", "python-dateutil", "six"]
    with pytest.raises(KeyError, match="nope"):
        pyodide_files.needed_packages(lock, ["nope"])


def test_the_site_wheel_holds_the_package_and_its_data_and_asks_for_the_pyodide_stack(tmp_path: Path) -> None:
    wheel = site_wheels.kzlesson_wheel(ROOT, tmp_path)
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta = zf.read("kzlesson-0.1.0.dist-info/METADATA").decode()
        record = zf.read("kzlesson-0.1.0.dist-info/RECORD").decode()
    assert "kzlesson/__init__.py" in names and "kzlesson/data/trade.csv" in names
    assert "kzlesson/data/exercises/trade.yml" in names
    assert not any("__pycache__" in n for n in names)
    assert "Requires-Dist: pandas==2.2.3" in meta and "Requires-Dist: ipywidgets==8.1.8" in meta
    assert "ipykernel" not in meta, "the Pyodide kernel brings its own; pip would look for it on PyPI"
    assert all(n in record for n in names)
    again = site_wheels.kzlesson_wheel(ROOT, tmp_path / "again")
    assert again.read_bytes() == wheel.read_bytes(), "the same inputs must give the same wheel (browser cache)"


def test_the_pyodide_stack_venv_pins_the_browser_versions() -> None:
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "requirements" / "pyodide-stack.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    pins = {k.lower(): v for k, v in pins.items()}
    for name, version in site_wheels.PYODIDE_STACK.items():
        assert pins[name] == version, name
    for pin in site_wheels.SITE_WHEELS:
        assert pins[pin.name.lower()] == pin.version, pin.name


def test_live_links_get_the_address_and_lose_hidden() -> None:
    body = ('<div class="kz-snapshot-note" role="note"><p><strong>This is a snapshot.</strong> Text '
            '<a class="kz-live-link" href="#" hidden>Run this chapter live in your browser</a></p></div>')
    url = live_control.live_url("chapters/03_timeline_2022")
    out = live_control.fill_live_links(body, url)
    assert 'href="../lite/notebooks/index.html?path=03_timeline_2022.ipynb"' in out
    assert "hidden" not in out and 'href="#"' not in out
    page = live_control.add_control("<section><h1>Title</h1><p>x</p></section>", url)
    assert page.index("<h1>") < page.index("kz-live-button") < page.index("<p>x</p>")
    assert "in this browser on this device" in page


@pytest.mark.parametrize("env", [live_site.OFF_ENV, "KZLESSON_NO_NPM"])
def test_without_the_live_site_the_build_says_why_and_adds_nothing(env: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    said: list[str] = []
    monkeypatch.delenv(live_site.OFF_ENV, raising=False)
    monkeypatch.setenv(env, "1")
    monkeypatch.setattr(live_site, "_say", said.append)
    app = types.SimpleNamespace(srcdir=str(ROOT), outdir=str(tmp_path / "html"),
                                setup_extension=lambda name: pytest.fail(f"loaded {name}"),
                                connect=lambda *a, **k: pytest.fail("connected an event"))
    live_site.setup(app)
    assert app.kzlesson_live is False
    assert len(said) == 1 and env in said[0]


def test_chapter_pages_carry_the_control_and_no_hidden_live_link(built_book: Path) -> None:
    if not (built_book / "lite" / "notebooks" / "index.html").is_file():
        pytest.skip("the book was built without the live site")
    for page in sorted((built_book / "chapters").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert text.count('class="kz-live-button"') == 1, page.name
        assert f"path={page.stem}.ipynb" in text, page.name
        assert not re.search(r'<a[^>]*kz-live-link[^>]*\bhidden\b', text), f"{page.name}: a live link left hidden"
        assert (built_book / "lite" / "files" / f"{page.stem}.ipynb").is_file(), page.name
        assert "_static/kz-live.css" in text, page.name
    intro = (built_book / "intro.html").read_text(encoding="utf-8")
    assert "kz-live-button" not in intro and "kz-live.css" not in intro, "the live control's CSS belongs to chapter pages only"
    assert (built_book / "_static" / "kz-live.css").is_file()


def test_the_site_wheels_are_preloaded_from_a_folder_named_after_their_bytes(tmp_path: Path) -> None:
    """A rebuilt kzlesson gets a new address, so no browser or service-worker cache serves the old one."""
    wheels = []
    for name in ("comm-0.2.2-py3-none-any.whl", "kzlesson-0.1.0-py3-none-any.whl"):
        wheels.append(tmp_path / name)
        wheels[-1].write_bytes(b"PK " + name.encode())
    first = lite_config.copy_preload(wheels, tmp_path / "lite")
    assert [p.rsplit("/", 1)[1] for p in first] == [w.name for w in wheels]
    assert all((tmp_path / "lite" / p).is_file() for p in first)
    packages = lite_config.page_settings(first)["jupyter-config-data"]["litePluginSettings"][
        lite_config.KERNEL_PLUGIN]["loadPyodideOptions"]["packages"]
    assert packages[: len(lite_config.PRELOAD)] == lite_config.PRELOAD
    assert packages[len(lite_config.PRELOAD):] == [lite_config.WORKER_TO_LITE + p for p in first]
    wheels[1].write_bytes(b"PK changed")
    second = lite_config.copy_preload(wheels, tmp_path / "lite")
    assert second[1] != first[1] and not (tmp_path / "lite" / first[1]).exists()


def test_files_no_browser_fetches_are_left_out_and_the_rest_kept(tmp_path: Path) -> None:
    """Source maps, translation catalogues, old font formats and unused JupyterLite apps go; woff2 stays."""
    from kzlesson import sphinx_ext
    from kzlesson.live_site import lite_output

    out = tmp_path / "html"
    keep = ["_static/scripts/bootstrap.js", "_static/vendor/fontawesome/webfonts/fa-solid-900.woff2",
            "lite/build/fa-solid-900.woff2", "lite/notebooks/index.html", "lite/build/jlab_core.js"]
    gone = ["_static/scripts/bootstrap.js.map", "_static/locales/de/LC_MESSAGES/sphinx.mo",
            "_static/vendor/fontawesome/webfonts/fa-solid-900.ttf", "lite/build/fa-solid-900.svg",
            "lite/build/fa-brands-400.eot", "lite/lab/index.html", "lite/repl/index.html"]
    for rel in keep + gone:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text("x")
    app = types.SimpleNamespace(outdir=str(out), builder=types.SimpleNamespace(format="html"))
    sphinx_ext.drop_unfetched_static(app, None)
    lite_output.prune(out / "lite")
    assert [r for r in keep if not (out / r).is_file()] == []
    assert [r for r in gone if (out / r).exists()] == []
    assert not (out / "_static" / "locales").exists()
