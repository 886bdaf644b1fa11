"""The layered fallback: reading an article page whose layout none of the templates knows.

Tried in order when no template container is on the page, or the one there holds too little
text: the JSON-LD `articleBody` when it holds the full text, then trafilatura (the well-kept
main-text extractor) on the page, then the generic containers. The theme's chrome elements
(`newscrawl.chrome.CHROME_SELECTORS`) are pruned before either path reads the page, and both
return simple block markup, so the chrome pipeline reads a fallback body exactly as it reads a
template's container. Pure, like the page object: HTML tree + URL in, markup out.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import Any

from cssselect import HTMLTranslator
from lxml import etree, html

from newscrawl.chrome import CHROME_SELECTORS
from newscrawl.text import block_paragraphs, normalise_space

# A template container with less text than this has failed (emptied, moved, ads only).
MIN_TEMPLATE_CHARS = 150
# Shortest main text accepted from a fallback path, and from a page without article signals.
MIN_BODY_CHARS = 150
MIN_ARTICLE_CHARS = 600
# JSON-LD `articleBody`: paragraphs of the page it must cover to give the body their breaks.
LD_COVERAGE = 0.8
LD_MIN_MATCH = 40  # a paragraph this long is matched anywhere in the text; shorter ones in order
TRUNCATED = re.compile(r"(?:\.\.\.|…|\[(?:…|&hellip;|\.\.\.)\]|&hellip;)\s*$")
PATHS = ("json-ld", "trafilatura", "selectors")


@dataclass(frozen=True)
class Reading:
    """What a fallback path read: its name, the body as block markup, its text length."""

    path: str
    body_html: str
    chars: int


@cache
def chrome_xpath() -> str:
    """`CHROME_SELECTORS` as one XPath union, for lxml and for trafilatura's pruning."""
    translator = HTMLTranslator()
    return " | ".join(translator.css_to_xpath(css, prefix="descendant::") for css in
                      CHROME_SELECTORS)


def text_chars(element: html.HtmlElement) -> int:
    """Characters of readable text under `element`: chrome, scripts and styles left out."""
    pruned = copy.deepcopy(element)
    prune(pruned)
    return len(normalise_space(" ".join(pruned.itertext())))


def prune(tree: etree._Element) -> etree._Element:
    """Remove the theme's chrome elements from `tree` in place (tails kept); return it."""
    for node in tree.xpath(chrome_xpath()):
        if node.getparent() is not None:
            node.drop_tree()
    return tree


def read(root: html.HtmlElement, url: str, ld_article: dict[str, Any], title: str | None,
         container: html.HtmlElement | None) -> Reading | None:
    """The first fallback path that reads a main text of `MIN_BODY_CHARS`, or None.

    `container` is the generic containers' match (`[itemprop=articleBody]`, …), read last.
    """
    reading = ld_reading(root, ld_article) or trafilatura_reading(root, url, title)
    if reading is None and container is not None:
        chars = text_chars(container)
        if chars:
            reading = Reading("selectors", html.tostring(container, encoding="unicode"), chars)
    return reading


# -- JSON-LD articleBody ------------------------------------------------------------------------

def ld_reading(root: html.HtmlElement, ld_article: dict[str, Any]) -> Reading | None:
    """The JSON-LD `articleBody`, when it is the full text (not an excerpt).

    Its paragraph breaks come from the page: the page's paragraphs found in it, in order. When
    they cover too little of it (the text is not on the page as blocks), its own lines are used.
    """
    text = full_article_body(ld_article)
    if text is None:
        return None
    flat = normalise_space(text)
    body = root.find("body")
    paragraphs = _matched_paragraphs(prune(copy.deepcopy(body if body is not None else root)),
                                     flat)
    if sum(map(len, paragraphs)) < LD_COVERAGE * len(flat):
        paragraphs = [line for line in map(normalise_space, text.splitlines()) if line]
    return Reading("json-ld", _markup(paragraphs), sum(map(len, paragraphs)))


def full_article_body(ld_article: dict[str, Any]) -> str | None:
    """`articleBody` if it is long enough, not cut with an ellipsis and not short of `wordCount`."""
    text = ld_article.get("articleBody")
    if not isinstance(text, str) or len(normalise_space(text)) < MIN_BODY_CHARS:
        return None
    if TRUNCATED.search(text):
        return None
    words = ld_article.get("wordCount")
    if isinstance(words, int | str) and str(words).isdigit() and len(text.split()) < 0.8 * int(
            words):
        return None
    return text


def _matched_paragraphs(tree: html.HtmlElement, text: str) -> list[str]:
    """The page's paragraphs that are pieces of `text`, in order; short ones only where the
    previous match ended (so a menu word that occurs in the story is not taken)."""
    kept: list[str] = []
    cursor = 0
    for paragraph in block_paragraphs(tree):
        found = text.find(paragraph, cursor)
        if found < 0 or (len(paragraph) < LD_MIN_MATCH and found - cursor > 2):
            continue
        kept.append(paragraph)
        cursor = found + len(paragraph)
    return kept


# -- trafilatura --------------------------------------------------------------------------------

def trafilatura_reading(root: html.HtmlElement, url: str, title: str | None) -> Reading | None:
    """trafilatura's main text of the page (comments excluded, chrome pruned first)."""
    from trafilatura import bare_extraction
    from trafilatura.htmlprocessing import convert_to_html

    document = bare_extraction(root, url=url, include_comments=False, include_tables=True,
                               include_images=False, include_links=False, with_metadata=False,
                               prune_xpath=chrome_xpath())
    if document is None or document.body is None:
        return None
    body = convert_to_html(document.body)[0]
    _drop_title(body, title)
    text = normalise_space(" ".join(body.itertext()))
    # the headline, breadcrumb and byline alone (the story itself gone) are no body
    if len(text.replace(normalise_space(title), "") if title else text) < MIN_BODY_CHARS:
        return None
    chars = len(text)
    return Reading("trafilatura", html.tostring(body, encoding="unicode"), chars)


def _drop_title(body: etree._Element, title: str | None) -> None:
    """trafilatura keeps the page's headline as the first heading: it is the title, not body."""
    first = next(iter(body), None)
    if first is None or not re.fullmatch(r"h[1-6]", str(first.tag)):
        return
    heading = _comparable(" ".join(first.itertext()))
    if heading and title and heading == _comparable(title):
        body.remove(first)


def _comparable(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


# -- dates --------------------------------------------------------------------------------------

def htmldate_candidate(root: html.HtmlElement, url: str) -> str | None:
    """htmldate's publication day of the page (`YYYY-MM-DD`, it reads no clock), or None."""
    from htmldate import find_date

    found = find_date(root, url=url, original_date=True, extensive_search=True)
    return found[:10] if found else None


def _markup(paragraphs: list[str]) -> str:
    return "<div>" + "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs) + "</div>"
