"""Markup → paragraphs."""

from newscrawl.extraction.chrome import CHROME_SELECTORS, is_chrome_line
from newscrawl.extraction.text import html_to_paragraphs, normalise_space


def test_one_paragraph_per_block_inline_markup_flattened() -> None:
    markup = (
        "<div><p>Hello <a href='x'>wor<b>ld</b></a>!<br>Next&nbsp; line<!-- c --></p>"
        "loose <em>text</em><h3>Sub heading</h3><ul><li>one</li><li>two<ul><li>2a</li></ul></li>"
        "</ul><blockquote><p>q1</p><p>q2</p></blockquote><blockquote>bare quote</blockquote>"
        "<p>   </p></div>"
    )
    paragraphs, removed = html_to_paragraphs(markup)
    assert paragraphs == [
        "Hello world! Next line",
        "loose text",
        "Sub heading",
        "one",
        "two",
        "2a",
        "q1",
        "q2",
        "bare quote",
    ]
    assert removed == 0


def test_chrome_elements_removed_tail_text_kept() -> None:
    markup = (
        "<div class='tdb-block-inner'><p>First.</p>"
        "<div class='td-a-ad id_inline_ad0'><span class='td-adspot-title'>- Advertisement -</span>"
        "<img alt='spot_img' src='b.jpg'></div><p>Second.</p>"
        "<figure class='wp-block-image'><img src='a.jpg'>"
        "<figcaption>A caption</figcaption></figure>"
        "<blockquote class='twitter-tweet'><p>tweet text</p></blockquote><script>x()</script>"
        "<p>Third <span class='td-adspot-title'>- Advertisement -</span>end.</p></div>"
    )
    paragraphs, removed = html_to_paragraphs(markup, CHROME_SELECTORS)
    assert paragraphs == ["First.", "Second.", "Third end."]
    assert removed == 5


def test_chrome_lines() -> None:
    for line in [
        "- Advertisement -",
        "- Advertisement -spot_img",
        "Must Read",
        "Latest Articles",
        "Please enter your comment!",
        "Please enter your name here",
        "Download The App:",
        "Read in French",
        "Share this:",
    ]:
        assert is_chrome_line(line), line
    for line in [
        "Putin and Chinese President Xi Jinping had a meeting last month in Moscow.",
        "Source: Le Mauricien",
        "Port Louis will host the summit.",
        "Must Read more.",
        # a story may hold these as paragraphs (a list item, a subheading): the widgets that
        # print them are removed by their markup instead
        "Port Louis",
        "Thursday, March 12, 2026",
        "Facebook",
        "TAGS",
    ]:
        assert not is_chrome_line(line), line


def test_header_widgets_are_removed_by_their_markup() -> None:
    markup = (
        "<div><div class='td_block_wrap tdb_header_weather'><div class='tdb-block-inner'>"
        "<span class='tdb-weather-deg'>26.9</span> <span class='tdb-weather-unit'>C</span>"
        "<div class='tdb-weather-city'>Port Louis</div></div></div>"
        "<div class='td_block_wrap tdb_header_date'><div class='tdb-head-date-txt'>"
        "Thursday, February 22, 2024</div></div><p>Story.</p>"
        "<div class='sharedaddy sd-sharing-enabled'><h3 class='sd-title'>Share this:</h3></div>"
        "</div>"
    )
    assert html_to_paragraphs(markup, CHROME_SELECTORS) == (["Story."], 3)


def test_inline_wrapper_around_paragraphs_and_invisible_spaces() -> None:
    markup = "<div><span><p>One.</p><p>Two.</p></span><p>\u200b</p><p>Th\u200bree</p></div>"
    assert html_to_paragraphs(markup)[0] == ["One.", "Two.", "Three"]


def test_normalise_space() -> None:
    assert normalise_space("  a\u00a0\n\tb  ") == "a b"
    assert normalise_space(None) == ""
