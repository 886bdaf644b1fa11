"""Opens the crawl state of a run on the configured backend (`NEWSCRAWL_STATE_BACKEND`).

`sqlite` (the default): the embedded file at `NEWSCRAWL_STATE_PATH`, for one machine.
`redis`: the same state at `NEWSCRAWL_REDIS_URL`, shared by every machine that schedules the
crawl. In a distributed crawl (`NEWSCRAWL_DISTRIBUTED`) the workers of one job share the run
lock; anything else holding it (another job, a single run) is refused as with SQLite.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings

from newscrawl.redis_client import retry_seconds
from newscrawl.state.redis_backend import RedisCrawlState
from newscrawl.state.sqlite import CrawlState

BACKENDS = ("sqlite", "redis")
STATE_PIPELINE = "newscrawl.pipelines.state.CrawlStatePipeline"


def backend(settings: BaseSettings) -> str:
    name = (settings.get("NEWSCRAWL_STATE_BACKEND") or "sqlite").strip().lower()
    if name not in BACKENDS:
        raise ValueError(f"NEWSCRAWL_STATE_BACKEND must be one of {', '.join(BACKENDS)}; "
                         f"got {name!r}")
    return name


def open_state(settings: BaseSettings, path: str, target: str) -> CrawlState | RedisCrawlState:
    """The state of `target` (SQLite: the file `path`), locked for this run."""
    if backend(settings) == "sqlite":
        return CrawlState(path)
    shared = settings.getbool("NEWSCRAWL_DISTRIBUTED")
    job = settings.get("NEWSCRAWL_JOB_KEY") if shared else None
    return RedisCrawlState(
        settings.get("NEWSCRAWL_REDIS_URL"), target,
        prefix=settings.get("NEWSCRAWL_REDIS_PREFIX"),
        lock_ttl=settings.getfloat("NEWSCRAWL_STATE_LOCK_TTL"),
        owner=job, holder=settings.get("NEWSCRAWL_WORKER_ID") if shared else None,
        reset_once_key=f"{job}:reset" if job else None,
        retry_seconds=retry_seconds(settings),
    )


def open_run_state(settings: BaseSettings, target: str) -> CrawlState | RedisCrawlState | None:
    """The run's state, locked (one run, or one distributed job, per state); None when
    NEWSCRAWL_STATE_PATH is empty. `%(target)s` in the path is the state's name."""
    path = state_path(settings.get("NEWSCRAWL_STATE_PATH"), target)
    if path is None:
        return None
    if STATE_PIPELINE not in settings.getdict("ITEM_PIPELINES"):
        raise ValueError(f"NEWSCRAWL_STATE_PATH is set but {STATE_PIPELINE} is not in "
                         "ITEM_PIPELINES: the state would never be committed")
    return open_state(settings, path, target)


def state_path(template: str | None, target: str) -> str | None:
    """The state file of `target` (`%(target)s` in the template); None without a template."""
    return template % {"target": target} if template else None


def state_target(root: str, snapshot: str | None) -> str:
    """The state's name: the site's host (and port), or `snapshot-<directory name>` offline,
    so the real site, mirrors and snapshots never share a state."""
    if snapshot:
        return f"snapshot-{Path(snapshot).resolve().name}"
    return urlsplit(root).netloc.replace(":", "_")
