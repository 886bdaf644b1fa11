"""Content files (`articles/*.json`) loaded into posts, and the site's taxonomy built from them."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from html import unescape
from pathlib import Path

import dates

ROOT = "https://newsmoris.com"
UPLOADS = f"{ROOT}/wp-content/uploads"
LEMAURICIEN = "https://www.lemauricien.com/"
_PATH_RE = re.compile(r"^(/fr)?/(\d{4})/(\d{2})/(\d{2})/([a-z0-9-]+)/$")
_DROP_RE = re.compile(r"<(script|style|iframe)\b.*?</\1>", re.S | re.I)
_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Term:
    """A category, tag or author archive."""

    kind: str  # "category", "tag" or "author"
    name: str
    slug: str
    lang: str = "en"

    @property
    def url(self) -> str:
        prefix = "/fr" if self.lang == "fr" else ""
        return f"{ROOT}{prefix}/{self.kind}/{self.slug}/"


@dataclass(frozen=True)
class Image:
    file: str
    caption: str | None

    @property
    def url(self) -> str:
        return f"{UPLOADS}/{self.file}"

    def sized(self, width: int, height: int) -> str:
        stem, dot, ext = self.url.rpartition(".")
        return f"{stem}-{width}x{height}{dot}{ext}"


@dataclass(frozen=True)
class Comment:
    author: str
    date: str
    text: str


@dataclass
class Post:
    """One article content file."""

    path: str
    post_id: int
    template: str
    lang: str
    title: str
    subtitle: str | None
    authors: list[Term]
    categories: list[Term]
    tags: list[Term]
    published_value: str
    modified_value: str | None
    visible_date: str | None
    visible_modified: str | None
    date_sources: frozenset[str]
    time_datetime: str | None
    microdata_datetime: str | None
    image: Image | None
    hreflang: dict[str, str]
    read_in_french: str
    comments: list[Comment]
    body_html: str
    inline_ad_after: int | None
    source_file: str = field(default="", compare=False)

    @property
    def url(self) -> str:
        return ROOT + self.path

    @property
    def published(self) -> datetime:
        return dates.parse(self.published_value)

    @property
    def modified(self) -> datetime | None:
        return dates.parse(self.modified_value) if self.modified_value else None

    @property
    def last_modified(self) -> datetime:
        return self.modified or self.published

    @property
    def rankmath(self) -> bool:
        """Pages whose SEO plugin prints the site offset instead of UTC."""
        return not self.published_value.endswith("+00:00")

    @property
    def old_build(self) -> bool:
        """A page from an old build: no Yoast dates at all, only the theme's."""
        return not self.date_sources & {"json-ld", "opengraph"} and self.template == "classic"

    @property
    def shortlink(self) -> str:
        return f"{ROOT}/?p={self.post_id}"

    @cached_property
    def words(self) -> list[str]:
        """The post content as plain words (tags stripped), for excerpts."""
        text = unescape(_TAG_RE.sub(" ", _DROP_RE.sub(" ", self.body_html)))
        return text.split()

    def excerpt(self, limit: int = 25) -> str:
        """`td_util::excerpt`: keep `limit - 1` words and append `...` with no space."""
        if len(self.words) >= limit:
            return " ".join(self.words[: limit - 1]) + "..."
        return " ".join(self.words)

    def rss_excerpt(self) -> str:
        """`wp_trim_excerpt`: 55 words and ` [&#8230;]`."""
        more = " [&#8230;]" if len(self.words) > 55 else ""
        return " ".join(self.words[:55]) + more

    def module_date(self) -> str:
        """A module's visible date: the local date, or the time-ago text the post shows."""
        if self.visible_date and self.visible_date.endswith(" ago"):
            return self.visible_date
        return dates.short_date(self.published, self.lang)


def _terms(kind: str, pairs: list[list[str]], lang: str) -> list[Term]:
    return [Term(kind, name, slug, lang if kind != "author" else "en") for name, slug in pairs]


