# ruff: noqa: E501  (HTML templates: one layout element per line)
"""Renders the drift set of tests/test_drift.py (run: python -m tests.drift.build).

NewsMoris articles (the content files of the snapshot, samples/build/articles/*.json) re-rendered
in layouts the page object does not know: other WordPress themes' single templates
(GeneratePress, Astra, Twenty Twenty-Four, Newspack, Jannah, an old microdata magazine theme), an
Elementor Pro single template wrapping the content, the official AMP plugin's reader page and a
stripped-down mobile page without metadata; plus three pages of those layouts that are not
articles. Each layout carries the chrome it really has (menus, share bars, ads, related posts,
author boxes, comment forms, cookie banners). The expected text of every page is written by
hand in `<name>.json` beside it; this script writes only the `.html` files.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = HERE.parent.parent / "samples" / "build" / "articles"
ROOT = "https://newsmoris.com"
MENU = ["News", "Politics", "Economy", "World", "Sport", "Lifestyle", "Contact"]
RELATED = [
    ("/2024/06/11/msm-unveils-campaign-team-ahead-of-general-elections/", "MSM Unveils Campaign Team Ahead Of General Elections"),
    ("/2025/03/10/new-speed-cameras-go-live-on-the-m1-motorway/", "New Speed Cameras Go Live On The M1 Motorway"),
    ("/2024/08/14/coral-bleaching-spreads-across-blue-bay-marine-park/", "Coral Bleaching Spreads Across Blue Bay Marine Park"),
]


def article(slug: str) -> dict:
    data = json.loads((ARTICLES / f"{slug}.json").read_text("utf-8"))
    published = datetime.fromisoformat(data["published_utc"])
    data["local"] = published.astimezone(datetime.fromisoformat("2000-01-01T00:00+04:00").tzinfo)
    data["utc"] = published.astimezone(datetime.fromisoformat("2000-01-01T00:00+00:00").tzinfo)
    data["url"] = ROOT + data["path"]
    data["author"] = data["authors"][0][0]
    data["excerpt"] = " ".join(re.sub(r"<[^>]+>", " ", data["body_html"]).split()[:30]) + "…"
    return data


def with_ad(body: str, ad: str, after: int = 2) -> str:
    """The body with an inserted ad block after its `after`-th paragraph."""
    parts = body.split("</p>")
    if len(parts) <= after:
        return body + ad
    return "</p>".join(parts[:after]) + "</p>" + ad + "</p>".join(parts[after:])


def plain_text(body: str) -> str:
    """What `wp_strip_all_tags(get_the_content())` gives: tags gone, blocks on their own lines."""
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", body, flags=re.S)
    text = re.sub(r"</(p|h\d|li|blockquote|figure)>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text).replace("&mdash;", "—")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def menu(cls: str = "menu-item") -> str:
    items = "".join(f'<li class="{cls}"><a href="{ROOT}/category/{m.lower()}/">{m}</a></li>' for m in MENU)
    return f"<ul>{items}</ul>"


def related(item: str) -> str:
    return "".join(item.format(href=ROOT + path, title=title) for path, title in RELATED)


def yoast(a: dict, *, article_type: str = "Article", extra: str = "") -> str:
    graph = [
        {"@type": article_type, "@id": a["url"] + "#article", "headline": a["title"],
         "datePublished": a["utc"].isoformat(), "dateModified": a["utc"].isoformat(),
         "author": {"name": a["author"], "@id": ROOT + "/#/schema/person/1"},
         "mainEntityOfPage": {"@id": a["url"]}, "inLanguage": "en-US",
         "articleSection": [c[0] for c in a["categories"]]},
        {"@type": "WebPage", "@id": a["url"], "url": a["url"], "name": a["title"] + " - NewsMoris"},
        {"@type": "WebSite", "@id": ROOT + "/#website", "name": "NewsMoris"},
    ]
    return (f'<link rel="canonical" href="{a["url"]}" />'
            '<meta property="og:locale" content="en_US" /><meta property="og:type" content="article" />'
            f'<meta property="og:title" content="{escape(a["title"])}" /><meta property="og:url" content="{a["url"]}" />'
            '<meta property="og:site_name" content="NewsMoris" />'
            f'<meta property="article:published_time" content="{a["utc"].isoformat()}" />'
            f'<meta name="author" content="{a["author"]}" />{extra}'
            '<script type="application/ld+json" class="yoast-schema-graph">'
            + json.dumps({"@context": "https://schema.org", "@graph": graph}) + "</script>")


def comments_block() -> str:
    return ('<div id="comments" class="comments-area"><h3 class="comments-title">One thought on this story</h3>'
            '<ol class="comment-list"><li class="comment" id="comment-88"><article class="comment-body">'
            '<footer class="comment-meta"><b class="fn">Rajesh P.</b> <time datetime="2026-01-02T10:00:00+00:00">January 2, 2026 at 2:00 pm</time></footer>'
            '<div class="comment-content"><p>Same story every year, nobody is ever held responsible for anything in this country.</p></div>'
            '</article></li></ol>'
            '<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>'
            '<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">'
            '<p class="comment-notes">Your email address will not be published. Required fields are marked *</p>'
            '<p class="comment-form-comment"><label for="comment">Comment *</label><textarea id="comment" name="comment"></textarea></p>'
            '<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /></p>'
            '</form></div></div>')


def page(head: str, body_class: str, body: str, title: str, html_attrs: str = 'lang="en-US"') -> str:
    return (f"<!DOCTYPE html>\n<html {html_attrs}>\n<head>\n<meta charset=\"UTF-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n{head}\n</head>\n"
            f'<body class="{body_class}">\n{body}\n</body>\n</html>\n')


# -- article layouts --------------------------------------------------------------------------

def generatepress(a: dict) -> str:
    """GeneratePress single with Yoast, Jetpack sharing and related posts, Ad Inserter blocks."""
    ad = ('<div class="code-block code-block-2" style="margin: 8px 0; clear: both;"><p class="ai-label">Advertisement</p>'
          '<ins class="adsbygoogle" style="display:block" data-ad-client="ca-pub-123" data-ad-slot="456"></ins>'
          "<script>(adsbygoogle = window.adsbygoogle || []).push({});</script></div>")
    content = with_ad(a["body_html"], ad, 3)
    shown = a["local"].strftime("%B %-d, %Y")
    body = f"""<a class="screen-reader-text skip-link" href="#content">Skip to content</a>
