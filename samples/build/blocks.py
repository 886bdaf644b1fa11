"""Theme blocks shared by articles and listings: modules, flex blocks, ads, page-nav, comments."""

from __future__ import annotations

from collections.abc import Iterable

import dates
from layout import AD_TITLE
from markup import esc, join, title_html, tpl
from model import Post

AD_IMAGE = "https://newsmoris.com/wp-content/uploads/2024/01/newsmoris-ad-300x250.jpg"
AD_TARGET = "https://www.mcb.mu/"
AVATAR = "https://secure.gravatar.com/avatar/6f1c0f0e4b8c3b0c9e8d7a6b5c4d3e2f?s=96&#038;d=mm&#038;r=g"


def post_date(post: Post, classic: bool = False) -> str:
    """A module's `span.td-post-date > time` (datetime in UTC, text in local time)."""
    space = " " if classic else ""
    return (
        '<span class="td-post-date"><time class="entry-date updated td-module-date" '
        f'datetime="{dates.w3c_utc(post.published)}"{space}>{esc(post.module_date())}</time></span>'
    )


def _link(post: Post, extra: str = "") -> str:
    title = title_html(post.title)
    return f'<a href="{post.url}" rel="bookmark"{extra} title="{title}">{title}</a>'


def _thumb(post: Post) -> str:
    if post.image is None:
        return '<span class="entry-thumb td-thumb-css"></span>'
    return (
        '<span class="entry-thumb td-thumb-css" data-type="css_image" '
        f'data-img-url="{post.image.sized(218, 150)}"></span>'
    )


def _author_date(post: Post) -> str:
    author = post.authors[0] if post.authors else None
    name = (
        f'<span class="td-post-author-name"><a href="{author.url}">{esc(author.name)}</a> '
        "<span>-</span> </span>"
        if author
        else ""
    )
    return f'<span class="td-author-date">{name}{post_date(post)}</span>'


def _category_link(post: Post) -> str:
    if not post.categories:
        return ""
    category = post.categories[0]
    return f'<a href="{category.url}" class="td-post-category">{esc(category.name)}</a>'


def flex_module(post: Post, variant: str = "td_module_flex td_module_flex_1") -> str:
    """`td_module_flex_1` (also the body of tdb_module_loop and tdb_module_related)."""
    return join([
        f'<div class="{variant} td_module_wrap td-animation-stack td-cpt-post">',
        '<div class="td-module-container td-category-pos-">',
        '<div class="td-image-container"><div class="td-module-thumb">'
        f'<a href="{post.url}" rel="bookmark" class="td-image-wrap " '
        f'title="{title_html(post.title)}">{_thumb(post)}</a></div></div>',
        '<div class="td-module-meta-info">',
        f'<h3 class="entry-title td-module-title">{_link(post)}</h3>',
        f'<div class="td-editor-date">{_category_link(post)}{_author_date(post)}</div>',
        f'<div class="td-excerpt">{title_html(post.excerpt())}</div>',
        f'<div class="td-read-more"><a href="{post.url}">Read more</a></div>',
        "</div></div></div>",
    ])


def flex_block(title: str, posts: Iterable[Post], nav: str | None = None) -> str:
    """A flex block with a custom title and ajax prev/next arrows (links to `#`), or `nav`."""
    modules = join([flex_module(post) for post in posts])
    arrows = nav if nav is not None else _AJAX_ARROWS
    return join([
        '<div class="td_block_wrap td_flex_block_1 tdi_# td_with_ajax_pagination td-pb-border-top '
        'td_block_template_1 td_flex_block" data-td-block-uid="tdi_=">',
        '<div class="td-block-title-wrap"><h4 class="block-title td-block-title">'
        f'<span class="td-pulldown-size">{esc(title)}</span></h4></div>',
        f'<div id=tdi_= class="td_block_inner td-mc1-wrap">{modules}</div>',
        arrows,
        "</div>",
    ])


