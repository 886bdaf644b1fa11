"""The bundled site snapshot: how a URL path maps to a file under `samples/site/`.

One mapping, used by the offline downloader middleware (`-a snapshot=PATH`) and by the
tests' loopback HTTP server, so both serve exactly what the real site would. A run's web
archive (`.wacz`) is a snapshot too: `open_snapshot` opens either.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

PAGE_ONE = re.compile(r"^(?P<base>/(?:.*/)?)page/1/?$")
CONTENT_TYPES = {
    ".html": "text/html; charset=UTF-8",
    ".xml": "application/xml; charset=UTF-8",
    ".txt": "text/plain; charset=UTF-8",
    ".json": "application/json; charset=UTF-8",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True)
class Reply:
    """What the site answers for one path: status, headers, body bytes."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class Snapshot:
    """A snapshot directory: `<dir>/.snapshot.json` gives its real root and capture instant."""

    def __init__(self, directory: str | Path) -> None:
        self.dir = Path(directory).resolve()
        info_file = self.dir / ".snapshot.json"
        if not info_file.is_file():
            raise ValueError(f"{self.dir} is not a site snapshot (no .snapshot.json)")
        info = json.loads(info_file.read_text("utf-8"))
        self.root: str = info["root"].rstrip("/")
        self.captured = datetime.fromisoformat(info["captured"])

    @property
    def date_header(self) -> str:
        """The HTTP `Date` the site sent at capture time."""
        return format_datetime(self.captured, usegmt=True)

    def resolve(self, path: str, query: str = "") -> Reply:
        """The reply to `GET path?query`, as WordPress would give it."""
        headers = {"Date": self.date_header}
        if match := PAGE_ONE.match(path):
            return Reply(301, {**headers, "Location": match["base"]})
        found = self._file(path, query)
        if found is not None:
            content_type = CONTENT_TYPES.get(found.suffix, "application/octet-stream")
            return Reply(200, {**headers, "Content-Type": content_type}, found.read_bytes())
        if not path.endswith("/") and self._file(path + "/", query) is not None:
            return Reply(301, {**headers, "Location": path + "/" + (f"?{query}" if query else "")})
        not_found = self.dir / "404.html"
        body = not_found.read_bytes() if not_found.is_file() else b"Not Found"
        return Reply(404, {**headers, "Content-Type": CONTENT_TYPES[".html"]}, body)

    def _file(self, path: str, query: str) -> Path | None:
        target = (self.dir / path.lstrip("/")).resolve()
        if target != self.dir and self.dir not in target.parents:
            return None
        if path.endswith("/"):
            paged = parse_qs(query).get("paged", [""])[0]
            if paged.isdigit() and paged != "1" and (target / "index.xml").is_file():
                page = target / f"paged-{paged}.xml"  # a feed page; past the last one: 404
                return page if page.is_file() else None
            return next((target / n for n in ("index.html", "index.xml")
                         if (target / n).is_file()), None)
        return target if target.is_file() and not target.name.startswith(".") else None


def open_snapshot(path: str | Path) -> Any:
    """A snapshot directory (`Snapshot`) or a run's web archive (`.wacz`, replayed as
    archived); raises ValueError if `path` is neither."""
    if str(path).endswith(".wacz"):
        from newscrawl.archive.replay import WaczSnapshot

        if not Path(path).is_file():
            raise ValueError(f"{path}: no such web archive")
        return WaczSnapshot(path)
    return Snapshot(path)
