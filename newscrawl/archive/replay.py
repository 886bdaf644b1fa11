"""A WACZ as a site snapshot (`-a snapshot=run.wacz`): each URL answered as it was archived.

The same interface as `newscrawl.snapshot.Snapshot` (root, capture instant, `resolve`), so
the offline downloader middleware replays an archive like the bundled snapshot directory.
A URL the archive does not hold is a 404, as on the snapshot.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

from newscrawl.archive.reader import WaczArchive
from newscrawl.snapshot import Reply


class WaczSnapshot:
    """Replays the last response archived for each URL, payload and headers as received."""

    def __init__(self, path: str | Path) -> None:
        self.archive = WaczArchive(path)
        self.dir = self.archive.path.resolve()
        self.root: str = self.archive.root
        self.captured: datetime = self.archive.created

    def resolve(self, path: str, query: str = "") -> Reply:
        url = f"{self.root}{path}" + (f"?{query}" if query else "")
        found = self.archive.lookup(url)
        if found is None:
            return Reply(404, {"Date": format_datetime(self.captured, usegmt=True),
                               "Content-Type": "text/plain; charset=UTF-8"}, b"Not archived")
        return Reply(found.status, dict(found.headers), found.payload)
