"""The theme's chrome vocabulary: every non-article element and string, in one place.

Used at the markup level (elements removed from the article container before its text is
read) and as a final text-level guard (paragraphs that are only chrome are dropped).
Sources: docs/site.md §3, §2.2–§2.7 (tagDiv Newspaper 9–12, td-cloud-library).
"""

from __future__ import annotations

import re

# Elements inside an article container that are never article text.
CHROME_SELECTORS: tuple[str, ...] = (
    # ads (td_block_ad_box, panel spots, Google ads, tdb inline ads)
    ".td-a-rec",
    ".td-a-ad",
    ".td-g-rec",
    ".td_block_ad_box",
    ".td-adspot-title",
    "img[alt='spot_img']",
    ".td_spot_img_all",
    # sharing, next/prev, related and flex blocks that may be nested in content
    "[class*='td-post-sharing']",
    ".td-post-next-prev",
    ".tdb_single_next_prev",
    ".td_block_related_posts",
    ".tdb_single_related",
    # Jetpack sharing, likes and related posts, appended inside the content by the plugin
    ".sharedaddy",
    ".sd-sharing",
    ".jetpack-likes-widget-wrapper",
    "#jp-relatedposts",
    ".jp-relatedposts",
    ".td_flex_block",
    ".td-block-title-wrap",
    # featured image and captions
    ".td-post-featured-image",
    "figcaption",
    ".wp-caption-text",
    ".tdb-caption-text",
    # embeds and non-text
    "blockquote.twitter-tweet",
    "blockquote.instagram-media",
    "blockquote.tiktok-embed",
    "blockquote.fb-xfbml-parse-ignore",
    "#fb-root",
    ".fb-post",
    ".fb-video",
    ".wp-block-embed",
    "iframe",
    "script",
    "style",
    "noscript",
    "form",
    # comment area and header widgets, should a layout ever nest them in the body
    "#comments",
    ".comment-respond",
    ".tdb_header_weather",
    ".td-weather-top-widget",
    ".tdb_header_date",
    ".td_data_time",
)

# Whole paragraphs that are theme strings, never article text (matched on the stripped text).
# Only strings no story would hold as a paragraph of its own: widgets whose text an article
# may share (the city, a weekday date, a network's name) are removed by their markup above.
_CHROME_LINES: tuple[str, ...] = (
    r"-?\s*(Advertisement|Publicité)\s*-?(\s*spot_img)?",
    r"spot_img",
    r"Must Read",
    r"More Articles",
    r"Latest Articles",
    r"RELATED ARTICLES",
    r"MORE FROM AUTHOR",
    r"Please enter your comment!?",
    r"Please enter your name here",
    r"Please enter your email address here",
    r"You have entered an incorrect email address!?",
    r"Please enter your \w+!",
    r"Comment:|Name:\*|Email:\*|Website:",
    r"LEAVE A REPLY",
    r"Cancel reply",
    r"Post Comment",
    r"Save my name, email, and website in this browser for the next time I comment\.",
    r"Your comment is awaiting moderation\.?",
    r"Comments are closed\.",
    r"\d+ COMMENTS?",
    r"Download The App:?",
    r"Read in French",
    r"(Previous|Next) article",
    r"Share this:",
    r"Like this:",
    r"Like Loading\.\.\.",
    # an editor's inline pointer to another story, in any layout
    r"(?:Also read|Read also|See also|Read more|(?:À|A) lire aussi|Lire aussi|Voir aussi)\s*:.*",
)
CHROME_LINE_RE = re.compile(r"^(?:" + "|".join(_CHROME_LINES) + r")$", re.IGNORECASE)

# Strings that must never appear anywhere in an exported body (used by tests and monitors).
CHROME_STRINGS: tuple[str, ...] = (
    "- Advertisement -",
    "spot_img",
    "Must Read",
    "More Articles",
    "Latest Articles",
    "Please enter your comment!",
    "Please enter your name here",
    "You have entered an incorrect email address!",
    "Please enter your email address here",
    "Save my name, email, and website in this browser",
    "Download The App:",
    "Read in French",
    "26.9 C",
)


def is_chrome_line(text: str) -> bool:
    """True when a whole paragraph is a theme string rather than article text."""
    return bool(CHROME_LINE_RE.match(text.strip()))
