# ruff: noqa: E501  (HTML templates: one theme element per line)
"""Generates the three mini-sites of tests/test_minisites.py (run: python -m tests.minisites.build).

Each site is a snapshot directory (`.snapshot.json`, `path/index.html`, `x.xml`) for
`tests.siteserver.SiteServer`, written to the theme markup of docs/site.md §2, §6 and §7. `EXPECTED` in each
site's `.expected.json` lists its article URLs (canonical, on https://newsmoris.com).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape
from pathlib import Path

ROOT = "https://newsmoris.com"
HERE = Path(__file__).resolve().parent
CAPTURED = "2026-11-27T06:00:00+00:00"
OFFSITE = ('<a href="https://play.google.com/store/apps/details?id=com.newsmoris">'
           '<img src="https://newsmoris.com/wp-content/uploads/google-play.png" alt=""></a>'
           '<a href="https://www.lemauricien.com/actualites/" class="tds-button1 tdm-btn">'
           '<span class="tdm-btn-text">Read in French</span></a>')


@dataclass
class Post:
    pid: int
    when: str  # UTC ISO
    slug: str
    title: str
    cat: str
    lang: str = ""
    links: str = ""  # extra on-site links in the article (related block)
    head: str = ""  # extra <head> markup (hreflang)
    tags: list[str] = field(default_factory=lambda: ["mauritius"])

    @property
    def dt(self) -> datetime:
        return datetime.fromisoformat(self.when)

    @property
    def path(self) -> str:
        local = self.dt + timedelta(hours=4)
        prefix = f"/{self.lang}" if self.lang else ""
        return f"{prefix}/{local:%Y/%m/%d}/{self.slug}/"

    @property
    def url(self) -> str:
        return ROOT + self.path

    @property
    def shown(self) -> str:
        return (self.dt + timedelta(hours=4)).strftime("%B %-d, %Y")

    @property
    def rss_date(self) -> str:
        return self.dt.strftime("%a, %d %b %Y %H:%M:%S +0000")

    @property
    def cat_name(self) -> str:
        return self.cat.replace("-", " ").title()


def head(title: str, canonical: str, extra: str = "") -> str:
    return f"""<!doctype html >
<html lang="en-US">
<head>
<meta charset="UTF-8" />
<title>{escape(title)} - NewsMoris</title>
<link rel="canonical" href="{canonical}" />
<link rel="alternate" type="application/rss+xml" title="NewsMoris &raquo; Feed" href="{ROOT}/feed/" />
<link rel="https://api.w.org/" href="{ROOT}/wp-json/" />
{extra}
</head>"""


def article_head(post: Post) -> str:
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "@id": post.url + "#article", "headline": post.title,
         "datePublished": post.when, "dateModified": post.when,
         "author": {"name": "News Moris Editor"}, "articleSection": [post.cat_name],
         "inLanguage": "fr-FR" if post.lang == "fr" else "en-US",
         "mainEntityOfPage": {"@id": post.url}},
        {"@type": "WebPage", "@id": post.url, "datePublished": post.when},
    ]}
    metas = f"""<meta name="robots" content="index, follow" />
<meta property="og:locale" content="{'fr_FR' if post.lang == 'fr' else 'en_US'}" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{escape(post.title)}" />
<meta property="og:url" content="{post.url}" />
<meta property="og:site_name" content="NewsMoris" />
<meta property="article:published_time" content="{post.when}" />
<meta property="article:modified_time" content="{post.when}" />
<meta property="og:image" content="{ROOT}/wp-content/uploads/{post.pid}.jpg" />
<meta name="author" content="News Moris Editor" />
<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(ld)}</script>
<link rel="shortlink" href="{ROOT}/?p={post.pid}" />
<link rel="amphtml" href="{post.url}?amp=1" />
{post.head}"""
    return head(post.title, post.url, metas)


def paragraphs(post: Post) -> str:
    return (f"<p>PORT LOUIS – {escape(post.title)}: the report was tabled on Tuesday and "
            "discussed by the committee, which heard several witnesses over two days.</p>\n"
            "<p>Officials said the figures would be published in full next month, after a "
            "review by the statistics office and the ministry concerned.</p>\n"
            "<p>Source: Le Mauricien</p>")


def comments(post: Post) -> str:
    return f"""<div class="comments" id="comments">
<ol class="comment-list"><li class="comment" id="comment-{post.pid}1"><article>
<div class="comment-content td-post-content tagdiv-type"><p>Good news at last.</p></div>
<div class="comment-meta"><a class="comment-reply-link"
 href="{post.url}?replytocom={post.pid}1#respond">Reply</a></div></article></li></ol>
<div id="respond" class="comment-respond"><h3 class="comment-reply-title">LEAVE A REPLY
<small><a rel="nofollow" id="cancel-comment-reply-link" href="{post.url}#respond"
 style="display:none;">Cancel reply</a></small></h3>
<form action="{ROOT}/wp-comments-post.php" method="post" id="commentform">
<div class="td-warning-comment">Please enter your comment!</div>
<div class="td-warning-author">Please enter your name here</div></form></div></div>"""


def sharing(post: Post) -> str:
    return f"""<div class="td-post-sharing tdb-block td-ps-bg td-post-sharing-style1">
<a class="td-social-sharing-button td-social-facebook"
 href="https://www.facebook.com/sharer.php?u={post.url}"><div class="td-social-but-text">Facebook</div></a>
