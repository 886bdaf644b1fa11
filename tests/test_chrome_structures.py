"""Chrome recognised by structure (`extraction/chrome_structures.py`).

Two pages of the site's templates written here (`tests/structures/`) carry every structure in
the middle of an article; each field of their items is checked as the variants' are. Then each
structure alone: it goes, the article text after it stays, and the look-alikes in prose stay.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from lxml import html

from newscrawl.extraction.chrome import CHROME_SELECTORS
from newscrawl.extraction.chrome_structures import prune, prune_empty_headings
from newscrawl.extraction.text import html_to_paragraphs
from tests.conftest import process_page

STRUCTURES = Path(__file__).resolve().parent / "structures"
FETCHED = "2026-11-27T06:00:00+00:00"
URL = "https://newsmoris.com/2025/03/10/a-story/"
NEXT = "<p>The article goes on after the block.</p>"
FIELD_CASES = [(spec.stem, field) for spec in sorted(STRUCTURES.glob("*.json"))
               for field in json.loads(spec.read_text("utf-8"))]


@cache
def _item(name: str) -> dict:
    spec = json.loads((STRUCTURES / f"{name}.json").read_text("utf-8"))
    return process_page((STRUCTURES / f"{name}.html").read_text("utf-8"), spec["url"], FETCHED)


@pytest.mark.parametrize(("name", "field"), FIELD_CASES, ids=[f"{n}-{f}" for n, f in FIELD_CASES])
def test_fixture_field(name: str, field: str) -> None:
    expected = json.loads((STRUCTURES / f"{name}.json").read_text("utf-8"))
    assert _item(name)[field] == expected[field]


def read(fragment: str) -> tuple[list[str], dict[str, int]]:
    """Paragraphs of an article container holding `fragment`, and what `prune` removed."""
    removed: dict[str, int] = {}

    def structures(root: html.HtmlElement) -> None:
        removed.update(prune(root, URL))

    def headings(root: html.HtmlElement) -> None:
        if count := prune_empty_headings(root):
            removed["empty_heading"] = count

    markup = f'<div class="td-post-content"><p>The story starts here.</p>{fragment}</div>'
    paragraphs, _ = html_to_paragraphs(markup, CHROME_SELECTORS, structures, headings)
    return paragraphs, removed


STRUCTURE_CASES = {
    "links_to_posts": [
        '<p><strong>Read also:</strong> <a href="/2025/01/02/other-story/">The other story of '
        "the week</a></p>",
        '<p>Lire aussi » <a href="https://newsmoris.com/2025/01/02/x/">Un autre article du '
        "site</a></p>",
        '<ul><li><a href="/2025/01/02/one/">First related story here</a> <span>2 Jan</span></li>'
        '<li><a href="/2025/01/03/two/">Second related story here</a></li></ul>',
        '<div class="more"><h4>Weitere Artikel</h4><a href="/2025/01/02/a/"><img src="a.jpg">'
        '<span>Ein anderer Artikel dort</span></a><a href="/2025/01/03/b/"><img src="b.jpg">'
        "<span>Noch ein Artikel</span></a></div>",
    ],
    "toc": [
        '<div class="toc"><p>Contents</p><ul><li><a href="#one">Part one</a></li>'
        '<li><a href="#two">Part two</a></li></ul></div>',
        '<p><strong><a href="#video">Jump to the video of the hearing.</a></strong></p>',
    ],
    "cta": [
        '<div class="signup"><h4>Daily headlines</h4><p>Free, every morning.</p>'
        '<form><input type="email"><button>Subscribe</button></form></div>',
        '<p><em>Help keep this site free.</em></p><p><a class="wp-block-button__link" '
        'href="https://pay.example/">Donate</a></p>',
    ],
    "gallery": [
        '<div class="gallery"><figure><img src="1.jpg"><figcaption>The first view of the '
        'harbour.</figcaption></figure><figure><img src="2.jpg"><figcaption>The second.'
        "</figcaption></figure></div>",
    ],
    "embed": [
        '<figure class="video"><iframe src="https://player.example/v/1"></iframe></figure>',
        '<div class="lazy-player" data-src="https://player.example/v/2"></div>',
    ],
    "masthead": ["<p><strong>WIRE-NEWS.COM</strong></p>"],
    "release_meta": ['<p>Release date:</p><div><span>Monday, 10 March 2025 – 2:15pm</span>'
                     "</div>"],
}
LABELLED = {
    "before an embed": '<p><em>Watch the debate:</em></p><p><iframe src="https://v.example/1">'
                       "</iframe></p>",
    "after an embed": '<p><iframe src="https://v.example/1"></iframe></p><p>Story continues '
                      "below</p>",
    "capitals before a list": '<p><strong>YOU MAY ALSO LIKE</strong></p><ul><li>'
                              '<a href="/2025/01/02/a/">A story on the site</a></li><li>'
                              '<a href="/2025/01/03/b/">Another story on it</a></li></ul>',
}


@pytest.mark.parametrize(("kind", "fragment"), [
    (kind, fragment) for kind, fragments in STRUCTURE_CASES.items() for fragment in fragments])
def test_a_structure_goes_and_the_article_after_it_stays(kind: str, fragment: str) -> None:
    paragraphs, removed = read(fragment + NEXT)
    assert paragraphs == ["The story starts here.", "The article goes on after the block."]
    assert removed.get(kind, 0) >= 1


@pytest.mark.parametrize("case", sorted(LABELLED))
def test_the_label_of_a_removed_block_goes_too(case: str) -> None:
    paragraphs, removed = read(LABELLED[case] + NEXT)
    assert paragraphs == ["The story starts here.", "The article goes on after the block."]
    assert removed["label"] == 1


def test_an_emphasised_lead_in_to_a_section_goes_and_the_section_stays() -> None:
    paragraphs, removed = read("<p><em>Some of what the minister told us:</em></p>"
                               "<h3>On the budget</h3><p>We will not raise taxes.</p>")
    assert paragraphs == ["The story starts here.", "On the budget", "We will not raise taxes."]
    assert removed == {"label": 1}


def test_a_heading_left_announcing_a_removed_list_at_the_end_goes() -> None:
    paragraphs, removed = read('<h3>More on this</h3><ul><li><a href="/2025/01/02/a/">A story '
                               'on the site</a></li><li><a href="/2025/01/03/b/">Another story '
                               "on it</a></li></ul>")
    assert paragraphs == ["The story starts here."]
    assert removed["empty_heading"] == 1


KEPT = [
    # prose with a link to another post, even a short sentence, even one ending on the link
    '<p>The fares were last raised in <a href="/2022/06/01/fares/">June 2022</a>, when diesel '
    "peaked.</p>",
    '<p>He had <a href="/2024/11/20/sworn-in/">taken office in November</a>.</p>',
    '<p>Our full coverage is on <a href="/2024/11/20/elections/">the elections page</a></p>',
    # a plain lead-in to a quoted statement, and one before an embed
    "<p>The ministry issued the following statement:</p><blockquote><p>Schools reopen on "
    "Monday.</p></blockquote>",
    '<p>The PMO posted this statement:</p><p><iframe src="https://v.example/1"></iframe></p>',
    # a link to a file on the site, a link to another site
    '<p><a href="/wp-content/uploads/2025/01/report-full-text.pdf">The full report of the '
    "committee</a></p>",
    '<p><a href="https://parliament.example/hansard/2025-01-02">Hansard of the sitting</a></p>',
    # a short line after an image that is a sentence, a heading with its section
    '<p><img src="a.jpg"></p><p>It rained all day.</p>',
    "<h2>Reactions</h2><p>The opposition welcomed the decision.</p>",
    # a lead-in that is prose, or not followed by a heading
    "<p>What the minister told us about it:</p><h3>On the budget</h3><p>No new taxes.</p>",
    "<p><em>Some of what the minister told us:</em></p><p>We will not raise taxes.</p>",
    # one image with a long paragraph beside it is no gallery
    '<div><img src="a.jpg"><img src="b.jpg"><p>' + "A long paragraph of the story. " * 20
    + "</p></div>",
]


@pytest.mark.parametrize("fragment", KEPT)
def test_look_alikes_in_the_article_stay(fragment: str) -> None:
    paragraphs, removed = read(fragment)
    expected, _ = html_to_paragraphs(
        f'<div><p>The story starts here.</p>{fragment}</div>', CHROME_SELECTORS)
    assert paragraphs == expected
    assert not {"links_to_posts", "label", "cta", "gallery", "toc"} & set(removed)


CREDITS = [
    '<p><em>With reports from <a href="https://wire.example/story">the wire</a> and '
    '<a href="https://www.paper.example/x">The Paper</a></em></p>',
    '<p><i>Source: <a href="https://agency.example/">Agency</a>.</i></p>',
]
NOT_CREDITS = [
    # a credit line in the middle of the article, a link to the site itself, no emphasis,
    # an emphasised closing sentence that is the article's
    CREDITS[0] + "<p>The article goes on after the line.</p>",
    '<p><em>With reports from <a href="/2025/01/02/wire/">our desk</a></em></p>',
    '<p>With reports from <a href="https://wire.example/story">the wire</a></p>',
    '<p><em>"We will be back next year, stronger than ever," the captain said after '
    '<a href="https://league.example/r">the final</a>.</em></p>',
]


@pytest.mark.parametrize("fragment", CREDITS)
def test_a_closing_credit_of_other_sites_goes(fragment: str) -> None:
    paragraphs, removed = read(fragment)
    assert paragraphs == ["The story starts here."]
    assert removed == {"credit": 1}


@pytest.mark.parametrize("fragment", NOT_CREDITS)
def test_lines_that_are_no_closing_credit_stay(fragment: str) -> None:
    paragraphs, removed = read(fragment)
    assert len(paragraphs) == 1 + fragment.count("<p>")
    assert "credit" not in removed


def test_the_container_itself_is_never_removed() -> None:
    # a container that is nothing but a list of links is left to the classifier
    paragraphs, _ = read('<ul><li><a href="/2025/01/02/a/">A story on the site</a></li></ul>')
    assert paragraphs[0] == "The story starts here."