<header class="site-header" id="masthead"><div class="inside-header grid-container">
<div class="site-branding"><p class="main-title"><a href="{ROOT}/" rel="home">NewsMoris</a></p><p class="site-description">Mauritius news in English</p></div>
<nav class="main-navigation" id="site-navigation"><div class="inside-navigation"><button class="menu-toggle">Menu</button><div class="main-nav">{menu()}</div></div></nav>
</div></header>
<div class="site grid-container container hfeed" id="page"><div class="site-content" id="content">
<div class="content-area" id="primary"><main class="site-main" id="main">
<article id="post-{a['post_id']}" class="post-{a['post_id']} post type-post status-publish format-standard has-post-thumbnail hentry category-world" itemtype="https://schema.org/CreativeWork" itemscope>
<div class="inside-article">
<header class="entry-header"><h1 class="entry-title" itemprop="headline">{a['title']}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{a['utc'].isoformat()}" itemprop="datePublished">{shown}</time></span> <span class="byline">by <span class="author vcard" itemprop="author"><a class="url fn n" href="{ROOT}/author/news-moris-editor/" rel="author"><span class="author-name" itemprop="name">{a['author']}</span></a></span></span></div>
</header>
<div class="featured-image page-header-image-single"><img width="1200" height="675" src="{ROOT}/wp-content/uploads/{(a['image'] or {}).get('file', 'x.jpg')}" alt="" /></div>
<div class="entry-content" itemprop="text">
{content}
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul><li class="share-twitter"><a href="?share=twitter" class="share-twitter sd-button"><span>Twitter</span></a></li><li class="share-facebook"><a href="?share=facebook" class="share-facebook sd-button"><span>Facebook</span></a></li></ul></div></div></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3>{related('<div class="jp-relatedposts-post"><h4 class="jp-relatedposts-post-title"><a href="{href}">{title}</a></h4></div>')}</div>
</div>
<footer class="entry-meta"><span class="cat-links"><span class="screen-reader-text">Categories </span><a href="{ROOT}/category/world/" rel="category tag">World</a></span>
<nav id="nav-below" class="post-navigation"><div class="nav-previous"><span class="prev"><a href="{ROOT}{RELATED[0][0]}" rel="prev">{RELATED[0][1]}</a></span></div></nav></footer>
</div></article>
{comments_block()}
</main></div>
<div class="widget-area sidebar is-right-sidebar" id="right-sidebar"><div class="inside-right-sidebar">
<aside id="search-2" class="widget widget_search"><form method="get" class="search-form" action="{ROOT}/"><label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" name="s"></label></form></aside>
<aside id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{related('<li><a href="{href}">{title}</a></li>')}</ul></aside>
<aside id="text-3" class="widget widget_text"><h2 class="widget-title">About NewsMoris</h2><div class="textwidget"><p>NewsMoris brings you the latest news from Mauritius and the region, every day, in English.</p></div></aside>
</div></div>
</div></div>
<div class="site-footer"><footer class="site-info"><div class="inside-site-info grid-container"><div class="copyright-bar">&copy; 2026 NewsMoris &bull; Built with GeneratePress</div></div></footer></div>"""
    return page(yoast(a), f"post-template-default single single-post postid-{a['post_id']} single-format-standard wp-embed-responsive right-sidebar nav-below-header separate-containers", body, a["title"] + " - NewsMoris")


def elementor(a: dict) -> str:
    """Elementor Pro theme-builder single template (the content wrapped in Elementor widgets), RankMath SEO."""
    shown = a["local"].strftime("%B %-d, %Y")
    clock = a["local"].strftime("%-I:%M %p").lower()
    rankmath = {"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "@id": ROOT + "/#organization", "name": "NewsMoris"},
        {"@type": "WebPage", "@id": a["url"] + "#webpage", "url": a["url"], "name": a["title"]},
        {"@type": "Person", "@id": ROOT + "/author/news-moris-editor/", "name": a["author"]},
        {"@type": "NewsArticle", "headline": a["title"], "datePublished": a["local"].isoformat(),
         "dateModified": a["local"].isoformat(), "articleSection": "Economy, News",
         "author": {"@id": ROOT + "/author/news-moris-editor/", "name": a["author"]},
         "description": a["excerpt"], "@id": a["url"] + "#richSnippet", "isPartOf": {"@id": a["url"] + "#webpage"},
         "inLanguage": "en-US", "mainEntityOfPage": {"@id": a["url"] + "#webpage"}},
    ]}
    head = (f'<meta name="description" content="{escape(a["excerpt"])}"/><link rel="canonical" href="{a["url"]}" />'
            f'<meta property="og:type" content="article" /><meta property="og:title" content="{escape(a["title"])}" />'
            f'<meta property="article:published_time" content="{a["local"].isoformat()}" />'
            '<script type="application/ld+json" class="rank-math-schema-pro">' + json.dumps(rankmath) + "</script>"
            '<link rel="stylesheet" id="elementor-frontend-css" href="/wp-content/plugins/elementor/assets/css/frontend.min.css" media="all" />')
    widget = '<div class="elementor-element elementor-widget elementor-widget-{kind}" data-widget_type="{kind}.default"><div class="elementor-widget-container">{inner}</div></div>'
    share = "".join(f'<div class="elementor-share-btn elementor-share-btn_{n.lower()}" role="button" tabindex="0" aria-label="Share on {n}"><span class="elementor-share-btn__text"><span class="elementor-share-btn__title">{n}</span></span></div>' for n in ("Facebook", "Twitter", "WhatsApp"))
    posts = related('<article class="elementor-post elementor-grid-item post type-post"><div class="elementor-post__text"><h3 class="elementor-post__title"><a href="{href}">{title}</a></h3><div class="elementor-post__meta-data"><span class="elementor-post-date">June 3, 2025</span></div></div></article>')
    newsletter = '<form class="elementor-form" method="post" name="Newsletter"><div class="elementor-form-fields-wrapper"><div class="elementor-field-group"><label for="form-field-email" class="elementor-field-label">Get the morning briefing in your inbox</label><input type="email" name="form_fields[email]" id="form-field-email" placeholder="Your email address"></div><button type="submit" class="elementor-button"><span class="elementor-button-text">Subscribe</span></button></div></form>'
    body = f"""<div data-elementor-type="header" data-elementor-id="77" class="elementor elementor-77 elementor-location-header">