<a class="td-social-sharing-button td-social-twitter"
 href="{post.url}?share=twitter" target="_blank"><div class="td-social-but-text">Twitter</div></a>
<a class="td-social-sharing-button td-social-whatsapp"
 href="{post.url}?share=jetpack-whatsapp"><div class="td-social-but-text">WhatsApp</div></a>
</div>"""


def footer() -> str:
    return f"""<div class="td-footer-template-wrap"><ul class="menu">
<li class="menu-item"><a href="{ROOT}/about-us/">About Us</a></li>
<li class="menu-item"><a href="{ROOT}/contact/">Contact</a></li></ul>{OFFSITE}</div>"""


def tdb_header(menu: str) -> str:
    one = f"""<div class="tdc-zone"><div class="vc_row wpb_row td-pb-row">
<div class="td_block_wrap tdb_header_weather"><div class="tdb-block-inner td-fix-index">
<span class="tdb-weather-deg">26.9</span> <span class="tdb-weather-unit">C</span>
<div class="tdb-weather-city">Port Louis</div></div></div>
<div class="td_block_wrap tdb_header_date"><div class="tdb-block-inner td-fix-index">
<div class="tdb-head-date-txt">Friday, November 27, 2026</div></div></div>
<div class="td_block_wrap tdm_block_inline_text"><p class="tdm-descr">Download The App:</p></div>
{OFFSITE}
<div class="td_block_wrap tdb_header_logo"><a class="tdb-logo-a" href="{ROOT}/">NewsMoris</a></div>
<div class="td_block_wrap tdb_header_menu"><ul class="tdb-block-menu tdb-menu">{menu}</ul></div>
</div></div>"""
    return (f'<div class="td-header-template-wrap" style="position: relative">'
            f'<div class="td-header-mobile-wrap">{one}</div>'
            f'<div class="td-header-desktop-wrap">{one}</div></div>')


def menu_items(items: list[tuple[str, str]]) -> str:
    return "".join(f'<li class="menu-item"><a href="{href}"><div class="tdb-menu-item-text">'
                   f"{escape(text)}</div></a></li>" for href, text in items)


def tdb_article(post: Post, menu: str, sidebar: str = "") -> str:
    tags = "".join(f'<li><a href="{ROOT}/tag/{t}/">{t.title()}</a></li>' for t in post.tags)
    return f"""{article_head(post)}
<body class="post-template-default single single-post postid-{post.pid} single-format-standard td-standard-pack tdb_template_77 tdb-template global-block-template-1 td-full-layout" itemscope="itemscope" itemtype="https://schema.org/WebPage">
<div id="td-outer-wrap" class="td-theme-wrap">
{tdb_header(menu)}
<div id="tdb-autoload-article" data-autoload="off" data-autoload-org-post-id="{post.pid}" data-autoload-type="" data-autoload-count="5">
<div class="td-main-content-wrap td-container-wrap"><div class="tdc-content-wrap">
<article id="template-id-77" class="post-77 tdb_templates type-tdb_templates status-publish hentry" itemscope itemtype="https://schema.org/Article">
<div class="tdc-row"><div class="vc_row wpb_row td-pb-row">
<div class="vc_column wpb_column vc_column_container tdc-column td-pb-span8"><div class="wpb_wrapper">
<div class="td_block_wrap tdb_breadcrumbs td-pb-border-top td_block_template_1 tdb-breadcrumbs"><div class="tdb-block-inner td-fix-index">
<span><a title="" class="tdb-entry-crumb" href="{ROOT}/">Home</a></span><i class="tdb-bread-sep td-icon-right"></i>
<span><a title="View all posts in {post.cat_name}" class="tdb-entry-crumb" href="{ROOT}/category/{post.cat}/">{post.cat_name}</a></span></div></div>
<div class="td_block_wrap tdb_single_categories td-pb-border-top td_block_template_1"><div class="tdb-category td-fix-index">
<a class="tdb-entry-category" href="{ROOT}/category/{post.cat}/"><span class="tdb-cat-bg"></span>{post.cat_name}</a></div></div>
<div class="td_block_wrap tdb_title tdb-single-title td-pb-border-top td_block_template_1"><div class="tdb-block-inner td-fix-index">
<h1 class="tdb-title-text">{escape(post.title)}</h1><div></div><div class="tdb-title-line"></div></div></div>
<div class="td_block_wrap tdb_single_author td-pb-border-top td_block_template_1 tdb-post-meta"><div class="tdb-block-inner td-fix-index">
<div class="tdb-author-name-wrap"><span class="tdb-author-by">By</span> <a class="tdb-author-name" href="{ROOT}/author/news-moris-editor/">News Moris Editor</a></div></div></div>
<div class="td_block_wrap tdb_single_date td-pb-border-top td_block_template_1 tdb-post-meta"><div class="tdb-block-inner td-fix-index">
<time class="entry-date updated td-module-date" datetime="{post.when}">{post.shown}</time></div></div>
</div></div>
<div class="vc_column wpb_column vc_column_container tdc-column td-pb-span4"><div class="wpb_wrapper">{sidebar}</div></div>
</div></div>
<div class="tdc-row"><div class="vc_row wpb_row td-pb-row">
<div class="vc_column wpb_column vc_column_container tdc-column td-pb-span8"><div class="wpb_wrapper">
<div class="td_block_wrap tdb_single_featured_image"><div class="tdb-block-inner td-fix-index"><figure>
<img class="entry-thumb" src="{ROOT}/wp-content/uploads/{post.pid}.jpg" alt=""/><figcaption class="tdb-caption-text">File photo</figcaption></figure></div></div>
<div class="td_block_wrap tdb_single_content td-pb-border-top td_block_template_1 td-post-content tagdiv-type"><div class="tdb-block-inner td-fix-index">
{paragraphs(post)}
</div></div>
<div class="td_block_wrap td-a-rec td-a-rec-id-custom-spot td-a-rec-img td_block_template_1"><div style="display: inline-block">
<span class="td-adspot-title">- Advertisement -</span><a href="https://advertiser.example/" class="td_spot_img_all"><img src="{ROOT}/wp-content/uploads/banner.jpg" alt="spot_img"/></a></div></div>
<div class="td_block_wrap tdb_single_tags"><div class="tdb-block-inner td-fix-index"><ul class="tdb-tags"><li><span>Tags</span></li>{tags}</ul></div></div>
{sharing(post)}
<div class="td_block_wrap tdb_single_related td_with_ajax_pagination td-pb-border-top td_block_template_1 tdb-single-related-posts">
<div class="td-block-title-wrap"><h4 class="block-title"><span>More Articles</span></h4></div>
<div class="td_block_inner tdb-block-inner td-fix-index">{post.links}</div></div>
{comments(post)}
</div></div></div></div>
</article></div></div></div>
{footer()}
</div></body></html>
"""


def classic_article(post: Post, menu: str) -> str:
    tags = "".join(f'<li><a href="{ROOT}/tag/{t}/">{t.title()}</a></li>' for t in post.tags)
    return f"""{article_head(post)}
