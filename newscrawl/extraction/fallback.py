"""The layered fallback: reading an article page whose layout none of the templates knows.

Read when no template container is on the page, or the one there holds too little text: the
JSON-LD `articleBody` and trafilatura (the well-kept main-text extractor, with its own
fallbacks) are compared, the publisher's text taken when it is the full text (not cut, not
far shorter than trafilatura's reading), else trafilatura's; the generic containers last.
The theme's chrome elements (`chrome.CHROME_SELECTORS`) are pruned before either path reads
the page, and both
return simple block markup, so the chrome pipeline reads a fallback body exactly as it reads a
template's container. Pure, like the page object: HTML tree + URL in, markup out.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import islice
from typing import Any

from lxml import etree, html

from newscrawl.extraction.chrome import CHROME_SELECTORS
from newscrawl.extraction.text import (
    block_paragraphs,
    kept_text,
    normalise_space,
    remove_matching,
)

# A template container with less text than this has failed (emptied, moved, ads only); a
# short brief above it is the story (trafilatura would add the headline, byline and tags).
MIN_TEMPLATE_CHARS = 25
# Shortest main text accepted from a fallback path.
MIN_BODY_CHARS = 150
# Shortest text of a short post (three lines), read only inside the post's own container on a
# page that says it is an article: a slogan or a byline outside it is no post.
MIN_POST_CHARS = 40
# JSON-LD `articleBody`: paragraphs of the page it must cover to give the body their breaks.
LD_COVERAGE = 0.8
LD_MIN_MATCH = 40  # a paragraph this long is matched anywhere in the text; shorter ones in order
# `articleBody` shorter than this share of trafilatura's reading is an excerpt or a part.
LD_AGREEMENT = 0.7
# A lead (standfirst) `articleBody` leaves out: at most this many paragraphs before it.
MAX_LEAD = 2
SENTENCE_END = ".!?…\"'”’»)"
TRUNCATED = re.compile(r"(?:\.\.\.|…|\[(?:…|&hellip;|\.\.\.)\]|&hellip;)\s*$")
# Share of a page's text a `<form>` holds past which it wraps the page, not a form in it.
PAGE_WIDE = 0.5
# An HTML tag or character reference: text written as markup.
MARKUP = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>"
                    r"|&(?:[a-zA-Z]+\d*|#\d+|#x[\da-fA-F]+);")
PATHS = ("json-ld", "trafilatura", "selectors")
# A post quoted in the story (an embedded tweet: the blockquote holds its words as served) is
# the story's text on another site's page; on the theme's own pages it stays chrome (golden).
QUOTED_POSTS = ("blockquote.twitter-tweet",)
READ_SELECTORS = tuple(s for s in CHROME_SELECTORS if s not in QUOTED_POSTS)
# trafilatura's reading this many times shorter than the page's one main element, whose text
# is prose in paragraphs (at least MAIN_PARAGRAPHS of it) with few links (at most MAIN_LINKS),
# has left sections of the story out: the element is read whole.
MAIN_SHORTFALL = 4
MAIN_PARAGRAPHS = 0.6
MAIN_LINKS = 0.25
# trafilatura costs 25-130 µs an element: past this (12 times a 66 KB page of the site) a
# hostile or broken page would cost seconds, so it is not run.
MAX_TRAFILATURA_ELEMENTS = 10_000


@dataclass(frozen=True)
class Reading:
    """What a fallback path read: its name, the body as block markup, and as plain text."""

    path: str
    body_html: str
    text: str

    @property
    def chars(self) -> int:
        return len(self.text)

    @property
    def prose(self) -> float:
        """Share of the text in letters (any script, CJK included): about 0.8 for a story,
        near 0 for bytes, low for tables of figures."""
        return sum(map(str.isalpha, self.text)) / len(self.text) if self.text else 0.0


def readable_text(element: html.HtmlElement) -> str:
    """The text under `element`, chrome (scripts and styles among it) left out."""
    return normalise_space(" ".join(prune(copy.deepcopy(element)).itertext()))


def holds_text(element: html.HtmlElement, chars: int) -> bool:
    """Whether `readable_text(element)` is at least `chars` long, read only as far as that
    takes (each text node's own normalised length adds up to no more than the whole's)."""
    seen = 0
    for text in kept_text(element, CHROME_SELECTORS):  # no copy: 25 characters are near
        seen += len(normalise_space(text))
        if seen >= chars:
            return True
    return len(readable_text(element)) >= chars


def prune(tree: etree._Element, selectors: tuple[str, ...] = CHROME_SELECTORS
          ) -> etree._Element:
    """Remove the chrome elements (`selectors`: the theme's vocabulary) from `tree` in place
    (tails kept); return it. A `<form>` holding most of the page's text (ASP.NET and forum
    pages wrap the whole page in one) is no comment or search form: its tag goes, its content
    stays."""
    whole = 0
    for form in list(tree.iter("form")):
        held = _text_length(form)  # a search or comment form holds little: the page not read
        if held >= MIN_BODY_CHARS and held > PAGE_WIDE * (whole := whole or _text_length(tree)):
            form.drop_tag()
    remove_matching(tree, selectors)
    return tree


def _text_length(element: etree._Element) -> int:
    return sum(len(text.strip()) for text in element.itertext())


def read(root: html.HtmlElement, url: str, ld_article: dict[str, Any],
         headings: tuple[str | None, ...], container: html.HtmlElement | None,
         notes: list[str], posts: Callable[[], Sequence[html.HtmlElement]] = tuple,
         summaries: Sequence[str] = ()) -> Reading | None:
    """The main text of `MIN_BODY_CHARS` the evidence favours, or None.

    The JSON-LD `articleBody` and trafilatura's reading are compared: the publisher's own text
    is taken when it holds at least `LD_AGREEMENT` of what trafilatura read (else it is an
    excerpt or a part: a summary, the first section); the generic containers' match
    (`container`: `[itemprop=articleBody]`, …) is read when neither gave a text.
    `headings` are the page's title and subtitle (not body text). trafilatura is not run on a
    tree of more than `MAX_TRAFILATURA_ELEMENTS` (noted). When nothing of `MIN_BODY_CHARS` is
    read and `posts()` gives the page's containers of its own post (asked only then), a short
    post of `MIN_POST_CHARS` is taken if it lies wholly inside one of them (noted
    `short_post`); failing that, the longest of them is read alone (noted `post_alone`).
    `summaries` are the page's own descriptions of the article (`summaries()`): the lead an
    `articleBody` leaves out is recognised by them (`with_lead`).
    """
    ld = ld_reading(root, ld_article)
    if _size(root) > MAX_TRAFILATURA_ELEMENTS:
        notes.append("fallback_too_large")
        extracted = None
    else:
        extracted = main_element(root, trafilatura_reading(root, url, headings), headings,
                                 notes)
    if ld is not None and extracted is not None and ld.chars < LD_AGREEMENT * extracted.chars:
        notes.append("json_ld_body_partial")
        ld = None
    if ld is not None and extracted is not None:
        ld = with_lead(ld, extracted, summaries, notes)
    reading = ld or extracted
    if reading is None and "fallback_too_large" not in notes and (own := posts()):
        reading = short_post(root, url, headings, own)
        if reading is not None:
            notes.append("short_post")
        elif (reading := post_alone(url, headings, own)) is not None:
            notes.append("post_alone")
    if reading is None and container is not None:
        text = readable_text(container)
        if text:
            reading = Reading("selectors", html.tostring(container, encoding="unicode"), text)
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
    return Reading("json-ld", _markup(paragraphs), " ".join(paragraphs))


def summaries(ld_article: dict[str, Any], meta: dict[str, str]) -> tuple[str, ...]:
    """The page's descriptions of its article: JSON-LD `description` and `alternativeHeadline`,
    the `description`, `og:description` and `twitter:description` meta tags."""
    found = [ld_article.get("description"), ld_article.get("alternativeHeadline"),
             *(meta.get(name) for name in ("description", "og:description",
                                           "twitter:description"))]
    return tuple(dict.fromkeys(text for text in found if isinstance(text, str) and text.strip()))


def with_lead(ld: Reading, extracted: Reading, summaries: Sequence[str],
              notes: list[str]) -> Reading:
    """`ld` with the lead it left out: the paragraphs trafilatura reads right before the first
    paragraph of `articleBody` that say what one of the page's `summaries` says (the
    publisher's description, shown on the page as the article's opening). At most `MAX_LEAD`
    paragraphs, each a sentence of `LD_MIN_MATCH` characters or more that `articleBody` does
    not hold; a caption, a byline or a date line before the body stops the search."""
    if not summaries:
        return ld
    paragraphs = list(block_paragraphs(html.fromstring(extracted.body_html)))
    text = _comparable(ld.text)
    start = next((i for i, p in enumerate(paragraphs)
                  if len(p) >= LD_MIN_MATCH and _comparable(p) in text), None)
    lead: list[str] = []
    for paragraph in reversed(paragraphs[:start or 0]):
        if (len(lead) == MAX_LEAD or len(paragraph) < LD_MIN_MATCH
                or paragraph[-1] not in SENTENCE_END or _comparable(paragraph) in text):
            break
        lead.insert(0, paragraph)
    said = _comparable(" ".join(lead))
    if not lead or not any(_comparable(summary)[:LD_MIN_MATCH] in said
                           for summary in summaries):
        return ld
    notes.append("json_ld_lead")
    body = lead + list(block_paragraphs(html.fromstring(ld.body_html)))
    return Reading(ld.path, _markup(body), " ".join(body))


def full_article_body(ld_article: dict[str, Any]) -> str | None:
    """`articleBody` if it is long enough, not cut with an ellipsis and not short of `wordCount`."""
    text = ld_article.get("articleBody")
    if not isinstance(text, str):
        return None
    text = plain_text(text)
    if len(normalise_space(text)) < MIN_BODY_CHARS:
        return None
    if TRUNCATED.search(text):
        return None
    words = ld_article.get("wordCount")
    if isinstance(words, int | str) and str(words).isdigit() and len(text.split()) < 0.8 * int(
            words):
        return None
    return text


def plain_text(text: str, depth: int = 2) -> str:
    """`articleBody` as text: some publishers write the body's HTML in it (`<p>`, `&ccedil;`),
    which is read as markup, one line a paragraph; escaped once more (`&lt;p&gt;`,
    `&amp;oacute;`), the text read is markup again and is read once more."""
    if not depth or not MARKUP.search(text):
        return text
    try:
        fragment = html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return text
    return plain_text("\n".join(block_paragraphs(fragment)), depth - 1)


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

def trafilatura_reading(root: html.HtmlElement, url: str, headings: tuple[str | None, ...]
                        ) -> Reading | None:
    """trafilatura's main text of the page (comments excluded, chrome pruned first but for
    quoted posts, `QUOTED_POSTS`), with its own fallbacks (readability and jusText, compared
    with its own reading by length and link density): on public sets they read more of the
    text than its fast mode, for a few ms more (benchmarks/generic_eval.py).

    When the pruned page gives no text, the chrome vocabulary has removed the story's own
    container (a page-wide `<form>`): the page is read unpruned (the chrome pipeline still
    drops the theme's strings from the body). A `<noscript>` holding more text than that
    reading is the page's text for readers without script (a page its scripts write, as
    Blogger's): it is unwrapped, and the page read again (the longer reading is kept).
    """
    reading = _trafilatura(prune(copy.deepcopy(root), READ_SELECTORS), url, headings)
    if reading is None:
        return _trafilatura(copy.deepcopy(root), url, headings)
    if not any(_text_length(node) > reading.chars for node in root.iter("noscript")):
        return reading
    tree = copy.deepcopy(root)
    for node in list(tree.iter("noscript")):
        if _text_length(node) > reading.chars:
            node.drop_tag()
    again = _trafilatura(prune(tree, READ_SELECTORS), url, headings)
    return again if again is not None and again.chars > reading.chars else reading


def main_element(root: html.HtmlElement, extracted: Reading | None,
                 headings: tuple[str | None, ...], notes: list[str]) -> Reading | None:
    """The page's one `<main>` (else its one `<article>`) read whole, when trafilatura's
    reading `extracted` is under a `MAIN_SHORTFALL`th of its text and that text is the
    story's kind: prose in paragraphs, few links, no list of posts (`<article>`s) in it.
    trafilatura drops blocks by their class names and its own scores, and can keep only a
    section of a long page; the element's blocks then go through the chrome pipeline as a
    template's container does (noted `main_element`). Otherwise `extracted`."""
    found = list(root.iter("main")) or list(root.iter("article"))
    if (extracted is None or len(found) != 1
            or len("".join(found[0].itertext())) < MAIN_SHORTFALL * extracted.chars
            or next(islice(found[0].iter("article"), 1, None), None) is not None):
        return extracted
    element = prune(copy.deepcopy(found[0]), READ_SELECTORS)
    text = normalise_space(" ".join(element.itertext()))
    if (len(text) < MAIN_SHORTFALL * extracted.chars
            or _inside(element, "a") > MAIN_LINKS * len(text)
            or _inside(element, "p") < MAIN_PARAGRAPHS * len(text)):
        return extracted
    wanted = {_comparable(h) for h in headings if h}
    for block in list(element.iter("h1", "h2", "p")):
        if _comparable(" ".join(block.itertext())) in wanted:
            block.drop_tree()  # the headline and the standfirst: the title and subtitle fields
    notes.append("main_element")
    return Reading("selectors", html.tostring(element, encoding="unicode"),
                   normalise_space(" ".join(element.itertext())))


def _inside(element: etree._Element, tag: str) -> int:
    """How much of the text under `element` lies inside `tag` elements (outermost ones)."""
    return sum(len(normalise_space(" ".join(node.itertext()))) for node in element.iter(tag)
               if next(node.iterancestors(tag), None) is None)


def short_post(root: html.HtmlElement, url: str, headings: tuple[str | None, ...],
               posts: Sequence[html.HtmlElement]) -> Reading | None:
    """trafilatura's reading of a post shorter than `MIN_BODY_CHARS`, when all of it is text
    of one of the post's own containers `posts`; else None."""
    found = _trafilatura(prune(copy.deepcopy(root), READ_SELECTORS), url, headings,
                         MIN_POST_CHARS)
    if found is None or not any(found.text in readable_text(post) for post in posts):
        return None
    return found


def post_alone(url: str, headings: tuple[str | None, ...],
               posts: Sequence[html.HtmlElement]) -> Reading | None:
    """trafilatura's reading of the longest of the post's own containers `posts`, taken out of
    the page: markup the parser nests wrongly (an `<aside>` popup or a `<header>` left open
    before the story, which libxml2 does not close as a browser would) can put the whole
    post inside elements trafilatura drops as boilerplate, and the page then reads empty."""
    longest = max(posts, key=lambda post: len(readable_text(post)))
    document = html.fromstring("<html><body></body></html>")
    document.find("body").append(prune(copy.deepcopy(longest), READ_SELECTORS))
    return _trafilatura(document, url, headings)


def _trafilatura(tree: html.HtmlElement, url: str, headings: tuple[str | None, ...],
                 min_chars: int = MIN_BODY_CHARS) -> Reading | None:
    from trafilatura import bare_extraction
    from trafilatura.htmlprocessing import convert_to_html

    # comments out, their tails kept: trafilatura reads a tree with comments in it as if the
    # text after one (`<p><!-- -->Consider…`, React's server markup) were not there
    etree.strip_tags(tree, etree.Comment, etree.ProcessingInstruction)
    linked = _linked_paragraphs(tree)  # before trafilatura, which changes the tree
    document = bare_extraction(tree, url=url, fast=False,
                               include_comments=False, include_tables=True,
                               include_images=False, include_links=False, with_metadata=False)
    if document is None or document.body is None:
        return None
    body = convert_to_html(document.body)[0]
    _drop_headings(body, headings)
    text = normalise_space(" ".join(body.itertext()))
    # the headline, breadcrumb and byline alone (the story itself gone) are no body
    title = normalise_space(headings[0] if headings else "")
    if len(text.replace(title, "") if title else text) < min_chars:
        return None
    _relink(body, linked)
    return Reading("trafilatura", html.tostring(body, encoding="unicode"), text)


def _linked_paragraphs(tree: etree._Element) -> dict[str, etree._Element]:
    """The page's paragraphs (`<p>`) that hold a link, by their text (a copy of each)."""
    found: dict[str, etree._Element] = {}
    for link in tree.iter("a"):
        paragraph = next(link.iterancestors("p"), None)
        if paragraph is None:
            continue
        key = normalise_space(" ".join(paragraph.itertext()))
        if key and key not in found:
            found[key] = copy.deepcopy(paragraph)
    return found


def _relink(body: etree._Element, linked: dict[str, etree._Element]) -> None:
    """Put the page's own markup (its links) back into trafilatura's paragraphs: its text
    loses them (asking it for links changes what it reads), and the chrome pipeline tells a
    line pointing to another post ("Read also: <a>…</a>", in any language) by its links."""
    for paragraph in list(body.iter("p")):
        found = linked.get(normalise_space(" ".join(paragraph.itertext())))
        if found is None or paragraph.getparent() is None:
            continue
        page = copy.deepcopy(found)
        page.attrib.clear()
        page.tail = paragraph.tail
        paragraph.getparent().replace(paragraph, page)


def _drop_headings(body: etree._Element, headings: tuple[str | None, ...]) -> None:
    """trafilatura keeps the headline and standfirst that open the page: they are the title
    and subtitle fields, not body."""
    wanted = {_comparable(h) for h in headings if h}
    while len(body) and _comparable(" ".join(body[0].itertext())) in wanted:
        body.remove(body[0])


def _comparable(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


# -- dates --------------------------------------------------------------------------------------

# The theme's widgets that show the day of the visit (the top bar's date): never the page's.
VISIT_DATE_CLASSES = ("tdb_header_date", "td_data_time")


def htmldate_candidate(root: html.HtmlElement, url: str,
                       hidden: Sequence[html.HtmlElement] = ()) -> tuple[str | None, bool]:
    """htmldate's publication day of the page (`YYYY-MM-DD`, it reads no clock) or None, and
    whether it is a year alone: January 1st found only by its search of the page's text is how
    it writes a bare year (a copyright line, an upload folder), not a day. The `hidden`
    elements (the top bar's date of the visit) are out of its sight: taken out of the tree for
    the search and put back in place."""
    from htmldate import find_date

    places = [(node, parent, parent.index(node)) for node in hidden
              if (parent := node.getparent()) is not None]
    for node, parent, _ in places:
        parent.remove(node)  # its tail goes with it, and comes back with it
    try:
        found = find_date(root, url=url, original_date=True, extensive_search=True)
        day = found[:10] if found else None
        year_only = bool(day and day.endswith("-01-01")) and (
            find_date(root, url=url, original_date=True, extensive_search=False) or "")[:10] != day
    finally:
        for node, parent, index in reversed(places):
            parent.insert(index, node)
    return day, year_only


def _size(root: etree._Element) -> int:
    return sum(1 for _ in root.iter())


def _markup(paragraphs: list[str]) -> str:
    return "<div>" + "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs) + "</div>"
