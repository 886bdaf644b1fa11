"""Simple CSS selectors matched in Python, a whole list of them in one walk of a tree.

A simple selector is one compound selector without combinators or pseudo-classes:
`tag.class#id[attr][attr='v'][attr*='v']`. An XPath per selector walks the tree once for each
(the chrome vocabulary has 45); `SimpleSelectors` checks each element only against the few
selectors its class, id or tag could match. Class names are split as XPath's
`normalize-space()` splits them (the CSS translation every other query here goes through).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property

import cssselect
from lxml import etree

XML_SPACE = re.compile("[ \t\n\r]+")  # what XPath's normalize-space() splits on
OPERATORS = frozenset({"exists", "=", "*="})


def class_names(value: str | None) -> list[str]:
    """The class names of a `class` attribute, split on XML white space only."""
    if not value:
        return []
    return value.split() if value.isascii() else XML_SPACE.split(value.strip())


@dataclass(frozen=True)
class Simple:
    """One simple selector."""

    tag: str | None
    classes: frozenset[str]
    id: str | None
    attribs: tuple[tuple[str, str, str | None], ...]  # (name, operator, value)

    def matches(self, element: etree._Element) -> bool:
        get = element.get
        if self.tag is not None and element.tag != self.tag:
            return False
        if self.id is not None and get("id") != self.id:
            return False
        if self.classes and not self.classes.issubset(class_names(get("class"))):
            return False
        for name, operator, value in self.attribs:
            if not _attrib_matches(get(name), operator, value):
                return False
        return True

    def matches_class(self, value: str) -> bool:
        """Whether the selector matches an element whose class attribute is `value`, for a
        selector that asks nothing else (`_class_only`)."""
        return self.classes.issubset(class_names(value)) and all(
            _attrib_matches(value, operator, wanted) for _, operator, wanted in self.attribs)


def _attrib_matches(actual: str | None, operator: str, value: str | None) -> bool:
    if actual is None:
        return False
    if operator == "=":
        return actual == value
    if operator == "*=":
        return bool(value) and value in actual
    return True  # exists


def parse_simple(css: str) -> Simple | None:
    """The `Simple` form of `css`, or None when it is more than one simple selector."""
    try:
        group = cssselect.parse(css)
    except cssselect.SelectorError:
        return None
    if len(group) != 1 or group[0].pseudo_element is not None:
        return None
    node = group[0].parsed_tree
    classes, attribs, ident = set(), [], None
    while not isinstance(node, cssselect.parser.Element):
        if isinstance(node, cssselect.parser.Class):
            classes.add(node.class_name)
        elif isinstance(node, cssselect.parser.Hash) and ident is None:
            ident = node.id
        elif isinstance(node, cssselect.parser.Attrib) and node.namespace is None and (
                node.operator in OPERATORS):
            value = getattr(node.value, "value", node.value)
            attribs.append((node.attrib, node.operator, value))
        else:
            return None
        node = node.selector
    if node.namespace is not None:
        return None
    return Simple(node.element, frozenset(classes), ident, tuple(attribs))


@dataclass(frozen=True)
class SimpleSelectors:
    """Selectors grouped by the class, id or tag they need, so an element is checked only
    against the few that could match it."""

    by_class: dict[str, tuple[Simple, ...]]
    by_id: dict[str, tuple[Simple, ...]]
    by_tag: dict[str, tuple[Simple, ...]]
    rest: tuple[Simple, ...]
    # class attribute → True when it alone makes a match, else the selectors left to check
    # on the element (a site repeats a few hundred class strings over thousands of elements)
    _by_value: dict[str, bool | tuple[Simple, ...]] = field(default_factory=dict, compare=False)

    def matches(self, element: etree._Element) -> bool:
        """Whether any selector matches `element`: checked against those its tag, classes or
        id could match, then those that need none of them."""
        tag = element.tag
        if not isinstance(tag, str):  # a comment or processing instruction
            return False
        by_tag = self.by_tag.get(tag)
        if by_tag and _any_match(by_tag, element):
            return True
        get = element.get
        value = get("class")
        if value is not None:
            checks = self._by_value.get(value)
            if checks is None:
                checks = self._class_checks(value)
            if checks is True or (checks and _any_match(checks, element)):
                return True
        if self.by_id and (ident := get("id")) and _any_match(self.by_id.get(ident, ()), element):
            return True
        return _any_match(self._unclassed, element)

    def _class_checks(self, value: str) -> bool | tuple[Simple, ...]:
        """What a class attribute's `value` decides (memoised): True if a selector that asks
        nothing but classes matches it, else the selectors of its classes to check."""
        if len(self._by_value) >= MEMO_MAX:
            self._by_value.clear()
        names = class_names(value)
        checks = [s for name in names for s in self.by_class.get(name, ())]
        decided = any(s.matches_class(value) for s in (*checks, *self.rest) if _class_only(s))
        found = self._by_value[value] = True if decided else tuple(
            s for s in checks if not _class_only(s))
        return found

    @cached_property
    def _unclassed(self) -> tuple[Simple, ...]:
        """The selectors of `rest` that ask more than the class attribute."""
        return tuple(s for s in self.rest if not _class_only(s))


MEMO_MAX = 20_000


def _class_only(selector: Simple) -> bool:
    """Whether `selector` asks something of an element's class attribute and nothing else
    (`*`, asking nothing, matches elements without one too)."""
    return selector.tag is None and selector.id is None and bool(
        selector.classes or selector.attribs) and all(
        name == "class" for name, _, _ in selector.attribs)


def _any_match(selectors: tuple[Simple, ...], element: etree._Element) -> bool:
    for selector in selectors:  # noqa: SIM110 (a loop: no generator per element)
        if selector.matches(element):
            return True
    return False


@cache
def simple_selectors(css: tuple[str, ...]) -> SimpleSelectors | None:
    """The selectors of `css` grouped for matching, or None if any one is not simple."""
    groups: dict[str, dict[str, list[Simple]]] = {"class": {}, "id": {}, "tag": {}}
    rest = []
    for query in css:
        selector = parse_simple(query)
        if selector is None:
            return None
        if selector.classes:
            groups["class"].setdefault(min(selector.classes), []).append(selector)
        elif selector.id:
            groups["id"].setdefault(selector.id, []).append(selector)
        elif selector.tag:
            groups["tag"].setdefault(selector.tag, []).append(selector)
        else:
            rest.append(selector)
    by = {kind: {k: tuple(v) for k, v in group.items()} for kind, group in groups.items()}
    return SimpleSelectors(by["class"], by["id"], by["tag"], tuple(rest))
