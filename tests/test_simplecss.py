"""Simple selectors matched in one walk pick exactly the elements their XPath translation picks."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from parsel.csstranslator import css2xpath

from newscrawl.extraction.chrome import CHROME_SELECTORS
from newscrawl.extraction.htmlparse import parse_document
from newscrawl.extraction.simplecss import simple_selectors

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "site"

# Each kind of condition, alone and together, with the class attribute's edge cases below.
EDGE_SELECTORS = (
    "[class]", "[class*=share]", ".note[class*=wide]", "div.note[class*=wide]", ".note.wide",
    "p.note", "#main",
    "span[data-kind]", "a[rel=author]", ".note[id=first]", "aside",
)
EDGE_MARKUP = """<html><body>
<div class="">empty class</div>
<div class=" note  wide ">spaced</div>
<div class="note&#9;wide">tab-separated</div>
<p class="note">a note</p><p class="notes">not a note</p>
<span class="sharebox" data-kind="x">share</span><span data-kind="">kind</span>
<section id="main" class="note" ><a rel="author" href="/a">A</a><a rel="authors">B</a></section>
<div id="first" class="note">first</div><div id="firsts" class="note wide">firsts</div>
<aside><!-- a comment --><div class="wide">in aside</div></aside>
</body></html>"""


def _pages() -> list[etree._Element]:
    pages = [parse_document(EDGE_MARKUP)]
    pages += [parse_document(p.read_text(encoding="utf-8"))
              for p in sorted(SAMPLES.rglob("*.html"))[:12]]
    return pages


@pytest.mark.parametrize("css", [tuple(CHROME_SELECTORS), EDGE_SELECTORS, ("*",)],
                         ids=["chrome vocabulary", "edge selectors", "universal"])
def test_one_walk_matches_as_the_xpath_of_each_selector(css: tuple[str, ...]) -> None:
    matcher = simple_selectors(css)
    assert matcher is not None
    union = etree.XPath(" | ".join(css2xpath(query) for query in css))
    matched = 0
    for root in _pages():
        expected = set(union(root))
        # twice: the second pass reads the memoised class attributes
        for _ in range(2):
            assert {e for e in root.iter() if matcher.matches(e)} == expected
        matched += len(expected)
    assert matched > 20
