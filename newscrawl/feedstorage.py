"""Atomic local-file feeds: consumers see the previous file or the complete new one, never a part.

Items go to `<final>.<pid>-<token>.tmp` in the final file's directory. When the feed closes, the
temporary file is flushed, fsynced and renamed over the final name (`os.replace`, atomic within
one file system), then the directory is fsynced. A run killed before that leaves only its
temporary file: the next run that writes a feed into the same directory removes it (or, with
`NEWSCRAWL_FEED_KEEP_STALE_TEMP`, keeps it), logs a warning and counts it in the stats.

A run with the Redis crawl state publishes only what it can commit: once Redis was unreachable
beyond `NEWSCRAWL_REDIS_RETRY_SECONDS` (`newscrawl.redis_client`) the temporary file is removed
instead, and just before the rename the run checks, within that bound, that Redis answers and
that it still holds the run lock (a lost lock: the feed fails, exit 8, nothing committed).

`-O` (overwrite) replaces the final file; `-o` (append) copies the existing final file into the
temporary one first, so an append is atomic too.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.statscollectors import StatsCollector

from newscrawl.atomic import OWN_TEMPS, TEMP_NAME, discard, publish, temp_path
from newscrawl.redis_client import ERRORS as REDIS_ERRORS
from newscrawl.redis_client import stop_run, unavailable

logger = logging.getLogger(__name__)


class AtomicFileFeedStorage(FileFeedStorage):
    """`FileFeedStorage` that publishes the file by an atomic rename when the feed closes."""

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None,
                 stats: StatsCollector | None = None, keep_stale: bool = False) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.final = Path(self.path)
        self.temp: Path | None = None
        self.stats = stats
        self.keep_stale = keep_stale
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, uri: str, *,
                     feed_options: dict[str, Any] | None = None) -> AtomicFileFeedStorage:
        storage = cls(uri, feed_options=feed_options, stats=crawler.stats,
                      keep_stale=crawler.settings.getbool("NEWSCRAWL_FEED_KEEP_STALE_TEMP"))
        storage.crawler = crawler
        return storage

    def open(self, spider: Spider) -> IO[bytes]:
        directory = self.final.parent
        directory.mkdir(parents=True, exist_ok=True)
        sweep_stale_temps(directory, self.stats, keep=self.keep_stale)
        self.temp = temp_path(self.final)
        if self.write_mode == "ab" and self.final.is_file():
            shutil.copyfile(self.final, self.temp)
        return self.temp.open("ab")

    def store(self, file: IO[bytes]) -> None:
        assert self.temp is not None, "store() before open()"
        file.close()
        if not self._may_publish():
            discard(self.temp)
            logger.warning("Feed %s not published: the run lost Redis, its state cannot record "
                           "what the feed holds (the next run exports it)", self.final)
            return
        publish(self.temp, self.final)
        logger.debug("Published feed %s", self.final)


    def _may_publish(self) -> bool:
        """False when the run lost Redis; raises when it lost its run lock."""
        crawler = self.crawler
        if crawler is None:
            return True
        if unavailable(crawler):
            return False
        holds_lock = getattr(getattr(crawler.spider, "crawl_state", None), "holds_lock", None)
        if holds_lock is None:  # no state, or the SQLite file (locked for the whole run)
            return True
        try:
            held = holds_lock()
        except REDIS_ERRORS as error:
            stop_run(crawler, error, "feed publication")
            return False
        if not held:
            raise RuntimeError(f"the run lock was lost: {self.final} is not published (the "
                               "state could not record it)")
        return True


def stale_temps(directory: Path) -> list[Path]:
    """Temporary feed files in `directory` left by processes that are gone."""
    found = []
    for path in directory.iterdir():
        match = TEMP_NAME.match(path.name)
        if match is None or path.resolve() in OWN_TEMPS or not path.is_file():
            continue
        pid = int(match["pid"])
        # our own pid on a file we did not create: a dead process had our pid (containers)
        if pid == os.getpid() or not _pid_alive(pid):
            found.append(path)
    return found


def sweep_stale_temps(directory: Path, stats: StatsCollector | None, *, keep: bool) -> int:
    """Remove (or keep) and report each stale temporary feed file; return how many were found."""
    stale = stale_temps(directory)
    for path in stale:
        size = _size(path)
        if keep:
            logger.warning("Interrupted run left a partial feed file (kept): %s (%d bytes)",
                           path, size)
        else:
            path.unlink(missing_ok=True)
            logger.warning("Removed a partial feed file left by an interrupted run: %s "
                           "(%d bytes)", path, size)
        if stats is not None:
            stats.inc_value(f"newscrawl/feed/stale_temp_{'kept' if keep else 'removed'}")
    return len(stale)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, another user's
        return True
    return True


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # another run swept it first
        return 0
