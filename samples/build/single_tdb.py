"""The tdb Cloud single template (td-cloud-library `tdb_single_*` blocks), docs/site.md §2.4."""

from __future__ import annotations

import dates
from blocks import ad_box, comments_area, flex_block, flex_module
from layout import PageSpec
from markup import esc, join, json_script, title_html
from model import ROOT, Post, Site
from single_common import (
    MUST_READ_OFFSET,
    content_html,
    jetpack,
    microdata,
    page_spec,
    published_attr,
    related,
    share_bar,
    time_element,
)

# Two single templates: the World one shows four "Must Read" modules, the default one three.
TEMPLATES = {"world": (48305, 4), "default": (48211, 3)}


def _wrap(block: str, inner: str, extra: str = "", mid: str = "") -> str:
    return (
        f'<div class="td_block_wrap {block} tdi_#{mid} td-pb-border-top '
        f'td_block_template_1{extra}" '
        f'data-td-block-uid="tdi_=">\n<div class="tdb-block-inner td-fix-index">{inner}</div></div>'
    )


def _breadcrumbs(post: Post) -> str:
    crumbs = ['<span><a title="" class="tdb-entry-crumb" href="https://newsmoris.com/">Home</a></span>']
    items = [{"@type": "ListItem", "position": 1,
              "item": {"@type": "WebSite", "@id": f"{ROOT}/", "name": "Home"}}]
    for category in post.categories[:1]:
        crumbs.append(
            '<i class="tdb-bread-sep td-icon-right"></i><span><a title="View all posts in '
            f'{esc(category.name)}" class="tdb-entry-crumb" href="{category.url}">'
            f"{esc(category.name)}</a></span>"
        )
        items.append({"@type": "ListItem", "position": 2,
                      "item": {"@type": "WebPage", "@id": category.url, "name": category.name}})
    crumbs.append('<i class="tdb-bread-sep tdb-bred-no-url-last td-icon-right"></i>'
                  f'<span class="tdb-bred-no-url-last">{title_html(post.title)}</span>')
    items.append({"@type": "ListItem", "position": len(items) + 1,
                  "item": {"@type": "WebPage", "@id": post.url, "name": post.title}})
    data = {"@context": "http://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
    return join([
        _wrap("tdb_breadcrumbs", "".join(crumbs), " tdb-breadcrumbs "),
        f'<script type="application/ld+json">{json_script(data)}</script>',
    ])


def _categories(post: Post) -> str:
    links = "".join(
        f'<a class="tdb-entry-category" href="{category.url}"><span class="tdb-cat-bg"></span>'
        f"{esc(category.name)}</a>"
        for category in post.categories
    )
    return (
        '<div class="td_block_wrap tdb_single_categories tdi_# td-pb-border-top '
        f'td_block_template_1 " data-td-block-uid="tdi_=">\n<div class="tdb-category td-fix-index">'
        f"{links}</div></div>"
    )


def _title(post: Post) -> str:
    return _wrap(
        "tdb_title",
        f'<h1 class="tdb-title-text">{title_html(post.title)}</h1><div></div>'
        '<div class="tdb-title-line"></div>',
        mid=" tdb-single-title",
    )


def _author(post: Post) -> str:
    if not post.authors:
        return ""
    first = post.authors[0]
    names = " and ".join(
        f'<a class="tdb-author-name" href="{author.url}">{esc(author.name)}</a>'
        for author in post.authors
    )
    photo = (
        f'<a class="tdb-author-photo" href="{first.url}" title="{esc(first.name)}">'
        "<img alt='' src='https://secure.gravatar.com/avatar/6f1c0f0e4b8c3b0c9e8d7a6b5c4d3e2f?s=96"
        "&#038;d=mm&#038;r=g' class='avatar avatar-96 photo' height='96' width='96' "
        "decoding='async'/></a>"
    )
    return _wrap(
        "tdb_single_author",
        f'{photo}<div class="tdb-author-name-wrap">'
        f'<span class="tdb-author-by">By</span> {names}</div>',
        " tdb-post-meta",
    )


def _dates(post: Post) -> str:
    parts = []
    if post.visible_date is not None:
        time = time_element(post, post.visible_date, published_attr(post))
        parts.append(_wrap("tdb_single_date", time, " tdb-post-meta"))
    if post.visible_modified is not None and post.modified:
        time = time_element(post, post.visible_modified, dates.w3c_utc(post.modified))
        parts.append(_wrap("tdb_single_modified_date", time, " tdb-post-meta"))
    return join(parts)


def _subtitle(post: Post) -> str:
    if not post.subtitle:
        return ""
    return _wrap("tdb_single_subtitle", f"<p>{title_html(post.subtitle)}</p>")


def _featured_image(post: Post) -> str:
    if post.image is None:
        return ""
    image = post.image
    caption = esc(image.caption) if image.caption else ""
    figcaption = f'<figcaption class="tdb-caption-text">{caption}</figcaption>' if caption else ""
    img = (
        f'<a href="{image.url}" data-caption="{caption}"><img fetchpriority="high" width="696" '
        f'height="392" class="entry-thumb td-modal-image" src="{image.sized(696, 392)}" '
        f'srcset="{image.sized(696, 392)} 696w, {image.url} 1200w" '
        f'sizes="(max-width: 696px) 100vw, 696px" alt="" title="{title_html(post.title)}"/></a>'
    )
    return _wrap("tdb_single_featured_image", f"<figure>{img}{figcaption}</figure>",
                 " tdb-content-horiz-left")


def _content(post: Post) -> str:
    return _wrap("tdb_single_content", content_html(post, "tdb"), " td-post-content tagdiv-type")


def _tags(post: Post) -> str:
    if not post.tags:
        return ""
    items = "".join(f'<li><a href="{tag.url}">{esc(tag.name)}</a></li>' for tag in post.tags)
    return _wrap("tdb_single_tags", f'<ul class="tdb-tags"><li><span>Tags</span></li>{items}</ul>')


def _sharing(post: Post) -> str:
    parts = [
        '<div class="td_block_wrap tdb_single_post_share tdi_# td-pb-border-top '
        'td_block_template_1" data-td-block-uid="tdi_=">',
        share_bar(post),
        "</div>",
    ]
    if jetpack(post):
        parts.append(
            '<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block '
            'sd-social sd-social-icon-text sd-sharing"><div class="sd-content"><ul>'
            f'<li class="share-twitter"><a rel="nofollow noopener noreferrer" data-shared='
            f'"sharing-twitter-{post.post_id}" class="share-twitter sd-button share-icon" '
            f'href="{post.url}?share=twitter" target="_blank" title="Click to share on Twitter">'
            "<span>Twitter</span></a></li>"
            f'<li class="share-facebook"><a rel="nofollow noopener noreferrer" data-shared='
            f'"sharing-facebook-{post.post_id}" class="share-facebook sd-button share-icon" '
            f'href="{post.url}?share=facebook" target="_blank" title="Click to share on Facebook">'
            "<span>Facebook</span></a></li></ul></div></div></div>"
        )
    return join(parts)


def _next_prev(site: Site, post: Post) -> str:
    older, newer = site.neighbours(post)
    parts = []
    for other, css, label in ((older, "tdb-post-prev", "Previous article"),
                              (newer, "tdb-post-next", "Next article")):
        if other:
            parts.append(
                f'<div class="tdb-next-post tdb-next-post-bg {css}"><span>{label}</span>'
                f'<div class="next-prev-title"><a href="{other.url}">{title_html(other.title)}</a>'
                "</div></div>"
            )
    return _wrap("tdb_single_next_prev", "".join(parts)) if parts else ""


def _related(site: Site, post: Post) -> str:
    modules = join([flex_module(other, "tdb_module_related") for other in related(site, post)])
    return join([
        '<div class="td_block_wrap tdb_single_related tdi_# td_with_ajax_pagination '
        'td-pb-border-top td_block_template_1 tdb-single-related-posts" data-td-block-uid="tdi_=">',
        '<div class="td-block-title-wrap"><h4 class="block-title"><span>More Articles</span></h4>'
        "</div>",
        f'<div id=tdi_= class="td_block_inner tdb-block-inner td-fix-index">{modules}</div>',
        "</div>",
    ])


def _row(span8: list[str], span4: list[str], stretch: str = "") -> str:
    return join([
        f'<div id="tdi_#" class="tdc-row{stretch}"><div class="vc_row tdi_# wpb_row td-pb-row">',
        '<div class="vc_column tdi_# wpb_column vc_column_container tdc-column td-pb-span8">'
        '<div class="wpb_wrapper">',
        *span8,
        "</div></div>",
        '<div class="vc_column tdi_# wpb_column vc_column_container tdc-column td-pb-span4">'
        '<div class="wpb_wrapper">',
        *span4,
        "</div></div>",
        "</div></div>",
    ])


def template_of(post: Post) -> tuple[int, int]:
    slugs = {category.slug for category in post.categories}
    return TEMPLATES["world" if "world" in slugs else "default"]


def render(site: Site, post: Post) -> PageSpec:
    template_id, must_read = template_of(post)
    header_row = _row(
        [_breadcrumbs(post), _categories(post), _title(post), _subtitle(post), _author(post),
         _dates(post)],
        [flex_block("Must Read", site.latest(post, must_read, "news", offset=MUST_READ_OFFSET))],
        " stretch_row_1200 td-stretch-content",
    )
    content_row = _row(
        [_featured_image(post), _content(post), ad_box(post.lang), _tags(post), _sharing(post),
         _next_prev(site, post), _related(site, post),
         _wrap("tdb_single_comments", comments_area(post))],
        [ad_box(post.lang), flex_block("Latest Articles", site.latest(post, 5))],
    )
    main = join([
        '<div id="tdb-autoload-article" data-autoload="off" '
        f'data-autoload-org-post-id="{post.post_id}" data-autoload-type="" '
        'data-autoload-count="5">',
        '<div class="td-main-content-wrap td-container-wrap"><div class="tdc-content-wrap">',
        f'<article id="template-id-{template_id}" class="post-{template_id} tdb_templates '
        'type-tdb_templates status-publish hentry" itemscope itemtype="https://schema.org/Article">',
        header_row,
        content_row,
        microdata(post),
        "</article></div></div></div>",
    ])
    body_class = (
        f"post-template-default single single-post postid-{post.post_id} single-format-standard "
        f"td-standard-pack tdb_template_{template_id} tdb-template global-block-template-1 "
        "td-full-layout"
    )
    return page_spec(post, main, body_class, "tdb")
