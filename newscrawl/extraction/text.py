"""Markup to plain text: one paragraph per block element, inline markup flattened."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from functools import cache

from lxml import etree, html
from parsel import Selector
from parsel.csstranslator import css2xpath

from newscrawl.extraction.htmlparse import parse_html
from newscrawl.extraction.simplecss import simple_selectors

LEAF_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "figcaption"})
CONTAINER_BLOCKS = frozenset({
    "div", "section", "article", "blockquote", "ul", "ol", "li", "dl", "figure", "table",
    "thead", "tbody", "tfoot", "tr", "td", "th", "header", "footer", "aside", "main", "center",
    "details", "summary", "hr", "body", "html",
})
BLOCKS = LEAF_BLOCKS | CONTAINER_BLOCKS
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))


def normalise_space(text: str | None) -> str:
    """Collapse every run of white space (no-break spaces too) to one space; drop zero-width
    spaces and joiners that only mark word breaks (U+200B, U+2060, U+FEFF)."""
    text = text or ""
    if "\u200b" in text or "\u2060" in text or "\ufeff" in text:  # (translate is slow)
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())  # str.split() splits on every white space, no-break too


def inline_text(element: html.HtmlElement) -> str:
    """All text under an element, `<br>` read as a space, comments skipped, space collapsed."""
    return normalise_space(_inline_raw(element))


def _inline_raw(element: html.HtmlElement) -> str:
    """Text of an inline element without collapsing, so `a<b>b</b>c` stays `abc`."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = _own_tag(child)
        if tag == "br":
            parts.append(" ")
        elif tag:
            parts.append(_inline_raw(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _own_tag(node: etree._Element) -> str:
    return node.tag.lower() if isinstance(node.tag, str) else ""


def block_paragraphs(element: html.HtmlElement) -> Iterator[str]:
    """Yield the paragraphs under `element`: one per leaf block, runs of loose inline text too."""
    run: list[str] = [element.text or ""]
    for child in element:
        tag = _own_tag(child)
        if tag in LEAF_BLOCKS:
            yield from _flush(run)
            text = inline_text(child)
            if text:
                yield text
        elif tag in CONTAINER_BLOCKS or (tag and _holds_blocks(child)):
            # an inline element wrapped around paragraphs (pasted HTML) is read as a container
            yield from _flush(run)
            yield from block_paragraphs(child)
        elif tag == "br":
            run.append(" ")
        elif tag:
            run.append(inline_text(child))
        run.append(child.tail or "")
    yield from _flush(run)


def _holds_blocks(element: html.HtmlElement) -> bool:
    return any(_own_tag(node) in BLOCKS for node in element.iterdescendants())


def _flush(run: list[str]) -> Iterator[str]:
    text = normalise_space("".join(run))
    run.clear()
    if text:
        yield text


def remove_elements(selector: Selector, css: Iterable[str]) -> int:
    """Remove every element matching any of `css` (keeping tail text); return how many."""
    return remove_matching(selector.root, css)


@cache
def _compiled(query: str) -> etree.XPath:
    return etree.XPath(css2xpath(query))


def remove_matching(root: etree._Element, css: Iterable[str]) -> int:
    """Remove every element under `root` matching any of `css` (keeping tail text); return
    how many were removed, one inside another removed one not counted. Simple selectors
    (`simplecss`) are matched in one walk; any other list, one XPath per selector (compiled
    once per process), in order."""
    css = tuple(css)
    matcher = simple_selectors(css)
    if matcher is None:
        return sum(_drop_outermost(_compiled(query)(root)) for query in css)
    return _drop_outermost([e for e in root.iter(etree.Element) if matcher.matches(e)])


def kept_text(element: html.HtmlElement, css: Iterable[str]) -> Iterator[str]:
    """The strings `element.itertext()` yields once `remove_matching(element, css)` has run on
    a copy of it, read lazily from `element` itself (no copy, nothing removed): a matching
    element's text is skipped, its tail kept. A dropped element's tail merges into its
    neighbour's text there: here it comes as a string of its own. Any selector that is not
    simple: read from a pruned copy."""
    matcher = simple_selectors(tuple(css))
    if matcher is None:
        copied = copy.deepcopy(element)
        remove_matching(copied, css)
        yield from copied.itertext()
        return
    yield from _kept(element, matcher.matches)


def _kept(element: etree._Element, dropped: Callable[[etree._Element], bool]) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if isinstance(child.tag, str) and not (
                isinstance(child, html.HtmlElement) and dropped(child)):
            yield from _kept(child, dropped)
        if child.tail:
            yield child.tail


def _drop_outermost(elements: list[etree._Element]) -> int:
    """Drop `elements` (document order) from their tree; how many were not inside another."""
    dropped: set[etree._Element] = set()
    for element in elements:
        if not isinstance(element, html.HtmlElement) or element.getparent() is None:
            continue
        if not dropped or dropped.isdisjoint(element.iterancestors()):
            dropped.add(element)  # (one inside a dropped element left there: out already)
            element.drop_tree()
    return len(dropped)


Prune = Callable[[html.HtmlElement], object]


def html_to_paragraphs(markup: str, drop_css: Iterable[str] = (), prune: Prune | None = None,
                       tidy: Prune | None = None) -> tuple[list[str], int]:
    """Paragraphs of an HTML fragment after removing `drop_css` elements; also the removed count.
    `prune` changes the fragment's tree before the removal, `tidy` after it. The fragment is
    parsed with bounded nesting (`htmlparse`), so the recursive readers here never go deeper
    than `htmlparse.MAX_DEPTH`."""
    selector, _ = parse_html(markup or "<div></div>")
    body = selector.root.find("body")
    root = body if body is not None else selector.root
    return _read(root, drop_css, prune, tidy)


def _read(root: html.HtmlElement, drop_css: Iterable[str], prune: Prune | None,
          tidy: Prune | None) -> tuple[list[str], int]:
    if prune is not None:
        prune(root)
    removed = remove_matching(root, drop_css)
    if tidy is not None:
        tidy(root)
    return list(block_paragraphs(root)), removed


def element_paragraphs(element: html.HtmlElement, drop_css: Iterable[str] = (),
                       prune: Prune | None = None, tidy: Prune | None = None
                       ) -> tuple[list[str], int]:
    """`html_to_paragraphs` of one element of an already parsed page (bounded as that page
    was), without serialising and parsing it again: read from a copy of the element (the page
    is left as it was) placed alone in a `<body>`, as the fragment's parse would place it."""
    fragment = copy.deepcopy(element)
    fragment.tail = None
    body = html.Element("body")
    body.append(fragment)
    return _read(body, drop_css, prune, tidy)
