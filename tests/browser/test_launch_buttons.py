"""Every chapter page offers Binder, Colab and JupyterHub links built from the one repository URL
in ``_config.yml``, and the environment files Binder reads are there.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from tests.book import ROOT, toc_files

pytestmark = pytest.mark.book

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO = CONFIG["repository"]["url"].rstrip("/")
BRANCH = CONFIG["repository"].get("branch", "main")
LAUNCH = CONFIG["launch_buttons"]
CHAPTERS = [e for e in toc_files() if e.startswith("chapters/")]
HREF = re.compile(r'href="([^"]+)"')


def launch_links(page: Path) -> list[str]:
    return [html.unescape(h) for h in HREF.findall(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("entry", CHAPTERS)
def test_chapter_has_binder_colab_and_jupyterhub_links_when_a_hub_is_set(site_html: Path, entry: str) -> None:
    links = launch_links(site_html / f"{entry}.html")
    org_repo = urlparse(REPO).path.strip("/")
    notebook = f"{entry}.ipynb"
    binder = [u for u in links if u.startswith(LAUNCH["binderhub_url"].rstrip("/") + "/v2/gh/")]
    colab = [u for u in links if u.startswith(LAUNCH["colab_url"].rstrip("/") + "/github/")]
    hub = [u for u in links if "/hub/user-redirect/git-pull?" in u]
    assert binder and f"/v2/gh/{org_repo}/{BRANCH}?" in binder[0] and binder[0].endswith(notebook), binder
    assert colab and colab[0].endswith(f"/github/{org_repo}/blob/{BRANCH}/{notebook}"), colab
    if not LAUNCH.get("jupyterhub_url"):
        # no hub configured: no JupyterHub button (it would point at a host that does not exist)
        assert not hub and "logo_jupyterhub" not in (site_html / f"{entry}.html").read_text(encoding="utf-8"), hub
        return
    assert hub, f"{entry}: no JupyterHub (nbgitpuller) link; set launch_buttons.jupyterhub_url"
    query = parse_qs(urlparse(hub[0]).query)
    assert query["repo"] == [REPO] and query["branch"] == [BRANCH], query
    assert query["urlpath"][0].endswith(notebook), query


def test_binder_environment_installs_the_package_with_the_pins() -> None:
    req = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    post = ROOT / "binder" / "postBuild"
    assert "-c ../requirements/constraints.txt" in req, "binder/requirements.txt must use the pinned constraints"
    for name in ("pandas", "ipywidgets", "matplotlib", "PyYAML"):
        assert re.search(rf"^{name}$", req, re.M), f"binder/requirements.txt lacks {name}"
    assert post.is_file() and post.stat().st_mode & 0o111, "binder/postBuild must exist and be executable"
    assert "pip install" in post.read_text(encoding="utf-8") and " -e ." in post.read_text(encoding="utf-8")
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime.startswith("python-3.") and int(runtime.split(".")[1]) >= 11, runtime
