"""Article parts both template generations print: content, sharing, microdata, page spec."""

from __future__ import annotations

from urllib.parse import quote

import dates
from blocks import inline_ad, insert_after_paragraph
from layout import SITE_NAME, PageSpec
from markup import esc, join, texturize, title_html
from model import Post, Site
from seo import LOGO, article_head

# "Must Read" blocks skip the newest News posts (the "Latest Articles" block shows them).
MUST_READ_OFFSET = 3


def content_html(post: Post, generation: str) -> str:
    """The stored post content with the inline ad after paragraph N, texturized."""
    ad = inline_ad(post.lang, generation)
    return insert_after_paragraph(texturize(post.body_html), post.inline_ad_after, ad)


def jetpack(post: Post) -> bool:
    """Some posts also carry Jetpack's sharing links (`?share=…` on the article URL)."""
    return post.post_id % 2 == 1


def _share_button(network: str, label: str, href: str) -> str:
    return (
        '<a class="td-social-sharing-button td-social-sharing-button-js td-social-network '
        f'td-social-{network}" href="{href}" title="{label}" ><div class="td-social-but-icon">'
        f'<i class="td-icon-{network}"></i></div><div class="td-social-but-text">{label}</div></a>'
    )


def share_bar(post: Post, extra_class: str = "") -> str:
    """`td-post-sharing` with the Share label and Facebook, Twitter and WhatsApp buttons."""
    url = quote(post.url, safe="")
    text = quote(post.title, safe="")
    if jetpack(post):
        facebook = f"{post.url}?share=facebook&amp;nb=1"
        twitter = f"{post.url}?share=twitter&amp;nb=1"
    else:
        facebook = f"https://www.facebook.com/sharer.php?u={url}"
        twitter = f"https://twitter.com/intent/tweet?text={text}&amp;url={url}&amp;via={SITE_NAME}"
    whatsapp = f"https://api.whatsapp.com/send?text={text}%20%0A%0A%20{url}"
    return join([
        f'<div id="tdi_#" class="td-post-sharing tdb-block td-ps-bg td-ps-notext '
        f'td-post-sharing-style1 {extra_class}"><div class="td-post-sharing-visible">',
        '<div class="td-social-sharing-button td-social-sharing-button-js td-social-handler '
        'td-social-share-text"><div class="td-social-but-icon"><i class="td-icon-share"></i></div>'
        '<div class="td-social-but-text">Share</div></div>',
        _share_button("facebook", "Facebook", facebook),
        _share_button("twitter", "Twitter", twitter),
        _share_button("whatsapp", "WhatsApp", whatsapp),
        "</div></div>",
    ])


def microdata(post: Post) -> str:
    """`get_item_scope_meta`: author, dates, publisher, headline (with its trailing space)."""
    if "microdata" not in post.date_sources:
        return ""
    published = post.microdata_datetime or dates.w3c_utc(post.published)
    parts = [
        join([
            '<span class="td-page-meta" itemprop="author" itemscope '
            'itemtype="https://schema.org/Person">'
            f'<meta itemprop="name" content="{esc(author.name)}">'
            f'<meta itemprop="url" content="{author.url}"></span>'
            for author in post.authors[:1]
        ]),
        _meta("datePublished", published, post.old_build),
    ]
    if post.modified:
        parts.append(_meta("dateModified", dates.w3c_utc(post.modified), post.old_build))
    parts += [
        '<meta itemscope itemprop="mainEntityOfPage" itemType="https://schema.org/WebPage" '
        f'itemid="{post.url}"/>',
        '<span class="td-page-meta" itemprop="publisher" itemscope '
        'itemtype="https://schema.org/Organization"><span class="td-page-meta" itemprop="logo" '
        'itemscope itemtype="https://schema.org/ImageObject">'
        f'<meta itemprop="url" content="{LOGO}">'
        f'</span><meta itemprop="name" content="{SITE_NAME}"></span>',
        f'<meta itemprop="headline " content="{title_html(post.title)}">',
    ]
    if post.image:
        parts.append(
            '<span class="td-page-meta" itemprop="image" itemscope '
            'itemtype="https://schema.org/ImageObject">'
            f'<meta itemprop="url" content="{post.image.url}">'
            '<meta itemprop="width" content="1200"><meta itemprop="height" content="675"></span>'
        )
    return join(parts)


def _meta(prop: str, value: str, old_build: bool) -> str:
    if old_build:
        return f'<meta content="{value}" itemprop="{prop}">'
    return f'<meta itemprop="{prop}" content="{value}">'


def time_element(post: Post, text: str, value: str | None, classic: bool = False) -> str:
    """The header date block's `<time>`: no `datetime` when the page carries no time source."""
    css = 'class="entry-date updated td-module-date"'
    if "time" not in post.date_sources or value is None:
        return f"<time {css}>{esc(text)}</time>"
    if post.old_build:
        return f'<time datetime="{value}" {css}>{esc(text)}</time>'
    return f'<time {css} datetime="{value}"{" " if classic else ""}>{esc(text)}</time>'


def published_attr(post: Post) -> str:
    return post.time_datetime or dates.w3c_utc(post.published)


def page_spec(
    post: Post, main: str, body_class: str, generation: str, footer: str = ""
) -> PageSpec:
    return PageSpec(
        title=f"{post.title} - {SITE_NAME}",
        canonical=post.url,
        main=main,
        body_class=body_class,
        generation=generation,
        lang=post.lang,
        head=article_head(post),
        french_href=post.read_in_french,
        footer_extra=footer,
    )


def related(site: Site, post: Post, count: int = 3) -> list[Post]:
    """The newest posts of the post's first category (the theme's "related by category")."""
    category = post.categories[0].slug if post.categories else None
    found = site.latest(post, count, category)
    return found or site.latest(post, count)