<section class="elementor-section elementor-top-section elementor-section-boxed"><div class="elementor-container elementor-column-gap-default">
{widget.format(kind="theme-site-logo", inner=f'<a href="{ROOT}"><img src="{ROOT}/wp-content/uploads/logo.png" alt="NewsMoris"></a>')}
{widget.format(kind="nav-menu", inner='<nav class="elementor-nav-menu--main elementor-nav-menu__container">' + menu("menu-item elementor-item") + '</nav>')}
</div></section></div>
<div data-elementor-type="single-post" data-elementor-id="1234" class="elementor elementor-1234 elementor-location-single post-{a['post_id']} post type-post status-publish format-standard hentry category-economy">
<section class="elementor-section elementor-top-section elementor-section-boxed"><div class="elementor-container elementor-column-gap-wide">
<div class="elementor-column elementor-col-66 elementor-top-column"><div class="elementor-widget-wrap elementor-element-populated">
{widget.format(kind="post-info", inner=f'<ul class="elementor-inline-items elementor-icon-list-items elementor-post-info"><li class="elementor-icon-list-item elementor-repeater-item-1 elementor-inline-item" itemprop="about"><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-terms"><span class="elementor-post-info__terms-list"><a href="{ROOT}/category/economy/" class="elementor-post-info__terms-list-item">Economy</a></span></span></li></ul>')}
{widget.format(kind="theme-post-title", inner=f'<h1 class="elementor-heading-title elementor-size-default">{a["title"]}</h1>')}
{widget.format(kind="post-info", inner=f'<ul class="elementor-inline-items elementor-icon-list-items elementor-post-info"><li class="elementor-icon-list-item elementor-inline-item" itemprop="author"><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-author">By {a["author"]}</span></li><li class="elementor-icon-list-item elementor-inline-item" itemprop="datePublished"><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-date">{shown}</span></li><li class="elementor-icon-list-item elementor-inline-item"><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-time">{clock}</span></li></ul>')}
{widget.format(kind="theme-post-featured-image", inner=f'<img src="{ROOT}/wp-content/uploads/2025/06/budget.jpg" alt="">')}
{widget.format(kind="theme-post-content", inner=a['body_html'])}
{widget.format(kind="share-buttons", inner='<div class="elementor-grid">' + share + '</div>')}
{widget.format(kind="author-box", inner=f'<div class="elementor-author-box"><div class="elementor-author-box__text"><h4 class="elementor-author-box__name">{a["author"]}</h4><div class="elementor-author-box__bio">The NewsMoris desk covers politics, the economy and society in Mauritius and Rodrigues.</div></div></div>')}
{widget.format(kind="heading", inner='<h2 class="elementor-heading-title elementor-size-default">You may also like</h2>')}
{widget.format(kind="posts", inner='<div class="elementor-posts-container elementor-posts elementor-grid">' + posts + '</div>')}
</div></div>
<div class="elementor-column elementor-col-33 elementor-top-column"><div class="elementor-widget-wrap">
{widget.format(kind="heading", inner='<h2 class="elementor-heading-title">Newsletter</h2>')}
{widget.format(kind="form", inner=newsletter)}
</div></div>
</div></section></div>
<div data-elementor-type="footer" data-elementor-id="88" class="elementor elementor-88 elementor-location-footer"><section class="elementor-section"><div class="elementor-container">{widget.format(kind="text-editor", inner='<p>© 2026 NewsMoris. All rights reserved. Reproduction without permission is prohibited.</p>')}</div></section></div>
<div id="cookie-law-info-bar" data-nosnippet="true"><span>This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish.<a role="button" class="cli_settings_button">Cookie settings</a><a role="button" id="cookie_action_close_header" class="cli_action_button">ACCEPT</a></span></div>"""
    return page(head, f"post-template-default single single-post postid-{a['post_id']} single-format-standard elementor-default elementor-template-full-width elementor-kit-5 elementor-page-1234", body, a["title"] + " | NewsMoris")


def amp_reader(a: dict) -> str:
    """The official AMP plugin's reader (legacy) template, `?amp=1`."""
    meta = {"@context": "http://schema.org", "publisher": {"@type": "Organization", "name": "NewsMoris"},
            "@type": "BlogPosting", "mainEntityOfPage": a["url"], "headline": a["title"],
            "datePublished": a["utc"].isoformat(), "dateModified": a["utc"].isoformat(),
            "author": {"@type": "Person", "name": a["author"]}}
    content = a["body_html"].replace('class="td_quote_box td_box_left"', "")
    content = with_ad(content, '<amp-ad width="300" height="250" type="adsense" data-ad-client="ca-pub-123" data-ad-slot="789" layout="responsive"><div placeholder>Loading ad…</div><div fallback>Advertisement</div></amp-ad>', 2)
    shown = a["local"].strftime("%B %-d, %Y")
    head = (f'<link rel="canonical" href="{a["url"]}" /><script async src="https://cdn.ampproject.org/v0.js"></script>'
            '<script async custom-element="amp-ad" src="https://cdn.ampproject.org/v0/amp-ad-0.1.js"></script>'
            '<style amp-custom>.amp-wp-article{color:#353535;margin:1.5em auto}.amp-wp-title{font-size:2em}</style>'
            '<script type="application/ld+json">' + json.dumps(meta) + "</script>")
    body = f"""<header id="top" class="amp-wp-header"><div><a href="{ROOT}/?amp=1"><span class="amp-site-title">NewsMoris</span></a>
<button class="amp-wp-header-menu" on="tap:sidebar.toggle">Menu</button></div></header>
<amp-sidebar id="sidebar" layout="nodisplay" side="left">{menu()}</amp-sidebar>
<article class="amp-wp-article">
<header class="amp-wp-article-header"><h1 class="amp-wp-title">{a['title']}</h1>
<div class="amp-wp-meta amp-wp-byline"><span class="amp-wp-author author vcard">{a['author']}</span></div>
<div class="amp-wp-meta amp-wp-posted-on"><time datetime="{a['utc'].isoformat()}">{shown}</time></div>
</header>
<figure class="amp-wp-article-featured-image wp-caption"><amp-img width="1200" height="675" src="{ROOT}/wp-content/uploads/2023/08/electoral-reform.jpg" layout="intrinsic"></amp-img><p class="wp-caption-text">Opposition MPs leaving the Chamber.</p></figure>
<div class="amp-wp-article-content">
{content}
</div>
<footer class="amp-wp-article-footer">
<div class="amp-wp-meta amp-wp-tax-category">Categories: <a href="{ROOT}/category/politics/" rel="category tag">Politics</a></div>
<div class="amp-wp-meta amp-wp-comments-link"><a href="{a['url']}#respond">Leave a Comment</a></div>
</footer>
</article>
<footer class="amp-wp-footer"><div><h2>NewsMoris</h2><a href="#top" class="back-to-top">Back to top</a></div></footer>"""
    return page(head, "", body, a["title"] + " – NewsMoris", html_attrs='amp="" lang="en-US"')


def mobile_lite(a: dict) -> str:
    """A stripped-down mobile page (a lite theme for slow connections): no SEO head at all."""
    shown = a["local"].strftime("%d/%m/%Y %H:%M")
    content = re.sub(r"</?a[^>]*>", "", a["body_html"])
    body = f"""<div id="top"><a href="{ROOT}/" class="logo">NewsMoris</a> <a href="#nav" class="nav-toggle">☰</a></div>
<div id="nav"><a href="{ROOT}/">Home</a> | <a href="{ROOT}/category/news/">News</a> | <a href="{ROOT}/category/economy/">Economy</a> | <a href="{ROOT}/category/politics/">Politics</a></div>
<div id="main">
<div class="story">
<h1>{a['title']}</h1>
<div class="meta"><span class="cat">Economy</span> · <span class="date">{shown}</span></div>
{content}
</div>
<div class="share">Share: <a href="https://wa.me/?text={a['url']}">WhatsApp</a> <a href="https://www.facebook.com/sharer.php?u={a['url']}">Facebook</a></div>
<div class="more"><h3>More news</h3><ul>{related('<li><a href="{href}">{title}</a></li>')}</ul></div>
</div>
<div id="foot"><a href="#top">Back to top</a> · <a href="{a['url']}?desktop=1">Full site</a> · © NewsMoris</div>"""
    return page("", "lite", body, a["title"])


