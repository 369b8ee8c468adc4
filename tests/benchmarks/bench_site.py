"""``make bench`` rows for the built site: Lighthouse 12.8.2 (desktop preset) scores on every page.

Performance, accessibility and best practices per page, served gzip-compressed from 127.0.0.1
like a real host would. Uses ``$KZLESSON_SITE_DIR`` or ``_build/html`` when it exists (``make book``), otherwise builds the
book into a temporary folder. Lighthouse takes ~15-60 s a page on a 2-core machine.

Run alone: ``python -m tests.benchmarks.bench_site``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tests.book import ROOT, build_book
from tests.browser import site as S

Row = dict[str, object]

TARGETS = {
    ("prose", "performance"): ">= 0.9",
    ("widgets", "performance"): "as high as it goes (widget page)",
    ("prose", "accessibility"): ">= 0.95",
    ("widgets", "accessibility"): ">= 0.95",
    ("prose", "best-practices"): ">= 0.95",
    ("widgets", "best-practices"): ">= 0.95",
}


def _row(measure: str, value: float | None, target: str) -> Row:
    return {"area": "site", "measure": measure, "value": value, "unit": "score 0-1", "target": target}


def score_site(html: Path) -> list[Row]:
    """One row per page and Lighthouse category."""
    rows: list[Row] = []
    server = S.SiteServer(html)
    try:
        for page in S.site_pages(html):
            kind = S.page_kind(html, page)
            try:
                result = S.lighthouse(server.url + page)
            except Exception as exc:  # noqa: BLE001 - a failed page is a row, not a crash
                rows.append(_row(f"{page}: Lighthouse FAILED ({str(exc)[:120]})", None, ""))
                continue
            for cat in S.CATEGORIES:
                rows.append(_row(f"{page} ({kind}): {cat}", result["scores"].get(cat), TARGETS[(kind, cat)]))
    finally:
        server.close()
    return rows


def run() -> list[Row]:
    missing = [name for name, ok in (("Chromium", S.chromium_path()), ("node", S.node_path())) if not ok]
    if not missing:
        problem = S.install_npm_tools()
        if problem:
            missing.append(f"Lighthouse ({problem})")
    if missing:
        return [_row(f"Lighthouse scores NOT MEASURED: missing {', '.join(missing)}", None, "")]
    built = Path(os.environ.get(S.SITE_ENV) or ROOT / "_build" / "html")
    if (built / "intro.html").is_file():
        return score_site(built)
    with tempfile.TemporaryDirectory(prefix="kzlesson-bench-site-") as out:
        result = build_book(Path(out))
        if result.returncode != 0:
            return [_row("Lighthouse scores NOT MEASURED: the book did not build", None, "")]
        return score_site(result.html)


if __name__ == "__main__":
    for r in run():
        value = "-" if r["value"] is None else f"{r['value']:.2f}"
        print(f"{r['measure']:<60} {value:>5}  {r['target']}")