def load_post(path: Path) -> Post:
    """Read one content file and check its path against its local publication date."""
    data = json.loads(path.read_text(encoding="utf-8"))
    lang = data["lang"]
    image = data.get("image")
    post = Post(
        path=data["path"],
        post_id=int(data["post_id"]),
        template=data["template"],
        lang=lang,
        title=data["title"],
        subtitle=data.get("subtitle"),
        authors=_terms("author", data.get("authors", []), lang),
        categories=_terms("category", data.get("categories", []), lang),
        tags=_terms("tag", data.get("tags", []), lang),
        published_value=data["published_utc"],
        modified_value=data.get("modified_utc"),
        visible_date=data.get("visible_date"),
        visible_modified=data.get("visible_modified"),
        date_sources=frozenset(data.get("date_sources", [])),
        time_datetime=data.get("time_datetime"),
        microdata_datetime=data.get("microdata_datetime"),
        image=Image(image["file"], image.get("caption")) if image else None,
        hreflang=dict(data.get("hreflang") or {}),
        read_in_french=data.get("read_in_french") or LEMAURICIEN,
        comments=[Comment(**comment) for comment in data.get("comments") or []],
        body_html=data["body_html"],
        inline_ad_after=data.get("inline_ad_after"),
        source_file=path.name,
    )
    _check_path(post)
    return post


def _check_path(post: Post) -> None:
    match = _PATH_RE.match(post.path)
    if not match:
        raise ValueError(f"{post.source_file}: bad path {post.path}")
    day = dates.local(post.published)
    if (bool(match.group(1)) != (post.lang == "fr")) or match.group(2, 3, 4) != (
        f"{day.year:04d}", f"{day.month:02d}", f"{day.day:02d}"
    ):
        raise ValueError(f"{post.source_file}: path {post.path} does not match local date {day}")


@dataclass
class Site:
    """Every post, newest first, and the archives they belong to."""

    posts: list[Post]

    @classmethod
    def load(cls, folder: Path) -> Site:
        posts = [load_post(path) for path in sorted(folder.glob("*.json"))]
        posts.sort(key=lambda post: (post.published, post.post_id), reverse=True)
        site = cls(posts)
        site.check_unique()
        return site

    def check_unique(self) -> None:
        for key in ("post_id", "path"):
            values = [getattr(post, key) for post in self.posts]
            duplicates = {value for value in values if values.count(value) > 1}
            if duplicates:
                raise ValueError(f"duplicate {key}: {sorted(duplicates)}")

    def in_lang(self, lang: str) -> list[Post]:
        return [post for post in self.posts if post.lang == lang]

    def archives(self, kind: str) -> dict[Term, list[Post]]:
        """Each category, tag or author with its posts (newest first), sorted by slug."""
        found: dict[Term, list[Post]] = defaultdict(list)
        attribute = {"category": "categories", "tag": "tags", "author": "authors"}[kind]
        for post in self.posts:
            for term in getattr(post, attribute):
                found[term].append(post)
        return dict(sorted(found.items(), key=lambda item: (item[0].lang, item[0].slug)))

    def neighbours(self, post: Post) -> tuple[Post | None, Post | None]:
        """The previous (older) and next (newer) post in the same language."""
        same = self.in_lang(post.lang)
        index = same.index(post)
        older = same[index + 1] if index + 1 < len(same) else None
        newer = same[index - 1] if index > 0 else None
        return older, newer

    def latest(
        self, post: Post | None, count: int, category: str | None = None, offset: int = 0
    ) -> list[Post]:
        """The newest posts of the page's language (optionally one category), excluding the post.

        Pages in another language than English are filled up with English posts.
        """
        lang = post.lang if post else "en"
        found = [
            other for other in self.in_lang(lang)
            if other is not post and (category is None or category in _slugs(other))
        ][offset:]
        if len(found) < count and lang != "en":
            found += [other for other in self.in_lang("en") if other not in found]
        return found[:count]


def _slugs(post: Post) -> set[str]:
    return {term.slug for term in post.categories}
