"""The crawl state: what earlier runs exported, in an embedded SQLite file.

Per article: canonical URL, post id, content fingerprint, `published`/`modified`, the change
date the discovery source reported when it was fetched (`lastmod`), revision, first seen,
last seen, last emitted, and the child sitemap that last listed it. Per discovery source
(e.g. a child sitemap): its last `lastmod`. Per article found gone (404/410) or moved
(301/308 to another article): its tombstone, until the article comes back.

Writes are staged in a `Batch` during the run and committed in one transaction once the
exported items are safely published, so the state never runs ahead of the output. A file
lock keeps two runs (overlapping cron jobs) from using one state file at the same time.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url          TEXT PRIMARY KEY,
    post_id      INTEGER,
    fingerprint  TEXT NOT NULL,
    published    TEXT,
    modified     TEXT,
    lastmod      TEXT,
    revision     INTEGER NOT NULL CHECK (revision >= 1),
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    last_emitted TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_post_id ON articles (post_id);
CREATE TABLE IF NOT EXISTS sources (
    url     TEXT PRIMARY KEY,
    lastmod TEXT,
    checked TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
# Version 2: the sitemap that listed each article, and tombstones.
MIGRATIONS = {2: """
ALTER TABLE articles ADD COLUMN sitemap TEXT;
CREATE TABLE IF NOT EXISTS tombstones (
    url         TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('deleted', 'moved')),
    status      INTEGER NOT NULL,
    moved_to    TEXT,
    detected_at TEXT NOT NULL
);
"""}
FULL_COVERAGE = "full_coverage"  # meta key: when a run last walked the whole archive
# The content fields whose change makes a new revision (`modified` is compared on its own).
FINGERPRINT_FIELDS = (
    "title", "subtitle", "body", "authors", "published", "dateline", "language",
    "categories", "tags", "image", "translations",
)


class StateLockedError(RuntimeError):
    """Another run holds the state file."""


def fingerprint(item: Mapping[str, Any]) -> str:
    """SHA-256 of the article's content fields, independent of key order and crawl time."""
    content = {name: item.get(name) for name in FINGERPRINT_FIELDS}
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def as_instant(value: str | datetime | None) -> datetime | None:
    """An ISO string or datetime as an aware datetime (naive means UTC), or None."""
    if value is None or value == "":
        return None
    when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


@dataclass(frozen=True, slots=True)
class ArticleState:
    """One article as last exported."""

    url: str
    post_id: int | None
    fingerprint: str
    published: str | None
    modified: str | None
    lastmod: str | None
    revision: int
    first_seen: str
    last_seen: str
    last_emitted: str
    sitemap: str | None = None  # the child sitemap that last listed it

    @property
    def changed_at(self) -> datetime | None:
        """The latest change date known for it: a source date not after this is no change."""
        dates = [as_instant(v) for v in (self.lastmod, self.modified, self.published)]
        present = [d for d in dates if d is not None]
        return max(present) if present else None

    def same_content(self, fingerprint_: str, modified: str | None) -> bool:
        """True if an extracted page equals this revision (content and `modified`)."""
        return fingerprint_ == self.fingerprint and as_instant(modified) == as_instant(
            self.modified
        )


@dataclass(frozen=True, slots=True)
class Tombstone:
    """An exported article found gone (`deleted`: 404/410) or moved (`moved`: 301/308 to
    another article, `moved_to`), when and with which HTTP status."""

    url: str
    kind: str
    status: int
    moved_to: str | None
    detected_at: str


@dataclass
class Batch:
    """Writes staged during a run, committed together."""

    articles: dict[str, ArticleState] = field(default_factory=dict)  # exported revisions
    replaces: dict[str, str] = field(default_factory=dict)  # new url → old url (slug change)
    touched: dict[str, str | None] = field(default_factory=dict)  # fetched, unchanged → lastmod
    seen: set[str] = field(default_factory=set)  # known URLs listed by a source this run
    sources: dict[str, str] = field(default_factory=dict)  # child sitemap → its lastmod
    full_coverage: bool = False  # the run walked the whole archive
    listed: dict[str, str] = field(default_factory=dict)  # article → sitemap listing it now
    tombstones: dict[str, Tombstone] = field(default_factory=dict)  # exported this run