def jannah(a: dict) -> str:
    """Jannah (TieLabs) single: its own NewsArticle schema with the full `articleBody`; in-post ads."""
    schema = {"@context": "http://schema.org", "@type": "NewsArticle", "dateCreated": a["utc"].isoformat(),
              "datePublished": a["utc"].isoformat(), "dateModified": a["utc"].isoformat(),
              "headline": a["title"], "name": a["title"], "keywords": "Mauritius,Security",
              "url": a["url"], "description": a["excerpt"],
              "articleBody": plain_text(a["body_html"]),
              "author": {"@type": "Person", "name": a["author"], "url": ROOT + "/author/news-moris-editor/"},
              "publisher": {"@type": "Organization", "name": "NewsMoris"},
              "mainEntityOfPage": {"@type": "WebPage", "@id": a["url"]}}
    head = (f'<link rel="canonical" href="{a["url"]}" /><meta property="og:type" content="article" />'
            f'<meta property="og:title" content="{escape(a["title"])}" />'
            '<script type="application/ld+json">' + json.dumps(schema) + "</script>")
    ad = '<div class="stream-item stream-item-in-post stream-item-inline-post aligncenter"><span class="stream-title">- Advertisement -</span><a href="https://ads.example.mu/click" target="_blank"><img src="https://ads.example.mu/banner-728x90.jpg" width="728" height="90" alt="Sponsored: Book your holiday in Rodrigues"></a></div>'
    shown = a["local"].strftime("%d %B %Y")
    body = f"""<div class="background-overlay"><div id="tie-container" class="site tie-container"><div id="tie-wrapper">
<nav id="top-nav" class="top-nav header-nav"><div class="topbar-wrapper"><div class="topbar-today-date">Wednesday, December 2, 2026</div><div class="tie-alignright"><ul class="components"><li class="weather-menu-item menu-item custom-menu-link"><div class="tie-weather-widget"><span class="the-weather">27°C Port Louis</span></div></li></ul></div></div></nav>
<header id="theme-header" class="theme-header header-layout-3 main-nav-dark"><div class="container"><div class="logo-row"><div id="logo" class="image-logo"><a title="NewsMoris" href="{ROOT}/"><img src="{ROOT}/wp-content/uploads/logo.png" alt="NewsMoris"></a></div></div>
<nav id="main-nav" class="main-nav"><div class="main-menu-wrapper"><div id="main-nav-menu" class="main-menu header-menu">{menu()}</div></div></nav></div></header>
<div id="content" class="site-content container"><div id="main-content-row" class="tie-row main-content-row">
<div class="main-content tie-col-md-8 tie-col-xs-12" role="main">
<article id="the-post" class="container-wrapper post-content tie-standard">
<header class="entry-header-outer"><nav id="breadcrumb"><a href="{ROOT}/">Home</a><em class="delimiter">/</em><a href="{ROOT}/category/news/">News</a></nav>
<div class="entry-header"><span class="post-cat-wrap"><a class="post-cat tie-cat-3" href="{ROOT}/category/news/">News</a></span>
<h1 class="post-title entry-title">{a['title']}</h1>
<div class="single-post-meta post-meta clearfix"><span class="author-meta single-author no-avatars"><span class="meta-item meta-author-wrapper"><span class="meta-author"><a href="{ROOT}/author/news-moris-editor/" class="author-name tie-icon" title="{a['author']}">{a['author']}</a></span></span></span><span class="date meta-item tie-icon">{shown}</span><div class="tie-alignright"><span class="meta-views meta-item"><span class="tie-icon-fire" aria-hidden="true"></span> 1,284 </span><span class="meta-reading-time meta-item"><span class="tie-icon-bookmark" aria-hidden="true"></span> 2 minutes read</span></div></div>
</div></header>
<div id="share-buttons-top" class="share-buttons share-buttons-top"><div class="share-links"><a href="https://www.facebook.com/sharer.php?u={a['url']}" class="facebook-share-btn large-share-button"><span class="share-btn-icon tie-icon-facebook"></span> <span class="social-text">Facebook</span></a><a href="https://twitter.com/intent/tweet?url={a['url']}" class="twitter-share-btn large-share-button"><span class="social-text">X</span></a><a href="https://api.whatsapp.com/send?text={a['url']}" class="whatsapp-share-btn"><span class="screen-reader-text">WhatsApp</span></a></div></div>
<div class="entry-content entry clearfix">
{with_ad(a['body_html'], ad, 2)}
<div class="stream-item stream-item-below-post-content"><span class="stream-title">- Advertisement -</span><div class="stream-item-size"><ins class="adsbygoogle"></ins></div></div>
</div>
<div id="post-extra-info"><div class="theiaStickySidebar"><div class="single-post-meta post-meta clearfix"><span class="date meta-item tie-icon">{shown}</span></div></div></div>
<div class="post-footer post-footer-on-bottom"><div class="post-bottom-meta post-bottom-tags post-tags-modern"><div class="post-bottom-meta-title"><span class="tie-icon-tags" aria-hidden="true"></span> Tags</div><span class="tagcloud"><a href="{ROOT}/tag/mauritius/" rel="tag">Mauritius</a><a href="{ROOT}/tag/security/" rel="tag">Security</a></span></div></div>
<div id="share-buttons-bottom" class="share-buttons share-buttons-bottom"><div class="share-links icons-only"><a href="https://www.facebook.com/sharer.php?u={a['url']}" class="facebook-share-btn"><span class="screen-reader-text">Facebook</span></a><a href="#" class="print-share-btn"><span class="screen-reader-text">Print</span></a></div></div>
</article>
<div class="post-components"><div class="about-author container-wrapper about-author-1"><div class="author-info"><h3 class="author-name"><a href="{ROOT}/author/news-moris-editor/">{a['author']}</a></h3><div class="author-bio">Our editorial team brings you the news of Mauritius every day.</div></div></div>
<div id="related-posts" class="container-wrapper has-extra-post"><div class="mag-box-title the-global-title"><h3>Related Articles</h3></div><div class="related-posts-list">{related('<div class="related-item tie-standard"><h3 class="post-title"><a href="{href}">{title}</a></h3><div class="post-meta clearfix"><span class="date meta-item tie-icon">5 days ago</span></div></div>')}</div></div>
{comments_block()}
</div>
</div>
<aside class="sidebar tie-col-md-4 tie-col-xs-12 normal-side is-sticky"><div id="posts-list-widget-2" class="container-wrapper widget posts-list"><div class="widget-title the-global-title"><div class="the-subtitle">Most Popular</div></div><div class="widget-posts-list-wrapper"><ul class="posts-list-items">{related('<li class="widget-single-post-item widget-post-list"><div class="post-widget-body"><a class="post-title the-subtitle" href="{href}">{title}</a><div class="post-meta"><span class="date meta-item tie-icon">1 week ago</span></div></div></li>')}</ul></div></div></aside>
</div></div>
<footer id="footer" class="site-footer dark-skin dark-widgetized-area"><div id="site-info" class="site-info"><div class="container"><div class="copyright-text copyright-text-first">&copy; Copyright 2026, All Rights Reserved &nbsp;|&nbsp; NewsMoris</div></div></div></footer>
<a id="go-to-top" class="go-to-top-button" href="#go-to-tie-body"><span class="tie-icon-angle-up"></span><span class="screen-reader-text">Back to top button</span></a>
</div></div></div>"""
    return page(head, f"post-template-default single single-post postid-{a['post_id']} single-format-standard tie-no-js wrapper-has-shadow block-head-1 magazine2 is-thumb-overlay-disabled is-desktop is-header-layout-3 sidebar-right has-sidebar post-layout-1", body, a["title"] + " - NewsMoris")