<body class="post-template-default single single-post postid-{post.pid} single-format-standard td-standard-pack global-block-template-1 td-full-layout" itemscope="itemscope" itemtype="https://schema.org/WebPage">
<div id="td-outer-wrap" class="td-theme-wrap">
{classic_header(menu)}
<div class="td-main-content-wrap td-container-wrap"><div class="td-container td-post-template-default ">
<div class="td-crumb-container"><div class="entry-crumbs">
<span><a title="" class="entry-crumb" href="{ROOT}/">Home</a></span> <i class="td-icon-right td-bread-sep"></i>
<span><a title="View all posts in {post.cat_name}" class="entry-crumb" href="{ROOT}/category/{post.cat}/">{post.cat_name}</a></span></div></div>
<div class="td-pb-row"><div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">
<article id="post-{post.pid}" class="post-{post.pid} post type-post status-publish format-standard has-post-thumbnail category-{post.cat}" itemscope itemtype="https://schema.org/Article">
<div class="td-post-header">
<ul class="td-category"><li class="entry-category"><a href="{ROOT}/category/{post.cat}/">{post.cat_name}</a></li></ul>
<header class="td-post-title"><h1 class="entry-title">{escape(post.title)}</h1>
<div class="td-module-meta-info">
<div class="td-post-author-name"><div class="td-author-by">By</div> <a href="{ROOT}/author/news-moris-editor/">News Moris Editor</a><div class="td-author-line"> - </div></div>
<span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{post.when}" >{post.shown}</time></span>
<div class="td-post-comments"><a href="#respond"><i class="td-icon-comments"></i>1</a></div>
</div></header></div>
<div class="td-post-sharing-top">{sharing(post)}</div>
<div class="td-post-content tagdiv-type">
<div class="td-post-featured-image"><a href="{ROOT}/wp-content/uploads/{post.pid}.jpg" data-caption=""><img class="entry-thumb td-modal-image" src="{ROOT}/wp-content/uploads/{post.pid}-696x392.jpg" alt="" title=""/></a></div>
{paragraphs(post)}
<div class="td-a-rec td-a-rec-id-content_inline td_block_template_1"><span class="td-adspot-title">- Advertisement -</span></div>
</div>
<footer>
<div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix"><li><span>TAGS</span></li>{tags}</ul></div>
<meta itemprop="datePublished" content="{post.when}"><meta itemprop="dateModified" content="{post.when}">
</footer>
<div class="td_block_wrap td_block_related_posts td_with_ajax_pagination td-pb-border-top td_block_template_1">
<h4 class="td-related-title td-block-title"><a class="td-related-left td-cur-simple-item" href="#">RELATED ARTICLES</a></h4>
<div class="td_block_inner"><div class="td-related-row">{post.links}</div></div></div>
</article>
{comments(post)}
</div></div></div></div></div>
{footer()}
</div></body></html>
"""


def classic_header(menu: str) -> str:
    return f"""<div class="td-header-top-menu-full td-container-wrap"><div class="td-container td-header-row td-header-top-menu">
<div class="top-bar-style-1"><div class="td-header-sp-top-menu">
<div class="td-weather-top-widget"><div class="td-weather-now"><span class="td-big-degrees">28</span><span class="td-weather-unit">C</span></div>
<div class="td-weather-header"><div class="td-weather-city">PORT LOUIS, MU</div></div></div>
<div class="td_data_time"><div style="visibility:hidden;"> Friday, November 27, 2026 </div></div></div></div></div></div>
<div class="td-header-menu-wrap-full td-container-wrap"><div id="td-header-menu" role="navigation">
<div class="menu-main-container"><ul id="menu-main" class="sf-menu">{menu}</ul></div></div></div>"""


def module_tdb(post: Post, href: str | None = None) -> str:
    link = href or post.url
    return f"""<div class="td_module_flex td_module_flex_1 td_module_wrap td-animation-stack td-cpt-post">
