"""The classic single template (`loop-single.php`, td_module_single_base), docs/site.md §2.3."""

from __future__ import annotations

from blocks import ad_box, classic_block, comments_area
from layout import PageSpec
from markup import esc, join, title_html
from model import Post, Site
from single_common import (
    MUST_READ_OFFSET,
    content_html,
    microdata,
    page_spec,
    published_attr,
    related,
    share_bar,
    time_element,
)


def _crumbs(post: Post) -> str:
    parts = ['<span><a title="" class="entry-crumb" href="https://newsmoris.com/">Home</a></span>']
    for category in post.categories[:1]:
        parts.append(
            f' <i class="td-icon-right td-bread-sep"></i> <span><a title="View all posts in '
            f'{esc(category.name)}" class="entry-crumb" href="{category.url}">{esc(category.name)}'
            "</a></span>"
        )
    parts.append(' <i class="td-icon-right td-bread-sep td-bred-no-url-last"></i> '
                 f'<span class="td-bred-no-url-last">{title_html(post.title)}</span>')
    return f'<div class="td-crumb-container"><div class="entry-crumbs">{"".join(parts)}</div></div>'


def _meta_info(post: Post) -> str:
    authors = "".join(
        f'<div class="td-post-author-name"><div class="td-author-by">By</div> '
        f'<a href="{author.url}">{esc(author.name)}</a><div class="td-author-line"> - </div></div>'
        for author in post.authors
    )
    date = ""
    if post.visible_date is not None:
        time = time_element(post, post.visible_date, published_attr(post), classic=True)
        date = f'<span class="td-post-date">{time}</span>'
    comments = (f'<div class="td-post-comments"><a href="{post.url}#respond">'
                f'<i class="td-icon-comments"></i>{len(post.comments)}</a></div>')
    return f'<div class="td-module-meta-info">{authors}{date}{comments}</div>'


def _header(post: Post) -> str:
    categories = "".join(
        f'<li class="entry-category"><a href="{category.url}">{esc(category.name)}</a></li>'
        for category in post.categories
    )
    subtitle = (f'<p class="td-post-sub-title">{title_html(post.subtitle)}</p>'
                if post.subtitle else "")
    return join([
        '<div class="td-post-header">',
        f'<ul class="td-category">{categories}</ul>',
        '<header class="td-post-title">',
        f'<h1 class="entry-title">{title_html(post.title)}</h1>',
        subtitle,
        _meta_info(post),
        "</header></div>",
    ])


def _featured_image(post: Post) -> str:
    if post.image is None:
        return ""
    image = post.image
    caption = esc(image.caption) if image.caption else ""
    figcaption = f'<figcaption class="wp-caption-text">{caption}</figcaption>' if caption else ""
    return (
        '<div class="td-post-featured-image"><figure>'
        f'<a href="{image.url}" data-caption="{caption}">'
        f'<img width="696" height="392" class="entry-thumb td-modal-image" '
        f'src="{image.sized(696, 392)}" alt="" title="{title_html(post.title)}"/></a>'
        f"{figcaption}</figure></div>"
    )


def _footer(site: Site, post: Post) -> str:
    tags = "".join(f'<li><a href="{tag.url}">{esc(tag.name)}</a></li>' for tag in post.tags)
    tag_list = (f'<ul class="td-tags td-post-small-box clearfix"><li><span>TAGS</span></li>{tags}'
                "</ul>" if tags else "")
    older, newer = site.neighbours(post)
    cells = []
    for other, css, label in ((older, "td-post-prev-post", "Previous article"),
                              (newer, "td-post-next-post", "Next article")):
        inner = (f'<span>{label}</span><a href="{other.url}">{title_html(other.title)}</a>'
                 if other else "")
        cells.append(f'<div class="td-block-span6 {css}"><div class="td-post-next-prev-content">'
                     f"{inner}</div></div>")
    return join([
        "<footer>",
        f'<div class="td-post-source-tags">{tag_list}</div>',
        f'<div class="td-post-sharing-bottom">{share_bar(post, "td-post-sharing-bottom-style")}'
        "</div>",
        f'<div class="td-block-row td-post-next-prev">{cells[0]}'
        f'<div class="td-next-prev-separator"></div>{cells[1]}</div>',
        microdata(post),
        "</footer>",
    ])