def twentytwentyfour(a: dict) -> str:
    """Twenty Twenty-Four (a block theme) with a schema plugin whose `articleBody` is an excerpt."""
    schema = {"@context": "https://schema.org", "@type": "NewsArticle", "@id": a["url"] + "#newsarticle",
              "url": a["url"], "headline": a["title"], "datePublished": a["local"].isoformat(),
              "dateModified": a["local"].isoformat(), "inLanguage": "en-US",
              "articleBody": a["excerpt"], "wordCount": 158,
              "author": {"@type": "Person", "name": a["author"]}}
    head = (f'<link rel="canonical" href="{a["url"]}" /><script type="application/ld+json" class="saswp-schema-markup-output">'
            + json.dumps([schema]) + "</script>"
            "<style id='wp-block-library-inline-css'>.wp-block-post-title{box-sizing:border-box}</style>")
    shown = a["local"].strftime("%B %-d, %Y")
    body = f"""<div class="wp-site-blocks">
<header class="wp-block-template-part"><div class="wp-block-group alignwide is-layout-flex"><p class="wp-block-site-title"><a href="{ROOT}" rel="home">NewsMoris</a></p>
<nav class="is-responsive items-justified-right wp-block-navigation" aria-label="Header navigation"><ul class="wp-block-navigation__container">{''.join(f'<li class="wp-block-navigation-item"><a class="wp-block-navigation-item__content" href="{ROOT}/category/{m.lower()}/"><span class="wp-block-navigation-item__label">{m}</span></a></li>' for m in MENU)}</ul></nav></div></header>
<main class="wp-block-group is-layout-flow wp-block-group-is-layout-flow" style="margin-top:var(--wp--preset--spacing--50)">
<div class="wp-block-group is-layout-constrained">
<h1 style="font-size:var(--wp--preset--font-size--x-large);" class="has-text-align-left wp-block-post-title">{a['title']}</h1>
<div class="wp-block-group is-content-justification-left is-layout-flex"><div class="wp-block-post-date"><time datetime="{a['local'].isoformat()}">{shown}</time></div><p class="has-small-font-size">— by</p><div class="wp-block-post-author-name"><a href="{ROOT}/author/news-moris-editor/" target="_self" class="wp-block-post-author-name__link">{a['author']}</a></div><p class="has-small-font-size">in</p><div class="taxonomy-category wp-block-post-terms"><a href="{ROOT}/category/politics/" rel="tag">Politics</a></div></div>
</div>
<div class="entry-content alignfull wp-block-post-content has-global-padding is-layout-constrained wp-block-post-content-is-layout-constrained">
{a['body_html']}
</div>
<div class="wp-block-group is-layout-constrained" style="margin-top:var(--wp--preset--spacing--40)"><div class="wp-block-group is-layout-flex"><div class="taxonomy-post_tag wp-block-post-terms"><a href="{ROOT}/tag/national-assembly/" rel="tag">National Assembly</a></div></div></div>
<nav class="wp-block-group alignwide is-content-justification-space-between is-layout-flex" aria-label="Post navigation"><div class="post-navigation-link-previous wp-block-post-navigation-link"><span class="wp-block-post-navigation-link__arrow-previous">←</span><a href="{ROOT}{RELATED[1][0]}" rel="prev">{RELATED[1][1]}</a></div></nav>
<div class="wp-block-comments wp-block-comments-query-loop"><h2 class="wp-block-heading">Comments</h2>
<div id="respond" class="comment-respond wp-block-post-comments-form"><h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="#respond" style="display:none;">Cancel reply</a></small></h3><form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form" novalidate><p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> Required fields are marked *</p><p class="comment-form-comment"><label for="comment">Comment</label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525"></textarea></p></form></div></div>
<div class="wp-block-group alignwide is-layout-constrained"><h2 class="wp-block-heading alignwide">More posts</h2>
<div class="wp-block-query alignwide is-layout-flow"><ul class="columns-3 wp-block-post-template is-layout-grid">{related('<li class="wp-block-post post type-post status-publish"><h3 class="wp-block-post-title"><a href="{href}" target="_self">{title}</a></h3><div class="wp-block-post-date"><time datetime="2025-03-10T09:00:00+04:00">March 10, 2025</time></div></li>')}</ul></div></div>
</main>
<footer class="wp-block-template-part"><div class="wp-block-group has-global-padding is-layout-constrained"><p class="has-small-font-size">Designed with <a href="https://wordpress.org" rel="nofollow">WordPress</a></p><p class="has-small-font-size">NewsMoris — news from Mauritius, Rodrigues and the region.</p></div></footer>
</div>"""
    return page(head, f"post-template-default single single-post postid-{a['post_id']} single-format-standard wp-embed-responsive", body, a["title"] + " – NewsMoris")