<div class="td-module-container td-category-pos-"><div class="td-image-container"><div class="td-module-thumb">
<a href="{link}" rel="bookmark" class="td-image-wrap " title="{escape(post.title)}"><span class="entry-thumb td-thumb-css" data-type="css_image" data-img-url="{ROOT}/wp-content/uploads/{post.pid}-218x150.jpg"></span></a></div></div>
<div class="td-module-meta-info"><h3 class="entry-title td-module-title"><a href="{link}" rel="bookmark" title="{escape(post.title)}">{escape(post.title)}</a></h3>
<div class="td-editor-date"><a href="{ROOT}/category/{post.cat}/" class="td-post-category">{post.cat_name}</a>
<span class="td-author-date"><span class="td-post-author-name"><a href="{ROOT}/author/news-moris-editor/">News Moris Editor</a> <span>-</span> </span>
<span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{post.when}" >{post.shown}</time></span></span></div>
<div class="td-excerpt">The report was tabled on Tuesday and discussed by the committee, which heard several...</div>
</div></div></div>"""


def module_classic(post: Post, n: int = 1) -> str:
    return f"""<div class="td_module_{n} td_module_wrap td-animation-stack">
<div class="td-module-image"><div class="td-module-thumb"><a href="{post.url}" rel="bookmark" class="td-image-wrap" title="{escape(post.title)}">
<img class="entry-thumb" src="{ROOT}/wp-content/uploads/{post.pid}-324x160.jpg" alt="" title="{escape(post.title)}"/></a></div>
<a href="{ROOT}/category/{post.cat}/" class="td-post-category">{post.cat_name}</a></div>
<h3 class="entry-title td-module-title"><a href="{post.url}" rel="bookmark" title="{escape(post.title)}">{escape(post.title)}</a></h3>
<div class="td-module-meta-info"><span class="td-post-author-name"><a href="{ROOT}/author/news-moris-editor/">News Moris Editor</a> <span>-</span> </span>
<span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{post.when}" >{post.shown}</time></span>
<div class="td-module-comments"><a href="{post.url}#respond">0</a></div></div>
<div class="td-excerpt">The report was tabled on Tuesday and discussed by the committee, which heard several...</div></div>"""


def flex_block(title: str, posts: list[Post], n: int = 1) -> str:
    mods = "".join(module_tdb(p) for p in posts)
    return f"""<div class="td_block_wrap td_flex_block_{n} td_with_ajax_pagination td-pb-border-top td_block_template_1 td_flex_block">
<div class="td-block-title-wrap"><h4 class="block-title td-block-title"><span class="td-pulldown-size">{title}</span></h4></div>
<div class="td_block_inner td-mc1-wrap">{mods}</div>
<div class="td-next-prev-wrap"><a href="#" class="td-ajax-prev-page ajax-page-disabled"><i class="td-next-prev-icon td-icon-font td-icon-menu-left"></i></a><a href="#" class="td-ajax-next-page"><i class="td-next-prev-icon td-icon-font td-icon-menu-right"></i></a></div></div>"""


def page_nav(base: str, page: int, last: int, numbers: bool = True) -> str:
    """§3.1 numbered pagination; `numbers=False`: only the arrows (and the page counter)."""
    def href(n: int) -> str:
        return f"{ROOT}{base}" if n == 1 else f"{ROOT}{base}page/{n}/"
    parts = []
    if page > 1:
        parts.append(f'<a href="{href(page - 1)}" ><i class="td-icon-menu-left"></i></a>')
    if numbers:
        for n in range(1, last + 1):
            if n == page:
                parts.append(f'<span class="current">{n}</span>')
            else:
                cls = "first" if n == 1 else "last" if n == last else "page"
                parts.append(f'<a href="{href(n)}" class="{cls}" title="{n}">{n}</a>')
    if page < last:
        parts.append(f'<a href="{href(page + 1)}" ><i class="td-icon-menu-right"></i></a>')
    parts.append(f'<span class="pages">Page {page} of {last}</span>')
    return f'<div class="page-nav td-pb-padding-side">{"".join(parts)}<div class="clearfix"></div></div>'


def chunks(posts: list[Post], size: int) -> list[list[Post]]:
    return [posts[i:i + size] for i in range(0, len(posts), size)] or [[]]


def write(site: Path, path: str, text: str) -> None:
    """`/a/b/` → a/b/index.html; `/x.xml` → x.xml; `/feed/` → feed/index.xml (text starts `<?xml`)."""
    rel = path.lstrip("/")
    if not rel or rel.endswith("/"):
        rel += "index.xml" if text.lstrip().startswith("<?xml") else "index.html"
    target = site / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")


def not_found_page() -> str:
    return f"""{head("Page not found", ROOT + "/")}
<body class="error404 td-standard-pack global-block-template-1"><div id="td-outer-wrap" class="td-theme-wrap">
<div class="td-main-content-wrap td-container-wrap"><div class="td-container"><div class="td-404-title">Ooops... Error 404</div>
<div class="td-404-sub-title">Sorry, but the page you are looking for doesn't exist.</div>
<a href="{ROOT}/">Homepage</a></div></div></div></body></html>
"""


def static_page(title: str, path: str, classic: bool) -> str:
    body = "<p>NewsMoris is an English-language news site from Mauritius.</p>"
    return f"""{head(title, ROOT + path)}
