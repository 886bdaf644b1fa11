"""Article page object: one NewsMoris article page (HTML + URL) in, fields out.

Pure: no network, no Scrapy engine. Two template generations of the tagDiv theme are read
(docs/site.md §2.3 classic `td-post-content`, §2.4 tdb Cloud `tdb_single_content`), plus a generic
fallback for a changed layout. Selectors anchor on the theme's stable block classes, never on
the per-page `tdi_NN` ids. Each field is a small method; sources are tried in documented order.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache, cached_property
from itertools import islice
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree, html
from parsel.csstranslator import css2xpath
from w3lib.url import safe_url_string

from newscrawl.extraction import fallback
from newscrawl.extraction.classify import (
    ARTICLE_VERDICTS,
    LISTING_TYPES,
    LOOSE_LISTING_CLASSES,
    POST_TITLE_CLASSES,
    Evidence,
    MainText,
    classify,
    decisive,
    static_page,
)
from newscrawl.extraction.dates import is_iso_date, names_a_month, parse_date
from newscrawl.extraction.htmlparse import parse_html
from newscrawl.extraction.simplecss import class_names
from newscrawl.extraction.text import normalise_space
from newscrawl.urls import (
    DEFAULT_ROOT,
    SITE_DOMAIN,
    is_archive_url,
    is_article_url,
    path_date,
    same_site,
    url_date,
)

SITE = SITE_DOMAIN
SITE_NAME = "NewsMoris"  # the site's name when a page gives none (`og:site_name`)
# "<headline> - <site name>": the separators a <title> puts before the site's name
TITLE_SEPARATOR = re.compile(r"\s+[-–—|:·•»]\s+")
# Hosts a translation may live on besides the site: "Read in French" points to the French
# original on Le Mauricien (docs/site.md §1.1). Translations anywhere else are dropped, counted.
TRANSLATION_HOSTS = ("https://www.lemauricien.com",)
LD_MAX_DEPTH = 8  # lists and @graphs within lists: real pages use 2
ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle"})
# Ancestors whose dates and metadata belong to other posts (modules, related, comments).
# Whole class names: WordPress also writes `category-<slug>`/`tag-<slug>` on the article itself.
FOREIGN_CLASSES = (
    "td_module_wrap", "td_block_related_posts", "td_flex_block", "tdb_single_related",
    "comment-list", "comments", "comment", "jp-relatedposts",
)
# A CSS query whose first part is a class (`.tdb_single_date time`, `ul.td-tags li a`), with
# descendant or child combinators only: evaluated under that class's elements alone
# (`ArticlePage._css`); also when a tag comes first (`article .td-post-content`, WITHIN_TAG):
# under those of its elements with such an ancestor.
CLASS_FIRST = re.compile(r"^(?:[a-zA-Z][\w-]*)?\.(-?[_a-zA-Z][\w-]*)[^,+~:]*$")
WITHIN_TAG = re.compile(r"^([a-zA-Z][\w-]*) (\S*\..*)$")
FOREIGN = "ancestor::*[{}]".format(" or ".join(
    f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')" for name in FOREIGN_CLASSES
) + " or @id='comments'")
FOREIGN_NAMES = frozenset(FOREIGN_CLASSES)
# The theme's buttons, one of which may be "Read in French" (`a.tdm-btn, a.tds-button1`).
BUTTON_CLASSES = ("tdm-btn", "tds-button1")
# The document's metadata elements (`ArticlePage._heads`), found by lxml's C tag filter.
HEAD_TAGS = ("meta", "link", "script", "title")


class Template:
    """Selectors of one template generation."""

    name = "fallback"
    body = ("[itemprop='articleBody']", "article .entry-content", ".td-post-content")
    title = ("article h1.entry-title", "article h1")
    subtitle: tuple[str, ...] = (
        ".tdb_single_subtitle p", ".td-post-sub-title", ".entry-subtitle", ".post-subtitle",
        ".article-subtitle", ".standfirst",
    )
    date_block = ("article time.entry-date",)
    # the fallback's own date blocks: any layout's header `time`, else a date-classed element
    generic_date_blocks = (
        "//article//time[@datetime]", "//main//time[@datetime]",
        "//*[@itemprop='datePublished'][@datetime]", "//time[@datetime]",
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' date ')]",
    )
    modified_block: tuple[str, ...] = ()
    authors = ("a[rel='author']",)
    categories: tuple[str, ...] = ()
    tags = ("a[rel='tag']",)
    featured_img = ("article figure img",)
    featured_caption = ("article figure figcaption",)


class Tdb(Template):
    """tdb Cloud template (Newspaper 10+, the site since Feb 2024)."""

    name = "tdb"
    body = (".tdb_single_content .tdb-block-inner",)
    title = (".tdb_title h1.tdb-title-text", "h1.tdb-title-text")
    subtitle = (".tdb_single_subtitle p", ".tdb_single_subtitle .tdb-block-inner")
    date_block = (".tdb_single_date time",)
    modified_block = (".tdb_single_modified_date time",)
    authors = (".tdb_single_author a.tdb-author-name",)
    categories = (".tdb_single_categories a.tdb-entry-category",)
    tags = (".tdb_single_tags ul.tdb-tags li a",)
    featured_img = (".tdb_single_featured_image img",)
    featured_caption = (
        ".tdb_single_featured_image figcaption",
        ".tdb_single_featured_image .tdb-caption-text",
    )


class Classic(Template):
    """Classic single template (loop-single.php, Newspaper ≤ 9 and 10–12 without Cloud)."""

    name = "classic"
    body = ("article .td-post-content", ".td-post-content.tagdiv-type")
    title = (".td-post-title h1.entry-title", "header.td-post-title h1")
    subtitle = (".td-post-title .td-post-sub-title",)
    date_block = (".td-post-header .td-post-date time", ".td-post-title .td-post-date time")
    authors = (".td-post-header .td-post-author-name a",)
    categories = (".td-post-header ul.td-category li.entry-category a", "ul.td-category li a")
    tags = ("ul.td-tags li a",)
    featured_img = (".td-post-featured-image img",)
    featured_caption = (
        ".td-post-featured-image .wp-caption-text",
        ".td-post-featured-image figcaption",
    )


TEMPLATES: tuple[type[Template], ...] = (Tdb, Classic, Template)


def _first_classes(templates: tuple[type[Template], ...]) -> tuple[str, ...]:
    """The class each class-first query of the templates starts with, each once."""
    queries = (query for template in templates for value in vars(template).values()
               if isinstance(value, tuple) for query in value if isinstance(query, str))
    return tuple(dict.fromkeys(name for q in queries if (name := _class_first(q)[1])))


def _class_first(query: str) -> tuple[str | None, str | None, str]:
    """(the tag the query starts within, the class it then starts with, the query from that
    class on) of a class-first query (CLASS_FIRST, WITHIN_TAG); the class None otherwise."""
    within = WITHIN_TAG.match(query)
    if within is not None and (first := CLASS_FIRST.match(within[2])) is not None:
        return within[1].lower(), first[1], within[2]
    match = CLASS_FIRST.match(query)
    return None, match[1] if match else None, query


QUERIED_CLASSES = frozenset(_first_classes(TEMPLATES))
# The classes the page's one walk indexes (`ArticlePage._by_class`): the templates' class-first
# queries, the blocks of other posts, the buttons.
INDEXED_CLASSES = QUERIED_CLASSES | FOREIGN_NAMES | frozenset(BUTTON_CLASSES) | frozenset(
    fallback.VISIT_DATE_CLASSES)


class ArticlePage:
    """Reads one page, parsed once from its markup (`htmlparse.parse_html`; a crawl's
    response through `from_response`). `is_article` says whether there is an article at all."""

    def __init__(self, markup: str, url: str, listed_by: frozenset[str] = frozenset(), *,
                 handed: bool = False) -> None:
        self.url = url
        self.listed_by = listed_by  # crawl sources that listed the URL (`classify.POST_SOURCES`)
        self.handed = handed  # handed in as an article (`newscrawl.extract`), not crawled
        self.sel, cut = parse_html(markup)
        self.notes: list[str] = ["deep_markup_cut"] if cut else []

    @classmethod
    def from_response(cls, response: Any, listed_by: frozenset[str] = frozenset()
                      ) -> ArticlePage:
        """The page of a Scrapy `TextResponse`, parsed once from its text as `ArticlePage(html,
        url)` parses it (`htmlparse.parse_html`: cleaned, depth-bounded, C element lookup);
        Scrapy's own `response.selector` is never built."""
        return cls(response.text, response.url, listed_by)

    @property
    def root(self) -> html.HtmlElement:
        """The page's parsed document."""
        return self.sel.root

    # -- bundles ---------------------------------------------------------------------------

    @cached_property
    def meta(self) -> dict[str, str]:
        """First value of every `<meta property|name|itemprop>` outside foreign blocks."""
        found: dict[str, str] = {}
        for node in self._heads.get("meta", ()):
            get = node.get
            key = get("property") or get("name") or get("itemprop")
            if not key or (key := key.strip()) in found:
                continue
            if node.getparent().tag != "head" and self._foreign(node):
                continue
            found[key] = get("content", "")
        return found

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        """Every JSON-LD node on the page, `@graph`s flattened; broken blocks noted and skipped."""
        nodes: list[dict[str, Any]] = []
        for script in self._heads.get("script", ()):
            raw = script.text
            if raw is None:
                continue
            try:
                data = json.loads(raw, strict=False)
            except ValueError:
                self.notes.append("json_ld_invalid")
                continue
            except RecursionError:  # nested past the interpreter's stack: hostile, not data
                self.notes.append("json_ld_too_deep")
                continue
            found, too_deep = _flatten_ld(data)
            nodes.extend(found)
            if too_deep:
                self.notes.append("json_ld_too_deep")
        return nodes

    @cached_property
    def ld_article(self) -> dict[str, Any]:
        """The JSON-LD Article node, or `{}`."""
        for node in self.json_ld:
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
                return node
        return {}

    @cached_property
    def template(self) -> type[Template]:
        """The first generation whose body container is on the page."""
        return self._template_body[0]

    @cached_property
    def _template_body(self) -> tuple[type[Template], html.HtmlElement | None]:
        """The template generation and its body container (None: the generic one found none)."""
        for template in TEMPLATES:
            node = self._first(template.body)
            if node is not None:
                return template, node
        return Template, None

    # -- classification --------------------------------------------------------------------

    @cached_property
    def body_classes(self) -> set[str]:
        body = self.root.find("body")  # where libxml2 puts it; any other place, by XPath
        value = body.get("class") if body is not None else next(iter(BODY_CLASS(self.root)), None)
        return set((value or "").split())

    @property
    def is_article(self) -> bool:
        """Whether the page is read as an article (`classify`): `article_verdict` names the
        evidence that decided, or why not."""
        return self.article_verdict in ARTICLE_VERDICTS

    @cached_property
    def evidence(self) -> Evidence:
        """What the page (and the crawl, `listed_by`) says about the page (`classify.Evidence`)."""
        ld_types = {t for node in self.json_ld for t in _ld_types(node)}
        return Evidence(
            body_classes=frozenset(self.body_classes),
            og_type=(self.meta.get("og:type") or "").strip().lower() or None,
            ld_article=bool(self.ld_article),
            ld_listing=bool(ld_types & LISTING_TYPES),
            published_meta=bool(self.meta.get("article:published_time")
                                or _ld_str(self.ld_article.get("datePublished"))
                                or self.meta.get("datePublished")),
            article_headline=self._article_headline,
            dated_url=is_article_url(self.url),
            archive_url=is_archive_url(self.url),
            # looked for only where a `home`/`blog` class is (a walk of the tree)
            wordpress=not self.body_classes & LOOSE_LISTING_CLASSES or self._wordpress,
            shows_posts="home" not in self.body_classes or self._shows_posts,
            listed_by=self.listed_by,
            handed=self.handed,
        )

    @property
    def _article_headline(self) -> bool:
        """An `<article>` holding an `<h1>` or `<h2>` (`//article[.//h1 or .//h2]`): the
        articles found by lxml's C tag filter, not by an XPath over every element."""
        return any(HEADLINE_IN(article) for article in self.root.iter("article"))

    @property
    def _shows_posts(self) -> bool:
        """Post teasers on the page: a post-title link (`td-module-title`, `entry-title`,
        `rel=bookmark`) or more than one `<article>`."""
        return bool(POST_TITLE_LINK(self.root)) or next(
            islice(self.root.iter("article"), 1, None), None) is not None

    @property
    def _wordpress(self) -> bool:
        """WordPress' markup: its generator tag, or its folders in the page's URLs."""
        generator = self.meta.get("generator") or ""
        return generator.lower().startswith("wordpress") or bool(WORDPRESS_MARKERS(self.root))

    @cached_property
    def article_verdict(self) -> str:
        """The evidence that makes the page an article, or why it is none (`classify`)."""
        text = MainText(
            has_body=lambda: self._has_body,
            chars=lambda: self.reading.chars if self.reading is not None else len(
                fallback.readable_text(self._template_body[1])),
            prose=lambda: self.reading.prose if self.reading is not None else 1.0,
            titled=lambda: bool(self.title))
        verdict = classify(self.evidence, text)
        if verdict == "content":
            self.notes.append("article_by_content")
        if self.handed and verdict in ARTICLE_VERDICTS and static_page(self.evidence, text):
            self.notes.append("static_page")  # a crawl would have kept it out (`wp_page`)
        return verdict

    # -- fields ----------------------------------------------------------------------------

    @cached_property
    def canonical_url(self) -> str:
        """`<link rel=canonical>`, else `og:url`, when on the site; else the fetched URL (a page
        may not claim another host's identity)."""
        hrefs = [self._link_href("canonical"), self.meta.get("og:url")]
        for href in filter(None, (h.strip() if h else None for h in hrefs)):
            url = as_uri(self.url, href)
            if self._on_site(url):
                return url
            self.notes.append("offsite_canonical")
        return as_uri(self.url, "")

    def _on_site(self, url: str) -> bool:
        """On the host the page was fetched from, or on the real site (a mirror's pages)."""
        return url.startswith(("http://", "https://")) and (
            same_site(url, self.url) or same_site(url, DEFAULT_ROOT))

    @property
    def post_id(self) -> int | None:
        for cls in self.body_classes:
            if cls.startswith("postid-") and cls[7:].isdigit():
                return int(cls[7:])
        candidates = [
            next(iter(_select(self.root, "#tdb-autoload-article::attr("
                                         "data-autoload-org-post-id)")), None),
            next((m[1] for value in ARTICLE_IDS(self.root) if (m := POST_ID.match(value))),
                 None),
            _shortlink_id(self._link_href("shortlink")),
        ]
        return next((int(c) for c in candidates if c and c.isdigit()), None)

    @property
    def title(self) -> str | None:
        text = self._text(self.template.title)
        if not text:
            self.notes.append("title_fallback")
            text = normalise_space(
                self.meta.get("og:title") or self.ld_article.get("headline") or self._page_title()
            )
        return self._without_site_name(text) or None

    @cached_property
    def site_name(self) -> str:
        """The site's name: `og:site_name`, else NewsMoris."""
        return normalise_space(self.meta.get("og:site_name")) or SITE_NAME

    @property
    def site(self) -> str:
        """The site's domain: newsmoris.com for NewsMoris and its mirrors (its own name or
        canonical URL), else the canonical URL's host without `www.`."""
        url = self.canonical_url
        if self.meta.get("og:site_name", "").strip() == SITE_NAME or same_site(url, DEFAULT_ROOT):
            return SITE
        return (urlsplit(url).hostname or SITE).removeprefix("www.")

    def _without_site_name(self, title: str) -> str:
        """`title` without the site's name after a separator, as the page's own <title> and
        `og:site_name` write it (`… - TACH! - Lokalnachrichten`, `… | The Software Report`):
        the name is `og:site_name` (or NewsMoris), or a last part that spells the host."""
        for name in dict.fromkeys((self.site_name, SITE_NAME)):
            if title.endswith(name):
                head = title[: -len(name)]
                cut = TITLE_SEPARATOR.search(head + " ")
                if cut is not None and cut.end() == len(head) + 1 and cut.start() > 0:
                    return head[: cut.start()]
        parts = TITLE_SEPARATOR.split(title)
        host = (urlsplit(self.canonical_url).hostname or "").removeprefix("www.")
        if len(parts) > 1 and host and _spells(parts[-1], host.rsplit(".", 1)[0]):
            return title[: title.rfind(parts[-1])].rstrip(" -–—|:·•»")
        return title

    @property
    def subtitle(self) -> str | None:
        return self._text(self.template.subtitle) or None

    @cached_property
    def body_element(self) -> html.HtmlElement | None:
        """The template's article container in the page's tree, when it holds the article
        (else the fallback reads it: `body_html`); chrome is stripped by a pipeline."""
        if self.reading is not None:
            return None
        return self._template_body[1]

    @property
    def body_html(self) -> str | None:
        """The article container's markup as served, or the fallback's reading."""
        if self.reading is not None:
            return self.reading.body_html
        node = self._template_body[1]
        return html.tostring(node, encoding="unicode", with_tail=False) if node is not None \
            else None

    @property
    def _has_body(self) -> bool:
        """`body_html is not None`, without serialising the container."""
        return self.reading is not None or self.body_element is not None

    @cached_property
    def reading(self) -> fallback.Reading | None:
        """The fallback's reading when no template container holds the article (see
        `extraction/fallback.py`); None when a template reads the page."""
        container = self._template_body[1]
        if self.template is not Template:
            if fallback.holds_text(container, fallback.MIN_TEMPLATE_CHARS):
                return None
            chars = len(fallback.readable_text(container))
            found = fallback.read(self.root, self.url, self.ld_article,
                                  (self.title, self.subtitle), None, self.notes)
            return found if found is not None and found.chars > chars else None
        return fallback.read(self.root, self.url, self.ld_article,
                             (self.title, self.subtitle), container, self.notes,
                             posts=self._post_containers,
                             summaries=fallback.summaries(self.ld_article, self.meta))

    def _post_containers(self) -> list[html.HtmlElement]:
        """The elements that may be the post's own (`<article>`, WordPress' `post`, `hentry`,
        `type-post` classes) on a page whose evidence says article (`classify`)."""
        return self.root.xpath(POST_CONTAINERS) if decisive(self.evidence) else []

    @property
    def authors(self) -> list[str]:
        names = self._texts(self.template.authors)
        if not names:
            names = _ld_names(self.ld_article.get("author"), self.json_ld)
        if not names and self.meta.get("author"):
            names = [normalise_space(self.meta["author"])]
        return _unique(names)

    @property
    def categories(self) -> list[str]:
        names = self._texts(self.template.categories)
        if not names:
            section = self.ld_article.get("articleSection") or self.meta.get("article:section")
            names = section.split(",") if isinstance(section, str) else list(section or [])
        return _unique(normalise_space(n) for n in names if n)

    @property
    def tags(self) -> list[str]:
        return _unique(self._texts(self.template.tags))

    @property
    def language(self) -> str:
        lang = next(iter(HTML_LANG(self.root)), None) or self.meta.get("og:locale") or "en"
        return re.split(r"[-_]", lang.strip().lower())[0][:2] or "en"

    @property
    def image(self) -> dict[str, str | None] | None:
        src = self.meta.get("og:image") or self._featured_src()
        if not src:
            return None
        caption = self._text(self.template.featured_caption) or None
        return {"url": as_uri(self.url, src.strip()), "caption": caption}

    @property
    def translations(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for link in self._heads.get("link", ()):
            if link.get("rel") != "alternate" or link.get("hreflang") is None:
                continue
            lang = link.attrib["hreflang"].lower().split("-")[0]
            href = link.attrib.get("href", "").strip()
            if href and lang not in {"x", self.language} and lang != "x-default":
                self._add_translation(found, lang, as_uri(self.url, href))
        french = self._read_in_french()
        if french and self.language != "fr":
            self._add_translation(found, "fr", french)
        return found

    def _add_translation(self, found: dict[str, str], lang: str, url: str) -> None:
        if not (self._on_site(url) or any(same_site(url, h) for h in TRANSLATION_HOSTS)):
            self.notes.append("offsite_translation")
        else:
            found.setdefault(lang, url)

    def _featured_src(self) -> str | None:
        """The featured image's real URL, past lazy-loading placeholders (`data:` URIs)."""
        node = self._first(self.template.featured_img)
        if node is None:
            return None
        attrib = node.attrib
        for name in ("src", "data-lazy-src", "data-src", "data-lazy-srcset", "data-srcset",
                     "srcset"):
            value = (attrib.get(name) or "").strip().split(" ")[0]
            if value and not value.startswith("data:"):
                return value
        return None

    def _read_in_french(self) -> str | None:
        for link in self._classed(BUTTON_CLASSES, tag="a"):
            if _text_of(link).lower() == "read in french":
                href = as_uri(self.url, (link.attrib.get("href") or "").strip())
                return href if urlsplit(href).path.strip("/") else None
        return None

    # -- dates: raw candidates in source order (normalised by the dates pipeline) ----------

    @property
    def published_candidates(self) -> list[dict[str, str | None]]:
        stamp, text = self._time_block(self.template.date_block)
        if self.template is Template and not (stamp or text):
            stamp, text = self._generic_date_block()
        candidates = [
            ("json-ld", _ld_str(self.ld_article.get("datePublished")), None),
            ("opengraph", self.meta.get("article:published_time"), None),
            ("time", stamp, text),
            ("microdata", self.meta.get("datePublished"), None),
            ("text", text, None),
        ]
        dated = (url_date(self.canonical_url) or url_date(self.url)
                 or path_date(self.canonical_url) or path_date(self.url))
        year = None  # htmldate's year alone, when that is all it finds
        if self.reading is not None:
            # htmldate's search for the original date: without a machine date, before a date
            # block's text unless they agree on the day (the text then keeps the time of day
            # it has); with one, the last resort should the pipeline reject them all. A date
            # without its year (`Dec 23`, read in the fetch's year) is no machine date, nor is
            # one not in ISO 8601 (a display string in a machine slot) that htmldate's day
            # contradicts, nor a JSON-LD date days before `article:published_time` when
            # htmldate finds the latter's day (a draft's date), nor, on a page without
            # machine slots, a date block days away from the dated URL's when htmldate
            # finds that day too (the block is a comment's, an update's, a related post's):
            # they come after htmldate's.
            found, year_only = fallback.htmldate_candidate(self.sel.root, self.url, [
                node for name in fallback.VISIT_DATE_CLASSES for node in self._by_class.get(
                    name, ())])
            if year_only:  # a year, not a day: after every other candidate, the URL's too
                year, found = found, None
            guessed = [row for row in candidates if found and row[1] and (
                _yearless(row[1]) or _display_date(row, found)
                or _drafted(row, self.meta.get("article:published_time"), found))]
            if found and dated and dated.replace("/", "-") == found and not any(
                    raw for source, raw, _ in candidates if source in MACHINE_SLOTS):
                guessed += [row for row in candidates if row[0] in {"time", "text"}
                            and row[1] and row not in guessed and _off_day(row[1], found)]
            candidates = [row for row in candidates if row not in guessed]
            shown = parse_date(text) if text and not _yearless(text) else None
            if found and not any(raw for source, raw, _ in candidates if source != "text") \
                    and not (shown and shown.date().isoformat() == found):
                before_text = next((i for i, row in enumerate(candidates) if row[0] == "text"),
                                   len(candidates))
                candidates.insert(before_text, ("htmldate", found, None))
            else:
                candidates.append(("htmldate", found, None))
            candidates += guessed
        candidates.append(("url", dated, None))
        candidates.append(("htmldate_year", year, None))
        return _candidates(candidates)

    @property
    def modified_candidates(self) -> list[dict[str, str | None]]:
        stamp, text = self._time_block(self.template.modified_block)
        candidates = [
            ("json-ld", _ld_str(self.ld_article.get("dateModified")), None),
            ("opengraph", self.meta.get("article:modified_time"), None),
            ("time", stamp, text),
            ("microdata", self.meta.get("dateModified"), None),
        ]
        return _candidates(candidates)

    # -- the raw item ----------------------------------------------------------------------

    def to_item(self, fetched_at: str) -> dict[str, Any]:
        """Every field read from the page; dates and body are finished by the pipelines."""
        item = {
            "url": self.canonical_url,
            "post_id": self.post_id,
            "site": self.site,
            "title": self.title,
            "subtitle": self.subtitle,
            "body_element": self.body_element,  # the template's container, read in place
            "body_html": self.reading.body_html if self.reading is not None else None,
            "authors": self.authors,
            "language": self.language,
            "categories": self.categories,
            "tags": self.tags,
            "image": self.image,
            "translations": self.translations,
            "published_candidates": self.published_candidates,
            "modified_candidates": self.modified_candidates,
            "fetched_at": fetched_at,
            "extraction": {"template": self.template.name},
        }
        if self.reading is not None:
            item["extraction"] = {"template": Template.name, "fallback": self.reading.path}
            self.notes.append(f"fallback/{self.reading.path}")
        item["extraction"]["classified_by"] = self.article_verdict
        if self.template is Template or self.reading is not None:
            self.notes.append("fallback_template")
        item["notes"] = sorted(set(self.notes))
        return item

    # -- helpers ---------------------------------------------------------------------------

    @cached_property
    def _walk(self) -> tuple[dict[str, list[html.HtmlElement]], dict[html.HtmlElement, int]]:
        """One walk of the tree: the elements of each `INDEXED_CLASSES` name in document order,
        and the walk position of each (a class query over the whole tree costs a fifth of the
        parse; the page asks a dozen). Class names are split as XPath's normalize-space()."""
        index: dict[str, list[html.HtmlElement]] = {}
        position: dict[html.HtmlElement, int] = {}
        known = _INDEXED_NAMES.get
        for element in self.root.iter(etree.Element):
            value = element.get("class")
            if not value:
                continue
            names = known(value)
            if names is None:
                names = _indexed_names(value)
            if not names:
                continue
            position[element] = len(position)
            for name in names:
                index.setdefault(name, []).append(element)
        return index, position

    @property
    def _by_class(self) -> dict[str, list[html.HtmlElement]]:
        return self._walk[0]

    def _classed(self, names: tuple[str, ...], tag: str) -> list[html.HtmlElement]:
        """The `tag` elements with any of the indexed class `names`, in document order."""
        found = {e for name in names for e in self._by_class.get(name, ()) if e.tag == tag}
        return sorted(found, key=self._walk[1].__getitem__)

    @cached_property
    def _heads(self) -> dict[str, list[html.HtmlElement]]:
        """`<meta>`, `<link rel>`, JSON-LD `<script>` and `<title>` elements by tag, in
        document order (one walk filtered in C)."""
        found: dict[str, list[html.HtmlElement]] = {}
        for node in self.root.iter(*HEAD_TAGS):
            tag = node.tag
            if (tag == "link" and node.get("rel") is None) or (
                    tag == "script" and node.get("type") != "application/ld+json"):
                continue
            found.setdefault(tag, []).append(node)
        return found

    def _link_href(self, rel: str) -> str | None:
        """The first `href` of the `<link>`s of exactly that `rel` (`link[rel=…]::attr(href)`)."""
        for link in self._heads.get("link", ()):
            if link.get("rel") == rel and (href := link.get("href")) is not None:
                return href
        return None

    @cached_property
    def _foreign_blocks(self) -> frozenset[html.HtmlElement]:
        return frozenset(e for name in FOREIGN_NAMES for e in self._by_class.get(name, ()))

    def _foreign(self, element: html.HtmlElement) -> bool:
        """Inside a block of other posts (a whole class name of FOREIGN) or the comments."""
        blocks = self._foreign_blocks
        return any(up in blocks or up.get("id") == "comments" for up in element.iterancestors())

    def _css(self, query: str) -> list[html.HtmlElement]:
        """The nodes of `self.sel.css(query)`, in the same order. A query starting with a
        class is evaluated under that class's elements only (`_by_class`), those inside the
        tag it starts within, if any."""
        plan = _plan(query)
        if plan is None:  # not class-first, or a class no template queries
            return _select(self.root, query)
        within, name, xpath = plan
        found, seen = [], set()
        for element in self._by_class.get(name, ()):
            if within is not None and next(element.iterancestors(within), None) is None:
                continue
            # an element of the class inside another one adds nothing new (but with `>`):
            # its matches are among the outer one's, which came first in document order
            for node in xpath(element):
                if node not in seen:
                    seen.add(node)
                    found.append(node)
        return found

    def _first(self, queries: tuple[str, ...]) -> html.HtmlElement | None:
        for query in queries:
            found = self._css(query)
            if found:
                return found[0]
        return None

    def _text(self, queries: tuple[str, ...]) -> str:
        node = self._first(queries)
        return _text_of(node) if node is not None else ""

    def _texts(self, queries: tuple[str, ...]) -> list[str]:
        for query in queries:
            texts = [_text_of(n) for n in self._css(query)]
            if any(texts):
                return [t for t in texts if t]
        return []

    def _time_block(self, queries: tuple[str, ...]) -> tuple[str | None, str | None]:
        """(`datetime` attribute, visible text) of a date block's `<time>`."""
        node = self._first(queries)
        if node is None:
            return None, None
        return node.get("datetime"), _text_of(node) or None

    def _generic_date_block(self) -> tuple[str | None, str | None]:
        """(`datetime`, visible text) of the first date block outside related modules/comments."""
        for query in Template.generic_date_blocks:
            node = next(iter(self.sel.xpath(f"{query}[not({FOREIGN})]")), None)
            if node is not None:
                text = normalise_space(" ".join(node.css("::text").getall()))
                return node.attrib.get("datetime"), text or None
        return None, None

    def _page_title(self) -> str:
        return next((t.text for t in self._heads.get("title", ()) if t.text is not None), "")


def as_uri(base: str, href: str) -> str:
    """`href` resolved against `base`, as a URI: an IRI's non-ASCII characters, spaces and
    quotes percent-encoded, its host in IDNA (w3lib's `safe_url_string`)."""
    url = urljoin(base, href) if href else base
    return url if URI_SAFE.fullmatch(url) else safe_url_string(url)


# Every character a URI may hold as is, and `%` only before two hex digits: such a URL is
# already a URI (w3lib's IDNA encoding of the host would cost more than the page's links).
URI_SAFE = re.compile(r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")


@cache
def _plan(query: str) -> tuple[str | None, str, etree.XPath] | None:
    """(tag to be within, class, XPath from an element of the class) of an indexed class-first
    query; None for any other."""
    within, name, rest = _class_first(query)
    if name is None or name not in INDEXED_CLASSES:
        return None
    return within, name, _compiled_under(rest)


@cache
def _compiled_under(query: str) -> etree.XPath:
    """A class-first CSS query as an XPath compiled once, evaluated from an element of that
    class: its leading `descendant-or-self::` step as `self::` (the element's nested ones of
    the class are evaluated in their turn), which saves a scan of the element's whole subtree
    for the class. Not for a child combinator (`.a > p`): there a nested element's matches
    would come out of document order."""
    xpath = css2xpath(query)
    return etree.XPath(xpath if ">" in query else SELF_START.sub("self::", xpath))


SELF_START = re.compile(r"^descendant-or-self::")


def _select(root: etree._Element, query: str) -> list[Any]:
    """`Selector.css(query)`'s nodes from the document's root, without wrapping each in a
    Selector."""
    return _compiled_from_root(query)(root)


@cache
def _compiled_from_root(query: str) -> etree.XPath:
    """A CSS query as an XPath for the document's root element: each leading `descendant-or-self::`
    as `//`, the same nodes there (the root's descendants or itself), which libxml2 finds two
    to four times faster."""
    return etree.XPath(DOC_START.sub(r"\1//", css2xpath(query)))


DOC_START = re.compile(r"(^|\| )descendant-or-self::")
TEXT_NODES = etree.XPath("descendant-or-self::text()", smart_strings=False)  # parsel's ::text
HTML_LANG = etree.XPath("/html/@lang", smart_strings=False)
BODY_CLASS = etree.XPath("//body/@class", smart_strings=False)
WORDPRESS_MARKERS = etree.XPath(
    "(//link[contains(@href, '/wp-json/') or contains(@href, '/wp-content/') or contains(@href,"
    " '/wp-includes/')] | //script[contains(@src, '/wp-content/') or contains(@src,"
    " '/wp-includes/')] | //img[contains(@src, '/wp-content/')])[1]")
POST_TITLE_LINK = etree.XPath("boolean(//*[" + " or ".join(
    f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
    for name in POST_TITLE_CLASSES) + "]//a[@href] | //a[@rel='bookmark'])")
HEADLINE_IN = etree.XPath("boolean(descendant::h1 or descendant::h2)")
ARTICLE_IDS = etree.XPath("//article[starts-with(@id,'post-')]/@id", smart_strings=False)
POST_ID = re.compile(r"^post-(\d+)$")


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _spells(name: str, host: str) -> bool:
    """A name that spells the host's name, give or take an article (`The Harbour Post`,
    harbourpost.example)."""
    a, b = _letters(name), _letters(host)
    return len(b) >= 4 and (a == b or (abs(len(a) - len(b)) <= 3 and (a in b or b in a)))


def _text_of(node: etree._Element) -> str:
    """The text of every text node under `node`, space-joined and normalised (parsel's
    `" ".join(node.css("::text").getall())`)."""
    return normalise_space(" ".join(TEXT_NODES(node)))


# class attribute → the indexed names in it: a site repeats a few hundred class strings
_INDEXED_NAMES: dict[str, tuple[str, ...]] = {}
_INDEXED_NAMES_MAX = 20_000


def _indexed_names(value: str) -> tuple[str, ...]:
    """The `INDEXED_CLASSES` names of a class attribute, split as XPath splits it (memoised)."""
    if len(_INDEXED_NAMES) >= _INDEXED_NAMES_MAX:
        _INDEXED_NAMES.clear()
    found = _INDEXED_NAMES[value] = tuple(n for n in class_names(value) if n in INDEXED_CLASSES)
    return found


def _flatten_ld(data: Any) -> tuple[list[dict[str, Any]], bool]:
    """The nodes of a JSON-LD document in order (lists and `@graph`s flattened, no deeper
    than `LD_MAX_DEPTH`), and whether anything deeper was left out."""
    nodes: list[dict[str, Any]] = []
    too_deep = False
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        graph = value.get("@graph") if isinstance(value, dict) else None
        if isinstance(graph, list):
            value = graph
        if isinstance(value, dict):
            nodes.append(value)
        elif isinstance(value, list):
            if depth >= LD_MAX_DEPTH:
                too_deep = True
                continue
            stack.extend((item, depth + 1) for item in reversed(value))
    return nodes, too_deep


def _ld_types(node: dict[str, Any]) -> list[str]:
    types = node.get("@type")
    return [t for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)]


def _ld_str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _ld_names(author: Any, graph: list[dict[str, Any]]) -> list[str]:
    """Author names from a JSON-LD `author` (object, list, or `@id` reference into the graph)."""
    people = author if isinstance(author, list) else [author]
    by_id = {node.get("@id"): node for node in graph if isinstance(node, dict)}
    names = []
    for person in people:
        if isinstance(person, dict):
            name = person.get("name") or by_id.get(person.get("@id"), {}).get("name")
        else:
            name = person
        if isinstance(name, str) and name.strip():
            names.append(normalise_space(name))
    return names


def _shortlink_id(href: str | None) -> str | None:
    return parse_qs(urlsplit(href).query).get("p", [None])[0] if href else None


def _candidates(rows: list[tuple[str, str | None, str | None]]) -> list[dict[str, str | None]]:
    return [
        {"source": source, "raw": raw.strip(), "text": text}
        for source, raw, text in rows
        if raw and raw.strip()
    ]


POST_CONTAINERS = "//article | " + " | ".join(
    f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    for name in ("post", "hentry", "type-post"))
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
# Days between a JSON-LD `datePublished` and a later `article:published_time` past which the
# first is a draft's date (a day or less is the same instant written in another zone).
DRAFT_DAYS = 2
# The machine slots of a publication date (the date block's `time` is the page's layout's).
MACHINE_SLOTS = frozenset({"json-ld", "opengraph", "microdata"})


def _display_date(row: tuple[str, str | None, str | None], day: str) -> bool:
    """Whether a machine slot's date is not ISO 8601 and falls on another day than `day`."""
    source, raw, _ = row
    if source == "text" or not raw or is_iso_date(raw):
        return False
    parsed = parse_date(raw)
    return parsed is None or parsed.date().isoformat() != day


def _drafted(row: tuple[str, str | None, str | None], published: str | None, day: str
             ) -> bool:
    """Whether a JSON-LD `datePublished` falls two days or more before the page's
    `article:published_time` (`published`), whose day is htmldate's `day` too: a schema
    plugin's date of the post's creation or first draft, not of its publication."""
    source, raw, _ = row
    if source != "json-ld" or not raw or not published:
        return False
    drafted, stated = _written_day(raw), _written_day(published)
    if drafted is None or stated is None or stated.isoformat() != day:
        return False
    return (stated - drafted).days >= DRAFT_DAYS


def _off_day(raw: str, day: str) -> bool:
    """Whether a date falls more than a day away from `day` (as written, so a UTC stamp of
    the local day's evening is not; unread: no)."""
    written = _written_day(raw)
    return written is not None and abs((written - date.fromisoformat(day)).days) > 1


def _written_day(raw: str) -> date | None:
    """The calendar day a date string writes (in its own offset, as htmldate reads it)."""
    try:
        return datetime.fromisoformat(raw.strip()).date()
    except ValueError:
        parsed = parse_date(raw)
        return parsed.date() if parsed is not None else None


def _yearless(raw: str) -> bool:
    """Whether a date names its month in words but no year (`Dec 23`, `23 mars`)."""
    return _YEAR.search(raw) is None and any(
        names_a_month(word) for word in re.findall(r"[^\W\d_]{3,}\.?", raw))


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
