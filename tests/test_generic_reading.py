"""The generic path's reading of structures other sites write (newscrawl/extraction/fallback.py,
pipelines/strip_chrome.py): an `articleBody` written as HTML, a `<form>` around the whole page,
comments inside paragraphs, decomposed characters and soft hyphens."""

from __future__ import annotations

import json

import pytest
from lxml import html

import newscrawl
from newscrawl.extraction import fallback
from newscrawl.extraction.htmlparse import parse_html
from newscrawl.extraction.text import block_paragraphs

FETCHED = "2024-03-06T00:00:00+00:00"
URL = "https://news.example/market-hall/"
FIRST = ("The council met on Tuesday evening to discuss the new market hall, which has been "
         "delayed for two years by disputes over the land and the cost of the roof.")
SECOND = ("Residents who spoke at the meeting said the old hall was no longer safe, and the "
          "mayor promised a decision before the end of the month after a final survey.")
HEAD = ("<title>Market hall delayed again</title>"
        "<meta property='article:published_time' content='2024-03-05T10:00:00+00:00'>")


def page(body: str, head: str = "") -> str:
    return (f"<!doctype html><html lang='en'><head>{HEAD}{head}</head><body>{body}"
            "</body></html>")


def test_an_article_body_written_as_html_is_read_as_markup() -> None:
    ld = {"@type": "NewsArticle", "headline": "Market hall delayed again",
          "articleBody": f"<p><strong>By our reporter</strong></p><p>{FIRST}</p>"
                         f"<p>{SECOND.replace('and the', '&amp; the')}</p>"}
    script = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    html = page(f"<main><h1>Market hall delayed again</h1><p>{FIRST}</p></main>", script)
    item = newscrawl.extract(html, URL, FETCHED)
    assert item["extraction"]["fallback"] == "json-ld"
    assert item["body"].split("\n\n") == [
        "By our reporter", FIRST, SECOND.replace("and the", "& the")]


def test_an_article_body_escaped_twice_is_read_as_text() -> None:
    """`&lt;p&gt;` and `&amp;eacute;` in the JSON: the markup read once is markup again."""
    body = (f"<p class='text'>{FIRST.replace('delayed', 'd&eacute;layed')}</p>"
            f"<p class='text'>{SECOND}</p>")
    ld = {"@type": "NewsArticle", "headline": "Market hall delayed again",
          "articleBody": body.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}
    script = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    html = page(f"<main><h1>Market hall delayed again</h1><p>{FIRST}</p></main>", script)
    item = newscrawl.extract(html, URL, FETCHED)
    assert item["extraction"]["fallback"] == "json-ld"
    assert item["body"].split("\n\n") == [FIRST.replace("delayed", "d\u00e9layed"), SECOND]


def test_a_form_around_the_whole_page_is_no_chrome() -> None:
    """ASP.NET and forum software wrap the page in one `<form>`: the chrome vocabulary's
    `form` (a comment or search form) must not take the story with it."""
    menu = "".join(f"<li><a href='/section-{n}/'>Section number {n} of the news</a></li>"
                   for n in range(6))
    html = page(f"<div class='top'><ul>{menu}</ul></div>"
                "<form id='aspnetForm' method='post' action='./market-hall'>"
                "<input type='hidden' name='__VIEWSTATE' value='x'>"
                f"<main><h1>Market hall delayed again</h1><p>{FIRST}</p><p>{SECOND}</p>"
                "</main></form>")
    item = newscrawl.extract(html, URL, FETCHED)
    assert item["body"].split("\n\n") == [FIRST, SECOND]


def test_text_after_a_comment_in_a_paragraph_is_read() -> None:
    """React's server markup separates text pieces with `<!-- -->`."""
    first = FIRST.replace("market hall, which", "<em>market hall</em>, <!-- -->which")
    others = [SECOND.replace("Residents", f"Neighbours ({n})") for n in range(4)]
    html = page("<div><div class='post'><h1>Market hall delayed again</h1>"
                "<div class='post-body'> " + "".join(f"<p>{p}</p> <!-- --> " for p in others)
                + f"<p>{first}</p> <!-- --> <p> <!-- -->{SECOND}<!-- --> </p></div></div></div>")
    item = newscrawl.extract(html, URL, FETCHED)
    assert item["body"].split("\n\n") == [*others, FIRST, SECOND]


