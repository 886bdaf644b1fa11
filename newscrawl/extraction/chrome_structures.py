"""Chrome recognised by its structure, not its words: what themes and plugins put inside the
article container that is not the article.

`prune(container, page_url)` removes, from a copy of the container (before the selectors of
`chrome.CHROME_SELECTORS`), in any language and on any site:

- `links_to_posts`: a line or box whose text is links to other pages of the same site, at most
  behind a short label ("Also read: <link>", a related-posts list, a "more of this" box);
- `toc`: a table of contents, links to anchors of the page itself (and a jump line "see below");
- `cta`: a call to action, a button-like link or a form control with the short box around it
  (newsletter, donation, subscription), and the emphasised line that announces it;
- `gallery`: a block of two images or more holding little more text than their captions;
- `masthead`: a line that is only a domain name (a source's masthead under a story);
- `release_meta`: a label line ("…:") followed by a line that is only a date (the metadata of
  a pasted press release);
- `credit`: the container's last line when it is short, all in emphasis and its links point to
  other sites ("With reports from <agency> and <paper>"): the sources credited, not the article;
- `label`: a short emphasised or capitalised line announcing a removed embed, gallery or list
  ("Watch the video:") or, ending with a colon, the section whose heading follows it; and a
  short line left right after a removed embed or gallery ("story continues below").

Then `prune_empty_headings` (after the selectors) removes a heading that announced a removed
block and is left at the end with nothing of the article after it. Text of the article after
any such block is kept: only the block goes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from newscrawl.extraction.dates import parse_date
from newscrawl.extraction.text import normalise_space

BOXES = frozenset({"div", "section", "aside", "ul", "ol", "dl", "nav", "figure", "table",
                   "blockquote", "center", "span"})
LINES = frozenset({"p", "li", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "td"})
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = BOXES | LINES | {"h1"}
EMBEDS = ("iframe", "video", "audio", "object", "embed")
# Text never read as the article's (removed by the selectors afterwards).
SILENT = frozenset({"script", "style", "noscript", "template", "svg", *EMBEDS})
EMPHASIS = frozenset({"strong", "b", "em", "i", "u", "span", "small", "mark"})
CONTROLS = ("button", "input", "select", "textarea", "form")
FILE_PATH = re.compile(r"\.(?!html?$|php$|aspx?$)[a-z0-9]{2,5}$", re.I)
DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.I)
LABEL_END = ":»›>|→–—-"
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")
SENTENCE_END = ".!?…\"'”’»)"
MAX_LABEL_WORDS = 5  # "YOU MAY ALSO LIKE:", "Lesen Sie auch"
MAX_SEPARATOR_WORDS = 4  # between the links of a list: a date, a category, a dot
MAX_BOX_WORDS = 80  # a call-to-action box around a form or a button
MAX_ANNOUNCE_WORDS = 12  # "Watch the video with …:"
MAX_AFTER_WORDS = 6  # "Story continues below", "Also available on …"
WORDS_PER_IMAGE = 40  # a gallery's text: captions
ANNOUNCES = "data-newscrawl-announces"  # on a heading right before a removed block


def prune(container: html.HtmlElement, page_url: str) -> Counter[str]:
    """Remove the structures of the module docstring from `container` (a copy: it is changed);
    return how many of each were removed."""
    while container.tag == "body" and len(container) == 1:  # a fragment's wrapper
        container = container[0]
    pruner = _Pruner(container, page_url)
    pruner.run()
    return pruner.removed


def prune_empty_headings(container: html.HtmlElement) -> int:
    """Remove the headings at the end of the container that announced a removed block (marked
    by `prune`) and that no text follows any more."""
    removed = 0
    if not any(h.get(ANNOUNCES) is not None for h in container.iter(*HEADINGS)):
        return 0
    lines = [e for e in _outer_lines(container) if _text(e)]
    while (lines and lines[-1].tag in HEADINGS and lines[-1].get(ANNOUNCES) is not None
           and not _trailing_text(lines[-1], container)):
        _drop(lines.pop())
        removed += 1
    return removed


class _Pruner:
    def __init__(self, container: html.HtmlElement, page_url: str) -> None:
        self.root = container
        self.url = page_url
        parts = urlsplit(page_url)
        self.host = (parts.hostname or "").removeprefix("www.")
        self.path = parts.path.rstrip("/")
        self.removed: Counter[str] = Counter()
        self.gone: list[tuple[str, etree._Element | None, etree._Element | None]] = []

    def of(self, *tags: str) -> list[etree._Element]:
        """The container's elements of these tags, in document order (lxml's C tag filter)."""
        return list(self.root.iter(*tags))

    def run(self) -> None:
        self._links_to_posts()
        self._toc()
        self._controls()
        self._galleries()
        self._embeds()
        self._lines()
        self._labels()
        self._credit()

    # -- removal, remembering the neighbours -------------------------------------------------

    def remove(self, element: etree._Element, kind: str) -> None:
        if element is self.root or element.getparent() is None or not self._inside(element):
            return
        before, after = _sibling(element, -1), _sibling(element, 1)
        self.gone.append((kind, before, after))
        if before is not None and before.tag in HEADINGS:
            before.set(ANNOUNCES, kind)
        _drop(element)
        self.removed[kind] += 1

    def _inside(self, element: etree._Element) -> bool:
        """Still in the container (not under a removed block)."""
        return any(up is self.root for up in element.iterancestors())

    # -- links to other posts ----------------------------------------------------------------

    def _links_to_posts(self) -> None:
        for link in self.of("a"):
            if not self._other_post(link.get("href")) or not self._inside(link):
                continue
            box = None
            for up in _block_ancestors(link, self.root):
                if not self._teaser(up):
                    break
                box = up
            if box is not None:
                self.remove(box, "links_to_posts")

    def _other_post(self, href: str | None) -> bool:
        """A link to another page of the same site (not a file, not this page)."""
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            return False
        if href.startswith(("http://", "https://", "//")) and self.host not in href:
            return False  # another host, without parsing
        parts = urlsplit(urljoin(self.url, href.strip()))
        return (parts.scheme in {"http", "https"}
                and (parts.hostname or "").removeprefix("www.") == self.host
                and parts.path.rstrip("/") != self.path
                and not FILE_PATH.search(parts.path))

    def _teaser(self, element: etree._Element) -> bool:
        """[short label] link [short separator link]… [short trailer], the links' text a title
        or more; a line's label stands in its own element or ends like a label (`:`, `»`)."""
        pieces = list(_pieces(element))
        linked = [i for i, (_, in_link, _) in enumerate(pieces) if in_link]
        if not linked or sum(len(pieces[i][0].split()) for i in linked) < 3:
            return False
        first, last = linked[0], linked[-1]
        label = pieces[:first]
        if sum(len(t.split()) for t, _, _ in label) > MAX_LABEL_WORDS:
            return False
        if label and element.tag in LINES and not all(own for _, _, own in label):
            text = " ".join(t for t, _, _ in label).rstrip()
            if text[-1:] not in LABEL_END:
                return False
        if sum(len(t.split()) for t, _, _ in pieces[last + 1:]) > MAX_SEPARATOR_WORDS:
            return False
        run = 0
        for text, in_link, _ in pieces[first:last + 1]:
            run = 0 if in_link else run + len(text.split())
            if run > MAX_SEPARATOR_WORDS:
                return False
        return True

    # -- tables of contents ------------------------------------------------------------------

    def _toc(self) -> None:
        for link in self.of("a"):
            href = (link.get("href") or "").strip()
            if not href.startswith("#") or len(href) < 2 or not self._inside(link):
                continue
            box = None
            for up in _block_ancestors(link, self.root):
                if not _only_links(up, _in_page, 1 if up.tag in LINES else 2):
                    break
                box = up
            if box is not None:
                # the box's title ("Contents") goes with it when the box is the list's parent
                parent = box.getparent()
                if (parent is not None and parent is not self.root and parent.tag in BOXES
                        and _words(parent) - _words(box) <= MAX_LABEL_WORDS):
                    box = parent
                self.remove(box, "toc")

    # -- calls to action, forms --------------------------------------------------------------

    def _controls(self) -> None:
        buttons = [a for a in self.of("a") if a.get("class") and _button_like(a)]
        for control in [*self.of(*CONTROLS), *buttons]:
            if not self._inside(control):
                continue
            box = control
            for up in _block_ancestors(control, self.root):
                if _words(up) > (MAX_BOX_WORDS if up.tag in BOXES else MAX_ANNOUNCE_WORDS):
                    break
                box = up
            announce = _sibling(box, -1)
            self.remove(box, "cta")
            if announce is not None and _emphasised(announce) and _words(announce) <= 40:
                self.remove(announce, "cta")

    # -- galleries, embeds -------------------------------------------------------------------

    def _galleries(self) -> None:
        images: Counter[etree._Element] = Counter()
        for image in self.of("img"):
            for up in image.iterancestors(*BOXES):
                if up is self.root:
                    break
                images[up] += 1
        for element in [e for e in images if images[e] >= 2]:
            count = images[element]
            if self._inside(element) and _words(element) <= WORDS_PER_IMAGE * count and not any(
                    _words(p) > WORDS_PER_IMAGE for p in element.iter("p")):
                self.remove(element, "gallery")

    def _embeds(self) -> None:
        for embed in self.of(*EMBEDS):
            if not self._inside(embed):
                continue
            box = embed
            for up in embed.iterancestors():
                if up is self.root or _text(up):
                    break
                box = up
            self.remove(box, "embed")
        for element in self.of(*BOXES):  # lazy players: an empty box with a source
            attributes = element.attrib
            if (len(attributes) and any(v.startswith(("http", "//")) for k, v in attributes.items()
                                        if k.startswith("data-") and ("src" in k or "url" in k))
                    and self._inside(element) and not _text(element)
                    and next(element.iter("img"), None) is None):
                self.remove(element, "embed")

    # -- single lines ------------------------------------------------------------------------

    def _lines(self) -> None:
        for line in self.of(*LINES):
            # long lines are neither a masthead nor a label: no closer look
            if len(line) > 3:
                continue
            raw = line.text_content().strip()
            label, domain = raw.endswith(":"), "." in raw and " " not in raw
            if len(raw) > 100 or not (label or domain) or not self._inside(line):
                continue
            text = _text(line)
            following = _sibling(line, 1) if text.endswith(":") else None
            if DOMAIN.match(text):
                self.remove(line, "masthead")
            elif following is None:
                continue
            elif following.tag in HEADINGS and _announces(line):
                self.remove(line, "label")  # an editor's lead-in to the section that follows
            elif len(text.split()) <= MAX_LABEL_WORDS and _only_date(_text(following)):
                self.remove(line, "release_meta")
                self.remove(following, "release_meta")

    def _labels(self) -> None:
        for kind, before, after in self.gone:
            if kind not in {"embed", "gallery", "links_to_posts", "cta"}:
                continue
            if before is not None and self._inside(before) and _announces(before):
                self.remove(before, "label")
            if (kind in {"embed", "gallery"} and after is not None and self._inside(after)
                    and after.tag not in HEADINGS and 0 < _words(after) <= MAX_AFTER_WORDS
                    and _text(after)[-1:] not in SENTENCE_END):
                self.remove(after, "label")


    # -- the closing credit --------------------------------------------------------------------

    def _credit(self) -> None:
        # the last line holding text, looked for from the end (a text walk per line)
        last = next((line for line in reversed(_outer_lines(self.root)) if _text(line)), None)
        if last is None or last.tag in HEADINGS or _words(last) > MAX_ANNOUNCE_WORDS:
            return
        links = list(last.iter("a"))
        if (links and all(self._elsewhere(a.get("href")) for a in links) and _emphasised(last)
                and any(child.tag in EMPHASIS for child in last)  # not a bare link
                and not _trailing_text(last, self.root)):
            self.remove(last, "credit")

    def _elsewhere(self, href: str | None) -> bool:
        """An absolute link to another site."""
        try:
            parts = urlsplit((href or "").strip())
            host = (parts.hostname or "").removeprefix("www.")
        except ValueError:  # a malformed address: not a credit's link
            return False
        return parts.scheme in {"http", "https"} and bool(host) and host != self.host


