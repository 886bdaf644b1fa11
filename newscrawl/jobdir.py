"""JOBDIR hygiene for resumable runs: never reuse a request queue a killed run left behind.

Scrapy saves its disk queue (`JOBDIR/requests.queue/`) only when a run stops cleanly. After a
SIGKILL (or a forced second Ctrl-C) the queue files are half written: queuelib then fails to
read them ("unpack requires a buffer of 4 bytes") and the requests they should hold are lost.
A marker file tells a run that its predecessor did not close; the damaged queue is discarded
and the spider's rediscovery (discovery requests are never filtered; articles are checked
against the crawl state) fetches whatever was not exported.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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