<body class="page-template-default page page-id-2 td-standard-pack global-block-template-1{' tdb-template' if not classic else ''}">
<div id="td-outer-wrap" class="td-theme-wrap"><div class="td-main-content-wrap td-container-wrap"><div class="td-container">
<div class="td-page-header"><h1 class="entry-title td-page-title"><span>{title}</span></h1></div>
<div class="td-page-content tagdiv-type">{body}</div></div></div>{footer()}</div></body></html>
"""


def new_site(name: str) -> Path:
    site = HERE / name
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    (site / ".snapshot.json").write_text(json.dumps({"root": ROOT, "captured": CAPTURED}) + "\n")
    (site / "404.html").write_text(not_found_page(), "utf-8")
    return site


def finish(site: Path, articles: list[Post]) -> None:
    (site / ".expected.json").write_text(
        json.dumps(sorted(p.url for p in articles), indent=1) + "\n", "utf-8")


def posts(specs: list[tuple[str, str, str]], start: int, first: datetime) -> list[Post]:
    """Newest first: (slug, title, category) each one day older than the previous."""
    return [Post(start + i, (first - timedelta(days=i)).isoformat(), slug, title, cat)
            for i, (slug, title, cat) in enumerate(specs)]


# -- site 1: classic home/categories, WordPress core sitemaps, no feed -----------------------

def classic_core_sitemaps() -> None:
    site = new_site("classic_core_sitemaps")
    specs = [
        ("budget-2026-27-pension-reform-tabled", "Budget 2026-27: Pension Reform Tabled", "news"),
        ("cyclone-season-outlook-from-mms", "Cyclone Season Outlook From MMS", "news"),
        ("msm-and-labour-party-clash-over-metro", "MSM And Labour Party Clash Over Metro", "politics"),
        ("rs1-5-billion-mpcb-loans-probed", "Rs1.5 Billion MPCB Loans Probed", "news"),
        ("flic-en-flac-green-algae-return", "Flic-en-Flac: Green Algae Return", "news"),
        ("assembly-adjourned-after-walkout", "Assembly Adjourned After Walkout", "politics"),
        ("rupee-slides-against-us-dollar", "Rupee Slides Against US Dollar", "news"),
        ("new-electoral-boundaries-proposed", "New Electoral Boundaries Proposed", "politics"),
        ("tourist-arrivals-pass-1-3-million", "Tourist Arrivals Pass 1.3 Million", "news"),
        ("opposition-leader-named", "Opposition Leader Named", "politics"),
    ]
    arts = posts(specs, 5101, datetime.fromisoformat("2026-11-26T08:15:00+00:00"))
    menu = menu_items([(f"{ROOT}/", "Home"), (f"{ROOT}/category/news/", "News"),
                       (f"{ROOT}/category/politics/", "Politics")])
    for i, post in enumerate(arts):
        related = [arts[(i + 1) % len(arts)], arts[(i + 2) % len(arts)]]
        post.links = "".join(f'<div class="td-related-span4">{module_classic(r)}</div>'
                             for r in related)
        write(site, post.path, classic_article(post, menu))

    def classic_page(title: str, canonical: str, body_class: str, content: str) -> str:
        sidebar = ('<div class="td-pb-span4 td-main-sidebar"><div class="td_block_wrap '
                   'td_block_1 td_block_widget td_block_template_1"><h4 class="block-title">'
                   '<span>Latest Articles</span></h4><div class="td_block_inner">'
                   + "".join(module_classic(p, 6) for p in arts[:3]) + "</div></div></div>")
        return f"""{head(title, canonical)}
