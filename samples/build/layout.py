"""The page shell: common `<head>` lines, header chrome (rendered once per wrap), footer."""

from __future__ import annotations

from dataclasses import dataclass, field

import dates
from markup import esc, join, number_uids, title_html, tpl
from model import LEMAURICIEN, ROOT

SITE_NAME = "NewsMoris"
TAGLINE = "Latest Mauritius News in English"
MENU = (
    ("Home", f"{ROOT}/"),
    ("News", f"{ROOT}/category/news/"),
    ("Politics", f"{ROOT}/category/politics/"),
    ("Economy", f"{ROOT}/category/economy/"),
    ("World", f"{ROOT}/category/world/"),
    ("Latest News", f"{ROOT}/latest-news/"),
    ("About Us", f"{ROOT}/about-us/"),
    ("Contact", f"{ROOT}/contact/"),
)
HTML_LANG = {"en": "en-US", "fr": "fr-FR"}
OG_LOCALE = {"en": "en_US", "fr": "fr_FR"}
AD_TITLE = {"en": "- Advertisement -", "fr": "- Publicité -"}


@dataclass
class PageSpec:
    """Everything a page needs besides its main content."""

    title: str
    canonical: str
    main: str
    body_class: str
    generation: str = "tdb"  # "tdb" or "classic": header and footer markup
    lang: str = "en"
    head: list[str] = field(default_factory=list)
    french_href: str = LEMAURICIEN
    footer_extra: str = ""
    robots: str = "index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1"


def _menu(generation: str) -> str:
    if generation == "classic":
        item = '<li class="menu-item menu-item-type-custom menu-item-object-custom">'
        return "".join(f'{item}<a href="{url}">{label}</a></li>' for label, url in MENU)
    item = (
        '<li class="menu-item menu-item-type-custom menu-item-object-custom '
        'tdb-menu-item-button tdb-menu-item tdb-normal-menu">'
    )
    return "".join(
        f'{item}<a href="{url}"><div class="tdb-menu-item-text">{label}</div></a></li>'
        for label, url in MENU
    )


def header(spec: PageSpec) -> str:
    """The header template, once per wrap: mobile, desktop and (tdb) a hidden sticky copy."""
    values = {"header_date": dates.header_date(dates.CAPTURED, spec.lang),
              "french_href": esc(spec.french_href)}
    if spec.generation == "classic":
        return join([
            tpl("header_classic.html", wrap_class="td-header-mobile-wrap ", menu_key="mobile",
                menu=_menu("classic"), **values),
            tpl("header_classic.html", wrap_class="td-header-desktop-wrap ", menu_key="desktop",
                menu=_menu("classic"), **values),
        ])
    wraps = (
        ("td-header-mobile-wrap ", "", "mobile"),
        ("td-header-desktop-wrap ", "", "desktop"),
        ("td-header-desktop-sticky-wrap tdc-zone-sticky-invisible tdc-zone-sticky-inactive ",
         ' style="display: none"', "sticky"),
    )
    copies = [
        tpl("header_tdb.html", wrap_class=wrap, wrap_style=style, menu_key=key,
            menu=_menu("tdb"), **values)
        for wrap, style, key in wraps
    ]
    return join([' <div class="td-header-template-wrap" style="position: relative">',
                 *copies, " </div>"])


def footer(spec: PageSpec) -> str:
    if spec.generation == "classic":
        return tpl("footer_classic.html", more_articles=spec.footer_extra)
    return join([spec.footer_extra, tpl("footer_tdb.html")])


def common_head(spec: PageSpec) -> list[str]:
    """Robots and canonical (Yoast), then the page's own head lines, then core links."""
    seo = [
        f'    <meta name="robots" content="{spec.robots}" />',
        f'    <link rel="canonical" href="{esc(spec.canonical)}" />' if spec.canonical else "",
    ]
    head = list(spec.head)
    opening = head[:1] if head and head[0].lstrip().startswith("<!--") else []
    return [
        *opening,
        *seo,
        *head[len(opening):],
        f'    <link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed"'
        f' href="{ROOT}/feed/" />',
        f'    <link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Comments'
        f' Feed" href="{ROOT}/comments/feed/" />',
        f'    <link rel="https://api.w.org/" href="{ROOT}/wp-json/" />',
        '    <link rel="EditURI" type="application/rsd+xml" title="RSD" '
        f'href="{ROOT}/xmlrpc.php?rsd" />',
        '    <meta name="generator" content="WordPress 6.3.1" />',
    ]


def og_lines(pairs: list[tuple[str, str]]) -> list[str]:
    """`<meta property=… content=…>` lines (Yoast's attribute order)."""
    return [f'    <meta property="{key}" content="{esc(value)}" />' for key, value in pairs]


def render_page(spec: PageSpec) -> str:
    """The full document, with block ids numbered in document order."""
    page = tpl(
        "page.html",
        html_lang=HTML_LANG[spec.lang],
        title=title_html(spec.title),
        head=join(common_head(spec)),
        body_class=spec.body_class,
        mobile_menu=_menu("classic"),
        header=header(spec),
        main=spec.main,
        footer=footer(spec),
    )
    return number_uids(page)