def newspack(a: dict) -> str:
    """Newspack theme: a newsletter prompt and a related-posts block inside the content."""
    prompt = ('<div class="newspack-popup-container newspack-popup newspack-inline-popup" role="button" tabindex="0" id="id_1234">'
              '<div class="wp-block-newspack-newsletters-subscribe newspack-newsletters-subscribe"><form><h2 class="wp-block-heading">Sign up for the NewsMoris Daily</h2><p>Our best stories, in your inbox every morning.</p>'
              '<input type="email" name="npe" autocomplete="email" placeholder="Enter your email address"/><input type="submit" value="Sign up"/></form></div></div>')
    shown = a["local"].strftime("%B %-d, %Y %-I:%M %p").replace("AM", "am").replace("PM", "pm")
    related_block = '<div class="wp-block-newspack-blocks-homepage-articles wpnbha show-image image-aligntop ts-3 is-3 is-landscape"><h2 class="article-section-title"><span>Read more</span></h2><div data-posts data-current-post-id="' + str(a["post_id"]) + '">' + related('<article class="post-has-image type-post"><div class="entry-wrapper"><h3 class="entry-title"><a href="{href}" rel="bookmark">{title}</a></h3><div class="entry-meta"><time class="entry-date published" datetime="2025-01-01T10:00:00+04:00">January 1, 2025</time></div></div></article>') + "</div></div>"
    body = f"""<div id="page" class="site"><a class="skip-link screen-reader-text" href="#main">Skip to content</a>
<header id="masthead" class="site-header hide-header-search"><div class="middle-header-contain"><div class="wrapper"><div class="site-branding"><a href="{ROOT}/" class="custom-logo-link" rel="home"><img src="{ROOT}/wp-content/uploads/logo.png" class="custom-logo" alt="NewsMoris"></a><p class="site-title"><a href="{ROOT}/" rel="home">NewsMoris</a></p></div>
<nav class="main-navigation nav1 dd-menu" aria-label="Top Menu">{menu()}</nav></div></div></header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{a['post_id']}" class="post-{a['post_id']} post type-post status-publish format-standard hentry category-economy entry">
<header class="entry-header"><span class="cat-links"><a href="{ROOT}/category/economy/" rel="category tag">Economy</a></span><h1 class="entry-title">{a['title']}</h1>
<div class="entry-subhead"><div class="entry-meta"><span class="author-avatar"><img alt="" src="{ROOT}/wp-content/uploads/avatar.png" class="avatar avatar-80 photo"></span><span class="byline"><span>By</span> <span class="author vcard"><a class="url fn n" href="{ROOT}/author/news-moris-editor/">{a['author']}</a></span></span><span class="posted-on"><time class="entry-date published" datetime="{a['utc'].isoformat()}">{shown}</time><time class="updated" datetime="{a['utc'].isoformat()}">{shown}</time></span></div>
<div class="newspack-social-sharing"><a href="https://twitter.com/share?url={a['url']}" class="share-twitter"><span>Share on X</span></a><a href="https://www.facebook.com/sharer.php?u={a['url']}" class="share-facebook"><span>Share on Facebook</span></a></div></div>
</header>
<div class="main-content"><figure class="post-thumbnail"><img src="{ROOT}/wp-content/uploads/2024/02/bank-of-mauritius-tower.jpg" alt=""><figcaption><span class="image-caption">The Bank of Mauritius tower in Port Louis.</span></figcaption></figure>
<div class="entry-content">
{with_ad(a['body_html'], prompt, 2)}
{related_block}
</div>
<footer class="entry-footer"><span class="tags-links"><span>Tagged:</span> <a href="{ROOT}/tag/bank-of-mauritius/" rel="tag">Bank of Mauritius</a></span></footer>
<div class="author-bio"><div class="author-bio-text"><div class="author-bio-header"><h2 class="accent-header">{a['author']}</h2></div><p>Reporting on the economy of Mauritius since 2019. <a class="author-link" href="{ROOT}/author/news-moris-editor/">More by {a['author']}</a></p></div></div>
</div></article>
</main></div>
<aside id="secondary" class="widget-area"><section id="newspack-blocks-2" class="widget widget_block"><h2 class="widgettitle">Trending</h2><ul>{related('<li><a href="{href}">{title}</a></li>')}</ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info"><div class="wrapper site-info-contain"><span class="copyright">&copy; 2026 NewsMoris.</span><a class="imprint" href="https://newspack.com/" rel="nofollow">Proudly powered by Newspack by Automattic</a></div></div></footer></div>"""
    return page(yoast(a, article_type="NewsArticle"), f"post-template-default single single-post postid-{a['post_id']} single-format-standard h-nsub h-sub h-sh h-ll h-dh has-sidebar single-featured-image-default", body, a["title"] + " - NewsMoris")


def magazine(a: dict) -> str:
    """An older magazine theme with schema.org microdata and an `articleBody` holding chrome."""
    shown = a["local"].strftime("%d %b %Y")
    content = with_ad(a["body_html"], '<div class="e3lan e3lan-in-post1"><script>google_ad_client = "ca-pub-123";</script><a href="https://ads.example.mu/"><img src="https://ads.example.mu/300x250.gif" alt=""></a></div>', 3)
    head = (f'<link rel="canonical" href="{a["url"]}" /><meta property="og:type" content="article" />'
            f'<meta property="og:title" content="{escape(a["title"])}" /><meta property="og:site_name" content="NewsMoris" />')
    body = f"""<div class="wrapper-outer"><div id="wrapper" class="boxed"><div class="inner-wrapper">
<header id="theme-header" class="theme-header"><div id="top-nav" class="top-nav"><div class="container"><span class="today-date">Wednesday , 2 December 2026</span>{menu()}</div></div>
<div class="header-content"><div class="logo"><h2><a title="NewsMoris" href="{ROOT}/">NewsMoris</a></h2></div></div>
<nav id="main-nav"><div class="container"><div class="main-menu">{menu()}</div></div></nav></header>
<div id="main-content" class="container"><div class="content">
<div xmlns:v="http://rdf.data-vocabulary.org/#" id="crumbs"><span typeof="v:Breadcrumb"><a rel="v:url" property="v:title" class="crumbs-home" href="{ROOT}">Home</a></span> <span class="delimiter">/</span> <span typeof="v:Breadcrumb"><a rel="v:url" property="v:title" href="{ROOT}/category/economy/">Economy</a></span></div>
<article class="post-listing post-{a['post_id']} post type-post status-publish" id="the-post" itemscope itemtype="http://schema.org/NewsArticle">
<meta itemprop="datePublished" content="{a['local'].isoformat()}" /><meta itemprop="headline" content="{escape(a['title'])}" />
<div class="post-inner">
<h1 class="name post-title entry-title"><span itemprop="name">{a['title']}</span></h1>
<p class="post-meta"><span class="post-meta-author">By <a href="{ROOT}/author/priya-ramdin/">{a['author']}</a></span> <span class="tie-date">{shown}</span> <span class="post-cats"><a href="{ROOT}/category/economy/" rel="category tag">Economy</a></span> <span class="post-comments"><a href="{a['url']}#respond">Leave a comment</a></span> <span class="post-views">2,117 Views</span></p>
<div class="clear"></div>
<div class="entry" itemprop="articleBody">
{content}
<div class="share-post"><span class="share-text">Share</span><ul class="flat-social"><li><a href="http://www.facebook.com/sharer.php?u={a['url']}" class="social-facebook"><span>Facebook</span></a></li><li><a href="https://twitter.com/intent/tweet?text={escape(a['title'])}" class="social-twitter"><span>Twitter</span></a></li><li><a href="whatsapp://send?text={a['url']}" class="social-whatsapp"><span>WhatsApp</span></a></li></ul><div class="clear"></div></div>
<section id="related_posts"><div class="block-head"><h3>Related Articles</h3><div class="stripe-line"></div></div><div class="post-listing">{related('<div class="related-item"><h3><a href="{href}" rel="bookmark">{title}</a></h3><p class="post-meta"><span class="tie-date">3 days ago</span></p></div>')}</div></section>
</div>
<span style="display:none" class="updated">{a['local']:%Y-%m-%d}</span>
</div></article>
<section id="author-box"><div class="block-head"><h3>About {a['author']}</h3></div><div class="post-listing"><div class="author-bio"><div class="author-description">Priya Ramdin writes about energy, utilities and consumer affairs for NewsMoris.</div></div></div></section>
{comments_block()}
</div>
<aside id="sidebar"><div id="posts-list-widget-3" class="widget posts-list"><div class="widget-top"><h4>Popular Posts</h4></div><div class="widget-container"><ul>{related('<li><h3><a href="{href}">{title}</a></h3><span class="tie-date">2 weeks ago</span></li>')}</ul></div></div></aside>
</div>
<footer id="theme-footer"><div class="footer-bottom"><div class="container"><div class="alignleft">© Copyright 2026, All Rights Reserved · NewsMoris</div></div></div></footer>
</div></div></div>"""
    return page(head, f"single single-post postid-{a['post_id']} single-format-standard lazy-enabled", body, a["title"] + " | NewsMoris")