<body class="{body_class} td-standard-pack global-block-template-1 td-full-layout">
<div id="td-outer-wrap" class="td-theme-wrap">{classic_header(menu)}
<div class="td-main-content-wrap td-container-wrap"><div class="td-container"><div class="td-pb-row">
<div class="td-pb-span8 td-main-content"><div class="td-ss-main-content">{content}</div></div>{sidebar}
</div></div></div>{footer()}</div></body></html>
"""

    # home: page builder blocks on page 1, then the "latest articles" loop, 3 per page
    per, loop = 3, chunks(arts, 3)
    for n, group in enumerate(loop, 1):
        blocks = ""
        if n == 1:
            grid = "".join(module_classic(p, "mx5") for p in arts[:3])
            trending = "".join(f'<div class="td-trending-now-post"><a class="td-trending-now-title" href="{p.url}">{escape(p.title)}</a></div>' for p in arts[:4])
            politics = [p for p in arts if p.cat == "politics"][:3]
            blocks = (f'<div class="td_block_wrap td_block_trending_now td_block_template_1"><div class="td-trending-now-wrapper"><div class="td-trending-now-title">Trending Now</div>{trending}</div></div>'
                      f'<div class="td_block_wrap td_block_big_grid_1 td_block_template_1"><div class="td_block_inner"><div class="td-big-grid-wrapper">{grid}</div></div></div>'
                      f'<div class="td_block_wrap td_block_2 td_block_template_1"><h4 class="block-title"><span>Politics</span></h4><div class="td_block_inner">{"".join(module_classic(p, 2) for p in politics)}</div></div>')
        mods = "".join(module_classic(p, 10) for p in group)
        nav = page_nav("/", n, len(loop), numbers=n in (1, len(loop)))
        content = (f'{blocks}<div class="td-block-title-wrap"><h4 class="block-title"><span>LATEST ARTICLES</span></h4></div>'
                   f'<div class="td_block_inner">{mods}</div>{nav}')
        path = "/" if n == 1 else f"/page/{n}/"
        body = "home blog" if n == 1 else f"home blog paged paged-{n}"
        write(site, path, classic_page("NewsMoris", ROOT + path, body, content))
    assert per
    # classic category archives, 4 per page
    for cat in ("news", "politics"):
        listed = chunks([p for p in arts if p.cat == cat], 4)
        for n, group in enumerate(listed, 1):
            base = f"/category/{cat}/"
            path = base if n == 1 else f"{base}page/{n}/"
            header = (f'<div class="td-category-header td-container-wrap"><div class="td-container"><div class="td-crumb-container"><div class="entry-crumbs">'
                      f'<span><a class="entry-crumb" href="{ROOT}/">Home</a></span></div></div>'
                      f'<h1 class="entry-title td-page-title">{cat.title()}</h1></div></div>')
            mods = "".join(module_classic(p, 10) for p in group)
            nav = page_nav(base, n, len(listed), numbers=n != 2)
            write(site, path, classic_page(cat.title(), ROOT + path,
                                           f"archive category category-{cat}",
                                           header + mods + nav))
    write(site, "/about-us/", static_page("About Us", "/about-us/", classic=True))
    # WordPress core sitemaps (WP 6.5+: posts carry lastmod), core robots.txt
    xsl = '<?xml-stylesheet type="text/xsl" href="https://newsmoris.com/wp-sitemap-index.xsl" ?>'
    children = ["posts-post-1", "posts-page-1", "taxonomies-category-1", "users-1"]
    write(site, "/wp-sitemap.xml",
          f'<?xml version="1.0" encoding="UTF-8"?>\n{xsl}\n'
          '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
          + "".join(f"<sitemap><loc>{ROOT}/wp-sitemap-{c}.xml</loc></sitemap>" for c in children)
          + "</sitemapindex>\n")
    urlset_head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                   '<?xml-stylesheet type="text/xsl" href="https://newsmoris.com/wp-sitemap.xsl" ?>\n'
                   '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    write(site, "/wp-sitemap-posts-post-1.xml", urlset_head + "".join(
        f"<url><loc>{p.url}</loc><lastmod>{p.when}</lastmod></url>" for p in arts) + "</urlset>\n")
    write(site, "/wp-sitemap-posts-page-1.xml",
          urlset_head + f"<url><loc>{ROOT}/about-us/</loc></url></urlset>\n")
    write(site, "/wp-sitemap-taxonomies-category-1.xml", urlset_head + "".join(
        f"<url><loc>{ROOT}/category/{c}/</loc></url>" for c in ("news", "politics"))
        + "</urlset>\n")
    write(site, "/wp-sitemap-users-1.xml",
          urlset_head + f"<url><loc>{ROOT}/author/news-moris-editor/</loc></url></urlset>\n")
    (site / "robots.txt").write_text(
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: {ROOT}/wp-sitemap.xml\n", "utf-8")
    finish(site, arts)


# -- site 2: tdb, no robots.txt / sitemaps / feeds --------------------------------------------

def tdb_no_discovery_files() -> None:
    site = new_site("tdb_no_discovery_files")
    specs = [
        ("cabinet-approves-water-tariff-review", "Cabinet Approves Water Tariff Review", "news"),
        ("metro-express-extension-opens", "Metro Express Extension Opens", "news"),
        ("by-election-date-announced", "By-Election Date Announced", "politics"),
        ("sponsored-new-mall-in-ebene", "New Mall Opens In Ebene", "sponsored"),
        ("drug-seizure-at-port-louis-harbour", "Drug Seizure At Port Louis Harbour", "news"),
        ("sponsored-bank-launches-app", "Bank Launches New App", "sponsored"),
        ("pm-meets-indian-envoy", "PM Meets Indian Envoy", "politics"),
        ("sponsored-hotel-group-results", "Hotel Group Posts Record Results", "sponsored"),
        ("heavy-rains-flood-roads-in-the-north", "Heavy Rains Flood Roads In The North", "news"),
        ("sponsored-telecom-5g-rollout", "Telecom Operator Starts 5G Rollout", "sponsored"),
        ("minimum-wage-raised", "Minimum Wage Raised", "news"),
        ("sponsored-insurer-opens-branch", "Insurer Opens Rodrigues Branch", "sponsored"),
        ("parliament-debates-freedom-of-information-bill",
         "Parliament Debates Freedom Of Information Bill", "politics"),
    ]
    arts = posts(specs, 7201, datetime.fromisoformat("2026-11-26T09:30:00+00:00"))
    by = {p.slug: p for p in arts}
    # the French version of one article: only its hreflang alternate links to it
    original = by["metro-express-extension-opens"]
    french = Post(7300, original.when, "extension-du-metro-express-inauguree",
                  "Extension du Metro Express inaugurée", "news", lang="fr")
    alternates = (f'<link rel="alternate" hreflang="en" href="{original.url}" />'
                  f'<link rel="alternate" hreflang="fr" href="{french.url}" />'
                  f'<link rel="alternate" hreflang="x-default" href="{original.url}" />')
    original.head = french.head = alternates
    # one article linked only in variant forms (no slash, tracking query, fragment, AMP)
    odd = by["drug-seizure-at-port-louis-harbour"]
    menu = menu_items([(f"{ROOT}/", "Home"), (f"{ROOT}/latest-news/", "Latest News"),
                       (f"{ROOT}/category/news/", "News"),
                       (f"{ROOT}/category/politics/", "Politics"),
                       (f"{ROOT}/category/sponsored/", "Sponsored"),
                       (f"{ROOT}/about-us/", "About Us")])
    latest_three = [p for p in arts if p.cat != "sponsored"][:3]
    sidebar = flex_block("Latest Articles", latest_three, 1)
    for post in [*arts, french]:
        others = [p for p in arts if p.cat == post.cat and p is not post and p is not odd
                  and p.slug != "sponsored-insurer-opens-branch"][:2]
        post.links = "".join(module_tdb(r) for r in others)
        write(site, post.path, tdb_article(post, menu, sidebar))

    def tdb_page(title: str, path: str, body_class: str, content: str) -> str:
        return f"""{head(title, ROOT + path)}
