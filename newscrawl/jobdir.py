"""JOBDIR for resumable runs: never reuse a queue a killed run left behind; a job's own state.

Scrapy saves its disk queue (`JOBDIR/requests.queue/`) only when a run stops cleanly. After a
SIGKILL (or a forced second Ctrl-C) the queue files are half written: queuelib then fails to
read them ("unpack requires a buffer of 4 bytes") and the requests they should hold are lost.
A marker file tells a run that its predecessor did not close; the damaged queue is discarded
and the spider's rediscovery (discovery requests are never filtered; articles are checked
against the crawl state) fetches whatever was not exported.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

logger = logging.getLogger(__name__)
MARKER = "newscrawl.running"
QUEUE = "requests.queue"


def open_jobdir(jobdir: str | os.PathLike[str] | None) -> bool:
    """Mark a run as started in `jobdir`; True if a killed run's queue had to be discarded."""
    if not jobdir:
        return False
    path = Path(jobdir)
    path.mkdir(parents=True, exist_ok=True)
    marker, queue = path / MARKER, path / QUEUE
    discarded = marker.exists() and queue.exists()
    if discarded:
        shutil.rmtree(queue)
    marker.write_text(f"{os.getpid()}\n", "utf-8")
    return discarded


def close_jobdir(jobdir: str | os.PathLike[str] | None) -> None:
    """The run stopped cleanly (its queue is saved): remove the marker."""
    if jobdir:
        (Path(jobdir) / MARKER).unlink(missing_ok=True)


class Resettable(Protocol):
    reset: bool


def reset_once(store: Resettable, job: dict[str, Any] | None) -> None:
    """`reset_state`: forget the state, once per job (`job`: the spider's JOBDIR `state`
    dict, None without JOBDIR): a resumed job keeps what its first part exported."""
    if job is not None and job.get("reset_applied"):
        logger.info("reset_state was applied when this job started: not again")
        return
    store.reset = True
    if job is not None:
        job["reset_applied"] = True


def resumed_articles(job: dict[str, Any] | None, queue_discarded: bool,
                     count: Callable[..., None]) -> list[str]:
    """The articles a stopped job had queued (its resumed queue should hold them), counted;
    a discarded queue (the previous run was killed) is counted and logged."""
    if queue_discarded:
        count("resume/queue_discarded")
        logger.warning("The previous run of this JOBDIR was killed: its request queue was "
                       "unreadable and is discarded (rediscovery covers it)")
    queued = list(job.get("queued_articles") or ()) if job is not None else []
    if queued:
        count("discovery/resumed_queued", len(queued))
    return queued


def overdue_articles(planner: Any, count: Callable[..., None]) -> list[str]:
    """Articles a resumed run awaited that its queue did not deliver (`planner.overdue()`),
    counted and logged: the spider requests them before it closes."""
    if overdue := planner.overdue():
        count("discovery/requeued", len(overdue))
        logger.warning("%d article(s) queued by the interrupted run were not in the resumed "
                       "queue: requesting them now", len(overdue))
    return overdue


def save_job(job: dict[str, Any] | None, pending: Iterable[str], reason: str) -> None:
    """On close: a stopped job's queue (JOBDIR) holds the `pending` articles, so a resume
    must not request them twice; a finished job lets a later reset_state apply again."""
    if job is None:
        return
    job["queued_articles"] = list(pending) if reason != "finished" else []
    if reason == "finished":
        job.pop("reset_applied", None)
