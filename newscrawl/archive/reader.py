"""A WACZ read back: its CDXJ index, a record by URL, every response in the archive.

Records are read straight from the stored WARC inside the ZIP: a CDXJ entry's offset and
length give one gzip member, parsed by warcio. `payload` is the body as received (still
content-encoded if it was); `content()` decodes it as a browser would.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader
from warcio.recordloader import ArcWarcRecord
from warcio.timeutils import iso_date_to_datetime

from newscrawl.archive.wacz import INDEX_PATH, PAGES_PATH

LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")  # a ZIP member's local file header


@dataclass(frozen=True)
class ArchivedResponse:
    """One response record: URL, status, headers (in order), payload as received, when."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    payload: bytes
    fetched_at: datetime
    encoding: str | None  # the Content-Encoding of the payload, if any

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def content(self) -> bytes:
        """The payload with its Content-Encoding undone."""
        if not self.encoding or self.encoding == "identity":
            return self.payload
        return BufferedReader(io.BytesIO(self.payload), decomp_type=self.encoding).read()


@dataclass(frozen=True)
class IndexEntry:
    """One CDXJ line: SURT key, 14-digit timestamp and its JSON fields."""

    urlkey: str
    timestamp: str
    fields: dict

    @property
    def url(self) -> str:
        return self.fields["url"]


class WaczArchive:
    """An open WACZ file (read-only)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.zip = zipfile.ZipFile(self.path)
            self.package = json.loads(self.zip.read("datapackage.json"))
        except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
            raise ValueError(f"{self.path} is not a WACZ file ({error})") from None
        if not self.package.get("mainPageURL"):
            raise ValueError(f"{self.path}: datapackage.json has no mainPageURL")

    def close(self) -> None:
        self.zip.close()

    @property
    def root(self) -> str:
        """The crawled site's root (the archive's main page without its trailing slash)."""
        return self.package["mainPageURL"].rstrip("/")

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.package["created"].replace("Z", "+00:00"))

    @cached_property
    def index(self) -> list[IndexEntry]:
        """The CDXJ entries, in index order (by SURT key, then time)."""
        entries = []
        for line in self.zip.read(INDEX_PATH).decode("utf-8").splitlines():
            if line.strip():
                urlkey, timestamp, data = line.split(" ", 2)
                entries.append(IndexEntry(urlkey, timestamp, json.loads(data)))
        return entries

    @cached_property
    def _latest(self) -> dict[str, IndexEntry]:
        latest: dict[str, IndexEntry] = {}
        for entry in self.index:
            if "url" in entry.fields and entry.timestamp >= getattr(
                    latest.get(entry.url), "timestamp", ""):
                latest[entry.url] = entry
        return latest

    def pages(self) -> list[dict]:
        """pages/pages.jsonl without its header line."""
        lines = self.zip.read(PAGES_PATH).decode("utf-8").splitlines()
        return [json.loads(line) for line in lines[1:] if line.strip()]

    def lookup(self, url: str) -> ArchivedResponse | None:
        """The last response archived for exactly `url`, or None."""
        entry = self._latest.get(url)
        return self.read(entry) if entry is not None else None

    def read(self, entry: IndexEntry) -> ArchivedResponse:
        """The record an index entry points to (offset and length in its WARC)."""
        with self._member(entry.fields["filename"]) as stream:
            stream.seek(int(entry.fields["offset"]), io.SEEK_CUR)
            data = stream.read(int(entry.fields["length"]))
        record = next(iter(ArchiveIterator(io.BytesIO(data))))
        return _response(record)

    def responses(self) -> Iterator[ArchivedResponse]:
        """Every response record of every WARC in the archive, in file order."""
        for name in self.zip.namelist():
            if name.startswith("archive/") and name.endswith((".warc", ".warc.gz")):
                with self.zip.open(name) as stream:
                    for record in ArchiveIterator(stream):
                        if record.rec_type == "response":
                            yield _response(record)

    def _member(self, filename: str) -> IO[bytes]:
        """The raw file positioned at the start of `archive/<filename>`'s data (stored)."""
        info = self.zip.getinfo(f"archive/{filename}")
        if info.compress_type != zipfile.ZIP_STORED:
            raise ValueError(f"{self.path}: archive/{filename} is compressed in the ZIP")
        raw = self.path.open("rb")
        raw.seek(info.header_offset)
        header = LOCAL_HEADER.unpack(raw.read(LOCAL_HEADER.size))
        raw.seek(header[9] + header[10], io.SEEK_CUR)  # file name and extra field
        return raw


def _response(record: ArcWarcRecord) -> ArchivedResponse:
    http = record.http_headers
    payload = record.raw_stream.read()
    return ArchivedResponse(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        status=int(http.get_statuscode()),
        headers=list(http.headers),
        payload=payload,
        fetched_at=iso_date_to_datetime(record.rec_headers.get_header("WARC-Date")).replace(
            tzinfo=UTC),
        encoding=(http.get_header("Content-Encoding") or "").strip().lower() or None,
    )
