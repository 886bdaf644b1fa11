"""SEO head lines: Yoast (or RankMath-style) Open Graph, JSON-LD graphs, hreflang, core links."""

from __future__ import annotations

import hashlib

from layout import HTML_LANG, OG_LOCALE, SITE_NAME, TAGLINE, og_lines
from markup import esc, json_script
from model import ROOT, Post, Term

WEBSITE_ID = f"{ROOT}/#website"
ORGANIZATION_ID = f"{ROOT}/#organization"
LOGO = f"{ROOT}/wp-content/uploads/2024/01/newsmoris-logo.png"
LOGO_ID = f"{ROOT}/#/schema/logo/image/"
YOAST_OPEN = (
    "    <!-- This site is optimized with the Yoast SEO plugin v21.2 - "
    "https://yoast.com/wordpress/plugins/seo/ -->"
)


def person_id(author: Term) -> str:
    digest = hashlib.md5(author.slug.encode(), usedforsecurity=False).hexdigest()
    return f"{ROOT}/#/schema/person/{digest}"


def _script(data: object, css_class: str) -> str:
    payload = json_script(data)
    return f'    <script type="application/ld+json" class="{css_class}">{payload}</script>'


def _website(lang: str) -> dict[str, object]:
    return {
        "@type": "WebSite", "@id": WEBSITE_ID, "url": f"{ROOT}/", "name": SITE_NAME,
        "description": TAGLINE, "publisher": {"@id": ORGANIZATION_ID},
        "potentialAction": [{
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{ROOT}/?s={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        }],
        "inLanguage": HTML_LANG[lang],
    }


def _organization() -> dict[str, object]:
    return {
        "@type": "Organization", "@id": ORGANIZATION_ID, "name": SITE_NAME, "url": f"{ROOT}/",
        "logo": {"@type": "ImageObject", "inLanguage": "en-US", "@id": LOGO_ID, "url": LOGO,
                 "contentUrl": LOGO, "width": 272, "height": 90, "caption": SITE_NAME},
        "image": {"@id": LOGO_ID},
        "sameAs": ["https://www.facebook.com/newsmoris"],
    }


def _dates(post: Post) -> dict[str, str]:
    found = {"datePublished": post.published_value}
    if post.modified_value:
        found["dateModified"] = post.modified_value
    return found


def _yoast_graph(post: Post) -> dict[str, object]:
    url, lang = post.url, HTML_LANG[post.lang]
    authors = [{"name": author.name, "@id": person_id(author)} for author in post.authors]
    article: dict[str, object] = {
        "@type": "Article", "@id": f"{url}#article", "isPartOf": {"@id": url},
        "author": authors[0] if len(authors) == 1 else authors,
        "headline": post.title, **_dates(post), "mainEntityOfPage": {"@id": url},
        "commentCount": len(post.comments), "publisher": {"@id": ORGANIZATION_ID},
    }
    webpage: dict[str, object] = {
        "@type": "WebPage", "@id": url, "url": url, "name": f"{post.title} - {SITE_NAME}",
        "isPartOf": {"@id": WEBSITE_ID}, **_dates(post), "breadcrumb": {"@id": f"{url}#breadcrumb"},
        "inLanguage": lang, "potentialAction": [{"@type": "ReadAction", "target": [url]}],
    }
    graph: list[dict[str, object]] = [article, webpage]
    if post.image:
        image_id = f"{url}#primaryimage"
        article.update(image={"@id": image_id}, thumbnailUrl=post.image.url)
        webpage.update(primaryImageOfPage={"@id": image_id}, image={"@id": image_id})
        graph.append({"@type": "ImageObject", "inLanguage": lang, "@id": image_id,
                      "url": post.image.url, "contentUrl": post.image.url,
                      "width": 1200, "height": 675})
    if post.tags:
        article["keywords"] = [tag.name for tag in post.tags]
    article.update(articleSection=[category.name for category in post.categories], inLanguage=lang,
                   potentialAction=[{"@type": "CommentAction", "name": "Comment",
                                     "target": [f"{url}#respond"]}])
    graph.append({"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{ROOT}/"},
        {"@type": "ListItem", "position": 2, "name": post.title},
    ]})
    graph += [_website(post.lang), _organization()]
    graph += [{"@type": "Person", "@id": person_id(author), "name": author.name,
               "url": author.url} for author in post.authors]
    return {"@context": "https://schema.org", "@graph": graph}