_AJAX_ARROWS = (
    '<div class="td-next-prev-wrap"><a href="#" class="td-ajax-prev-page ajax-page-disabled" '
    'aria-label="prev-page" id="prev-page-tdi_="><i class="td-next-prev-icon td-icon-font '
    'td-icon-menu-left"></i></a><a href="#" class="td-ajax-next-page" aria-label="next-page" '
    'id="next-page-tdi_="><i class="td-next-prev-icon td-icon-font td-icon-menu-right"></i></a>'
    "</div>"
)


def classic_module(post: Post, number: int = 10) -> str:
    """Classic `td_module_N` (10: list row with excerpt; 6: small sidebar row)."""
    thumb = (
        f'<img width="218" height="150" class="entry-thumb" src="{post.image.sized(218, 150)}" '
        f'alt="" title="{title_html(post.title)}"/>'
        if post.image
        else ""
    )
    excerpt = f'<div class="td-excerpt">{title_html(post.excerpt())}</div>' if number == 10 else ""
    author = post.authors[0] if post.authors else None
    byline = (
        f'<span class="td-post-author-name"><a href="{author.url}">{esc(author.name)}</a> '
        "<span>-</span> </span>"
        if author and number == 10
        else ""
    )
    return join([
        f'<div class="td_module_{number} td_module_wrap td-animation-stack">',
        f'<div class="td-module-thumb"><a href="{post.url}" rel="bookmark" class="td-image-wrap" '
        f'title="{title_html(post.title)}">{thumb}</a></div>',
        '<div class="item-details">',
        f'<h3 class="entry-title td-module-title">{_link(post)}</h3>',
        f'<div class="td-module-meta-info">{_category_link(post) if number == 10 else ""}'
        f"{byline}{post_date(post, classic=True)}"
        f'<span class="td-module-comments"><a href="{post.url}#respond">{len(post.comments)}</a>'
        "</span></div>",
        excerpt,
        "</div></div>",
    ])


def classic_block(title: str, posts: Iterable[Post], number: int = 6) -> str:
    """A classic `td_block_N` with a block title (sidebars and footers)."""
    modules = join([classic_module(post, number) for post in posts])
    return join([
        '<div class="td_block_wrap td_block_1 tdi_# td-pb-border-top td_block_template_1" '
        'data-td-block-uid="tdi_=">',
        f'<h4 class="block-title"><span class="td-pulldown-size">{esc(title)}</span></h4>',
        f'<div id=tdi_= class="td_block_inner">{modules}</div>',
        "</div>",
    ])


def ad_box(lang: str) -> str:
    """`td_block_ad_box` image spot: the ad title and an `img[alt=spot_img]`."""
    return join([
        '<div class="td_block_wrap td-a-rec td-a-rec-id-custom-spot td-a-rec-img tdi_# '
        'td_block_template_1">',
        '<style>.tdi_= img{max-width:300px;width:100%;}</style>',
        '<div style="display: inline-block">',
        f'<span class="td-adspot-title">{AD_TITLE[lang]}</span>',
        f'<a href="{AD_TARGET}" target="blank" class="td_spot_img_all">'
        f'<img src="{AD_IMAGE}" alt="spot_img"/></a>',
        "</div></div>",
    ])


def inline_ad(lang: str, generation: str) -> str:
    """The in-content ad: tdb `td-a-ad id_inline_ad0`, classic panel spot `content_inline`."""
    title = f'<span class="td-adspot-title">{AD_TITLE[lang]}</span>'
    if generation == "classic":
        return (
            '<div class="td-a-rec td-a-rec-id-content_inline  tdi_# td_block_template_1">'
            f'{title}<a href="{AD_TARGET}"><img src="{AD_IMAGE}" alt="spot_img"/></a></div>'
        )
    return (
        f'<div class="td-a-ad id_inline_ad0 id_ad_content-horiz-center">{title}'
        '<script async src="https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js">'
        "</script></div>"
    )


