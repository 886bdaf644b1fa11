"""HTML parsed safely: bounded nesting, whatever the page.

libxml2 stops building the tree at a fixed nesting depth (256, or 2048 with `huge_tree`) and
silently drops *everything* after that point, so a paragraph inside 3,000 nested `<div>`s
costs the rest of the article; such trees also make any recursive reader overflow Python's
stack. `parse_html` parses once, and only when the tree reaches `MAX_DEPTH` (no real page of
the theme nests past ~40) re-parses the markup with every element deeper than `KEEP_DEPTH`
unwrapped: its tags are cut, its text stays in the nearest kept ancestor.

The tree is parsel's (the same libxml2 parse, options and `lxml.html` element classes), but
its elements get their Python class from lxml's C lookup rather than `lxml.html`'s Python
one (`parse_document`): a walk reading every element's class costs about half as much (0.26
against 0.46 ms on a 60 KB page of the theme; a 1,000-article backfill called the Python
lookup 768,128 times).
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree, html
from parsel import Selector

# Characters lxml refuses in text and names (not XML 1.0): seen in broken pages, never content.
XML_INVALID_CHARS = "".join(map(chr, [*range(0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0xfffe,
                                      0xffff]))
XML_INVALID = re.compile(f"[{re.escape(XML_INVALID_CHARS)}]")
MAX_DEPTH = 200  # a tree this deep is pathological: cap it
KEEP_DEPTH = 100  # elements nested deeper than this are unwrapped
_TOO_DEEP = etree.XPath("boolean(" + "/*" * MAX_DEPTH + ")")
_TOKEN = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|textarea|title)\b[^>]*>.*?(?:</\1\s*>|$)"
    r"|<(/?)([A-Za-z][^\s/>]*)([^>]*)>",
    re.DOTALL | re.IGNORECASE,
)
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen", "command",
})
# An open element of these names is closed by a new one of the same name (`<p>a<p>b`).
SELF_CLOSING_SIBLINGS = frozenset({"p", "li", "dt", "dd", "option", "tr", "td", "th"})


def has_invalid_xml(markup: str) -> bool:
    """Whether `markup` holds a control character lxml cannot hold (a scan, no copy: 20 µs
    for a 60 KB page where the regular expression takes 400 µs)."""
    return any(char in markup for char in XML_INVALID_CHARS)


def clean_markup(markup: str) -> str:
    """Markup without the control characters lxml cannot hold (the same string if none)."""
    return XML_INVALID.sub("", markup) if has_invalid_xml(markup) else markup


# lxml.html's element classes, looked up in C: `lxml.html.HTMLParser` picks them per element
# in Python (form elements get subclasses of their own, which nothing here reads).
_LOOKUP = etree.ElementDefaultClassLookup(
    element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction,
    entity=html.HtmlEntity)


def parse_document(markup: str) -> html.HtmlElement:
    """The root of `markup`, already cleaned (`clean_markup`: no NUL left), parsed as parsel
    parses a text (`Selector(text=…)`): stripped, UTF-8, libxml2 recovering, huge trees
    allowed; `<html/>` for an empty page. No table of `id`s is built (`collect_ids`): nothing
    here asks XPath's `id()`, and the table costs 5 % of the parse."""
    parser = etree.HTMLParser(recover=True, encoding="utf-8", huge_tree=True, collect_ids=False)
    parser.set_element_class_lookup(_LOOKUP)
    data = markup.strip().encode("utf-8") or b"<html/>"
    root = etree.fromstring(data, parser=parser)
    return root if root is not None else etree.fromstring(b"<html/>", parser=parser)


def parse_html(markup: str) -> tuple[Selector, int]:
    """The document as a Selector, and how many over-deep elements were unwrapped (0 for
    any ordinary page: the check is one XPath over the parsed tree)."""
    markup = clean_markup(markup)
    selector = Selector(root=parse_document(markup), type="html")
    if not too_deep(selector):
        return selector, 0
    flat, cut = cap_depth(markup, KEEP_DEPTH)
    return Selector(root=parse_document(flat), type="html"), cut


def too_deep(selector: Selector) -> bool:
    return bool(_TOO_DEEP(selector.root.getroottree()))


def cap_depth(markup: str, keep: int = KEEP_DEPTH) -> tuple[str, int]:
    """`markup` with the tags of elements nested deeper than `keep` removed (their text and
    children kept, one level up), and the number of elements so unwrapped. Close tags are
    matched the way browsers do: to the nearest open element of that name."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag, kept)
    open_names: Counter[str] = Counter()
    depth = cut = last = 0
    for match in _TOKEN.finditer(markup):
        out.append(markup[last:match.start()])
        last = match.end()
        closing, name = match.group(2), (match.group(3) or "").lower()
        if not name or name in VOID or match.group(4).rstrip().endswith("/"):
            out.append(match.group(0))  # comment, raw-text element, void or self-closed tag
            continue
        if closing:
            depth = _close(stack, open_names, name, out, depth)
            continue
        if stack and stack[-1][0] == name and name in SELF_CLOSING_SIBLINGS:
            depth = _close(stack, open_names, name, out, depth)
        kept = depth < keep
        stack.append((name, kept))
        open_names[name] += 1
        depth += kept
        if kept:
            out.append(match.group(0))
        else:
            cut += 1
    out.append(markup[last:])
    return "".join(out), cut


def _close(stack: list[tuple[str, bool]], open_names: Counter[str], name: str,
           out: list[str], depth: int) -> int:
    """Close the nearest open `name` (and what is open inside it); a stray close is dropped."""
    if not open_names[name]:
        return depth
    while True:
        tag, kept = stack.pop()
        open_names[tag] -= 1
        if kept:
            out.append(f"</{tag}>")
            depth -= 1
        if tag == name:
            return depth