def _rankmath_graph(post: Post) -> dict[str, object]:
    url, lang = post.url, HTML_LANG[post.lang]
    author = post.authors[0] if post.authors else None
    article: dict[str, object] = {
        "@type": "NewsArticle", "headline": f"{post.title} - {SITE_NAME}", **_dates(post),
        "articleSection": ", ".join(category.name for category in post.categories),
        "publisher": {"@id": ORGANIZATION_ID}, "name": post.title, "@id": f"{url}#richSnippet",
        "isPartOf": {"@id": f"{url}#webpage"}, "inLanguage": lang,
        "mainEntityOfPage": {"@id": f"{url}#webpage"},
    }
    if author:
        article["author"] = {"@id": person_id(author), "name": author.name}
    webpage = {"@type": "WebPage", "@id": f"{url}#webpage", "url": url,
               "name": f"{post.title} - {SITE_NAME}", **_dates(post),
               "isPartOf": {"@id": WEBSITE_ID}, "inLanguage": lang}
    return {"@context": "https://schema.org", "@graph": [
        {"@type": ["Organization"], "@id": ORGANIZATION_ID, "name": SITE_NAME, "url": ROOT},
        {"@type": "WebSite", "@id": WEBSITE_ID, "url": ROOT, "name": SITE_NAME,
         "publisher": {"@id": ORGANIZATION_ID}, "inLanguage": lang},
        webpage, article,
    ]}


def _og_pairs(post: Post) -> list[tuple[str, str]]:
    pairs = [
        ("og:locale", OG_LOCALE[post.lang]), ("og:type", "article"),
        ("og:title", f"{post.title} - {SITE_NAME}"), ("og:url", post.url),
        ("og:site_name", SITE_NAME), ("article:publisher", "https://www.facebook.com/newsmoris"),
    ]
    if post.rankmath:
        pairs += [("article:section", category.name) for category in post.categories[:1]]
        pairs += [("og:updated_time", post.modified_value)] if post.modified_value else []
    if "opengraph" in post.date_sources:
        pairs.append(("article:published_time", post.published_value))
        if post.modified_value:
            pairs.append(("article:modified_time", post.modified_value))
    if post.image:
        pairs += [("og:image", post.image.url), ("og:image:width", "1200"),
                  ("og:image:height", "675"), ("og:image:type", "image/jpeg")]
    return pairs


def _author_lines(post: Post) -> list[str]:
    if not post.authors:
        return []
    names = ", ".join(author.name for author in post.authors)
    return [
        f'    <meta name="author" content="{esc(names)}" />',
        '    <meta name="twitter:card" content="summary_large_image" />',
        '    <meta name="twitter:label1" content="Written by" />',
        f'    <meta name="twitter:data1" content="{esc(names)}" />',
    ]


def hreflang_lines(post: Post) -> list[str]:
    """Polylang-style alternates (href before hreflang), only when translations exist."""
    if not post.hreflang:
        return []
    found = {**post.hreflang, post.lang: post.url}
    lines = [f'    <link rel="alternate" href="{esc(url)}" hreflang="{lang}" />'
             for lang, url in sorted(found.items())]
    default = found.get("en", post.url)
    return [*lines, f'    <link rel="alternate" href="{esc(default)}" hreflang="x-default" />']


def article_head(post: Post) -> list[str]:
    """Everything an article's `<head>` carries besides robots and canonical."""
    if post.rankmath:
        lines = ["    <!-- Search Engine Optimization by Rank Math - https://rankmath.com/ -->"]
        lines += og_lines(_og_pairs(post)) + _author_lines(post)
        if "json-ld" in post.date_sources:
            lines.append(_script(_rankmath_graph(post), "rank-math-schema"))
        lines.append("    <!-- /Rank Math WordPress SEO plugin -->")
    else:
        lines = [YOAST_OPEN]
        lines += og_lines(_og_pairs(post)) + _author_lines(post)
        if "json-ld" in post.date_sources:
            lines.append(_script(_yoast_graph(post), "yoast-schema-graph"))
        lines.append("    <!-- / Yoast SEO plugin. -->")
    return [
        *lines,
        *hreflang_lines(post),
        f'    <link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; '
        f'{esc(post.title)} Comments Feed" href="{post.url}feed/" />',
        f'    <link rel="alternate" type="application/json" href="{ROOT}/wp-json/wp/v2/posts/'
        f'{post.post_id}" />',
        f'    <link rel="shortlink" href="{post.shortlink}" />',
        f'    <link rel="amphtml" href="{post.url}?amp=1" />',
    ]


def simple_head(title: str, url: str, og_type: str = "website", lang: str = "en",
                graph: list[dict[str, object]] | None = None) -> list[str]:
    """Yoast lines for pages and archives (no article dates)."""
    lines = og_lines([("og:locale", OG_LOCALE[lang]), ("og:type", og_type), ("og:title", title),
                      ("og:url", url), ("og:site_name", SITE_NAME)])
    lines.append('    <meta name="twitter:card" content="summary_large_image" />')
    data = {"@context": "https://schema.org",
            "@graph": [*(graph or []), _website(lang), _organization()]}
    return [*lines, _script(data, "yoast-schema-graph")]

