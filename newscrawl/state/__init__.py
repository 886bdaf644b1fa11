"""The crawl state: what earlier runs exported, so later runs emit only what is new or edited.

`sqlite` holds the interface every backend shares (`ArticleState`, `Batch`, the fingerprint,
`StateLockedError`) and the embedded SQLite backend; `redis_backend` the same state on Redis
for several machines; `backend.open_state` opens the configured one, locked for the run.
State imports nothing of extraction: it stores what the pipelines hand it.
"""

from newscrawl.state.backend import open_state
from newscrawl.state.redis_backend import RedisCrawlState
from newscrawl.state.sqlite import (
    FULL_COVERAGE,
    SCHEMA_VERSION,
    ArticleState,
    Batch,
    CrawlState,
    StateLockedError,
    Tombstone,
    as_instant,
    fingerprint,
    utc_now,
)

__all__ = [
    "FULL_COVERAGE", "SCHEMA_VERSION", "ArticleState", "Batch", "CrawlState",
    "RedisCrawlState", "StateLockedError", "Tombstone", "as_instant", "fingerprint",
    "open_state", "utc_now",
]
