"""Listing pages: home, category/author (tdb archives), tag (classic archive), /latest-news/."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from blocks import (
    ad_box,
    classic_block,
    classic_module,
    flex_block,
    flex_module,
    page_nav,
    page_url,
)
from layout import HTML_LANG, SITE_NAME, TAGLINE, PageSpec
from markup import esc, join
from model import ROOT, Post, Site, Term
from seo import simple_head

PER_PAGE = 10
HOME_ID = 2
LATEST_NEWS_ID = 41


@dataclass(frozen=True)
class Listing:
    """One page of a paginated loop."""

    base: str  # URL of page 1, with its trailing slash
    number: int
    total: int
    posts: list[Post]

    @property
    def url(self) -> str:
        return page_url(self.base, self.number)

    @property
    def paged_class(self) -> str:
        return f" paged paged-{self.number}" if self.number > 1 else ""

    def title(self, name: str) -> str:
        page = f" - Page {self.number} of {self.total}" if self.number > 1 else ""
        return f"{name}{page} - {SITE_NAME}"

    def head(self, name: str, lang: str = "en") -> list[str]:
        lines = simple_head(self.title(name), self.url, lang=lang, graph=[{
            "@type": "CollectionPage", "@id": self.url, "url": self.url, "name": self.title(name),
            "isPartOf": {"@id": f"{ROOT}/#website"}, "inLanguage": HTML_LANG[lang],
        }])
        if self.number > 1:
            lines.append(f'    <link rel="prev" href="{page_url(self.base, self.number - 1)}" />')
        if self.number < self.total:
            lines.append(f'    <link rel="next" href="{page_url(self.base, self.number + 1)}" />')
        return lines


def paginate(base: str, posts: list[Post]) -> Iterator[Listing]:
    total = max(1, -(-len(posts) // PER_PAGE))
    for number in range(1, total + 1):
        chunk = posts[(number - 1) * PER_PAGE : number * PER_PAGE]
        yield Listing(base, number, total, chunk)


def term_id(term: Term) -> int:
    return zlib.crc32(f"{term.kind}:{term.slug}".encode()) % 900 + 100


def _row(main: list[str], side: list[str]) -> str:
    return join([
        '<div id="tdi_#" class="tdc-row"><div class="vc_row tdi_# wpb_row td-pb-row">',
        '<div class="vc_column tdi_# wpb_column vc_column_container tdc-column td-pb-span8">'
        '<div class="wpb_wrapper">', *main, "</div></div>",
        '<div class="vc_column tdi_# wpb_column vc_column_container tdc-column td-pb-span4">'
        '<div class="wpb_wrapper">', *side, "</div></div>",
        "</div></div>",
    ])


def _tdb_loop(listing: Listing, lang: str) -> str:
    modules = [flex_module(post, "tdb_module_loop") for post in listing.posts]
    if len(modules) > 5:
        modules.insert(5, '<div class="tdb_module_loop td_module_wrap tdb_module_rec">'
                          '<div class="td-a-ad id_ad_loop"><span class="td-adspot-title">'
                          f'{"- Publicité -" if lang == "fr" else "- Advertisement -"}</span></div>'
                          "</div>")
    if not modules:
        modules = ['<div class="no-results td-pb-padding-side"><h2>No results</h2></div>']
    return join([
        '<div class="td_block_wrap tdb_loop tdi_# tdb-numbered-pagination td_with_ajax_pagination '
        'td-pb-border-top td_block_template_1 tdb-category-loop-posts" data-td-block-uid="tdi_=">',
        f'<div id=tdi_= class="td_block_inner tdb-block-inner td-fix-index">{join(modules)}</div>',
        page_nav(listing.base, listing.number, listing.total),
        "</div>",
    ])


def _tdb_title(name: str, listing: Listing) -> str:
    page = (f'<span class="tdb-title-page"> - Page {listing.number}</span>'
            if listing.number > 1 else "")
    return (
        '<div class="td_block_wrap tdb_title tdi_# tdb-category-title td-pb-border-top '
        'td_block_template_1" data-td-block-uid="tdi_=">\n<div class="tdb-block-inner '
        f'td-fix-index"><h1 class="tdb-title-text">{esc(name)}{page}</h1><div></div>'
        '<div class="tdb-title-line"></div></div></div>'
    )


def tdb_archive(site: Site, term: Term, listing: Listing) -> PageSpec:
    """Category and author archives (tdb_view_category / tdb_view_author)."""
    sidebar = [ad_box(term.lang), flex_block("Latest Articles", site.in_lang(term.lang)[:5])]
    main = join([
        '<div class="td-main-content-wrap td-container-wrap"><div class="tdc-content-wrap">',
        _row([_tdb_title(term.name, listing), _tdb_loop(listing, term.lang)], sidebar),
        "</div></div>",
    ])
    kind_class = f"{term.kind} {term.kind}-{term.slug} {term.kind}-{term_id(term)}"
    name = f"{term.name} Archives" if term.kind == "category" else f"{term.name}, Author at"
    return PageSpec(
        title=listing.title(name), canonical=listing.url, main=main, lang=term.lang,
        body_class=f"archive {kind_class}{listing.paged_class} td-standard-pack tdb-template "
                   "global-block-template-1 td-full-layout",
        head=listing.head(name, term.lang),
    )


def _classic_loop(listing: Listing) -> str:
    return join([
        join([classic_module(post, 10) for post in listing.posts]),
        page_nav(listing.base, listing.number, listing.total, tdb=False),
    ])


def _classic_sidebar(site: Site, lang: str) -> str:
    return join([ad_box(lang), classic_block("Latest Articles", site.in_lang(lang)[:5])])


def _classic_main(title: str, crumbs: str, loop: str, sidebar: str) -> str:
    return join([
        '<div class="td-category-header td-container-wrap"><div class="td-container">',
        f'<div class="td-pb-row"><div class="td-pb-span12"><div class="td-crumb-container">'
        f'<div class="entry-crumbs">{crumbs}</div></div>',
        f'<h1 class="entry-title td-page-title">{esc(title)}</h1></div></div>',
        "</div></div>",
        '<div class="td-main-content-wrap td-container-wrap"><div class="td-container">',
        '<div class="td-pb-row"><div class="td-pb-span8 td-main-content">'
        f'<div class="td-ss-main-content">{loop}</div></div>',
        f'<div class="td-pb-span4 td-main-sidebar"><div class="td-ss-main-sidebar">{sidebar}'
        "</div></div>",
        "</div></div></div>",
    ])


def tag_archive(site: Site, term: Term, listing: Listing) -> PageSpec:
    """Tag archives keep the classic category template (td_module_10 list, classic page-nav)."""
    crumbs = ('<span><a title="" class="entry-crumb" href="https://newsmoris.com/">Home</a></span> '
              '<i class="td-icon-right td-bread-sep td-bred-no-url-last"></i> '
              '<span class="td-bred-no-url-last">Tags</span> <i class="td-icon-right td-bread-sep '
              'td-bred-no-url-last"></i> '
              f'<span class="td-bred-no-url-last">{esc(term.name)}</span>')
    sidebar = _classic_sidebar(site, term.lang)
    main = _classic_main(term.name, crumbs, _classic_loop(listing), sidebar)
    name = f"{term.name} Archives"
    return PageSpec(
        title=listing.title(name), canonical=listing.url, main=main, lang=term.lang,
        body_class=f"archive tag tag-{term.slug} tag-{term_id(term)}{listing.paged_class} "
                   "td-standard-pack global-block-template-1 td-full-layout",
        head=listing.head(name, term.lang),
    )


def latest_news(site: Site, listing: Listing) -> PageSpec:
    """/latest-news/: a WordPress Page whose template runs a paginated loop."""
    crumbs = ('<span><a title="" class="entry-crumb" href="https://newsmoris.com/">Home</a></span> '
              '<i class="td-icon-right td-bread-sep td-bred-no-url-last"></i> '
              '<span class="td-bred-no-url-last">Latest News</span>')
    sidebar = _classic_sidebar(site, "en")
    main = _classic_main("Latest News", crumbs, _classic_loop(listing), sidebar)
    return PageSpec(
        title=listing.title("Latest News"), canonical=listing.url, main=main,
        body_class="page-template page-template-page-pagebuilder-latest "
                   f"page-template-page-pagebuilder-latest-php page page-id-{LATEST_NEWS_ID}"
                   f"{listing.paged_class} td-standard-pack global-block-template-1 td-full-layout",
        head=listing.head("Latest News"),
    )


def _big_grid(posts: list[Post]) -> str:
    modules = join([flex_module(post, "td_module_flex td_module_flex_4") for post in posts])
    return join([
        '<div class="td_block_wrap td_block_big_grid_flex_1 tdi_# td-grid-style-1 td-hover-1 '
        'td-big-grids-flex td-pb-border-top td_block_template_1 td-big-grid-flex" '
        'data-td-block-uid="tdi_=">',
        f'<div id=tdi_= class="td_block_inner"><div class="td-big-grid-flex-posts">{modules}</div>'
        "</div>",
        "</div>",
    ])


def home(site: Site, listing: Listing) -> PageSpec:
    """The page-builder home: featured blocks on page 1, then the paginated "Latest Articles"."""
    featured: list[str] = []
    if listing.number == 1:
        english = site.in_lang("en")
        featured = [_big_grid(english[:4]),
                    flex_block("News", site.latest(None, 4, "news")),
                    flex_block("World", site.latest(None, 4, "world"))]
    nav = page_nav(listing.base, listing.number, listing.total)
    latest = flex_block("Latest Articles", listing.posts, nav=nav)
    main = join([
        '<div class="td-main-content-wrap td-container-wrap"><div class="tdc-content-wrap">',
        '<div id="tdi_#" class="tdc-zone"><div class="tdc_zone tdi_# wpb_row td-pb-row">',
        _row([*featured, latest], [ad_box("en")]),
        "</div></div></div></div>",
    ])
    title = listing.title(SITE_NAME).removesuffix(f" - {SITE_NAME}") + f" - {TAGLINE}"
    return PageSpec(
        title=title, canonical=listing.url, main=main,
        body_class=f"home page-template-default page page-id-{HOME_ID}{listing.paged_class} "
                   "td-standard-pack tdb-template global-block-template-1 td-full-layout",
        head=listing.head(SITE_NAME),
    )