def test_the_body_is_composed_and_has_no_soft_hyphens() -> None:
    decomposed = FIRST.replace("council", "conse\u0301il").replace("market", "mar\u00adket")
    html = page(f"<main><h1>Market hall delayed again</h1><p>{decomposed}</p><p>{SECOND}</p>"
                "</main>")
    item = newscrawl.extract(html, URL, FETCHED)
    assert item["body"].split("\n\n")[0] == FIRST.replace("council", "cons\u00e9il")


LEAD = ("The town's market hall will open a year late, and the council now expects the work to "
        "cost a third more than it planned.")
THIRD = ("Traders have been selling from tents in the car park since the old building closed, "
         "and several of them said they would not wait another winter for a roof.")


def lead_page(description: str) -> str:
    """An article page whose JSON-LD `articleBody` starts after the lead paragraph it shows."""
    ld = {"@type": "NewsArticle", "headline": "Market hall delayed again",
          "description": description, "articleBody": f"{FIRST}\n{SECOND}\n{THIRD}"}
    head = (f"<meta name='description' content=\"{description}\">"
            f"<script type='application/ld+json'>{json.dumps(ld)}</script>")
    return page("<main><article><h1>Market hall delayed again</h1>"
                f"<p class='intro'>{LEAD}</p><p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p>"
                "</article></main>", head)


def test_the_lead_an_article_body_leaves_out_is_read_when_the_page_describes_it() -> None:
    """The page's description, shown as the opening paragraph before the text `articleBody`
    holds, is the article's lead: the publisher's body left it out, the page did not."""
    item = newscrawl.extract(lead_page(LEAD), URL, FETCHED)
    assert item["extraction"]["fallback"] == "json-ld"
    assert item["body"].split("\n\n") == [LEAD, FIRST, SECOND, THIRD]


def test_a_line_before_the_article_body_that_no_description_says_stays_out() -> None:
    """A dek or a box before the body that is not the page's description is not taken into
    the publisher's body."""
    item = newscrawl.extract(lead_page("Our guide to the delays at the market hall."), URL,
                             FETCHED)
    assert item["extraction"]["fallback"] == "json-ld"
    assert item["body"].split("\n\n") == [FIRST, SECOND, THIRD]


def test_a_post_the_story_quotes_is_read_with_it() -> None:
    """An embedded tweet's blockquote holds the quoted words as served: on another site's page
    they are the story's text (the theme's own pages keep it out, tests/test_golden.py)."""
    quoted = ("The roof of the new market hall will be finished before the rains, we have "
              "signed the contract with the builders this morning.")
    tweet = (f"<blockquote class='twitter-tweet'><p lang='en' dir='ltr'>{quoted}</p>"
             "&mdash; Town Council (@towncouncil) "
             "<a href='https://twitter.com/towncouncil/status/1'>March 5, 2024</a></blockquote>")
    html = page(f"<main><article><h1>Market hall delayed again</h1><p>{FIRST}</p>"
                f"<p>The council wrote on its account:</p>{tweet}<p>{SECOND}</p><p>{THIRD}</p>"
                "</article></main>")
    item = newscrawl.extract(html, URL, FETCHED)
    assert item["extraction"]["fallback"] == "trafilatura"
    paragraphs = item["body"].split("\n\n")
    assert paragraphs[0] == FIRST and paragraphs[-2:] == [SECOND, THIRD]
    assert any(quoted in p for p in paragraphs[1:-2])


ABOUT = ("I write about the town's markets, its council and its roads, and I have done so "
         "every week since the old hall closed. Before that I sold vegetables there myself for "
         "twenty years, so I know most of the traders by name; write to me if you know more.")


def test_a_post_its_scripts_write_is_read_from_its_noscript() -> None:
    """A page whose script writes the post gives the text to readers without script in a
    `<noscript>`; what the page shows besides (labels, an archive) is no story."""
    labels = "".join(f"<li><a href='/search/label/topic-{n}'>topic {n}</a></li>"
                     for n in range(30))
    archive = "".join(f"<li><a href='/2024/{m:02d}/'>2024 month {m}</a></li>"
                      for m in range(1, 13))
    html = page("<div class='blog'><h1>Market hall delayed again</h1>"
                "<div class='post-body'><script>render(post)</script><noscript>"
                f"<p>{FIRST}</p><p>{SECOND}</p><p>{THIRD}</p></noscript></div></div>"
                f"<div class='profile'><h2>About me</h2><p>{ABOUT}</p></div>"
                f"<aside><h2>Labels</h2><ul>{labels}</ul><h2>Archive</h2><ul>{archive}</ul>"
                "</aside>")
    item = newscrawl.extract(html, URL, FETCHED)
    assert item["body"].split("\n\n") == [FIRST, SECOND, THIRD]