# -- helpers ----------------------------------------------------------------------------------

def _drop(element: etree._Element) -> None:
    """Remove `element`, keeping its tail text in place."""
    if isinstance(element, html.HtmlElement):
        element.drop_tree()
    else:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def _sibling(element: etree._Element, step: int) -> etree._Element | None:
    """The nearest element sibling before (-1) or after (1) with text or media, past empty
    ones (`<p></p>`, `<br>`); None when loose text lies between or there is none."""
    node = element
    while True:
        if step > 0 and _strip(node.tail):
            return None
        node = node.getprevious() if step < 0 else node.getnext()
        if node is None or (step < 0 and _strip(node.tail)):
            return None
        if not isinstance(node.tag, str) or node.tag in SILENT:
            continue
        if _text(node) or next(node.iter("img", *EMBEDS), None) is not None:
            return node


def _block_ancestors(element: etree._Element, root: etree._Element
                     ) -> Iterator[etree._Element]:
    """The block elements from `element`'s nearest block up to (not including) `root`."""
    node = element if element.tag in BLOCKS else None
    if node is not None:
        yield node
    for up in element.iterancestors():
        if up is root:
            return
        if up.tag in BLOCKS:
            yield up


def _pieces(element: etree._Element) -> Iterator[tuple[str, bool, bool]]:
    """(text, inside a link, inside a child element) of each text piece, in order."""
    return _walk(element, False, element)


