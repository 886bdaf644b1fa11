"""WordPress Pages (About Us, Contact) and the theme's 404 page."""

from __future__ import annotations

from blocks import classic_module
from layout import SITE_NAME, PageSpec
from markup import esc, join, tpl
from model import ROOT, Site
from seo import simple_head

ABOUT_ID, CONTACT_ID = 12, 14

ABOUT_TEXT = (
    "NewsMoris is an English-language news website covering Mauritius: politics, the economy, "
    "society and the environment, together with the world news that matters to Mauritians.",
    "Many of our stories are English adaptations of reports first published by Mauritian "
    "newspapers; each of them names its source at the end of the article.",
    "NewsMoris is independent and is not affiliated with any political party.",
)


def _page_main(title: str, content: str) -> str:
    return join([
        '<div class="td-main-content-wrap td-container-wrap"><div class="td-container '
        'tdc-content-wrap">',
        '<div class="td-crumb-container"><div class="entry-crumbs"><span><a title="" '
        f'class="entry-crumb" href="{ROOT}/">Home</a></span> <i class="td-icon-right td-bread-sep '
        'td-bred-no-url-last"></i> '
        f'<span class="td-bred-no-url-last">{esc(title)}</span></div></div>',
        '<div class="td-pb-row"><div class="td-pb-span8 td-main-content" role="main">'
        '<div class="td-ss-main-content">',
        f'<div class="td-page-header"><h1 class="entry-title td-page-title"><span>{esc(title)}'
        "</span></h1></div>",
        f'<div class="td-page-content tagdiv-type">{content}</div>',
        "</div></div></div>",
        "</div></div>",
    ])


def _wp_page(title: str, slug: str, page_id: int, content: str) -> PageSpec:
    url = f"{ROOT}/{slug}/"
    webpage = {"@type": "WebPage", "@id": url, "url": url, "name": f"{title} - {SITE_NAME}",
               "isPartOf": {"@id": f"{ROOT}/#website"}, "inLanguage": "en-US"}
    return PageSpec(
        title=f"{title} - {SITE_NAME}", canonical=url, main=_page_main(title, content),
        body_class=f"page-template-default page page-id-{page_id} td-standard-pack "
                   "global-block-template-1 td-full-layout",
        head=simple_head(f"{title} - {SITE_NAME}", url, graph=[webpage]),
    )


def about() -> PageSpec:
    return _wp_page("About Us", "about-us", ABOUT_ID,
                    join([f"<p>{esc(text)}</p>" for text in ABOUT_TEXT]))


def contact() -> PageSpec:
    content = join([
        "<p>Questions, corrections or news tips: write to us with the form below or at "
        '<a href="mailto:contact@newsmoris.com">contact@newsmoris.com</a>.</p>',
        tpl("contact_form.html"),
    ])
    return _wp_page("Contact", "contact", CONTACT_ID, content)


def not_found(site: Site) -> PageSpec:
    """The theme's 404 template (404.php): titles, a home link and the latest posts."""
    modules = join([classic_module(post, 10) for post in site.in_lang("en")[:4]])
    main = join([
        '<div class="td-main-content-wrap td-container-wrap"><div class="td-container">',
        '<div class="td-pb-row"><div class="td-pb-span12"><div class="td-404-head">',
        '<div class="td-404-title">Ooops... Error 404</div>',
        "<div class=\"td-404-sub-title\">Sorry, but the page you are looking for doesn't exist."
        "</div>",
        f'<div class="td-404-sub-sub-title">You can go to the <a href="{ROOT}/">HOMEPAGE</a>'
        "</div></div>",
        '<h4 class="block-title"><span>OUR LATEST POSTS</span></h4>',
        f'<div class="td-block-row">{modules}</div>',
        "</div></div></div></div>",
    ])
    return PageSpec(
        title=f"Page not found - {SITE_NAME}", canonical="", main=main,
        body_class="error404 td-standard-pack global-block-template-1 td-full-layout",
        robots="noindex, follow",
    )