SECTIONS = [FIRST, SECOND, THIRD, LEAD, *(p.replace("council", f"board {n}")
                                          for n in range(4) for p in (FIRST, SECOND))]
INTRO = ("A guide to the market hall: why it is late, what it costs and what the traders say "
         "about it, in a few sections below, with the council's answers.")


def main_page(sections: str) -> html.HtmlElement:
    return parse_html(page("<nav><a href='/'>Home</a> <a href='/guides/'>Guides</a></nav>"
                           f"<main><h1>Market hall delayed again</h1><p>{INTRO}</p>{sections}"
                           "</main><footer><a href='/about/'>About</a></footer>"))[0].root


def test_a_main_element_trafilatura_reads_a_small_part_of_is_read_whole() -> None:
    """trafilatura drops blocks by their class names (an editor's field class can read as
    chrome to it) and can keep only the intro of a long page: when its reading is a small
    part of the page's one `<main>`, prose in paragraphs with few links, the element is read
    whole, its headline left out (the title field)."""
    root = main_page("<div class='rich-text'>" + "".join(
        f"<h2>Part {n}</h2><p>{p}</p>" for n, p in enumerate(SECTIONS)) + "</div>")
    notes: list[str] = []
    short = fallback.Reading("trafilatura", f"<div><p>{INTRO}</p></div>", INTRO)
    found = fallback.main_element(root, short, ("Market hall delayed again", None), notes)
    assert found is not None and found.path == "selectors" and notes == ["main_element"]
    paragraphs = list(block_paragraphs(html.fromstring(found.body_html)))
    assert [p for p in paragraphs if not p.startswith("Part ")] == [INTRO, *SECTIONS]


@pytest.mark.parametrize("sections", [
    # a list of posts under the story
    "".join(f"<article><h2>Story {n}</h2><p>{p}</p></article>" for n, p in enumerate(SECTIONS)),
    # links, not prose
    "<ul>" + "".join(f"<li><a href='/s/{n}/'>{p}</a></li>" for n, p in enumerate(SECTIONS))
    + "</ul>",
], ids=["posts", "links"])
def test_a_main_element_of_posts_or_links_is_not_read_whole(sections: str) -> None:
    root = main_page(sections)
    short = fallback.Reading("trafilatura", f"<div><p>{INTRO}</p></div>", INTRO)
    assert fallback.main_element(root, short, ("Market hall delayed again", None), []) is short


def test_a_reading_of_most_of_the_main_element_stays() -> None:
    root = main_page("".join(f"<p>{p}</p>" for p in SECTIONS))
    text = " ".join(SECTIONS[:8])
    reading = fallback.Reading("trafilatura", "<div></div>", text)
    assert fallback.main_element(root, reading, ("Market hall delayed again", None), []) \
        is reading


def test_a_line_pointing_to_another_post_is_left_out_of_trafilatura_s_reading() -> None:
    """trafilatura's text loses a paragraph's links; the page's markup put back lets the
    chrome pipeline tell an editor's pointer to another post, in any language, from the
    story. A sentence of the story holding a link stays."""
    pointer = ("<p><strong>Lesen Sie auch: <a href='https://news.example/2024/02/01/roof/'>"
               "Streit um das Dach der Markthalle</a></strong></p>")
    linked = SECOND.replace("the old hall", "<a href='https://news.example/old-hall/'>the old "
                                            "hall</a>")
    html = page(f"<main><article><h1>Market hall delayed again</h1><p>{FIRST}</p>{pointer}"
                f"<p>{linked}</p><p>{THIRD}</p></article></main>")
    item = newscrawl.extract(html, URL, FETCHED)
    assert item["extraction"]["fallback"] == "trafilatura"
    assert item["body"].split("\n\n") == [FIRST, SECOND, THIRD]
