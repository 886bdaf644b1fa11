"""The page object on variations of real snapshot pages: selectors for the theme, not the copy."""

from __future__ import annotations

import re

import pytest

from newscrawl.extraction.page import ArticlePage
from tests.conftest import SNAPSHOT, load_goldens, process_page

SEED = (
    "https://newsmoris.com/2023/04/17/russia-china-active-in-military-cooperation-says-putin-"
    "during-meeting-with-chinese-defence-minister/"
)
CLASSIC = "https://newsmoris.com/2019/05/10/fire-destroys-three-shops-on-royal-road-in-curepipe/"
FETCHED = "2026-11-27T06:00:00+00:00"


def html_of(url: str) -> str:
    return (SNAPSHOT / url.split("newsmoris.com/")[1] / "index.html").read_text("utf-8")


def item_of(html: str, url: str = SEED) -> dict:
    return ArticlePage(html, url).to_item(FETCHED)


@pytest.mark.parametrize("url", [SEED, CLASSIC])
def test_random_tdi_ids_do_not_matter(url: str) -> None:
    html = html_of(url)
    renumbered = re.sub(r"tdi_(\d+)", lambda m: f"tdi_{int(m[1]) * 7 + 3}", html)
    renumbered = re.sub(r"td_uid_\d+", "td_uid_999", renumbered)
    def final(markup: str) -> dict:
        return {k: v for k, v in process_page(markup, url, FETCHED).items() if k != "crawled_at"}

    assert final(renumbered) == final(html)


def test_post_id_is_never_the_template_id() -> None:
    html = html_of(SEED).replace("postid-51234", "postid-x")
    page = ArticlePage(html, SEED)
    assert 'id="template-id-' in html
    assert page.post_id == 51234  # from the autoload attribute / shortlink, not the template


def test_title_never_from_module_titles() -> None:
    html = re.sub(r'<h1 class="tdb-title-text">.*?</h1>', "", html_of(SEED), flags=re.S)
    page = ArticlePage(html, SEED)
    title = page.title
    assert 'class="entry-title td-module-title"' in html
    assert title == load_goldens()[SEED]["title"]  # og:title fallback
    assert "title_fallback" in page.notes


def test_broken_json_ld_is_noted_and_other_sources_used() -> None:
    html = html_of(SEED).replace('"@graph":[', '"@graph":[{broken', 1)
    page = ArticlePage(html, SEED)
    item = page.to_item(FETCHED)
    assert "json_ld_invalid" in item["notes"]
    assert item["published_candidates"][0]["source"] == "opengraph"


def test_missing_container_is_read_by_trafilatura() -> None:
    html = html_of(SEED).replace("tdb_single_content", "tdb_new_content_block")
    html = html.replace("td-post-content", "td-new-content")
    page = ArticlePage(html, SEED)
    item = process_page(html, SEED, FETCHED)
    assert page.template.name == "fallback" and page.is_article
    assert item["extraction"]["template"] == "fallback"
    assert item["extraction"]["fallback"] == "trafilatura"
    assert item["body"] == load_goldens()[SEED]["body"]  # every paragraph, no chrome


def test_emptied_template_container_falls_back() -> None:
    html = html_of(SEED)
    start = html.index('<div class="tdb-block-inner', html.index("tdb_single_content"))
    end = html.index("</p>", html.index("Rosoboronexport", start)) + 4
    moved = html[start:end].replace("tdb-block-inner", "post-text", 1)
    emptied = html[:start] + '<div class="tdb-block-inner td-fix-index"></div>' + html[end:]
    emptied = emptied.replace("</article>", moved + "</div></article>", 1)
    page = ArticlePage(emptied, SEED)
    assert page.template.name == "tdb" and page.is_article
    item = page.to_item(FETCHED)
    assert item["extraction"] == {"template": "fallback", "fallback": "trafilatura"}
    assert {"fallback_template", "fallback/trafilatura"} <= set(item["notes"])
    assert "Putin and Chinese President Xi Jinping" in item["body_html"]


def test_fallback_template_reads_article_body() -> None:
    html = html_of(SEED).replace("tdb_single_content", "tdb_new_content_block")
    html = html.replace("td-post-content", "entry-content")
    page = ArticlePage(html, SEED)
    assert page.template.name == "fallback" and page.is_article
    assert "Putin and Chinese President Xi Jinping" in page.body_html
    assert "fallback_template" in page.to_item(FETCHED)["notes"]


@pytest.mark.parametrize("path", ["about-us", "contact", "", "category/news", "tag/mauritius"])
def test_non_articles(path: str) -> None:
    url = f"https://newsmoris.com/{path}/".replace("//", "/").replace(":/", "://")
    html = (SNAPSHOT / path / "index.html").read_text("utf-8")
    assert not ArticlePage(html, url).is_article


def test_read_in_french_to_a_site_root_is_not_a_translation() -> None:
    html = html_of(SEED)
    assert "Read in French" in html
    assert ArticlePage(html, SEED).translations == {}
    article = html.replace('href="https://www.lemauricien.com/"',
                           'href="https://www.lemauricien.com/article/russie-chine/"')
    assert ArticlePage(article, SEED).translations == {
        "fr": "https://www.lemauricien.com/article/russie-chine/"
    }


def test_empty_and_garbage_html_are_not_articles() -> None:
    for html in ["", "<html></html>", "\x00\x01 not html", "<body class='single-post'></body>"]:
        assert not ArticlePage(html, SEED).is_article


def test_oversized_page_is_not_given_to_trafilatura() -> None:
    html = html_of(SEED).replace("tdb_single_content", "tdb_new_content_block")
    html = html.replace("td-post-content", "entry-content")
    html = html.replace("</body>", "<span>.</span>" * 10_000 + "</body>")
    page = ArticlePage(html, SEED)
    assert page.reading is not None and page.reading.path == "selectors"  # the generic container
    assert "fallback_too_large" in page.notes
    assert "Putin and Chinese President Xi Jinping" in page.body_html