<body class="{body_class} td-standard-pack tdb-template global-block-template-1 td-full-layout">
<div id="td-outer-wrap" class="td-theme-wrap">{tdb_header(menu)}
<div class="td-main-content-wrap td-container-wrap"><div class="tdc-content-wrap">
<div class="tdc-row"><div class="vc_row wpb_row td-pb-row">
<div class="vc_column wpb_column vc_column_container tdc-column td-pb-span8"><div class="wpb_wrapper">{content}</div></div>
<div class="vc_column wpb_column vc_column_container tdc-column td-pb-span4"><div class="wpb_wrapper">{sidebar}</div></div>
</div></div></div></div>{footer()}</div></body></html>
"""

    def loop(group: list[Post], title: str = "") -> str:
        mods = []
        for p in group:
            if p is odd:
                mods.append(module_tdb(p, href=p.url.rstrip("/")).replace(
                    f'href="{p.url.rstrip("/")}" rel="bookmark" class="td-image-wrap',
                    f'href="{p.url}?utm_source=x" rel="bookmark" class="td-image-wrap')
                    + f'<a href="{p.url}#respond">0</a><a href="{p.url}?amp=1">AMP</a>')
            else:
                mods.append(module_tdb(p))
        heading = (f'<div class="td-block-title-wrap"><h4 class="block-title td-block-title">'
                   f'<span>{title}</span></h4></div>' if title else "")
        return (f'<div class="td_block_wrap tdb_loop td_with_ajax_pagination td-pb-border-top '
                f'td_block_template_1 tdb-category-loop-posts">{heading}'
                f'<div class="td_block_inner tdb-block-inner td-fix-index">'
                + "".join(m.replace("td_module_flex td_module_flex_1",
                                    "tdb_module_loop td_module_wrap td-animation-stack")
                          for m in mods) + "</div>")

    # home: flex blocks, then "Latest Articles" (a tdb_loop without the Sponsored category)
    main = [p for p in arts if p.cat != "sponsored"]
    pages = chunks(main, 4)
    for n, group in enumerate(pages, 1):
        must = flex_block("Must Read", [p for p in arts if p.cat == "news" and p is not odd][:3], 1)
        pol = flex_block("Politics", [p for p in arts if p.cat == "politics"][:2], 2)
        content = (f"{must}{pol}{loop(group, 'Latest Articles')}"
                   f"{page_nav('/', n, len(pages))}</div>")
        path = "/" if n == 1 else f"/page/{n}/"
        body = "home page-template-default page page-id-10" + ("" if n == 1 else f" paged-{n}")
        write(site, path, tdb_page("NewsMoris", path, body, content))
    # /latest-news/: a WordPress Page with a paginated tdb_loop (same posts as the home loop)
    for n, group in enumerate(pages, 1):
        path = "/latest-news/" if n == 1 else f"/latest-news/page/{n}/"
        content = (f'<div class="td_block_wrap tdb_title"><h1 class="tdb-title-text">Latest News</h1></div>'
                   f"{loop(group)}{page_nav('/latest-news/', n, len(pages))}</div>")
        write(site, path, tdb_page("Latest News", path,
                                   "page-template-default page page-id-12", content))
    # category archives: the tdb category template's loop shows 2 posts per page
    for cat in ("news", "politics", "sponsored"):
        listed = chunks([p for p in arts if p.cat == cat], 2)
        for n, group in enumerate(listed, 1):
            base = f"/category/{cat}/"
            path = base if n == 1 else f"{base}page/{n}/"
            suffix = f'<span class="tdb-title-page"> - Page {n}</span>' if n > 1 else ""
            content = (f'<div class="td_block_wrap tdb_title"><h1 class="tdb-title-text">'
                       f"{cat.title()}{suffix}</h1></div>"
                       f"{loop(group)}{page_nav(base, n, len(listed))}</div>")
            write(site, path, tdb_page(cat.title(), path,
                                       f"archive category category-{cat}", content))
    write(site, "/about-us/", static_page("About Us", "/about-us/", classic=False))
    finish(site, [*arts, french])


# -- site 3: Yoast sitemaps with only old posts; the newest only in the feed and on home ------

def yoast_feeds_only_old_items() -> None:
    site = new_site("yoast_feeds_only_old_items")
    new_specs = [
        ("port-louis-waterfront-fire", "Port Louis Waterfront Fire", "news"),
        ("central-bank-holds-key-rate", "Central Bank Holds Key Rate", "news"),
        ("curepipe-market-renovation-delayed", "Curepipe Market Renovation Delayed", "news"),
    ]
    old_specs = [(f"{slug}-{i}", f"{title} ({i})", "news") for i, (slug, title) in enumerate([
        ("sugar-cane-harvest-begins", "Sugar Cane Harvest Begins"),
        ("mauritius-records-2-million-tourists", "Mauritius Records 2 Million Tourists"),
        ("green-algae-take-over-flic-en-flac", "Green Algae Take Over Flic-en-Flac"),
        ("inflation-eases-in-march", "Inflation Eases In March"),
        ("new-hospital-opens-in-flacq", "New Hospital Opens In Flacq"),
        ("rodrigues-airport-runway-works", "Rodrigues Airport Runway Works"),
        ("teachers-strike-called-off", "Teachers Strike Called Off"),
        ("mauritius-wins-gold-at-island-games", "Mauritius Wins Gold At Island Games"),
        ("state-trading-corporation-audit", "State Trading Corporation Audit"),
    ], 1)]
    new = posts(new_specs, 9901, datetime.fromisoformat("2026-11-26T07:45:00+00:00"))
    old = posts(old_specs, 8801, datetime.fromisoformat("2023-09-20T10:00:00+00:00"))
    arts = new + old
    menu = menu_items([(f"{ROOT}/", "Home"), (f"{ROOT}/about-us/", "About Us")])
    for post in arts:
        write(site, post.path, tdb_article(post, menu))

    # home: first page only (older pages are not linked: the loop uses ajax "load more")
    content = (flex_block("Latest Articles", arts[:5], 1)
               + '<div class="td-load-more-wrap"><a href="#" class="td_ajax_load_more">'
               'Load more</a></div>')
    write(site, "/", f"""{head("NewsMoris", ROOT + "/")}
