"""Issue 15, point 8: the bibliography prints "$" (not "\\$"), search snippets read as text, the
search page's icon leaves the first letter alone, and no JupyterHub button without a hub.
"""

from __future__ import annotations

import re

import pytest
import yaml

from tests.book import ROOT
from tests.browser.reader import CHAPTERS, DESKTOP, PHONE, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_bibliography_prints_dollar_signs_plainly(browser, site) -> None:
    with open_page(browser, site, "bibliography.html", PHONE, js=False) as tab:
        text = tab.locator("article").inner_text()
    assert "\\$" not in text, "the bibliography shows a LaTeX escape: " + text[text.find("\\$") - 40:][:80]
    assert "$1 billion" in text


def _text_of(path) -> str:
    """A built page's text with every tag replaced by a space (so cells never join)."""
    import html as H

    return H.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("query", ["CSTO", "Novorossiysk"])
def test_search_snippets_read_as_text(browser, site, site_html, query: str) -> None:
    with open_page(browser, site, f"search.html?q={query}", DESKTOP) as tab:
        tab.locator("#search-results ul.search li p.context").first.wait_for(timeout=30_000)
        tab.wait_for_timeout(1500)
        snippets = tab.locator("#search-results ul.search li").evaluate_all(
            "els => els.map(li => [li.querySelector('a').getAttribute('href'), "
            "(li.querySelector('p.context') || {}).textContent || ''])")
    chapter3 = [s for href, s in snippets if "03_timeline_2022" in href]
    assert chapter3, f"searching {query!r} did not list chapter 3: {snippets[:3]}"
    for href, text in snippets:
        assert not re.search(r"Contents \d+\.1\.", text), f"{href}: the snippet is the print-only contents list: {text[:120]}"
        # words of neighbouring table cells or list items glued together ("DonetskA court",
        # "companiesApr 2023"): a token with an inner capital that the page itself never writes
        page_words = set(re.findall(r"\S+", _text_of(site_html / href.split("?")[0].split("#")[0])))
        glued = [w for w in re.findall(r"\w*[a-z)][A-Z]\w*", text) if not any(w in p for p in page_words)]
        assert not glued, f"{href}: run-together words in the snippet {glued[:5]}: {text[:160]}"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_search_page_icon_leaves_the_first_letter_alone(browser, site, width: int) -> None:
    with open_page(browser, site, "search.html?q=CSTO", width) as tab:
        box = tab.evaluate("""() => { const f = document.querySelector('.bd-search-container form.bd-search');
            const i = f.querySelector('i'), inp = f.querySelector('input');
            return {icon: i.getBoundingClientRect().right,
                    text: inp.getBoundingClientRect().left + parseFloat(getComputedStyle(inp).paddingLeft)}; }""")
    assert box["text"] >= box["icon"] + 2, f"{width} px: the search icon covers the typed text ({box})"


def test_launch_menu_offers_no_jupyterhub_without_a_hub(browser, site) -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    if config["launch_buttons"].get("jupyterhub_url"):
        pytest.skip("a JupyterHub is configured: its button is wanted")
    with open_page(browser, site, CHAPTERS["energy"], DESKTOP) as tab:
        items = tab.locator(".dropdown-launch-buttons .dropdown-item, .dropdown-launch-buttons a").all_inner_texts()
    assert items, "no launch menu found"
    assert not any("JupyterHub" in i for i in items), items