def astra(a: dict) -> str:
    """Astra with an editor's inline "Also read" link, AddToAny buttons and a Mailchimp form in
    the content, as plugins and newsrooms add them."""
    also = f'<p><strong>Also read:</strong> <a href="{ROOT}{RELATED[2][0]}">{RELATED[2][1]}</a></p>'
    figure = ('<figure class="wp-block-image size-large"><img decoding="async" src="' + ROOT
              + '/wp-content/uploads/2023/05/sir-seewoosagur-ramgoolam-airport.jpg" alt=""/>'
              '<figcaption class="wp-element-caption">Arrivals hall at SSR International Airport.</figcaption></figure>')
    content = with_ad(with_ad(a["body_html"], also, 1), figure, 4)
    share = ('<div class="addtoany_share_save_container addtoany_content addtoany_content_bottom"><div class="addtoany_header">Share this story</div>'
             '<div class="a2a_kit a2a_kit_size_32 addtoany_list"><a class="a2a_button_facebook" href="https://www.addtoany.com/add_to/facebook?linkurl=x" title="Facebook" rel="nofollow noopener" target="_blank"></a><a class="a2a_button_whatsapp" href="https://www.addtoany.com/add_to/whatsapp?linkurl=x" title="WhatsApp" rel="nofollow noopener" target="_blank"></a><a class="a2a_dd addtoany_share_save addtoany_share" href="https://www.addtoany.com/share"></a></div></div>')
    signup = ('<div id="mc_embed_signup"><form action="https://newsmoris.us21.list-manage.com/subscribe/post" method="post" id="mc-embedded-subscribe-form" class="validate" target="_blank">'
              '<div id="mc_embed_signup_scroll"><h2>Like this story? Get the NewsMoris morning briefing</h2><div class="mc-field-group"><label for="mce-EMAIL">Email Address </label><input type="email" name="EMAIL" class="required email" id="mce-EMAIL"></div>'
              '<div class="clear"><input type="submit" value="Subscribe" name="subscribe" id="mc-embedded-subscribe" class="button"></div></div></form></div>')
    shown = a["local"].strftime("%B %-d, %Y")
    body = f"""<a class="skip-link screen-reader-text" href="#content" title="Skip to content">Skip to content</a>
<div class="hfeed site" id="page">
<header class="site-header header-main-layout-1 ast-primary-menu-enabled ast-hide-custom-menu-mobile" id="masthead"><div id="ast-desktop-header"><div class="ast-main-header-wrap main-header-bar-wrap"><div class="ast-primary-header-bar ast-primary-header main-header-bar site-header-focus-item"><div class="site-primary-header-wrap ast-builder-grid-row-container site-header-focus-item ast-container">
<div class="site-branding ast-site-identity"><span class="site-title"><a href="{ROOT}/" rel="home">NewsMoris</a></span></div>
<div class="ast-builder-menu-1 ast-builder-menu ast-flex ast-builder-menu-1-focus-item"><nav class="site-navigation ast-flex-grow-1 navigation-accessibility site-header-focus-item" aria-label="Site Navigation">{menu("menu-item menu-item-type-taxonomy")}</nav></div>
</div></div></div></div></header>
<div id="content" class="site-content"><div class="ast-container">
<div id="primary" class="content-area primary"><main id="main" class="site-main">
<article class="post-{a['post_id']} post type-post status-publish format-standard has-post-thumbnail hentry category-economy ast-article-single" id="post-{a['post_id']}" itemtype="https://schema.org/CreativeWork" itemscope="itemscope">
<div class="ast-post-format- single-layout-1 ast-no-date-box">
<div class="ast-single-post-order"><h1 class="entry-title" itemprop="headline">{a['title']}</h1>
<div class="entry-meta"><span class="posted-by vcard author" itemtype="https://schema.org/Person" itemscope="itemscope" itemprop="author"><a title="View all posts by {a['author']}" href="{ROOT}/author/news-moris-editor/" rel="author" class="url fn n" itemprop="url"><span class="author-name" itemprop="name">{a['author']}</span></a></span> / <span class="posted-on"><span class="published" itemprop="datePublished">{shown}</span></span> / <span class="ast-terms-link"><a href="{ROOT}/category/economy/">Economy</a></span></div></div>
<div class="entry-content clear" itemprop="text">
{content}
{signup}
{share}
</div>
</div>
</article>
<nav class="navigation post-navigation" aria-label="Posts"><div class="nav-links"><div class="nav-previous"><a title="{RELATED[0][1]}" href="{ROOT}{RELATED[0][0]}" rel="prev"><span class="ast-left-arrow">←</span> Previous Post</a></div><div class="nav-next"><a title="{RELATED[1][1]}" href="{ROOT}{RELATED[1][0]}" rel="next">Next Post <span class="ast-right-arrow">→</span></a></div></div></nav>
<div class="ast-single-related-posts-container"><div class="ast-related-posts-title-section"><h2 class="ast-related-posts-title">Related Posts</h2></div><div class="ast-related-posts-wrapper">{related('<article class="ast-related-post post"><div class="ast-related-post-content"><header class="entry-header related-entry-header"><h3 class="ast-related-post-title entry-title"><a href="{href}" target="_self" rel="bookmark noopener noreferrer">{title}</a></h3><div class="entry-meta ast-related-cat-style--none"><span class="posted-on"><span class="published">May 3, 2023</span></span></div></header><div class="entry-content clear"><p class="ast-related-post-excerpt entry-content clear">The figures released on Monday show a clear improvement over the same period last year, the ministry said in a statement.</p></div></div></article>')}</div></div>
{comments_block()}
</main></div>
<div class="widget-area secondary" id="secondary" role="complementary"><div class="sidebar-main"><aside id="block-3" class="widget widget_block widget_recent_entries"><h2 class="widget-title">Latest</h2><ul class="wp-block-latest-posts__list wp-block-latest-posts">{related('<li><a class="wp-block-latest-posts__post-title" href="{href}">{title}</a></li>')}</ul></aside></div></div>
</div></div>
<footer class="site-footer" id="colophon"><div class="site-below-footer-wrap ast-builder-grid-row-container site-footer-focus-item"><div class="ast-builder-grid-row-container-inner"><div class="ast-footer-copyright"><p>Copyright &copy; 2026 NewsMoris | Powered by NewsMoris</p></div></div></div></footer>
</div>"""
    return page(yoast(a), f"post-template-default single single-post postid-{a['post_id']} single-format-standard ast-single-post ast-inherit-site-logo-transparent ast-hfb-header ast-desktop ast-separate-container ast-right-sidebar astra-4.6.4", body, a["title"] + " - NewsMoris")


