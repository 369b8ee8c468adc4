"""kzlesson.sphinx_ext without a browser: the npm assets, the CDN fallback, the HTML fixes, and
the built pages' script and style addresses. No network: npm is faked or absent.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from kzlesson import sphinx_ext as X
from tests.book import ROOT

FAKE = X.NpmPackage("fake-pkg", "1.0.0", "sha512-placeholder")


def _tarball(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _fake_npm(monkeypatch: pytest.MonkeyPatch, tgz: bytes) -> list[list[str]]:
    """Make ``npm pack`` write ``tgz`` into --pack-destination; return the commands run."""
    calls: list[list[str]] = []
    monkeypatch.setattr(X.shutil, "which", lambda name: "/usr/bin/npm" if name == "npm" else None)

    def run(cmd, **kwargs):
        calls.append(cmd)
        dest = Path(cmd[cmd.index("--pack-destination") + 1])
        (dest / "fake-pkg-1.0.0.tgz").write_bytes(tgz)
        return subprocess.CompletedProcess(cmd, 0, "[]", "")

    monkeypatch.setattr(X.subprocess, "run", run)
    return calls


def test_fetch_checks_the_pinned_checksum_then_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tgz = _tarball({"dist/a.js": b"console.log(1)"})
    pkg = X.NpmPackage("fake-pkg", "1.0.0", X._sri(tgz))
    calls = _fake_npm(monkeypatch, tgz)
    folder = X.fetch_package(pkg, tmp_path)
    assert (folder / "dist" / "a.js").read_bytes() == b"console.log(1)"
    assert "--ignore-scripts" in calls[0] and calls[0][2] == "fake-pkg@1.0.0"
    X.fetch_package(pkg, tmp_path)  # second time: from the cache, npm not run again
    assert len(calls) == 1


def test_fetch_refuses_a_tarball_that_does_not_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_npm(monkeypatch, _tarball({"evil.js": b"steal()"}))
    with pytest.raises(X.AssetError, match="pinned checksum"):
        X.fetch_package(FAKE, tmp_path)
    assert not (tmp_path / FAKE.folder / "package").exists()


def test_fetch_without_npm_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(X.shutil, "which", lambda name: None)
    with pytest.raises(X.AssetError, match="npm"):
        X.fetch_package(FAKE, tmp_path)


def test_without_npm_the_build_falls_back_to_the_cdn_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(X.shutil, "which", lambda name: None)
    monkeypatch.setenv(X.CACHE_ENV, str(tmp_path / "empty-cache"))
    monkeypatch.delenv(X.OFFLINE_ENV, raising=False)
    said: list[str] = []
    monkeypatch.setattr(X, "_say", said.append)
    app = SimpleNamespace(srcdir=str(tmp_path))
    config = SimpleNamespace(nb_ipywidgets_js={}, mathjax_path="default")
    X.configure_assets(app, config)
    assert app.kzlesson_site_assets is None
    assert all(url.startswith(X.CDN) for url in config.nb_ipywidgets_js)
    assert any(f"{X.HTML_MANAGER.spec}/dist/embed-amd.js" in url for url in config.nb_ipywidgets_js)
    assert said and "npm" in said[0] and X.CDN in said[0]


def test_with_cached_assets_pages_use_only_the_local_loader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(X, "assemble_widgets", lambda cache, site: None)
    monkeypatch.setattr(X, "assemble_mathjax", lambda cache, site: None)
    monkeypatch.setattr(X, "_say", lambda message: None)
    monkeypatch.delenv(X.OFFLINE_ENV, raising=False)
    monkeypatch.setenv(X.CACHE_ENV, str(tmp_path))
    app = SimpleNamespace(srcdir=str(tmp_path))
    config = SimpleNamespace(nb_ipywidgets_js={}, mathjax_path="https://cdn.example/mathjax.js")
    X.configure_assets(app, config)
    assert list(config.nb_ipywidgets_js) == ["kzwidgets/kz-widgets-loader.js"]
    assert config.nb_ipywidgets_js["kzwidgets/kz-widgets-loader.js"] == {"defer": "defer"}
    assert config.mathjax_path == "kzmathjax/tex-mml-chtml.js"
    assert "ui/lazy" in config.mathjax3_config["loader"]["load"]  # equations typeset when seen


def test_inline_scripts_are_not_doubled() -> None:
    """The Sphinx 7.4 None/'' mix-up that printed THEBE_JS_URL twice."""
    added: list[str | None] = []
    builder = SimpleNamespace(add_js_file=lambda filename, **kw: added.append(filename))
    X.fix_duplicate_inline_scripts(SimpleNamespace(builder=builder))
    builder.add_js_file(None, body="const A = 1")
    builder.add_js_file("x.js")
    assert added == ["", "x.js"]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<table><thead><tr><th></th><th>x</th></tr></thead><tbody><tr><th>0</th></tr></tbody></table>",
         "<table><thead><tr><td></td><th>x</th></tr></thead><tbody><tr><th>0</th></tr></tbody></table>"),
        ('<thead><tr><th class="blank level0" >&nbsp;</th></tr></thead>',
         '<thead><tr><td class="blank level0" ></td></tr></thead>'),
        ('<div role="list"><div class="citation" role="doc-biblioentry">A</div></div>',
         '<div role="list"><div class="citation" role="listitem">A</div></div>'),
        ("<thead><tr><th>named</th></tr></thead>", "<thead><tr><th>named</th></tr></thead>"),
    ],
)
def test_accessible_html(html: str, expected: str) -> None:
    assert X.accessible_html(html) == expected


def test_no_third_party_file_is_committed_under_static() -> None:
    tracked = subprocess.run(["git", "ls-files", "_static"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    vendored = [p for p in tracked if re.search(r"require|embed-amd|mathjax|axe|fontawesome|vendor", p, re.I)]
    big = [p for p in tracked if (ROOT / p).stat().st_size > 50_000]
    assert not vendored and not big, f"third-party or large files committed in _static/: {vendored + big}"


class _Loads(HTMLParser):
    """The addresses a page loads by itself: scripts, stylesheets, preloads, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.urls.append(a["src"] or "")
        if tag == "link" and {"stylesheet", "preload", "icon", "modulepreload"} & set((a.get("rel") or "").split()):
            self.urls.append(a.get("href") or "")


def test_no_built_page_loads_a_script_style_or_image_from_elsewhere(site_html: Path) -> None:
    """Links a reader clicks may leave the site; what a page loads by itself may not."""
    offenders = {}
    for page in site_html.rglob("*.html"):
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        outside = [u for u in parser.urls if re.match(r"(https?:)?//", u)]
        if outside:
            offenders[str(page.relative_to(site_html))] = outside[:5]
    assert not offenders, f"pages that load files from other hosts (built without npm?): {offenders}"


def test_widget_pages_ship_their_widget_files(site_html: Path) -> None:
    pages = [p for p in site_html.rglob("*.html") if "widget-view+json" in p.read_text(encoding="utf-8")]
    if not pages:
        pytest.skip("no page of the built book embeds widgets")
    folder = site_html / "_static" / "kzwidgets"
    for name in ("kz-widgets-loader.js", "require.js", "embed-amd.js"):
        assert (folder / name).is_file(), f"_static/kzwidgets/{name} missing from the built site"
    for sub in ("@jupyter-widgets", "@jupyter-widgets/html-manager/dist"):
        fonts = list((folder / sub).glob("*.woff2"))
        assert fonts, f"the widget CSS's font files are missing from _static/kzwidgets/{sub}/"
    for page in pages:
        assert "kzwidgets/kz-widgets-loader.js" in page.read_text(encoding="utf-8"), page.name