def _walk(node: etree._Element, in_link: bool, top: etree._Element
          ) -> Iterator[tuple[str, bool, bool]]:
    if not isinstance(node.tag, str) or node.tag in SILENT:
        return
    link = in_link or node.tag == "a"
    if node.text and node.text.strip():
        yield node.text.strip(), link, node is not top
    for child in node:
        yield from _walk(child, link, top)
        if child.tail and child.tail.strip():
            yield child.tail.strip(), in_link, node is not top


def _in_page(href: str) -> bool:
    return href.startswith("#") and len(href) > 1


def _only_links(element: etree._Element, wanted: Callable[[str], bool], least: int) -> bool:
    """Every link's `href` passes `wanted`, `least` links or more, and the text is theirs
    (a short title piece allowed when there are several)."""
    links = list(element.iter("a"))
    if len(links) < least or not all(wanted((a.get("href") or "").strip()) for a in links):
        return False
    loose = sum(len(t.split()) for t, in_link, _ in _pieces(element) if not in_link)
    return loose <= (MAX_LABEL_WORDS if least > 1 else 0)


def _button_like(link: etree._Element) -> bool:
    """A link styled as a button (a class name with `button` or `btn` as a word)."""
    return any("button" in name or name == "btn" or name.startswith(("btn-", "btn_"))
               or name.endswith(("-btn", "_btn"))
               for name in (link.get("class") or "").lower().split())