# -- pages of those layouts that are not articles ---------------------------------------------

def listing_generatepress() -> str:
    cards = related('<article class="post type-post status-publish format-standard hentry"><div class="inside-article"><header class="entry-header"><h2 class="entry-title" itemprop="headline"><a href="{href}" rel="bookmark">{title}</a></h2><div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="2025-01-01T10:00:00+04:00">January 1, 2025</time></span></div></header><div class="entry-summary" itemprop="text"><p>Ministers met on Tuesday in Port Louis to discuss the matter, which has divided the government and the opposition for months, with no agreement in sight as the deadline approaches and the unions threaten to strike &hellip; <a title="{title}" class="read-more" href="{href}">Read more</a></p></div></div></article>')
    body = f"""<header class="site-header"><p class="main-title"><a href="{ROOT}/">NewsMoris</a></p><nav class="main-navigation">{menu()}</nav></header>
<div class="site-content" id="content"><div class="content-area" id="primary"><main class="site-main" id="main">
<header class="page-header"><h1 class="page-title">Category: <span>News</span></h1></header>
{cards * 3}
<nav id="nav-below" class="paging-navigation"><div class="nav-links"><span aria-current="page" class="page-numbers current">1</span><a class="page-numbers" href="{ROOT}/category/news/page/2/">2</a><a class="next page-numbers" href="{ROOT}/category/news/page/2/">Next &rarr;</a></div></nav>
</main></div></div>"""
    head = f'<link rel="canonical" href="{ROOT}/category/news/" /><meta property="og:type" content="website" />'
    return page(head, "archive category category-news category-3 wp-embed-responsive right-sidebar", body, "News Archives - NewsMoris")


def about_twentytwentyfour() -> str:
    text = "".join(f"<p>{p}</p>" for p in (
        "NewsMoris is an independent English-language news site from Mauritius. We publish the news of the island, of Rodrigues and of the wider Indian Ocean region, every day of the year.",
        "Our newsroom in Port Louis rewrites and translates reports from the main Mauritian media, and adds its own reporting on politics, the economy, the environment and society.",
        "We are funded by advertising only and have no political affiliation. Corrections are published at the foot of the article concerned, with the date of the change.",
        "To contact the newsroom, write to the editor at the address given on our contact page. We read every message, even if we cannot answer all of them.",
    ))
    body = f"""<div class="wp-site-blocks"><header class="wp-block-template-part"><p class="wp-block-site-title"><a href="{ROOT}">NewsMoris</a></p></header>
<main class="wp-block-group is-layout-flow"><div class="wp-block-group is-layout-constrained"><h1 class="wp-block-post-title">About us</h1></div>
<div class="entry-content wp-block-post-content is-layout-constrained">{text}</div></main></div>"""
    head = f'<link rel="canonical" href="{ROOT}/about-us/" /><meta property="og:type" content="website" />'
    return page(head, "page-template-default page page-id-2 wp-embed-responsive", body, "About us – NewsMoris")


def tag_lite() -> str:
    items = related('<li><a href="{href}">{title}</a><p>Ministers met on Tuesday in Port Louis to discuss the matter, which has divided the government and the opposition for months, with no agreement in sight as the deadline approaches.</p></li>')
    body = f"""<div id="top"><a href="{ROOT}/" class="logo">NewsMoris</a></div>
<div id="main"><h1>Tag: Mauritius</h1><ul class="list">{items * 4}</ul><div class="pager"><a href="{ROOT}/tag/mauritius/page/2/">Older stories</a></div></div>
<div id="foot">© NewsMoris</div>"""
    return page("", "lite", body, "Mauritius – NewsMoris")


LAYOUTS = {
    "generatepress_yoast": (generatepress, "russia-china-active-in-military-cooperation-says-putin-during-meeting-with-chinese-defence-minister"),
    "elementor_rankmath": (elementor, "budget-2025-26-pension-age-to-rise-gradually-to-65"),
    "amp_reader": (amp_reader, "opposition-walks-out-of-national-assembly-over-electoral-reform-bill"),
    "mobile_lite": (mobile_lite, "rupee-slides-past-rs-43-against-us-dollar-as-import-bill-climbs"),
    "jannah_ld_article_body": (jannah, "port-louis-to-host-regional-maritime-security-conference"),
    "twentytwentyfour_excerpt_ld": (twentytwentyfour, "speaker-suspends-opposition-mp-for-rest-of-session"),
    "newspack_dateline": (newspack, "bank-of-mauritius-holds-key-rate-at-4-5"),
    "magazine_microdata": (magazine, "ceb-warns-of-power-cuts-as-summer-demand-peaks"),
    "astra_inline_plugins": (astra, "tourist-arrivals-cross-500000-mark-in-first-five-months"),
}
NON_ARTICLES = {
    "nonarticle_generatepress_category": listing_generatepress,
    "nonarticle_twentytwentyfour_about": about_twentytwentyfour,
    "nonarticle_lite_tag": tag_lite,
}


def main() -> None:
    for name, (layout, slug) in LAYOUTS.items():
        (HERE / f"{name}.html").write_text(layout(article(slug)), "utf-8")
    for name, layout in NON_ARTICLES.items():
        (HERE / f"{name}.html").write_text(layout(), "utf-8")
    print(f"wrote {len(LAYOUTS) + len(NON_ARTICLES)} pages to {HERE}")


if __name__ == "__main__":
    main()