def _related_module(post: Post) -> str:
    image = (f'<img class="entry-thumb" src="{post.image.sized(218, 150)}" alt="" '
             f'title="{title_html(post.title)}"/>' if post.image else "")
    category = (f'<a href="{post.categories[0].url}" class="td-post-category">'
                f"{esc(post.categories[0].name)}</a>" if post.categories else "")
    return (
        '<div class="td-related-span4"><div class="td_module_related_posts td-animation-stack '
        'td_mod_related_posts"><div class="td-module-image"><div class="td-module-thumb">'
        f'<a href="{post.url}" rel="bookmark" class="td-image-wrap" '
        f'title="{title_html(post.title)}">{image}</a></div>{category}</div>'
        '<div class="item-details"><h3 class="entry-title '
        f'td-module-title"><a href="{post.url}" rel="bookmark" title="{title_html(post.title)}">'
        f"{title_html(post.title)}</a></h3></div></div></div>"
    )


def _related(site: Site, post: Post) -> str:
    modules = "".join(_related_module(other) for other in related(site, post))
    return join([
        '<div class="td_block_wrap td_block_related_posts tdi_# td_with_ajax_pagination '
        'td-pb-border-top td_block_template_1" data-td-block-uid="tdi_=">',
        '<h4 class="td-related-title td-block-title"><a class="td-related-left '
        'td-cur-simple-item" data-td_filter_value="" data-td_block_id="tdi_=" href="#">RELATED '
        'ARTICLES</a><a class="td-related-right" data-td_filter_value="td_related_more_from_author"'
        ' data-td_block_id="tdi_=" href="#">MORE FROM AUTHOR</a></h4>',
        f'<div id=tdi_= class="td_block_inner"><div class="td-related-row">{modules}</div></div>',
        "</div>",
    ])


def render(site: Site, post: Post) -> PageSpec:
    category_classes = " ".join(f"category-{category.slug}" for category in post.categories)
    thumbnail = " has-post-thumbnail" if post.image else ""
    article = join([
        f'<article id="post-{post.post_id}" class="post-{post.post_id} post type-post '
        f'status-publish format-standard{thumbnail} {category_classes}" itemscope '
        'itemtype="https://schema.org/Article">',
        _header(post),
        f'<div class="td-post-sharing-top">{share_bar(post)}</div>',
        '<div class="td-post-content tagdiv-type">',
        _featured_image(post),
        content_html(post, "classic"),
        "</div>",
        _footer(site, post),
        _related(site, post),
        "</article>",
    ])
    sidebar = join([
        ad_box(post.lang),
        classic_block("Must Read", site.latest(post, 4, "news", offset=MUST_READ_OFFSET)),
        classic_block("Latest Articles", site.latest(post, 5)),
    ])
    main = join([
        '<div class="td-main-content-wrap td-container-wrap"><div class="td-container '
        'td-post-template-default ">',
        _crumbs(post),
        '<div class="td-pb-row">',
        '<div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">',
        article,
        comments_area(post, classic=True),
        "</div></div>",
        '<div class="td-pb-span4 td-main-sidebar" role="complementary">'
        f'<div class="td-ss-main-sidebar">{sidebar}</div></div>',
        "</div></div></div>",
    ])
    body_class = (
        f"post-template-default single single-post postid-{post.post_id} single-format-standard "
        "td-standard-pack global-block-template-1 td-full-layout"
    )
    footer = classic_block("More Articles", site.latest(post, 3), number=6)
    return page_spec(post, main, body_class, "classic", footer)