<body class="home page-template-default page page-id-10 td-standard-pack tdb-template global-block-template-1">
<div id="td-outer-wrap" class="td-theme-wrap">{tdb_header(menu)}
<div class="td-main-content-wrap td-container-wrap"><div class="tdc-content-wrap">{content}</div></div>
{footer()}</div></body></html>
""")
    write(site, "/about-us/", static_page("About Us", "/about-us/", classic=False))

    def rss(items: list[Post]) -> str:
        entries = "".join(f"""
<item><title>{escape(p.title)}</title><link>{p.url}</link>
<dc:creator><![CDATA[News Moris Editor]]></dc:creator><pubDate>{p.rss_date}</pubDate>
<category><![CDATA[News]]></category><guid isPermaLink="false">{ROOT}/?p={p.pid}</guid>
<description><![CDATA[The report was tabled on Tuesday [&#8230;]]]></description>
<content:encoded><![CDATA[{paragraphs(p)}<p>The post <a href="{p.url}">{escape(p.title)}</a> appeared first on <a href="{ROOT}">NewsMoris</a>.</p>]]></content:encoded>
</item>""" for p in items)
        return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"
 xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel><title>NewsMoris</title><atom:link href="{ROOT}/feed/" rel="self" type="application/rss+xml" />
<link>{ROOT}</link><description>News from Mauritius</description>
<lastBuildDate>{arts[0].rss_date}</lastBuildDate><language>en-US</language>
<sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency>{entries}
</channel></rss>
"""
    write(site, "/feed/", rss(arts[:10]))
    (site / "feed" / "paged-2.xml").write_text(rss(arts[10:]), "utf-8")
    # Yoast: the index and a post sitemap that stopped in 2023
    xsl = '<?xml-stylesheet type="text/xsl" href="//newsmoris.com/main-sitemap.xsl"?>'
    write(site, "/sitemap_index.xml",
          f'<?xml version="1.0" encoding="UTF-8"?>{xsl}\n'
          '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
          f"<sitemap><loc>{ROOT}/post-sitemap.xml</loc><lastmod>{old[0].when}</lastmod></sitemap>"
          f"<sitemap><loc>{ROOT}/page-sitemap.xml</loc><lastmod>2023-01-10T08:00:00+00:00</lastmod></sitemap>"
          f"<sitemap><loc>{ROOT}/category-sitemap.xml</loc><lastmod>{old[0].when}</lastmod></sitemap>"
          "</sitemapindex>\n<!-- XML Sitemap generated by Yoast SEO -->\n")
    urlset = ('<?xml version="1.0" encoding="UTF-8"?>' + xsl + '\n<urlset '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" '
              'xsi:schemaLocation="http://www.sitemaps.org/schemas/sitemap/0.9 '
              'http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd '
              'http://www.google.com/schemas/sitemap-image/1.1 '
              'http://www.google.com/schemas/sitemap-image/1.1/sitemap-image.xsd" '
              'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    write(site, "/post-sitemap.xml", urlset + f"<url><loc>{ROOT}/</loc></url>" + "".join(
        f"<url><loc>{p.url}</loc><lastmod>{p.when}</lastmod><image:image><image:loc>"
        f"{ROOT}/wp-content/uploads/{p.pid}.jpg</image:loc></image:image></url>"
        for p in old) + "</urlset>\n<!-- XML Sitemap generated by Yoast SEO -->\n")
    write(site, "/page-sitemap.xml", urlset + f"<url><loc>{ROOT}/about-us/</loc></url></urlset>\n")
    write(site, "/category-sitemap.xml",
          urlset + f"<url><loc>{ROOT}/category/news/</loc></url></urlset>\n")
    (site / "robots.txt").write_text(
        "# START YOAST BLOCK\n# ---------------------------\nUser-agent: *\nDisallow:\n\n"
        f"Sitemap: {ROOT}/sitemap_index.xml\n# ---------------------------\n# END YOAST BLOCK\n",
        "utf-8")
    finish(site, arts)


if __name__ == "__main__":
    classic_core_sitemaps()
    tdb_no_discovery_files()
    yoast_feeds_only_old_items()