class CrawlState:
    """The SQLite state file, opened for one run (exclusive), with the run's pending writes.

    With `reset` set, reads see an empty state and the commit replaces the whole file's
    content: a reset run that dies before its commit leaves the old state intact.
    """

    def __init__(self, path: str | os.PathLike[str], *, reset: bool = False) -> None:
        self.path = Path(path)
        self.reset = reset
        self.pending = Batch()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = self._acquire_lock()
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA busy_timeout=10000")
        self._migrate()

    def _acquire_lock(self) -> int:
        fd = os.open(f"{self.path}.lock", os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise StateLockedError(f"{self.path} is in use by another run") from None
        return fd

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path}: state schema {version} is newer than this code")
        if version == SCHEMA_VERSION:
            return
        with self.transaction() as db:
            if version == 0:
                for statement in filter(str.strip, SCHEMA.split(";")):
                    db.execute(statement)
            for number in range(max(version, 1) + 1, SCHEMA_VERSION + 1):
                for statement in filter(str.strip, MIGRATIONS[number].split(";")):
                    db.execute(statement)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()
        fcntl.flock(self._lock, fcntl.LOCK_UN)
        os.close(self._lock)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- reads -----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return self.reset or self.db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None

    def count(self) -> int:
        return 0 if self.reset else self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def full_coverage(self) -> str | None:
        """When a run last walked the whole archive to its normal end, or None."""
        if self.reset:
            return None
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (FULL_COVERAGE,)).fetchone()
        return row[0] if row else None

    def get(self, url: str) -> ArticleState | None:
        if self.reset:
            return None
        row = self.db.execute("SELECT * FROM articles WHERE url = ?", (url,)).fetchone()
        return ArticleState(**row) if row else None

    def get_by_post_id(self, post_id: int | None) -> ArticleState | None:
        if post_id is None or self.reset:
            return None
        row = self.db.execute(
            "SELECT * FROM articles WHERE post_id = ? ORDER BY last_emitted DESC LIMIT 1",
            (post_id,),
        ).fetchone()
        return ArticleState(**row) if row else None

    def source_lastmod(self, url: str) -> str | None:
        if self.reset:
            return None
        row = self.db.execute("SELECT lastmod FROM sources WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def all_articles(self) -> list[ArticleState]:
        return [ArticleState(**row) for row in self.db.execute("SELECT * FROM articles")]

    def tombstone(self, url: str) -> Tombstone | None:
        if self.reset:
            return None
        row = self.db.execute("SELECT * FROM tombstones WHERE url = ?", (url,)).fetchone()
        return Tombstone(**row) if row else None

    def tombstones(self) -> dict[str, Tombstone]:
        if self.reset:
            return {}
        return {row["url"]: Tombstone(**row) for row in self.db.execute("SELECT * FROM tombstones")}

    # -- writes ----------------------------------------------------------------------------

    def commit(self, *, finished: bool = True, failed: int = 0) -> dict[str, int]:
        """Write the pending batch in one transaction, then start a new one.

        Exported articles, unchanged re-fetches and "last seen" marks are always written. The
        full-coverage mark needs a run that `finished` (not stopped); sitemap lastmods also need
        no `failed` article, so the sitemaps that listed it are read again next time.
        """
        clean = finished and not failed
        batch, now = self.pending, utc_now()
        with self.transaction() as db:
            if self.reset:
                for table in ("articles", "sources", "meta", "tombstones"):
                    db.execute(f"DELETE FROM {table}")
            for new_url, old_url in batch.replaces.items():
                if old_url != new_url:
                    db.execute("DELETE FROM articles WHERE url = ?", (old_url,))
            db.executemany(UPSERT_ARTICLE, [_row(a) for a in batch.articles.values()])
            db.executemany(
                "UPDATE articles SET last_seen = ?, lastmod = coalesce(?, lastmod) WHERE url = ?",
                [(now, lastmod, url) for url, lastmod in batch.touched.items()],
            )
            db.executemany("UPDATE articles SET last_seen = ? WHERE url = ?",
                           [(now, url) for url in sorted(batch.seen)])
            db.executemany("UPDATE articles SET sitemap = ? WHERE url = ?",
                           [(sitemap, url) for url, sitemap in batch.listed.items()])
            db.executemany(UPSERT_TOMBSTONE, [_row(t) for t in batch.tombstones.values()])
            db.executemany("DELETE FROM tombstones WHERE url = ?",  # came back
                           [(url,) for url in batch.articles])
            if clean:
                db.executemany(UPSERT_SOURCE, [(u, m, now) for u, m in batch.sources.items()])
            if finished and batch.full_coverage:
                db.execute(UPSERT_META, (FULL_COVERAGE, now))
        self.reset, self.pending = False, Batch()
        return {"articles": len(batch.articles), "touched": len(batch.touched),
                "seen": len(batch.seen), "sources": len(batch.sources) if clean else 0,
                "tombstones": len(batch.tombstones)}


UPSERT_TOMBSTONE = """
INSERT INTO tombstones (url, kind, status, moved_to, detected_at)
VALUES (:url, :kind, :status, :moved_to, :detected_at)
ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, status = excluded.status,
    moved_to = excluded.moved_to, detected_at = excluded.detected_at
"""
UPSERT_SOURCE = """
INSERT INTO sources (url, lastmod, checked) VALUES (?, ?, ?)
ON CONFLICT (url) DO UPDATE SET lastmod = excluded.lastmod, checked = excluded.checked
"""
UPSERT_META = """
INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value
"""
UPSERT_ARTICLE = """
INSERT INTO articles (url, post_id, fingerprint, published, modified, lastmod, revision,
                      first_seen, last_seen, last_emitted, sitemap)
VALUES (:url, :post_id, :fingerprint, :published, :modified, :lastmod, :revision,
        :first_seen, :last_seen, :last_emitted, :sitemap)
ON CONFLICT (url) DO UPDATE SET
    post_id = excluded.post_id, fingerprint = excluded.fingerprint,
    published = excluded.published, modified = excluded.modified, lastmod = excluded.lastmod,
    revision = excluded.revision, last_seen = excluded.last_seen,
    last_emitted = excluded.last_emitted, sitemap = coalesce(excluded.sitemap, articles.sitemap)
"""


def _row(row: ArticleState | Tombstone) -> dict[str, Any]:
    return {f.name: getattr(row, f.name) for f in fields(row)}
