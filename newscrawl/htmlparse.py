"""HTML parsed safely: bounded nesting, whatever the page.

libxml2 stops building the tree at a fixed nesting depth (256, or 2048 with `huge_tree`) and
silently drops *everything* after that point, so a paragraph inside 3,000 nested `<div>`s
costs the rest of the article; such trees also make any recursive reader overflow Python's
stack. `parse_html` parses once, and only when the tree reaches `MAX_DEPTH` (no real page of
the theme nests past ~40) re-parses the markup with every element deeper than `KEEP_DEPTH`
unwrapped: its tags are cut, its text stays in the nearest kept ancestor.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree
from parsel import Selector

# Characters lxml refuses in text and names (not XML 1.0): seen in broken pages, never content.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
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


def clean_markup(markup: str) -> str:
    """Markup without the control characters lxml cannot hold."""
    return XML_INVALID.sub("", markup)


def parse_html(markup: str) -> tuple[Selector, int]:
    """The document as a Selector, and how many over-deep elements were unwrapped (0 for
    any ordinary page: the check is one XPath over the parsed tree)."""
    markup = clean_markup(markup)
    selector = Selector(text=markup)
    if not too_deep(selector):
        return selector, 0
    flat, cut = cap_depth(markup, KEEP_DEPTH)
    return Selector(text=flat), cut


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