def insert_after_paragraph(body: str, count: int | None, ad: str) -> str:
    """Insert `ad` after the N-th `</p>` (tdb counts closing paragraph tags)."""
    if not count:
        return body
    position = -1
    for _ in range(count):
        position = body.find("</p>", position + 1)
        if position < 0:
            return body
    end = position + len("</p>")
    return body[:end] + ad + body[end:]


def page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


def page_nav(base: str, current: int, total: int, tdb: bool = True) -> str:
    """Numbered pagination (`pagenavi` defaults: three around the current page)."""
    if total <= 1:
        return ""
    parts = ['<div class="page-nav td-pb-padding-side">']
    if current > 1:
        parts.append(f'<a href="{page_url(base, current - 1)}" aria-label="prev-page" >'
                     '<i class="td-icon-menu-left"></i></a>')
    low, high = max(1, current - 1), min(total, current + 1)
    if low > 1:
        parts.append(f'<a href="{base}" class="first" title="1">1</a>')
        if low > 2:
            parts.append('<span class="extend">...</span>')
    for number in range(low, high + 1):
        if number == current:
            parts.append(f'<span class="current">{number}</span>')
        else:
            parts.append(f'<a href="{page_url(base, number)}" class="page" '
                         f'title="{number}">{number}</a>')
    if high < total:
        if high < total - 1:
            parts.append('<span class="extend">...</span>')
        parts.append(f'<a href="{page_url(base, total)}" class="last" title="{total}">{total}</a>')
    if current < total:
        parts.append(f'<a href="{page_url(base, current + 1)}" aria-label="next-page" >'
                     '<i class="td-icon-menu-right"></i></a>')
    parts.append(f'<span class="pages">Page {current} of {total}</span>'
                 '<div class="clearfix"></div></div>')
    return "".join(parts) if tdb else "\n".join(parts)


def _comment(post: Post, index: int, classic: bool) -> str:
    comment = post.comments[index]
    comment_id = post.post_id * 10 + index + 1
    stamp = dates.comment_timestamp(comment.date)
    pubdate = f' pubdate="{stamp}"' if stamp is not None else ""
    content_class = "comment-content tagdiv-type" if classic else "comment-content"
    parity = "even thread-even" if index % 2 == 0 else "odd alt thread-odd thread-alt"
    reply = (
        f"<a rel='nofollow' class='comment-reply-link' href='{post.url}?replytocom={comment_id}"
        f"#respond' data-commentid=\"{comment_id}\" data-postid=\"{post.post_id}\" "
        f'data-belowelement="comment-{comment_id}" data-respondelement="respond" '
        f"data-replyto=\"Reply to {esc(comment.author)}\" aria-label='Reply to "
        f"{esc(comment.author)}'>Reply</a>"
    )
    return join([
        f'<li class="comment {parity} depth-1" id="li-comment-{comment_id}">',
        "<article><footer>",
        f"<img alt='' src='{AVATAR}' class='avatar avatar-50 photo' height='50' width='50' "
        "loading='lazy' decoding='async'/>",
        f"<cite>{esc(comment.author)}</cite>",
        f'<a class="comment-link" href="#comment-{comment_id}"><time{pubdate}>'
        f"{esc(comment.date)}</time></a>",
        "</footer>",
        f'<div class="{content_class}"><p>{esc(comment.text)}</p></div>',
        f'<div class="comment-meta" id="comment-{comment_id}">{reply}</div>',
        "</article></li>",
    ])


def comments_area(post: Post, classic: bool = False) -> str:
    """`div.comments#comments`: title and list when there are comments, then the form."""
    count = len(post.comments)
    listing = ""
    if count:
        label = "1 COMMENT" if count == 1 else f"{count} COMMENTS"
        items = join([_comment(post, index, classic) for index in range(count)])
        listing = join([
            '<div class="td-comments-title-wrap td_block_template_1"><h4 '
            f'class="td-comments-title block-title"><span>{label}</span></h4></div>',
            f'<ol class="comment-list">{items}</ol>',
        ])
    return join([
        '<div class="comments" id="comments">',
        listing,
        tpl("comment_form.html", url=post.url, post_id=post.post_id),
        "</div>",
    ])