def _emphasised(element: etree._Element) -> bool:
    """All the element's text stands in emphasis (`strong`, `em`, …), none loose."""
    pieces = list(_walk(element, False, element))
    if not pieces or any(not own for _, _, own in pieces):
        return False
    return all(child.tag in EMPHASIS or child.tag == "a" or not _text(child)
               for child in element if isinstance(child.tag, str))


def _announces(line: etree._Element) -> bool:
    """A short emphasised or capitalised line, not a heading, that reads as a label: it ends
    like one (`:`), or is a few words without a sentence's end ("RELATED STORIES")."""
    if line.tag in HEADINGS:
        return False
    text, words = _text(line), _words(line)
    if words > MAX_ANNOUNCE_WORDS or not (_emphasised(line) or _capitals(text)):
        return False
    return text[-1:] in LABEL_END or (words <= MAX_LABEL_WORDS
                                      and text[-1:] not in SENTENCE_END)


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _only_date(text: str) -> bool:
    """A line that is a date and nothing else (with a year: `Monday, 10 March 2025 – 2:15pm`,
    `10/03/2025`)."""
    return (0 < len(text.split()) <= 8 and YEAR.search(text) is not None
            and parse_date(text) is not None)


def _outer_lines(container: etree._Element) -> list[etree._Element]:
    """The outermost line elements (paragraphs, list items, headings…) in document order."""
    found = []
    for element in container.iter(*LINES, "h1", "pre", "blockquote"):
        if not any(up.tag in LINES for up in element.iterancestors()):
            found.append(element)
    return found


def _trailing_text(element: etree._Element, container: etree._Element) -> bool:
    """Loose text (outside any line element) after `element` in the container."""
    node = element
    while node is not None and node is not container:
        if _strip(node.tail):
            return True
        for sibling in node.itersiblings():
            if sibling.tag not in LINES and _text(sibling):
                return True
        node = node.getparent()
    return False


def _text(element: etree._Element) -> str:
    return normalise_space("".join(t for t, _, _ in _walk_all(element)))


def _walk_all(element: etree._Element) -> Iterator[tuple[str, bool, bool]]:
    for text, link, own in _walk(element, False, element):
        yield text + " ", link, own


def _words(element: etree._Element) -> int:
    return len(_text(element).split())


def _strip(text: str | None) -> str:
    return (text or "").strip()
